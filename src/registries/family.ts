/**
 * What a registry family module says about its registries: how to recognise a host, how to
 * describe it, the path shape it requires, its own source of credentials, how to prepare a
 * repository, its quirks, and the traits a runtime needs to know whether it can pull from it.
 * The table of families is ./index.ts; nothing outside this folder names a family.
 */
import type { AzureIdentityInputs } from '../clouds/azure-inputs.js';
import type { RegistryClient } from '../oci/client.js';
import type { Credentials } from '../oci/credentials.js';
import type { RegistryEndpoints } from '../oci/endpoints.js';
import type { Log } from '../oci/log.js';
import type { EcrOptions } from './ecr-options.js';
import type { SharedResources } from './shared-resources.js';

export type Cloud = 'aws' | 'google' | 'azure';

/** What a runtime may know of a registry when it pulls from it, without naming the family. */
export interface RegistryTraits {
  /** The cloud that serves the registry: its runtimes pull from it natively, with nothing to configure. */
  readonly cloud: Cloud | undefined;
  /** The account (AWS) or project (Google) that owns the images, when the host or path names it. */
  readonly owner: string | undefined;
  /** The region or multi-region location that holds the images, when the host or path names it. */
  readonly region: string | undefined;
  /**
   * The cloud's runtimes pull with their own identity, which must be granted read access (private
   * ECR: the task execution role). False when the cloud serves its images to anyone (ECR Public).
   */
  readonly pullsWithCloudIdentity: boolean;
  /**
   * A public image hub (Docker Hub): its repositories are mostly public, and the runtimes of every
   * cloud pull public ones anonymously.
   */
  readonly publicHub: boolean;
}

/** The traits of a registry no cloud serves and no runtime knows. */
export const NO_TRAITS: RegistryTraits = {
  cloud: undefined,
  owner: undefined,
  region: undefined,
  pullsWithCloudIdentity: false,
  publicHub: false,
};

/** Where a family differs from the distribution spec as the OCI client assumes it. */
export interface RegistryQuirks {
  /** Whether a blob too large for one PUT may go as several PATCH chunks (ECR mishandles them). */
  readonly chunkedUploads: boolean;
}

export const NO_QUIRKS: RegistryQuirks = { chunkedUploads: true };

export interface CredentialRequest<FAMILY> {
  readonly registry: string;
  readonly family: FAMILY;
  /** The run pushes to this registry (it is the destination), rather than only pulling from it. */
  readonly isDestination: boolean;
  readonly resources: SharedResources;
  /** Where registry hosts are reached instead of their DNS address: a family that calls its registry itself goes there too. */
  readonly endpoints: RegistryEndpoints;
  /** The Azure identity the inputs name (azure-client-id, azure-tenant-id), for ACR's token exchange. */
  readonly azure: AzureIdentityInputs;
}

/** How the destination repository is to be set up when this run creates it. */
export interface RepositorySettings {
  /** Create the repository when it is missing (where the registry has an API for it). */
  readonly create: boolean;
  /** The ecr-* inputs: tag mutability, scan on push, lifecycle policy. */
  readonly ecr: EcrOptions;
}

export interface RepositoryRequest<FAMILY> {
  readonly family: FAMILY;
  readonly registry: string;
  readonly repository: string;
  readonly settings: RepositorySettings;
  /** Only planning: read, and report what would be created, creating nothing. */
  readonly dryRun: boolean;
  readonly log: Log;
  readonly resources: SharedResources;
  /** The run's client for the registry, with the credentials the push will use, for a check that asks the registry itself. */
  readonly client: () => RegistryClient;
}

export interface RepositoryState {
  /** Existing tags cannot be moved to another image: all of them, or those the predicate names (ECR exclusion filters). */
  readonly immutableTags: boolean | ((tag: string) => boolean);
}

/**
 * One registry family, as the table in ./index.ts names it. FAMILY is what `detect` finds in a
 * host and path (its `kind` and the facts the other functions take).
 */
export interface RegistryFamilyModule<FAMILY extends { readonly kind: string }> {
  readonly kind: FAMILY['kind'];
  /** The family's facts when the host (lower case) is one of its registries; undefined otherwise. */
  detect(host: string, repository: string): FAMILY | undefined;
  /** For the plan and the logs: "Amazon ECR (account …, region …)". */
  describe(family: FAMILY): string;
  /** The problem with a destination path this registry cannot hold; undefined when it can. */
  shapeProblem(family: FAMILY, repository: string): string | undefined;
  /**
   * The family's own source of credentials (an ECR token, Google ADC); undefined declines, and the
   * chain goes on to docker config. SDKs are imported here, only when called.
   */
  credentials(request: CredentialRequest<FAMILY>): Promise<Credentials | undefined>;
  /** Checks (or creates) the destination repository before any byte moves, where the registry has an API for it. */
  prepareRepository(request: RepositoryRequest<FAMILY>): Promise<RepositoryState>;
  readonly quirks: RegistryQuirks;
  traits(family: FAMILY): RegistryTraits;
}

/** For a family with no credentials of its own: docker config (or anonymous) serves it. */
export const noOwnCredentials = async (): Promise<undefined> => undefined;

/** For a family with no repository API: nothing is known, and the push finds out. */
export const nothingKnown = async (): Promise<RepositoryState> => ({ immutableTags: false });

/** For a family whose registries take any repository path. */
export const anyShape = (): undefined => undefined;

/** The path needs at least `depth` segments; `problem` says so, showing the form (e.g. "ghcr.io/OWNER/IMAGE"). */
export function minimumDepth(repository: string, depth: number, problem: string): string | undefined {
  return repository.split('/').length < depth ? problem : undefined;
}
