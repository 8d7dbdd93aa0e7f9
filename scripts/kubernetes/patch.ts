/**
 * The three patch types kube-apiserver accepts besides server-side apply (pure):
 * - strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), with the merge keys of the
 *   core and apps types (containers by name, ports by containerPort, …) and the directives `$patch`
 *   (replace, delete, merge), `$setElementOrder/FIELD`, `$deleteFromPrimitiveList/FIELD`,
 *   `$retainKeys`;
 * - JSON Patch (RFC 6902, with `test`), whose failures the server answers with 422 and the message of
 *   evanphx/json-patch;
 * - JSON merge patch (RFC 7386).
 */
import { clone, deepEqual, isObject, type Json } from './types.ts';

/** patchMergeKey of the list fields with patchStrategy "merge" (by field name: unique in these kinds). */
export const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  resizePolicy: 'resourceName',
  schedulingGates: 'name',
};

/** Lists of scalars with patchStrategy "merge" (a patch adds to them). */
const MERGE_PRIMITIVE_LISTS = new Set(['finalizers']);

export class PatchError extends Error {
  /** 400 for a patch that cannot be read, 422 for one that does not apply. */
  readonly status: 400 | 422;
  constructor(status: 400 | 422, message: string) {
    super(message);
    this.status = status;
  }
}

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

/** Removes the directives from a value that is taken whole (a new element, a replaced map). */
function strip(value: unknown): unknown {
  if (Array.isArray(value))
    return value.filter((item) => !(isObject(item) && item.$patch === 'delete')).map((item) => strip(item));
  if (!isObject(value)) return value;
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('$')) continue;
    if (item === null) continue;
    result[key] = strip(item);
  }
  return result;
}

export function strategicMergePatch(original: Json, patch: unknown): Json {
  if (!isObject(patch)) throw new PatchError(400, 'unable to find api field in struct: the patch is not a JSON object');
  const result = mergeMap(original, patch);
  return result ?? {};
}

function mergeMap(original: Json | undefined, patch: Json): Json | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return strip(patch) as Json;
  if (directive !== undefined && directive !== 'merge')
    throw new PatchError(400, `Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  const result: Json = original ? clone(original) : {};
  const orders: [string, unknown][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith(SET_ORDER)) {
      orders.push([key.slice(SET_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVE)) {
      const field = key.slice(DELETE_PRIMITIVE.length);
      const list = result[field];
      if (Array.isArray(list) && Array.isArray(value))
        result[field] = list.filter((item) => !value.some((gone) => deepEqual(gone, item)));
      continue;
    }
    if (value === null) {
      Reflect.deleteProperty(result, key);
      continue;
    }
    if (Array.isArray(value)) {
      const merged = mergeList(key, result[key], value);
      if (merged === undefined) Reflect.deleteProperty(result, key);
      else result[key] = merged;
      continue;
    }
    if (isObject(value)) {
      const merged = mergeMap(isObject(result[key]) ? result[key] : undefined, value);
      if (merged === undefined) Reflect.deleteProperty(result, key);
      else result[key] = merged;
      continue;
    }
    result[key] = value;
  }
  for (const [field, order] of orders) {
    const list = result[field];
    if (Array.isArray(list) && Array.isArray(order)) result[field] = reorder(field, list, order);
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.map(String));
    for (const key of Object.keys(result)) if (!keep.has(key)) Reflect.deleteProperty(result, key);
  }
  return result;
}

function keyOf(item: unknown, mergeKey: string): unknown {
  return isObject(item) ? item[mergeKey] : item;
}

function mergeList(field: string, original: unknown, patch: unknown[]): unknown[] | undefined {
  const originalList = Array.isArray(original) ? original : [];
  const mergeKey = MERGE_KEYS[field];
  if (MERGE_PRIMITIVE_LISTS.has(field)) {
    const result = [...originalList];
    for (const item of patch) if (!result.some((existing) => deepEqual(existing, item))) result.push(item);
    return result;
  }
  if (!mergeKey || !patch.every((item) => isObject(item))) return strip(patch) as unknown[];
  // A list element {$patch: replace} replaces the whole list with the other elements.
  if (patch.some((item) => isObject(item) && item.$patch === 'replace' && item[mergeKey] === undefined))
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map((item) => strip(item));
  const result = originalList.map((item) => clone(item));
  for (const item of patch as Json[]) {
    const key = item[mergeKey];
    if (key === undefined)
      throw new PatchError(400, `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const index = result.findIndex((existing) => deepEqual(keyOf(existing, mergeKey), key));
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const merged = mergeMap(result[index] as Json, item);
      if (merged === undefined) result.splice(index, 1);
      else result[index] = merged;
    } else result.push(strip(item));
  }
  return result;
}

