/**
 * Blue/green through CodeDeploy, for an ECS service whose deployment controller is CODE_DEPLOY:
 * UpdateService cannot roll such a service out, so the new revision goes out as a CodeDeploy
 * deployment whose AppSpec names it and the container and port the service's load balancer sends
 * traffic to. CodeDeploy starts a replacement (green) task set, shifts traffic to it, and keeps or
 * ends the original (blue) one. prepare checks the application and deployment group before any
 * push; the wait is bounded by wait-timeout, and a deployment that does not succeed fails the step
 * with CodeDeploy's error information and which task set serves now.
 */
import { createHash } from 'node:crypto';
import * as codedeploy from '@aws-sdk/client-codedeploy';
import type * as ecs from '@aws-sdk/client-ecs';
import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { AwsError, awsClientConfig, explainAwsError } from '../../clouds/aws.js';
import { leftAsIs, waitBound } from '../../deadline.js';
import type { Log } from '../../oci/log.js';
import type { DeployResult } from '../runtime.js';
import { EcsSetupError } from './render.js';
import { consoleCodeDeployNames, type CodeDeployInputs } from './options.js';

export interface LoadBalancerTarget {
  readonly containerName: string;
  readonly containerPort: number;
}

/**
 * The container and port the service's load balancer sends traffic to (what the AppSpec's
 * LoadBalancerInfo must name), checked against the new revision so a mismatch fails before the push.
 */
export function loadBalancerTarget(
  service: Pick<ecs.Service, 'loadBalancers'>,
  request: Pick<RegisterTaskDefinitionRequest, 'containerDefinitions' | 'family'>,
  serviceName: string,
): LoadBalancerTarget {
  const balanced = (service.loadBalancers ?? []).find((lb) => lb.containerName && lb.containerPort !== undefined);
  if (!balanced) {
    throw new EcsSetupError(
      `the ECS service "${serviceName}" is deployed by CodeDeploy (blue/green) but has no load balancer with a container name and port: ` +
        'CodeDeploy shifts traffic between two target groups of a load balancer, so the service needs one. Nothing was pushed or registered',
    );
  }
  const name = balanced.containerName!;
  const port = balanced.containerPort!;
  const containers = request.containerDefinitions ?? [];
  const container = containers.find((c) => c.name === name);
  if (!container) {
    throw new EcsSetupError(
      `the load balancer of ECS service "${serviceName}" sends traffic to container "${name}" port ${port}, ` +
        `which the new revision of ${request.family} does not have; its containers are: ${containers.map((c) => c.name).join(', ')}`,
    );
  }
  if (!(container.portMappings ?? []).some((p) => p.containerPort === port)) {
    const ports = (container.portMappings ?? []).map((p) => p.containerPort).join(', ') || 'none';
    throw new EcsSetupError(
      `the load balancer of ECS service "${serviceName}" sends traffic to container "${name}" port ${port}, ` +
        `but that container maps no port ${port} in the new revision of ${request.family} (its container ports: ${ports})`,
    );
  }
  return { containerName: name, containerPort: port };
}

/** The AppSpec of an ECS deployment (JSON, as CodeDeploy accepts it), and its SHA-256. */
export function appSpec(taskDefinitionArn: string, target: LoadBalancerTarget): { content: string; sha256: string } {
  const resources = [
    {
      TargetService: {
        Type: 'AWS::ECS::Service',
        Properties: {
          TaskDefinition: taskDefinitionArn,
          LoadBalancerInfo: { ContainerName: target.containerName, ContainerPort: target.containerPort },
        },
      },
    },
  ];
  // "version: 0.0" is the AppSpec's one version; JSON.stringify would write 0.
  const content = `{"version":0.0,"Resources":${JSON.stringify(resources)}}`;
  return { content, sha256: createHash('sha256').update(content).digest('hex') };
}

