/**
 * What every runtime provides. prepare() does only reads (describe, render, validate) and runs
 * before anything is pushed, so a bad setup fails with nothing changed; deploy() makes the changes.
 */
import type { InputContext } from '../input-reader.js';
import type { RegistryFamily } from '../registries/index.js';
import type { Log } from '../oci/log.js';
import type { AzureIdentityInputs } from '../clouds/azure-inputs.js';

export interface DeployTarget {
  /** The image by digest: DESTINATION@sha256:…. */
  readonly image: string;
  readonly registry: string;
  readonly family: RegistryFamily;
  /** Only planning: read what the cloud allows reading, touch nothing, reach no host. */
  readonly planning: boolean;
  /** Credentials the runtime may hand on for pulling the image (the VM's docker login). */
  readonly pullCredentials: () => Promise<{ readonly username?: string; readonly password?: string } | undefined>;
  /** The platforms the image has (os/architecture[/variant]); empty when it does not say. */
  readonly platforms: () => Promise<readonly string[]>;
  /** The pull request a pull_request event is about (for previews); undefined for other events. */
  readonly pullRequest?: PullRequestContext;
}

export interface PullRequestContext {
  readonly number: number;
  /** The event closes it (merged or not). */
  readonly closed: boolean;
  /** The head commit. */
  readonly sha: string;
  /** Which of these pull requests are closed, as GitHub says; undefined without github-token. */
  readonly closedAmong?: (numbers: readonly number[]) => Promise<readonly number[]>;
}

export interface DeployResult {
  /** Step outputs this runtime sets (kebab-case names, as in action.yml). */
  readonly outputs: Readonly<Record<string, string>>;
  /** One line for the summary: the revision, service or task that now runs the image. */
  readonly detail: string;
  readonly url?: string;
  /** Summary rows of their own (one per region), after the runtime's row. */
  readonly rows?: readonly { readonly label: string; readonly detail: string }[];
  /** Post the report on the pull request as its plan comment would be (a preview's URL). */
  readonly postOnPullRequest?: boolean;
}

/**
 * What a deploy that failed part-way still did (some regions deployed, others failed): an error
 * may carry it, and the report then shows it with the error.
 */
export function partialResult(error: unknown): DeployResult | undefined {
  const partial = (error as { partial?: unknown } | null | undefined)?.partial;
  return typeof partial === 'object' && partial !== null ? (partial as DeployResult) : undefined;
}

export interface PreparedDeployment {
  /** What deploy() will do, line by line: the plan. */
  readonly plan: readonly string[];
  /** Things that may keep the runtime from running the image (e.g. it cannot pull it). */
  readonly warnings: readonly string[];
  /** Set when the deploy needs no image (e.g. taking a preview down): why nothing is pushed. */
  readonly skipPush?: string;
  deploy(log: Log): Promise<DeployResult>;
}

export interface Runtime {
  readonly name: string;
  prepare(target: DeployTarget, log: Log): Promise<PreparedDeployment>;
}

/** What a runtime's inputs reader may know of the common inputs. */
export interface RuntimeInputContext {
  /** The destination's registry family, when the destination input is valid (ECS takes its region). */
  readonly destinationFamily: RegistryFamily | undefined;
  /** azure-client-id and azure-tenant-id (read once with the common inputs). */
  readonly azure: AzureIdentityInputs;
}

/**
 * One runtime, as the table in ./index.ts names it. INPUTS is the type its reader returns and
 * the others take, so a module whose types do not fit its name is a compile error.
 */
export interface RuntimeModule<INPUTS> {
  /** Reads this runtime's own inputs; every problem goes to ctx (undefined is returned only then). */
  readInputs(ctx: InputContext, common: RuntimeInputContext): INPUTS | undefined;
  /** The runtime, imported only when used: each brings its cloud's SDK. None for push-only. */
  load(inputs: INPUTS): Promise<Runtime | undefined>;
  /** Where this leg deploys (after the destination in the leg label); undefined: push only. */
  describeLeg(inputs: INPUTS): string | undefined;
}
