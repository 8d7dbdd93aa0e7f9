/**
 * The pure half of the Cloud Run runtime: the service or job to send, made from what exists by
 * changing only the image and the fields the inputs give, and the list of those changes (the plan).
 */
import type { protos } from '@google-cloud/run';
import type { CloudRunFlags, CloudRunInputs, SecretReference } from './inputs.js';
import { UserError } from '../../oci/user-error.js';
import {
  applyCloudSql,
  applyContainerSettings,
  applyIngress,
  applyLabels,
  applySecretFiles,
  applyTemplateSettings,
} from './render-settings.js';
import { applySplit, describeTraffic } from './traffic.js';

type V2 = typeof protos.google.cloud.run.v2;
export type Service = protos.google.cloud.run.v2.IService;
export type Job = protos.google.cloud.run.v2.IJob;
export type Execution = protos.google.cloud.run.v2.IExecution;
type Container = protos.google.cloud.run.v2.IContainer;
type EnvVar = protos.google.cloud.run.v2.IEnvVar;
type TrafficTarget = protos.google.cloud.run.v2.ITrafficTarget;
type Condition = protos.google.cloud.run.v2.ICondition;
type ServiceTarget = Extract<CloudRunInputs['target'], { kind: 'service' }>;

export class CloudRunError extends UserError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'Cloud Run', options);
    this.name = 'CloudRunError';
  }
}

// The enum names the REST transport decodes to (it may also hand back their numbers).
const LATEST: keyof V2['TrafficTargetAllocationType'] = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';
const REVISION: keyof V2['TrafficTargetAllocationType'] = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION';

function isLatest(target: { type?: unknown }): boolean {
  return target.type === LATEST || target.type === 1;
}

/** A traffic entry pinned to a named revision (rather than following the latest one). */
export function isPinned(target: { type?: unknown }): boolean {
  return target.type === REVISION || target.type === 2;
}

/** The last segment of a resource name: projects/p/locations/r/services/s/revisions/s-0001 → s-0001. */
export function shortName(name: string | null | undefined): string {
  return (name ?? '').split('/').pop() ?? '';
}

function conditionFailed(condition: Condition): boolean {
  return condition.state === 'CONDITION_FAILED' || condition.state === 3;
}

export function conditionSucceeded(condition: Condition | null | undefined): boolean {
  return condition?.state === 'CONDITION_SUCCEEDED' || condition?.state === 4;
}

/** Cloud Run's own words for why something is not ready: the failed conditions' messages. */
export function failureMessages(conditions: readonly Condition[] | null | undefined): string[] {
  return (conditions ?? [])
    .filter((c) => conditionFailed(c) && c.message)
    .map((c) => `${c.type ? `${c.type}: ` : ''}${c.message}`);
}

function describeSecret(reference: SecretReference): string {
  return `${reference.secret}:${reference.version}`;
}

/** Applies image, env, secrets and resources to one container, recording each change. */
function applyContainer(
  container: Container,
  inputs: CloudRunInputs,
  image: string,
  changes: string[],
  isNew: boolean,
): void {
  if (container.image !== image) {
    changes.push(isNew ? `image: ${image}` : `image: ${container.image || '(none)'} → ${image}`);
    container.image = image;
  }
  const env: EnvVar[] = [...(container.env ?? [])];
  const put = (name: string, value: EnvVar, describe: (old: EnvVar | undefined) => string | undefined): void => {
    const index = env.findIndex((e) => e.name === name);
    const old = index < 0 ? undefined : env[index];
    const change = describe(old);
    if (!change) return;
    changes.push(change);
    if (index < 0) env.push(value);
    else env[index] = value;
  };
  for (const [name, value] of Object.entries(inputs.env)) {
    put(name, { name, value }, (old) => {
      if (!old) return `env ${name}: set`;
      if (old.valueSource?.secretKeyRef) return `env ${name}: secret → plain value`;
      return old.value === value ? undefined : `env ${name}: changed`;
    });
  }
  for (const [name, reference] of Object.entries(inputs.secrets)) {
    put(name, { name, valueSource: { secretKeyRef: { ...reference } } }, (old) => {
      const ref = old?.valueSource?.secretKeyRef;
      if (ref && ref.secret === reference.secret && ref.version === reference.version) return undefined;
      return `secret ${name}: ${ref ? `${ref.secret}:${ref.version} → ` : ''}${describeSecret(reference)}`;
    });
  }
  if (inputs.envUpdate === 'overwrite') {
    const listed = new Set([...Object.keys(inputs.env), ...Object.keys(inputs.secrets)]);
    for (const removed of env.filter((e) => !listed.has(e.name ?? '')))
      changes.push(`env ${removed.name}: removed (cloud-run-env-update: overwrite)`);
    container.env = env.filter((e) => listed.has(e.name ?? ''));
  } else {
    container.env = env;
  }

  const limits: Record<string, string> = { ...(container.resources?.limits ?? {}) };
  for (const [key, value] of [
    ['cpu', inputs.flags.cpu],
    ['memory', inputs.flags.memory],
  ] as const) {
    if (value === undefined || limits[key] === value) continue;
    changes.push(`${key}: ${limits[key] ?? 'default'} → ${value}`);
    limits[key] = value;
  }
  if (inputs.flags.cpu !== undefined || inputs.flags.memory !== undefined) {
    container.resources = { ...(container.resources ?? {}), limits };
  }
  const port = inputs.flags.port;
  if (port !== undefined && container.ports?.[0]?.containerPort !== port) {
    changes.push(`port: ${container.ports?.[0]?.containerPort ?? 8080} → ${port}`);
    container.ports = [{ name: container.ports?.[0]?.name || 'http1', containerPort: port }];
  }
  applyContainerSettings(container, inputs.flags, changes);
}

