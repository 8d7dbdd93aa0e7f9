/**
 * Azure Container Apps as Azure Resource Manager serves it, for the tests and the demo: a request
 * handler that an HTTPS server mounts (the ARM clients refuse plain http). It follows the public
 * REST reference (ContainerApps.json, 2025-07-01 and later) and the ARM RPC for what the action calls:
 * - GET, PUT (201 + Azure-AsyncOperation) and PATCH (JSON Merge Patch: 202 + Location) of an app,
 *   a body without properties.template.containers refused (the SDK's model is flattened);
 * - operation status and result URLs scoped to the subscription, done after a few polls;
 * - revisions named APP--SUFFIX, only when the template changes, going Provisioning → Provisioned
 *   and Processing → Running → Healthy over a few reads; latestRevisionName / latestReadyRevisionName;
 * - secret values and empty env values left out of GET, as Azure does.
 * Switches: deny an action (403 AuthorizationFailed in Azure's words), throttle (429 + Retry-After),
 * fail the next revision either way Azure does (the operation fails, or the revision turns
 * Failed/Degraded after the operation succeeded). Every request is recorded.
 * Node runs this file by stripping types: no parameter properties, no enums.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const ARM_API_VERSION = '2026-07-01';

type Json = Record<string, unknown>;

export interface RecordedArmRequest {
  readonly method: string;
  readonly path: string;
  readonly apiVersion: string | undefined;
  /** The ARM action the call needs, e.g. Microsoft.App/containerApps/write (what 403s are keyed on). */
  readonly action: string;
  readonly body: Json | undefined;
  readonly authorization: string | undefined;
}

/** How the next new revision fails: the update operation fails, or the revision does after it succeeded. */
export interface RevisionFailure {
  readonly way: 'operation' | 'revision';
  readonly message: string;
}

interface Operation {
  readonly id: string;
  readonly appKey: string;
  readonly revision: string | undefined;
  pollsLeft: number;
  readonly failure: RevisionFailure | undefined;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  /** A job's operation: what its result URL answers once done (the job, or the execution started). */
  readonly result?: () => Json;
}

/** How the next job execution fails: Azure's status, and the main container's exit code. */
export interface ExecutionFailure {
  readonly status: 'Failed' | 'Stopped' | 'Degraded';
  readonly exitCode: number;
  readonly message: string;
}

interface ExecutionRecord {
  readonly jobKey: string;
  readonly body: Json;
  readsLeft: number;
  readonly failure: ExecutionFailure | undefined;
}

export interface JobSeedOptions {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly containers: Json[];
  readonly secrets?: Json[];
  readonly registries?: Json[];
  readonly identity?: Json;
}

interface RevisionRecord {
  readonly appKey: string;
  readonly body: Json;
  readsLeft: number;
  readonly failure: RevisionFailure | undefined;
}

export interface ContainerAppsFake {
  /** Answers a request under /subscriptions/…/Microsoft.App; false when the path is not one of its own. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  readonly requests: RecordedArmRequest[];
  /** Apps by lower-case resource id, as stored (with secret values). */
  readonly apps: Map<string, Json>;
  readonly revisions: Map<string, RevisionRecord>;
  /** Actions answered with 403 AuthorizationFailed. */
  readonly denied: Set<string>;
  /** Actions answered with 429 + Retry-After this many more times. */
  readonly throttled: Map<string, number>;
  failNextRevision: RevisionFailure | undefined;
  /** Jobs by lower-case resource id, as stored; their executions by lower-case execution id. */
  readonly jobs: Map<string, Json>;
  readonly executions: Map<string, ExecutionRecord>;
  failNextExecution: ExecutionFailure | undefined;
  /** Creates a manually triggered job as someone set it up in the portal. */
  seedJob(options: JobSeedOptions): Json;
  /** Polls of an operation before it is done; reads of a new revision before it is Running and Healthy. */
  pollsUntilDone: number;
  /** Reads of a new revision before it is Running and Healthy, when not pollsUntilDone (a slow start). */
  revisionReadsUntilRunning: number | undefined;
  /** The Retry-After an operation's 202s and the 429s carry, in seconds. */
  retryAfterSeconds: number;
  /** Creates an app (and its first, healthy revision) as someone set it up in the portal. */
  seedApp(options: SeedOptions): Json;
  /** Managed environments by lower-case resource id. */
  readonly environments: Map<string, Json>;
  /** Creates a managed environment (what a new app is created in). */
  seedEnvironment(options: EnvironmentSeedOptions): Json;
  /** Requests that change something (PUT, PATCH, POST). */
  mutations(): RecordedArmRequest[];
  reset(): void;
}

