/**
 * The Kubernetes API stand-in (scripts/kubernetes-api.ts) in the test process: its store, request
 * record, faults and image rules are at hand, and a kubeconfig for it is written to a temporary
 * directory, for the real kubectl or the action.
 *
 *   const k8s = await startKubernetes();
 *   k8s.imageRule({ match: ':broken', outcome: 'crash' });
 *   k8s.fail({ verb: 'patch', resource: 'deployments', status: 409 });
 *   await k8s.kubectl('rollout', 'status', 'deployment/web');
 *   k8s.requestsTo({ verb: 'patch' });
 *   await k8s.stop();
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startKubernetesApi,
  type FaultRule,
  type ImageRule,
  type KubeObject,
  type KubernetesApi,
  type KubernetesApiOptions,
  type RecordedKubernetesRequest,
} from '../../scripts/kubernetes-api.js';

export type { FaultRule, ImageRule, KubeObject, RecordedKubernetesRequest };

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubernetesStandIn {
  readonly api: KubernetesApi;
  readonly url: string;
  readonly token: string;
  /** A directory of the test's own: kubeconfig, ca.pem, kubectl's cache. */
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly caPath: string;
  /** The environment that points kubectl and the action at the stand-in (KUBECONFIG). */
  readonly env: Record<string, string>;
  /** Runs the real kubectl against the stand-in (never throws: look at code). */
  kubectl(...args: string[]): Promise<KubectlResult>;
  /** An authenticated request to the API (JSON in and out). */
  request(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<{ status: number; body: unknown }>;
  /** Puts an image rule first (the first rule that matches an image decides). */
  imageRule(rule: ImageRule): void;
  /** Answers matching requests with an error, `times` times (default 1). */
  fail(fault: Omit<FaultRule, 'times'> & { times?: number }): void;
  /** The recorded requests that match (every field given must be equal). */
  requestsTo(
    filter: Partial<
      Pick<RecordedKubernetesRequest, 'method' | 'verb' | 'resource' | 'subresource' | 'namespace' | 'name'>
    >,
  ): RecordedKubernetesRequest[];
  /** An object as stored now (undefined when missing). */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Waits, at most timeoutMs, until the check returns something truthy; returns it. */
  waitFor<T>(
    check: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs?: number,
    what?: string,
  ): Promise<T>;
  stop(): Promise<void>;
}

export async function startKubernetes(options: KubernetesApiOptions = {}): Promise<KubernetesStandIn> {
  const dir = await mkdtemp(join(tmpdir(), 'pd-k8s-'));
  const api = await startKubernetesApi({ dir: join(dir, 'pki'), ...options });
  const kubeconfigPath = join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, api.kubeconfig(), { mode: 0o600 });
  const caPath = join(dir, 'ca.pem');
  await writeFile(caPath, api.caPem);
  return {
    api,
    url: api.url,
    token: api.token,
    dir,
    kubeconfigPath,
    caPath,
    env: { KUBECONFIG: kubeconfigPath },
    kubectl: (...args) =>
      new Promise((resolve) => {
        execFile(
          'kubectl',
          ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'kube-cache'), ...args],
          { timeout: 60_000, env: { ...process.env, KUBECONFIG: kubeconfigPath } },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    request: (method, path, body, contentType = 'application/json') =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
        const req = httpsRequest(
          `${api.url}${path}`,
          {
            method,
            ca: api.caPem,
            headers: {
              authorization: `Bearer ${api.token}`,
              accept: 'application/json',
              ...(payload !== undefined && { 'content-type': contentType }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                /* text (logs) */
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
    imageRule: (rule) => {
      api.kubelet.rules.unshift(rule);
    },
    fail: (fault) => {
      api.faults.push({ ...fault, times: fault.times ?? 1 });
    },
    requestsTo: (filter) =>
      api.requests.filter((recorded) =>
        Object.entries(filter).every(([key, value]) => recorded[key as keyof RecordedKubernetesRequest] === value),
      ),
    get: (resource, namespace, name) => api.store.get(resource, namespace, name),
    waitFor: async (check, timeoutMs = 20_000, what = 'the condition') => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    stop: async () => {
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
