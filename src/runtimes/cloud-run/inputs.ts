/** The Google Cloud inputs: the Cloud Run runtime (a service, or a job that may also be executed). */
import type { InputContext } from '../../input-reader.js';
import { readPreview, readRegions } from './inputs-scope.js';
import { FLAG_KEYS, JOB_ONLY_FLAGS, readSettings, SERVICE_ONLY_FLAGS, type CloudRunSettings } from './settings.js';
import { parseSplit, TAG_NAME, type SplitEntry } from './traffic.js';

/** The less common settings, each a typed field (cloud-run-flags lines). */
export interface CloudRunFlags extends CloudRunSettings {
  readonly cpu?: string;
  readonly memory?: string;
  readonly concurrency?: number;
  readonly minInstances?: number;
  readonly maxInstances?: number;
  readonly serviceAccount?: string;
  readonly port?: number;
}

export interface SecretReference {
  /** A secret id in the project, or projects/PROJECT/secrets/ID for another project's. */
  readonly secret: string;
  /** A version number, or "latest". */
  readonly version: string;
}

export type CloudRunTarget =
  | {
      readonly kind: 'service';
      readonly name: string;
      readonly noTraffic: boolean;
      readonly revisionTag: string | undefined;
      readonly revisionSuffix: string | undefined;
      /** cloud-run-traffic (or promote): the split to set once the new revision is ready. */
      readonly traffic?: readonly SplitEntry[];
      /** The input the split came from, for its errors. */
      readonly trafficInput?: 'cloud-run-traffic' | 'promote';
    }
  | { readonly kind: 'job'; readonly name: string; readonly execute: boolean };

export interface CloudRunInputs {
  /** undefined: the project Application Default Credentials name. */
  readonly project: string | undefined;
  /** The first of regions: the one a single-region run deploys to. */
  readonly region: string;
  /** Every region to deploy to (gcp-region's list), in the order given; absent: region alone. */
  readonly regions?: readonly string[];
  /** preview: a pull request's revision without traffic, tagged pr-N (see previews.ts). */
  readonly preview?: boolean;
  readonly target: CloudRunTarget;
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, SecretReference>>;
  /** cloud-run-secrets lines whose name is a path: the secret mounted as that file. */
  readonly secretFiles?: Readonly<Record<string, SecretReference>>;
  /** cloud-run-env-update: merge keeps variables not listed; overwrite removes them. */
  readonly envUpdate?: 'merge' | 'overwrite';
  readonly flags: CloudRunFlags;
  readonly waitTimeoutSeconds: number;
}

