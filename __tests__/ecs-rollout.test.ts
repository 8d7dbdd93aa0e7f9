import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  afterwards,
  readRollout,
  recentEvents,
  rolloutFailure,
  stoppedTaskLines,
  type RolloutContext,
} from '../src/runtimes/ecs/rollout.js';

const NEW = 'arn:aws:ecs:us-east-1:1:task-definition/web:3';
const OLD = 'arn:aws:ecs:us-east-1:1:task-definition/web:2';
const ours = (extra: Partial<Deployment> = {}): Deployment => ({
  id: 'ecs-svc/new',
  status: 'PRIMARY',
  taskDefinition: NEW,
  rolloutState: 'IN_PROGRESS',
  desiredCount: 2,
  runningCount: 0,
  ...extra,
});
const previous: Deployment = { id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: OLD, runningCount: 2 };
const service = (deployments: Deployment[], extra: Partial<Service> = {}): Service => ({
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  deployments,
  ...extra,
});
const context: RolloutContext = {
  cluster: 'prod',
  service: 'web',
  arn: NEW,
  previous: OLD,
  circuitBreaker: undefined,
};

describe('readRollout', () => {
  it('is stable when only the new deployment is left and every desired task runs', () => {
    expect(readRollout(service([ours({ runningCount: 2 })]), NEW, 'ecs-svc/new')).toEqual({ kind: 'stable' });
  });

  it('waits while the previous deployment is still there, or tasks are missing', () => {
    expect(readRollout(service([ours(), previous]), NEW, 'ecs-svc/new').kind).toBe('waiting');
    expect(readRollout(service([ours()], { runningCount: 1 }), NEW, 'ecs-svc/new').kind).toBe('waiting');
  });

  it('fails as soon as the deployment is FAILED, even while the previous one still runs (no rollback)', () => {
    const failed = ours({ rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start.' });
    expect(readRollout(service([failed, previous]), NEW, 'ecs-svc/new')).toEqual({
      kind: 'failed',
      deployment: failed,
      rolledBackTo: undefined,
    });
  });

  it('names the rollback target when the circuit breaker rolled back', () => {
    const failed = ours({ status: 'ACTIVE', rolloutState: 'FAILED' });
    const rollback = { ...previous, id: 'ecs-svc/rollback', status: 'PRIMARY' };
    expect(readRollout(service([rollback, failed]), NEW, 'ecs-svc/new')).toMatchObject({
      kind: 'failed',
      rolledBackTo: OLD,
    });
  });

  it('sees another revision taking over, and a service that went away', () => {
    const other = { ...previous, status: 'PRIMARY', taskDefinition: 'arn:…/web:4' };
    expect(readRollout(service([other, ours({ status: 'ACTIVE' })]), NEW, 'ecs-svc/new')).toMatchObject({
      kind: 'replaced',
      by: 'arn:…/web:4',
    });
    expect(readRollout(service([], { status: 'DRAINING' }), NEW, '')).toEqual({ kind: 'gone', status: 'DRAINING' });
    expect(readRollout(undefined, NEW, '')).toEqual({ kind: 'gone', status: 'MISSING' });
  });

  it('finds its deployment by task definition when the id is unknown', () => {
    const failed = ours({ id: 'ecs-svc/other-id', rolloutState: 'FAILED' });
    expect(readRollout(service([failed, previous]), NEW, '').kind).toBe('failed');
  });
});

describe('afterwards: what ECS does next, said truthfully', () => {
  const waiting = { kind: 'waiting', deployment: ours() } as const;
  it('without a circuit breaker ECS keeps trying; the way back names the previous revision', () => {
    expect(afterwards(waiting, context)).toBe(
      `The service has no deployment circuit breaker: ECS keeps trying to start tasks of ${NEW}. ` +
        `To go back: aws ecs update-service --cluster prod --service web --task-definition ${OLD}`,
    );
  });

  it('with a circuit breaker with rollback, ECS rolls back; without rollback, it only stops', () => {
    expect(afterwards(waiting, { ...context, circuitBreaker: { enable: true, rollback: true } })).toBe(
      'ECS goes on with the deployment; if it fails, the circuit breaker rolls the service back to the last completed deployment.',
    );
    expect(afterwards(waiting, { ...context, circuitBreaker: { enable: true, rollback: false } })).toMatch(
      /^ECS goes on with the deployment; if it fails, the circuit breaker stops it without rolling back\. To go back: aws ecs update-service/,
    );
  });

  it('a FAILED deployment: rolled back by ECS, or left in place with the command to go back', () => {
    const failed = ours({ rolloutState: 'FAILED' });
    expect(afterwards({ kind: 'failed', deployment: failed, rolledBackTo: OLD }, context)).toBe(
      'ECS rolls back on its own (deployment circuit breaker with rollback).',
    );
    expect(afterwards({ kind: 'failed', deployment: failed, rolledBackTo: undefined }, context)).toContain(
      `does not roll back (the circuit breaker's rollback is off): the service stays on it, with whatever tasks of the previous deployment still run. To go back: aws ecs update-service --cluster prod --service web --task-definition ${OLD}`,
    );
  });

  it('without the previous revision, says where to go back to in words', () => {
    expect(afterwards(waiting, { ...context, previous: undefined })).toContain(
      'To go back, update the service to the task definition it ran before',
    );
  });
});

describe('evidence', () => {
  it('keeps the events since the update, newest first, at most five', () => {
    const since = new Date('2026-01-01T10:00:00Z');
    const events = [
      ...Array.from({ length: 6 }, (_, i) => ({
        createdAt: new Date(since.getTime() + (10 - i) * 1000),
        message: `(service web) event ${i}`,
      })),
      { createdAt: new Date('2026-01-01T09:00:00Z'), message: '(service web) has reached a steady state.' },
    ];
    expect(recentEvents(events, since)).toEqual([
      '2026-01-01T10:00:10.000Z (service web) event 0',
      '2026-01-01T10:00:09.000Z (service web) event 1',
      '2026-01-01T10:00:08.000Z (service web) event 2',
      '2026-01-01T10:00:07.000Z (service web) event 3',
      '2026-01-01T10:00:06.000Z (service web) event 4',
    ]);
  });

  it('says why each stopped task stopped and how its containers ended, newest first', () => {
    expect(
      stoppedTaskLines([
        {
          taskArn: 'arn:aws:ecs:us-east-1:1:task/prod/aaa',
          taskDefinitionArn: NEW,
          stoppedAt: new Date(1000),
          stoppedReason: 'Essential container in task exited',
          containers: [
            { name: 'app', exitCode: 1, reason: undefined },
            { name: 'proxy', exitCode: undefined, reason: undefined },
          ],
        },
        {
          taskArn: 'arn:aws:ecs:us-east-1:1:task/prod/bbb',
          taskDefinitionArn: NEW,
          stoppedAt: new Date(2000),
          stoppedReason: 'CannotPullContainerError: pull image manifest has been retried 7 time(s): not found',
          containers: [{ name: 'app', reason: 'CannotPullContainerError: not found' }],
        },
      ]),
    ).toEqual([
      'task bbb (web:3) stopped: CannotPullContainerError: pull image manifest has been retried 7 time(s): not found; container app has no exit code (CannotPullContainerError: not found)',
      'task aaa (web:3) stopped: Essential container in task exited; container app exited 1',
    ]);
  });

  it('builds one error: headline, what ECS does next, events, stopped tasks', () => {
    const message = rolloutFailure(
      { kind: 'waiting', deployment: ours({ failedTasks: 3 }) },
      context,
      {
        events: ['t1 (service web) failed to launch'],
        stoppedTasks: [],
        stoppedTasksError: 'ecs:ListTasks was denied',
      },
      60,
    );
    expect(message.split('\n')).toEqual([
      'service web did not become stable within 60 s (wait-timeout): deployment ecs-svc/new is IN_PROGRESS with 0 of 2 tasks running, 3 failed to start',
      expect.stringMatching(/^The service has no deployment circuit breaker/),
      'Latest service events:',
      '  t1 (service web) failed to launch',
      'Stopped tasks: could not be read (ecs:ListTasks was denied)',
    ]);
  });
});