/** Where a CodeDeploy deployment stands, as this step reads it. */
export type BlueGreenState =
  | { readonly kind: 'succeeded' }
  /** Traffic is on the replacement task set; CodeDeploy keeps the original until the termination wait ends. */
  | { readonly kind: 'serving' }
  /** The replacement task set is up; CodeDeploy waits for someone to continue (reroute traffic). */
  | { readonly kind: 'ready' }
  | { readonly kind: 'waiting'; readonly status: string }
  | { readonly kind: 'failed'; readonly status: 'Failed' | 'Stopped' };

export function readDeployment(info: codedeploy.DeploymentInfo | undefined): BlueGreenState {
  const status = info?.status ?? 'Created';
  if (status === 'Succeeded') return { kind: 'succeeded' };
  if (status === 'Failed' || status === 'Stopped') return { kind: 'failed', status };
  if (status === 'Ready') return { kind: 'ready' };
  if (info?.instanceTerminationWaitTimeStarted) return { kind: 'serving' };
  return { kind: 'waiting', status };
}

/** Which task set serves the service, read from ECS after the deployment: PRIMARY is the one the listener sends traffic to. */
export interface ServingState {
  readonly primaryTaskDefinition: string | undefined;
  /** The task set of the new revision, if ECS still has one. */
  readonly replacement: ecs.TaskSet | undefined;
  readonly error?: string;
}

export function servingState(service: ecs.Service | undefined, arn: string): ServingState {
  const sets = service?.taskSets ?? [];
  const primary = sets.find((s) => s.status === 'PRIMARY');
  return {
    primaryTaskDefinition: primary?.taskDefinition ?? service?.taskDefinition,
    replacement: sets.find((s) => s.taskDefinition === arn),
  };
}

const shortRevision = (arn: string | undefined) => arn?.split('/').pop() ?? '?';

/** The failed lifecycle events (hooks, traffic shifts) of a deployment's ECS target, one line each. */
export function lifecycleLines(targets: readonly codedeploy.DeploymentTarget[]): string[] {
  const lines: string[] = [];
  for (const target of targets) {
    for (const event of target.ecsTarget?.lifecycleEvents ?? []) {
      if (event.status !== 'Failed') continue;
      const d = event.diagnostics;
      lines.push(
        `lifecycle event ${event.lifecycleEventName ?? '?'} failed` +
          (d?.errorCode ? ` (${d.errorCode})` : '') +
          (d?.scriptName ? ` in ${d.scriptName}` : '') +
          (d?.message ? `: ${d.message}` : '') +
          (d?.logTail ? `\n    ${d.logTail.trim().split('\n').slice(-10).join('\n    ')}` : ''),
      );
    }
    for (const set of target.ecsTarget?.taskSetsInfo ?? []) {
      lines.push(
        `task set ${set.identifer ?? '?'} (${set.taskSetLabel ?? '?'}): ${set.status ?? '?'}, ` +
          `${set.runningCount ?? 0} of ${set.desiredCount ?? '?'} tasks running, traffic ${set.trafficWeight ?? 0}%`,
      );
    }
  }
  return lines;
}

export interface BlueGreenContext {
  readonly region: string;
  readonly cluster: string;
  readonly service: string;
  /** The new revision's ARN. */
  readonly arn: string;
  /** The task definition the service ran before. */
  readonly previous: string | undefined;
  readonly deploymentId: string;
  readonly application: string;
  readonly deploymentGroup: string;
}

