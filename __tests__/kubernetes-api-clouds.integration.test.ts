/**
 * The three cloud paths to a cluster, against the local stand-ins: EKS tokens (a presigned STS
 * GetCallerIdentity URL, signed by @smithy/signature-v4) checked against moto's STS; a GKE
 * cluster's endpoint and CA from the Google stand-in's clusters.get; an AKS cluster's fqdn and
 * kubeconfig from the Azure stand-in's ARM, and an Entra token for the AKS server application.
 * Each ends with the real kubectl reaching the Kubernetes stand-in that way.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  AKS_SERVER_APP_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  startAzureApi,
  SUBSCRIPTION_ID,
  TENANT_ID,
} from '../scripts/azure-api.js';
import { ACCESS_TOKEN, startGoogleApi } from '../scripts/google-api.js';
import { startKubernetes, type KubernetesStandIn } from './helpers/kubernetes.js';
import { startMoto } from './helpers/moto.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

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

/** An EKS token as aws-cli's get_token.py and aws-iam-authenticator make it. */
async function eksToken(cluster: string, secretAccessKey = 'test-secret'): Promise<string> {
  const host = 'sts.us-east-1.amazonaws.com';
  const signed = await new SignatureV4({
    credentials: { accessKeyId: 'AKIATESTKEY', secretAccessKey },
    region: 'us-east-1',
    service: 'sts',
    sha256: Sha256,
  }).presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host, 'x-k8s-aws-id': cluster },
    },
    { expiresIn: 60 },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `k8s-aws-v1.${Buffer.from(`https://${host}/?${query}`).toString('base64url')}`;
}

/** kubectl with a kubeconfig of its own: this server, this CA, this token. */
async function kubectlWith(k8s: KubernetesStandIn, server: string, caBase64: string, token: string, ...args: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'pd-k8s-cloud-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const config = join(dir, 'kubeconfig');
  await writeFile(
    config,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': caBase64 } }],
      users: [{ name: 'u', user: { token } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u', namespace: 'default' } }],
      'current-context': 'c',
    }),
  );
  const { execFile } = await import('node:child_process');
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile('kubectl', ['--kubeconfig', config, '--cache-dir', join(dir, 'cache'), ...args], (error, stdout, stderr) =>
      resolve({ code: error ? 1 : 0, stdout, stderr }),
    ),
  );
}

