/** The rollout decisions, table by table, as kubectl's rollout_status.go makes them; and the stuck-pod rule. */
import { describe, expect, it } from 'vitest';
import {
  describeStuckPod,
  jobStatus,
  rolloutRefusal,
  rolloutStatus,
  stuckPod,
  type Pod,
} from '../src/runtimes/kubernetes/rollout.js';
import type { KubeObject } from '../src/runtimes/kubernetes/workload.js';

const deployment = (generation: number, status: Record<string, unknown>, replicas = 3): KubeObject => ({
  metadata: { name: 'web', generation },
  spec: { replicas },
  status,
});

describe('deployment rollout status', () => {
  it.each([
    [deployment(2, { observedGeneration: 1 }), 'waiting', 'Waiting for deployment spec update to be observed...'],
    [
      deployment(2, {
        observedGeneration: 2,
        updatedReplicas: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
      'failed',
      'deployment "web" exceeded its progress deadline',
    ],
    [
      deployment(2, { observedGeneration: 2, updatedReplicas: 1, replicas: 3 }),
      'waiting',
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    ],
    [
      deployment(2, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 }),
      'waiting',
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    ],
    [
      deployment(2, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }),
      'waiting',
      'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
    ],
    [
      deployment(2, { observedGeneration: 3, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      'done',
      'deployment "web" successfully rolled out',
    ],
    [deployment(1, { observedGeneration: 1 }, 0), 'done', 'deployment "web" successfully rolled out'],
  ])('%#: %s', (object, kind, message) => {
    expect(rolloutStatus('deployment', object)).toEqual({ kind, message });
  });

  it('does not look at the progress deadline before the new generation is observed', () => {
    const object = deployment(3, {
      observedGeneration: 2,
      conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }],
    });
    expect(rolloutStatus('deployment', object).kind).toBe('waiting');
  });
});

describe('statefulset rollout status', () => {
  const sts = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2): KubeObject => ({
    metadata: { name: 'db', generation },
    spec: { replicas: 3, ...spec },
    status,
  });
  it.each([
    [sts({}, { observedGeneration: 0 }), 'waiting', 'Waiting for statefulset spec update to be observed...'],
    [sts({}, { observedGeneration: 2, readyReplicas: 1 }), 'waiting', 'Waiting for 2 pods to be ready...'],
    [
      sts(
        { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 1 },
      ),
      'waiting',
      'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...',
    ],
    [
      sts(
        { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } },
        { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 2 },
      ),
      'done',
      'partitioned roll out complete: 2 new pods have been updated...',
    ],
    [
      sts(
        {},
        {
          observedGeneration: 2,
          readyReplicas: 3,
          updatedReplicas: 1,
          updateRevision: 'db-2',
          currentRevision: 'db-1',
        },
      ),
      'waiting',
      'waiting for statefulset rolling update to complete 1 pods at revision db-2...',
    ],
    [
      sts(
        {},
        {
          observedGeneration: 2,
          readyReplicas: 3,
          currentReplicas: 3,
          updateRevision: 'db-2',
          currentRevision: 'db-2',
        },
      ),
      'done',
      'statefulset rolling update complete 3 pods at revision db-2...',
    ],
    [
      sts({ updateStrategy: { type: 'OnDelete' } }, {}),
      'failed',
      'rollout status is only available for RollingUpdate strategy type',
    ],
  ])('%#: %s', (object, kind, message) => {
    expect(rolloutStatus('statefulset', object)).toEqual({ kind, message });
  });
});

describe('daemonset rollout status', () => {
  const ds = (status: Record<string, unknown>, generation = 2): KubeObject => ({
    metadata: { name: 'agent', generation },
    spec: {},
    status,
  });
  it.each([
    [ds({ observedGeneration: 1 }), 'waiting', 'Waiting for daemon set spec update to be observed...'],
    [
      ds({ observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 1 }),
      'waiting',
      'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...',
    ],
    [
      ds({ observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 }),
      'waiting',
      'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...',
    ],
    [
      ds({ observedGeneration: 2, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 }),
      'done',
      'daemon set "agent" successfully rolled out',
    ],
  ])('%#: %s', (object, kind, message) => {
    expect(rolloutStatus('daemonset', object)).toEqual({ kind, message });
  });
});

