/**
 * The workloads as the Kubernetes API holds them, and the changes this runtime makes to them, pure:
 * where each kind lives, its pod template, the container that gets the image, the image-only
 * strategic-merge patch, the JSON Patch that undoes it, the plan's diff, and a Job made from a Job.
 */
import type { WorkloadKind, WorkloadRef } from './inputs.js';

/** The parts of Kubernetes objects this runtime reads (everything else is kept as it is). */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[];
  creationTimestamp?: string;
  [key: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  [key: string]: unknown;
}

export interface PodTemplate {
  metadata?: ObjectMeta;
  spec?: { containers?: Container[]; initContainers?: Container[]; [key: string]: unknown };
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: Record<string, unknown> & {
    template?: PodTemplate;
    selector?: LabelSelector;
    jobTemplate?: { metadata?: ObjectMeta; spec?: { template?: PodTemplate; [key: string]: unknown } };
  };
  status?: Record<string, unknown> & { conditions?: Condition[] };
}

/** Where a kind lives in the API. */
export interface KindInfo {
  readonly group: 'apps' | 'batch';
  readonly resource: string;
  readonly kind: string;
}

export const KINDS: Readonly<Record<WorkloadKind, KindInfo>> = {
  deployment: { group: 'apps', resource: 'deployments', kind: 'Deployment' },
  statefulset: { group: 'apps', resource: 'statefulsets', kind: 'StatefulSet' },
  daemonset: { group: 'apps', resource: 'daemonsets', kind: 'DaemonSet' },
  cronjob: { group: 'batch', resource: 'cronjobs', kind: 'CronJob' },
  job: { group: 'batch', resource: 'jobs', kind: 'Job' },
};

/** The collection path of a kind in a namespace: /apis/apps/v1/namespaces/NS/deployments. */
export function collectionPath(kind: WorkloadKind, namespace: string): string {
  const { group, resource } = KINDS[kind];
  return `/apis/${group}/v1/namespaces/${encodeURIComponent(namespace)}/${resource}`;
}

export function objectPath(workload: WorkloadRef, namespace: string): string {
  return `${collectionPath(workload.kind, namespace)}/${encodeURIComponent(workload.name)}`;
}

/** The JSON Pointer of the pod template in a kind's object. */
export function templatePointer(kind: WorkloadKind): string {
  return kind === 'cronjob' ? '/spec/jobTemplate/spec/template' : '/spec/template';
}

export function podTemplate(kind: WorkloadKind, object: KubeObject): PodTemplate | undefined {
  return kind === 'cronjob' ? object.spec?.jobTemplate?.spec?.template : object.spec?.template;
}

/** The container that gets the image: the one named, or the only one. */
export interface ChosenContainer {
  readonly list: 'containers' | 'initContainers';
  readonly index: number;
  readonly name: string;
  readonly image: string;
}

/** Picks the container (k8s-container) in a pod template; a string says why none can be picked. */
export function chooseContainer(
  template: PodTemplate | undefined,
  wanted: string | undefined,
  label: string,
): ChosenContainer | string {
  const containers = template?.spec?.containers ?? [];
  const names = containers.map((c) => c.name);
  if (wanted !== undefined) {
    for (const list of ['containers', 'initContainers'] as const) {
      const index = (template?.spec?.[list] ?? []).findIndex((c) => c.name === wanted);
      if (index >= 0) {
        const container = template!.spec![list]![index]!;
        return { list, index, name: container.name, image: container.image ?? '' };
      }
    }
    return `${label} has no container "${wanted}" (k8s-container); its containers are: ${names.join(', ') || 'none'}`;
  }
  if (containers.length === 1)
    return { list: 'containers', index: 0, name: names[0]!, image: containers[0]!.image ?? '' };
  if (containers.length === 0) return `${label} has no containers in its pod template`;
  return `${label} has ${containers.length} containers (${names.join(', ')}): set k8s-container to the one that runs this image (the others keep their images)`;
}

/** The repository and digest of an image reference, to compare a running image with the one to deploy. */
export function imageIdentity(image: string): { repository: string; digest: string | undefined } {
  const at = image.indexOf('@');
  const name = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? undefined : image.slice(at + 1);
  // A tag after the last "/" (not a registry port) is dropped: repo:1.2@sha256:… runs repo@sha256:….
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const repository = colon > slash ? name.slice(0, colon) : name;
  return { repository: normalizeRepository(repository), digest };
}

