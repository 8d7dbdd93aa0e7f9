/**
 * AWS end to end on moto_server: ECR credentials and repositories, then ECS service updates and
 * one-off tasks through the bundled action. The ECR data plane (moto has none) is a local
 * distribution registry standing in for the ECR host, with ECR's own credentials required.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecrCredentials, ecrPublicCredentials, ensureEcrRepository } from '../src/registries/ecr-api.js';
import { detectRegistry } from '../src/registries/index.js';
import { parseRepository } from '../src/oci/reference.js';
import { parseAnnotations, runAction, type EventSpec } from './helpers/action.js';
import { startGitHubApi } from './helpers/github-api.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { manualTaskProgression, startMoto, type Moto } from './helpers/moto.js';
import { rawManifest, skopeo, standIns, startRegistry, type Registry } from './helpers/services.js';

const ECR_HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const ECR_FAMILY = detectRegistry(parseRepository(`${ECR_HOST}/x`)) as Extract<
  ReturnType<typeof detectRegistry>,
  { kind: 'ecr' }
>;
// moto's GetAuthorizationToken always answers AWS:123456789012-auth-token.
const ECR_LOGIN = 'AWS:123456789012-auth-token';

let moto: Moto;
let ecrData: Registry;
let source: Registry;
let work: string;
let layout: Layout;
let sourceRef: string;
let ecs: ECSClient;
let savedEnv: NodeJS.ProcessEnv;

/** Runs the bundled action against moto and the local ECR stand-in. */
const act = (inputs: Record<string, string>, event?: EventSpec) =>
  runAction(
    { image: sourceRef, ...standIns({ [ECR_HOST]: ecrData.addr }), ...inputs },
    { env: moto.env(), ...(event && { event }) },
  );

async function revisions(family: string): Promise<string[]> {
  return (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))).taskDefinitionArns ?? [];
}

beforeAll(async () => {
  savedEnv = { ...process.env };
  work = await mkdtemp(join(tmpdir(), 'pd-aws-'));
  [moto, ecrData, source] = await Promise.all([startMoto(), startRegistry({ htpasswd: ECR_LOGIN }), startRegistry()]);
  Object.assign(process.env, moto.env());
  ecs = new ECSClient({ region: 'us-east-1' });
  layout = await singlePlatformLayout(join(work, 'layout'), '2.0.0', [40_000]);
  sourceRef = `${source.addr}/app:2.0.0`;
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:2.0.0`, `docker://${sourceRef}`);
});

afterAll(async () => {
  process.env = savedEnv;
  ecs?.destroy();
  await Promise.all([moto?.stop(), ecrData?.stop(), source?.stop()]);
  await rm(work, { recursive: true, force: true });
});

describe('ECR', () => {
  it('gets registry credentials from GetAuthorizationToken, and masks them', async () => {
    const write = (await import('vitest')).vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await ecrCredentials(ECR_HOST, ECR_FAMILY)).toEqual({
        username: 'AWS',
        password: '123456789012-auth-token',
      });
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain('::add-mask::123456789012-auth-token');
    } finally {
      write.mockRestore();
    }
  });

  it('names account, region and repository when the repository is missing', async () => {
    await expect(
      ensureEcrRepository(
        ECR_FAMILY,
        'missing/app',
        { create: false, imageTagMutability: 'MUTABLE', scanOnPush: false, lifecyclePolicy: undefined },
        () => {},
      ),
    ).rejects.toThrow(
      'the ECR repository "missing/app" does not exist (account 123456789012, region us-east-1): create it, or set create-repository: true',
    );
  });

  it('creates a repository with its settings and lifecycle policy, and only plans it in a dry run', async () => {
    const policy = JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
          action: { type: 'expire' },
        },
      ],
    });
    const options = {
      create: true,
      imageTagMutability: 'IMMUTABLE' as const,
      scanOnPush: true,
      lifecyclePolicy: policy,
    };
    const planned: string[] = [];
    const plannedState = await ensureEcrRepository(ECR_FAMILY, 'created/app', options, (l) => planned.push(l), true);
    expect(plannedState).toMatchObject({ tagMutability: 'immutable', created: false });
    expect(plannedState.immutableTag('any')).toBe(true);
    expect(planned).toEqual([
      'would create the ECR repository "created/app" (account 123456789012, region us-east-1), tags immutable',
    ]);
    const ecr = new ECRClient({ region: 'us-east-1' });
    await expect(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['created/app'] }))).rejects.toThrow(
      /does not exist/,
    );

    expect(await ensureEcrRepository(ECR_FAMILY, 'created/app', options, () => {})).toMatchObject({
      tagMutability: 'immutable',
      created: true,
    });
    const repo = (await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['created/app'] })))
      .repositories![0]!;
    expect(repo.imageTagMutability).toBe('IMMUTABLE');
    expect(repo.imageScanningConfiguration?.scanOnPush).toBe(true);
    expect(
      JSON.parse(
        (await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'created/app' }))).lifecyclePolicyText!,
      ),
    ).toEqual(JSON.parse(policy));
    // A second run finds it, and knows its tags are immutable.
    const found = await ensureEcrRepository(ECR_FAMILY, 'created/app', { ...options, create: false }, () => {});
    expect(found).toMatchObject({ tagMutability: 'immutable', created: false });
    expect(found.immutableTag('latest')).toBe(true);
    ecr.destroy();
  });

  it('says where to get AWS credentials when there are none', async () => {
    const env = { ...process.env };
    try {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(work, 'none');
      process.env.AWS_CONFIG_FILE = join(work, 'none');
      await expect(ecrCredentials(ECR_HOST, ECR_FAMILY)).rejects.toThrow(
        'ecr:GetAuthorizationToken (account 123456789012, region us-east-1) needs AWS credentials and found none: add aws-actions/configure-aws-credentials',
      );
    } finally {
      process.env = env;
    }
  });

  it('pushes to ECR with its token, creating the repository, through the action', async () => {
    const run = await act({ destination: `${ECR_HOST}/team/web`, 'create-repository': 'true', tags: '2.0.0, latest' });
    expect(run.stdout).toContain('created the ECR repository "team/web" (account 123456789012, region us-east-1)');
    expect(run.code).toBe(0);
    expect(run.outputs.image).toBe(`${ECR_HOST}/team/web@${layout.root.digest}`);
    // The stand-in registry only accepts ECR's credentials, so the token was used.
    expect(await rawManifest(`${ecrData.addr}/team/web:2.0.0`, ECR_LOGIN)).toBe(layout.root.bytes.toString());
    expect(
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain('123456789012-auth-token');
  });

  it('fails before pushing when the ECR repository is missing', async () => {
    const run = await act({ destination: `${ECR_HOST}/nowhere/app` });
    expect(run.code).not.toBe(0);
    expect(run.errors).toEqual([
      {
        title: 'AWS',
        message: expect.stringContaining(
          'the ECR repository "nowhere/app" does not exist (account 123456789012, region us-east-1)',
        ),
      },
    ]);
    expect(await ecrData.accessLog()).not.toContain('/v2/nowhere/');
  });
});

