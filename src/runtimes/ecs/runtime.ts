/**
 * AWS ECS as a runtime, by digest: a service update (new task definition revision, UpdateService,
 * wait until stable, verify the rollout) or a one-off task (RunTask, wait, exit codes).
 */
import * as ecs from '@aws-sdk/client-ecs';
import type { EcsInputs, TaskDefinitionSource } from './inputs.js';
import { AwsError, awsClientConfig, explainAwsError } from '../../clouds/aws.js';
import { controllerRefusal, EcsSetupError, renderTaskDefinition, taskFailure, type Rendered } from './render.js';
import { definitionChanges, sameDefinition } from './diff.js';
import { definitionProblems, throwProblems, type Placement } from './validate.js';
import { warn } from '../../warnings.js';
import {
  afterwards,
  readRollout,
  recentEvents,
  rolloutFailure,
  stoppedTaskLines,
  type RolloutContext,
  type RolloutEvidence,
} from './rollout.js';
import type { DeployResult, DeployTarget, PreparedDeployment, Runtime } from '../runtime.js';
import { registryTraits } from '../../registries/index.js';
import type { Log } from '../../oci/log.js';
import { leftAsIs, waitBound } from '../../deadline.js';
import { TaskDiagnostics } from './diagnostics.js';
import { prepareBlueGreen, type BlueGreenHost } from './codedeploy.js';
import { familyOf, prepareScheduled } from './scheduled.js';
import type { ScheduledTaskRef } from './options.js';

/** How often to poll: short timeouts poll more often (15 s, the SDK's default, at most). */
export function pollDelays(timeoutSeconds: number): { minDelay: number; maxDelay: number } {
  const minDelay = Math.max(1, Math.min(15, Math.floor(timeoutSeconds / 20)));
  return { minDelay, maxDelay: Math.max(minDelay, Math.min(60, Math.floor(timeoutSeconds / 5))) };
}

/** Why ECS might fail to pull the image, as warnings. */
export function reachabilityWarnings(
  rendered: Rendered,
  target: Pick<DeployTarget, 'image' | 'registry' | 'family'>,
  fargate: boolean,
): string[] {
  const warnings: string[] = [];
  const request = rendered.request;
  const containers = (request.containerDefinitions ?? []).filter((c) => rendered.containerNames.includes(c.name!));
  const registry = registryTraits(target.family);
  // AWS serves its registries to ECS natively: private ones to the task execution role.
  const servedByAws = registry.cloud === 'aws';
  if (servedByAws && registry.pullsWithCloudIdentity && fargate && !request.executionRoleArn) {
    warnings.push(
      `task definition ${request.family} has no executionRoleArn: Fargate pulls from ECR with the task execution role ` +
        '(AmazonECSTaskExecutionRolePolicy), so the task will fail to start',
    );
  }
  const uncredentialed = containers.filter((c) => !c.repositoryCredentials).map((c) => `"${c.name}"`);
  if (!servedByAws && !registry.publicHub && uncredentialed.length > 0) {
    warnings.push(
      `${target.registry} is not ECR and container${uncredentialed.length > 1 ? 's' : ''} ${uncredentialed.join(', ')} ` +
        `${uncredentialed.length > 1 ? 'have' : 'has'} no repositoryCredentials: ` +
        'if the repository is private, ECS cannot pull it; store the credentials in Secrets Manager and set repositoryCredentials.credentialsParameter',
    );
  }
  return warnings;
}

function fromFile(source: Extract<TaskDefinitionSource, { kind: 'file' }>): ecs.TaskDefinition {
  // A file may hold `describe-task-definition` output ({ taskDefinition: … }) or the definition itself.
  const inner = (source.definition.taskDefinition as Record<string, unknown> | undefined) ?? source.definition;
  return inner as ecs.TaskDefinition;
}

