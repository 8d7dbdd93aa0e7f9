/**
 * The typed keys of cloud-run-flags beyond cpu/memory/port/scaling: each parsed and checked here
 * (every problem reported with the input's name), so the render only has to apply them.
 */
import type { InputContext } from '../../input-reader.js';

export type VpcEgress = 'all-traffic' | 'private-ranges-only';
export type Ingress = 'all' | 'internal' | 'internal-and-cloud-load-balancing';
export type ExecutionEnvironment = 'gen1' | 'gen2';

/** Settings of the revision (or task) template and of the service or job itself. */
export interface CloudRunSettings {
  /** Request timeout of a service, in seconds. */
  readonly timeoutSeconds?: number;
  /** The container's command (entrypoint); an empty list resets it to the image's. */
  readonly command?: readonly string[];
  /** The container's arguments; an empty list resets them to the image's. */
  readonly args?: readonly string[];
  /** A Serverless VPC Access connector: a name in the service's project and region, or its full name. */
  readonly vpcConnector?: string;
  readonly vpcEgress?: VpcEgress;
  /** Direct VPC egress: the network and/or subnetwork (names or full names). */
  readonly network?: string;
  readonly subnet?: string;
  /** Cloud SQL connections (PROJECT:REGION:INSTANCE), mounted at /cloudsql; empty removes them. */
  readonly cloudSqlInstances?: readonly string[];
  readonly executionEnvironment?: ExecutionEnvironment;
  readonly cpuBoost?: boolean;
  readonly sessionAffinity?: boolean;
  readonly ingress?: Ingress;
  /** Labels to set on the service or job (the defaults managed-by and commit-sha included). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Jobs: tasks per execution, how many run at once, retries per task, and each task's timeout. */
  readonly tasks?: number;
  readonly parallelism?: number;
  readonly maxRetries?: number;
  readonly taskTimeoutSeconds?: number;
}

/** Every key cloud-run-flags knows, in the order the error lists them. */
export const FLAG_KEYS = [
  'cpu',
  'memory',
  'service-account',
  'concurrency',
  'min-instances',
  'max-instances',
  'port',
  'timeout',
  'command',
  'args',
  'vpc-connector',
  'vpc-egress',
  'network',
  'subnet',
  'cloudsql-instances',
  'execution-environment',
  'cpu-boost',
  'session-affinity',
  'ingress',
  'labels',
  'default-labels',
  'tasks',
  'parallelism',
  'max-retries',
  'task-timeout',
] as const;

export const SERVICE_ONLY_FLAGS = [
  'concurrency',
  'min-instances',
  'max-instances',
  'port',
  'timeout',
  'cpu-boost',
  'session-affinity',
  'ingress',
];
export const JOB_ONLY_FLAGS = ['tasks', 'parallelism', 'max-retries', 'task-timeout'];

const CONNECTOR = /^(?:projects\/[a-z0-9.:-]+\/locations\/[a-z0-9-]+\/connectors\/)?[a-z][-a-z0-9]{0,23}$/;
const NETWORK = /^(?:projects\/[a-z0-9.:-]+\/global\/networks\/)?[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const SUBNET = /^(?:projects\/[a-z0-9.:-]+\/regions\/[a-z0-9-]+\/subnetworks\/)?[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const CLOUD_SQL = /^[a-z][a-z0-9.:-]*[a-z0-9]:[a-z]+-[a-z]+\d+:[a-z][-a-z0-9]{0,96}$/;
// Google's label rules: keys start with a lower-case letter; both at most 63 characters of
// lower-case letters, digits, underscores and hyphens (international letters allowed too).
const LABEL_KEY = /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
/** The labels google-github-actions/deploy-cloudrun sets, which this action sets the same way. */
export const MANAGED_BY = 'github-actions';

/** A duration as gcloud takes it: seconds (300), or with a unit (300s, 15m, 1h). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

/** A list as gcloud takes it (a,b,c), or a JSON array of strings when an item holds a comma. */
export function parseStringList(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      // Reported by the caller.
    }
    return undefined;
  }
  return trimmed.split(',').map((item) => item.trim());
}

/**
 * The new typed keys of cloud-run-flags, from the KEY=VALUE lines already read (unknown keys and
 * the keys of the other kind of resource are reported by the caller).
 */
