/**
 * Google's APIs for the tests and the demo: a local server following Google's public REST APIs for the calls the action makes, since no
 * emulator exists for them:
 * - Workload Identity Federation as google-github-actions/auth sets it up: the GitHub OIDC token
 *   URL, STS token exchange, and IAM Credentials generateAccessToken;
 * - Cloud Run Admin API v2: services, revisions, jobs, executions, long-running operations;
 * - Artifact Registry API v1: repositories and their operations;
 * - Cloud Logging API v2: entries:list over the log entries a failed revision wrote.
 * Errors are in Google's format ({ error: { code, message, status } }). Every request is recorded;
 * chosen permissions answer 403, chosen routes 503, and revisions or executions can fail.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACCESS_TOKEN = 'ya29.portable-deploy-test-access-token';
export const SERVICE_ACCOUNT = 'deployer@demo-project.iam.gserviceaccount.com';
const OIDC_REQUEST_TOKEN = 'github-oidc-request-token';

export interface RecordedGoogleRequest {
  readonly method: string;
  readonly path: string;
  /** The query string's parameters (updateMask, serviceId, …). */
  readonly query: Record<string, string>;
  /** The permission the call needs, e.g. run.services.update (what 403s are keyed on). */
  readonly permission: string;
  readonly body: Record<string, unknown> | undefined;
  readonly authorization: string | undefined;
}

type Json = Record<string, unknown>;

type OperationResult = { response: Json } | { error: Json };

/** How a revision fails to become ready: its container does not start, or its image is missing. */
export interface RevisionFailure {
  readonly message: string;
  readonly kind?: 'health' | 'image';
  /** What the container wrote before it failed (stderr lines in Cloud Logging). */
  readonly logs?: readonly string[];
}

interface Operation {
  name: string;
  pollsLeft: number;
  /** Decides the outcome when the operation is done (a rollout ends only then). */
  settle: () => OperationResult;
  result?: OperationResult;
  metadata: Json;
}

export interface SeedGkeCluster {
  readonly project: string;
  readonly location: string;
  readonly name: string;
  /** The control plane's address, as GKE gives it (an IP; the stand-in's is 127.0.0.1:PORT). */
  readonly endpoint: string;
  /** The cluster CA (PEM); GKE returns it base64-encoded in masterAuth.clusterCaCertificate. */
  readonly caPem: string;
  /** A private cluster's private endpoint (privateClusterConfig.privateEndpoint). */
  readonly privateEndpoint?: string;
  /** controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint (gke-….LOCATION.gke.goog). */
  readonly dnsEndpoint?: string;
}

/** Where the stand-in's own switch for GKE clusters is (not a Google API; no token needed). */
export const SEED_GKE_PATH = '/stand-in/gke/clusters';

export interface GoogleApi {
  readonly url: string;
  readonly requests: RecordedGoogleRequest[];
  readonly services: Map<string, Json>;
  readonly revisions: Map<string, Json>;
  readonly jobs: Map<string, Json>;
  readonly executions: Map<string, Json>;
  readonly repositories: Map<string, Json>;
  /** GKE clusters (container.googleapis.com v1), by name (projects/P/locations/L/clusters/C). */
  readonly clusters: Map<string, Json>;
  /** Adds a GKE cluster whose control plane is `endpoint` (e.g. the Kubernetes stand-in's host:port). */
  seedCluster(seed: SeedGkeCluster): Json;
  /** Permissions (run.services.update, artifactregistry.repositories.create, …) answered with 403. */
  readonly denied: Set<string>;
  /** Permissions answered with 503 UNAVAILABLE this many more times. */
  readonly unavailable: Map<string, number>;
  /** Permissions answered once with this error instead (e.g. a 409 from a concurrent change). */
  readonly failOnce: Map<string, { status: number; statusName: string; message: string }>;
  /** Runs once just before a request needing this permission is handled (e.g. a change made meanwhile). */
  readonly beforeOnce: Map<string, () => void>;
  /** The next revision fails to start with this message. */
  failNextRevision: string | undefined;
  /**
   * Every new revision of the services under a scope fails to become ready: the key is a service
   * (projects/P/locations/R/services/S) or a region (projects/P/locations/R), so one region can fail
   * while the others do not. Also set through POST /control/fail-revisions.
   */
  readonly failRevisions: Map<string, RevisionFailure>;
  /** Cloud Logging entries (LogEntry JSON), newest last; a failing revision writes its own. */
  readonly logEntries: Json[];
  /** The next job execution fails with this message. */
  failNextExecution: string | undefined;
  /** The next job execution ends as the operation's response with these fields (e.g. cancelledCount). */
  nextExecution: Json | undefined;
  /**
   * How many reads an operation takes to be done: GETs of the operation, or of the service it
   * rolls out (which shows reconciling: true and a pending Ready condition until then).
   */
  pollsUntilDone: number;
  /** Sets how many more reads every unfinished operation takes (a rollout left running by an earlier run). */
  setPendingPolls(polls: number): void;
  /** Writes the credential file google-github-actions/auth leaves, and returns the environment it exports. */
  adcEnvironment(dir: string, project?: string): Promise<Record<string, string>>;
  /** Requests that change something (anything but GET, and Cloud Logging's entries:list). */
  mutations(): RecordedGoogleRequest[];
  close(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  503: 'UNAVAILABLE',
};

class ApiError extends Error {
  readonly status: number;
  readonly statusName: string;
  readonly details: Json[] | undefined;
  // Plain fields, not parameter properties: Node runs this file by stripping types only.
  constructor(status: number, message: string, statusName = STATUS_NAMES[status] ?? 'UNKNOWN', details?: Json[]) {
    super(message);
    this.status = status;
    this.statusName = statusName;
    this.details = details;
  }
}

/** A 400 as Google sends a bad field: INVALID_ARGUMENT with a google.rpc.BadRequest field violation. */
function badField(field: string, description: string): ApiError {
  return new ApiError(400, description, 'INVALID_ARGUMENT', [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] },
  ]);
}