/** How a service update goes, as prepare found it. */
interface ServiceUpdate {
  /** The rendered definition is the one the service runs: nothing to register. */
  readonly unchanged: boolean;
  /** family:revision the service runs. */
  readonly runningName: string;
  /** Set only when it differs from the service's. */
  readonly desiredCount: number | undefined;
  readonly forceNewDeployment: boolean;
  readonly deregisterPrevious: boolean;
  readonly primaryDeploymentId: string | undefined;
}

export function ecsRuntime(inputs: EcsInputs): Runtime {
  return new EcsRuntime(inputs);
}

class EcsRuntime implements Runtime {
  readonly name = 'ecs';
  private readonly client: ecs.ECSClient;
  private readonly where: string;
  private readonly diagnostics: TaskDiagnostics;
  /** Clients other than ECS's that deploy() uses (CodeDeploy, EventBridge): closed with it. */
  private readonly closers: (() => void)[] = [];

  constructor(private readonly inputs: EcsInputs) {
    this.client = new ecs.ECSClient({ region: inputs.region, ...awsClientConfig() });
    this.where = `cluster ${inputs.cluster}, region ${inputs.region}`;
    this.diagnostics = new TaskDiagnostics(this.client, inputs.region, inputs.cluster);
    this.closers.push(() => this.diagnostics.close());
  }

  private destroy(): void {
    this.client.destroy();
    for (const close of this.closers.splice(0)) close();
  }

  /**
   * The client lives from prepare to the end of deploy: it is destroyed (its connections closed)
   * when prepare fails, after a plan (which never deploys), and when deploy ends either way.
   */
  async prepare(target: DeployTarget): Promise<PreparedDeployment> {
    let prepared: PreparedDeployment;
    try {
      const mode = this.inputs.mode;
      prepared =
        mode.kind === 'service'
          ? await this.prepareService(target, mode.service)
          : mode.kind === 'scheduled'
            ? await this.prepareScheduled(target, mode.schedule)
            : await this.prepareTask(target, mode);
    } catch (error) {
      this.destroy();
      throw error;
    }
    if (target.planning) this.destroy();
    return {
      ...prepared,
      deploy: async (log) => {
        try {
          return await prepared.deploy(log);
        } finally {
          this.destroy();
        }
      },
    };
  }

