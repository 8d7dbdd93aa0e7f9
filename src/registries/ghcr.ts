/** GitHub Container Registry (ghcr.io/OWNER/IMAGE): docker config (docker/login-action with GITHUB_TOKEN) serves it. */
import {
  minimumDepth,
  noOwnCredentials,
  nothingKnown,
  NO_QUIRKS,
  NO_TRAITS,
  type RegistryFamilyModule,
} from './family.js';

export interface GhcrFamily {
  readonly kind: 'ghcr';
  readonly owner: string;
}

export const ghcrModule: RegistryFamilyModule<GhcrFamily> = {
  kind: 'ghcr',
  detect: (host, repository) =>
    host === 'ghcr.io' ? { kind: 'ghcr', owner: repository.split('/')[0] ?? '' } : undefined,
  describe: (family) => `GitHub Container Registry (owner ${family.owner})`,
  shapeProblem: (_family, repository) => minimumDepth(repository, 2, 'a GHCR destination is ghcr.io/OWNER/IMAGE'),
  credentials: noOwnCredentials,
  prepareRepository: nothingKnown,
  quirks: NO_QUIRKS,
  traits: () => NO_TRAITS,
};