/** The error for a deployment that did not succeed: what CodeDeploy said, what serves now, and why. */
export function blueGreenFailure(
  state: Exclude<BlueGreenState, { kind: 'succeeded' | 'serving' | 'ready' }>,
  info: codedeploy.DeploymentInfo | undefined,
  context: BlueGreenContext,
  serving: ServingState,
  evidence: readonly string[],
  /** The wait's bound: wait-timeout in seconds, or as waitBound() says it. */
  within: number | string,
): string {
  const { deploymentId, arn, service } = context;
  const lines: string[] = [];
  if (state.kind === 'failed') {
    const error = info?.errorInformation;
    lines.push(
      `the CodeDeploy deployment ${deploymentId} of ${shortRevision(arn)} to service ${service} ${state.status === 'Stopped' ? 'was stopped' : 'failed'}` +
        (error?.code || error?.message ? `: ${error.code ? `${error.code}: ` : ''}${error.message ?? ''}` : ''),
    );
    if (info?.rollbackInfo?.rollbackDeploymentId || info?.rollbackInfo?.rollbackMessage)
      lines.push(
        `CodeDeploy rolled back${info.rollbackInfo.rollbackDeploymentId ? ` (deployment ${info.rollbackInfo.rollbackDeploymentId})` : ''}` +
          (info.rollbackInfo.rollbackMessage ? `: ${info.rollbackInfo.rollbackMessage}` : ''),
      );
  } else {
    lines.push(
      `the CodeDeploy deployment ${deploymentId} of ${shortRevision(arn)} to service ${service} did not finish within ${typeof within === 'number' ? `${within} s (wait-timeout)` : within}` +
        `: it is ${state.status}. CodeDeploy goes on with it; to stop it and go back to the original task set: ` +
        `aws deploy stop-deployment --deployment-id ${deploymentId} --auto-rollback-enabled`,
    );
  }
  if (serving.error) lines.push(`Which task set serves could not be read (${serving.error}).`);
  else if (serving.primaryTaskDefinition && serving.primaryTaskDefinition !== arn) {
    lines.push(
      `The original task set (${shortRevision(serving.primaryTaskDefinition)}) still serves the service's traffic` +
        (state.kind === 'failed'
          ? serving.replacement
            ? `; the replacement task set of ${shortRevision(arn)} is ${serving.replacement.status ?? 'still there'} and gets no production traffic.`
            : '; the replacement task set is gone.'
          : ' while the deployment goes on.'),
    );
  } else if (serving.primaryTaskDefinition === arn) {
    lines.push(
      `The service's primary task set runs the new revision ${shortRevision(arn)}: CodeDeploy did not roll back ` +
        `(turn on automatic rollback when a deployment fails in deployment group ${context.deploymentGroup}). ` +
        (context.previous
          ? `To go back, deploy the previous revision ${shortRevision(context.previous)} again.`
          : 'To go back, deploy the previous revision again.'),
    );
  }
  lines.push(...evidence);
  lines.push(
    `The deployment in the console: https://${context.region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${context.region}`,
  );
  return lines.join('\n');
}

/** How often to poll: short timeouts poll more often (15 s at most). */
function pollSeconds(timeoutSeconds: number): number {
  return Math.max(1, Math.min(15, Math.floor(timeoutSeconds / 20)));
}

export interface BlueGreenHost {
  readonly region: string;
  readonly cluster: string;
  readonly where: string;
  readonly waitForStability: boolean;
  readonly waitTimeoutSeconds: number;
  /** Registers the new revision. */
  register(log: Log): Promise<ecs.TaskDefinition>;
  /** DescribeServices of this service. */
  describeService(): Promise<ecs.Service | undefined>;
  /** Why the new revision's tasks did not come up (service events, stopped tasks, their last log lines). */
  evidence(arn: string, family: string, since: Date): Promise<string[]>;
}

export interface PreparedBlueGreen {
  readonly plan: readonly string[];
  deploy(log: Log): Promise<DeployResult>;
  /** Closes the CodeDeploy client's connections. */
  close(): void;
}

/**
 * Reads the CodeDeploy application and deployment group (they must exist, be ECS, and deploy this
 * service) and no deployment may be under way in the group; returns the plan and the deploy.
 */
