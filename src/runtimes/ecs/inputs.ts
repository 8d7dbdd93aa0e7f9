/** The ECS runtime's inputs: a service update or a one-off task. */
import { readJsonFile, type InputContext } from '../../input-reader.js';
import { registryTraits, type RegistryFamily } from '../../registries/index.js';
import { readCodeDeployInputs, readScheduledTask, type CodeDeployInputs, type ScheduledTaskRef } from './options.js';
import {
  readEcsSettings,
  readServiceOptions,
  readTaskOptions,
  SERVICE_ONLY_INPUTS,
  TASK_ONLY_INPUTS,
  type EcsServiceOptions,
  type EcsSettings,
  type EcsTaskOptions,
} from './settings-inputs.js';

export type TaskDefinitionSource =
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'file'; readonly path: string; readonly definition: Record<string, unknown> };

export interface EcsNetwork {
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly assignPublicIp: boolean | undefined;
}

export interface EcsInputs {
  readonly region: string;
  readonly cluster: string;
  readonly mode:
    | ({ readonly kind: 'service'; readonly service: string } & EcsServiceOptions)
    | ({
        readonly kind: 'task';
        readonly launchType: 'EC2' | 'FARGATE' | 'EXTERNAL' | undefined;
        readonly network: EcsNetwork | undefined;
        readonly overrides: Record<string, unknown> | undefined;
        readonly waitFor: 'stopped' | 'running';
      } & EcsTaskOptions)
    /** Register the revision and move an EventBridge rule's or Scheduler schedule's ECS target to it. */
    | { readonly kind: 'scheduled'; readonly schedule: ScheduledTaskRef };
  readonly taskDefinition: TaskDefinitionSource | undefined;
  readonly environment: Readonly<Record<string, string>>;
  /** The containers that get the image, and what else the new revision changes. */
  readonly settings: EcsSettings;
  readonly waitForStability: boolean;
  readonly waitTimeoutSeconds: number;
  /** For a service whose deployment controller is CODE_DEPLOY. */
  readonly codeDeploy: CodeDeployInputs;
}

const TASK_DEFINITION_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}(?::\d+)?$/;
const TASK_DEFINITION_NAME = /^[A-Za-z0-9_-]{1,255}(?::\d+)?$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

/** The region for AWS calls: the input, the environment aws-actions/configure-aws-credentials sets, or the AWS registry host's. */
function awsRegion(
  ctx: InputContext,
  destination: RegistryFamily | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const registry = destination && registryTraits(destination);
  const region =
    ctx.text('aws-region') ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION ??
    (registry?.cloud === 'aws' ? registry.region : undefined);
  if (region !== undefined && !REGION.test(region))
    return ctx.problem('aws-region', `"${region}" is not an AWS region, e.g. us-east-1`);
  return region;
}

function readNetwork(ctx: InputContext): EcsNetwork | undefined {
  const values = ctx.keyValues(
    'ecs-network',
    /^(subnets|security-groups|assign-public-ip)$/,
    'subnets=subnet-0a1b,subnet-2c3d',
  );
  if (Object.keys(values).length === 0) return undefined;
  const split = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const subnets = split(values.subnets);
  const securityGroups = split(values['security-groups']);
  if (subnets.length === 0) ctx.problem('ecs-network', 'needs subnets=subnet-…[,subnet-…]');
  for (const id of subnets)
    if (!/^subnet-[0-9a-f]+$/.test(id)) ctx.problem('ecs-network', `"${id}" is not a subnet id (subnet-…)`);
  for (const id of securityGroups)
    if (!/^sg-[0-9a-f]+$/.test(id)) ctx.problem('ecs-network', `"${id}" is not a security group id (sg-…)`);
  const ip = values['assign-public-ip'];
  if (ip !== undefined && !['true', 'false'].includes(ip))
    ctx.problem('ecs-network', `assign-public-ip must be true or false, not "${ip}"`);
  return { subnets, securityGroups, assignPublicIp: ip === undefined ? undefined : ip === 'true' };
}

