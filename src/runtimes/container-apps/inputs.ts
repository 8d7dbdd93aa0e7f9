/** The Azure Container Apps runtime's inputs: an existing app or job whose container gets the new image. */
import type { InputContext } from '../../input-reader.js';
import { readAzureSubscription, type AzureIdentityInputs } from '../../clouds/azure-inputs.js';
import type { RuntimeInputContext } from '../runtime.js';

/** An environment variable as Container Apps holds it: a plain value, or a reference to one of the app's secrets. */
export type EnvValue = { readonly value: string } | { readonly secretRef: string };

/** The less common settings, each a typed field (container-apps-flags lines). */
export interface ContainerAppsFlags {
  /** vCPUs, e.g. 0.25, 0.5, 1, 2. */
  readonly cpu?: number;
  /** e.g. 0.5Gi, 1Gi (Container Apps pairs it with cpu: 2 GiB per vCPU on the consumption plan). */
  readonly memory?: string;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
}

/** Who the runtime signs in to Azure as, and in which subscription (absent: an access problem in prepare). */
export interface AzureAccount {
  readonly identity: AzureIdentityInputs;
  readonly subscriptionId: string | undefined;
}

/** The managed environment a missing app is created in: a name in the app's resource group, or another group's. */
export interface EnvironmentRef {
  /** The subscription a full resource ID names (checked against the run's in prepare). */
  readonly subscriptionId: string | undefined;
  readonly resourceGroup: string;
  readonly name: string;
}

/** How a missing app is created: where, its ingress, and the identity it pulls with. */
export interface CreateSettings {
  readonly environment: EnvironmentRef;
  /** The port the container listens on; no ingress without it. */
  readonly targetPort: number | undefined;
  /** Ingress reachable from the internet (external) or only inside the environment's network. */
  readonly external: boolean;
  /** A user-assigned managed identity's resource ID, which the app is created with and pulls with. */
  readonly pullIdentity: string | undefined;
  /** registry-username/registry-password, when given: the app's pull credentials without an identity. */
  readonly registryCredentials: { readonly username: string; readonly password: string } | undefined;
}

export interface ContainerAppsInputs {
  readonly kind: 'app';
  readonly account: AzureAccount;
  readonly resourceGroup: string;
  readonly app: string;
  /** The container that runs the image; required when the app has several. */
  readonly container: string | undefined;
  readonly env: Readonly<Record<string, EnvValue>>;
  readonly flags: ContainerAppsFlags;
  /** Names the new revision APP--SUFFIX. */
  readonly revisionSuffix: string | undefined;
  /** Multiple revision mode: the new revision gets no traffic (a preview). */
  readonly noTraffic: boolean;
  /** Multiple revision mode: a traffic label for the new revision, whose URL is APP---LABEL.ENVDOMAIN. */
  readonly label: string | undefined;
  /** Creating the app when it does not exist: only with container-apps-environment. */
  readonly create: CreateSettings | undefined;
  readonly waitTimeoutSeconds: number;
}

/** A Container Apps job: its container gets the image; with execute, it is started and waited for. */
export interface ContainerAppsJobInputs {
  readonly kind: 'job';
  readonly account: AzureAccount;
  readonly resourceGroup: string;
  readonly job: string;
  readonly container: string | undefined;
  readonly env: Readonly<Record<string, EnvValue>>;
  readonly flags: Pick<ContainerAppsFlags, 'cpu' | 'memory'>;
  readonly execute: boolean;
  readonly waitTimeoutSeconds: number;
}

export type ContainerAppsTarget = ContainerAppsInputs | ContainerAppsJobInputs;

// Container Apps' documented name rules: lower-case letters, digits and single hyphens, starting
// with a letter, 2 to 32 characters.
const APP_NAME = /^[a-z](?!.*--)[a-z0-9-]{0,30}[a-z0-9]$/;
// Azure's rule for resource group names: letters, digits, underscores, hyphens, periods and
// parentheses, up to 90 characters, not ending in a period.
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const CONTAINER_NAME = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
// The CLI's check of a revision suffix (and of a traffic label): no "--", which separates the app's name.
const SUFFIX = /^[a-z0-9](?!.*--)(?:[-a-z0-9]*[a-z0-9])?$/;
const SECRET_NAME = /^[a-z0-9](?:[-.a-z0-9]*[a-z0-9])?$/;
const CPU = /^\d+(?:\.\d+)?$/;
const MEMORY = /^\d+(?:\.\d+)?Gi$/;
const SECRET_REF = 'secretref:';

const ENVIRONMENT_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/managedEnvironments\/([^/]+)$/i;
const IDENTITY_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
// Managed environment names: letters, digits and hyphens, starting with a letter, 2 to 60 characters.
const ENVIRONMENT_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,58}[a-zA-Z0-9]$/;
/** The inputs that only say how to create a missing app. */
const CREATE_INPUTS = ['container-apps-target-port', 'container-apps-ingress', 'container-apps-identity'] as const;

