/** Checks on the destination repository that must pass before any byte moves. */
import type { Inputs } from '../inputs.js';
import type { Log } from '../oci/log.js';
import type { EcrClients } from './ecr.js';

export interface DestinationState {
  /** Existing tags cannot be moved to another image: all of them, or those the predicate names (ECR exclusion filters). */
  readonly immutableTags: boolean | ((tag: string) => boolean);
}

/**
 * Verifies (or, when asked, creates) the destination repository where the registry has an API for
 * it; an ECR repository through the run's ECR clients.
 */
export async function prepareDestination(
  inputs: Inputs,
  dryRun: boolean,
  log: Log,
  ecrClients?: EcrClients,
): Promise<DestinationState> {
  const family = inputs.destinationFamily;
  if (family.kind === 'ecr') {
    const { ensureEcrRepository } = await import('./ecr.js');
    const state = await ensureEcrRepository(
      family,
      inputs.destination.repository,
      {
        create: inputs.createRepository,
        imageTagMutability: inputs.ecr.imageTagMutability,
        scanOnPush: inputs.ecr.scanOnPush,
        lifecyclePolicy: inputs.ecr.lifecyclePolicy,
      },
      log,
      dryRun,
      ecrClients,
    );
    return { immutableTags: state.immutableTag };
  }
  if (family.kind === 'artifact-registry' || family.kind === 'gcr') {
    const { artifactRepository, ensureArtifactRepository } = await import('./gar.js');
    const where = artifactRepository(family, inputs.destination.registry);
    const state = await ensureArtifactRepository(where, inputs.createRepository, log, dryRun);
    return { immutableTags: state.immutableTags };
  }
  return { immutableTags: false };
}
