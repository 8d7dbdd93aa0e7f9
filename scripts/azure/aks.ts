/**
 * Azure Kubernetes Service as Resource Manager serves it, for the calls that find a cluster's API
 * server: GET a managedCluster (properties.fqdn, privateFQDN for a private cluster, aadProfile,
 * disableLocalAccounts) and POST listClusterUserCredential (the kubeconfig `az aks get-credentials`
 * writes: server, certificate-authority-data, and for an Entra-integrated cluster the kubelogin exec
 * user). Takes only tokens `acceptToken` accepts (this stand-in's ARM tokens). Clusters are seeded:
 * `seedCluster()` or POST /stand-in/aks/clusters (a SeedCluster body).
 */
import { stringify as toYaml } from 'yaml';
import { TENANT_ID } from './entra.ts';
import { armError, type Json, type StandInHandler, type StandInReply } from './http.ts';

/** The Entra application of the AKS API server (the audience of its tokens). */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

export const SEED_AKS_PATH = '/stand-in/aks/clusters';

export interface SeedCluster {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location?: string;
  /** The API server's CA (PEM): what listClusterUserCredential's kubeconfig carries. */
  readonly caPem: string;
  /** properties.fqdn (default NAME-dns-HASH.hcp.LOCATION.azmk8s.io). */
  readonly fqdn?: string;
  /** A private cluster: properties.privateFQDN (and fqdn omitted unless given). */
  readonly privateFqdn?: string;
  /** The server URL the kubeconfig names (default https://FQDN:443), e.g. the local stand-in's. */
  readonly server?: string;
  /** Entra integration (managed AAD; default true) and local accounts disabled (default true). */
  readonly aad?: boolean;
  readonly disableLocalAccounts?: boolean;
  readonly kubernetesVersion?: string;
  /** An admin/user token for a cluster with local accounts (aad: false). */
  readonly localToken?: string;
}

export interface AksFake {
  readonly clusters: Map<string, SeedCluster>;
  /** ARM actions answered with 403 AuthorizationFailed (e.g. Microsoft.ContainerService/managedClusters/listClusterUserCredential/action). */
  readonly denied: Set<string>;
  readonly handler: StandInHandler;
  seedCluster(seed: SeedCluster): Json;
}

const CLUSTER_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)(\/listClusterUserCredential|\/listClusterAdminCredential)?$/i;

const key = (subscription: string, resourceGroup: string, name: string) =>
  `${subscription}/${resourceGroup}/${name}`.toLowerCase();

function fqdnOf(seed: SeedCluster): string | undefined {
  if (seed.fqdn) return seed.fqdn;
  if (seed.privateFqdn) return undefined;
  const hash = Buffer.from(`${seed.resourceGroup}/${seed.name}`).toString('hex').slice(0, 8);
  return `${seed.name}-dns-${hash}.hcp.${seed.location ?? 'westeurope'}.azmk8s.io`;
}

function clusterJson(seed: SeedCluster): Json {
  const location = seed.location ?? 'westeurope';
  const aad = seed.aad ?? true;
  const fqdn = fqdnOf(seed);
  return {
    id: `/subscriptions/${seed.subscription}/resourcegroups/${seed.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${seed.name}`,
    location,
    name: seed.name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    sku: { name: 'Base', tier: 'Free' },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: seed.kubernetesVersion ?? '1.32',
      currentKubernetesVersion: seed.kubernetesVersion ?? '1.32.4',
      dnsPrefix: `${seed.name}-dns`,
      ...(fqdn && { fqdn, azurePortalFQDN: fqdn.replace('.hcp.', '.portal.hcp.') }),
      ...(seed.privateFqdn && { privateFQDN: seed.privateFqdn }),
      apiServerAccessProfile: { enablePrivateCluster: Boolean(seed.privateFqdn) },
      enableRBAC: true,
      ...(aad && { aadProfile: { managed: true, enableAzureRBAC: true, tenantID: TENANT_ID } }),
      disableLocalAccounts: seed.disableLocalAccounts ?? aad,
      nodeResourceGroup: `MC_${seed.resourceGroup}_${seed.name}_${location}`,
      agentPoolProfiles: [
        {
          name: 'nodepool1',
          count: 2,
          vmSize: 'Standard_D2s_v5',
          mode: 'System',
          osType: 'Linux',
          provisioningState: 'Succeeded',
        },
      ],
    },
  };
}

