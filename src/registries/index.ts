/**
 * The registry families, one table. A family is a module in this folder plus one line in
 * RegistryFamilyMap, one in REGISTRY_FAMILIES and one in DETECTION_ORDER: a kind with no module, a
 * module whose facts do not fit its kind, or a kind left out of the detection order does not compile.
 * Everything else asks this file about a registry and never names a family.
 */
import type { Credentials } from '../oci/credentials.js';
import type { ImageReference } from '../oci/reference.js';
import { acrModule, type AcrFamily } from './acr.js';
import { dockerHubModule, type DockerHubFamily } from './docker-hub.js';
import { ecrPublicModule, type EcrPublicFamily } from './ecr-public.js';
import { ecrModule, type EcrFamily } from './ecr.js';
import type { CredentialRequest, RegistryFamilyModule, RegistryQuirks, RegistryTraits } from './family.js';
import { genericModule, type GenericFamily } from './generic.js';
import { ghcrModule, type GhcrFamily } from './ghcr.js';
import { artifactRegistryModule, gcrModule, type ArtifactRegistryFamily, type GcrFamily } from './google.js';

/** Each family's kind and the facts its detect() finds in a host and path. */
export interface RegistryFamilyMap {
  ecr: EcrFamily;
  'ecr-public': EcrPublicFamily;
  'artifact-registry': ArtifactRegistryFamily;
  gcr: GcrFamily;
  acr: AcrFamily;
  ghcr: GhcrFamily;
  'docker-hub': DockerHubFamily;
  generic: GenericFamily;
}

export type FamilyKind = keyof RegistryFamilyMap;
export type RegistryFamily = RegistryFamilyMap[FamilyKind];

type FamilyTable = { readonly [KIND in FamilyKind]: RegistryFamilyModule<RegistryFamilyMap[KIND]> };

export const REGISTRY_FAMILIES = {
  ecr: ecrModule,
  'ecr-public': ecrPublicModule,
  'artifact-registry': artifactRegistryModule,
  gcr: gcrModule,
  acr: acrModule,
  ghcr: ghcrModule,
  'docker-hub': dockerHubModule,
  generic: genericModule,
} as const satisfies FamilyTable;

/** The order hosts are tried in: the first family that recognises a host has it; generic takes any host, so it is last. */
export const DETECTION_ORDER = [
  'ecr',
  'ecr-public',
  'artifact-registry',
  'gcr',
  'acr',
  'ghcr',
  'docker-hub',
  'generic',
] as const satisfies readonly FamilyKind[];

// A kind missing from DETECTION_ORDER is a compile error here, naming the kind.
type Undetected = Exclude<FamilyKind, (typeof DETECTION_ORDER)[number]>;
const everyKindDetected: [Undetected] extends [never] ? true : Undetected = true;
void everyKindDetected;

/** The module of a family. The table pairs each kind with the module of that kind, so it takes this family. */
export function familyModule(family: RegistryFamily): RegistryFamilyModule<RegistryFamily> {
  return REGISTRY_FAMILIES[family.kind] as RegistryFamilyModule<RegistryFamily>;
}

/** Which registry family a host and path belong to (no network). */
export function detectRegistry(ref: Pick<ImageReference, 'registry' | 'repository'>): RegistryFamily {
  const host = ref.registry.toLowerCase();
  for (const kind of DETECTION_ORDER) {
    const found = REGISTRY_FAMILIES[kind].detect(host, ref.repository);
    if (found) return found;
  }
  throw new Error(`no registry family took ${host}, not even generic`);
}

/** Checks that a destination has the path shape its registry requires; returns the problem or undefined. */
export function destinationShapeProblem(family: RegistryFamily, repository: string): string | undefined {
  return familyModule(family).shapeProblem(family, repository);
}

export function describeFamily(family: RegistryFamily): string {
  return familyModule(family).describe(family);
}

/** What a runtime needs to know to pull from this registry. */
export function registryTraits(family: RegistryFamily): RegistryTraits {
  return familyModule(family).traits(family);
}

export function registryQuirks(family: RegistryFamily): RegistryQuirks {
  return familyModule(family).quirks;
}

/** The family's own credentials for a registry; undefined when it has none (or declines). */
export function familyCredentials(
  request: Omit<CredentialRequest<RegistryFamily>, 'family'>,
): Promise<Credentials | undefined> {
  const family = detectRegistry({ registry: request.registry, repository: '' });
  return familyModule(family).credentials({ ...request, family });
}
