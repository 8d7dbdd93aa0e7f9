/** Docker Hub (docker.io, and names without a host): docker config serves it, or anonymous pulls. */
import { DOCKER_HUB } from '../oci/reference.js';
import { anyShape, noOwnCredentials, nothingKnown, NO_QUIRKS, NO_TRAITS, type RegistryFamilyModule } from './family.js';

export interface DockerHubFamily {
  readonly kind: 'docker-hub';
  readonly namespace: string;
}

export const dockerHubModule: RegistryFamilyModule<DockerHubFamily> = {
  kind: 'docker-hub',
  detect: (host, repository) =>
    host === DOCKER_HUB ? { kind: 'docker-hub', namespace: repository.split('/')[0] ?? '' } : undefined,
  describe: () => 'Docker Hub',
  shapeProblem: anyShape,
  credentials: noOwnCredentials,
  prepareRepository: nothingKnown,
  quirks: NO_QUIRKS,
  traits: () => ({ ...NO_TRAITS, publicHub: true }),
};
