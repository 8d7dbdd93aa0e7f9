export const id = 354;
export const ids = [354];
export const modules = {

/***/ 22819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FH: () => (/* binding */ OperationFailed),
/* harmony export */   Hg: () => (/* binding */ googleProject),
/* harmony export */   I5: () => (/* binding */ GoogleStatus),
/* harmony export */   Lf: () => (/* binding */ OperationTimeout),
/* harmony export */   VI: () => (/* binding */ GcpError),
/* harmony export */   d6: () => (/* binding */ googleAccessToken),
/* harmony export */   kn: () => (/* binding */ googleStatus),
/* harmony export */   lE: () => (/* binding */ googleClientOptions),
/* harmony export */   o5: () => (/* binding */ waitForOperation),
/* harmony export */   rC: () => (/* binding */ explainGoogleError),
/* harmony export */   yT: () => (/* binding */ loadGoogleSdk)
/* harmony export */ });
/* unused harmony exports endpointOverride, isTransientGoogleError */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57264);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(73136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _oci_transient_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9671);
/* harmony import */ var _oci_user_error_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(37373);
/**
 * What every Google Cloud call shares: Application Default Credentials (as google-github-actions/auth
 * leaves them: Workload Identity Federation or a key file), the project, the official clients on
 * their REST transport, and Google's errors turned into sentences. The SDKs load only when used.
 */





class GcpError extends _oci_user_error_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .y {
    constructor(message, options) {
        super(message, 'Google Cloud', options);
        this.name = 'GcpError';
    }
}
const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const NO_CREDENTIALS = /Could not load the default credentials|Unable to detect a Project Id/i;
let sharedAuth;
/** One GoogleAuth for the run, so the token is fetched once and refreshed by the library. */
function googleAuth() {
    sharedAuth ??= Promise.all(/* import() */[__webpack_require__.e(324), __webpack_require__.e(492)]).then(__webpack_require__.t.bind(__webpack_require__, 492, 23)).then(({ GoogleAuth }) => new GoogleAuth({ scopes: CLOUD_PLATFORM_SCOPE }));
    return sharedAuth;
}
const HOW_TO_AUTHENTICATE = 'add google-github-actions/auth (Workload Identity Federation) before this step, or set GOOGLE_APPLICATION_CREDENTIALS';
/** An OAuth2 access token from ADC, masked at once; undefined when there are no credentials at all. */
async function googleAccessToken() {
    const auth = await googleAuth();
    let token;
    try {
        token = await auth.getAccessToken();
    }
    catch (error) {
        if (NO_CREDENTIALS.test(error.message))
            return undefined;
        throw new GcpError(`Google Application Default Credentials gave no access token: ${error.message}`, {
            cause: error,
            access: 'missing',
        });
    }
    if (!token)
        return undefined;
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(token);
    return token;
}
/** The project to work in: the input, else the one ADC knows (GOOGLE_CLOUD_PROJECT, the key file, gcloud). */
async function googleProject(explicit) {
    if (explicit)
        return explicit;
    let withoutCredentials = false;
    try {
        const project = await (await googleAuth()).getProjectId();
        if (project)
            return project;
    }
    catch (error) {
        // Reported below with what to do; without credentials, a plan can go on without the project.
        withoutCredentials = NO_CREDENTIALS.test(error.message);
    }
    throw new GcpError('no Google Cloud project: set the gcp-project input (or project_id in google-github-actions/auth, which exports GOOGLE_CLOUD_PROJECT)', withoutCredentials ? { access: 'missing' } : undefined);
}
/**
 * gcloud's endpoint override for an API (CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN, …), e.g. a Private
 * Service Connect endpoint; the tests use it to reach a local server.
 */
function endpointOverride(api, env = process.env) {
    const variable = `CLOUDSDK_API_ENDPOINT_OVERRIDES_${api.toUpperCase()}`;
    const text = env[variable];
    if (!text)
        return undefined;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new GcpError(`${variable}="${text}" is not a URL, e.g. https://run.googleapis.com/`);
    }
    const https = url.protocol === 'https:';
    return {
        apiEndpoint: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port ? Number(url.port) : https ? 443 : 80,
        protocol: https ? 'https' : 'http',
    };
}
/** Options for an official Google client: REST (HTTP/1.1 JSON) transport, the shared ADC, any override. */
async function googleClientOptions(api) {
    const auth = await googleAuth();
    // The clients' constructors start loading credentials without awaiting them, and a failure there
    // would be an unhandled rejection: load them here first, where a failure can be explained.
    try {
        await auth.getClient();
    }
    catch (error) {
        throw new GcpError(`Google Application Default Credentials could not be loaded: ${error.message}. ${HOW_TO_AUTHENTICATE[0].toUpperCase()}${HOW_TO_AUTHENTICATE.slice(1)}`, { cause: error, access: 'missing' });
    }
    return { fallback: true, auth, ...endpointOverride(api) };
}
/**
 * Loads a Google SDK module. google-gax computes a path from __dirname when it loads, which an ES
 * module bundle does not define; it only locates gRPC protos, which the REST transport never reads.
 */
