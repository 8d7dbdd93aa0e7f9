/**
 * Blue/green (CodeDeploy) and scheduled tasks through the bundled action (dist/index.js): the
 * image is pushed to an ECR stand-in, then deployed on moto (ECS, CodeDeploy, EventBridge) with the
 * CodeDeploy stand-in of helpers/codedeploy.ts for what moto lacks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeDeployClient, CreateApplicationCommand, CreateDeploymentGroupCommand } from '@aws-sdk/client-codedeploy';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  CreateTaskSetCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServicePrimaryTaskSetCommand,
} from '@aws-sdk/client-ecs';
import {
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from './helpers/action.js';
import { startCodeDeploy, type CodeDeployStandIn } from './helpers/codedeploy.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { startMoto, type Moto } from './helpers/moto.js';
import { rawManifest, skopeo, standIns, startRegistry, type Registry } from './helpers/services.js';

const ECR_HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const ECR_LOGIN = 'AWS:123456789012-auth-token';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/site-blue/0123456789abcdef';

let moto: Moto;
let standIn: CodeDeployStandIn;
let ecrData: Registry;
let source: Registry;
let work: string;
let layout: Layout;
let ecs: ECSClient;
let codedeploy: CodeDeployClient;
let events: EventBridgeClient;
const savedEnv = { ...process.env };

const act = (inputs: Record<string, string>) =>
  runAction(
    {
      image: `${source.addr}/app:3.0.0`,
      ...standIns({ [ECR_HOST]: ecrData.addr }),
      runtime: 'ecs',
      'create-repository': 'true',
      ...inputs,
    },
    { env: { ...moto.env(), AWS_ENDPOINT_URL_CODEDEPLOY: standIn.endpoint } },
  );

async function blueGreenService(name: string): Promise<string> {
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: name,
      containerDefinitions: [
        { name: 'web', image: 'old/site:1', memory: 128, essential: true, portMappings: [{ containerPort: 80 }] },
      ],
    }),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  const loadBalancers = [{ targetGroupArn: TARGET_GROUP, containerName: 'web', containerPort: 80 }];
  await ecs.send(
    new CreateServiceCommand({
      cluster: 'edge',
      serviceName: name,
      taskDefinition: arn,
      desiredCount: 1,
      deploymentController: { type: 'CODE_DEPLOY' },
      loadBalancers,
    }),
  );
  const set = await ecs.send(
    new CreateTaskSetCommand({
      cluster: 'edge',
      service: name,
      taskDefinition: arn,
      externalId: 'initial',
      loadBalancers,
    }),
  );
  await ecs.send(
    new UpdateServicePrimaryTaskSetCommand({ cluster: 'edge', service: name, primaryTaskSet: set.taskSet!.taskSetArn }),
  );
  await codedeploy.send(
    new CreateApplicationCommand({ applicationName: `AppECS-edge-${name}`, computePlatform: 'ECS' }),
  );
  await codedeploy.send(
    new CreateDeploymentGroupCommand({
      applicationName: `AppECS-edge-${name}`,
      deploymentGroupName: `DgpECS-edge-${name}`,
      serviceRoleArn: 'arn:aws:iam::123456789012:role/codedeploy',
      ecsServices: [{ clusterName: 'edge', serviceName: name }],
      deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
    }),
  );
  return arn;
}

async function primaryTaskDefinition(service: string): Promise<string | undefined> {
  const described = await ecs.send(new DescribeServicesCommand({ cluster: 'edge', services: [service] }));
  return described.services?.[0]?.taskSets?.find((s) => s.status === 'PRIMARY')?.taskDefinition;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-bg-e2e-'));
  [moto, ecrData, source] = await Promise.all([startMoto(), startRegistry({ htpasswd: ECR_LOGIN }), startRegistry()]);
  standIn = await startCodeDeploy(moto.endpoint, moto.direct);
  Object.assign(process.env, moto.env(), { AWS_ENDPOINT_URL_CODEDEPLOY: standIn.endpoint });
  ecs = new ECSClient({ region: 'us-east-1' });
  codedeploy = new CodeDeployClient({ region: 'us-east-1' });
  events = new EventBridgeClient({ region: 'us-east-1' });
  await ecs.send(new CreateClusterCommand({ clusterName: 'edge' }));
  layout = await singlePlatformLayout(join(work, 'layout'), '3.0.0', [20_000]);
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:3.0.0`, `docker://${source.addr}/app:3.0.0`);
});

afterAll(async () => {
  process.env = savedEnv;
  ecs?.destroy();
  codedeploy?.destroy();
  events?.destroy();
  await standIn?.stop();
  await Promise.all([moto?.stop(), ecrData?.stop(), source?.stop()]);
  await rm(work, { recursive: true, force: true });
});

describe('through the bundled action', () => {
  it('pushes, then deploys a CODE_DEPLOY service blue/green, green once the new task set serves', async () => {
    await blueGreenService('site');
    standIn.next = { outcome: 'succeed', polls: 2 };
    const run = await act({
      destination: `${ECR_HOST}/team/site`,
      'ecs-cluster': 'edge',
      'ecs-service': 'site',
      'wait-timeout': '30',
    });
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    const arn = run.outputs['ecs-task-definition-arn']!;
    const id = run.outputs['ecs-deployment-id']!;
    expect(standIn.deployments.get(id)?.status).toBe('Succeeded');
    expect(await primaryTaskDefinition('site')).toBe(arn);
    const registered = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    expect(registered.taskDefinition!.containerDefinitions![0]!.image).toBe(
      `${ECR_HOST}/team/site@${layout.root.digest}`,
    );
    expect(run.stdout).toContain(
      `created CodeDeploy deployment ${id} of site:2 (application AppECS-edge-site, group DgpECS-edge-site)`,
    );
    expect(run.summary).toContain(`service site → site:2 through CodeDeploy ${id}`);
    expect(run.outputs.deployed).toBe('true');
  });

  it('fails red when the deployment fails, saying the original task set still serves', async () => {
    const original = await blueGreenService('shop');
    standIn.next = {
      outcome: 'fail',
      error: { code: 'HEALTH_CONSTRAINTS', message: 'Too many tasks failed health checks.' },
    };
    const run = await act({
      destination: `${ECR_HOST}/team/site`,
      'ecs-cluster': 'edge',
      'ecs-service': 'shop',
      'wait-timeout': '30',
    });
    expect(run.code).not.toBe(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]!.title).toBe('AWS');
    expect(run.errors[0]!.message).toContain('failed: HEALTH_CONSTRAINTS: Too many tasks failed health checks.');
    expect(run.errors[0]!.message).toContain(
      `The original task set (${original.split('/').pop()}) still serves the service's traffic`,
    );
    expect(await primaryTaskDefinition('shop')).toBe(original);
    expect(run.outputs.deployed).toBe('false');
  });

  it('fails before pushing when the CodeDeploy deployment group is missing', async () => {
    await blueGreenService('lone');
    const run = await act({
      destination: `${ECR_HOST}/team/lone`,
      'ecs-cluster': 'edge',
      'ecs-service': 'lone',
      'codedeploy-deployment-group': 'nope',
    });
    expect(run.code).not.toBe(0);
    expect(run.errorText).toContain(
      'the CodeDeploy deployment group "nope" does not exist in application AppECS-edge-lone (region us-east-1; codedeploy-deployment-group). Nothing was pushed or registered',
    );
    expect(await ecrData.accessLog()).not.toContain('/v2/team/lone/');
  });

  it('moves a scheduled task (EventBridge rule) to the new revision', async () => {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'sweep',
        containerDefinitions: [{ name: 'sweep', image: 'old/sweep:1', memory: 128, essential: true }],
      }),
    );
    await events.send(new PutRuleCommand({ Name: 'hourly-sweep', ScheduleExpression: 'rate(1 hour)' }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'hourly-sweep',
        Targets: [
          {
            Id: 'sweep',
            Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/edge',
            RoleArn: 'arn:aws:iam::123456789012:role/events',
            EcsParameters: { TaskDefinitionArn: registered.taskDefinition!.taskDefinitionArn!, TaskCount: 1 },
          },
        ],
      }),
    );
    const run = await act({
      destination: `${ECR_HOST}/team/sweep`,
      'ecs-cluster': 'edge',
      'ecs-scheduled-task': 'rule/hourly-sweep',
    });
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: 'hourly-sweep' }))).Targets!;
    expect(targets[0]!.EcsParameters!.TaskDefinitionArn).toBe(run.outputs['ecs-task-definition-arn']);
    expect(run.outputs['ecs-task-definition-arn']).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/sweep:2');
    expect(await rawManifest(`${ecrData.addr}/team/sweep@${layout.root.digest}`, ECR_LOGIN)).toBe(
      layout.root.bytes.toString(),
    );
    expect(run.summary).toContain('EventBridge rule hourly-sweep → sweep:2');
  });
});
