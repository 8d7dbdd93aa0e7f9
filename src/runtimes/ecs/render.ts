/**
 * Rendering a new ECS task definition revision: the same definition with one container's image
 * set to the pushed digest (and its environment merged), minus the fields AWS reports but rejects
 * on RegisterTaskDefinition. Pure, so every rule is unit-tested.
 */
import type { ContainerDefinition, RegisterTaskDefinitionRequest, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { UserError } from '../../oci/user-error.js';

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
  /** Which container gets the image; required when there are several. */
  readonly container: string | undefined;
  /** Variables merged into that container's environment (replacing ones of the same name). */
  readonly environment: Readonly<Record<string, string>>;
  /** Where the definition came from, for error messages. */
  readonly source: string;
}

export interface Rendered {
  readonly request: RegisterTaskDefinitionRequest;
  readonly containerName: string;
}

/** Picks the container the image goes into, or explains why it cannot. */
export function chooseContainer(
  definition: Pick<TaskDefinition, 'containerDefinitions'>,
  wanted: string | undefined,
  source: string,
): ContainerDefinition {
  const containers = definition.containerDefinitions ?? [];
  const names = containers.map((c) => c.name ?? '(unnamed)');
  if (containers.length === 0) throw new EcsSetupError(`${source} has no container definitions`);
  if (wanted !== undefined) {
    const found = containers.find((c) => c.name === wanted);
    if (!found)
      throw new EcsSetupError(
        `${source} has no container named "${wanted}" (ecs-container); its containers are: ${names.join(', ')}`,
      );
    return found;
  }
  if (containers.length > 1) {
    throw new EcsSetupError(
      `${source} has ${containers.length} containers (${names.join(', ')}); set ecs-container to the one that runs this image`,
    );
  }
  return containers[0]!;
}

export function renderTaskDefinition(
  current: TaskDefinition,
  tags: readonly Tag[] | undefined,
  options: RenderOptions,
): Rendered {
  const target = chooseContainer(current, options.container, options.source);
  const request = comparable(current);

  request.containerDefinitions = (current.containerDefinitions ?? []).map((container) => {
    if (container !== target) return container;
    const environment = [...(container.environment ?? [])].filter((e) => !(e.name! in options.environment));
    for (const [name, value] of Object.entries(options.environment)) environment.push({ name, value });
    return {
      ...container,
      image: options.image,
      ...(environment.length > 0 && { environment: environment.sort((a, b) => a.name!.localeCompare(b.name!)) }),
    };
  });
  // ECS refuses an empty tag list; tags are carried over so the new revision stays findable.
  if (tags && tags.length > 0) request.tags = [...tags];
  return { request: request as unknown as RegisterTaskDefinitionRequest, containerName: target.name! };
}

/** A line diff of two definitions as pretty JSON, for the plan: `- old` / `+ new` lines only. */
export function diffDefinitions(before: unknown, after: unknown): string[] {
  const a = JSON.stringify(before, null, 2).split('\n');
  const b = JSON.stringify(after, null, 2).split('\n');
  // Longest common subsequence: task definitions are small (hundreds of lines).
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) out.push(`- ${a[i++]!.trim()}`);
    else out.push(`+ ${b[j++]!.trim()}`);
  }
  while (i < a.length) out.push(`- ${a[i++]!.trim()}`);
  while (j < b.length) out.push(`+ ${b[j++]!.trim()}`);
  return out;
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
