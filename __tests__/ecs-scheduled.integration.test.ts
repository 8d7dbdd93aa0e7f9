/**
 * Scheduled ECS tasks on moto: an EventBridge rule (default and custom event bus) and an
 * EventBridge Scheduler schedule whose ECS target runs a task family. The target moves to the new
 * revision and keeps everything else; moto's PutTargets and UpdateSchedule replace what they are
 * given whole, as AWS does, so a field the action dropped would show here.
 */
import {
  CreateEventBusCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import {
  CreateClusterCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, type Moto } from './helpers/moto.js';
import { ecsRuntime } from '../src/runtimes/ecs/runtime.js';
import type { EcsInputs } from '../src/runtimes/ecs/inputs.js';
import type { ScheduledTaskRef } from '../src/runtimes/ecs/options.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { detectRegistry } from '../src/registries/index.js';
import { parseRepository } from '../src/oci/reference.js';
import { ecsSettings } from './helpers/ecs.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const IMAGE = `${ECR}/report@sha256:${'c'.repeat(64)}`;
const CLUSTER_ARN = 'arn:aws:ecs:us-east-1:123456789012:cluster/cron';
const ROLE = 'arn:aws:iam::123456789012:role/events-ecs';

let moto: Moto;
let ecs: ECSClient;
let events: EventBridgeClient;
let scheduler: SchedulerClient;
const savedEnv = { ...process.env };

const target = (planning = false): DeployTarget => ({
  image: IMAGE,
  registry: ECR,
  family: detectRegistry(parseRepository(`${ECR}/report`)),
  planning,
  pullCredentials: async () => undefined,
  platforms: async () => ['linux/amd64'],
});

function inputs(schedule: ScheduledTaskRef, more: Partial<EcsInputs> = {}): EcsInputs {
  return {
    region: 'us-east-1',
    cluster: 'cron',
    mode: { kind: 'scheduled', schedule },
    taskDefinition: undefined,
    settings: ecsSettings(),
    environment: {},
    waitForStability: true,
    waitTimeoutSeconds: 20,
    codeDeploy: { application: undefined, deploymentGroup: undefined },
    ...more,
  };
}

async function deploy(input: EcsInputs) {
  const log: string[] = [];
  const prepared = await ecsRuntime(input).prepare(target(), (line) => log.push(line));
  return { result: await prepared.deploy((line) => log.push(line)), log, plan: prepared.plan };
}

async function register(family: string): Promise<string> {
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: 'awsvpc',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      containerDefinitions: [{ name: 'job', image: 'old/report:1', memory: 256, essential: true }],
    }),
  );
  return registered.taskDefinition!.taskDefinitionArn!;
}

const revisions = async (family: string) =>
  (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))).taskDefinitionArns ?? [];

/** An ECS target as the console makes one: network, launch type, count, tags, overrides, retry policy, DLQ. */
function ecsTarget(id: string, taskDefinitionArn: string, cluster = CLUSTER_ARN): Target {
  return {
    Id: id,
    Arn: cluster,
    RoleArn: ROLE,
    Input: JSON.stringify({ containerOverrides: [{ name: 'job', command: ['report', '--daily'] }] }),
    EcsParameters: {
      TaskDefinitionArn: taskDefinitionArn,
      TaskCount: 2,
      LaunchType: 'FARGATE',
      PlatformVersion: 'LATEST',
      NetworkConfiguration: {
        awsvpcConfiguration: { Subnets: ['subnet-0a1b'], SecurityGroups: ['sg-99'], AssignPublicIp: 'DISABLED' },
      },
      EnableECSManagedTags: true,
      PropagateTags: 'TASK_DEFINITION',
      Tags: [{ Key: 'team', Value: 'reports' }],
    },
    RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
    DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:123456789012:report-dlq' },
  };
}

async function targetsOf(rule: string, bus?: string): Promise<Target[]> {
  return (
    (await events.send(new ListTargetsByRuleCommand({ Rule: rule, ...(bus && { EventBusName: bus }) }))).Targets ?? []
  );
}

beforeAll(async () => {
  moto = await startMoto();
  Object.assign(process.env, moto.env(), { AWS_MAX_ATTEMPTS: '1' });
  ecs = new ECSClient({ region: 'us-east-1' });
  events = new EventBridgeClient({ region: 'us-east-1' });
  scheduler = new SchedulerClient({ region: 'us-east-1' });
  await ecs.send(new CreateClusterCommand({ clusterName: 'cron' }));
});

