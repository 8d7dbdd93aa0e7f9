/**
 * ECS blue/green through CodeDeploy, on moto (ECS, CodeDeploy applications, groups and
 * deployments) with the stand-in of helpers/codedeploy.ts for what moto lacks (a deployment's
 * progress and its effect on the service's task sets, errorInformation, rollback, lifecycle
 * events, StopDeployment). The runtime is driven in process, as the action drives it.
 */
import {
  CreateDeploymentCommand,
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentGroupCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  CreateTaskSetCommand,
  DescribeServicesCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServicePrimaryTaskSetCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodeDeploy, type CodeDeployStandIn } from './helpers/codedeploy.js';
import { startMoto, type Moto } from './helpers/moto.js';
import { ecsRuntime } from '../src/runtimes/ecs/runtime.js';
import type { EcsInputs } from '../src/runtimes/ecs/inputs.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { detectRegistry } from '../src/registries/index.js';
import { parseRepository } from '../src/oci/reference.js';
import { ecsSettings } from './helpers/ecs.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'b'.repeat(64)}`;
const IMAGE = `${ECR}/shop@${DIGEST}`;
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-blue/0123456789abcdef';

let moto: Moto;
let standIn: CodeDeployStandIn;
let ecs: ECSClient;
let codedeploy: CodeDeployClient;
const savedEnv = { ...process.env };

const target = (planning = false): DeployTarget => ({
  image: IMAGE,
  registry: ECR,
  family: detectRegistry(parseRepository(`${ECR}/shop`)),
  planning,
  pullCredentials: async () => undefined,
  platforms: async () => ['linux/amd64'],
});

function inputs(service: string, more: Partial<EcsInputs> = {}): EcsInputs {
  return {
    region: 'us-east-1',
    cluster: 'bg',
    mode: { kind: 'service', service, desiredCount: undefined, forceNewDeployment: false, deregisterPrevious: false },
    taskDefinition: undefined,
    settings: ecsSettings(['web']),
    environment: {},
    waitForStability: true,
    waitTimeoutSeconds: 20,
    codeDeploy: { application: undefined, deploymentGroup: undefined },
    ...more,
  };
}

/** Prepares and deploys, as the action does: the error, or the result and the log. */
async function deploy(input: EcsInputs) {
  const log: string[] = [];
  const prepared = await ecsRuntime(input).prepare(target(), (line) => log.push(line));
  try {
    return { result: await prepared.deploy((line) => log.push(line)), log, plan: prepared.plan, error: undefined };
  } catch (error) {
    return { result: undefined, log, plan: prepared.plan, error: error as Error };
  }
}

async function revisions(family: string): Promise<string[]> {
  return (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))).taskDefinitionArns ?? [];
}

async function primaryTaskDefinition(service: string): Promise<string | undefined> {
  const described = await ecs.send(new DescribeServicesCommand({ cluster: 'bg', services: [service] }));
  return described.services?.[0]?.taskSets?.find((s) => s.status === 'PRIMARY')?.taskDefinition;
}

/** A CODE_DEPLOY service as the console makes it: one PRIMARY task set, and its CodeDeploy application and group. */
async function blueGreenService(name: string, options: { group?: boolean; family?: string; port?: number } = {}) {
  const family = options.family ?? name;
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      containerDefinitions: [
        {
          name: 'web',
          image: 'old/shop:1',
          memory: 128,
          essential: true,
          portMappings: [{ containerPort: options.port ?? 8080 }],
        },
      ],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'bg',
      serviceName: name,
      taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      desiredCount: 1,
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: 'web', containerPort: 8080 }],
    }),
  );
  const set = await ecs.send(
    new CreateTaskSetCommand({
      cluster: 'bg',
      service: name,
      taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      externalId: 'initial',
      loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: 'web', containerPort: 8080 }],
    }),
  );
  await ecs.send(
    new UpdateServicePrimaryTaskSetCommand({ cluster: 'bg', service: name, primaryTaskSet: set.taskSet!.taskSetArn }),
  );
  await codedeploy.send(new CreateApplicationCommand({ applicationName: `AppECS-bg-${name}`, computePlatform: 'ECS' }));
  if (options.group !== false)
    await codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: `AppECS-bg-${name}`,
        deploymentGroupName: `DgpECS-bg-${name}`,
        serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
        deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        ecsServices: [{ clusterName: 'bg', serviceName: name }],
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        blueGreenDeploymentConfiguration: {
          terminateBlueInstancesOnDeploymentSuccess: { action: 'TERMINATE', terminationWaitTimeInMinutes: 5 },
          deploymentReadyOption: { actionOnTimeout: 'CONTINUE_DEPLOYMENT', waitTimeInMinutes: 0 },
        },
        autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
      }),
    );
  return registered.taskDefinition!.taskDefinitionArn!;
}

