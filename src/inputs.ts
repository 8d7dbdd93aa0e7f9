/**
 * Reads every input once into one typed, validated object. All problems are collected and
 * reported together, before any network call, each naming the input and what a valid value is.
 */
import * as core from './runner/workflow-commands.js';
import { maskSecret } from './secret-mask.js';
import { InputContext, type InputProblem, type InputReader } from './input-reader.js';
import {
  ReferenceError,
  parseRepository,
  parseSource,
  tagProblem,
  type ImageReference,
  type SourceReference,
} from './oci/reference.js';
import { destinationShapeProblem, detectRegistry, type RegistryFamily } from './registries/index.js';
import { readRegistryEndpoints } from './registries/endpoints-input.js';
import type { RegistryEndpoints } from './oci/endpoints.js';
import { readEcrOptions, type EcrOptions } from './registries/ecr-options.js';
import { readAzureIdentity, type AzureIdentityInputs } from './clouds/azure-inputs.js';
import { isRuntimeName, readRuntimeInputs, RUNTIME_NAMES, type RuntimeSelection } from './runtimes/index.js';
import { UserError } from './oci/user-error.js';
import { formatSeconds } from './deadline.js';
import { warn } from './warnings.js';

export { parseList, type InputProblem, type InputReader } from './input-reader.js';

export const DEPLOY_RULES = ['always', 'merged-pull-request', 'default-branch', 'tag'] as const;
export type DeployRule = (typeof DEPLOY_RULES)[number];

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface CommonInputs {
  readonly source: SourceReference;
  readonly destination: ImageReference;
  readonly destinationFamily: RegistryFamily;
  /** Tags to push; undefined means "the source tag", resolved once the source is read. */
  readonly tags: readonly string[] | undefined;
  readonly deployWhen: readonly DeployRule[];
  readonly dryRun: boolean;
  /** Copy OCI referrers and cosign signature tags along with the image. */
  readonly copyReferrers: boolean;
  /** Explicit credentials for the destination registry (otherwise docker config.json is used). */
  readonly destinationCredentials: RegistryCredentials | undefined;
  /** Registries reached over plain HTTP (loopback hosts always are). */
  readonly insecureRegistries: readonly string[];
  /** Registry hosts reached at another address (private endpoints). */
  readonly registryEndpoints: RegistryEndpoints;
  readonly githubToken: string | undefined;
  /** With a token: record a GitHub deployment to this environment when the run deploys. */
  readonly environment: string | undefined;
  /** With a token: post the plan of a pull request as a comment. */
  readonly prComment: boolean;
  /** Create the destination repository when it is missing (ECR, Artifact Registry). */
  readonly createRepository: boolean;
  readonly ecr: EcrOptions;
  /** azure-client-id and azure-tenant-id: the identity ACR (and Container Apps) sign in as with the GitHub OIDC token. */
  readonly azure: AzureIdentityInputs;
  /** The whole run's time limit: past it, the run fails naming what it was still waiting for. */
  readonly timeoutSeconds: number;
}

/** The common inputs, and the runtime with its own inputs (read by its module in src/runtimes/). */
export type Inputs = CommonInputs & RuntimeSelection;

export class InputError extends UserError {
  constructor(readonly problems: readonly InputProblem[]) {
    const names = [...new Set(problems.map((p) => p.input))];
    super(
      problems.length === 1
        ? `Input "${problems[0]!.input}": ${problems[0]!.message}`
        : `${problems.length} inputs are invalid:\n${problems.map((p) => `- "${p.input}": ${p.message}`).join('\n')}`,
      `Invalid input${names.length > 1 ? 's' : ''} ${names.join(', ')}`,
    );
    this.name = 'InputError';
  }
}

/** Reads an input the way @actions/core does (INPUT_<NAME> with spaces as "_", upper-cased), trimmed. */
export const actionInputReader: InputReader = (name) => core.getInput(name);

