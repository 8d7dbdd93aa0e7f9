/**
 * Rendering a new ECS task definition revision: the same definition with one container's image
 * set to the pushed digest (and its environment merged), minus the fields AWS reports but rejects
 * on RegisterTaskDefinition. Pure, so every rule is unit-tested.
 */
import type { ContainerDefinition, RegisterTaskDefinitionRequest, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { UserError } from '../../oci/user-error.js';
import type { EcsSettings } from './settings-inputs.js';

export class EcsSetupError extends UserError {
  constructor(message: string) {
    super(message, 'ECS setup');
    this.name = 'EcsSetupError';
  }
}

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition refuses. */
const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const;

export interface RenderOptions {
  /** The image by digest: DESTINATION@sha256:…. */
  readonly image: string;
  /** Which containers get the image; empty: the only one (required when there are several). */
  readonly containers: readonly string[];
  /** Variables merged into those containers' environment (replacing ones of the same name). */
  readonly environment: Readonly<Record<string, string>>;
  /** Where the definition came from, for error messages. */
  readonly source: string;
  /** The rest of what the new revision changes (ecs-secrets, ecs-command, …); none when undefined. */
  readonly settings?: Omit<EcsSettings, 'containers'>;
  /** The ECS region: the default awslogs region. */
  readonly region?: string;
}

export interface Rendered {
  readonly request: RegisterTaskDefinitionRequest;
  /** The first container that gets the image (the one named first in ecs-container). */
  readonly containerName: string;
  /** Every container that gets the image, in ecs-container's order. */
  readonly containerNames: readonly string[];
}

/** Picks the containers the image goes into, or explains why it cannot. */
export function chooseContainers(
  definition: Pick<TaskDefinition, 'containerDefinitions'>,
  wanted: readonly string[],
  source: string,
): ContainerDefinition[] {
  const containers = definition.containerDefinitions ?? [];
  const names = containers.map((c) => c.name ?? '(unnamed)');
  if (containers.length === 0) throw new EcsSetupError(`${source} has no container definitions`);
  if (wanted.length > 0) {
    const missing = wanted.filter((name) => !containers.some((c) => c.name === name));
    if (missing.length > 0)
      throw new EcsSetupError(
        `${source} has no container named ${missing.map((m) => `"${m}"`).join(', ')} (ecs-container); its containers are: ${names.join(', ')}`,
      );
    return wanted.map((name) => containers.find((c) => c.name === name)!);
  }
  if (containers.length > 1) {
    throw new EcsSetupError(
      `${source} has ${containers.length} containers (${names.join(', ')}); set ecs-container to the one (or the ones) that run this image`,
    );
  }
  return [containers[0]!];
}

/** Picks the one container the image goes into (see chooseContainers). */
export function chooseContainer(
  definition: Pick<TaskDefinition, 'containerDefinitions'>,
  wanted: string | undefined,
  source: string,
): ContainerDefinition {
  return chooseContainers(definition, wanted === undefined ? [] : [wanted], source)[0]!;
}

const byName = <T extends { name?: string }>(a: T, b: T) => (a.name ?? '').localeCompare(b.name ?? '');

/** One container with the image and the settings: variables and secrets merged by name. */
function renderContainer(container: ContainerDefinition, options: RenderOptions): ContainerDefinition {
  const secrets = options.settings?.secrets ?? {};
  const taken = (name: string | undefined) => name! in options.environment || name! in secrets;
  const environment = (container.environment ?? []).filter((e) => !taken(e.name));
  for (const [name, value] of Object.entries(options.environment)) environment.push({ name, value });
  const secretList = (container.secrets ?? []).filter((s) => !taken(s.name));
  for (const [name, valueFrom] of Object.entries(secrets)) secretList.push({ name, valueFrom });
  const rendered: ContainerDefinition = { ...container, image: options.image };
  if (environment.length > 0) rendered.environment = environment.sort(byName);
  else if (container.environment) rendered.environment = [];
  if (secretList.length > 0) rendered.secrets = secretList.sort(byName);
  else if (container.secrets) rendered.secrets = [];
  const { command, logConfig } = options.settings ?? {};
  if (command) rendered.command = [...command];
  if (logConfig) {
    rendered.logConfiguration = {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': logConfig.group,
        ...((logConfig.region ?? options.region) && { 'awslogs-region': (logConfig.region ?? options.region)! }),
        'awslogs-stream-prefix': logConfig.streamPrefix,
        ...(logConfig.createGroup && { 'awslogs-create-group': 'true' }),
        ...(logConfig.mode && { mode: logConfig.mode }),
        ...(logConfig.maxBufferSize && { 'max-buffer-size': logConfig.maxBufferSize }),
      },
    };
  }
  return rendered;
}

