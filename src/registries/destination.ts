/** Checks on the destination repository that must pass before any byte moves. */
import type { ImageReference } from '../oci/reference.js';
import type { Log } from '../oci/log.js';
import type { EcrOptions } from './ecr-options.js';
import type { RepositoryState } from './family.js';
import { familyModule, type RegistryFamily } from './index.js';
import { SharedResources } from './shared-resources.js';

export type DestinationState = RepositoryState;

/** What the repository check needs of the inputs. */
export interface DestinationOptions {
  readonly destination: Pick<ImageReference, 'registry' | 'repository'>;
  readonly destinationFamily: RegistryFamily;
  readonly createRepository: boolean;
  readonly ecr: EcrOptions;
}

/**
 * Verifies (or, when asked, creates) the destination repository where the registry has an API for
 * it, through the run's shared resources (its ECR clients); with none given, through its own, closed after.
 */
export async function prepareDestination(
  options: DestinationOptions,
  dryRun: boolean,
  log: Log,
  shared?: SharedResources,
): Promise<DestinationState> {
  const family = options.destinationFamily;
  const resources = shared ?? new SharedResources();
  try {
    return await familyModule(family).prepareRepository({
      family,
      registry: options.destination.registry,
      repository: options.destination.repository,
      settings: { create: options.createRepository, ecr: options.ecr },
      dryRun,
      log,
      resources,
    });
  } finally {
    if (!shared) await resources.close();
  }
}