export interface SeedOptions {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location?: string;
  readonly mode?: 'Single' | 'Multiple';
  readonly containers: Json[];
  readonly registries?: Json[];
  readonly secrets?: Json[];
  readonly identity?: Json;
  readonly traffic?: Json[];
  readonly scale?: Json;
  /** More template fields kept as they are (volumes, init containers…). */
  readonly extraTemplate?: Json;
  readonly environmentDomain?: string;
  /** An app made without ingress (a worker): no FQDN, no traffic weights. */
  readonly withoutIngress?: boolean;
}

export interface EnvironmentSeedOptions {
  readonly subscription: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location?: string;
  readonly defaultDomain?: string;
}

class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

const APP_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/containerApps\/([^/]+)(\/revisions(?:\/([^/]+))?)?$/i;
const ENVIRONMENT_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/managedEnvironments\/([^/]+)$/i;
const JOB_PATH =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/jobs\/([^/]+)(\/start|\/executions\/([^/]+))?$/i;
const OPERATION_PATH =
  /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.App\/locations\/([^/]+)\/(containerappOperationStatuses|containerappOperationResults)\/([^/]+)$/i;

const clone = <T>(value: T): T => structuredClone(value);

/** RFC 7396 JSON Merge Patch: objects merge, arrays and scalars replace, null deletes. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const base: Json = target && typeof target === 'object' && !Array.isArray(target) ? clone(target as Json) : {};
  const entries = Object.entries(patch as Json);
  const merged = Object.entries(base).filter(([key]) => !entries.some(([k, v]) => k === key && v === null));
  const result: Json = Object.fromEntries(merged);
  for (const [key, value] of entries) if (value !== null) result[key] = mergePatch(result[key], value);
  return result;
}

function properties(app: Json): Json {
  return (app.properties ??= {}) as Json;
}

function templateOf(app: Json): Json {
  return (properties(app).template ?? {}) as Json;
}

/** The template without its suffix: a new suffix alone is a change too, but it is compared separately. */
function templateKey(template: Json): string {
  const { revisionSuffix: _ignored, ...rest } = template;
  void _ignored;
  return JSON.stringify(rest);
}

/** What GET shows: no secret values, and env values that are "" left out. */
function shown(app: Json): Json {
  const copy = clone(app);
  const props = properties(copy);
  const configuration = (props.configuration ?? {}) as Json;
  if (Array.isArray(configuration.secrets))
    configuration.secrets = (configuration.secrets as Json[]).map(({ value: _v, ...rest }) => {
      void _v;
      return rest;
    });
  for (const container of ((props.template as Json | undefined)?.containers ?? []) as Json[]) {
    for (const env of (container.env ?? []) as Json[]) if (env.value === '') delete env.value;
  }
  return copy;
}

function actionOf(method: string, path: string): string {
  if (OPERATION_PATH.test(path)) return 'Microsoft.App/locations/containerappOperationStatuses/read';
  const job = JOB_PATH.exec(path);
  if (job?.[4]?.toLowerCase() === '/start') return 'Microsoft.App/jobs/start/action';
  if (job?.[5]) return 'Microsoft.App/jobs/executions/read';
  if (job) return `Microsoft.App/jobs/${method === 'GET' ? 'read' : 'write'}`;
  if (ENVIRONMENT_PATH.test(path)) return `Microsoft.App/managedEnvironments/${method === 'GET' ? 'read' : 'write'}`;
  const match = APP_PATH.exec(path);
  if (match?.[4]) return 'Microsoft.App/containerApps/revisions/read';
  return `Microsoft.App/containerApps/${method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write'}`;
}