/** $setElementOrder: the listed elements in that order; the others keep their place after them. */
function reorder(field: string, list: unknown[], order: unknown[]): unknown[] {
  const mergeKey = MERGE_KEYS[field];
  const keyFor = (item: unknown) => (mergeKey ? keyOf(item, mergeKey) : item);
  const ordered: unknown[] = [];
  for (const wanted of order) {
    const found = list.find((item) => deepEqual(keyFor(item), keyFor(wanted)));
    if (found !== undefined && !ordered.includes(found)) ordered.push(found);
  }
  return [...ordered, ...list.filter((item) => !ordered.includes(item))];
}

/** RFC 7386. */
export function mergePatch(original: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: Json = isObject(original) ? clone(original) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(result, key);
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(422, `JSON pointer ${path} does not start with /`);
  return path
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The parent container of a pointer and the last token; undefined when a parent is missing. */
function locate(document: unknown, path: string): { parent: unknown; key: string } | undefined {
  const parts = pointer(path);
  const key = parts.pop();
  if (key === undefined) return undefined;
  let node = document;
  for (const part of parts) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isObject(node)) node = node[part];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return { parent: node, key };
}

function read(document: unknown, path: string): unknown {
  if (path === '') return document;
  const at = locate(document, path);
  if (!at) return undefined;
  if (Array.isArray(at.parent)) return /^\d+$/.test(at.key) ? at.parent[Number(at.key)] : undefined;
  if (isObject(at.parent)) return Object.hasOwn(at.parent, at.key) ? at.parent[at.key] : undefined;
  return undefined;
}

/** RFC 6902, with evanphx/json-patch's error messages (which kube-apiserver returns with 422). */
export function jsonPatch(original: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations))
    throw new PatchError(400, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let document = clone(original);
  for (const raw of operations) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string')
      throw new PatchError(422, `Unexpected kind: ${isObject(raw) ? String(raw.op) : 'unknown'}`);
    const operation = raw as unknown as Operation;
    const { op, path } = operation;
    switch (op) {
      case 'test': {
        const current = read(document, path);
        const passes = current === undefined ? (operation.value ?? null) === null : deepEqual(current, operation.value);
        if (!passes) throw new PatchError(422, `testing value ${path} failed: test failed`);
        break;
      }
      case 'remove': {
        const at = locate(document, path);
        if (!at || read(document, path) === undefined)
          throw new PatchError(422, `remove operation does not apply: doc is missing path: "${path}": missing value`);
        if (Array.isArray(at.parent)) at.parent.splice(Number(at.key), 1);
        else Reflect.deleteProperty(at.parent as Json, at.key);
        break;
      }
      case 'add':
      case 'replace':
      case 'move':
      case 'copy': {
        let value = operation.value;
        if (op === 'move' || op === 'copy') {
          if (operation.from === undefined) throw new PatchError(422, `${op} operation missing from`);
          value = read(document, operation.from);
          if (value === undefined)
            throw new PatchError(
              422,
              `${op} operation does not apply: doc is missing from path: "${operation.from}": missing value`,
            );
          value = clone(value);
          if (op === 'move') document = jsonPatch(document, [{ op: 'remove', path: operation.from }]);
        } else if (!('value' in operation)) throw new PatchError(422, `${op} operation does not apply: missing value`);
        if (path === '') {
          document = clone(value);
          break;
        }
        const at = locate(document, path);
        if (!at)
          throw new PatchError(422, `${op} operation does not apply: doc is missing path: "${path}": missing value`);
        if (Array.isArray(at.parent)) {
          const index = at.key === '-' ? at.parent.length : Number(at.key);
          if (
            !Number.isInteger(index) ||
            index < 0 ||
            index > at.parent.length ||
            (op === 'replace' && index >= at.parent.length)
          )
            throw new PatchError(422, `${op} operation does not apply: doc is missing path: "${path}": missing value`);
          if (op === 'replace') at.parent[index] = clone(value);
          else at.parent.splice(index, 0, clone(value));
        } else if (isObject(at.parent)) {
          if (op === 'replace' && !Object.hasOwn(at.parent, at.key))
            throw new PatchError(422, `replace operation does not apply: doc is missing key: ${path}: missing value`);
          at.parent[at.key] = clone(value);
        } else
          throw new PatchError(422, `${op} operation does not apply: doc is missing path: "${path}": missing value`);
        break;
      }
      default:
        throw new PatchError(422, `Unexpected kind: ${op}`);
    }
  }
  return document;
}