export function readEcsInputs(ctx: InputContext, destination: RegistryFamily | undefined): EcsInputs | undefined {
  const region = awsRegion(ctx, destination);
  if (region === undefined && !ctx.has('aws-region')) {
    ctx.problem(
      'aws-region',
      'is required for ECS when the destination is not an ECR repository and AWS_REGION is not set',
    );
  }
  const cluster =
    ctx.text('ecs-cluster') ?? ctx.problem('ecs-cluster', 'is required with runtime ecs: the cluster name or ARN');
  const service = ctx.text('ecs-service');
  const runTask = ctx.boolean('ecs-run-task', false);
  if (service !== undefined && runTask)
    ctx.problem('ecs-service', 'and ecs-run-task: true exclude each other: update a service, or run a one-off task');
  const schedule = readScheduledTask(ctx);
  if (ctx.read('ecs-scheduled-task') !== '' && (service !== undefined || runTask))
    ctx.problem(
      'ecs-scheduled-task',
      'excludes ecs-service and ecs-run-task: update a service, run a task, or move a schedule',
    );
  if (service === undefined && !runTask && ctx.read('ecs-scheduled-task') === '')
    ctx.problem(
      'ecs-service',
      'is required with runtime ecs (or set ecs-run-task: true to run a one-off task, or ecs-scheduled-task to move a schedule)',
    );

  const definitionText = ctx.text('ecs-task-definition');
  let taskDefinition: TaskDefinitionSource | undefined;
  if (definitionText !== undefined) {
    if (TASK_DEFINITION_ARN.test(definitionText) || TASK_DEFINITION_NAME.test(definitionText)) {
      taskDefinition = { kind: 'name', value: definitionText };
    } else if (definitionText.endsWith('.json') || definitionText.includes('/')) {
      const definition = readJsonFile(ctx, 'ecs-task-definition', definitionText);
      if (definition && !Array.isArray(definition.containerDefinitions)) {
        ctx.problem(
          'ecs-task-definition',
          `${definitionText} has no containerDefinitions; it should hold a task definition as \`aws ecs describe-task-definition\` prints its taskDefinition`,
        );
      }
      if (definition) taskDefinition = { kind: 'file', path: definitionText, definition };
    } else {
      ctx.problem(
        'ecs-task-definition',
        `"${definitionText}" is not a family[:revision], a task definition ARN, or a path to a .json file`,
      );
    }
  } else if (runTask) {
    ctx.problem(
      'ecs-task-definition',
      'is required with ecs-run-task: true (a family[:revision], an ARN, or a .json file)',
    );
  }

  const environment = ctx.keyValues('ecs-environment');
  const common = {
    environment,
    settings: readEcsSettings(ctx, environment),
    waitForStability: ctx.boolean('wait-for-stability', true),
    waitTimeoutSeconds: ctx.integer('wait-timeout', 600, 1, 86_400, 'seconds'),
    codeDeploy: readCodeDeployInputs(ctx),
  };
  if (service === undefined) {
    for (const input of ['codedeploy-application', 'codedeploy-deployment-group'])
      if (ctx.read(input) !== '') ctx.problem(input, 'applies to a service (ecs-service) deployed by CodeDeploy');
  }
  const launchType = ctx.text('ecs-launch-type');
  if (launchType !== undefined && !['EC2', 'FARGATE', 'EXTERNAL'].includes(launchType)) {
    ctx.problem('ecs-launch-type', `"${launchType}" is not one of: EC2, FARGATE, EXTERNAL`);
  }
  const mode: EcsInputs['mode'] | undefined =
    service !== undefined
      ? { kind: 'service', service, ...readServiceOptions(ctx, common.waitForStability) }
      : runTask
        ? {
            kind: 'task',
            launchType: launchType as 'EC2' | 'FARGATE' | 'EXTERNAL' | undefined,
            network: readNetwork(ctx),
            overrides: ctx.jsonObject('ecs-overrides'),
            waitFor: ctx.oneOf('wait-for', ['stopped', 'running'] as const, 'stopped'),
            ...readTaskOptions(ctx),
          }
        : schedule && !service
          ? { kind: 'scheduled', schedule }
          : undefined;
  if (mode !== undefined && mode.kind !== 'task' && !runTask) {
    for (const taskOnly of ['ecs-launch-type', 'ecs-network', 'ecs-overrides', 'wait-for', ...TASK_ONLY_INPUTS]) {
      if (ctx.read(taskOnly) !== '')
        ctx.problem(
          taskOnly,
          mode.kind === 'service'
            ? 'applies to one-off tasks (ecs-run-task: true), not to a service update'
            : 'applies to one-off tasks (ecs-run-task: true); a scheduled task keeps the settings of its target',
        );
    }
  }
  if (mode !== undefined && mode.kind !== 'service') {
    for (const serviceOnly of SERVICE_ONLY_INPUTS) {
      if (ctx.read(serviceOnly) !== '')
        ctx.problem(
          serviceOnly,
          `applies to a service update (ecs-service), not to ${mode.kind === 'task' ? 'a one-off task' : 'a scheduled task'}`,
        );
    }
  }
  if (!region || !cluster || !mode) return undefined;
  return { region, cluster, mode, taskDefinition, ...common };
}
