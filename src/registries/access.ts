/**
 * One client per registry for the run, each with its credentials from one chain: the explicit
 * inputs (destination only), then the family's own source (an ECR token, Google ADC), then docker
 * config.json, else anonymous. Each client gets its family's quirks.
 */
import { NO_AZURE_IDENTITY, type AzureIdentityInputs } from '../clouds/azure-inputs.js';
import type { ImageReference } from '../oci/reference.js';
import { RegistryClient, type ClientOptions } from '../oci/client.js';
import { credentialProvider, type Credentials } from '../oci/credentials.js';
import type { RegistryEndpoints } from '../oci/endpoints.js';
import { credentialChain } from './credential-chain.js';
import { detectRegistry, familyCredentials, registryQuirks } from './index.js';
import { SharedResources } from './shared-resources.js';

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
  /** Registry hosts reached at another address (private endpoints). */
  readonly registryEndpoints: RegistryEndpoints;
  /** The Azure identity the inputs name; without it, the environment or the az session (ACR). */
  readonly azure?: AzureIdentityInputs;
}

export function registryAccess(
  options: RegistryAccessOptions,
  /** Where every client tells its retries, and the signal that stops them all (the run's timeout). */
  transport: Pick<ClientOptions, 'log' | 'signal'> = {},
): RegistryAccess {
  const destination = options.destination.registry;
  const explicit = options.destinationCredentials;
  const resources = new SharedResources();
  const credentials = credentialChain(
    async (registry) => (registry === destination ? explicit : undefined),
    (registry) =>
      familyCredentials({
        registry,
        isDestination: registry === destination,
        resources,
        endpoints: options.registryEndpoints,
        azure: options.azure ?? NO_AZURE_IDENTITY,
      }),
    credentialProvider(new Map()),
  );
  const clients = new Map<string, RegistryClient>();
  return {
    clientFor(registry) {
      let client = clients.get(registry);
      if (!client) {
        const { chunkedUploads } = registryQuirks(detectRegistry({ registry, repository: '' }));
        client = new RegistryClient(registry, {
          credentials,
          insecureRegistries: options.insecureRegistries,
          chunkedUploads,
          endpoints: options.registryEndpoints,
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