async function loadGoogleSdk(load) {
    const global = globalThis;
    global.__dirname ??= (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(import.meta.url));
    return load();
}
/** The gRPC status codes Google's APIs answer with (the REST transport reports them too). */
const GoogleStatus = {
    NOT_FOUND: 5,
    ALREADY_EXISTS: 6,
    PERMISSION_DENIED: 7,
    RESOURCE_EXHAUSTED: 8,
    FAILED_PRECONDITION: 9,
    ABORTED: 10,
    UNAUTHENTICATED: 16,
};
/**
 * Each gRPC code as the HTTP status Google maps it to (google.rpc.Code). UNKNOWN and DATA_LOSS, which
 * Google also shows as 500, are left out: nothing says they pass, so they are not retried.
 */
const HTTP_STATUS_OF_GRPC = {
    1: 499, // CANCELLED
    3: 400, // INVALID_ARGUMENT
    4: 504, // DEADLINE_EXCEEDED
    5: 404, // NOT_FOUND
    6: 409, // ALREADY_EXISTS
    7: 403, // PERMISSION_DENIED
    8: 429, // RESOURCE_EXHAUSTED
    9: 400, // FAILED_PRECONDITION
    10: 409, // ABORTED
    11: 400, // OUT_OF_RANGE
    12: 501, // UNIMPLEMENTED
    13: 500, // INTERNAL
    14: 503, // UNAVAILABLE
    16: 401, // UNAUTHENTICATED
};
function googleStatus(error) {
    const code = error.code;
    return typeof code === 'number' ? code : undefined;
}
/** Turns a Google API failure into a sentence: what failed, where, and what to do. */
function explainGoogleError(error, action, where, role) {
    if (error instanceof GcpError)
        return error;
    const message = error.message ?? String(error);
    const status = googleStatus(error);
    if (NO_CREDENTIALS.test(message) || status === GoogleStatus.UNAUTHENTICATED) {
        return new GcpError(`${action} (${where}) found no valid Google credentials: ${HOW_TO_AUTHENTICATE}`, {
            cause: error,
            access: 'missing',
        });
    }
    if (status === GoogleStatus.PERMISSION_DENIED) {
        return new GcpError(`${action} (${where}) was denied: ${message}.${role ? ` Grant the workflow's service account ${role}` : ''}`, { cause: error, access: 'denied' });
    }
    if (status === GoogleStatus.RESOURCE_EXHAUSTED) {
        return new GcpError(`${action} (${where}) hit a quota: ${message}. Retry later or raise the quota`, {
            cause: error,
        });
    }
    if (status === GoogleStatus.ALREADY_EXISTS) {
        return new GcpError(`${action} (${where}) failed: ${message}. It was created after this run looked (another run at the same time?): run the step again`, { cause: error });
    }
    if (status === GoogleStatus.ABORTED) {
        return new GcpError(`${action} (${where}) conflicted with another change made at the same time: ${message}. Run the step again`, { cause: error });
    }
    return new GcpError(`${action} (${where}) failed: ${message}`, { cause: error });
}
/** The operation itself ended in failure (as opposed to our polling of it). */
class OperationFailed extends Error {
    code;
    metadata;
    constructor(code, message, metadata) {
        super(message);
        this.code = code;
        this.metadata = metadata;
        this.name = 'OperationFailed';
    }
}
/** The wait ran past its deadline; the operation may still finish. */
class OperationTimeout extends Error {
    seconds;
    constructor(seconds) {
        super(`not done within ${seconds} s`);
        this.seconds = seconds;
        this.name = 'OperationTimeout';
    }
}
/**
 * A Google API failure worth another try, by the one rule for HTTP statuses and network failures:
 * its gRPC code read as the HTTP status Google documents for it.
 */
function isTransientGoogleError(error) {
    const status = googleStatus(error);
    if (status === undefined)
        return (0,_oci_transient_js__WEBPACK_IMPORTED_MODULE_3__/* .isTransientNetworkError */ .l)(error);
    const http = HTTP_STATUS_OF_GRPC[status];
    return http !== undefined && (0,_oci_transient_js__WEBPACK_IMPORTED_MODULE_3__/* .isTransientStatus */ .Dm)(http);
}
/**
 * Polls an operation until it is done (250 ms, growing to 5 s), riding out a few failed polls in a
 * row, since a blip in the API must not be mistaken for a failed rollout.
 */
async function waitForOperation(first, check, timeoutSeconds, onProgress) {
    const deadline = Date.now() + timeoutSeconds * 1000;
    let operation = first;
    // A failed operation comes back without its metadata: keep the last seen, which says what ran.
    let metadata = first.metadata;
    let delay = 250;
    let failedPolls = 0;
    while (!operation.done) {
        if (Date.now() >= deadline)
            throw new OperationTimeout(timeoutSeconds);
        await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
        delay = Math.min(delay * 1.5, 5_000);
        try {
            operation = await check(operation.name ?? '');
            metadata = operation.metadata ?? metadata;
            failedPolls = 0;
            onProgress?.(operation);
        }
        catch (error) {
            if (!isTransientGoogleError(error) || ++failedPolls > 5)
                throw error;
        }
    }
    if (operation.error) {
        throw new OperationFailed(operation.error.code ?? undefined, operation.error.message ?? 'the operation failed', metadata);
    }
    return operation.result;
}


/***/ }),

/***/ 91354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cloudRunRuntime: () => (/* binding */ cloudRunRuntime),
  executionProblem: () => (/* binding */ executionProblem),
  pullProblems: () => (/* binding */ pullProblems)
});

