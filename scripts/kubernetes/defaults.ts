/**
 * Server-side defaulting as kube-apiserver applies it (pkg/apis/core/v1/defaults.go,
 * pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go), for the kinds the stand-in serves.
 * Applied on every create and every update, so a field patched away comes back defaulted, and a
 * template compares equal to a ReplicaSet's only after defaulting (as the real controller compares).
 * Pure.
 */
import { createHash } from 'node:crypto';
import {
  isObject,
  stableJson,
  type Container,
  type CronJob,
  type Job,
  type JobSpec,
  type Json,
  type KubeObject,
  type PodSpec,
  type PodTemplate,
  type Workload,
} from './types.ts';

/** imagePullPolicy: Always for `:latest` or no tag (and no digest), IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const [withoutDigest, digest] = image.split('@', 2) as [string, string | undefined];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : '';
  if (tag === 'latest') return 'Always';
  if (!tag && !digest) return 'Always';
  return 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  probe.timeoutSeconds ??= 1;
  probe.periodSeconds ??= 10;
  probe.successThreshold ??= 1;
  probe.failureThreshold ??= 3;
  if (isObject(probe.httpGet)) probe.httpGet.scheme ??= 'HTTP';
}

export function defaultContainer(container: Container): void {
  if (container.image !== undefined && container.imagePullPolicy === undefined)
    container.imagePullPolicy = defaultPullPolicy(container.image);
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  container.resources ??= {};
  for (const port of container.ports ?? []) port.protocol ??= 'TCP';
  for (const env of (container.env as Json[] | undefined) ?? [])
    if (isObject(env.valueFrom) && isObject(env.valueFrom.fieldRef)) env.valueFrom.fieldRef.apiVersion ??= 'v1';
  defaultProbe(container.livenessProbe);
  defaultProbe(container.readinessProbe);
  defaultProbe(container.startupProbe);
}

export function defaultPodSpec(spec: PodSpec): void {
  spec.containers ??= [];
  for (const container of spec.containers) defaultContainer(container);
  for (const container of spec.initContainers ?? []) defaultContainer(container);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const volume of (spec.volumes as Json[] | undefined) ?? []) {
    for (const source of ['configMap', 'secret'] as const) {
      const value = volume[source];
      if (isObject(value)) value.defaultMode ??= 420;
    }
    if (isObject(volume.hostPath)) volume.hostPath.type ??= '';
    if (isObject(volume.emptyDir)) {
      /* no defaults */
    }
  }
}

export function defaultPodTemplate(template: PodTemplate): void {
  template.metadata ??= {};
  template.metadata.creationTimestamp ??= null;
  if (!isObject(template.spec)) template.spec = { containers: [] };
  defaultPodSpec(template.spec);
}

/** A Pod (made by a controller or created directly). */
export function defaultPod(pod: KubeObject): void {
  const spec = (pod.spec ?? { containers: [] }) as PodSpec;
  pod.spec = spec;
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  spec.serviceAccountName ??= 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.tolerations ??= [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
}

function defaultRollingNumbers(
  rolling: { maxSurge?: number | string; maxUnavailable?: number | string },
  surge: number | string,
  unavailable: number | string,
): void {
  rolling.maxUnavailable ??= unavailable;
  rolling.maxSurge ??= surge;
}

export function defaultDeployment(deployment: Workload): void {
  const spec = deployment.spec;
  spec.replicas ??= 1;
  spec.strategy ??= {};
  spec.strategy.type ??= 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    defaultRollingNumbers(spec.strategy.rollingUpdate, '25%', '25%');
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate(spec.template);
}

export function defaultReplicaSet(replicaSet: Workload): void {
  replicaSet.spec.replicas ??= 1;
  defaultPodTemplate(replicaSet.spec.template);
}

export function defaultStatefulSet(set: Workload): void {
  const spec = set.spec;
  spec.replicas ??= 1;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  spec.persistentVolumeClaimRetentionPolicy ??= { whenDeleted: 'Retain', whenScaled: 'Retain' };
  defaultPodTemplate(spec.template);
}

export function defaultDaemonSet(set: Workload): void {
  const spec = set.spec;
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    defaultRollingNumbers(spec.updateStrategy.rollingUpdate, 0, 1);
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate(spec.template);
}

export function defaultJobSpec(spec: JobSpec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  defaultPodTemplate(spec.template);
}

export function defaultJob(job: Job): void {
  defaultJobSpec(job.spec);
}

export function defaultCronJob(cronJob: CronJob): void {
  const spec = cronJob.spec;
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  spec.jobTemplate ??= { spec: { template: { spec: { containers: [] } } } };
  spec.jobTemplate.metadata ??= {};
  spec.jobTemplate.metadata.creationTimestamp ??= null;
  defaultJobSpec(spec.jobTemplate.spec);
}

/** The label a controller adds to its pods and revisions, by controller. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';
export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';

/** A template without the controller's hash label, for comparing (EqualIgnoreHash). */
export function withoutHash(template: PodTemplate): PodTemplate {
  const copy = structuredClone(template);
  if (copy.metadata?.labels) {
    Reflect.deleteProperty(copy.metadata.labels, POD_TEMPLATE_HASH);
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata) delete copy.metadata.creationTimestamp;
  return copy;
}

export function templatesEqualIgnoringHash(a: PodTemplate, b: PodTemplate): boolean {
  return stableJson(withoutHash(a)) === stableJson(withoutHash(b));
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString of a 32-bit FNV-1a hash's decimal digits, as ComputeHash names things. */
export function templateHash(value: unknown, collisionCount = 0): string {
  let hash = 0x811c9dc5;
  const bytes = Buffer.from(stableJson(value) + (collisionCount ? String(collisionCount) : ''));
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((digit) => SAFE_ALPHABET[digit.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/** A short random suffix as generateName uses (five characters of the same alphabet). */
export function randomSuffix(length = 5): string {
  const bytes = createHash('sha256').update(`${Math.random()}${process.hrtime.bigint()}`).digest();
  return [...bytes.subarray(0, length)].map((byte) => SAFE_ALPHABET[byte % SAFE_ALPHABET.length]).join('');
}

/** Defaults an object of the given resource in place. */
export function defaultObject(resource: string, object: KubeObject): void {
  switch (resource) {
    case 'deployments':
      defaultDeployment(object as Workload);
      break;
    case 'replicasets':
      defaultReplicaSet(object as Workload);
      break;
    case 'statefulsets':
      defaultStatefulSet(object as Workload);
      break;
    case 'daemonsets':
      defaultDaemonSet(object as Workload);
      break;
    case 'jobs':
      defaultJob(object as Job);
      break;
    case 'cronjobs':
      defaultCronJob(object as CronJob);
      break;
    case 'pods':
      defaultPod(object);
      break;
    case 'namespaces':
      object.spec ??= {};
      object.spec.finalizers ??= ['kubernetes'];
      object.status = { phase: 'Active' };
      object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name ?? '' };
      break;
    default:
      break;
  }
}
