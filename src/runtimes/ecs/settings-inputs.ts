/**
 * The ECS inputs that shape the new revision and how it is rolled out or run: container settings
 * (secrets, command, awslogs), task settings (roles, size), service options (desired count, forced
 * deployment, deregistering the replaced revision) and one-off task options (capacity providers,
 * startedBy, tags, ECS Exec). Each reader records what is wrong with the input's name; the checks
 * that need the task definition (an execution role for secrets, Fargate sizes) are in validate.ts.
 */
import type { InputContext } from '../../input-reader.js';

const PARTITION = 'aws(?:-cn|-us-gov|-iso[a-z-]*)?';
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const SECRETS_MANAGER = new RegExp(`^arn:${PARTITION}:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+$`);
const SSM_PARAMETER = new RegExp(`^arn:${PARTITION}:ssm:[a-z0-9-]+:\\d{12}:parameter/[A-Za-z0-9_./-]+$`);
const ROLE = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`);
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const LOG_GROUP = /^[A-Za-z0-9._\-/#]{1,512}$/;
const SECRET_EXAMPLE = 'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::';

/** The awslogs log driver's settings, as `ecs-log-config` gives them. */
export interface AwsLogsConfig {
  readonly group: string;
  /** Default: the ECS region. */
  readonly region: string | undefined;
  readonly streamPrefix: string;
  readonly createGroup: boolean;
  readonly mode: 'blocking' | 'non-blocking' | undefined;
  readonly maxBufferSize: string | undefined;
}

/** What the new revision changes beyond the image and the environment. */
export interface EcsSettings {
  /** The containers that get the image (and the settings below); empty: the only one. */
  readonly containers: readonly string[];
  /** Variable name → Secrets Manager or SSM Parameter Store ARN (ECS's `valueFrom`). */
  readonly secrets: Readonly<Record<string, string>>;
  readonly command: readonly string[] | undefined;
  readonly logConfig: AwsLogsConfig | undefined;
  readonly taskRoleArn: string | undefined;
  readonly executionRoleArn: string | undefined;
  /** Task-level CPU units, e.g. "512" ("0.5 vCPU" is read as 512). */
  readonly cpu: string | undefined;
  /** Task-level memory in MiB, e.g. "1024" ("1 GB" is read as 1024). */
  readonly memory: string | undefined;
}

export interface EcsServiceOptions {
  readonly desiredCount: number | undefined;
  readonly forceNewDeployment: boolean;
  readonly deregisterPrevious: boolean;
}

export interface CapacityProviderItem {
  readonly capacityProvider: string;
  readonly weight: number | undefined;
  readonly base: number | undefined;
}

export interface EcsTaskOptions {
  readonly capacityProviderStrategy: readonly CapacityProviderItem[] | undefined;
  readonly startedBy: string;
  readonly propagateTags: 'TASK_DEFINITION' | 'NONE' | undefined;
  readonly enableExecuteCommand: boolean;
}

/** Why `value` is not a secret reference ECS takes, or undefined when it is one. */
export function secretReferenceProblem(value: string): string | undefined {
  if (!value.startsWith('arn:'))
    return `"${value}" is not an ARN: give the full ARN of a Secrets Manager secret or an SSM parameter, e.g. ${SECRET_EXAMPLE}`;
  if (/^arn:[^:]+:ssm:/.test(value)) {
    return SSM_PARAMETER.test(value)
      ? undefined
      : `"${value}" is not an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)`;
  }
  if (/^arn:[^:]+:secretsmanager:/.test(value)) {
    // ARN (the whole secret) or ARN:json-key:version-stage:version-id, the parts left out empty.
    const parts = value.split(':');
    const arn = parts.slice(0, 7).join(':');
    const extra = parts.slice(7);
    if (!SECRETS_MANAGER.test(arn))
      return `"${value}" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)`;
    if (extra.length === 0) return undefined;
    if (extra.length !== 3) {
      return (
        `"${value}": ECS takes a secret's JSON key and version as ARN:json-key:version-stage:version-id, ` +
        `with the parts left out empty, e.g. ${arn}:${extra[0] ?? 'password'}::`
      );
    }
    if (extra.every((part) => part === ''))
      return `"${value}" names no JSON key, stage or version after the ARN: leave off the trailing colons`;
    if (extra[1] !== '' && extra[2] !== '')
      return `"${value}" gives both a version stage and a version id; ECS takes one of them`;
    return undefined;
  }
  return `"${value}" is neither a Secrets Manager secret ARN nor an SSM parameter ARN`;
}

