/**
 * Whether a rollout is done, as `kubectl rollout status` decides it for each kind
 * (kubectl pkg/polymorphichelpers/rollout_status.go), whether a Job finished, and which new pods
 * cannot start (the image cannot be pulled, or the container keeps crashing). Pure, table-tested.
 */
import type { WorkloadKind } from './inputs.js';
import type { Condition, KubeObject } from './workload.js';

export type RolloutState =
  | { readonly kind: 'done'; readonly message: string }
  | { readonly kind: 'waiting'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

function condition(object: KubeObject, type: string): Condition | undefined {
  return object.status?.conditions?.find((c) => c.type === type);
}

/** The update strategy's type; RollingUpdate is the server's default for StatefulSets and DaemonSets. */
export function updateStrategy(object: KubeObject): string {
  const strategy = object.spec?.updateStrategy as { type?: string } | undefined;
  return strategy?.type ?? 'RollingUpdate';
}

function deploymentStatus(d: KubeObject): RolloutState {
  const name = d.metadata?.name ?? '?';
  const s = d.status ?? {};
  if (num(d.metadata?.generation) > num(s.observedGeneration))
    return { kind: 'waiting', message: 'Waiting for deployment spec update to be observed...' };
  if (condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded')
    return { kind: 'failed', message: `deployment "${name}" exceeded its progress deadline` };
  const replicas = d.spec?.replicas;
  if (typeof replicas === 'number' && num(s.updatedReplicas) < replicas)
    return {
      kind: 'waiting',
      message: `Waiting for deployment "${name}" rollout to finish: ${num(s.updatedReplicas)} out of ${replicas} new replicas have been updated...`,
    };
  if (num(s.replicas) > num(s.updatedReplicas))
    return {
      kind: 'waiting',
      message: `Waiting for deployment "${name}" rollout to finish: ${num(s.replicas) - num(s.updatedReplicas)} old replicas are pending termination...`,
    };
  if (num(s.availableReplicas) < num(s.updatedReplicas))
    return {
      kind: 'waiting',
      message: `Waiting for deployment "${name}" rollout to finish: ${num(s.availableReplicas)} of ${num(s.updatedReplicas)} updated replicas are available...`,
    };
  return { kind: 'done', message: `deployment "${name}" successfully rolled out` };
}

function daemonSetStatus(ds: KubeObject): RolloutState {
  const name = ds.metadata?.name ?? '?';
  const s = ds.status ?? {};
  if (updateStrategy(ds) !== 'RollingUpdate')
    return { kind: 'failed', message: 'rollout status is only available for RollingUpdate strategy type' };
  if (num(ds.metadata?.generation) > num(s.observedGeneration))
    return { kind: 'waiting', message: 'Waiting for daemon set spec update to be observed...' };
  if (num(s.updatedNumberScheduled) < num(s.desiredNumberScheduled))
    return {
      kind: 'waiting',
      message: `Waiting for daemon set "${name}" rollout to finish: ${num(s.updatedNumberScheduled)} out of ${num(s.desiredNumberScheduled)} new pods have been updated...`,
    };
  if (num(s.numberAvailable) < num(s.desiredNumberScheduled))
    return {
      kind: 'waiting',
      message: `Waiting for daemon set "${name}" rollout to finish: ${num(s.numberAvailable)} of ${num(s.desiredNumberScheduled)} updated pods are available...`,
    };
  return { kind: 'done', message: `daemon set "${name}" successfully rolled out` };
}

function statefulSetStatus(sts: KubeObject): RolloutState {
  const s = sts.status ?? {};
  if (updateStrategy(sts) !== 'RollingUpdate')
    return { kind: 'failed', message: 'rollout status is only available for RollingUpdate strategy type' };
  if (num(s.observedGeneration) === 0 || num(sts.metadata?.generation) > num(s.observedGeneration))
    return { kind: 'waiting', message: 'Waiting for statefulset spec update to be observed...' };
  const replicas = sts.spec?.replicas;
  if (typeof replicas === 'number' && num(s.readyReplicas) < replicas)
    return { kind: 'waiting', message: `Waiting for ${replicas - num(s.readyReplicas)} pods to be ready...` };
  const rolling = (sts.spec?.updateStrategy as { rollingUpdate?: { partition?: number } } | undefined)?.rollingUpdate;
  if (rolling) {
    if (typeof replicas === 'number' && typeof rolling.partition === 'number') {
      if (num(s.updatedReplicas) < replicas - rolling.partition)
        return {
          kind: 'waiting',
          message: `Waiting for partitioned roll out to finish: ${num(s.updatedReplicas)} out of ${replicas - rolling.partition} new pods have been updated...`,
        };
    }
    return {
      kind: 'done',
      message: `partitioned roll out complete: ${num(s.updatedReplicas)} new pods have been updated...`,
    };
  }
  if (s.updateRevision !== s.currentRevision)
    return {
      kind: 'waiting',
      message: `waiting for statefulset rolling update to complete ${num(s.updatedReplicas)} pods at revision ${String(s.updateRevision)}...`,
    };
  return {
    kind: 'done',
    message: `statefulset rolling update complete ${num(s.currentReplicas)} pods at revision ${String(s.currentRevision)}...`,
  };
}

/** A Job: complete, failed (the controller's Failed or FailureTarget condition), or still running. */
export function jobStatus(job: KubeObject): RolloutState {
  const name = job.metadata?.name ?? '?';
  const s = job.status ?? {};
  const isTrue = (type: string) => condition(job, type)?.status === 'True';
  if (isTrue('Complete')) return { kind: 'done', message: `job "${name}" completed (${num(s.succeeded)} succeeded)` };
  for (const type of ['Failed', 'FailureTarget']) {
    const failed = condition(job, type);
    if (failed?.status === 'True')
      return {
        kind: 'failed',
        message: `job "${name}" failed: ${failed.reason ?? 'Failed'}${failed.message ? `: ${failed.message}` : ''} (${num(s.failed)} failed pods)`,
      };
  }
  return {
    kind: 'waiting',
    message: `Waiting for job "${name}": ${num(s.active)} active, ${num(s.succeeded)} succeeded, ${num(s.failed)} failed pods...`,
  };
}

/** Where a workload's rollout stands. A CronJob has none: its next run takes the template. */
export function rolloutStatus(kind: WorkloadKind, object: KubeObject): RolloutState {
  switch (kind) {
    case 'deployment':
      return deploymentStatus(object);
    case 'statefulset':
      return statefulSetStatus(object);
    case 'daemonset':
      return daemonSetStatus(object);
    case 'job':
      return jobStatus(object);
    case 'cronjob':
      return { kind: 'done', message: `cronjob "${object.metadata?.name ?? '?'}": its next run uses the new template` };
  }
}

/** Why a rollout of this kind would never come: refused before anything changes. */
export function rolloutRefusal(kind: WorkloadKind, object: KubeObject, label: string): string | undefined {
  if (kind === 'deployment' && object.spec?.paused === true)
    return `${label} is paused: a rollout would not start until it is resumed (kubectl rollout resume ${label})`;
  if ((kind === 'statefulset' || kind === 'daemonset') && updateStrategy(object) !== 'RollingUpdate')
    return `${label} has updateStrategy ${updateStrategy(object)}: its pods take a new template only when deleted, so there is no rollout to wait for; use RollingUpdate`;
  return undefined;
}

/** The waiting reasons that mean a new pod will not start by waiting longer. */
export const STUCK_REASONS = ['ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff', 'InvalidImageName'] as const;

export interface ContainerStatus {
  name?: string;
  image?: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; terminated?: { exitCode?: number; reason?: string } };
  lastState?: { terminated?: { exitCode?: number; reason?: string; message?: string } };
}

export interface Pod {
  metadata?: { name?: string; creationTimestamp?: string; deletionTimestamp?: string; labels?: Record<string, string> };
  spec?: { containers?: { name: string; image?: string }[]; initContainers?: { name: string; image?: string }[] };
  status?: { phase?: string; containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] };
}

