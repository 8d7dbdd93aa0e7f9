/**
 * Reading an ECS service rollout: where it stands (stable, still going, failed, replaced) and, when
 * it did not succeed, why (the service's latest events, the stopped tasks' reasons) and what ECS
 * does next. Pure, so every rule is unit-tested; ecs.ts does the calls.
 */
import type { Deployment, DeploymentCircuitBreaker, Service, ServiceEvent, Task } from '@aws-sdk/client-ecs';

export type Rollout =
  | { readonly kind: 'stable' }
  | { readonly kind: 'waiting'; readonly deployment: Deployment | undefined }
  /** The deployment's rolloutState is FAILED (the circuit breaker stopped it); ECS may be rolling back. */
  | { readonly kind: 'failed'; readonly deployment: Deployment; readonly rolledBackTo: string | undefined }
  /** Another task definition is PRIMARY: a rollback, or another deployment took over. */
  | { readonly kind: 'replaced'; readonly deployment: Deployment | undefined; readonly by: string }
  | { readonly kind: 'gone'; readonly status: string };

/** Where the rollout of `arn` (deployment `deploymentId`) stands in a DescribeServices answer. */
export function readRollout(service: Service | undefined, arn: string, deploymentId: string): Rollout {
  if (!service || service.status !== 'ACTIVE') return { kind: 'gone', status: service?.status ?? 'MISSING' };
  const deployments = service.deployments ?? [];
  const ours =
    deployments.find((d) => deploymentId !== '' && d.id === deploymentId) ??
    deployments.find((d) => d.taskDefinition === arn);
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const elsewhere = primary?.taskDefinition !== undefined && primary.taskDefinition !== arn;
  if (ours?.rolloutState === 'FAILED')
    return { kind: 'failed', deployment: ours, rolledBackTo: elsewhere ? primary.taskDefinition : undefined };
  if (elsewhere) return { kind: 'replaced', deployment: ours, by: primary.taskDefinition! };
  // The SDK's services-stable waiter's test: one deployment left, as many tasks running as desired.
  if (deployments.length === 1 && service.runningCount === service.desiredCount) return { kind: 'stable' };
  return { kind: 'waiting', deployment: ours };
}

export interface RolloutContext {
  readonly cluster: string;
  readonly service: string;
  /** The new revision's ARN. */
  readonly arn: string;
  /** The task definition the service ran before this deploy: where a manual rollback goes. */
  readonly previous: string | undefined;
  readonly circuitBreaker: DeploymentCircuitBreaker | undefined;
}

function counts(deployment: Deployment | undefined): string {
  if (!deployment) return '';
  const failed = deployment.failedTasks ? `, ${deployment.failedTasks} failed to start` : '';
  return ` with ${deployment.runningCount ?? 0} of ${deployment.desiredCount ?? '?'} tasks running${failed}`;
}

function rollbackCommand(context: RolloutContext): string {
  return context.previous
    ? `To go back: aws ecs update-service --cluster ${context.cluster} --service ${context.service} --task-definition ${context.previous}`
    : 'To go back, update the service to the task definition it ran before';
}

/** What ECS does after this step ends, said truthfully for each case, and how to roll back by hand. */
export function afterwards(rollout: Rollout, context: RolloutContext): string {
  const breaker = context.circuitBreaker;
  switch (rollout.kind) {
    case 'failed':
      if (rollout.rolledBackTo) return 'ECS rolls back on its own (deployment circuit breaker with rollback).';
      return (
        `ECS stopped launching tasks of ${context.arn} and does not roll back (the circuit breaker's rollback is off): ` +
        `the service stays on it, with whatever tasks of the previous deployment still run. ${rollbackCommand(context)}`
      );
    case 'replaced':
      return `The service now runs ${rollout.by}, not this revision.`;
    case 'gone':
      return '';
    default:
      if (breaker?.enable && breaker.rollback)
        return 'ECS goes on with the deployment; if it fails, the circuit breaker rolls the service back to the last completed deployment.';
      return (
        (breaker?.enable
          ? 'ECS goes on with the deployment; if it fails, the circuit breaker stops it without rolling back. '
          : `The service has no deployment circuit breaker: ECS keeps trying to start tasks of ${context.arn}. `) +
        rollbackCommand(context)
      );
  }
}

