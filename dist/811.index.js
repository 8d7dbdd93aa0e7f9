export const id = 811;
export const ids = [811];
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

/***/ 98192:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ensureArtifactRepository: () => (/* binding */ ensureArtifactRepository),
/* harmony export */   googleRegistryCredentials: () => (/* binding */ googleRegistryCredentials)
/* harmony export */ });
/* harmony import */ var _clouds_google_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(22819);

/** The user name Google's registries take with an OAuth2 access token as the password. */
const OAUTH2_USER = 'oauth2accesstoken';
/** Registry credentials from Application Default Credentials; undefined when there are none. */
async function googleRegistryCredentials() {
    const token = await (0,_clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .googleAccessToken */ .d6)();
    return token === undefined ? undefined : { username: OAUTH2_USER, password: token };
}
const READER_ROLE = 'roles/artifactregistry.reader (to check the repository) or roles/artifactregistry.writer';
/**
 * Checks that the Docker repository exists and takes pushes, creating it when asked. In a plan
 * (`dryRun`), reports what it would create and creates nothing.
 */
async function ensureArtifactRepository(where, create, log, dryRun = false) {
    const { ArtifactRegistryClient } = await (0,_clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .loadGoogleSdk */ .yT)(() => Promise.all(/* import() */[__webpack_require__.e(324), __webpack_require__.e(492), __webpack_require__.e(142), __webpack_require__.e(192)]).then(__webpack_require__.bind(__webpack_require__, 34192)));
    const client = new ArtifactRegistryClient(await (0,_clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .googleClientOptions */ .lE)('artifactregistry'));
    const parent = `projects/${where.project}/locations/${where.location}`;
    const name = `${parent}/repositories/${where.repository}`;
    const described = `"${where.repository}" (project ${where.project}, location ${where.location})`;
    try {
        try {
            const [found] = await client.getRepository({ name });
            return { immutableTags: checkUsable(found, described, log), created: false };
        }
        catch (error) {
            if ((0,_clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .googleStatus */ .kn)(error) !== _clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .GoogleStatus */ .I5.NOT_FOUND) {
                throw (0,_clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `Reading the Artifact Registry repository ${described}`, name, READER_ROLE);
            }
        }
        if (!create) {
            throw new _clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .GcpError */ .VI(`the Artifact Registry repository ${described} does not exist: create it (gcloud artifacts repositories create ${where.repository} --repository-format=docker --location=${where.location} --project=${where.project}), or set create-repository: true`);
        }
        if (dryRun) {
            log(`would create the Artifact Registry Docker repository ${described}`);
            return { immutableTags: false, created: false };
        }
        try {
            const [operation] = await client.createRepository({
                parent,
                repositoryId: where.repository,
                repository: { format: 'DOCKER', description: 'Created by Portable Deploy' },
            });
            const check = (operationName) => client.checkCreateRepositoryProgress(operationName);
            await (0,_clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperation */ .o5)(operation, check, 300);
            log(`created the Artifact Registry Docker repository ${described}`);
            return { immutableTags: false, created: true };
        }
        catch (error) {
            // Another matrix leg may have created it a moment ago: that is the state we wanted.
            if ((0,_clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .googleStatus */ .kn)(error) === _clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .GoogleStatus */ .I5.ALREADY_EXISTS) {
                const [found] = await client.getRepository({ name });
                return { immutableTags: checkUsable(found, described, log), created: false };
            }
            throw (0,_clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `Creating the Artifact Registry repository ${described}`, parent, 'roles/artifactregistry.admin (artifactregistry.repositories.create)');
        }
    }
    finally {
        await client.close();
    }
}
/** A repository takes our push only if it is a standard Docker repository; returns whether its tags are immutable. */
function checkUsable(found, described, log) {
    if (found.format !== 'DOCKER' && found.format !== 1) {
        throw new _clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .GcpError */ .VI(`the Artifact Registry repository ${described} holds ${String(found.format)} packages, not Docker images: push to a Docker-format repository`);
    }
    if (found.mode === 'REMOTE_REPOSITORY' ||
        found.mode === 'VIRTUAL_REPOSITORY' ||
        found.mode === 2 ||
        found.mode === 3) {
        throw new _clouds_google_js__WEBPACK_IMPORTED_MODULE_0__/* .GcpError */ .VI(`the Artifact Registry repository ${described} is a ${String(found.mode).toLowerCase().replace('_', ' ')}, which cannot be pushed to: push to a standard repository`);
    }
    const immutable = found.dockerConfig?.immutableTags === true;
    log(`Artifact Registry repository ${described} exists${immutable ? '; its tags are immutable' : ''}`);
    return immutable;
}


/***/ })

};

//# sourceMappingURL=811.index.js.map