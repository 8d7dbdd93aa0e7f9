/**
 * The Kubernetes runtime against the local API stand-in (scripts/kubernetes-api.ts), which defaults
 * objects and runs the controllers and a kubelet: deploy, already running, a crash undone, a
 * concurrent change, Job runs, StatefulSets, DaemonSets and CronJobs, several workloads in order,
 * and the plan. The real kubectl checks what the controllers show afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKubernetesApi, type KubernetesApi } from '../scripts/kubernetes-api.js';
import { KubernetesClient } from '../src/runtimes/kubernetes/client.js';
import { kubeconfigConnection } from '../src/runtimes/kubernetes/connection.js';
import type { KubernetesInputs, WorkloadRef } from '../src/runtimes/kubernetes/inputs.js';
import { kubernetesRuntime } from '../src/runtimes/kubernetes/runtime.js';
import type { KubeObject } from '../src/runtimes/kubernetes/workload.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { RunTimeoutError, withinDeadline } from '../src/deadline.js';
import { detectRegistry } from '../src/registries/index.js';

const run = promisify(execFile);
const OLD = 'registry.example.com/app:1';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const IMAGE = `registry.example.com/app@${digest('a')}`;
const CRASHING = `registry.example.com/app@${digest('c')}`;
const UNPULLABLE = `registry.example.com/app@${digest('e')}`;
const FAILING_JOB = `registry.example.com/app@${digest('f')}`;
/** Runs and never becomes ready (a readiness probe that never passes): only a timeout ends its rollout. */
const NEVER_READY = `registry.example.com/app@${digest('d')}`;

let api: KubernetesApi;
let dir: string;
let kubeconfigPath: string;
let client: KubernetesClient;
let namespace = 'default';
let counter = 0;

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(
    'kubectl',
    ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'kubectl-cache'), '-n', namespace, ...args],
    { timeout: 30_000 },
  );
  return stdout;
}

function target(image: string, planning = false): DeployTarget {
  return {
    image,
    registry: 'registry.example.com',
    family: detectRegistry({ registry: 'registry.example.com', repository: 'app' }),
    planning,
    pullCredentials: async () => undefined,
    platforms: async () => ['linux/amd64'],
  };
}

function runtime(workloads: WorkloadRef[], extra: Partial<KubernetesInputs> = {}) {
  const inputs: KubernetesInputs = {
    workloads,
    namespace,
    container: undefined,
    cluster: { kind: 'inline', kubeconfig: api.kubeconfig(), context: undefined },
    rollback: true,
    waitTimeoutSeconds: 20,
    ...extra,
  };
  return kubernetesRuntime(inputs, {
    connect: () => kubeconfigConnection({ kind: 'inline', kubeconfig: api.kubeconfig(), context: undefined }),
    pollIntervalMs: 50,
    env: {},
  });
}

async function deploy(workloads: WorkloadRef[], image: string, extra: Partial<KubernetesInputs> = {}) {
  const lines: string[] = [];
  const prepared = await runtime(workloads, extra).prepare(target(image), (line) => lines.push(line));
  const result = await prepared.deploy((line) => lines.push(line));
  return { prepared, result, lines };
}

async function deployError(
  workloads: WorkloadRef[],
  image: string,
  extra: Partial<KubernetesInputs> = {},
): Promise<Error> {
  try {
    await deploy(workloads, image, extra);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the deploy succeeded');
}

const podTemplate = (image: string, labels: Record<string, string>, restartPolicy?: string) => ({
  metadata: { labels },
  spec: {
    containers: [{ name: 'app', image, ports: [{ containerPort: 8080 }] }],
    ...(restartPolicy && { restartPolicy }),
  },
});

async function create(resource: string, group: string, body: Record<string, unknown>): Promise<KubeObject> {
  return client.call<KubeObject>('POST', `/apis/${group}/v1/namespaces/${namespace}/${resource}`, { body });
}

async function createDeployment(name: string, image = OLD, replicas = 2): Promise<void> {
  await create('deployments', 'apps', {
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: podTemplate(image, { app: name }) },
  });
  await kubectl('rollout', 'status', `deployment/${name}`, '--timeout=20s');
}