afterAll(async () => {
  process.env = savedEnv;
  ecs?.destroy();
  events?.destroy();
  scheduler?.destroy();
  await moto?.stop();
});

describe('ecs-scheduled-task: an EventBridge rule', () => {
  it('moves the ECS target to the new revision and keeps everything else on it and on the other targets', async () => {
    const current = await register('report');
    await events.send(new PutRuleCommand({ Name: 'nightly-report', ScheduleExpression: 'cron(0 3 * * ? *)' }));
    const other: Target = { Id: 'notify', Arn: 'arn:aws:sns:us-east-1:123456789012:reports' };
    await events.send(
      new PutTargetsCommand({ Rule: 'nightly-report', Targets: [ecsTarget('report-task', current), other] }),
    );
    const before = await targetsOf('nightly-report');

    const { result, plan, log } = await deploy(inputs({ kind: 'rule', name: 'nightly-report', eventBus: undefined }));
    const arn = result.outputs['ecs-task-definition-arn']!;
    expect(arn).toBe('arn:aws:ecs:us-east-1:123456789012:task-definition/report:2');
    const registered = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    expect(registered.taskDefinition!.containerDefinitions![0]!.image).toBe(IMAGE);
    expect(plan[0]).toBe(
      'EventBridge rule nightly-report (region us-east-1) (cron(0 3 * * ? *), ENABLED) runs report:1 (target report-task)',
    );
    expect(plan.at(-1)).toBe('would point that target at the new revision, keeping the rest of it');
    expect(log).toContain('EventBridge rule nightly-report (region us-east-1): target report-task now runs report:2');
    expect(result.detail).toBe('EventBridge rule nightly-report → report:2');

    const after = await targetsOf('nightly-report');
    const moved = after.find((t) => t.Id === 'report-task')!;
    const was = before.find((t) => t.Id === 'report-task')!;
    expect(moved.EcsParameters!.TaskDefinitionArn).toBe(arn);
    // moto keeps every field of a target, so dropping one would show.
    expect(was).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 3 },
      DeadLetterConfig: { Arn: expect.any(String) },
      EcsParameters: { TaskCount: 2, NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-0a1b'] } } },
    });
    expect({ ...moved, EcsParameters: { ...moved.EcsParameters, TaskDefinitionArn: undefined } }).toEqual({
      ...was,
      EcsParameters: { ...was.EcsParameters, TaskDefinitionArn: undefined },
    });
    expect(after.find((t) => t.Id === 'notify')).toEqual(before.find((t) => t.Id === 'notify'));
  });

  it('finds a rule on another event bus (rule/BUS/NAME)', async () => {
    const current = await register('export');
    await events.send(new CreateEventBusCommand({ Name: 'ops' }));
    await events.send(
      new PutRuleCommand({
        Name: 'weekly-export',
        EventBusName: 'ops',
        EventPattern: JSON.stringify({ source: ['ops.export'] }),
      }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'weekly-export', EventBusName: 'ops', Targets: [ecsTarget('export', current)] }),
    );
    const { result } = await deploy(inputs({ kind: 'rule', name: 'weekly-export', eventBus: 'ops' }));
    expect((await targetsOf('weekly-export', 'ops'))[0]!.EcsParameters!.TaskDefinitionArn).toBe(
      result.outputs['ecs-task-definition-arn'],
    );
  });

  it.each([
    [
      'a rule that does not exist',
      async () => inputs({ kind: 'rule', name: 'ghost', eventBus: undefined }),
      'EventBridge rule ghost (region us-east-1) does not exist (ecs-scheduled-task). Nothing was pushed or registered',
    ],
    [
      'a rule without an ECS target',
      async () => {
        await events.send(new PutRuleCommand({ Name: 'mail-only', ScheduleExpression: 'rate(1 day)' }));
        await events.send(
          new PutTargetsCommand({
            Rule: 'mail-only',
            Targets: [{ Id: 'n', Arn: 'arn:aws:sns:us-east-1:123456789012:x' }],
          }),
        );
        return inputs({ kind: 'rule', name: 'mail-only', eventBus: undefined });
      },
      'EventBridge rule mail-only (region us-east-1) has no ECS target (ecs-scheduled-task)',
    ],
    [
      'a rule whose target runs another family',
      async () => {
        const arn = await register('cleanup');
        await events.send(new PutRuleCommand({ Name: 'cleanup', ScheduleExpression: 'rate(1 day)' }));
        await events.send(new PutTargetsCommand({ Rule: 'cleanup', Targets: [ecsTarget('c', arn)] }));
        return inputs(
          { kind: 'rule', name: 'cleanup', eventBus: undefined },
          { taskDefinition: { kind: 'name', value: 'report' } },
        );
      },
      'EventBridge rule cleanup (region us-east-1) runs task family cleanup, not report (ecs-task-definition)',
    ],
    [
      'a rule whose target runs in another cluster',
      async () => {
        const arn = await register('audit');
        await events.send(new PutRuleCommand({ Name: 'audit', ScheduleExpression: 'rate(1 day)' }));
        await events.send(
          new PutTargetsCommand({
            Rule: 'audit',
            Targets: [ecsTarget('a', arn, 'arn:aws:ecs:us-east-1:123456789012:cluster/batch')],
          }),
        );
        return inputs({ kind: 'rule', name: 'audit', eventBus: undefined });
      },
      'EventBridge rule audit (region us-east-1) runs audit in cluster batch, not in cron (ecs-cluster)',
    ],
  ])('fails before registering anything on %s', async (_name, setup, message) => {
    const input = await setup();
    const before = await revisions('');
    await expect(ecsRuntime(input).prepare(target(), () => {})).rejects.toThrow(message);
    expect(await revisions('')).toEqual(before);
  });
});