export async function prepareBlueGreen(
  host: BlueGreenHost,
  service: ecs.Service,
  serviceName: string,
  request: RegisterTaskDefinitionRequest,
  names: CodeDeployInputs,
): Promise<PreparedBlueGreen> {
  const defaults = consoleCodeDeployNames(host.cluster, serviceName);
  const application = names.application ?? defaults.application;
  const deploymentGroup = names.deploymentGroup ?? defaults.deploymentGroup;
  const target = loadBalancerTarget(service, request, serviceName);
  const client = new codedeploy.CodeDeployClient({ region: host.region, ...awsClientConfig() });
  const where = `region ${host.region}`;
  const call = async <T>(action: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'ApplicationDoesNotExistException')
        throw new EcsSetupError(
          `the CodeDeploy application "${application}" does not exist in ${where} (codedeploy-application${names.application ? '' : `, default AppECS-CLUSTER-SERVICE`}): ` +
            `service ${serviceName} is deployed by CodeDeploy, so name the application that deploys it. Nothing was pushed or registered`,
        );
      if (name === 'DeploymentGroupDoesNotExistException')
        throw new EcsSetupError(
          `the CodeDeploy deployment group "${deploymentGroup}" does not exist in application ${application} (${where}; codedeploy-deployment-group${names.deploymentGroup ? '' : ', default DgpECS-CLUSTER-SERVICE'}). Nothing was pushed or registered`,
        );
      if (name === 'DeploymentLimitExceededException')
        throw new AwsError(
          `another deployment started in CodeDeploy deployment group "${deploymentGroup}" while this step ran, and CodeDeploy runs one at a time: ` +
            `${(error as Error).message}. This step's revision was registered but not deployed; service ${serviceName} was not changed. ` +
            'Run the step again once that deployment is done',
          { cause: error },
        );
      throw explainAwsError(error, `codedeploy:${action}`, `application ${application}, ${where}`);
    }
  };
  try {
    const app = await call('GetApplication', () =>
      client.send(new codedeploy.GetApplicationCommand({ applicationName: application })),
    );
    const platform = app.application?.computePlatform;
    if (platform && platform !== 'ECS')
      throw new EcsSetupError(
        `the CodeDeploy application "${application}" (${where}) deploys to ${platform}, not ECS (codedeploy-application)`,
      );
    const group = (
      await call('GetDeploymentGroup', () =>
        client.send(
          new codedeploy.GetDeploymentGroupCommand({
            applicationName: application,
            deploymentGroupName: deploymentGroup,
          }),
        ),
      )
    ).deploymentGroupInfo;
    const clusterName = host.cluster.split('/').pop();
    const services = group?.ecsServices ?? [];
    if (!services.some((s) => s.serviceName === serviceName && s.clusterName?.split('/').pop() === clusterName)) {
      throw new EcsSetupError(
        `the CodeDeploy deployment group "${deploymentGroup}" (application ${application}) deploys ` +
          (services.length
            ? services.map((s) => `service ${s.serviceName} in cluster ${s.clusterName}`).join(', ')
            : 'no ECS service') +
          `, not service ${serviceName} in cluster ${clusterName} (codedeploy-deployment-group)`,
      );
    }
    const active = await call('ListDeployments', () =>
      client.send(
        new codedeploy.ListDeploymentsCommand({
          applicationName: application,
          deploymentGroupName: deploymentGroup,
          includeOnlyStatuses: ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'],
        }),
      ),
    );
    const busy = active.deployments?.[0];
    if (busy) {
      throw new EcsSetupError(
        `the CodeDeploy deployment group "${deploymentGroup}" already has deployment ${busy} under way, and CodeDeploy runs one at a time: ` +
          `wait for it, or stop it (aws deploy stop-deployment --deployment-id ${busy} --auto-rollback-enabled). Nothing was pushed or registered`,
      );
    }
    const bg = group?.blueGreenDeploymentConfiguration;
    const termination = bg?.terminateBlueInstancesOnDeploymentSuccess;
    const plan = [
      `service ${serviceName} is deployed by CodeDeploy (blue/green): application ${application}, deployment group ${deploymentGroup}` +
        (group?.deploymentConfigName ? `, ${group.deploymentConfigName}` : ''),
      `would register the new revision and create a CodeDeploy deployment of it (load balancer container ${target.containerName}, port ${target.containerPort})` +
        (host.waitForStability
          ? `, and wait until the replacement task set serves the traffic (at most ${host.waitTimeoutSeconds} s)`
          : ''),
    ];
    if (bg?.deploymentReadyOption?.actionOnTimeout === 'STOP_DEPLOYMENT')
      plan.push('the deployment group waits for someone to continue the deployment before traffic moves');
    if (termination?.action === 'TERMINATE')
      plan.push(
        `CodeDeploy ends the original task set ${termination.terminationWaitTimeInMinutes ?? 0} min after traffic moves`,
      );
    return {
      plan,
      close: () => client.destroy(),
      deploy: (log) =>
        deployBlueGreen(
          host,
          client,
          call,
          { application, deploymentGroup, serviceName, target, service, request },
          log,
        ),
    };
  } catch (error) {
    client.destroy();
    throw error;
  }
}