/** The service's events since `since` (ECS lists them newest first), at most `max`. */
export function recentEvents(events: readonly ServiceEvent[] | undefined, since: Date, max = 5): string[] {
  return (events ?? [])
    .filter((e) => e.message && (!e.createdAt || new Date(e.createdAt).getTime() >= since.getTime()))
    .slice(0, max)
    .map((e) => `${e.createdAt ? new Date(e.createdAt).toISOString() : '?'} ${e.message}`);
}

/** One line per stopped task, newest first: why it stopped and how each container ended. */
export function stoppedTaskLines(tasks: readonly Task[], max = 3): string[] {
  const time = (t: Task) => (t.stoppedAt ? new Date(t.stoppedAt).getTime() : 0);
  return [...tasks]
    .sort((a, b) => time(b) - time(a))
    .slice(0, max)
    .map((task) => {
      const id = task.taskArn?.split('/').pop() ?? '?';
      const revision = task.taskDefinitionArn?.split('/').pop() ?? '?';
      const containers = (task.containers ?? [])
        .filter((c) => c.exitCode !== undefined || c.reason)
        .map(
          (c) =>
            `container ${c.name ?? '?'} ${c.exitCode === undefined ? 'has no exit code' : `exited ${c.exitCode}`}` +
            (c.reason ? ` (${c.reason})` : ''),
        );
      return [`task ${id} (${revision}) stopped: ${task.stoppedReason || 'no reason given'}`, ...containers].join('; ');
    });
}

export interface RolloutEvidence {
  readonly events: readonly string[];
  readonly stoppedTasks: readonly string[];
  /** Why the stopped tasks could not be read, if they could not. */
  readonly stoppedTasksError?: string;
  /** The newest stopped task's last log lines (CloudWatch Logs), or where to find them. */
  readonly logs?: readonly string[];
}

/** The error for a rollout that did not succeed: what happened, what ECS does next, and why. */
export function rolloutFailure(
  rollout: Exclude<Rollout, { kind: 'stable' }>,
  context: RolloutContext,
  evidence: RolloutEvidence,
  /** The wait's bound: wait-timeout in seconds, or as waitBound() says it. */
  within: number | string,
): string {
  const { arn, service } = context;
  let headline: string;
  switch (rollout.kind) {
    case 'failed':
      headline =
        `the deployment of ${arn} to service ${service} failed` +
        (rollout.deployment.rolloutStateReason ? `: ${rollout.deployment.rolloutStateReason}` : '') +
        (rollout.rolledBackTo ? `; ECS rolled the service back to ${rollout.rolledBackTo}` : '') +
        ` (deployment ${rollout.deployment.id ?? '?'}${counts(rollout.deployment)})`;
      break;
    case 'replaced':
      headline = `the deployment of ${arn} to service ${service} did not hold: the service's primary deployment runs ${rollout.by}`;
      break;
    case 'gone':
      headline = `service ${service} became ${rollout.status} while waiting for the deployment of ${arn}`;
      break;
    default:
      headline =
        `service ${service} did not become stable within ${typeof within === 'number' ? `${within} s (wait-timeout)` : within}: deployment ` +
        `${rollout.deployment?.id ?? '?'} is ${rollout.deployment?.rolloutState ?? 'in progress'}${counts(rollout.deployment)}`;
  }
  const lines = [headline];
  const next = afterwards(rollout, context);
  if (next) lines.push(next);
  lines.push(
    evidence.events.length
      ? 'Latest service events:'
      : 'Latest service events: none since the update (see the service in the ECS console)',
  );
  lines.push(...evidence.events.map((e) => `  ${e}`));
  if (evidence.stoppedTasksError) lines.push(`Stopped tasks: could not be read (${evidence.stoppedTasksError})`);
  else if (evidence.stoppedTasks.length) {
    lines.push('Stopped tasks of this deployment:', ...evidence.stoppedTasks.map((t) => `  ${t}`));
    lines.push(...(evidence.logs ?? []));
  } else lines.push('Stopped tasks of this deployment: none');
  return lines.join('\n');
}
