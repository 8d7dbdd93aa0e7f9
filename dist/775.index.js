export const id = 775;
export const ids = [775];
export const modules = {

/***/ 15891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ AwsError),
/* harmony export */   Ni: () => (/* binding */ explainAwsError),
/* harmony export */   rw: () => (/* binding */ awsClientConfig)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _oci_user_error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37373);
/**
 * AWS, shared by the ECR registry family and the ECS runtime: how an SDK failure reads to the user
 * (what failed, where, and what to do), and whether it is an access problem a plan may go past.
 */



class AwsError extends _oci_user_error_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .y {
    constructor(message, options) {
        super(message, 'AWS', options);
        this.name = 'AwsError';
    }
}
/** Turns an SDK failure into a sentence that says what failed, where, and what to do. */
function explainAwsError(error, action, where) {
    const name = error.name ?? 'Error';
    const message = error.message ?? String(error);
    if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
        return new AwsError(`${action} (${where}) needs AWS credentials and found none: add aws-actions/configure-aws-credentials (OIDC) before this step`, { cause: error, access: 'missing' });
    }
    if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized/i.test(message)) {
        return new AwsError(`${action} (${where}) was denied: ${message}. Grant the role that permission`, {
            cause: error,
            access: 'denied',
        });
    }
    return new AwsError(`${action} (${where}) failed: ${name}: ${message}`, { cause: error });
}
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
/**
 * What every AWS SDK client of the run is built with: behind a proxy (HTTP(S)_PROXY, NO_PROXY, as
 * the registry traffic honours them), connections that go through it, which the SDK alone does not
 * do. Otherwise the SDK's own defaults.
 */
function awsClientConfig(env = process.env) {
    if (!PROXY_VARIABLES.some((name) => env[name]))
        return {};
    // The SDK's own agent settings, plus the proxy.
    const options = { keepAlive: true, maxSockets: 50, proxyEnv: env };
    return { requestHandler: { httpAgent: new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)(options), httpsAgent: new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)(options) } };
}


/***/ }),

/***/ 96717:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $D: () => (/* binding */ azureCredential),
/* harmony export */   M6: () => (/* binding */ AzureError)
/* harmony export */ });
/* unused harmony exports GITHUB_OIDC_AUDIENCE, chooseAzureCredential, describeAzureCredential, authorityOptions, explainAzureIdentityError */
/* harmony import */ var _oci_user_error_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37373);
/* harmony import */ var _secret_mask_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(20824);


class AzureError extends _oci_user_error_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y {
    constructor(message, options) {
        super(message, 'Azure', options);
        this.name = 'AzureError';
    }
}
/** The audience GitHub's OIDC token is requested for, as azure/login requests it. */
const GITHUB_OIDC_AUDIENCE = 'api://AzureADTokenExchange';
/** Where the run's Azure identity comes from: the inputs, then AZURE_* variables, then az. */
function chooseAzureCredential(inputs, env) {
    if (inputs.clientId && inputs.tenantId)
        return { kind: 'github-oidc', clientId: inputs.clientId, tenantId: inputs.tenantId };
    const clientId = env.AZURE_CLIENT_ID;
    const tenantId = env.AZURE_TENANT_ID;
    if (clientId && tenantId) {
        if (env.AZURE_CLIENT_SECRET)
            return { kind: 'client-secret', clientId, tenantId, secret: env.AZURE_CLIENT_SECRET };
        if (env.AZURE_CLIENT_CERTIFICATE_PATH)
            return {
                kind: 'client-certificate',
                clientId,
                tenantId,
                certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH,
                certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD || undefined,
            };
    }
    return { kind: 'azure-cli' };
}
function describeAzureCredential(source) {
    switch (source.kind) {
        case 'github-oidc':
            return `workload identity federation (GitHub OIDC) as client ${source.clientId} in tenant ${source.tenantId}`;
        case 'client-secret':
            return `the client secret of ${source.clientId} in tenant ${source.tenantId} (AZURE_CLIENT_SECRET)`;
        case 'client-certificate':
            return `the certificate of ${source.clientId} in tenant ${source.tenantId} (AZURE_CLIENT_CERTIFICATE_PATH)`;
        case 'azure-cli':
            return 'the Azure CLI session (azure/login)';
    }
}
/** The Microsoft Entra authorities of the public and sovereign clouds, which MSAL knows. */
const KNOWN_AUTHORITIES = new Set([
    'login.microsoftonline.com',
    'login.chinacloudapi.cn',
    'login.microsoftonline.us',
    'login.microsoftonline.de',
]);
/**
 * AZURE_AUTHORITY_HOST, as @azure/identity reads it, checked here so a wrong one is named. MSAL's
 * instance discovery asks login.microsoftonline.com about the authority: kept for Microsoft's own
 * authorities (it validates them), turned off for any other (Azure Stack, ADFS, a private or test
 * authority), which login.microsoftonline.com does not know and would refuse.
 */
function authorityOptions(env) {
    const text = env.AZURE_AUTHORITY_HOST?.trim();
    if (!text)
        return {};
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new AzureError(`AZURE_AUTHORITY_HOST="${text}" is not a URL, e.g. https://login.microsoftonline.com`);
    }
    if (url.protocol !== 'https:')
        throw new AzureError(`AZURE_AUTHORITY_HOST="${text}" must use https (Microsoft Entra ID takes no other)`);
    return KNOWN_AUTHORITIES.has(url.hostname)
        ? { authorityHost: url.origin }
        : { authorityHost: url.origin, disableInstanceDiscovery: true };
}
const HOW_TO_SIGN_IN = 'set azure-client-id and azure-tenant-id (workload identity federation, with permissions: id-token: write), or run azure/login before this step, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET';
/** The GitHub OIDC token for Entra ID; without id-token: write, the runner offers none. */
async function githubIdToken(env) {
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        throw new AzureError('azure-client-id and azure-tenant-id ask for workload identity federation, but this job gets no GitHub OIDC token: add `permissions: id-token: write` to the job (a pull request from a fork never gets one)', { access: 'missing' });
    }
    // @actions/core (and its HTTP client) is loaded only by a run that asks for a token.
    const { getIDToken } = await Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(260), __webpack_require__.e(264)]).then(__webpack_require__.bind(__webpack_require__, 57264));
    const token = await getIDToken(GITHUB_OIDC_AUDIENCE);
    (0,_secret_mask_js__WEBPACK_IMPORTED_MODULE_1__/* .maskSecret */ .$)(token);
    return token;
}
async function buildCredential(source, env) {
    const identity = await Promise.all(/* import() */[__webpack_require__.e(324), __webpack_require__.e(830), __webpack_require__.e(669), __webpack_require__.e(818), __webpack_require__.e(563)]).then(__webpack_require__.bind(__webpack_require__, 25563));
    const authority = authorityOptions(env);
    switch (source.kind) {
        case 'github-oidc':
            // Checked before the first token, so a missing permission is named rather than wrapped.
            await githubIdToken(env);
            return new identity.ClientAssertionCredential(source.tenantId, source.clientId, () => githubIdToken(env), authority);
        case 'client-secret':
            return new identity.ClientSecretCredential(source.tenantId, source.clientId, source.secret, authority);
        case 'client-certificate':
            return new identity.ClientCertificateCredential(source.tenantId, source.clientId, { certificatePath: source.certificatePath, certificatePassword: source.certificatePassword }, authority);
        case 'azure-cli':
            return new identity.AzureCliCredential();
    }
}
/** An @azure/identity failure in a sentence: what failed, with which identity, and what to do. */
function explainAzureIdentityError(error, source) {
    if (error instanceof AzureError)
        return error;
    const name = error.name;
    const message = (error.message ?? String(error)).split('\n')[0];
    const who = describeAzureCredential(source);
    if (name === 'CredentialUnavailableError' && source.kind === 'azure-cli') {
        return new AzureError(`no Azure credentials: ${who} is not available (${message}); ${HOW_TO_SIGN_IN}`, {
            cause: error,
            access: 'missing',
        });
    }
    if (name === 'CredentialUnavailableError') {
        return new AzureError(`${who} could not sign in to Microsoft Entra ID: ${message}`, {
            cause: error,
            access: 'missing',
        });
    }
    // Entra ID's refusals come as AuthenticationError, or as MSAL's own errors naming an AADSTS code.
    const refusal = /AADSTS\d+:[^.]*\./.exec(error.message ?? '')?.[0];
    if (name === 'AuthenticationError' || refusal) {
        return new AzureError(`Microsoft Entra ID refused ${who}: ${refusal ?? message}`, {
            cause: error,
            access: 'denied',
        });
    }
    return new AzureError(`getting an Azure token with ${who} failed: ${message}`, { cause: error });
}
/** The run's Azure identity: its source chosen and @azure/identity loaded on the first token. */
class RunAzureCredential {
    source;
    env;
    built;
    constructor(source, env) {
        this.source = source;
        this.env = env;
    }
    async getToken(scopes, options) {
        try {
            // A build that failed (no OIDC token yet, a bad authority) is tried again on the next call.
            this.built ??= buildCredential(this.source, this.env).catch((error) => {
                this.built = undefined;
                throw error;
            });
            const token = await (await this.built).getToken(scopes, options);
            if (!token)
                throw new Error(`no token for ${String(scopes)}`);
            (0,_secret_mask_js__WEBPACK_IMPORTED_MODULE_1__/* .maskSecret */ .$)(token.token);
            return token;
        }
        catch (error) {
            throw explainAzureIdentityError(error, this.source);
        }
    }
}
const runCredentials = new Map();
/**
 * The run's Azure credential for these inputs (one per run, built lazily). The ACR family and the
 * Container Apps runtime both take it, so the identity is chosen, and its tokens cached, once.
 */
