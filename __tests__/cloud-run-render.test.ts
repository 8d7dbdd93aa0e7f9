import { describe, expect, it } from 'vitest';
import type { CloudRunInputs } from '../src/runtimes/cloud-run/inputs.js';
import { renderJob, renderService, type Service } from '../src/runtimes/cloud-run/render.js';
import { pullProblems } from '../src/runtimes/cloud-run/runtime.js';
import { detectRegistry } from '../src/registries/index.js';
import { parseRepository } from '../src/oci/reference.js';

const IMAGE = `us-docker.pkg.dev/p/r/web@sha256:${'a'.repeat(64)}`;
const SERVICE = 'projects/p/locations/us-central1/services/web';

function inputs(overrides: Partial<CloudRunInputs> = {}): CloudRunInputs {
  return {
    project: 'p',
    region: 'us-central1',
    target: { kind: 'service', name: 'web', noTraffic: false, revisionTag: undefined, revisionSuffix: undefined },
    env: {},
    secrets: {},
    flags: {},
    waitTimeoutSeconds: 600,
    ...overrides,
  };
}
const serviceTarget = (overrides: Partial<Extract<CloudRunInputs['target'], { kind: 'service' }>> = {}) => ({
  kind: 'service' as const,
  name: 'web',
  noTraffic: false,
  revisionTag: undefined,
  revisionSuffix: undefined,
  ...overrides,
});

function existing(overrides: Partial<Service> = {}): Service {
  return {
    name: SERVICE,
    template: {
      revision: 'web-pinned',
      containers: [
        { image: 'old', env: [{ name: 'SECRET', valueSource: { secretKeyRef: { secret: 's', version: '1' } } }] },
      ],
    },
    latestReadyRevision: `${SERVICE}/revisions/web-00003-abc`,
    traffic: [
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 90 },
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: 'web-00001-old', percent: 10, tag: 'stable' },
    ],
    ...overrides,
  };
}

describe('renderService', () => {
  it('does not touch the input object and clears a fixed revision name from an earlier deploy', () => {
    const before = existing();
    const snapshot = structuredClone(before);
    const { service, changes } = renderService(before, inputs(), serviceTarget(), IMAGE);
    expect(before).toEqual(snapshot);
    expect(service.template?.revision).toBe('');
    expect(service.template?.containers?.[0]?.image).toBe(IMAGE);
    expect(changes).toEqual([`image: old → ${IMAGE}`]);
    expect(service.traffic).toEqual(snapshot.traffic);
  });

  it('replaces a secret by a plain value only when asked, and says so', () => {
    const { service, changes } = renderService(
      existing(),
      inputs({ env: { SECRET: 'plain' } }),
      serviceTarget(),
      IMAGE,
    );
    expect(service.template?.containers?.[0]?.env).toEqual([{ name: 'SECRET', value: 'plain' }]);
    expect(changes).toContain('env SECRET: secret → plain value');
  });

  it('pins whatever followed the latest revision to the serving one with no-traffic, keeping split and tags', () => {
    const { service, changes } = renderService(
      existing(),
      inputs(),
      serviceTarget({ noTraffic: true, revisionTag: 'canary' }),
      IMAGE,
    );
    expect(service.traffic).toEqual([
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: 'web-00003-abc', percent: 90 },
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: 'web-00001-old', percent: 10, tag: 'stable' },
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 0, tag: 'canary' },
    ]);
    expect(changes).toContain('traffic: stays on web-00003-abc; the new revision gets none');
  });

  it('moves an existing tag to the new revision rather than duplicating it', () => {
    const { service } = renderService(
      existing(),
      inputs(),
      serviceTarget({ revisionTag: 'stable', revisionSuffix: 'v2' }),
      IMAGE,
    );
    expect(service.traffic?.filter((t) => t.tag === 'stable')).toEqual([
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: 'web-v2', percent: 0, tag: 'stable' },
    ]);
    expect(service.template?.revision).toBe('web-v2');
  });

  it('picks the serving container among sidecars, and refuses when it cannot tell', () => {
    const sidecars = existing({
      template: {
        containers: [
          { name: 'proxy', image: 'envoy' },
          { name: 'app', image: 'old', ports: [{ containerPort: 8080 }] },
        ],
      },
    });
    const { service } = renderService(sidecars, inputs(), serviceTarget(), IMAGE);
    expect(service.template?.containers?.map((c) => c.image)).toEqual(['envoy', IMAGE]);
    const ambiguous = existing({ template: { containers: [{ name: 'a' }, { name: 'b' }] } });
    expect(() => renderService(ambiguous, inputs(), serviceTarget(), IMAGE)).toThrow(
      'service web has 2 containers and 0 with a port: cannot tell which one runs the image',
    );
  });

  it('reports no change when the image and fields are already as asked', () => {
    const same = existing({
      template: {
        containers: [{ image: IMAGE, env: [{ name: 'A', value: '1' }], resources: { limits: { cpu: '2' } } }],
      },
    });
    const { changes, service } = renderService(
      same,
      inputs({ env: { A: '1' }, flags: { cpu: '2' } }),
      serviceTarget(),
      IMAGE,
    );
    expect(changes).toEqual([]);
    expect(service.template?.containers?.[0]?.resources).toEqual({ limits: { cpu: '2' } });
  });

  it('builds a new service with the given fields and a tag on its first revision', () => {
    const { service, changes } = renderService(
      undefined,
      inputs({ flags: { concurrency: 10, minInstances: 1, serviceAccount: 'x@p.iam.gserviceaccount.com' } }),
      serviceTarget({ revisionTag: 'first' }),
      IMAGE,
    );
    expect(service.template).toMatchObject({
      containers: [{ image: IMAGE, env: [] }],
      maxInstanceRequestConcurrency: 10,
      scaling: { minInstanceCount: 1 },
      serviceAccount: 'x@p.iam.gserviceaccount.com',
    });
    expect(service.traffic).toEqual([
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 },
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 0, tag: 'first' },
    ]);
    expect(changes[0]).toBe(`image: ${IMAGE}`);
  });
});

