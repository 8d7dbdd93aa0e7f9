/**
 * The pure parts of the Kubernetes API stand-in (scripts/kubernetes/): kube-apiserver's defaulting,
 * the three patch types, selectors, EKS token checks, the protobuf envelope, and the simulated
 * controllers driven tick by tick without a server.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import {
  createControllers,
  REVISION,
  REVISION_HISTORY,
  resolveIntOrPercent,
} from '../scripts/kubernetes/controllers.js';
import {
  defaultDeployment,
  defaultJob,
  defaultPullPolicy,
  defaultStatefulSet,
  templateHash,
  templatesEqualIgnoringHash,
} from '../scripts/kubernetes/defaults.js';
import { checkEksTokenShape, verifySignature } from '../scripts/kubernetes/eks.js';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from '../scripts/kubernetes/patch.js';
import { DEFAULT_TIMING, Kubelet, parseImage } from '../scripts/kubernetes/pods.js';
import { decodeProtobuf } from '../scripts/kubernetes/protobuf.js';
import {
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  selectorText,
} from '../scripts/kubernetes/selectors.js';
import { Store } from '../scripts/kubernetes/store.js';
import type { Condition, Job, KubeObject, Workload } from '../scripts/kubernetes/types.js';

const workload = (image = 'app:1'): Workload => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 80 }] }] },
    },
  },
});

describe('defaulting', () => {
  it('defaults a Deployment and its pod template as kube-apiserver does', () => {
    const deployment = workload();
    defaultDeployment(deployment);
    expect(deployment.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
    expect(deployment.spec.template.spec).toEqual({
      containers: [
        {
          name: 'app',
          image: 'app:1',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
    });
    expect(deployment.spec.template.metadata?.creationTimestamp).toBeNull();
  });

  it('leaves a Recreate strategy without rollingUpdate, and keeps what the user set', () => {
    const deployment = workload();
    deployment.spec.strategy = { type: 'Recreate' };
    deployment.spec.replicas = 0;
    defaultDeployment(deployment);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.replicas).toBe(0);
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/team/app', 'Always'],
    ['localhost:5000/team/app:2', 'IfNotPresent'],
    ['registry.example/app@sha256:abcd', 'IfNotPresent'],
    ['registry.example/app:latest@sha256:abcd', 'Always'],
  ])('imagePullPolicy of %s is %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('defaults StatefulSets and Jobs', () => {
    const set = workload();
    defaultStatefulSet(set);
    expect(set.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    const job: Job = {
      metadata: { name: 'j' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'x:1' }], restartPolicy: 'Never' } } },
    };
    defaultJob(job);
    expect(job.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
    });
  });

  it('compares templates after defaulting and without pod-template-hash', () => {
    const a = workload();
    const b = workload();
    defaultDeployment(a);
    b.spec.template.metadata!.labels!['pod-template-hash'] = 'abc';
    defaultDeployment(b);
    expect(templatesEqualIgnoringHash(a.spec.template, b.spec.template)).toBe(true);
    const c = workload('app:2');
    defaultDeployment(c);
    expect(templatesEqualIgnoringHash(a.spec.template, c.spec.template)).toBe(false);
    expect(templateHash(a.spec.template)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(templateHash(a.spec.template)).not.toBe(templateHash(c.spec.template));
  });
});

describe('strategic merge patch', () => {
  const current = {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:1',
              env: [{ name: 'A', value: '1' }],
              ports: [{ containerPort: 80, protocol: 'TCP' }],
            },
            { name: 'sidecar', image: 'side:1' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    },
    metadata: { finalizers: ['a'], labels: { x: '1', y: '2' } },
  };

  it('merges containers by name, as kubectl set image sends it', () => {
    const patched = strategicMergePatch(current, {
      spec: {
        template: {
          spec: {
            $setElementOrder: undefined,
            '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
            containers: [{ image: 'app:2', name: 'app' }],
          },
        },
      },
    });
    expect(patched.spec).toEqual({
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'app:2',
              env: [{ name: 'A', value: '1' }],
              ports: [{ containerPort: 80, protocol: 'TCP' }],
            },
            { name: 'sidecar', image: 'side:1' },
          ],
          volumes: [{ name: 'data', emptyDir: {} }],
        },
      },
    });
  });

  it('orders by $setElementOrder, deletes with $patch: delete and null, and replaces with $patch: replace', () => {
    const patched = strategicMergePatch(current, {
      metadata: { labels: { y: null, z: '3' }, finalizers: ['b'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }],
            containers: [
              {
                name: 'app',
                env: [
                  { name: 'A', $patch: 'delete' },
                  { name: 'B', value: '2' },
                ],
              },
            ],
            volumes: [{ name: 'data', $patch: 'replace', configMap: { name: 'c' } }],
          },
        },
      },
    }) as typeof current;
    expect(patched.metadata).toEqual({ finalizers: ['a', 'b'], labels: { x: '1', z: '3' } });
    const containers = patched.spec.template.spec.containers;
    expect(containers.map((container) => container.name)).toEqual(['sidecar', 'app']);
    expect(containers[1]!.env).toEqual([{ name: 'B', value: '2' }]);
    expect(patched.spec.template.spec.volumes).toEqual([{ name: 'data', configMap: { name: 'c' } }]);
  });

  it('replaces a whole template with $patch: replace (ControllerRevision data)', () => {
    const patched = strategicMergePatch(current, {
      spec: { template: { $patch: 'replace', spec: { containers: [{ name: 'only', image: 'x:1' }] } } },
    }) as typeof current;
    expect(patched.spec.template).toEqual({ spec: { containers: [{ name: 'only', image: 'x:1' }] } });
  });

  it('keeps only $retainKeys and merges ports by containerPort', () => {
    const patched = strategicMergePatch(
      { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    );
    expect(patched).toEqual({ spec: { strategy: { type: 'Recreate' } } });
    const ports = strategicMergePatch(
      { ports: [{ containerPort: 80, name: 'http' }] },
      { ports: [{ containerPort: 80, name: 'web' }, { containerPort: 443 }] },
    );
    expect(ports).toEqual({ ports: [{ containerPort: 80, name: 'web' }, { containerPort: 443 }] });
  });

  it('refuses a list element without its merge key', () => {
    expect(() =>
      strategicMergePatch(current, { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }),
    ).toThrow(/does not contain declared merge key: name/);
  });
});

describe('JSON Patch and merge patch', () => {
  const doc = {
    spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
    metadata: { annotations: { a: '1' } },
  };

  it('applies test, replace, add, remove, move and copy', () => {
    const patched = jsonPatch(doc, [
      { op: 'test', path: '/spec/template/spec/containers/0/image', value: 'app:1' },
      { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'app:2' },
      { op: 'add', path: '/metadata/annotations/b~1c', value: '2' },
      { op: 'copy', from: '/metadata/annotations/a', path: '/metadata/annotations/d' },
      { op: 'move', from: '/metadata/annotations/d', path: '/metadata/annotations/e' },
      { op: 'remove', path: '/metadata/annotations/a' },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'x', image: 'x:1' } },
    ]);
    expect(patched).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'app:2' },
              { name: 'x', image: 'x:1' },
            ],
          },
        },
      },
      metadata: { annotations: { 'b/c': '2', e: '1' } },
    });
    expect(doc.spec.template.spec.containers[0]!.image).toBe('app:1');
  });

  it('fails a test with evanphx/json-patch`s message (422), and applies nothing', () => {
    let error: unknown;
    try {
      jsonPatch(doc, [
        { op: 'test', path: '/spec/template/spec/containers/0/image', value: 'other' },
        { op: 'replace', path: '/spec/template', value: {} },
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PatchError);
    expect((error as PatchError).status).toBe(422);
    expect((error as PatchError).message).toBe(
      'testing value /spec/template/spec/containers/0/image failed: test failed',
    );
    expect(() => jsonPatch(doc, [{ op: 'replace', path: '/metadata/labels', value: {} }])).toThrow(
      /replace operation does not apply/,
    );
  });

  it('merge-patches as RFC 7386', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: [1] }, { a: { b: null, e: 3 }, d: [2] })).toEqual({
      a: { c: 2, e: 3 },
      d: [2],
    });
  });
});

describe('selectors', () => {
  it('parses and matches label selectors', () => {
    const requirements = parseLabelSelector('app=web,tier!=db,env in (prod, staging),!canary,team');
    expect(matchesLabels({ app: 'web', env: 'prod', team: 'a' }, requirements)).toBe(true);
    expect(matchesLabels({ app: 'web', env: 'prod', team: 'a', canary: 'y' }, requirements)).toBe(false);
    expect(matchesLabels({ app: 'web', env: 'dev', team: 'a' }, requirements)).toBe(false);
    expect(
      selectorText({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['1'] }] }),
    ).toBe('app=web,x notin (1)');
    expect(parseFieldSelector('metadata.name=web')).toEqual([{ path: 'metadata.name', op: '=', value: 'web' }]);
  });

  it('splits image references as the kubelet resolves them', () => {
    expect(parseImage('nginx')).toEqual({ host: 'docker.io', repository: 'library/nginx', reference: 'latest' });
    expect(parseImage('127.0.0.1:5000/team/app:2')).toEqual({
      host: '127.0.0.1:5000',
      repository: 'team/app',
      reference: '2',
    });
    expect(parseImage('r.example/app:1@sha256:ab')).toEqual({
      host: 'r.example',
      repository: 'app',
      reference: 'sha256:ab',
    });
  });
});

describe('EKS tokens', () => {
  class Sha256 {
    private readonly hash;
    constructor(secret?: unknown) {
      this.hash = secret ? createHmac('sha256', secret as string | Uint8Array) : createHash('sha256');
    }
    update(data: string | Uint8Array): void {
      this.hash.update(data);
    }
    digest(): Promise<Uint8Array> {
      return Promise.resolve(new Uint8Array(this.hash.digest()));
    }
  }

  async function presign(cluster: string, signingDate: Date): Promise<string> {
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      region: 'us-east-1',
      service: 'sts',
      sha256: Sha256,
    });
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'sts.us-east-1.amazonaws.com',
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: 'sts.us-east-1.amazonaws.com', 'x-k8s-aws-id': cluster },
      },
      { expiresIn: 60, signingDate },
    );
    const query = new URLSearchParams(signed.query as Record<string, string>).toString();
    return `k8s-aws-v1.${Buffer.from(`https://sts.us-east-1.amazonaws.com/?${query}`).toString('base64url')}`;
  }

  it('accepts a presigned GetCallerIdentity URL signed for the cluster, and checks its signature', async () => {
    const now = new Date();
    const token = await presign('prod', now);
    const shape = checkEksTokenShape(token, { stsUrl: 'http://127.0.0.1:5000' }, now.getTime());
    expect('url' in shape).toBe(true);
    const url = (shape as { url: URL }).url;
    expect(verifySignature(url, 'prod', 'secret')).toBe(true);
    expect(verifySignature(url, 'other-cluster', 'secret')).toBe(false);
    expect(verifySignature(url, 'prod', 'wrong')).toBe(false);
  });

  it('refuses tokens older than 15 minutes, without x-k8s-aws-id, or for another host', async () => {
    const old = new Date(Date.now() - 16 * 60 * 1000);
    const stale = checkEksTokenShape(await presign('prod', old), { stsUrl: 'http://127.0.0.1:5000' });
    expect(stale).toEqual({ error: 'X-Amz-Date parameter is expired (15 minute expiration)' });
    const foreign = `k8s-aws-v1.${Buffer.from('https://evil.example/?Action=GetCallerIdentity').toString('base64url')}`;
    expect(checkEksTokenShape(foreign, { stsUrl: 'http://127.0.0.1:5000' })).toEqual({
      error: 'unexpected hostname "evil.example" in pre-signed URL',
    });
  });
});

describe('protobuf', () => {
  it('reads a Namespace in the k8s envelope, as kubectl create namespace sends it', () => {
    const field = (number: number, payload: Buffer) =>
      Buffer.concat([Buffer.from([(number << 3) | 2, payload.length]), payload]);
    const string = (number: number, value: string) => field(number, Buffer.from(value));
    const meta = Buffer.concat([string(1, 'team-a'), field(11, Buffer.concat([string(1, 'env'), string(2, 'prod')]))]);
    const namespace = field(1, meta);
    const envelope = Buffer.concat([
      Buffer.from('k8s\0'),
      field(1, Buffer.concat([string(1, 'v1'), string(2, 'Namespace')])),
      field(2, namespace),
      string(4, 'application/vnd.kubernetes.protobuf'),
    ]);
    expect(decodeProtobuf(envelope)).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { env: 'prod' } },
    });
  });
});

describe('the simulated controllers', () => {
  function cluster(rules: ConstructorParameters<typeof Kubelet>[1]['rules'] = []) {
    const store = new Store();
    store.create('namespaces', { metadata: { name: 'default' } });
    const kubelet = new Kubelet(
      store,
      { rules, registries: {}, checkLoopbackRegistries: false, timing: { ...DEFAULT_TIMING } },
      () => {},
    );
    const controllers = createControllers(
      store,
      kubelet,
      () => {},
      () => ['node-1'],
    );
    let now = Date.now();
    /** Advances simulated time in steps (the kubelet's image decisions are promises). */
    const run = async (ms: number) => {
      for (let passed = 0; passed <= ms; passed += 50) {
        controllers.tick(now);
        await new Promise((resolve) => setImmediate(resolve));
        now += 50;
      }
    };
    return { store, run, now: () => now };
  }

  const deploy = (store: Store, image: string, replicas = 2, progressDeadlineSeconds = 600) => {
    const current = store.get('deployments', 'default', 'web') as Workload | undefined;
    const next = workload(image);
    next.spec.replicas = replicas;
    next.spec.progressDeadlineSeconds = progressDeadlineSeconds;
    defaultDeployment(next);
    if (current) {
      current.spec = next.spec;
      store.update('deployments', current);
    } else store.create('deployments', next);
  };

  const progressing = (store: Store) =>
    ((store.get('deployments', 'default', 'web')!.status!.conditions as Condition[]) ?? []).find(
      (c) => c.type === 'Progressing',
    );

  it('rolls a Deployment to a new ReplicaSet and reuses the old one on undo', async () => {
    const { store, run } = cluster();
    deploy(store, 'app:1');
    await run(2000);
    expect(progressing(store)?.reason).toBe('NewReplicaSetAvailable');
    deploy(store, 'app:2');
    await run(3000);
    const sets = store.list('replicasets') as Workload[];
    expect(
      sets.map((rs) => [
        rs.spec.template.spec.containers[0]!.image,
        rs.spec.replicas,
        rs.metadata.annotations?.[REVISION],
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['app:1', 0, '1'],
        ['app:2', 2, '2'],
      ]),
    );
    deploy(store, 'app:1');
    await run(3000);
    const after = store.list('replicasets') as Workload[];
    expect(after).toHaveLength(2);
    const reused = after.find((rs) => rs.spec.template.spec.containers[0]!.image === 'app:1')!;
    expect(reused.metadata.annotations?.[REVISION]).toBe('3');
    expect(reused.metadata.annotations?.[REVISION_HISTORY]).toBe('1');
    expect(store.get('deployments', 'default', 'web')!.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
    });
    expect(
      store
        .list('pods')
        .map((pod: KubeObject) => (pod.spec as Workload['spec']['template']['spec']).containers[0]!.image),
    ).toEqual(['app:1', 'app:1']);
  });

  it('reports ProgressDeadlineExceeded for a crashing image once the deadline passes, keeping the old pods', async () => {
    const { store, run } = cluster([{ match: ':crash', outcome: 'crash' }]);
    deploy(store, 'app:1', 2, 3);
    await run(2000);
    deploy(store, 'app:crash', 2, 3);
    await run(1000);
    expect(progressing(store)?.status).toBe('True');
    await run(4000);
    expect(progressing(store)).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    const pods = store.list('pods');
    const crashing = pods.filter(
      (pod) => (pod.spec as { containers: { image: string }[] }).containers[0]!.image === 'app:crash',
    );
    expect(crashing.length).toBeGreaterThan(0);
    const waiting = (
      crashing[0]!.status!.containerStatuses as { state: { waiting?: { reason: string } }; restartCount: number }[]
    )[0]!;
    expect(waiting.restartCount).toBeGreaterThan(0);
    expect(store.get('deployments', 'default', 'web')!.status).toMatchObject({
      availableReplicas: 2,
      replicas: 3,
      updatedReplicas: 1,
    });
  });

  it('resolves intstr percentages as the controller does', () => {
    expect(resolveIntOrPercent('25%', 3, true)).toBe(1);
    expect(resolveIntOrPercent('25%', 3, false)).toBe(0);
    expect(resolveIntOrPercent(2, 3, false)).toBe(2);
  });
});

describe('tables', () => {
  it('prints pods as kubectl get shows them', async () => {
    const { toTable, age } = await import('../scripts/kubernetes/table.js');
    const pod: KubeObject = {
      metadata: { name: 'web-1', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
          { name: 'b', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    };
    const table = toTable('pods', [pod], '10', null, Date.parse('2026-01-01T00:05:00Z')) as {
      rows: { cells: unknown[] }[];
    };
    expect(table.rows[0]!.cells).toEqual(['web-1', '1/2', 'CrashLoopBackOff', '3', '5m']);
    expect(age('2026-01-01T00:00:00Z', Date.parse('2026-01-03T00:00:00Z'))).toBe('2d');
  });
});