/** ecs-command: a JSON array of strings, or words separated by spaces (no quoting). */
function readCommand(ctx: InputContext): string[] | undefined {
  const text = ctx.text('ecs-command');
  if (text === undefined) return undefined;
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((p) => typeof p === 'string'))
        return parsed as string[];
    } catch {
      // reported below
    }
    return ctx.problem('ecs-command', 'is not a JSON array of strings, e.g. ["node", "server.js", "--port=8080"]');
  }
  if (/["'\\]/.test(text)) {
    return ctx.problem(
      'ecs-command',
      'has quotes or backslashes, which are not parsed as a shell would: give the command as a JSON array, e.g. ["sh", "-c", "echo hi"]',
    );
  }
  return text.split(/\s+/).filter(Boolean);
}

function readLogConfig(ctx: InputContext): AwsLogsConfig | undefined {
  const values = ctx.keyValues(
    'ecs-log-config',
    /^(group|region|stream-prefix|create-group|mode|max-buffer-size)$/,
    'group=/ecs/web',
  );
  if (Object.keys(values).length === 0) return undefined;
  const problems = ctx.problems.length;
  const group = values.group;
  if (group === undefined)
    ctx.problem('ecs-log-config', 'needs group=LOG_GROUP (the CloudWatch Logs group, e.g. /ecs/web)');
  else if (!LOG_GROUP.test(group))
    ctx.problem('ecs-log-config', `"${group}" is not a log group name (letters, digits, and . _ - / #)`);
  const streamPrefix = values['stream-prefix'];
  if (streamPrefix === undefined)
    ctx.problem(
      'ecs-log-config',
      'needs stream-prefix=PREFIX (streams are named PREFIX/CONTAINER/TASK-ID; Fargate requires it), e.g. stream-prefix=web',
    );
  else if (!/^[^:*]{1,512}$/.test(streamPrefix))
    ctx.problem('ecs-log-config', `stream-prefix "${streamPrefix}" may not contain : or *`);
  const region = values.region;
  if (region !== undefined && !REGION.test(region))
    ctx.problem('ecs-log-config', `region "${region}" is not an AWS region, e.g. us-east-1`);
  const createGroup = values['create-group'];
  if (createGroup !== undefined && !['true', 'false'].includes(createGroup))
    ctx.problem('ecs-log-config', `create-group must be true or false, not "${createGroup}"`);
  const mode = values.mode;
  if (mode !== undefined && mode !== 'blocking' && mode !== 'non-blocking')
    ctx.problem('ecs-log-config', `mode must be blocking or non-blocking, not "${mode}"`);
  const maxBufferSize = values['max-buffer-size'];
  if (maxBufferSize !== undefined) {
    if (!/^\d+[kmg]?$/i.test(maxBufferSize))
      ctx.problem('ecs-log-config', `max-buffer-size "${maxBufferSize}" is not a size such as 25m`);
    else if (mode !== 'non-blocking')
      ctx.problem('ecs-log-config', 'max-buffer-size applies only with mode=non-blocking');
  }
  if (ctx.problems.length > problems) return undefined;
  return {
    group: group!,
    region,
    streamPrefix: streamPrefix!,
    createGroup: createGroup === 'true',
    mode: mode as AwsLogsConfig['mode'],
    maxBufferSize,
  };
}