// EXTERNAL MODULE: ./src/registries/index.ts + 8 modules
var registries = __webpack_require__(7445);
// EXTERNAL MODULE: ./src/clouds/google.ts
var google = __webpack_require__(22819);
// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __webpack_require__(37373);
;// CONCATENATED MODULE: ./src/runtimes/cloud-run/render.ts

class CloudRunError extends user_error/* UserError */.y {
    constructor(message, options) {
        super(message, 'Cloud Run', options);
        this.name = 'CloudRunError';
    }
}
// The enum names the REST transport decodes to (it may also hand back their numbers).
const LATEST = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';
const REVISION = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION';
function isLatest(target) {
    return target.type === LATEST || target.type === 1;
}
/** A traffic entry pinned to a named revision (rather than following the latest one). */
function isPinned(target) {
    return target.type === REVISION || target.type === 2;
}
/** The last segment of a resource name: projects/p/locations/r/services/s/revisions/s-0001 → s-0001. */
function shortName(name) {
    return (name ?? '').split('/').pop() ?? '';
}
function conditionFailed(condition) {
    return condition.state === 'CONDITION_FAILED' || condition.state === 3;
}
function conditionSucceeded(condition) {
    return condition?.state === 'CONDITION_SUCCEEDED' || condition?.state === 4;
}
/** Cloud Run's own words for why something is not ready: the failed conditions' messages. */
function failureMessages(conditions) {
    return (conditions ?? [])
        .filter((c) => conditionFailed(c) && c.message)
        .map((c) => `${c.type ? `${c.type}: ` : ''}${c.message}`);
}
function describeSecret(reference) {
    return `${reference.secret}:${reference.version}`;
}
/** Applies image, env, secrets and resources to one container, recording each change. */
function applyContainer(container, inputs, image, changes, isNew) {
    if (container.image !== image) {
        changes.push(isNew ? `image: ${image}` : `image: ${container.image || '(none)'} → ${image}`);
        container.image = image;
    }
    const env = [...(container.env ?? [])];
    const put = (name, value, describe) => {
        const index = env.findIndex((e) => e.name === name);
        const old = index < 0 ? undefined : env[index];
        const change = describe(old);
        if (!change)
            return;
        changes.push(change);
        if (index < 0)
            env.push(value);
        else
            env[index] = value;
    };
    for (const [name, value] of Object.entries(inputs.env)) {
        put(name, { name, value }, (old) => {
            if (!old)
                return `env ${name}: set`;
            if (old.valueSource?.secretKeyRef)
                return `env ${name}: secret → plain value`;
            return old.value === value ? undefined : `env ${name}: changed`;
        });
    }
    for (const [name, reference] of Object.entries(inputs.secrets)) {
        put(name, { name, valueSource: { secretKeyRef: { ...reference } } }, (old) => {
            const ref = old?.valueSource?.secretKeyRef;
            if (ref && ref.secret === reference.secret && ref.version === reference.version)
                return undefined;
            return `secret ${name}: ${ref ? `${ref.secret}:${ref.version} → ` : ''}${describeSecret(reference)}`;
        });
    }
    container.env = env;
    const limits = { ...(container.resources?.limits ?? {}) };
    for (const [key, value] of [
        ['cpu', inputs.flags.cpu],
        ['memory', inputs.flags.memory],
    ]) {
        if (value === undefined || limits[key] === value)
            continue;
        changes.push(`${key}: ${limits[key] ?? 'default'} → ${value}`);
        limits[key] = value;
    }
    if (inputs.flags.cpu !== undefined || inputs.flags.memory !== undefined) {
        container.resources = { ...(container.resources ?? {}), limits };
    }
    const port = inputs.flags.port;
    if (port !== undefined && container.ports?.[0]?.containerPort !== port) {
        changes.push(`port: ${container.ports?.[0]?.containerPort ?? 8080} → ${port}`);
        container.ports = [{ name: container.ports?.[0]?.name || 'http1', containerPort: port }];
    }
}
/** A service's serving container: its only one, or (with sidecars) the one that has the port. */
function servingContainer(containers, service) {
    if (containers.length === 1)
        return containers[0];
    const serving = containers.filter((c) => (c.ports ?? []).length > 0);
    if (serving.length !== 1) {
        throw new CloudRunError(`service ${service} has ${containers.length} containers and ${serving.length} with a port: cannot tell which one runs the image`);
    }
    return serving[0];
}
function changeNumber(changes, what, old, next) {
    if (next === undefined || old === next)
        return false;
    changes.push(`${what}: ${old ?? 'default'} → ${next}`);
    return true;
}
function applyServiceFlags(template, flags, changes, mask) {
    if (changeNumber(changes, 'concurrency', template.maxInstanceRequestConcurrency, flags.concurrency)) {
        template.maxInstanceRequestConcurrency = flags.concurrency;
        mask.add('template.maxInstanceRequestConcurrency');
    }
    const scaling = { ...(template.scaling ?? {}) };
    if (changeNumber(changes, 'min-instances', scaling.minInstanceCount, flags.minInstances)) {
        scaling.minInstanceCount = flags.minInstances;
        mask.add('template.scaling.minInstanceCount');
    }
    if (changeNumber(changes, 'max-instances', scaling.maxInstanceCount, flags.maxInstances)) {
        scaling.maxInstanceCount = flags.maxInstances;
        mask.add('template.scaling.maxInstanceCount');
    }
    template.scaling = scaling;
}
/** Sets the runtime service account when the inputs give another one; true when it changed. */
function applyServiceAccount(holder, account, changes) {
    if (account === undefined || holder.serviceAccount === account)
        return false;
    changes.push(`service account: ${holder.serviceAccount || 'default'} → ${account}`);
    holder.serviceAccount = account;
    return true;
}
/**
 * Traffic as the inputs ask: with no-traffic, whatever follows the latest revision is pinned to the
 * revision serving now, so the new one gets none; a revision tag names the new revision.
 */
