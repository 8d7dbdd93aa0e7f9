/** The typed settings of cloud-run-flags, secret files and env-update applied to a service or job. Pure. */
import { describe, expect, it } from 'vitest';
import type { CloudRunInputs } from '../src/runtimes/cloud-run/inputs.js';
import { renderJob, renderService, type Service } from '../src/runtimes/cloud-run/render.js';
import { durationSeconds } from '../src/runtimes/cloud-run/render-settings.js';

const IMAGE = `us-docker.pkg.dev/p/r/web@sha256:${'a'.repeat(64)}`;
const NAME = 'projects/p/locations/us-central1/services/web';
const WHERE = { project: 'p', region: 'us-central1' };
const target = {
  kind: 'service' as const,
  name: 'web',
  noTraffic: false,
  revisionTag: undefined,
  revisionSuffix: undefined,
};

function inputs(overrides: Partial<CloudRunInputs> = {}): CloudRunInputs {
  return {
    project: 'p',
    region: 'us-central1',
    target,
    env: {},
    secrets: {},
    flags: {},
    waitTimeoutSeconds: 600,
    ...overrides,
  };
}

/** A service as a GET shows it, already running IMAGE. */
function existing(): Service {
  return {
    name: NAME,
    labels: { team: 'payments' },
    ingress: 1,
    template: {
      timeout: { seconds: '300', nanos: 0 },
      containers: [
        {
          image: IMAGE,
          env: [
            { name: 'KEEP', value: '1' },
            { name: 'TOKEN', valueSource: { secretKeyRef: { secret: 't', version: '1' } } },
          ],
          resources: { limits: { cpu: '1000m' }, startupCpuBoost: true },
          volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
        },
      ],
      volumes: [{ name: 'config', emptyDir: {} }],
      executionEnvironment: 2,
    },
    latestReadyRevision: `${NAME}/revisions/web-00001-old`,
  };
}

const render = (overrides: Partial<CloudRunInputs>) =>
  renderService(existing(), inputs(overrides), target, IMAGE, WHERE);

