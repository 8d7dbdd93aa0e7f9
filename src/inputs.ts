/**
 * Reads every input once into one typed, validated object. All problems are collected and
 * reported together, before any network call, each naming the input and what a valid value is.
 */
import * as core from '@actions/core';
import {
  ReferenceError,
  parseRepository,
  parseSource,
  tagProblem,
  type ImageReference,
  type SourceReference,
} from './reference.js';
import { destinationShapeProblem, detectRegistry, type RegistryFamily } from './registries/detect.js';

export const DEPLOY_RULES = ['always', 'merged-pull-request', 'default-branch', 'tag'] as const;
export type DeployRule = (typeof DEPLOY_RULES)[number];

/** Runtimes this build can deploy to; later ones join this union with their own fields. */
export const RUNTIMES = ['none'] as const;
const PLANNED_RUNTIMES = ['vm', 'ecs', 'cloud-run'];

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
  readonly githubToken: string | undefined;
}

export type RuntimeInputs = { readonly runtime: 'none' };

export type Inputs = CommonInputs & RuntimeInputs;

export interface InputProblem {
  readonly input: string;
  readonly message: string;
}

export class InputError extends Error {
  constructor(readonly problems: readonly InputProblem[]) {
    super(
      problems.length === 1
        ? `Input "${problems[0]!.input}": ${problems[0]!.message}`
        : `${problems.length} inputs are invalid:\n${problems.map((p) => `- "${p.input}": ${p.message}`).join('\n')}`,
    );
    this.name = 'InputError';
  }
}

export type InputReader = (name: string) => string;

/** Reads an input the way @actions/core does (INPUT_<NAME> with spaces as "_", upper-cased), trimmed. */
export const actionInputReader: InputReader = (name) => core.getInput(name);

/** Splits a list input on newlines and commas, as docker/metadata-action does; drops blanks and duplicates. */
export function parseList(value: string): string[] {
  const items = value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
  return [...new Set(items)];
}

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

export function readInputs(read: InputReader = actionInputReader): Inputs {
  const problems: InputProblem[] = [];
  const problem = (input: string, message: string): undefined => {
    problems.push({ input, message });
    return undefined;
  };

  // Secrets are masked the moment they are read, before anything can print them.
  const registryPassword = read('registry-password');
  if (registryPassword) core.setSecret(registryPassword);
  const githubToken = read('github-token');
  if (githubToken) core.setSecret(githubToken);

  const boolean = (name: string, fallback: boolean): boolean => {
    const value = read(name);
    if (value === '') return fallback;
    if (TRUE_VALUES.includes(value)) return true;
    if (FALSE_VALUES.includes(value)) return false;
    problem(name, `"${value}" is not a boolean; use true or false`);
    return fallback;
  };

  const imageText = read('image');
  let source: SourceReference | undefined;
  if (imageText === '') {
    problem('image', 'is required: the image to deploy, e.g. ghcr.io/org/app:1.2.3 or oci-layout:./out:1.2.3');
  } else {
    try {
      source = parseSource(imageText);
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      problem('image', `${error.message}. Example: ghcr.io/org/app:1.2.3`);
    }
  }

  const destinationText = read('destination');
  let destination: ImageReference | undefined;
  let destinationFamily: RegistryFamily | undefined;
  if (destinationText === '') {
    problem(
      'destination',
      'is required: the repository to push to, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/app or us-docker.pkg.dev/project/repo/app',
    );
  } else {
    try {
      destination = parseRepository(destinationText);
      destinationFamily = detectRegistry(destination);
      const shape = destinationShapeProblem(destinationFamily, destination.repository);
      if (shape) problem('destination', `"${destinationText}": ${shape}`);
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      problem('destination', error.message);
    }
  }

  const tagsText = read('tags');
  let tags: string[] | undefined;
  if (tagsText !== '') {
    tags = parseList(tagsText);
    for (const tag of tags) {
      const why = tagProblem(tag);
      if (why) problem('tags', `${why} (tags are newline- or comma-separated, e.g. "1.2.3, latest")`);
    }
  }

  const runtimeText = read('runtime') || 'none';
  if (!(RUNTIMES as readonly string[]).includes(runtimeText)) {
    problem(
      'runtime',
      PLANNED_RUNTIMES.includes(runtimeText)
        ? `"${runtimeText}" is not available in this version yet; use one of: ${RUNTIMES.join(', ')}`
        : `"${runtimeText}" is not a runtime; use one of: ${RUNTIMES.join(', ')}`,
    );
  }

  const deployWhenText = read('deploy-when') || 'always';
  const deployWhen: DeployRule[] = [];
  for (const rule of parseList(deployWhenText)) {
    if ((DEPLOY_RULES as readonly string[]).includes(rule)) deployWhen.push(rule as DeployRule);
    else problem('deploy-when', `"${rule}" is not a rule; use one or more of: ${DEPLOY_RULES.join(', ')}`);
  }
  if (deployWhen.length === 0 && !problems.some((p) => p.input === 'deploy-when')) {
    problem('deploy-when', `is empty; use one or more of: ${DEPLOY_RULES.join(', ')}`);
  }

  const dryRun = boolean('dry-run', false);
  const copyReferrers = boolean('copy-referrers', true);

  const registryUsername = read('registry-username');
  let destinationCredentials: RegistryCredentials | undefined;
  if ((registryUsername === '') !== (registryPassword === '')) {
    problem(
      registryUsername === '' ? 'registry-username' : 'registry-password',
      'registry-username and registry-password go together: set both, or neither to use docker config.json',
    );
  } else if (registryUsername !== '') {
    destinationCredentials = { username: registryUsername, password: registryPassword };
  }

  const insecureRegistries = parseList(read('insecure-registries'));
  for (const host of insecureRegistries) {
    if (!/^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(?::\d{1,5})?$/.test(host)) {
      problem('insecure-registries', `"${host}" is not a registry host[:port], e.g. registry.internal:5000`);
    }
  }

  if (problems.length > 0 || !source || !destination || !destinationFamily) throw new InputError(problems);
  return {
    runtime: 'none',
    source,
    destination,
    destinationFamily,
    tags,
    deployWhen,
    dryRun,
    copyReferrers,
    destinationCredentials,
    insecureRegistries,
    githubToken: githubToken || undefined,
  };
}
