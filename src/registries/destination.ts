/** Checks on the destination repository that must pass before any byte moves. */
import type { ImageReference } from '../oci/reference.js';
import type { RegistryEndpoints } from '../oci/endpoints.js';
import type { Log } from '../oci/log.js';
import type { EcrOptions } from './ecr-options.js';
import type { RepositoryState } from './family.js';
import { familyModule, type RegistryFamily } from './index.js';
import { registryAccess, type RegistryAccess } from './access.js';

export type DestinationState = RepositoryState;

/** What the repository check needs of the inputs. */
export interface DestinationOptions {
  readonly destination: Pick<ImageReference, 'registry' | 'repository'>;
  readonly destinationFamily: RegistryFamily;
  readonly createRepository: boolean;
  readonly ecr: EcrOptions;
  readonly registryEndpoints?: RegistryEndpoints;
}

/** What the run's registry access lends the check: its shared resources, and its client for the registry. */
export type DestinationAccess = Pick<RegistryAccess, 'resources' | 'clientFor'>;

/**
 * Verifies (or, when asked, creates) the destination repository where the registry has an API for
 * it, through the run's registry access (its ECR clients; its client, with the credentials the push
 * will use); with none given, through an access of its own (docker config or none), closed after.
 */
export async function prepareDestination(
  options: DestinationOptions,
  dryRun: boolean,
  log: Log,
  access?: DestinationAccess,
): Promise<DestinationState> {
  const family = options.destinationFamily;
  const registry = options.destination.registry;
  const own =
    access === undefined
      ? registryAccess({
          destination: options.destination,
          destinationCredentials: undefined,
          insecureRegistries: [],
          registryEndpoints: options.registryEndpoints ?? new Map(),
        })
      : undefined;
  const used = access ?? own!;
  try {
    return await familyModule(family).prepareRepository({
      family,
      registry,
      repository: options.destination.repository,
      settings: { create: options.createRepository, ecr: options.ecr },
      dryRun,
      log,
      resources: used.resources,
      client: () => used.clientFor(registry),
    });
  } finally {
    await own?.close();
  }
}