describe('ecs-scheduled-task: an EventBridge Scheduler schedule', () => {
  it('moves the schedule’s target to the new revision and keeps the schedule and the rest of the target', async () => {
    const current = await register('digest');
    await scheduler.send(new CreateScheduleGroupCommand({ Name: 'reports' }));
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'daily-digest',
        GroupName: 'reports',
        Description: 'the daily digest',
        ScheduleExpression: 'cron(30 6 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/Paris',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        State: 'DISABLED',
        Target: {
          Arn: CLUSTER_ARN,
          RoleArn: ROLE,
          Input: '{"containerOverrides":[]}',
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          EcsParameters: {
            TaskDefinitionArn: current,
            TaskCount: 1,
            LaunchType: 'FARGATE',
            NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-0a1b'], AssignPublicIp: 'DISABLED' } },
            Tags: [{ team: 'reports' }],
          },
        },
      }),
    );
    const before = await scheduler.send(new GetScheduleCommand({ Name: 'daily-digest', GroupName: 'reports' }));
    const { result, plan } = await deploy(inputs({ kind: 'schedule', group: 'reports', name: 'daily-digest' }));
    expect(plan[0]).toBe(
      'EventBridge Scheduler schedule reports/daily-digest (region us-east-1) (cron(30 6 * * ? *), DISABLED) runs digest:1',
    );
    const arn = result.outputs['ecs-task-definition-arn']!;
    const after = await scheduler.send(new GetScheduleCommand({ Name: 'daily-digest', GroupName: 'reports' }));
    expect(after.Target!.EcsParameters!.TaskDefinitionArn).toBe(arn);
    const strip = (s: typeof before) => ({
      ...s,
      $metadata: undefined,
      LastModificationDate: undefined,
      Target: { ...s.Target, EcsParameters: { ...s.Target!.EcsParameters, TaskDefinitionArn: undefined } },
    });
    expect(before.Target).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 2 },
      EcsParameters: { TaskCount: 1, NetworkConfiguration: { awsvpcConfiguration: { Subnets: ['subnet-0a1b'] } } },
    });
    expect(strip(after)).toEqual(strip(before));
    expect(after.Description).toBe('the daily digest');
    expect(after.State).toBe('DISABLED');
    expect(after.ScheduleExpressionTimezone).toBe('Europe/Paris');
  });

  it('fails before registering anything when the schedule does not exist', async () => {
    const before = await revisions('');
    await expect(
      ecsRuntime(inputs({ kind: 'schedule', group: 'default', name: 'nope' })).prepare(target(), () => {}),
    ).rejects.toThrow(
      'EventBridge Scheduler schedule default/nope (region us-east-1) does not exist (ecs-scheduled-task). Nothing was pushed or registered',
    );
    expect(await revisions('')).toEqual(before);
  });
});
