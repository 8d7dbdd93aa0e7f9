export const id = 101;
export const ids = [101];
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
/* harmony export */   k7: () => (/* binding */ googleRestCall),
/* harmony export */   kn: () => (/* binding */ googleStatus),
/* harmony export */   lE: () => (/* binding */ googleClientOptions),
/* harmony export */   o5: () => (/* binding */ waitForOperation),
/* harmony export */   rC: () => (/* binding */ explainGoogleError),
/* harmony export */   yT: () => (/* binding */ loadGoogleSdk)
/* harmony export */ });
/* unused harmony exports endpointOverride, isTransientGoogleError */
/* harmony import */ var _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91520);
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
    _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(token);
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
 * One JSON call to a Google REST API that has no client among this action's dependencies (Cloud
 * Logging's entries:list), authorized by the shared ADC through google-auth-library, at the API's
 * endpoint or its gcloud override. Errors carry the gRPC code of Google's error body as `code`.
 */
async function googleRestCall(api, path, body, timeoutMs = 15_000) {
    const override = endpointOverride(api);
    const base = override
        ? `${override.protocol}://${override.apiEndpoint.includes(':') ? `[${override.apiEndpoint}]` : override.apiEndpoint}:${override.port}`
        : `https://${api}.googleapis.com`;
    const client = await (await googleAuth()).getClient();
    try {
        const response = await client.request({ url: `${base}${path}`, method: 'POST', data: body, timeout: timeoutMs });
        return response.data;
    }
    catch (error) {
        const status = error.response?.data
            ?.error;
        const codes = {
            NOT_FOUND: 5,
            PERMISSION_DENIED: 7,
            RESOURCE_EXHAUSTED: 8,
            UNAUTHENTICATED: 16,
            INVALID_ARGUMENT: 3,
        };
        throw Object.assign(new Error(status?.message ?? error.message), {
            code: status?.status ? codes[status.status] : undefined,
        });
    }
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

/***/ 24101:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CloudRunRuntime: () => (/* binding */ CloudRunRuntime),
  cloudRunRuntime: () => (/* binding */ cloudRunRuntime),
  executionProblem: () => (/* binding */ executionProblem),
  pullProblems: () => (/* binding */ pullProblems)
});

// EXTERNAL MODULE: ./src/registries/index.ts + 8 modules
var registries = __webpack_require__(7445);
// EXTERNAL MODULE: ./src/clouds/google.ts
var google = __webpack_require__(22819);
// EXTERNAL MODULE: ./src/runtimes/cloud-run/render.ts + 1 modules
var render = __webpack_require__(72338);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/runtimes/cloud-run/previews.ts
/**
 * Pull request previews that clean up after themselves (the pure half; runtime.ts calls Cloud Run).
 * `preview: true` on a pull_request event from this repository deploys a revision without traffic,
 * tagged pr-N (its URL https://pr-N---SERVICE-….run.app); when the pull request closes, merged or
 * not, the same step removes that tag, so the revision is no longer addressable; and each run also
 * removes the pr-M tags of pull requests GitHub says are closed (a close whose run never ran).
 * A fork's pull request never gets here: the gate only lets it plan.
 */


const PREVIEW_TAG = /^pr-(\d+)$/;
function previewTag(number) {
    return `pr-${number}`;
}
/** The pull request a preview is for; an error when the run is not for a pull request. */
function previewPullRequest(pullRequest) {
    if (!pullRequest) {
        throw new render/* CloudRunError */.D0('preview: true deploys pull request previews, and this run is not for a pull_request event. Run the step on pull_request (types: [opened, synchronize, reopened, closed]), or leave preview out');
    }
    return pullRequest;
}
/**
 * The preview revision's name suffix: pr-N and a random part, so each push gets a revision of its
 * own that the tag is pinned to by name (a tag that followed the latest revision would move to the
 * next pull request's preview). Within Cloud Run's 63 characters for SERVICE-SUFFIX.
 */
function previewSuffix(service, number, random = (0,external_node_crypto_.randomBytes)(4).toString('hex')) {
    const room = 63 - service.length - 1 - `pr${number}-`.length;
    if (room < 3) {
        throw new render/* CloudRunError */.D0(`service ${service}'s name is too long for a preview revision name (${service}-pr${number}-…, at most 63 characters): set revision-suffix`);
    }
    return `pr${number}-${random.slice(0, Math.min(room, random.length))}`;
}
/** The pull request numbers whose preview tags the traffic holds. */
function previewNumbers(traffic) {
    const numbers = (traffic ?? []).flatMap((t) => {
        const match = PREVIEW_TAG.exec(t.tag ?? '');
        return match ? [Number(match[1])] : [];
    });
    return [...new Set(numbers)].sort((a, b) => a - b);
}
/**
 * Traffic without the preview tags of these pull requests: an entry that only carried the tag
 * (0%) goes; one that also carries traffic (someone promoted the preview) keeps its percent and
 * loses only the tag, so no request moves. Undefined when none of them is tagged.
 */