describe('renderJob', () => {
  it('changes the first container of the task template and keeps the rest', () => {
    const { job, changes } = renderJob(
      { template: { taskCount: 3, template: { maxRetries: 1, containers: [{ image: 'old' }, { image: 'sidecar' }] } } },
      inputs({ target: { kind: 'job', name: 'j', execute: false }, flags: { memory: '1Gi' } }),
      IMAGE,
    );
    expect(job.template).toMatchObject({
      taskCount: 3,
      template: {
        maxRetries: 1,
        containers: [{ image: IMAGE, resources: { limits: { memory: '1Gi' } } }, { image: 'sidecar' }],
      },
    });
    expect(changes).toEqual([`image: old → ${IMAGE}`, 'memory: default → 1Gi']);
  });
});

describe('where Cloud Run can pull from', () => {
  const check = (destination: string) => {
    const ref = parseRepository(destination);
    return pullProblems({ registry: ref.registry, family: detectRegistry(ref) }, 'p');
  };
  it('accepts Artifact Registry and gcr.io, warning about another project', () => {
    expect(check('us-docker.pkg.dev/p/r/web')).toEqual({ warnings: [] });
    expect(check('eu.gcr.io/p/web')).toEqual({ warnings: [] });
    expect(check('us-docker.pkg.dev/other/r/web').warnings[0]).toContain('is in another project than Cloud Run (p)');
  });
  it('warns that Docker Hub must be public, and refuses other registries', () => {
    expect(check('docker.io/org/web').warnings[0]).toContain('must be public');
    expect(check('ghcr.io/org/web').error).toContain('Cloud Run cannot pull from ghcr.io');
    expect(check('123456789012.dkr.ecr.us-east-1.amazonaws.com/web').error).toContain('cannot pull');
  });
});

describe('renderService on a service whose traffic is the default', () => {
  it('reads no traffic entries as all to the latest revision', () => {
    const bare = existing({ traffic: [] });
    expect(renderService(bare, inputs(), serviceTarget(), IMAGE).service.traffic).toEqual([]);
    expect(
      renderService(bare, inputs(), serviceTarget({ noTraffic: true, revisionTag: 'pr-5' }), IMAGE).service.traffic,
    ).toEqual([
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: 'web-00003-abc', percent: 100 },
      { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 0, tag: 'pr-5' },
    ]);
  });
});