/** docker.io/library/nginx, docker.io/nginx and nginx are the same repository. */
function normalizeRepository(repository: string): string {
  const first = repository.split('/')[0]!;
  const hasRegistry = repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let result = hasRegistry ? repository : `docker.io/${repository}`;
  if (/^(?:index\.)?docker\.io\/[^/]+$/.test(result))
    result = result.replace(/^(?:index\.)?docker\.io\//, 'docker.io/library/');
  return result.replace(/^index\.docker\.io\//, 'docker.io/');
}

/** Whether `running` already is `image` (same repository and digest, whatever tag it also names). */
export function runsImage(running: string, image: string): boolean {
  const a = imageIdentity(running);
  const b = imageIdentity(image);
  return a.digest !== undefined && a.digest === b.digest && a.repository === b.repository;
}

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/**
 * The image-only strategic-merge patch: the container (merged by name, the others untouched), the
 * change-cause, and the resourceVersion read, so that a change made since fails with 409.
 */
export function imagePatch(
  kind: WorkloadKind,
  object: KubeObject,
  container: ChosenContainer,
  image: string,
  changeCause: string,
): Record<string, unknown> {
  const podSpec = { [container.list]: [{ name: container.name, image }] };
  const spec =
    kind === 'cronjob' ? { jobTemplate: { spec: { template: { spec: podSpec } } } } : { template: { spec: podSpec } };
  return {
    metadata: {
      resourceVersion: object.metadata?.resourceVersion,
      annotations: { [CHANGE_CAUSE]: changeCause },
    },
    spec,
  };
}

/** A JSON Pointer token: "~" and "/" escaped (RFC 6901). */
export function pointerToken(text: string): string {
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface JsonPatchOperation {
  readonly op: 'test' | 'replace' | 'add' | 'remove';
  readonly path: string;
  readonly value?: unknown;
}

/**
 * The JSON Patch that undoes this run's patch: guarded by a `test` on the image this run set (a
 * deploy made since is never overwritten), the exact pod template read before, and the
 * change-cause as it was.
 */
export function undoPatch(
  kind: WorkloadKind,
  before: KubeObject,
  container: ChosenContainer,
  image: string,
): JsonPatchOperation[] {
  const template = templatePointer(kind);
  const causePath = `/metadata/annotations/${pointerToken(CHANGE_CAUSE)}`;
  const previousCause = before.metadata?.annotations?.[CHANGE_CAUSE];
  return [
    { op: 'test', path: `${template}/spec/${container.list}/${container.index}/image`, value: image },
    { op: 'replace', path: template, value: podTemplate(kind, before) },
    previousCause === undefined
      ? { op: 'remove', path: causePath }
      : { op: 'replace', path: causePath, value: previousCause },
  ];
}

/** The plan's view of the change: the pod template's image, and nothing else. */
export function templateDiff(label: string, container: ChosenContainer, image: string): string[] {
  return [
    `${label}, container ${container.name}${container.list === 'initContainers' ? ' (init)' : ''}:`,
    `  - image: ${container.image || '(none)'}`,
    `  + image: ${image}`,
  ];
}

/** A label selector as the API's labelSelector parameter writes it. */
export function selectorString(selector: LabelSelector | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    if (operator === 'In') parts.push(`${key} in (${values.join(',')})`);
    else if (operator === 'NotIn') parts.push(`${key} notin (${values.join(',')})`);
    else if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
  }
  return parts.join(',');
}

/** The labels the Job controller puts on a Job and its template, which a new Job must not copy. */
const JOB_CONTROLLER_LABELS = [
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
];

function withoutKeys(
  record: Record<string, string> | undefined,
  keys: readonly string[],
): Record<string, string> | undefined {
  if (!record) return undefined;
  const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
  return Object.keys(rest).length ? rest : undefined;
}

/**
 * A new Job from an existing one (a Job's template cannot change): its spec without the selector
 * and the labels the controller generated, with the image set in the chosen container.
 */
export function jobFromJob(
  source: KubeObject,
  name: string,
  container: ChosenContainer,
  image: string,
  changeCause: string,
): KubeObject {
  const spec = structuredClone(source.spec ?? {}) as NonNullable<KubeObject['spec']>;
  delete spec.selector;
  delete spec.manualSelector;
  // A suspended source still runs here: the run asked for it.
  delete spec.suspend;
  const template = spec.template ?? {};
  const templateMeta = { ...template.metadata };
  const labels = withoutKeys(templateMeta.labels, JOB_CONTROLLER_LABELS);
  if (labels) templateMeta.labels = labels;
  else delete templateMeta.labels;
  delete templateMeta.creationTimestamp;
  template.metadata = templateMeta;
  const list = template.spec?.[container.list];
  if (list?.[container.index]) list[container.index] = { ...list[container.index]!, image };
  spec.template = template;
  const labelsOfJob = withoutKeys(source.metadata?.labels, JOB_CONTROLLER_LABELS);
  const annotations = withoutKeys(source.metadata?.annotations, [
    'kubectl.kubernetes.io/last-applied-configuration',
    'batch.kubernetes.io/job-tracking',
  ]);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      ...(labelsOfJob && { labels: labelsOfJob }),
      annotations: {
        ...annotations,
        [CHANGE_CAUSE]: changeCause,
        'portable-deploy/source-job': source.metadata?.name ?? '',
      },
    },
    spec,
  };
}

/** The name of a Job run from job/NAME: NAME-XXXXX, five random lower-case letters and digits, as generateName does. */
export function jobRunName(name: string, random: () => number = Math.random): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet[Math.floor(random() * alphabet.length)];
  return `${name}-${suffix}`;
}