function httpsJson(
  url: string,
  ca: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', ca, headers: options.headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('reaching the Kubernetes stand-in through a cloud', () => {
  it('EKS: takes a presigned STS token for its cluster, checked with moto, and refuses one for another cluster', async () => {
    const moto = await startMoto();
    cleanups.push(() => moto.stop());
    const k8s = await startKubernetes({
      eks: { stsUrl: moto.direct, clusters: ['prod'], secretAccessKeys: { AKIATESTKEY: 'test-secret' } },
    });
    cleanups.push(() => k8s.stop());
    const ca = Buffer.from(k8s.api.caPem).toString('base64');
    const good = await kubectlWith(k8s, k8s.url, ca, await eksToken('prod'), 'get', 'namespaces', '-o', 'name');
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('namespace/default');
    expect(k8s.api.requests.at(-1)?.user).toBe('arn:aws:sts::123456789012:user/moto');
    const otherCluster = await kubectlWith(k8s, k8s.url, ca, await eksToken('staging'), 'get', 'namespaces');
    expect(otherCluster.code).not.toBe(0);
    expect(otherCluster.stderr).toMatch(/Unauthorized|must be logged in/);
    const wrongKey = await kubectlWith(k8s, k8s.url, ca, await eksToken('prod', 'not-the-secret'), 'get', 'namespaces');
    expect(wrongKey.code).not.toBe(0);
  });

  it('GKE: clusters.get gives the endpoint and CA, and the ADC access token is accepted', async () => {
    const google = await startGoogleApi();
    cleanups.push(() => google.close());
    const k8s = await startKubernetes({ tokens: { [ACCESS_TOKEN]: 'deployer@demo-project.iam.gserviceaccount.com' } });
    cleanups.push(() => k8s.stop());
    google.seedCluster({
      project: 'demo-project',
      location: 'us-central1',
      name: 'prod',
      endpoint: `127.0.0.1:${k8s.api.port}`,
      caPem: k8s.api.caPem,
    });
    const get = (path: string, token = ACCESS_TOKEN) =>
      fetch(`${google.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const response = await get('/v1/projects/demo-project/locations/us-central1/clusters/prod');
    expect(response.status).toBe(200);
    const cluster = (await response.json()) as {
      endpoint: string;
      masterAuth: { clusterCaCertificate: string };
      status: string;
    };
    expect(cluster.status).toBe('RUNNING');
    expect(Buffer.from(cluster.masterAuth.clusterCaCertificate, 'base64').toString()).toBe(k8s.api.caPem);
    const reached = await kubectlWith(
      k8s,
      `https://${cluster.endpoint}`,
      cluster.masterAuth.clusterCaCertificate,
      ACCESS_TOKEN,
      'get',
      'namespaces',
      '-o',
      'name',
    );
    expect(reached.code, reached.stderr).toBe(0);
    expect(k8s.api.requests.at(-1)?.user).toBe('deployer@demo-project.iam.gserviceaccount.com');
    const missing = await get('/v1/projects/demo-project/locations/us-central1/clusters/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    google.denied.add('container.clusters.get');
    expect((await get('/v1/projects/demo-project/locations/us-central1/clusters/prod')).status).toBe(403);
  });

  it('AKS: the managedCluster gives the fqdn, listClusterUserCredential the kubeconfig, and an Entra token for the AKS server app is accepted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-aks-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const azure = await startAzureApi({ dir });
    cleanups.push(() => azure.close());
    const environment = azure.environment();
    const k8s = await startKubernetes({
      entra: { certificatePem: await readFile(environment.AZURE_API_TOKEN_CERT!, 'utf8') },
    });
    cleanups.push(() => k8s.stop());
    const ca = await readFile(azure.caPath, 'utf8');
    const token = async (scope: string) => {
      const reply = await httpsJson(`${azure.url}/${TENANT_ID}/oauth2/v2.0/token`, ca, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          scope,
        }).toString(),
      });
      expect(reply.status).toBe(200);
      return String(reply.json.access_token);
    };
    azure.aks.seedCluster({
      subscription: SUBSCRIPTION_ID,
      resourceGroup: 'rg',
      name: 'prod',
      caPem: k8s.api.caPem,
      server: k8s.url,
    });
    const arm = await token(`${azure.url}/.default`);
    const path = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/prod`;
    const cluster = await httpsJson(`${azure.url}${path}?api-version=2025-01-01`, ca, {
      headers: { authorization: `Bearer ${arm}` },
    });
    expect(cluster.status).toBe(200);
    const properties = cluster.json.properties as {
      fqdn: string;
      aadProfile: { managed: boolean };
      disableLocalAccounts: boolean;
    };
    expect(properties.fqdn).toMatch(/^prod-dns-[0-9a-f]+\.hcp\.westeurope\.azmk8s\.io$/);
    expect(properties.aadProfile.managed).toBe(true);
    const credential = await httpsJson(
      `${azure.url}${path}/listClusterUserCredential?api-version=2025-01-01&format=exec`,
      ca,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${arm}` },
      },
    );
    expect(credential.status).toBe(200);
    const kubeconfig = parseYaml(
      Buffer.from(String((credential.json.kubeconfigs as { value: string }[])[0]!.value), 'base64').toString(),
    ) as {
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
      users: { user: { exec: { args: string[] } } }[];
    };
    expect(kubeconfig.users[0]!.user.exec.args).toContain(AKS_SERVER_APP_ID);
    const { server, 'certificate-authority-data': caData } = kubeconfig.clusters[0]!.cluster;
    const aksToken = await token(`${AKS_SERVER_APP_ID}/.default`);
    const reached = await kubectlWith(k8s, server, caData, aksToken, 'get', 'namespaces', '-o', 'name');
    expect(reached.code, reached.stderr).toBe(0);
    // An ARM token is not an AKS token.
    const wrongAudience = await kubectlWith(k8s, server, caData, arm, 'get', 'namespaces');
    expect(wrongAudience.code).not.toBe(0);
    const missing = await httpsJson(`${azure.url}${path.replace('/prod', '/nope')}?api-version=2025-01-01`, ca, {
      headers: { authorization: `Bearer ${arm}` },
    });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { code: 'ResourceNotFound' } });
  });
});