function readRole(ctx: InputContext, name: string, example: string): string | undefined {
  const value = ctx.text(name);
  if (value !== undefined && !ROLE.test(value))
    return ctx.problem(name, `"${value}" is not an IAM role ARN, e.g. arn:aws:iam::123456789012:role/${example}`);
  return value;
}

/** Task-level CPU as units: "512", or "0.5 vCPU". */
export function cpuUnits(text: string): number | undefined {
  const vcpu = /^(\d+(?:\.\d+)?)\s*vcpus?$/i.exec(text);
  const units = vcpu ? Number(vcpu[1]) * 1024 : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(units) && units >= 128 && units <= 196_608 ? units : undefined;
}

/** Task-level memory in MiB: "1024", or "1 GB". */
export function memoryMiB(text: string): number | undefined {
  const gb = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
  const mib = gb ? Number(gb[1]) * 1024 : /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(mib) && mib >= 6 && mib <= 16_777_216 ? mib : undefined;
}

function readSize(ctx: InputContext, name: string, parse: (t: string) => number | undefined, how: string) {
  const text = ctx.text(name);
  if (text === undefined) return undefined;
  const value = parse(text);
  if (value === undefined) return ctx.problem(name, `"${text}" is not ${how}`);
  return String(value);
}

export function readEcsSettings(ctx: InputContext, environment: Readonly<Record<string, string>>): EcsSettings {
  const containers = ctx.list('ecs-container');
  for (const name of containers)
    if (!CONTAINER_NAME.test(name))
      ctx.problem('ecs-container', `"${name}" is not a container name (letters, digits, - and _)`);

  const secrets = ctx.keyValues('ecs-secrets', undefined, SECRET_EXAMPLE);
  for (const [name, value] of Object.entries(secrets)) {
    const problem = secretReferenceProblem(value);
    if (problem) ctx.problem('ecs-secrets', `${name}: ${problem}`);
    if (name in environment)
      ctx.problem('ecs-secrets', `${name} is also set by ecs-environment: a variable is either a secret or a value`);
  }

  const command = readCommand(ctx);
  if (command && containers.length > 1) {
    ctx.problem(
      'ecs-command',
      `sets one container's command, and ecs-container names ${containers.length} (${containers.join(', ')}): ` +
        'set each command in the task definition instead',
    );
  }
  return {
    containers,
    secrets,
    command,
    logConfig: readLogConfig(ctx),
    taskRoleArn: readRole(ctx, 'ecs-task-role', 'app-task'),
    executionRoleArn: readRole(ctx, 'ecs-execution-role', 'ecsTaskExecutionRole'),
    cpu: readSize(
      ctx,
      'ecs-cpu',
      cpuUnits,
      'task CPU: units from 128 to 196608 (256, 1024, …) or vCPUs (0.25 vCPU, 1 vCPU)',
    ),
    memory: readSize(ctx, 'ecs-memory', memoryMiB, 'task memory: MiB (512, 2048, …) or GB (0.5 GB, 2 GB)'),
  };
}

export function readServiceOptions(ctx: InputContext, waitForStability: boolean): EcsServiceOptions {
  const desiredCountText = ctx.text('ecs-desired-count');
  const desiredCount =
    desiredCountText === undefined ? undefined : ctx.integer('ecs-desired-count', 0, 0, 100_000, 'tasks');
  const deregisterPrevious = ctx.boolean('ecs-deregister-previous', false);
  if (deregisterPrevious && !waitForStability)
    ctx.problem(
      'ecs-deregister-previous',
      'deregisters the replaced revision once the new one is stable, so it needs wait-for-stability: true',
    );
  return { desiredCount, forceNewDeployment: ctx.boolean('ecs-force-new-deployment', false), deregisterPrevious };
}