function azureCredential(inputs, env = process.env) {
    const source = chooseAzureCredential(inputs, env);
    const key = JSON.stringify([source, env.AZURE_AUTHORITY_HOST ?? '']);
    let credential = runCredentials.get(key);
    if (!credential) {
        credential = new RunAzureCredential(source, env);
        runCredentials.set(key, credential);
    }
    return credential;
}


/***/ }),

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

/***/ 74775:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  kubernetesRuntime: () => (/* binding */ kubernetesRuntime)
});

// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __webpack_require__(86683);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: ./src/oci/access.ts
var oci_access = __webpack_require__(81307);
// EXTERNAL MODULE: ./src/oci/transient.ts
var oci_transient = __webpack_require__(9671);
// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __webpack_require__(37373);
;// CONCATENATED MODULE: ./src/runtimes/kubernetes/client.ts
/**
 * A thin client for the few Kubernetes API endpoints this runtime uses (get, list, patch, create,
 * pod logs), on raw JSON: what is read is what is written back, field for field, so an undo
 * restores the exact pod template, including fields newer than any generated model. TLS and
 * credentials come from a Connection (a kubeconfig through @kubernetes/client-node's KubeConfig,
 * or a cloud's token); failures become KubernetesErrors that say what failed, where, and what to do.
 */




class KubernetesError extends user_error/* UserError */.y {
    constructor(message, options) {
        super(message, 'Kubernetes', options);
        this.name = 'KubernetesError';
        this.status = options?.status;
        this.reason = options?.reason;
    }
    status;
    /** The Status object's reason: NotFound, Conflict, Forbidden, Invalid, … */
    reason;
}
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
const REQUEST_TIMEOUT_MS = 30_000;
class KubernetesClient {
    connection;
    retryDelayMs;
    constructor(connection, retryDelayMs = 500) {
        this.connection = connection;
        this.retryDelayMs = retryDelayMs;
    }
    /** A GET that fails unless the answer is 2xx (reads are retried). */
    async get(path, query) {
        return this.call('GET', path, { query, retry: true });
    }
    async request(method, path, options = {}) {
        const attempts = options.retry ? 4 : 1;
        for (let attempt = 1;; attempt++) {
            try {
                const response = await this.once(method, path, options);
                if (!TRANSIENT_STATUSES.has(response.status) || attempt >= attempts)
                    return response;
            }
            catch (error) {
                if (attempt >= attempts || !(0,oci_transient/* isTransientNetworkError */.l)(error))
                    throw this.networkError(method, path, error);
            }
            await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** (attempt - 1)));
        }
    }
    /** Turns a failed answer into a KubernetesError naming what failed; `hint` says what to do. */
    failure(method, path, response, what) {
        const status = response.body;
        const fields = typeof status === 'object' && status !== null ? status : undefined;
        const text = fields?.message ?? (typeof status === 'string' ? status.slice(0, 300) : '');
        const action = what ?? `${method} ${path}`;
        const where = this.connection.where;
        const access = (0,oci_access/* accessOfStatus */.u)(response.status);
        if (response.status === 401)
            return new KubernetesError(`${action} (${where}): the API server did not accept the credentials (401 Unauthorized${text ? `: ${text}` : ''}); check the kubeconfig's user, or that the cloud identity is mapped to a Kubernetes user`, { access, status: 401, reason: fields?.reason });
        if (response.status === 403)
            return new KubernetesError(`${action} (${where}) was forbidden: ${text || '403'}. Grant the workflow's identity that permission with an RBAC Role in the namespace`, { access, status: 403, reason: fields?.reason });
        return new KubernetesError(`${action} (${where}) failed: ${response.status} ${fields?.reason ?? ''}${text ? `: ${text}` : ''}`.replace('  ', ' '), {
            status: response.status,
            reason: fields?.reason,
        });
    }
    /** A request that fails unless the answer is 2xx. */
    async call(method, path, options = {}, what) {
        const response = await this.request(method, path, options);
        if (response.status < 200 || response.status >= 300)
            throw this.failure(method, path, response, what);
        return response.body;
    }
    networkError(method, path, error) {
        if (error instanceof KubernetesError)
            return error;
        const message = error.message ?? String(error);
        return new KubernetesError(`${method} ${path} (${this.connection.where}) could not reach the API server: ${message}`, { cause: error });
    }
    async once(method, path, options) {
        const base = new URL(this.connection.server);
        const query = new URLSearchParams();
        for (const [key, value] of Object.entries(options.query ?? {}))
            if (value !== undefined)
                query.set(key, String(value));
        const fullPath = `${base.pathname.replace(/\/$/, '')}${path}${query.size ? `?${query}` : ''}`;
        const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
        const request = {
            method,
            protocol: base.protocol,
            hostname: base.hostname.replace(/^\[|\]$/g, ''),
            port: base.port || 443,
            path: fullPath,
            headers: {
                Accept: options.text ? 'text/plain, */*' : 'application/json',
                'User-Agent': 'portable-deploy',
                ...(body && { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': body.length }),
            },
            timeout: REQUEST_TIMEOUT_MS,
        };
        await this.connection.apply(request);
        if (base.protocol !== 'https:')
            throw new KubernetesError(`the API server ${this.connection.server} is not https: credentials are sent only over TLS`);
        return new Promise((resolve, reject) => {
            const req = external_node_https_default().request(request, (res) => {
                const chunks = [];
                res.on('data', (chunk) => chunks.push(chunk));
                res.on('error', reject);
                res.on('end', () => {
                    const text = Buffer.concat(chunks).toString('utf8');
                    let parsed = text;
                    if (!options.text || (res.statusCode ?? 0) >= 300) {
                        try {
                            parsed = text ? JSON.parse(text) : undefined;
                        }
                        catch {
                            parsed = text;
                        }
                    }
                    resolve({ status: res.statusCode ?? 0, body: parsed });
                });
            });
            req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })));
            req.on('error', reject);
            req.end(body);
        });
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/runner/workflow-commands.ts
var workflow_commands = __webpack_require__(91520);
// EXTERNAL MODULE: ./src/clouds/aws.ts
var aws = __webpack_require__(15891);
// EXTERNAL MODULE: ./src/clouds/azure.ts
var azure = __webpack_require__(96717);
// EXTERNAL MODULE: ./src/clouds/google.ts
var google = __webpack_require__(22819);
;// CONCATENATED MODULE: ./src/runtimes/kubernetes/clouds.ts
/**
 * EKS, GKE and AKS clusters by name, with no plugin binary: the endpoint and CA from the cloud's
 * API, and a short-lived token made in-process from the credentials the run already has (the AWS
 * default chain, Google ADC, the run's Azure identity), renewed before it expires.
 */