// Cloud Run's documented limits on names: lower-case letters, digits and hyphens, starting with a
// letter; 49 characters for a service (its URL needs room), 63 for a job and a revision.
const SERVICE_NAME = /^[a-z](?:[-a-z0-9]{0,47}[a-z0-9])?$/;
const JOB_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const PROJECT = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION_SHAPE = /^[a-z]+-[a-z]+\d+$/;
const REVISION_TAG = /^[a-z](?:[-a-z0-9]{0,44}[a-z0-9])?$/;
const REVISION_SUFFIX = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const SECRET_ID = /^(?:projects\/[a-z0-9-]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/;
const SECRET_VERSION = /^(?:latest|[1-9]\d*)$/;
const SERVICE_ACCOUNT =
  /^[a-z0-9-]+@[a-z0-9.-]+\.iam\.gserviceaccount\.com$|^\d+-compute@developer\.gserviceaccount\.com$/;
const CPU = /^(?:\d+(?:\.\d+)?|\d+m)$/;
const MEMORY = /^\d+(?:Mi|Gi)$/;
/** Names Cloud Run sets itself and refuses in a container's environment. */
const RESERVED_ENV = ['PORT', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'CLOUD_RUN_JOB', 'CLOUD_RUN_EXECUTION'];

const FLAG_KEY = /^[a-z][a-z0-9-]*$/;
/** A cloud-run-secrets line's name: an environment variable, or the path of a file. */
const SECRET_KEY = /^(?:[A-Za-z_][A-Za-z0-9_]*|\/\S*)$/;
/** A file a secret is mounted as: an absolute path with a directory and a file name. */
const SECRET_PATH = /^(?:\/[A-Za-z0-9._-]+)+$/;
/** Directories Cloud Run refuses to mount a volume on. */
const RESERVED_DIRS = ['/', '/dev', '/proc', '/sys', '/var/run', '/var/log', '/tmp'];

/**
 * Checked for its shape only, not against a list of regions, so a region Google opens after this
 * release is not refused; Cloud Run itself answers for one it does not have.
 */
function regionProblem(region: string): string | undefined {
  if (!REGION_SHAPE.test(region)) return `"${region}" is not a region name, e.g. us-central1 or europe-west1`;
  return undefined;
}

function readFlags(ctx: InputContext, job: boolean, env: NodeJS.ProcessEnv): CloudRunFlags {
  const values = ctx.keyValues('cloud-run-flags', FLAG_KEY, 'memory=512Mi');
  for (const key of Object.keys(values)) {
    if ((FLAG_KEYS as readonly string[]).includes(key)) continue;
    ctx.problem('cloud-run-flags', `unknown key "${key}"; the known keys are: ${FLAG_KEYS.join(', ')}`);
    Reflect.deleteProperty(values, key);
  }
  const flags: { -readonly [K in keyof CloudRunFlags]: CloudRunFlags[K] } = { ...readSettings(ctx, values, job, env) };
  const number = (key: string, min: number, max: number): number | undefined => {
    const text = values[key];
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      return ctx.problem('cloud-run-flags', `${key}=${text}: must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  if (values.cpu !== undefined) {
    if (CPU.test(values.cpu)) flags.cpu = values.cpu;
    else ctx.problem('cloud-run-flags', `cpu=${values.cpu}: use a number of CPUs (1, 2, 4, 0.5) or millicpu (500m)`);
  }
  if (values.memory !== undefined) {
    if (MEMORY.test(values.memory)) flags.memory = values.memory;
    else ctx.problem('cloud-run-flags', `memory=${values.memory}: use Mi or Gi, e.g. 512Mi or 2Gi`);
  }
  if (values['service-account'] !== undefined) {
    if (SERVICE_ACCOUNT.test(values['service-account'])) flags.serviceAccount = values['service-account'];
    else
      ctx.problem(
        'cloud-run-flags',
        `service-account=${values['service-account']}: use a service account email, e.g. runner@my-project.iam.gserviceaccount.com`,
      );
  }
  if (job) {
    for (const key of SERVICE_ONLY_FLAGS)
      if (values[key] !== undefined) ctx.problem('cloud-run-flags', `${key} applies to a service, not to a job`);
    return flags;
  }
  for (const key of JOB_ONLY_FLAGS)
    if (values[key] !== undefined) ctx.problem('cloud-run-flags', `${key} applies to a job, not to a service`);
  const concurrency = number('concurrency', 1, 1000);
  const minInstances = number('min-instances', 0, 1000);
  const maxInstances = number('max-instances', 1, 1000);
  const port = number('port', 1, 65535);
  if (minInstances !== undefined && maxInstances !== undefined && minInstances > maxInstances)
    ctx.problem('cloud-run-flags', `min-instances=${minInstances} is above max-instances=${maxInstances}`);
  if (concurrency !== undefined) flags.concurrency = concurrency;
  if (minInstances !== undefined) flags.minInstances = minInstances;
  if (maxInstances !== undefined) flags.maxInstances = maxInstances;
  if (port !== undefined) flags.port = port;
  return flags;
}

/** cloud-run-secrets: NAME=SECRET:VERSION as environment variables, /PATH=SECRET:VERSION as files. */
function readSecrets(ctx: InputContext): {
  secrets: Record<string, SecretReference>;
  files: Record<string, SecretReference>;
} {
  const secrets: Record<string, SecretReference> = {};
  const files: Record<string, SecretReference> = {};
  const lines = ctx.keyValues(
    'cloud-run-secrets',
    SECRET_KEY,
    'API_KEY=api-key:latest or /etc/secrets/api-key=api-key:latest',
  );
  for (const [name, value] of Object.entries(lines)) {
    const colon = value.lastIndexOf(':');
    const secret = colon < 0 ? value : value.slice(0, colon);
    const version = colon < 0 ? '' : value.slice(colon + 1);
    const file = name.startsWith('/');
    if (!SECRET_ID.test(secret) || !SECRET_VERSION.test(version)) {
      ctx.problem(
        'cloud-run-secrets',
        file
          ? `${name}=${value}: use /PATH=SECRET:VERSION, where VERSION is a number or latest (e.g. /etc/secrets/api-key=api-key:3)`
          : `${name}=${value}: use NAME=SECRET:VERSION, where VERSION is a number or latest (e.g. API_KEY=api-key:3)`,
      );
      continue;
    }
    if (!file) {
      secrets[name] = { secret, version };
      continue;
    }
    const directory = name.slice(0, name.lastIndexOf('/')) || '/';
    if (!SECRET_PATH.test(name) || name.split('/').some((part) => part === '.' || part === '..')) {
      ctx.problem('cloud-run-secrets', `${name}: a file path is absolute, without . or .., e.g. /etc/secrets/api-key`);
      continue;
    }
    if (RESERVED_DIRS.includes(directory)) {
      ctx.problem(
        'cloud-run-secrets',
        `${name}: Cloud Run cannot mount a volume on ${directory}; use a directory of its own, e.g. /etc/secrets${name.slice(name.lastIndexOf('/'))}`,
      );
      continue;
    }
    // Cloud Run mounts one volume per directory, and a volume holds one secret (in one or more versions).
    const other = Object.entries(files).find(
      ([path, ref]) => path.slice(0, path.lastIndexOf('/')) === directory && ref.secret !== secret,
    );
    if (other) {
      ctx.problem(
        'cloud-run-secrets',
        `${name} and ${other[0]} mount two secrets in ${directory}: Cloud Run mounts one secret per directory, so put them in directories of their own`,
      );
      continue;
    }
    files[name] = { secret, version };
  }
  return { secrets, files };
}

/** cloud-run-traffic lines, or promote: TAG (all traffic to the revision the tag points to). */
function readTraffic(ctx: InputContext): SplitEntry[] | undefined {
  const lines = ctx.read('cloud-run-traffic');
  const promote = ctx.text('promote');
  if (promote !== undefined) {
    if (lines.trim() !== '')
      return ctx.problem('promote', 'and cloud-run-traffic exclude each other: promote is the split TAG=NAME:100');
    if (!TAG_NAME.test(promote))
      return ctx.problem(
        'promote',
        `"${promote}" is not a tag: lower-case letters, digits and hyphens, starting with a letter (e.g. pr-5)`,
      );
    return [{ kind: 'tag', tag: promote, percent: 100 }];
  }
  if (lines.trim() === '') return undefined;
  const { entries, problems } = parseSplit(lines);
  for (const problem of problems) ctx.problem('cloud-run-traffic', problem);
  return problems.length === 0 && entries.length > 0 ? entries : undefined;
}

export function readCloudRunInputs(
  ctx: InputContext,
  env: NodeJS.ProcessEnv = process.env,
): CloudRunInputs | undefined {
  const service = ctx.text('cloud-run-service');
  const job = ctx.text('cloud-run-job');
  if (service !== undefined && job !== undefined)
    ctx.problem('cloud-run-service', 'and cloud-run-job exclude each other: deploy a service, or update a job');
  if (service === undefined && job === undefined)
    ctx.problem('cloud-run-service', 'is required with runtime cloud-run (or set cloud-run-job to update a job)');
  if (service !== undefined && !SERVICE_NAME.test(service))
    ctx.problem(
      'cloud-run-service',
      `"${service}" is not a Cloud Run service name: lower-case letters, digits and hyphens, starting with a letter, at most 49 characters`,
    );
  if (job !== undefined && !JOB_NAME.test(job))
    ctx.problem(
      'cloud-run-job',
      `"${job}" is not a Cloud Run job name: lower-case letters, digits and hyphens, starting with a letter, at most 63 characters`,
    );

  const project = ctx.text('gcp-project');
  if (project !== undefined && !PROJECT.test(project))
    ctx.problem('gcp-project', `"${project}" is not a project ID (6 to 30 lower-case letters, digits and hyphens)`);
  const regions = readRegions(ctx, env, regionProblem);
  const region = regions[0];

  const isJob = job !== undefined && service === undefined;
  const environment = ctx.keyValues('cloud-run-env');
  const { secrets, files: secretFiles } = readSecrets(ctx);
  for (const name of [...Object.keys(environment), ...Object.keys(secrets)]) {
    if (RESERVED_ENV.includes(name))
      ctx.problem(
        name in secrets ? 'cloud-run-secrets' : 'cloud-run-env',
        `${name} is set by Cloud Run itself and cannot be given`,
      );
  }
  for (const name of Object.keys(secrets)) {
    if (name in environment) ctx.problem('cloud-run-secrets', `${name} is also in cloud-run-env: give each name once`);
  }
  const flags = readFlags(ctx, isJob, env);
  const envUpdate = ctx.oneOf('cloud-run-env-update', ['merge', 'overwrite'] as const, 'merge');
  const traffic = isJob ? undefined : readTraffic(ctx);

  const noTraffic = ctx.boolean('no-traffic', false);
  const revisionTag = ctx.text('revision-tag');
  const revisionSuffix = ctx.text('revision-suffix');
  const execute = ctx.boolean('execute-job', false);
  if (revisionTag !== undefined && !REVISION_TAG.test(revisionTag))
    ctx.problem(
      'revision-tag',
      `"${revisionTag}" is not a tag: lower-case letters, digits and hyphens, starting with a letter`,
    );
  if (
    revisionSuffix !== undefined &&
    (!REVISION_SUFFIX.test(revisionSuffix) || `${service ?? ''}-${revisionSuffix}`.length > 63)
  )
    ctx.problem(
      'revision-suffix',
      `"${revisionSuffix}" is not a revision suffix: lower-case letters, digits and hyphens, and the service name plus "-" plus the suffix within 63 characters`,
    );
  if (isJob) {
    for (const serviceOnly of ['no-traffic', 'revision-tag', 'revision-suffix', 'cloud-run-traffic', 'promote'])
      // no-traffic arrives as "false" on every runner (action.yml's default): only true is asking for it.
      if (serviceOnly === 'no-traffic' ? noTraffic : ctx.read(serviceOnly) !== '')
        ctx.problem(serviceOnly, 'applies to a Cloud Run service, not to a job');
  } else if (execute) {
    ctx.problem('execute-job', 'applies to a Cloud Run job (cloud-run-job), not to a service');
  }
  if (traffic && noTraffic)
    ctx.problem(
      ctx.read('promote') ? 'promote' : 'cloud-run-traffic',
      'and no-traffic exclude each other: no-traffic keeps traffic where it is, a split moves it',
    );
  const waitTimeoutSeconds = ctx.integer('wait-timeout', 600, 1, 86_400, 'seconds');

  const preview = readPreview(ctx, isJob);
  if (ctx.problems.length > 0 || region === undefined || (service ?? job) === undefined) return undefined;
  const target: CloudRunTarget = isJob
    ? { kind: 'job', name: job!, execute }
    : {
        kind: 'service',
        name: service!,
        noTraffic,
        revisionTag,
        revisionSuffix,
        ...(traffic && { traffic, trafficInput: ctx.text('promote') ? 'promote' : 'cloud-run-traffic' }),
      };
  return {
    project,
    region,
    ...(regions.length > 1 && { regions }),
    ...(preview && { preview }),
    target,
    env: environment,
    secrets,
    ...(Object.keys(secretFiles).length > 0 && { secretFiles }),
    ...(envUpdate === 'overwrite' && { envUpdate }),
    flags,
    waitTimeoutSeconds,
  };
}
