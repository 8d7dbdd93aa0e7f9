/**
 * A Kubernetes API server for the tests and the demo, since none can run here (see
 * ../shared/KUBERNETES.md): HTTPS with a throwaway CA and bearer tokens (401 Status otherwise),
 * /version, discovery (/api, /apis, /api/v1, /apis/apps/v1, /apis/batch/v1), and namespaces, nodes,
 * pods (+/log), events, deployments, replicasets, statefulsets, controllerrevisions, daemonsets,
 * jobs and cronjobs with GET, LIST and WATCH (labelSelector, fieldSelector, resourceVersion,
 * allowWatchBookmarks, timeoutSeconds, sendInitialEvents), POST, PUT, PATCH (strategic merge, JSON
 * Patch with `test`, merge patch) with resourceVersion preconditions, fieldManager and dryRun=All,
 * DELETE with garbage collection, /status and /scale. Objects are defaulted as kube-apiserver
 * defaults them, and simulated controllers and a kubelet move them (scripts/kubernetes/*.ts).
 *
 * It records every request and can answer chosen requests with an error (409, 5xx, 403, 429).
 * Its own switches live under /stand-in/ (no token needed):
 *   GET|DELETE /stand-in/requests           the record (and clear it)
 *   POST|GET|DELETE /stand-in/faults        add a FaultRule (JSON), list, clear
 *   PUT|POST|GET /stand-in/images           replace the image rules ({rules: ImageRule[]}), add one
 *   PUT /stand-in/registries                {registries: {HOST: {url, authorization?}}, checkLoopbackRegistries?}
 *   PUT /stand-in/timing                    Partial<Timing> (ms)
 *   PUT /stand-in/nodes                     {nodes: [names]} (what DaemonSets schedule on)
 *   POST /stand-in/tokens                   {token, user}: another bearer token
 *   GET /stand-in/kubeconfig                a kubeconfig for this server (?namespace=)
 * Run as `node scripts/kubernetes-api.ts DIR` (scripts/kubernetes-api.sh) it writes DIR/kubeconfig,
 * DIR/url, DIR/token, DIR/ca.pem and DIR/env, and serves until stopped.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as toYaml } from 'yaml';
import { createControllers, type Controllers } from './kubernetes/controllers.ts';
import { defaultObject, randomSuffix } from './kubernetes/defaults.ts';
import { verifyEksToken, type EksAuth } from './kubernetes/eks.ts';
import { verifyEntraToken, type EntraAuth } from './kubernetes/entra.ts';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  invalid,
  notFound,
  serverError,
  StatusError,
  unauthorized,
} from './kubernetes/http.ts';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './kubernetes/patch.ts';
import { decodeProtobuf } from './kubernetes/protobuf.ts';
import {
  DEFAULT_TIMING,
  Kubelet,
  type ImageRule,
  type KubeletConfig,
  type RegistryRoute,
  type Timing,
} from './kubernetes/pods.ts';
import {
  apiVersionOf,
  groupList,
  openApiGroupVersion,
  openApiRoot,
  resourceInfo,
  resourceList,
  RESOURCES,
  type ResourceInfo,
} from './kubernetes/resources.ts';
import {
  checkFieldSelector,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
  selectorText,
  type FieldRequirement,
  type Requirement,
} from './kubernetes/selectors.ts';
import { deliver, matches, Store, type EventType, type Watcher } from './kubernetes/store.ts';
import { toTable } from './kubernetes/table.ts';
import { clone, isObject, timestamp, type Json, type KubeObject, type Workload } from './kubernetes/types.ts';
import { nameCauses, validate } from './kubernetes/validation.ts';
import { makeServerCertificate, type ServerCertificate } from './throwaway-ca.ts';

export type { ImageRule, RegistryRoute, Timing } from './kubernetes/pods.ts';
export type { KubeObject } from './kubernetes/types.ts';
export { REVISION, REVISION_HISTORY } from './kubernetes/controllers.ts';

export interface RecordedKubernetesRequest {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  /** get, list, watch, create, update, patch, delete, deletecollection; discovery; stand-in. */
  readonly verb: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly contentType?: string;
  readonly fieldManager?: string;
  readonly dryRun: boolean;
  readonly body?: unknown;
  /** Who the token belongs to (undefined when it was refused). */
  readonly user?: string;
  readonly userAgent?: string;
  status: number;
}

/** Answers matching requests with an error, `times` times. Unset fields match anything. */
export interface FaultRule {
  method?: string;
  verb?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** The patch type (strategic, json, merge) of a PATCH. */
  patchType?: 'strategic' | 'json' | 'merge';
  status: number;
  times: number;
  message?: string;
  retryAfterSeconds?: number;
}

export interface KubernetesApiOptions {
  /** Where the certificates are written (a temporary directory otherwise, removed on close). */
  dir?: string;
  /** The bearer token (random otherwise). */
  token?: string;
  /** The kubeconfig context's namespace (created when missing; default "default"). */
  namespace?: string;
  /** Node names, for DaemonSets (default two). */
  nodes?: string[];
  timing?: Partial<Timing>;
  rules?: ImageRule[];
  registries?: Record<string, RegistryRoute>;
  /** More bearer tokens, to the user each authenticates (e.g. the Google stand-in's access token). */
  tokens?: Record<string, string>;
  /** Also accept EKS tokens (k8s-aws-v1.…) checked against this STS (moto_server). */
  eks?: EksAuth;
  /** Also accept Entra tokens for the AKS server application signed with this certificate. */
  entra?: EntraAuth;
  /** More names for the server certificate (e.g. an AKS fqdn), besides 127.0.0.1 and localhost. */
  altNames?: string[];
  /** What /version says (default v1.32.4). */
  gitVersion?: string;
}