const FLAG_KEYS = /^(cpu|memory|min-replicas|max-replicas)$/;

function readFlags(ctx: InputContext): ContainerAppsFlags {
  const values = ctx.keyValues('container-apps-flags', FLAG_KEYS, 'memory=1Gi');
  const flags: { -readonly [K in keyof ContainerAppsFlags]: ContainerAppsFlags[K] } = {};
  const replicas = (key: string, min: number): number | undefined => {
    const text = values[key];
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > 1000)
      return ctx.problem('container-apps-flags', `${key}=${text}: must be a whole number from ${min} to 1000`);
    return Number(text);
  };
  if (values.cpu !== undefined) {
    if (CPU.test(values.cpu) && Number(values.cpu) > 0) flags.cpu = Number(values.cpu);
    else ctx.problem('container-apps-flags', `cpu=${values.cpu}: use a number of vCPUs, e.g. 0.5 or 1`);
  }
  if (values.memory !== undefined) {
    if (MEMORY.test(values.memory)) flags.memory = values.memory;
    else ctx.problem('container-apps-flags', `memory=${values.memory}: use Gi, e.g. 0.5Gi or 1Gi`);
  }
  const min = replicas('min-replicas', 0);
  const max = replicas('max-replicas', 1);
  if (min !== undefined && max !== undefined && min > max)
    ctx.problem('container-apps-flags', `min-replicas=${min} is above max-replicas=${max}`);
  if (min !== undefined) flags.minReplicas = min;
  if (max !== undefined) flags.maxReplicas = max;
  return flags;
}

function readEnv(ctx: InputContext): Record<string, EnvValue> {
  const env: Record<string, EnvValue> = {};
  for (const [name, value] of Object.entries(ctx.keyValues('container-apps-env'))) {
    if (!value.startsWith(SECRET_REF)) {
      env[name] = { value };
      continue;
    }
    const secret = value.slice(SECRET_REF.length);
    if (SECRET_NAME.test(secret)) env[name] = { secretRef: secret };
    else
      ctx.problem(
        'container-apps-env',
        `${name}=${value}: "${secret}" is not a secret name (lower-case letters, digits, "-" and "."), e.g. ${name}=secretref:api-key`,
      );
  }
  return env;
}

function readEnvironment(ctx: InputContext, resourceGroup: string | undefined): EnvironmentRef | undefined {
  const text = ctx.text('container-apps-environment');
  if (text === undefined) return undefined;
  const id = ENVIRONMENT_ID.exec(text);
  if (id) return { subscriptionId: id[1], resourceGroup: id[2]!, name: id[3]! };
  if (text.includes('/') || !ENVIRONMENT_NAME.test(text))
    return ctx.problem(
      'container-apps-environment',
      `"${text}" is neither a managed environment name (letters, digits and hyphens) nor its resource ID (/subscriptions/SUB/resourceGroups/GROUP/providers/Microsoft.App/managedEnvironments/NAME)`,
    );
  return resourceGroup === undefined ? undefined : { subscriptionId: undefined, resourceGroup, name: text };
}

/** How to create the app when it is missing; the creation inputs without an environment are an error. */
function readCreate(ctx: InputContext, resourceGroup: string | undefined): CreateSettings | undefined {
  const environment = readEnvironment(ctx, resourceGroup);
  const port = ctx.text('container-apps-target-port');
  let targetPort: number | undefined;
  if (port !== undefined) {
    if (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535) targetPort = Number(port);
    else ctx.problem('container-apps-target-port', `"${port}" is not a port: a whole number from 1 to 65535`);
  }
  const ingress = ctx.oneOf('container-apps-ingress', ['internal', 'external'], 'internal');
  if (ctx.text('container-apps-ingress') !== undefined && port === undefined)
    ctx.problem(
      'container-apps-ingress',
      'needs container-apps-target-port: the port the container listens on (without it the app gets no ingress)',
    );
  const pullIdentity = ctx.text('container-apps-identity');
  if (pullIdentity !== undefined && !IDENTITY_ID.test(pullIdentity))
    ctx.problem(
      'container-apps-identity',
      `"${pullIdentity}" is not a user-assigned managed identity's resource ID (/subscriptions/SUB/resourceGroups/GROUP/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME; az identity show --query id)`,
    );
  if (ctx.text('container-apps-environment') === undefined) {
    for (const input of CREATE_INPUTS)
      if (ctx.read(input) !== '')
        ctx.problem(
          input,
          'says how to create a missing app: set container-apps-environment too (the environment to create it in)',
        );
    return undefined;
  }
  const username = ctx.text('registry-username');
  const password = ctx.text('registry-password');
  if (!environment) return undefined;
  return {
    environment,
    targetPort,
    external: ingress === 'external',
    pullIdentity,
    registryCredentials: username && password ? { username, password } : undefined,
  };
}

