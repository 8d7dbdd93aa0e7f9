/**
 * How the runtime reaches the cluster: a kubeconfig (KUBECONFIG, ~/.kube/config, the in-cluster
 * service account, or the kubeconfig input held in memory), read by @kubernetes/client-node's
 * KubeConfig, which runs exec plugins and reads token files; or an EKS, GKE or AKS cluster by name,
 * with a token made in-process (no plugin binary) and the endpoint and CA from the cloud's API.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type https from 'node:https';
import type { ClusterAccess } from './inputs.js';
import { KubernetesError, type Connection } from './client.js';
import { eksConnection, gkeConnection, aksConnection, type CloudEndpoints } from './clouds.js';

/** The kubeconfig's current (or named) context as a Connection. */
export async function kubeconfigConnection(
  access: Extract<ClusterAccess, { kind: 'default' | 'inline' }>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  let source: string;
  try {
    if (access.kind === 'inline') {
      kc.loadFromString(access.kubeconfig);
      source = 'the kubeconfig input';
    } else if (env.KUBECONFIG) {
      kc.loadFromDefault();
      source = `KUBECONFIG (${env.KUBECONFIG})`;
    } else if (existsSync(join(env.HOME || homedir(), '.kube', 'config'))) {
      kc.loadFromFile(join(env.HOME || homedir(), '.kube', 'config'));
      source = '~/.kube/config';
    } else if (env.KUBERNETES_SERVICE_HOST) {
      kc.loadFromCluster();
      source = 'the in-cluster service account';
    } else {
      throw new KubernetesError(
        'no kubeconfig: KUBECONFIG is not set and ~/.kube/config does not exist. Set up the cluster before this step (azure/aks-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials), pass the kubeconfig input from a secret, or set k8s-cluster (eks:NAME, gke:LOCATION/NAME, aks:RESOURCE_GROUP/NAME)',
        { access: 'missing' },
      );
    }
  } catch (error) {
    if (error instanceof KubernetesError) throw error;
    // The message of a YAML error quotes the text: never repeat it.
    throw new KubernetesError(
      `${access.kind === 'inline' ? 'the kubeconfig input' : 'the kubeconfig'} could not be read: ${(error as Error).name}${access.kind === 'inline' ? '' : `: ${(error as Error).message}`}`,
    );
  }
  if (access.context !== undefined) {
    if (!kc.getContextObject(access.context))
      throw new KubernetesError(
        `k8s-context: ${source} has no context "${access.context}"; its contexts are: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        }`,
      );
    kc.setCurrentContext(access.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new KubernetesError(
      `${source} has no current context with a cluster${kc.getCurrentContext() ? ` (current-context "${kc.getCurrentContext()}")` : ''}: set current-context, or k8s-context`,
    );
  const context = kc.getContextObject(kc.getCurrentContext());
  return {
    server: cluster.server,
    where: `context ${kc.getCurrentContext()}, ${cluster.server}`,
    namespace: context?.namespace || undefined,
    apply: async (options: https.RequestOptions) => {
      try {
        await kc.applyToHTTPSOptions(options);
      } catch (error) {
        throw new KubernetesError(
          `the kubeconfig's user "${kc.getCurrentUser()?.name ?? '?'}" gave no credentials: ${(error as Error).message}`,
          { cause: error, access: 'missing' },
        );
      }
    },
  };
}

export async function connect(access: ClusterAccess, endpoints: CloudEndpoints = {}): Promise<Connection> {
  switch (access.kind) {
    case 'default':
    case 'inline':
      return kubeconfigConnection(access);
    case 'eks':
      return eksConnection(access, endpoints);
    case 'gke':
      return gkeConnection(access, endpoints);
    case 'aks':
      return aksConnection(access, endpoints);
  }
}