/** A token source that renews the token `renewAfterMs` after making it. */
function renewing(make, renewAfterMs) {
    let cached;
    return async () => {
        if (!cached || Date.now() - cached.at > renewAfterMs) {
            const token = await make();
            workflow_commands/* setSecret */.Pq(token);
            cached = { token, at: Date.now() };
        }
        return cached.token;
    };
}
function bearerConnection(server, caPem, where, token) {
    return {
        server,
        where,
        namespace: undefined,
        apply: async (options) => {
            if (caPem)
                options.ca = caPem;
            options.headers = { ...options.headers, Authorization: `Bearer ${await token()}` };
        },
    };
}
function decodeCa(base64) {
    return base64 ? Buffer.from(base64, 'base64').toString('utf8') : undefined;
}
// ---------------------------------------------------------------------------------------------- EKS
/** SHA-256 and HMAC-SHA-256 over node:crypto, as the SigV4 signer wants them. */
class NodeSha256 {
    secret;
    hash;
    constructor(secret) {
        this.secret = secret;
        this.hash = this.fresh();
    }
    fresh() {
        return this.secret === undefined ? (0,external_node_crypto_.createHash)('sha256') : (0,external_node_crypto_.createHmac)('sha256', toBuffer(this.secret));
    }
    update(data) {
        this.hash.update(toBuffer(data));
    }
    digest() {
        return Promise.resolve(new Uint8Array(this.hash.digest()));
    }
    reset() {
        this.hash = this.fresh();
    }
}
function toBuffer(data) {
    if (typeof data === 'string')
        return Buffer.from(data, 'utf8');
    if (ArrayBuffer.isView(data))
        return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return Buffer.from(data);
}
/** The STS host that signs for a region (AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL when set). */
function stsEndpoint(region, env = process.env) {
    const configured = env.AWS_ENDPOINT_URL_STS ?? env.AWS_ENDPOINT_URL;
    if (configured)
        return new URL(configured);
    return new URL(`https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}/`);
}
/**
 * The EKS token as aws eks get-token makes it: "k8s-aws-v1." and the unpadded base64url of a
 * presigned STS GetCallerIdentity URL, valid 60 s, with the signed header x-k8s-aws-id: CLUSTER.
 */
async function eksToken(cluster, region, credentials, env = process.env) {
    const { SignatureV4 } = await __webpack_require__.e(/* import() */ 118).then(__webpack_require__.t.bind(__webpack_require__, 75118, 19));
    const endpoint = stsEndpoint(region, env);
    const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: NodeSha256 });
    const presigned = await signer.presign({
        method: 'GET',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: endpoint.host, 'x-k8s-aws-id': cluster },
    }, { expiresIn: 60 });
    const query = Object.entries(presigned.query ?? {})
        .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
        .join('&');
    const url = `${endpoint.protocol}//${endpoint.host}/?${query}`;
    return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
}
async function eksConnection(access, endpoints, env = process.env) {
    const { EKSClient, DescribeClusterCommand } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(861), __webpack_require__.e(524)]).then(__webpack_require__.t.bind(__webpack_require__, 24524, 19));
    const where = `EKS cluster ${access.name}, region ${access.region}`;
    const client = new EKSClient({ region: access.region, ...(0,aws/* awsClientConfig */.rw)(env) });
    try {
        let described;
        try {
            described = await client.send(new DescribeClusterCommand({ name: access.name }));
        }
        catch (error) {
            if (error.name === 'ResourceNotFoundException')
                throw new aws/* AwsError */.Gy(`k8s-cluster: there is no EKS cluster "${access.name}" in region ${access.region}`);
            throw (0,aws/* explainAwsError */.Ni)(error, 'eks:DescribeCluster', where);
        }
        const cluster = described.cluster;
        if (!cluster?.endpoint || !['ACTIVE', 'UPDATING'].includes(cluster.status ?? ''))
            throw new aws/* AwsError */.Gy(`${where} is ${cluster?.status ?? 'unknown'}${cluster?.endpoint ? '' : ' and has no endpoint yet'}: it must be ACTIVE to deploy to`);
        const credentials = client.config.credentials;
        const token = renewing(async () => {
            try {
                return await eksToken(access.name, access.region, credentials, env);
            }
            catch (error) {
                throw (0,aws/* explainAwsError */.Ni)(error, 'signing the EKS token (sts:GetCallerIdentity)', where);
            }
        }, 10 * 60_000);
        // The token is checked here, so that missing credentials are found in prepare.
        await token();
        return bearerConnection(endpoints.server ?? cluster.endpoint, endpoints.ca ?? decodeCa(cluster.certificateAuthority?.data), `${where}, ${cluster.endpoint}`, token);
    }
    finally {
        client.destroy();
    }
}
// ---------------------------------------------------------------------------------------------- GKE
/** The scopes gke-gcloud-auth-plugin asks for: cloud-platform, and the email for RBAC by user. */
const GKE_SCOPES = ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/userinfo.email'];
/** The GKE API's base: https://container.googleapis.com/, or CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER. */
function gkeApiBase(env = process.env) {
    const override = env.CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER;
    return (override ?? 'https://container.googleapis.com/').replace(/\/?$/, '/');
}
async function gkeConnection(access, endpoints, env = process.env) {
    const { GoogleAuth } = await Promise.all(/* import() */[__webpack_require__.e(324), __webpack_require__.e(492)]).then(__webpack_require__.t.bind(__webpack_require__, 492, 23));
    const auth = new GoogleAuth({ scopes: GKE_SCOPES });
    const token = renewing(async () => {
        let value;
        try {
            value = await auth.getAccessToken();
        }
        catch (error) {
            throw new google/* GcpError */.VI(`Google Application Default Credentials gave no access token for GKE: ${error.message}. Add google-github-actions/auth before this step`, { cause: error, access: 'missing' });
        }
        if (!value)
            throw new google/* GcpError */.VI('Google Application Default Credentials gave no access token for GKE', { access: 'missing' });
        return value;
    }, 30 * 60_000);
    const project = await (0,google/* googleProject */.Hg)(access.project);
    const where = `GKE cluster ${access.name} (project ${project}, location ${access.location})`;
    const url = `${gkeApiBase(env)}v1/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(access.location)}/clusters/${encodeURIComponent(access.name)}`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${await token()}` } });
    const body = (await response.json().catch(() => ({})));
    if (!response.ok) {
        const message = body.error?.message ?? `${response.status}`;
        if (response.status === 404)
            throw new google/* GcpError */.VI(`k8s-cluster: ${where} does not exist: ${message}`);
        throw new google/* GcpError */.VI(`reading ${where} (container.clusters.get) failed: ${message}${response.status === 403 ? ". Grant the workflow's service account roles/container.clusterViewer (or Kubernetes Engine Developer)" : ''}`, { access: (0,oci_access/* accessOfStatus */.u)(response.status) });
    }
    const endpoint = body.endpoint || body.controlPlaneEndpointsConfig?.dnsEndpointConfig?.endpoint;
    if (!endpoint || !['RUNNING', 'RECONCILING', 'DEGRADED'].includes(body.status ?? ''))
        throw new google/* GcpError */.VI(`${where} is ${body.status ?? 'unknown'}: it must be RUNNING to deploy to`);
    const server = endpoints.server ?? (/^https:\/\//.test(endpoint) ? endpoint : `https://${endpoint}`);
    return bearerConnection(server, endpoints.ca ?? decodeCa(body.masterAuth?.clusterCaCertificate), `${where}, ${server}`, token);
}
// ---------------------------------------------------------------------------------------------- AKS
/** The AKS server application every Entra-integrated cluster accepts tokens for (Azure/kubelogin). */
const AKS_SERVER_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';
const AKS_API_VERSION = '2024-09-01';
async function aksConnection(access, endpoints, env = process.env) {
    if (!access.subscriptionId)
        throw new azure/* AzureError */.M6('no Azure subscription for k8s-cluster aks:…: set the azure-subscription-id input (or AZURE_SUBSCRIPTION_ID in the environment)', { access: 'missing' });
    const credential = (0,azure/* azureCredential */.$D)(access.identity, env);
    const arm = new URL(env.AZURE_RESOURCE_MANAGER_ENDPOINT || 'https://management.azure.com/');
    const where = `AKS cluster ${access.name} (resource group ${access.resourceGroup}, subscription ${access.subscriptionId})`;
    const path = `/subscriptions/${access.subscriptionId}/resourceGroups/${encodeURIComponent(access.resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/${encodeURIComponent(access.name)}`;
    const armToken = (await credential.getToken(`${arm.origin}/.default`)).token;
    const call = async (method, suffix, what, role) => {
        const response = await fetch(`${arm.origin}${path}${suffix}?api-version=${AKS_API_VERSION}`, {
            method,
            headers: { Authorization: `Bearer ${armToken}` },
        });
        const body = (await response.json().catch(() => ({})));
        if (response.ok)
            return body;
        const message = `${body.error?.code ? `${body.error.code}: ` : ''}${body.error?.message ?? response.status}`;
        if (response.status === 404)
            throw new azure/* AzureError */.M6(`k8s-cluster: ${where} does not exist: ${message}`);
        throw new azure/* AzureError */.M6(`${what} for ${where} failed: ${message}${response.status === 403 ? `. Grant the workflow's identity ${role}` : ''}`, { access: (0,oci_access/* accessOfStatus */.u)(response.status) });
    };
    const cluster = await call('GET', '', 'reading the managed cluster', 'Reader on the cluster');
    const properties = cluster.properties ?? {};
    if (properties.powerState?.code === 'Stopped')
        throw new azure/* AzureError */.M6(`${where} is stopped: start it (az aks start) before deploying`);
    if (!properties.aadProfile)
        throw new azure/* AzureError */.M6(`${where} does not use Microsoft Entra ID integration, so it takes no Entra token: enable it (az aks update --enable-aad), or give a kubeconfig (azure/aks-set-context) instead of k8s-cluster`);
    const fqdn = properties.fqdn ?? properties.privateFQDN;
    if (!fqdn)
        throw new azure/* AzureError */.M6(`${where} has no API server address (provisioning state ${properties.provisioningState ?? 'unknown'})`);
    // The cluster's CA is only in its kubeconfig: the user credential's, whose user part is not used.
    const credentials = await call('POST', '/listClusterUserCredential', 'reading the cluster CA (listClusterUserCredential)', 'Azure Kubernetes Service Cluster User Role');
    const kubeconfig = Buffer.from(credentials.kubeconfigs?.[0]?.value ?? '', 'base64').toString('utf8');
    const { KubeConfig } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(583)]).then(__webpack_require__.bind(__webpack_require__, 22583));
    const kc = new KubeConfig();
    let caData;
    try {
        kc.loadFromString(kubeconfig);
        caData = kc.getClusters()[0]?.caData;
    }
    catch {
        caData = undefined;
    }
    const token = renewing(async () => (await credential.getToken(AKS_SERVER_SCOPE)).token, 30 * 60_000);
    await token();
    const server = endpoints.server ?? `https://${fqdn}:443`;
    return bearerConnection(server, endpoints.ca ?? decodeCa(caData), `${where}, ${server}`, token);
}

