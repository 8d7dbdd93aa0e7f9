/**
 * The pure parts of ECS blue/green (CodeDeploy), scheduled tasks and task diagnostics, and their
 * inputs: every rule table-tested, no services.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError, readInputs } from '../src/inputs.js';
import {
  appSpec,
  blueGreenFailure,
  lifecycleLines,
  loadBalancerTarget,
  readDeployment,
  servingState,
  type BlueGreenContext,
} from '../src/runtimes/ecs/codedeploy.js';
import { chooseTargets, familyOf, updateRequest } from '../src/runtimes/ecs/scheduled.js';
import { awslogsStream, consoleTaskLink, failedContainers, logTail } from '../src/runtimes/ecs/diagnostics.js';
import { consoleCodeDeployNames } from '../src/runtimes/ecs/options.js';
import { rolloutFailure } from '../src/runtimes/ecs/rollout.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app';
const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const base = { image: 'a:1', destination: ECR, runtime: 'ecs', 'ecs-cluster': 'prod' };

function problems(values: Record<string, string>): string[] {
  try {
    readInputs(read({ ...base, ...values }));
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.input}: ${p.message}`);
    throw error;
  }
  return [];
}

function ecsInputs(values: Record<string, string>) {
  const inputs = readInputs(read({ ...base, ...values }));
  if (inputs.runtime !== 'ecs') throw new Error('not ecs');
  return inputs.runtimeInputs;
}

describe('codedeploy-application and codedeploy-deployment-group', () => {
  it('are read for a service, undefined when not given (the console names are the default)', () => {
    expect(ecsInputs({ 'ecs-service': 'web' }).codeDeploy).toEqual({
      application: undefined,
      deploymentGroup: undefined,
    });
    expect(
      ecsInputs({ 'ecs-service': 'web', 'codedeploy-application': 'shop', 'codedeploy-deployment-group': 'shop-prod' })
        .codeDeploy,
    ).toEqual({ application: 'shop', deploymentGroup: 'shop-prod' });
  });

  it('refuses names CodeDeploy would not take, and use without a service', () => {
    expect(
      problems({
        'ecs-service': 'web',
        'codedeploy-application': 'my app',
        'codedeploy-deployment-group': 'x'.repeat(101),
      }),
    ).toEqual([
      'codedeploy-application: "my app" is not a CodeDeploy name (1-100 letters, digits and _.+@=,-)',
      `codedeploy-deployment-group: "${'x'.repeat(101)}" is not a CodeDeploy name (1-100 letters, digits and _.+@=,-)`,
    ]);
    expect(
      problems({ 'ecs-run-task': 'true', 'ecs-task-definition': 'job', 'codedeploy-application': 'shop' }),
    ).toEqual(['codedeploy-application: applies to a service (ecs-service) deployed by CodeDeploy']);
  });

  it('default to the names the ECS console gives, from cluster and service names or ARNs', () => {
    expect(consoleCodeDeployNames('prod', 'web')).toEqual({
      application: 'AppECS-prod-web',
      deploymentGroup: 'DgpECS-prod-web',
    });
    expect(consoleCodeDeployNames('arn:aws:ecs:us-east-1:123456789012:cluster/prod', 'web')).toEqual({
      application: 'AppECS-prod-web',
      deploymentGroup: 'DgpECS-prod-web',
    });
  });
});

describe('ecs-scheduled-task', () => {
  it.each([
    ['nightly', { kind: 'rule', name: 'nightly', eventBus: undefined }],
    ['rule/nightly', { kind: 'rule', name: 'nightly', eventBus: undefined }],
    ['rule/default/nightly', { kind: 'rule', name: 'nightly', eventBus: undefined }],
    ['rule/ops/nightly', { kind: 'rule', name: 'nightly', eventBus: 'ops' }],
    ['rule/aws.partner/acme.com/1/nightly', { kind: 'rule', name: 'nightly', eventBus: 'aws.partner/acme.com/1' }],
    ['arn:aws:events:eu-west-1:123456789012:rule/ops/nightly', { kind: 'rule', name: 'nightly', eventBus: 'ops' }],
    ['schedule/reports/daily', { kind: 'schedule', group: 'reports', name: 'daily' }],
    ['schedule/daily', { kind: 'schedule', group: 'default', name: 'daily' }],
    [
      'arn:aws:scheduler:eu-west-1:123456789012:schedule/reports/daily',
      { kind: 'schedule', group: 'reports', name: 'daily' },
    ],
  ])('reads %s', (value, schedule) => {
    expect(ecsInputs({ 'ecs-scheduled-task': value }).mode).toEqual({ kind: 'scheduled', schedule });
  });

  it.each([
    ['schedule/a/b/c', 'is not schedule/GROUP/NAME or schedule/NAME'],
    ['schedule/', 'is not schedule/GROUP/NAME or schedule/NAME'],
    ['nightly report', 'is not an EventBridge rule (NAME or rule/[BUS/]NAME'],
    ['rule/' + 'x'.repeat(65), 'is not an EventBridge rule'],
    [
      'arn:aws:events:eu-west-1:123456789012:event-bus/ops',
      'is not the ARN of an EventBridge rule or Scheduler schedule',
    ],
  ])('refuses %s', (value, message) => {
    const found = problems({ 'ecs-scheduled-task': value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`ecs-scheduled-task: "${value}" ${message}`);
  });

  it('excludes a service and a task, and the task-only inputs', () => {
    expect(problems({ 'ecs-scheduled-task': 'nightly', 'ecs-service': 'web' })).toEqual([
      'ecs-scheduled-task: excludes ecs-service and ecs-run-task: update a service, run a task, or move a schedule',
    ]);
    expect(problems({ 'ecs-scheduled-task': 'nightly', 'ecs-run-task': 'true', 'ecs-task-definition': 'job' })).toEqual(
      ['ecs-scheduled-task: excludes ecs-service and ecs-run-task: update a service, run a task, or move a schedule'],
    );
    expect(problems({ 'ecs-scheduled-task': 'nightly', 'ecs-launch-type': 'FARGATE' })).toEqual([
      'ecs-launch-type: applies to one-off tasks (ecs-run-task: true); a scheduled task keeps the settings of its target',
    ]);
    expect(problems({ 'ecs-scheduled-task': 'nightly', 'codedeploy-application': 'shop' })).toEqual([
      'codedeploy-application: applies to a service (ecs-service) deployed by CodeDeploy',
    ]);
  });
});

describe('the AppSpec', () => {
  const request = {
    family: 'web',
    containerDefinitions: [
      { name: 'app', portMappings: [{ containerPort: 8080 }] },
      { name: 'envoy', portMappings: [{ containerPort: 9901 }] },
    ],
  };

  it('names the revision and the load balancer container and port, with its SHA-256', () => {
    const target = loadBalancerTarget(
      { loadBalancers: [{ targetGroupArn: 'tg', containerName: 'app', containerPort: 8080 }] },
      request,
      'web',
    );
    const spec = appSpec('arn:aws:ecs:us-east-1:123456789012:task-definition/web:8', target);
    expect(spec.content).toBe(
      '{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:8","LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080}}}}]}',
    );
    expect(spec.sha256).toBe(createHash('sha256').update(spec.content).digest('hex'));
  });

  it.each([
    [{ loadBalancers: [] }, 'has no load balancer with a container name and port'],
    [
      { loadBalancers: [{ containerName: 'web', containerPort: 80 }] },
      'sends traffic to container "web" port 80, which the new revision of web does not have; its containers are: app, envoy',
    ],
    [
      { loadBalancers: [{ containerName: 'envoy', containerPort: 8080 }] },
      'but that container maps no port 8080 in the new revision of web (its container ports: 9901)',
    ],
  ])('refuses a service whose load balancer does not fit the revision (%#)', (service, message) => {
    expect(() => loadBalancerTarget(service, request, 'web')).toThrow(message);
  });
});

describe('a CodeDeploy deployment', () => {
  it.each([
    [{ status: 'Created' }, { kind: 'waiting', status: 'Created' }],
    [{ status: 'InProgress' }, { kind: 'waiting', status: 'InProgress' }],
    [{ status: 'InProgress', instanceTerminationWaitTimeStarted: true }, { kind: 'serving' }],
    [{ status: 'Ready' }, { kind: 'ready' }],
    [{ status: 'Succeeded' }, { kind: 'succeeded' }],
    [{ status: 'Failed' }, { kind: 'failed', status: 'Failed' }],
    [{ status: 'Stopped' }, { kind: 'failed', status: 'Stopped' }],
  ] as const)('reads %o', (info, state) => {
    expect(readDeployment(info)).toEqual(state);
  });

  const context: BlueGreenContext = {
    region: 'eu-west-1',
    cluster: 'prod',
    service: 'web',
    arn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:9',
    previous: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:8',
    deploymentId: 'd-ABC123',
    application: 'AppECS-prod-web',
    deploymentGroup: 'DgpECS-prod-web',
  };

  it('explains a stopped deployment, and what serves, with the console link', () => {
    const serving = servingState({ taskSets: [{ status: 'PRIMARY', taskDefinition: context.previous }] }, context.arn);
    const message = blueGreenFailure(
      { kind: 'failed', status: 'Stopped' },
      { status: 'Stopped', errorInformation: { code: 'MANUAL_STOP', message: 'A user stopped the deployment.' } },
      context,
      serving,
      ['Latest service events: none since the deployment began'],
      600,
    );
    expect(message.split('\n')).toEqual([
      'the CodeDeploy deployment d-ABC123 of web:9 to service web was stopped: MANUAL_STOP: A user stopped the deployment.',
      "The original task set (web:8) still serves the service's traffic; the replacement task set is gone.",
      'Latest service events: none since the deployment began',
      'The deployment in the console: https://eu-west-1.console.aws.amazon.com/codesuite/codedeploy/deployments/d-ABC123?region=eu-west-1',
    ]);
  });

  it('says when which task set serves could not be read', () => {
    const message = blueGreenFailure(
      { kind: 'failed', status: 'Failed' },
      { status: 'Failed' },
      context,
      { primaryTaskDefinition: undefined, replacement: undefined, error: 'AccessDenied' },
      [],
      600,
    );
    expect(message).toContain('Which task set serves could not be read (AccessDenied).');
  });

  it('lists failed lifecycle events and the task sets', () => {
    expect(
      lifecycleLines([
        {
          ecsTarget: {
            lifecycleEvents: [
              { lifecycleEventName: 'Install', status: 'Succeeded' },
              {
                lifecycleEventName: 'AllowTraffic',
                status: 'Failed',
                diagnostics: { errorCode: 'UnknownError', message: 'target group unhealthy' },
              },
            ],
            taskSetsInfo: [
              {
                identifer: 'ecs-svc/1',
                taskSetLabel: 'Blue',
                status: 'PRIMARY',
                desiredCount: 2,
                runningCount: 2,
                trafficWeight: 100,
              },
              {
                identifer: 'ecs-svc/2',
                taskSetLabel: 'Green',
                status: 'ACTIVE',
                desiredCount: 2,
                runningCount: 0,
                trafficWeight: 0,
              },
            ],
          },
        },
      ]),
    ).toEqual([
      'lifecycle event AllowTraffic failed (UnknownError): target group unhealthy',
      'task set ecs-svc/1 (Blue): PRIMARY, 2 of 2 tasks running, traffic 100%',
      'task set ecs-svc/2 (Green): ACTIVE, 0 of 2 tasks running, traffic 0%',
    ]);
  });
});

describe('scheduled task targets', () => {
  const td = (family: string, revision = 1) =>
    `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`;

  it('reads the family of a task definition ARN or name', () => {
    expect([familyOf(td('report', 3)), familyOf('report:3'), familyOf('report')]).toEqual([
      'report',
      'report',
      'report',
    ]);
  });

  it('chooses the targets of the family, or all when they share one', () => {
    const targets = [
      { id: 'a', cluster: 'cron', taskDefinition: td('report') },
      { id: 'b', cluster: 'cron', taskDefinition: td('report', 2) },
    ];
    expect(chooseTargets(targets, undefined, 'cron', 'rule r').map((t) => t.id)).toEqual(['a', 'b']);
    expect(
      chooseTargets(
        [...targets, { id: 'c', cluster: 'cron', taskDefinition: td('other') }],
        'report',
        'cron',
        'rule r',
      ).map((t) => t.id),
    ).toEqual(['a', 'b']);
  });

  it('refuses several families without ecs-task-definition', () => {
    expect(() =>
      chooseTargets(
        [
          { id: 'a', cluster: 'cron', taskDefinition: td('report') },
          { id: 'b', cluster: 'cron', taskDefinition: td('other') },
        ],
        undefined,
        'cron',
        'rule r',
      ),
    ).toThrow(
      'rule r has ECS targets of several task families (report, other): set ecs-task-definition to the one this image is for',
    );
  });

  it('sends the whole schedule back to UpdateSchedule, only the task definition changed', () => {
    const schedule = {
      Name: 'daily',
      GroupName: 'reports',
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      Description: 'd',
      State: 'DISABLED' as const,
      StartDate: new Date('2027-01-01T00:00:00Z'),
      KmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
      ActionAfterCompletion: 'NONE' as const,
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      Target: {
        Arn: 'cluster',
        RoleArn: 'role',
        Input: '{}',
        EcsParameters: { TaskDefinitionArn: td('report'), TaskCount: 3 },
      },
    };
    expect(updateRequest(schedule, td('report', 2))).toEqual({
      ...schedule,
      Target: { ...schedule.Target, EcsParameters: { TaskDefinitionArn: td('report', 2), TaskCount: 3 } },
    });
  });
});

describe('task diagnostics', () => {
  const task = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123abcd';

  it('finds the awslogs stream of a container: PREFIX/CONTAINER/TASK-ID', () => {
    expect(
      awslogsStream(
        {
          name: 'app',
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/web', 'awslogs-stream-prefix': 'ecs', 'awslogs-region': 'eu-central-1' },
          },
        },
        task,
        'eu-west-1',
      ),
    ).toEqual({ container: 'app', group: '/ecs/web', region: 'eu-central-1', stream: 'ecs/app/0123abcd' });
  });

  it.each([
    [{ name: 'app' }],
    [{ name: 'app', logConfiguration: { logDriver: 'json-file' as const } }],
    [{ name: 'app', logConfiguration: { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/web' } } }],
  ])('has none without awslogs and a stream prefix (%#)', (container) => {
    expect(awslogsStream(container, task, 'eu-west-1')).toBeUndefined();
  });

  it('keeps the last lines, cut to 500 characters', () => {
    const lines = logTail(['one', 'two\nthree\n', 'x'.repeat(600)], 3);
    expect(lines).toEqual(['    | two', '    | three', `    | ${'x'.repeat(500)}…`]);
  });

  it('reads the failed containers first', () => {
    expect(
      failedContainers({ containers: [{ name: 'app', exitCode: 0 }, { name: 'migrate', exitCode: 3 }, { name: 'x' }] }),
    ).toEqual(['migrate', 'x']);
    expect(failedContainers({ containers: [{ name: 'app', exitCode: 0 }] })).toEqual(['app']);
  });

  it('follow the stopped tasks in a rollout failure', () => {
    const message = rolloutFailure(
      { kind: 'waiting', deployment: undefined },
      { cluster: 'prod', service: 'web', arn: 'arn:web:2', previous: 'arn:web:1', circuitBreaker: undefined },
      {
        events: [],
        stoppedTasks: ['task 0123abcd (web:2) stopped: Essential container in task exited; container app exited 1'],
        logs: [
          'Last log lines of container app (task 0123abcd, log group /ecs/web, stream ecs/app/0123abcd):',
          '    | boom',
        ],
      },
      60,
    );
    expect(message.split('\n').slice(-4)).toEqual([
      'Stopped tasks of this deployment:',
      '  task 0123abcd (web:2) stopped: Essential container in task exited; container app exited 1',
      'Last log lines of container app (task 0123abcd, log group /ecs/web, stream ecs/app/0123abcd):',
      '    | boom',
    ]);
  });

  it('links the task in the console', () => {
    expect(consoleTaskLink('eu-west-1', 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod', task)).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/0123abcd/logs?region=eu-west-1',
    );
  });
});
