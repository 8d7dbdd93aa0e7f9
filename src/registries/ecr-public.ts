/**
 * Amazon ECR Public (public.ecr.aws). It serves public images to anyone, so only a push (the
 * destination) asks AWS for a token; one-PUT uploads, as ECR.
 */
import { anyShape, nothingKnown, type RegistryFamilyModule } from './family.js';

export interface EcrPublicFamily {
  readonly kind: 'ecr-public';
}

export const ecrPublicModule: RegistryFamilyModule<EcrPublicFamily> = {
  kind: 'ecr-public',
  detect: (host) => (host === 'public.ecr.aws' ? { kind: 'ecr-public' } : undefined),
  describe: () => 'Amazon ECR Public',
  shapeProblem: anyShape,
  async credentials({ registry, isDestination }) {
    if (!isDestination) return undefined;
    const { ecrPublicCredentials } = await import('./ecr-api.js');
    return ecrPublicCredentials(registry);
  },
  // Its repositories are created in the ECR Public console or API; this action does not check them yet.
  prepareRepository: nothingKnown,
  quirks: { chunkedUploads: false },
  traits: () => ({
    cloud: 'aws',
    owner: undefined,
    region: undefined,
    pullsWithCloudIdentity: false,
    publicHub: false,
  }),
};