/** ecs-capacity-providers: one provider a line, as the AWS CLI writes it: capacityProvider=FARGATE_SPOT,weight=3,base=0. */
function readCapacityProviderStrategy(ctx: InputContext): CapacityProviderItem[] | undefined {
  const name = 'ecs-capacity-providers';
  const example = 'capacityProvider=FARGATE_SPOT,weight=3';
  const items: CapacityProviderItem[] = [];
  for (const [index, raw] of ctx.read(name).split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = new Map<string, string>();
    let bad = false;
    for (const part of line.split(',').map((p) => p.trim())) {
      const match = /^(capacityProvider|weight|base)=(.+)$/.exec(part);
      if (!match || fields.has(match[1]!)) bad = true;
      else fields.set(match[1]!, match[2]!.trim());
    }
    const provider = fields.get('capacityProvider');
    if (bad || !provider) {
      ctx.problem(
        name,
        `line ${index + 1} ("${line.slice(0, 60)}") is not capacityProvider=NAME[,weight=N][,base=N], e.g. ${example}`,
      );
      continue;
    }
    const number = (key: 'weight' | 'base', max: number) => {
      const text = fields.get(key);
      if (text === undefined) return undefined;
      const value = Number(text);
      if (!/^\d+$/.test(text) || value > max) {
        ctx.problem(name, `${provider}: ${key} must be a whole number from 0 to ${max}, not "${text}"`);
        return undefined;
      }
      return value;
    };
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(provider)) ctx.problem(name, `"${provider}" is not a capacity provider name`);
    if (items.some((i) => i.capacityProvider === provider)) ctx.problem(name, `${provider} is listed twice`);
    items.push({ capacityProvider: provider, weight: number('weight', 1000), base: number('base', 100_000) });
  }
  if (items.length === 0) return undefined;
  if (items.length > 20) ctx.problem(name, `lists ${items.length} capacity providers; ECS takes at most 20`);
  if (items.filter((i) => (i.base ?? 0) > 0).length > 1)
    ctx.problem(name, 'gives a base to more than one capacity provider; ECS allows a base on one only');
  if (items.every((i) => (i.weight ?? 0) === 0))
    ctx.problem(name, 'needs a weight above 0 on at least one capacity provider, e.g. ' + example);
  return items;
}

export function readTaskOptions(ctx: InputContext): EcsTaskOptions {
  const capacityProviderStrategy = readCapacityProviderStrategy(ctx);
  if (capacityProviderStrategy && ctx.text('ecs-launch-type') !== undefined)
    ctx.problem(
      'ecs-capacity-providers',
      'and ecs-launch-type exclude each other: a task runs on a launch type or on capacity providers',
    );
  const startedBy = ctx.text('ecs-started-by') ?? 'portable-deploy';
  if (!/^[A-Za-z0-9_/-]{1,128}$/.test(startedBy))
    ctx.problem('ecs-started-by', `"${startedBy}" is not up to 128 letters, digits, -, _ and /`);
  const propagate = ctx.text('ecs-propagate-tags');
  if (propagate !== undefined && propagate !== 'TASK_DEFINITION' && propagate !== 'NONE')
    ctx.problem(
      'ecs-propagate-tags',
      `"${propagate}" is not TASK_DEFINITION or NONE (a one-off task has no service to take tags from)`,
    );
  return {
    capacityProviderStrategy,
    startedBy,
    propagateTags: propagate === 'TASK_DEFINITION' || propagate === 'NONE' ? propagate : undefined,
    enableExecuteCommand: ctx.boolean('ecs-enable-execute-command', false),
  };
}

/** The inputs of one mode, named when given in the other. */
export const SERVICE_ONLY_INPUTS = ['ecs-desired-count', 'ecs-force-new-deployment', 'ecs-deregister-previous'];
export const TASK_ONLY_INPUTS = [
  'ecs-capacity-providers',
  'ecs-started-by',
  'ecs-propagate-tags',
  'ecs-enable-execute-command',
];
