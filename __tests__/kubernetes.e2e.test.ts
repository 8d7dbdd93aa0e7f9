/**
 * The bundled action deploying to Kubernetes (the local API stand-in, scripts/kubernetes-api.ts)
 * as a runner runs it, every action.yml default applied: the kubeconfig input, a secret, is masked
 * line by line and never printed or written (runAction scans the log, outputs, summary and every
 * file the run left in its HOME, RUNNER_TEMP and TMPDIR); and the run's timeout, shorter than
 * wait-timeout, in the middle of a rollout that never becomes ready: the previous template serves
 * again and the step says so.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_DEFAULTS, runAction, secretsOf } from './helpers/action.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { startKubernetes, type KubernetesStandIn } from './helpers/kubernetes.js';
import { startRegistry, type Registry } from './helpers/services.js';

const OLD = 'registry.example.com/app:1';

let k8s: KubernetesStandIn;
let registry: Registry;
let work: string;
let layout: Layout;
let kubeconfig: string;
let counter = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-k8s-e2e-'));
  [k8s, registry, layout] = await Promise.all([
    startKubernetes(),
    startRegistry(),
    singlePlatformLayout(join(work, 'layout'), '1.0.0', [20_000]),
  ]);
  kubeconfig = k8s.api.kubeconfig();
});

afterAll(async () => {
  await Promise.all([k8s?.stop(), registry?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

/** A Deployment of two ready replicas running OLD, in a namespace of its own. */
async function deployment(): Promise<string> {
  const namespace = `e2e${++counter}`;
  await k8s.request('POST', '/api/v1/namespaces', { metadata: { name: namespace } });
  const created = await k8s.request('POST', `/apis/apps/v1/namespaces/${namespace}/deployments`, {
    metadata: { name: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: OLD }] } },
    },
  });
  expect(created.status).toBe(201);
  const status = await k8s.kubectl('rollout', 'status', 'deployment/web', '-n', namespace, '--timeout=20s');
  expect(status.code).toBe(0);
  return namespace;
}

const step = (namespace: string, extra: Record<string, string> = {}) => ({
  image: `oci-layout:${layout.dir}:1.0.0`,
  destination: `${registry.addr}/team/app`,
  runtime: 'kubernetes',
  'k8s-workload': 'deployment/web',
  'k8s-namespace': namespace,
  kubeconfig,
  ...extra,
});

interface Deployment {
  spec?: { template?: { spec?: { containers?: { image?: string }[] } } };
  status?: { availableReplicas?: number };
}
const read = (namespace: string) => k8s.get('deployments', namespace, 'web') as Deployment | undefined;
const templateImage = (namespace: string) => read(namespace)?.spec?.template?.spec?.containers?.[0]?.image;

describe('the kubeconfig input', () => {
  it('deploys, with the kubeconfig masked line by line and never in the log, outputs, summary or on disk', async () => {
    const namespace = await deployment();
    // The scan is meaningful: the token and the CA data are among the secrets looked for.
    const secrets = secretsOf({ kubeconfig }, {});
    expect(secrets).toContain(`token: ${k8s.token}`);
    expect(secrets.some((s) => s.startsWith('certificate-authority-data: '))).toBe(true);

    const run = await runAction(step(namespace), { env: { KUBECONFIG: '' } });
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    expect(templateImage(namespace)).toBe(`${registry.addr}/team/app@${layout.root.digest}`);
    // Registered with the runner whole and line by line, so the runner masks any line of it.
    const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
    expect(masks).toContain(`::add-mask::token: ${k8s.token}`);
    expect(masks.some((line) => line.startsWith('::add-mask::certificate-authority-data: '))).toBe(true);
  });

  it('that cannot be read is refused naming the input, without echoing it', async () => {
    const broken = `clusters: [\n  token: ${'s3cr3t'.repeat(6)}\n`;
    const run = await runAction(step('default', { kubeconfig: broken }), { env: { KUBECONFIG: '' } });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain('the kubeconfig input could not be read');
    // Only in the ::add-mask:: commands, which the runner consumes (runAction's scan checks the rest too).
    const printed = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(printed).not.toContain('s3cr3t'.repeat(6));
    expect(run.stdout).toContain(`::add-mask::token: ${'s3cr3t'.repeat(6)}`);
  });
});

describe("the run's timeout, shorter than wait-timeout, during a rollout that never becomes ready", () => {
  it('undoes the rollout before the run ends: the previous template serves again, and the step says so', async () => {
    const namespace = await deployment();
    k8s.imageRule({ digest: layout.root.digest, outcome: 'unready' });
    try {
      expect(ACTION_DEFAULTS['wait-timeout']).toBe('600');
      const run = await runAction(step(namespace, { timeout: '15s' }), { env: { KUBECONFIG: '' } });
      expect(run.code).toBe(1);
      // The runtime's own failure, not the run's timeout: its undo fitted before the run ended.
      expect(run.errors.map((e) => e.title)).toEqual(['Kubernetes']);
      expect(run.errorText).toMatch(
        /^deployment\/web did not finish its rollout within the run's timeout \(15s; wait-timeout is 600 s, cut to \d+ s to leave \d+ s before the run ends for the undo\)/,
      );
      expect(run.errorText).toContain(`deployment/web was undone: the previous template (image ${OLD}) serves again`);
      // Warned before anything started, naming both inputs.
      expect(run.stdout).toMatch(
        /::warning title=wait-timeout and timeout::wait-timeout \(600 s\) is not shorter than timeout \(15s\)/,
      );
      expect(templateImage(namespace)).toBe(OLD);
      expect(read(namespace)?.status?.availableReplicas).toBe(2);
      expect((await k8s.kubectl('rollout', 'status', 'deployment/web', '-n', namespace, '--timeout=5s')).code).toBe(0);
    } finally {
      k8s.api.kubelet.rules.shift();
    }
  });
});
