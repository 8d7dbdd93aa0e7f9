/** Any other OCI registry: docker config (or anonymous) for credentials, the spec as written. Detected last. */
import { anyShape, noOwnCredentials, nothingKnown, NO_QUIRKS, NO_TRAITS, type RegistryFamilyModule } from './family.js';

export interface GenericFamily {
  readonly kind: 'generic';
}

export const genericModule: RegistryFamilyModule<GenericFamily> = {
  kind: 'generic',
  detect: () => ({ kind: 'generic' }),
  describe: () => 'OCI registry',
  shapeProblem: anyShape,
  credentials: noOwnCredentials,
  prepareRepository: nothingKnown,
  quirks: NO_QUIRKS,
  traits: () => NO_TRAITS,
};
