/**
 * Scheduled ECS tasks: an EventBridge rule or an EventBridge Scheduler schedule whose ECS target
 * runs a task family. The new revision is registered and the target's task definition moves to it;
 * everything else on the target (network, launch type, overrides, role, retry policy, dead-letter
 * queue…) and on the schedule is kept. PutTargets replaces a target whole and UpdateSchedule a
 * schedule whole, so both are written back as read, with only the task definition changed, and
 * read again to check the change holds.
 */
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import {
  GetScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleOutput,
} from '@aws-sdk/client-scheduler';
import { AwsError, awsClientConfig, explainAwsError } from '../../clouds/aws.js';
import type { Log } from '../../oci/log.js';
import { EcsSetupError } from './render.js';
import { describeScheduledTask, type ScheduledTaskRef } from './options.js';

/** The family of a task definition ARN or family[:revision]. */
export function familyOf(taskDefinition: string): string {
  return taskDefinition.split('/').pop()!.split(':')[0]!;
}

const clusterName = (arn: string | undefined) => arn?.split('/').pop();

/** An ECS target of a rule or schedule: its id (rules), cluster and task definition. */
export interface EcsTargetView {
  readonly id: string;
  readonly cluster: string | undefined;
  readonly taskDefinition: string;
}

/**
 * The ECS targets that run `family` (all ECS targets when no family is asked for), checked against
 * the cluster; a problem when there is none or they disagree.
 */
export function chooseTargets(
  targets: readonly EcsTargetView[],
  family: string | undefined,
  cluster: string,
  what: string,
): EcsTargetView[] {
  if (targets.length === 0)
    throw new EcsSetupError(`${what} has no ECS target (ecs-scheduled-task): its targets do not run ECS tasks`);
  const families = [...new Set(targets.map((t) => familyOf(t.taskDefinition)))];
  let chosen: EcsTargetView[];
  if (family !== undefined) {
    chosen = targets.filter((t) => familyOf(t.taskDefinition) === family);
    if (chosen.length === 0)
      throw new EcsSetupError(
        `${what} runs task famil${families.length > 1 ? 'ies' : 'y'} ${families.join(', ')}, not ${family} (ecs-task-definition): ` +
          'a scheduled task moves to a new revision of the family it runs',
      );
  } else {
    if (families.length > 1)
      throw new EcsSetupError(
        `${what} has ECS targets of several task families (${families.join(', ')}): set ecs-task-definition to the one this image is for`,
      );
    chosen = [...targets];
  }
  const wanted = clusterName(cluster);
  const elsewhere = chosen.filter((t) => t.cluster !== undefined && t.cluster !== wanted);
  if (elsewhere.length > 0)
    throw new EcsSetupError(
      `${what} runs ${familyOf(chosen[0]!.taskDefinition)} in cluster ${elsewhere[0]!.cluster}, not in ${wanted} (ecs-cluster)`,
    );
  return chosen;
}

export interface ScheduledHost {
  readonly region: string;
  readonly cluster: string;
  readonly where: string;
}

export interface PreparedScheduled {
  /** The task definition the target runs now: the base of the new revision unless ecs-task-definition names one. */
  readonly current: string;
  readonly plan: readonly string[];
  /** Moves the chosen targets to `arn` and checks they hold it. */
  move(arn: string, log: Log): Promise<string>;
  close(): void;
}

/**
 * Reads the rule's or schedule's ECS target (before any push): it must exist, run ECS tasks of
 * `family` (when known) in the cluster.
 */
export async function prepareScheduled(
  host: ScheduledHost,
  ref: ScheduledTaskRef,
  family: string | undefined,
): Promise<PreparedScheduled> {
  return ref.kind === 'rule' ? prepareRule(host, ref, family) : prepareSchedule(host, ref, family);
}

function notFound(error: unknown): boolean {
  return (error as { name?: string }).name === 'ResourceNotFoundException';
}