describe('job status', () => {
  it.each([
    [{ active: 1 }, 'waiting'],
    [{ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }, 'done'],
    [
      {
        failed: 2,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      },
      'failed',
    ],
    [{ failed: 2, conditions: [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' }] }, 'failed'],
    [{ conditions: [{ type: 'Failed', status: 'False' }] }, 'waiting'],
  ])('%j is %s', (status, kind) => {
    expect(jobStatus({ metadata: { name: 'migrate-x' }, status }).kind).toBe(kind);
  });

  it('says why a job failed', () => {
    const state = jobStatus({
      metadata: { name: 'm' },
      status: {
        failed: 2,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      },
    });
    expect(state.message).toBe(
      'job "m" failed: BackoffLimitExceeded: Job has reached the specified backoff limit (2 failed pods)',
    );
  });
});

describe('what is refused before any change', () => {
  it('a paused deployment, and OnDelete statefulsets and daemonsets', () => {
    expect(rolloutRefusal('deployment', { spec: { paused: true } }, 'deployment/web')).toMatch(
      /is paused.*kubectl rollout resume deployment\/web/,
    );
    expect(rolloutRefusal('statefulset', { spec: { updateStrategy: { type: 'OnDelete' } } }, 'statefulset/db')).toMatch(
      /updateStrategy OnDelete/,
    );
    expect(rolloutRefusal('daemonset', { spec: { updateStrategy: { type: 'OnDelete' } } }, 'daemonset/a')).toMatch(
      /updateStrategy OnDelete/,
    );
    expect(rolloutRefusal('deployment', { spec: {} }, 'deployment/web')).toBeUndefined();
    expect(rolloutRefusal('statefulset', { spec: {} }, 'statefulset/db')).toBeUndefined();
  });
});

describe('stuck pods', () => {
  const IMAGE = 'registry.example.com/app@sha256:' + 'a'.repeat(64);
  const pod = (name: string, image: string, waiting?: string, extra: Partial<Pod> = {}): Pod => ({
    metadata: { name },
    spec: {
      containers: [
        { name: 'app', image },
        { name: 'sidecar', image: 'envoy:1' },
      ],
    },
    status: {
      containerStatuses: [
        {
          name: 'app',
          restartCount: 4,
          state: waiting ? { waiting: { reason: waiting, message: 'back-off 40s' } } : {},
          lastState: { terminated: { exitCode: 3 } },
        },
      ],
    },
    ...extra,
  });

  it.each(['ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff', 'InvalidImageName'])(
    'finds a new pod in %s',
    (reason) => {
      expect(stuckPod([pod('old', 'app:1', reason), pod('new', IMAGE, reason)], 'app', IMAGE)).toMatchObject({
        pod: 'new',
        reason,
        container: 'app',
      });
    },
  );

  it('ignores old pods, pods that only start, and pods being deleted', () => {
    expect(stuckPod([pod('old', 'app:1', 'CrashLoopBackOff')], 'app', IMAGE)).toBeUndefined();
    expect(stuckPod([pod('new', IMAGE, 'ContainerCreating')], 'app', IMAGE)).toBeUndefined();
    expect(
      stuckPod(
        [pod('gone', IMAGE, 'CrashLoopBackOff', { metadata: { name: 'gone', deletionTimestamp: 'x' } })],
        'app',
        IMAGE,
      ),
    ).toBeUndefined();
  });

  it('says which pod, why, and its last log lines', () => {
    const stuck = stuckPod([pod('web-1', IMAGE, 'CrashLoopBackOff')], 'app', IMAGE)!;
    expect(describeStuckPod(stuck, ['starting', 'panic: no DATABASE_URL'])).toBe(
      [
        'pod web-1, container app: CrashLoopBackOff (restarted 4 times, last exit code 3): back-off 40s',
        'last log lines of app:',
        '  starting',
        '  panic: no DATABASE_URL',
      ].join('\n'),
    );
  });
});