export function readSettings(
  ctx: InputContext,
  values: Readonly<Record<string, string>>,
  job: boolean,
  env: NodeJS.ProcessEnv,
): CloudRunSettings {
  const settings: { -readonly [K in keyof CloudRunSettings]: CloudRunSettings[K] } = {};
  const problem = (message: string) => ctx.problem('cloud-run-flags', message);
  const boolean = (key: string): boolean | undefined => {
    const text = values[key];
    if (text === undefined) return undefined;
    if (text === 'true' || text === 'false') return text === 'true';
    return problem(`${key}=${text}: use true or false`);
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const text = values[key];
    if (text === undefined) return undefined;
    if ((allowed as readonly string[]).includes(text)) return text as T;
    return problem(`${key}=${text}: use one of ${allowed.join(', ')}`);
  };
  const number = (key: string, min: number, max: number): number | undefined => {
    const text = values[key];
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max)
      return problem(`${key}=${text}: must be a whole number from ${min} to ${max}`);
    return value;
  };
  const duration = (key: string, max: number, maxText: string): number | undefined => {
    const text = values[key];
    if (text === undefined) return undefined;
    const seconds = parseDuration(text);
    if (seconds === undefined || seconds < 1 || seconds > max)
      return problem(`${key}=${text}: use a duration from 1s to ${maxText}, e.g. 300, 300s, 15m or 1h`);
    return seconds;
  };
  const list = (key: string, example: string): string[] | undefined => {
    const text = values[key];
    if (text === undefined) return undefined;
    const items = parseStringList(text);
    if (!items || items.some((item) => item === ''))
      return problem(`${key}=${text}: use comma-separated items, or a JSON array of strings, e.g. ${example}`);
    return items;
  };

  if (!job) settings.timeoutSeconds = duration('timeout', 3600, '60m');
  settings.command = list('command', 'command=["/app/server","--verbose"]');
  settings.args = list('args', 'args=--port,8080');

  const connector = values['vpc-connector'];
  if (connector !== undefined) {
    if (CONNECTOR.test(connector)) settings.vpcConnector = connector;
    else
      problem(
        `vpc-connector=${connector}: use a connector name (lower-case letters, digits and hyphens, at most 24) or projects/P/locations/R/connectors/NAME`,
      );
  }
  settings.vpcEgress = oneOf('vpc-egress', ['all-traffic', 'private-ranges-only'] as const);
  const network = values.network;
  if (network !== undefined) {
    if (NETWORK.test(network)) settings.network = network;
    else problem(`network=${network}: use a VPC network name or projects/P/global/networks/NAME`);
  }
  const subnet = values.subnet;
  if (subnet !== undefined) {
    if (SUBNET.test(subnet)) settings.subnet = subnet;
    else problem(`subnet=${subnet}: use a subnetwork name or projects/P/regions/R/subnetworks/NAME`);
  }
  if (connector !== undefined && (network !== undefined || subnet !== undefined))
    problem('vpc-connector and network/subnet exclude each other: use a connector, or Direct VPC egress');

  const cloudSql = list('cloudsql-instances', 'cloudsql-instances=my-project:us-central1:db');
  if (cloudSql) {
    const bad = cloudSql.filter((instance) => !CLOUD_SQL.test(instance));
    if (bad.length)
      problem(`cloudsql-instances: ${bad.join(', ')} is not PROJECT:REGION:INSTANCE, e.g. my-project:us-central1:db`);
    else settings.cloudSqlInstances = cloudSql;
  }
  settings.executionEnvironment = oneOf('execution-environment', ['gen1', 'gen2'] as const);
  if (!job) {
    settings.cpuBoost = boolean('cpu-boost');
    settings.sessionAffinity = boolean('session-affinity');
    settings.ingress = oneOf('ingress', ['all', 'internal', 'internal-and-cloud-load-balancing'] as const);
  }
  settings.labels = readLabels(ctx, values, env);

  if (job) {
    settings.tasks = number('tasks', 1, 10_000);
    settings.parallelism = number('parallelism', 0, 10_000);
    settings.maxRetries = number('max-retries', 0, 10);
    settings.taskTimeoutSeconds = duration('task-timeout', 168 * 3600, '168h');
    if (settings.tasks !== undefined && settings.parallelism !== undefined && settings.parallelism > settings.tasks)
      problem(`parallelism=${settings.parallelism} is above tasks=${settings.tasks}`);
  }
  for (const key of Object.keys(settings) as (keyof CloudRunSettings)[])
    if (settings[key] === undefined) Reflect.deleteProperty(settings, key);
  return settings;
}

/**
 * labels=KEY=VALUE,… merged over the defaults google-github-actions/deploy-cloudrun sets
 * (managed-by=github-actions, commit-sha=GITHUB_SHA); default-labels=false leaves those out.
 */
function readLabels(
  ctx: InputContext,
  values: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const problem = (message: string) => ctx.problem('cloud-run-flags', message);
  let defaults = true;
  const flag = values['default-labels'];
  if (flag !== undefined) {
    if (flag === 'true' || flag === 'false') defaults = flag === 'true';
    else problem(`default-labels=${flag}: use true or false`);
  }
  const labels: Record<string, string> = {};
  if (defaults) {
    labels['managed-by'] = MANAGED_BY;
    const sha = env.GITHUB_SHA?.toLowerCase();
    if (sha && LABEL_VALUE.test(sha)) labels['commit-sha'] = sha;
  }
  const text = values.labels;
  if (text === undefined || text.trim() === '') return labels;
  for (const pair of text.split(',').map((p) => p.trim())) {
    const equals = pair.indexOf('=');
    const key = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    if (equals < 0 || !LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) {
      problem(
        `labels: "${pair}" is not KEY=VALUE with lower-case letters, digits, _ and - (a key starts with a letter; each at most 63), e.g. labels=team=payments,tier=web`,
      );
      continue;
    }
    labels[key] = value;
  }
  return labels;
}