export interface KubernetesApi {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The CA (PEM) that signed the server certificate. */
  readonly caPem: string;
  readonly caPath: string;
  readonly store: Store;
  readonly kubelet: KubeletConfig;
  readonly requests: RecordedKubernetesRequest[];
  readonly faults: FaultRule[];
  /** Run before a request is handled (after auth and faults); may change the store meanwhile. */
  readonly hooks: ((request: RecordedKubernetesRequest) => void | Promise<void>)[];
  /** Bearer tokens accepted, to the user they authenticate. */
  readonly tokens: Map<string, string>;
  nodes: string[];
  /** A kubeconfig (YAML) for this server. */
  kubeconfig(options?: { namespace?: string; token?: string; user?: string }): string;
  /** Runs the controllers once now (the timer runs them every timing.tickMs anyway). */
  tick(): void;
  close(): Promise<void>;
}

function makeCertificates(dir: string, altNames: readonly string[] = []): Promise<ServerCertificate> {
  return makeServerCertificate(dir, {
    ca: 'Portable Deploy Kubernetes stand-in CA',
    server: 'kube-apiserver',
    subjectAltNames: [
      'IP:127.0.0.1',
      'DNS:localhost',
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      ...altNames.map((name) => (/^[\d.]+$/.test(name) ? `IP:${name}` : `DNS:${name}`)),
    ],
  });
}

interface Route {
  group: string;
  version: string;
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  watch: boolean;
}

function parseRoute(path: string): Route | { discovery: Json } | undefined {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1)
      return {
        discovery: {
          kind: 'APIVersions',
          versions: ['v1'],
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' }],
        },
      };
    group = '';
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) return { discovery: groupList() };
    group = segments[1]!;
    version = segments[2];
    if (!['apps', 'batch'].includes(group)) return undefined;
    if (version === undefined)
      return {
        discovery: {
          kind: 'APIGroup',
          apiVersion: 'v1',
          name: group,
          versions: [{ groupVersion: `${group}/v1`, version: 'v1' }],
          preferredVersion: { groupVersion: `${group}/v1`, version: 'v1' },
        },
      };
    rest = segments.slice(3);
  } else return undefined;
  if (version !== 'v1') return undefined;
  if (rest.length === 0) return { discovery: resourceList(group) };
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && resourceInfo(group, rest[2]!)?.namespaced) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const info = resourceInfo(group, rest[0] ?? '');
  if (!info || rest.length > 3) return undefined;
  return { group, version, info, namespace, name: rest[1], subresource: rest[2], watch };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'cache-control': 'no-cache, private',
    'audit-id': randomUUID(),
    ...headers,
  });
  response.end(text);
}

function patchTypeOf(contentType: string): 'strategic' | 'json' | 'merge' | 'apply' | undefined {
  const type = contentType.split(';')[0]!.trim();
  if (type === 'application/strategic-merge-patch+json') return 'strategic';
  if (type === 'application/json-patch+json') return 'json';
  if (type === 'application/merge-patch+json') return 'merge';
  if (type === 'application/apply-patch+yaml' || type === 'application/apply-patch+cbor') return 'apply';
  return undefined;
}

/** Whether the client asks for a meta.k8s.io Table (kubectl get, for what it prints). */
function wantsTable(request: IncomingMessage): boolean {
  return /as=Table/.test(request.headers.accept ?? '');
}

/** The objects of a list as the real server serves them: without kind and apiVersion. */
function listItem(object: KubeObject): KubeObject {
  const copy = clone(object);
  delete copy.kind;
  delete copy.apiVersion;
  return copy;
}

