/**
 * Which registry family a destination belongs to, from its host and path alone (no network).
 * The registry auth modules key off this.
 */
import { DOCKER_HUB, type ImageReference } from '../reference.js';

export type RegistryFamily =
  | {
      readonly kind: 'ecr';
      readonly accountId: string;
      readonly region: string;
      readonly fips: boolean;
      readonly partitionDomain: string;
    }
  | { readonly kind: 'ecr-public' }
  | {
      readonly kind: 'artifact-registry';
      readonly location: string;
      readonly project: string;
      readonly repository: string;
    }
  | { readonly kind: 'gcr'; readonly multiRegion: string; readonly project: string }
  | { readonly kind: 'acr'; readonly registryName: string; readonly cloudDomain: string }
  | { readonly kind: 'ghcr'; readonly owner: string }
  | { readonly kind: 'docker-hub'; readonly namespace: string }
  | { readonly kind: 'generic' };

// The host patterns AWS documents for private ECR, across partitions (commercial, China, GovCloud
// with FIPS, ISO) and the dual-stack endpoints; the same set amazon-ecr-credential-helper accepts.
const ECR_HOST =
  /^(\d{12})\.dkr[.-]ecr(-fips)?\.([a-z0-9][a-z0-9-]*)\.(amazonaws\.com(?:\.cn)?|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|on\.aws|on\.amazonwebservices\.com\.cn)$/;
const ARTIFACT_REGISTRY_HOST = /^([a-z0-9-]+)-docker\.pkg\.dev$/;
const GCR_HOST = /^(?:(us|eu|asia)\.)?gcr\.io$/;
const ACR_HOST = /^([a-z0-9]+)\.(azurecr\.(?:io|cn|us))$/;

export function detectRegistry(ref: Pick<ImageReference, 'registry' | 'repository'>): RegistryFamily {
  const host = ref.registry.toLowerCase();
  const firstPath = ref.repository.split('/')[0] ?? '';

  const ecr = ECR_HOST.exec(host);
  if (ecr) {
    return { kind: 'ecr', accountId: ecr[1]!, region: ecr[3]!, fips: ecr[2] !== undefined, partitionDomain: ecr[4]! };
  }
  if (host === 'public.ecr.aws') return { kind: 'ecr-public' };

  const ar = ARTIFACT_REGISTRY_HOST.exec(host);
  if (ar) {
    return {
      kind: 'artifact-registry',
      location: ar[1]!,
      project: firstPath,
      repository: ref.repository.split('/')[1] ?? '',
    };
  }
  const gcr = GCR_HOST.exec(host);
  if (gcr) return { kind: 'gcr', multiRegion: gcr[1] ?? 'us', project: firstPath };

  const acr = ACR_HOST.exec(host);
  if (acr) return { kind: 'acr', registryName: acr[1]!, cloudDomain: acr[2]! };

  if (host === 'ghcr.io') return { kind: 'ghcr', owner: firstPath };
  if (host === DOCKER_HUB) return { kind: 'docker-hub', namespace: firstPath };
  return { kind: 'generic' };
}

/** Checks that a destination has the path shape its registry requires; returns the problem or undefined. */
export function destinationShapeProblem(family: RegistryFamily, repository: string): string | undefined {
  const depth = repository.split('/').length;
  switch (family.kind) {
    case 'artifact-registry':
      return depth < 3
        ? 'an Artifact Registry destination is LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE (PROJECT, REPOSITORY and IMAGE are all needed)'
        : undefined;
    case 'gcr':
      return depth < 2 ? 'a gcr.io destination is gcr.io/PROJECT/IMAGE' : undefined;
    case 'ghcr':
      return depth < 2 ? 'a GHCR destination is ghcr.io/OWNER/IMAGE' : undefined;
    default:
      return undefined;
  }
}

export function describeFamily(family: RegistryFamily): string {
  switch (family.kind) {
    case 'ecr':
      return `Amazon ECR (account ${family.accountId}, region ${family.region}${family.fips ? ', FIPS' : ''})`;
    case 'ecr-public':
      return 'Amazon ECR Public';
    case 'artifact-registry':
      return `Google Artifact Registry (project ${family.project}, location ${family.location}, repository ${family.repository})`;
    case 'gcr':
      return `Google Container Registry (project ${family.project})`;
    case 'acr':
      return `Azure Container Registry (${family.registryName})`;
    case 'ghcr':
      return `GitHub Container Registry (owner ${family.owner})`;
    case 'docker-hub':
      return 'Docker Hub';
    case 'generic':
      return 'OCI registry';
  }
}