function withoutPreviewTags(traffic, numbers) {
    const tags = new Set(numbers.map(previewTag));
    const entries = traffic ?? [];
    if (!entries.some((t) => t.tag && tags.has(t.tag)))
        return undefined;
    return entries.flatMap((t) => {
        if (!t.tag || !tags.has(t.tag))
            return [{ ...t }];
        if ((t.percent ?? 0) === 0)
            return [];
        const untagged = { ...t };
        delete untagged.tag;
        return [untagged];
    });
}
/** The pull requests other than this one whose preview tags should go: those GitHub says are closed. */
async function closedPreviews(traffic, pullRequest) {
    const others = previewNumbers(traffic).filter((n) => n !== pullRequest.number);
    if (others.length === 0)
        return { closed: [] };
    if (!pullRequest.closedAmong) {
        return {
            closed: [],
            warning: `cannot tell whether the pull requests of preview tags ${others.map(previewTag).join(', ')} are closed without "github-token": their tags stay`,
        };
    }
    try {
        return { closed: await pullRequest.closedAmong(others) };
    }
    catch (error) {
        return {
            closed: [],
            warning: `preview tags ${others.map(previewTag).join(', ')} stay: ${error instanceof Error ? error.message : String(error)}`,
        };
    }
}

// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __webpack_require__(37373);
// EXTERNAL MODULE: ./src/runtimes/cloud-run/traffic.ts
var cloud_run_traffic = __webpack_require__(65178);
;// CONCATENATED MODULE: ./src/runtimes/cloud-run/split.ts




/**
 * A split that names what the service does not have: an input error (worded and titled as the
 * action's InputError, which this module cannot import without a cycle), found before any push.
 */
class SplitInputError extends user_error/* UserError */.y {
    input;
    problems;
    constructor(input, problems) {
        super(problems.length === 1
            ? `Input "${input}": ${problems[0]}`
            : `${problems.length} problems with input "${input}":\n${problems.map((p) => `- ${p}`).join('\n')}`, `Invalid input ${input}`);
        this.input = input;
        this.problems = problems;
        this.name = 'SplitInputError';
    }
}
function splitInput(target) {
    return target.trafficInput ?? 'cloud-run-traffic';
}
/**
 * Every revision and tag the split names exists on the service (or is the one this deploy makes),
 * and every named revision is ready; otherwise an input error, before anything is pushed.
 */
async function checkSplit(revisions, serviceName, label, existing, target, newRevisionName) {
    if (!target.traffic)
        return;
    const problems = [];
    const ready = (0,render/* shortName */.EU)(existing?.latestReadyRevision);
    const tags = (0,cloud_run_traffic/* tagTargets */.lR)(existing?.traffic, existing?.trafficStatuses, ready);
    for (const entry of target.traffic) {
        if (entry.kind === 'tag') {
            if (tags.has(entry.tag) || entry.tag === target.revisionTag)
                continue;
            const known = [...tags.keys()];
            problems.push(`tag ${entry.tag} does not exist on ${label}${known.length ? `; its tags: ${known.join(', ')}` : ', which has no tags'}`);
            continue;
        }
        if (entry.kind !== 'revision' || entry.revision === newRevisionName)
            continue;
        const name = `${serviceName}/revisions/${entry.revision}`;
        try {
            const [revision] = await revisions.getRevision({ name });
            const readyCondition = (revision.conditions ?? []).find((c) => c.type === 'Ready');
            if (readyCondition && !(0,render/* conditionSucceeded */.TY)(readyCondition)) {
                const why = (0,render/* failureMessages */.TH)(revision.conditions).join('; ');
                problems.push(`revision ${entry.revision} is not ready${why ? ` (${why})` : ''}: it cannot take traffic`);
            }
        }
        catch (error) {
            if ((0,google/* googleStatus */.kn)(error) !== google/* GoogleStatus */.I5.NOT_FOUND)
                throw (0,google/* explainGoogleError */.rC)(error, `Reading revision ${entry.revision}`, name, 'roles/run.viewer');
            const serving = [...new Set((existing?.trafficStatuses ?? []).map((t) => t.revision).filter(Boolean))];
            problems.push(`revision ${entry.revision} does not exist in ${label}${serving.length ? `; revisions with traffic or a tag: ${serving.join(', ')}` : ''}`);
        }
    }
    if (problems.length)
        throw new SplitInputError(splitInput(target), problems);
}
/**
 * Sets the split on the service as it is now (after the new revision's rollout): LATEST follows the
 * latest ready revision, tags are resolved where they point now, and every tag is kept.
 */