  /** Sends one ECS call, turning its failure into an error that names the cluster and region. */
  private async call<T>(action: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if ((error as { name?: string }).name === 'ClusterNotFoundException') {
        throw new EcsSetupError(
          `the ECS cluster "${this.inputs.cluster}" does not exist in region ${this.inputs.region} (ecs-cluster)`,
        );
      }
      throw explainAwsError(error, `ecs:${action}`, this.where);
    }
  }

  private async loadDefinition(
    source: TaskDefinitionSource,
  ): Promise<{ definition: ecs.TaskDefinition; tags: ecs.Tag[] | undefined; label: string }> {
    if (source.kind === 'file')
      return { definition: fromFile(source), tags: undefined, label: `task definition file ${source.path}` };
    const described = await this.call('DescribeTaskDefinition', () =>
      this.client.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: source.value, include: ['TAGS'] })),
    );
    if (!described.taskDefinition)
      throw new EcsSetupError(`task definition ${source.value} was not found (${this.where})`);
    return { definition: described.taskDefinition, tags: described.tags, label: `task definition ${source.value}` };
  }

  private render(
    target: DeployTarget,
    definition: ecs.TaskDefinition,
    tags: ecs.Tag[] | undefined,
    label: string,
  ): Rendered {
    const { containers, ...settings } = this.inputs.settings;
    return renderTaskDefinition(definition, tags, {
      image: target.image,
      containers,
      environment: this.inputs.environment,
      source: label,
      settings,
      region: this.inputs.region,
    });
  }

  /** Refuses, before anything is pushed, a definition ECS would accept but could not start. */
  private check(rendered: Rendered, placement: Placement, enableExecuteCommand = false): void {
    const { cpu, memory } = this.inputs.settings;
    throwProblems(
      definitionProblems(rendered.request, placement, {
        cpu: cpu !== undefined,
        memory: memory !== undefined,
        enableExecuteCommand,
      }),
    );
  }

  /** The plan's lines for the new revision: what it changes compared with `before`. */
  private describeChange(before: ecs.TaskDefinition, rendered: Rendered, comparedWith?: string): string[] {
    const changes = definitionChanges(before, rendered.request);
    return [
      `would register a new revision of ${rendered.request.family}, changing${comparedWith ? ` (compared with ${comparedWith})` : ''}:`,
      ...(changes.length ? changes.map((line) => `    ${line}`) : ['    (nothing but the revision)']),
    ];
  }

  private async register(rendered: Rendered, log: Log): Promise<ecs.TaskDefinition> {
    const registered = await this.call('RegisterTaskDefinition', () =>
      this.client.send(new ecs.RegisterTaskDefinitionCommand(rendered.request)),
    );
    const definition = registered.taskDefinition!;
    log(`registered ${definition.family}:${definition.revision} (${definition.taskDefinitionArn})`);
    return definition;
  }

  private async prepareService(target: DeployTarget, serviceName: string): Promise<PreparedDeployment> {
    const { cluster, waitForStability, waitTimeoutSeconds, mode } = this.inputs;
    const options = mode.kind === 'service' ? mode : undefined;
    const described = await this.call('DescribeServices', () =>
      this.client.send(new ecs.DescribeServicesCommand({ cluster, services: [serviceName] })),
    );
    const service = described.services?.[0];
    if (!service || service.status === 'INACTIVE') {
      throw new EcsSetupError(`the ECS service "${serviceName}" does not exist in ${this.where} (ecs-service)`);
    }
    const refusal = controllerRefusal(service.deploymentController?.type, serviceName, this.where);
    if (refusal) throw new EcsSetupError(refusal);
    const runningArn = service.taskDefinition;
    const base = this.inputs.taskDefinition ?? { kind: 'name' as const, value: runningArn! };
    const { definition, tags, label } = await this.loadDefinition(base);
    // What the service runs, to compare with: the base itself, unless the base is another definition.
    const running =
      base.kind === 'name' && base.value === runningArn
        ? definition
        : runningArn
          ? (await this.loadDefinition({ kind: 'name', value: runningArn })).definition
          : undefined;
    const rendered = this.render(target, definition, tags, label);
    const fargate =
      service.launchType === 'FARGATE' ||
      (service.capacityProviderStrategy ?? []).some((s) => s.capacityProvider?.startsWith('FARGATE')) ||
      (rendered.request.requiresCompatibilities ?? []).includes('FARGATE');
    this.check(rendered, { fargate, external: service.launchType === 'EXTERNAL' });
    if (service.deploymentController?.type === 'CODE_DEPLOY') {
      const blueGreen = await prepareBlueGreen(
        this.blueGreenHost(serviceName, rendered),
        service,
        serviceName,
        rendered.request,
        this.inputs.codeDeploy,
      );
      this.closers.push(() => blueGreen.close());
      return {
        plan: [
          `ECS service ${serviceName} (${this.where}) runs ${service.taskDefinition}`,
          ...this.describeChange(definition, rendered),
          ...blueGreen.plan,
        ],
        warnings: reachabilityWarnings(rendered, target, fargate),
        deploy: (log) => blueGreen.deploy(log),
      };
    }

    const runningName = running?.family ? `${running.family}:${running.revision}` : (runningArn ?? 'nothing');
    // An INACTIVE (deregistered) revision is registered anew rather than deployed again.
    const unchanged =
      running !== undefined &&
      runningArn !== undefined &&
      running.status !== 'INACTIVE' &&
      sameDefinition(running, rendered.request);
    const desiredCount =
      options?.desiredCount !== undefined && options.desiredCount !== service.desiredCount
        ? options.desiredCount
        : undefined;
    const force = options?.forceNewDeployment ?? false;
    const extras = [
      ...(desiredCount !== undefined ? [`desired count ${service.desiredCount ?? '?'} → ${desiredCount}`] : []),
      ...(force ? ['forcing a new deployment'] : []),
    ];
    const wait = waitForStability
      ? `, wait until it is stable (at most ${waitTimeoutSeconds} s), and check the rollout`
      : '';
    const plan = [`ECS service ${serviceName} (${this.where}) runs ${runningArn}`];
    if (unchanged) {
      plan.push(
        `the new task definition would be the same as ${runningName}, which the service runs (this image, these settings): nothing to register`,
      );
      plan.push(
        extras.length
          ? `would update service ${serviceName} on ${runningName} (${extras.join(', ')})${wait}`
          : `would not update service ${serviceName}` +
              (waitForStability ? `; would check that it is stable (at most ${waitTimeoutSeconds} s)` : ''),
      );
    } else {
      plan.push(
        ...this.describeChange(
          running ?? definition,
          rendered,
          running && running !== definition ? `${runningName}, which the service runs` : undefined,
        ),
      );
      plan.push(
        `would update service ${serviceName} to the new revision${extras.length ? ` (${extras.join(', ')})` : ''}${wait}`,
      );
      if (options?.deregisterPrevious && runningArn)
        plan.push(`would deregister ${runningName} once the new revision is stable (ecs-deregister-previous)`);
    }
    return {
      plan,
      warnings: reachabilityWarnings(rendered, target, fargate),
      deploy: (log) =>
        this.updateService(
          serviceName,
          rendered,
          {
            previous: runningArn,
            circuitBreaker: service.deploymentConfiguration?.deploymentCircuitBreaker,
          },
          {
            unchanged,
            runningName,
            desiredCount,
            forceNewDeployment: force,
            deregisterPrevious: options?.deregisterPrevious ?? false,
            primaryDeploymentId: service.deployments?.find((d) => d.status === 'PRIMARY')?.id,
          },
          log,
        ),
    };
  }

  /** What the CodeDeploy deployment needs of this runtime. */
  private blueGreenHost(serviceName: string, rendered: Rendered): BlueGreenHost {
    const { cluster, region, waitForStability, waitTimeoutSeconds } = this.inputs;
    const describeService = async () =>
      (
        await this.call('DescribeServices', () =>
          this.client.send(new ecs.DescribeServicesCommand({ cluster, services: [serviceName] })),
        )
      ).services?.[0];
    return {
      region,
      cluster,
      where: this.where,
      waitForStability,
      waitTimeoutSeconds,
      register: (log) => this.register(rendered, log),
      describeService,
      evidence: async (arn, family, since) => {
        const evidence = await this.rolloutEvidence(await describeService(), family, arn, '', since);
        return [
          evidence.events.length ? 'Latest service events:' : 'Latest service events: none since the deployment began',
          ...evidence.events.map((e) => `  ${e}`),
          ...(evidence.stoppedTasksError
            ? [`Stopped tasks: could not be read (${evidence.stoppedTasksError})`]
            : evidence.stoppedTasks.length
              ? [
                  'Stopped tasks of the new revision:',
                  ...evidence.stoppedTasks.map((t) => `  ${t}`),
                  ...(evidence.logs ?? []),
                ]
              : ['Stopped tasks of the new revision: none']),
        ];
      },
    };
  }

  /** A scheduled task: register the revision and move the rule's or schedule's ECS target to it. */
  private async prepareScheduled(target: DeployTarget, ref: ScheduledTaskRef): Promise<PreparedDeployment> {
    const source = this.inputs.taskDefinition;
    const family =
      source === undefined
        ? undefined
        : source.kind === 'name'
          ? familyOf(source.value)
          : ((fromFile(source).family as string | undefined) ?? undefined);
    const scheduled = await prepareScheduled(
      { region: this.inputs.region, cluster: this.inputs.cluster, where: this.where },
      ref,
      family,
    );
    this.closers.push(() => scheduled.close());
    const { definition, tags, label } = await this.loadDefinition(source ?? { kind: 'name', value: scheduled.current });
    const rendered = this.render(target, definition, tags, label);
    const fargate = (definition.requiresCompatibilities ?? []).includes('FARGATE');
    return {
      plan: [...scheduled.plan.slice(0, 1), ...this.describeChange(definition, rendered), ...scheduled.plan.slice(1)],
      warnings: reachabilityWarnings(rendered, target, fargate),
      deploy: async (log) => {
        const registered = await this.register(rendered, log);
        const detail = await scheduled.move(registered.taskDefinitionArn!, log);
        return { outputs: { 'ecs-task-definition-arn': registered.taskDefinitionArn! }, detail };
      },
    };
  }

  private async updateService(
    serviceName: string,
    rendered: Rendered,
    before: Pick<RolloutContext, 'previous' | 'circuitBreaker'>,
    how: ServiceUpdate,
    log: Log,
  ): Promise<DeployResult> {
    let arn: string;
    let revision: string;
    if (how.unchanged && before.previous) {
      arn = before.previous;
      revision = how.runningName;
      log(
        `service ${serviceName} already runs ${revision} with this image and these settings: no new revision registered`,
      );
    } else {
      const registered = await this.register(rendered, log);
      arn = registered.taskDefinitionArn!;
      revision = `${registered.family}:${registered.revision}`;
    }
    const updating = !how.unchanged || how.desiredCount !== undefined || how.forceNewDeployment;
    const updatedAt = new Date();
    let deploymentId = '';
    if (updating) {
      const updated = await this.call('UpdateService', () =>
        this.client.send(
          new ecs.UpdateServiceCommand({
            cluster: this.inputs.cluster,
            service: serviceName,
            ...(!how.unchanged && { taskDefinition: arn }),
            ...(how.desiredCount !== undefined && { desiredCount: how.desiredCount }),
            ...(how.forceNewDeployment && { forceNewDeployment: true }),
          }),
        ),
      );
      const deployments = updated.service?.deployments ?? [];
      const deployment =
        deployments.find((d) => d.status === 'PRIMARY' && d.taskDefinition === arn) ??
        deployments.find((d) => d.status === 'PRIMARY');
      deploymentId = deployment?.id ?? '';
      const what = [
        ...(how.unchanged ? [] : [`to ${revision}`]),
        ...(how.desiredCount !== undefined ? [`desired count ${how.desiredCount}`] : []),
        ...(how.forceNewDeployment ? ['a new deployment forced'] : []),
      ];
      log(`updated service ${serviceName} ${what.join(', ')}${deploymentId ? ` (deployment ${deploymentId})` : ''}`);
    }
    const outputs = { 'ecs-task-definition-arn': arn, 'ecs-deployment-id': deploymentId };
    const summary = how.unchanged
      ? `service ${serviceName} already running ${revision}` +
        (how.desiredCount !== undefined ? `, desired count ${how.desiredCount}` : '') +
        (how.forceNewDeployment ? ', new deployment forced' : '')
      : `service ${serviceName} → ${revision}`;
    if (!this.inputs.waitForStability) return { outputs, detail: `${summary} (not waited for)` };
    const context: RolloutContext = { cluster: this.inputs.cluster, service: serviceName, arn, ...before };
    // Should the run's timeout fire anyway, it says where the service was left and how to go back.
    const forget = leftAsIs(
      () =>
        `- service ${serviceName} is deploying ${revision}${deploymentId ? ` (deployment ${deploymentId})` : ''}, not yet stable. ` +
        afterwards({ kind: 'waiting', deployment: undefined }, context),
    );
    try {
      await this.waitForService(
        context,
        rendered.request.family!,
        updating ? deploymentId : (how.primaryDeploymentId ?? ''),
        updatedAt,
        log,
      );
    } finally {
      forget();
    }
    if (how.deregisterPrevious && !how.unchanged && before.previous && before.previous !== arn)
      await this.deregister(before.previous, log);
    return { outputs, detail: `${summary}, stable` };
  }

  /** Deregisters the revision the service ran before; a failure is a warning, as the service runs the new one. */
  private async deregister(arn: string, log: Log): Promise<void> {
    const name = arn.split('/').pop();
    try {
      await this.call('DeregisterTaskDefinition', () =>
        this.client.send(new ecs.DeregisterTaskDefinitionCommand({ taskDefinition: arn })),
      );
      log(`deregistered ${name}, the revision the service ran before (ecs-deregister-previous)`);
    } catch (error) {
      warn(
        `${(error as Error).message}. The service runs the new revision; ${name} stays registered (deregister it by hand, ` +
          'or grant ecs:DeregisterTaskDefinition)',
        'ecs: the previous revision was not deregistered',
      );
    }
  }

  /**
   * Polls the service until the rollout is stable, and fails as soon as it is not going to be: its
   * rolloutState is FAILED, another revision took over, or the wait-timeout passed.
   */
  private async waitForService(
    context: RolloutContext,
    family: string,
    deploymentId: string,
    updatedAt: Date,
    log: Log,
  ): Promise<void> {
    const { cluster, waitTimeoutSeconds } = this.inputs;
    const { service: serviceName, arn } = context;
    log(`waiting until service ${serviceName} is stable (at most ${waitTimeoutSeconds} s)`);
    // Cut to end before the run's timeout, so this failure (what ECS does next, how to go back) is what the step says.
    const bound = waitBound(waitTimeoutSeconds, 'wait-timeout');
    const { deadline } = bound;
    const delayMs = pollDelays(waitTimeoutSeconds).minDelay * 1000;
    for (;;) {
      const described = await this.call('DescribeServices', () =>
        this.client.send(new ecs.DescribeServicesCommand({ cluster, services: [serviceName] })),
      );
      const service = described.services?.[0];
      const rollout = readRollout(service, arn, deploymentId);
      if (rollout.kind === 'stable') {
        const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
        log(
          `service ${serviceName} is stable on ${arn}${primary?.rolloutState ? ` (rollout ${primary.rolloutState})` : ''}`,
        );
        return;
      }
      if (rollout.kind !== 'waiting' || Date.now() >= deadline) {
        const evidence = await this.rolloutEvidence(service, family, arn, deploymentId, updatedAt);
        throw new AwsError(rolloutFailure(rollout, context, evidence, bound.byRun ? bound.said : waitTimeoutSeconds));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(delayMs, deadline - Date.now()))));
    }
  }

  /** Why a rollout did not succeed: the service's events since the update, and the deployment's stopped tasks. */
  private async rolloutEvidence(
    service: ecs.Service | undefined,
    family: string,
    arn: string,
    deploymentId: string,
    since: Date,
  ): Promise<RolloutEvidence> {
    // ECS's clock and ours differ a little; a minute's slack keeps the update's own first events.
    const events = recentEvents(service?.events, new Date(since.getTime() - 60_000));
    try {
      const { cluster } = this.inputs;
      // ListTasks takes startedBy only as its sole filter, so list the family's stopped tasks and pick ours.
      const listed = await this.call('ListTasks', () =>
        this.client.send(new ecs.ListTasksCommand({ cluster, family, desiredStatus: 'STOPPED' })),
      );
      const taskArns = (listed.taskArns ?? []).slice(0, 100);
      if (taskArns.length === 0) return { events, stoppedTasks: [] };
      const described = await this.call('DescribeTasks', () =>
        this.client.send(new ecs.DescribeTasksCommand({ cluster, tasks: taskArns })),
      );
      const ours = (described.tasks ?? []).filter(
        (t) => (deploymentId !== '' && t.startedBy === deploymentId) || t.taskDefinitionArn === arn,
      );
      return { events, stoppedTasks: stoppedTaskLines(ours), logs: await this.diagnostics.logLines(ours) };
    } catch (error) {
      // The rollout's own failure is the error; this only says what is missing from its explanation.
      return { events, stoppedTasks: [], stoppedTasksError: (error as Error).message };
    }
  }

  private async prepareTask(
    target: DeployTarget,
    task: Extract<EcsInputs['mode'], { kind: 'task' }>,
  ): Promise<PreparedDeployment> {
    const source = this.inputs.taskDefinition!;
    const { definition, tags, label } = await this.loadDefinition(source);
    const rendered = this.render(target, definition, tags, label);
    const onFargate = (task.capacityProviderStrategy ?? []).some((s) => s.capacityProvider.startsWith('FARGATE'));
    const fargate =
      task.launchType === 'FARGATE' ||
      onFargate ||
      (!task.launchType &&
        !task.capacityProviderStrategy &&
        (definition.requiresCompatibilities ?? []).includes('FARGATE'));
    const overrideRole = typeof task.overrides?.taskRoleArn === 'string' && task.overrides.taskRoleArn !== '';
    this.check(
      rendered,
      { fargate, external: task.launchType === 'EXTERNAL' },
      task.enableExecuteCommand && !overrideRole,
    );
    // A revision ECS already has, rendered to the same definition, is run as it is.
    const existing =
      source.kind === 'name' &&
      definition.taskDefinitionArn &&
      definition.status !== 'INACTIVE' &&
      sameDefinition(definition, rendered.request)
        ? definition
        : undefined;
    const how = [
      ...(task.launchType ? [`on ${task.launchType}`] : []),
      ...(task.capacityProviderStrategy
        ? [
            `on capacity providers ${task.capacityProviderStrategy
              .map(
                (p) =>
                  p.capacityProvider +
                  (p.weight !== undefined || p.base !== undefined
                    ? ` (${[p.weight !== undefined && `weight ${p.weight}`, p.base !== undefined && `base ${p.base}`].filter(Boolean).join(', ')})`
                    : ''),
              )
              .join(', ')}`,
          ]
        : []),
      ...(task.network ? [`in ${task.network.subnets.join(', ')}`] : []),
      `started by ${task.startedBy}`,
      ...(task.propagateTags === 'TASK_DEFINITION' ? ["with the task definition's tags"] : []),
      ...(task.enableExecuteCommand ? ['with ECS Exec enabled'] : []),
    ];
    return {
      plan: [
        ...(existing
          ? [
              `the new task definition would be the same as ${definition.family}:${definition.revision} (this image, these settings): nothing to register`,
            ]
          : this.describeChange(definition, rendered)),
        `would run one task of it in ${this.where} ${how.join(', ')}` +
          `, and wait until it is ${task.waitFor} (at most ${this.inputs.waitTimeoutSeconds} s)`,
      ],
      warnings: reachabilityWarnings(rendered, target, fargate),
      deploy: (log) => this.runTask(task, rendered, existing, log),
    };
  }

  private async runTask(
    task: Extract<EcsInputs['mode'], { kind: 'task' }>,
    rendered: Rendered,
    existing: ecs.TaskDefinition | undefined,
    log: Log,
  ): Promise<DeployResult> {
    const { cluster, waitTimeoutSeconds } = this.inputs;
    if (existing)
      log(
        `${existing.family}:${existing.revision} already has this image and these settings: no new revision registered`,
      );
    const registered = existing ?? (await this.register(rendered, log));
    const arn = registered.taskDefinitionArn!;
    const revision = `${registered.family}:${registered.revision}`;
    const network = task.network && {
      awsvpcConfiguration: {
        subnets: [...task.network.subnets],
        ...(task.network.securityGroups.length > 0 && { securityGroups: [...task.network.securityGroups] }),
        ...(task.network.assignPublicIp !== undefined && {
          assignPublicIp: task.network.assignPublicIp ? ('ENABLED' as const) : ('DISABLED' as const),
        }),
      },
    };
    const started = await this.call('RunTask', () =>
      this.client.send(
        new ecs.RunTaskCommand({
          cluster,
          taskDefinition: arn,
          count: 1,
          startedBy: task.startedBy,
          ...(task.launchType && { launchType: task.launchType }),
          ...(task.capacityProviderStrategy && {
            capacityProviderStrategy: task.capacityProviderStrategy.map((p) => ({
              capacityProvider: p.capacityProvider,
              ...(p.weight !== undefined && { weight: p.weight }),
              ...(p.base !== undefined && { base: p.base }),
            })),
          }),
          ...(task.propagateTags && { propagateTags: task.propagateTags }),
          ...(task.enableExecuteCommand && { enableExecuteCommand: true }),
          ...(network && { networkConfiguration: network }),
          ...(task.overrides && { overrides: task.overrides as ecs.TaskOverride }),
        }),
      ),
    );
    const failure = started.failures?.[0];
    const taskArn = started.tasks?.[0]?.taskArn;
    if (failure || !taskArn) {
      throw new AwsError(
        `ECS could not start the task (${this.where}): ${failure?.reason ?? 'no task returned'}${failure?.detail ? ` (${failure.detail})` : ''}`,
      );
    }
    const placement = task.capacityProviderStrategy
      ? ` on capacity providers ${task.capacityProviderStrategy.map((p) => p.capacityProvider).join(', ')}`
      : task.launchType
        ? ` on ${task.launchType}`
        : '';
    log(`started task ${taskArn}${placement} (started by ${task.startedBy}); waiting until it is ${task.waitFor}`);
    const waiter = task.waitFor === 'running' ? ecs.waitUntilTasksRunning : ecs.waitUntilTasksStopped;
    // Cut to end before the run's timeout, so this failure is what the step says.
    const bound = waitBound(waitTimeoutSeconds, 'wait-timeout');
    const maxWaitTime = Math.max(1, Math.floor((bound.deadline - Date.now()) / 1000));
    const forget = leftAsIs(
      () =>
        `- task ${taskArn} of ${revision} was started and goes on. Stop it: aws ecs stop-task --cluster ${cluster} --task ${taskArn}`,
    );
    try {
      await waiter(
        { client: this.client, maxWaitTime, ...pollDelays(Math.min(waitTimeoutSeconds, maxWaitTime)) },
        { cluster, tasks: [taskArn] },
      );
    } catch (error) {
      const state = await this.describeTask(taskArn);
      const logs = state?.lastStatus === 'STOPPED' ? await this.diagnostics.logLines([state]).catch(() => []) : [];
      throw new AwsError(
        [
          `task ${taskArn} did not become ${task.waitFor} within ${bound.byRun ? bound.said : `${waitTimeoutSeconds} s (wait-timeout)`}: it is ${state?.lastStatus ?? 'unknown'}` +
            (state?.stoppedReason ? `, stopped because: ${state.stoppedReason}` : ''),
          ...stoppedTaskLines(state?.lastStatus === 'STOPPED' ? [state] : []),
          ...logs,
        ].join('\n'),
        { cause: error },
      );
    } finally {
      forget();
    }
    const outputs = { 'ecs-task-definition-arn': arn, 'ecs-task-arn': taskArn };
    const shortId = taskArn.split('/').pop();
    if (task.waitFor === 'running') return { outputs, detail: `task ${shortId} running ${revision}` };

    const stopped = await this.describeTask(taskArn);
    const essential = new Map(
      (rendered.request.containerDefinitions ?? []).map((c) => [c.name, c.essential !== false]),
    );
    const containers = (stopped?.containers ?? []).map((c) => ({
      name: c.name ?? '?',
      essential: essential.get(c.name) ?? true,
      exitCode: c.exitCode,
      reason: c.reason,
    }));
    for (const c of containers)
      log(`container ${c.name}: exit code ${c.exitCode ?? 'none'}${c.reason ? ` (${c.reason})` : ''}`);
    const failed = taskFailure(containers, stopped?.stoppedReason);
    if (failed) {
      const logs = stopped ? await this.diagnostics.logLines([stopped]).catch(() => []) : [];
      throw new AwsError([`task ${taskArn} failed: ${failed}`, ...logs].join('\n'));
    }
    return { outputs, detail: `task ${shortId} of ${revision} exited 0` };
  }

  private async describeTask(taskArn: string): Promise<ecs.Task | undefined> {
    const described = await this.call('DescribeTasks', () =>
      this.client.send(new ecs.DescribeTasksCommand({ cluster: this.inputs.cluster, tasks: [taskArn] })),
    );
    return described.tasks?.[0];
  }
}