;// CONCATENATED MODULE: ./src/runtimes/kubernetes/connection.ts
/**
 * How the runtime reaches the cluster: a kubeconfig (KUBECONFIG, ~/.kube/config, the in-cluster
 * service account, or the kubeconfig input held in memory), read by @kubernetes/client-node's
 * KubeConfig, which runs exec plugins and reads token files; or an EKS, GKE or AKS cluster by name,
 * with a token made in-process (no plugin binary) and the endpoint and CA from the cloud's API.
 */





/** The kubeconfig's current (or named) context as a Connection. */
async function kubeconfigConnection(access, env = process.env) {
    const { KubeConfig } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(583)]).then(__webpack_require__.bind(__webpack_require__, 22583));
    const kc = new KubeConfig();
    let source;
    try {
        if (access.kind === 'inline') {
            kc.loadFromString(access.kubeconfig);
            source = 'the kubeconfig input';
        }
        else if (env.KUBECONFIG) {
            kc.loadFromDefault();
            source = `KUBECONFIG (${env.KUBECONFIG})`;
        }
        else if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.kube', 'config'))) {
            kc.loadFromFile((0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.kube', 'config'));
            source = '~/.kube/config';
        }
        else if (env.KUBERNETES_SERVICE_HOST) {
            kc.loadFromCluster();
            source = 'the in-cluster service account';
        }
        else {
            throw new KubernetesError('no kubeconfig: KUBECONFIG is not set and ~/.kube/config does not exist. Set up the cluster before this step (azure/aks-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials), pass the kubeconfig input from a secret, or set k8s-cluster (eks:NAME, gke:LOCATION/NAME, aks:RESOURCE_GROUP/NAME)', { access: 'missing' });
        }
    }
    catch (error) {
        if (error instanceof KubernetesError)
            throw error;
        // The message of a YAML error quotes the text: never repeat it.
        throw new KubernetesError(`${access.kind === 'inline' ? 'the kubeconfig input' : 'the kubeconfig'} could not be read: ${error.name}${access.kind === 'inline' ? '' : `: ${error.message}`}`);
    }
    if (access.context !== undefined) {
        if (!kc.getContextObject(access.context))
            throw new KubernetesError(`k8s-context: ${source} has no context "${access.context}"; its contexts are: ${kc
                .getContexts()
                .map((c) => c.name)
                .join(', ') || 'none'}`);
        kc.setCurrentContext(access.context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster)
        throw new KubernetesError(`${source} has no current context with a cluster${kc.getCurrentContext() ? ` (current-context "${kc.getCurrentContext()}")` : ''}: set current-context, or k8s-context`);
    const context = kc.getContextObject(kc.getCurrentContext());
    return {
        server: cluster.server,
        where: `context ${kc.getCurrentContext()}, ${cluster.server}`,
        namespace: context?.namespace || undefined,
        apply: async (options) => {
            try {
                await kc.applyToHTTPSOptions(options);
            }
            catch (error) {
                throw new KubernetesError(`the kubeconfig's user "${kc.getCurrentUser()?.name ?? '?'}" gave no credentials: ${error.message}`, { cause: error, access: 'missing' });
            }
        },
    };
}
async function connect(access, endpoints = {}) {
    switch (access.kind) {
        case 'default':
        case 'inline':
            return kubeconfigConnection(access);
        case 'eks':
            return eksConnection(access, endpoints);
        case 'gke':
            return gkeConnection(access, endpoints);
        case 'aks':
            return aksConnection(access, endpoints);
    }
}

// EXTERNAL MODULE: ./src/runtimes/kubernetes/inputs.ts
var inputs = __webpack_require__(19937);
;// CONCATENATED MODULE: ./src/runtimes/kubernetes/rollout.ts
const num = (value) => (typeof value === 'number' ? value : 0);
function condition(object, type) {
    return object.status?.conditions?.find((c) => c.type === type);
}
/** The update strategy's type; RollingUpdate is the server's default for StatefulSets and DaemonSets. */
function updateStrategy(object) {
    const strategy = object.spec?.updateStrategy;
    return strategy?.type ?? 'RollingUpdate';
}
function deploymentStatus(d) {
    const name = d.metadata?.name ?? '?';
    const s = d.status ?? {};
    if (num(d.metadata?.generation) > num(s.observedGeneration))
        return { kind: 'waiting', message: 'Waiting for deployment spec update to be observed...' };
    if (condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded')
        return { kind: 'failed', message: `deployment "${name}" exceeded its progress deadline` };
    const replicas = d.spec?.replicas;
    if (typeof replicas === 'number' && num(s.updatedReplicas) < replicas)
        return {
            kind: 'waiting',
            message: `Waiting for deployment "${name}" rollout to finish: ${num(s.updatedReplicas)} out of ${replicas} new replicas have been updated...`,
        };
    if (num(s.replicas) > num(s.updatedReplicas))
        return {
            kind: 'waiting',
            message: `Waiting for deployment "${name}" rollout to finish: ${num(s.replicas) - num(s.updatedReplicas)} old replicas are pending termination...`,
        };
    if (num(s.availableReplicas) < num(s.updatedReplicas))
        return {
            kind: 'waiting',
            message: `Waiting for deployment "${name}" rollout to finish: ${num(s.availableReplicas)} of ${num(s.updatedReplicas)} updated replicas are available...`,
        };
    return { kind: 'done', message: `deployment "${name}" successfully rolled out` };
}
function daemonSetStatus(ds) {
    const name = ds.metadata?.name ?? '?';
    const s = ds.status ?? {};
    if (updateStrategy(ds) !== 'RollingUpdate')
        return { kind: 'failed', message: 'rollout status is only available for RollingUpdate strategy type' };
    if (num(ds.metadata?.generation) > num(s.observedGeneration))
        return { kind: 'waiting', message: 'Waiting for daemon set spec update to be observed...' };
    if (num(s.updatedNumberScheduled) < num(s.desiredNumberScheduled))
        return {
            kind: 'waiting',
            message: `Waiting for daemon set "${name}" rollout to finish: ${num(s.updatedNumberScheduled)} out of ${num(s.desiredNumberScheduled)} new pods have been updated...`,
        };
    if (num(s.numberAvailable) < num(s.desiredNumberScheduled))
        return {
            kind: 'waiting',
            message: `Waiting for daemon set "${name}" rollout to finish: ${num(s.numberAvailable)} of ${num(s.desiredNumberScheduled)} updated pods are available...`,
        };
    return { kind: 'done', message: `daemon set "${name}" successfully rolled out` };
}
function statefulSetStatus(sts) {
    const s = sts.status ?? {};
    if (updateStrategy(sts) !== 'RollingUpdate')
        return { kind: 'failed', message: 'rollout status is only available for RollingUpdate strategy type' };
    if (num(s.observedGeneration) === 0 || num(sts.metadata?.generation) > num(s.observedGeneration))
        return { kind: 'waiting', message: 'Waiting for statefulset spec update to be observed...' };
    const replicas = sts.spec?.replicas;
    if (typeof replicas === 'number' && num(s.readyReplicas) < replicas)
        return { kind: 'waiting', message: `Waiting for ${replicas - num(s.readyReplicas)} pods to be ready...` };
    const rolling = sts.spec?.updateStrategy?.rollingUpdate;
    if (rolling) {
        if (typeof replicas === 'number' && typeof rolling.partition === 'number') {
            if (num(s.updatedReplicas) < replicas - rolling.partition)
                return {
                    kind: 'waiting',
                    message: `Waiting for partitioned roll out to finish: ${num(s.updatedReplicas)} out of ${replicas - rolling.partition} new pods have been updated...`,
                };
        }
        return {
            kind: 'done',
            message: `partitioned roll out complete: ${num(s.updatedReplicas)} new pods have been updated...`,
        };
    }
    if (s.updateRevision !== s.currentRevision)
        return {
            kind: 'waiting',
            message: `waiting for statefulset rolling update to complete ${num(s.updatedReplicas)} pods at revision ${String(s.updateRevision)}...`,
        };
    return {
        kind: 'done',
        message: `statefulset rolling update complete ${num(s.currentReplicas)} pods at revision ${String(s.currentRevision)}...`,
    };
}
/** A Job: complete, failed (the controller's Failed or FailureTarget condition), or still running. */
function jobStatus(job) {
    const name = job.metadata?.name ?? '?';
    const s = job.status ?? {};
    const isTrue = (type) => condition(job, type)?.status === 'True';
    if (isTrue('Complete'))
        return { kind: 'done', message: `job "${name}" completed (${num(s.succeeded)} succeeded)` };
    for (const type of ['Failed', 'FailureTarget']) {
        const failed = condition(job, type);
        if (failed?.status === 'True')
            return {
                kind: 'failed',
                message: `job "${name}" failed: ${failed.reason ?? 'Failed'}${failed.message ? `: ${failed.message}` : ''} (${num(s.failed)} failed pods)`,
            };
    }
    return {
        kind: 'waiting',
        message: `Waiting for job "${name}": ${num(s.active)} active, ${num(s.succeeded)} succeeded, ${num(s.failed)} failed pods...`,
    };
}
/** Where a workload's rollout stands. A CronJob has none: its next run takes the template. */
function rolloutStatus(kind, object) {
    switch (kind) {
        case 'deployment':
            return deploymentStatus(object);
        case 'statefulset':
            return statefulSetStatus(object);
        case 'daemonset':
            return daemonSetStatus(object);
        case 'job':
            return jobStatus(object);
        case 'cronjob':
            return { kind: 'done', message: `cronjob "${object.metadata?.name ?? '?'}": its next run uses the new template` };
    }
}
/** Why a rollout of this kind would never come: refused before anything changes. */
function rolloutRefusal(kind, object, label) {
    if (kind === 'deployment' && object.spec?.paused === true)
        return `${label} is paused: a rollout would not start until it is resumed (kubectl rollout resume ${label})`;
    if ((kind === 'statefulset' || kind === 'daemonset') && updateStrategy(object) !== 'RollingUpdate')
        return `${label} has updateStrategy ${updateStrategy(object)}: its pods take a new template only when deleted, so there is no rollout to wait for; use RollingUpdate`;
    return undefined;
}
/** The waiting reasons that mean a new pod will not start by waiting longer. */
const STUCK_REASONS = ['ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff', 'InvalidImageName'];
/**
 * The first pod running `image` in container `container` that is stuck: its container (or any
 * other of the pod) waits with a reason that waiting longer does not cure.
 */
function stuckPod(pods, container, image) {
    for (const pod of pods) {
        if (pod.metadata?.deletionTimestamp)
            continue;
        const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
        if (!spec.some((c) => c.name === container && c.image === image))
            continue;
        const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
        for (const status of statuses) {
            const reason = status.state?.waiting?.reason;
            if (reason && STUCK_REASONS.includes(reason))
                return {
                    pod: pod.metadata?.name ?? '?',
                    container: status.name ?? '?',
                    reason,
                    message: status.state?.waiting?.message ?? '',
                    restarts: status.restartCount ?? 0,
                    exitCode: status.lastState?.terminated?.exitCode,
                };
        }
    }
    return undefined;
}
/** The stuck pod in words, with its last log lines when there are any. */
function describeStuckPod(stuck, logLines) {
    const crash = stuck.reason === 'CrashLoopBackOff';
    const lines = [
        `pod ${stuck.pod}, container ${stuck.container}: ${stuck.reason}` +
            (crash
                ? ` (restarted ${stuck.restarts} times${stuck.exitCode !== undefined ? `, last exit code ${stuck.exitCode}` : ''})`
                : '') +
            (stuck.message ? `: ${stuck.message}` : ''),
    ];
    if (logLines.length)
        lines.push(`last log lines of ${stuck.container}:`, ...logLines.map((line) => `  ${line}`));
    return lines.join('\n');
}
/** The latest pod running `image` whose container `container` exited non-zero (a Job's failed pod). */
function failedPod(pods, container, image) {
    const sorted = [...pods].sort((a, b) => (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''));
    for (const pod of sorted) {
        if (!(pod.spec?.containers ?? []).some((c) => c.name === container && c.image === image))
            continue;
        const status = pod.status?.containerStatuses?.find((c) => c.name === container);
        const terminated = status?.state?.terminated ?? status?.lastState?.terminated;
        if (terminated && terminated.exitCode !== undefined && terminated.exitCode !== 0)
            return { pod: pod.metadata?.name ?? '?', exitCode: terminated.exitCode, reason: terminated.reason ?? 'Error' };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/runtimes/kubernetes/workload.ts
const KINDS = {
    deployment: { group: 'apps', resource: 'deployments', kind: 'Deployment' },
    statefulset: { group: 'apps', resource: 'statefulsets', kind: 'StatefulSet' },
    daemonset: { group: 'apps', resource: 'daemonsets', kind: 'DaemonSet' },
    cronjob: { group: 'batch', resource: 'cronjobs', kind: 'CronJob' },
    job: { group: 'batch', resource: 'jobs', kind: 'Job' },
};
/** The collection path of a kind in a namespace: /apis/apps/v1/namespaces/NS/deployments. */
function collectionPath(kind, namespace) {
    const { group, resource } = KINDS[kind];
    return `/apis/${group}/v1/namespaces/${encodeURIComponent(namespace)}/${resource}`;
}
function objectPath(workload, namespace) {
    return `${collectionPath(workload.kind, namespace)}/${encodeURIComponent(workload.name)}`;
}
/** The JSON Pointer of the pod template in a kind's object. */
function templatePointer(kind) {
    return kind === 'cronjob' ? '/spec/jobTemplate/spec/template' : '/spec/template';
}
function podTemplate(kind, object) {
    return kind === 'cronjob' ? object.spec?.jobTemplate?.spec?.template : object.spec?.template;
}
/** Picks the container (k8s-container) in a pod template; a string says why none can be picked. */
function chooseContainer(template, wanted, label) {
    const containers = template?.spec?.containers ?? [];
    const names = containers.map((c) => c.name);
    if (wanted !== undefined) {
        for (const list of ['containers', 'initContainers']) {
            const index = (template?.spec?.[list] ?? []).findIndex((c) => c.name === wanted);
            if (index >= 0) {
                const container = template.spec[list][index];
                return { list, index, name: container.name, image: container.image ?? '' };
            }
        }
        return `${label} has no container "${wanted}" (k8s-container); its containers are: ${names.join(', ') || 'none'}`;
    }
    if (containers.length === 1)
        return { list: 'containers', index: 0, name: names[0], image: containers[0].image ?? '' };
    if (containers.length === 0)
        return `${label} has no containers in its pod template`;
    return `${label} has ${containers.length} containers (${names.join(', ')}): set k8s-container to the one that runs this image (the others keep their images)`;
}
/** The repository and digest of an image reference, to compare a running image with the one to deploy. */
function imageIdentity(image) {
    const at = image.indexOf('@');
    const name = at < 0 ? image : image.slice(0, at);
    const digest = at < 0 ? undefined : image.slice(at + 1);
    // A tag after the last "/" (not a registry port) is dropped: repo:1.2@sha256:… runs repo@sha256:….
    const slash = name.lastIndexOf('/');
    const colon = name.lastIndexOf(':');
    const repository = colon > slash ? name.slice(0, colon) : name;
    return { repository: normalizeRepository(repository), digest };
}
/** docker.io/library/nginx, docker.io/nginx and nginx are the same repository. */
function normalizeRepository(repository) {
    const first = repository.split('/')[0];
    const hasRegistry = repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
    let result = hasRegistry ? repository : `docker.io/${repository}`;
    if (/^(?:index\.)?docker\.io\/[^/]+$/.test(result))
        result = result.replace(/^(?:index\.)?docker\.io\//, 'docker.io/library/');
    return result.replace(/^index\.docker\.io\//, 'docker.io/');
}
/** Whether `running` already is `image` (same repository and digest, whatever tag it also names). */
function runsImage(running, image) {
    const a = imageIdentity(running);
    const b = imageIdentity(image);
    return a.digest !== undefined && a.digest === b.digest && a.repository === b.repository;
}
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
/**
 * The image-only strategic-merge patch: the container (merged by name, the others untouched), the
 * change-cause, and the resourceVersion read, so that a change made since fails with 409.
 */
function imagePatch(kind, object, container, image, changeCause) {
    const podSpec = { [container.list]: [{ name: container.name, image }] };
    const spec = kind === 'cronjob' ? { jobTemplate: { spec: { template: { spec: podSpec } } } } : { template: { spec: podSpec } };
    return {
        metadata: {
            resourceVersion: object.metadata?.resourceVersion,
            annotations: { [CHANGE_CAUSE]: changeCause },
        },
        spec,
    };
}
/** A JSON Pointer token: "~" and "/" escaped (RFC 6901). */
function pointerToken(text) {
    return text.replace(/~/g, '~0').replace(/\//g, '~1');
}
/**
 * The JSON Patch that undoes this run's patch: guarded by a `test` on the image this run set (a
 * deploy made since is never overwritten), the exact pod template read before, and the
 * change-cause as it was.
 */
function undoPatch(kind, before, container, image) {
    const template = templatePointer(kind);
    const causePath = `/metadata/annotations/${pointerToken(CHANGE_CAUSE)}`;
    const previousCause = before.metadata?.annotations?.[CHANGE_CAUSE];
    return [
        { op: 'test', path: `${template}/spec/${container.list}/${container.index}/image`, value: image },
        { op: 'replace', path: template, value: podTemplate(kind, before) },
        previousCause === undefined
            ? { op: 'remove', path: causePath }
            : { op: 'replace', path: causePath, value: previousCause },
    ];
}
/** The plan's view of the change: the pod template's image, and nothing else. */
function templateDiff(label, container, image) {
    return [
        `${label}, container ${container.name}${container.list === 'initContainers' ? ' (init)' : ''}:`,
        `  - image: ${container.image || '(none)'}`,
        `  + image: ${image}`,
    ];
}
/** A label selector as the API's labelSelector parameter writes it. */
function selectorString(selector) {
    const parts = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
    for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
        if (operator === 'In')
            parts.push(`${key} in (${values.join(',')})`);
        else if (operator === 'NotIn')
            parts.push(`${key} notin (${values.join(',')})`);
        else if (operator === 'Exists')
            parts.push(key);
        else if (operator === 'DoesNotExist')
            parts.push(`!${key}`);
    }
    return parts.join(',');
}
/** The labels the Job controller puts on a Job and its template, which a new Job must not copy. */
const JOB_CONTROLLER_LABELS = [
    'controller-uid',
    'batch.kubernetes.io/controller-uid',
    'job-name',
    'batch.kubernetes.io/job-name',
];
function withoutKeys(record, keys) {
    if (!record)
        return undefined;
    const rest = Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
    return Object.keys(rest).length ? rest : undefined;
}
/**
 * A new Job from an existing one (a Job's template cannot change): its spec without the selector
 * and the labels the controller generated, with the image set in the chosen container.
 */
function jobFromJob(source, name, container, image, changeCause) {
    const spec = structuredClone(source.spec ?? {});
    delete spec.selector;
    delete spec.manualSelector;
    // A suspended source still runs here: the run asked for it.
    delete spec.suspend;
    const template = spec.template ?? {};
    const templateMeta = { ...template.metadata };
    const labels = withoutKeys(templateMeta.labels, JOB_CONTROLLER_LABELS);
    if (labels)
        templateMeta.labels = labels;
    else
        delete templateMeta.labels;
    delete templateMeta.creationTimestamp;
    template.metadata = templateMeta;
    const list = template.spec?.[container.list];
    if (list?.[container.index])
        list[container.index] = { ...list[container.index], image };
    spec.template = template;
    const labelsOfJob = withoutKeys(source.metadata?.labels, JOB_CONTROLLER_LABELS);
    const annotations = withoutKeys(source.metadata?.annotations, [
        'kubectl.kubernetes.io/last-applied-configuration',
        'batch.kubernetes.io/job-tracking',
    ]);
    return {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
            name,
            ...(labelsOfJob && { labels: labelsOfJob }),
            annotations: {
                ...annotations,
                [CHANGE_CAUSE]: changeCause,
                'portable-deploy/source-job': source.metadata?.name ?? '',
            },
        },
        spec,
    };
}
/** The name of a Job run from job/NAME: NAME-XXXXX, five random lower-case letters and digits, as generateName does. */
function jobRunName(name, random = Math.random) {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let suffix = '';
    for (let i = 0; i < 5; i++)
        suffix += alphabet[Math.floor(random() * alphabet.length)];
    return `${name}-${suffix}`;
}

;// CONCATENATED MODULE: ./src/runtimes/kubernetes/runtime.ts
/**
 * Kubernetes as a runtime, by digest. prepare() reads each workload, picks its container, and asks
 * the server for a dry run of the change; deploy() updates the workloads in order with an
 * image-only strategic-merge patch (resourceVersion precondition, fieldManager portable-deploy),
 * waits as `kubectl rollout status` does (and fails early on pods that cannot pull or keep
 * crashing), and on failure restores the exact pod templates it read, guarded by a JSON Patch test.
 */






const FIELD_MANAGER = 'portable-deploy';
const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const LOG_LINES = 20;
function kubernetesRuntime(inputs, options = {}) {
    return new KubernetesRuntime(inputs, options);
}
/** A rollout that did not succeed (as opposed to a call that failed): what the undo follows. */
class RolloutFailure extends KubernetesError {
}
class KubernetesRuntime {
    inputs;
    options;
    name = 'kubernetes';
    pollIntervalMs;
    env;
    constructor(inputs, options) {
        this.inputs = inputs;
        this.options = options;
        this.pollIntervalMs = options.pollIntervalMs ?? 2000;
        this.env = options.env ?? process.env;
    }
    async prepare(target, log) {
        const connection = await (this.options.connect ?? (() => connect(this.inputs.cluster)))();
        const client = new KubernetesClient(connection);
        const namespace = this.inputs.namespace ?? connection.namespace ?? 'default';
        const where = `namespace ${namespace} (${connection.where})`;
        log(`Kubernetes: ${where}`);
        const reads = [];
        for (const ref of this.inputs.workloads)
            reads.push(await this.read(client, ref, namespace, target.image));
        const plan = [];
        const dryRuns = [];
        for (const read of reads) {
            if (read.upToDate) {
                plan.push(`${read.label} already runs ${target.image} (container ${read.container.name}): would change nothing and check it is healthy`);
                continue;
            }
            plan.push(...templateDiff(read.label, read.container, target.image));
            dryRuns.push(await this.dryRun(client, read, namespace, target));
        }
        plan.push(...dryRuns);
        plan.push(`would wait for each rollout as kubectl rollout status does (at most ${this.inputs.waitTimeoutSeconds} s each, failing early on pods that cannot pull the image or keep crashing)` +
            (this.inputs.rollback
                ? ', and undo every change on failure'
                : ', and leave a failed rollout as it is (k8s-rollback: false)'));
        return {
            plan,
            warnings: [],
            deploy: (deployLog) => this.deploy(client, reads, namespace, target.image, deployLog),
        };
    }
    /** Reads a workload and checks what prepare can: it exists, its container, a rollout can happen. */
    async read(client, ref, namespace, image) {
        const label = (0,inputs/* workloadLabel */.Uq)(ref);
        const path = objectPath(ref, namespace);
        const response = await client.request('GET', path, { retry: true });
        if (response.status === 404)
            throw new KubernetesError(`k8s-workload: ${label} does not exist in namespace ${namespace} (${client.connection.where}); create it first (this action updates an existing workload's image)`, { status: 404 });
        if (response.status !== 200)
            throw client.failure('GET', path, response, `reading ${label} in namespace ${namespace}`);
        const object = response.body;
        const container = chooseContainer(podTemplate(ref.kind, object), this.inputs.container, label);
        if (typeof container === 'string')
            throw new KubernetesError(container);
        const refusal = rolloutRefusal(ref.kind, object, label);
        if (refusal)
            throw new KubernetesError(refusal);
        // A Job's template cannot change: each run makes a new Job, never "up to date".
        const upToDate = ref.kind !== 'job' && runsImage(container.image, image);
        return { ref, label, object, container, upToDate };
    }
    changeCause(container, image) {
        const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = this.env;
        const by = server && repo && run ? ` (${server}/${repo}/actions/runs/${run})` : '';
        return `portable-deploy: set image ${container.name}=${image}${by}`;
    }
    /** The server's dry run of the change (dryRun=All): admission, validation and RBAC, with nothing changed. */
    async dryRun(client, read, namespace, target) {
        const { ref, label, object, container } = read;
        const cause = this.changeCause(container, target.image);
        const response = ref.kind === 'job'
            ? await client.request('POST', collectionPath('job', namespace), {
                query: { dryRun: 'All', fieldManager: FIELD_MANAGER },
                body: jobFromJob(object, jobRunName(ref.name), container, target.image, cause),
            })
            : await client.request('PATCH', objectPath(ref, namespace), {
                query: { dryRun: 'All', fieldManager: FIELD_MANAGER },
                body: imagePatch(ref.kind, object, container, target.image, cause),
                contentType: STRATEGIC_MERGE,
            });
        const what = ref.kind === 'job' ? `creating a Job from ${label}` : `patching ${label}`;
        if (response.status >= 200 && response.status < 300)
            return `server dry run of ${what}: accepted`;
        if (response.status === 403 && target.planning)
            return `server dry run of ${what}: not allowed for this identity (${client.failure('', '', response).message.split(': ').slice(1).join(': ') || 'forbidden'})`;
        throw client.failure('PATCH', objectPath(ref, namespace), response, `the server dry run of ${what} in namespace ${namespace}`);
    }
    async deploy(client, reads, namespace, image, log) {
        const changed = [];
        const outcomes = [];
        // Should the run's timeout fire anyway (an API server that stops answering), it says per workload
        // what this run left and the command that finishes the undo.
        const forget = (0,deadline/* leftAsIs */.ii)(() => leftLines(changed, namespace, image));
        try {
            for (const read of reads) {
                try {
                    outcomes.push(await this.deployOne(client, read, namespace, image, log, changed));
                }
                catch (error) {
                    throw await this.fail(client, error, read, changed, namespace, image, log);
                }
            }
        }
        finally {
            forget();
        }
        const single = outcomes.length === 1;
        const output = (pick) => {
            const values = outcomes.filter((o) => pick(o) !== undefined);
            if (single)
                return pick(outcomes[0]) ?? '';
            return values.map((o) => `${o.label}=${pick(o)}`).join('\n');
        };
        const jobs = outcomes.filter((o) => o.job).map((o) => o.job);
        return {
            outputs: {
                'k8s-revision': output((o) => o.revision),
                'k8s-previous-image': output((o) => o.previousImage),
                'k8s-job': jobs.join('\n'),
            },
            detail: outcomes.map((o) => o.detail).join('; '),
        };
    }
    async deployOne(client, read, namespace, image, log, changed) {
        const { ref, label, container } = read;
        const previousImage = container.image;
        if (read.upToDate) {
            log(`${label} already runs ${image}: nothing to change; checking it is healthy`);
            const state = await this.waitForRollout(client, ref, namespace, image, container.name, log);
            return {
                label,
                revision: revisionOf(ref.kind, state.object),
                previousImage,
                job: undefined,
                detail: `${label} already ran ${image}: unchanged, healthy`,
            };
        }
        if (ref.kind === 'job')
            return this.runJob(client, read, namespace, image, log, changed);
        // Read again just before the patch: the template restored on failure is the one replaced now.
        const path = objectPath(ref, namespace);
        const before = await client.get(path);
        const now = chooseContainer(podTemplate(ref.kind, before), container.name, label);
        if (typeof now === 'string' || now.image !== container.image)
            throw new KubernetesError(`${label} changed since this run read it: container ${container.name} now runs ${typeof now === 'string' ? 'nothing' : now.image} (was ${container.image}). Another deploy ran at the same time; nothing was changed by this run: run it again`);
        let response;
        try {
            response = await this.patchImage(client, read, before, now, path, image, namespace);
        }
        catch (error) {
            // The answer was lost (no HTTP status): the patch may have landed. Counted as changed, so the
            // undo, guarded by a test of this run's image, restores it if it did and finds nothing if not.
            if (error instanceof KubernetesError && error.status === undefined && error.access === undefined)
                changed.push({ read: { ...read, container: now }, before });
            throw error;
        }
        changed.push({ read: { ...read, container: now }, before });
        log(`${label}: container ${now.name} set to ${image} (generation ${response.metadata?.generation ?? '?'})`);
        if (ref.kind === 'cronjob')
            return {
                label,
                revision: String(response.metadata?.generation ?? ''),
                previousImage,
                job: undefined,
                detail: `${label} runs ${image} from its next schedule`,
            };
        const state = await this.waitForRollout(client, ref, namespace, image, now.name, log);
        const revision = revisionOf(ref.kind, state.object);
        return {
            label,
            revision,
            previousImage,
            job: undefined,
            detail: `${label} rolled out ${image}${revision ? ` (revision ${revision})` : ''}`,
        };
    }
    /**
     * The image patch, with the resourceVersion read: a 409 is someone else's change. A failure that
     * may have been applied (5xx, 429, a lost connection) is checked by reading the workload again:
     * applied, it is done; unchanged, it is sent again; changed otherwise, it is someone else's.
     */
    async patchImage(client, read, before, container, path, image, namespace) {
        const { ref, label } = read;
        const cause = this.changeCause(container, image);
        const conflict = () => new KubernetesError(`${label} was changed by someone else while this run patched it (409 Conflict on resourceVersion ${before.metadata?.resourceVersion ?? '?'}): nothing was changed by this run. Run it again`, { status: 409, reason: 'Conflict' });
        for (let attempt = 1;; attempt++) {
            let failure;
            try {
                const response = await client.request('PATCH', path, {
                    query: { fieldManager: FIELD_MANAGER },
                    body: imagePatch(ref.kind, before, container, image, cause),
                    contentType: STRATEGIC_MERGE,
                });
                if (response.status >= 200 && response.status < 300)
                    return response.body;
                if (response.status === 409)
                    throw conflict();
                failure = client.failure('PATCH', path, response, `patching the image of ${label} in namespace ${namespace}`);
                if (![429, 500, 502, 503, 504].includes(response.status))
                    throw failure;
            }
            catch (error) {
                if (!(error instanceof KubernetesError) || error.status !== undefined || error.access !== undefined)
                    throw error;
                failure = error;
            }
            if (attempt >= 4)
                throw failure;
            await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
            const now = await client.get(path);
            if (now.metadata?.resourceVersion === before.metadata?.resourceVersion)
                continue;
            const current = chooseContainer(podTemplate(ref.kind, now), container.name, label);
            const applied = typeof current !== 'string' && current.image === image && now.metadata?.annotations?.[CHANGE_CAUSE] === cause;
            if (applied)
                return now;
            throw conflict();
        }
    }
    /** job/NAME: a new Job from its spec, with the image, waited for until it completes or fails. */
    async runJob(client, read, namespace, image, log, changed) {
        const { ref, label, container, object } = read;
        const name = jobRunName(ref.name);
        const body = jobFromJob(object, name, container, image, this.changeCause(container, image));
        const created = await client.call('POST', collectionPath('job', namespace), { query: { fieldManager: FIELD_MANAGER }, body }, `creating Job ${name} from ${label} in namespace ${namespace}`);
        changed.push({ read: { ...read, ref: { kind: 'job', name } }, before: created });
        log(`created job/${name} from ${label}; waiting until it completes`);
        await this.waitForRollout(client, { kind: 'job', name }, namespace, image, container.name, log);
        return {
            label,
            revision: undefined,
            previousImage: container.image,
            job: name,
            detail: `job/${name} (from ${label}) completed on ${image}`,
        };
    }
    /**
     * A rollout's wait: wait-timeout, cut so that the undo (a quarter of the run's timeout, at most
     * wait-timeout and 5 minutes) and the report still fit before the run's timeout.
     */
    rolloutBound() {
        const run = (0,deadline/* runDeadline */.qT)();
        if (!run || !this.inputs.rollback)
            return (0,deadline/* waitBound */.OW)(this.inputs.waitTimeoutSeconds, 'wait-timeout');
        const undo = Math.min(this.inputs.waitTimeoutSeconds * 1000, run.seconds * 250, 300_000);
        return (0,deadline/* waitBound */.OW)(this.inputs.waitTimeoutSeconds, 'wait-timeout', undo + (0,deadline/* reportReserveMs */.n1)(run.seconds));
    }
    /**
     * Waits until the rollout is done, as kubectl rollout status decides it; fails on a failed
     * rollout, on a new pod that cannot start, on a change made by someone else, and at wait-timeout.
     */
    async waitForRollout(client, ref, namespace, image, containerName, log, bound = this.rolloutBound()) {
        const label = (0,inputs/* workloadLabel */.Uq)(ref);
        const path = objectPath(ref, namespace);
        const { deadline } = bound;
        let last = '';
        for (;;) {
            const object = await client.get(path);
            const state = rolloutStatus(ref.kind, object);
            if (state.message !== last)
                log(`${label}: ${state.message}`);
            last = state.message;
            if (state.kind === 'done')
                return { object, state };
            if (state.kind === 'failed')
                throw new RolloutFailure(`${label}: ${state.message}${await this.podEvidence(client, object, namespace, image, containerName)}`);
            if (image !== undefined) {
                const current = chooseContainer(podTemplate(ref.kind, object), containerName, label);
                if (ref.kind !== 'job' && typeof current !== 'string' && !runsImage(current.image, image))
                    throw new RolloutFailure(`${label} was changed by someone else during the rollout: container ${containerName} now runs ${current.image}`);
                const stuck = await this.findStuck(client, object, namespace, image, containerName);
                if (stuck)
                    throw new RolloutFailure(`${label}: a new pod cannot start: ${stuck}`);
            }
            if (Date.now() >= deadline)
                throw new RolloutFailure(`${label} did not finish its rollout within ${bound.said}: ${state.message}${await this.podEvidence(client, object, namespace, image, containerName)}`);
            await new Promise((resolve) => setTimeout(resolve, Math.min(this.pollIntervalMs, Math.max(0, deadline - Date.now()))));
        }
    }
    async listPods(client, object, namespace) {
        const selector = selectorString(object.spec?.selector);
        if (!selector)
            return [];
        const list = await client.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
            labelSelector: selector,
        });
        return list.items ?? [];
    }
    /** The first new pod that cannot start, in words with its last log lines; undefined when none. */
    async findStuck(client, object, namespace, image, containerName) {
        const stuck = stuckPod(await this.listPods(client, object, namespace), containerName, image);
        if (!stuck)
            return undefined;
        const logs = stuck.reason === 'CrashLoopBackOff' ? await this.lastLogLines(client, namespace, stuck.pod, stuck.container) : [];
        return describeStuckPod(stuck, logs);
    }
    /** What the new pods say, for a rollout that failed or timed out. */
    async podEvidence(client, object, namespace, image, containerName) {
        if (image === undefined)
            return '';
        try {
            const stuck = await this.findStuck(client, object, namespace, image, containerName);
            if (stuck)
                return `\n${stuck}`;
            const failed = failedPod(await this.listPods(client, object, namespace), containerName, image);
            if (!failed)
                return '';
            const logs = await this.lastLogLines(client, namespace, failed.pod, containerName, false);
            return (`\npod ${failed.pod}, container ${containerName}: exited ${failed.exitCode} (${failed.reason})` +
                (logs.length ? `\nlast log lines of ${containerName}:\n${logs.map((line) => `  ${line}`).join('\n')}` : ''));
        }
        catch {
            return '';
        }
    }
    async lastLogLines(client, namespace, pod, container, tryPrevious = true) {
        const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
        for (const previous of tryPrevious ? [true, false] : [false]) {
            const response = await client
                .request('GET', path, { query: { container, tailLines: LOG_LINES, previous }, text: true, retry: true })
                .catch(() => undefined);
            if (response?.status === 200 && typeof response.body === 'string' && response.body.trim())
                return response.body.trimEnd().split('\n').slice(-LOG_LINES);
        }
        return [];
    }
    /** The step's error after a failed workload: what failed, and what was undone (in reverse order) and whether it serves again. */
    async fail(client, error, read, changed, namespace, image, log) {
        if (changed.length === 0)
            return error instanceof RolloutFailure ? new KubernetesError(error.message) : error;
        const lines = [error instanceof Error ? error.message : String(error)];
        if (!this.inputs.rollback) {
            lines.push(`k8s-rollback is false: left as it is. To undo by hand: ${changed
                .filter((c) => c.read.ref.kind !== 'job')
                .map((c) => `kubectl rollout undo ${c.read.label} -n ${namespace}`)
                .join('; ') || 'nothing to undo'}`);
            return new KubernetesError(lines.join('\n'));
        }
        if (!changed.some((c) => c.read.ref.name === read.ref.name && c.read.ref.kind === read.ref.kind))
            lines.push(`${read.label} was not changed by this run.`);
        for (const change of [...changed].reverse()) {
            try {
                lines.push(await this.undo(client, change, namespace, image, log));
            }
            catch (undoError) {
                // One undo that cannot reach the API server must not hide the failure or stop the other undos.
                lines.push(`${change.read.label} could NOT be undone (${undoError.message}): it may still run ${image}. Undo it by hand: kubectl rollout undo ${change.read.label} -n ${namespace}`);
            }
        }
        return new KubernetesError(lines.join('\n'));
    }
    /** Restores the pod template read before the patch, guarded by a test of the image this run set; says where it stands. */
    async undo(client, change, namespace, image, log) {
        const { ref, label, container } = change.read;
        if (ref.kind === 'job')
            return `job/${ref.name} is not undone (a Job run changes nothing else); it stays for its logs: kubectl logs job/${ref.name} -n ${namespace}`;
        const path = objectPath(ref, namespace);
        change.undo = 'sent';
        const response = await client.request('PATCH', path, {
            query: { fieldManager: FIELD_MANAGER },
            body: undoPatch(ref.kind, change.before, container, image),
            contentType: JSON_PATCH,
            retry: true,
        });
        const refused = response.status === 422 || response.status === 409;
        // A refused test may mean this undo was already applied (an answer lost and sent again).
        const restored = refused &&
            JSON.stringify(podTemplate(ref.kind, await client.get(path))) ===
                JSON.stringify(podTemplate(ref.kind, change.before));
        if (refused && !restored) {
            change.undo = 'kept';
            return `${label} was not undone: its container ${container.name} no longer runs ${image} (another deploy changed it since), so it is left as it is`;
        }
        if (!restored && (response.status < 200 || response.status >= 300)) {
            change.undo = undefined;
            return `${label} could NOT be undone: ${client.failure('PATCH', path, response, 'the undo patch').message}. Undo it by hand: kubectl rollout undo ${label} -n ${namespace}`;
        }
        change.undo = 'restored';
        log(`${label}: restored the pod template it had before (image ${container.image})`);
        if (ref.kind === 'cronjob') {
            change.undo = 'serving';
            return `${label} was undone: its next run uses ${container.image} again`;
        }
        try {
            // The undo's wait keeps only the report's reserve before the run's timeout.
            const bound = (0,deadline/* waitBound */.OW)(this.inputs.waitTimeoutSeconds, 'wait-timeout');
            await this.waitForRollout(client, ref, namespace, undefined, container.name, log, bound);
            change.undo = 'serving';
            return `${label} was undone: the previous template (image ${container.image}) serves again`;
        }
        catch (error) {
            return `${label} was undone (its template is the previous one again, image ${container.image}), but it is NOT serving yet: ${error.message}. See it finish: kubectl rollout status ${label} -n ${namespace}`;
        }
    }
}
function revisionOf(kind, object) {
    switch (kind) {
        case 'deployment':
            return object.metadata?.annotations?.['deployment.kubernetes.io/revision'];
        case 'statefulset':
            return typeof object.status?.updateRevision === 'string' ? object.status.updateRevision : undefined;
        default:
            return object.metadata?.generation === undefined ? undefined : String(object.metadata.generation);
    }
}
/**
 * What this run left of each workload it changed, newest first, with the command that finishes the
 * undo: what a run timeout says when it fires in the middle of the deploy or of its undo.
 */
function leftLines(changed, namespace, image) {
    if (changed.length === 0)
        return undefined;
    return [...changed]
        .reverse()
        .map(({ read: { ref, label, container }, undo }) => {
        if (ref.kind === 'job')
            return `- job/${ref.name} was created by this run and may still run ${image}; it changes nothing else. Stop it: kubectl delete job/${ref.name} -n ${namespace}`;
        switch (undo) {
            case 'serving':
                return `- ${label} was undone: the previous template (image ${container.image}) serves again`;
            case 'restored':
                return `- ${label} has its previous template again (image ${container.image}) and is rolling back to it. See it finish: kubectl rollout status ${label} -n ${namespace}`;
            case 'sent':
                return `- ${label}: this run's undo was sent and not yet answered, so it may still run ${image}. If it does, undo it: kubectl rollout undo ${label} -n ${namespace}`;
            case 'kept':
                return `- ${label} was changed by someone else since this run's patch; left as it is`;
            default:
                return (`- ${label} runs ${image} (this run's change, NOT undone). Undo it: ` +
                    (ref.kind === 'cronjob'
                        ? `kubectl set image ${label} ${container.name}=${container.image} -n ${namespace}`
                        : `kubectl rollout undo ${label} -n ${namespace}`));
        }
    })
        .join('\n');
}


/***/ })

};

//# sourceMappingURL=775.index.js.map