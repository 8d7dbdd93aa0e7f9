/**
 * Google's APIs for the tests and the demo: a local server following Google's public REST APIs for the calls the action makes, since no
 * emulator exists for them:
 * - Workload Identity Federation as google-github-actions/auth sets it up: the GitHub OIDC token
 *   URL, STS token exchange, and IAM Credentials generateAccessToken;
 * - Cloud Run Admin API v2: services, revisions, jobs, executions, long-running operations;
 * - Artifact Registry API v1: repositories and their operations.
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
  /** The permission the call needs, e.g. run.services.update (what 403s are keyed on). */
  readonly permission: string;
  readonly body: Record<string, unknown> | undefined;
  readonly authorization: string | undefined;
}

type Json = Record<string, unknown>;

interface Operation {
  name: string;
  pollsLeft: number;
  result: { response: Json } | { error: Json };
  metadata: Json;
}

export interface GoogleApi {
  readonly url: string;
  readonly requests: RecordedGoogleRequest[];
  readonly services: Map<string, Json>;
  readonly revisions: Map<string, Json>;
  readonly jobs: Map<string, Json>;
  readonly executions: Map<string, Json>;
  readonly repositories: Map<string, Json>;
  /** Permissions (run.services.update, artifactregistry.repositories.create, …) answered with 403. */
  readonly denied: Set<string>;
  /** Permissions answered with 503 UNAVAILABLE this many more times. */
  readonly unavailable: Map<string, number>;
  /** Permissions answered once with this error instead (e.g. a 409 from a concurrent change). */
  readonly failOnce: Map<string, { status: number; statusName: string; message: string }>;
  /** The next revision fails to start with this message. */
  failNextRevision: string | undefined;
  /** The next job execution fails with this message. */
  failNextExecution: string | undefined;
  /** How many GETs an operation takes to be done. */
  pollsUntilDone: number;
  /** Writes the credential file google-github-actions/auth leaves, and returns the environment it exports. */
  adcEnvironment(dir: string, project?: string): Promise<Record<string, string>>;
  /** Requests that change something (anything but GET). */
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
  // Plain fields, not parameter properties: Node runs this file by stripping types only.
  constructor(status: number, message: string, statusName = STATUS_NAMES[status] ?? 'UNKNOWN') {
    super(message);
    this.status = status;
    this.statusName = statusName;
  }
}

// The client asks for enum-encoding=int, so enums go back as numbers, as Google sends them then.
const CONDITION_SUCCEEDED = 4;
const CONDITION_FAILED = 3;
const LATEST = 1;
const isLatest = (type: unknown) => type === 1 || type === 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';

const last = (name: string) => name.split('/').pop()!;
const now = () => new Date().toISOString();
const clone = <T>(value: T): T => structuredClone(value);