async function setSplit(services, name, label, target, timeoutSeconds, role, log) {
    const [service] = await services.getService({ name });
    const ready = (0,render/* shortName */.EU)(service.latestReadyRevision);
    const split = target.traffic ?? [];
    let traffic;
    try {
        traffic = (0,cloud_run_traffic/* applySplit */.zF)(service.traffic, service.trafficStatuses, ready, split);
    }
    catch (error) {
        throw new render/* CloudRunError */.D0(`${label}: ${splitInput(target)}: ${error.message}; traffic was left as it is`);
    }
    const before = (0,cloud_run_traffic/* describeTraffic */.hA)(service.traffic, ready);
    if ((0,cloud_run_traffic/* sameTraffic */.UN)(service.traffic, traffic)) {
        log(`${label}: traffic is already as ${splitInput(target)} asks (${before})`);
        return service;
    }
    log(`${label}: setting traffic to ${(0,cloud_run_traffic/* describeTraffic */.hA)(traffic, ready)} (was ${before})`);
    try {
        const [operation] = await services.updateService({
            service: { name, etag: service.etag, traffic },
            updateMask: { paths: ['traffic'] },
        });
        const check = (operationName) => services.checkUpdateServiceProgress(operationName);
        return await (0,google/* waitForOperation */.o5)(operation, check, timeoutSeconds);
    }
    catch (error) {
        const cause = (0,google/* explainGoogleError */.rC)(error, `Setting the traffic of ${label}`, name, role);
        throw new render/* CloudRunError */.D0(`${label}: revision ${ready} is ready, but setting the traffic split (${split.map((e) => `${(0,cloud_run_traffic/* describeEntry */.OY)(e)}=${e.percent}`).join(', ')}) failed: ${cause.message}. Traffic stays as it was: ${before}`, { cause: error });
    }
}

;// CONCATENATED MODULE: ./src/runtimes/cloud-run/diagnostics.ts


/** Condition.CommonReason and Condition.RevisionReason by number (the client may hand back either). */
const COMMON_REASONS = {
    1: 'UNKNOWN',
    3: 'REVISION_FAILED',
    4: 'PROGRESS_DEADLINE_EXCEEDED',
    6: 'CONTAINER_MISSING',
    7: 'CONTAINER_PERMISSION_DENIED',
    8: 'CONTAINER_IMAGE_UNAUTHORIZED',
    9: 'CONTAINER_IMAGE_AUTHORIZATION_CHECK_FAILED',
    10: 'ENCRYPTION_KEY_PERMISSION_DENIED',
    11: 'ENCRYPTION_KEY_CHECK_FAILED',
    12: 'SECRETS_ACCESS_CHECK_FAILED',
    13: 'WAITING_FOR_OPERATION',
    14: 'IMMEDIATE_RETRY',
    15: 'POSTPONED_RETRY',
    16: 'INTERNAL',
    17: 'VPC_NETWORK_NOT_FOUND',
};
const REVISION_REASONS = {
    1: 'PENDING',
    2: 'RESERVE',
    3: 'RETIRED',
    4: 'RETIRING',
    5: 'RECREATING',
    6: 'HEALTH_CHECK_CONTAINER_ERROR',
    7: 'CUSTOMIZED_PATH_RESPONSE_PENDING',
    8: 'MIN_INSTANCES_NOT_PROVISIONED',
    9: 'ACTIVE_REVISION_LIMIT_REACHED',
    10: 'NO_DEPLOYMENT',
    11: 'HEALTH_CHECK_SKIPPED',
    12: 'MIN_INSTANCES_WARMING',
};
function reasonOf(condition) {
    const name = (value, table) => typeof value === 'number'
        ? table[value]
        : typeof value === 'string' && !value.endsWith('UNDEFINED')
            ? value
            : undefined;
    return name(condition.revisionReason, REVISION_REASONS) ?? name(condition.reason, COMMON_REASONS);
}
function failed(condition) {
    return condition.state === 'CONDITION_FAILED' || condition.state === 3;
}
/** Each failed condition as "Type (REASON): message", Ready first. */
function failedConditions(conditions) {
    return ((conditions ?? [])
        .filter(failed)
        .sort((a, b) => Number(b.type === 'Ready') - Number(a.type === 'Ready'))
        .map((c) => {
        const reason = reasonOf(c);
        return `${c.type ?? 'condition'}${reason ? ` (${reason})` : ''}${c.message ? `: ${c.message}` : ''}`;
    })
        // Ready often repeats what the failing condition says: keep each message once.
        .filter((line, index, all) => {
        const message = line.slice(line.indexOf(': ') + 2);
        return all.findIndex((other) => other.slice(other.indexOf(': ') + 2) === message) === index;
    }));
}
/** The Cloud Console's logs of a revision: its logUri, or the Logs Explorer query for it. */
function revisionLogsLink(revision, project, region, service, name) {
    if (revision?.logUri)
        return revision.logUri;
    const query = [
        'resource.type="cloud_run_revision"',
        `resource.labels.service_name="${service}"`,
        `resource.labels.revision_name="${name}"`,
        `resource.labels.location="${region}"`,
    ].join('\n');
    return `https://console.cloud.google.com/logs/query;query=${encodeURIComponent(query)}?project=${project}`;
}
/** A log entry as one line: time, severity, message. */
function logLine(entry) {
    const payload = entry.textPayload ??
        (entry.jsonPayload && typeof entry.jsonPayload.message === 'string'
            ? entry.jsonPayload.message
            : JSON.stringify(entry.jsonPayload ?? ''));
    const time = entry.timestamp ? entry.timestamp.replace(/\.\d+Z$/, 'Z') : '';
    return `${time}${entry.severity && entry.severity !== 'DEFAULT' ? ` ${entry.severity}` : ''} ${payload.trimEnd()}`.trim();
}
const LOG_LINES = 20;
/**
 * The revision's last log lines (oldest first), or why they could not be read. Cloud Logging may
 * take a few seconds to show what a container wrote: an empty answer is asked once more.
 */