export async function startKubernetesApi(options: KubernetesApiOptions = {}): Promise<KubernetesApi> {
  const ownDir = !options.dir;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'pd-kubernetes-')));
  await mkdir(dir, { recursive: true });
  const certificates = await makeCertificates(dir, options.altNames);
  const [caPem, keyPem, certPem] = await Promise.all([
    readFile(certificates.ca, 'utf8'),
    readFile(certificates.key, 'utf8'),
    readFile(certificates.cert, 'utf8'),
  ]);
  const token = options.token ?? `stand-in-${randomBytes(16).toString('hex')}`;
  const tokens = new Map<string, string>([[token, 'stand-in-admin'], ...Object.entries(options.tokens ?? {})]);
  const store = new Store();
  const requests: RecordedKubernetesRequest[] = [];
  const faults: FaultRule[] = [];
  const hooks: KubernetesApi['hooks'] = [];
  const kubeletConfig: KubeletConfig = {
    rules: [...(options.rules ?? [])],
    registries: { ...options.registries },
    checkLoopbackRegistries: true,
    timing: { ...DEFAULT_TIMING, ...options.timing },
  };
  const eventNames: [string, string][] = [];
  const recordEvent = (object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => {
    const namespace = object.metadata.namespace;
    if (!namespace || !store.get('namespaces', undefined, namespace)) return;
    const now = timestamp();
    const name = `${object.metadata.name}.${randomBytes(8).toString('hex')}`;
    store.create('events', {
      metadata: { name, namespace },
      involvedObject: {
        kind: object.kind,
        namespace,
        name: object.metadata.name,
        uid: object.metadata.uid,
        apiVersion: object.apiVersion,
        resourceVersion: object.metadata.resourceVersion,
      },
      reason,
      message,
      source: { component: object.kind === 'Pod' ? 'kubelet' : `${String(object.kind).toLowerCase()}-controller` },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: object.kind === 'Pod' ? 'kubelet' : `${String(object.kind).toLowerCase()}-controller`,
      reportingInstance: '',
    });
    eventNames.push([namespace, name]);
    while (eventNames.length > 2000) {
      const [oldNamespace, oldName] = eventNames.shift()!;
      store.remove('events', oldNamespace, oldName);
    }
  };
  const kubelet = new Kubelet(store, kubeletConfig, recordEvent);
  let nodes = options.nodes ?? ['stand-in-node-1', 'stand-in-node-2'];
  const controllers: Controllers = createControllers(store, kubelet, recordEvent, () => nodes);

  for (const name of new Set([
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
    options.namespace ?? 'default',
  ])) {
    const namespace: KubeObject = { metadata: { name } };
    defaultObject('namespaces', namespace);
    store.create('namespaces', namespace);
  }
  const syncNodes = () => {
    for (const existing of store.list('nodes'))
      if (!nodes.includes(existing.metadata.name!)) store.remove('nodes', undefined, existing.metadata.name!);
    for (const name of nodes)
      if (!store.get('nodes', undefined, name))
        store.create('nodes', {
          metadata: {
            name,
            labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' },
          },
          spec: {},
          status: {
            conditions: [
              { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
            ],
            nodeInfo: {
              kubeletVersion: options.gitVersion ?? 'v1.32.4',
              containerRuntimeVersion: 'containerd://1.7.24',
            },
          },
        });
  };
  syncNodes();

  let ticking = false;
  const tick = () => {
    if (ticking) return;
    ticking = true;
    try {
      controllers.tick();
    } catch (error) {
      console.error('kubernetes stand-in: a controller failed:', error);
    } finally {
      ticking = false;
    }
  };
  let timer = setInterval(tick, kubeletConfig.timing.tickMs);
  timer.unref();
  const watches = new Set<ServerResponse>();

  const gitVersion = options.gitVersion ?? 'v1.32.4';
  const [major, minor] = gitVersion.replace(/^v/, '').split('.') as [string, string];

  function managerOf(request: IncomingMessage, query: URLSearchParams): string {
    const given = query.get('fieldManager');
    if (given) return given;
    const agent = request.headers['user-agent'] ?? 'unknown';
    return agent.split('/')[0]!;
  }

  function stampManager(object: KubeObject, manager: string, subresource?: string): void {
    const entries = (object.metadata.managedFields ?? []).filter(
      (entry) =>
        !(
          entry.manager === manager &&
          entry.operation === 'Update' &&
          (entry.subresource ?? undefined) === subresource
        ),
    );
    entries.push({
      manager,
      operation: 'Update',
      apiVersion: object.apiVersion,
      time: timestamp(),
      fieldsType: 'FieldsV1',
      fieldsV1: {},
      ...(subresource && { subresource }),
    });
    object.metadata.managedFields = entries;
  }

  function findFault(record: RecordedKubernetesRequest, patchType: string | undefined): FaultRule | undefined {
    const index = faults.findIndex(
      (fault) =>
        fault.times > 0 &&
        (fault.method === undefined || fault.method.toUpperCase() === record.method) &&
        (fault.verb === undefined || fault.verb === record.verb) &&
        (fault.resource === undefined || fault.resource === record.resource) &&
        (fault.subresource === undefined || fault.subresource === record.subresource) &&
        (fault.namespace === undefined || fault.namespace === record.namespace) &&
        (fault.name === undefined || fault.name === record.name) &&
        (fault.patchType === undefined || fault.patchType === patchType),
    );
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  }

  async function authenticate(request: IncomingMessage): Promise<string | undefined> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return undefined;
    const presented = match[1]!;
    const user = tokens.get(presented);
    if (user) return user;
    if (options.eks && presented.startsWith('k8s-aws-v1.')) return verifyEksToken(presented, options.eks);
    if (options.entra && presented.split('.').length === 3) return verifyEntraToken(presented, options.entra);
    return undefined;
  }

  function selectors(
    info: ResourceInfo,
    query: URLSearchParams,
  ): { labels: Requirement[]; fields: FieldRequirement[] } {
    try {
      const labels = parseLabelSelector(query.get('labelSelector') ?? '');
      const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
      checkFieldSelector(info.name, fields);
      return { labels, fields };
    } catch (error) {
      if (error instanceof SelectorError) throw badRequest(error.message);
      throw error;
    }
  }

  function scaleOf(object: Workload): Json {
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: object.metadata.name,
        namespace: object.metadata.namespace,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
        creationTimestamp: object.metadata.creationTimestamp,
      },
      spec: { replicas: object.spec.replicas },
      status: {
        replicas: (object.status?.replicas as number | undefined) ?? 0,
        selector: selectorText(object.spec.selector),
      },
    };
  }

  function applyPatch(current: unknown, type: 'strategic' | 'json' | 'merge', body: string): Json {
    let patch: unknown;
    try {
      patch = JSON.parse(body);
    } catch (error) {
      throw badRequest(`error decoding patch: ${(error as Error).message}`);
    }
    try {
      const result =
        type === 'strategic'
          ? strategicMergePatch(current as Json, patch)
          : type === 'json'
            ? jsonPatch(current, patch)
            : mergePatch(current, patch);
      if (!isObject(result)) throw badRequest('the patch does not leave an object');
      return result;
    } catch (error) {
      if (error instanceof PatchError)
        throw new StatusError(
          error.status,
          error.status === 422 ? 'Invalid' : 'BadRequest',
          error.message,
          error.status === 422 ? {} : undefined,
        );
      throw error;
    }
  }

  /** Validates and stores an update of `current` to `next` (a PUT or a PATCH result). */
  function commitUpdate(
    route: Route,
    current: KubeObject,
    next: KubeObject,
    manager: string,
    dryRun: boolean,
  ): KubeObject {
    const { info } = route;
    const name = current.metadata.name!;
    if (next.metadata?.name !== undefined && next.metadata.name !== name)
      throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`);
    if (!isObject(next.metadata)) throw badRequest('metadata is required');
    const precondition = next.metadata.resourceVersion;
    if (precondition !== undefined && precondition !== '' && precondition !== current.metadata.resourceVersion)
      throw conflict(info, name);
    next.metadata.name = name;
    if (info.namespaced) next.metadata.namespace = current.metadata.namespace;
    if (next.metadata.uid !== undefined && next.metadata.uid !== current.metadata.uid)
      throw conflict(
        info,
        name,
        `Precondition failed: UID in precondition: ${next.metadata.uid}, UID in object meta: ${current.metadata.uid}`,
      );
    let result: KubeObject;
    if (route.subresource === 'status') {
      result = clone(current);
      result.status = next.status;
    } else {
      result = next;
      if (info.name !== 'controllerrevisions' && info.name !== 'events' && info.name !== 'nodes')
        result.status = current.status;
      delete result.metadata.generation;
      defaultObject(info.name, result);
      const causes = validate(info.name, result, current);
      if (causes.length) throw invalid(info, name, causes);
    }
    result.metadata.managedFields = current.metadata.managedFields;
    result.apiVersion = apiVersionOf(info);
    stampManager(result, manager, route.subresource === 'status' ? 'status' : undefined);
    return store.update(info.name, result, { dryRun });
  }

  function create(route: Route, body: Json, manager: string, dryRun: boolean): KubeObject {
    const { info } = route;
    if (!isObject(body.metadata)) body.metadata = {};
    const object = body as KubeObject;
    if (body.kind !== undefined && body.kind !== info.kind)
      throw badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersionOf(info)})`,
      );
    if (info.namespaced) {
      const namespace = route.namespace ?? object.metadata.namespace;
      if (!namespace) throw badRequest('the server could not find the requested resource');
      if (object.metadata.namespace && route.namespace && object.metadata.namespace !== route.namespace)
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      if (!store.get('namespaces', undefined, namespace))
        throw notFound(
          RESOURCES.find((r) => r.name === 'namespaces')!,
          namespace,
        );
      object.metadata.namespace = namespace;
    } else delete object.metadata.namespace;
    if (!object.metadata.name && object.metadata.generateName)
      object.metadata.name = `${object.metadata.generateName}${randomSuffix()}`;
    const nameProblems = nameCauses(object, info.namespaced);
    if (nameProblems.length) throw invalid(info, object.metadata.name ?? '', nameProblems);
    const name = object.metadata.name!;
    if (store.get(info.name, object.metadata.namespace, name)) throw alreadyExists(info, name);
    delete object.metadata.resourceVersion;
    delete object.metadata.generation;
    delete object.metadata.deletionTimestamp;
    object.metadata.uid = randomUUID();
    if (!['controllerrevisions', 'events', 'nodes'].includes(info.name)) object.status = {};
    if (info.name === 'jobs' && isObject(object.spec) && !object.spec.manualSelector) {
      const uid = object.metadata.uid;
      const spec = object.spec as { selector?: unknown; template?: { metadata?: { labels?: Record<string, string> } } };
      spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      spec.template ??= {};
      spec.template.metadata ??= {};
      spec.template.metadata.labels = {
        ...spec.template.metadata.labels,
        'batch.kubernetes.io/controller-uid': uid,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': uid,
        'job-name': name,
      };
    }
    if (info.name === 'pods') object.status = { phase: 'Pending', qosClass: 'BestEffort' };
    defaultObject(info.name, object);
    const causes = validate(info.name, object);
    if (causes.length) throw invalid(info, name, causes);
    object.apiVersion = apiVersionOf(info);
    stampManager(object, manager);
    return store.create(info.name, object, { dryRun });
  }

  function remove(route: Route, current: KubeObject, body: Json, query: URLSearchParams, dryRun: boolean): KubeObject {
    const { info } = route;
    const preconditions = isObject(body.preconditions) ? body.preconditions : {};
    if (preconditions.uid !== undefined && preconditions.uid !== current.metadata.uid)
      throw conflict(
        info,
        current.metadata.name!,
        `Precondition failed: UID in precondition: ${String(preconditions.uid)}, UID in object meta: ${current.metadata.uid}`,
      );
    if (
      preconditions.resourceVersion !== undefined &&
      preconditions.resourceVersion !== current.metadata.resourceVersion
    )
      throw conflict(
        info,
        current.metadata.name!,
        `Precondition failed: ResourceVersion in precondition: ${String(preconditions.resourceVersion)}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    const policy =
      query.get('propagationPolicy') ??
      (typeof body.propagationPolicy === 'string'
        ? body.propagationPolicy
        : body.orphanDependents === true
          ? 'Orphan'
          : 'Background');
    if (dryRun) return store.remove(info.name, current.metadata.namespace, current.metadata.name!, { dryRun })!;
    if (policy === 'Orphan')
      for (const resource of ['replicasets', 'pods', 'controllerrevisions', 'jobs'])
        for (const dependent of store.owned(resource, current)) {
          dependent.metadata.ownerReferences = dependent.metadata.ownerReferences?.filter(
            (reference) => reference.uid !== current.metadata.uid,
          );
          store.update(resource, dependent);
        }
    if (info.name === 'namespaces')
      for (const resource of RESOURCES.filter((candidate) => candidate.namespaced))
        for (const object of store.list(resource.name, current.metadata.name))
          store.remove(resource.name, object.metadata.namespace, object.metadata.name!);
    const gone = store.remove(info.name, current.metadata.namespace, current.metadata.name!)!;
    tick();
    return gone;
  }

  function serveWatch(request: IncomingMessage, response: ServerResponse, route: Route, query: URLSearchParams): void {
    const { info } = route;
    const { labels, fields } = selectors(info, query);
    const fromParam = query.get('resourceVersion') ?? '';
    const initialEvents = query.get('sendInitialEvents') === 'true';
    const bookmarks = query.get('allowWatchBookmarks') === 'true';
    if (initialEvents && query.get('resourceVersionMatch') !== 'NotOlderThan')
      throw new StatusError(
        422,
        'Invalid',
        `ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled and resourceVersionMatch is set to NotOlderThan`,
      );
    let from: number | undefined;
    if (fromParam !== '' && fromParam !== '0') {
      from = Number(fromParam);
      if (!Number.isInteger(from)) throw badRequest(`invalid resource version: ${fromParam}`);
    }
    response.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-cache, private',
      'transfer-encoding': 'chunked',
    });
    const write = (type: string, object: unknown) => {
      if (!response.writableEnded) response.write(`${JSON.stringify({ type, object })}\n`);
    };
    const bookmark = (annotations?: Record<string, string>) =>
      write('BOOKMARK', {
        kind: info.kind,
        apiVersion: apiVersionOf(info),
        metadata: { resourceVersion: String(store.resourceVersion), ...(annotations && { annotations }) },
      });
    const watcher: Watcher = {
      resource: info.name,
      ...(route.namespace !== undefined && { namespace: route.namespace }),
      labels,
      fields,
      send: (type: EventType, object: KubeObject) => write(type, object),
    };
    if (from !== undefined && !initialEvents) {
      if (from < store.oldestReplayable) {
        write(
          'ERROR',
          new StatusError(410, 'Expired', `too old resource version: ${from} (${store.oldestReplayable + 1})`).toJSON(),
        );
        response.end();
        return;
      }
      for (const event of store.since(from)) deliver(watcher, event);
    } else {
      for (const object of store.list(info.name, route.namespace)) if (matches(watcher, object)) write('ADDED', object);
      if (initialEvents && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
    }
    store.watchers.add(watcher);
    watches.add(response);
    const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 1800);
    const timers = [
      setTimeout(() => response.end(), Math.max(0, timeoutSeconds) * 1000),
      ...(bookmarks ? [setInterval(() => bookmark(), 1000)] : []),
    ];
    const done = () => {
      store.watchers.delete(watcher);
      watches.delete(response);
      for (const timer of timers) clearTimeout(timer);
    };
    response.on('close', done);
    request.on('close', done);
  }

  async function handleApi(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    body: string,
    record: RecordedKubernetesRequest,
    route: Route,
  ): Promise<void> {
    const { info } = route;
    const query = url.searchParams;
    const method = request.method ?? 'GET';
    const dryRun = query.getAll('dryRun').includes('All');
    const manager = managerOf(request, query);
    if (query.has('fieldManager') && (manager.length > 128 || !/^[\x20-\x7e]*$/.test(manager)))
      throw new StatusError(
        422,
        'Invalid',
        `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes`,
      );
    for (const value of query.getAll('dryRun'))
      if (value !== 'All') throw badRequest(`Invalid value: "${value}": supported values: "All"`);
    if (route.namespace && !store.get('namespaces', undefined, route.namespace) && method !== 'GET')
      throw notFound(
        RESOURCES.find((candidate) => candidate.name === 'namespaces')!,
        route.namespace,
      );
    const parseBody = (): Json => {
      if (!body) return {};
      try {
        const parsed = JSON.parse(body) as unknown;
        if (!isObject(parsed)) throw new Error('not an object');
        return parsed;
      } catch (error) {
        throw badRequest(`couldn't get version/kind; json parse error: ${(error as Error).message}`);
      }
    };
    const get = (): KubeObject => {
      const current = store.get(info.name, route.namespace, route.name!);
      if (!current) throw notFound(info, route.name!);
      return current;
    };

    if (!route.name) {
      switch (record.verb) {
        case 'watch':
          serveWatch(request, response, route, query);
          return;
        case 'list': {
          const { labels, fields } = selectors(info, query);
          let items = store
            .list(info.name, route.namespace)
            .filter((object) => matches({ namespace: route.namespace, labels, fields }, object));
          const limit = Number(query.get('limit') ?? 0);
          const start = query.get('continue') ? Number(Buffer.from(query.get('continue')!, 'base64url').toString()) : 0;
          let next: string | undefined;
          const total = items.length;
          items = items.slice(start);
          if (limit > 0 && items.length > limit) {
            items = items.slice(0, limit);
            next = Buffer.from(String(start + limit)).toString('base64url');
          }
          if (wantsTable(request)) {
            const table = toTable(info.name, items, String(store.resourceVersion), query.get('includeObject'));
            if (next) table.metadata = { resourceVersion: String(store.resourceVersion), continue: next };
            send(response, 200, table);
            return;
          }
          send(response, 200, {
            kind: `${info.kind}List`,
            apiVersion: apiVersionOf(info),
            metadata: {
              resourceVersion: String(store.resourceVersion),
              ...(next && { continue: next, remainingItemCount: total - start - items.length }),
            },
            items: items.map(listItem),
          });
          return;
        }
        case 'create':
          send(response, 201, create(route, parseBody(), manager, dryRun));
          return;
        case 'deletecollection': {
          const { labels, fields } = selectors(info, query);
          const items = store
            .list(info.name, route.namespace)
            .filter((object) => matches({ namespace: route.namespace, labels, fields }, object));
          const gone = items.map((object) =>
            remove({ ...route, name: object.metadata.name }, object, parseBody(), query, dryRun),
          );
          send(response, 200, {
            kind: `${info.kind}List`,
            apiVersion: apiVersionOf(info),
            metadata: { resourceVersion: String(store.resourceVersion) },
            items: gone.map(listItem),
          });
          return;
        }
        default:
          throw new StatusError(
            405,
            'MethodNotAllowed',
            `the server does not allow this method on the requested resource`,
          );
      }
    }

    if (route.subresource && !info.subresources.includes(route.subresource))
      throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    if (route.subresource === 'log') {
      if (method !== 'GET')
        throw new StatusError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      const pod = get();
      const containers = ((pod.spec?.containers as { name: string }[] | undefined) ?? []).map(
        (container) => container.name,
      );
      let container = query.get('container') ?? undefined;
      if (!container) {
        if (containers.length !== 1)
          throw badRequest(
            `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${containers.join(' ')}]`,
          );
        container = containers[0]!;
      }
      if (!containers.includes(container))
        throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
      const lines = kubelet.logs(pod, container, query.get('previous') === 'true');
      if (!Array.isArray(lines)) throw badRequest(lines.error);
      let shown = lines;
      const tail = query.get('tailLines');
      if (tail !== null && Number(tail) >= 0) shown = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
      const stamp = query.get('timestamps') === 'true' ? `${new Date().toISOString()} ` : '';
      let text = shown.map((line) => `${stamp}${line}\n`).join('');
      const limitBytes = Number(query.get('limitBytes') ?? 0);
      if (limitBytes > 0) text = Buffer.from(text).subarray(0, limitBytes).toString();
      send(response, 200, text);
      return;
    }
    if (route.subresource === 'scale') {
      const current = get() as Workload;
      if (record.verb === 'get') {
        send(response, 200, scaleOf(current));
        return;
      }
      let scale: Json;
      if (record.verb === 'patch') {
        const type = patchTypeOf(request.headers['content-type'] ?? '');
        if (!type || type === 'apply')
          throw new StatusError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
          );
        scale = applyPatch(scaleOf(current), type, body);
      } else scale = parseBody();
      const replicas = isObject(scale.spec) ? scale.spec.replicas : undefined;
      const precondition = isObject(scale.metadata) ? scale.metadata.resourceVersion : undefined;
      if (typeof precondition === 'string' && precondition && precondition !== current.metadata.resourceVersion)
        throw conflict(info, current.metadata.name!);
      if (typeof replicas !== 'number' || replicas < 0)
        throw new StatusError(
          422,
          'Invalid',
          `Scale.autoscaling "${current.metadata.name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`,
        );
      const next = clone(current);
      next.spec.replicas = replicas;
      stampManager(next, manager, 'scale');
      const stored = store.update(info.name, next, { dryRun }) as Workload;
      send(response, 200, scaleOf(stored));
      return;
    }

    switch (record.verb) {
      case 'get': {
        const object = get();
        send(
          response,
          200,
          wantsTable(request)
            ? toTable(info.name, [object], String(store.resourceVersion), query.get('includeObject'))
            : object,
        );
        return;
      }
      case 'update': {
        const current = get();
        send(response, 200, commitUpdate(route, current, parseBody() as KubeObject, manager, dryRun));
        return;
      }
      case 'patch': {
        const current = get();
        const type = patchTypeOf(request.headers['content-type'] ?? '');
        if (type === 'apply')
          throw new StatusError(
            415,
            'UnsupportedMediaType',
            'the Kubernetes stand-in does not implement server-side apply (application/apply-patch+yaml); use a strategic merge, JSON or merge patch',
          );
        if (!type)
          throw new StatusError(
            415,
            'UnsupportedMediaType',
            `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json, application/apply-patch+cbor`,
          );
        const patched = applyPatch(current, type, body) as KubeObject;
        if (!isObject(patched.metadata)) throw badRequest('metadata is required');
        // A patch that does not name a resourceVersion is applied to the current one.
        send(response, 200, commitUpdate(route, current, patched, manager, dryRun));
        return;
      }
      case 'delete': {
        const current = get();
        send(response, 200, remove(route, current, parseBody(), query, dryRun));
        return;
      }
      default:
        throw new StatusError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
    }
  }

  async function handleStandIn(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    body: string,
  ): Promise<void> {
    const method = request.method ?? 'GET';
    const json = () => (body ? (JSON.parse(body) as Json) : {});
    switch (`${method} ${url.pathname}`) {
      case 'GET /stand-in/requests':
        return send(response, 200, { requests });
      case 'DELETE /stand-in/requests':
        requests.length = 0;
        return send(response, 200, { requests });
      case 'GET /stand-in/faults':
        return send(response, 200, { faults });
      case 'POST /stand-in/faults': {
        const given = json();
        const list = Array.isArray(given.faults) ? (given.faults as FaultRule[]) : [given as unknown as FaultRule];
        for (const fault of list) {
          if (typeof fault.status !== 'number') return send(response, 400, { error: 'a fault needs a status' });
          faults.push({ ...fault, times: fault.times ?? 1 });
        }
        return send(response, 201, { faults });
      }
      case 'DELETE /stand-in/faults':
        faults.length = 0;
        return send(response, 200, { faults });
      case 'GET /stand-in/images':
        return send(response, 200, { rules: kubeletConfig.rules });
      case 'PUT /stand-in/images':
        kubeletConfig.rules = [...((json().rules as ImageRule[] | undefined) ?? [])];
        return send(response, 200, { rules: kubeletConfig.rules });
      case 'POST /stand-in/images':
        kubeletConfig.rules.unshift(json() as unknown as ImageRule);
        return send(response, 201, { rules: kubeletConfig.rules });
      case 'PUT /stand-in/registries': {
        const given = json();
        kubeletConfig.registries = { ...(given.registries as Record<string, RegistryRoute> | undefined) };
        if (typeof given.checkLoopbackRegistries === 'boolean')
          kubeletConfig.checkLoopbackRegistries = given.checkLoopbackRegistries;
        return send(response, 200, {
          registries: kubeletConfig.registries,
          checkLoopbackRegistries: kubeletConfig.checkLoopbackRegistries,
        });
      }
      case 'PUT /stand-in/timing': {
        Object.assign(kubeletConfig.timing, json());
        clearInterval(timer);
        timer = setInterval(tick, kubeletConfig.timing.tickMs);
        timer.unref();
        return send(response, 200, kubeletConfig.timing);
      }
      case 'PUT /stand-in/nodes':
        nodes = [...((json().nodes as string[] | undefined) ?? nodes)];
        api.nodes = nodes;
        syncNodes();
        return send(response, 200, { nodes });
      case 'POST /stand-in/tokens': {
        const given = json();
        if (typeof given.token !== 'string') return send(response, 400, { error: 'a token is needed' });
        tokens.set(given.token, typeof given.user === 'string' ? given.user : 'stand-in-user');
        return send(response, 201, {});
      }
      case 'GET /stand-in/kubeconfig':
        return send(response, 200, api.kubeconfig({ namespace: url.searchParams.get('namespace') ?? undefined }));
      default:
        return send(response, 404, { error: `no stand-in switch at ${method} ${url.pathname}` });
    }
  }

  function verbOf(method: string, route: Route, query: URLSearchParams): string {
    switch (method) {
      case 'GET':
        if (route.name) return 'get';
        return route.watch || query.get('watch') === 'true' || query.get('watch') === '1' ? 'watch' : 'list';
      case 'POST':
        return 'create';
      case 'PUT':
        return 'update';
      case 'PATCH':
        return 'patch';
      case 'DELETE':
        return route.name ? 'delete' : 'deletecollection';
      default:
        return method.toLowerCase();
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks).toString('utf8');
    // Typed clients (kubectl create namespace) send protobuf; the stand-in reads it for Namespaces.
    if ((request.headers['content-type'] ?? '').startsWith('application/vnd.kubernetes.protobuf')) {
      let decoded: Json | undefined;
      try {
        decoded = decodeProtobuf(Buffer.concat(chunks));
      } catch {
        decoded = undefined;
      }
      if (!decoded) {
        const error = new StatusError(
          415,
          'UnsupportedMediaType',
          'the Kubernetes stand-in reads protobuf only for a Namespace: send application/json',
        );
        return send(response, 415, error.toJSON());
      }
      body = JSON.stringify(decoded);
    }
    if (url.pathname.startsWith('/stand-in/')) return handleStandIn(request, response, url, body);
    const method = request.method ?? 'GET';
    const route = parseRoute(url.pathname);
    const isRoute = route !== undefined && 'info' in route;
    let parsedBody: unknown;
    try {
      parsedBody = body ? JSON.parse(body) : undefined;
    } catch {
      parsedBody = body;
    }
    const record: RecordedKubernetesRequest = {
      time: new Date().toISOString(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      verb: isRoute ? verbOf(method, route, url.searchParams) : route ? 'discovery' : 'other',
      ...(isRoute && {
        resource: route.info.name,
        ...(route.subresource && { subresource: route.subresource }),
        ...(route.namespace && { namespace: route.namespace }),
        ...(route.name && { name: route.name }),
      }),
      ...(request.headers['content-type'] && { contentType: request.headers['content-type'] }),
      ...(url.searchParams.get('fieldManager') && { fieldManager: url.searchParams.get('fieldManager')! }),
      dryRun: url.searchParams.getAll('dryRun').includes('All'),
      ...(parsedBody !== undefined && { body: parsedBody }),
      ...(request.headers['user-agent'] && { userAgent: request.headers['user-agent'] }),
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, payload: unknown, headers?: Record<string, string>) => {
      record.status = status;
      send(response, status, payload, headers);
    };
    try {
      if (['/version', '/healthz', '/livez', '/readyz'].includes(url.pathname)) {
        if (url.pathname === '/version')
          return reply(200, {
            major,
            minor,
            emulationMajor: major,
            emulationMinor: minor,
            minCompatibilityMajor: major,
            minCompatibilityMinor: String(Number(minor) - 1),
            gitVersion,
            gitCommit: '0000000000000000000000000000000000000000',
            gitTreeState: 'clean',
            buildDate: '2025-04-22T16:03:51Z',
            goVersion: 'go1.23.8',
            compiler: 'gc',
            platform: 'linux/amd64',
          });
        return reply(200, 'ok');
      }
      const user = await authenticate(request);
      if (!user) throw unauthorized();
      (record as { user?: string }).user = user;
      if (url.pathname === '/openapi/v3') return reply(200, openApiRoot());
      const openApi = /^\/openapi\/v3\/(api\/v1|apis\/(apps|batch)\/v1)$/.exec(url.pathname);
      if (openApi) return reply(200, openApiGroupVersion(openApi[2] ?? ''));
      if (route === undefined)
        throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
      if ('discovery' in route) {
        if (method !== 'GET')
          throw new StatusError(
            405,
            'MethodNotAllowed',
            'the server does not allow this method on the requested resource',
          );
        return reply(200, route.discovery);
      }
      const fault = findFault(record, patchTypeOf(request.headers['content-type'] ?? ''));
      if (fault) {
        const error =
          fault.status === 409
            ? conflict(route.info, route.name ?? '', fault.message)
            : fault.status === 403
              ? forbidden(route.info, user, record.verb, route.name, route.namespace)
              : serverError(fault.status, fault.message, fault.retryAfterSeconds);
        return reply(
          error.code,
          error.toJSON(),
          error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {},
        );
      }
      for (const hook of hooks) await hook(record);
      record.status = 200;
      const originalWriteHead = response.writeHead.bind(response);
      response.writeHead = ((status: number, ...rest: unknown[]) => {
        record.status = status;
        return (originalWriteHead as (...args: unknown[]) => ServerResponse)(status, ...rest);
      }) as typeof response.writeHead;
      await handleApi(request, response, url, body, record, route);
    } catch (error) {
      if (error instanceof StatusError)
        return reply(
          error.code,
          error.toJSON(),
          error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {},
        );
      console.error('kubernetes stand-in: request failed:', error);
      const failure = serverError(500, String(error));
      return reply(500, failure.toJSON());
    }
  }

  const server: Server = createServer({ key: keyPem, cert: certPem }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('kubernetes stand-in:', error);
      if (!response.headersSent) send(response, 500, serverError(500, String(error)).toJSON());
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;

  const api: KubernetesApi = {
    url,
    port,
    token,
    caPem,
    caPath: certificates.ca,
    store,
    kubelet: kubeletConfig,
    requests,
    faults,
    hooks,
    tokens,
    nodes,
    kubeconfig(given = {}) {
      return toYaml({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'stand-in',
            cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
          },
        ],
        users: [{ name: given.user ?? 'stand-in-admin', user: { token: given.token ?? token } }],
        contexts: [
          {
            name: 'stand-in',
            context: {
              cluster: 'stand-in',
              user: given.user ?? 'stand-in-admin',
              namespace: given.namespace ?? options.namespace ?? 'default',
            },
          },
        ],
        'current-context': 'stand-in',
        preferences: {},
      });
    },
    tick,
    async close() {
      clearInterval(timer);
      for (const response of watches) response.end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
  return api;
}

/**
 * `node scripts/kubernetes-api.ts DIR` (what scripts/kubernetes-api.sh runs): serves on a free
 * 127.0.0.1 port and writes DIR/kubeconfig, DIR/url, DIR/token, DIR/ca.pem and DIR/env (KUBECONFIG,
 * KUBERNETES_API_URL, KUBERNETES_API_TOKEN, KUBERNETES_API_CA), then runs until stopped.
 * Environment (all optional): KUBERNETES_STAND_IN_NAMESPACE (the context's namespace);
 * KUBERNETES_STAND_IN_EKS_STS_URL (accept EKS tokens, checked against that STS: moto_server) with
 * KUBERNETES_STAND_IN_EKS_CLUSTERS (comma-separated names the x-k8s-aws-id may be);
 * KUBERNETES_STAND_IN_ENTRA_CERT (accept Entra tokens for the AKS server app signed with that
 * certificate: the Azure stand-in's AZURE_API_TOKEN_CERT); KUBERNETES_STAND_IN_TOKENS (JSON
 * {token: user}, e.g. the Google stand-in's access token); KUBERNETES_STAND_IN_ALT_NAMES
 * (comma-separated extra certificate names).
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node scripts/kubernetes-api.ts DIR');
  const env = (name: string) => process.env[`KUBERNETES_STAND_IN_${name}`] || undefined;
  const namespace = env('NAMESPACE');
  const stsUrl = env('EKS_STS_URL');
  const clusters = env('EKS_CLUSTERS')?.split(',');
  const entraCert = env('ENTRA_CERT');
  const api = await startKubernetesApi({
    dir: join(dir, 'pki'),
    ...(namespace && { namespace }),
    ...(stsUrl && { eks: { stsUrl, ...(clusters && { clusters }) } }),
    ...(entraCert && { entra: { certificatePem: await readFile(entraCert, 'utf8') } }),
    ...(env('TOKENS') && { tokens: JSON.parse(env('TOKENS')!) as Record<string, string> }),
    ...(env('ALT_NAMES') && { altNames: env('ALT_NAMES')!.split(',') }),
  });
  await writeFile(join(dir, 'kubeconfig'), api.kubeconfig(), { mode: 0o600 });
  await writeFile(join(dir, 'url'), `${api.url}\n`);
  await writeFile(join(dir, 'token'), `${api.token}\n`, { mode: 0o600 });
  await writeFile(join(dir, 'ca.pem'), api.caPem);
  await writeFile(
    join(dir, 'env'),
    Object.entries({
      KUBECONFIG: join(dir, 'kubeconfig'),
      KUBERNETES_API_URL: api.url,
      KUBERNETES_API_TOKEN: api.token,
      KUBERNETES_API_CA: join(dir, 'ca.pem'),
    })
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  const stop = () => void api.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The server keeps the process alive; the controllers' timer is unref'd.
}
