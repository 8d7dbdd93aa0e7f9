/** The API resources the stand-in serves, as discovery lists them. */
export interface ResourceInfo {
  /** Plural, as in the URL. */
  readonly name: string;
  readonly singularName: string;
  readonly kind: string;
  /** '' for the core group. */
  readonly group: '' | 'apps' | 'batch';
  readonly version: 'v1';
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly subresources: readonly string[];
  /** Whether a spec change bumps metadata.generation. */
  readonly generation: boolean;
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: readonly ResourceInfo[] = [
  {
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
    generation: false,
  },
  {
    name: 'nodes',
    singularName: 'node',
    kind: 'Node',
    group: '',
    version: 'v1',
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
    generation: false,
  },
  {
    name: 'pods',
    singularName: 'pod',
    kind: 'Pod',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log'],
    generation: false,
  },
  {
    name: 'events',
    singularName: 'event',
    kind: 'Event',
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: ['ev'],
    subresources: [],
    generation: false,
  },
  {
    name: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  },
  {
    name: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  },
  {
    name: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    generation: true,
  },
  {
    name: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    subresources: ['status'],
    generation: true,
  },
  {
    name: 'controllerrevisions',
    singularName: 'controllerrevision',
    kind: 'ControllerRevision',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    subresources: [],
    generation: false,
  },
  {
    name: 'jobs',
    singularName: 'job',
    kind: 'Job',
    group: 'batch',
    version: 'v1',
    namespaced: true,
    categories: ['all'],
    subresources: ['status'],
    generation: true,
  },
  {
    name: 'cronjobs',
    singularName: 'cronjob',
    kind: 'CronJob',
    group: 'batch',
    version: 'v1',
    namespaced: true,
    shortNames: ['cj'],
    categories: ['all'],
    subresources: ['status'],
    generation: true,
  },
];

export const apiVersionOf = (info: ResourceInfo): string =>
  info.group ? `${info.group}/${info.version}` : info.version;

/** `deployments.apps`, `pods`: how Status messages name a resource. */
export const qualifiedName = (info: ResourceInfo): string => (info.group ? `${info.name}.${info.group}` : info.name);

export function resourceInfo(group: string, name: string): ResourceInfo | undefined {
  return RESOURCES.find((info) => info.group === group && info.name === name);
}

export function byKind(kind: string): ResourceInfo {
  const info = RESOURCES.find((candidate) => candidate.kind === kind);
  if (!info) throw new Error(`no resource of kind ${kind}`);
  return info;
}

/** An APIResourceList (GET /api/v1, /apis/apps/v1, /apis/batch/v1). */
export function resourceList(group: string): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const info of RESOURCES.filter((candidate) => candidate.group === group)) {
    resources.push({
      name: info.name,
      singularName: info.singularName,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: info.name === 'controllerrevisions' ? VERBS : VERBS,
      ...(info.shortNames && { shortNames: info.shortNames }),
      ...(info.categories && { categories: info.categories }),
      storageVersionHash: Buffer.from(`${info.group}/${info.name}`).toString('base64').slice(0, 11),
    });
    for (const sub of info.subresources) {
      if (sub === 'scale')
        resources.push({
          name: `${info.name}/scale`,
          singularName: '',
          namespaced: true,
          group: 'autoscaling',
          version: 'v1',
          kind: 'Scale',
          verbs: ['get', 'patch', 'update'],
        });
      else if (sub === 'log')
        resources.push({
          name: `${info.name}/log`,
          singularName: '',
          namespaced: true,
          kind: info.kind,
          verbs: ['get'],
        });
      else
        resources.push({
          name: `${info.name}/${sub}`,
          singularName: '',
          namespaced: info.namespaced,
          kind: info.kind,
          verbs: ['get', 'patch', 'update'],
        });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/v1` : 'v1', resources };
}

export function groupList(): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: ['apps', 'batch'].map((name) => ({
      name,
      versions: [{ groupVersion: `${name}/v1`, version: 'v1' }],
      preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
    })),
  };
}

/**
 * GET /openapi/v3: where each group-version's document is. kubectl reads it to learn whether the
 * server checks fields itself (a `fieldValidation` query parameter on PATCH), and then skips its
 * own schema validation (which would need the whole OpenAPI v2 document).
 */
export function openApiRoot(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const gv of ['api/v1', 'apis/apps/v1', 'apis/batch/v1'])
    paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=stand-in` };
  return { paths };
}

/** GET /openapi/v3/{api/v1|apis/G/v1}: each item path's PATCH, with its kind and fieldValidation. */
export function openApiGroupVersion(group: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const parameter = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  for (const info of RESOURCES.filter((candidate) => candidate.group === group)) {
    const prefix = group ? `/apis/${group}/v1` : '/api/v1';
    const path = info.namespaced
      ? `${prefix}/namespaces/{namespace}/${info.name}/{name}`
      : `${prefix}/${info.name}/{name}`;
    const gvk = { group, version: 'v1', kind: info.kind };
    paths[path] = {
      patch: {
        description: `partially update the specified ${info.kind}`,
        operationId: `patch${info.kind}`,
        parameters: [parameter('dryRun'), parameter('fieldManager'), parameter('fieldValidation'), parameter('force')],
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths };
}