interface Deployment {
  readonly application: string;
  readonly deploymentGroup: string;
  readonly serviceName: string;
  readonly target: LoadBalancerTarget;
  readonly service: ecs.Service;
  readonly request: RegisterTaskDefinitionRequest;
}

async function deployBlueGreen(
  host: BlueGreenHost,
  client: codedeploy.CodeDeployClient,
  call: <T>(action: string, send: () => Promise<T>) => Promise<T>,
  deployment: Deployment,
  log: Log,
): Promise<DeployResult> {
  const { application, deploymentGroup, serviceName, target } = deployment;
  const registered = await host.register(log);
  const arn = registered.taskDefinitionArn!;
  const revision = `${registered.family}:${registered.revision}`;
  const spec = appSpec(arn, target);
  const createdAt = new Date();
  const created = await call('CreateDeployment', () =>
    client.send(
      new codedeploy.CreateDeploymentCommand({
        applicationName: application,
        deploymentGroupName: deploymentGroup,
        revision: { revisionType: 'AppSpecContent', appSpecContent: spec },
        description: `Portable Deploy: ${revision}`.slice(0, 100),
      }),
    ),
  );
  const deploymentId = created.deploymentId!;
  log(
    `created CodeDeploy deployment ${deploymentId} of ${revision} (application ${application}, group ${deploymentGroup})`,
  );
  const outputs = { 'ecs-task-definition-arn': arn, 'ecs-deployment-id': deploymentId };
  if (!host.waitForStability)
    return {
      outputs,
      detail: `service ${serviceName} → ${revision} through CodeDeploy ${deploymentId} (not waited for)`,
    };

  const context: BlueGreenContext = {
    region: host.region,
    cluster: host.cluster,
    service: serviceName,
    arn,
    previous: deployment.service.taskDefinition,
    deploymentId,
    application,
    deploymentGroup,
  };
  log(`waiting for CodeDeploy deployment ${deploymentId} (at most ${host.waitTimeoutSeconds} s)`);
  // Cut to end before the run's timeout, so this failure (and the command to go back) is what the step says.
  const bound = waitBound(host.waitTimeoutSeconds, 'wait-timeout');
  const { deadline } = bound;
  const forget = leftAsIs(
    () =>
      `- CodeDeploy deployment ${deploymentId} of ${revision} to service ${serviceName} goes on. To stop it and go back to the original task set: aws deploy stop-deployment --deployment-id ${deploymentId} --auto-rollback-enabled`,
  );
  try {
    return await waitForBlueGreen();
  } finally {
    forget();
  }
  async function waitForBlueGreen(): Promise<DeployResult> {
    let lastStatus = '';
    for (;;) {
      const info = (
        await call('GetDeployment', () => client.send(new codedeploy.GetDeploymentCommand({ deploymentId })))
      ).deploymentInfo;
      const state = readDeployment(info);
      if (info?.status && info.status !== lastStatus) {
        lastStatus = info.status;
        log(`CodeDeploy deployment ${deploymentId}: ${info.status}`);
      }
      if (state.kind === 'succeeded' || state.kind === 'serving' || state.kind === 'ready') {
        const serving = await readServing(host, arn);
        const ok =
          state.kind === 'ready'
            ? serving.replacement !== undefined
            : serving.primaryTaskDefinition === arn || serving.error !== undefined;
        if (!ok) {
          throw new AwsError(
            `CodeDeploy reports deployment ${deploymentId} ${info?.status}, but ECS service ${serviceName} ` +
              (state.kind === 'ready'
                ? `has no task set of ${revision}`
                : `serves ${shortRevision(serving.primaryTaskDefinition)}, not ${revision}`) +
              ` (${host.where})`,
          );
        }
        if (serving.error !== undefined && state.kind !== 'ready')
          // CodeDeploy's word stands, but the step says it could not check it itself.
          log(
            `warning: could not read which task set of ECS service ${serviceName} serves (${serving.error}); CodeDeploy reports ${info?.status}, which is taken as ${revision} serving`,
          );
        if (state.kind === 'ready') {
          log(
            `the replacement task set of ${revision} is up; CodeDeploy waits for the deployment to be continued before it moves traffic ` +
              `(aws deploy continue-deployment --deployment-id ${deploymentId})`,
          );
          return {
            outputs,
            detail: `service ${serviceName}: ${revision} ready, traffic not moved yet (CodeDeploy ${deploymentId})`,
          };
        }
        if (state.kind === 'serving')
          log(
            `traffic is on ${revision}; CodeDeploy keeps the original task set until its termination wait ends ` +
              `(until then, aws deploy stop-deployment --deployment-id ${deploymentId} --auto-rollback-enabled goes back)`,
          );
        return { outputs, detail: `service ${serviceName} → ${revision} through CodeDeploy ${deploymentId}` };
      }
      if (state.kind === 'failed' || Date.now() >= deadline) {
        const [serving, targets, evidence] = await Promise.all([
          readServing(host, arn),
          readTargets(client, deploymentId),
          host
            .evidence(arn, registered.family!, createdAt)
            .catch((error: Error) => [`Why the tasks stopped could not be read (${error.message})`]),
        ]);
        throw new AwsError(
          blueGreenFailure(
            state,
            info,
            context,
            serving,
            [...targets, ...evidence],
            bound.byRun ? bound.said : host.waitTimeoutSeconds,
          ),
        );
      }
      const delay = pollSeconds(host.waitTimeoutSeconds) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(delay, deadline - Date.now()))));
    }
  }
}

async function readServing(host: BlueGreenHost, arn: string): Promise<ServingState> {
  try {
    return servingState(await host.describeService(), arn);
  } catch (error) {
    return { primaryTaskDefinition: undefined, replacement: undefined, error: (error as Error).message };
  }
}

/** The deployment's ECS target: its failed lifecycle events and task sets (codedeploy:ListDeploymentTargets, BatchGetDeploymentTargets). */
async function readTargets(client: codedeploy.CodeDeployClient, deploymentId: string): Promise<string[]> {
  try {
    const ids = (await client.send(new codedeploy.ListDeploymentTargetsCommand({ deploymentId }))).targetIds ?? [];
    if (ids.length === 0) return [];
    const targets =
      (
        await client.send(
          new codedeploy.BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: ids.slice(0, 25) }),
        )
      ).deploymentTargets ?? [];
    return lifecycleLines(targets);
  } catch (error) {
    return [`The deployment's lifecycle events could not be read (${(error as Error).message})`];
  }
}
