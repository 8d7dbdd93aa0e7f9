/**
 * EKS, GKE and AKS clusters by name, with no plugin binary: the endpoint and CA from the cloud's
 * API, and a short-lived token made in-process from the credentials the run already has (the AWS
 * default chain, Google ADC, the run's Azure identity), renewed before it expires.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type https from 'node:https';
import * as core from '../../runner/workflow-commands.js';
import { AwsError, awsClientConfig, explainAwsError } from '../../clouds/aws.js';
import { AzureError, azureCredential } from '../../clouds/azure.js';
import { GcpError, googleProject } from '../../clouds/google.js';
import { accessOfStatus } from '../../oci/access.js';
import type { ClusterAccess } from './inputs.js';
import type { Connection } from './client.js';

/** Where the clouds' APIs and the cluster are, when not where the cloud says (tests, private endpoints). */
export interface CloudEndpoints {
  /** The API server to use instead of the one the cloud names. */
  readonly server?: string;
  /** The CA (PEM) to trust for it instead of the cluster's. */
  readonly ca?: string;
}

/** A token source that renews the token `renewAfterMs` after making it. */
function renewing(make: () => Promise<string>, renewAfterMs: number): () => Promise<string> {
  let cached: { token: string; at: number } | undefined;
  return async () => {
    if (!cached || Date.now() - cached.at > renewAfterMs) {
      const token = await make();
      core.setSecret(token);
      cached = { token, at: Date.now() };
    }
    return cached.token;
  };
}

function bearerConnection(
  server: string,
  caPem: string | undefined,
  where: string,
  token: () => Promise<string>,
): Connection {
  return {
    server,
    where,
    namespace: undefined,
    apply: async (options: https.RequestOptions) => {
      if (caPem) options.ca = caPem;
      options.headers = { ...options.headers, Authorization: `Bearer ${await token()}` };
    },
  };
}

function decodeCa(base64: string | undefined): string | undefined {
  return base64 ? Buffer.from(base64, 'base64').toString('utf8') : undefined;
}

// ---------------------------------------------------------------------------------------------- EKS

/** SHA-256 and HMAC-SHA-256 over node:crypto, as the SigV4 signer wants them. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** The STS host that signs for a region (AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL when set). */
export function stsEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): URL {
  const configured = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL;
  if (configured) return new URL(configured);
  return new URL(`https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`);
}

type AwsCredentialProvider = () => Promise<{
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}>;

/**
 * The EKS token as aws eks get-token makes it: "k8s-aws-v1." and the unpadded base64url of a
 * presigned STS GetCallerIdentity URL, valid 60 s, with the signed header x-k8s-aws-id: CLUSTER.
 */
export async function eksToken(
  cluster: string,
  region: string,
  credentials: AwsCredentialProvider,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const endpoint = stsEndpoint(region, env);
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: NodeSha256 });
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: endpoint.host, 'x-k8s-aws-id': cluster },
    },
    { expiresIn: 60 },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  const url = `${endpoint.protocol}//${endpoint.host}/?${query}`;
  return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}

