/**
 * Google's registries: Artifact Registry (LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE) and
 * gcr.io (gcr.io/PROJECT/IMAGE, served by Artifact Registry from a repository named after the host).
 * Both take the ADC access token and have their repository checked or created through the Artifact
 * Registry API (./gar-api.ts, imported only when called).
 */
import type { Credentials } from '../oci/credentials.js';
import type { ArtifactRepository } from './gar-api.js';
import {
  minimumDepth,
  type RegistryFamilyModule,
  type RegistryTraits,
  type RepositoryRequest,
  type RepositoryState,
} from './family.js';

export interface ArtifactRegistryFamily {
  readonly kind: 'artifact-registry';
  readonly location: string;
  readonly project: string;
  readonly repository: string;
}

export interface GcrFamily {
  readonly kind: 'gcr';
  readonly multiRegion: string;
  readonly project: string;
}

const ARTIFACT_REGISTRY_HOST = /^([a-z0-9-]+)-docker\.pkg\.dev$/;
const GCR_HOST = /^(?:(us|eu|asia)\.)?gcr\.io$/;

/** The ADC access token; without ADC, the chain goes on to docker config (or anonymous). */
async function adcCredentials(): Promise<Credentials | undefined> {
  const { googleRegistryCredentials } = await import('./gar-api.js');
  return googleRegistryCredentials();
}

async function prepare(
  where: ArtifactRepository,
  { settings, dryRun, log }: RepositoryRequest<unknown>,
): Promise<RepositoryState> {
  const { ensureArtifactRepository } = await import('./gar-api.js');
  const state = await ensureArtifactRepository(where, settings.create, log, dryRun);
  return { immutableTags: state.immutableTags };
}

function googleTraits(project: string, location: string): RegistryTraits {
  // Cloud Run pulls with its service agent, which needs read access in another project.
  return { cloud: 'google', owner: project, region: location, pullsWithCloudIdentity: true, publicHub: false };
}

export const artifactRegistryModule: RegistryFamilyModule<ArtifactRegistryFamily> = {
  kind: 'artifact-registry',
  detect(host, repository) {
    const ar = ARTIFACT_REGISTRY_HOST.exec(host);
    const [project = '', name = ''] = repository.split('/');
    return ar ? { kind: 'artifact-registry', location: ar[1]!, project, repository: name } : undefined;
  },
  describe: (family) =>
    `Google Artifact Registry (project ${family.project}, location ${family.location}, repository ${family.repository})`,
  shapeProblem: (_family, repository) =>
    minimumDepth(
      repository,
      3,
      'an Artifact Registry destination is LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE (PROJECT, REPOSITORY and IMAGE are all needed)',
    ),
  credentials: adcCredentials,
  prepareRepository: (request) =>
    prepare(
      { project: request.family.project, location: request.family.location, repository: request.family.repository },
      request,
    ),
  quirks: { chunkedUploads: true },
  traits: (family) => googleTraits(family.project, family.location),
};

/** The Artifact Registry location that serves each gcr.io host. */
const GCR_LOCATIONS: Readonly<Record<string, string>> = { us: 'us', eu: 'europe', asia: 'asia' };

export const gcrModule: RegistryFamilyModule<GcrFamily> = {
  kind: 'gcr',
  detect(host, repository) {
    const gcr = GCR_HOST.exec(host);
    return gcr ? { kind: 'gcr', multiRegion: gcr[1] ?? 'us', project: repository.split('/')[0] ?? '' } : undefined;
  },
  describe: (family) => `Google Container Registry (project ${family.project})`,
  shapeProblem: (_family, repository) => minimumDepth(repository, 2, 'a gcr.io destination is gcr.io/PROJECT/IMAGE'),
  credentials: adcCredentials,
  // gcr.io images live in the Artifact Registry repository named after the host.
  prepareRepository: (request) =>
    prepare(
      {
        project: request.family.project,
        location: GCR_LOCATIONS[request.family.multiRegion] ?? 'us',
        repository: request.registry.toLowerCase(),
      },
      request,
    ),
  quirks: { chunkedUploads: true },
  traits: (family) => googleTraits(family.project, GCR_LOCATIONS[family.multiRegion] ?? 'us'),
};