export function createContainerAppsFake(
  options: { acceptToken?: (token: string) => boolean; clientId?: string } = {},
): ContainerAppsFake {
  const acceptToken = options.acceptToken ?? ((token: string) => token.length > 0);
  const clientId = options.clientId ?? '11111111-2222-3333-4444-555555555555';
  const operations = new Map<string, Operation>();
  const resourceGroups = new Set<string>();

  const fake: ContainerAppsFake = {
    requests: [],
    apps: new Map(),
    revisions: new Map(),
    denied: new Set(),
    throttled: new Map(),
    failNextRevision: undefined,
    jobs: new Map(),
    executions: new Map(),
    failNextExecution: undefined,
    seedJob,
    pollsUntilDone: 2,
    revisionReadsUntilRunning: undefined,
    retryAfterSeconds: 1,
    handle,
    seedApp,
    environments: new Map(),
    seedEnvironment,
    mutations: () => fake.requests.filter((r) => r.method !== 'GET'),
    reset() {
      fake.requests.length = 0;
      fake.apps.clear();
      fake.revisions.clear();
      fake.denied.clear();
      fake.throttled.clear();
      fake.failNextRevision = undefined;
      fake.jobs.clear();
      fake.executions.clear();
      fake.failNextExecution = undefined;
      fake.environments.clear();
      fake.revisionReadsUntilRunning = undefined;
      operations.clear();
      resourceGroups.clear();
    },
  };

  function appId(subscription: string, group: string, name: string): string {
    return `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.App/containerApps/${name}`;
  }

  function revisionKey(appKey: string, revision: string): string {
    return `${appKey}/revisions/${revision}`.toLowerCase();
  }

  function seedApp(seed: SeedOptions): Json {
    const id = appId(seed.subscription, seed.resourceGroup, seed.name);
    resourceGroups.add(`${seed.subscription}/${seed.resourceGroup}`.toLowerCase());
    const domain = seed.environmentDomain ?? 'kindocean-1a2b3c4d.eastus.azurecontainerapps.io';
    const first = `${seed.name}--first`;
    const app: Json = {
      id,
      name: seed.name,
      type: 'Microsoft.App/containerApps',
      location: seed.location ?? 'East US',
      ...(seed.identity && { identity: seed.identity }),
      properties: {
        provisioningState: 'Succeeded',
        runningStatus: 'Running',
        managedEnvironmentId: `/subscriptions/${seed.subscription}/resourceGroups/${seed.resourceGroup}/providers/Microsoft.App/managedEnvironments/env`,
        latestRevisionName: first,
        latestReadyRevisionName: first,
        latestRevisionFqdn: `${first}.${domain}`,
        configuration: {
          activeRevisionsMode: seed.mode ?? 'Single',
          ...(!seed.withoutIngress && {
            ingress: {
              fqdn: `${seed.name}.${domain}`,
              external: true,
              targetPort: 8080,
              traffic: seed.traffic ?? [{ latestRevision: true, weight: 100 }],
            },
          }),
          registries: seed.registries ?? [],
          secrets: seed.secrets ?? [],
        },
        template: {
          revisionSuffix: 'first',
          containers: seed.containers,
          scale: seed.scale ?? { minReplicas: 1, maxReplicas: 10 },
          ...seed.extraTemplate,
        },
      },
    };
    fake.apps.set(id.toLowerCase(), app);
    fake.revisions.set(revisionKey(id, first), {
      appKey: id.toLowerCase(),
      readsLeft: 0,
      failure: undefined,
      body: revisionBody(app, first, domain, {
        provisioningState: 'Provisioned',
        runningState: 'Running',
        healthState: 'Healthy',
      }),
    });
    return app;
  }

  function seedEnvironment(seed: EnvironmentSeedOptions): Json {
    const id = `/subscriptions/${seed.subscription}/resourceGroups/${seed.resourceGroup}/providers/Microsoft.App/managedEnvironments/${seed.name}`;
    resourceGroups.add(`${seed.subscription}/${seed.resourceGroup}`.toLowerCase());
    const environment: Json = {
      id,
      name: seed.name,
      type: 'Microsoft.App/managedEnvironments',
      location: seed.location ?? 'East US',
      properties: {
        provisioningState: 'Succeeded',
        defaultDomain: seed.defaultDomain ?? 'kindocean-1a2b3c4d.eastus.azurecontainerapps.io',
        staticIp: '20.1.2.3',
      },
    };
    fake.environments.set(id.toLowerCase(), environment);
    return environment;
  }

  /** The environment a new app names, which must exist, in the app's location. */
  function environmentFor(body: Json): Json {
    const id = String((body.properties as Json).managedEnvironmentId ?? '');
    const match = ENVIRONMENT_PATH.exec(id);
    if (!match)
      throw new ArmError(
        400,
        'InvalidParameterValue',
        "Field 'properties.managedEnvironmentId' is required and must be a managed environment's resource ID.",
      );
    const environment = fake.environments.get(id.toLowerCase());
    if (!environment)
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.App/managedEnvironments/${match[3]}' under resource group '${match[2]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    const where = (location: unknown) => String(location).replace(/\s+/g, '').toLowerCase();
    if (where(environment.location) !== where(body.location))
      throw new ArmError(
        400,
        'InvalidParameterValueInContainerTemplate',
        `The location '${String(body.location)}' of the container app does not match the location '${String(environment.location)}' of its managed environment '${String(environment.name)}'.`,
      );
    return environment;
  }

  function revisionBody(app: Json, name: string, domain: string, states: Json): Json {
    return {
      id: `${String(app.id)}/revisions/${name}`,
      name,
      type: 'Microsoft.App/containerApps/revisions',
      properties: {
        createdTime: new Date().toISOString(),
        // An app without ingress has no FQDNs.
        ...(domain && { fqdn: `${name}.${domain}` }),
        template: clone(templateOf(app)),
        active: true,
        replicas: 1,
        trafficWeight: 0,
        ...states,
      },
    };
  }

  function domainOf(app: Json): string {
    const fqdn = String(((properties(app).configuration as Json)?.ingress as Json | undefined)?.fqdn ?? '');
    return fqdn.slice(String(app.name).length + 1);
  }

  async function readBody(req: IncomingMessage): Promise<Json | undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length === 0) return undefined;
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return undefined;
    try {
      return JSON.parse(text) as Json;
    } catch {
      throw new ArmError(
        400,
        'InvalidRequestContent',
        'The request content was invalid and could not be deserialized.',
      );
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? 'localhost'}`);
    const path = url.pathname;
    if (!APP_PATH.test(path) && !OPERATION_PATH.test(path) && !JOB_PATH.test(path) && !ENVIRONMENT_PATH.test(path))
      return false;
    const method = req.method ?? 'GET';
    const action = actionOf(method, path);
    const apiVersion = url.searchParams.get('api-version') ?? undefined;
    const record = (body: Json | undefined) =>
      fake.requests.push({ method, path, apiVersion, action, body, authorization: req.headers.authorization });
    let body: Json | undefined;
    try {
      body = await readBody(req);
    } catch (error) {
      record(undefined);
      const { status, code, message } = error as ArmError;
      send(res, status, { error: { code, message, details: [] } });
      return true;
    }
    record(body);
    try {
      const answer = route(method, path, url, apiVersion, action, body, req.headers.authorization);
      send(res, answer.status, answer.body, answer.headers);
    } catch (error) {
      if (!(error instanceof ArmError)) throw error;
      send(res, error.status, { error: { code: error.code, message: error.message, details: [] } }, error.headers);
    }
    return true;
  }

  function send(
    res: ServerResponse,
    status: number,
    body: Json | undefined,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      ...headers,
    });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }

  interface Answer {
    status: number;
    body?: Json;
    headers?: Record<string, string>;
  }

  function route(
    method: string,
    path: string,
    url: URL,
    apiVersion: string | undefined,
    action: string,
    body: Json | undefined,
    authorization: string | undefined,
  ): Answer {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token || !acceptToken(token))
      throw new ArmError(
        401,
        token ? 'InvalidAuthenticationToken' : 'AuthenticationFailed',
        token ? 'The access token is invalid.' : "Authentication failed. The 'Authorization' header is missing.",
        {
          'www-authenticate':
            'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
        },
      );
    if (apiVersion !== ARM_API_VERSION)
      throw new ArmError(
        400,
        apiVersion ? 'NoRegisteredProviderFound' : 'MissingApiVersionParameter',
        apiVersion
          ? `No registered resource provider found for location 'eastus' and API version '${apiVersion}' for type 'containerApps'.`
          : 'The api-version query parameter (?api-version=) is required for all requests.',
      );
    const throttles = fake.throttled.get(action) ?? 0;
    if (throttles > 0) {
      fake.throttled.set(action, throttles - 1);
      throw new ArmError(
        429,
        'TooManyRequests',
        'The request is being throttled as the limit has been reached for operation type.',
        {
          'retry-after': String(fake.retryAfterSeconds),
          'x-ms-ratelimit-remaining-subscription-reads': '0',
        },
      );
    }
    const operation = OPERATION_PATH.exec(path);
    if (fake.denied.has(action)) {
      const scope = operation ? `/subscriptions/${operation[1]}` : path.replace(/\/revisions.*$/i, '');
      throw new ArmError(
        403,
        'AuthorizationFailed',
        `The client '${clientId}' with object id '${clientId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      );
    }
    if (operation) return pollOperation(operation[4]!, operation[3]!.toLowerCase().endsWith('results'));
    const job = JOB_PATH.exec(path);
    if (job) return routeJob(method, url, job, body);
    const environmentPath = ENVIRONMENT_PATH.exec(path);
    if (environmentPath) {
      const environment = fake.environments.get(path.toLowerCase());
      if (!resourceGroups.has(`${environmentPath[1]}/${environmentPath[2]}`.toLowerCase()))
        throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${environmentPath[2]}' could not be found.`);
      if (!environment || method !== 'GET')
        throw new ArmError(
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.App/managedEnvironments/${environmentPath[3]}' under resource group '${environmentPath[2]}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
        );
      return { status: 200, body: clone(environment) };
    }
    const [, subscription, group, name, revisions, revision] = APP_PATH.exec(path)!;
    if (!resourceGroups.has(`${subscription}/${group}`.toLowerCase()))
      throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${group}' could not be found.`);
    const key = appId(subscription!, group!, name!).toLowerCase();
    const app = fake.apps.get(key);
    if (method === 'PUT' && !revisions) return putApp(key, url, subscription!, group!, name!, app, body);
    if (!app)
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.App/containerApps/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    if (revisions) return readRevisions(key, revision);
    if (method === 'GET') return { status: 200, body: shown(app) };
    if (method === 'PATCH') return patchApp(key, url, subscription!, app, body);
    throw new ArmError(405, 'MethodNotAllowed', `${method} is not supported here`);
  }

  function requireTemplate(body: Json | undefined): Json {
    const props = body?.properties as Json | undefined;
    const containers = (props?.template as Json | undefined)?.containers;
    if (!Array.isArray(containers) || containers.length === 0)
      throw new ArmError(
        400,
        'ContainerAppInvalidSpec',
        "Field 'properties.template.containers' is required: a Container App needs at least one container.",
      );
    return props!;
  }

  function putApp(
    key: string,
    url: URL,
    subscription: string,
    group: string,
    name: string,
    existing: Json | undefined,
    body: Json | undefined,
  ): Answer {
    const props = requireTemplate(body);
    if (!body?.location)
      throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
    const environment = existing ? undefined : environmentFor(body);
    checkRegistries(body);
    const app: Json = {
      ...clone(body),
      id: appId(subscription, group, name),
      name,
      type: 'Microsoft.App/containerApps',
      properties: {
        ...clone(props),
        provisioningState: 'InProgress',
        latestRevisionName: (existing && properties(existing).latestRevisionName) ?? undefined,
        latestReadyRevisionName: (existing && properties(existing).latestReadyRevisionName) ?? undefined,
      },
    };
    const configuration = ((app.properties as Json).configuration ??= {}) as Json;
    const ingress = configuration.ingress as Json | undefined;
    if (environment) applyCreationDefaults(app, environment);
    else if (ingress) ingress.fqdn = `${name}.${domainOf(existing!)}`;
    const changed = !existing || templateKey(templateOf(existing)) !== templateKey(templateOf(app));
    const op = startOperation(key, app, changed, existing);
    fake.apps.set(key, app);
    return {
      status: existing ? 200 : 201,
      body: shown(app),
      headers: {
        'azure-asyncoperation': operationUrl(
          url,
          subscription,
          String(app.location),
          'containerappOperationStatuses',
          op.id,
        ),
        'retry-after': String(fake.retryAfterSeconds),
      },
    };
  }

  /** Each registry entry signs in with an identity the app has, or a password secret it has. */
  function checkRegistries(body: Json): void {
    const configuration = ((body.properties as Json).configuration ?? {}) as Json;
    const secrets = ((configuration.secrets ?? []) as Json[]).map((secret) => secret.name);
    const identities = Object.keys(((body.identity as Json | undefined)?.userAssignedIdentities ?? {}) as Json);
    for (const registry of (configuration.registries ?? []) as Json[]) {
      const ref = registry.passwordSecretRef;
      if (ref !== undefined && !secrets.includes(ref))
        throw new ArmError(
          400,
          'ContainerAppSecretRefNotFound',
          `Registry '${String(registry.server)}': passwordSecretRef '${String(ref)}' is not one of the app's secrets.`,
        );
      const identity = registry.identity;
      if (
        typeof identity === 'string' &&
        identity.toLowerCase() !== 'system' &&
        !identities.some((id) => id.toLowerCase() === identity.toLowerCase())
      )
        throw new ArmError(
          400,
          'InvalidRegistryIdentity',
          `Registry '${String(registry.server)}': identity '${identity}' is not assigned to the container app.`,
        );
    }
  }

  /** What Azure fills in on a new app: Single mode, maxReplicas 10, the ingress FQDN and its traffic. */
  function applyCreationDefaults(app: Json, environment: Json): void {
    const props = properties(app);
    const domain = String((environment.properties as Json).defaultDomain);
    const configuration = props.configuration as Json;
    configuration.activeRevisionsMode ??= 'Single';
    const template = props.template as Json;
    template.scale = { minReplicas: 0, maxReplicas: 10, ...((template.scale as Json | undefined) ?? {}) };
    const ingress = configuration.ingress as Json | undefined;
    if (ingress) {
      ingress.fqdn = ingress.external ? `${String(app.name)}.${domain}` : `${String(app.name)}.internal.${domain}`;
      ingress.traffic ??= [{ latestRevision: true, weight: 100 }];
    }
    props.environmentId = environment.id;
    props.outboundIpAddresses = ['20.1.2.4'];
  }

  function patchApp(key: string, url: URL, subscription: string, app: Json, body: Json | undefined): Answer {
    // The SDK adds `properties` itself; a body without it is the flattened model wrapped by mistake.
    if (!body?.properties || Object.keys(body.properties as Json).length === 0)
      throw new ArmError(400, 'InvalidRequestContent', 'The request has no properties to update.');
    const merged = mergePatch(app, body) as Json;
    const props = properties(merged);
    const configuration = (props.configuration ?? {}) as Json;
    checkTraffic(configuration);
    // A secret sent without its value would lose it, as Azure's PATCH does (arrays replace).
    const changed = templateKey(templateOf(app)) !== templateKey(templateOf(merged));
    const suffix = String(templateOf(merged).revisionSuffix ?? '');
    const suffixChanged = suffix !== String(templateOf(app).revisionSuffix ?? '');
    if (
      (changed || suffixChanged) &&
      suffix &&
      fake.revisions.has(revisionKey(String(app.id), `${app.name}--${suffix}`))
    )
      throw new ArmError(
        400,
        'ContainerAppInvalidRevisionSuffix',
        `Field 'template.revisionsuffix' is invalid with details: 'Invalid value: "${suffix}": revision with suffix ${suffix} already exists'`,
      );
    props.provisioningState = 'InProgress';
    const op = startOperation(key, merged, changed || suffixChanged, app);
    fake.apps.set(key, merged);
    return {
      status: 202,
      headers: {
        location: operationUrl(url, subscription, String(app.location), 'containerappOperationResults', op.id),
        'retry-after': String(fake.retryAfterSeconds),
      },
    };
  }

  /** Single mode takes no weights; in Multiple mode the weights add up to 100. */
  function checkTraffic(configuration: Json): void {
    const traffic = ((configuration.ingress as Json | undefined)?.traffic ?? []) as Json[];
    const multiple = String(configuration.activeRevisionsMode ?? 'Single').toLowerCase() === 'multiple';
    if (!multiple && (traffic.length > 1 || traffic.some((t) => t.revisionName || t.label)))
      throw new ArmError(
        400,
        'ContainerAppInvalidTrafficWeight',
        'Traffic weights and labels can only be set when the app is in Multiple revision mode.',
      );
    const total = traffic.reduce((sum, t) => sum + Number(t.weight ?? 0), 0);
    if (multiple && traffic.length > 0 && total !== 100)
      throw new ArmError(400, 'ContainerAppInvalidTrafficWeight', `Traffic weights must add up to 100, not ${total}.`);
  }

  function operationUrl(url: URL, subscription: string, location: string, kind: string, id: string): string {
    const where = encodeURIComponent(location.replace(/\s+/g, '').toLowerCase());
    return `${url.origin}/subscriptions/${subscription}/providers/Microsoft.App/locations/${where}/${kind}/${id}?api-version=${ARM_API_VERSION}`;
  }

  function startOperation(key: string, app: Json, newRevision: boolean, before: Json | undefined): Operation {
    let revision: string | undefined;
    let failure: RevisionFailure | undefined;
    if (newRevision) {
      const template = templateOf(app);
      const suffix = String(template.revisionSuffix || randomBytes(4).toString('hex').slice(0, 7));
      revision = `${String(app.name)}--${suffix}`;
      failure = fake.failNextRevision;
      fake.failNextRevision = undefined;
      const props = properties(app);
      props.latestRevisionName = revision;
      props.latestReadyRevisionName = before ? properties(before).latestReadyRevisionName : undefined;
      const domain = before ? domainOf(before) : domainOf(app);
      if (domain) props.latestRevisionFqdn = `${revision}.${domain}`;
      fake.revisions.set(revisionKey(String(app.id), revision), {
        appKey: key,
        readsLeft: fake.revisionReadsUntilRunning ?? fake.pollsUntilDone,
        failure,
        body: revisionBody(app, revision, domain, {
          provisioningState: 'Provisioning',
          runningState: 'Processing',
          healthState: 'None',
        }),
      });
    }
    const op: Operation = {
      id: randomUUID(),
      appKey: key,
      revision,
      pollsLeft: fake.pollsUntilDone,
      failure,
      status: 'InProgress',
    };
    operations.set(op.id, op);
    return op;
  }

  function settle(op: Operation): void {
    if (op.status !== 'InProgress' || --op.pollsLeft > 0) return;
    if (op.result) {
      op.status = 'Succeeded';
      return;
    }
    const app = fake.apps.get(op.appKey)!;
    const record = op.revision ? fake.revisions.get(revisionKey(String(app.id), op.revision)) : undefined;
    const revisionProps = record ? properties(record.body) : undefined;
    if (op.failure?.way === 'operation') {
      op.status = 'Failed';
      properties(app).provisioningState = 'Failed';
      if (revisionProps)
        Object.assign(revisionProps, {
          provisioningState: 'Failed',
          runningState: 'Failed',
          healthState: 'Unhealthy',
          provisioningError: op.failure.message,
        });
      return;
    }
    op.status = 'Succeeded';
    properties(app).provisioningState = 'Succeeded';
    if (revisionProps) revisionProps.provisioningState = 'Provisioned';
  }

  function pollOperation(id: string, asResult: boolean): Answer {
    const op = operations.get(id);
    if (!op) throw new ArmError(404, 'OperationNotFound', `Operation ${id} was not found.`);
    settle(op);
    const retry = { 'retry-after': String(fake.retryAfterSeconds) };
    if (op.result) {
      if (op.status === 'InProgress')
        return {
          status: asResult ? 202 : 200,
          headers: retry,
          ...(!asResult && { body: { name: id, status: op.status } }),
        };
      return { status: 200, body: asResult ? op.result() : { name: id, status: op.status } };
    }
    const app = fake.apps.get(op.appKey)!;
    const failed =
      op.failure?.way === 'operation'
        ? {
            code: 'ContainerAppOperationError',
            message: `Failed to provision revision for container app '${String(app.name)}'. Error details: ${op.failure.message}`,
          }
        : undefined;
    if (asResult) {
      if (op.status === 'InProgress') return { status: 202, headers: retry };
      if (op.status === 'Failed') throw new ArmError(400, failed!.code, failed!.message);
      return { status: 200, body: shown(app) };
    }
    return {
      status: 200,
      body: {
        id: `/subscriptions/x/providers/Microsoft.App/locations/x/containerappOperationStatuses/${id}`,
        name: id,
        status: op.status,
        startTime: new Date().toISOString(),
        ...(op.status === 'Failed' && { error: failed }),
      },
      ...(op.status === 'InProgress' && { headers: retry }),
    };
  }

  /** A revision read: it moves on one state per read once its operation is done. */
  function readRevisions(key: string, name: string | undefined): Answer {
    const app = fake.apps.get(key)!;
    if (name === undefined) {
      const value = [...fake.revisions.entries()]
        .filter(([, record]) => record.appKey === key)
        .map(([, record]) => clone(record.body));
      return { status: 200, body: { value } };
    }
    const record = fake.revisions.get(revisionKey(String(app.id), name));
    if (!record)
      throw new ArmError(
        404,
        'ContainerAppRevisionNotFound',
        `Revision '${name}' of container app '${String(app.name)}' was not found.`,
      );
    // Azure provisions whether or not anyone polls the operation: a read of the revision moves it on too.
    for (const op of operations.values()) if (op.appKey === key && op.revision === name) settle(op);
    advance(app, name, record);
    return { status: 200, body: clone(record.body) };
  }

  function advance(app: Json, name: string, record: RevisionRecord): void {
    const props = properties(record.body);
    if (
      props.provisioningState !== 'Provisioned' ||
      props.healthState === 'Healthy' ||
      props.runningState === 'Degraded'
    )
      return;
    if (--record.readsLeft > 0) return;
    if (record.failure?.way === 'revision') {
      Object.assign(props, {
        runningState: 'Degraded',
        healthState: 'Unhealthy',
        provisioningError: record.failure.message,
      });
      return;
    }
    Object.assign(props, { runningState: 'Running', healthState: 'Healthy' });
    const appProps = properties(app);
    if (appProps.latestRevisionName === name) appProps.latestReadyRevisionName = name;
  }

  function seedJob(seed: JobSeedOptions): Json {
    const id = `/subscriptions/${seed.subscription}/resourceGroups/${seed.resourceGroup}/providers/Microsoft.App/jobs/${seed.name}`;
    resourceGroups.add(`${seed.subscription}/${seed.resourceGroup}`.toLowerCase());
    const job: Json = {
      id,
      name: seed.name,
      type: 'Microsoft.App/jobs',
      location: 'East US',
      ...(seed.identity && { identity: seed.identity }),
      properties: {
        provisioningState: 'Succeeded',
        runningState: 'Ready',
        environmentId: `/subscriptions/${seed.subscription}/resourceGroups/${seed.resourceGroup}/providers/Microsoft.App/managedEnvironments/env`,
        configuration: {
          triggerType: 'Manual',
          replicaTimeout: 1800,
          replicaRetryLimit: 0,
          manualTriggerConfig: { parallelism: 1, replicaCompletionCount: 1 },
          registries: seed.registries ?? [],
          secrets: seed.secrets ?? [],
        },
        template: { containers: seed.containers },
      },
    };
    fake.jobs.set(id.toLowerCase(), job);
    return job;
  }

  function routeJob(method: string, url: URL, match: RegExpExecArray, body: Json | undefined): Answer {
    const [, subscription, group, name, sub, execution] = match;
    if (!resourceGroups.has(`${subscription}/${group}`.toLowerCase()))
      throw new ArmError(404, 'ResourceGroupNotFound', `Resource group '${group}' could not be found.`);
    const id = `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.App/jobs/${name}`;
    const job = fake.jobs.get(id.toLowerCase());
    if (!job)
      throw new ArmError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.App/jobs/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    const location = (result: () => Json) => {
      const op: Operation = {
        id: randomUUID(),
        appKey: '',
        revision: undefined,
        pollsLeft: fake.pollsUntilDone,
        failure: undefined,
        status: 'InProgress',
        result,
      };
      operations.set(op.id, op);
      return {
        status: 202,
        headers: {
          location: operationUrl(url, subscription!, String(job.location), 'containerappOperationResults', op.id),
          'retry-after': String(fake.retryAfterSeconds),
        },
      };
    };
    if (execution) return { status: 200, body: readExecution(`${id}/executions/${execution}`) };
    if (sub && method === 'POST') return location(() => startExecution(id, job));
    if (method === 'GET') return { status: 200, body: shown(job) };
    if (method === 'PATCH') {
      // The job's PATCH model (JobPatchProperties) carries `properties` itself; an empty one changes nothing.
      if (!body?.properties || Object.keys(body.properties as Json).length === 0)
        throw new ArmError(400, 'InvalidRequestContent', 'The request has no properties to update.');
      const merged = mergePatch(job, body) as Json;
      const containers = templateOf(merged).containers;
      if (!Array.isArray(containers) || containers.length === 0)
        throw new ArmError(
          400,
          'JobInvalidSpec',
          "Field 'properties.template.containers' needs at least one container.",
        );
      fake.jobs.set(id.toLowerCase(), merged);
      return location(() => shown(fake.jobs.get(id.toLowerCase())!));
    }
    throw new ArmError(405, 'MethodNotAllowed', `${method} is not supported here`);
  }

  function startExecution(id: string, job: Json): Json {
    const name = `${String(job.name)}-${randomBytes(4).toString('hex').slice(0, 7)}`;
    const executionId = `${id}/executions/${name}`;
    fake.executions.set(executionId.toLowerCase(), {
      jobKey: id.toLowerCase(),
      readsLeft: fake.pollsUntilDone,
      failure: fake.failNextExecution,
      body: {
        id: executionId,
        name,
        type: 'Microsoft.App/jobs/executions',
        properties: { status: 'Running', startTime: new Date().toISOString(), template: clone(templateOf(job)) },
      },
    });
    fake.failNextExecution = undefined;
    return { id: executionId, name };
  }

  /** An execution read: Running for a few reads, then Succeeded, or the failure asked for. */
  function readExecution(executionId: string): Json {
    const record = fake.executions.get(executionId.toLowerCase());
    if (!record) throw new ArmError(404, 'ResourceNotFound', `Job execution '${executionId}' was not found.`);
    const props = properties(record.body);
    if (props.status === 'Running' && --record.readsLeft <= 0) {
      const containers = ((props.template as Json).containers ?? []) as Json[];
      const failure = record.failure;
      Object.assign(props, {
        status: failure ? failure.status : 'Succeeded',
        endTime: new Date().toISOString(),
        ...(failure && { reason: 'BackoffLimitExceeded', message: failure.message }),
        detailedStatus: {
          replicas: [
            {
              name: `${String(record.body.name)}-r1`,
              containers: containers.map((c, i) => ({
                name: c.name,
                code: failure && i === 0 ? failure.exitCode : 0,
                status: failure && i === 0 ? 'Error' : 'Completed',
              })),
            },
          ],
        },
      });
    }
    return clone(record.body);
  }

  return fake;
}