function renderTraffic(existing, target, newRevision, changes) {
    // No traffic entries mean Cloud Run's default: all of it follows the latest ready revision.
    const current = existing?.traffic?.length ? existing.traffic : [{ type: LATEST, percent: 100 }];
    let traffic = current.map((t) => ({ ...t }));
    const before = JSON.stringify(traffic);
    if (target.noTraffic) {
        const serving = shortName(existing?.latestReadyRevision);
        if (!serving) {
            throw new CloudRunError(`service ${target.name} has no ready revision to keep traffic on: deploy it once without no-traffic`);
        }
        for (const entry of traffic) {
            if (isLatest(entry) && (entry.percent ?? 0) > 0) {
                entry.type = REVISION;
                entry.revision = serving;
            }
        }
    }
    if (target.revisionTag) {
        traffic = traffic.filter((t) => t.tag !== target.revisionTag);
        traffic.push(newRevision
            ? { type: REVISION, revision: newRevision, percent: 0, tag: target.revisionTag }
            : { type: LATEST, percent: 0, tag: target.revisionTag });
    }
    if (JSON.stringify(traffic) === before)
        return existing?.traffic?.length ? traffic : undefined;
    if (target.noTraffic)
        changes.push(`traffic: stays on ${shortName(existing?.latestReadyRevision)}; the new revision gets none`);
    if (target.revisionTag)
        changes.push(`traffic tag ${target.revisionTag}: the new revision`);
    return traffic;
}
/** The service to send: the existing one with only the image and the given fields changed, or a new one. */
function renderService(existing, inputs, target, image) {
    const changes = [];
    const mask = new Set();
    const service = existing ? structuredClone(existing) : {};
    const template = (service.template ??= {});
    template.containers = template.containers?.length ? template.containers : [{}];
    const before = changes.length;
    applyContainer(servingContainer(template.containers, target.name), inputs, image, changes, !existing);
    // A FieldMask cannot name one element of a list: the containers go whole.
    if (changes.length > before)
        mask.add('template.containers');
    applyServiceFlags(template, inputs.flags, changes, mask);
    if (applyServiceAccount(template, inputs.flags.serviceAccount, changes))
        mask.add('template.serviceAccount');
    const revisionName = target.revisionSuffix ? `${target.name}-${target.revisionSuffix}` : undefined;
    if (revisionName && shortName(template.revision) !== revisionName) {
        changes.push(`revision name: ${revisionName}`);
        template.revision = revisionName;
        mask.add('template.revision');
    }
    else if (!revisionName && changes.length > 0 && template.revision) {
        // A fixed name from an earlier deploy would clash with the new revision: let Cloud Run name it.
        template.revision = '';
        mask.add('template.revision');
    }
    const traffic = renderTraffic(existing, target, revisionName, changes);
    if (traffic)
        service.traffic = traffic;
    if (traffic && JSON.stringify(traffic) !== JSON.stringify(existing?.traffic ?? []))
        mask.add('traffic');
    return { service, changes, revisionName, updateMask: [...mask] };
}
/** The job to send: the existing one with only the image and the given fields changed, or a new one. */
function renderJob(existing, inputs, image) {
    const changes = [];
    const job = existing ? structuredClone(existing) : {};
    const execution = (job.template ??= {});
    const task = (execution.template ??= {});
    task.containers = task.containers?.length ? task.containers : [{}];
    // A job's first container is its main one; the others are sidecars.
    applyContainer(task.containers[0], inputs, image, changes, !existing);
    applyServiceAccount(task, inputs.flags.serviceAccount, changes);
    return { job, changes };
}
/**
 * Why the service does not serve its newest revision as asked, or undefined when it does: its Ready
 * condition, a newest revision that is not the ready one (a failed rollout keeps the old one
 * serving), no ready revision at all, or traffic that does not resolve to what the service asks.
 */