/** Where the service or job is: vpc-connector names are made full with them. */
export interface Where {
  readonly project: string;
  readonly region: string;
}

/** A setting that cannot be applied to what exists, as a Cloud Run error (found in prepare). */
function settingError<T>(apply: () => T): T {
  try {
    return apply();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new CloudRunError(`cloud-run-flags: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The template-level settings shared by a service's revision template and a job's task template:
 * volumes (secret files, Cloud SQL) mounted in the container, timeout, VPC, execution environment.
 */
function applyTemplate(
  template: NonNullable<Service['template']> | NonNullable<NonNullable<Job['template']>['template']>,
  container: Container,
  inputs: CloudRunInputs,
  where: Where,
  holder: string,
  changes: string[],
): Set<string> {
  const mask = new Set<string>();
  const before = JSON.stringify(container.volumeMounts ?? []);
  const files = settingError(() => applySecretFiles(template, container, inputs.secretFiles ?? {}, changes, holder));
  const sql = applyCloudSql(template, container, inputs.flags.cloudSqlInstances, changes);
  if (files || sql) mask.add('volumes');
  if (JSON.stringify(container.volumeMounts ?? []) !== before) mask.add('containers');
  settingError(() => applyTemplateSettings(template, inputs.flags, where, changes, mask));
  return mask;
}

/** A service's serving container: its only one, or (with sidecars) the one that has the port. */
function servingContainer(containers: Container[], service: string): Container {
  if (containers.length === 1) return containers[0]!;
  const serving = containers.filter((c) => (c.ports ?? []).length > 0);
  if (serving.length !== 1) {
    throw new CloudRunError(
      `service ${service} has ${containers.length} containers and ${serving.length} with a port: cannot tell which one runs the image`,
    );
  }
  return serving[0]!;
}

function changeNumber(
  changes: string[],
  what: string,
  old: number | null | undefined,
  next: number | undefined,
): boolean {
  if (next === undefined || old === next) return false;
  changes.push(`${what}: ${old ?? 'default'} → ${next}`);
  return true;
}

function applyServiceFlags(
  template: NonNullable<Service['template']>,
  flags: CloudRunFlags,
  changes: string[],
  mask: Set<string>,
): void {
  if (changeNumber(changes, 'concurrency', template.maxInstanceRequestConcurrency, flags.concurrency)) {
    template.maxInstanceRequestConcurrency = flags.concurrency!;
    mask.add('template.maxInstanceRequestConcurrency');
  }
  const scaling = { ...(template.scaling ?? {}) };
  if (changeNumber(changes, 'min-instances', scaling.minInstanceCount, flags.minInstances)) {
    scaling.minInstanceCount = flags.minInstances!;
    mask.add('template.scaling.minInstanceCount');
  }
  if (changeNumber(changes, 'max-instances', scaling.maxInstanceCount, flags.maxInstances)) {
    scaling.maxInstanceCount = flags.maxInstances!;
    mask.add('template.scaling.maxInstanceCount');
  }
  template.scaling = scaling;
}

/** Sets the runtime service account when the inputs give another one; true when it changed. */
function applyServiceAccount(
  holder: { serviceAccount?: string | null },
  account: string | undefined,
  changes: string[],
): boolean {
  if (account === undefined || holder.serviceAccount === account) return false;
  changes.push(`service account: ${holder.serviceAccount || 'default'} → ${account}`);
  holder.serviceAccount = account;
  return true;
}

/**
 * Traffic as the inputs ask: with no-traffic, whatever follows the latest revision is pinned to the
 * revision serving now, so the new one gets none; a revision tag names the new revision.
 */
function renderTraffic(
  existing: Service | undefined,
  target: ServiceTarget,
  newRevision: string | undefined,
  changes: string[],
  newTemplate = true,
): TrafficTarget[] | undefined {
  // No traffic entries mean Cloud Run's default: all of it follows the latest ready revision.
  const current: TrafficTarget[] = existing?.traffic?.length ? existing.traffic : [{ type: LATEST, percent: 100 }];
  let traffic: TrafficTarget[] = current.map((t) => ({ ...t }));
  const before = JSON.stringify(traffic);
  // With a split, the new revision gets no traffic until it is ready; the split is set then.
  const holdBack =
    target.noTraffic || (target.traffic !== undefined && newTemplate && Boolean(existing?.latestReadyRevision));
  if (holdBack) {
    const serving = shortName(existing?.latestReadyRevision);
    if (!serving) {
      throw new CloudRunError(
        `service ${target.name} has no ready revision to keep traffic on: deploy it once without no-traffic`,
      );
    }
    for (const entry of traffic) {
      if (isLatest(entry) && (entry.percent ?? 0) > 0) {
        entry.type = REVISION;
        entry.revision = serving;
      }
    }
  }
  if (target.revisionTag) {
    traffic = traffic.filter((t) => t.tag !== target.revisionTag);
    traffic.push(
      newRevision
        ? { type: REVISION, revision: newRevision, percent: 0, tag: target.revisionTag }
        : { type: LATEST, percent: 0, tag: target.revisionTag },
    );
  }
  if (JSON.stringify(traffic) === before) return existing?.traffic?.length ? traffic : undefined;
  if (target.noTraffic)
    changes.push(`traffic: stays on ${shortName(existing?.latestReadyRevision)}; the new revision gets none`);
  else if (holdBack)
    changes.push(`traffic: stays on ${shortName(existing?.latestReadyRevision)} until the new revision is ready`);
  if (target.revisionTag) changes.push(`traffic tag ${target.revisionTag}: the new revision`);
  return traffic;
}

export interface RenderedService {
  readonly service: Service;
  /** What changes, one line each; empty when the service already runs this image as asked. */
  readonly changes: readonly string[];
  /** The revision name the service will get, when the inputs fix it (revision-suffix). */
  readonly revisionName: string | undefined;
  /**
   * The update's FieldMask paths (lowerCamelCase, as the REST API's JSON names them; the client
   * sends them as given): only these fields change, so fields this client does not know survive.
   */
  readonly updateMask: readonly string[];
  /** With a split (cloud-run-traffic, promote): the plan's lines for traffic before and after. */
  readonly trafficPlan: readonly string[];
}

/** The service to send: the existing one with only the image and the given fields changed, or a new one. */
export function renderService(
  existing: Service | undefined,
  inputs: CloudRunInputs,
  target: ServiceTarget,
  image: string,
  where: Where = { project: inputs.project ?? '-', region: inputs.region },
): RenderedService {
  const changes: string[] = [];
  const mask = new Set<string>();
  const service: Service = existing ? structuredClone(existing) : {};
  const template = (service.template ??= {});
  template.containers = template.containers?.length ? template.containers : [{}];
  const before = changes.length;
  const container = servingContainer(template.containers, target.name);
  applyContainer(container, inputs, image, changes, !existing);
  // A FieldMask cannot name one element of a list: the containers go whole.
  if (changes.length > before) mask.add('template.containers');
  const holder = `service ${target.name}`;
  for (const path of applyTemplate(template, container, inputs, where, holder, changes)) mask.add(`template.${path}`);
  applyServiceFlags(template, inputs.flags, changes, mask);
  if (applyServiceAccount(template, inputs.flags.serviceAccount, changes)) mask.add('template.serviceAccount');
  if (applyIngress(service, inputs.flags.ingress, changes)) mask.add('ingress');
  // Labels of the service only, not of its revisions, so they alone start no new revision.
  if (applyLabels(service, inputs.flags.labels, changes)) mask.add('labels');

  const revisionName = target.revisionSuffix ? `${target.name}-${target.revisionSuffix}` : undefined;
  if (revisionName && shortName(template.revision) !== revisionName) {
    changes.push(`revision name: ${revisionName}`);
    template.revision = revisionName;
    mask.add('template.revision');
  } else if (!revisionName && changes.length > 0 && template.revision) {
    // A fixed name from an earlier deploy would clash with the new revision: let Cloud Run name it.
    template.revision = '';
    mask.add('template.revision');
  }
  const newTemplate = !existing || [...mask].some((path) => path.startsWith('template.'));
  const traffic = renderTraffic(existing, target, revisionName, changes, newTemplate);
  if (traffic) service.traffic = traffic;
  if (traffic && JSON.stringify(traffic) !== JSON.stringify(existing?.traffic ?? [])) mask.add('traffic');
  return {
    service,
    changes,
    revisionName,
    updateMask: [...mask],
    trafficPlan: splitPlan(existing, target, service, revisionName, newTemplate),
  };
}

/**
 * With cloud-run-traffic (or promote): traffic before, and after the split that follows the new
 * revision's rollout; empty when the split is what the service asks already.
 */
function splitPlan(
  existing: Service | undefined,
  target: ServiceTarget,
  rendered: Service,
  revisionName: string | undefined,
  newRevision: boolean,
): string[] {
  if (!target.traffic) return [];
  const ready = shortName(existing?.latestReadyRevision);
  const latest = newRevision || !ready ? (revisionName ?? 'the new revision') : ready;
  let after;
  try {
    after = applySplit(rendered.traffic, existing?.trafficStatuses, latest, target.traffic);
  } catch {
    return []; // An unknown tag: prepare reports it.
  }
  const before = describeTraffic(existing ? existing.traffic : undefined, ready);
  const next = describeTraffic(after, latest);
  if (existing && before === next)
    return [`traffic: ${before} (as ${target.trafficInput ?? 'cloud-run-traffic'} asks already)`];
  return [
    `traffic before: ${existing ? before : 'none (a new service)'}`,
    `traffic after${newRevision ? ' the new revision is ready' : ''}: ${next}`,
  ];
}

/** The job to send: the existing one with only the image and the given fields changed, or a new one. */
export function renderJob(
  existing: Job | undefined,
  inputs: CloudRunInputs,
  image: string,
  where: Where = { project: inputs.project ?? '-', region: inputs.region },
): { readonly job: Job; readonly changes: readonly string[] } {
  const changes: string[] = [];
  const job: Job = existing ? structuredClone(existing) : {};
  const execution = (job.template ??= {});
  const task = (execution.template ??= {});
  task.containers = task.containers?.length ? task.containers : [{}];
  // A job's first container is its main one; the others are sidecars.
  const container = task.containers[0]!;
  applyContainer(container, inputs, image, changes, !existing);
  applyTemplate(task, container, inputs, where, `job ${shortName(existing?.name) || ''}`.trim(), changes);
  applyServiceAccount(task, inputs.flags.serviceAccount, changes);
  const { tasks, parallelism, maxRetries } = inputs.flags;
  if (changeNumber(changes, 'tasks', execution.taskCount, tasks)) execution.taskCount = tasks!;
  if (changeNumber(changes, 'parallelism', execution.parallelism, parallelism)) execution.parallelism = parallelism!;
  if (changeNumber(changes, 'max-retries', task.maxRetries, maxRetries)) task.maxRetries = maxRetries!;
  applyLabels(job, inputs.flags.labels, changes);
  return { job, changes };
}

/**
 * Why the service does not serve its newest revision as asked, or undefined when it does: its Ready
 * condition, a newest revision that is not the ready one (a failed rollout keeps the old one
 * serving), no ready revision at all, or traffic that does not resolve to what the service asks.
 */
export function servingProblem(service: Service): string | undefined {
  const ready = shortName(service.latestReadyRevision);
  const created = shortName(service.latestCreatedRevision);
  const reasons = failureMessages(service.conditions);
  const terminal = service.terminalCondition;
  const because = [
    ...(terminal && !conditionSucceeded(terminal) && terminal.message ? [terminal.message] : []),
    ...reasons.filter((r) => !terminal?.message || !r.includes(terminal.message)),
  ].join('; ');
  if (created && created !== ready) {
    return `its newest revision ${created} is not ready${because ? ` (${because})` : ''}; traffic stays on ${ready || 'no revision'}`;
  }
  if (!ready) return `it has no ready revision${because ? ` (${because})` : ''}`;
  if (terminal && !conditionSucceeded(terminal)) {
    return `it is not ready: ${because || `Ready is ${String(terminal.state)}`}`;
  }
  return trafficMismatch(service);
}

/** Traffic as asked (latest resolved to the ready revision) against trafficStatuses, as sorted lines. */
function trafficMismatch(service: Service): string | undefined {
  const ready = shortName(service.latestReadyRevision);
  const line = (revision: string | null | undefined, percent: number | null | undefined, tag?: string | null) =>
    `${percent ?? 0}% to ${revision || 'no revision'}${tag ? ` (tag ${tag})` : ''}`;
  const asked = (service.traffic?.length ? service.traffic : [{ type: LATEST, percent: 100 }])
    .map((t) => line(isLatest(t) ? ready : t.revision, t.percent, t.tag))
    .sort();
  const serving = (service.trafficStatuses ?? [])
    .map((t) => line(isLatest(t) ? shortName(t.revision) || ready : t.revision, t.percent, t.tag))
    .sort();
  if (JSON.stringify(asked) === JSON.stringify(serving)) return undefined;
  return `its traffic does not serve as asked: asked ${asked.join(', ')}; serving ${serving.join(', ') || 'nothing'}`;
}
