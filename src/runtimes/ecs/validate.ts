/**
 * Checks of the rendered task definition that ECS would make only once the image is pushed (or
 * not at all, leaving a task that cannot start): an execution role for secrets and awslogs, a task
 * size Fargate has, a task role for ECS Exec. Each names the input that fixes it. Pure.
 */
import type { ContainerDefinition, RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { UserError } from '../../oci/user-error.js';
import { cpuUnits, memoryMiB } from './settings-inputs.js';

/** A problem with an input that only the task definition shows; reads as an input error. */
export class EcsInputError extends UserError {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`Input "${input}": ${message}`, `Invalid input ${input}`);
    this.name = 'EcsInputError';
  }
}

export interface DefinitionProblem {
  readonly input: string;
  readonly message: string;
}

/** Where the task runs, as far as the definition and the launch say. */
export interface Placement {
  /** On Fargate (or possibly: its definition requires Fargate, or its launch or capacity provider is Fargate). */
  readonly fargate: boolean;
  /** On external instances (ECS Anywhere). */
  readonly external: boolean;
}

const EXECUTION_ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';

/** Why the definition needs an execution role it does not have; undefined when it has one or needs none. */
export function executionRoleProblem(
  request: Pick<RegisterTaskDefinitionRequest, 'executionRoleArn' | 'containerDefinitions' | 'family'>,
  placement: Placement,
): DefinitionProblem | undefined {
  if (request.executionRoleArn) return undefined;
  const containers: ContainerDefinition[] = request.containerDefinitions ?? [];
  const reasons: string[] = [];
  for (const c of containers) {
    const secrets = (c.secrets ?? []).map((s) => s.name);
    if (secrets.length) reasons.push(`container ${c.name} reads the secrets ${secrets.join(', ')}`);
    if (c.repositoryCredentials?.credentialsParameter)
      reasons.push(`container ${c.name} pulls with repositoryCredentials from Secrets Manager`);
    // On EC2 the container instance role may write the logs; on Fargate and external instances only the execution role does.
    if (c.logConfiguration?.logDriver === 'awslogs' && (placement.fargate || placement.external))
      reasons.push(
        `container ${c.name} logs to CloudWatch Logs (awslogs) on ${placement.fargate ? 'Fargate' : 'external instances'}`,
      );
  }
  if (reasons.length === 0) return undefined;
  return {
    input: 'ecs-execution-role',
    message:
      `task definition ${request.family} has no execution role, which ECS needs because ${reasons.join('; ')}: ` +
      `set ecs-execution-role to a role ECS tasks may assume (e.g. ${EXECUTION_ROLE_EXAMPLE}, with AmazonECSTaskExecutionRolePolicy ` +
      'and secretsmanager:GetSecretValue / ssm:GetParameters on the secrets), or set executionRoleArn in the task definition',
  };
}

/** Fargate's task sizes: memory (MiB) choices for each CPU value (units). */
const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16_384, 1024)],
  [4096, range(8192, 30_720, 1024)],
  [8192, range(16_384, 61_440, 4096)],
  [16_384, range(32_768, 122_880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

const gb = (mib: number) => `${mib / 1024} GB`;

function memoryChoices(sizes: readonly number[]): string {
  if (sizes.length <= 3) return sizes.map((m) => `${m} (${gb(m)})`).join(', ');
  return `${sizes[0]} to ${sizes.at(-1)} MiB (${gb(sizes[0]!)} to ${gb(sizes.at(-1)!)}) in steps of ${sizes[1]! - sizes[0]!}`;
}

/** Why Fargate would refuse the task size of a definition, or undefined when it has that size. */
export function fargateSizeProblem(
  request: Pick<RegisterTaskDefinitionRequest, 'cpu' | 'memory'>,
  changed: { readonly cpu: boolean; readonly memory: boolean },
): DefinitionProblem | undefined {
  const input = changed.cpu ? 'ecs-cpu' : 'ecs-memory';
  if (!request.cpu || !request.memory) {
    const missing = !request.cpu ? 'cpu' : 'memory';
    return {
      input: missing === 'cpu' ? 'ecs-cpu' : 'ecs-memory',
      message: `a Fargate task needs a task-level ${missing}, and the task definition has none: set ecs-${missing} too`,
    };
  }
  const cpu = cpuUnits(request.cpu);
  const memory = memoryMiB(request.memory);
  if (cpu === undefined || memory === undefined) return undefined; // ECS will say; these are not ours
  const sizes = FARGATE_SIZES.get(cpu);
  if (!sizes)
    return {
      input: changed.cpu ? 'ecs-cpu' : input,
      message: `Fargate has no task with ${cpu} CPU units; it takes ${[...FARGATE_SIZES.keys()].join(', ')} (0.25 to 16 vCPU)`,
    };
  if (!sizes.includes(memory))
    return {
      input,
      message: `Fargate has no task with ${cpu} CPU units and ${memory} MiB of memory: with ${cpu} CPU units, memory is ${memoryChoices(sizes)}`,
    };
  return undefined;
}

/** Every problem of the rendered definition, for the inputs given. */
export function definitionProblems(
  request: RegisterTaskDefinitionRequest,
  placement: Placement,
  given: { readonly cpu: boolean; readonly memory: boolean; readonly enableExecuteCommand: boolean },
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const role = executionRoleProblem(request, placement);
  if (role) problems.push(role);
  if (placement.fargate && (given.cpu || given.memory)) {
    const size = fargateSizeProblem(request, given);
    if (size) problems.push(size);
  }
  if (given.enableExecuteCommand && !request.taskRoleArn)
    problems.push({
      input: 'ecs-task-role',
      message:
        `ECS Exec (ecs-enable-execute-command) runs through the task role, and task definition ${request.family} has none: ` +
        'set ecs-task-role to a role with ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel',
    });
  return problems;
}

/** Throws the problems as one input error (the first one's input in the title). */
export function throwProblems(problems: readonly DefinitionProblem[]): void {
  if (problems.length === 0) return;
  if (problems.length === 1) throw new EcsInputError(problems[0]!.input, problems[0]!.message);
  const error = new EcsInputError(
    problems[0]!.input,
    `${problems[0]!.message}\n${problems
      .slice(1)
      .map((p) => `Input "${p.input}": ${p.message}`)
      .join('\n')}`,
  );
  throw error;
}
