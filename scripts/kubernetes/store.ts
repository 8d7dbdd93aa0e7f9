/**
 * The stand-in's etcd: objects by resource, namespace and name; one resourceVersion counter for all;
 * the recent change events (what a watch from a resourceVersion replays, and 410 Gone before them);
 * and the open watches. Controllers and API handlers both write through `create`, `update`, `remove`.
 */
import { randomUUID } from 'node:crypto';
import { apiVersionOf, byKind, RESOURCES, type ResourceInfo } from './resources.ts';
import { matchesFields, matchesLabels, type FieldRequirement, type Requirement } from './selectors.ts';
import { clone, deepEqual, timestamp, type KubeObject } from './types.ts';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  readonly rv: number;
  readonly resource: string;
  readonly type: EventType;
  readonly object: KubeObject;
  /** The object before the change (for MODIFIED and DELETED). */
  readonly previous?: KubeObject;
}

export interface Watcher {
  readonly resource: string;
  readonly namespace?: string;
  readonly labels: readonly Requirement[];
  readonly fields: readonly FieldRequirement[];
  send(type: EventType, object: KubeObject, rv: number): void;
}

/** How many change events stay replayable; a watch from before them gets 410 Expired. */
const EVENT_WINDOW = 20_000;

export class Store {
  private revision = 1000;
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly events: StoredEvent[] = [];
  readonly watchers = new Set<Watcher>();
  /** Called after every change (wakes the controllers). */
  onChange: () => void = () => {};

  constructor() {
    for (const info of RESOURCES) this.objects.set(info.name, new Map());
  }

  get resourceVersion(): number {
    return this.revision;
  }

  /** The oldest resourceVersion a watch may start from. */
  get oldestReplayable(): number {
    return this.events[0] ? this.events[0].rv - 1 : this.revision;
  }

  private table(resource: string): Map<string, KubeObject> {
    const table = this.objects.get(resource);
    if (!table) throw new Error(`unknown resource ${resource}`);
    return table;
  }

  private static key(namespace: string | undefined, name: string): string {
    return `${namespace ?? ''}/${name}`;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const found = this.table(resource).get(Store.key(namespace, name));
    return found && clone(found);
  }

  /** Objects of a resource (in one namespace, or all), sorted by namespace and name. */
  list(resource: string, namespace?: string): KubeObject[] {
    return [...this.table(resource).entries()]
      .filter(([, object]) => namespace === undefined || object.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, object]) => clone(object));
  }

  /** Objects controlled by the owner (its controller reference). */
  owned(resource: string, owner: KubeObject): KubeObject[] {
    return this.list(resource, owner.metadata.namespace).filter((object) =>
      object.metadata.ownerReferences?.some(
        (reference) => reference.controller && reference.uid === owner.metadata.uid,
      ),
    );
  }

  /** Fills uid, creationTimestamp, generation, resourceVersion and stores a new object. */
  create(resource: string, object: KubeObject, options: { dryRun?: boolean } = {}): KubeObject {
    const info = infoOf(resource);
    const created = clone(object);
    created.apiVersion = apiVersionOf(info);
    created.kind = info.kind;
    created.metadata.uid ??= randomUUID();
    created.metadata.creationTimestamp = timestamp();
    if (info.generation) created.metadata.generation = 1;
    if (options.dryRun) return created;
    created.metadata.resourceVersion = String(++this.revision);
    this.table(resource).set(Store.key(created.metadata.namespace, created.metadata.name!), created);
    this.record({ rv: this.revision, resource, type: 'ADDED', object: created });
    return clone(created);
  }

  /**
   * Stores a changed object (bumping generation when its spec changed); returns it unchanged when
   * nothing changed, as the real server does for a no-op update.
   */
  update(resource: string, object: KubeObject, options: { dryRun?: boolean } = {}): KubeObject {
    const info = infoOf(resource);
    const key = Store.key(object.metadata.namespace, object.metadata.name!);
    const previous = this.table(resource).get(key);
    if (!previous) throw new Error(`${resource} ${key} does not exist`);
    const next = clone(object);
    next.apiVersion = apiVersionOf(info);
    next.kind = info.kind;
    next.metadata.uid = previous.metadata.uid;
    next.metadata.creationTimestamp = previous.metadata.creationTimestamp;
    next.metadata.resourceVersion = previous.metadata.resourceVersion;
    if (info.generation) {
      next.metadata.generation = previous.metadata.generation ?? 1;
      if (!deepEqual(previous.spec, next.spec)) next.metadata.generation += 1;
    }
    if (deepEqual(withoutVolatile(previous), withoutVolatile(next))) return clone(previous);
    if (options.dryRun) return next;
    next.metadata.resourceVersion = String(++this.revision);
    this.table(resource).set(key, next);
    this.record({ rv: this.revision, resource, type: 'MODIFIED', object: next, previous });
    return clone(next);
  }

  remove(
    resource: string,
    namespace: string | undefined,
    name: string,
    options: { dryRun?: boolean } = {},
  ): KubeObject | undefined {
    const key = Store.key(namespace, name);
    const previous = this.table(resource).get(key);
    if (!previous) return undefined;
    const gone = clone(previous);
    gone.metadata.deletionTimestamp ??= timestamp();
    if (options.dryRun) return gone;
    this.table(resource).delete(key);
    gone.metadata.resourceVersion = String(++this.revision);
    this.record({ rv: this.revision, resource, type: 'DELETED', object: gone, previous });
    return clone(gone);
  }

  /** The events after a resourceVersion, for a watch that starts there. */
  since(rv: number): StoredEvent[] {
    return this.events.filter((event) => event.rv > rv);
  }

  private record(event: StoredEvent): void {
    this.events.push(event);
    if (this.events.length > EVENT_WINDOW) this.events.splice(0, this.events.length - EVENT_WINDOW);
    for (const watcher of this.watchers) deliver(watcher, event);
    this.onChange();
  }
}

function withoutVolatile(object: KubeObject): KubeObject {
  const copy = clone(object);
  delete copy.metadata.resourceVersion;
  delete copy.metadata.managedFields;
  return copy;
}

function infoOf(resource: string): ResourceInfo {
  const info = RESOURCES.find((candidate) => candidate.name === resource);
  if (!info) throw new Error(`unknown resource ${resource}`);
  return info;
}

export function matches(watcher: Pick<Watcher, 'namespace' | 'labels' | 'fields'>, object: KubeObject): boolean {
  if (watcher.namespace !== undefined && object.metadata.namespace !== watcher.namespace) return false;
  return matchesLabels(object.metadata.labels, watcher.labels) && matchesFields(object, watcher.fields);
}

/**
 * Sends an event to a watch as the watch cache does with selectors: an object that starts matching
 * is ADDED, one that stops matching is DELETED.
 */
export function deliver(watcher: Watcher, event: StoredEvent): void {
  if (event.resource !== watcher.resource) return;
  const now = matches(watcher, event.object);
  const before = event.previous ? matches(watcher, event.previous) : false;
  if (event.type === 'DELETED') {
    if (before || now) watcher.send('DELETED', event.object, event.rv);
    return;
  }
  if (now && before) watcher.send('MODIFIED', event.object, event.rv);
  else if (now) watcher.send('ADDED', event.object, event.rv);
  else if (before) watcher.send('DELETED', event.object, event.rv);
}

export { byKind };