export function readInputs(
  read: InputReader = actionInputReader,
  setSecret: (value: string) => void = core.setSecret,
): Inputs {
  const ctx = new InputContext(read);

  // Secrets are masked the moment they are read, before anything can print them.
  const registryPassword = read('registry-password');
  maskSecret(registryPassword, setSecret); // may be a multi-line JSON key (Artifact Registry's _json_key)
  const githubToken = read('github-token');
  maskSecret(githubToken, setSecret);
  maskSecret(read('kubeconfig'), setSecret); // runtime kubernetes: a kubeconfig with tokens or keys, masked line by line

  const imageText = read('image');
  let source: SourceReference | undefined;
  if (imageText === '') {
    ctx.problem('image', 'is required: the image to deploy, e.g. ghcr.io/org/app:1.2.3 or oci-layout:./out:1.2.3');
  } else {
    try {
      source = parseSource(imageText);
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      ctx.problem('image', `${error.message}. Example: ghcr.io/org/app:1.2.3`);
    }
  }

  const destinationText = read('destination');
  let destination: ImageReference | undefined;
  let destinationFamily: RegistryFamily | undefined;
  if (destinationText === '') {
    ctx.problem(
      'destination',
      'is required: the repository to push to, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/app or us-docker.pkg.dev/project/repo/app',
    );
  } else {
    try {
      destination = parseRepository(destinationText);
      destinationFamily = detectRegistry(destination);
      const shape = destinationShapeProblem(destinationFamily, destination.repository);
      if (shape) ctx.problem('destination', `"${destinationText}": ${shape}`);
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      ctx.problem('destination', error.message);
    }
  }

  let tags: string[] | undefined;
  if (read('tags') !== '') {
    tags = ctx.list('tags');
    if (tags.length === 0)
      ctx.problem(
        'tags',
        `"${read('tags')}" names no tag: give one or more (e.g. "1.2.3, latest"), or leave it empty to reuse the source's tag`,
      );
    for (const tag of tags) {
      const why = tagProblem(tag);
      if (why) ctx.problem('tags', `${why} (tags are newline- or comma-separated, e.g. "1.2.3, latest")`);
    }
  }

  const runtimeText = read('runtime') || 'none';
  if (!isRuntimeName(runtimeText)) {
    ctx.problem('runtime', `"${runtimeText}" is not a runtime; use one of: ${RUNTIME_NAMES.join(', ')}`);
  }

  const deployWhen: DeployRule[] = [];
  for (const rule of ctx.list('deploy-when').length ? ctx.list('deploy-when') : ['always']) {
    if ((DEPLOY_RULES as readonly string[]).includes(rule)) deployWhen.push(rule as DeployRule);
    else ctx.problem('deploy-when', `"${rule}" is not a rule; use one or more of: ${DEPLOY_RULES.join(', ')}`);
  }

  const dryRun = ctx.boolean('dry-run', false);
  const copyReferrers = ctx.boolean('copy-referrers', true);

  const registryUsername = read('registry-username');
  let destinationCredentials: RegistryCredentials | undefined;
  if ((registryUsername === '') !== (registryPassword === '')) {
    ctx.problem(
      registryUsername === '' ? 'registry-username' : 'registry-password',
      'registry-username and registry-password go together: set both, or neither to use docker config.json',
    );
  } else if (registryUsername !== '') {
    destinationCredentials = { username: registryUsername, password: registryPassword };
  }

  const insecureRegistries = ctx.list('insecure-registries');
  for (const host of insecureRegistries) {
    if (!/^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(?::\d{1,5})?$/.test(host)) {
      ctx.problem('insecure-registries', `"${host}" is not a registry host[:port], e.g. registry.internal:5000`);
    }
  }

  const registryEndpoints = readRegistryEndpoints(ctx);

  const environment = ctx.text('environment');
  if (environment !== undefined && environment.length > 255)
    ctx.problem('environment', 'is longer than 255 characters');
  const prComment = ctx.boolean('pr-comment', true);
  const createRepository = ctx.boolean('create-repository', false);
  const timeoutSeconds = ctx.duration('timeout', 30 * 60, 10, 6 * 3600, 'm');
  const ecr = readEcrOptions(ctx);
  const azure = readAzureIdentity(ctx);
  const runtime = isRuntimeName(runtimeText)
    ? readRuntimeInputs(runtimeText, ctx, { destinationFamily, azure })
    : undefined;

  if (ctx.problems.length > 0 || !source || !destination || !destinationFamily || !runtime)
    throw new InputError(ctx.problems);
  warnWaitPastRun(runtime.runtimeInputs, timeoutSeconds);
  const common: CommonInputs = {
    source,
    destination,
    destinationFamily,
    tags,
    deployWhen,
    dryRun,
    copyReferrers,
    destinationCredentials,
    insecureRegistries,
    registryEndpoints,
    githubToken: githubToken || undefined,
    environment,
    prComment,
    createRepository,
    ecr,
    azure,
    timeoutSeconds,
  };
  return { ...common, ...runtime };
}

/**
 * A runtime's own wait (wait-timeout; a VM's health-timeout) as long as the whole run's timeout or
 * longer cannot run its course: each wait is cut to end before the run does (leaving Kubernetes time
 * to undo, and the others time to say what is left). Said once, before anything starts.
 */
function warnWaitPastRun(runtimeInputs: unknown, timeoutSeconds: number): void {
  const own = runtimeInputs as
    | {
        waitTimeoutSeconds?: unknown;
        healthTimeoutSeconds?: unknown;
        waitForStability?: unknown;
        mode?: { kind?: unknown };
      }
    | undefined;
  // An ECS service not waited for, or a scheduled task (only its target moves), waits for nothing.
  if (own?.waitForStability === false || own?.mode?.kind === 'scheduled') return;
  const waits: [string, unknown][] = [
    ['wait-timeout', own?.waitTimeoutSeconds],
    ['health-timeout', own?.healthTimeoutSeconds],
  ];
  for (const [input, seconds] of waits) {
    if (typeof seconds !== 'number' || seconds < timeoutSeconds) continue;
    warn(
      `${input} (${seconds} s) is not shorter than timeout (${formatSeconds(timeoutSeconds)}), the whole run's limit: ` +
        `the deploy's waits are cut to end before the run's timeout (leaving time to undo, or to say what is left), so the step may fail before ${input}. ` +
        `Raise timeout above ${input}, or lower ${input}`,
      `${input} and timeout`,
    );
  }
}
