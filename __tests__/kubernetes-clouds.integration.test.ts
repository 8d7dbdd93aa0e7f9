/**
 * EKS, GKE and AKS clusters by name, with no plugin binary: the endpoint and CA from the cloud API
 * (moto's eks:DescribeCluster, the Google stand-in's clusters.get, the Azure stand-in's
 * managedClusters), and a token the Kubernetes API stand-in accepts: an EKS token it checks against
 * moto's STS, the ADC access token, and a Microsoft Entra token for the AKS server application.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, startAzureApi, SUBSCRIPTION_ID, TENANT_ID, type AzureApi } from '../scripts/azure-api.js';
import { ACCESS_TOKEN, SERVICE_ACCOUNT, startGoogleApi, type GoogleApi } from '../scripts/google-api.js';
import { startKubernetesApi, type KubernetesApi } from '../scripts/kubernetes-api.js';
import { KubernetesClient } from '../src/runtimes/kubernetes/client.js';
import {
  AKS_SERVER_SCOPE,
  aksConnection,
  eksConnection,
  eksToken,
  gkeConnection,
} from '../src/runtimes/kubernetes/clouds.js';
import { startMoto, type Moto } from './helpers/moto.js';

let savedEnv: NodeJS.ProcessEnv;
let work: string;
let moto: Moto;
let kube: KubernetesApi;

beforeAll(async () => {
  savedEnv = { ...process.env };
  work = await mkdtemp(join(tmpdir(), 'pd-k8s-clouds-'));
  moto = await startMoto();
  Object.assign(process.env, moto.env(), { AWS_ENDPOINT_URL_STS: moto.direct });
  kube = await startKubernetesApi({ eks: { stsUrl: moto.direct, clusters: ['prod'] } });
});

afterAll(async () => {
  process.env = savedEnv;
  await kube?.close();
  await moto?.stop();
  await rm(work, { recursive: true, force: true });
});

/** A read any authenticated user may make, and who the stand-in took the caller for. */
async function whoAmI(client: KubernetesClient): Promise<string | undefined> {
  kube.requests.length = 0;
  await client.get('/api/v1/namespaces/default');
  return kube.requests.find((r) => r.path === '/api/v1/namespaces/default')?.user;
}

describe('EKS', () => {
  it('signs a token as aws eks get-token does, which the cluster checks against STS', async () => {
    const eks = new EKSClient({ region: 'us-east-1' });
    await eks.send(
      new CreateClusterCommand({
        name: 'prod',
        roleArn: 'arn:aws:iam::123456789012:role/eks',
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
      }),
    );
    eks.destroy();
    const connection = await eksConnection(
      { kind: 'eks', name: 'prod', region: 'us-east-1' },
      // moto names an endpoint nobody serves: the stand-in plays it.
      { server: kube.url, ca: kube.caPem },
    );
    expect(connection.where).toMatch(/^EKS cluster prod, region us-east-1, https:\/\//);
    expect(await whoAmI(new KubernetesClient(connection))).toMatch(/^arn:aws:(iam|sts)::123456789012:/);

    const token = await eksToken('prod', 'us-east-1', async () => ({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
    }));
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString());
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    // A token for another cluster is refused.
    const other = await eksToken('staging', 'us-east-1', async () => ({
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'secret',
    }));
    const refused = await fetch(`${kube.url}/api/v1/namespaces/default`, {
      headers: { Authorization: `Bearer ${other}` },
    }).catch(() => undefined);
    expect(refused === undefined || refused.status === 401).toBe(true);
  });

  it('names a missing cluster', async () => {
    await expect(eksConnection({ kind: 'eks', name: 'nope', region: 'us-east-1' }, {})).rejects.toThrow(
      'k8s-cluster: there is no EKS cluster "nope" in region us-east-1',
    );
  });
});