// The client asks for enum-encoding=int, so enums go back as numbers, as Google sends them then.
const CONDITION_SUCCEEDED = 4;
const CONDITION_FAILED = 3;
const CONDITION_RECONCILING = 2;
const REVISION_REASON_HEALTH_CHECK_CONTAINER_ERROR = 6; // Condition.RevisionReason
const COMMON_REASON_CONTAINER_MISSING = 6; // Condition.CommonReason
const LATEST = 1;
const isLatest = (type: unknown) => type === 1 || type === 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';

const last = (name: string) => name.split('/').pop()!;
const now = () => new Date().toISOString();
const clone = <T>(value: T): T => structuredClone(value);

function permissionOf(method: string, path: string): string {
  if (path === '/v2/entries:list') return 'logging.logEntries.list';
  if (/^\/v1\/projects\/[^/]+\/(locations|zones)\/[^/]+\/clusters(\/|$)/.test(path))
    return `container.clusters.${method === 'GET' ? (path.endsWith('/clusters') ? 'list' : 'get') : 'update'}`;
  const api = path.startsWith('/v2/') ? 'run' : 'artifactregistry';
  if (path.endsWith(':run')) return 'run.jobs.run';
  const match = /\/(services|revisions|jobs|executions|operations|repositories)(?:\/[^/]+)?$/.exec(path);
  const collection = match?.[1] ?? 'unknown';
  const verb =
    method === 'GET'
      ? path.endsWith(`/${collection}`)
        ? 'list'
        : 'get'
      : method === 'POST'
        ? 'create'
        : method === 'PATCH'
          ? 'update'
          : 'delete';
  return `${api}.${collection}.${verb}`;
}

const PROJECT_NUMBER = '123456789';
const INGRESS_TRAFFIC_ALL = 1;
const GA = 4; // google.api.LaunchStage

/**
 * What a GET of a real service shows for the fields a deploy left unset: Cloud Run stores its
 * defaults (so "nothing to change" is decided against this, not against what was sent).
 */
function withServiceDefaults(service: Json): void {
  service.ingress ??= INGRESS_TRAFFIC_ALL;
  service.launchStage ??= GA;
  const template = (service.template ??= {}) as Json;
  template.timeout ??= '300s';
  template.maxInstanceRequestConcurrency ??= 80;
  template.serviceAccount ??= `${PROJECT_NUMBER}-compute@developer.gserviceaccount.com`;
  const scaling = (template.scaling ??= {}) as Json;
  scaling.maxInstanceCount ??= 100;
  const containers = (template.containers as Json[] | undefined) ?? [];
  for (const container of containers) {
    const resources = (container.resources ??= {}) as Json;
    const limits = (resources.limits ??= {}) as Json;
    limits.cpu ??= '1000m';
    limits.memory ??= '512Mi';
    resources.cpuIdle ??= true;
    // startup_cpu_boost is a plain proto3 bool: false and unset are the same on the wire, so Cloud
    // Run has no default of its own for it (gcloud and the console turn it on client-side).
  }
  if (containers.length === 1) containers[0]!.ports ??= [{ name: 'http1', containerPort: 8080 }];
}

/** What a GET of a real job shows for fields left unset. */
function withJobDefaults(job: Json): void {
  const execution = (job.template ??= {}) as Json;
  execution.taskCount ??= 1;
  const task = (execution.template ??= {}) as Json;
  task.maxRetries ??= 3;
  task.timeout ??= '600s';
  task.serviceAccount ??= `${PROJECT_NUMBER}-compute@developer.gserviceaccount.com`;
  for (const container of (task.containers as Json[] | undefined) ?? []) {
    const limits = ((container.resources ??= {}) as Json).limits ?? {};
    (container.resources as Json).limits = { cpu: '1000m', memory: '512Mi', ...(limits as Json) };
  }
}

