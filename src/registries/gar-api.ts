/**
 * Google Artifact Registry's API (it also serves the gcr.io hosts): the ADC access token as the
 * registry password, and the Docker repository checked, or created, before any byte moves. The
 * Google family modules import this file only when they call Google, and it loads the SDK only then.
 */
import type { Credentials } from '../oci/credentials.js';
import {
  explainGoogleError,
  GcpError,
  googleAccessToken,
  googleClientOptions,
  GoogleStatus,
  googleStatus,
  loadGoogleSdk,
  waitForOperation,
} from '../clouds/google.js';
import type { Log } from '../oci/log.js';

/** The user name Google's registries take with an OAuth2 access token as the password. */
const OAUTH2_USER = 'oauth2accesstoken';

/** Registry credentials from Application Default Credentials; undefined when there are none. */
export async function googleRegistryCredentials(): Promise<Credentials | undefined> {
  const token = await googleAccessToken();
  return token === undefined ? undefined : { username: OAUTH2_USER, password: token };
}

export interface ArtifactRepository {
  readonly project: string;
  readonly location: string;
  readonly repository: string;
}

export interface GarRepositoryState {
  readonly immutableTags: boolean;
  readonly created: boolean;
}

const READER_ROLE = 'roles/artifactregistry.reader (to check the repository) or roles/artifactregistry.writer';

/**
 * Checks that the Docker repository exists and takes pushes, creating it when asked. In a plan
 * (`dryRun`), reports what it would create and creates nothing.
 */
export async function ensureArtifactRepository(
  where: ArtifactRepository,
  create: boolean,
  log: Log,
  dryRun = false,
): Promise<GarRepositoryState> {
  const { ArtifactRegistryClient } = await loadGoogleSdk(() => import('@google-cloud/artifact-registry'));
  const client = new ArtifactRegistryClient(await googleClientOptions('artifactregistry'));
  const parent = `projects/${where.project}/locations/${where.location}`;
  const name = `${parent}/repositories/${where.repository}`;
  const described = `"${where.repository}" (project ${where.project}, location ${where.location})`;
  try {
    try {
      const [found] = await client.getRepository({ name });
      return { immutableTags: checkUsable(found, described, log), created: false };
    } catch (error) {
      if (googleStatus(error) !== GoogleStatus.NOT_FOUND) {
        throw explainGoogleError(error, `Reading the Artifact Registry repository ${described}`, name, READER_ROLE);
      }
    }
    if (!create) {
      throw new GcpError(
        `the Artifact Registry repository ${described} does not exist: create it (gcloud artifacts repositories create ${where.repository} --repository-format=docker --location=${where.location} --project=${where.project}), or set create-repository: true`,
      );
    }
    if (dryRun) {
      log(`would create the Artifact Registry Docker repository ${described}`);
      return { immutableTags: false, created: false };
    }
    try {
      const [operation] = await client.createRepository({
        parent,
        repositoryId: where.repository,
        repository: { format: 'DOCKER', description: 'Created by Portable Deploy' },
      });
      const check = (operationName: string) => client.checkCreateRepositoryProgress(operationName);
      await waitForOperation(operation, check, 300);
      log(`created the Artifact Registry Docker repository ${described}`);
      return { immutableTags: false, created: true };
    } catch (error) {
      // Another matrix leg may have created it a moment ago: that is the state we wanted.
      if (googleStatus(error) === GoogleStatus.ALREADY_EXISTS) {
        const [found] = await client.getRepository({ name });
        return { immutableTags: checkUsable(found, described, log), created: false };
      }
      throw explainGoogleError(
        error,
        `Creating the Artifact Registry repository ${described}`,
        parent,
        'roles/artifactregistry.admin (artifactregistry.repositories.create)',
      );
    }
  } finally {
    await client.close();
  }
}

interface RepositoryFields {
  format?: unknown;
  mode?: unknown;
  dockerConfig?: { immutableTags?: boolean | null } | null;
}

/** A repository takes our push only if it is a standard Docker repository; returns whether its tags are immutable. */
function checkUsable(found: RepositoryFields, described: string, log: Log): boolean {
  if (found.format !== 'DOCKER' && found.format !== 1) {
    throw new GcpError(
      `the Artifact Registry repository ${described} holds ${String(found.format)} packages, not Docker images: push to a Docker-format repository`,
    );
  }
  if (
    found.mode === 'REMOTE_REPOSITORY' ||
    found.mode === 'VIRTUAL_REPOSITORY' ||
    found.mode === 2 ||
    found.mode === 3
  ) {
    throw new GcpError(
      `the Artifact Registry repository ${described} is a ${String(found.mode).toLowerCase().replace('_', ' ')}, which cannot be pushed to: push to a standard repository`,
    );
  }
  const immutable = found.dockerConfig?.immutableTags === true;
  log(`Artifact Registry repository ${described} exists${immutable ? '; its tags are immutable' : ''}`);
  return immutable;
}
