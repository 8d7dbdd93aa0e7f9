/**
 * Comparing task definitions: whether the rendered one is the revision the service already runs
 * (then nothing is registered), and what changes when it is not, line by line for the plan.
 * Definitions are compared as ECS stores them: without read-only fields and tags, with the values
 * ECS fills in when they are left out (a container's cpu 0, essential true, empty lists, tcp ports)
 * counted as left out, and variables and secrets compared by name, in any order. Pure.
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { comparable } from './render.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Drops undefined, null, empty lists and empty objects, at every depth. */
function prune(value: unknown): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v): v is Json => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([key, v]) => [key, prune(v)] as const)
      .filter((entry): entry is readonly [string, Json] => entry[1] !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value as Json;
}

const byName = (a: Json, b: Json) =>
  String((a as JsonObject).name ?? '').localeCompare(String((b as JsonObject).name ?? ''));

function normalizeContainer(container: JsonObject, networkMode: Json | undefined): JsonObject {
  const out: JsonObject = { ...container };
  if (out.cpu === 0) delete out.cpu;
  if (out.essential === true) delete out.essential;
  for (const key of ['environment', 'secrets'] as const)
    if (Array.isArray(out[key])) out[key] = [...out[key]].sort(byName);
  if (Array.isArray(out.portMappings)) {
    out.portMappings = out.portMappings.map((mapping) => {
      const m = { ...(mapping as JsonObject) };
      if (m.protocol === 'tcp') delete m.protocol;
      // In awsvpc and host mode the host port is the container port, and ECS fills it in.
      if ((networkMode === 'awsvpc' || networkMode === 'host') && m.hostPort === m.containerPort) delete m.hostPort;
      return m;
    });
  }
  return out;
}

/** The definition as ECS would store it, in a form two definitions compare in. */
export function normalizeDefinition(definition: object): JsonObject {
  const rest = comparable(definition as TaskDefinition) as Record<string, unknown>;
  delete rest.tags;
  const pruned = (prune(rest) ?? {}) as JsonObject;
  // Linux tasks on EC2 default to bridge networking.
  if (pruned.networkMode === 'bridge') delete pruned.networkMode;
  const networkMode = pruned.networkMode ?? 'bridge';
  if (Array.isArray(pruned.containerDefinitions))
    pruned.containerDefinitions = pruned.containerDefinitions.map((c) =>
      normalizeContainer(c as JsonObject, networkMode),
    );
  return pruned;
}

/** JSON with keys in order, so equal objects print equal. */
function canonical(value: Json | undefined): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** Whether registering `rendered` would give the same task definition as `current` (a revision ECS returned). */
export function sameDefinition(current: object, rendered: object): boolean {
  return canonical(normalizeDefinition(current)) === canonical(normalizeDefinition(rendered));
}

const show = (value: Json | undefined) => JSON.stringify(value);

/** Lines `+ path: value`, `- path: value`, `~ path: old → new` for one pair of values. */
function changeLine(path: string, before: Json | undefined, after: Json | undefined): string[] {
  if (canonical(before) === canonical(after)) return [];
  if (before === undefined) return [`+ ${path}: ${show(after)}`];
  if (after === undefined) return [`- ${path}: ${show(before)}`];
  return [`~ ${path}: ${show(before)} → ${show(after)}`];
}

/** name → value of a list of { name, value } (or { name, valueFrom }). */
function named(list: Json | undefined, field: 'value' | 'valueFrom'): Map<string, Json | undefined> {
  return new Map(
    (Array.isArray(list) ? list : []).map((item) => [String((item as JsonObject).name), (item as JsonObject)[field]]),
  );
}

function keyedChanges(
  path: string,
  before: Map<string, Json | undefined>,
  after: Map<string, Json | undefined>,
): string[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((name) =>
    changeLine(
      `${path} ${name}`,
      before.has(name) ? before.get(name) : undefined,
      after.has(name) ? after.get(name) : undefined,
    ),
  );
}

function containerChanges(name: string, before: JsonObject, after: JsonObject): string[] {
  const path = `container ${name}`;
  const lines = [
    ...keyedChanges(`${path} environment`, named(before.environment, 'value'), named(after.environment, 'value')),
    // A secret's value here is where ECS reads it from (an ARN), never the secret itself.
    ...keyedChanges(`${path} secret`, named(before.secrets, 'valueFrom'), named(after.secrets, 'valueFrom')),
  ];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => key !== 'name' && key !== 'environment' && key !== 'secrets',
  );
  // The image first: it is what every deploy changes.
  keys.sort((a, b) => (a === 'image' ? -1 : b === 'image' ? 1 : a.localeCompare(b)));
  return [...keys.flatMap((key) => changeLine(`${path} ${key}`, before[key], after[key])), ...lines];
}

/**
 * What registering `after` changes compared with `before` (both as ECS stores them): one line per
 * task-level field, container field, variable and secret that differs; empty when nothing does.
 */
export function definitionChanges(before: object, after: object): string[] {
  const a = normalizeDefinition(before);
  const b = normalizeDefinition(after);
  const containersOf = (d: JsonObject) =>
    new Map(
      (Array.isArray(d.containerDefinitions) ? d.containerDefinitions : []).map(
        (c) => [String((c as JsonObject).name), c as JsonObject] as const,
      ),
    );
  const beforeContainers = containersOf(a);
  const afterContainers = containersOf(b);
  const lines: string[] = [];
  for (const [name, container] of afterContainers) {
    const old = beforeContainers.get(name);
    if (old) lines.push(...containerChanges(name, old, container));
    else lines.push(`+ container ${name}: ${show(container)}`);
  }
  for (const [name, container] of beforeContainers)
    if (!afterContainers.has(name)) lines.push(`- container ${name}: ${show(container)}`);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'containerDefinitions').sort();
  lines.push(...keys.flatMap((key) => changeLine(key, a[key], b[key])));
  return lines;
}