const get = (path: string) => client.get<KubeObject>(`/apis/${path}`);
const writes = () =>
  api.requests.filter(
    (r) => ['PATCH', 'POST', 'PUT', 'DELETE'].includes(r.method) && !r.dryRun && !r.path.startsWith('/stand-in'),
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pd-k8s-test-'));
  api = await startKubernetesApi({
    rules: [
      { digest: digest('c'), outcome: 'crash', exitCode: 3, logs: ['starting app', 'panic: DATABASE_URL is not set'] },
      { digest: digest('e'), outcome: 'pull-error' },
      { digest: digest('f'), outcome: 'exit', exitCode: 2, logs: ['migrating', 'error: table exists'] },
      { digest: digest('d'), outcome: 'unready' },
    ],
  });
  kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, api.kubeconfig(), { mode: 0o600 });
  client = new KubernetesClient(
    await kubeconfigConnection({ kind: 'inline', kubeconfig: api.kubeconfig(), context: undefined }),
  );
});

afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Each test in its own namespace.
  namespace = `t${++counter}`;
  await client.call('POST', '/api/v1/namespaces', { body: { metadata: { name: namespace } } });
  api.requests.length = 0;
  api.faults.length = 0;
});

describe('a Deployment', () => {
  it('gets the image by an image-only patch, and kubectl agrees the rollout is done', async () => {
    await createDeployment('web');
    api.requests.length = 0;
    const { result, prepared } = await deploy([{ kind: 'deployment', name: 'web' }], IMAGE);
    expect(prepared.plan).toContain(`  + image: ${IMAGE}`);
    expect(result.outputs).toEqual({ 'k8s-revision': '2', 'k8s-previous-image': OLD, 'k8s-job': '' });
    expect(result.detail).toBe(`deployment/web rolled out ${IMAGE} (revision 2)`);

    const patches = writes();
    expect(patches).toHaveLength(1);
    expect(patches[0]).toMatchObject({
      method: 'PATCH',
      resource: 'deployments',
      name: 'web',
      fieldManager: 'portable-deploy',
    });
    expect(patches[0]!.contentType).toMatch(/^application\/strategic-merge-patch\+json/);
    const body = patches[0]!.body as {
      metadata: { resourceVersion: string; annotations: Record<string, string> };
      spec: unknown;
    };
    expect(body.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(Object.keys(body.metadata.annotations)).toEqual(['kubernetes.io/change-cause']);
    expect(body.spec).toEqual({ template: { spec: { containers: [{ name: 'app', image: IMAGE }] } } });
    // The server dry run came first, in prepare.
    expect(api.requests.some((r) => r.method === 'PATCH' && r.dryRun)).toBe(true);

    expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=5s')).toContain('successfully rolled out');
    expect(
      (await kubectl('get', 'deployment/web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}')).trim(),
    ).toBe(IMAGE);
    expect(await kubectl('rollout', 'history', 'deployment/web')).toMatch(/2\s+portable-deploy: set image app=/);
  });

  it('does nothing when the template already runs the digest, and checks it is healthy', async () => {
    await createDeployment('web', IMAGE);
    api.requests.length = 0;
    const { result, prepared } = await deploy([{ kind: 'deployment', name: 'web' }], IMAGE);
    expect(prepared.plan[0]).toBe(
      `deployment/web already runs ${IMAGE} (container app): would change nothing and check it is healthy`,
    );
    expect(writes()).toEqual([]);
    expect(api.requests.filter((r) => r.dryRun)).toEqual([]);
    expect(result.detail).toBe(`deployment/web already ran ${IMAGE}: unchanged, healthy`);
    expect(result.outputs['k8s-previous-image']).toBe(IMAGE);
  });

  it('is undone when the new pods crash: the exact previous template serves again, and kubectl rollout history shows the reused revision', async () => {
    await createDeployment('web');
    const before = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
    const error = await deployError([{ kind: 'deployment', name: 'web' }], CRASHING);
    expect(error.message).toMatch(
      /deployment\/web: a new pod cannot start: pod web-\S+, container app: CrashLoopBackOff/,
    );
    expect(error.message).toContain('panic: DATABASE_URL is not set');
    expect(error.message).toContain(`deployment/web was undone: the previous template (image ${OLD}) serves again`);

    const after = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
    expect(after.spec?.template).toEqual(before.spec?.template);
    expect(after.metadata?.annotations?.['kubernetes.io/change-cause']).toBeUndefined();
    const undo = writes().find((r) => r.contentType?.startsWith('application/json-patch+json'))!;
    expect((undo.body as { op: string; value?: unknown }[])[0]).toEqual({
      op: 'test',
      path: '/spec/template/spec/containers/0/image',
      value: CRASHING,
    });
    expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=5s')).toContain('successfully rolled out');
    // The controller reused the first ReplicaSet (revision 1 became 3), as the real one does.
    const history = await kubectl('rollout', 'history', 'deployment/web');
    expect(history).toMatch(/^2\s/m);
    expect(history).toMatch(/^3\s/m);
    expect(history).not.toMatch(/^1\s/m);
    expect(
      (
        await kubectl(
          'get',
          'deployment/web',
          '-o',
          'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}',
        )
      ).trim(),
    ).toBe('3');
  });

  it('fails early on an image that cannot be pulled, and says so', async () => {
    await createDeployment('web');
    const started = Date.now();
    const error = await deployError([{ kind: 'deployment', name: 'web' }], UNPULLABLE);
    expect(error.message).toMatch(/container app: (ErrImagePull|ImagePullBackOff)/);
    expect(error.message).toContain('was undone');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('with k8s-rollback false, leaves the failed rollout as it is and says how to undo it', async () => {
    await createDeployment('web');
    const error = await deployError([{ kind: 'deployment', name: 'web' }], CRASHING, { rollback: false });
    expect(error.message).toContain(
      `k8s-rollback is false: left as it is. To undo by hand: kubectl rollout undo deployment/web -n ${namespace}`,
    );
    const after = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
    expect(after.spec?.template?.spec?.containers?.[0]?.image).toBe(CRASHING);
  });

  it('fails clearly on a concurrent change (409), changing nothing', async () => {
    await createDeployment('web');
    const prepared = await runtime([{ kind: 'deployment', name: 'web' }]).prepare(target(IMAGE), () => {});
    api.faults.push({ method: 'PATCH', resource: 'deployments', patchType: 'strategic', status: 409, times: 1 });
    api.requests.length = 0;
    await expect(prepared.deploy(() => {})).rejects.toThrow(
      /deployment\/web was changed by someone else while this run patched it \(409 Conflict on resourceVersion \d+\): nothing was changed by this run/,
    );
    const after = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
    expect(after.spec?.template?.spec?.containers?.[0]?.image).toBe(OLD);
    expect(writes().filter((r) => r.status < 300)).toEqual([]);
  });

  it('rides out a 503 on the patch and on reads, sending the patch again only when it was not applied', async () => {
    await createDeployment('web');
    const prepared = await runtime([{ kind: 'deployment', name: 'web' }]).prepare(target(IMAGE), () => {});
    api.faults.push({ method: 'PATCH', resource: 'deployments', patchType: 'strategic', status: 503, times: 1 });
    api.faults.push({ method: 'GET', verb: 'get', resource: 'deployments', status: 500, times: 2 });
    api.requests.length = 0;
    const result = await prepared.deploy(() => {});
    expect(result.outputs['k8s-revision']).toBe('2');
    const patches = api.requests.filter((r) => r.method === 'PATCH' && !r.dryRun);
    expect(patches.map((r) => r.status)).toEqual([503, 200]);
  });

  it('never overwrites a deploy made by someone else during the rollout', async () => {
    await createDeployment('web');
    const prepared = await runtime([{ kind: 'deployment', name: 'web' }]).prepare(target(CRASHING), () => {});
    const other = `registry.example.com/app@${digest('d')}`;
    let done = false;
    api.hooks.push(async (request) => {
      if (done || request.method !== 'PATCH' || request.dryRun || request.fieldManager !== 'portable-deploy') return;
      done = true;
      // Right after our patch, someone else sets another image.
      setTimeout(() => {
        void kubectl('set', 'image', 'deployment/web', `app=${other}`);
      }, 100);
    });
    const error = await prepared.deploy(() => {}).catch((e: Error) => e);
    api.hooks.length = 0;
    expect(String(error)).toMatch(/changed by someone else during the rollout|no longer runs/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
    expect(after.spec?.template?.spec?.containers?.[0]?.image).toBe(other);
  });

  it('plans with the image diff and a server dry run, writing nothing', async () => {
    await createDeployment('web');
    api.requests.length = 0;
    const prepared = await runtime([{ kind: 'deployment', name: 'web' }]).prepare(target(IMAGE, true), () => {});
    expect(prepared.plan).toEqual([
      'deployment/web, container app:',
      `  - image: ${OLD}`,
      `  + image: ${IMAGE}`,
      'server dry run of patching deployment/web: accepted',
      'would wait for each rollout as kubectl rollout status does (at most 20 s each, failing early on pods that cannot pull the image or keep crashing), and undo every change on failure',
    ]);
    expect(writes()).toEqual([]);
  });

  it('plans for an identity that may only read, and refuses the deploy before the push when it may not patch', async () => {
    await createDeployment('web');
    api.requests.length = 0;
    api.faults.push({ method: 'PATCH', resource: 'deployments', status: 403, times: 1 });
    const planned = await runtime([{ kind: 'deployment', name: 'web' }]).prepare(target(IMAGE, true), () => {});
    expect(planned.plan).toContain(`  + image: ${IMAGE}`);
    expect(planned.plan.find((line) => line.startsWith('server dry run'))).toMatch(
      /^server dry run of patching deployment\/web: not allowed for this identity/,
    );
    api.faults.push({ method: 'PATCH', resource: 'deployments', status: 403, times: 1 });
    await expect(runtime([{ kind: 'deployment', name: 'web' }]).prepare(target(IMAGE), () => {})).rejects.toThrow(
      /the server dry run of patching deployment\/web in namespace \S+ \(context .*\) was forbidden: .*Grant the workflow's identity that permission/,
    );
    expect(writes()).toEqual([]);
  });

  it("runs a kubeconfig's exec plugin for its token, as kubectl does", async () => {
    await createDeployment('web');
    const plugin = join(dir, 'credential-plugin.sh');
    await writeFile(
      plugin,
      `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${api.token}"}}'\n`,
      { mode: 0o755 },
    );
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: c',
      '  cluster:',
      `    server: ${api.url}`,
      `    certificate-authority-data: ${Buffer.from(api.caPem).toString('base64')}`,
      'users:',
      '- name: u',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      `      command: ${plugin}`,
      '      interactiveMode: Never',
      'contexts:',
      '- name: ci',
      `  context: { cluster: c, user: u, namespace: ${namespace} }`,
      'current-context: other',
      '- name: other',
      '',
    ].join('\n');
    const connection = await kubeconfigConnection({
      kind: 'inline',
      kubeconfig: kubeconfig.replace('current-context: other\n- name: other\n', 'current-context: ci\n'),
      context: 'ci',
    });
    expect(connection.namespace).toBe(namespace);
    const object = await new KubernetesClient(connection).get<KubeObject>(
      `/apis/apps/v1/namespaces/${namespace}/deployments/web`,
    );
    expect(object.metadata?.name).toBe('web');
    await expect(kubeconfigConnection({ kind: 'inline', kubeconfig, context: 'nope' })).rejects.toThrow();
  });

  it('refuses a missing workload or container before anything changes', async () => {
    await expect(runtime([{ kind: 'deployment', name: 'nope' }]).prepare(target(IMAGE), () => {})).rejects.toThrow(
      `k8s-workload: deployment/nope does not exist in namespace ${namespace}`,
    );
    await createDeployment('web');
    await expect(
      runtime([{ kind: 'deployment', name: 'web' }], { container: 'api' }).prepare(target(IMAGE), () => {}),
    ).rejects.toThrow('deployment/web has no container "api" (k8s-container); its containers are: app');
  });
});

describe('other kinds', () => {
  it('a StatefulSet and a DaemonSet roll out as kubectl rollout status says', async () => {
    await create('statefulsets', 'apps', {
      metadata: { name: 'db' },
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: podTemplate(OLD, { app: 'db' }),
      },
    });
    await create('daemonsets', 'apps', {
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate(OLD, { app: 'agent' }) },
    });
    await kubectl('rollout', 'status', 'statefulset/db', '--timeout=20s');
    await kubectl('rollout', 'status', 'daemonset/agent', '--timeout=20s');
    const { result } = await deploy(
      [
        { kind: 'statefulset', name: 'db' },
        { kind: 'daemonset', name: 'agent' },
      ],
      IMAGE,
    );
    expect(result.outputs['k8s-previous-image']).toBe(`statefulset/db=${OLD}\ndaemonset/agent=${OLD}`);
    expect(result.outputs['k8s-revision']).toMatch(/^statefulset\/db=db-\w+\ndaemonset\/agent=2$/);
    expect(await kubectl('rollout', 'status', 'statefulset/db', '--timeout=5s')).toMatch(
      /rolling update complete|roll out complete/,
    );
    expect(await kubectl('rollout', 'status', 'daemonset/agent', '--timeout=5s')).toContain('successfully rolled out');
  });

  it('several workloads: when a later one fails, every change is undone in reverse order', async () => {
    await createDeployment('web');
    await create('daemonsets', 'apps', {
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate(OLD, { app: 'agent' }) },
    });
    await kubectl('rollout', 'status', 'daemonset/agent', '--timeout=20s');
    // The Deployment rolls out; then the image starts crashing, so the DaemonSet's new pods do.
    const image = `registry.example.com/app@${digest('9')}`;
    api.hooks.push((request) => {
      if (request.method === 'PATCH' && request.resource === 'daemonsets' && !request.dryRun)
        api.kubelet.rules.unshift({ digest: digest('9'), outcome: 'crash' });
    });
    const error = await deployError(
      [
        { kind: 'deployment', name: 'web' },
        { kind: 'daemonset', name: 'agent' },
      ],
      image,
    );
    api.hooks.length = 0;
    api.kubelet.rules.shift();
    expect(error.message).toMatch(
      /^daemonset\/agent: a new pod cannot start: pod agent-\S+, container app: CrashLoopBackOff/,
    );
    const lines = error.message.split('\n');
    const agentUndone = lines.findIndex((line) => line.startsWith('daemonset/agent was undone'));
    const webUndone = lines.findIndex((line) => line.startsWith('deployment/web was undone'));
    expect(agentUndone).toBeGreaterThan(0);
    expect(webUndone).toBeGreaterThan(agentUndone);
    for (const path of [
      `apps/v1/namespaces/${namespace}/daemonsets/agent`,
      `apps/v1/namespaces/${namespace}/deployments/web`,
    ]) {
      const object = await get(path);
      expect(object.spec?.template?.spec?.containers?.[0]?.image).toBe(OLD);
    }
  });

  it('an undo that cannot be finished is said, and the other undos still run', async () => {
    await createDeployment('web');
    await create('daemonsets', 'apps', {
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate(OLD, { app: 'agent' }) },
    });
    await kubectl('rollout', 'status', 'daemonset/agent', '--timeout=20s');
    const image = `registry.example.com/app@${digest('8')}`;
    // The DaemonSet's new pods crash; its undo is refused (422), and reading it back fails every time.
    api.faults.push({ method: 'PATCH', resource: 'daemonsets', patchType: 'json', status: 422, times: 1 });
    let patched = false;
    let armed = false;
    api.hooks.push((request) => {
      if (request.method === 'PATCH' && request.resource === 'daemonsets' && !request.dryRun && !patched) {
        patched = true;
        api.kubelet.rules.unshift({ digest: digest('8'), outcome: 'crash' });
      }
      // The crashed pod's logs are read for the error, just before the undo: from then on the
      // DaemonSet cannot be read back.
      if (patched && !armed && request.subresource === 'log') {
        armed = true;
        api.faults.push({ method: 'GET', verb: 'get', resource: 'daemonsets', status: 500, times: 4 });
      }
    });
    const error = await deployError(
      [
        { kind: 'deployment', name: 'web' },
        { kind: 'daemonset', name: 'agent' },
      ],
      image,
    );
    api.hooks.length = 0;
    api.faults.length = 0;
    api.kubelet.rules.shift();
    const lines = error.message.split('\n');
    expect(lines[0]).toMatch(/^daemonset\/agent: a new pod cannot start: .*CrashLoopBackOff/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^daemonset/agent could NOT be undone \\(.*\\): it may still run ${image.replace(/[.@]/g, '\\$&')}\\. Undo it by hand: kubectl rollout undo daemonset/agent -n ${namespace}$`,
        ),
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^deployment\/web was undone: the previous template/));
    const web = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
    expect(web.spec?.template?.spec?.containers?.[0]?.image).toBe(OLD);
  });

  it('a CronJob gets the image in its job template', async () => {
    await create('cronjobs', 'batch', {
      metadata: { name: 'nightly' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: { spec: { template: podTemplate(OLD, { app: 'nightly' }, 'OnFailure') } },
      },
    });
    const { result } = await deploy([{ kind: 'cronjob', name: 'nightly' }], IMAGE);
    expect(result.detail).toBe(`cronjob/nightly runs ${IMAGE} from its next schedule`);
    const cronjob = await get(`batch/v1/namespaces/${namespace}/cronjobs/nightly`);
    expect(cronjob.spec?.jobTemplate?.spec?.template?.spec?.containers?.[0]?.image).toBe(IMAGE);
  });

  it('job/NAME runs a new Job from it with the image and waits until it completes', async () => {
    await create('jobs', 'batch', {
      metadata: { name: 'migrate' },
      spec: { backoffLimit: 0, template: podTemplate(OLD, { app: 'migrate' }, 'Never') },
    });
    const { result } = await deploy([{ kind: 'job', name: 'migrate' }], IMAGE);
    const name = result.outputs['k8s-job']!;
    expect(name).toMatch(/^migrate-[a-z0-9]{5}$/);
    const job = await get(`batch/v1/namespaces/${namespace}/jobs/${name}`);
    expect(job.spec?.template?.spec?.containers?.[0]?.image).toBe(IMAGE);
    expect(job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')).toBe(true);
    // The source Job is untouched.
    const source = await get(`batch/v1/namespaces/${namespace}/jobs/migrate`);
    expect(source.spec?.template?.spec?.containers?.[0]?.image).toBe(OLD);
  });

  it('a Job run that fails fails the step, with its reason and log lines', async () => {
    await create('jobs', 'batch', {
      metadata: { name: 'migrate' },
      spec: { backoffLimit: 0, template: podTemplate(OLD, { app: 'migrate' }, 'Never') },
    });
    const error = await deployError([{ kind: 'job', name: 'migrate' }], FAILING_JOB);
    expect(error.message).toMatch(/job "migrate-\w{5}" failed: BackoffLimitExceeded/);
    expect(error.message).toMatch(/pod migrate-\w{5}-\w+, container app: exited 2/);
    expect(error.message).toContain('  error: table exists');
    expect(error.message).toMatch(/job\/migrate-\w{5} is not undone \(a Job run changes nothing else\)/);
  });
});

describe("the run's timeout (shorter than wait-timeout) in the middle of a deploy", () => {
  /** The deploy within the run's timeout, as the action runs it; what it threw. */
  async function deployWithin(seconds: number, workloads: WorkloadRef[], image: string): Promise<Error> {
    try {
      await withinDeadline(
        seconds,
        () => 'still in the deploy step',
        () => deploy(workloads, image, { waitTimeoutSeconds: 600 }),
      );
    } catch (error) {
      return error as Error;
    }
    throw new Error('the deploy succeeded');
  }

  it('cuts the rollout wait so the undo fits: the previous template serves again, and the error says so', async () => {
    await createDeployment('web');
    const before = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
    const error = await deployWithin(10, [{ kind: 'deployment', name: 'web' }], NEVER_READY);
    // The runtime's own failure, not the run's timeout: the undo was done before the run ended.
    expect(error).not.toBeInstanceOf(RunTimeoutError);
    expect(error.message).toMatch(
      /^deployment\/web did not finish its rollout within the run's timeout \(10s; wait-timeout is 600 s, cut to \d+ s to leave 4 s before the run ends for the undo\)/,
    );
    expect(error.message).toContain(`deployment/web was undone: the previous template (image ${OLD}) serves again`);
    const after = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
    expect(after.spec?.template).toEqual(before.spec?.template);
    expect(after.status?.availableReplicas).toBe(2);
    expect(after.status?.updatedReplicas).toBe(2);
    expect(await kubectl('rollout', 'status', 'deployment/web', '--timeout=5s')).toContain('successfully rolled out');
  });

  it('names, per workload, what is left and the command that finishes the undo when the timeout fires during it', async () => {
    await createDeployment('web');
    await createDeployment('api');
    // api rolls out; then the image's new pods never become ready (web's); and the API server is
    // slow to answer the undo of deployment/web (8 s), so the run's timeout fires during it.
    const image = `registry.example.com/app@${digest('8')}`;
    let slowed = 0;
    api.hooks.push(async (request) => {
      if (request.method !== 'PATCH' || request.name !== 'web' || request.dryRun) return;
      if (request.contentType?.startsWith('application/strategic-merge-patch'))
        api.kubelet.rules.unshift({ digest: digest('8'), outcome: 'unready' });
      else if (request.contentType?.startsWith('application/json-patch') && slowed++ === 0)
        await new Promise((resolve) => setTimeout(resolve, 8000));
    });
    const error = await deployWithin(
      10,
      [
        { kind: 'deployment', name: 'api' },
        { kind: 'deployment', name: 'web' },
      ],
      image,
    );
    expect(error).toBeInstanceOf(RunTimeoutError);
    const left = (error as RunTimeoutError).left.join('\n').split('\n');
    expect(left[0]).toBe(
      `- deployment/web: this run's undo was sent and not yet answered, so it may still run ${image}. If it does, undo it: kubectl rollout undo deployment/web -n ${namespace}`,
    );
    expect(left[1]).toBe(
      `- deployment/api runs ${image} (this run's change, NOT undone). Undo it: kubectl rollout undo deployment/api -n ${namespace}`,
    );
    // The slow undo lands afterwards (the run, unlike the action, does not exit here); then the next.
    await waitUntil(async () => {
      const web = await get(`apps/v1/namespaces/${namespace}/deployments/web`);
      const apiDeployment = await get(`apps/v1/namespaces/${namespace}/deployments/api`);
      return [web, apiDeployment].every((d) => d.spec?.template?.spec?.containers?.[0]?.image === OLD);
    }, 20_000);
    api.hooks.length = 0;
    api.kubelet.rules.shift();
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
