/**
 * What a green Cloud Run step must have seen: a service whose newest revision is the ready one and
 * whose traffic resolves as asked; an execution whose every task succeeded; and an update that
 * names only the fields it changes.
 */
import { describe, expect, it } from 'vitest';
import type { CloudRunInputs } from '../src/runtimes/cloud-run/inputs.js';
import { renderService, servingProblem, type Execution, type Service } from '../src/runtimes/cloud-run/render.js';
import { executionProblem } from '../src/runtimes/cloud-run/runtime.js';

const NAME = 'projects/p/locations/us-central1/services/web';
const IMAGE = `us-docker.pkg.dev/p/r/web@sha256:${'a'.repeat(64)}`;
const LATEST = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' as const;
const REVISION = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION' as const;

function serving(overrides: Partial<Service> = {}): Service {
  return {
    name: NAME,
    latestReadyRevision: `${NAME}/revisions/web-00002-new`,
    latestCreatedRevision: `${NAME}/revisions/web-00002-new`,
    terminalCondition: { type: 'Ready', state: 'CONDITION_SUCCEEDED' },
    traffic: [{ type: LATEST, percent: 100 }],
    trafficStatuses: [{ type: LATEST, revision: 'web-00002-new', percent: 100 }],
    ...overrides,
  };
}

describe('servingProblem', () => {
  it('accepts a ready service whose traffic resolves as asked, with or without resolved names', () => {
    expect(servingProblem(serving())).toBeUndefined();
    expect(servingProblem(serving({ trafficStatuses: [{ type: 1, percent: 100 }] }))).toBeUndefined();
    expect(servingProblem(serving({ traffic: [], trafficStatuses: [{ type: LATEST, percent: 100 }] }))).toBeUndefined();
    const split = {
      traffic: [
        { type: REVISION, revision: 'web-00001-old', percent: 100 },
        { type: REVISION, revision: 'web-00002-new', percent: 0, tag: 'pr-7' },
      ],
    };
    expect(servingProblem(serving({ ...split, trafficStatuses: split.traffic }))).toBeUndefined();
  });

  it('names a newest revision that failed, with Cloud Run’s message, and where traffic stays', () => {
    const failed = serving({
      latestReadyRevision: `${NAME}/revisions/web-00001-old`,
      terminalCondition: { type: 'Ready', state: 'CONDITION_FAILED', message: "Revision 'web-00002-new' is not ready" },
      conditions: [{ type: 'ConfigurationsReady', state: 3, message: 'container failed to start' }],
    });
    expect(servingProblem(failed)).toBe(
      "its newest revision web-00002-new is not ready (Revision 'web-00002-new' is not ready; ConfigurationsReady: container failed to start); traffic stays on web-00001-old",
    );
  });

  it('never accepts a service without a ready revision (a new service whose first revision failed)', () => {
    expect(servingProblem(serving({ latestReadyRevision: '', trafficStatuses: [] }))).toBe(
      'its newest revision web-00002-new is not ready; traffic stays on no revision',
    );
    expect(servingProblem(serving({ latestReadyRevision: '', latestCreatedRevision: '' }))).toBe(
      'it has no ready revision',
    );
  });

  it('refuses a Ready condition that has not succeeded, and traffic that does not serve as asked', () => {
    expect(servingProblem(serving({ terminalCondition: { type: 'Ready', state: 2 } }))).toBe(
      'it is not ready: Ready is 2',
    );
    expect(
      servingProblem(serving({ trafficStatuses: [{ type: REVISION, revision: 'web-00001-old', percent: 100 }] })),
    ).toBe('its traffic does not serve as asked: asked 100% to web-00002-new; serving 100% to web-00001-old');
    expect(servingProblem(serving({ trafficStatuses: [] }))).toBe(
      'its traffic does not serve as asked: asked 100% to web-00002-new; serving nothing',
    );
  });
});

describe('executionProblem', () => {
  const execution = (overrides: Partial<Execution>): Execution => ({
    taskCount: 2,
    succeededCount: 2,
    failedCount: 0,
    cancelledCount: 0,
    ...overrides,
  });
  it('accepts an execution only when every task succeeded', () => {
    expect(executionProblem(execution({}))).toBeUndefined();
    expect(executionProblem(execution({ succeededCount: 1 }))).toBe(
      'did not finish every task (1 of 2 tasks succeeded, 0 failed, 0 cancelled)',
    );
    expect(executionProblem(execution({ taskCount: 0, succeededCount: 0 }))).toBe(
      'did not finish every task (0 of ? tasks succeeded, 0 failed, 0 cancelled)',
    );
  });
  it('fails a cancelled execution, by count or by its condition’s reason', () => {
    expect(executionProblem(execution({ succeededCount: 1, cancelledCount: 1 }))).toBe(
      'was cancelled before it finished (1 of 2 tasks succeeded, 0 failed, 1 cancelled)',
    );
    expect(
      executionProblem(
        execution({ conditions: [{ type: 'Completed', state: 'CONDITION_FAILED', executionReason: 'CANCELLED' }] }),
      ),
    ).toMatch(/^was cancelled before it finished/);
  });
  it('fails a failed execution with its reasons', () => {
    expect(
      executionProblem(
        execution({
          succeededCount: 1,
          failedCount: 1,
          conditions: [{ type: 'Completed', state: 3, message: 'exit code 3' }],
        }),
      ),
    ).toBe('failed (1 of 2 tasks succeeded, 1 failed, 0 cancelled): Completed: exit code 3');
  });
});

describe('the update mask', () => {
  const inputs = (overrides: Partial<CloudRunInputs> = {}): CloudRunInputs => ({
    project: 'p',
    region: 'us-central1',
    target: { kind: 'service', name: 'web', noTraffic: false, revisionTag: undefined, revisionSuffix: undefined },
    env: {},
    secrets: {},
    flags: {},
    waitTimeoutSeconds: 600,
    ...overrides,
  });
  const target = (overrides: object = {}) => ({ ...(inputs().target as object), ...overrides }) as never;
  const existing = (): Service => ({
    ...serving(),
    template: {
      revision: 'web-pinned',
      maxInstanceRequestConcurrency: 80,
      containers: [{ image: IMAGE, env: [{ name: 'A', value: '1' }] }],
    },
  });

  it('names only the fields that change, and nothing when nothing does', () => {
    expect(renderService(existing(), inputs(), target(), IMAGE).updateMask).toEqual([]);
    expect(renderService(existing(), inputs({ env: { A: '2' } }), target(), IMAGE).updateMask).toEqual([
      'template.containers',
      'template.revision',
    ]);
    expect(
      renderService(existing(), inputs({ flags: { concurrency: 80, maxInstances: 5 } }), target(), IMAGE).updateMask,
    ).toEqual(['template.scaling.maxInstanceCount', 'template.revision']);
    expect(
      renderService(existing(), inputs({ flags: { serviceAccount: 'x@p.iam.gserviceaccount.com' } }), target(), IMAGE)
        .updateMask,
    ).toEqual(['template.serviceAccount', 'template.revision']);
  });

  it('names the traffic when no-traffic or a tag changes it, and the revision name a suffix sets', () => {
    expect(
      renderService(
        existing(),
        inputs(),
        target({ noTraffic: true, revisionTag: 'pr-1', revisionSuffix: 'c0ffee' }),
        IMAGE,
      ).updateMask,
    ).toEqual(['template.revision', 'traffic']);
  });
});