/** What Cloud Run refuses in a revision (or task) template: a connector and Direct VPC together. */
function validateTemplate(template: Json | undefined, field: string): void {
  const vpc = template?.vpcAccess as Json | undefined;
  if (vpc?.connector && (vpc.networkInterfaces as Json[] | undefined)?.length)
    throw badField(`${field}.vpc_access`, 'VPC connector and direct VPC can not be used together');
  if (vpc && !vpc.connector && !(vpc.networkInterfaces as Json[] | undefined)?.length && vpc.egress)
    throw badField(`${field}.vpc_access.egress`, 'VPC egress requires a VPC connector or a network interface');
}

const camel = (segment: string) => segment.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * PATCH with an updateMask (a FieldMask: comma-separated paths, snake_case or lowerCamelCase):
 * only the named fields change, each taken whole from the body (absent there means cleared);
 * everything else stays as stored, including fields the caller's client does not know.
 */
function applyMask(stored: Json, body: Json, mask: string): Json {
  const merged = clone(stored);
  for (const path of mask.split(',').map((p) => p.trim().split('.').map(camel))) {
    let from: unknown = body;
    for (const key of path) from = (from as Json | undefined)?.[key];
    let into = merged;
    for (const key of path.slice(0, -1)) {
      if (typeof into[key] !== 'object' || into[key] === null) into[key] = {};
      into = into[key] as Json;
    }
    const leaf = path[path.length - 1]!;
    if (from === undefined) Reflect.deleteProperty(into, leaf);
    else into[leaf] = clone(from);
  }
  return merged;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

export async function startGoogleApi(): Promise<GoogleApi> {
  const operations = new Map<string, Operation>();
  let counter = 0;
  const api: Omit<GoogleApi, 'url' | 'adcEnvironment' | 'close'> = {
    requests: [],
    services: new Map(),
    revisions: new Map(),
    jobs: new Map(),
    executions: new Map(),
    repositories: new Map(),
    clusters: new Map(),
    seedCluster(seed: SeedGkeCluster): Json {
      const name = `projects/${seed.project}/locations/${seed.location}/clusters/${seed.name}`;
      const cluster: Json = {
        name: seed.name,
        location: seed.location,
        zone: seed.location,
        selfLink: `https://container.googleapis.com/v1/${name}`,
        id: Buffer.from(name).toString('hex').slice(0, 32),
        status: 'RUNNING',
        endpoint: seed.endpoint,
        initialClusterVersion: '1.32.4-gke.1106000',
        currentMasterVersion: '1.32.4-gke.1106000',
        currentNodeVersion: '1.32.4-gke.1106000',
        createTime: now(),
        masterAuth: { clusterCaCertificate: Buffer.from(seed.caPem).toString('base64') },
        network: 'default',
        subnetwork: 'default',
        autopilot: { enabled: true },
        privateClusterConfig: {
          ...(seed.privateEndpoint && { enablePrivateNodes: true, privateEndpoint: seed.privateEndpoint }),
          publicEndpoint: seed.endpoint,
        },
        controlPlaneEndpointsConfig: {
          dnsEndpointConfig: {
            endpoint:
              seed.dnsEndpoint ??
              `gke-${Buffer.from(name).toString('hex').slice(0, 32)}-${PROJECT_NUMBER}.${seed.location}.gke.goog`,
            allowExternalTraffic: false,
          },
          ipEndpointsConfig: {
            enabled: true,
            enablePublicEndpoint: true,
            publicEndpoint: seed.endpoint,
            ...(seed.privateEndpoint && { privateEndpoint: seed.privateEndpoint }),
          },
        },
      };
      this.clusters.set(name, cluster);
      return clone(cluster);
    },
    denied: new Set(),
    unavailable: new Map(),
    failOnce: new Map(),
    beforeOnce: new Map(),
    failNextRevision: undefined,
    failRevisions: new Map(),
    logEntries: [],
    failNextExecution: undefined,
    nextExecution: undefined,
    pollsUntilDone: 2,
    setPendingPolls(polls: number) {
      for (const op of operations.values()) if (!op.result) op.pollsLeft = polls;
    },
    mutations() {
      // entries:list is a POST that only reads.
      return this.requests.filter((r) => r.method !== 'GET' && r.permission !== 'logging.logEntries.list');
    },
  };

  /** A service's rollout that has not ended yet, by service name: reading the service advances it too. */
  const rollouts = new Map<string, Operation>();

  const operation = (parent: string, settle: () => OperationResult, metadata: Json): Operation => {
    const name = `${parent}/operations/op-${++counter}`;
    const op: Operation = { name, pollsLeft: api.pollsUntilDone, settle, metadata };
    operations.set(name, op);
    return op;
  };
  const started = (op: Operation): Json => ({ name: op.name, metadata: op.metadata, done: false });
  /** One more read of an operation (or of what it rolls out): it ends after pollsUntilDone of them. */
  const advance = (op: Operation): void => {
    if (op.result) return;
    if (op.pollsLeft > 0) op.pollsLeft--;
    else op.result = op.settle();
  };
  const typed = (type: string, value: Json): Json => ({ '@type': type, ...value });

  const uriOf = (service: string, tag?: string) =>
    `https://${tag ? `${tag}---` : ''}${service}-4ppk6fjnxq-uc.a.run.app`;

  /** What traffic resolves to, as Cloud Run reports it in trafficStatuses (nothing before a revision is ready). */
  const trafficStatuses = (service: Json): Json[] => {
    if (!service.latestReadyRevision) return [];
    const traffic = (service.traffic as Json[] | undefined)?.length
      ? (service.traffic as Json[])
      : [{ type: LATEST, percent: 100 }];
    return traffic.map((t) => ({
      type: t.type,
      revision: isLatest(t.type) ? last(String(service.latestReadyRevision)) : t.revision,
      percent: t.percent ?? 0,
      ...(t.tag ? { tag: t.tag, uri: uriOf(last(String(service.name)), String(t.tag)) } : {}),
    }));
  };

  /**
   * What Cloud Run refuses in a service's traffic, as a 400 naming the field: percentages that do
   * not add up to 100, a revision the service does not have, a tag given twice or badly named.
   */
  const validateTraffic = (service: Json, revisionNames: Set<string>) => {
    const traffic = (service.traffic as Json[] | undefined) ?? [];
    if (traffic.length === 0) return;
    const total = traffic.reduce((sum, t) => sum + Number(t.percent ?? 0), 0);
    if (total !== 100)
      throw badField('service.traffic', `Traffic percentages must add up to 100, but they add up to ${total}.`);
    const tags = new Set<string>();
    for (const [index, t] of traffic.entries()) {
      if (!isLatest(t.type) && !revisionNames.has(String(t.revision)))
        throw badField(
          `service.traffic[${index}].revision`,
          `Revision '${String(t.revision)}' referenced in traffic not found in service '${last(String(service.name))}'.`,
        );
      if (!t.tag) continue;
      if (!/^[a-z](?:[-a-z0-9]{0,44}[a-z0-9])?$/.test(String(t.tag)))
        throw badField(`service.traffic[${index}].tag`, `Tag '${String(t.tag)}' is not a valid tag name.`);
      if (tags.has(String(t.tag)))
        throw badField(`service.traffic[${index}].tag`, `Tag '${String(t.tag)}' is used more than once.`);
      tags.add(String(t.tag));
    }
  };

  /** The failure set for a service or its region, or the one-off failNextRevision. */
  const failureFor = (serviceName: string): RevisionFailure | undefined => {
    for (const [scope, failure] of api.failRevisions)
      if (serviceName === scope || serviceName.startsWith(`${scope}/`)) return failure;
    const message = api.failNextRevision;
    api.failNextRevision = undefined;
    return message === undefined ? undefined : { message };
  };

  /** What a failing revision's container leaves in Cloud Logging: its own lines, then Cloud Run's. */
  const writeRevisionLogs = (revisionName: string, failure: RevisionFailure) => {
    const [, project, , location, , service, , revision] = revisionName.split('/');
    const resource = {
      type: 'cloud_run_revision',
      labels: {
        project_id: project,
        location,
        service_name: service,
        revision_name: revision,
        configuration_name: service,
      },
    };
    const start = Date.now();
    const entry = (index: number, log: string, severity: string, textPayload: string): Json => ({
      insertId: `log-${++counter}`,
      logName: `projects/${project}/logs/${encodeURIComponent(log)}`,
      resource,
      textPayload,
      severity,
      timestamp: new Date(start + index).toISOString(),
      receiveTimestamp: new Date(start + index + 50).toISOString(),
    });
    const lines = failure.logs ?? [];
    lines.forEach((line, index) => api.logEntries.push(entry(index, 'run.googleapis.com/stderr', 'DEFAULT', line)));
    api.logEntries.push(
      entry(
        lines.length,
        'run.googleapis.com/varlog/system',
        'ERROR',
        failure.kind === 'image'
          ? `Image not found: ${failure.message}`
          : `Default STARTUP TCP probe failed 1 time consecutively for container "app" on port 8080. The instance was not started.`,
      ),
    );
  };

  /** Creates the revision a new template asks for, still starting (its Ready condition reconciling). */
  const newRevision = (service: Json, parent: string): string => {
    const template = service.template as Json;
    const serviceName = last(String(service.name));
    const generation = Number(service.generation ?? 1);
    const short =
      (template.revision as string | undefined) ||
      `${serviceName}-${String(generation).padStart(5, '0')}-${'abcdefghij'[generation % 10]!}${counter}x`;
    const name = `${parent}/services/${serviceName}/revisions/${short}`;
    if (api.revisions.has(name)) throw new ApiError(409, `Revision named '${short}' already exists`);
    const [, project, , location] = name.split('/');
    api.revisions.set(name, {
      name,
      uid: `uid-${++counter}`,
      service: service.name,
      generation: '1',
      createTime: now(),
      containers: clone(template.containers),
      ...(template.volumes ? { volumes: clone(template.volumes) } : {}),
      logUri: `https://console.cloud.google.com/logs/viewer?project=${project}&resource=cloud_run_revision/service_name/${serviceName}/revision_name/${short}&advancedFilter=resource.type%3D%22cloud_run_revision%22%0Aresource.labels.location%3D%22${location}%22`,
      reconciling: true,
      conditions: [{ type: 'Ready', state: CONDITION_RECONCILING }],
    });
    return name;
  };

  /** Ends a rollout: the revision is ready (and takes the traffic that follows the latest) or failed. */
  const finishRollout = (serviceName: string, revision: string | undefined, failing: RevisionFailure | undefined) => {
    const failure = failing?.message;
    const service = api.services.get(serviceName);
    rollouts.delete(serviceName);
    if (!service) return { error: { code: 5, message: `Resource '${serviceName}' was not found` } };
    const found = revision ? api.revisions.get(revision) : undefined;
    if (found) {
      found.reconciling = false;
      const time = now();
      const image = failing?.kind === 'image';
      // As a real revision reports them: Ready fails with the failing condition's reason and message.
      found.conditions = failure
        ? [
            {
              type: 'Ready',
              state: CONDITION_FAILED,
              message: failure,
              lastTransitionTime: time,
              ...(image
                ? { reason: COMMON_REASON_CONTAINER_MISSING }
                : { revisionReason: REVISION_REASON_HEALTH_CHECK_CONTAINER_ERROR }),
            },
            image
              ? {
                  type: 'ContainerReady',
                  state: CONDITION_FAILED,
                  message: failure,
                  reason: COMMON_REASON_CONTAINER_MISSING,
                  lastTransitionTime: time,
                }
              : {
                  type: 'ContainerHealthy',
                  state: CONDITION_FAILED,
                  message: failure,
                  revisionReason: REVISION_REASON_HEALTH_CHECK_CONTAINER_ERROR,
                  lastTransitionTime: time,
                },
            ...(image ? [] : [{ type: 'ContainerReady', state: CONDITION_SUCCEEDED, lastTransitionTime: time }]),
            { type: 'ResourcesAvailable', state: CONDITION_SUCCEEDED, lastTransitionTime: time },
          ]
        : [
            { type: 'Ready', state: CONDITION_SUCCEEDED, lastTransitionTime: time },
            { type: 'ContainerReady', state: CONDITION_SUCCEEDED, lastTransitionTime: time },
            { type: 'ResourcesAvailable', state: CONDITION_SUCCEEDED, lastTransitionTime: time },
          ];
      if (failing && revision) writeRevisionLogs(revision, failing);
      if (!failure) service.latestReadyRevision = revision;
    }
    const notReady = `Revision '${last(String(revision))}' is not ready and cannot serve traffic. ${failure}`;
    service.reconciling = false;
    service.observedGeneration = service.generation;
    service.terminalCondition = failure
      ? { type: 'Ready', state: CONDITION_FAILED, message: notReady }
      : { type: 'Ready', state: CONDITION_SUCCEEDED };
    service.conditions = failure ? [{ type: 'ConfigurationsReady', state: CONDITION_FAILED, message: notReady }] : [];
    service.trafficStatuses = trafficStatuses(service);
    return failure
      ? { error: { code: 9, message: notReady } }
      : { response: typed('type.googleapis.com/google.cloud.run.v2.Service', clone(service)) };
  };

  /**
   * Stores a service (the body replaces it whole; with an updateMask the caller merged only the
   * named fields first), fills in what a real GET shows for fields left unset, and starts a
   * rollout: a new revision when the template changed, which ends after pollsUntilDone reads.
   */
  const writeService = (name: string, body: Json, old: Json | undefined): Json => {
    const parent = name.split('/services/')[0]!;
    const service: Json = {
      ...clone(body),
      // Cloud Run stores its default when no traffic is given: all to the latest ready revision.
      traffic: (body.traffic as Json[] | undefined)?.length ? clone(body.traffic) : [{ type: LATEST, percent: 100 }],
      name,
      uid: old?.uid ?? `uid-${++counter}`,
      generation: String(Number(old?.generation ?? 0) + 1),
      observedGeneration: old?.observedGeneration ?? '0',
      etag: `"etag-${++counter}"`,
      createTime: old?.createTime ?? now(),
      updateTime: now(),
      latestReadyRevision: old?.latestReadyRevision,
      latestCreatedRevision: old?.latestCreatedRevision,
      uri: uriOf(last(name)),
      urls: [uriOf(last(name))],
    };
    withServiceDefaults(service);
    const revisionNames = new Set([...api.revisions.keys()].filter((r) => r.startsWith(`${name}/`)).map(last));
    const template = service.template as Json;
    // A stored service always shows Cloud Run's defaults: compare against them, not what was seeded.
    const oldTemplate = old ? ((shown) => (withServiceDefaults(shown), shown.template as Json))(clone(old)) : undefined;
    // A revision never changes: a new template, or a new revision name, makes a new revision.
    const changed =
      JSON.stringify({ ...oldTemplate, revision: '' }) !== JSON.stringify({ ...template, revision: '' }) ||
      (Boolean(template.revision) && template.revision !== oldTemplate?.revision);
    if (template.revision) revisionNames.add(String(template.revision));
    validateTemplate(template, 'service.template');
    validateTraffic(service, revisionNames);
    const revision = changed ? newRevision(service, parent) : undefined;
    if (revision) service.latestCreatedRevision = revision;
    const failure = revision ? failureFor(name) : undefined;
    service.reconciling = true;
    service.terminalCondition = { type: 'Ready', state: CONDITION_RECONCILING };
    service.conditions = [];
    service.trafficStatuses = trafficStatuses(service);
    api.services.set(name, service);
    const op = operation(
      parent,
      () => finishRollout(name, revision, failure),
      typed('type.googleapis.com/google.cloud.run.v2.Service', clone(service)),
    );
    rollouts.set(name, op);
    return started(op);
  };

  const writeJob = (name: string, body: Json, old: Json | undefined): Json => {
    validateTemplate((body.template as Json | undefined)?.template as Json | undefined, 'job.template.template');
    const job: Json = {
      ...clone(body),
      name,
      generation: String(Number(old?.generation ?? 0) + 1),
      etag: `"etag-${++counter}"`,
      executionCount: old?.executionCount ?? 0,
      terminalCondition: { type: 'Ready', state: CONDITION_SUCCEEDED },
    };
    withJobDefaults(job);
    api.jobs.set(name, job);
    const shown = typed('type.googleapis.com/google.cloud.run.v2.Job', clone(job));
    return started(operation(name.split('/jobs/')[0]!, () => ({ response: shown }), shown));
  };

  const runJob = (name: string): Json => {
    const job = api.jobs.get(name);
    if (!job) throw new ApiError(404, `Resource '${name}' was not found`);
    const count = Number(job.executionCount ?? 0) + 1;
    job.executionCount = count;
    const executionName = `${name}/executions/${last(name)}-${String(count).padStart(5, '0')}`;
    const failure = api.failNextExecution;
    const outcome = api.nextExecution;
    api.failNextExecution = undefined;
    api.nextExecution = undefined;
    const base: Json = {
      name: executionName,
      job: name,
      taskCount: 1,
      template: clone((job.template as Json).template),
      logUri: `https://console.cloud.google.com/logs/viewer?execution=${last(executionName)}`,
    };
    const finished: Json = {
      ...base,
      succeededCount: failure ? 0 : 1,
      failedCount: failure ? 1 : 0,
      completionTime: now(),
      conditions: failure
        ? [{ type: 'Completed', state: CONDITION_FAILED, message: failure }]
        : [{ type: 'Completed', state: CONDITION_SUCCEEDED }],
      ...outcome,
    };
    api.executions.set(executionName, finished);
    const type = 'type.googleapis.com/google.cloud.run.v2.Execution';
    const result: OperationResult = failure
      ? { error: { code: 9, message: `Task ${last(executionName)}-0 failed: ${failure}` } }
      : { response: typed(type, finished) };
    return started(
      operation(name.split('/jobs/')[0]!, () => result, typed(type, failure ? finished : { ...base, runningCount: 1 })),
    );
  };

  /**
   * entries:list: the entries of the named projects matching the filter (comparisons joined by AND
   * or newlines: FIELD="VALUE", FIELD>="VALUE"…), ordered by timestamp, at most pageSize of them.
   */
  const listLogEntries = (body: Json): Json => {
    const projects = ((body.resourceNames as string[] | undefined) ?? []).map((r) => {
      const m = /^projects\/([^/]+)$/.exec(r);
      if (!m) throw badField('resource_names', `Invalid resource name: ${r}`);
      return m[1]!;
    });
    if (projects.length === 0) throw badField('resource_names', 'At least one resource name is required.');
    const clauses = String(body.filter ?? '')
      .split(/\s+AND\s+|\n/)
      .map((c) => c.trim())
      .filter(Boolean)
      .map((clause) => {
        const m = /^([a-zA-Z_.]+)\s*(>=|<=|>|<|=)\s*"([^"]*)"$/.exec(clause);
        if (!m) throw badField('filter', `Unparseable filter: ${clause}`);
        return { field: m[1]!, op: m[2]!, value: m[3]! };
      });
    const valueOf = (entry: Json, field: string): unknown =>
      field.split('.').reduce<unknown>((v, key) => (v as Json | undefined)?.[key], entry);
    const matches = (entry: Json) =>
      projects.includes(String((entry.logName as string).split('/')[1])) &&
      clauses.every(({ field, op, value }) => {
        const actual = String(valueOf(entry, field) ?? '');
        if (op === '=') return actual === value;
        if (op === '>=') return actual >= value;
        if (op === '<=') return actual <= value;
        return op === '>' ? actual > value : actual < value;
      });
    const descending = /timestamp\s+desc/i.test(String(body.orderBy ?? ''));
    const found = api.logEntries.filter(matches).sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
    if (descending) found.reverse();
    const pageSize = Math.min(Number(body.pageSize ?? 50), 1000);
    return { entries: clone(found.slice(0, pageSize)) };
  };

  const getOperation = (name: string): Json => {
    const op = operations.get(name);
    if (!op) throw new ApiError(404, `Operation '${name}' was not found`);
    advance(op);
    return op.result ? { name, metadata: op.metadata, done: true, ...op.result } : started(op);
  };

  const handle = (method: string, path: string, query: URLSearchParams, body: Json): Json => {
    let m: RegExpExecArray | null;
    if (method === 'GET' && /\/operations\/[^/]+$/.test(path)) return getOperation(path.slice(4));

    // Cloud Run v2.
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+)\/services$/.exec(path)) && method === 'POST') {
      const name = `${m[1]}/services/${query.get('serviceId')}`;
      if (api.services.has(name)) throw new ApiError(409, `Resource '${query.get('serviceId')}' already exists.`);
      return writeService(name, body, undefined);
    }
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/services\/[^/]+)$/.exec(path))) {
      const name = m[1]!;
      const found = api.services.get(name);
      if (!found && method === 'PATCH' && query.get('allowMissing') === 'true')
        return writeService(name, body, undefined);
      if (!found) throw new ApiError(404, `Resource '${name}' was not found`);
      if (method === 'GET') {
        const rollout = rollouts.get(name);
        if (rollout) advance(rollout);
        return clone(found);
      }
      if (method === 'PATCH') {
        // An etag in the body must be the current one: the service was not changed since it was read.
        if (body.etag && body.etag !== found.etag)
          throw new ApiError(
            409,
            `Etag ${String(body.etag)} does not match the current etag ${String(found.etag)} of '${name}': it was changed since it was read`,
            'ABORTED',
          );
        const mask = query.get('updateMask');
        return writeService(name, mask && mask !== '*' ? applyMask(found, body, mask) : body, found);
      }
    }
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/services\/[^/]+\/revisions\/[^/]+)$/.exec(path))) {
      const found = api.revisions.get(m[1]!);
      if (!found) throw new ApiError(404, `Resource '${m[1]}' was not found`);
      return clone(found);
    }
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+)\/jobs$/.exec(path)) && method === 'POST') {
      const name = `${m[1]}/jobs/${query.get('jobId')}`;
      if (api.jobs.has(name)) throw new ApiError(409, `Resource '${query.get('jobId')}' already exists.`);
      return writeJob(name, body, undefined);
    }
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/:]+):run$/.exec(path)) && method === 'POST') {
      return runJob(m[1]!);
    }
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/]+\/executions\/[^/]+)$/.exec(path))) {
      const found = api.executions.get(m[1]!);
      if (!found) throw new ApiError(404, `Resource '${m[1]}' was not found`);
      return clone(found);
    }
    if ((m = /^\/v2\/(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/]+)$/.exec(path))) {
      const name = m[1]!;
      const found = api.jobs.get(name);
      if (!found) throw new ApiError(404, `Resource '${name}' was not found`);
      if (method === 'GET') return clone(found);
      if (method === 'PATCH') return writeJob(name, body, found);
    }

    // Cloud Logging v2.
    if (path === '/v2/entries:list' && method === 'POST') return listLogEntries(body);
    // GKE (container.googleapis.com v1): clusters.get, by location or (v1 legacy) by zone.
    if (
      (m = /^\/v1\/projects\/([^/]+)\/(?:locations|zones)\/([^/]+)\/clusters\/([^/:]+)$/.exec(path)) &&
      method === 'GET'
    ) {
      const name = `projects/${m[1]}/locations/${m[2]}/clusters/${m[3]}`;
      const found = api.clusters.get(name);
      if (!found) throw new ApiError(404, `Not found: ${name}.`);
      return clone(found);
    }

    // Artifact Registry v1.
    if ((m = /^\/v1\/(projects\/[^/]+\/locations\/[^/]+)\/repositories$/.exec(path)) && method === 'POST') {
      const name = `${m[1]}/repositories/${query.get('repositoryId')}`;
      if (api.repositories.has(name)) throw new ApiError(409, `the repository already exists`);
      const repository = { ...clone(body), name, createTime: now() };
      api.repositories.set(name, repository);
      const created = {
        response: typed('type.googleapis.com/google.devtools.artifactregistry.v1.Repository', repository),
      };
      return started(
        operation(m[1]!, () => created, {
          '@type': 'type.googleapis.com/google.devtools.artifactregistry.v1.OperationMetadata',
        }),
      );
    }
    if ((m = /^\/v1\/(projects\/[^/]+\/locations\/[^/]+\/repositories\/[^/]+)$/.exec(path)) && method === 'GET') {
      const found = api.repositories.get(m[1]!);
      if (!found) throw new ApiError(404, `Requested entity was not found.`);
      return clone(found);
    }
    throw new ApiError(404, `no route for ${method} ${path}`);
  };

  // Workload Identity Federation: GitHub's OIDC token → STS → a service account's access token.
  const auth = async (
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    text: string,
  ): Promise<Json | undefined> => {
    if (path === '/github-oidc') {
      if (req.headers.authorization !== `Bearer ${OIDC_REQUEST_TOKEN}`)
        throw new ApiError(401, 'bad OIDC request token');
      return {
        value: `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ aud: query.get('audience') })).toString('base64url')}.sig`,
      };
    }
    if (path === '/v1/token') {
      const form = new URLSearchParams(text);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange' || !form.get('subject_token'))
        throw new ApiError(400, 'invalid token exchange');
      return {
        access_token: 'federated-token',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: 3600,
      };
    }
    if (path === `/v1/projects/-/serviceAccounts/${SERVICE_ACCOUNT}:generateAccessToken`) {
      if (req.headers.authorization !== 'Bearer federated-token') throw new ApiError(401, 'not federated');
      return { accessToken: ACCESS_TOKEN, expireTime: new Date(Date.now() + 3600_000).toISOString() };
    }
    return undefined;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const method = req.method ?? 'GET';
      const text = await readBody(req);
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(json));
      };
      try {
        if (method === 'POST' && url.pathname === SEED_GKE_PATH)
          return reply(201, api.seedCluster(JSON.parse(text) as SeedGkeCluster));
        const tokenReply = await auth(req, url.pathname, url.searchParams, text);
        if (tokenReply) return reply(200, tokenReply);
        // Test control (no Google API): make every new revision in a scope fail, or stop that.
        if (url.pathname === '/control/fail-revisions') {
          const control = (text ? JSON.parse(text) : {}) as Json;
          if (method === 'DELETE') api.failRevisions.clear();
          else api.failRevisions.set(String(control.scope), control as unknown as RevisionFailure);
          return reply(200, { scopes: [...api.failRevisions.keys()] });
        }
        const body = text ? (JSON.parse(text) as Json) : {};
        const permission = permissionOf(method, url.pathname);
        api.requests.push({
          method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          permission,
          body: text ? body : undefined,
          authorization: req.headers.authorization,
        });
        if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`)
          throw new ApiError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
        const unavailable = api.unavailable.get(permission) ?? 0;
        if (unavailable > 0) {
          api.unavailable.set(permission, unavailable - 1);
          throw new ApiError(503, 'The service is currently unavailable.');
        }
        const before = api.beforeOnce.get(permission);
        api.beforeOnce.delete(permission);
        before?.();
        const once = api.failOnce.get(permission);
        if (once) {
          api.failOnce.delete(permission);
          throw new ApiError(once.status, once.message, once.statusName);
        }
        if (api.denied.has(permission))
          throw new ApiError(
            403,
            `Permission '${permission}' denied on resource '${url.pathname.slice(4)}' (or it may not exist).`,
          );
        reply(200, handle(method, url.pathname, url.searchParams, body));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        reply(error.status, {
          error: {
            code: error.status,
            message: error.message,
            status: error.statusName,
            ...(error.details && { details: error.details }),
          },
        });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(api, {
    url,
    async adcEnvironment(dir: string, project?: string): Promise<Record<string, string>> {
      const file = join(dir, 'gha-creds-test.json');
      const audience =
        '//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/providers/github';
      await writeFile(
        file,
        JSON.stringify({
          type: 'external_account',
          audience,
          subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
          token_url: `${url}/v1/token`,
          service_account_impersonation_url: `${url}/v1/projects/-/serviceAccounts/${SERVICE_ACCOUNT}:generateAccessToken`,
          credential_source: {
            url: `${url}/github-oidc?audience=${encodeURIComponent(`https:${audience}`)}`,
            headers: { Authorization: `Bearer ${OIDC_REQUEST_TOKEN}` },
            format: { type: 'json', subject_token_field_name: 'value' },
          },
        }),
      );
      return {
        GOOGLE_APPLICATION_CREDENTIALS: file,
        CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: file,
        ...(project && { GOOGLE_CLOUD_PROJECT: project, CLOUDSDK_CORE_PROJECT: project }),
        CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN: `${url}/`,
        CLOUDSDK_API_ENDPOINT_OVERRIDES_ARTIFACTREGISTRY: `${url}/`,
        CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: `${url}/`,
        // No GCE metadata server here: do not probe 169.254.169.254.
        METADATA_SERVER_DETECTION: 'none',
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/**
 * `node scripts/google-api.ts DIR` (what scripts/google-api.sh runs): serves on a free 127.0.0.1
 * port with an empty project, writes DIR/env (the environment google-github-actions/auth would
 * export, pointed at this server) and runs until stopped.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node scripts/google-api.ts DIR');
  const api = await startGoogleApi();
  const environment = await api.adcEnvironment(dir, process.env.GOOGLE_CLOUD_PROJECT);
  await writeFile(
    `${dir}/env`,
    Object.entries({ GOOGLE_API_URL: api.url, GOOGLE_API_ACCESS_TOKEN: ACCESS_TOKEN, ...environment })
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  const stop = () => void api.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