export async function eksConnection(
  access: Extract<ClusterAccess, { kind: 'eks' }>,
  endpoints: CloudEndpoints,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  const { EKSClient, DescribeClusterCommand } = await import('@aws-sdk/client-eks');
  const where = `EKS cluster ${access.name}, region ${access.region}`;
  const client = new EKSClient({ region: access.region, ...awsClientConfig(env) });
  try {
    let described;
    try {
      described = await client.send(new DescribeClusterCommand({ name: access.name }));
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException')
        throw new AwsError(`k8s-cluster: there is no EKS cluster "${access.name}" in region ${access.region}`);
      throw explainAwsError(error, 'eks:DescribeCluster', where);
    }
    const cluster = described.cluster;
    if (!cluster?.endpoint || !['ACTIVE', 'UPDATING'].includes(cluster.status ?? ''))
      throw new AwsError(
        `${where} is ${cluster?.status ?? 'unknown'}${cluster?.endpoint ? '' : ' and has no endpoint yet'}: it must be ACTIVE to deploy to`,
      );
    const credentials = client.config.credentials as AwsCredentialProvider;
    const token = renewing(async () => {
      try {
        return await eksToken(access.name, access.region, credentials, env);
      } catch (error) {
        throw explainAwsError(error, 'signing the EKS token (sts:GetCallerIdentity)', where);
      }
    }, 10 * 60_000);
    // The token is checked here, so that missing credentials are found in prepare.
    await token();
    return bearerConnection(
      endpoints.server ?? cluster.endpoint,
      endpoints.ca ?? decodeCa(cluster.certificateAuthority?.data),
      `${where}, ${cluster.endpoint}`,
      token,
    );
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------------- GKE

/** The scopes gke-gcloud-auth-plugin asks for: cloud-platform, and the email for RBAC by user. */
const GKE_SCOPES = ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/userinfo.email'];

/** The GKE API's base: https://container.googleapis.com/, or CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER. */
export function gkeApiBase(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER;
  return (override ?? 'https://container.googleapis.com/').replace(/\/?$/, '/');
}

interface GkeCluster {
  endpoint?: string;
  status?: string;
  masterAuth?: { clusterCaCertificate?: string };
  controlPlaneEndpointsConfig?: { dnsEndpointConfig?: { endpoint?: string } };
}

export async function gkeConnection(
  access: Extract<ClusterAccess, { kind: 'gke' }>,
  endpoints: CloudEndpoints,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  const { GoogleAuth } = await import('google-auth-library');
  const auth = new GoogleAuth({ scopes: GKE_SCOPES });
  const token = renewing(async () => {
    let value: string | null | undefined;
    try {
      value = await auth.getAccessToken();
    } catch (error) {
      throw new GcpError(
        `Google Application Default Credentials gave no access token for GKE: ${(error as Error).message}. Add google-github-actions/auth before this step`,
        { cause: error, access: 'missing' },
      );
    }
    if (!value)
      throw new GcpError('Google Application Default Credentials gave no access token for GKE', { access: 'missing' });
    return value;
  }, 30 * 60_000);
  const project = await googleProject(access.project);
  const where = `GKE cluster ${access.name} (project ${project}, location ${access.location})`;
  const url = `${gkeApiBase(env)}v1/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(access.location)}/clusters/${encodeURIComponent(access.name)}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${await token()}` } });
  const body = (await response.json().catch(() => ({}))) as GkeCluster & { error?: { message?: string } };
  if (!response.ok) {
    const message = body.error?.message ?? `${response.status}`;
    if (response.status === 404) throw new GcpError(`k8s-cluster: ${where} does not exist: ${message}`);
    throw new GcpError(
      `reading ${where} (container.clusters.get) failed: ${message}${response.status === 403 ? ". Grant the workflow's service account roles/container.clusterViewer (or Kubernetes Engine Developer)" : ''}`,
      { access: accessOfStatus(response.status) },
    );
  }
  const endpoint = body.endpoint || body.controlPlaneEndpointsConfig?.dnsEndpointConfig?.endpoint;
  if (!endpoint || !['RUNNING', 'RECONCILING', 'DEGRADED'].includes(body.status ?? ''))
    throw new GcpError(`${where} is ${body.status ?? 'unknown'}: it must be RUNNING to deploy to`);
  const server = endpoints.server ?? (/^https:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`);
  return bearerConnection(
    server,
    endpoints.ca ?? decodeCa(body.masterAuth?.clusterCaCertificate),
    `${where}, ${server}`,
    token,
  );
}

// ---------------------------------------------------------------------------------------------- AKS

/** The AKS server application every Entra-integrated cluster accepts tokens for (Azure/kubelogin). */
export const AKS_SERVER_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';
export const AKS_API_VERSION = '2024-09-01';

interface ManagedCluster {
  properties?: {
    provisioningState?: string;
    powerState?: { code?: string };
    fqdn?: string;
    privateFQDN?: string;
    aadProfile?: { managed?: boolean; enableAzureRBAC?: boolean };
  };
  error?: { code?: string; message?: string };
}

export async function aksConnection(
  access: Extract<ClusterAccess, { kind: 'aks' }>,
  endpoints: CloudEndpoints,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  if (!access.subscriptionId)
    throw new AzureError(
      'no Azure subscription for k8s-cluster aks:…: set the azure-subscription-id input (or AZURE_SUBSCRIPTION_ID in the environment)',
      { access: 'missing' },
    );
  const credential = azureCredential(access.identity, env);
  const arm = new URL(env.AZURE_RESOURCE_MANAGER_ENDPOINT || 'https://management.azure.com/');
  const where = `AKS cluster ${access.name} (resource group ${access.resourceGroup}, subscription ${access.subscriptionId})`;
  const path = `/subscriptions/${access.subscriptionId}/resourceGroups/${encodeURIComponent(access.resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/${encodeURIComponent(access.name)}`;
  const armToken = (await credential.getToken(`${arm.origin}/.default`)).token;
  const call = async <T>(method: string, suffix: string, what: string, role: string): Promise<T> => {
    const response = await fetch(`${arm.origin}${path}${suffix}?api-version=${AKS_API_VERSION}`, {
      method,
      headers: { Authorization: `Bearer ${armToken}` },
    });
    const body = (await response.json().catch(() => ({}))) as T & ManagedCluster;
    if (response.ok) return body;
    const message = `${body.error?.code ? `${body.error.code}: ` : ''}${body.error?.message ?? response.status}`;
    if (response.status === 404) throw new AzureError(`k8s-cluster: ${where} does not exist: ${message}`);
    throw new AzureError(
      `${what} for ${where} failed: ${message}${response.status === 403 ? `. Grant the workflow's identity ${role}` : ''}`,
      { access: accessOfStatus(response.status) },
    );
  };
  const cluster = await call<ManagedCluster>('GET', '', 'reading the managed cluster', 'Reader on the cluster');
  const properties = cluster.properties ?? {};
  if (properties.powerState?.code === 'Stopped')
    throw new AzureError(`${where} is stopped: start it (az aks start) before deploying`);
  if (!properties.aadProfile)
    throw new AzureError(
      `${where} does not use Microsoft Entra ID integration, so it takes no Entra token: enable it (az aks update --enable-aad), or give a kubeconfig (azure/aks-set-context) instead of k8s-cluster`,
    );
  const fqdn = properties.fqdn ?? properties.privateFQDN;
  if (!fqdn)
    throw new AzureError(
      `${where} has no API server address (provisioning state ${properties.provisioningState ?? 'unknown'})`,
    );
  // The cluster's CA is only in its kubeconfig: the user credential's, whose user part is not used.
  const credentials = await call<{ kubeconfigs?: { value?: string }[] }>(
    'POST',
    '/listClusterUserCredential',
    'reading the cluster CA (listClusterUserCredential)',
    'Azure Kubernetes Service Cluster User Role',
  );
  const kubeconfig = Buffer.from(credentials.kubeconfigs?.[0]?.value ?? '', 'base64').toString('utf8');
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  let caData: string | undefined;
  try {
    kc.loadFromString(kubeconfig);
    caData = kc.getClusters()[0]?.caData;
  } catch {
    caData = undefined;
  }
  const token = renewing(async () => (await credential.getToken(AKS_SERVER_SCOPE)).token, 30 * 60_000);
  await token();
  const server = endpoints.server ?? `https://${fqdn}:443`;
  return bearerConnection(server, endpoints.ca ?? decodeCa(caData), `${where}, ${server}`, token);
}
