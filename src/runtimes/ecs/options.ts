/**
 * The ECS runtime's inputs for the other ways a new revision reaches users: a CodeDeploy blue/green
 * deployment (codedeploy-application, codedeploy-deployment-group) and a scheduled task
 * (ecs-scheduled-task: an EventBridge rule or an EventBridge Scheduler schedule). No SDK here: the
 * inputs are read on every run.
 */
import type { InputContext } from '../../input-reader.js';

/** The CodeDeploy application and deployment group a CODE_DEPLOY service deploys through; undefined: the console's names. */
export interface CodeDeployInputs {
  readonly application: string | undefined;
  readonly deploymentGroup: string | undefined;
}

/** What ecs-scheduled-task names. */
export type ScheduledTaskRef =
  | { readonly kind: 'rule'; readonly name: string; readonly eventBus: string | undefined }
  | { readonly kind: 'schedule'; readonly group: string; readonly name: string };

/** The names the ECS console gives the CodeDeploy application and group it creates for a blue/green service. */
export function consoleCodeDeployNames(
  cluster: string,
  service: string,
): { application: string; deploymentGroup: string } {
  // The console names them after the cluster and service names (not ARNs).
  const name = (text: string) => text.split('/').pop()!;
  return {
    application: `AppECS-${name(cluster)}-${name(service)}`,
    deploymentGroup: `DgpECS-${name(cluster)}-${name(service)}`,
  };
}

// CodeDeploy: application and deployment group names are 1-100 characters.
const CODEDEPLOY_NAME = /^[A-Za-z0-9_.+@=,-]{1,100}$/;
// EventBridge rule names: 1-64 of [.\-_A-Za-z0-9]; event bus names (or ARNs) up to 256 characters.
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const EVENT_BUS = /^[/.\-_A-Za-z0-9]{1,256}$/;
// EventBridge Scheduler: schedule and group names are 1-64 of [0-9a-zA-Z-_.].
const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;

export function readCodeDeployInputs(ctx: InputContext): CodeDeployInputs {
  const read = (input: string) => {
    const value = ctx.text(input);
    if (value !== undefined && !CODEDEPLOY_NAME.test(value))
      ctx.problem(input, `"${value}" is not a CodeDeploy name (1-100 letters, digits and _.+@=,-)`);
    return value;
  };
  return { application: read('codedeploy-application'), deploymentGroup: read('codedeploy-deployment-group') };
}

/**
 * ecs-scheduled-task: `rule/NAME` or `NAME` (an EventBridge rule on the default event bus),
 * `rule/BUS/NAME` (on another event bus), or `schedule/GROUP/NAME` / `schedule/NAME` (an EventBridge
 * Scheduler schedule, in group `default` when none is given); each also as its ARN.
 */
export function readScheduledTask(ctx: InputContext): ScheduledTaskRef | undefined {
  const given = ctx.text('ecs-scheduled-task');
  if (given === undefined) return undefined;
  const example = 'nightly-report, rule/BUS/nightly-report, or schedule/GROUP/NAME';
  const arn = /^arn:aws[a-z-]*:(events|scheduler):[a-z0-9-]+:\d{12}:(.+)$/.exec(given);
  const value = arn ? arn[2]! : given;
  if (arn && !value.startsWith(arn[1] === 'events' ? 'rule/' : 'schedule/'))
    return ctx.problem('ecs-scheduled-task', `"${given}" is not the ARN of an EventBridge rule or Scheduler schedule`);
  if (value.startsWith('schedule/')) {
    const parts = value.slice('schedule/'.length).split('/');
    const [group, name] = parts.length === 1 ? ['default', parts[0]!] : parts;
    if (parts.length > 2 || !group || !name || !SCHEDULE_NAME.test(group) || !SCHEDULE_NAME.test(name))
      return ctx.problem(
        'ecs-scheduled-task',
        `"${given}" is not schedule/GROUP/NAME or schedule/NAME (Scheduler names are 1-64 of 0-9 a-z A-Z - _ .); e.g. ${example}`,
      );
    return { kind: 'schedule', group, name };
  }
  const path = value.startsWith('rule/') ? value.slice('rule/'.length) : value;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const eventBus = slash < 0 ? undefined : path.slice(0, slash);
  if (!RULE_NAME.test(name) || (eventBus !== undefined && !EVENT_BUS.test(eventBus)))
    return ctx.problem(
      'ecs-scheduled-task',
      `"${given}" is not an EventBridge rule (NAME or rule/[BUS/]NAME; rule names are 1-64 of . - _ A-Z a-z 0-9) ` +
        `or a Scheduler schedule; e.g. ${example}`,
    );
  return { kind: 'rule', name, eventBus: eventBus === 'default' ? undefined : eventBus };
}

/** How a scheduled task reference reads in messages. */
export function describeScheduledTask(ref: ScheduledTaskRef): string {
  return ref.kind === 'rule'
    ? `EventBridge rule ${ref.name}${ref.eventBus ? ` (event bus ${ref.eventBus})` : ''}`
    : `EventBridge Scheduler schedule ${ref.group}/${ref.name}`;
}
