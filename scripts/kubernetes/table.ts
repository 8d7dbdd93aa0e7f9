/**
 * meta.k8s.io/v1 Table answers (what `kubectl get` prints when it asks with `as=Table`), with the
 * columns kube-apiserver's printers give the kinds served. Pure.
 */
import type { Json, KubeObject } from './types.ts';

interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly cell: (object: KubeObject, now: number) => string | number;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** kubectl's short age: 45s, 3m12s, 5h, 2d. */
export function age(timestamp: string | null | undefined, now = Date.now()): string {
  if (!timestamp) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** The pod STATUS column: the waiting or terminated reason that matters, else the phase. */
export function podStatus(pod: KubeObject): string {
  const status = (pod.status ?? {}) as Json;
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  let reason = String(status.reason ?? status.phase ?? 'Unknown');
  for (const container of (status.containerStatuses as Json[] | undefined) ?? []) {
    const state = (container.state ?? {}) as {
      waiting?: { reason?: string };
      terminated?: { reason?: string; exitCode?: number };
    };
    if (state.waiting?.reason && state.waiting.reason !== 'ContainerCreating') reason = state.waiting.reason;
    else if (state.waiting?.reason && reason === 'Pending') reason = 'ContainerCreating';
    else if (state.terminated?.reason && reason !== 'Running') reason = state.terminated.reason;
  }
  return reason;
}

const name: Column = { name: 'Name', type: 'string', cell: (object) => object.metadata.name ?? '' };
const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  cell: (object, now) => age(object.metadata.creationTimestamp, now),
};
const status = (object: KubeObject) => (object.status ?? {}) as Json;
const spec = (object: KubeObject) => (object.spec ?? {}) as Json;

const COLUMNS: Record<string, readonly Column[]> = {
  pods: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (pod) => {
        const statuses = (status(pod).containerStatuses as Json[] | undefined) ?? [];
        const total = ((spec(pod).containers as unknown[] | undefined) ?? []).length;
        return `${statuses.filter((container) => container.ready === true).length}/${total}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatus },
    {
      name: 'Restarts',
      type: 'string',
      cell: (pod) =>
        String(
          ((status(pod).containerStatuses as Json[] | undefined) ?? []).reduce(
            (sum, container) => sum + num(container.restartCount),
            0,
          ),
        ),
    },
    ageColumn,
  ],
  deployments: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (object) => `${num(status(object).readyReplicas)}/${num(spec(object).replicas)}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (object) => num(status(object).updatedReplicas) },
    { name: 'Available', type: 'integer', cell: (object) => num(status(object).availableReplicas) },
    ageColumn,
  ],
  replicasets: [
    name,
    { name: 'Desired', type: 'integer', cell: (object) => num(spec(object).replicas) },
    { name: 'Current', type: 'integer', cell: (object) => num(status(object).replicas) },
    { name: 'Ready', type: 'integer', cell: (object) => num(status(object).readyReplicas) },
    ageColumn,
  ],
  statefulsets: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (object) => `${num(status(object).readyReplicas)}/${num(spec(object).replicas)}`,
    },
    ageColumn,
  ],
  daemonsets: [
    name,
    { name: 'Desired', type: 'integer', cell: (object) => num(status(object).desiredNumberScheduled) },
    { name: 'Current', type: 'integer', cell: (object) => num(status(object).currentNumberScheduled) },
    { name: 'Ready', type: 'integer', cell: (object) => num(status(object).numberReady) },
    { name: 'Up-to-date', type: 'integer', cell: (object) => num(status(object).updatedNumberScheduled) },
    { name: 'Available', type: 'integer', cell: (object) => num(status(object).numberAvailable) },
    ageColumn,
  ],
  jobs: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: (job) => {
        const conditions = (status(job).conditions as { type: string; status: string }[] | undefined) ?? [];
        const done = conditions.find(
          (condition) => ['Complete', 'Failed'].includes(condition.type) && condition.status === 'True',
        );
        return done ? done.type : 'Running';
      },
    },
    {
      name: 'Completions',
      type: 'string',
      cell: (job) => `${num(status(job).succeeded)}/${num(spec(job).completions) || 1}`,
    },
    ageColumn,
  ],
  namespaces: [
    name,
    { name: 'Status', type: 'string', cell: (object) => String(status(object).phase ?? 'Active') },
    ageColumn,
  ],
};

/** A Table of the objects; each row carries the object (includeObject=Object) or its metadata. */
export function toTable(
  resource: string,
  objects: readonly KubeObject[],
  resourceVersion: string,
  includeObject: string | null,
  now = Date.now(),
): Json {
  const columns = COLUMNS[resource] ?? [name, ageColumn];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((column) => ({
      name: column.name,
      type: column.type,
      format: column.name === 'Name' ? 'name' : '',
      description: column.name,
      priority: 0,
    })),
    rows: objects.map((object) => ({
      cells: columns.map((column) => column.cell(object, now)),
      object:
        includeObject === 'Object'
          ? object
          : includeObject === 'None'
            ? undefined
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata },
    })),
  };
}