function servingProblem(service) {
    const ready = shortName(service.latestReadyRevision);
    const created = shortName(service.latestCreatedRevision);
    const reasons = failureMessages(service.conditions);
    const terminal = service.terminalCondition;
    const because = [
        ...(terminal && !conditionSucceeded(terminal) && terminal.message ? [terminal.message] : []),
        ...reasons.filter((r) => !terminal?.message || !r.includes(terminal.message)),
    ].join('; ');
    if (created && created !== ready) {
        return `its newest revision ${created} is not ready${because ? ` (${because})` : ''}; traffic stays on ${ready || 'no revision'}`;
    }
    if (!ready)
        return `it has no ready revision${because ? ` (${because})` : ''}`;
    if (terminal && !conditionSucceeded(terminal)) {
        return `it is not ready: ${because || `Ready is ${String(terminal.state)}`}`;
    }
    return trafficMismatch(service);
}
/** Traffic as asked (latest resolved to the ready revision) against trafficStatuses, as sorted lines. */
function trafficMismatch(service) {
    const ready = shortName(service.latestReadyRevision);
    const line = (revision, percent, tag) => `${percent ?? 0}% to ${revision || 'no revision'}${tag ? ` (tag ${tag})` : ''}`;
    const asked = (service.traffic?.length ? service.traffic : [{ type: LATEST, percent: 100 }])
        .map((t) => line(isLatest(t) ? ready : t.revision, t.percent, t.tag))
        .sort();
    const serving = (service.trafficStatuses ?? [])
        .map((t) => line(isLatest(t) ? shortName(t.revision) || ready : t.revision, t.percent, t.tag))
        .sort();
    if (JSON.stringify(asked) === JSON.stringify(serving))
        return undefined;
    return `its traffic does not serve as asked: asked ${asked.join(', ')}; serving ${serving.join(', ') || 'nothing'}`;
}

;// CONCATENATED MODULE: ./src/runtimes/cloud-run/runtime.ts



const DEVELOPER_ROLE = 'roles/run.developer (and roles/iam.serviceAccountUser on the runtime service account)';
/**
 * Where Cloud Run can pull from: Artifact Registry, gcr.io (served by Artifact Registry) and
 * public Docker Hub images. Anything else fails the run before the push; the rest come back as warnings.
 */