/** The kubeconfig az aks get-credentials would write (format=exec for an Entra cluster). */
function kubeconfigOf(seed: SeedCluster, admin: boolean): string {
  const fqdn = seed.privateFqdn ?? fqdnOf(seed)!;
  const server = seed.server ?? `https://${fqdn}:443`;
  const aad = (seed.aad ?? true) && !admin;
  const user = aad
    ? {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'kubelogin',
          args: ['get-token', '--login', 'azurecli', '--server-id', AKS_SERVER_APP_ID],
          env: null,
          installHint: 'kubelogin is not installed which is required to connect to AAD enabled cluster.',
          interactiveMode: 'IfAvailable',
          provideClusterInfo: false,
        },
      }
    : { token: seed.localToken ?? 'local-account-token' };
  const userName = `clusterUser_${seed.resourceGroup}_${seed.name}`;
  return toYaml({
    apiVersion: 'v1',
    clusters: [
      {
        cluster: { 'certificate-authority-data': Buffer.from(seed.caPem).toString('base64'), server },
        name: seed.name,
      },
    ],
    contexts: [{ context: { cluster: seed.name, user: userName }, name: seed.name }],
    'current-context': seed.name,
    kind: 'Config',
    preferences: {},
    users: [{ name: userName, user }],
  });
}

export function createAksFake(options: { acceptToken: (token: string) => boolean; clientId: string }): AksFake {
  const fake: AksFake = {
    clusters: new Map(),
    denied: new Set(),
    seedCluster(seed) {
      fake.clusters.set(key(seed.subscription, seed.resourceGroup, seed.name), seed);
      return clusterJson(seed);
    },
    handler: async (request): Promise<StandInReply | undefined> => {
      const match = CLUSTER_PATH.exec(request.path);
      if (!match) return undefined;
      const [, subscription, resourceGroup, name, credential] = match as unknown as [
        string,
        string,
        string,
        string,
        string | undefined,
      ];
      const token = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
      if (!token || !options.acceptToken(token))
        return {
          ...armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.'),
          headers: {
            'www-authenticate':
              'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
          },
        };
      if (!request.query.get('api-version'))
        return armError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      const action = credential
        ? `Microsoft.ContainerService/managedClusters${credential}/action`
        : request.method === 'GET'
          ? 'Microsoft.ContainerService/managedClusters/read'
          : 'Microsoft.ContainerService/managedClusters/write';
      const scope = `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;
      if (fake.denied.has(action))
        return armError(
          403,
          'AuthorizationFailed',
          `The client '${options.clientId}' with object id '${options.clientId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
        );
      const seed = fake.clusters.get(key(subscription, resourceGroup, name));
      if (!seed)
        return armError(
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        );
      if (credential && request.method === 'POST') {
        const admin = credential.toLowerCase() === '/listclusteradmincredential';
        if (admin && (seed.disableLocalAccounts ?? seed.aad ?? true))
          return armError(
            400,
            'BadRequest',
            'Getting static credential is not allowed because this cluster is set to disable local accounts.',
          );
        return {
          status: 200,
          json: {
            kubeconfigs: [
              {
                name: admin ? 'clusterAdmin' : 'clusterUser',
                value: Buffer.from(kubeconfigOf(seed, admin)).toString('base64'),
              },
            ],
          },
        };
      }
      if (request.method === 'GET' && !credential) return { status: 200, json: clusterJson(seed) };
      return armError(
        405,
        'MethodNotAllowed',
        `The stand-in serves GET ${scope} and POST its listClusterUserCredential only.`,
      );
    },
  };
  return fake;
}
