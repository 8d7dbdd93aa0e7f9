/**
 * One client per registry for the run, each with its credentials from one chain: the explicit
 * inputs (destination only), then the family's own source (an ECR token, Google ADC), then docker
 * config.json, else anonymous. Each client gets its family's quirks.
 */
import type { ImageReference } from '../reference.js';
import { RegistryClient, type ClientOptions } from '../oci/client.js';
import { credentialProvider, type Credentials } from '../oci/credentials.js';
import { credentialChain } from './credential-chain.js';
import { detectRegistry, familyCredentials, registryQuirks } from './index.js';
import { SharedResources } from './shared-resources.js';

/**
 * For tests only: `host=127.0.0.1:port,…` connects to a local registry in place of a cloud host
 * (ECR, Artifact Registry), keeping the host's name for credentials and reports.
 */
export const TEST_ENDPOINTS_VARIABLE = 'PORTABLE_DEPLOY_TEST_REGISTRY_ENDPOINTS';

function parseEndpointMap(text: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (text ?? '').split(',')) {
    const [host, endpoint] = pair.split('=').map((s) => s.trim());
    if (host && endpoint) map.set(host, endpoint);
  }
  return map;
}

export interface RegistryAccess {
  clientFor(registry: string): RegistryClient;
  /** The credentials this run uses for a registry (for a runtime that pulls the image itself). */
  credentialsFor(registry: string): Promise<Credentials | undefined>;
  /** Requests sent so far, per registry. */
  requestCounts(): Record<string, number>;
  /** What the families keep open for the run (ECR API clients): the repository check shares them. */
  readonly resources: SharedResources;
  /** Closes what the run opened for its registries (the ECR clients' connections). */
  close(): Promise<void>;
}

/** What registry access needs of the inputs. */
export interface RegistryAccessOptions {
  readonly destination: Pick<ImageReference, 'registry'>;
  /** registry-username/registry-password, for the destination only. */
  readonly destinationCredentials: Credentials | undefined;
  readonly insecureRegistries: readonly string[];
}

export function registryAccess(
  options: RegistryAccessOptions,
  env: NodeJS.ProcessEnv = process.env,
  /** Where every client tells its retries, and the signal that stops them all (the run's timeout). */
  transport: Pick<ClientOptions, 'log' | 'signal'> = {},
): RegistryAccess {
  const destination = options.destination.registry;
  const explicit = options.destinationCredentials;
  const resources = new SharedResources();
  const credentials = credentialChain(
    async (registry) => (registry === destination ? explicit : undefined),
    (registry) => familyCredentials({ registry, isDestination: registry === destination, resources }),
    credentialProvider(new Map()),
  );
  const endpoints = parseEndpointMap(env[TEST_ENDPOINTS_VARIABLE]);
  const clients = new Map<string, RegistryClient>();
  return {
    clientFor(registry) {
      let client = clients.get(registry);
      if (!client) {
        const { chunkedUploads } = registryQuirks(detectRegistry({ registry, repository: '' }));
        const endpoint = endpoints.get(registry);
        client = new RegistryClient(registry, {
          credentials,
          insecureRegistries: options.insecureRegistries,
          chunkedUploads,
          ...(endpoint && { endpoint }),
          ...transport,
        });
        clients.set(registry, client);
      }
      return client;
    },
    credentialsFor: (registry) => credentials(registry),
    requestCounts: () => Object.fromEntries([...clients].map(([registry, client]) => [registry, client.requestCount])),
    resources,
    close: () => resources.close(),
  };
}