async function lastLogLines(project, region, service, revision, since, pauseMs = 2_000) {
    const filter = [
        'resource.type="cloud_run_revision"',
        `resource.labels.service_name="${service}"`,
        `resource.labels.revision_name="${revision}"`,
        `resource.labels.location="${region}"`,
        ...(since ? [`timestamp>="${since}"`] : []),
    ].join(' AND ');
    const body = { resourceNames: [`projects/${project}`], filter, orderBy: 'timestamp desc', pageSize: LOG_LINES };
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            const answer = await (0,google/* googleRestCall */.k7)('logging', '/v2/entries:list', body);
            const entries = answer.entries ?? [];
            if (entries.length > 0 || attempt === 1)
                return { lines: entries.map(logLine).reverse() };
        }
        catch (error) {
            const status = (0,google/* googleStatus */.kn)(error);
            return {
                unreadable: status === google/* GoogleStatus */.I5.PERMISSION_DENIED
                    ? `reading them from Cloud Logging was denied (grant roles/logging.viewer to read them here)`
                    : `Cloud Logging could not be read: ${error.message}`,
            };
        }
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    return { lines: [] };
}
/**
 * What a failed revision's error says after its conditions: the last log lines, or the logs link
 * (with why the lines are missing).
 */
async function revisionDiagnosis(revision, revisionName, where) {
    const name = (0,render/* shortName */.EU)(revisionName);
    const link = revisionLogsLink(revision, where.project, where.region, where.service, name);
    const since = revision?.createTime ? new Date(timestampMs(revision.createTime) - 60_000).toISOString() : undefined;
    const logs = await lastLogLines(where.project, where.region, where.service, name, since);
    if ('unreadable' in logs)
        return `Its logs: ${link} (${logs.unreadable})`;
    if (logs.lines.length === 0)
        return `Its logs (none in Cloud Logging yet): ${link}`;
    return `Its last ${logs.lines.length} log lines:\n${logs.lines.map((l) => `  ${l}`).join('\n')}\nAll its logs: ${link}`;
}
function timestampMs(time) {
    if (typeof time === 'string')
        return Date.parse(time);
    return Number(String(time.seconds ?? 0)) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}