/** One EventBridge or Scheduler call: a missing rule or schedule is a setup error found before the push. */
function awsCall(what: string, service: 'events' | 'scheduler') {
  return async <T>(action: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      if (notFound(error))
        throw new EcsSetupError(`${what} does not exist (ecs-scheduled-task). Nothing was pushed or registered`);
      throw explainAwsError(error, `${service}:${action}`, what);
    }
  };
}

async function prepareRule(
  host: ScheduledHost,
  ref: Extract<ScheduledTaskRef, { kind: 'rule' }>,
  family: string | undefined,
): Promise<PreparedScheduled> {
  const client = new EventBridgeClient({ region: host.region, ...awsClientConfig() });
  const what = `${describeScheduledTask(ref)} (region ${host.region})`;
  const call = awsCall(what, 'events');
  const bus = ref.eventBus !== undefined ? { EventBusName: ref.eventBus } : {};
  const listTargets = async (): Promise<Target[]> => {
    const targets: Target[] = [];
    let token: string | undefined;
    // A rule has at most 5 targets; the bound only guards against a paging loop.
    for (let page = 0; page < 10; page++) {
      const answer = await call('ListTargetsByRule', () =>
        client.send(new ListTargetsByRuleCommand({ Rule: ref.name, ...bus, ...(token && { NextToken: token }) })),
      );
      targets.push(...(answer.Targets ?? []));
      token = answer.NextToken;
      if (!token) break;
    }
    return targets;
  };
  try {
    const rule = await call('DescribeRule', () => client.send(new DescribeRuleCommand({ Name: ref.name, ...bus })));
    const targets = await listTargets();
    const views = targets
      .filter((t) => t.EcsParameters?.TaskDefinitionArn)
      .map((t) => ({ id: t.Id!, cluster: clusterName(t.Arn), taskDefinition: t.EcsParameters!.TaskDefinitionArn! }));
    const chosen = chooseTargets(views, family, host.cluster, what);
    const ids = new Set(chosen.map((t) => t.id));
    return {
      current: chosen[0]!.taskDefinition,
      plan: [
        `${what} (${rule.ScheduleExpression ?? rule.EventPattern ?? 'no schedule'}, ${rule.State ?? '?'}) runs ` +
          chosen.map((t) => `${t.taskDefinition.split('/').pop()} (target ${t.id})`).join(', '),
        `would point ${chosen.length > 1 ? 'those targets' : 'that target'} at the new revision, keeping the rest of ${chosen.length > 1 ? 'them' : 'it'}`,
      ],
      close: () => client.destroy(),
      move: async (arn, log) => {
        // Read again: whatever changed on the targets since prepare is kept too.
        const fresh = (await listTargets()).filter((t) => ids.has(t.Id!));
        if (fresh.length !== ids.size)
          throw new AwsError(
            `${what}: its ECS targets changed while this step ran; nothing was moved. Run the step again`,
          );
        const moved = fresh.map((t) => ({ ...t, EcsParameters: { ...t.EcsParameters!, TaskDefinitionArn: arn } }));
        const put = await call('PutTargets', () =>
          client.send(new PutTargetsCommand({ Rule: ref.name, ...bus, Targets: moved })),
        );
        if (put.FailedEntryCount) {
          const failures = (put.FailedEntries ?? []).map(
            (f) => `target ${f.TargetId}: ${f.ErrorCode} ${f.ErrorMessage}`,
          );
          throw new AwsError(`${what}: PutTargets refused ${failures.join('; ')}`);
        }
        const check = (await listTargets()).filter((t) => ids.has(t.Id!));
        const stale = check.filter((t) => t.EcsParameters?.TaskDefinitionArn !== arn);
        if (stale.length)
          throw new AwsError(
            `${what}: after PutTargets, target ${stale.map((t) => t.Id).join(', ')} still runs ${stale[0]!.EcsParameters?.TaskDefinitionArn}`,
          );
        log(`${what}: target ${[...ids].join(', ')} now runs ${arn.split('/').pop()}`);
        return `${describeScheduledTask(ref)} → ${arn.split('/').pop()}`;
      },
    };
  } catch (error) {
    client.destroy();
    throw error;
  }
}

