/**
 * The Kubernetes API stand-in checked against the real kubectl (/usr/bin/kubectl, a client nobody
 * here wrote): what kubectl apply, set image, rollout status/undo/history, logs and get -o jsonpath
 * show must be what a real cluster would show.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { startKubernetes, type KubernetesStandIn } from './helpers/kubernetes.js';

let k8s: KubernetesStandIn;
let files = 0;

beforeAll(async () => {
  k8s = await startKubernetes({ timing: { tickMs: 20 } });
});
afterAll(async () => {
  await k8s?.stop();
});

async function apply(namespace: string, ...objects: Record<string, unknown>[]): Promise<void> {
  // One YAML document per object, as a multi-document manifest.
  const file = join(k8s.dir, `manifest-${++files}.yaml`);
  await writeFile(file, objects.map((object) => toYaml(object)).join('---\n'));
  const result = await k8s.kubectl('apply', '-n', namespace, '-f', file);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

async function namespace(name: string): Promise<string> {
  const result = await k8s.kubectl('create', 'namespace', name);
  expect(result.code, result.stderr).toBe(0);
  return name;
}

const deployment = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 3,
    progressDeadlineSeconds: 2,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: 'app', image: 'registry.example/app:1', ports: [{ containerPort: 8080 }] },
          { name: 'sidecar', image: 'registry.example/sidecar:1' },
        ],
      },
    },
    ...extra,
  },
});

function history(output: string): string[] {
  return output
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/)[0]!)
    .filter(Boolean);
}

describe('the Kubernetes API stand-in, through kubectl', () => {
  it('refuses requests without the bearer token with a 401 Status, and answers /version without one', async () => {
    const anonymous = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      import('node:https').then(({ request }) => {
        const req = request(`${k8s.url}/api/v1/namespaces`, { ca: k8s.api.caPem }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
    const version = await k8s.kubectl('version', '-o', 'json');
    expect(version.code, version.stderr).toBe(0);
    expect(JSON.parse(version.stdout).serverVersion.gitVersion).toBe('v1.32.4');
    const wrong = await k8s.kubectl('get', 'pods', '--token', 'not-the-token');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Unauthorized|must be logged in/);
  });

  it('defaults a Deployment as kube-apiserver does, and rolls it out with ReplicaSets kubectl agrees with', async () => {
    const ns = await namespace('deploy-good');
    await apply(ns, deployment('web'));
    const status = await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('deployment "web" successfully rolled out');
    const get = (path: string) =>
      k8s.kubectl('get', '-n', ns, 'deployment/web', '-o', `jsonpath=${path}`).then((r) => r.stdout);
    expect(await get('{.spec.template.spec.containers[0].imagePullPolicy}')).toBe('IfNotPresent');
    expect(await get('{.spec.template.spec.containers[0].terminationMessagePath}')).toBe('/dev/termination-log');
    expect(await get('{.spec.template.spec.containers[0].ports[0].protocol}')).toBe('TCP');
    expect(
      await get(
        '{.spec.template.spec.restartPolicy} {.spec.template.spec.dnsPolicy} {.spec.template.spec.schedulerName} {.spec.template.spec.terminationGracePeriodSeconds}',
      ),
    ).toBe('Always ClusterFirst default-scheduler 30');
    expect(
      await get('{.spec.strategy.type} {.spec.strategy.rollingUpdate.maxSurge} {.spec.revisionHistoryLimit}'),
    ).toBe('RollingUpdate 25% 10');
    expect(await get('{.metadata.annotations.deployment\\.kubernetes\\.io/revision}')).toBe('1');
    expect(await get('{.status.updatedReplicas}/{.status.availableReplicas}/{.status.observedGeneration}')).toBe(
      '3/3/1',
    );
    const rs = await k8s.kubectl(
      'get',
      '-n',
      ns,
      'replicasets',
      '-l',
      'app=web',
      '-o',
      'jsonpath={.items[*].metadata.labels.pod-template-hash}',
    );
    expect(rs.stdout).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);

    // set image: a strategic merge patch of one container, by name; the sidecar keeps its image.
    const set = await k8s.kubectl('set', 'image', '-n', ns, 'deployment/web', 'app=registry.example/app:2');
    expect(set.code, set.stderr).toBe(0);
    const patch = k8s.requestsTo({ verb: 'patch', resource: 'deployments', namespace: ns }).at(-1)!;
    expect(patch.contentType).toBe('application/strategic-merge-patch+json');
    expect(patch.fieldManager).toBe('kubectl-set');
    expect(JSON.stringify(patch.body)).toContain('$setElementOrder/containers');
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s')).code).toBe(0);
    expect(await get('{.spec.template.spec.containers[*].image}')).toBe(
      'registry.example/app:2 registry.example/sidecar:1',
    );
    expect(
      await get(
        '{.metadata.generation} {.status.observedGeneration} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}',
      ),
    ).toBe('2 2 2');
    const listed = await k8s.kubectl('rollout', 'history', '-n', ns, 'deployment/web');
    expect(history(listed.stdout)).toEqual(['1', '2']);
    // A strategic merge patch guarded by resourceVersion, with a change-cause: the controller copies
    // the annotation to the new ReplicaSet, where rollout history reads it.
    const current = k8s.get('deployments', ns, 'web')!;
    const guarded = await k8s.request(
      'PATCH',
      `/apis/apps/v1/namespaces/${ns}/deployments/web?fieldManager=portable-deploy`,
      {
        metadata: {
          resourceVersion: current.metadata.resourceVersion,
          annotations: { 'kubernetes.io/change-cause': 'deploy app@sha256:3' },
        },
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
              containers: [{ name: 'app', image: 'registry.example/app@sha256:3' }],
            },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    expect(guarded.status).toBe(200);
    expect(
      (guarded.body as { metadata: { managedFields: { manager: string }[] } }).metadata.managedFields.map(
        (entry) => entry.manager,
      ),
    ).toContain('portable-deploy');
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s')).code).toBe(0);
    const caused = await k8s.kubectl('rollout', 'history', '-n', ns, 'deployment/web');
    expect(caused.stdout).toMatch(/^3\s+deploy app@sha256:3$/m);
    expect((await k8s.kubectl('rollout', 'undo', '-n', ns, 'deployment/web')).code).toBe(0);
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s')).code).toBe(0);
    // The old ReplicaSet is scaled to zero and kept (revisionHistoryLimit).
    const sets = await k8s.kubectl(
      'get',
      '-n',
      ns,
      'rs',
      '-o',
      'jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision}={.spec.replicas} {end}',
    );
    expect(sets.stdout.trim().split(' ').sort()).toEqual(['1=0', '3=0', '4=3']);
  });

  it('fails rollout status at the progress deadline for a crashing image, and undo reuses the previous ReplicaSet', async () => {
    const ns = await namespace('deploy-crash');
    k8s.imageRule({ match: 'app:crash', outcome: 'crash', logs: ['boot', 'panic: no config'] });
    await apply(ns, deployment('web'));
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s')).code).toBe(0);
    expect((await k8s.kubectl('set', 'image', '-n', ns, 'deployment/web', 'app=registry.example/app:2')).code).toBe(0);
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s')).code).toBe(0);
    expect((await k8s.kubectl('set', 'image', '-n', ns, 'deployment/web', 'app=registry.example/app:crash')).code).toBe(
      0,
    );
    const failed = await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=30s');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('deployment "web" exceeded its progress deadline');
    const progressing = await k8s.kubectl(
      'get',
      '-n',
      ns,
      'deployment/web',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}',
    );
    expect(progressing.stdout).toBe('ProgressDeadlineExceeded');
    // The old pods keep serving (maxUnavailable), the new pod crash-loops with its logs.
    const newHash = (
      await k8s.kubectl(
        'get',
        '-n',
        ns,
        'rs',
        '-l',
        'app=web',
        '-o',
        'jsonpath={.items[?(@.metadata.annotations.deployment\\.kubernetes\\.io/revision=="3")].metadata.labels.pod-template-hash}',
      )
    ).stdout;
    const pod = await k8s.waitFor(
      async () => {
        const found = await k8s.kubectl(
          'get',
          '-n',
          ns,
          'pods',
          '-l',
          `pod-template-hash=${newHash}`,
          '-o',
          'jsonpath={range .items[*]}{.metadata.name} {.status.containerStatuses[0].state.waiting.reason} {.status.containerStatuses[0].restartCount}{"\\n"}{end}',
        );
        const line = found.stdout.split('\n').find((entry) => / CrashLoopBackOff [1-9]/.test(entry));
        return line?.split(' ')[0];
      },
      20_000,
      'a CrashLoopBackOff pod',
    );
    // Between back-offs the container runs again briefly, as a real crash loop shows.
    const table = await k8s.kubectl('get', '-n', ns, 'pods');
    expect(table.stdout).toMatch(new RegExp(`^${pod}\\s+[01]/2\\s+(CrashLoopBackOff|Running)\\s+[1-9]`, 'm'));
    const logs = await k8s.kubectl('logs', '-n', ns, pod, '-c', 'app', '--previous');
    expect(logs.stdout).toBe('boot\npanic: no config\n');
    expect(
      (await k8s.kubectl('get', '-n', ns, 'deployment/web', '-o', 'jsonpath={.status.availableReplicas}')).stdout,
    ).toBe('3');

    const namesBefore = (await k8s.kubectl('get', '-n', ns, 'rs', '-o', 'jsonpath={.items[*].metadata.name}')).stdout
      .split(' ')
      .sort();
    const undo = await k8s.kubectl('rollout', 'undo', '-n', ns, 'deployment/web');
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toContain('rolled back');
    const jsonPatch = k8s.requestsTo({ verb: 'patch', resource: 'deployments', namespace: ns }).at(-1)!;
    expect(jsonPatch.contentType).toBe('application/json-patch+json');
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s')).code).toBe(0);
    expect(
      (await k8s.kubectl('get', '-n', ns, 'deployment/web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'))
        .stdout,
    ).toBe('registry.example/app:2');
    // No new ReplicaSet: revision 2's is revision 4 now, with its old number in revision-history.
    const namesAfter = (await k8s.kubectl('get', '-n', ns, 'rs', '-o', 'jsonpath={.items[*].metadata.name}')).stdout
      .split(' ')
      .sort();
    expect(namesAfter).toEqual(namesBefore);
    const listed = await k8s.kubectl('rollout', 'history', '-n', ns, 'deployment/web');
    expect(history(listed.stdout)).toEqual(['1', '3', '4']);
    const reused = await k8s.kubectl(
      'get',
      '-n',
      ns,
      'rs',
      '-o',
      'jsonpath={.items[?(@.metadata.annotations.deployment\\.kubernetes\\.io/revision=="4")].metadata.annotations.deployment\\.kubernetes\\.io/revision-history}',
    );
    expect(reused.stdout).toBe('2');
    // Undo again to the same template: kubectl sees the templates equal after defaulting.
    const again = await k8s.kubectl('rollout', 'undo', '-n', ns, 'deployment/web', '--to-revision=4');
    expect(again.stdout + again.stderr).toContain('skipped rollback (current template already matches revision 4)');
  });

  it('shows ErrImagePull / ImagePullBackOff for an image the loopback registry does not have', async () => {
    const { createServer } = await import('node:http');
    const seen: string[] = [];
    const registry = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(req.url?.includes('/manifests/sha256:aaaa') ? 200 : 404, {
        'docker-content-digest': 'sha256:aaaa',
      });
      res.end();
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const port = (registry.address() as { port: number }).port;
    try {
      const ns = await namespace('pull');
      const good = `127.0.0.1:${port}/team/app@sha256:aaaa`;
      const missing = `127.0.0.1:${port}/team/app@sha256:bbbb`;
      await apply(ns, {
        ...deployment('web'),
        spec: {
          ...deployment('web').spec,
          replicas: 1,
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: good }] } },
        },
      });
      expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'deployment/web', '--timeout=20s')).code).toBe(0);
      expect(seen).toContain('HEAD /v2/team/app/manifests/sha256:aaaa');
      expect((await k8s.kubectl('set', 'image', '-n', ns, 'deployment/web', `app=${missing}`)).code).toBe(0);
      const reasons = new Set<string>();
      await k8s.waitFor(
        async () => {
          const out = await k8s.kubectl(
            'get',
            '-n',
            ns,
            'pods',
            '-o',
            'jsonpath={.items[*].status.containerStatuses[0].state.waiting.reason}',
          );
          for (const reason of out.stdout.split(' ').filter(Boolean)) reasons.add(reason);
          return reasons.has('ErrImagePull') && reasons.has('ImagePullBackOff');
        },
        20_000,
        'ErrImagePull then ImagePullBackOff',
      );
      const pod = (
        await k8s.kubectl(
          'get',
          '-n',
          ns,
          'pods',
          '-o',
          `jsonpath={.items[?(@.spec.containers[0].image=="${missing}")].metadata.name}`,
        )
      ).stdout;
      const logs = await k8s.kubectl('logs', '-n', ns, pod);
      expect(logs.code).not.toBe(0);
      expect(logs.stderr).toContain('is waiting to start: trying and failing to pull image');
      const events = await k8s.kubectl('get', 'events', '-n', ns, '-o', 'jsonpath={.items[*].message}');
      expect(events.stdout).toContain(`Failed to pull image "${missing}"`);
    } finally {
      registry.close();
    }
  });

  it('rolls a StatefulSet out from the highest ordinal, with ControllerRevisions that undo renumbers', async () => {
    const ns = await namespace('sts');
    await apply(ns, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } },
      },
    });
    const first = await k8s.kubectl('rollout', 'status', '-n', ns, 'statefulset/db', '--timeout=20s');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('partitioned roll out complete: 3 new pods have been updated');
    expect((await k8s.kubectl('set', 'image', '-n', ns, 'statefulset/db', 'db=db:2')).code).toBe(0);
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'statefulset/db', '--timeout=20s')).code).toBe(0);
    const images = await k8s.kubectl(
      'get',
      '-n',
      ns,
      'pods',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image} {end}',
    );
    expect(images.stdout.trim().split(' ').sort()).toEqual(['db-0=db:2', 'db-1=db:2', 'db-2=db:2']);
    const status = await k8s.kubectl(
      'get',
      '-n',
      ns,
      'statefulset/db',
      '-o',
      'jsonpath={.status.currentRevision}={.status.updateRevision} {.status.updatedReplicas}',
    );
    const [revisions, updated] = status.stdout.split(' ');
    const [current, update] = revisions!.split('=');
    expect(current).toBe(update);
    expect(updated).toBe('3');
    expect(history((await k8s.kubectl('rollout', 'history', '-n', ns, 'statefulset/db')).stdout)).toEqual(['1', '2']);
    const undo = await k8s.kubectl('rollout', 'undo', '-n', ns, 'statefulset/db');
    expect(undo.code, undo.stderr).toBe(0);
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'statefulset/db', '--timeout=20s')).code).toBe(0);
    expect(
      (await k8s.kubectl('get', '-n', ns, 'statefulset/db', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'))
        .stdout,
    ).toBe('db:1');
    expect(history((await k8s.kubectl('rollout', 'history', '-n', ns, 'statefulset/db')).stdout)).toEqual(['2', '3']);
    expect(
      (
        await k8s.kubectl('get', '-n', ns, 'controllerrevisions', '-o', 'jsonpath={.items[*].metadata.name}')
      ).stdout.split(' '),
    ).toHaveLength(2);
  });

  it('does not finish a StatefulSet rollout while its updated pod crash-loops, as the real controller', async () => {
    const ns = await namespace('sts-broken');
    k8s.imageRule({ match: 'db:broken', outcome: 'crash' });
    await apply(ns, {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } },
      },
    });
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'statefulset/db', '--timeout=20s')).code).toBe(0);
    expect((await k8s.kubectl('set', 'image', '-n', ns, 'statefulset/db', 'db=db:broken')).code).toBe(0);
    const stuck = await k8s.kubectl('rollout', 'status', '-n', ns, 'statefulset/db', '--timeout=2s');
    expect(stuck.code).not.toBe(0);
    expect(stuck.stdout).toContain('Waiting for 1 pods to be ready');
    // db-1 was replaced and crash-loops; db-0 was not touched.
    const images = await k8s.kubectl(
      'get',
      '-n',
      ns,
      'pods',
      '-o',
      'jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image} {end}',
    );
    expect(images.stdout.trim().split(' ').sort()).toEqual(['db-0=db:1', 'db-1=db:broken']);
  });

  it('rolls a DaemonSet out one node at a time, and undoes it', async () => {
    const ns = await namespace('ds');
    await apply(ns, {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { containers: [{ name: 'agent', image: 'agent:1' }] },
        },
      },
    });
    const first = await k8s.kubectl('rollout', 'status', '-n', ns, 'daemonset/agent', '--timeout=20s');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('daemon set "agent" successfully rolled out');
    expect(
      (
        await k8s.kubectl(
          'get',
          '-n',
          ns,
          'daemonset/agent',
          '-o',
          'jsonpath={.spec.updateStrategy.rollingUpdate.maxUnavailable} {.status.desiredNumberScheduled}',
        )
      ).stdout,
    ).toBe('1 2');
    expect((await k8s.kubectl('set', 'image', '-n', ns, 'daemonset/agent', 'agent=agent:2')).code).toBe(0);
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'daemonset/agent', '--timeout=20s')).code).toBe(0);
    const images = await k8s.kubectl('get', '-n', ns, 'pods', '-o', 'jsonpath={.items[*].spec.containers[0].image}');
    expect(images.stdout).toBe('agent:2 agent:2');
    expect(history((await k8s.kubectl('rollout', 'history', '-n', ns, 'daemonset/agent')).stdout)).toEqual(['1', '2']);
    expect((await k8s.kubectl('rollout', 'undo', '-n', ns, 'daemonset/agent')).code).toBe(0);
    expect((await k8s.kubectl('rollout', 'status', '-n', ns, 'daemonset/agent', '--timeout=20s')).code).toBe(0);
    expect(
      (await k8s.kubectl('get', '-n', ns, 'pods', '-o', 'jsonpath={.items[*].spec.containers[0].image}')).stdout,
    ).toBe('agent:1 agent:1');
    expect(history((await k8s.kubectl('rollout', 'history', '-n', ns, 'daemonset/agent')).stdout)).toEqual(['2', '3']);
  });

  it('runs Jobs to completion or to their backoff limit', async () => {
    const ns = await namespace('jobs');
    k8s.imageRule({ match: 'task:fails', outcome: 'crash', exitCode: 3, logs: ['migrating', 'error: table missing'] });
    const job = (name: string, image: string) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'task', image }] } } },
    });
    await apply(ns, job('ok', 'task:1'), job('bad', 'task:fails'));
    const complete = await k8s.kubectl('wait', '-n', ns, '--for=condition=complete', 'job/ok', '--timeout=20s');
    expect(complete.code, complete.stderr).toBe(0);
    const failed = await k8s.kubectl('wait', '-n', ns, '--for=condition=failed', 'job/bad', '--timeout=20s');
    expect(failed.code, failed.stderr).toBe(0);
    expect(
      (
        await k8s.kubectl(
          'get',
          '-n',
          ns,
          'job/bad',
          '-o',
          'jsonpath={.status.failed} {.status.conditions[?(@.type=="Failed")].reason}',
        )
      ).stdout,
    ).toBe('2 BackoffLimitExceeded');
    const logs = await k8s.kubectl('logs', '-n', ns, 'job/bad');
    expect(logs.stdout).toBe('migrating\nerror: table missing\n');
    // A Job's template cannot change.
    const patched = await k8s.kubectl('set', 'image', '-n', ns, 'job/ok', 'task=task:2');
    expect(patched.code).not.toBe(0);
    expect(patched.stderr).toContain('field is immutable');
  });

  it('answers chosen requests with 409 or 5xx, and a failed JSON Patch test with 422', async () => {
    const ns = await namespace('faults');
    await apply(ns, deployment('web'));
    k8s.fail({ verb: 'patch', resource: 'deployments', namespace: ns, status: 409 });
    const conflict = await k8s.kubectl('set', 'image', '-n', ns, 'deployment/web', 'app=registry.example/app:9');
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Operation cannot be fulfilled on deployments.apps "web"');
    k8s.fail({ verb: 'get', resource: 'deployments', name: 'web', status: 500, times: 10 });
    const broken = await k8s.kubectl('get', '-n', ns, 'deployment/web', '--request-timeout=5s');
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain('Internal error occurred');
    k8s.api.faults.length = 0;
    const test = await k8s.kubectl(
      'patch',
      '-n',
      ns,
      'deployment/web',
      '--type=json',
      '-p',
      JSON.stringify([
        { op: 'test', path: '/spec/template/spec/containers/0/image', value: 'other' },
        { op: 'replace', path: '/spec/replicas', value: 1 },
      ]),
    );
    expect(test.code).not.toBe(0);
    expect(test.stderr).toContain('testing value /spec/template/spec/containers/0/image failed: test failed');
    const last = k8s.requestsTo({ verb: 'patch', namespace: ns }).at(-1)!;
    expect(last.status).toBe(422);
    // A stale resourceVersion in a strategic merge patch is a Conflict.
    const stale = await k8s.request(
      'PATCH',
      `/apis/apps/v1/namespaces/${ns}/deployments/web`,
      { metadata: { resourceVersion: '1' }, spec: { replicas: 2 } },
      'application/strategic-merge-patch+json',
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: 'Status', reason: 'Conflict', code: 409 });
    // dryRun=All changes nothing.
    const before = k8s.get('deployments', ns, 'web')!;
    const dry = await k8s.kubectl(
      'set',
      'image',
      '-n',
      ns,
      'deployment/web',
      'app=registry.example/app:dry',
      '--dry-run=server',
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(k8s.requestsTo({ verb: 'patch', namespace: ns }).at(-1)!.dryRun).toBe(true);
    expect(k8s.get('deployments', ns, 'web')!.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('serves rollout status through a watch list (sendInitialEvents) as kubectl with WatchListClient does', async () => {
    const ns = await namespace('watchlist');
    await apply(ns, deployment('web'));
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      import('node:child_process').then(({ execFile }) => {
        execFile(
          'kubectl',
          [
            '--kubeconfig',
            k8s.kubeconfigPath,
            '--cache-dir',
            join(k8s.dir, 'kube-cache'),
            'rollout',
            'status',
            '-n',
            ns,
            'deployment/web',
            '--timeout=20s',
          ],
          { env: { ...process.env, KUBE_FEATURE_WatchListClient: 'true' } },
          (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout, stderr }),
        );
      });
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('successfully rolled out');
    const watches = k8s.requestsTo({ verb: 'watch', resource: 'deployments', namespace: ns });
    expect(watches.some((request) => request.query.sendInitialEvents === 'true')).toBe(true);
  });
});