// EXTERNAL MODULE: ./src/deadline.ts
var src_deadline = __webpack_require__(86683);
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
/** The runtime for inputs.region (regions.ts runs one per region). */
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
        const preview = this.inputs.preview ? previewPullRequest(target.pullRequest) : undefined;
        const platforms = await target.platforms();
        if (platforms.length > 0 && !platforms.some((p) => /^linux\/amd64(?:\/|$)/.test(p))) {
            throw new render/* CloudRunError */.D0(`Cloud Run runs linux/amd64 images, and ${target.image} is for ${platforms.join(', ')} only: build it for linux/amd64 too (docker buildx build --platform linux/amd64,linux/arm64)`);
        }
        // Checks that need no credentials come first, so a plan without them (a fork) still fails on them.
        const unpullable = pullError(target);
        if (unpullable)
            throw new render/* CloudRunError */.D0(unpullable);
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
            if (preview && runTarget.kind === 'service') {
                const prepared = preview.closed
                    ? await preparePreviewTakedown(clients, parent, where, runTarget, preview, this.inputs.waitTimeoutSeconds)
                    : await this.prepareService(clients, parent, where, target, previewTarget(runTarget, preview), log, preview);
                return {
                    ...prepared,
                    warnings: [...reach.warnings, ...(prepared.warnings ?? [])],
                    deploy: async (deployLog) => ({ ...(await prepared.deploy(deployLog)), postOnPullRequest: true }),
                    close: () => closeAll(clients),
                };
            }
            if (runTarget.kind === 'service') {
                const prepared = await this.prepareService(clients, parent, where, target, runTarget, log);
                return {
                    ...prepared,
                    warnings: [...reach.warnings, ...(prepared.warnings ?? [])],
                    close: () => closeAll(clients),
                };
            }
            const prepared = await this.prepareJob(clients, parent, where, target, runTarget, log);
            return { ...prepared, warnings: reach.warnings, close: () => closeAll(clients) };
        }
        catch (error) {
            await closeAll(clients);
            throw error;
        }
    }
    async prepareService(clients, parent, where, target, serviceTarget, log, preview) {
        const name = `${parent}/services/${serviceTarget.name}`;
        const label = `Cloud Run service ${serviceTarget.name} (${where})`;
        const existing = await readOrMissing(() => clients.services.getService({ name }), `Reading ${label}`, where);
        if (!existing && serviceTarget.noTraffic) {
            throw new render/* CloudRunError */.D0(preview
                ? `${label} does not exist yet, and a preview needs one: a new service's first revision takes all traffic. Deploy it once (from the default branch) before previews`
                : `${label} does not exist yet, and no-traffic needs one: a new service's first revision takes all traffic. Deploy it once without no-traffic`);
        }
        const place = placeOf(parent);
        let rendered = (0,render/* renderService */.is)(existing, this.inputs, serviceTarget, target.image, place);
        const warnings = [];
        // As with gcloud run deploy, a plain deploy leaves pinned traffic where it is (a preview or
        // no-traffic pins it): the new revision would then serve nothing, which must not pass unsaid.
        const followsLatest = (existing?.traffic ?? []).some((t) => !(0,render/* isPinned */.T4)(t) && (t.percent ?? 0) > 0);
        if (existing?.traffic?.length &&
            !followsLatest &&
            !preview &&
            !serviceTarget.noTraffic &&
            !serviceTarget.traffic &&
            rendered.changes.length > 0)
            warnings.push(`${label}: its traffic is pinned to named revisions (${(0,cloud_run_traffic/* describeTraffic */.hA)(existing.traffic, (0,render/* shortName */.EU)(existing.latestReadyRevision))}), so the new revision will serve none of it; add cloud-run-traffic: LATEST=100 to this step to move all traffic to it once it is ready`);
        if (preview) {
            // The same update takes down the previews of pull requests closed meanwhile.
            const stale = await closedPreviews(existing?.traffic, preview);
            if (stale.warning)
                warnings.push(stale.warning);
            const traffic = withoutPreviewTags(rendered.service.traffic, stale.closed);
            if (traffic) {
                log(`${label}: traffic tags ${stale.closed.map(previewTag).join(', ')} belong to closed pull requests; the deploy removes them`);
                rendered = {
                    ...rendered,
                    service: { ...rendered.service, traffic },
                    changes: [
                        ...rendered.changes,
                        `traffic tags ${stale.closed.map(previewTag).join(', ')} removed: their pull requests are closed`,
                    ],
                    updateMask: [...new Set([...rendered.updateMask, 'traffic'])],
                };
            }
        }
        if (existing && rendered.revisionName && rendered.changes.length > 0) {
            // Revision names are unique and a revision never changes: a taken name fails the update late.
            const revision = `${name}/revisions/${rendered.revisionName}`;
            const taken = await readOrMissing(() => clients.revisions.getRevision({ name: revision }), `Reading revision ${rendered.revisionName}`, where);
            if (taken) {
                throw new render/* CloudRunError */.D0(`${label} already has a revision named ${rendered.revisionName}, and a revision cannot change: use another revision-suffix (e.g. the commit SHA and the run attempt)`);
            }
        }
        await checkSplit(clients.revisions, name, label, existing, serviceTarget, rendered.revisionName);
        log(existing
            ? `${label} exists; serving ${(0,render/* shortName */.EU)(existing.latestReadyRevision) || 'nothing yet'}`
            : `${label} does not exist yet`);
        const plan = planLines(label, existing !== undefined, rendered.changes, target.image);
        if (existing && rendered.changes.length === 0) {
            // Settled and not serving as asked: the deploy would fail, so the plan (and the run, before the push) fails now.
            if (!existing.reconciling)
                await this.verifyServing(clients, existing, label, true);
            else
                plan.push('  a rollout is in progress: the deploy would wait for it, then check the service serves as asked');
        }
        plan.push(...rendered.trafficPlan.map((line) => `  ${line}`));
        return {
            plan,
            warnings,
            deploy: async (deployLog) => {
                try {
                    const result = await this.deployOrVerify(clients, serviceTarget, target, parent, name, label, existing, rendered, deployLog);
                    if (!serviceTarget.traffic)
                        return result;
                    // The split is set once the new revision is ready, so a failed rollout never moves traffic.
                    const moved = await setSplit(clients.services, name, label, serviceTarget, secondsLeft((0,src_deadline/* waitBound */.OW)(this.inputs.waitTimeoutSeconds, 'wait-timeout')), DEVELOPER_ROLE, deployLog);
                    const split = serviceResult(await this.verifyServing(clients, moved, label, false), serviceTarget, existing && rendered.changes.length === 0
                        ? 'already running, traffic set'
                        : `${existing ? 'updated' : 'created'}, traffic set`);
                    const traffic = (0,cloud_run_traffic/* describeTraffic */.hA)(moved.traffic, (0,render/* shortName */.EU)(moved.latestReadyRevision));
                    return { ...split, detail: `${split.detail}; traffic: ${traffic}` };
                }
                finally {
                    await closeAll(clients);
                }
            },
        };
    }
    /** The update (or create), or, when nothing changes, the check that the service serves as asked. */
    async deployOrVerify(clients, serviceTarget, target, parent, name, label, existing, rendered, deployLog) {
        if (existing && rendered.changes.length === 0) {
            const read = async () => (await clients.services.getService({ name }))[0];
            const settled = await this.settled(read, name, label, deployLog);
            // Someone changed the service since prepare read it: "nothing to change" no longer holds.
            if ((0,render/* renderService */.is)(settled, this.inputs, serviceTarget, target.image, placeOf(parent)).changes.length > 0) {
                throw new render/* CloudRunError */.D0(`${label} was changed by someone else since this run read it, and no longer runs ${target.image} as asked; this run changed nothing. Run the step again`);
            }
            return serviceResult(await this.verifyServing(clients, settled, label, true), serviceTarget, 'already running');
        }
        return await this.deployService(clients, serviceTarget, parent, name, label, existing, rendered, deployLog);
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
        // Cut to end before the run's timeout, so this failure (where traffic is, how to keep it) is what the step says.
        const bound = (0,src_deadline/* waitBound */.OW)(timeout, 'wait-timeout');
        const forget = (0,src_deadline/* leftAsIs */.ii)(() => `- ${stillStarting(label, name, existing)}`);
        let done;
        try {
            const check = (operationName) => clients.services.checkUpdateServiceProgress(operationName);
            done = await (0,google/* waitForOperation */.o5)(operation, check, secondsLeft(bound));
        }
        catch (error) {
            throw await this.revisionFailure(clients, name, label, error, bound, existing);
        }
        finally {
            forget();
        }
        return serviceResult(await this.verifyServing(clients, done, label, false), serviceTarget, existing ? 'updated' : 'created');
    }
    /** A service or job once no rollout is in progress (bounded by wait-timeout), read afresh. */
    async settled(readOnce, name, label, log) {
        const timeout = this.inputs.waitTimeoutSeconds;
        const bound = (0,src_deadline/* waitBound */.OW)(timeout, 'wait-timeout');
        const { deadline } = bound;
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
                throw new render/* CloudRunError */.D0(`${label} was still rolling out a change after ${bound.byRun ? bound.said : `wait-timeout (${timeout} s)`}; this run changed nothing. Run the step again once the rollout has finished`);
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
        const problem = (0,render/* servingProblem */.w2)(service);
        if (!problem)
            return service;
        const created = service.latestCreatedRevision;
        const reasons = [];
        let diagnosis = '';
        if (created && created !== service.latestReadyRevision) {
            let revision;
            try {
                [revision] = await clients.revisions.getRevision({ name: created });
                reasons.push(...failedConditions(revision.conditions));
            }
            catch {
                // The service's own conditions, in the problem, still say what failed.
            }
            diagnosis = await revisionDiagnosis(revision, created, { ...placeOf(created), service: (0,render/* shortName */.EU)(service.name) });
        }
        const todo = unchanged
            ? ` This run changed nothing: the service already asks for this image. Fix the cause (see the revision's logs), then deploy again with a new revision-suffix (or a new image) to start a new revision`
            : '';
        throw new render/* CloudRunError */.D0(`${label}: ${problem}${reasons.length ? `. Revision ${(0,render/* shortName */.EU)(created)}: ${reasons.join('; ')}` : ''}.${todo}${diagnosis ? `\n${diagnosis}` : ''}`);
    }
    /** Why the rollout failed, in Cloud Run's words, and where traffic stayed. */
    async revisionFailure(clients, name, label, error, bound, existing) {
        if (error instanceof google/* OperationTimeout */.Lf) {
            const within = bound.byRun ? bound.said : `wait-timeout (${this.inputs.waitTimeoutSeconds} s)`;
            return new render/* CloudRunError */.D0(`${label}: the new revision was not ready within ${within}; it may still be starting. ${stillStarting(label, name, existing)}. See its logs in the Cloud Console`, { cause: error });
        }
        if (!(error instanceof google/* OperationFailed */.FH)) {
            return (0,google/* explainGoogleError */.rC)(error, `Waiting for the rollout of ${label}`, name, 'roles/run.viewer');
        }
        const reasons = [];
        let after;
        let diagnosis = '';
        try {
            [after] = await clients.services.getService({ name });
            const revision = after.latestCreatedRevision;
            if (revision && revision !== after.latestReadyRevision) {
                let failed;
                try {
                    [failed] = await clients.revisions.getRevision({ name: revision });
                    reasons.push(...failedConditions(failed.conditions));
                }
                finally {
                    diagnosis = await revisionDiagnosis(failed, revision, { ...placeOf(name), service: (0,render/* shortName */.EU)(name) });
                }
            }
        }
        catch {
            // The operation's own error below still says what failed.
        }
        const message = error.message ?? String(error);
        const serving = after?.trafficStatuses?.length
            ? after.trafficStatuses
                .filter((t) => (t.percent ?? 0) > 0)
                .map((t) => `${t.percent}% to ${t.revision || (0,render/* shortName */.EU)(after?.latestReadyRevision) || 'latest'}`)
                .join(', ')
            : undefined;
        return new render/* CloudRunError */.D0(`${label}: the new revision ${(0,render/* shortName */.EU)(after?.latestCreatedRevision) || ''} failed: ${reasons.length ? reasons.join('; ') : message}.` +
            (serving ? ` Traffic stays where it was (${serving}).` : '') +
            (diagnosis ? `\n${diagnosis}` : ''), { cause: error });
    }
    async prepareJob(clients, parent, where, target, jobTarget, log) {
        const name = `${parent}/jobs/${jobTarget.name}`;
        const label = `Cloud Run job ${jobTarget.name} (${where})`;
        const existing = await readOrMissing(() => clients.jobs.getJob({ name }), `Reading ${label}`, where);
        log(existing ? `${label} exists` : `${label} does not exist yet`);
        const rendered = (0,render/* renderJob */.eS)(existing, this.inputs, target.image, placeOf(parent));
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
                        if (job.terminalCondition && !(0,render/* conditionSucceeded */.TY)(job.terminalCondition)) {
                            throw new render/* CloudRunError */.D0(`${label} already asks for ${target.image}, but is not ready: ${job.terminalCondition.message || `Ready is ${String(job.terminalCondition.state)}`}. This run changed nothing: fix the cause, then deploy again`);
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
            await (0,google/* waitForOperation */.o5)(operation, check, secondsLeft((0,src_deadline/* waitBound */.OW)(this.inputs.waitTimeoutSeconds, 'wait-timeout')));
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
        const started = (0,render/* shortName */.EU)(operation.metadata?.name);
        log(`executing ${label}${started ? `: execution ${started}` : ''}; waiting up to ${timeout} s for it to finish`);
        const bound = (0,src_deadline/* waitBound */.OW)(timeout, 'wait-timeout');
        const { project, region } = placeOf(name);
        const cancel = `gcloud run jobs executions cancel ${started} --project ${project} --region ${region}`;
        const forget = (0,src_deadline/* leftAsIs */.ii)(() => `- ${label}: execution ${started} goes on running. Stop it: ${cancel}`);
        let execution;
        try {
            const check = (operationName) => clients.jobs.checkRunJobProgress(operationName);
            execution = await (0,google/* waitForOperation */.o5)(operation, check, secondsLeft(bound));
        }
        catch (error) {
            if (error instanceof google/* OperationTimeout */.Lf) {
                throw new render/* CloudRunError */.D0(`${label}: execution ${started} did not finish within ${bound.byRun ? bound.said : `wait-timeout (${timeout} s)`}; it goes on running. Stop it: ${cancel}`, { cause: error });
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
            const reasons = (0,render/* failureMessages */.TH)(failed?.conditions);
            throw new render/* CloudRunError */.D0(`${label}: execution ${started} failed: ${reasons.length ? reasons.join('; ') : error.message}` +
                (failed?.logUri ? `. Logs: ${failed.logUri}` : ''), { cause: error });
        }
        finally {
            forget();
        }
        const executionName = (0,render/* shortName */.EU)(execution.name) || started;
        const problem = executionProblem(execution);
        if (problem) {
            throw new render/* CloudRunError */.D0(`${label}: execution ${executionName} ${problem}` + (execution.logUri ? `. Logs: ${execution.logUri}` : ''));
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
    const reasons = (0,render/* failureMessages */.TH)(execution.conditions).join('; ');
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
        return new render/* CloudRunError */.D0(`${verb} ${label} was refused: it was changed by someone else since this run read it (etag ${etag}), and this run changed nothing (${error.message}). Run the step again to deploy over the current version`, { cause: error });
    }
    return (0,google/* explainGoogleError */.rC)(error, `${verb} ${label}`, name, DEVELOPER_ROLE);
}
function serviceResult(service, target, what) {
    const revision = (0,render/* shortName */.EU)(service.latestReadyRevision);
    // servingProblem rules this out first; a green step never names an empty revision.
    if (!revision)
        throw new render/* CloudRunError */.D0(`Cloud Run service ${target.name} has no ready revision`);
    const statuses = service.trafficStatuses ?? [];
    const tagged = target.revisionTag ? statuses.find((t) => t.tag === target.revisionTag)?.uri : undefined;
    const url = tagged || service.uri || service.urls?.[0] || undefined;
    const percent = statuses
        .filter((t) => t.revision === revision || (!t.revision && !(0,render/* isPinned */.T4)(t)))
        .reduce((sum, t) => sum + (t.percent ?? 0), 0);
    return {
        outputs: { revision },
        detail: `Cloud Run service ${target.name} ${what}: revision ${revision} serves ${percent}% of traffic${url ? ` at ${url}` : ''}`,
        ...(url && { url }),
    };
}
/** Project and region from a resource name (projects/P/locations/R/…). */
/** The seconds a wait bound leaves from now (a tenth at least, so the wait looks once). */
function secondsLeft(bound) {
    return Math.max(0.1, (bound.deadline - Date.now()) / 1000);
}
/**
 * A service whose new revision was not ready in time: where its traffic stays, what Cloud Run does
 * once the revision is ready, and the command that keeps the previous revision serving.
 */
function stillStarting(label, name, existing) {
    const { project, region } = placeOf(name);
    const service = (0,render/* shortName */.EU)(name);
    const where = `--project ${project} --region ${region}`;
    if (!existing)
        return `${label} was created by this run and serves nothing until its first revision is ready. To remove it: gcloud run services delete ${service} ${where}`;
    const previous = (0,render/* shortName */.EU)(existing.latestReadyRevision);
    const toLatest = existing.traffic?.length
        ? existing.traffic.some((t) => (t.percent ?? 0) > 0 && (0,cloud_run_traffic/* isLatestType */.Ew)(t.type))
        : true;
    return (`Traffic stays as it was (${(0,cloud_run_traffic/* describeTraffic */.hA)(existing.traffic, previous)}) while the new revision starts` +
        (toLatest
            ? `; Cloud Run moves the LATEST share to it if it becomes ready. To keep ${previous} serving: gcloud run services update-traffic ${service} ${where} --to-revisions ${previous}=100`
            : '; the split names revisions, so it does not move'));
}
function placeOf(resource) {
    const parts = resource.split('/');
    return { project: parts[1] ?? '', region: parts[3] ?? '' };
}
async function closeAll(clients) {
    await Promise.allSettled(Object.values(clients).map((client) => client.close()));
}
/** A preview's service target: no traffic, tagged pr-N, on a revision named for the pull request. */
function previewTarget(target, pullRequest) {
    return {
        ...target,
        noTraffic: true,
        revisionTag: previewTag(pullRequest.number),
        revisionSuffix: target.revisionSuffix ?? previewSuffix(target.name, pullRequest.number),
    };
}
/**
 * A closed pull request's preview taken down: its pr-N tag (and those of other closed pull
 * requests) removed from the service's traffic in one traffic-only update, so the revisions are
 * no longer addressable. No image is needed: nothing is pushed, no revision is made.
 */
async function preparePreviewTakedown(clients, parent, where, serviceTarget, pullRequest, timeout) {
    const name = `${parent}/services/${serviceTarget.name}`;
    const label = `Cloud Run service ${serviceTarget.name} (${where})`;
    const skipPush = `pull request #${pullRequest.number} is closed: its preview is taken down, no image is deployed`;
    const existing = await readOrMissing(() => clients.services.getService({ name }), `Reading ${label}`, where);
    const nothing = (why) => ({
        plan: [why],
        skipPush,
        deploy: async () => {
            await closeAll(clients);
            return { outputs: {}, detail: why };
        },
    });
    if (!existing)
        return nothing(`${label} does not exist: no preview to take down`);
    const stale = await closedPreviews(existing.traffic, pullRequest);
    const closed = [pullRequest.number, ...stale.closed];
    const removed = previewNumbers(existing.traffic).filter((n) => closed.includes(n));
    const traffic = withoutPreviewTags(existing.traffic, closed);
    if (!traffic) {
        return {
            ...nothing(`${label} has no preview tag ${previewTag(pullRequest.number)}: nothing to take down`),
            ...(stale.warning && { warnings: [stale.warning] }),
        };
    }
    const tags = removed.map(previewTag).join(', ');
    const revisions = (existing.traffic ?? [])
        .filter((t) => t.tag && removed.map(previewTag).includes(t.tag))
        .map((t) => t.revision || 'latest')
        .join(', ');
    return {
        plan: [
            `would remove traffic tags ${tags} from ${label} (revisions ${revisions}): their pull requests are closed, so those revisions stop being addressable; traffic percentages stay as they are`,
        ],
        skipPush,
        ...(stale.warning && { warnings: [stale.warning] }),
        deploy: async (log) => {
            try {
                let operation;
                try {
                    [operation] = await clients.services.updateService({
                        service: { ...existing, traffic },
                        updateMask: { paths: ['traffic'] },
                    });
                }
                catch (error) {
                    throw explainWriteError(error, 'Removing preview tags from', label, name, existing.etag);
                }
                log(`removing traffic tags ${tags} from ${label}`);
                let done;
                try {
                    const check = (operationName) => clients.services.checkUpdateServiceProgress(operationName);
                    done = await (0,google/* waitForOperation */.o5)(operation, check, timeout);
                }
                catch (error) {
                    throw (0,google/* explainGoogleError */.rC)(error, `Waiting for ${label} to drop traffic tags ${tags}`, name, 'roles/run.viewer');
                }
                const left = (done.trafficStatuses ?? []).filter((t) => t.tag && removed.map(previewTag).includes(t.tag));
                if (left.length) {
                    throw new render/* CloudRunError */.D0(`${label} still serves traffic tags ${left.map((t) => t.tag).join(', ')} after the update removed them: check its traffic in the Cloud Console`);
                }
                return {
                    outputs: {},
                    detail: `${label}: preview tags ${tags} removed (revisions ${revisions} are no longer addressable)`,
                };
            }
            finally {
                await closeAll(clients);
            }
        },
    };
}


/***/ })

};

//# sourceMappingURL=101.index.js.map