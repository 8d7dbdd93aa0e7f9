/**
 * Amazon ECR (private): hosts ACCOUNT.dkr.ecr.REGION.amazonaws.com and the other partitions'. A
 * token from the caller's AWS identity; the repository checked or created through the ECR API
 * (./ecr-api.ts, imported only when called); one-PUT uploads.
 */
import { anyShape, type RegistryFamilyModule } from './family.js';

export interface EcrFamily {
  readonly kind: 'ecr';
  readonly accountId: string;
  readonly region: string;
  readonly fips: boolean;
  readonly partitionDomain: string;
}

// The host patterns AWS documents for private ECR, across partitions (commercial, China, GovCloud
// with FIPS, ISO) and the dual-stack endpoints; the same set amazon-ecr-credential-helper accepts.
const ECR_HOST =
  /^(\d{12})\.dkr[.-]ecr(-fips)?\.([a-z0-9][a-z0-9-]*)\.(amazonaws\.com(?:\.cn)?|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|on\.aws|on\.amazonwebservices\.com\.cn)$/;

export const ecrModule: RegistryFamilyModule<EcrFamily> = {
  kind: 'ecr',
  detect(host) {
    const ecr = ECR_HOST.exec(host);
    return ecr
      ? { kind: 'ecr', accountId: ecr[1]!, region: ecr[3]!, fips: ecr[2] !== undefined, partitionDomain: ecr[4]! }
      : undefined;
  },
  describe: (family) =>
    `Amazon ECR (account ${family.accountId}, region ${family.region}${family.fips ? ', FIPS' : ''})`,
  shapeProblem: anyShape,
  async credentials({ registry, family, resources }) {
    const { EcrClients, ecrCredentials } = await import('./ecr-api.js');
    return ecrCredentials(registry, family, resources.shared(EcrClients));
  },
  async prepareRepository({ family, repository, settings, dryRun, log, resources }) {
    const { EcrClients, ensureEcrRepository } = await import('./ecr-api.js');
    const options = { create: settings.create, ...settings.ecr };
    const state = await ensureEcrRepository(family, repository, options, log, dryRun, resources.shared(EcrClients));
    return { immutableTags: state.immutableTag };
  },
  // ECR mishandles multi-chunk uploads: a blob always goes in one PUT there.
  quirks: { chunkedUploads: false },
  traits: (family) => ({
    cloud: 'aws',
    owner: family.accountId,
    region: family.region,
    // ECS pulls from ECR with the task execution role.
    pullsWithCloudIdentity: true,
    publicHub: false,
  }),
};