export interface StuckPod {
  readonly pod: string;
  readonly container: string;
  readonly reason: string;
  readonly message: string;
  readonly restarts: number;
  /** The last run's exit code, for a crashing container. */
  readonly exitCode: number | undefined;
}

/**
 * The first pod running `image` in container `container` that is stuck: its container (or any
 * other of the pod) waits with a reason that waiting longer does not cure.
 */
export function stuckPod(pods: readonly Pod[], container: string, image: string): StuckPod | undefined {
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
    if (!spec.some((c) => c.name === container && c.image === image)) continue;
    const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    for (const status of statuses) {
      const reason = status.state?.waiting?.reason;
      if (reason && (STUCK_REASONS as readonly string[]).includes(reason))
        return {
          pod: pod.metadata?.name ?? '?',
          container: status.name ?? '?',
          reason,
          message: status.state?.waiting?.message ?? '',
          restarts: status.restartCount ?? 0,
          exitCode: status.lastState?.terminated?.exitCode,
        };
    }
  }
  return undefined;
}

/** The stuck pod in words, with its last log lines when there are any. */
export function describeStuckPod(stuck: StuckPod, logLines: readonly string[]): string {
  const crash = stuck.reason === 'CrashLoopBackOff';
  const lines = [
    `pod ${stuck.pod}, container ${stuck.container}: ${stuck.reason}` +
      (crash
        ? ` (restarted ${stuck.restarts} times${stuck.exitCode !== undefined ? `, last exit code ${stuck.exitCode}` : ''})`
        : '') +
      (stuck.message ? `: ${stuck.message}` : ''),
  ];
  if (logLines.length) lines.push(`last log lines of ${stuck.container}:`, ...logLines.map((line) => `  ${line}`));
  return lines.join('\n');
}

/** The latest pod running `image` whose container `container` exited non-zero (a Job's failed pod). */
export function failedPod(
  pods: readonly Pod[],
  container: string,
  image: string,
): { pod: string; exitCode: number; reason: string } | undefined {
  const sorted = [...pods].sort((a, b) =>
    (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''),
  );
  for (const pod of sorted) {
    if (!(pod.spec?.containers ?? []).some((c) => c.name === container && c.image === image)) continue;
    const status = pod.status?.containerStatuses?.find((c) => c.name === container);
    const terminated = status?.state?.terminated ?? status?.lastState?.terminated;
    if (terminated && terminated.exitCode !== undefined && terminated.exitCode !== 0)
      return { pod: pod.metadata?.name ?? '?', exitCode: terminated.exitCode, reason: terminated.reason ?? 'Error' };
  }
  return undefined;
}