async function prepareSchedule(
  host: ScheduledHost,
  ref: Extract<ScheduledTaskRef, { kind: 'schedule' }>,
  family: string | undefined,
): Promise<PreparedScheduled> {
  const client = new SchedulerClient({ region: host.region, ...awsClientConfig() });
  const what = `${describeScheduledTask(ref)} (region ${host.region})`;
  const call = awsCall(what, 'scheduler');
  const get = () =>
    call('GetSchedule', () => client.send(new GetScheduleCommand({ Name: ref.name, GroupName: ref.group })));
  try {
    const schedule = await get();
    const target = schedule.Target;
    const view = target?.EcsParameters?.TaskDefinitionArn
      ? [{ id: ref.name, cluster: clusterName(target.Arn), taskDefinition: target.EcsParameters.TaskDefinitionArn }]
      : [];
    const [chosen] = chooseTargets(view, family, host.cluster, what);
    return {
      current: chosen!.taskDefinition,
      plan: [
        `${what} (${schedule.ScheduleExpression ?? '?'}, ${schedule.State ?? '?'}) runs ${chosen!.taskDefinition.split('/').pop()}`,
        'would point its target at the new revision, keeping the rest of the schedule',
      ],
      close: () => client.destroy(),
      move: async (arn, log) => {
        const fresh = await get();
        if (fresh.Target?.EcsParameters?.TaskDefinitionArn !== chosen!.taskDefinition)
          throw new AwsError(
            `${what}: its target changed while this step ran (it runs ${fresh.Target?.EcsParameters?.TaskDefinitionArn ?? 'no ECS task'} now); nothing was moved. Run the step again`,
          );
        await call('UpdateSchedule', () => client.send(new UpdateScheduleCommand(updateRequest(fresh, arn))));
        const check = await get();
        if (check.Target?.EcsParameters?.TaskDefinitionArn !== arn)
          throw new AwsError(
            `${what}: after UpdateSchedule, its target runs ${check.Target?.EcsParameters?.TaskDefinitionArn}, not ${arn}`,
          );
        log(`${what} now runs ${arn.split('/').pop()}`);
        return `${describeScheduledTask(ref)} → ${arn.split('/').pop()}`;
      },
    };
  } catch (error) {
    client.destroy();
    throw error;
  }
}

/** UpdateSchedule replaces the schedule: every field is sent back as read, the target's task definition changed. */
export function updateRequest(
  schedule: GetScheduleOutput,
  arn: string,
): ConstructorParameters<typeof UpdateScheduleCommand>[0] {
  const target = schedule.Target!;
  return {
    Name: schedule.Name!,
    GroupName: schedule.GroupName,
    ScheduleExpression: schedule.ScheduleExpression!,
    FlexibleTimeWindow: schedule.FlexibleTimeWindow!,
    Target: { ...target, EcsParameters: { ...target.EcsParameters!, TaskDefinitionArn: arn } },
    ...(schedule.Description !== undefined && { Description: schedule.Description }),
    ...(schedule.ScheduleExpressionTimezone !== undefined && {
      ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone,
    }),
    ...(schedule.StartDate !== undefined && { StartDate: schedule.StartDate }),
    ...(schedule.EndDate !== undefined && { EndDate: schedule.EndDate }),
    ...(schedule.State !== undefined && { State: schedule.State }),
    ...(schedule.KmsKeyArn !== undefined && { KmsKeyArn: schedule.KmsKeyArn }),
    ...(schedule.ActionAfterCompletion !== undefined && { ActionAfterCompletion: schedule.ActionAfterCompletion }),
  };
}