function permissionOf(method: string, path: string): string {
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
    denied: new Set(),
    unavailable: new Map(),
    failOnce: new Map(),
    failNextRevision: undefined,
    failNextExecution: undefined,
    pollsUntilDone: 2,
    mutations() {
      return this.requests.filter((r) => r.method !== 'GET');
    },
  };

  const operation = (parent: string, result: Operation['result'], metadata: Json): Json => {
    const name = `${parent}/operations/op-${++counter}`;
    operations.set(name, { name, pollsLeft: api.pollsUntilDone, result, metadata });
    return { name, metadata, done: false };
  };
  const typed = (type: string, value: Json): Json => ({ '@type': type, ...value });

  const uriOf = (service: string, tag?: string) =>
    `https://${tag ? `${tag}---` : ''}${service}-4ppk6fjnxq-uc.a.run.app`;

  /** What traffic resolves to, as Cloud Run reports it in trafficStatuses. */
  const trafficStatuses = (service: Json): Json[] => {
    const traffic = (service.traffic as Json[] | undefined)?.length
      ? (service.traffic as Json[])
      : [{ type: LATEST, percent: 100 }];
    return traffic.map((t) => ({
      type: t.type,
      revision: isLatest(t.type) ? last(String(service.latestReadyRevision ?? '')) : t.revision,
      percent: t.percent ?? 0,
      ...(t.tag ? { tag: t.tag, uri: uriOf(last(String(service.name)), String(t.tag)) } : {}),
    }));
  };

  const validateTraffic = (service: Json, revisionNames: Set<string>) => {
    const traffic = (service.traffic as Json[] | undefined) ?? [];
    if (traffic.length === 0) return;
    const total = traffic.reduce((sum, t) => sum + Number(t.percent ?? 0), 0);
    if (total !== 100) throw new ApiError(400, `Traffic percentages must add up to 100, not ${total}`);
    for (const t of traffic) {
      if (!isLatest(t.type) && !revisionNames.has(String(t.revision)))
        throw new ApiError(400, `Revision ${String(t.revision)} does not exist`);
    }
  };

  /** Creates the revision a new template asks for; it becomes ready unless told to fail. */
  const newRevision = (service: Json, parent: string): string => {
    const template = service.template as Json;
    const serviceName = last(String(service.name));
    const generation = Number(service.generation ?? 1);
    const short =
      (template.revision as string | undefined) ||
      `${serviceName}-${String(generation).padStart(5, '0')}-${'abcdefghij'[generation % 10]!}${counter}x`;
    const name = `${parent}/services/${serviceName}/revisions/${short}`;
    if (api.revisions.has(name)) throw new ApiError(409, `Revision named '${short}' already exists`);
    const failure = api.failNextRevision;
    api.failNextRevision = undefined;
    api.revisions.set(name, {
      name,
      service: service.name,
      containers: clone(template.containers),
      conditions: failure
        ? [
            { type: 'Ready', state: CONDITION_FAILED, message: failure },
            { type: 'ContainerHealthy', state: CONDITION_FAILED, message: failure },
          ]
        : [{ type: 'Ready', state: CONDITION_SUCCEEDED }],
    });
    service.latestCreatedRevision = name;
    if (!failure) service.latestReadyRevision = name;
    return failure ?? '';
  };

  /** Stores a service as given (Cloud Run v2 replaces the whole resource), then rolls it out. */
  const writeService = (name: string, body: Json, old: Json | undefined): Json => {
    const parent = name.split('/services/')[0]!;
    const service: Json = {
      ...clone(body),
      // Cloud Run stores its default when no traffic is given: all to the latest ready revision.
      traffic: (body.traffic as Json[] | undefined)?.length ? clone(body.traffic) : [{ type: LATEST, percent: 100 }],
      name,
      uid: old?.uid ?? `uid-${++counter}`,
      generation: String(Number(old?.generation ?? 0) + 1),
      etag: `"etag-${++counter}"`,
      createTime: old?.createTime ?? now(),
      updateTime: now(),
      latestReadyRevision: old?.latestReadyRevision,
      latestCreatedRevision: old?.latestCreatedRevision,
      uri: uriOf(last(name)),
      urls: [uriOf(last(name))],
    };
    const revisionNames = new Set([...api.revisions.keys()].filter((r) => r.startsWith(`${name}/`)).map(last));
    const oldTemplate = old ? JSON.stringify({ ...(old.template as Json), revision: '' }) : undefined;
    const changed = oldTemplate !== JSON.stringify({ ...(service.template as Json), revision: '' });
    let failure = '';
    if (changed) {
      const revision = (service.template as Json).revision as string | undefined;
      if (revision) revisionNames.add(revision);
      validateTraffic(service, revisionNames);
      failure = newRevision(service, parent);
    } else {
      validateTraffic(service, revisionNames);
    }
    service.terminalCondition = failure
      ? { type: 'Ready', state: CONDITION_FAILED, message: failure }
      : { type: 'Ready', state: CONDITION_SUCCEEDED };
    service.trafficStatuses = trafficStatuses(service);
    api.services.set(name, service);
    const shown = typed('type.googleapis.com/google.cloud.run.v2.Service', clone(service));
    return operation(
      parent,
      failure
        ? {
            error: {
              code: 9,
              message: `Revision '${last(String(service.latestCreatedRevision))}' is not ready and cannot serve traffic. ${failure}`,
            },
          }
        : { response: shown },
      shown,
    );
  };

  const writeJob = (name: string, body: Json, old: Json | undefined): Json => {
    const job: Json = {
      ...clone(body),
      name,
      generation: String(Number(old?.generation ?? 0) + 1),
      etag: `"etag-${++counter}"`,
      executionCount: old?.executionCount ?? 0,
      terminalCondition: { type: 'Ready', state: CONDITION_SUCCEEDED },
    };
    api.jobs.set(name, job);
    const shown = typed('type.googleapis.com/google.cloud.run.v2.Job', clone(job));
    return operation(name.split('/jobs/')[0]!, { response: shown }, shown);
  };

  const runJob = (name: string): Json => {
    const job = api.jobs.get(name);
    if (!job) throw new ApiError(404, `Resource '${name}' was not found`);
    const count = Number(job.executionCount ?? 0) + 1;
    job.executionCount = count;
    const executionName = `${name}/executions/${last(name)}-${String(count).padStart(5, '0')}`;
    const failure = api.failNextExecution;
    api.failNextExecution = undefined;
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
    };
    api.executions.set(executionName, finished);
    const type = 'type.googleapis.com/google.cloud.run.v2.Execution';
    return operation(
      name.split('/jobs/')[0]!,
      failure
        ? { error: { code: 9, message: `Task ${last(executionName)}-0 failed: ${failure}` } }
        : { response: typed(type, finished) },
      typed(type, failure ? finished : { ...base, runningCount: 1 }),
    );
  };

  const getOperation = (name: string): Json => {
    const op = operations.get(name);
    if (!op) throw new ApiError(404, `Operation '${name}' was not found`);
    if (op.pollsLeft > 0) {
      op.pollsLeft--;
      return { name, metadata: op.metadata, done: false };
    }
    return { name, metadata: op.metadata, done: true, ...op.result };
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
      if (!found) throw new ApiError(404, `Resource '${name}' was not found`);
      if (method === 'GET') return clone(found);
      if (method === 'PATCH') {
        if (body.etag && body.etag !== found.etag)
          throw new ApiError(409, 'The resource was modified since it was read: etag mismatch', 'ABORTED');
        return writeService(name, body, found);
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

    // Artifact Registry v1.
    if ((m = /^\/v1\/(projects\/[^/]+\/locations\/[^/]+)\/repositories$/.exec(path)) && method === 'POST') {
      const name = `${m[1]}/repositories/${query.get('repositoryId')}`;
      if (api.repositories.has(name)) throw new ApiError(409, `the repository already exists`);
      const repository = { ...clone(body), name, createTime: now() };
      api.repositories.set(name, repository);
      return operation(
        m[1]!,
        { response: typed('type.googleapis.com/google.devtools.artifactregistry.v1.Repository', repository) },
        { '@type': 'type.googleapis.com/google.devtools.artifactregistry.v1.OperationMetadata' },
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
        const tokenReply = await auth(req, url.pathname, url.searchParams, text);
        if (tokenReply) return reply(200, tokenReply);
        const body = text ? (JSON.parse(text) as Json) : {};
        const permission = permissionOf(method, url.pathname);
        api.requests.push({
          method,
          path: url.pathname,
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
        reply(error.status, { error: { code: error.status, message: error.message, status: error.statusName } });
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