export function readContainerAppsInputs(
  ctx: InputContext,
  common: RuntimeInputContext,
): ContainerAppsTarget | undefined {
  const account: AzureAccount = { identity: common.azure, subscriptionId: readAzureSubscription(ctx) };
  const app = ctx.text('container-apps-app');
  const job = ctx.text('container-apps-job');
  if (app !== undefined && job !== undefined)
    ctx.problem('container-apps-app', 'and container-apps-job exclude each other: deploy an app, or update a job');
  if (app === undefined && job === undefined)
    ctx.problem(
      'container-apps-app',
      'is required with runtime container-apps: the app name (or set container-apps-job to update a job)',
    );
  for (const [input, name] of [
    ['container-apps-app', app],
    ['container-apps-job', job],
  ] as const) {
    if (name !== undefined && !APP_NAME.test(name))
      ctx.problem(
        input,
        `"${name}" is not a Container Apps name: 2 to 32 lower-case letters, digits and single hyphens, starting with a letter`,
      );
  }
  const resourceGroup = ctx.text('azure-resource-group');
  if (resourceGroup === undefined)
    ctx.problem(
      'azure-resource-group',
      `is required with runtime container-apps: the resource group of the ${job ? 'job' : 'app'}`,
    );
  else if (!RESOURCE_GROUP.test(resourceGroup))
    ctx.problem('azure-resource-group', `"${resourceGroup}" is not a resource group name`);
  const container = ctx.text('container-apps-container');
  if (container !== undefined && !CONTAINER_NAME.test(container))
    ctx.problem(
      'container-apps-container',
      `"${container}" is not a container name (lower-case letters, digits and hyphens)`,
    );

  const revisionSuffix = ctx.text('revision-suffix');
  if (revisionSuffix !== undefined && (!SUFFIX.test(revisionSuffix) || `${app ?? ''}--${revisionSuffix}`.length > 64))
    ctx.problem(
      'revision-suffix',
      `"${revisionSuffix}" is not a revision suffix: lower-case letters, digits and single hyphens, and the app name plus "--" plus the suffix within 64 characters`,
    );
  const label = ctx.text('revision-tag');
  if (label !== undefined && !SUFFIX.test(label))
    ctx.problem('revision-tag', `"${label}" is not a traffic label: lower-case letters, digits and single hyphens`);
  // The label's URL is APP---LABEL.ENVDOMAIN, and a DNS label holds at most 63 characters.
  else if (label !== undefined && app !== undefined && `${app}---${label}`.length > 63)
    ctx.problem(
      'revision-tag',
      `"${label}" is too long for app ${app}: its URL's first part, ${app}---${label}, must be 63 characters or fewer (use at most ${Math.max(0, 60 - app.length)})`,
    );
  const noTraffic = ctx.boolean('no-traffic', false);
  const execute = ctx.boolean('execute-job', false);
  const env = readEnv(ctx);
  const flags = readFlags(ctx);
  const waitTimeoutSeconds = ctx.integer('wait-timeout', 600, 1, 86_400, 'seconds');
  const isJob = job !== undefined && app === undefined;
  const create = isJob ? undefined : readCreate(ctx, resourceGroup);
  if (isJob) {
    for (const appOnly of [
      'no-traffic',
      'revision-tag',
      'revision-suffix',
      'container-apps-environment',
      ...CREATE_INPUTS,
    ])
      // no-traffic arrives as "false" on every runner (action.yml's default): only true is asking for it.
      if (appOnly === 'no-traffic' ? noTraffic : ctx.read(appOnly) !== '')
        ctx.problem(appOnly, 'applies to a Container App, not to a job');
    if (flags.minReplicas !== undefined || flags.maxReplicas !== undefined)
      ctx.problem('container-apps-flags', 'min-replicas and max-replicas apply to a Container App, not to a job');
  } else if (execute) {
    ctx.problem('execute-job', 'applies to a Container Apps job (container-apps-job), not to an app');
  }
  if (ctx.problems.length > 0 || resourceGroup === undefined) return undefined;
  if (isJob) {
    const { cpu, memory } = flags;
    return {
      kind: 'job',
      account,
      resourceGroup,
      job: job!,
      container,
      env,
      flags: { cpu, memory },
      execute,
      waitTimeoutSeconds,
    };
  }
  if (app === undefined) return undefined;
  return {
    kind: 'app',
    account,
    resourceGroup,
    app,
    container,
    env,
    flags,
    revisionSuffix,
    noTraffic,
    label,
    create,
    waitTimeoutSeconds,
  };
}