describe('renderService: each setting, its plan line and its mask path', () => {
  it.each<[string, CloudRunInputs['flags'], string[], string[], (s: Service) => unknown, unknown]>([
    [
      'timeout',
      { timeoutSeconds: 900 },
      ['timeout: 300s → 900s'],
      ['template.timeout'],
      (s) => s.template?.timeout,
      { seconds: 900 },
    ],
    [
      'command',
      { command: ['/app/server', '--verbose'] },
      [`command: (the image's) → ["/app/server","--verbose"]`],
      ['template.containers'],
      (s) => s.template?.containers?.[0]?.command,
      ['/app/server', '--verbose'],
    ],
    [
      'args',
      { args: ['a,b'] },
      [`args: (the image's) → ["a,b"]`],
      ['template.containers'],
      (s) => s.template?.containers?.[0]?.args,
      ['a,b'],
    ],
    [
      'vpc-connector by name, made full with project and region',
      { vpcConnector: 'conn', vpcEgress: 'private-ranges-only' },
      [
        'vpc-connector: none → projects/p/locations/us-central1/connectors/conn',
        'vpc-egress: default → private-ranges-only',
      ],
      ['template.vpcAccess'],
      (s) => s.template?.vpcAccess,
      { connector: 'projects/p/locations/us-central1/connectors/conn', egress: 'PRIVATE_RANGES_ONLY' },
    ],
    [
      'Direct VPC egress',
      { network: 'default', subnet: 'apps', vpcEgress: 'all-traffic' },
      ['direct vpc: none → default/apps', 'vpc-egress: default → all-traffic'],
      ['template.vpcAccess'],
      (s) => s.template?.vpcAccess,
      { networkInterfaces: [{ network: 'default', subnetwork: 'apps' }], egress: 'ALL_TRAFFIC' },
    ],
    [
      'Cloud SQL',
      { cloudSqlInstances: ['p:us-central1:db'] },
      ['cloudsql-instances: none → p:us-central1:db'],
      ['template.volumes', 'template.containers'],
      (s) => [s.template?.volumes?.[1], s.template?.containers?.[0]?.volumeMounts?.[1]],
      [
        { name: 'cloudsql', cloudSqlInstance: { instances: ['p:us-central1:db'] } },
        { name: 'cloudsql', mountPath: '/cloudsql' },
      ],
    ],
    [
      'execution environment',
      { executionEnvironment: 'gen1' },
      ['execution-environment: gen2 → gen1'],
      ['template.executionEnvironment'],
      (s) => s.template?.executionEnvironment,
      'EXECUTION_ENVIRONMENT_GEN1',
    ],
    [
      'cpu boost',
      { cpuBoost: false },
      ['cpu-boost: true → false'],
      ['template.containers'],
      (s) => s.template?.containers?.[0]?.resources,
      { limits: { cpu: '1000m' }, startupCpuBoost: false },
    ],
    [
      'session affinity',
      { sessionAffinity: true },
      ['session-affinity: false → true'],
      ['template.sessionAffinity'],
      (s) => s.template?.sessionAffinity,
      true,
    ],
    [
      'ingress',
      { ingress: 'internal' },
      ['ingress: all → internal'],
      ['ingress'],
      (s) => s.ingress,
      'INGRESS_TRAFFIC_INTERNAL_ONLY',
    ],
    [
      'labels, merged',
      { labels: { 'managed-by': 'github-actions', team: 'payments' } },
      ['label managed-by: set github-actions'],
      ['labels'],
      (s) => s.labels,
      { team: 'payments', 'managed-by': 'github-actions' },
    ],
  ])('%s', (_, flags, changes, mask, pick, value) => {
    const rendered = render({ flags });
    expect(rendered.changes).toEqual(changes);
    expect(rendered.updateMask).toEqual(mask);
    expect(pick(rendered.service)).toEqual(value);
    // Applied again to what it produced, nothing is left to change.
    expect(renderService(rendered.service, inputs({ flags }), target, IMAGE, WHERE).changes).toEqual([]);
  });

  it('changes nothing for settings already as asked, however the client decoded them', () => {
    expect(
      render({
        flags: {
          timeoutSeconds: 300,
          executionEnvironment: 'gen2',
          cpuBoost: true,
          ingress: 'all',
          labels: { team: 'payments' },
        },
      }).changes,
    ).toEqual([]);
    expect(durationSeconds('300s')).toBe(300);
    expect(durationSeconds({ seconds: 1, nanos: 500_000_000 })).toBe(1.5);
  });

  it('switches from a connector to Direct VPC, and refuses egress without any VPC access', () => {
    const service = existing();
    service.template!.vpcAccess = { connector: 'projects/p/locations/us-central1/connectors/c', egress: 1 };
    const rendered = renderService(service, inputs({ flags: { network: 'default' } }), target, IMAGE, WHERE);
    expect(rendered.service.template?.vpcAccess).toEqual({ egress: 1, networkInterfaces: [{ network: 'default' }] });
    expect(rendered.changes).toEqual([
      'vpc-connector: projects/p/locations/us-central1/connectors/c → none',
      'direct vpc: none → default',
    ]);
    expect(() => render({ flags: { vpcEgress: 'all-traffic' } })).toThrow(
      'cloud-run-flags: vpc-egress needs VPC access: add vpc-connector, or network/subnet (Direct VPC egress), to cloud-run-flags',
    );
  });

  it('mounts secret files, one volume per directory, keeping other volumes', () => {
    const rendered = render({
      secretFiles: {
        '/etc/secrets/tls.key': { secret: 'tls', version: 'latest' },
        '/etc/secrets/tls.old': { secret: 'tls', version: '1' },
        '/var/keys/api': { secret: 'projects/other/secrets/api', version: '3' },
      },
    });
    expect(rendered.service.template?.volumes).toEqual([
      { name: 'config', emptyDir: {} },
      {
        name: 'secret-etc-secrets',
        secret: {
          secret: 'tls',
          items: [
            { path: 'tls.key', version: 'latest' },
            { path: 'tls.old', version: '1' },
          ],
        },
      },
      {
        name: 'secret-var-keys',
        secret: { secret: 'projects/other/secrets/api', items: [{ path: 'api', version: '3' }] },
      },
    ]);
    expect(rendered.service.template?.containers?.[0]?.volumeMounts).toEqual([
      { name: 'config', mountPath: '/etc/config' },
      { name: 'secret-etc-secrets', mountPath: '/etc/secrets' },
      { name: 'secret-var-keys', mountPath: '/var/keys' },
    ]);
    expect(rendered.changes).toEqual([
      'secret file /etc/secrets/tls.key: tls:latest',
      'secret file /etc/secrets/tls.old: tls:1',
      'secret file /var/keys/api: projects/other/secrets/api:3',
    ]);
    expect(rendered.updateMask).toEqual(['template.volumes', 'template.containers']);
    // A new version of a mounted secret changes that volume in place.
    const again = renderService(
      rendered.service,
      inputs({ secretFiles: { '/etc/secrets/tls.key': { secret: 'tls', version: '2' } } }),
      target,
      IMAGE,
      WHERE,
    );
    expect(again.service.template?.volumes?.[1]).toEqual({
      name: 'secret-etc-secrets',
      secret: { secret: 'tls', items: [{ path: 'tls.key', version: '2' }] },
    });
    expect(again.updateMask).toEqual(['template.volumes']);
    expect(() => render({ secretFiles: { '/etc/config/key': { secret: 's', version: '1' } } })).toThrow(
      'service web already mounts volume config on /etc/config, which is not a secret volume',
    );
  });

  it('overwrites the environment with cloud-run-env-update: overwrite, merges by default', () => {
    expect(render({ env: { NEW: 'x' } }).service.template?.containers?.[0]?.env?.map((e) => e.name)).toEqual([
      'KEEP',
      'TOKEN',
      'NEW',
    ]);
    const overwritten = render({
      env: { NEW: 'x' },
      secrets: { TOKEN: { secret: 't', version: '1' } },
      envUpdate: 'overwrite',
    });
    expect(overwritten.service.template?.containers?.[0]?.env).toEqual([
      { name: 'TOKEN', valueSource: { secretKeyRef: { secret: 't', version: '1' } } },
      { name: 'NEW', value: 'x' },
    ]);
    expect(overwritten.changes).toEqual(['env NEW: set', 'env KEEP: removed (cloud-run-env-update: overwrite)']);
  });
});