describe('ECR tag mutability with exclusion filters', () => {
  let other: Layout;
  const ecr = () => new ECRClient({ region: 'us-east-1' });

  /** A repository with these tag rules whose `tags` already hold another image. */
  async function seed(
    repository: string,
    imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION' | 'MUTABLE_WITH_EXCLUSION',
    filters: string[],
    tags: string[],
  ): Promise<void> {
    const client = ecr();
    await client.send(
      new CreateRepositoryCommand({
        repositoryName: repository,
        imageTagMutability,
        imageTagMutabilityExclusionFilters: filters.map((filter) => ({ filterType: 'WILDCARD', filter })),
      }),
    );
    client.destroy();
    for (const tag of tags) {
      await skopeo(
        'copy',
        '--dest-tls-verify=false',
        '--dest-creds',
        ECR_LOGIN,
        `oci:${other.dir}:1.0.0`,
        `docker://${ecrData.addr}/${repository}:${tag}`,
      );
    }
  }

  /** Blob uploads into a repository so far, from the registry's access log. */
  const uploads = async (repository: string) =>
    (await ecrData.accessLog()).split('\n').filter((l) => l.includes(`"POST /v2/${repository}/blobs/uploads/`)).length;

  beforeAll(async () => {
    other = await singlePlatformLayout(join(work, 'other'), '1.0.0', [30_000]);
  });

  it('IMMUTABLE_WITH_EXCLUSION: moves the excluded tags, and refuses the others before pushing', async () => {
    await seed('excl/immutable', 'IMMUTABLE_WITH_EXCLUSION', ['latest', 'dev-*'], ['1.0', 'latest', 'dev-a']);
    const moved = await act({ destination: `${ECR_HOST}/excl/immutable`, tags: 'latest, dev-a' });
    expect(moved.errorText).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain(
      'ECR repository "excl/immutable" (account 123456789012, region us-east-1) exists; its tags are immutable except latest, dev-*',
    );
    for (const tag of ['latest', 'dev-a'])
      expect(await rawManifest(`${ecrData.addr}/excl/immutable:${tag}`, ECR_LOGIN)).toBe(layout.root.bytes.toString());

    const before = await uploads('excl/immutable');
    const refused = await act({ destination: `${ECR_HOST}/excl/immutable`, tags: '1.0, latest' });
    expect(refused.code).not.toBe(0);
    expect(refused.errorText).toContain(`"1.0" already holds ${other.root.digest}; push under a new tag`);
    expect(await rawManifest(`${ecrData.addr}/excl/immutable:1.0`, ECR_LOGIN)).toBe(other.root.bytes.toString());
    expect(await uploads('excl/immutable')).toBe(before);
  });

  it('MUTABLE_WITH_EXCLUSION: refuses the tags a filter keeps immutable before pushing, and moves the others', async () => {
    await seed('excl/mutable', 'MUTABLE_WITH_EXCLUSION', ['release-*'], ['release-1', 'latest']);
    const before = await uploads('excl/mutable');
    const refused = await act({ destination: `${ECR_HOST}/excl/mutable`, tags: 'latest, release-1' });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain('its tags are mutable except release-*, which are immutable');
    expect(refused.errors).toEqual([
      {
        title: `Registry ${ECR_HOST}`,
        message: expect.stringContaining(`"release-1" already holds ${other.root.digest}; push under a new tag`),
      },
    ]);
    expect(await uploads('excl/mutable')).toBe(before);
    for (const tag of ['latest', 'release-1'])
      expect(await rawManifest(`${ecrData.addr}/excl/mutable:${tag}`, ECR_LOGIN)).toBe(other.root.bytes.toString());

    const moved = await act({ destination: `${ECR_HOST}/excl/mutable`, tags: 'latest, release-2' });
    expect(moved.code).toBe(0);
    for (const tag of ['latest', 'release-2'])
      expect(await rawManifest(`${ecrData.addr}/excl/mutable:${tag}`, ECR_LOGIN)).toBe(layout.root.bytes.toString());
  });
});

