/**
 * Label selectors (the `labelSelector` query and LabelSelector objects) and field selectors (the
 * `fieldSelector` query), as kube-apiserver reads them. Pure.
 */
import { isObject, type Json, type KubeObject, type LabelSelector, type Labels } from './types.ts';

export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' }
  | { key: string; op: '=' | '!='; values: [string] };

export class SelectorError extends Error {}

/** Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h`. */
export function parseLabelSelector(text: string): Requirement[] {
  const requirements: Requirement[] = [];
  let rest = text.trim();
  while (rest) {
    let match = /^!\s*([A-Za-z0-9_./-]+)\s*(,|$)/.exec(rest);
    if (match) {
      requirements.push({ key: match[1]!, op: '!' });
    } else if ((match = /^([A-Za-z0-9_./-]+)\s+(in|notin)\s*\(([^)]*)\)\s*(,|$)/.exec(rest))) {
      const values = match[3]!
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean);
      requirements.push({ key: match[1]!, op: match[2] as 'in' | 'notin', values });
    } else if ((match = /^([A-Za-z0-9_./-]+)\s*(==|!=|=)\s*([A-Za-z0-9_.-]*)\s*(,|$)/.exec(rest))) {
      requirements.push({ key: match[1]!, op: match[2] === '!=' ? '!=' : '=', values: [match[3]!] });
    } else if ((match = /^([A-Za-z0-9_./-]+)\s*(,|$)/.exec(rest))) {
      requirements.push({ key: match[1]!, op: 'exists' });
    } else throw new SelectorError(`unable to parse requirement: ${rest}`);
    rest = rest.slice(match[0].length).trim();
  }
  return requirements;
}

export function matchesLabels(labels: Labels | undefined, requirements: readonly Requirement[]): boolean {
  const have = labels ?? {};
  return requirements.every((requirement) => {
    const value = have[requirement.key];
    switch (requirement.op) {
      case 'exists':
        return value !== undefined;
      case '!':
        return value === undefined;
      case '=':
        return value === requirement.values[0];
      case '!=':
        return value !== requirement.values[0];
      case 'in':
        return value !== undefined && requirement.values.includes(value);
      case 'notin':
        return value === undefined || !requirement.values.includes(value);
      default:
        return false;
    }
  });
}

/** A LabelSelector object as requirements (matchLabels and matchExpressions). */
export function selectorRequirements(selector: LabelSelector | undefined): Requirement[] {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {}))
    requirements.push({ key, op: '=', values: [value] });
  for (const expression of selector?.matchExpressions ?? []) {
    const op = expression.operator;
    if (op === 'In') requirements.push({ key: expression.key, op: 'in', values: expression.values ?? [] });
    else if (op === 'NotIn') requirements.push({ key: expression.key, op: 'notin', values: expression.values ?? [] });
    else if (op === 'Exists') requirements.push({ key: expression.key, op: 'exists' });
    else if (op === 'DoesNotExist') requirements.push({ key: expression.key, op: '!' });
  }
  return requirements;
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  const requirements = selectorRequirements(selector);
  // An empty selector matches nothing for controllers (apps/v1 requires a non-empty one).
  return requirements.length > 0 && matchesLabels(labels, requirements);
}

/** A LabelSelector as the `labelSelector` query text kubectl sends. */
export function selectorText(selector: LabelSelector | undefined): string {
  return selectorRequirements(selector)
    .map((requirement) => {
      switch (requirement.op) {
        case '=':
          return `${requirement.key}=${requirement.values[0]}`;
        case '!=':
          return `${requirement.key}!=${requirement.values[0]}`;
        case 'in':
        case 'notin':
          return `${requirement.key} ${requirement.op} (${requirement.values.join(',')})`;
        case 'exists':
          return requirement.key;
        default:
          return `!${requirement.key}`;
      }
    })
    .join(',');
}

export interface FieldRequirement {
  readonly path: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

/** Parses `metadata.name=x,status.phase!=Running`. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  if (!text.trim()) return [];
  return text.split(',').map((part) => {
    const match = /^\s*([A-Za-z0-9_.]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(part);
    if (!match) throw new SelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    return { path: match[1]!, op: match[2] === '!=' ? '!=' : '=', value: match[3]! };
  });
}

/** The field selectors kube-apiserver supports for every kind, plus the pod ones. */
const SUPPORTED_FIELDS = new Set([
  'metadata.name',
  'metadata.namespace',
  'status.phase',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'status.podIP',
  'status.successful',
]);

export function checkFieldSelector(resource: string, requirements: readonly FieldRequirement[]): void {
  for (const requirement of requirements) {
    const supported = requirement.path.startsWith('metadata.')
      ? ['metadata.name', 'metadata.namespace'].includes(requirement.path)
      : resource === 'pods' || resource === 'jobs';
    if (!supported || !SUPPORTED_FIELDS.has(requirement.path))
      throw new SelectorError(`field label not supported: ${requirement.path}`);
  }
}

export function matchesFields(object: KubeObject, requirements: readonly FieldRequirement[]): boolean {
  return requirements.every((requirement) => {
    let node: unknown = object;
    for (const part of requirement.path.split('.')) node = isObject(node) ? (node as Json)[part] : undefined;
    const value = node === undefined || node === null ? '' : String(node);
    return requirement.op === '=' ? value === requirement.value : value !== requirement.value;
  });
}