describe('renderJob: the job settings', () => {
  it('sets tasks, parallelism, retries, task timeout, labels and the shared settings', () => {
    const job = {
      name: 'projects/p/locations/us-central1/jobs/migrate',
      template: {
        taskCount: 1,
        template: { maxRetries: 3, timeout: { seconds: 600 }, containers: [{ image: IMAGE }] },
      },
    };
    const { job: rendered, changes } = renderJob(
      job,
      inputs({
        target: { kind: 'job', name: 'migrate', execute: false },
        flags: {
          tasks: 10,
          parallelism: 2,
          maxRetries: 0,
          taskTimeoutSeconds: 3600,
          command: ['migrate'],
          vpcConnector: 'c',
          labels: { 'managed-by': 'github-actions' },
        },
      }),
      IMAGE,
      WHERE,
    );
    expect(rendered).toMatchObject({
      labels: { 'managed-by': 'github-actions' },
      template: {
        taskCount: 10,
        parallelism: 2,
        template: {
          maxRetries: 0,
          timeout: { seconds: 3600 },
          containers: [{ image: IMAGE, command: ['migrate'] }],
          vpcAccess: { connector: 'projects/p/locations/us-central1/connectors/c' },
        },
      },
    });
    expect(changes).toEqual([
      `command: (the image's) → ["migrate"]`,
      'task-timeout: 600s → 3600s',
      'vpc-connector: none → projects/p/locations/us-central1/connectors/c',
      'tasks: 1 → 10',
      'parallelism: default → 2',
      'max-retries: 3 → 0',
      'label managed-by: set github-actions',
    ]);
  });
});