describe('ECS', () => {
  const image = () => `${ECR_HOST}/team/web@${layout.root.digest}`;
  /** The service every service test updates: web in cluster prod, its container app. */
  const webService = {
    destination: `${ECR_HOST}/team/web`,
    runtime: 'ecs',
    'ecs-cluster': 'prod',
    'ecs-service': 'web',
    'ecs-container': 'app',
  };

  beforeAll(async () => {
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        containerDefinitions: [
          {
            name: 'app',
            image: 'old/app:1',
            memory: 128,
            essential: true,
            environment: [{ name: 'MODE', value: 'old' }],
          },
          { name: 'proxy', image: 'envoy:1', memory: 64, essential: false },
        ],
        tags: [{ key: 'team', value: 'web' }],
      }),
    );
    await ecs.send(
      new CreateServiceCommand({ cluster: 'prod', serviceName: 'web', taskDefinition: 'web', desiredCount: 1 }),
    );
    for (const type of ['CODE_DEPLOY', 'EXTERNAL'] as const) {
      await ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: type === 'CODE_DEPLOY' ? 'web-bluegreen' : 'web-external',
          taskDefinition: 'web',
          desiredCount: 1,
          deploymentController: { type },
        }),
      );
    }
  });

  it('updates a service to a new revision running the image by digest, waits, and checks the rollout', async () => {
    const run = await act({
      ...webService,
      'ecs-environment': 'MODE=new\nRELEASE=2.0.0',
      'wait-timeout': '30',
    });
    expect(run.stdout).toContain('service web is stable on arn:aws:ecs:us-east-1:123456789012:task-definition/web:2');
    expect(run.code).toBe(0);
    expect(run.outputs['ecs-task-definition-arn']).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:2');
    expect(run.outputs['ecs-deployment-id']).toMatch(/^ecs-svc\//);
    expect(run.outputs.deployed).toBe('true');
    const registered = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web:2', include: ['TAGS'] }),
    );
    const app = registered.taskDefinition!.containerDefinitions!.find((c) => c.name === 'app')!;
    expect(app.image).toBe(image());
    expect(app.environment).toEqual([
      { name: 'MODE', value: 'new' },
      { name: 'RELEASE', value: '2.0.0' },
    ]);
    expect(registered.taskDefinition!.containerDefinitions!.find((c) => c.name === 'proxy')!.image).toBe('envoy:1');
    expect(registered.taskDefinition!.executionRoleArn).toBe('arn:aws:iam::123456789012:role/exec');
    expect(registered.tags).toEqual([{ key: 'team', value: 'web' }]);
    const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0]!;
    expect(service.taskDefinition).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/web:2');
    expect(run.summary).toContain('ecs: service web → web:2, stable');
    expect(moto.calls).toContain('UpdateService');
  });

  it('plans on an open pull request: shows the diff and the calls, and makes none that change anything', async () => {
    const before = await revisions('web');
    moto.calls.length = 0;
    const repo = { full_name: 'octo/app', default_branch: 'main' };
    const run = await act(
      {
        ...webService,
        'ecs-environment': 'MODE=planned',
        'deploy-when': 'merged-pull-request',
      },
      {
        name: 'pull_request',
        payload: {
          action: 'opened',
          repository: repo,
          pull_request: { number: 3, merged: false, base: { ref: 'main', repo }, head: { ref: 'x', repo } },
        },
      },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.deployed).toBe('false');
    expect(run.stdout).toContain(
      'ECS service web (cluster prod, region us-east-1) runs arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
    );
    expect(run.stdout).toContain('would register a new revision of web, changing:');
    expect(run.stdout).toContain('~ container app environment MODE: "new" → "planned"');
    // ecs-environment merges: RELEASE, which it does not name, stays as it is.
    expect(run.stdout).not.toContain('RELEASE');
    expect(run.stdout).toContain('would update service web to the new revision, wait until it is stable');
    expect(await revisions('web')).toEqual(before);
    expect(moto.calls.filter((c) => !/^(Describe|List|Get)/.test(c))).toEqual([]);
  });

  it('fails the step and reports the rollback when the circuit breaker rolls the deployment back', async () => {
    moto.rollbackTo = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';
    try {
      const run = await act({
        ...webService,
        'ecs-environment': 'MODE=rollback',
        'wait-timeout': '3',
      });
      expect(run.code).not.toBe(0);
      expect(run.errorText).toMatch(
        /the deployment of arn:aws:ecs:us-east-1:123456789012:task-definition\/web:3 to service web failed: ECS deployment circuit breaker: tasks failed to start\.; ECS rolled the service back to arn:aws:ecs:us-east-1:123456789012:task-definition\/web:2/,
      );
      expect(run.outputs.deployed).toBe('false');
    } finally {
      moto.rollbackTo = undefined;
    }
  });

  describe('a rollout that does not succeed', () => {
    const api = {
      destination: `${ECR_HOST}/team/web`,
      'create-repository': 'true',
      runtime: 'ecs',
      'ecs-cluster': 'prod',
      'ecs-service': 'api',
    };
    const arn = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/api:${revision}`;
    const events = [
      '(service api) (deployment ecs-svc/1) deployment failed: tasks failed to start.',
      '(service api) has started 1 tasks: (task 0f2d).',
    ];
    let deploymentId: string;

    beforeAll(async () => {
      const ec2 = new EC2Client({ region: 'us-east-1' });
      const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!.SubnetId!;
      const group = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups![0]!.GroupId!;
      ec2.destroy();
      // moto runs Fargate tasks of a definition without requiresCompatibilities or task-level memory.
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'api',
          networkMode: 'awsvpc',
          containerDefinitions: [{ name: 'app', image: 'old/api:1', memory: 128, essential: true }],
        }),
      );
      await ecs.send(
        new CreateServiceCommand({ cluster: 'prod', serviceName: 'api', taskDefinition: 'api', desiredCount: 1 }),
      );
      const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] })))
        .services![0]!;
      // moto keeps a service's deployment id through UpdateService: the stopped tasks ECS would leave
      // behind for the new deployment are real moto tasks, started by that id and stopped.
      deploymentId = service.deployments![0]!.id!;
      const started = await ecs.send(
        new RunTaskCommand({
          cluster: 'prod',
          taskDefinition: 'api',
          launchType: 'FARGATE',
          startedBy: deploymentId,
          networkConfiguration: { awsvpcConfiguration: { subnets: [subnet], securityGroups: [group] } },
        }),
      );
      await ecs.send(
        new StopTaskCommand({
          cluster: 'prod',
          task: started.tasks![0]!.taskArn!,
          reason: 'Essential container in task exited',
        }),
      );
    });

    it('ends the wait as soon as the rollout FAILED, and says why, what ECS does next and how to roll back', async () => {
      moto.troubled = {
        failAfterDescribes: 3,
        reason: 'ECS deployment circuit breaker: tasks failed to start.',
        events,
      };
      moto.exitCodes = { app: 137 };
      moto.containerReasons = { app: 'OutOfMemoryError: Container killed due to memory usage' };
      moto.calls.length = 0;
      try {
        const started = performance.now();
        const run = await act({ ...api, 'wait-timeout': '45' });
        const seconds = (performance.now() - started) / 1000;
        expect(run.code).not.toBe(0);
        expect(run.errors).toHaveLength(1);
        const lines = run.errors[0]!.message.split('\n');
        expect(lines[0]).toBe(
          `the deployment of ${arn(2)} to service api failed: ECS deployment circuit breaker: tasks failed to start. ` +
            `(deployment ${deploymentId} with 0 of 1 tasks running, 2 failed to start)`,
        );
        expect(lines[1]).toBe(
          `ECS stopped launching tasks of ${arn(2)} and does not roll back (the circuit breaker's rollback is off): ` +
            'the service stays on it, with whatever tasks of the previous deployment still run. ' +
            `To go back: aws ecs update-service --cluster prod --service api --task-definition ${arn(1)}`,
        );
        expect(lines.slice(2, 5)).toEqual([
          'Latest service events:',
          expect.stringMatching(
            /^ {2}\d{4}-\d\d-\d\dT\S+Z \(service api\) \(deployment ecs-svc\/1\) deployment failed/,
          ),
          expect.stringMatching(/^ {2}\S+ \(service api\) has started 1 tasks/),
        ]);
        expect(lines.slice(5)).toEqual([
          'Stopped tasks of this deployment:',
          expect.stringMatching(
            /^ {2}task \S+ \(api:1\) stopped: Essential container in task exited; container app exited 137 \(OutOfMemoryError: Container killed due to memory usage\)$/,
          ),
          // Its container does not log with awslogs: where its logs are instead.
          expect.stringMatching(
            /^The task's logs in the console: https:\/\/us-east-1\.console\.aws\.amazon\.com\/ecs\/v2\/clusters\/prod\/tasks\/[\w-]+\/logs\?region=us-east-1$/,
          ),
        ]);
        // It polled while the rollout was in progress, and stopped at FAILED, long before the wait-timeout.
        expect(moto.calls.filter((c) => c === 'DescribeServices')).toHaveLength(3);
        expect(seconds).toBeLessThan(25);
        expect(run.outputs.deployed).toBe('false');
      } finally {
        moto.troubled = undefined;
        moto.exitCodes = {};
        moto.containerReasons = {};
      }
    });

    it('at the wait-timeout, says the rollout goes on without a circuit breaker, why it stalls, and how to roll back', async () => {
      moto.troubled = { failAfterDescribes: undefined, reason: '', events };
      // A role without ecs:ListTasks still gets the rest of the explanation.
      moto.deny.add('ListTasks');
      try {
        const run = await act({ ...api, 'ecs-environment': 'ATTEMPT=2', 'wait-timeout': '4' });
        expect(run.code).not.toBe(0);
        const lines = run.errors[0]!.message.split('\n');
        expect(lines[0]).toBe(
          `service api did not become stable within 4 s (wait-timeout): deployment ${deploymentId} is IN_PROGRESS ` +
            'with 0 of 1 tasks running, 2 failed to start',
        );
        expect(lines[1]).toBe(
          `The service has no deployment circuit breaker: ECS keeps trying to start tasks of ${arn(3)}. ` +
            `To go back: aws ecs update-service --cluster prod --service api --task-definition ${arn(2)}`,
        );
        expect(lines.slice(2)).toEqual([
          'Latest service events:',
          expect.stringMatching(/^ {2}\S+ \(service api\) \(deployment ecs-svc\/1\) deployment failed/),
          expect.stringMatching(/^ {2}\S+ \(service api\) has started 1 tasks/),
          'Stopped tasks: could not be read (ecs:ListTasks (cluster prod, region us-east-1) was denied: ' +
            'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:ListTasks. Grant the role that permission)',
        ]);
      } finally {
        moto.troubled = undefined;
        moto.deny.clear();
      }
    });

    it("stops waiting before the run's timeout (shorter than wait-timeout), saying where the service is and how to go back", async () => {
      moto.troubled = { failAfterDescribes: undefined, reason: '', events };
      try {
        const run = await act({ ...api, 'ecs-environment': 'ATTEMPT=3', timeout: '10s', 'wait-timeout': '600' });
        expect(run.code).not.toBe(0);
        // The runtime's own failure, not the run's timeout: what ECS does next, and the way back.
        expect(run.errors).toHaveLength(1);
        expect(run.errors[0]!.title).not.toMatch(/Timed out/);
        const lines = run.errors[0]!.message.split('\n');
        expect(lines[0]).toMatch(
          /^service api did not become stable within the run's timeout \(10s; wait-timeout is 600 s, cut to \d+ s to leave 1 s before the run ends\): deployment \S+ is IN_PROGRESS/,
        );
        expect(lines[1]).toBe(
          `The service has no deployment circuit breaker: ECS keeps trying to start tasks of ${arn(4)}. ` +
            `To go back: aws ecs update-service --cluster prod --service api --task-definition ${arn(3)}`,
        );
        expect(run.stdout).toMatch(
          /::warning title=wait-timeout and timeout::wait-timeout \(600 s\) is not shorter than timeout \(10s\)/,
        );
        // As moto has it: the service asks for the new revision (ECS goes on with it).
        const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] })))
          .services![0]!;
        expect(service.taskDefinition).toBe(arn(4));
      } finally {
        moto.troubled = undefined;
      }
    });
  });

  it.each([
    [
      'no container named with two containers',
      { 'ecs-cluster': 'prod', 'ecs-service': 'web' },
      'has 2 containers (app, proxy); set ecs-container to the one (or the ones) that run this image',
    ],
    [
      'a container that does not exist',
      { 'ecs-cluster': 'prod', 'ecs-service': 'web', 'ecs-container': 'db' },
      'has no container named "db" (ecs-container); its containers are: app, proxy',
    ],
    [
      'a service deployed by CodeDeploy (blue/green) without a load balancer',
      { 'ecs-cluster': 'prod', 'ecs-service': 'web-bluegreen', 'ecs-container': 'app' },
      'the ECS service "web-bluegreen" is deployed by CodeDeploy (blue/green) but has no load balancer with a container name and port: ' +
        'CodeDeploy shifts traffic between two target groups of a load balancer, so the service needs one. Nothing was pushed or registered',
    ],
    [
      'a service with an external deployment controller',
      { 'ecs-cluster': 'prod', 'ecs-service': 'web-external', 'ecs-container': 'app' },
      'uses the EXTERNAL deployment controller, an external controller that deploys through task sets, which this action does not drive: ' +
        'deploy it with that controller, or switch the service to the ECS (rolling update) controller',
    ],
    [
      'an unknown cluster',
      { 'ecs-cluster': 'nope', 'ecs-service': 'web' },
      'the ECS cluster "nope" does not exist in region us-east-1 (ecs-cluster)',
    ],
    [
      'an unknown service',
      { 'ecs-cluster': 'prod', 'ecs-service': 'ghost' },
      'the ECS service "ghost" does not exist in cluster prod, region us-east-1 (ecs-service)',
    ],
  ])('fails on %s before pushing or registering anything', async (_name, inputs, message) => {
    const before = await revisions('web');
    const run = await act({
      destination: `${ECR_HOST}/team/fresh`,
      'create-repository': 'true',
      tags: 'never',
      runtime: 'ecs',
      ...inputs,
    });
    expect(run.code).not.toBe(0);
    expect(run.errors).toEqual([
      { title: expect.stringMatching(/^(ECS setup|AWS)$/), message: expect.stringContaining(message) },
    ]);
    expect(await revisions('web')).toEqual(before);
    await expect(rawManifest(`${ecrData.addr}/team/fresh:never`, ECR_LOGIN)).rejects.toThrow();
    // Not even the repository it was allowed to create was created.
    const ecr = new ECRClient({ region: 'us-east-1' });
    await expect(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['team/fresh'] }))).rejects.toThrow(
      /does not exist/,
    );
    ecr.destroy();
  });

  it('explains a permission the role lacks, and registers nothing', async () => {
    const before = await revisions('web');
    moto.deny.add('RegisterTaskDefinition');
    try {
      const run = await act({
        ...webService,
        'ecs-environment': 'MODE=denied',
      });
      expect(run.code).not.toBe(0);
      expect(run.errorText).toContain(
        'ecs:RegisterTaskDefinition (cluster prod, region us-east-1) was denied: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:RegisterTaskDefinition. Grant the role that permission',
      );
      expect(await revisions('web')).toEqual(before);
    } finally {
      moto.deny.clear();
    }
  });

  it('updates without waiting when wait-for-stability is false', async () => {
    const run = await act({
      ...webService,
      'ecs-environment': 'MODE=unwatched',
      'wait-for-stability': 'false',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('waiting until service web is stable');
    expect(run.summary).toMatch(/ecs: service web → web:\d+ \(not waited for\)/);
  });

  describe('container settings, several containers, no needless revisions', () => {
    const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::';
    const PARAMETER = 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/api-key';
    const EXEC = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
    const shopArn = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/shop:${revision}`;
    const shop = {
      destination: `${ECR_HOST}/team/web`,
      runtime: 'ecs',
      'ecs-cluster': 'prod',
      'ecs-service': 'shop',
      'ecs-container': 'web, worker',
      'ecs-secrets': `DB_PASSWORD=${SECRET}\nAPI_KEY=${PARAMETER}`,
      'ecs-log-config': 'group=/ecs/shop\nstream-prefix=shop',
      'ecs-task-role': 'arn:aws:iam::123456789012:role/shop-task',
      'ecs-cpu': '512',
      'ecs-memory': '1 GB',
      'wait-timeout': '30',
    };
    const shopService = async () =>
      (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['shop'] }))).services![0]!;
    const status = async (revision: number) =>
      (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `shop:${revision}` }))).taskDefinition!
        .status;

    beforeAll(async () => {
      // A Fargate definition with no execution role yet, two containers of this image and a sidecar.
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'shop',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          containerDefinitions: [
            { name: 'web', image: 'old/shop:1', essential: true, environment: [{ name: 'TOKEN', value: 'plain' }] },
            { name: 'worker', image: 'old/shop:1', essential: true, command: ['worker'] },
            { name: 'envoy', image: 'envoy:1.30', essential: false },
          ],
        }),
      );
      await ecs.send(
        new CreateServiceCommand({ cluster: 'prod', serviceName: 'shop', taskDefinition: 'shop', desiredCount: 1 }),
      );
    });

    it.each([
      [
        'secrets and awslogs on Fargate without an execution role',
        {},
        'Invalid input ecs-execution-role',
        'Input "ecs-execution-role": task definition shop has no execution role, which ECS needs because ' +
          'container web reads the secrets API_KEY, DB_PASSWORD; container web logs to CloudWatch Logs (awslogs) on Fargate; ' +
          'container worker reads the secrets API_KEY, DB_PASSWORD; container worker logs to CloudWatch Logs (awslogs) on Fargate: ' +
          'set ecs-execution-role',
      ],
      [
        'a task size Fargate does not have',
        { 'ecs-execution-role': EXEC, 'ecs-cpu': '256', 'ecs-memory': '4096' },
        'Invalid input ecs-cpu',
        'Input "ecs-cpu": Fargate has no task with 256 CPU units and 4096 MiB of memory: with 256 CPU units, memory is 512 (0.5 GB), 1024 (1 GB), 2048 (2 GB)',
      ],
      [
        'a container the definition does not have',
        { 'ecs-execution-role': EXEC, 'ecs-container': 'web, cron, worker' },
        'ECS setup',
        'shop:1 has no container named "cron" (ecs-container); its containers are: web, worker, envoy',
      ],
    ])('refuses %s before pushing or registering anything', async (_name, inputs, title, message) => {
      const run = await act({ ...shop, ...inputs, tags: 'never' });
      expect(run.code).not.toBe(0);
      expect(run.errors).toEqual([{ title, message: expect.stringContaining(message) }]);
      expect(await revisions('shop')).toEqual([shopArn(1)]);
      await expect(rawManifest(`${ecrData.addr}/team/web:never`, ECR_LOGIN)).rejects.toThrow();
    });

    it('plans the change by container, secret and task setting, with the secrets as ARNs', async () => {
      moto.calls.length = 0;
      const repo = { full_name: 'octo/app', default_branch: 'main' };
      const github = await startGitHubApi();
      let run: Awaited<ReturnType<typeof act>>;
      try {
        run = await runAction(
          {
            image: sourceRef,
            ...standIns({ [ECR_HOST]: ecrData.addr }),
            ...shop,
            'ecs-execution-role': EXEC,
            'ecs-desired-count': '3',
            'ecs-deregister-previous': 'true',
            'deploy-when': 'merged-pull-request',
            'github-token': 'ghs_test',
          },
          {
            env: { ...moto.env(), GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.com' },
            event: {
              name: 'pull_request',
              payload: {
                action: 'opened',
                repository: repo,
                pull_request: { number: 4, merged: false, base: { ref: 'main', repo }, head: { ref: 'y', repo } },
              },
            },
          },
        );
        // The pull request's plan comment holds the same diff: secrets as the ARNs ECS reads them from.
        const comment = github.comments.get(4)?.[0]?.body ?? '';
        expect(comment).toContain(`+ container web secret DB_PASSWORD: "${SECRET}"`);
        expect(comment).toContain(`+ container worker secret API_KEY: "${PARAMETER}"`);
        expect(comment).toContain('~ cpu: "256" → "512"');
      } finally {
        await github.close();
      }
      expect(run.code).toBe(0);
      const plan = run.stdout.slice(run.stdout.indexOf('would register a new revision of shop, changing:'));
      const lines = plan
        .split('\n')
        .slice(1)
        .filter((l) => l.startsWith('    '))
        .map((l) => l.trim());
      expect(lines).toEqual([
        `~ container web image: "old/shop:1" → "${image()}"`,
        '+ container web logConfiguration: {"logDriver":"awslogs","options":{"awslogs-group":"/ecs/shop","awslogs-region":"us-east-1","awslogs-stream-prefix":"shop"}}',
        `+ container web secret API_KEY: "${PARAMETER}"`,
        `+ container web secret DB_PASSWORD: "${SECRET}"`,
        `~ container worker image: "old/shop:1" → "${image()}"`,
        '+ container worker logConfiguration: {"logDriver":"awslogs","options":{"awslogs-group":"/ecs/shop","awslogs-region":"us-east-1","awslogs-stream-prefix":"shop"}}',
        `+ container worker secret API_KEY: "${PARAMETER}"`,
        `+ container worker secret DB_PASSWORD: "${SECRET}"`,
        '~ cpu: "256" → "512"',
        `+ executionRoleArn: "${EXEC}"`,
        '~ memory: "512" → "1024"',
        '+ taskRoleArn: "arn:aws:iam::123456789012:role/shop-task"',
      ]);
      expect(run.stdout).toContain(
        'would update service shop to the new revision (desired count 1 → 3), wait until it is stable (at most 30 s), and check the rollout\n' +
          'would deregister shop:1 once the new revision is stable (ecs-deregister-previous)',
      );
      expect(await revisions('shop')).toEqual([shopArn(1)]);
      expect(moto.calls.filter((c) => !/^(Describe|List|Get)/.test(c))).toEqual([]);
    });

    it('gives both containers the image and the settings, and leaves the sidecar as it was', async () => {
      const run = await act({ ...shop, 'ecs-execution-role': EXEC });
      expect(run.errorText).toBe('');
      expect(run.code).toBe(0);
      expect(run.outputs['ecs-task-definition-arn']).toBe(shopArn(2));
      const registered = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'shop:2' })))
        .taskDefinition!;
      expect(registered).toMatchObject({
        executionRoleArn: EXEC,
        taskRoleArn: 'arn:aws:iam::123456789012:role/shop-task',
        cpu: '512',
        memory: '1024',
      });
      const [web, worker, envoy] = registered.containerDefinitions!;
      const secrets = [
        { name: 'API_KEY', valueFrom: PARAMETER },
        { name: 'DB_PASSWORD', valueFrom: SECRET },
      ];
      const logConfiguration = {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/shop', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'shop' },
      };
      expect(web).toMatchObject({
        image: image(),
        secrets,
        logConfiguration,
        environment: [{ name: 'TOKEN', value: 'plain' }],
      });
      expect(worker).toMatchObject({ image: image(), secrets, logConfiguration, command: ['worker'] });
      expect(envoy!.image).toBe('envoy:1.30');
      expect(envoy).not.toHaveProperty('secrets');
      expect(envoy).not.toHaveProperty('logConfiguration');
      expect((await shopService()).taskDefinition).toBe(shopArn(2));
    });

    it('registers nothing and updates nothing when the service already runs it, and still checks it is stable', async () => {
      moto.calls.length = 0;
      const run = await act({ ...shop, 'ecs-execution-role': EXEC });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        'service shop already runs shop:2 with this image and these settings: no new revision registered',
      );
      expect(run.stdout).toContain(`service shop is stable on ${shopArn(2)}`);
      expect(run.summary).toContain('ecs: service shop already running shop:2, stable');
      expect(run.outputs['ecs-task-definition-arn']).toBe(shopArn(2));
      expect(run.outputs['ecs-deployment-id']).toBe('');
      expect(moto.calls).toContain('DescribeServices');
      expect(moto.calls.filter((c) => /^(Register|Update|Deregister)/.test(c))).toEqual([]);
      expect(await revisions('shop')).toEqual([shopArn(1), shopArn(2)]);
    });

    it('sets the desired count and forces a new deployment without a new revision', async () => {
      const before = await shopService();
      moto.requests.length = 0;
      const run = await act({
        ...shop,
        'ecs-execution-role': EXEC,
        'ecs-desired-count': '2',
        'ecs-force-new-deployment': 'true',
      });
      expect(run.code).toBe(0);
      expect(run.summary).toContain(
        'ecs: service shop already running shop:2, desired count 2, new deployment forced, stable',
      );
      const updates = moto.requests.filter((r) => r.operation === 'UpdateService').map((r) => r.body);
      expect(updates).toEqual([{ cluster: 'prod', service: 'shop', desiredCount: 2, forceNewDeployment: true }]);
      expect(moto.requests.map((r) => r.operation)).not.toContain('RegisterTaskDefinition');
      const after = await shopService();
      expect(after.desiredCount).toBe(2);
      expect(run.outputs['ecs-deployment-id']).toBe(after.deployments![0]!.id);
      expect(run.outputs['ecs-deployment-id']).not.toBe(before.deployments![0]!.id);
      expect(await revisions('shop')).toEqual([shopArn(1), shopArn(2)]);
    });

    it('deregisters the replaced revision once the new one is stable', async () => {
      const run = await act({
        ...shop,
        'ecs-execution-role': EXEC,
        'ecs-environment': 'RELEASE=3',
        'ecs-deregister-previous': 'true',
      });
      expect(run.code).toBe(0);
      const stable = run.stdout.indexOf(`service shop is stable on ${shopArn(3)}`);
      const deregistered = run.stdout.indexOf(
        'deregistered shop:2, the revision the service ran before (ecs-deregister-previous)',
      );
      expect(stable).toBeGreaterThan(0);
      expect(deregistered).toBeGreaterThan(stable);
      expect(await status(2)).toBe('INACTIVE');
      expect(await status(3)).toBe('ACTIVE');
    });

    it('warns, and stays green, when the role may not deregister the replaced revision', async () => {
      moto.deny.add('DeregisterTaskDefinition');
      try {
        const run = await act({
          ...shop,
          'ecs-execution-role': EXEC,
          'ecs-environment': 'RELEASE=4',
          'ecs-deregister-previous': 'true',
        });
        expect(run.code).toBe(0);
        expect(run.outputs['ecs-task-definition-arn']).toBe(shopArn(4));
        expect(parseAnnotations(run.stdout, 'warning')).toContainEqual({
          title: 'ecs: the previous revision was not deregistered',
          message: expect.stringMatching(
            /^ecs:DeregisterTaskDefinition \(cluster prod, region us-east-1\) was denied: .*shop:3 stays registered/,
          ),
        });
        expect(await status(3)).toBe('ACTIVE');
      } finally {
        moto.deny.clear();
      }
    });
  });

  describe('one-off tasks', () => {
    let taskInputs: Record<string, string>;

    beforeAll(async () => {
      await manualTaskProgression(moto);
      await ecs.send(new CreateClusterCommand({ clusterName: 'jobs' }));
      const ec2 = new EC2Client({ region: 'us-east-1' });
      const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!.SubnetId!;
      const group = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups![0]!.GroupId!;
      ec2.destroy();
      // moto refuses Fargate tasks whose definition lists requiresCompatibilities or task-level memory, so the file has neither.
      const file = join(work, 'migrate.json');
      await writeFile(
        file,
        JSON.stringify({
          family: 'migrate',
          networkMode: 'awsvpc',
          executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
          containerDefinitions: [{ name: 'migrate', image: 'placeholder', memory: 256, essential: true }],
        }),
      );
      taskInputs = {
        destination: `${ECR_HOST}/team/web`,
        runtime: 'ecs',
        'ecs-cluster': 'jobs',
        'ecs-run-task': 'true',
        'ecs-task-definition': file,
        'ecs-launch-type': 'FARGATE',
        'ecs-network': `subnets=${subnet}\nsecurity-groups=${group}\nassign-public-ip=true`,
        'wait-timeout': '30',
      };
    });

    it('runs a Fargate task of a task definition file, waits until it stops, and reports exit codes', async () => {
      const run = await act({
        ...taskInputs,
        'ecs-overrides': '{"containerOverrides":[{"name":"migrate","command":["./migrate","up"]}]}',
      });
      expect(run.stdout).toContain('container migrate: exit code 0');
      expect(run.code).toBe(0);
      expect(run.outputs['ecs-task-arn']).toMatch(/^arn:aws:ecs:us-east-1:123456789012:task\/jobs\//);
      expect(run.outputs['ecs-task-definition-arn']).toBe(
        'arn:aws:ecs:us-east-1:123456789012:task-definition/migrate:1',
      );
      const registered = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'migrate:1' }));
      expect(registered.taskDefinition!.containerDefinitions![0]!.image).toBe(image());
      expect(moto.calls).toContain('RunTask');
    });

    it('fails the step when an essential container exits non-zero', async () => {
      moto.exitCodes = { migrate: 3 };
      try {
        const run = await act(taskInputs);
        expect(run.code).not.toBe(0);
        expect(run.stdout).toContain('container migrate: exit code 3');
        expect(run.errorText).toMatch(
          /task arn:aws:ecs:\S+ failed: essential container migrate exited 3; the task stopped: Essential container in task exited/,
        );
      } finally {
        moto.exitCodes = {};
      }
    });

    it('runs with startedBy, the task definition tags propagated and ECS Exec, as asked', async () => {
      moto.requests.length = 0;
      const run = await act({
        ...taskInputs,
        'ecs-task-role': 'arn:aws:iam::123456789012:role/migrate',
        'ecs-started-by': 'deploy/migrations',
        'ecs-propagate-tags': 'TASK_DEFINITION',
        'ecs-enable-execute-command': 'true',
      });
      expect(run.errorText).toBe('');
      expect(run.code).toBe(0);
      const runTask = moto.requests.find((r) => r.operation === 'RunTask')!.body;
      expect(runTask).toMatchObject({
        launchType: 'FARGATE',
        startedBy: 'deploy/migrations',
        propagateTags: 'TASK_DEFINITION',
        enableExecuteCommand: true,
      });
      expect(runTask).not.toHaveProperty('capacityProviderStrategy');
      const task = (
        await ecs.send(new DescribeTasksCommand({ cluster: 'jobs', tasks: [run.outputs['ecs-task-arn']!] }))
      ).tasks![0]!;
      expect(task.startedBy).toBe('deploy/migrations');
      expect(run.stdout).toContain(`started task ${task.taskArn} on FARGATE (started by deploy/migrations)`);
      const registered = await ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: run.outputs['ecs-task-definition-arn']! }),
      );
      expect(registered.taskDefinition!.taskRoleArn).toBe('arn:aws:iam::123456789012:role/migrate');
    });

    it('refuses ECS Exec without a task role before pushing or registering', async () => {
      const before = await revisions('migrate');
      const run = await act({ ...taskInputs, 'ecs-enable-execute-command': 'true', tags: 'never-exec' });
      expect(run.code).not.toBe(0);
      expect(run.errors).toEqual([
        {
          title: 'Invalid input ecs-task-role',
          message: expect.stringContaining(
            'Input "ecs-task-role": ECS Exec (ecs-enable-execute-command) runs through the task role, and task definition migrate has none',
          ),
        },
      ]);
      expect(await revisions('migrate')).toEqual(before);
      await expect(rawManifest(`${ecrData.addr}/team/web:never-exec`, ECR_LOGIN)).rejects.toThrow();
    });

    it('runs a named revision that the inputs leave as it is, without registering another', async () => {
      const latest = (await revisions('migrate')).at(-1)!;
      const name = latest.split('/').pop()!;
      moto.calls.length = 0;
      const run = await act({ ...taskInputs, 'ecs-task-definition': 'migrate' });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`${name} already has this image and these settings: no new revision registered`);
      expect(moto.calls).not.toContain('RegisterTaskDefinition');
      expect(moto.calls).toContain('RunTask');
      expect(run.outputs['ecs-task-definition-arn']).toBe(latest);
    });

    it('runs on capacity providers instead of a launch type', async () => {
      // moto places a task without a launch type on a container instance, whatever the strategy says.
      const ec2 = new EC2Client({ region: 'us-east-1' });
      const imageId = (await ec2.send(new DescribeImagesCommand({}))).Images![0]!.ImageId!;
      const instance = (await ec2.send(new RunInstancesCommand({ ImageId: imageId, MinCount: 1, MaxCount: 1 })))
        .Instances![0]!.InstanceId!;
      ec2.destroy();
      await ecs.send(
        new RegisterContainerInstanceCommand({
          cluster: 'jobs',
          instanceIdentityDocument: JSON.stringify({ instanceId: instance }),
        }),
      );
      const noLaunchType = { ...taskInputs };
      delete noLaunchType['ecs-launch-type'];
      const inputs = {
        ...noLaunchType,
        'ecs-capacity-providers': 'capacityProvider=FARGATE,weight=1,base=1\ncapacityProvider=FARGATE_SPOT,weight=3',
        'ecs-started-by': 'ci',
        'ecs-propagate-tags': 'TASK_DEFINITION',
      };
      const repo = { full_name: 'octo/app', default_branch: 'main' };
      const planned = await act(
        { ...inputs, 'deploy-when': 'merged-pull-request' },
        {
          name: 'pull_request',
          payload: {
            action: 'opened',
            repository: repo,
            pull_request: { number: 5, merged: false, base: { ref: 'main', repo }, head: { ref: 'z', repo } },
          },
        },
      );
      expect(planned.code).toBe(0);
      expect(planned.stdout).toMatch(
        /would run one task of it in cluster jobs, region us-east-1 on capacity providers FARGATE \(weight 1, base 1\), FARGATE_SPOT \(weight 3\), in subnet-\w+, started by ci, with the task definition's tags, and wait until it is stopped \(at most 30 s\)/,
      );
      moto.requests.length = 0;
      const run = await act(inputs);
      expect(run.errorText).toBe('');
      expect(run.code).toBe(0);
      const runTask = moto.requests.find((r) => r.operation === 'RunTask')!.body;
      expect(runTask.capacityProviderStrategy).toEqual([
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ]);
      expect(runTask).not.toHaveProperty('launchType');
      expect(runTask.startedBy).toBe('ci');
      expect(run.stdout).toMatch(
        /started task arn:aws:ecs:\S+ on capacity providers FARGATE, FARGATE_SPOT \(started by ci\); waiting until it is stopped/,
      );
    });

    it('can wait only until the task runs', async () => {
      // Slow moto's tasks down, so one is still RUNNING when the waiter first looks.
      await manualTaskProgression(moto, 3);
      const run = await act({ ...taskInputs, 'wait-for': 'running' });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('waiting until it is running');
      expect(run.summary).toMatch(/ecs: task \S+ running migrate:\d+/);
    });
  });
});

describe('ECR as a source', () => {
  it("pulls from ECR in another region with that region's token", async () => {
    const otherRegion = await startRegistry({ htpasswd: ECR_LOGIN });
    try {
      const host = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
      await skopeo(
        'copy',
        '--dest-tls-verify=false',
        '--dest-creds',
        ECR_LOGIN,
        `oci:${layout.dir}:2.0.0`,
        `docker://${otherRegion.addr}/shared/app:2.0.0`,
      );
      const run = await runAction(
        {
          image: `${host}/shared/app:2.0.0`,
          destination: `${ECR_HOST}/team/web`,
          tags: 'from-eu',
          ...standIns({ [ECR_HOST]: ecrData.addr, [host]: otherRegion.addr }),
        },
        { env: moto.env() },
      );
      expect(run.code).toBe(0);
      expect(run.outputs.digest).toBe(layout.root.digest);
      expect(await otherRegion.accessLog()).toMatch(/"GET \/v2\/shared\/app\/manifests\/2\.0\.0 HTTP\/1\.1" 200/);
      expect(await rawManifest(`${ecrData.addr}/team/web:from-eu`, ECR_LOGIN)).toBe(layout.root.bytes.toString());
    } finally {
      await otherRegion.stop();
    }
  });
});

describe('ECR Public (no emulator: a local server following its JSON API)', () => {
  it('gets credentials from ecr-public:GetAuthorizationToken in us-east-1', async () => {
    const { createServer } = await import('node:http');
    const seen: { target: string | undefined; host: string | undefined }[] = [];
    const server = createServer((req, res) => {
      seen.push({
        target: req.headers['x-amz-target'] as string | undefined,
        host: req.headers.authorization?.match(/Credential=[^/]+\/\d+\/([a-z0-9-]+)\//)?.[1],
      });
      req.resume();
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          authorizationData: {
            authorizationToken: Buffer.from('AWS:public-token').toString('base64'),
            expiresAt: 1_900_000_000,
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect(await ecrPublicCredentials('public.ecr.aws')).toEqual({ username: 'AWS', password: 'public-token' });
      expect(seen).toEqual([{ target: 'SpencerFrontendService.GetAuthorizationToken', host: 'us-east-1' }]);
    } finally {
      process.env.AWS_ENDPOINT_URL = saved;
      server.close();
    }
  });
});
