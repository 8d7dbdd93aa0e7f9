/**
 * One client per registry for the run, each with its credentials: the explicit inputs for the
 * destination, ECR's own tokens for ECR hosts, and docker config.json for the rest.
 */
import type { Inputs } from '../inputs.js';
import { RegistryClient, type ClientOptions } from '../oci/client.js';
import { credentialProvider, type CredentialProvider, type Credentials } from '../oci/credentials.js';
import { detectRegistry } from './detect.js';
import { EcrClients } from './ecr.js';

export interface RegistryAccess {
  clientFor(registry: string): RegistryClient;
  /** The credentials this run uses for a registry (for a runtime that pulls the image itself). */
  credentialsFor(registry: string): Promise<Credentials | undefined>;
  /** Requests sent so far, per registry. */
  requestCounts(): Record<string, number>;
  /** The run's ECR API clients: its registry credentials and the repository check share them. */
  readonly ecrClients: EcrClients;
  /** Closes what the run opened for its registries (the ECR clients' connections). */
  close(): Promise<void>;
}

export function registryAccess(
  inputs: Inputs,
  /** Where every client tells its retries, and the signal that stops them all (the run's timeout). */
  transport: Pick<ClientOptions, 'log' | 'signal'> = {},
): RegistryAccess {
  const explicit = new Map<string, Credentials>();
  if (inputs.destinationCredentials) explicit.set(inputs.destination.registry, inputs.destinationCredentials);
  const fromDockerConfig = credentialProvider(explicit);
  const ecrClients = new EcrClients();
  const credentials: CredentialProvider = async (registry) => {
    const family = detectRegistry({ registry, repository: '' });
    // ECR Public serves public images anonymously, so only the destination asks AWS for a token.
    const needsAws =
      !explicit.has(registry) &&
      (family.kind === 'ecr' || (family.kind === 'ecr-public' && registry === inputs.destination.registry));
    if (needsAws) {
      const { ecrCredentials } = await import('./ecr.js');
      return ecrCredentials(registry, family, ecrClients);
    }
    // Artifact Registry and gcr.io take the ADC access token; without ADC, docker config (or anonymous) is tried.
    if (!explicit.has(registry) && (family.kind === 'artifact-registry' || family.kind === 'gcr')) {
      const { googleRegistryCredentials } = await import('./gar.js');
      const fromAdc = await googleRegistryCredentials();
      if (fromAdc) return fromAdc;
    }
    return fromDockerConfig(registry);
  };
  const clients = new Map<string, RegistryClient>();
  return {
    clientFor(registry) {
      let client = clients.get(registry);
      if (!client) {
        const kind = detectRegistry({ registry, repository: '' }).kind;
        client = new RegistryClient(registry, {
          credentials,
          insecureRegistries: inputs.insecureRegistries,
          // ECR mishandles multi-chunk uploads: a blob always goes in one PUT there.
          chunkedUploads: kind !== 'ecr' && kind !== 'ecr-public',
          endpoints: inputs.registryEndpoints,
          ...transport,
        });
        clients.set(registry, client);
      }
      return client;
    },
    credentialsFor: (registry) => credentials(registry),
    requestCounts: () => Object.fromEntries([...clients].map(([registry, client]) => [registry, client.requestCount])),
    ecrClients,
    close: () => ecrClients.destroy(),
  };
}
