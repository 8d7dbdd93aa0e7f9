/**
 * Why a task failed, on moto (ECS, CloudWatch Logs): a one-off task whose container logs with
 * awslogs shows its last log lines; one without awslogs, or whose stream is missing, says where to
 * look. moto's tasks write no logs, so the test writes them as the container would, the moment
 * moto starts the task (the stream ECS's awslogs driver names PREFIX/CONTAINER/TASK-ID).
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualTaskProgression, startMoto, type Moto } from './helpers/moto.js';
import { ecsRuntime } from '../src/runtimes/ecs/runtime.js';
import type { EcsInputs, EcsNetwork } from '../src/runtimes/ecs/inputs.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { detectRegistry } from '../src/registries/index.js';
import { parseRepository } from '../src/oci/reference.js';
import { ecsSettings } from './helpers/ecs.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const IMAGE = `${ECR}/migrate@sha256:${'d'.repeat(64)}`;

let moto: Moto;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;
let network: EcsNetwork;
let work: string;
const savedEnv = { ...process.env };

const target: DeployTarget = {
  image: IMAGE,
  registry: ECR,
  family: detectRegistry(parseRepository(`${ECR}/migrate`)),
  planning: false,
  pullCredentials: async () => undefined,
  platforms: async () => ['linux/amd64'],
};

/** A task definition file; moto refuses Fargate tasks whose definition lists requiresCompatibilities or task-level memory. */
async function definition(family: string, logConfiguration?: Record<string, unknown>): Promise<string> {
  const file = join(work, `${family}.json`);
  await writeFile(
    file,
    JSON.stringify({
      family,
      networkMode: 'awsvpc',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      containerDefinitions: [
        {
          name: 'migrate',
          image: 'placeholder',
          memory: 256,
          essential: true,
          ...(logConfiguration && { logConfiguration }),
        },
      ],
    }),
  );
  return file;
}

function inputs(file: string): EcsInputs {
  return {
    region: 'us-east-1',
    cluster: 'jobs',
    mode: {
      kind: 'task',
      launchType: 'FARGATE',
      network,
      overrides: undefined,
      waitFor: 'stopped',
      capacityProviderStrategy: undefined,
      startedBy: 'portable-deploy',
      propagateTags: undefined,
      enableExecuteCommand: false,
    },
    taskDefinition: { kind: 'file', path: file, definition: {} },
    settings: ecsSettings(),
    environment: {},
    waitForStability: true,
    waitTimeoutSeconds: 30,
    codeDeploy: { application: undefined, deploymentGroup: undefined },
  };
}

/** Runs the task as the action does; the error it fails with. */
async function failure(input: EcsInputs): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const source = input.taskDefinition as Extract<EcsInputs['taskDefinition'], { kind: 'file' }>;
  const withDefinition = {
    ...input,
    taskDefinition: {
      ...source,
      definition: JSON.parse(await readFile(source.path, 'utf8')) as Record<string, unknown>,
    },
  };
  const prepared = await ecsRuntime(withDefinition).prepare(target, () => {});
  try {
    await prepared.deploy(() => {});
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the task did not fail');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-diag-'));
  moto = await startMoto();
  Object.assign(process.env, moto.env(), { AWS_MAX_ATTEMPTS: '1' });
  ecs = new ECSClient({ region: 'us-east-1' });
  logs = new CloudWatchLogsClient({ region: 'us-east-1' });
  await ecs.send(new CreateClusterCommand({ clusterName: 'jobs' }));
  const ec2 = new EC2Client({ region: 'us-east-1' });
  network = {
    subnets: [(await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!.SubnetId!],
    securityGroups: [(await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups![0]!.GroupId!],
    assignPublicIp: undefined,
  };
  ec2.destroy();
  await manualTaskProgression(moto);
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/migrate' }));
  moto.exitCodes = { migrate: 3 };
});

afterAll(async () => {
  process.env = savedEnv;
  moto.onAnswer = undefined;
  ecs?.destroy();
  logs?.destroy();
  await moto?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('a failed task says why', () => {
  it('with the last lines its container wrote to CloudWatch Logs (awslogs)', async () => {
    const file = await definition('migrate', {
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/migrate', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' },
    });
    const written = Array.from({ length: 30 }, (_, i) => `migrating step ${i + 1}`);
    written.push('ERROR: relation "users" does not exist');
    moto.onAnswer = async (operation, body) => {
      if (operation !== 'RunTask') return;
      for (const task of (body as { tasks?: { taskArn: string }[] }).tasks ?? []) {
        const stream = `ecs/migrate/${task.taskArn.split('/').pop()}`;
        await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/migrate', logStreamName: stream }));
        const now = Date.now();
        await logs.send(
          new PutLogEventsCommand({
            logGroupName: '/ecs/migrate',
            logStreamName: stream,
            logEvents: written.map((message, i) => ({ timestamp: now + i, message })),
          }),
        );
      }
    };
    try {
      const lines = (await failure(inputs(file))).split('\n');
      expect(lines[0]).toMatch(/^task \S+ failed: essential container migrate exited 3/);
      const header = lines.findIndex((l) => l.startsWith('Last log lines of container migrate'));
      expect(lines[header]).toMatch(
        /^Last log lines of container migrate \(task ([\w-]+), log group \/ecs\/migrate, stream ecs\/migrate\/\1\):$/,
      );
      // The last 20 lines, the error last.
      expect(lines.slice(header + 1)).toEqual(written.slice(-20).map((l) => `    | ${l}`));
      expect(lines.join('\n')).not.toContain('console.aws.amazon.com');
    } finally {
      moto.onAnswer = undefined;
    }
  });

  it('with a link to its logs in the console when the container does not log with awslogs', async () => {
    const message = await failure(inputs(await definition('plain')));
    expect(message.split('\n').at(-1)).toMatch(
      /^The task's logs in the console: https:\/\/us-east-1\.console\.aws\.amazon\.com\/ecs\/v2\/clusters\/jobs\/tasks\/[\w-]+\/logs\?region=us-east-1$/,
    );
  });

  it('saying the stream is missing when the container wrote nothing', async () => {
    const file = await definition('silent', {
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/migrate', 'awslogs-stream-prefix': 'ecs' },
    });
    const message = await failure(inputs(file));
    expect(message).toMatch(
      /Last log lines of container migrate \(task [\w-]+, log group \/ecs\/migrate, stream ecs\/migrate\/[\w-]+\): the stream does not exist \(the container wrote nothing, or never started\)/,
    );
    expect(message).toContain(
      "The task's logs in the console: https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/jobs/tasks/",
    );
  });

  it('and says so when the role may not read the logs', async () => {
    const file = await definition('denied', {
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/migrate', 'awslogs-stream-prefix': 'ecs' },
    });
    moto.deny.add('GetLogEvents');
    try {
      const message = await failure(inputs(file));
      expect(message).toMatch(/: could not be read \(AccessDeniedException: .*; logs:GetLogEvents\)/);
      expect(message).toContain("The task's logs in the console:");
    } finally {
      moto.deny.clear();
    }
  });
});