export function renderTaskDefinition(
  current: TaskDefinition,
  tags: readonly Tag[] | undefined,
  options: RenderOptions,
): Rendered {
  const targets = chooseContainers(current, options.containers, options.source);
  const request = comparable(current);

  request.containerDefinitions = (current.containerDefinitions ?? []).map((container) =>
    targets.includes(container) ? renderContainer(container, options) : container,
  );
  const settings = options.settings;
  if (settings?.taskRoleArn) request.taskRoleArn = settings.taskRoleArn;
  if (settings?.executionRoleArn) request.executionRoleArn = settings.executionRoleArn;
  if (settings?.cpu) request.cpu = settings.cpu;
  if (settings?.memory) request.memory = settings.memory;
  // ECS refuses an empty tag list; tags are carried over so the new revision stays findable.
  if (tags && tags.length > 0) request.tags = [...tags];
  return {
    request: request as unknown as RegisterTaskDefinitionRequest,
    containerName: targets[0]!.name!,
    containerNames: targets.map((t) => t.name!),
  };
}

/** The definition as registered would compare to the current one: both without read-only fields. */
export function comparable(definition: TaskDefinition): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(definition).filter(
      ([key, value]) => value !== undefined && value !== null && !(READ_ONLY_FIELDS as readonly string[]).includes(key),
    ),
  );
}

/**
 * Why a service's deployment controller rules this action out, or undefined when it is ECS's own
 * rolling update (the default) or CodeDeploy's blue/green (codedeploy.ts). Under EXTERNAL, UpdateService
 * cannot roll out a new task definition: new task sets do, made by that external controller.
 */
export function controllerRefusal(type: string | undefined, service: string, where: string): string | undefined {
  // CODE_DEPLOY services deploy through CodeDeploy (codedeploy.ts).
  if (type === undefined || type === 'ECS' || type === 'CODE_DEPLOY') return undefined;
  const how =
    type === 'EXTERNAL'
      ? 'an external controller that deploys through task sets, which this action does not drive: deploy it with that controller'
      : 'a controller this action does not know';
  return (
    `the ECS service "${service}" (${where}) uses the ${type} deployment controller, ${how}, ` +
    'or switch the service to the ECS (rolling update) controller. Nothing was pushed or registered'
  );
}

export interface ContainerOutcome {
  readonly name: string;
  readonly essential: boolean;
  readonly exitCode: number | undefined;
  readonly reason: string | undefined;
}

/** Whether a stopped task succeeded: every essential container exited 0. */
export function taskFailure(
  containers: readonly ContainerOutcome[],
  stoppedReason: string | undefined,
): string | undefined {
  const failed = containers.filter((c) => c.essential && c.exitCode !== 0);
  if (failed.length === 0) return undefined;
  const detail = failed
    .map(
      (c) =>
        `${c.name} ${c.exitCode === undefined ? 'has no exit code' : `exited ${c.exitCode}`}${c.reason ? ` (${c.reason})` : ''}`,
    )
    .join(', ');
  return `essential container${failed.length > 1 ? 's' : ''} ${detail}${stoppedReason ? `; the task stopped: ${stoppedReason}` : ''}`;
}