function pullProblems(target, project) {
    const error = pullError(target);
    if (error)
        return { error, warnings: [] };
    const registry = (0,registries/* registryTraits */.Tc)(target.family);
    if (registry.cloud === 'google') {
        return {
            warnings: registry.owner && registry.owner !== project
                ? [
                    `${target.registry}/${registry.owner} is in another project than Cloud Run (${project}): grant the Cloud Run service agent of ${project} (service-PROJECT_NUMBER@serverless-robot-prod.iam.gserviceaccount.com) roles/artifactregistry.reader on the repository`,
                ]
                : [],
        };
    }
    if (registry.publicHub) {
        return {
            warnings: [
                'Cloud Run pulls from Docker Hub anonymously: the repository must be public (or use an Artifact Registry remote repository)',
            ],
        };
    }
    return { warnings: [] };
}
/** A destination Cloud Run can never pull from: known from its host alone, without credentials. */
function pullError(target) {
    const registry = (0,registries/* registryTraits */.Tc)(target.family);
    if (registry.cloud === 'google' || registry.publicHub)
        return undefined;
    return `Cloud Run cannot pull from ${target.registry}: it pulls from Artifact Registry (LOCATION-docker.pkg.dev), gcr.io or public Docker Hub. Push to an Artifact Registry repository instead`;
}
function cloudRunRuntime(inputs) {
    return new CloudRunRuntime(inputs);
}
class CloudRunRuntime {
    inputs;
    name = 'cloud-run';
    constructor(inputs) {
        this.inputs = inputs;
    }
    async prepare(target, log) {
        const platforms = await target.platforms();
        if (platforms.length > 0 && !platforms.some((p) => /^linux\/amd64(?:\/|$)/.test(p))) {
            throw new CloudRunError(`Cloud Run runs linux/amd64 images, and ${target.image} is for ${platforms.join(', ')} only: build it for linux/amd64 too (docker buildx build --platform linux/amd64,linux/arm64)`);
        }
        // Checks that need no credentials come first, so a plan without them (a fork) still fails on them.
        const unpullable = pullError(target);
        if (unpullable)
            throw new CloudRunError(unpullable);
        const project = await (0,google/* googleProject */.Hg)(this.inputs.project);
        const reach = pullProblems(target, project);
        const run = await (0,google/* loadGoogleSdk */.yT)(() => Promise.all(/* import() */[__webpack_require__.e(324), __webpack_require__.e(492), __webpack_require__.e(142), __webpack_require__.e(475)]).then(__webpack_require__.bind(__webpack_require__, 89475)));
        const options = await (0,google/* googleClientOptions */.lE)('run');
        const clients = {
            services: new run.ServicesClient(options),
            jobs: new run.JobsClient(options),
            revisions: new run.RevisionsClient(options),
            executions: new run.ExecutionsClient(options),
        };
        const parent = `projects/${project}/locations/${this.inputs.region}`;
        const where = `project ${project}, region ${this.inputs.region}`;
        try {
            const runTarget = this.inputs.target;
            const prepared = runTarget.kind === 'service'
                ? await this.prepareService(clients, parent, where, target, runTarget, log)
                : await this.prepareJob(clients, parent, where, target, runTarget, log);
            return { ...prepared, warnings: reach.warnings };
        }
        catch (error) {
            await closeAll(clients);
            throw error;
        }
    }
    async prepareService(clients, parent, where, target, serviceTarget, log) {
        const name = `${parent}/services/${serviceTarget.name}`;
        const label = `Cloud Run service ${serviceTarget.name} (${where})`;
        const existing = await readOrMissing(() => clients.services.getService({ name }), `Reading ${label}`, where);
        if (!existing && serviceTarget.noTraffic) {
            throw new CloudRunError(`${label} does not exist yet, and no-traffic needs one: a new service's first revision takes all traffic. Deploy it once without no-traffic`);
        }
        const rendered = renderService(existing, this.inputs, serviceTarget, target.image);
        if (existing && rendered.revisionName && rendered.changes.length > 0) {
            // Revision names are unique and a revision never changes: a taken name fails the update late.
            const revision = `${name}/revisions/${rendered.revisionName}`;
            const taken = await readOrMissing(() => clients.revisions.getRevision({ name: revision }), `Reading revision ${rendered.revisionName}`, where);
            if (taken) {
                throw new CloudRunError(`${label} already has a revision named ${rendered.revisionName}, and a revision cannot change: use another revision-suffix (e.g. the commit SHA and the run attempt)`);
            }
        }
        log(existing
            ? `${label} exists; serving ${shortName(existing.latestReadyRevision) || 'nothing yet'}`
            : `${label} does not exist yet`);
        const plan = planLines(label, existing !== undefined, rendered.changes, target.image);
        if (existing && rendered.changes.length === 0) {
            // Settled and not serving as asked: the deploy would fail, so the plan (and the run, before the push) fails now.
            if (!existing.reconciling)
                await this.verifyServing(clients, existing, label, true);
            else
                plan.push('  a rollout is in progress: the deploy would wait for it, then check the service serves as asked');
        }
        return {
            plan,
            deploy: async (deployLog) => {
                try {
                    if (existing && rendered.changes.length === 0) {
                        const read = async () => (await clients.services.getService({ name }))[0];
                        const settled = await this.settled(read, name, label, deployLog);
                        // Someone changed the service since prepare read it: "nothing to change" no longer holds.
                        if (renderService(settled, this.inputs, serviceTarget, target.image).changes.length > 0) {
                            throw new CloudRunError(`${label} was changed by someone else since this run read it, and no longer runs ${target.image} as asked; this run changed nothing. Run the step again`);
                        }
                        return serviceResult(await this.verifyServing(clients, settled, label, true), serviceTarget, 'already running');
                    }
                    return await this.deployService(clients, serviceTarget, parent, name, label, existing, rendered, deployLog);
                }
                finally {
                    await closeAll(clients);
                }
            },
        };
    }
    async deployService(clients, serviceTarget, parent, name, label, existing, rendered, log) {
        const timeout = this.inputs.waitTimeoutSeconds;
        const service = rendered.service;
        let operation;
        try {
            // The mask keeps every field this run did not change (even ones this client cannot decode),
            // and the etag read in prepare makes a change made meanwhile fail instead of being overwritten.
            [operation] = existing
                ? await clients.services.updateService({ service, updateMask: { paths: [...rendered.updateMask] } })
                : await clients.services.createService({ parent, serviceId: serviceTarget.name, service });
        }
        catch (error) {
            throw explainWriteError(error, existing ? 'Updating' : 'Creating', label, name, service.etag);
        }
        log(`${existing ? 'updating' : 'creating'} ${label}; waiting up to ${timeout} s for the new revision to be ready`);
        let done;
        try {
            const check = (operationName) => clients.services.checkUpdateServiceProgress(operationName);
            done = await (0,google/* waitForOperation */.o5)(operation, check, timeout);
        }
        catch (error) {
            throw await this.revisionFailure(clients, name, label, error, timeout);
        }
        return serviceResult(await this.verifyServing(clients, done, label, false), serviceTarget, existing ? 'updated' : 'created');
    }
    /** A service or job once no rollout is in progress (bounded by wait-timeout), read afresh. */
    async settled(readOnce, name, label, log) {
        const timeout = this.inputs.waitTimeoutSeconds;
        const deadline = Date.now() + timeout * 1000;
        const read = async () => {
            try {
                return await readOnce();
            }
            catch (error) {
                throw (0,google/* explainGoogleError */.rC)(error, `Reading ${label}`, name, 'roles/run.viewer');
            }
        };
        let current = await read();
        let delay = 1_000;
        if (current.reconciling)
            log(`${label} is rolling out a change; waiting up to ${timeout} s for it to finish`);
        while (current.reconciling) {
            if (Date.now() >= deadline) {
                throw new CloudRunError(`${label} was still rolling out a change after wait-timeout (${timeout} s); this run changed nothing. Run the step again once the rollout has finished`);
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
            delay = Math.min(delay * 1.5, 5_000);
            current = await read();
        }
        return current;
    }
    /**
     * The same check after an update and when nothing had to change: the newest revision is the
     * ready one and traffic resolves as the service asks; otherwise Cloud Run's reasons, and what to do.
     */
    async verifyServing(clients, service, label, unchanged) {
        const problem = servingProblem(service);
        if (!problem)
            return service;
        const created = service.latestCreatedRevision;
        const reasons = [];
        if (created && created !== service.latestReadyRevision) {
            try {
                const [revision] = await clients.revisions.getRevision({ name: created });
                reasons.push(...failureMessages(revision.conditions));
            }
            catch {
                // The service's own conditions, in the problem, still say what failed.
            }
        }
        const todo = unchanged
            ? ` This run changed nothing: the service already asks for this image. Fix the cause (see the revision's logs), then deploy again with a new revision-suffix (or a new image) to start a new revision`
            : '';
        throw new CloudRunError(`${label}: ${problem}${reasons.length ? `. Revision ${shortName(created)}: ${reasons.join('; ')}` : ''}.${todo}`);
    }
    /** Why the rollout failed, in Cloud Run's words, and where traffic stayed. */
    async revisionFailure(clients, name, label, error, timeout) {
        if (error instanceof google/* OperationTimeout */.Lf) {
            return new CloudRunError(`${label}: the new revision was not ready within wait-timeout (${timeout} s); it may still be starting. See its logs in the Cloud Console`, { cause: error });
        }
        if (!(error instanceof google/* OperationFailed */.FH)) {
            return (0,google/* explainGoogleError */.rC)(error, `Waiting for the rollout of ${label}`, name, 'roles/run.viewer');
        }
        const reasons = [];
        let after;
        try {
            [after] = await clients.services.getService({ name });
            const revision = after.latestCreatedRevision;
            if (revision && revision !== after.latestReadyRevision) {
                const [failed] = await clients.revisions.getRevision({ name: revision });
                reasons.push(...failureMessages(failed.conditions));
            }
        }
        catch {
            // The operation's own error below still says what failed.
        }
        const message = error.message ?? String(error);
        const serving = after?.trafficStatuses?.length
            ? after.trafficStatuses
                .filter((t) => (t.percent ?? 0) > 0)
                .map((t) => `${t.percent}% to ${t.revision || shortName(after?.latestReadyRevision) || 'latest'}`)
                .join(', ')
            : undefined;
        return new CloudRunError(`${label}: the new revision ${shortName(after?.latestCreatedRevision) || ''} failed: ${reasons.length ? reasons.join('; ') : message}.` +
            (serving ? ` Traffic stays where it was (${serving}).` : ''), { cause: error });
    }
    async prepareJob(clients, parent, where, target, jobTarget, log) {
        const name = `${parent}/jobs/${jobTarget.name}`;
        const label = `Cloud Run job ${jobTarget.name} (${where})`;
        const existing = await readOrMissing(() => clients.jobs.getJob({ name }), `Reading ${label}`, where);
        log(existing ? `${label} exists` : `${label} does not exist yet`);
        const rendered = renderJob(existing, this.inputs, target.image);
        const plan = [
            ...planLines(label, existing !== undefined, rendered.changes, target.image),
            ...(jobTarget.execute ? [`would execute ${label} and wait for it to finish`] : []),
        ];
        return {
            plan,
            deploy: async (deployLog) => {
                try {
                    if (!existing || rendered.changes.length > 0) {
                        await this.writeJob(clients, jobTarget, parent, name, label, existing, rendered.job, deployLog);
                    }
                    else {
                        // Nothing to change is no success when the job as it stands is not ready (a failed earlier update).
                        const read = async () => (await clients.jobs.getJob({ name }))[0];
                        const job = await this.settled(read, name, label, deployLog);
                        if (job.terminalCondition && !conditionSucceeded(job.terminalCondition)) {
                            throw new CloudRunError(`${label} already asks for ${target.image}, but is not ready: ${job.terminalCondition.message || `Ready is ${String(job.terminalCondition.state)}`}. This run changed nothing: fix the cause, then deploy again`);
                        }
                    }
                    if (!jobTarget.execute) {
                        return {
                            outputs: {},
                            detail: `${label} ${existing ? (rendered.changes.length ? 'updated' : 'already up to date') : 'created'}`,
                        };
                    }
                    return await this.executeJob(clients, name, label, deployLog);
                }
                finally {
                    await closeAll(clients);
                }
            },
        };
    }
    async writeJob(clients, jobTarget, parent, name, label, existing, job, log) {
        try {
            const [operation] = existing
                ? await clients.jobs.updateJob({ job })
                : await clients.jobs.createJob({ parent, jobId: jobTarget.name, job });
            log(`${existing ? 'updating' : 'creating'} ${label}`);
            // Create and update share the operation type, so one progress check serves both.
            const check = (operationName) => clients.jobs.checkUpdateJobProgress(operationName);
            await (0,google/* waitForOperation */.o5)(operation, check, this.inputs.waitTimeoutSeconds);
        }
        catch (error) {
            throw (0,google/* explainGoogleError */.rC)(error, `${existing ? 'Updating' : 'Creating'} ${label}`, name, DEVELOPER_ROLE);
        }
    }
    async executeJob(clients, name, label, log) {
        const timeout = this.inputs.waitTimeoutSeconds;
        let operation;
        try {
            [operation] = await clients.jobs.runJob({ name });
        }
        catch (error) {
            throw (0,google/* explainGoogleError */.rC)(error, `Executing ${label}`, name, 'roles/run.invoker or roles/run.developer');
        }
        const started = shortName(operation.metadata?.name);
        log(`executing ${label}${started ? `: execution ${started}` : ''}; waiting up to ${timeout} s for it to finish`);
        let execution;
        try {
            const check = (operationName) => clients.jobs.checkRunJobProgress(operationName);
            execution = await (0,google/* waitForOperation */.o5)(operation, check, timeout);
        }
        catch (error) {
            if (error instanceof google/* OperationTimeout */.Lf) {
                throw new CloudRunError(`${label}: execution ${started} did not finish within wait-timeout (${timeout} s); it goes on running`, { cause: error });
            }
            if (!(error instanceof google/* OperationFailed */.FH)) {
                throw (0,google/* explainGoogleError */.rC)(error, `Waiting for execution ${started} of ${label}`, name, 'roles/run.viewer');
            }
            // The failed operation carries only a message: the execution itself has the conditions and logs.
            let failed = error.metadata;
            try {
                if (failed?.name)
                    [failed] = await clients.executions.getExecution({ name: failed.name });
            }
            catch {
                // The operation's message below still says what failed.
            }
            const reasons = failureMessages(failed?.conditions);
            throw new CloudRunError(`${label}: execution ${started} failed: ${reasons.length ? reasons.join('; ') : error.message}` +
                (failed?.logUri ? `. Logs: ${failed.logUri}` : ''), { cause: error });
        }
        const executionName = shortName(execution.name) || started;
        const problem = executionProblem(execution);
        if (problem) {
            throw new CloudRunError(`${label}: execution ${executionName} ${problem}` + (execution.logUri ? `. Logs: ${execution.logUri}` : ''));
        }
        return {
            outputs: { execution: executionName },
            detail: `${label}: execution ${executionName} finished, ${execution.succeededCount ?? 0} of ${execution.taskCount ?? '?'} tasks succeeded`,
        };
    }
}
/**
 * Why a finished execution is not a success, or undefined: every task must have succeeded, so a
 * cancelled execution or one that ended with tasks missing fails as a failed one does.
 */
function executionProblem(execution) {
    const tasks = execution.taskCount ?? 0;
    const succeeded = execution.succeededCount ?? 0;
    const failed = execution.failedCount ?? 0;
    const cancelled = execution.cancelledCount ?? 0;
    const reasons = failureMessages(execution.conditions).join('; ');
    const counts = `${succeeded} of ${tasks || '?'} tasks succeeded, ${failed} failed, ${cancelled} cancelled`;
    if (cancelled > 0 || isCancelled(execution)) {
        return `was cancelled before it finished (${counts})${reasons ? `: ${reasons}` : ''}`;
    }
    if (failed > 0 || reasons)
        return `failed (${counts}): ${reasons || 'see its logs'}`;
    if (tasks === 0 || succeeded !== tasks)
        return `did not finish every task (${counts})`;
    return undefined;
}
// Condition.ExecutionReason CANCELLED / CANCELLING, as a name or (enum-encoding=int) a number.
function isCancelled(execution) {
    return (execution.conditions ?? []).some((c) => ['CANCELLED', 'CANCELLING', 3, 4].includes(c.executionReason));
}
/** The plan for a service or job: what would be created or changed, or that nothing would. */
function planLines(label, exists, changes, image) {
    if (!exists)
        return [`would create ${label} with:`, ...changes.map((c) => `  ${c}`)];
    if (changes.length)
        return [`would update ${label}:`, ...changes.map((c) => `  ${c}`)];
    return [`${label} already runs ${image} as asked: nothing to change`];
}
/** Reads a resource, or undefined when it does not exist; anything else is an error that says what to do. */
async function readOrMissing(read, action, where) {
    try {
        const [found] = await read();
        return found;
    }
    catch (error) {
        if ((0,google/* googleStatus */.kn)(error) === google/* GoogleStatus */.I5.NOT_FOUND)
            return undefined;
        throw (0,google/* explainGoogleError */.rC)(error, action, where, 'roles/run.viewer (or roles/run.developer)');
    }
}
/**
 * A write's failure explained; a stale etag (ABORTED, or FAILED_PRECONDITION as some Google APIs
 * answer it) means the resource changed after prepare read it, and nothing was written.
 */
function explainWriteError(error, verb, label, name, etag) {
    const status = (0,google/* googleStatus */.kn)(error);
    if (etag && (status === google/* GoogleStatus */.I5.ABORTED || status === google/* GoogleStatus */.I5.FAILED_PRECONDITION)) {
        return new CloudRunError(`${verb} ${label} was refused: it was changed by someone else since this run read it (etag ${etag}), and this run changed nothing (${error.message}). Run the step again to deploy over the current version`, { cause: error });
    }
    return (0,google/* explainGoogleError */.rC)(error, `${verb} ${label}`, name, DEVELOPER_ROLE);
}
function serviceResult(service, target, what) {
    const revision = shortName(service.latestReadyRevision);
    // servingProblem rules this out first; a green step never names an empty revision.
    if (!revision)
        throw new CloudRunError(`Cloud Run service ${target.name} has no ready revision`);
    const statuses = service.trafficStatuses ?? [];
    const tagged = target.revisionTag ? statuses.find((t) => t.tag === target.revisionTag)?.uri : undefined;
    const url = tagged || service.uri || service.urls?.[0] || undefined;
    const percent = statuses
        .filter((t) => t.revision === revision || (!t.revision && !isPinned(t)))
        .reduce((sum, t) => sum + (t.percent ?? 0), 0);
    return {
        outputs: { revision },
        detail: `Cloud Run service ${target.name} ${what}: revision ${revision} serves ${percent}% of traffic${url ? ` at ${url}` : ''}`,
        ...(url && { url }),
    };
}
async function closeAll(clients) {
    await Promise.allSettled(Object.values(clients).map((client) => client.close()));
}


/***/ })

};

//# sourceMappingURL=354.index.js.map