describe('GKE', () => {
  let google: GoogleApi;
  beforeAll(async () => {
    google = await startGoogleApi();
  });
  afterAll(async () => {
    await google?.close();
  });

  it('reads the endpoint and CA from clusters.get and calls the cluster with the ADC token', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, await google.adcEnvironment(work, 'demo-project'), {
      CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER: `${google.url}/`,
    });
    try {
      google.clusters.set('projects/demo-project/locations/us-central1/clusters/main', {
        name: 'main',
        status: 'RUNNING',
        endpoint: new URL(kube.url).host,
        masterAuth: { clusterCaCertificate: Buffer.from(kube.caPem).toString('base64') },
      });
      kube.tokens.set(ACCESS_TOKEN, SERVICE_ACCOUNT);
      const connection = await gkeConnection(
        { kind: 'gke', project: undefined, location: 'us-central1', name: 'main' },
        {},
      );
      expect(connection.server).toBe(kube.url);
      expect(await whoAmI(new KubernetesClient(connection))).toBe(SERVICE_ACCOUNT);
      expect(google.requests.some((r) => r.permission === 'container.clusters.get')).toBe(true);

      await expect(
        gkeConnection({ kind: 'gke', project: undefined, location: 'us-central1', name: 'gone' }, {}),
      ).rejects.toThrow(/k8s-cluster: GKE cluster gone \(project demo-project, location us-central1\) does not exist/);
    } finally {
      process.env = saved;
    }
  });
});

describe('AKS', () => {
  let azure: AzureApi;
  beforeAll(async () => {
    azure = await startAzureApi({ dir: join(work, 'azure') });
  });
  afterAll(async () => {
    await azure?.close();
  });

  it('reads the server from ARM and the CA from the user credential, and sends an Entra token for the AKS server app', async () => {
    const saved = { ...process.env };
    const { readFile } = await import('node:fs/promises');
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), await readFile(azure.caPath, 'utf8')]);
    Object.assign(process.env, azure.environment());
    try {
      azure.aks.seedCluster({
        subscription: SUBSCRIPTION_ID,
        resourceGroup: 'prod-rg',
        name: 'prod',
        fqdn: 'prod-dns-1a2b3c.hcp.eastus.azmk8s.io',
        caPem: kube.caPem,
      });
      const access = {
        kind: 'aks' as const,
        resourceGroup: 'prod-rg',
        name: 'prod',
        identity: { clientId: CLIENT_ID, tenantId: TENANT_ID },
        subscriptionId: SUBSCRIPTION_ID,
      };
      // The cluster is at the fqdn ARM names; the stand-in plays it on 127.0.0.1.
      const connection = await aksConnection(access, { server: kube.url });
      expect(connection.where).toContain('https://127.0.0.1');
      const options: { headers?: Record<string, string>; ca?: string } = {};
      await connection.apply(options);
      // The CA came from listClusterUserCredential's kubeconfig.
      expect(options.ca).toBe(kube.caPem);
      const token = options.headers!.Authorization!.slice('Bearer '.length);
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, string>;
      expect(claims.aud).toBe(AKS_SERVER_SCOPE.replace('/.default', ''));
      expect(claims.appid).toBe(CLIENT_ID);
      kube.tokens.set(token, `aad:${claims.oid}`);
      expect(await whoAmI(new KubernetesClient(connection))).toBe(`aad:${claims.oid}`);
      expect(
        azure.requests
          .filter((r) => r.path.includes('/managedClusters/'))
          .map((r) => `${r.method} ${r.path.split('/').pop()}`),
      ).toEqual(['GET prod', 'POST listClusterUserCredential']);

      azure.aks.seedCluster({
        subscription: SUBSCRIPTION_ID,
        resourceGroup: 'prod-rg',
        name: 'local',
        caPem: '',
        aad: false,
      });
      await expect(aksConnection({ ...access, name: 'local' }, {})).rejects.toThrow(
        /does not use Microsoft Entra ID integration/,
      );
    } finally {
      process.env = saved;
    }
  });
});