beforeAll(async () => {
  moto = await startMoto();
  standIn = await startCodeDeploy(moto.endpoint, moto.direct);
  Object.assign(process.env, moto.env(), { AWS_ENDPOINT_URL_CODEDEPLOY: standIn.endpoint, AWS_MAX_ATTEMPTS: '1' });
  ecs = new ECSClient({ region: 'us-east-1' });
  codedeploy = new CodeDeployClient({ region: 'us-east-1' });
  await ecs.send(new CreateClusterCommand({ clusterName: 'bg' }));
});

afterAll(async () => {
  process.env = savedEnv;
  ecs?.destroy();
  codedeploy?.destroy();
  await standIn?.stop();
  await moto?.stop();
});

describe('ECS blue/green through CodeDeploy', () => {
  it('deploys through CodeDeploy with an AppSpec naming the new revision and the load balancer container and port', async () => {
    const before = await blueGreenService('shop');
    standIn.next = { outcome: 'succeed', polls: 2 };
    const { result, log, plan, error } = await deploy(inputs('shop'));
    expect(error).toBeUndefined();
    expect(plan).toContain(
      'service shop is deployed by CodeDeploy (blue/green): application AppECS-bg-shop, deployment group DgpECS-bg-shop, CodeDeployDefault.ECSAllAtOnce',
    );
    const arn = result!.outputs['ecs-task-definition-arn']!;
    expect(arn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/shop:2');
    const deploymentId = result!.outputs['ecs-deployment-id']!;
    expect(standIn.deployments.get(deploymentId)?.status).toBe('Succeeded');
    expect(JSON.parse(standIn.appSpecs.at(-1)!)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: { TaskDefinition: arn, LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 } },
          },
        },
      ],
    });
    expect(standIn.appSpecs.at(-1)).toMatch(/^\{"version":0\.0,/);
    expect(log).toContain(
      `created CodeDeploy deployment ${deploymentId} of shop:2 (application AppECS-bg-shop, group DgpECS-bg-shop)`,
    );
    expect(log).toContain(`CodeDeploy deployment ${deploymentId}: Succeeded`);
    expect(result!.detail).toBe(`service shop → shop:2 through CodeDeploy ${deploymentId}`);
    // The service serves the new revision; the original task set is gone.
    expect(await primaryTaskDefinition('shop')).toBe(arn);
    expect(before).not.toBe(arn);
    // UpdateService was never called: a CODE_DEPLOY service cannot take a new task definition that way.
    expect(moto.calls).not.toContain('UpdateService');
  });

  it('fails with the error information, says the original task set still serves, and shows the failed hook', async () => {
    const original = await blueGreenService('cart');
    standIn.next = {
      outcome: 'fail',
      error: { code: 'HEALTH_CONSTRAINTS', message: 'The deployment failed because a lifecycle hook failed.' },
      hook: {
        event: 'AfterAllowTestTraffic',
        message: 'The validation hook returned Failed',
        logTail: 'GET /health -> 503\nGET /health -> 503',
      },
    };
    const { error } = await deploy(inputs('cart'));
    expect(error?.name).toBe('AwsError');
    const message = error!.message;
    expect(message).toMatch(
      /^the CodeDeploy deployment \S+ of cart:2 to service cart failed: HEALTH_CONSTRAINTS: The deployment failed because a lifecycle hook failed\.$/m,
    );
    expect(message).toMatch(/^CodeDeploy rolled back \(deployment d-ROLLBACK\w+\): Deployment \S+ failed/m);
    expect(message).toContain(
      `The original task set (${original.split('/').pop()}) still serves the service's traffic; the replacement task set is gone.`,
    );
    expect(message).toContain(
      'lifecycle event AfterAllowTestTraffic failed (ScriptFailed) in arn:aws:lambda:us-east-1:123456789012:function:validate: The validation hook returned Failed\n    GET /health -> 503\n    GET /health -> 503',
    );
    expect(message).toContain('Stopped tasks of the new revision: none');
    expect(message).toMatch(
      /The deployment in the console: https:\/\/us-east-1\.console\.aws\.amazon\.com\/codesuite\/codedeploy\/deployments\/\S+\?region=us-east-1/,
    );
    expect(await primaryTaskDefinition('cart')).toBe(original);
  });

  it('says so when CodeDeploy failed after moving traffic and did not roll back', async () => {
    const original = await blueGreenService('wish');
    standIn.next = { outcome: 'fail-after-shift', error: { code: 'ALARM_ACTIVE', message: 'Alarm 5xx is in ALARM.' } };
    const { error } = await deploy(inputs('wish'));
    expect(error!.message).toContain('failed: ALARM_ACTIVE: Alarm 5xx is in ALARM.');
    expect(error!.message).toContain(
      `The service's primary task set runs the new revision wish:2: CodeDeploy did not roll back (turn on automatic rollback when a deployment fails in deployment group DgpECS-bg-wish). To go back, deploy the previous revision ${original.split('/').pop()} again.`,
    );
  });

  it('stops waiting at wait-timeout, says how to stop the deployment, and a second run refuses while it is under way', async () => {
    const original = await blueGreenService('slow');
    standIn.next = { outcome: 'stall' };
    const started = Date.now();
    const { error } = await deploy(inputs('slow', { waitTimeoutSeconds: 3 }));
    expect(Date.now() - started).toBeLessThan(15_000);
    const id = [...standIn.deployments.values()].find((d) => d.service === 'slow')!.id;
    expect(error!.message).toContain(
      `the CodeDeploy deployment ${id} of slow:2 to service slow did not finish within 3 s (wait-timeout): it is InProgress. ` +
        `CodeDeploy goes on with it; to stop it and go back to the original task set: aws deploy stop-deployment --deployment-id ${id} --auto-rollback-enabled`,
    );
    expect(error!.message).toContain(
      `The original task set (${original.split('/').pop()}) still serves the service's traffic while the deployment goes on.`,
    );

    const before = await revisions('slow');
    await expect(ecsRuntime(inputs('slow')).prepare(target(), () => {})).rejects.toThrow(
      `the CodeDeploy deployment group "DgpECS-bg-slow" already has deployment ${id} under way, and CodeDeploy runs one at a time: wait for it, or stop it (aws deploy stop-deployment --deployment-id ${id} --auto-rollback-enabled). Nothing was pushed or registered`,
    );
    expect(await revisions('slow')).toEqual(before);
    // The command it gives works, and goes back to the original task set.
    await codedeploy.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }));
    expect(await primaryTaskDefinition('slow')).toBe(original);
  });

  it('says the service was not changed when another deployment started between the check and the deploy', async () => {
    const original = await blueGreenService('race');
    const prepared = await ecsRuntime(inputs('race')).prepare(target(), () => {});
    standIn.next = { outcome: 'stall' };
    const other = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'AppECS-bg-race',
        deploymentGroupName: 'DgpECS-bg-race',
        revision: {
          revisionType: 'AppSpecContent',
          appSpecContent: {
            content: `{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"${original}","LoadBalancerInfo":{"ContainerName":"web","ContainerPort":8080}}}}]}`,
          },
        },
      }),
    );
    await expect(prepared.deploy(() => {})).rejects.toThrow(
      `another deployment started in CodeDeploy deployment group "DgpECS-bg-race" while this step ran, and CodeDeploy runs one at a time: ` +
        `The Deployment Group 'DgpECS-bg-race' already has an active Deployment '${other.deploymentId}'. ` +
        "This step's revision was registered but not deployed; service race was not changed. Run the step again once that deployment is done",
    );
    await codedeploy.send(new StopDeploymentCommand({ deploymentId: other.deploymentId, autoRollbackEnabled: true }));
    expect(await primaryTaskDefinition('race')).toBe(original);
  });

  it('ends green when the replacement task set is up and CodeDeploy waits to be continued', async () => {
    await blueGreenService('gate');
    standIn.next = { outcome: 'ready' };
    const { result, log, error } = await deploy(inputs('gate'));
    expect(error).toBeUndefined();
    const id = result!.outputs['ecs-deployment-id']!;
    expect(result!.detail).toBe(`service gate: gate:2 ready, traffic not moved yet (CodeDeploy ${id})`);
    expect(log).toContain(
      `the replacement task set of gate:2 is up; CodeDeploy waits for the deployment to be continued before it moves traffic (aws deploy continue-deployment --deployment-id ${id})`,
    );
  });

  it('ends green once traffic is on the new revision, while CodeDeploy keeps the original task set for its termination wait', async () => {
    await blueGreenService('bake');
    standIn.next = { outcome: 'serving' };
    const { result, log, error } = await deploy(inputs('bake'));
    expect(error).toBeUndefined();
    expect(result!.detail).toMatch(/^service bake → bake:2 through CodeDeploy \S+$/);
    expect(log.join('\n')).toContain(
      'traffic is on bake:2; CodeDeploy keeps the original task set until its termination wait ends',
    );
    expect(await primaryTaskDefinition('bake')).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/bake:2');
  });

  it('takes the application and deployment group from codedeploy-application and codedeploy-deployment-group', async () => {
    await blueGreenService('named', { group: false });
    await codedeploy.send(new CreateApplicationCommand({ applicationName: 'storefront', computePlatform: 'ECS' }));
    await codedeploy.send(
      new CreateDeploymentGroupCommand({
        applicationName: 'storefront',
        deploymentGroupName: 'prod-named',
        serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
        ecsServices: [{ clusterName: 'bg', serviceName: 'named' }],
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      }),
    );
    standIn.next = { outcome: 'succeed' };
    const { result, error } = await deploy(
      inputs('named', { codeDeploy: { application: 'storefront', deploymentGroup: 'prod-named' } }),
    );
    expect(error).toBeUndefined();
    const tracked = standIn.deployments.get(result!.outputs['ecs-deployment-id']!)!;
    expect([tracked.application, tracked.group]).toEqual(['storefront', 'prod-named']);
  });

  it('with wait-for-stability false, creates the deployment and does not wait for it', async () => {
    await blueGreenService('fire');
    standIn.next = { outcome: 'stall' };
    const calls = moto.calls.length;
    const { result, error } = await deploy(inputs('fire', { waitForStability: false }));
    expect(error).toBeUndefined();
    const id = result!.outputs['ecs-deployment-id']!;
    expect(result!.detail).toBe(`service fire → fire:2 through CodeDeploy ${id} (not waited for)`);
    expect(moto.calls.slice(calls)).not.toContain('GetDeployment');
    await codedeploy.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }));
  });

  it('only reads in a plan', async () => {
    await blueGreenService('look');
    const before = await revisions('look');
    const calls = moto.calls.length;
    const prepared = await ecsRuntime(inputs('look')).prepare(target(true), () => {});
    expect(prepared.plan.join('\n')).toContain(
      'would register the new revision and create a CodeDeploy deployment of it (load balancer container web, port 8080), and wait until the replacement task set serves the traffic (at most 20 s)',
    );
    expect(prepared.plan).toContain('CodeDeploy ends the original task set 5 min after traffic moves');
    expect(moto.calls.slice(calls).filter((c) => !/^(Describe|Get|List)/.test(c))).toEqual([]);
    expect(await revisions('look')).toEqual(before);
  });

  describe('fails before anything is registered', () => {
    it.each([
      [
        'the default application is missing',
        async () => {
          await blueGreenService('noapp', { group: false });
          return inputs('noapp', { codeDeploy: { application: 'nope', deploymentGroup: undefined } });
        },
        'the CodeDeploy application "nope" does not exist in region us-east-1 (codedeploy-application): service noapp is deployed by CodeDeploy, so name the application that deploys it. Nothing was pushed or registered',
      ],
      [
        'the deployment group is missing',
        async () => {
          await blueGreenService('nogroup', { group: false });
          return inputs('nogroup');
        },
        'the CodeDeploy deployment group "DgpECS-bg-nogroup" does not exist in application AppECS-bg-nogroup (region us-east-1; codedeploy-deployment-group, default DgpECS-CLUSTER-SERVICE). Nothing was pushed or registered',
      ],
      [
        'the deployment group belongs to another application',
        async () => {
          await blueGreenService('other');
          return inputs('other', { codeDeploy: { application: 'AppECS-bg-other', deploymentGroup: 'DgpECS-bg-shop' } });
        },
        'does not exist in application AppECS-bg-other',
      ],
      [
        "the new revision lacks the load balancer's container port",
        async () => {
          await blueGreenService('port', { port: 9090 });
          return inputs('port');
        },
        'the load balancer of ECS service "port" sends traffic to container "web" port 8080, but that container maps no port 8080 in the new revision of port (its container ports: 9090)',
      ],
    ])('%s', async (_name, setup, message) => {
      const input = await setup();
      const family = input.mode.kind === 'service' ? input.mode.service : '';
      const before = await revisions(family);
      await expect(ecsRuntime(input).prepare(target(), () => {})).rejects.toThrow(message);
      expect(await revisions(family)).toEqual(before);
    });

    it('a deployment group that deploys another service', async () => {
      await blueGreenService('mixed', { group: false });
      await codedeploy.send(
        new CreateDeploymentGroupCommand({
          applicationName: 'AppECS-bg-mixed',
          deploymentGroupName: 'DgpECS-bg-mixed',
          serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
          ecsServices: [{ clusterName: 'bg', serviceName: 'shop' }],
        }),
      );
      await expect(ecsRuntime(inputs('mixed')).prepare(target(), () => {})).rejects.toThrow(
        'the CodeDeploy deployment group "DgpECS-bg-mixed" (application AppECS-bg-mixed) deploys service shop in cluster bg, not service mixed in cluster bg (codedeploy-deployment-group)',
      );
    });

    it('explains a CodeDeploy permission the role lacks', async () => {
      moto.deny.add('GetDeploymentGroup');
      try {
        await expect(ecsRuntime(inputs('shop')).prepare(target(), () => {})).rejects.toThrow(
          /codedeploy:GetDeploymentGroup \(application AppECS-bg-shop, region us-east-1\) was denied: .* Grant the role that permission/,
        );
      } finally {
        moto.deny.clear();
      }
    });
  });

  it('the stand-in refuses a second deployment in a group, as CodeDeploy does', async () => {
    await blueGreenService('twice');
    standIn.next = { outcome: 'stall' };
    const revision = {
      revisionType: 'AppSpecContent' as const,
      appSpecContent: {
        content: `{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/twice:1","LoadBalancerInfo":{"ContainerName":"web","ContainerPort":8080}}}}]}`,
      },
    };
    const first = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: 'AppECS-bg-twice',
        deploymentGroupName: 'DgpECS-bg-twice',
        revision,
      }),
    );
    await expect(
      codedeploy.send(
        new CreateDeploymentCommand({
          applicationName: 'AppECS-bg-twice',
          deploymentGroupName: 'DgpECS-bg-twice',
          revision,
        }),
      ),
    ).rejects.toThrow(`already has an active Deployment '${first.deploymentId}'`);
  });
});
