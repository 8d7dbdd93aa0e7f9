/**
 * AKS managed clusters as Azure Resource Manager serves them, for the tests and the demo: a route
 * module the Azure stand-in mounts (api.handlers.push(aks.handler)). It follows the public REST
 * reference (managedClusters.json): GET of a managed cluster (properties.fqdn, aadProfile,
 * powerState, provisioningState) and POST listClusterUserCredential (kubeconfigs[].value, a base64
 * kubeconfig whose cluster has the API server and its CA, and whose user runs kubelogin). It takes
 * only Bearer tokens issued for Resource Manager's audience, and refuses a missing api-version.
 * Node runs this file by stripping types: no parameter properties, no enums.
 */
import { armError, type Json, type StandInHandler, type StandInReply } from './http.ts';

export interface ManagedClusterSeed {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly name: string;
  /** The API server's host name (properties.fqdn). */
  readonly fqdn: string;
  /** The cluster CA (PEM) that the user kubeconfig carries. */
  readonly caPem: string;
  /** Microsoft Entra ID integration (aadProfile); default true. */
  readonly entra?: boolean;
  readonly powerState?: 'Running' | 'Stopped';
}

export interface AksFake {
  readonly clusters: Map<string, ManagedClusterSeed>;
  readonly requests: { method: string; path: string; apiVersion: string | undefined }[];
  seed(cluster: ManagedClusterSeed): void;
  readonly handler: StandInHandler;
}

const PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)(\/listClusterUserCredential)?$/i;

function audienceOf(authorization: string | undefined): string | undefined {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Json).aud as string | undefined;
  } catch {
    return undefined;
  }
}

/** `armAudience`: the Resource Manager audience the tokens must name (the stand-in's own URL). */
export function createAksFake(armAudience: () => string): AksFake {
  const clusters = new Map<string, ManagedClusterSeed>();
  const requests: AksFake['requests'] = [];
  const key = (subscription: string, group: string, name: string) => `${subscription}/${group}/${name}`.toLowerCase();
  const handler: StandInHandler = async (request) => {
    const match = PATH.exec(request.path);
    if (!match) return undefined;
    const apiVersion = request.query.get('api-version') ?? undefined;
    requests.push({ method: request.method, path: request.path, apiVersion });
    const audience = audienceOf(request.headers.authorization);
    if (!audience || audience.replace(/\/$/, '') !== armAudience().replace(/\/$/, ''))
      return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    if (!apiVersion)
      return armError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    const [, subscription, group, name, list] = match;
    const cluster = clusters.get(key(subscription!, group!, name!));
    if (!cluster)
      return armError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    if (list && request.method === 'POST') return { status: 200, json: { kubeconfigs: [userKubeconfig(cluster)] } };
    if (!list && request.method === 'GET') return { status: 200, json: managedCluster(cluster) };
    return armError(405, 'MethodNotAllowed', `The method ${request.method} is not allowed.`);
  };
  return {
    clusters,
    requests,
    handler,
    seed: (cluster) => void clusters.set(key(cluster.subscription, cluster.resourceGroup, cluster.name), cluster),
  };
}

function managedCluster(cluster: ManagedClusterSeed): Json {
  return {
    id: `/subscriptions/${cluster.subscription}/resourcegroups/${cluster.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${cluster.name}`,
    location: 'eastus',
    name: cluster.name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: cluster.powerState ?? 'Running' },
      kubernetesVersion: '1.32.4',
      dnsPrefix: cluster.name,
      fqdn: cluster.fqdn,
      azurePortalFQDN: cluster.fqdn.replace('.hcp.', '.portal.hcp.'),
      enableRBAC: true,
      ...(cluster.entra !== false && { aadProfile: { managed: true, enableAzureRBAC: true, tenantID: 'tenant' } }),
      disableLocalAccounts: cluster.entra !== false,
    },
  };
}

function userKubeconfig(cluster: ManagedClusterSeed): { name: string; value: string } {
  const yaml = [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${Buffer.from(cluster.caPem).toString('base64')}`,
    `    server: https://${cluster.fqdn}:443`,
    `  name: ${cluster.name}`,
    'contexts:',
    '- context:',
    `    cluster: ${cluster.name}`,
    `    user: clusterUser_${cluster.resourceGroup}_${cluster.name}`,
    `  name: ${cluster.name}`,
    `current-context: ${cluster.name}`,
    'kind: Config',
    'users:',
    `- name: clusterUser_${cluster.resourceGroup}_${cluster.name}`,
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    '      command: kubelogin',
    '      args: [get-token, --login, azurecli, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]',
    '',
  ].join('\n');
  return { name: 'clusterUser', value: Buffer.from(yaml).toString('base64') };
}

export type { StandInReply };
