import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 34799:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   N8: () => (/* binding */ NO_AZURE_IDENTITY),
/* harmony export */   _J: () => (/* binding */ readAzureIdentity),
/* harmony export */   bh: () => (/* binding */ readAzureSubscription)
/* harmony export */ });
const NO_AZURE_IDENTITY = { clientId: undefined, tenantId: undefined };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant is named by its ID or one of its domains (contoso.onmicrosoft.com). */
const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;
function readAzureIdentity(ctx) {
    const clientId = ctx.text('azure-client-id');
    const tenantId = ctx.text('azure-tenant-id');
    if (clientId !== undefined && !GUID.test(clientId))
        ctx.problem('azure-client-id', `"${clientId}" is not an application (client) ID, e.g. 00000000-0000-0000-0000-000000000000`);
    if (tenantId !== undefined && !TENANT.test(tenantId))
        ctx.problem('azure-tenant-id', `"${tenantId}" is not a tenant ID (a GUID) or a tenant domain (contoso.onmicrosoft.com)`);
    if ((clientId === undefined) !== (tenantId === undefined)) {
        ctx.problem(clientId === undefined ? 'azure-client-id' : 'azure-tenant-id', 'azure-client-id and azure-tenant-id go together (workload identity federation with the GitHub OIDC token): set both, or neither to use azure/login or AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET');
    }
    return { clientId, tenantId };
}
/** The subscription: the azure-subscription-id input, else AZURE_SUBSCRIPTION_ID; undefined when neither says. */
function readAzureSubscription(ctx, env = process.env) {
    const fromInput = ctx.text('azure-subscription-id');
    const subscription = fromInput ?? (env.AZURE_SUBSCRIPTION_ID?.trim() || undefined);
    if (subscription !== undefined && !GUID.test(subscription)) {
        const where = fromInput === undefined ? 'AZURE_SUBSCRIPTION_ID' : 'the input';
        ctx.problem('azure-subscription-id', `"${subscription}" (from ${where}) is not a subscription ID (a GUID)`);
        return undefined;
    }
    return subscription;
}


/***/ }),

/***/ 86683:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   KF: () => (/* binding */ runSignal),
/* harmony export */   NE: () => (/* binding */ RunTimeoutError),
/* harmony export */   OW: () => (/* binding */ waitBound),
/* harmony export */   Xo: () => (/* binding */ formatSeconds),
/* harmony export */   iP: () => (/* binding */ withinDeadline),
/* harmony export */   ii: () => (/* binding */ leftAsIs),
/* harmony export */   n1: () => (/* binding */ reportReserveMs),
/* harmony export */   qT: () => (/* binding */ runDeadline),
/* harmony export */   s0: () => (/* binding */ boundOf)
/* harmony export */ });
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(16698);
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_async_hooks__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _oci_user_error_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(37373);
/**
 * The whole run's time limit (the `timeout` input). Every request and wait has its own bound; this
 * one is the last word, so a step never hangs past it, and its error says what was still waiting.
 *
 * A runtime's own waits (wait-timeout, health-timeout) are cut to end before it (waitBound), so the
 * runtime's own failure — with its undo done, or what is left and how to finish it — is what the
 * step says; and what a deploy has changed so far is registered (leftAsIs), so a timeout that still
 * fires names, per resource, what it is left as.
 */


class RunTimeoutError extends _oci_user_error_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y {
    /** What the deploy under way had left, per resource, when the timeout fired (empty: nothing said). */
    left;
    constructor(message, left = []) {
        super(message, 'Timed out (input "timeout")');
        this.name = 'RunTimeoutError';
        this.left = left;
    }
}
function formatSeconds(seconds) {
    if (seconds % 3600 === 0)
        return `${seconds / 3600}h`;
    if (seconds % 60 === 0)
        return `${seconds / 60}m`;
    return `${seconds}s`;
}
const clock = new node_async_hooks__WEBPACK_IMPORTED_MODULE_0__.AsyncLocalStorage();
/**
 * Runs work with an AbortSignal that fires at the deadline; the returned promise rejects then with
 * a RunTimeoutError naming what stillWaiting() reports, whether or not the work heeds the signal.
 */
async function withinDeadline(seconds, stillWaiting, work) {
    const controller = new AbortController();
    const run = { at: Date.now() + seconds * 1000, seconds, left: new Set(), signal: controller.signal };
    let timer;
    const expired = new Promise((_, reject) => {
        timer = setTimeout(() => {
            const left = [...run.left].map((describe) => describe()).filter((line) => !!line);
            const error = new RunTimeoutError(`the run did not finish within timeout (${formatSeconds(seconds)}): ${stillWaiting()}. ` +
                'Raise the "timeout" input if this step needs longer, or find out why that did not answer', left);
            controller.abort(error);
            reject(error);
        }, seconds * 1000);
    });
    try {
        return await Promise.race([clock.run(run, () => work(controller.signal)), expired]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** The run's timeout, when running within one: when it fires, and the input's value. */
function runDeadline() {
    const run = clock.getStore();
    return run && { at: run.at, seconds: run.seconds };
}
/** The signal the run's timeout aborts (e.g. to end a child process, whose end undoes its work). */
function runSignal() {
    return clock.getStore()?.signal;
}
/**
 * What is kept free at the end of the run after a runtime's wait, for its failure to be said (the
 * events, the evidence, the report): a tenth of the run's timeout, between 1 and 15 s.
 */
function reportReserveMs(runSeconds) {
    return Math.min(15_000, Math.max(1000, runSeconds * 100));
}
/**
 * The end of a wait of at most `seconds` (named by `input`, e.g. wait-timeout), cut so that
 * `reserveMs` (the undo, then the report) still fit before the run's timeout.
 */
function waitBound(seconds, input, reserveMs, reserveFor = 'the undo') {
    const own = Date.now() + seconds * 1000;
    const run = runDeadline();
    const reserve = reserveMs ?? (run ? reportReserveMs(run.seconds) : 0);
    if (!run || own <= run.at - reserve)
        return { deadline: own, byRun: false, said: `${seconds} s (${input})` };
    const deadline = Math.max(Date.now(), run.at - reserve);
    return {
        deadline,
        byRun: true,
        said: `the run's timeout (${formatSeconds(run.seconds)}; ${input} is ${seconds} s, cut to ${Math.round(Math.max(0, deadline - Date.now()) / 1000)} s ` +
            `to leave ${Math.round(reserve / 1000)} s before the run ends${reserveMs === undefined ? '' : ` for ${reserveFor}`})`,
    };
}
/** A wait's bound as `input (N s)`, or the run's timeout when that cut it. */
function boundOf(seconds, input) {
    const bound = waitBound(seconds, input);
    return { deadline: bound.deadline, within: bound.byRun ? bound.said : `${input} (${seconds} s)` };
}
/**
 * Registers what a deploy has left so far, said per resource if the run's timeout fires (e.g.
 * "deployment/web runs app@sha256:… (rolling out); to undo: kubectl rollout undo …"); returns the
 * function that takes it back. Outside a run it does nothing.
 */
function leftAsIs(describe) {
    const run = clock.getStore();
    if (!run)
        return () => undefined;
    run.left.add(describe);
    return () => run.left.delete(describe);
}


/***/ }),

/***/ 83916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   BI: () => (/* binding */ isExpectedError),
/* harmony export */   JU: () => (/* binding */ errorTitle),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/* harmony import */ var _oci_user_error_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(37373);
/**
 * Which errors are the user's to fix (shown as one clear line, titled with what is at fault) and
 * which are bugs (stack in debug): a user's error extends UserError and carries its own title.
 */

function isExpectedError(error) {
    return error instanceof _oci_user_error_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y;
}
/** The title of an error annotation, so a failure reads in the workflow's terms. */
function errorTitle(error) {
    return error instanceof _oci_user_error_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y ? error.title : 'Portable Deploy failed';
}
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}


/***/ }),

/***/ 79407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(13146);
// Source maps stay in dist/ but are not read by default: reading them costs every run's start-up.
// For stack traces in src/ terms (the debug log prints them), set NODE_OPTIONS=--enable-source-maps on the step.

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 13146:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// UNUSED EXPORTS: legOf

// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __nccwpck_require__(86683);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __nccwpck_require__(83916);
// EXTERNAL MODULE: ./src/oci/in-flight.ts
var in_flight = __nccwpck_require__(28229);
// EXTERNAL MODULE: ./src/clouds/azure-inputs.ts
var azure_inputs = __nccwpck_require__(34799);
// EXTERNAL MODULE: ./src/oci/client.ts + 7 modules
var oci_client = __nccwpck_require__(76978);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(76760);
// EXTERNAL MODULE: ./src/runner/workflow-commands.ts
var workflow_commands = __nccwpck_require__(91520);
// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __nccwpck_require__(37373);
;// CONCATENATED MODULE: ./src/oci/credentials.ts
/**
 * Where registry credentials come from: explicit inputs first, else the docker config.json that
 * docker/login-action (or `docker login`) wrote: `auths`, `credHelpers`, `credsStore`.
 */
// fs.promises is read at the call, so runs without a docker config never load that module (start-up).





/** docker.io credentials live under this legacy key in config.json. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
/** docker config.json cannot be read or makes no sense: the file is named, and what to do. */
class DockerConfigError extends user_error/* UserError */.y {
    path;
    constructor(path, message) {
        super(message, `Docker config ${path}`);
        this.path = path;
        this.name = 'DockerConfigError';
    }
}
function dockerConfigPath(env = process.env) {
    return (0,external_node_path_.join)(env.DOCKER_CONFIG ?? (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
async function readDockerConfig(path = dockerConfigPath()) {
    let text;
    try {
        text = await external_node_fs_.promises.readFile(path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return undefined;
        throw new DockerConfigError(path, `cannot read ${path} (${code === 'EISDIR' ? 'it is a directory' : error.message}); fix it, or point DOCKER_CONFIG at the folder that holds config.json`);
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new DockerConfigError(path, `${path} is not valid JSON (${error.message}); fix or remove it`);
    }
}
function keysFor(registry) {
    return registry === 'docker.io' ? DOCKER_HUB_KEYS : [registry];
}
/** Normalises a config.json `auths` key: `https://host/v1/` and `host` both mean `host`. */
function normaliseKey(key) {
    return key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}
function fromAuthEntry(entry, registry) {
    let { username, password } = entry;
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0)
            throw new DockerConfigError(dockerConfigPath(), `${dockerConfigPath()}: the "auth" entry for ${registry} is not base64 of user:password; log in again (docker login ${registry})`);
        username = decoded.slice(0, colon);
        password = decoded.slice(colon + 1);
    }
    const credentials = {
        ...(username && { username }),
        ...(password && { password }),
        ...(entry.identitytoken && { identityToken: entry.identitytoken }),
        ...(entry.registrytoken && { registryToken: entry.registrytoken }),
    };
    return Object.keys(credentials).length > 0 ? credentials : undefined;
}
/** Runs `docker-credential-<helper> get` with the server on stdin, as the docker CLI does. */
const runCredentialHelper = async (helper, serverUrl) => {
    // Loaded only here: most runs have no helper, and child_process is start-up every run would pay.
    const { spawn } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 31421, 23));
    return new Promise((resolve, reject) => {
        const child = spawn(`docker-credential-${helper}`, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
        child.on('error', (error) => reject(new DockerConfigError(dockerConfigPath(), `credential helper docker-credential-${helper} could not run (${dockerConfigPath()} names it): ${error.message}`)));
        child.on('close', (code) => {
            const output = (stdout || stderr).trim();
            if (code !== 0) {
                // Helpers say this when they hold nothing for the server: not an error, just no credentials.
                if (/credentials not found/i.test(output))
                    return resolve(undefined);
                return reject(new DockerConfigError(dockerConfigPath(), `docker-credential-${helper} get failed for ${serverUrl} (exit ${code}): ${output.slice(0, 200)}`));
            }
            try {
                resolve(JSON.parse(stdout));
            }
            catch {
                reject(new DockerConfigError(dockerConfigPath(), `docker-credential-${helper} get printed something that is not JSON for ${serverUrl}`));
            }
        });
        child.stdin.end(serverUrl);
    });
};
/** Looks up a registry's credentials in a docker config, running helpers where configured. */
async function credentialsFromDockerConfig(config, registry, runHelper = runCredentialHelper) {
    const keys = keysFor(registry);
    const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean) ?? config.credsStore;
    if (helper) {
        for (const key of keys) {
            const found = await runHelper(helper, key);
            if (found) {
                // "<token>" as the user name means the secret is an identity (refresh) token.
                const credentials = found.Username === '<token>'
                    ? { identityToken: found.Secret }
                    : { username: found.Username, password: found.Secret };
                maskCredentials(credentials);
                return credentials;
            }
        }
        if (config.credHelpers && keys.some((key) => config.credHelpers?.[key]))
            return undefined;
    }
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (keys.includes(key) || keys.includes(normaliseKey(key))) {
            const credentials = fromAuthEntry(entry, registry);
            if (credentials) {
                maskCredentials(credentials);
                return credentials;
            }
        }
    }
    return undefined;
}
function maskCredentials(credentials) {
    for (const secret of [credentials.password, credentials.identityToken, credentials.registryToken]) {
        if (secret)
            workflow_commands/* setSecret */.Pq(secret);
    }
}
/**
 * Explicit credentials for the listed registries, docker config.json for the rest.
 * The config file is read at most once.
 */
function credentialProvider(explicit, configPath = dockerConfigPath()) {
    let config;
    return async (registry) => {
        const given = explicit.get(registry);
        if (given)
            return given;
        config ??= readDockerConfig(configPath);
        const loaded = await config;
        return loaded ? credentialsFromDockerConfig(loaded, registry) : undefined;
    };
}

;// CONCATENATED MODULE: ./src/registries/credential-chain.ts
function credentialChain(...sources) {
    return async (registry) => {
        for (const source of sources) {
            const found = await source(registry);
            if (found)
                return found;
        }
        return undefined;
    };
}

// EXTERNAL MODULE: ./src/registries/index.ts + 8 modules
var registries = __nccwpck_require__(7445);
;// CONCATENATED MODULE: ./src/registries/shared-resources.ts
/**
 * What a run's registry families keep open between calls (the ECR API clients, shared by the
 * registry credentials and the repository check), each built on first use and closed at the end.
 */
class SharedResources {
    opened = new Map();
    /** The run's one instance of this class, built on first use. */
    shared(kind) {
        let resource = this.opened.get(kind);
        if (!resource) {
            resource = new kind();
            this.opened.set(kind, resource);
        }
        return resource;
    }
    /** Closes everything built so far; a resource asked for afterwards is a new one. */
    async close() {
        const resources = [...this.opened.values()];
        this.opened.clear();
        await Promise.all(resources.map((resource) => resource.destroy()));
    }
}

;// CONCATENATED MODULE: ./src/registries/access.ts
/**
 * One client per registry for the run, each with its credentials from one chain: the explicit
 * inputs (destination only), then the family's own source (an ECR token, Google ADC), then docker
 * config.json, else anonymous. Each client gets its family's quirks.
 */






function registryAccess(options, 
/** Where every client tells its retries, and the signal that stops them all (the run's timeout). */
transport = {}) {
    const destination = options.destination.registry;
    const explicit = options.destinationCredentials;
    const resources = new SharedResources();
    const credentials = credentialChain(async (registry) => (registry === destination ? explicit : undefined), (registry) => (0,registries/* familyCredentials */.t_)({
        registry,
        isDestination: registry === destination,
        resources,
        endpoints: options.registryEndpoints,
        azure: options.azure ?? azure_inputs/* NO_AZURE_IDENTITY */.N8,
    }), credentialProvider(new Map()));
    const clients = new Map();
    return {
        clientFor(registry) {
            let client = clients.get(registry);
            if (!client) {
                const { chunkedUploads } = (0,registries/* registryQuirks */.h6)((0,registries/* detectRegistry */.v5)({ registry, repository: '' }));
                client = new oci_client/* RegistryClient */.bP(registry, {
                    credentials,
                    insecureRegistries: options.insecureRegistries,
                    chunkedUploads,
                    endpoints: options.registryEndpoints,
                    ...transport,
                });
                clients.set(registry, client);
            }
            return client;
        },
        credentialsFor: (registry) => credentials(registry),
        requestCounts: () => Object.fromEntries([...clients].map(([registry, client]) => [registry, client.requestCount])),
        resources,
        close: () => resources.close(),
    };
}

;// CONCATENATED MODULE: ./src/runtimes/runtime.ts
/**
 * What a deploy that failed part-way still did (some regions deployed, others failed): an error
 * may carry it, and the report then shows it with the error.
 */
function partialResult(error) {
    const partial = error?.partial;
    return typeof partial === 'object' && partial !== null ? partial : undefined;
}

// EXTERNAL MODULE: ./src/warnings.ts
var warnings = __nccwpck_require__(20286);
;// CONCATENATED MODULE: ./src/github/octokit.ts

let cached;
async function octokitFor(token) {
    if (cached?.token !== token) {
        const github = await Promise.all(/* import() */[__nccwpck_require__.e(119), __nccwpck_require__.e(413)]).then(__nccwpck_require__.bind(__nccwpck_require__, 92413));
        cached = { token, octokit: github.getOctokit(token) };
    }
    return cached.octokit;
}
/** The HTTP status of an Octokit failure, if GitHub answered at all. */
function statusOf(error) {
    // Octokit reports a request that got no answer (refused, DNS, reset) as status 500 without a response.
    if (error.response === undefined)
        return undefined;
    return error.status;
}
/** A GitHub API call that failed: the user's to fix (permissions, network), titled "GitHub API". */
class GitHubError extends user_error/* UserError */.y {
    constructor(message, options) {
        super(message, 'GitHub API', options);
        this.name = 'GitHubError';
    }
}
function apiHost(env = process.env) {
    try {
        return new URL(env.GITHUB_API_URL || 'https://api.github.com').host;
    }
    catch {
        return env.GITHUB_API_URL ?? 'api.github.com';
    }
}
/**
 * What went wrong, in a few words: "GitHub (api.github.com) answered HTTP 403: …", or "could not
 * reach GitHub (HOST): connect ECONNREFUSED …" when no answer came.
 */
function describeGitHubFailure(error) {
    const message = error instanceof Error ? error.message : String(error);
    const status = statusOf(error);
    return status === undefined
        ? `could not reach GitHub (${apiHost()}): ${message}`
        : `GitHub (${apiHost()}) answered HTTP ${status}: ${message}`;
}

;// CONCATENATED MODULE: ./src/github/deployments.ts
/**
 * GitHub Deployments for a run that deploys: a deployment for the commit, `in_progress` while it
 * runs, then `success` (with the environment URL) or `failure`. Missing permissions are a warning
 * that says which one to add, never a failed deploy.
 */



function warnNotRecorded(action, error) {
    const status = statusOf(error);
    const hint = status === 403 || status === 404
        ? ' Give the job the "deployments: write" permission (a pull request from a fork never has it).'
        : '';
    (0,warnings/* warn */.R8)(`could not ${action} the GitHub deployment: ${describeGitHubFailure(error)}.${hint}`, 'GitHub deployment not recorded');
}
/** Creates the deployment and marks it in progress; undefined (with a warning) when GitHub refuses. */
async function startDeployment(options) {
    const octokit = await octokitFor(options.token);
    let id;
    try {
        const { data } = await octokit.rest.repos.createDeployment({
            ...options.repo,
            ref: options.ref,
            environment: options.environment,
            description: options.description.slice(0, 140),
            auto_merge: false,
            // The workflow already decided to deploy; commit statuses are not ours to re-check.
            required_contexts: [],
        });
        if (!('id' in data))
            throw Object.assign(new Error(data.message ?? 'GitHub did not create the deployment'), { status: 202 });
        id = data.id;
        await octokit.rest.repos.createDeploymentStatus({
            ...options.repo,
            deployment_id: id,
            state: 'in_progress',
            ...(options.logUrl && { log_url: options.logUrl }),
        });
    }
    catch (error) {
        warnNotRecorded('create', error);
        return undefined;
    }
    workflow_commands/* info */.pq(`GitHub deployment ${id} to ${options.environment} is in progress`);
    return {
        async finish(state, environmentUrl, description) {
            try {
                await octokit.rest.repos.createDeploymentStatus({
                    ...options.repo,
                    deployment_id: id,
                    state,
                    description: description.slice(0, 140),
                    ...(environmentUrl && { environment_url: environmentUrl }),
                    ...(options.logUrl && { log_url: options.logUrl }),
                });
            }
            catch (error) {
                warnNotRecorded('update', error);
            }
        },
    };
}

// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __nccwpck_require__(29217);
;// CONCATENATED MODULE: ./src/oci/manifest.ts
/** Reading the descriptors a manifest or index points at. */


class ManifestError extends user_error/* UserError */.y {
    constructor(message) {
        super(message, 'Source image');
        this.name = 'ManifestError';
    }
}
/** Layers that must not be pushed anywhere (Windows base layers): registries refuse or ignore them. */
function isForeign(descriptor) {
    return (descriptor.urls?.length ?? 0) > 0 && /foreign|nondistributable/.test(descriptor.mediaType);
}
/** Manifests already parsed, by their bytes: the root is read by the log, the platform check and the copy. */
const parsedByBytes = new WeakMap();
function parseManifest(bytes, mediaType, where) {
    const known = parsedByBytes.get(bytes);
    if (known?.mediaType === mediaType)
        return known.parsed;
    const parsed = parseManifestJson(bytes, mediaType, where);
    parsedByBytes.set(bytes, { mediaType, parsed });
    return parsed;
}
function parseManifestJson(bytes, mediaType, where) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new ManifestError(`${where}: the manifest is not valid JSON`);
    }
    if (json.schemaVersion === 1) {
        throw new ManifestError(`${where}: Docker schema 1 manifests are deprecated and not supported; rebuild or re-push the image`);
    }
    const subject = json.subject;
    if ((0,media_types/* isIndex */.nw)(mediaType) || json.manifests) {
        return { children: json.manifests ?? [], blobs: [], ...(subject && { subject }) };
    }
    if (!json.config)
        throw new ManifestError(`${where}: the manifest (${mediaType || 'no media type'}) has no config`);
    const blobs = [json.config, ...(json.layers ?? []), ...(json.blobs ?? [])].filter((d) => !isForeign(d));
    return { children: [], blobs, ...(subject && { subject }) };
}
function describePlatform(descriptor) {
    const p = descriptor.platform;
    if (!p)
        return descriptor.digest.slice(0, 19);
    if (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
        return 'attestation';
    return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

// EXTERNAL MODULE: ./src/oci/progress.ts
var progress = __nccwpck_require__(81450);
;// CONCATENATED MODULE: ./src/oci/copy.ts



/** Referrers of referrers (a signature on an SBOM) are followed this many levels deep. */
const REFERRER_DEPTH = 3;
const NO_RELATED = { referrers: 0, tags: [] };
async function copyImage(options) {
    const { source, target, tags } = options;
    const client = target.client;
    const stats = (0,progress/* newStats */.CU)();
    const sameRegistry = source.location?.registry === client.registry;
    const sameRepository = sameRegistry && source.location?.repository === target.repository;
    client.willPush(target.repository);
    if (sameRegistry && !sameRepository)
        client.willRead(source.location.repository);
    // A source that makes its blobs as they are read (docker save layers) makes each once, as it uploads.
    const streamable = sameRepository ? undefined : await source.streamable?.();
    if (streamable) {
        const streamed = await copyStreamed(options, streamable);
        if (streamed)
            return streamed;
    }
    // The destination's tags are asked while the source is read.
    const lookup = sameRepository
        ? undefined
        : (options.current ?? Promise.all(tags.map((tag) => client.headManifest(target.repository, tag))));
    lookup?.catch(() => { }); // awaited below, once the source has answered
    const root = await source.root();
    // A retag inside one repository: every blob and child is already there; PUT the manifest per tag.
    if (!lookup) {
        for (const tag of tags)
            await client.putManifest(target.repository, tag, root);
        return { digest: root.digest, mediaType: root.mediaType, tags, upToDate: false, stats, related: NO_RELATED };
    }
    const current = await lookup;
    if (options.immutableTags) {
        const immutable = options.immutableTags === true ? () => true : options.immutableTags;
        const taken = tags.filter((tag, i) => immutable(tag) && current[i] !== undefined && current[i].digest !== root.digest);
        if (taken.length > 0)
            throw immutableTagsTaken(target, taken, current[tags.indexOf(taken[0])].digest);
    }
    if (tags.length > 0 && current.every((found) => found?.digest === root.digest)) {
        return { digest: root.digest, mediaType: root.mediaType, tags, upToDate: true, stats, related: NO_RELATED };
    }
    // Connections for the blob requests to come open while the manifests load.
    client.preconnect(Math.min(expectedBlobs(root), PRECONNECT_AT_MOST));
    // The referrers are looked up while the platforms' manifests load.
    const loading = loadTree(source, root);
    const relatedLoading = options.copyReferrers !== false && source.related ? loadRelated(source, root, loading) : undefined;
    relatedLoading?.catch(() => { }); // awaited below, after the tree
    const tree = await loading;
    const related = await relatedLoading;
    const unique = new Map();
    collectBlobs(tree, unique);
    for (const node of [...(related?.referrers ?? []), ...(related?.tagged.map((t) => t.node) ?? [])])
        collectBlobs(node, unique);
    for (const blob of unique.values())
        stats.bytesTotal += blob.size;
    const stopProgress = (0,progress/* startProgress */.ot)(stats, options.log ?? (() => { }), options.progressIntervalMs);
    try {
        // Start every blob now, largest first; the destination's pool bounds how many run at once.
        const transfers = new Map();
        const mountFrom = sameRegistry ? source.location?.repository : undefined;
        for (const blob of [...unique.values()].sort((a, b) => b.size - a.size)) {
            const transfer = client.uploads
                .ensure(blob, {
                repository: target.repository,
                origin: source,
                ...(mountFrom !== undefined && { mountFrom }),
                onBytes: (bytes) => {
                    stats.bytesDone += bytes;
                },
                ...(options.log && { log: options.log }),
            })
                .then((outcome) => tally(stats, blob, outcome));
            transfer.catch(() => { }); // awaited below; this only keeps an early failure from being unhandled
            transfers.set(blob.digest, transfer);
        }
        const toTag = tags.filter((tag, i) => current[i]?.digest !== root.digest);
        const hasRelated = related !== undefined &&
            (related.referrers.length > 0 || related.tagged.length > 0 || related.schemaIndexes.length > 0);
        // The root goes up by digest first only when something must refer to it before its tags are
        // written (referrers) or no tag will carry it; otherwise its first tag PUT stores it.
        if (hasRelated || toTag.length === 0)
            await pushNode(tree, transfers, target);
        else
            await pushChildren(tree, transfers, target);
        // Referrers after their subject; the image's own tags last, so they never point at a partial copy.
        if (related) {
            await Promise.all(related.referrers.map((node) => pushNode(node, transfers, target)));
            for (const { tag, node } of related.tagged) {
                await pushNode(node, transfers, target);
                await client.putManifest(target.repository, tag, node.manifest);
            }
            for (const { tag, manifest } of related.schemaIndexes)
                await mergeSchemaIndex(target, tag, manifest);
        }
        // Tags that already hold this digest are left alone (an immutable repository refuses even a same-image PUT).
        for (const tag of toTag)
            await client.putManifest(target.repository, tag, root);
    }
    finally {
        stopProgress();
    }
    const relatedTags = [
        ...(related?.tagged.map((t) => t.tag) ?? []),
        ...(related?.schemaIndexes.map((t) => t.tag) ?? []),
    ];
    return {
        digest: root.digest,
        mediaType: root.mediaType,
        tags,
        upToDate: false,
        stats,
        related: { referrers: related?.referrers.length ?? 0, tags: relatedTags },
    };
}
function immutableTagsTaken(target, taken, firstHolds) {
    const { client, repository } = target;
    return new oci_client/* RegistryError */.gl(`${client.registry}/${repository} has immutable tags, and ${taken.map((t) => `"${t}"`).join(', ')} already ` +
        `${taken.length > 1 ? 'hold other images' : `holds ${firstHolds}`}; push under a new tag (e.g. the commit SHA)`, client.registry);
}
/** Layers compressed and uploaded at once in a streamed copy (each keeps the thread pool busy on its own). */
const STREAMED_LAYERS_IN_PARALLEL = 2;
/**
 * The copy of an image whose layers are made as they upload: the config and every layer go up
 * first, each layer in one streamed upload whose digest is computed on the way, and the manifest
 * (known only then) after them. Undefined when the digests are better learnt first: a tag
 * already holds an image with this config (most likely this very image: a re-run then compresses
 * once and uploads nothing), or holds something that cannot be compared.
 */
async function copyStreamed(options, image) {
    const { source, target, tags } = options;
    const { client, repository } = target;
    const stats = (0,progress/* newStats */.CU)();
    const current = await Promise.all(tags.map(async (tag) => (await client.headManifest(repository, tag)) ? await client.getManifest(repository, tag) : undefined));
    const immutable = typeof options.immutableTags === 'function' ? options.immutableTags : () => options.immutableTags === true;
    for (const found of current) {
        if (!found)
            continue;
        let config;
        try {
            config = JSON.parse(found.bytes.toString('utf8')).config?.digest;
        }
        catch {
            config = undefined;
        }
        if (config === undefined || config === image.config.digest)
            return undefined;
        // Another config means another image: an immutable tag holding it refuses this push.
        const taken = tags.filter((tag, j) => current[j] !== undefined && immutable(tag));
        if (taken.length > 0)
            throw immutableTagsTaken(target, taken, current[tags.indexOf(taken[0])].digest);
    }
    options.log?.(`${source.description}: ${image.layers.length} layer${image.layers.length === 1 ? '' : 's'} compressed as they upload, the manifest after them`);
    const stopProgress = (0,progress/* startProgress */.ot)(stats, options.log ?? (() => { }), options.progressIntervalMs);
    try {
        stats.bytesTotal = image.config.size + image.layers.reduce((sum, layer) => sum + layer.sourceSize, 0);
        const config = client.uploads
            .ensure(image.config, { repository, origin: source, ...(options.log && { log: options.log }) })
            .then((outcome) => tally(stats, image.config, outcome));
        config.catch(() => { }); // awaited below
        const results = new Array(image.layers.length);
        const order = image.layers
            .map((_, i) => i)
            .sort((a, b) => image.layers[b].sourceSize - image.layers[a].sourceSize);
        let sent = 0; // compressed bytes in place, for the report
        const worker = async () => {
            for (let next = order.shift(); next !== undefined; next = order.shift()) {
                const layer = image.layers[next];
                let read = 0;
                const streamed = await client.uploads.stream({
                    repository,
                    description: layer.description,
                    // A restarted upload reads the layer again: its progress starts over too.
                    open: () => {
                        stats.bytesDone -= read;
                        read = 0;
                        return layer.open((count) => {
                            read += count;
                            stats.bytesDone += count;
                        });
                    },
                    ...(options.log && { log: options.log }),
                });
                if (streamed) {
                    stats.uploaded++;
                    results[next] = streamed;
                }
                else {
                    // The registry takes only uploads of a known size: compress once to learn it, then send.
                    const measured = await layer.measure();
                    const blob = { mediaType: layer.mediaType, ...measured };
                    const outcome = await client.uploads.ensure(blob, {
                        repository,
                        origin: source,
                        ...(options.log && { log: options.log }),
                    });
                    if (outcome === 'uploaded')
                        stats.uploaded++;
                    else
                        stats.skipped++;
                    stats.bytesDone += layer.sourceSize - read;
                    results[next] = measured;
                }
                sent += results[next].size;
            }
        };
        await Promise.all([config, ...Array.from({ length: STREAMED_LAYERS_IN_PARALLEL }, worker)]);
        const manifest = image.complete(results);
        if (tags.length === 0)
            await client.putManifest(repository, manifest.digest, manifest);
        for (const tag of tags)
            await client.putManifest(repository, tag, manifest);
        // The figures reported are those of the blobs as stored: compressed.
        stats.bytesTotal = stats.bytesDone = image.config.size + sent;
        return {
            digest: manifest.digest,
            mediaType: manifest.mediaType,
            tags,
            upToDate: false,
            stats,
            related: NO_RELATED,
        };
    }
    finally {
        stopProgress();
    }
}
/** What `first` found, and what the manifests of nested indexes have (asked only if there are any). */
async function relatedOfAll(source, first, nested) {
    const found = await first;
    if (nested.length === 0)
        return found;
    const more = await source.related(nested);
    return { referrers: [...found.referrers, ...more.referrers], tags: [...found.tags, ...more.tags] };
}
function manifestDigests(node, into = []) {
    into.push(node.manifest.digest);
    for (const child of node.children)
        manifestDigests(child, into);
    return into;
}
/**
 * Finds what belongs with the image: referrers (and theirs, a few levels deep) and cosign tags.
 * The root and the manifests it lists are asked about at once, while `loading` fetches those
 * manifests; manifests of a nested index, known only once it has loaded, after.
 */
async function loadRelated(source, root, loading) {
    const related = { referrers: [], tagged: [], schemaIndexes: [] };
    const listed = [root.digest, ...parseManifest(root.bytes, root.mediaType, root.digest).children.map((c) => c.digest)];
    const first = source.related(listed);
    first.catch(() => { }); // awaited below, once the tree has loaded
    const tree = await loading;
    const seen = new Set(manifestDigests(tree));
    const nested = [...seen].filter((digest) => !listed.includes(digest));
    let subjects = [...seen];
    for (let depth = 0; depth < REFERRER_DEPTH && subjects.length > 0; depth++) {
        const found = depth > 0 ? await source.related(subjects) : await relatedOfAll(source, first, nested);
        const next = [];
        for (const descriptor of found.referrers) {
            if (seen.has(descriptor.digest))
                continue;
            seen.add(descriptor.digest);
            next.push(await loadTree(source, await source.manifest(descriptor.digest)));
        }
        for (const { tag, manifest } of found.tags) {
            if (/^sha256-[0-9a-f]{64}$/.test(tag))
                related.schemaIndexes.push({ tag, manifest });
            else if (!seen.has(manifest.digest)) {
                seen.add(manifest.digest);
                const node = await loadTree(source, manifest);
                related.tagged.push({ tag, node });
                next.push(node);
            }
        }
        related.referrers.push(...next.filter((node) => !related.tagged.some((t) => t.node === node)));
        subjects = next.flatMap((node) => manifestDigests(node));
    }
    return related;
}
/**
 * Writes a referrers tag-schema index at the destination, keeping referrers the destination
 * already lists there (another tool may have attached its own).
 */
async function mergeSchemaIndex(target, tag, incoming) {
    const existing = await target.client.getManifest(target.repository, tag);
    if (!existing)
        return target.client.putManifest(target.repository, tag, incoming);
    if (existing.digest === incoming.digest)
        return;
    const current = JSON.parse(existing.bytes.toString('utf8'));
    const listed = new Set((current.manifests ?? []).map((d) => d.digest));
    const added = parseManifest(incoming.bytes, incoming.mediaType, tag).children.filter((d) => !listed.has(d.digest));
    if (added.length === 0)
        return;
    const bytes = Buffer.from(JSON.stringify({ ...current, manifests: [...(current.manifests ?? []), ...added] }));
    await target.client.putManifest(target.repository, tag, {
        bytes,
        mediaType: existing.mediaType,
        digest: (0,oci_client/* sha256 */.sc)(bytes),
    });
}
async function loadTree(source, manifest) {
    const parsed = parseManifest(manifest.bytes, manifest.mediaType, `${source.description} (${manifest.digest})`);
    // Platforms load in parallel; a nested index recurses.
    const children = await Promise.all(parsed.children.map(async (child) => loadTree(source, await source.manifest(child.digest))));
    return { manifest, blobs: parsed.blobs, children };
}
function collectBlobs(node, into) {
    for (const blob of node.blobs)
        if (!into.has(blob.digest))
            into.set(blob.digest, blob);
    for (const child of node.children)
        collectBlobs(child, into);
}
/** Pushes a manifest once its blobs and children are in place: children by digest before their index. */
async function pushNode(node, transfers, target) {
    await pushChildren(node, transfers, target);
    await target.client.putManifest(target.repository, node.manifest.digest, node.manifest);
}
/** Puts in place what a manifest refers to: its blobs, and its children (in parallel), not the manifest itself. */
async function pushChildren(node, transfers, target) {
    await Promise.all([
        ...node.blobs.map((blob) => transfers.get(blob.digest)),
        ...node.children.map((child) => pushNode(child, transfers, target)),
    ]);
}
/** Connections opened ahead for a copy's blob requests at most (the HTTP layer's per-host limit). */
const PRECONNECT_AT_MOST = 16;
/** How many blobs a copy of `root` likely moves, from the root alone: its own, or about four per platform. */
function expectedBlobs(root) {
    try {
        const parsed = parseManifest(root.bytes, root.mediaType, root.digest);
        return parsed.blobs.length + parsed.children.length * 4;
    }
    catch {
        return 1;
    }
}
/** Counts a blob in the copy's figures once it is in place. */
function tally(stats, blob, outcome) {
    if (outcome === 'uploaded') {
        stats.uploaded++; // its bytes were counted as they streamed
        return;
    }
    if (outcome === 'mounted')
        stats.mounted++;
    else
        stats.skipped++;
    stats.bytesDone += blob.size;
}

// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
;// CONCATENATED MODULE: ./src/runtimes/cloud-run/inputs-scope.ts
/**
 * The regions, in the order given (the first one's URL and revision are the `url` and `revision`
 * outputs). Newline- or comma-separated; a repeated region is given once. Without the input,
 * CLOUDSDK_RUN_REGION (gcloud's run/region), which holds one region.
 */
function readRegions(ctx, env, regionProblem) {
    const given = ctx.list('gcp-region');
    const regions = given.length > 0 ? given : env.CLOUDSDK_RUN_REGION ? [env.CLOUDSDK_RUN_REGION.trim()] : [];
    if (regions.length === 0) {
        ctx.problem('gcp-region', 'is required with runtime cloud-run, e.g. us-central1');
        return [];
    }
    let bad = false;
    for (const region of regions) {
        const problem = regionProblem(region);
        if (problem) {
            ctx.problem('gcp-region', problem);
            bad = true;
        }
    }
    return bad ? [] : regions;
}
/**
 * Reads `preview`. It deploys on an open pull request and cleans up on its close, so it needs
 * deploy-when: always (another rule would plan the one or skip the other), and a service.
 */
function readPreview(ctx, isJob) {
    const preview = ctx.boolean('preview', false);
    if (!preview)
        return false;
    const rules = ctx.list('deploy-when');
    if (rules.length > 0 && (rules.length !== 1 || rules[0] !== 'always'))
        ctx.problem('preview', `needs deploy-when: always (it is "${rules.join(', ')}"): a preview deploys while the pull request is open and is taken down when it closes`);
    if (isJob)
        ctx.problem('preview', 'applies to a Cloud Run service (cloud-run-service), not to a job');
    if (ctx.read('revision-tag') !== '')
        ctx.problem('preview', 'tags the revision pr-NUMBER itself: leave revision-tag out');
    return true;
}

;// CONCATENATED MODULE: ./src/runtimes/cloud-run/settings.ts
/** Every key cloud-run-flags knows, in the order the error lists them. */
const FLAG_KEYS = [
    'cpu',
    'memory',
    'service-account',
    'concurrency',
    'min-instances',
    'max-instances',
    'port',
    'timeout',
    'command',
    'args',
    'vpc-connector',
    'vpc-egress',
    'network',
    'subnet',
    'cloudsql-instances',
    'execution-environment',
    'cpu-boost',
    'session-affinity',
    'ingress',
    'labels',
    'default-labels',
    'tasks',
    'parallelism',
    'max-retries',
    'task-timeout',
];
const SERVICE_ONLY_FLAGS = [
    'concurrency',
    'min-instances',
    'max-instances',
    'port',
    'timeout',
    'cpu-boost',
    'session-affinity',
    'ingress',
];
const JOB_ONLY_FLAGS = ['tasks', 'parallelism', 'max-retries', 'task-timeout'];
const CONNECTOR = /^(?:projects\/[a-z0-9.:-]+\/locations\/[a-z0-9-]+\/connectors\/)?[a-z][-a-z0-9]{0,23}$/;
const NETWORK = /^(?:projects\/[a-z0-9.:-]+\/global\/networks\/)?[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const SUBNET = /^(?:projects\/[a-z0-9.:-]+\/regions\/[a-z0-9-]+\/subnetworks\/)?[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const CLOUD_SQL = /^[a-z][a-z0-9.:-]*[a-z0-9]:[a-z]+-[a-z]+\d+:[a-z][-a-z0-9]{0,96}$/;
// Google's label rules: keys start with a lower-case letter; both at most 63 characters of
// lower-case letters, digits, underscores and hyphens (international letters allowed too).
const LABEL_KEY = /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
/** The labels google-github-actions/deploy-cloudrun sets, which this action sets the same way. */
const MANAGED_BY = 'github-actions';
/** A duration as gcloud takes it: seconds (300), or with a unit (300s, 15m, 1h). */
function parseDuration(text) {
    const match = /^(\d+)(s|m|h)?$/.exec(text.trim());
    if (!match)
        return undefined;
    return Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's')];
}
/** A list as gcloud takes it (a,b,c), or a JSON array of strings when an item holds a comma. */
function parseStringList(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return [];
    if (trimmed.startsWith('[')) {
        try {
            const parsed = JSON.parse(trimmed);
            if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'))
                return parsed;
        }
        catch {
            // Reported by the caller.
        }
        return undefined;
    }
    return trimmed.split(',').map((item) => item.trim());
}
/**
 * The new typed keys of cloud-run-flags, from the KEY=VALUE lines already read (unknown keys and
 * the keys of the other kind of resource are reported by the caller).
 */
function readSettings(ctx, values, job, env) {
    const settings = {};
    const problem = (message) => ctx.problem('cloud-run-flags', message);
    const boolean = (key) => {
        const text = values[key];
        if (text === undefined)
            return undefined;
        if (text === 'true' || text === 'false')
            return text === 'true';
        return problem(`${key}=${text}: use true or false`);
    };
    const oneOf = (key, allowed) => {
        const text = values[key];
        if (text === undefined)
            return undefined;
        if (allowed.includes(text))
            return text;
        return problem(`${key}=${text}: use one of ${allowed.join(', ')}`);
    };
    const number = (key, min, max) => {
        const text = values[key];
        if (text === undefined)
            return undefined;
        const value = Number(text);
        if (!/^\d+$/.test(text) || value < min || value > max)
            return problem(`${key}=${text}: must be a whole number from ${min} to ${max}`);
        return value;
    };
    const duration = (key, max, maxText) => {
        const text = values[key];
        if (text === undefined)
            return undefined;
        const seconds = parseDuration(text);
        if (seconds === undefined || seconds < 1 || seconds > max)
            return problem(`${key}=${text}: use a duration from 1s to ${maxText}, e.g. 300, 300s, 15m or 1h`);
        return seconds;
    };
    const list = (key, example) => {
        const text = values[key];
        if (text === undefined)
            return undefined;
        const items = parseStringList(text);
        if (!items || items.some((item) => item === ''))
            return problem(`${key}=${text}: use comma-separated items, or a JSON array of strings, e.g. ${example}`);
        return items;
    };
    if (!job)
        settings.timeoutSeconds = duration('timeout', 3600, '60m');
    settings.command = list('command', 'command=["/app/server","--verbose"]');
    settings.args = list('args', 'args=--port,8080');
    const connector = values['vpc-connector'];
    if (connector !== undefined) {
        if (CONNECTOR.test(connector))
            settings.vpcConnector = connector;
        else
            problem(`vpc-connector=${connector}: use a connector name (lower-case letters, digits and hyphens, at most 24) or projects/P/locations/R/connectors/NAME`);
    }
    settings.vpcEgress = oneOf('vpc-egress', ['all-traffic', 'private-ranges-only']);
    const network = values.network;
    if (network !== undefined) {
        if (NETWORK.test(network))
            settings.network = network;
        else
            problem(`network=${network}: use a VPC network name or projects/P/global/networks/NAME`);
    }
    const subnet = values.subnet;
    if (subnet !== undefined) {
        if (SUBNET.test(subnet))
            settings.subnet = subnet;
        else
            problem(`subnet=${subnet}: use a subnetwork name or projects/P/regions/R/subnetworks/NAME`);
    }
    if (connector !== undefined && (network !== undefined || subnet !== undefined))
        problem('vpc-connector and network/subnet exclude each other: use a connector, or Direct VPC egress');
    const cloudSql = list('cloudsql-instances', 'cloudsql-instances=my-project:us-central1:db');
    if (cloudSql) {
        const bad = cloudSql.filter((instance) => !CLOUD_SQL.test(instance));
        if (bad.length)
            problem(`cloudsql-instances: ${bad.join(', ')} is not PROJECT:REGION:INSTANCE, e.g. my-project:us-central1:db`);
        else
            settings.cloudSqlInstances = cloudSql;
    }
    settings.executionEnvironment = oneOf('execution-environment', ['gen1', 'gen2']);
    if (!job) {
        settings.cpuBoost = boolean('cpu-boost');
        settings.sessionAffinity = boolean('session-affinity');
        settings.ingress = oneOf('ingress', ['all', 'internal', 'internal-and-cloud-load-balancing']);
    }
    settings.labels = readLabels(ctx, values, env);
    if (job) {
        settings.tasks = number('tasks', 1, 10_000);
        settings.parallelism = number('parallelism', 0, 10_000);
        settings.maxRetries = number('max-retries', 0, 10);
        settings.taskTimeoutSeconds = duration('task-timeout', 168 * 3600, '168h');
        if (settings.tasks !== undefined && settings.parallelism !== undefined && settings.parallelism > settings.tasks)
            problem(`parallelism=${settings.parallelism} is above tasks=${settings.tasks}`);
    }
    for (const key of Object.keys(settings))
        if (settings[key] === undefined)
            Reflect.deleteProperty(settings, key);
    return settings;
}
/**
 * labels=KEY=VALUE,… merged over the defaults google-github-actions/deploy-cloudrun sets
 * (managed-by=github-actions, commit-sha=GITHUB_SHA); default-labels=false leaves those out.
 */
function readLabels(ctx, values, env) {
    const problem = (message) => ctx.problem('cloud-run-flags', message);
    let defaults = true;
    const flag = values['default-labels'];
    if (flag !== undefined) {
        if (flag === 'true' || flag === 'false')
            defaults = flag === 'true';
        else
            problem(`default-labels=${flag}: use true or false`);
    }
    const labels = {};
    if (defaults) {
        labels['managed-by'] = MANAGED_BY;
        const sha = env.GITHUB_SHA?.toLowerCase();
        if (sha && LABEL_VALUE.test(sha))
            labels['commit-sha'] = sha;
    }
    const text = values.labels;
    if (text === undefined || text.trim() === '')
        return labels;
    for (const pair of text.split(',').map((p) => p.trim())) {
        const equals = pair.indexOf('=');
        const key = equals < 0 ? pair : pair.slice(0, equals);
        const value = equals < 0 ? '' : pair.slice(equals + 1);
        if (equals < 0 || !LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) {
            problem(`labels: "${pair}" is not KEY=VALUE with lower-case letters, digits, _ and - (a key starts with a letter; each at most 63), e.g. labels=team=payments,tier=web`);
            continue;
        }
        labels[key] = value;
    }
    return labels;
}

// EXTERNAL MODULE: ./src/runtimes/cloud-run/traffic.ts
var traffic = __nccwpck_require__(65178);
;// CONCATENATED MODULE: ./src/runtimes/cloud-run/inputs.ts



// Cloud Run's documented limits on names: lower-case letters, digits and hyphens, starting with a
// letter; 49 characters for a service (its URL needs room), 63 for a job and a revision.
const SERVICE_NAME = /^[a-z](?:[-a-z0-9]{0,47}[a-z0-9])?$/;
const JOB_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const PROJECT = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION_SHAPE = /^[a-z]+-[a-z]+\d+$/;
const REVISION_TAG = /^[a-z](?:[-a-z0-9]{0,44}[a-z0-9])?$/;
const REVISION_SUFFIX = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const SECRET_ID = /^(?:projects\/[a-z0-9-]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/;
const SECRET_VERSION = /^(?:latest|[1-9]\d*)$/;
const SERVICE_ACCOUNT = /^[a-z0-9-]+@[a-z0-9.-]+\.iam\.gserviceaccount\.com$|^\d+-compute@developer\.gserviceaccount\.com$/;
const CPU = /^(?:\d+(?:\.\d+)?|\d+m)$/;
const MEMORY = /^\d+(?:Mi|Gi)$/;
/** Names Cloud Run sets itself and refuses in a container's environment. */
const RESERVED_ENV = ['PORT', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'CLOUD_RUN_JOB', 'CLOUD_RUN_EXECUTION'];
const FLAG_KEY = /^[a-z][a-z0-9-]*$/;
/** A cloud-run-secrets line's name: an environment variable, or the path of a file. */
const SECRET_KEY = /^(?:[A-Za-z_][A-Za-z0-9_]*|\/\S*)$/;
/** A file a secret is mounted as: an absolute path with a directory and a file name. */
const SECRET_PATH = /^(?:\/[A-Za-z0-9._-]+)+$/;
/** Directories Cloud Run refuses to mount a volume on. */
const RESERVED_DIRS = ['/', '/dev', '/proc', '/sys', '/var/run', '/var/log', '/tmp'];
/**
 * Checked for its shape only, not against a list of regions, so a region Google opens after this
 * release is not refused; Cloud Run itself answers for one it does not have.
 */
function regionProblem(region) {
    if (!REGION_SHAPE.test(region))
        return `"${region}" is not a region name, e.g. us-central1 or europe-west1`;
    return undefined;
}
function readFlags(ctx, job, env) {
    const values = ctx.keyValues('cloud-run-flags', FLAG_KEY, 'memory=512Mi');
    for (const key of Object.keys(values)) {
        if (FLAG_KEYS.includes(key))
            continue;
        ctx.problem('cloud-run-flags', `unknown key "${key}"; the known keys are: ${FLAG_KEYS.join(', ')}`);
        Reflect.deleteProperty(values, key);
    }
    const flags = { ...readSettings(ctx, values, job, env) };
    const number = (key, min, max) => {
        const text = values[key];
        if (text === undefined)
            return undefined;
        const value = Number(text);
        if (!/^\d+$/.test(text) || value < min || value > max) {
            return ctx.problem('cloud-run-flags', `${key}=${text}: must be a whole number from ${min} to ${max}`);
        }
        return value;
    };
    if (values.cpu !== undefined) {
        if (CPU.test(values.cpu))
            flags.cpu = values.cpu;
        else
            ctx.problem('cloud-run-flags', `cpu=${values.cpu}: use a number of CPUs (1, 2, 4, 0.5) or millicpu (500m)`);
    }
    if (values.memory !== undefined) {
        if (MEMORY.test(values.memory))
            flags.memory = values.memory;
        else
            ctx.problem('cloud-run-flags', `memory=${values.memory}: use Mi or Gi, e.g. 512Mi or 2Gi`);
    }
    if (values['service-account'] !== undefined) {
        if (SERVICE_ACCOUNT.test(values['service-account']))
            flags.serviceAccount = values['service-account'];
        else
            ctx.problem('cloud-run-flags', `service-account=${values['service-account']}: use a service account email, e.g. runner@my-project.iam.gserviceaccount.com`);
    }
    if (job) {
        for (const key of SERVICE_ONLY_FLAGS)
            if (values[key] !== undefined)
                ctx.problem('cloud-run-flags', `${key} applies to a service, not to a job`);
        return flags;
    }
    for (const key of JOB_ONLY_FLAGS)
        if (values[key] !== undefined)
            ctx.problem('cloud-run-flags', `${key} applies to a job, not to a service`);
    const concurrency = number('concurrency', 1, 1000);
    const minInstances = number('min-instances', 0, 1000);
    const maxInstances = number('max-instances', 1, 1000);
    const port = number('port', 1, 65535);
    if (minInstances !== undefined && maxInstances !== undefined && minInstances > maxInstances)
        ctx.problem('cloud-run-flags', `min-instances=${minInstances} is above max-instances=${maxInstances}`);
    if (concurrency !== undefined)
        flags.concurrency = concurrency;
    if (minInstances !== undefined)
        flags.minInstances = minInstances;
    if (maxInstances !== undefined)
        flags.maxInstances = maxInstances;
    if (port !== undefined)
        flags.port = port;
    return flags;
}
/** cloud-run-secrets: NAME=SECRET:VERSION as environment variables, /PATH=SECRET:VERSION as files. */
function readSecrets(ctx) {
    const secrets = {};
    const files = {};
    const lines = ctx.keyValues('cloud-run-secrets', SECRET_KEY, 'API_KEY=api-key:latest or /etc/secrets/api-key=api-key:latest');
    for (const [name, value] of Object.entries(lines)) {
        const colon = value.lastIndexOf(':');
        const secret = colon < 0 ? value : value.slice(0, colon);
        const version = colon < 0 ? '' : value.slice(colon + 1);
        const file = name.startsWith('/');
        if (!SECRET_ID.test(secret) || !SECRET_VERSION.test(version)) {
            ctx.problem('cloud-run-secrets', file
                ? `${name}=${value}: use /PATH=SECRET:VERSION, where VERSION is a number or latest (e.g. /etc/secrets/api-key=api-key:3)`
                : `${name}=${value}: use NAME=SECRET:VERSION, where VERSION is a number or latest (e.g. API_KEY=api-key:3)`);
            continue;
        }
        if (!file) {
            secrets[name] = { secret, version };
            continue;
        }
        const directory = name.slice(0, name.lastIndexOf('/')) || '/';
        if (!SECRET_PATH.test(name) || name.split('/').some((part) => part === '.' || part === '..')) {
            ctx.problem('cloud-run-secrets', `${name}: a file path is absolute, without . or .., e.g. /etc/secrets/api-key`);
            continue;
        }
        if (RESERVED_DIRS.includes(directory)) {
            ctx.problem('cloud-run-secrets', `${name}: Cloud Run cannot mount a volume on ${directory}; use a directory of its own, e.g. /etc/secrets${name.slice(name.lastIndexOf('/'))}`);
            continue;
        }
        // Cloud Run mounts one volume per directory, and a volume holds one secret (in one or more versions).
        const other = Object.entries(files).find(([path, ref]) => path.slice(0, path.lastIndexOf('/')) === directory && ref.secret !== secret);
        if (other) {
            ctx.problem('cloud-run-secrets', `${name} and ${other[0]} mount two secrets in ${directory}: Cloud Run mounts one secret per directory, so put them in directories of their own`);
            continue;
        }
        files[name] = { secret, version };
    }
    return { secrets, files };
}
/** cloud-run-traffic lines, or promote: TAG (all traffic to the revision the tag points to). */
function readTraffic(ctx) {
    const lines = ctx.read('cloud-run-traffic');
    const promote = ctx.text('promote');
    if (promote !== undefined) {
        if (lines.trim() !== '')
            return ctx.problem('promote', 'and cloud-run-traffic exclude each other: promote is the split TAG=NAME:100');
        if (!traffic/* TAG_NAME */.vS.test(promote))
            return ctx.problem('promote', `"${promote}" is not a tag: lower-case letters, digits and hyphens, starting with a letter (e.g. pr-5)`);
        return [{ kind: 'tag', tag: promote, percent: 100 }];
    }
    if (lines.trim() === '')
        return undefined;
    const { entries, problems } = (0,traffic/* parseSplit */.Un)(lines);
    for (const problem of problems)
        ctx.problem('cloud-run-traffic', problem);
    return problems.length === 0 && entries.length > 0 ? entries : undefined;
}
function readCloudRunInputs(ctx, env = process.env) {
    const service = ctx.text('cloud-run-service');
    const job = ctx.text('cloud-run-job');
    if (service !== undefined && job !== undefined)
        ctx.problem('cloud-run-service', 'and cloud-run-job exclude each other: deploy a service, or update a job');
    if (service === undefined && job === undefined)
        ctx.problem('cloud-run-service', 'is required with runtime cloud-run (or set cloud-run-job to update a job)');
    if (service !== undefined && !SERVICE_NAME.test(service))
        ctx.problem('cloud-run-service', `"${service}" is not a Cloud Run service name: lower-case letters, digits and hyphens, starting with a letter, at most 49 characters`);
    if (job !== undefined && !JOB_NAME.test(job))
        ctx.problem('cloud-run-job', `"${job}" is not a Cloud Run job name: lower-case letters, digits and hyphens, starting with a letter, at most 63 characters`);
    const project = ctx.text('gcp-project');
    if (project !== undefined && !PROJECT.test(project))
        ctx.problem('gcp-project', `"${project}" is not a project ID (6 to 30 lower-case letters, digits and hyphens)`);
    const regions = readRegions(ctx, env, regionProblem);
    const region = regions[0];
    const isJob = job !== undefined && service === undefined;
    const environment = ctx.keyValues('cloud-run-env');
    const { secrets, files: secretFiles } = readSecrets(ctx);
    for (const name of [...Object.keys(environment), ...Object.keys(secrets)]) {
        if (RESERVED_ENV.includes(name))
            ctx.problem(name in secrets ? 'cloud-run-secrets' : 'cloud-run-env', `${name} is set by Cloud Run itself and cannot be given`);
    }
    for (const name of Object.keys(secrets)) {
        if (name in environment)
            ctx.problem('cloud-run-secrets', `${name} is also in cloud-run-env: give each name once`);
    }
    const flags = readFlags(ctx, isJob, env);
    const envUpdate = ctx.oneOf('cloud-run-env-update', ['merge', 'overwrite'], 'merge');
    const traffic = isJob ? undefined : readTraffic(ctx);
    const noTraffic = ctx.boolean('no-traffic', false);
    const revisionTag = ctx.text('revision-tag');
    const revisionSuffix = ctx.text('revision-suffix');
    const execute = ctx.boolean('execute-job', false);
    if (revisionTag !== undefined && !REVISION_TAG.test(revisionTag))
        ctx.problem('revision-tag', `"${revisionTag}" is not a tag: lower-case letters, digits and hyphens, starting with a letter`);
    if (revisionSuffix !== undefined &&
        (!REVISION_SUFFIX.test(revisionSuffix) || `${service ?? ''}-${revisionSuffix}`.length > 63))
        ctx.problem('revision-suffix', `"${revisionSuffix}" is not a revision suffix: lower-case letters, digits and hyphens, and the service name plus "-" plus the suffix within 63 characters`);
    if (isJob) {
        for (const serviceOnly of ['no-traffic', 'revision-tag', 'revision-suffix', 'cloud-run-traffic', 'promote'])
            // no-traffic arrives as "false" on every runner (action.yml's default): only true is asking for it.
            if (serviceOnly === 'no-traffic' ? noTraffic : ctx.read(serviceOnly) !== '')
                ctx.problem(serviceOnly, 'applies to a Cloud Run service, not to a job');
    }
    else if (execute) {
        ctx.problem('execute-job', 'applies to a Cloud Run job (cloud-run-job), not to a service');
    }
    if (traffic && noTraffic)
        ctx.problem(ctx.read('promote') ? 'promote' : 'cloud-run-traffic', 'and no-traffic exclude each other: no-traffic keeps traffic where it is, a split moves it');
    const waitTimeoutSeconds = ctx.integer('wait-timeout', 600, 1, 86_400, 'seconds');
    const preview = readPreview(ctx, isJob);
    if (ctx.problems.length > 0 || region === undefined || (service ?? job) === undefined)
        return undefined;
    const target = isJob
        ? { kind: 'job', name: job, execute }
        : {
            kind: 'service',
            name: service,
            noTraffic,
            revisionTag,
            revisionSuffix,
            ...(traffic && { traffic, trafficInput: ctx.text('promote') ? 'promote' : 'cloud-run-traffic' }),
        };
    return {
        project,
        region,
        ...(regions.length > 1 && { regions }),
        ...(preview && { preview }),
        target,
        env: environment,
        secrets,
        ...(Object.keys(secretFiles).length > 0 && { secretFiles }),
        ...(envUpdate === 'overwrite' && { envUpdate }),
        flags,
        waitTimeoutSeconds,
    };
}

;// CONCATENATED MODULE: ./src/runtimes/cloud-run/module.ts

const cloudRunModule = {
    readInputs: (ctx) => readCloudRunInputs(ctx),
    load: async (inputs) => {
        const [{ cloudRunRuntime }, { cloudRunRegions }] = await Promise.all([
            Promise.all(/* import() */[__nccwpck_require__.e(338), __nccwpck_require__.e(101)]).then(__nccwpck_require__.bind(__nccwpck_require__, 24101)),
            Promise.all(/* import() */[__nccwpck_require__.e(338), __nccwpck_require__.e(938)]).then(__nccwpck_require__.bind(__nccwpck_require__, 52938)),
        ]);
        return cloudRunRegions(inputs, cloudRunRuntime);
    },
    describeLeg: ({ region, regions, target }) => `cloud-run ${(regions ?? [region]).join(',')}/${target.kind === 'job' ? `job ${target.name}` : target.name}`,
};

;// CONCATENATED MODULE: ./src/runtimes/container-apps/inputs.ts

// Container Apps' documented name rules: lower-case letters, digits and single hyphens, starting
// with a letter, 2 to 32 characters.
const APP_NAME = /^[a-z](?!.*--)[a-z0-9-]{0,30}[a-z0-9]$/;
// Azure's rule for resource group names: letters, digits, underscores, hyphens, periods and
// parentheses, up to 90 characters, not ending in a period.
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const CONTAINER_NAME = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
// The CLI's check of a revision suffix (and of a traffic label): no "--", which separates the app's name.
const SUFFIX = /^[a-z0-9](?!.*--)(?:[-a-z0-9]*[a-z0-9])?$/;
const SECRET_NAME = /^[a-z0-9](?:[-.a-z0-9]*[a-z0-9])?$/;
const inputs_CPU = /^\d+(?:\.\d+)?$/;
const inputs_MEMORY = /^\d+(?:\.\d+)?Gi$/;
const SECRET_REF = 'secretref:';
const ENVIRONMENT_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.App\/managedEnvironments\/([^/]+)$/i;
const IDENTITY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
// Managed environment names: letters, digits and hyphens, starting with a letter, 2 to 60 characters.
const ENVIRONMENT_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,58}[a-zA-Z0-9]$/;
/** The inputs that only say how to create a missing app. */
const CREATE_INPUTS = ['container-apps-target-port', 'container-apps-ingress', 'container-apps-identity'];
const inputs_FLAG_KEYS = /^(cpu|memory|min-replicas|max-replicas)$/;
function inputs_readFlags(ctx) {
    const values = ctx.keyValues('container-apps-flags', inputs_FLAG_KEYS, 'memory=1Gi');
    const flags = {};
    const replicas = (key, min) => {
        const text = values[key];
        if (text === undefined)
            return undefined;
        if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > 1000)
            return ctx.problem('container-apps-flags', `${key}=${text}: must be a whole number from ${min} to 1000`);
        return Number(text);
    };
    if (values.cpu !== undefined) {
        if (inputs_CPU.test(values.cpu) && Number(values.cpu) > 0)
            flags.cpu = Number(values.cpu);
        else
            ctx.problem('container-apps-flags', `cpu=${values.cpu}: use a number of vCPUs, e.g. 0.5 or 1`);
    }
    if (values.memory !== undefined) {
        if (inputs_MEMORY.test(values.memory))
            flags.memory = values.memory;
        else
            ctx.problem('container-apps-flags', `memory=${values.memory}: use Gi, e.g. 0.5Gi or 1Gi`);
    }
    const min = replicas('min-replicas', 0);
    const max = replicas('max-replicas', 1);
    if (min !== undefined && max !== undefined && min > max)
        ctx.problem('container-apps-flags', `min-replicas=${min} is above max-replicas=${max}`);
    if (min !== undefined)
        flags.minReplicas = min;
    if (max !== undefined)
        flags.maxReplicas = max;
    return flags;
}
function readEnv(ctx) {
    const env = {};
    for (const [name, value] of Object.entries(ctx.keyValues('container-apps-env'))) {
        if (!value.startsWith(SECRET_REF)) {
            env[name] = { value };
            continue;
        }
        const secret = value.slice(SECRET_REF.length);
        if (SECRET_NAME.test(secret))
            env[name] = { secretRef: secret };
        else
            ctx.problem('container-apps-env', `${name}=${value}: "${secret}" is not a secret name (lower-case letters, digits, "-" and "."), e.g. ${name}=secretref:api-key`);
    }
    return env;
}
function readEnvironment(ctx, resourceGroup) {
    const text = ctx.text('container-apps-environment');
    if (text === undefined)
        return undefined;
    const id = ENVIRONMENT_ID.exec(text);
    if (id)
        return { subscriptionId: id[1], resourceGroup: id[2], name: id[3] };
    if (text.includes('/') || !ENVIRONMENT_NAME.test(text))
        return ctx.problem('container-apps-environment', `"${text}" is neither a managed environment name (letters, digits and hyphens) nor its resource ID (/subscriptions/SUB/resourceGroups/GROUP/providers/Microsoft.App/managedEnvironments/NAME)`);
    return resourceGroup === undefined ? undefined : { subscriptionId: undefined, resourceGroup, name: text };
}
/** How to create the app when it is missing; the creation inputs without an environment are an error. */
function readCreate(ctx, resourceGroup) {
    const environment = readEnvironment(ctx, resourceGroup);
    const port = ctx.text('container-apps-target-port');
    let targetPort;
    if (port !== undefined) {
        if (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)
            targetPort = Number(port);
        else
            ctx.problem('container-apps-target-port', `"${port}" is not a port: a whole number from 1 to 65535`);
    }
    const ingress = ctx.oneOf('container-apps-ingress', ['internal', 'external'], 'internal');
    if (ctx.text('container-apps-ingress') !== undefined && port === undefined)
        ctx.problem('container-apps-ingress', 'needs container-apps-target-port: the port the container listens on (without it the app gets no ingress)');
    const pullIdentity = ctx.text('container-apps-identity');
    if (pullIdentity !== undefined && !IDENTITY_ID.test(pullIdentity))
        ctx.problem('container-apps-identity', `"${pullIdentity}" is not a user-assigned managed identity's resource ID (/subscriptions/SUB/resourceGroups/GROUP/providers/Microsoft.ManagedIdentity/userAssignedIdentities/NAME; az identity show --query id)`);
    if (ctx.text('container-apps-environment') === undefined) {
        for (const input of CREATE_INPUTS)
            if (ctx.read(input) !== '')
                ctx.problem(input, 'says how to create a missing app: set container-apps-environment too (the environment to create it in)');
        return undefined;
    }
    const username = ctx.text('registry-username');
    const password = ctx.text('registry-password');
    if (!environment)
        return undefined;
    return {
        environment,
        targetPort,
        external: ingress === 'external',
        pullIdentity,
        registryCredentials: username && password ? { username, password } : undefined,
    };
}
function readContainerAppsInputs(ctx, common) {
    const account = { identity: common.azure, subscriptionId: (0,azure_inputs/* readAzureSubscription */.bh)(ctx) };
    const app = ctx.text('container-apps-app');
    const job = ctx.text('container-apps-job');
    if (app !== undefined && job !== undefined)
        ctx.problem('container-apps-app', 'and container-apps-job exclude each other: deploy an app, or update a job');
    if (app === undefined && job === undefined)
        ctx.problem('container-apps-app', 'is required with runtime container-apps: the app name (or set container-apps-job to update a job)');
    for (const [input, name] of [
        ['container-apps-app', app],
        ['container-apps-job', job],
    ]) {
        if (name !== undefined && !APP_NAME.test(name))
            ctx.problem(input, `"${name}" is not a Container Apps name: 2 to 32 lower-case letters, digits and single hyphens, starting with a letter`);
    }
    const resourceGroup = ctx.text('azure-resource-group');
    if (resourceGroup === undefined)
        ctx.problem('azure-resource-group', `is required with runtime container-apps: the resource group of the ${job ? 'job' : 'app'}`);
    else if (!RESOURCE_GROUP.test(resourceGroup))
        ctx.problem('azure-resource-group', `"${resourceGroup}" is not a resource group name`);
    const container = ctx.text('container-apps-container');
    if (container !== undefined && !CONTAINER_NAME.test(container))
        ctx.problem('container-apps-container', `"${container}" is not a container name (lower-case letters, digits and hyphens)`);
    const revisionSuffix = ctx.text('revision-suffix');
    if (revisionSuffix !== undefined && (!SUFFIX.test(revisionSuffix) || `${app ?? ''}--${revisionSuffix}`.length > 64))
        ctx.problem('revision-suffix', `"${revisionSuffix}" is not a revision suffix: lower-case letters, digits and single hyphens, and the app name plus "--" plus the suffix within 64 characters`);
    const label = ctx.text('revision-tag');
    if (label !== undefined && !SUFFIX.test(label))
        ctx.problem('revision-tag', `"${label}" is not a traffic label: lower-case letters, digits and single hyphens`);
    // The label's URL is APP---LABEL.ENVDOMAIN, and a DNS label holds at most 63 characters.
    else if (label !== undefined && app !== undefined && `${app}---${label}`.length > 63)
        ctx.problem('revision-tag', `"${label}" is too long for app ${app}: its URL's first part, ${app}---${label}, must be 63 characters or fewer (use at most ${Math.max(0, 60 - app.length)})`);
    const noTraffic = ctx.boolean('no-traffic', false);
    const execute = ctx.boolean('execute-job', false);
    const env = readEnv(ctx);
    const flags = inputs_readFlags(ctx);
    const waitTimeoutSeconds = ctx.integer('wait-timeout', 600, 1, 86_400, 'seconds');
    const isJob = job !== undefined && app === undefined;
    const create = isJob ? undefined : readCreate(ctx, resourceGroup);
    if (isJob) {
        for (const appOnly of [
            'no-traffic',
            'revision-tag',
            'revision-suffix',
            'container-apps-environment',
            ...CREATE_INPUTS,
        ])
            // no-traffic arrives as "false" on every runner (action.yml's default): only true is asking for it.
            if (appOnly === 'no-traffic' ? noTraffic : ctx.read(appOnly) !== '')
                ctx.problem(appOnly, 'applies to a Container App, not to a job');
        if (flags.minReplicas !== undefined || flags.maxReplicas !== undefined)
            ctx.problem('container-apps-flags', 'min-replicas and max-replicas apply to a Container App, not to a job');
    }
    else if (execute) {
        ctx.problem('execute-job', 'applies to a Container Apps job (container-apps-job), not to an app');
    }
    if (ctx.problems.length > 0 || resourceGroup === undefined)
        return undefined;
    if (isJob) {
        const { cpu, memory } = flags;
        return {
            kind: 'job',
            account,
            resourceGroup,
            job: job,
            container,
            env,
            flags: { cpu, memory },
            execute,
            waitTimeoutSeconds,
        };
    }
    if (app === undefined)
        return undefined;
    return {
        kind: 'app',
        account,
        resourceGroup,
        app,
        container,
        env,
        flags,
        revisionSuffix,
        noTraffic,
        label,
        create,
        waitTimeoutSeconds,
    };
}

;// CONCATENATED MODULE: ./src/runtimes/container-apps/module.ts

const containerAppsModule = {
    readInputs: (ctx, common) => readContainerAppsInputs(ctx, common),
    load: async (inputs) => {
        const { defaultArmAccess } = await __nccwpck_require__.e(/* import() */ 272).then(__nccwpck_require__.bind(__nccwpck_require__, 37272));
        if (inputs.kind === 'job')
            return (await Promise.all(/* import() */[__nccwpck_require__.e(259), __nccwpck_require__.e(58)]).then(__nccwpck_require__.bind(__nccwpck_require__, 37058))).containerAppsJobRuntime(inputs, defaultArmAccess(inputs.account));
        return (await Promise.all(/* import() */[__nccwpck_require__.e(259), __nccwpck_require__.e(759)]).then(__nccwpck_require__.bind(__nccwpck_require__, 97759))).containerAppsRuntime(inputs, defaultArmAccess(inputs.account));
    },
    describeLeg: (inputs) => `container-apps ${inputs.resourceGroup}/${inputs.kind === 'job' ? `job ${inputs.job}` : inputs.app}`,
};

;// CONCATENATED MODULE: ./src/input-reader.ts
/**
 * Reading inputs with every problem collected: typed readers for booleans, lists, numbers, enums,
 * KEY=VALUE lines and JSON, each recording what is wrong with the input's name instead of throwing.
 */

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Splits a list input on newlines and commas, as docker/metadata-action does; drops blanks, comments and duplicates. */
function parseList(value) {
    const items = value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter((item) => item !== '' && !item.startsWith('#'));
    return [...new Set(items)];
}
class InputContext {
    read;
    problems = [];
    constructor(read) {
        this.read = read;
    }
    problem(input, message) {
        this.problems.push({ input, message });
        return undefined;
    }
    has(input) {
        return this.problems.some((p) => p.input === input);
    }
    text(name) {
        return this.read(name) || undefined;
    }
    boolean(name, fallback) {
        const value = this.read(name);
        if (value === '')
            return fallback;
        if (TRUE_VALUES.includes(value))
            return true;
        if (FALSE_VALUES.includes(value))
            return false;
        this.problem(name, `"${value}" is not a boolean; use true or false`);
        return fallback;
    }
    list(name) {
        return parseList(this.read(name));
    }
    oneOf(name, values, fallback) {
        const value = this.read(name);
        if (value === '')
            return fallback;
        if (values.includes(value))
            return value;
        this.problem(name, `"${value}" is not one of: ${values.join(', ')}`);
        return fallback;
    }
    integer(name, fallback, min, max, unit) {
        const value = this.read(name);
        if (value === '')
            return fallback;
        const number = Number(value);
        if (!Number.isInteger(number) || number < min || number > max) {
            this.problem(name, `"${value}" must be a whole number of ${unit} from ${min} to ${max}`);
            return fallback;
        }
        return number;
    }
    /**
     * A duration: a whole number with a unit (90s, 30m, 2h), or a bare number in the given unit.
     * Returns seconds.
     */
    duration(name, fallbackSeconds, minSeconds, maxSeconds, bareUnit) {
        const value = this.read(name);
        if (value === '')
            return fallbackSeconds;
        const match = /^(\d+)\s*(s|m|h)?$/.exec(value);
        const seconds = match
            ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? bareUnit)]
            : NaN;
        if (!Number.isFinite(seconds) || seconds < minSeconds || seconds > maxSeconds) {
            this.problem(name, `"${value}" is not a duration from ${minSeconds} s to ${maxSeconds / 3600} h: a whole number with s, m or h (90s, 30m, 2h; a bare number is ${bareUnit === 'm' ? 'minutes' : 'seconds'})`);
            return fallbackSeconds;
        }
        return seconds;
    }
    /** KEY=VALUE lines (blank lines and # comments skipped); the value is everything after the first "=". */
    keyValues(name, keyPattern = ENV_NAME, example = 'LOG_LEVEL=info') {
        const result = {};
        for (const [index, raw] of this.read(name).split('\n').entries()) {
            const line = raw.trim();
            if (line === '' || line.startsWith('#'))
                continue;
            const equals = line.indexOf('=');
            const key = equals < 0 ? line : line.slice(0, equals).trim();
            if (equals < 0 || !keyPattern.test(key)) {
                this.problem(name, `line ${index + 1} ("${line.slice(0, 40)}") is not KEY=VALUE with a valid name, e.g. ${example}`);
                continue;
            }
            if (key in result)
                this.problem(name, `${key} is set twice (lines are KEY=VALUE, one name per line)`);
            result[key] = line.slice(equals + 1);
        }
        return result;
    }
    /** A JSON object given inline. */
    jsonObject(name) {
        const value = this.read(name);
        if (value === '')
            return undefined;
        try {
            const parsed = JSON.parse(value);
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
                return parsed;
            this.problem(name, 'must be a JSON object ({ … })');
        }
        catch (error) {
            this.problem(name, `is not valid JSON: ${error.message}`);
        }
        return undefined;
    }
}
/** Reads a file an input names as one JSON object; a problem with that input when it is not one. */
function readJsonFile(ctx, input, path) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        return ctx.problem(input, `cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    }
    try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
            return parsed;
        return ctx.problem(input, `${path} must hold a JSON object`);
    }
    catch (error) {
        return ctx.problem(input, `${path} is not valid JSON: ${error.message}`);
    }
}

// EXTERNAL MODULE: ./src/runtimes/ecs/options.ts
var options = __nccwpck_require__(26709);
// EXTERNAL MODULE: ./src/runtimes/ecs/settings-inputs.ts
var settings_inputs = __nccwpck_require__(24658);
;// CONCATENATED MODULE: ./src/runtimes/ecs/inputs.ts
/** The ECS runtime's inputs: a service update or a one-off task. */




const TASK_DEFINITION_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}(?::\d+)?$/;
const TASK_DEFINITION_NAME = /^[A-Za-z0-9_-]{1,255}(?::\d+)?$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
/** The region for AWS calls: the input, the environment aws-actions/configure-aws-credentials sets, or the AWS registry host's. */
function awsRegion(ctx, destination, env = process.env) {
    const registry = destination && (0,registries/* registryTraits */.Tc)(destination);
    const region = ctx.text('aws-region') ??
        env.AWS_REGION ??
        env.AWS_DEFAULT_REGION ??
        (registry?.cloud === 'aws' ? registry.region : undefined);
    if (region !== undefined && !REGION.test(region))
        return ctx.problem('aws-region', `"${region}" is not an AWS region, e.g. us-east-1`);
    return region;
}
function readNetwork(ctx) {
    const values = ctx.keyValues('ecs-network', /^(subnets|security-groups|assign-public-ip)$/, 'subnets=subnet-0a1b,subnet-2c3d');
    if (Object.keys(values).length === 0)
        return undefined;
    const split = (text) => (text ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const subnets = split(values.subnets);
    const securityGroups = split(values['security-groups']);
    if (subnets.length === 0)
        ctx.problem('ecs-network', 'needs subnets=subnet-…[,subnet-…]');
    for (const id of subnets)
        if (!/^subnet-[0-9a-f]+$/.test(id))
            ctx.problem('ecs-network', `"${id}" is not a subnet id (subnet-…)`);
    for (const id of securityGroups)
        if (!/^sg-[0-9a-f]+$/.test(id))
            ctx.problem('ecs-network', `"${id}" is not a security group id (sg-…)`);
    const ip = values['assign-public-ip'];
    if (ip !== undefined && !['true', 'false'].includes(ip))
        ctx.problem('ecs-network', `assign-public-ip must be true or false, not "${ip}"`);
    return { subnets, securityGroups, assignPublicIp: ip === undefined ? undefined : ip === 'true' };
}
function readEcsInputs(ctx, destination) {
    const region = awsRegion(ctx, destination);
    if (region === undefined && !ctx.has('aws-region')) {
        ctx.problem('aws-region', 'is required for ECS when the destination is not an ECR repository and AWS_REGION is not set');
    }
    const cluster = ctx.text('ecs-cluster') ?? ctx.problem('ecs-cluster', 'is required with runtime ecs: the cluster name or ARN');
    const service = ctx.text('ecs-service');
    const runTask = ctx.boolean('ecs-run-task', false);
    if (service !== undefined && runTask)
        ctx.problem('ecs-service', 'and ecs-run-task: true exclude each other: update a service, or run a one-off task');
    const schedule = (0,options/* readScheduledTask */.bH)(ctx);
    if (ctx.read('ecs-scheduled-task') !== '' && (service !== undefined || runTask))
        ctx.problem('ecs-scheduled-task', 'excludes ecs-service and ecs-run-task: update a service, run a task, or move a schedule');
    if (service === undefined && !runTask && ctx.read('ecs-scheduled-task') === '')
        ctx.problem('ecs-service', 'is required with runtime ecs (or set ecs-run-task: true to run a one-off task, or ecs-scheduled-task to move a schedule)');
    const definitionText = ctx.text('ecs-task-definition');
    let taskDefinition;
    if (definitionText !== undefined) {
        if (TASK_DEFINITION_ARN.test(definitionText) || TASK_DEFINITION_NAME.test(definitionText)) {
            taskDefinition = { kind: 'name', value: definitionText };
        }
        else if (definitionText.endsWith('.json') || definitionText.includes('/')) {
            const definition = readJsonFile(ctx, 'ecs-task-definition', definitionText);
            if (definition && !Array.isArray(definition.containerDefinitions)) {
                ctx.problem('ecs-task-definition', `${definitionText} has no containerDefinitions; it should hold a task definition as \`aws ecs describe-task-definition\` prints its taskDefinition`);
            }
            if (definition)
                taskDefinition = { kind: 'file', path: definitionText, definition };
        }
        else {
            ctx.problem('ecs-task-definition', `"${definitionText}" is not a family[:revision], a task definition ARN, or a path to a .json file`);
        }
    }
    else if (runTask) {
        ctx.problem('ecs-task-definition', 'is required with ecs-run-task: true (a family[:revision], an ARN, or a .json file)');
    }
    const environment = ctx.keyValues('ecs-environment');
    const common = {
        environment,
        settings: (0,settings_inputs/* readEcsSettings */.RH)(ctx, environment),
        waitForStability: ctx.boolean('wait-for-stability', true),
        waitTimeoutSeconds: ctx.integer('wait-timeout', 600, 1, 86_400, 'seconds'),
        codeDeploy: (0,options/* readCodeDeployInputs */.Ig)(ctx),
    };
    if (service === undefined) {
        for (const input of ['codedeploy-application', 'codedeploy-deployment-group'])
            if (ctx.read(input) !== '')
                ctx.problem(input, 'applies to a service (ecs-service) deployed by CodeDeploy');
    }
    const launchType = ctx.text('ecs-launch-type');
    if (launchType !== undefined && !['EC2', 'FARGATE', 'EXTERNAL'].includes(launchType)) {
        ctx.problem('ecs-launch-type', `"${launchType}" is not one of: EC2, FARGATE, EXTERNAL`);
    }
    const mode = service !== undefined
        ? { kind: 'service', service, ...(0,settings_inputs/* readServiceOptions */.EG)(ctx, common.waitForStability) }
        : runTask
            ? {
                kind: 'task',
                launchType: launchType,
                network: readNetwork(ctx),
                overrides: ctx.jsonObject('ecs-overrides'),
                waitFor: ctx.oneOf('wait-for', ['stopped', 'running'], 'stopped'),
                ...(0,settings_inputs/* readTaskOptions */.YU)(ctx),
            }
            : schedule && !service
                ? { kind: 'scheduled', schedule }
                : undefined;
    if (mode !== undefined && mode.kind !== 'task' && !runTask) {
        for (const taskOnly of ['ecs-launch-type', 'ecs-network', 'ecs-overrides', 'wait-for', ...settings_inputs/* TASK_ONLY_INPUTS */.p2]) {
            if (ctx.read(taskOnly) !== '')
                ctx.problem(taskOnly, mode.kind === 'service'
                    ? 'applies to one-off tasks (ecs-run-task: true), not to a service update'
                    : 'applies to one-off tasks (ecs-run-task: true); a scheduled task keeps the settings of its target');
        }
    }
    if (mode !== undefined && mode.kind !== 'service') {
        for (const serviceOnly of settings_inputs/* SERVICE_ONLY_INPUTS */.Tf) {
            if (ctx.read(serviceOnly) !== '')
                ctx.problem(serviceOnly, `applies to a service update (ecs-service), not to ${mode.kind === 'task' ? 'a one-off task' : 'a scheduled task'}`);
        }
    }
    if (!region || !cluster || !mode)
        return undefined;
    return { region, cluster, mode, taskDefinition, ...common };
}

;// CONCATENATED MODULE: ./src/runtimes/ecs/module.ts


const ecsModule = {
    readInputs: (ctx, common) => readEcsInputs(ctx, common.destinationFamily),
    load: async (inputs) => (await Promise.all(/* import() */[__nccwpck_require__.e(118), __nccwpck_require__.e(861), __nccwpck_require__.e(732), __nccwpck_require__.e(806)]).then(__nccwpck_require__.bind(__nccwpck_require__, 89806))).ecsRuntime(inputs),
    describeLeg: ({ cluster, mode }) => `ecs ${cluster}/${mode.kind === 'service' ? mode.service : mode.kind === 'scheduled' ? (0,options/* describeScheduledTask */.M4)(mode.schedule) : 'task'}`,
};

// EXTERNAL MODULE: ./src/runtimes/kubernetes/inputs.ts
var kubernetes_inputs = __nccwpck_require__(19937);
;// CONCATENATED MODULE: ./src/runtimes/kubernetes/module.ts

const kubernetesModule = {
    readInputs: (ctx, common) => (0,kubernetes_inputs/* readKubernetesInputs */.Ed)(ctx, common),
    load: async (inputs) => (await __nccwpck_require__.e(/* import() */ 775).then(__nccwpck_require__.bind(__nccwpck_require__, 74775))).kubernetesRuntime(inputs),
    describeLeg: (inputs) => `kubernetes ${(0,kubernetes_inputs/* describeCluster */.K$)(inputs.cluster)}${inputs.namespace ? `/${inputs.namespace}` : ''} ${inputs.workloads.map(kubernetes_inputs/* workloadLabel */.Uq).join(', ')}`,
};

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(77030);
// EXTERNAL MODULE: ./src/secret-mask.ts
var secret_mask = __nccwpck_require__(20824);
;// CONCATENATED MODULE: ./src/runtimes/vm/inputs.ts
/** The inputs of the VM runtime: hosts reached over SSH, and the container to run there. */


const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9a-fA-F:]+\]?)$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const CONTAINER = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const RUN_FLAG = /^--?[a-zA-Z][a-zA-Z0-9-]*(?:=[^\n\r]*)?$/;
/** Flags the runtime sets itself; a second value would fight with it. */
const RESERVED_FLAGS = [
    '--name',
    '--cidfile',
    '-d',
    '--detach',
    '--rm',
    '-p',
    '--publish',
    '-e',
    '--env',
    '--env-file',
    '-i',
    '-t',
    '--interactive',
    '--tty',
];
function readVmInputs(ctx) {
    const privateKey = ctx.read('ssh-private-key');
    (0,secret_mask/* maskSecret */.$)(privateKey);
    const hosts = ctx.list('ssh-host');
    if (hosts.length === 0)
        ctx.problem('ssh-host', 'is required with runtime vm: one host, or several (newline- or comma-separated)');
    for (const host of hosts)
        if (!HOST.test(host))
            ctx.problem('ssh-host', `"${host}" is not a host name or IP address`);
    const port = ctx.integer('ssh-port', 22, 1, 65_535, 'port');
    const user = ctx.text('ssh-user') ?? ctx.problem('ssh-user', 'is required with runtime vm');
    if (user !== undefined && !USER.test(user))
        ctx.problem('ssh-user', `"${user}" is not a user name`);
    if (!privateKey)
        ctx.problem('ssh-private-key', 'is required with runtime vm: the private key (PEM or OpenSSH format) of ssh-user, from a secret');
    else if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey))
        ctx.problem('ssh-private-key', 'is not a private key (it should start with -----BEGIN … PRIVATE KEY-----)');
    const knownHosts = ctx.read('ssh-known-hosts');
    if (!knownHosts) {
        ctx.problem('ssh-known-hosts', 'is required: the host keys to trust, as `ssh-keyscan HOST` prints them (verify them out of band); an unknown host is never trusted');
    }
    const containerName = ctx.text('container-name') ??
        ctx.problem('container-name', 'is required with runtime vm: the name of the container to replace');
    if (containerName !== undefined && !CONTAINER.test(containerName))
        ctx.problem('container-name', `"${containerName}" is not a container name (letters, digits, "_", "." and "-")`);
    const runOptions = [];
    const published = [];
    for (const text of ctx.list('ports')) {
        const mapping = parsePortMapping(text);
        const clash = typeof mapping === 'string' ? undefined : published.find((other) => overlaps(other, mapping));
        if (typeof mapping === 'string')
            ctx.problem('ports', mapping);
        else if (clash)
            ctx.problem('ports', `"${text}" publishes a host port that "${clash.text}" publishes already`);
        else {
            published.push(mapping);
            runOptions.push('--publish', text);
        }
    }
    for (const [name, value] of Object.entries(ctx.keyValues('container-env')))
        runOptions.push('--env', `${name}=${value}`);
    for (const flag of ctx
        .read('container-args')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))) {
        const name = flag.split('=')[0];
        if (!RUN_FLAG.test(flag))
            ctx.problem('container-args', `"${flag}" is not one docker run flag (--flag or --flag=value, one per line)`);
        else if (RESERVED_FLAGS.includes(name))
            ctx.problem('container-args', `${name} is set by the action (use container-name, ports or container-env)`);
        else
            runOptions.push(flag);
    }
    const health = ctx.text('health-check');
    const healthCheck = health === undefined ? undefined : parseHealthCheck(health);
    if (typeof healthCheck === 'string')
        ctx.problem('health-check', healthCheck);
    const healthTimeoutSeconds = ctx.integer('health-timeout', 60, 1, 3600, 'seconds');
    if (!user || !privateKey || !knownHosts || !containerName || hosts.length === 0)
        return undefined;
    return {
        hosts,
        port,
        user,
        privateKey,
        knownHosts,
        containerName,
        runOptions,
        healthCheck: typeof healthCheck === 'string' ? undefined : healthCheck,
        healthTimeoutSeconds,
    };
}
const MAPPING_FORM = /^(?:(\d+\.\d+\.\d+\.\d+|\[[^\]]*\]):)?(\d+(?:-\d+)?):(\d+(?:-\d+)?)(?:\/(.*))?$/;
const PROTOCOLS = ['tcp', 'udp', 'sctp'];
/** The mapping, or what is wrong with it. */
function parsePortMapping(text) {
    const match = MAPPING_FORM.exec(text);
    if (!match) {
        return `"${text}" is not HOST_PORT:CONTAINER_PORT (optionally IP: in front, /tcp, /udp or /sctp behind, ranges as 8000-8010:8000-8010), e.g. 80:8080`;
    }
    const [, ip = '', hostText, containerText, protocol = 'tcp'] = match;
    if (ip.startsWith('[') ? !(0,external_node_net_.isIPv6)(ip.slice(1, -1)) : ip !== '' && !(0,external_node_net_.isIPv4)(ip))
        return `"${text}": ${ip} is not an IPv4 address or a bracketed IPv6 address ([::1])`;
    if (!PROTOCOLS.includes(protocol))
        return `"${text}": "${protocol}" is not tcp, udp or sctp`;
    const host = portRange(hostText);
    const container = portRange(containerText);
    for (const [side, range, rangeText] of [
        ['host', host, hostText],
        ['container', container, containerText],
    ]) {
        if (typeof range === 'string')
            return `"${text}": the ${side} port ${range}`;
        if (range[0] > range[1])
            return `"${text}": the ${side} port range ${rangeText} runs backwards`;
    }
    const [hostFrom, hostTo] = host;
    const [containerFrom, containerTo] = container;
    if (hostTo - hostFrom !== containerTo - containerFrom)
        return `"${text}": the host range ${hostText} and the container range ${containerText} are not the same length`;
    return { text, ip, host: [hostFrom, hostTo], protocol };
}
function portRange(text) {
    const ends = text.split('-').map(Number);
    const bad = ends.find((port) => !Number.isInteger(port) || port < 1 || port > 65_535);
    if (bad !== undefined)
        return `${bad} is not from 1 to 65535`;
    return [ends[0], ends[ends.length - 1]];
}
const EVERY_ADDRESS = ['', '0.0.0.0', '[::]'];
/** Two mappings that would bind the same host port (docker would refuse the second). */
function overlaps(a, b) {
    const sameAddress = a.ip === b.ip || EVERY_ADDRESS.includes(a.ip) || EVERY_ADDRESS.includes(b.ip);
    return a.protocol === b.protocol && sameAddress && a.host[0] <= b.host[1] && b.host[0] <= a.host[1];
}
/**
 * The health check: an http(s):// URL (fetched from the VM), or else a command run in the
 * container. A value that starts like another URL (file:, gopher://, ftp://, or host:port without
 * a scheme) is neither, so it is refused rather than run as a command.
 */
function parseHealthCheck(value) {
    const firstWord = value.split(/\s/, 1)[0];
    if (/^https?:\/\//i.test(value)) {
        try {
            const url = new URL(value);
            if (url.hostname)
                return { kind: 'url', url: url.toString() };
        }
        catch {
            // Reported below.
        }
        return `"${value}" is not a valid http(s) URL (it needs a host, e.g. http://127.0.0.1:8080/healthz)`;
    }
    if (firstWord.includes(':') && !firstWord.includes('=')) {
        const hint = /^[\w.-]+:\d+(?:\/|$)/.test(firstWord) ? ` (did you mean http://${value}?)` : '';
        return (`"${value}" is neither an http:// or https:// URL nor a command${hint}: give a URL the VM can fetch, ` +
            'or a command to run in the container, e.g. wget -q -O /dev/null http://127.0.0.1:8080/healthz');
    }
    return { kind: 'command', command: value };
}

;// CONCATENATED MODULE: ./src/runtimes/vm/module.ts

const vmModule = {
    readInputs: (ctx) => readVmInputs(ctx),
    load: async (inputs) => (await __nccwpck_require__.e(/* import() */ 20).then(__nccwpck_require__.bind(__nccwpck_require__, 75020))).vmRuntime(inputs),
    describeLeg: ({ hosts }) => `vm ${hosts.join(', ')}`,
};

;// CONCATENATED MODULE: ./src/runtimes/index.ts





// Declared with the mapped type (not only `satisfies` it) so that RUNTIMES[name] keeps the link
// between a name and its inputs type in the generic functions below.
const RUNTIMES = {
    // Push only: no inputs, nothing to load, nothing to add to the leg.
    none: { readInputs: () => undefined, load: async () => undefined, describeLeg: () => undefined },
    ecs: ecsModule,
    vm: vmModule,
    'cloud-run': cloudRunModule,
    'container-apps': containerAppsModule,
    kubernetes: kubernetesModule,
};
/** Every runtime name, in the table's order (the order error messages list them in). */
const RUNTIME_NAMES = Object.keys(RUNTIMES);
function isRuntimeName(text) {
    return Object.hasOwn(RUNTIMES, text);
}
/** Reads the inputs of runtime NAME; problems go to ctx, and the result is meant only when there are none. */
function readRuntimeInputs(runtime, ctx, common) {
    const module = RUNTIMES[runtime];
    // undefined only when ctx has a problem, and then the caller throws instead of using it
    const runtimeInputs = module.readInputs(ctx, common);
    return { runtime, runtimeInputs };
}
/** The runtime for this run, loaded only when used; undefined for push only. */
function loadRuntime(selection) {
    const { runtime, runtimeInputs } = selection;
    const module = RUNTIMES[runtime];
    return module.load(runtimeInputs);
}
/** Where the run deploys, for the leg label; undefined for push only. */
function describeLeg(selection) {
    const { runtime, runtimeInputs } = selection;
    const module = RUNTIMES[runtime];
    return module.describeLeg(runtimeInputs);
}

;// CONCATENATED MODULE: ./src/run/leg.ts


/** Its destination, and where it deploys. */
function legOf(inputs) {
    const destination = (0,reference/* repositoryName */.aR)(inputs.destination);
    const deploysTo = describeLeg(inputs);
    return deploysTo === undefined ? destination : `${destination} → ${deploysTo}`;
}

;// CONCATENATED MODULE: ./src/run/execute.ts
/**
 * The execute stage of a deploying run: a GitHub deployment opened for it, and the push (the
 * runtime's deploy follows it in run()). Each returns what the report needs of it.
 */



/** A GitHub deployment for the run, when a token and an environment are given. */
async function openDeployment(inputs, event, env, digest) {
    if (!inputs.githubToken || !inputs.environment)
        return undefined;
    return startDeployment({
        token: inputs.githubToken,
        repo: event.repo,
        ref: event.sha,
        environment: inputs.environment,
        description: `${legOf(inputs)} @ ${digest.slice(0, 19)}`,
        logUrl: runUrl(env),
    });
}
/**
 * Opens a connection to the destination registry while the source is read and the setup checked,
 * so its first request (after prepare) does not also wait for a handshake: only a connection, no
 * request reaches it before prepare. Not for a plan (it pushes nothing), nor for the source's own
 * registry, whose connections are open already. There the push scope is not asked for early
 * either: a token service may refuse a whole request when push is denied, and that must be said
 * by the push, after prepare, not by the source read (so a copy within one registry takes two
 * tokens, the source's and the push's).
 */
function preconnectDestination(inputs, access, source, planning) {
    if (planning || source.location?.registry === inputs.destination.registry)
        return;
    access.clientFor(inputs.destination.registry).preconnect();
}
/**
 * Whether the destination's tags are worth asking for: not for a retag inside the source's own
 * repository, where the push writes the tags without looking (copy.ts), so the answer would go unread.
 */
function destinationIsSource(inputs, source) {
    return (source.location?.registry === inputs.destination.registry &&
        source.location.repository === inputs.destination.repository);
}
/**
 * Starts asking what the destination's tags hold, so the destination answers while the source is
 * read (one round trip for both, not one after the other). The push awaits it; a run that ends
 * sooner leaves it unread.
 */
function lookUpDestinationTags(inputs, access, tags) {
    const client = access.clientFor(inputs.destination.registry);
    const { repository } = inputs.destination;
    client.willPush(repository); // the token asked for now is the one the push uses
    const lookup = Promise.all(tags.map((tag) => client.headManifest(repository, tag)));
    lookup.catch(() => { }); // the push reports a failure, with the request that failed
    return lookup;
}
async function push({ inputs, source, access, destination, repository, log, current, }) {
    const pushStarted = performance.now();
    const copied = await copyImage({
        source,
        target: { client: access.clientFor(inputs.destination.registry), repository: inputs.destination.repository },
        tags: destination.tags,
        copyReferrers: inputs.copyReferrers,
        immutableTags: repository?.immutableTags ?? false,
        log,
        ...(current && { current }),
    });
    const requests = access.requestCounts();
    const s = copied.stats;
    log(copied.upToDate
        ? `${destination.refs.join(', ')} already at ${copied.digest}: nothing to push`
        : `pushed ${copied.digest} in ${((performance.now() - pushStarted) / 1000).toFixed(3)} s: ` +
            `${s.uploaded} blobs uploaded, ${s.mounted} mounted, ${s.skipped} already there`);
    if (copied.related.referrers > 0 || copied.related.tags.length > 0) {
        log(`with it: ${copied.related.referrers} referrers (signatures, SBOMs, attestations)` +
            (copied.related.tags.length ? `, tags ${copied.related.tags.join(', ')}` : ''));
    }
    log(`requests: ${Object.entries(requests)
        .map(([registry, count]) => `${registry} ${count}`)
        .join(', ')}`);
    return { copied, requests };
}
/** This run's page, for links from a deployment. */
function runUrl(env) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
    return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

;// CONCATENATED MODULE: ./src/registries/endpoints-input.ts
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const ENDPOINT = /^(?:\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(?::(?<port>\d{1,5}))?$/;
const EXAMPLE = 'us-docker.pkg.dev=10.10.0.5 or 123456789012.dkr.ecr.us-east-1.amazonaws.com=10.0.3.17:443';
/** `HOST=ENDPOINT` lines: every request for HOST (registry and token service) connects to ENDPOINT. */
function readRegistryEndpoints(ctx) {
    const endpoints = new Map();
    for (const line of ctx.list('registry-endpoints')) {
        const [host = '', endpoint = '', ...rest] = line.split('=').map((part) => part.trim().toLowerCase());
        const port = ENDPOINT.exec(endpoint)?.groups?.port;
        if (rest.length > 0 || !HOST_NAME.test(host) || !ENDPOINT.test(endpoint) || (port && Number(port) > 65535)) {
            ctx.problem('registry-endpoints', `"${line}" is not HOST=ENDPOINT (a registry host name, then the address to connect to: host, IP or [IPv6], with an optional port), e.g. ${EXAMPLE}`);
        }
        else if (endpoints.has(host)) {
            ctx.problem('registry-endpoints', `${host} is given twice`);
        }
        else {
            endpoints.set(host, endpoint);
        }
    }
    return endpoints;
}

;// CONCATENATED MODULE: ./src/registries/ecr-options.ts
/** The ECR repository options: how a repository this run creates is set up. */

function readEcrOptions(ctx) {
    const policyPath = ctx.text('ecr-lifecycle-policy');
    const policy = policyPath === undefined ? undefined : readJsonFile(ctx, 'ecr-lifecycle-policy', policyPath);
    return {
        imageTagMutability: ctx.oneOf('ecr-image-tag-mutability', ['MUTABLE', 'IMMUTABLE'], 'MUTABLE'),
        scanOnPush: ctx.boolean('ecr-scan-on-push', false),
        lifecyclePolicy: policy && JSON.stringify(policy),
    };
}

;// CONCATENATED MODULE: ./src/inputs.ts
/**
 * Reads every input once into one typed, validated object. All problems are collected and
 * reported together, before any network call, each naming the input and what a valid value is.
 */













const DEPLOY_RULES = ['always', 'merged-pull-request', 'default-branch', 'tag'];
class InputError extends user_error/* UserError */.y {
    problems;
    constructor(problems) {
        const names = [...new Set(problems.map((p) => p.input))];
        super(problems.length === 1
            ? `Input "${problems[0].input}": ${problems[0].message}`
            : `${problems.length} inputs are invalid:\n${problems.map((p) => `- "${p.input}": ${p.message}`).join('\n')}`, `Invalid input${names.length > 1 ? 's' : ''} ${names.join(', ')}`);
        this.problems = problems;
        this.name = 'InputError';
    }
}
/** Reads an input the way @actions/core does (INPUT_<NAME> with spaces as "_", upper-cased), trimmed. */
const actionInputReader = (name) => workflow_commands/* getInput */.V4(name);
function readInputs(read = actionInputReader, setSecret = workflow_commands/* setSecret */.Pq) {
    const ctx = new InputContext(read);
    // Secrets are masked the moment they are read, before anything can print them.
    const registryPassword = read('registry-password');
    (0,secret_mask/* maskSecret */.$)(registryPassword, setSecret); // may be a multi-line JSON key (Artifact Registry's _json_key)
    const githubToken = read('github-token');
    (0,secret_mask/* maskSecret */.$)(githubToken, setSecret);
    (0,secret_mask/* maskSecret */.$)(read('kubeconfig'), setSecret); // runtime kubernetes: a kubeconfig with tokens or keys, masked line by line
    const imageText = read('image');
    let source;
    if (imageText === '') {
        ctx.problem('image', 'is required: the image to deploy, e.g. ghcr.io/org/app:1.2.3 or oci-layout:./out:1.2.3');
    }
    else {
        try {
            source = (0,reference/* parseSource */.PJ)(imageText);
        }
        catch (error) {
            if (!(error instanceof reference/* ReferenceError */.AF))
                throw error;
            ctx.problem('image', `${error.message}. Example: ghcr.io/org/app:1.2.3`);
        }
    }
    const destinationText = read('destination');
    let destination;
    let destinationFamily;
    if (destinationText === '') {
        ctx.problem('destination', 'is required: the repository to push to, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/app or us-docker.pkg.dev/project/repo/app');
    }
    else {
        try {
            destination = (0,reference/* parseRepository */.SU)(destinationText);
            destinationFamily = (0,registries/* detectRegistry */.v5)(destination);
            const shape = (0,registries/* destinationShapeProblem */.$S)(destinationFamily, destination.repository);
            if (shape)
                ctx.problem('destination', `"${destinationText}": ${shape}`);
        }
        catch (error) {
            if (!(error instanceof reference/* ReferenceError */.AF))
                throw error;
            ctx.problem('destination', error.message);
        }
    }
    let tags;
    if (read('tags') !== '') {
        tags = ctx.list('tags');
        if (tags.length === 0)
            ctx.problem('tags', `"${read('tags')}" names no tag: give one or more (e.g. "1.2.3, latest"), or leave it empty to reuse the source's tag`);
        for (const tag of tags) {
            const why = (0,reference/* tagProblem */.qH)(tag);
            if (why)
                ctx.problem('tags', `${why} (tags are newline- or comma-separated, e.g. "1.2.3, latest")`);
        }
    }
    const runtimeText = read('runtime') || 'none';
    if (!isRuntimeName(runtimeText)) {
        ctx.problem('runtime', `"${runtimeText}" is not a runtime; use one of: ${RUNTIME_NAMES.join(', ')}`);
    }
    const deployWhen = [];
    for (const rule of ctx.list('deploy-when').length ? ctx.list('deploy-when') : ['always']) {
        if (DEPLOY_RULES.includes(rule))
            deployWhen.push(rule);
        else
            ctx.problem('deploy-when', `"${rule}" is not a rule; use one or more of: ${DEPLOY_RULES.join(', ')}`);
    }
    const dryRun = ctx.boolean('dry-run', false);
    const copyReferrers = ctx.boolean('copy-referrers', true);
    const registryUsername = read('registry-username');
    let destinationCredentials;
    if ((registryUsername === '') !== (registryPassword === '')) {
        ctx.problem(registryUsername === '' ? 'registry-username' : 'registry-password', 'registry-username and registry-password go together: set both, or neither to use docker config.json');
    }
    else if (registryUsername !== '') {
        destinationCredentials = { username: registryUsername, password: registryPassword };
    }
    const insecureRegistries = ctx.list('insecure-registries');
    for (const host of insecureRegistries) {
        if (!/^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(?::\d{1,5})?$/.test(host)) {
            ctx.problem('insecure-registries', `"${host}" is not a registry host[:port], e.g. registry.internal:5000`);
        }
    }
    const registryEndpoints = readRegistryEndpoints(ctx);
    const environment = ctx.text('environment');
    if (environment !== undefined && environment.length > 255)
        ctx.problem('environment', 'is longer than 255 characters');
    const prComment = ctx.boolean('pr-comment', true);
    const createRepository = ctx.boolean('create-repository', false);
    const timeoutSeconds = ctx.duration('timeout', 30 * 60, 10, 6 * 3600, 'm');
    const ecr = readEcrOptions(ctx);
    const azure = (0,azure_inputs/* readAzureIdentity */._J)(ctx);
    const runtime = isRuntimeName(runtimeText)
        ? readRuntimeInputs(runtimeText, ctx, { destinationFamily, azure })
        : undefined;
    if (ctx.problems.length > 0 || !source || !destination || !destinationFamily || !runtime)
        throw new InputError(ctx.problems);
    warnWaitPastRun(runtime.runtimeInputs, timeoutSeconds);
    const common = {
        source,
        destination,
        destinationFamily,
        tags,
        deployWhen,
        dryRun,
        copyReferrers,
        destinationCredentials,
        insecureRegistries,
        registryEndpoints,
        githubToken: githubToken || undefined,
        environment,
        prComment,
        createRepository,
        ecr,
        azure,
        timeoutSeconds,
    };
    return { ...common, ...runtime };
}
/**
 * A runtime's own wait (wait-timeout; a VM's health-timeout) as long as the whole run's timeout or
 * longer cannot run its course: each wait is cut to end before the run does (leaving Kubernetes time
 * to undo, and the others time to say what is left). Said once, before anything starts.
 */
function warnWaitPastRun(runtimeInputs, timeoutSeconds) {
    const own = runtimeInputs;
    // An ECS service not waited for, or a scheduled task (only its target moves), waits for nothing.
    if (own?.waitForStability === false || own?.mode?.kind === 'scheduled')
        return;
    const waits = [
        ['wait-timeout', own?.waitTimeoutSeconds],
        ['health-timeout', own?.healthTimeoutSeconds],
    ];
    for (const [input, seconds] of waits) {
        if (typeof seconds !== 'number' || seconds < timeoutSeconds)
            continue;
        (0,warnings/* warn */.R8)(`${input} (${seconds} s) is not shorter than timeout (${(0,deadline/* formatSeconds */.Xo)(timeoutSeconds)}), the whole run's limit: ` +
            `the deploy's waits are cut to end before the run's timeout (leaving time to undo, or to say what is left), so the step may fail before ${input}. ` +
            `Raise timeout above ${input}, or lower ${input}`, `${input} and timeout`);
    }
}

;// CONCATENATED MODULE: ./src/run/io.ts
/**
 * What run() takes from the world: the runner's I/O (@actions/core's inputs, log, groups, outputs,
 * summary, masking and exit code), the GitHub event, and the environment. The action binds them
 * to the runner; tests pass their own, so run() is tested in-process.
 */



const actionsIO = {
    getInput: actionInputReader,
    setSecret: (value) => workflow_commands/* setSecret */.Pq(value),
    info: (message) => workflow_commands/* info */.pq(message),
    notice: (message) => workflow_commands/* notice */.lm(message),
    debug: (message) => workflow_commands/* debug */.Yz(message),
    warning: (message, properties) => workflow_commands/* warning */.$e(message, properties),
    error: (message, properties) => workflow_commands/* error */.z3(message, properties),
    group: (name, work) => workflow_commands/* group */.Os(name, work),
    startGroup: (name) => workflow_commands/* startGroup */.Oh(name),
    endGroup: () => workflow_commands/* endGroup */.N4(),
    setOutput: (name, value) => workflow_commands/* setOutput */.uH(name, value),
    appendSummary: async (markdown) => {
        await workflow_commands/* appendSummary */.fe(markdown);
    },
    setExitCode: (code) => {
        process.exitCode = code;
    },
    exitSoon: () => {
        setTimeout(() => process.exit(), 2000).unref();
    },
};
/**
 * The event as the runner describes it (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_SHA,
 * GITHUB_REF, GITHUB_REPOSITORY), read the way @actions/github's Context reads it. Read here rather
 * than through that package, which loads Octokit and its endpoint tables (tens of milliseconds of
 * start-up) for a run that may never call the GitHub API; octokit.ts loads it when one does.
 */
function eventFromEnv(env) {
    const path = env.GITHUB_EVENT_PATH;
    const payload = (path && (0,external_node_fs_.existsSync)(path) ? JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8')) : {});
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    const fromPayload = payload.repository;
    return {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        ref: env.GITHUB_REF ?? '',
        sha: env.GITHUB_SHA ?? '',
        payload,
        get repo() {
            if (owner && repo)
                return { owner, repo };
            if (fromPayload?.owner?.login && fromPayload.name)
                return { owner: fromPayload.owner.login, repo: fromPayload.name };
            throw new Error("the GitHub repository is unknown: GITHUB_REPOSITORY (like 'owner/repo') is not set");
        },
    };
}
/** The action as the runner starts it. */
function actionDependencies() {
    return { io: actionsIO, event: eventFromEnv(process.env), env: process.env };
}

;// CONCATENATED MODULE: ./src/run/journal.ts
class RunJournal {
    io;
    results = {};
    timings = {};
    step = 'reading the inputs';
    lastLine;
    started = Date.now();
    constructor(io) {
        this.io = io;
    }
    /** Keeps a stage's result for the report, and returns it. */
    record(stage, result) {
        this.results[stage] = result;
        return result;
    }
    /** The run's log: each line goes to the runner, and the last one is kept for a timeout's message. */
    log = (line) => {
        this.lastLine = line;
        this.io.info(line);
    };
    /** Marks the start of an untimed step (its name is what a timeout says was under way). */
    enter(step) {
        this.step = step;
    }
    /** Runs a step in a log group of its own, timing it whether or not it succeeds. */
    async timed(step, work) {
        const started = performance.now();
        this.step = step;
        this.lastLine = undefined;
        try {
            return await this.io.group(step[0].toUpperCase() + step.slice(1), work);
        }
        finally {
            this.timings[step] = (performance.now() - started) / 1000;
        }
    }
    /** What a timeout names: the step under way, its last log line, and the requests still waiting. */
    stillWaiting(requests) {
        return (`still in the ${this.step} step` +
            (this.lastLine ? ` (its last log line: "${this.lastLine}")` : '') +
            (requests.length ? `, waiting for ${requests.join('; ')}` : ''));
    }
    entries() {
        return { results: { ...this.results }, timings: { ...this.timings }, step: this.step, started: this.started };
    }
}

;// CONCATENATED MODULE: ./src/report.ts
/** What the run tells the workflow: step outputs, the job summary table, and log groups. */


function outputsFor(report) {
    const deployed = report.result === 'deployed' || report.result === 'up to date';
    return {
        digest: report.digest ?? '',
        // A push that succeeded stays reported when only the deploy after it failed.
        image: report.pushed && report.digest ? `${report.destination}@${report.digest}` : '',
        refs: report.pushed ? report.refs.join('\n') : '',
        deployed: String(deployed),
        'skipped-reason': deployed ? '' : (report.error ?? report.reason),
    };
}
function setOutputs(report, setOutput = (name, value) => workflow_commands/* setOutput */.uH(name, value)) {
    for (const [name, value] of Object.entries(outputsFor(report)))
        setOutput(name, value);
    for (const [name, value] of Object.entries(report.runtimeOutputs ?? {}))
        setOutput(name, value);
    if (report.url)
        setOutput('url', report.url);
}
function escapeCell(text) {
    return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}
function refsLabel(report) {
    if (report.pushed)
        return 'Pushed';
    return report.result === 'planned' ? 'Would push' : 'Not pushed';
}
/** The job summary as Markdown: one table (the gate's reason and any error on rows of their own), warnings, figures. */
function summaryMarkdown(report) {
    const rows = [
        ['Source', `\`${report.source}\``],
        ['Digest', report.digest ? `\`${report.digest}\`` : '—'],
        [refsLabel(report), report.refs.length ? report.refs.map((r) => `\`${r}\``).join('<br>') : '—'],
        ['Runtime', report.runtimeDetail ? `${report.runtime}: ${report.runtimeDetail}` : report.runtime],
        ...(report.runtimeRows ?? []).map((row) => [row.label, row.detail]),
        ...(report.url ? [['URL', report.url]] : []),
        ['Result', report.result],
        ['Gate', report.decision ? `${report.decision}: ${report.reason}` : report.reason],
        ...(report.error !== undefined ? [['Error', report.error]] : []),
        ['Duration', `${(report.durationMs / 1000).toFixed(1)} s`],
        ...(report.timings && Object.keys(report.timings).length
            ? [
                [
                    'Timings',
                    Object.entries(report.timings)
                        .map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
                        .join(' · '),
                ],
            ]
            : []),
    ];
    const lines = [
        `### Portable Deploy: ${escapeCell(report.leg)}`,
        '',
        '| | |',
        '|---|---|',
        ...rows.map(([key, value]) => `| ${key} | ${escapeCell(value)} |`),
    ];
    if (report.warnings.length) {
        lines.push('', `**Warnings (${report.warnings.length}):**`, '', ...report.warnings.map((w) => `- ${escapeCell(w)}`));
    }
    if (report.copy) {
        const { stats, requests } = report.copy;
        lines.push('', `Blobs: ${stats.uploaded} uploaded (${(0,progress/* formatBytes */.z3)(stats.bytesDone)} moved), ${stats.mounted} mounted, ${stats.skipped} already there. ` +
            `Requests: ${Object.entries(requests)
                .map(([registry, count]) => `${registry} ${count}`)
                .join(', ')}.`);
    }
    if (report.plan?.length)
        lines.push('', '<details><summary>Plan</summary>', '', '```', ...report.plan, '```', '</details>');
    return `${lines.join('\n')}\n`;
}
async function writeSummary(report, append = async (markdown) => {
    await workflow_commands/* appendSummary */.fe(markdown);
}, env = process.env) {
    // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write; the log has it all.
    if (!env.GITHUB_STEP_SUMMARY)
        return;
    await append(summaryMarkdown(report));
}

;// CONCATENATED MODULE: ./src/run/outcome.ts
/**
 * The report stage: the run's report built from what the journal recorded, whichever way the run
 * ended, and published as step outputs and the job summary.
 */






/**
 * The report of a run that ended so. Before the inputs were read, it names the source and
 * destination as the raw inputs give them.
 */
function reportOf(journal, ending, rawInput) {
    const { inputs, gate, root, refs, plan, push, deploy } = journal.results;
    return {
        leg: inputs ? legOf(inputs) : rawInput('destination'),
        source: inputs ? (0,reference/* formatSource */.j2)(inputs.source) : rawInput('image'),
        destination: inputs ? (0,reference/* repositoryName */.aR)(inputs.destination) : rawInput('destination'),
        runtime: inputs?.runtime ?? (rawInput('runtime') || 'none'),
        decision: gate?.decision,
        reason: ending.reason,
        result: ending.result,
        pushed: push !== undefined,
        warnings: (0,warnings/* warningsSoFar */.XW)(),
        durationMs: Date.now() - journal.started,
        refs: refs?.refs ?? [],
        timings: journal.timings,
        ...(root && { digest: root.digest }),
        ...(push && { copy: { stats: push.copied.stats, requests: push.requests } }),
        ...(plan && { plan }),
        ...(deploy && {
            runtimeOutputs: deploy.outputs,
            runtimeDetail: deploy.detail,
            ...(deploy.rows && { runtimeRows: deploy.rows }),
            ...(deploy.url && { url: deploy.url }),
        }),
        ...(ending.error !== undefined && { error: ending.error }),
    };
}
/** Step outputs, then the job summary (a summary that cannot be written is a warning, not a failure). */
async function publish(report, io, env) {
    setOutputs(report, (name, value) => io.setOutput(name, value));
    await writeSummary(report, (markdown) => io.appendSummary(markdown), env).catch((summaryError) => (0,warnings/* warn */.R8)(`could not write the job summary: ${(0,errors/* errorMessage */.gJ)(summaryError)}`));
}
/** What a failed run says: the error, and after a timeout in the deploy, what may still happen. */
function failureMessage(error, step) {
    const message = (0,errors/* errorMessage */.gJ)(error);
    if (!(error instanceof deadline/* RunTimeoutError */.NE) || step !== 'deploy')
        return message;
    // The runtime said what it had changed so far: each resource as it is left, and how to finish or undo it.
    if (error.left.length)
        return `${message}. The deploy had started; it is left so:\n${error.left.join('\n')}`;
    return `${message}. The deploy had started: the runtime may still finish it or roll it back; check the service before running again`;
}

;// CONCATENATED MODULE: ./src/github/plan-comment.ts
/**
 * The plan on a pull request, as one comment per matrix leg, updated in place on every push to
 * the pull request. A refusal (a fork's read-only token) is a warning naming the permission.
 */



function marker(leg) {
    return `<!-- portable-deploy plan: ${leg.replace(/--/g, '- -')} -->`;
}
const MAX_PAGES = 20;
async function upsertPlanComment(comment) {
    const octokit = await octokitFor(comment.token);
    const tag = marker(comment.leg);
    const body = `${tag}\n${comment.body}`;
    try {
        let existing;
        for (let page = 1; page <= MAX_PAGES && existing === undefined; page++) {
            const { data } = await octokit.rest.issues.listComments({
                ...comment.repo,
                issue_number: comment.pullRequest,
                per_page: 100,
                page,
            });
            existing = data.find((c) => c.body?.startsWith(tag))?.id;
            if (data.length < 100)
                break;
        }
        if (existing !== undefined) {
            await octokit.rest.issues.updateComment({ ...comment.repo, comment_id: existing, body });
            workflow_commands/* info */.pq(`updated the plan comment on pull request #${comment.pullRequest}`);
        }
        else {
            await octokit.rest.issues.createComment({ ...comment.repo, issue_number: comment.pullRequest, body });
            workflow_commands/* info */.pq(`posted the plan as a comment on pull request #${comment.pullRequest}`);
        }
    }
    catch (error) {
        const status = statusOf(error);
        (0,warnings/* warn */.R8)(`could not post the plan on pull request #${comment.pullRequest}: ${describeGitHubFailure(error)}.` +
            (status === 403 || status === 404
                ? ' Give the job the "pull-requests: write" permission (a pull request from a fork never has it).'
                : ''), 'Plan comment not posted');
    }
}

;// CONCATENATED MODULE: ./src/run/plan.ts
/** The plan stage: what a deploying run would push and deploy, in the log, and on the pull request. */


/** The plan, line by line: the push, then the runtime's own plan. */
function planLines(inputs, digest, refs, prepared) {
    const skipPush = prepared.deploymentPlan?.skipPush;
    return [
        ...(skipPush
            ? [`would push nothing: ${skipPush}`]
            : [`would push ${digest} to ${prepared.registry} as:`, ...refs.map((ref) => `  ${ref}`)]),
        ...(prepared.deploymentPlan?.plan ?? [
            inputs.runtime === 'none'
                ? 'would deploy: nothing (runtime "none")'
                : `would deploy to ${inputs.runtime}: not planned, its setup could not be read (see the warnings)`,
        ]),
    ];
}
function showPlan(plan, io) {
    io.startGroup('Plan');
    for (const line of plan)
        io.info(line);
    io.endGroup();
}
/** Posts (or updates) the plan on the pull request, when there is one and a token may. */
async function commentPlan(planned, inputs, event) {
    const pullRequest = event.payload.pull_request?.number;
    if (pullRequest === undefined || !inputs.githubToken || !inputs.prComment)
        return;
    await upsertPlanComment({
        token: inputs.githubToken,
        repo: event.repo,
        pullRequest,
        leg: planned.leg,
        body: summaryMarkdown(planned),
    });
}

// EXTERNAL MODULE: ./src/oci/access.ts
var access = __nccwpck_require__(81307);
;// CONCATENATED MODULE: ./src/oci/platforms.ts
/** Which platforms an image runs on: an index's entries, or a single image's config. */


const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
function isRunnable(descriptor) {
    const platform = descriptor.platform;
    return Boolean(platform?.os && platform.os !== 'unknown' && platform.architecture !== 'unknown');
}
/**
 * The os/architecture[/variant] entries the image has, e.g. ["linux/amd64", "linux/arm64/v8"];
 * empty when the image does not say (an artifact, a config without a platform).
 */
async function imagePlatforms(source, root) {
    const parsed = parseManifest(root.bytes, root.mediaType, source.description);
    if (parsed.children.length)
        return parsed.children.filter(isRunnable).map(describePlatform);
    const config = parsed.blobs[0];
    if (!config || ![media_types/* OCI_CONFIG */.TF, media_types/* DOCKER_CONFIG */.e6].includes(config.mediaType) || config.size > MAX_CONFIG_BYTES)
        return [];
    const { stream } = await source.blob(config.digest, config.size);
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(chunk);
    try {
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        return isRunnable({ ...config, ...(json && { platform: json }) })
            ? [describePlatform({ ...config, platform: json })]
            : [];
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ./src/registries/destination.ts


/**
 * Verifies (or, when asked, creates) the destination repository where the registry has an API for
 * it, through the run's registry access (its ECR clients; its client, with the credentials the push
 * will use); with none given, through an access of its own (docker config or none), closed after.
 */
async function prepareDestination(options, dryRun, log, access) {
    const family = options.destinationFamily;
    const registry = options.destination.registry;
    const own = access === undefined
        ? registryAccess({
            destination: options.destination,
            destinationCredentials: undefined,
            insecureRegistries: [],
            registryEndpoints: options.registryEndpoints ?? new Map(),
        })
        : undefined;
    const used = access ?? own;
    try {
        return await (0,registries/* familyModule */.xA)(family).prepareRepository({
            family,
            registry,
            repository: options.destination.repository,
            settings: { create: options.createRepository, ecr: options.ecr },
            dryRun,
            log,
            resources: used.resources,
            client: () => used.clientFor(registry),
        });
    }
    finally {
        await own?.close();
    }
}

;// CONCATENATED MODULE: ./src/github/pull-requests.ts

const READ_PERMISSIONS = '; give the job "pull-requests: read" and "contents: read" permissions';
function gitHubError(what, error) {
    const status = statusOf(error);
    return new GitHubError(`could not ask GitHub ${what}: ${describeGitHubFailure(error)}` +
        (status === 403 || status === 404 ? READ_PERMISSIONS : ''), { cause: error });
}
/** Finds the merged pull request GitHub links to a commit (GET /repos/{o}/{r}/commits/{sha}/pulls). */
function mergedPullRequestFinder(token, repo) {
    return async (sha) => {
        const octokit = await octokitFor(token);
        try {
            const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
            const merged = data.find((pr) => pr.merged_at !== null);
            return merged && { number: merged.number, baseRef: merged.base.ref };
        }
        catch (error) {
            throw gitHubError(`which pull request commit ${sha.slice(0, 12)} belongs to`, error);
        }
    };
}
/** The full name of a pull request's head repository, null when it was deleted (GET /repos/{o}/{r}/pulls/{n}). */
function pullRequestHeadFinder(token, repo) {
    return async (number) => {
        const octokit = await octokitFor(token);
        try {
            const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
            return data.head.repo?.full_name ?? null;
        }
        catch (error) {
            throw gitHubError(`where pull request #${number} comes from`, error);
        }
    };
}
/**
 * Which of these pull requests are closed (merged or not), asking GitHub for each
 * (GET /repos/{o}/{r}/pulls/{n}, needs "pull-requests: read").
 */
function closedPullRequestsFinder(token, repo) {
    return async (numbers) => {
        const octokit = await octokitFor(token);
        const states = await Promise.all(numbers.map(async (number) => {
            try {
                const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
                return data.state === 'closed';
            }
            catch (error) {
                throw gitHubError(`whether pull request #${number} is closed`, error);
            }
        }));
        return numbers.filter((_, i) => states[i]);
    };
}

;// CONCATENATED MODULE: ./src/run/prepare.ts
/**
 * The prepare stage: everything that can refuse the deployment is read and checked before any
 * byte moves — the runtime's setup first (read-only), then the destination repository (which a
 * deploying run may create). The registry family is asked here and nowhere else in run/.
 */









async function prepare({ inputs, planning, source, root, access, log, event, }) {
    const runtime = await loadRuntime(inputs);
    if (runtime && !root)
        throw new Error(`the ${runtime.name} runtime needs the image digest before the push`);
    const target = {
        image: `${(0,reference/* repositoryName */.aR)(inputs.destination)}@${root?.digest}`,
        registry: inputs.destination.registry,
        family: inputs.destinationFamily,
        planning,
        pullCredentials: () => access.credentialsFor(inputs.destination.registry),
        platforms: () => imagePlatforms(source, root),
        ...(event && pullRequestOf(inputs, event)),
    };
    const deploymentPlan = runtime && (await readOnlyStep(planning, `read the ${runtime.name} setup`, () => runtime.prepare(target, log)));
    for (const warning of deploymentPlan?.warnings ?? [])
        (0,warnings/* warn */.R8)(warning, `${runtime.name}: the image may not be pullable`);
    const repository = await readOnlyStep(planning, 'check the destination repository', () => prepareDestination(inputs, planning, log, access));
    return { repository, deploymentPlan, registry: (0,registries/* describeFamily */.Ko)(inputs.destinationFamily) };
}
/**
 * A read-only step before the push. In a plan it may fail only for want of access (a fork's run has
 * no cloud credentials): the plan then says what it could not read and goes on. Any other error
 * fails the plan as it would fail the deploy.
 */
async function readOnlyStep(planning, what, step) {
    try {
        return await step();
    }
    catch (error) {
        if (!planning || !(0,errors/* isExpectedError */.BI)(error) || (0,access/* accessProblem */.c)(error) === undefined)
            throw error;
        (0,warnings/* warn */.R8)(`could not ${what} for the plan: ${(0,errors/* errorMessage */.gJ)(error)}`);
        return undefined;
    }
}
/** The pull request of a pull_request event, for a runtime's previews. */
function pullRequestOf(inputs, event) {
    const pr = event.payload.pull_request;
    if (event.eventName !== 'pull_request' || !pr)
        return {};
    const head = pr.head?.sha;
    return {
        pullRequest: {
            number: pr.number,
            closed: event.payload.action === 'closed',
            sha: typeof head === 'string' ? head : event.sha,
            ...(inputs.githubToken && { closedAmong: closedPullRequestsFinder(inputs.githubToken, event.repo) }),
        },
    };
}

;// CONCATENATED MODULE: ./src/gate-forks.ts
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function nameOf(repo) {
    if (typeof repo?.full_name === 'string')
        return repo.full_name;
    if (typeof repo?.url === 'string')
        return repo.url.replace(/^https:\/\/api\.github\.com\/repos\//, '');
    return 'another repository';
}
/** True only when both name the same repository by a field both have; unknown counts as different. */
function sameRepository(a, b) {
    if (!a || !b)
        return false;
    if (typeof a.full_name === 'string' && typeof b.full_name === 'string')
        return a.full_name.toLowerCase() === b.full_name.toLowerCase();
    if (typeof a.id === 'number' && typeof b.id === 'number')
        return a.id === b.id;
    if (typeof a.url === 'string' && typeof b.url === 'string')
        return a.url.toLowerCase() === b.url.toLowerCase();
    return false;
}
function pullRequestVerdict(payload, eventName) {
    const pr = payload.pull_request;
    if (!pr)
        return undefined;
    const head = pr.head?.repo;
    const base = pr.base?.repo ?? payload.repository;
    const closedUnmerged = payload.action === 'closed' && pr.merged !== true && eventName.startsWith('pull_request');
    const subject = { number: pr.number, closedUnmerged };
    if (head === null || head === undefined) {
        return { why: `pull request #${pr.number} comes from a deleted repository`, pullRequest: subject };
    }
    if (!sameRepository(head, base) || (head.fork === true && base?.full_name === undefined)) {
        return { why: `pull request #${pr.number} comes from ${nameOf(head)}`, pullRequest: subject };
    }
    return undefined;
}
/** pull_requests[] in check_run, check_suite and workflow_run payloads: short objects with head.repo and base.repo. */
function listedPullRequests(value, where) {
    if (!Array.isArray(value))
        return undefined;
    for (const entry of value) {
        if (!isObject(entry))
            continue;
        const head = isObject(entry.head) ? entry.head.repo : undefined;
        const base = isObject(entry.base) ? entry.base.repo : undefined;
        if (!sameRepository(head, base)) {
            return { why: `${where} belongs to pull request #${String(entry.number)} from ${nameOf(head)}` };
        }
    }
    return undefined;
}
/** A check suite whose head branch lives in a fork has head_branch null (GitHub's documented signal). */
function checkSuiteVerdict(suite, where) {
    if (!isObject(suite))
        return undefined;
    if (suite.head_branch === null || suite.head_branch === undefined) {
        return { why: `${where} ran on a commit whose branch is not in this repository (a fork)` };
    }
    return listedPullRequests(suite.pull_requests, where);
}
function workflowRunVerdict(payload) {
    const run = payload.workflow_run;
    if (!isObject(run))
        return undefined;
    const where = `workflow run "${typeof run.name === 'string' ? run.name : '?'}"`;
    const head = run.head_repository;
    if (!sameRepository(head, payload.repository)) {
        return { why: `${where} ran code from ${head ? nameOf(head) : 'an unknown repository'}` };
    }
    return listedPullRequests(run.pull_requests, where);
}
/**
 * Any other object in the payload with a head repository (head_repository, or head.repo) that is
 * not this one: a newer or rarer event, judged by the same rule.
 */
function anyForeignHead(value, repository, depth) {
    if (depth > 4 || typeof value !== 'object' || value === null)
        return undefined;
    if (Array.isArray(value)) {
        for (const item of value) {
            const found = anyForeignHead(item, repository, depth + 1);
            if (found)
                return found;
        }
        return undefined;
    }
    const object = value;
    for (const [key, child] of Object.entries(object)) {
        if (key === 'repository')
            continue;
        if (key === 'head_repository' && isObject(child) && !sameRepository(child, repository))
            return nameOf(child);
        if (key === 'head' && isObject(child) && isObject(child.repo)) {
            const base = isObject(object.base) && isObject(object.base.repo) ? object.base.repo : repository;
            if (!sameRepository(child.repo, base))
                return nameOf(child.repo);
        }
        const found = anyForeignHead(child, repository, depth + 1);
        if (found)
            return found;
    }
    return undefined;
}
async function untrustedCode(event, options = {}) {
    const { payload, eventName } = event;
    const verdict = pullRequestVerdict(payload, eventName) ??
        workflowRunVerdict(payload) ??
        checkSuiteVerdict(payload.check_suite, 'check suite') ??
        (isObject(payload.check_run) ? checkSuiteVerdict(payload.check_run.check_suite, 'check run') : undefined) ??
        (isObject(payload.check_run) ? listedPullRequests(payload.check_run.pull_requests, 'check run') : undefined);
    if (verdict)
        return verdict;
    // A commit status names the branches of this repository that hold the commit; none means the
    // commit is not on any of them (a fork's pull request head gets statuses too).
    if (eventName === 'status' && (!Array.isArray(payload.branches) || payload.branches.length === 0)) {
        return { why: 'the commit of this status is on no branch of this repository (it may come from a fork)' };
    }
    if (isObject(payload.merge_group)) {
        return { why: 'a merge queue group runs pull requests that are not merged yet (they may come from forks)' };
    }
    // A comment on a pull request: the payload names the pull request but not where its head lives.
    const issue = payload.issue;
    if (isObject(issue) && isObject(issue.pull_request)) {
        const number = typeof issue.number === 'number' ? issue.number : 0;
        const subject = { number, closedUnmerged: false };
        if (!options.findPullRequestHead) {
            return {
                why: `a comment on pull request #${number} cannot show whose code it is without "github-token" (the event does not name the head repository)`,
                pullRequest: subject,
            };
        }
        const head = await options.findPullRequestHead(number);
        if (!sameRepository({ full_name: head ?? undefined }, payload.repository)) {
            return { why: `pull request #${number} comes from ${head ?? 'a deleted repository'}`, pullRequest: subject };
        }
        return undefined;
    }
    const foreign = anyForeignHead(payload, payload.repository, 0);
    return foreign ? { why: `the ${eventName} event names a head repository ${foreign}` } : undefined;
}

;// CONCATENATED MODULE: ./src/gate.ts

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/** A version tag: v then a digit (v1, v2.3.0, v10-rc1), not any name that starts with "v". */
const RELEASE_TAG = /^v\d/;
function branchOf(ref) {
    return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}
async function evaluate(rule, event, options) {
    const { eventName, payload } = event;
    const pr = payload.pull_request;
    switch (rule) {
        case 'always':
            return { matched: true, why: 'deploy-when is "always"' };
        case 'merged-pull-request': {
            if (PULL_REQUEST_EVENTS.has(eventName) && pr) {
                if (payload.action === 'closed' && pr.merged === true) {
                    return {
                        matched: true,
                        why: `pull request #${pr.number} was merged into ${pr.base?.ref ?? 'its base branch'}`,
                    };
                }
                return {
                    matched: false,
                    why: `pull request #${pr.number} is not merged yet (event action "${payload.action ?? ''}")`,
                };
            }
            if (eventName === 'push' && branchOf(event.ref) !== undefined) {
                if (!options.findMergedPullRequest) {
                    return {
                        matched: false,
                        why: `cannot tell whether commit ${event.sha.slice(0, 12)} comes from a merged pull request without "github-token"`,
                    };
                }
                const merged = await options.findMergedPullRequest(event.sha);
                const branch = branchOf(event.ref);
                if (merged && merged.baseRef === branch) {
                    return {
                        matched: true,
                        why: `push of commit ${event.sha.slice(0, 12)}, which GitHub links to merged pull request #${merged.number}`,
                    };
                }
                return {
                    matched: false,
                    why: `commit ${event.sha.slice(0, 12)} pushed to ${branch} belongs to no merged pull request`,
                };
            }
            return { matched: false, why: `the event "${eventName}" is not a merged pull request` };
        }
        case 'default-branch': {
            const branch = branchOf(event.ref);
            const defaultBranch = payload.repository?.default_branch;
            if (!['push', 'workflow_dispatch', 'schedule'].includes(eventName)) {
                return { matched: false, why: `the event "${eventName}" is not a push to the default branch` };
            }
            if (defaultBranch === undefined) {
                return { matched: false, why: 'the event payload does not name the default branch' };
            }
            if (branch === defaultBranch) {
                return {
                    matched: true,
                    why: `${eventName === 'push' ? 'push to' : `${eventName} on`} the default branch ${defaultBranch}`,
                };
            }
            return { matched: false, why: `${event.ref} is not the default branch ${defaultBranch}` };
        }
        case 'tag': {
            if (eventName === 'push' && event.ref.startsWith('refs/tags/')) {
                const tag = event.ref.slice('refs/tags/'.length);
                return RELEASE_TAG.test(tag)
                    ? { matched: true, why: `tag ${tag} was pushed` }
                    : { matched: false, why: `tag ${tag} is not a version tag (v then a digit, e.g. v1.2.3)` };
            }
            if (eventName === 'release' && payload.action === 'published') {
                const tag = payload.release?.tag_name ?? '';
                return RELEASE_TAG.test(tag)
                    ? { matched: true, why: `release ${tag} was published` }
                    : { matched: false, why: `release tag ${tag} is not a version tag (v then a digit, e.g. v1.2.3)` };
            }
            if (eventName === 'push')
                return { matched: false, why: `${event.ref} is not a version tag` };
            return { matched: false, why: `the event "${eventName}" is not a version tag push` };
        }
    }
}
async function decide(event, options) {
    const pr = event.payload.pull_request;
    const untrusted = await untrustedCode(event, options);
    if (untrusted) {
        if (untrusted.pullRequest?.closedUnmerged) {
            return { decision: 'skip', reason: `${untrusted.why} and was closed without merging` };
        }
        const rule = untrusted.pullRequest ? 'a pull request from a fork never deploys' : 'code from a fork never deploys';
        return { decision: 'plan', reason: `${untrusted.why}; ${rule}` };
    }
    if (event.eventName === 'push' && event.payload.deleted === true) {
        return { decision: 'skip', reason: `${event.ref} was deleted; there is nothing to deploy` };
    }
    const outcomes = [];
    for (const rule of options.rules) {
        const outcome = await evaluate(rule, event, options);
        if (outcome.matched) {
            return options.dryRun
                ? { decision: 'plan', reason: `dry-run is true (without it this run would deploy: ${outcome.why})` }
                : { decision: 'deploy', reason: outcome.why };
        }
        outcomes.push(outcome);
    }
    if (PULL_REQUEST_EVENTS.has(event.eventName) && pr && event.payload.action === 'closed' && pr.merged !== true) {
        return { decision: 'skip', reason: `pull request #${pr.number} was closed without merging` };
    }
    const why = outcomes.map((o) => o.why).join('; ');
    return { decision: 'plan', reason: `deploy-when (${options.rules.join(', ')}) does not match: ${why}` };
}

;// CONCATENATED MODULE: ./src/run/resolve.ts
/** The first stage: the inputs (every problem reported together, before any request), then the gate. */



function resolveInputs(io) {
    return readInputs(io.getInput, (secret) => io.setSecret(secret));
}
/** Deploy, plan or skip, and why; told in the log's Gate group. */
function decideGate(inputs, event, io) {
    return io.group('Gate', async () => {
        const result = await decide(event, {
            rules: inputs.deployWhen,
            dryRun: inputs.dryRun,
            ...(inputs.githubToken && {
                findMergedPullRequest: mergedPullRequestFinder(inputs.githubToken, event.repo),
                findPullRequestHead: pullRequestHeadFinder(inputs.githubToken, event.repo),
            }),
        });
        io.info(`${result.decision}: ${result.reason}`);
        return result;
    });
}

// EXTERNAL MODULE: ./src/oci/auth.ts
var auth = __nccwpck_require__(76599);
// EXTERNAL MODULE: ./src/oci/sources/source.ts
var sources_source = __nccwpck_require__(94155);
;// CONCATENATED MODULE: ./src/oci/sources/oci-layout.ts
/** An OCI image layout directory on disk (index.json, blobs/), as buildx and skopeo write it. */

// fs.promises is read at each call, so a run from a registry never loads that module (start-up).




const REF_NAME = 'org.opencontainers.image.ref.name';
/** An OCI image layout directory (buildx `--output type=oci,tar=false`, skopeo `oci:`). */
class OciLayoutSource {
    tag;
    description;
    defaultTag;
    dir;
    constructor(path, tag) {
        this.tag = tag;
        this.dir = (0,external_node_path_.resolve)(path);
        this.description = `oci-layout:${path}${tag !== undefined ? `:${tag}` : ''}`;
        this.defaultTag = tag;
    }
    blobPath(digest) {
        const [algorithm, hex] = digest.split(':');
        if (!algorithm || !hex || !/^[a-f0-9]+$/.test(hex))
            throw new sources_source/* SourceError */.c(`${this.description}: invalid digest ${digest}`);
        return (0,external_node_path_.join)(this.dir, 'blobs', algorithm, hex);
    }
    async readJson(name) {
        let text;
        try {
            text = await external_node_fs_.promises.readFile((0,external_node_path_.join)(this.dir, name), 'utf8');
        }
        catch (error) {
            const code = error.code;
            throw new sources_source/* SourceError */.c(code === 'ENOENT'
                ? `${this.description}: ${(0,external_node_path_.join)(this.dir, name)} does not exist; is ${this.dir} an OCI image layout (docker buildx build --output type=oci,tar=false,dest=DIR)?`
                : `${this.description}: cannot read ${name}: ${error.message}`);
        }
        try {
            return JSON.parse(text);
        }
        catch {
            throw new sources_source/* SourceError */.c(`${this.description}: ${name} is not valid JSON`);
        }
    }
    async root() {
        await this.readJson('oci-layout');
        const index = await this.readJson('index.json');
        const entries = index.manifests ?? [];
        const names = entries.map((m) => m.annotations?.[REF_NAME]).filter((n) => n !== undefined);
        let chosen;
        if (this.tag !== undefined) {
            chosen = entries.find((m) => m.annotations?.[REF_NAME] === this.tag);
            if (!chosen) {
                throw new sources_source/* SourceError */.c(`${this.description}: the layout has no image tagged "${this.tag}"; it has ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'no tagged images'}`);
            }
        }
        else if (entries.length === 1) {
            chosen = entries[0];
        }
        else {
            throw new sources_source/* SourceError */.c(`${this.description}: the layout holds ${entries.length} images; name one as oci-layout:PATH:TAG (tags: ${names.join(', ') || 'none'})`);
        }
        return this.manifest(chosen.digest, chosen.mediaType);
    }
    async manifest(digest, mediaType) {
        let bytes;
        try {
            bytes = await external_node_fs_.promises.readFile(this.blobPath(digest));
        }
        catch {
            throw new sources_source/* SourceError */.c(`${this.description}: manifest ${digest} is missing from blobs/`);
        }
        const computed = (0,oci_client/* sha256 */.sc)(bytes);
        if (computed !== digest)
            throw new sources_source/* SourceError */.c(`${this.description}: blob ${digest} is corrupt (its sha256 is ${computed})`);
        const type = mediaType ?? JSON.parse(bytes.toString('utf8')).mediaType ?? '';
        return { digest, mediaType: type, size: bytes.length, bytes };
    }
    async blob(digest, size) {
        const path = this.blobPath(digest);
        const info = await external_node_fs_.promises.stat(path).catch(() => undefined);
        if (!info)
            throw new sources_source/* SourceError */.c(`${this.description}: blob ${digest} is missing from blobs/`);
        if (info.size !== size)
            throw new sources_source/* SourceError */.c(`${this.description}: blob ${digest} has ${info.size} bytes, the manifest says ${size}`);
        return {
            size,
            stream: (0,external_node_fs_.createReadStream)(path, { highWaterMark: 256 * 1024 }),
        };
    }
    async close() { }
}

;// CONCATENATED MODULE: ./src/oci/sources/registry.ts
/** An image in a registry, read over the Distribution API; its referrers and cosign tags come along. */



const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'];
class RegistrySource {
    ref;
    client;
    description;
    defaultTag;
    location;
    rootManifest;
    tagList;
    /** Whether the registry answers the referrers API; unknown until first asked. */
    referrersApi;
    constructor(ref, client) {
        this.ref = ref;
        this.client = client;
        this.description = (0,reference/* formatReference */.FH)(ref);
        this.defaultTag = ref.tag;
        this.location = { registry: ref.registry, repository: ref.repository };
    }
    root() {
        this.rootManifest ??= (async () => {
            const reference = this.ref.digest ?? this.ref.tag ?? 'latest';
            const manifest = await this.client.getManifest(this.ref.repository, reference);
            if (!manifest) {
                throw new sources_source/* SourceError */.c(`${this.description} was not found: ${this.ref.registry} has no manifest ${reference} in ${this.ref.repository}; check the image name and tag`);
            }
            return manifest;
        })();
        return this.rootManifest;
    }
    async manifest(digest) {
        const manifest = await this.client.getManifest(this.ref.repository, digest);
        if (!manifest)
            throw new sources_source/* SourceError */.c(`${this.description} refers to manifest ${digest}, which ${this.ref.registry} does not have`);
        return manifest;
    }
    async blob(digest, size) {
        const { stream } = await this.client.getBlob(this.ref.repository, digest);
        // The size the manifest gives: the upload's verifier holds the bytes to it.
        return { size, stream };
    }
    async related(digests) {
        const { repository } = this.ref;
        // The tag list and the referrers API are asked at once.
        this.tagList ??= this.client.listTags(repository);
        this.tagList.catch(() => { }); // awaited below
        // Ask the referrers API until the registry shows it has none (then the tag schema is the truth):
        // about the first manifest alone while that is unknown, then about all the others at once.
        const fromApi = new Map();
        const ask = async (digest) => {
            const found = this.referrersApi === false ? undefined : await this.client.referrers(repository, digest);
            this.referrersApi ??= found !== undefined;
            fromApi.set(digest, found);
        };
        const [head, ...rest] = digests;
        if (head !== undefined && this.referrersApi === undefined)
            await ask(head);
        await Promise.all((head !== undefined && fromApi.has(head) ? rest : digests).map(ask));
        const tags = new Set(await this.tagList);
        const byTag = async (tag) => {
            const manifest = await this.client.getManifest(repository, tag);
            if (!manifest)
                throw new sources_source/* SourceError */.c(`${this.description}: tag ${tag} vanished while it was being copied`);
            return manifest;
        };
        // The tagged manifests each digest has, fetched at once, listed in the order of the digests.
        const perDigest = await Promise.all(digests.map(async (digest) => {
            const schemaTag = digest.replace(':', '-');
            const found = fromApi.get(digest);
            const referrers = found ?? [];
            const wanted = [
                ...(found === undefined && tags.has(schemaTag) ? [schemaTag] : []),
                ...COSIGN_SUFFIXES.map((suffix) => `${schemaTag}.${suffix}`).filter((tag) => tags.has(tag)),
            ];
            const related = await Promise.all(wanted.map(async (tag) => ({ tag, manifest: await byTag(tag) })));
            if (related[0]?.tag === schemaTag) {
                const index = related[0].manifest;
                referrers.push(...parseManifest(index.bytes, index.mediaType, `${this.description} ${schemaTag}`).children);
            }
            return { referrers, related };
        }));
        return { referrers: perDigest.flatMap((d) => d.referrers), tags: perDigest.flatMap((d) => d.related) };
    }
    async close() { }
}

;// CONCATENATED MODULE: ./src/oci/sources/index.ts





async function openSource(source, context) {
    switch (source.transport) {
        case 'registry':
            return new RegistrySource(source.ref, context.clientFor(source.ref.registry));
        case 'oci-layout':
            return new OciLayoutSource(source.path, source.tag);
        case 'docker-archive': {
            const { DockerArchiveSource } = await __nccwpck_require__.e(/* import() */ 197).then(__nccwpck_require__.bind(__nccwpck_require__, 85197));
            return new DockerArchiveSource(source.path, source.ref, {
                keepCompressedLayers: context.keepCompressedLayers === true,
                ...(context.log && { log: context.log }),
            });
        }
        case 'docker-daemon': {
            const { saveFromDaemon } = await Promise.all(/* import() */[__nccwpck_require__.e(260), __nccwpck_require__.e(211)]).then(__nccwpck_require__.bind(__nccwpck_require__, 41211));
            return saveFromDaemon(source.ref, context.log, context.keepCompressedLayers === true);
        }
    }
}

;// CONCATENATED MODULE: ./src/run/source.ts





/** `pushes`: this run uploads what it reads (it is not a plan). */
function openImageSource(inputs, access, log, pushes) {
    return openSource(inputs.source, { clientFor: access.clientFor, log, keepCompressedLayers: pushes }).catch(explainSourceCredentials(inputs));
}
/** Reads the root manifest, telling its digest and platforms in the log's Source group. */
function readRoot(inputs, source, io) {
    return io.group('Source', async () => {
        const manifest = await source.root().catch(explainSourceCredentials(inputs));
        io.info(`${source.description} is ${manifest.digest} (${manifest.mediaType})`);
        const parsed = parseManifest(manifest.bytes, manifest.mediaType, source.description);
        if (parsed.children.length)
            io.info(`platforms: ${parsed.children.map(describePlatform).join(', ')}`);
        return manifest;
    });
}
/**
 * Whether the push learns the image's digest (a `docker save` tarball: each layer compressed once,
 * as it uploads) instead of being told it: only when nothing before the push needs the digest —
 * no runtime to render, no plan to show, no GitHub deployment to describe. The root is then read
 * after the push.
 */
function digestLearntByPushing(inputs, planning, source) {
    return (!planning &&
        inputs.runtime === 'none' &&
        !(inputs.githubToken && inputs.environment) &&
        source.streamable !== undefined);
}
/** Whether the tags to push are known (the input's, or the source's own). */
function destinationTagsKnown(inputs, source) {
    return (inputs.tags ?? (source.defaultTag !== undefined ? [source.defaultTag] : [])).length > 0;
}
/** The tags to push (the input's, or the source's own) as destination references. */
function destinationRefs(inputs, source) {
    const tags = inputs.tags ?? (source.defaultTag !== undefined ? [source.defaultTag] : []);
    if (tags.length === 0)
        throw new sources_source/* SourceError */.c(`${source.description} has no tag to reuse at the destination; set the "tags" input`);
    const destination = (0,reference/* repositoryName */.aR)(inputs.destination);
    return { tags, refs: tags.map((tag) => `${destination}:${tag}`) };
}
/**
 * A source registry that wants credentials gets them from docker config only (registry-username and
 * registry-password are the destination's): say so, instead of pointing at those inputs.
 */
function explainSourceCredentials(inputs) {
    return (error) => {
        const fromSource = (error instanceof auth/* AuthError */.lR || error instanceof oci_client/* RegistryError */.gl) && error.registry !== inputs.destination.registry;
        const refused = fromSource ? error.access : undefined;
        if (fromSource && refused) {
            const { registry } = error;
            throw new auth/* AuthError */.lR(`${registry} (the source image's registry) ${refused === 'missing' ? 'asks for credentials and none were found' : 'refused the credentials found for it'}. ` +
                `Credentials for a source come from docker config: log in to ${registry} before this step (docker/login-action); ` +
                'registry-username and registry-password are for the destination only' +
                (refused === 'denied' ? ` (${error.message})` : ''), registry, refused);
        }
        throw error;
    };
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * run(): resolve (inputs, gate) → source → prepare → plan | push and deploy → report, each a stage
 * in src/run/ that returns what it found; the journal keeps those results for the report, whichever
 * way the run ends. This file names no runtime or cloud, and owns the step's failure.
 */















async function run(dependencies = actionDependencies()) {
    const { io, event, env } = dependencies;
    const journal = new RunJournal(io);
    (0,warnings/* clearWarnings */.pP)((message, properties) => io.warning(message, properties));
    const end = async (ending) => {
        const report = reportOf(journal.entries(), ending, io.getInput);
        await publish(report, io, env);
        return report;
    };
    // What the run opened, closed whichever way it ends.
    let source;
    let access;
    let deployment;
    try {
        const inputs = journal.record('inputs', resolveInputs(io));
        const { log } = journal;
        // Every request and wait has its own bound; the run's timeout is the last word.
        await (0,deadline/* withinDeadline */.iP)(inputs.timeoutSeconds, () => journal.stillWaiting((0,in_flight/* inFlightRequests */.Y)()), async (signal) => {
            journal.enter('gate');
            const gate = journal.record('gate', await decideGate(inputs, event, io));
            if (gate.decision === 'skip') {
                io.notice(`Skipped: ${gate.reason}`);
                await end({ result: 'skipped', reason: gate.reason });
                return;
            }
            journal.enter('source');
            // Retries are logged in the step's group; the run's deadline aborts every request in flight.
            const registries = (access = registryAccess(inputs, { log, signal }));
            const planning = gate.decision === 'plan';
            const opened = (source = await openImageSource(inputs, registries, log, !planning));
            const rootAfterPush = digestLearntByPushing(inputs, planning, opened);
            preconnectDestination(inputs, registries, opened, planning);
            // Pushed in one pass, the archive is only indexed here (its image chosen, its tag known).
            if (rootAfterPush)
                await opened.streamable();
            const root = rootAfterPush ? undefined : journal.record('root', await readRoot(inputs, opened, io));
            const destination = journal.record('refs', destinationRefs(inputs, opened));
            const prepared = await journal.timed('prepare', () => prepare({ inputs, planning, source: opened, root, access: registries, log, event }));
            if (planning) {
                // A plan always reads the root first (digestLearntByPushing is false when planning).
                const plan = journal.record('plan', planLines(inputs, root.digest, destination.refs, prepared));
                showPlan(plan, io);
                await commentPlan(await end({ result: 'planned', reason: gate.reason }), inputs, event);
                return;
            }
            const { repository, deploymentPlan } = prepared;
            // The destination is asked only now: nothing may reach it before prepare has checked the setup
            // (a missing repository, a service that cannot be deployed) and said so with nothing touched.
            const current = opened.location &&
                destinationTagsKnown(inputs, opened) &&
                !destinationIsSource(inputs, opened) &&
                !deploymentPlan?.skipPush
                ? lookUpDestinationTags(inputs, registries, destination.tags)
                : undefined;
            // Taking a preview down deploys no image: it is no GitHub deployment.
            if (root && !deploymentPlan?.skipPush)
                deployment = await openDeployment(inputs, event, env, root.digest);
            // A deploy that needs no image (a preview taken down) pushes nothing.
            const skipPush = deploymentPlan?.skipPush;
            if (skipPush)
                io.info(`nothing to push: ${skipPush}`);
            const pushed = skipPush
                ? undefined
                : journal.record('push', await journal.timed('push', () => push({
                    inputs,
                    source: opened,
                    access: registries,
                    destination,
                    repository,
                    log,
                    ...(current && { current }),
                })));
            if (rootAfterPush)
                journal.record('root', await readRoot(inputs, opened, io));
            let deployed;
            if (deploymentPlan) {
                try {
                    deployed = journal.record('deploy', await journal.timed('deploy', () => deploymentPlan.deploy(log)));
                }
                catch (error) {
                    // A deploy that failed part-way (one region of several) is reported with what it did.
                    const partial = partialResult(error);
                    if (partial)
                        journal.record('deploy', partial);
                    throw error;
                }
                io.info(deployed.detail);
            }
            else {
                io.info(`runtime "${inputs.runtime}": nothing to deploy beyond the push`);
            }
            const upToDate = pushed?.copied.upToDate === true && !deploymentPlan;
            const done = await end({ result: upToDate ? 'up to date' : 'deployed', reason: gate.reason });
            if (deployed?.postOnPullRequest)
                await commentPlan(done, inputs, event);
            await deployment?.finish('success', done.url, `${done.result}: ${done.runtimeDetail ?? done.refs.join(', ')}`);
        });
    }
    catch (error) {
        const message = failureMessage(error, journal.entries().step);
        if (!(0,errors/* isExpectedError */.BI)(error) && error instanceof Error && error.stack)
            io.debug(error.stack);
        const reason = journal.entries().results.gate?.reason ?? 'the run failed before the gate';
        await end({ result: 'failed', reason, error: message });
        await deployment?.finish('failure', undefined, message);
        // As core.setFailed, with a title that names the input, registry or cloud at fault.
        io.error(message, { title: (0,errors/* errorTitle */.JU)(error) });
        io.setExitCode(1);
        if (error instanceof deadline/* RunTimeoutError */.NE)
            io.exitSoon();
    }
    finally {
        await source?.close();
        await access?.close();
    }
}


/***/ }),

/***/ 81307:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ accessProblem),
/* harmony export */   u: () => (/* binding */ accessOfStatus)
/* harmony export */ });
function accessProblem(error) {
    const access = error?.access;
    return access === 'missing' || access === 'denied' ? access : undefined;
}
/** The access problem an HTTP status names, if any. */
function accessOfStatus(status) {
    return status === 401 ? 'missing' : status === 403 ? 'denied' : undefined;
}


/***/ }),

/***/ 76599:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F7: () => (/* binding */ repositoryScope),
/* harmony export */   OL: () => (/* binding */ mergeScopes),
/* harmony export */   gr: () => (/* binding */ RegistryAuth),
/* harmony export */   jo: () => (/* binding */ grantedActions),
/* harmony export */   lR: () => (/* binding */ AuthError),
/* harmony export */   vE: () => (/* binding */ jwtClaims)
/* harmony export */ });
/* unused harmony export parseChallenges */
/* harmony import */ var _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(91520);
/* harmony import */ var _access_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(81307);
/* harmony import */ var _in_flight_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(28229);
/* harmony import */ var _network_error_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(47372);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(49963);
/* harmony import */ var _transient_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(9671);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(92268);
/* harmony import */ var _user_error_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(37373);
/**
 * Registry authentication: WWW-Authenticate challenges, Basic, and Bearer tokens fetched from the
 * registry's token service, cached per realm+service+scope with one fetch in flight.
 */








/**
 * Parses a WWW-Authenticate header (RFC 7235): `Bearer realm="…",service="…",scope="a,b"`.
 * Quoted values may contain commas and escaped quotes.
 */
function parseChallenges(header) {
    const challenges = [];
    let i = 0;
    const skip = (pattern) => {
        while (i < header.length && pattern.test(header[i]))
            i++;
    };
    while (i < header.length) {
        skip(/[\s,]/);
        const schemeStart = i;
        skip(/[^\s,]/);
        const scheme = header.slice(schemeStart, i).toLowerCase();
        if (scheme === '')
            break;
        const params = {};
        for (;;) {
            skip(/\s/);
            // A parameter is token=value; a bare token here starts the next challenge.
            const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*/.exec(header.slice(i));
            if (!match)
                break;
            i += match[0].length;
            let value = '';
            if (header[i] === '"') {
                i++;
                while (i < header.length && header[i] !== '"') {
                    if (header[i] === '\\' && i + 1 < header.length)
                        i++;
                    value += header[i];
                    i++;
                }
                i++;
            }
            else {
                const start = i;
                skip(/[^\s,]/);
                value = header.slice(start, i);
            }
            params[match[1].toLowerCase()] = value;
            skip(/\s/);
            if (header[i] === ',')
                i++;
        }
        if (scheme === 'basic' || scheme === 'bearer')
            challenges.push({ scheme, params });
    }
    return challenges;
}
class AuthError extends _user_error_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .y {
    registry;
    constructor(message, registry, access) {
        super(message, `Registry ${registry}`, access && { access });
        this.registry = registry;
        this.name = 'AuthError';
    }
}
/** Scope strings as the token service expects them: `repository:NAME:ACTIONS`. */
function repositoryScope(repository, actions) {
    return `repository:${repository}:${[...actions].sort().join(',')}`;
}
/** Joins scopes so each repository appears once with the union of its actions. */
function mergeScopes(scopes) {
    const byResource = new Map();
    for (const scope of scopes) {
        const last = scope.lastIndexOf(':');
        const resource = scope.slice(0, last);
        const actions = byResource.get(resource) ?? new Set();
        for (const action of scope.slice(last + 1).split(','))
            if (action)
                actions.add(action);
        byResource.set(resource, actions);
    }
    return [...byResource].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`).sort();
}
/** The claims of a JWT, or undefined when the text is not one. */
function jwtClaims(token) {
    const parts = token.split('.');
    if (parts.length !== 3)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        return claims && typeof claims === 'object' ? claims : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The actions a registry token grants on a repository, from its `access` claim (the distribution
 * token spec's JWT); undefined when the token is not such a JWT.
 */
function grantedActions(token, repository) {
    const access = jwtClaims(token)?.access;
    if (!Array.isArray(access))
        return undefined;
    const entry = access.find((item) => item.type === 'repository' && item.name === repository);
    return Array.isArray(entry?.actions) ? entry.actions.filter((a) => typeof a === 'string') : [];
}
const TOKEN_EXPIRY_MARGIN_MS = 10_000;
const DEFAULT_TOKEN_LIFETIME_S = 60;
/** One registry's authentication state. */
class RegistryAuth {
    registry;
    loadCredentials;
    fetchFn;
    now;
    transport;
    challenge;
    tokens = new Map();
    inflight = new Map();
    credentials;
    constructor(registry, loadCredentials, fetchFn, now = Date.now, transport = { timeouts: _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_TIMEOUTS */ .Rh, retry: _retry_js__WEBPACK_IMPORTED_MODULE_3__/* .DEFAULT_RETRY */ .vI }) {
        this.registry = registry;
        this.loadCredentials = loadCredentials;
        this.fetchFn = fetchFn;
        this.now = now;
        this.transport = transport;
    }
    /** The registry's credentials, loaded once, and again when they say they are due for renewal. */
    async creds() {
        const loading = (this.credentials ??= this.loadCredentials());
        const loaded = await loading;
        if (loaded?.renewAt === undefined || loaded.renewAt > this.now())
            return loaded;
        if (this.credentials === loading)
            this.credentials = this.loadCredentials();
        return this.credentials;
    }
    /** Whether a challenge is known (so requests carry credentials from the start). */
    get known() {
        return this.challenge !== undefined;
    }
    /** Records the challenge from a 401 response. Returns false if it offers nothing we can answer. */
    learn(header) {
        const challenges = parseChallenges(header ?? '');
        const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
        if (!chosen)
            return false;
        this.challenge = chosen;
        return true;
    }
    /**
     * Drops the cached token for these scopes after the registry refused `refused` (the Authorization
     * a request carried). A token fetched since, for a request that went out before the challenge was
     * known or with an older token, is not the one refused, and stays: parallel first requests then
     * share one token instead of each dropping the one another fetched.
     */
    invalidate(scopes, refused) {
        if (this.challenge?.scheme !== 'bearer')
            return;
        const key = this.cacheKey(this.challenge, scopes);
        const cached = this.tokens.get(key);
        if (cached && `Bearer ${cached.value}` === refused)
            this.tokens.delete(key);
    }
    cacheKey(challenge, scopes) {
        return JSON.stringify([challenge.params.realm, challenge.params.service, mergeScopes(scopes)]);
    }
    /** The Authorization header value for a request needing these scopes, or undefined if none is needed. */
    async authorization(scopes) {
        const challenge = this.challenge;
        if (!challenge)
            return undefined;
        if (challenge.scheme === 'bearer') {
            const cached = this.tokens.get(this.cacheKey(challenge, scopes));
            if (cached && cached.expiresAt - TOKEN_EXPIRY_MARGIN_MS > this.now())
                return `Bearer ${cached.value}`;
        }
        const credentials = await this.creds();
        if (challenge.scheme === 'basic') {
            if (!credentials?.username || credentials.password === undefined) {
                throw new AuthError(`${this.registry} asks for a user name and password and none were found: set registry-username/registry-password, or log in first (docker/login-action)`, this.registry, 'missing');
            }
            return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
        }
        if (credentials?.registryToken)
            return `Bearer ${credentials.registryToken}`;
        const key = this.cacheKey(challenge, scopes);
        let pending = this.inflight.get(key);
        if (!pending) {
            pending = this.fetchToken(challenge, mergeScopes(scopes), credentials).then((token) => {
                this.tokens.set(key, token);
                this.inflight.delete(key);
                return token.value;
            }, (error) => {
                this.inflight.delete(key);
                throw error;
            });
            this.inflight.set(key, pending);
        }
        return `Bearer ${await pending}`;
    }
    async fetchToken(challenge, scopes, credentials) {
        const realm = challenge.params.realm;
        if (!realm)
            throw new AuthError(`${this.registry} sent a Bearer challenge without a realm`, this.registry);
        let realmUrl;
        try {
            realmUrl = new URL(realm);
        }
        catch {
            throw new AuthError(`${this.registry} sent a token realm that is not a URL: ${realm}`, this.registry);
        }
        const service = challenge.params.service;
        const clientId = 'portable-deploy';
        // With a secret, the OAuth2 endpoint first (POST): a refresh token (docker config
        // "identitytoken") by the refresh_token grant, a password by the password grant. Token services
        // without it answer 404 (GCR), 405, 401 (Artifactory) or 400 (ACR); then the classic GET, as
        // containerd does.
        const oauth = credentials?.identityToken
            ? { grant_type: 'refresh_token', refresh_token: credentials.identityToken }
            : credentials?.username && credentials.password !== undefined
                ? { grant_type: 'password', username: credentials.username, password: credentials.password }
                : undefined;
        if (oauth) {
            const form = new URLSearchParams({ ...oauth, client_id: clientId });
            if (service)
                form.set('service', service);
            if (scopes.length)
                form.set('scope', scopes.join(' '));
            const response = await this.call(realmUrl, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: form,
            });
            if (![400, 401, 404, 405].includes(response.status))
                return this.readToken(response, scopes);
        }
        const url = new URL(realmUrl);
        if (service)
            url.searchParams.set('service', service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        url.searchParams.set('client_id', clientId);
        const headers = {};
        const secret = credentials?.password ?? credentials?.identityToken;
        if (credentials?.username && secret !== undefined) {
            headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${secret}`).toString('base64')}`;
        }
        return this.readToken(await this.call(url, { headers }), scopes);
    }
    /**
     * One call to the token service, bounded like a registry request (connect and answer within
     * their timeouts, body included) and retried on resets, timeouts, 429 and 5xx, each retry logged.
     * Its failures name the token service's host.
     */
    async call(url, init) {
        const { timeouts, retry, signal } = this.transport;
        const what = `${init.method ?? 'GET'} ${url.host}${url.pathname} (token for ${this.registry})`;
        const budget = new _transport_js__WEBPACK_IMPORTED_MODULE_5__/* .RetryBudget */ .Km(this.transport, what, retry.attempts);
        for (let attempt = 1;; attempt++) {
            const limitMs = Math.max(0, Math.min(timeouts.connectMs + timeouts.responseMs, budget.deadline - Date.now()));
            const timeout = AbortSignal.timeout(limitMs);
            const done = (0,_in_flight_js__WEBPACK_IMPORTED_MODULE_1__/* .trackInFlight */ .l)(`${init.method ?? 'GET'} ${url.host}${url.pathname}`);
            let response;
            try {
                const answer = await this.fetchFn(url, {
                    ...init,
                    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
                });
                response = { host: url.host, status: answer.status, ok: answer.ok, text: await answer.text() };
                if ((0,_transient_js__WEBPACK_IMPORTED_MODULE_4__/* .isTransientStatus */ .Dm)(answer.status)) {
                    const why = `${url.host} answered HTTP ${answer.status}`;
                    if (await budget.next(attempt, why, answer.headers.get('retry-after')))
                        continue;
                }
                return response;
            }
            catch (caught) {
                if (signal?.aborted)
                    throw signal.reason;
                const error = timeout.aborted
                    ? new _network_error_js__WEBPACK_IMPORTED_MODULE_2__/* .NetworkError */ .D(`no answer from ${url.host} within ${(0,_transport_js__WEBPACK_IMPORTED_MODULE_5__/* .seconds */ .YA)(limitMs)} s`, url.host, 'ETIMEDOUT')
                    : (0,_network_error_js__WEBPACK_IMPORTED_MODULE_2__/* .toNetworkError */ .U)(caught, url.host);
                if ((0,_transient_js__WEBPACK_IMPORTED_MODULE_4__/* .isTransientNetworkError */ .l)(error) && (await budget.next(attempt, error.message)))
                    continue;
                throw new AuthError(`could not get a token for ${this.registry} from its token service ${url.host}: ${error.message}${budget.spent(attempt)}`, this.registry);
            }
            finally {
                done();
            }
        }
    }
    async readToken(response, scopes) {
        if (!response.ok) {
            const detail = response.text.slice(0, 300);
            const hint = response.status === 401 || response.status === 403
                ? 'check the registry user name and password (or the login step) and that they may access this repository'
                : 'the token service failed';
            throw new AuthError(`${this.registry} refused a token for ${scopes.join(' ') || 'the registry'} (HTTP ${response.status} from ${response.host}): ${hint}. ${detail}`.trim(), this.registry, (0,_access_js__WEBPACK_IMPORTED_MODULE_7__/* .accessOfStatus */ .u)(response.status));
        }
        let body;
        try {
            body = JSON.parse(response.text);
        }
        catch {
            throw new AuthError(`${this.registry}'s token service answered something that is not JSON`, this.registry);
        }
        const value = body.token ?? body.access_token;
        if (!value)
            throw new AuthError(`${this.registry}'s token service answered without a token`, this.registry);
        _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq(value);
        const issuedAt = body.issued_at ? Date.parse(body.issued_at) : NaN;
        const start = Number.isFinite(issuedAt) && issuedAt <= this.now() ? issuedAt : this.now();
        return { value, expiresAt: start + (body.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000 };
    }
}


/***/ }),

/***/ 76978:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  bP: () => (/* binding */ RegistryClient),
  gl: () => (/* reexport */ RegistryError),
  sc: () => (/* binding */ sha256)
});

// UNUSED EXPORTS: apiHost

// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __nccwpck_require__(29217);
// EXTERNAL MODULE: ./src/oci/access.ts
var access = __nccwpck_require__(81307);
// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __nccwpck_require__(37373);
;// CONCATENATED MODULE: ./src/oci/registry-error.ts
/** The error a registry's answer becomes: which registry, its HTTP status and its error code. */


class RegistryError extends user_error/* UserError */.y {
    registry;
    status;
    code;
    constructor(message, registry, status, code) {
        // 401 and 403 are access problems: a plan may go on past these.
        super(message, `Registry ${registry}`, { access: (0,access/* accessOfStatus */.u)(status) });
        this.registry = registry;
        this.status = status;
        this.code = code;
        this.name = 'RegistryError';
    }
}
/** The code of the error that tells an upload to restart: the registry wanted credentials anew. */
const CREDENTIALS_RENEWED = 'CREDENTIALS_RENEWED';

// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __nccwpck_require__(78474);
// EXTERNAL MODULE: ./src/oci/auth.ts
var auth = __nccwpck_require__(76599);
// EXTERNAL MODULE: ./src/oci/http.ts
var http = __nccwpck_require__(95809);
// EXTERNAL MODULE: ./src/oci/network-error.ts
var network_error = __nccwpck_require__(47372);
;// CONCATENATED MODULE: ./src/oci/pool.ts
/**
 * A concurrency limit for requests to one registry. It halves when the registry answers 429 and
 * creeps back up after a run of successes, so a throttled registry is not hammered.
 */
class AdaptivePool {
    maxLimit;
    active = 0;
    waiting = [];
    successesSinceThrottle = 0;
    limitNow;
    constructor(maxLimit) {
        this.maxLimit = maxLimit;
        if (maxLimit < 1)
            throw new RangeError('a pool needs at least one slot');
        this.limitNow = maxLimit;
    }
    get limit() {
        return this.limitNow;
    }
    /** Called on 429: half the slots, at least one. */
    throttle() {
        this.limitNow = Math.max(1, Math.floor(this.limitNow / 2));
        this.successesSinceThrottle = 0;
    }
    async run(task) {
        await this.acquire();
        try {
            const result = await task();
            if (this.limitNow < this.maxLimit && ++this.successesSinceThrottle >= this.limitNow * 4) {
                this.limitNow++;
                this.successesSinceThrottle = 0;
            }
            return result;
        }
        finally {
            this.release();
        }
    }
    acquire() {
        if (this.active < this.limitNow) {
            this.active++;
            return Promise.resolve();
        }
        // The slot is counted by release() when it hands it over, so nobody overtakes a waiter.
        return new Promise((resolve) => this.waiting.push(resolve));
    }
    release() {
        this.active--;
        while (this.active < this.limitNow && this.waiting.length > 0) {
            this.active++;
            this.waiting.shift()();
        }
    }
}

// EXTERNAL MODULE: ./src/oci/retry.ts
var retry = __nccwpck_require__(49963);
// EXTERNAL MODULE: ./src/oci/transient.ts
var oci_transient = __nccwpck_require__(9671);
// EXTERNAL MODULE: ./src/oci/transport.ts
var transport = __nccwpck_require__(92268);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(57075);
;// CONCATENATED MODULE: ./src/oci/verify.ts


/**
 * A hash, with node:crypto loaded at its first use rather than at start-up (about 7 ms; http.ts
 * loads it while the first request is out).
 */
function createHash(algorithm) {
    return process.getBuiltinModule('node:crypto').createHash(algorithm);
}
class DigestMismatchError extends user_error/* UserError */.y {
    constructor(message) {
        super(message, 'Corrupt image data');
        this.name = 'DigestMismatchError';
    }
}
/**
 * A pass-through stream that fails (so the upload carrying it aborts) when the bytes exceed the
 * expected size, or end with the wrong size or digest. `onBytes` sees every chunk that passes.
 */
class VerifyingStream extends external_node_stream_.Transform {
    digest;
    size;
    where;
    onBytes;
    /** Set when the content was wrong; the stream errors with it. */
    failure;
    hash;
    algorithm;
    seen = 0;
    constructor(digest, size, where, onBytes = () => { }) {
        super();
        this.digest = digest;
        this.size = size;
        this.where = where;
        this.onBytes = onBytes;
        this.algorithm = digest.split(':')[0] ?? 'sha256';
        this.hash = createHash(this.algorithm === 'sha512' ? 'sha512' : 'sha256');
    }
    _transform(chunk, _encoding, callback) {
        this.seen += chunk.length;
        if (this.seen > this.size) {
            this.failure = new DigestMismatchError(`blob ${this.digest} from ${this.where} is larger than the ${this.size} bytes its manifest declares`);
            return callback(this.failure);
        }
        this.hash.update(chunk);
        this.onBytes(chunk.length);
        callback(null, chunk);
    }
    _flush(callback) {
        if (this.seen !== this.size) {
            this.failure = new DigestMismatchError(`blob ${this.digest} from ${this.where} ended after ${this.seen} of ${this.size} bytes`);
        }
        else {
            const computed = `${this.algorithm}:${this.hash.digest('hex')}`;
            if (computed !== this.digest) {
                this.failure = new DigestMismatchError(`blob ${this.digest} from ${this.where} is corrupt: its content hashes to ${computed}`);
            }
        }
        callback(this.failure ?? null);
    }
}

;// CONCATENATED MODULE: ./src/oci/registry-transport.ts
/**
 * How one registry is reached: every request answers auth challenges (renewing credentials once
 * on a 401), retries transient failures within its bounds (each retry logged), slows the transfer
 * pool down on 429, and is counted for the report. The registry operations (client.ts) and the
 * upload steps (upload-requests.ts) send through it; nothing else does.
 */










/** Parallel blob transfers per registry host. */
const DEFAULT_CONCURRENCY = 6;
class RegistryTransport {
    registry;
    baseUrl;
    /** Bounds, retries, log and signal: the registry's requests and its token service share them. */
    options;
    /** Bounds the blob transfers to this host: one pool per registry, shared by every copy. */
    pool;
    auth;
    retry;
    pushTargets = new Set();
    /** Repositories read before any push target was named (`repository:NAME`), kept in later tokens. */
    pulled = new Set();
    endpoints;
    sent = 0;
    constructor(registry, baseUrl, settings) {
        this.registry = registry;
        this.baseUrl = baseUrl;
        this.endpoints = settings.endpoints;
        const fetchFn = settings.fetch ?? (0,http/* fetchThrough */.sL)(settings.endpoints);
        this.retry = settings.retry ?? retry/* DEFAULT_RETRY */.vI;
        this.pool = new AdaptivePool(settings.concurrency ?? DEFAULT_CONCURRENCY);
        this.options = {
            timeouts: { ...(0,transport/* timeoutsFromEnv */.I5)(), ...settings.timeouts },
            retry: this.retry,
            ...(settings.log && { log: settings.log }),
            ...(settings.signal && { signal: settings.signal }),
        };
        // Every request in flight listens to the run's signal: more than Node's 10 is expected, not a leak.
        if (settings.signal)
            (0,external_node_events_.setMaxListeners)(0, settings.signal);
        this.auth = new auth/* RegistryAuth */.gr(registry, () => settings.credentials(registry), fetchFn, Date.now, this.options);
    }
    /** Requests sent to this registry (token service excluded), for the report. */
    get requestCount() {
        return this.sent;
    }
    /** Opens connections to the registry ahead of the requests that will use them (see http.ts). */
    preconnect(count) {
        (0,http/* preconnect */.kZ)(new URL(this.baseUrl), count, this.endpoints);
    }
    /**
     * Declares that this run will push to a repository, so every request to it asks for
     * `pull,push` from the start: one token per repository instead of one per action set.
     */
    willPush(repository) {
        this.pushTargets.add(repository);
    }
    /**
     * Declares that this run reads a repository of this registry alongside its pushes (the source,
     * to mount from): its pull scope joins the push targets' token from the first request.
     */
    willRead(repository) {
        this.pulled.add(`repository:${repository}`);
    }
    /**
     * The scopes a request's token asks for. Once the run has said where it pushes (after prepare),
     * every request asks for the same set: push on those repositories and pull on every one read so
     * far (the source, on the same registry), so one token serves the tag look-up, the mounts, the
     * uploads and the manifests, instead of one token round trip per combination.
     */
    scopes(spec) {
        const actions = this.pushTargets.has(spec.repository) ? ['pull', 'push'] : spec.actions;
        const scopes = [(0,auth/* repositoryScope */.F7)(spec.repository, actions)];
        if (spec.alsoPull)
            scopes.push((0,auth/* repositoryScope */.F7)(spec.alsoPull, ['pull']));
        if (this.pushTargets.size === 0) {
            for (const scope of scopes)
                this.pulled.add(scope.slice(0, scope.lastIndexOf(':')));
            return scopes;
        }
        for (const target of this.pushTargets)
            scopes.push((0,auth/* repositoryScope */.F7)(target, ['pull', 'push']));
        for (const resource of this.pulled)
            scopes.push(`${resource}:pull`);
        for (const scope of scopes)
            this.pulled.add(scope.slice(0, scope.lastIndexOf(':')));
        return (0,auth/* mergeScopes */.OL)(scopes);
    }
    /** Sends one request, answering auth challenges and retrying transient failures (each retry logged). */
    async request(spec) {
        const url = spec.path.startsWith('http') ? spec.path : `${this.baseUrl}${spec.path}`;
        const parsed = new URL(url);
        const what = `${spec.method} ${parsed.host}${parsed.pathname}`;
        const scopes = this.scopes(spec);
        const maxAttempts = spec.retry === false ? 1 : this.retry.attempts;
        const { timeouts, signal } = this.options;
        const budget = new transport/* RetryBudget */.Km(this.options, what, maxAttempts);
        let reauthenticated = false;
        for (let attempt = 1;; attempt++) {
            if (signal?.aborted)
                throw signal.reason;
            const headers = { ...spec.headers };
            const authorization = await this.auth.authorization(scopes);
            if (authorization)
                headers.authorization = authorization;
            let response;
            try {
                this.sent++;
                response = await (0,http/* send */.tN)({
                    method: spec.method,
                    url: parsed,
                    headers,
                    ...(spec.body && { body: spec.body() }),
                    followRedirects: spec.method === 'GET' || spec.method === 'HEAD',
                    ...(spec.expectContinue && { expectContinue: true }),
                    timeouts,
                    deadline: budget.deadline,
                    ...(signal && { signal }),
                    ...(this.endpoints && { endpoints: this.endpoints }),
                });
            }
            catch (error) {
                if (signal?.aborted)
                    throw signal.reason;
                // A streamed body's own failure (a corrupt or cut-off source) is the caller's to explain.
                if (error instanceof DigestMismatchError)
                    throw error;
                const problem = (0,network_error/* toNetworkError */.U)(error, parsed.host);
                if ((0,oci_transient/* isTransientNetworkError */.l)(error) && (await budget.next(attempt, problem.message)))
                    continue;
                // An upload's body may have failed on the source's side: the hint names the host at fault.
                const atFault = problem.host === parsed.host ? this.registry : problem.host;
                throw new RegistryError(`${spec.method} ${url} failed: ${problem.message}${budget.spent(attempt)}. Check that ${atFault} is reachable from this runner`, this.registry);
            }
            if (response.status === 401 && !reauthenticated) {
                // A first challenge, or a token that expired or lacks a scope: learn, refresh, resend once.
                reauthenticated = true;
                const header = response.headers.get('www-authenticate');
                await response.discard();
                if (!this.auth.learn(header)) {
                    throw new RegistryError(`${this.registry} answered 401 without a usable WWW-Authenticate challenge`, this.registry, 401);
                }
                this.auth.invalidate(scopes, authorization);
                // A streamed body is spent: the caller restarts the whole upload with the new credentials.
                if (spec.streamed) {
                    throw new RegistryError(`${this.registry} asked for credentials again during an upload (if it keeps asking, the credentials may not push to ${spec.repository})`, this.registry, 401, CREDENTIALS_RENEWED);
                }
                attempt--;
                continue;
            }
            if ((0,oci_transient/* isTransientStatus */.Dm)(response.status)) {
                if (response.status === 429)
                    this.pool.throttle();
                const why = `${parsed.host} answered HTTP ${response.status}`;
                // Without a try left, the answer goes to the caller, which reports it with its body.
                if (attempt < maxAttempts && Date.now() < budget.deadline) {
                    const retryAfter = response.headers.get('retry-after');
                    await response.discard();
                    if (await budget.next(attempt, why, retryAfter))
                        continue;
                    throw new RegistryError(`${what} failed: ${why}${budget.spent(attempt)}, and the next try would pass the ${(0,transport/* seconds */.YA)(timeouts.requestTotalMs)} s limit for one request`, this.registry, response.status);
                }
            }
            return response;
        }
    }
    /**
     * The actions the registry's token grants on a repository when asked for `actions`; undefined
     * when the registry takes no bearer token or its token does not say (it is not a JWT).
     */
    async grantedActions(repository, actions) {
        const header = await this.auth.authorization([(0,auth/* repositoryScope */.F7)(repository, actions)]);
        return header?.startsWith('Bearer ') ? (0,auth/* grantedActions */.jo)(header.slice('Bearer '.length), repository) : undefined;
    }
    /** Reads a registry error body (`{"errors":[{code,message}]}`) into a RegistryError. */
    async fail(response, what) {
        let code;
        let detail;
        const text = await response.text().catch(() => '');
        try {
            const body = JSON.parse(text);
            const first = body.errors?.[0];
            code = first?.code;
            detail = (body.errors ?? []).map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ');
        }
        catch {
            detail = text.slice(0, 200);
        }
        const hint = response.status === 401
            ? ': the credentials were refused; check registry-username/registry-password or the login step'
            : response.status === 403
                ? ': the credentials lack permission for this repository'
                : '';
        throw new RegistryError(`${what} on ${this.registry} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}${hint}`, this.registry, response.status, code);
    }
}

;// CONCATENATED MODULE: ./src/oci/hosts.ts
/** What the OCI client needs to know about a registry host by its name alone. */
/** Hosts Docker talks to over plain HTTP without being told: loopback only. */
function isLoopbackHost(registry) {
    const lower = registry.toLowerCase();
    const host = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.split(':')[0];
    return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host ?? '');
}

// EXTERNAL MODULE: ./src/oci/memory.ts
var memory = __nccwpck_require__(44586);
;// CONCATENATED MODULE: ./src/oci/upload.ts
/**
 * Gets a blob into a repository, moving no byte that need not move: mounted from a repository of
 * the same registry, left alone when already there, or streamed from its source and verified on
 * the way. A whole-blob PUT comes first; after a 413 the blob goes in PATCH chunks (where the
 * registry takes them), smaller each time it refuses. A failed upload restarts in a new session.
 */





const UPLOAD_ATTEMPTS = 3;
/** Chunk size after a registry refuses a whole blob in one request (unless it asks for more). */
const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
const MIN_CHUNK_SIZE = 1024 * 1024;
const errorMessage = (error) => (error instanceof Error ? error.message : String(error));
/**
 * The chunk size to try after the registry answered 413 to `current` (undefined: the whole blob in
 * one PUT): 16 MiB or the registry's announced minimum if larger, then half of the last size while
 * that stays at or above 1 MiB and the minimum. Undefined when no smaller chunk may be tried.
 */
function chunkSizeAfter413(current, registryMinimum) {
    if (current === undefined)
        return Math.max(registryMinimum, DEFAULT_CHUNK_SIZE);
    return current / 2 >= Math.max(registryMinimum, MIN_CHUNK_SIZE) ? current / 2 : undefined;
}
/**
 * Answers by which a registry refuses a streamed upload itself (not the credentials or the
 * repository): a body without a length (411), too large in one request (413), PATCH not offered
 * (405, 501), or a range or request it does not take (400, 415, 416). The blob then goes sized.
 */
const STREAM_REFUSED = new Set([400, 405, 411, 413, 415, 416, 501]);
/** sha256 and length of what passes, told to `onBytes` as it goes. */
class Digesting extends external_node_stream_.Transform {
    onBytes;
    hash = createHash('sha256');
    size = 0;
    constructor(onBytes) {
        super();
        this.onBytes = onBytes;
    }
    _transform(chunk, _encoding, callback) {
        this.hash.update(chunk);
        this.size += chunk.length;
        this.onBytes(chunk.length);
        callback(null, chunk);
    }
    digest() {
        return `sha256:${this.hash.digest('hex')}`;
    }
}
/**
 * Waits for an upload session and the blob's source stream together. When either fails, the other
 * is let go: a stream that opened is destroyed, so its connection is not left half-read.
 */
async function openBoth(session, blob) {
    const [url, source] = await Promise.allSettled([session, blob]);
    if (url.status === 'fulfilled' && source.status === 'fulfilled')
        return { uploadUrl: url.value, stream: source.value.stream };
    if (source.status === 'fulfilled')
        source.value.stream.destroy();
    throw url.status === 'rejected' ? url.reason : source.reason;
}
/** The blob uploads to one registry, within its transfer pool. */
class BlobUploads {
    lookup;
    requests;
    pool;
    chunked;
    constructor(lookup, requests, pool, 
    /** Whether a blob refused in one PUT (413) may go in PATCH chunks; false where the registry mishandles them (ECR). */
    chunked) {
        this.lookup = lookup;
        this.requests = requests;
        this.pool = pool;
        this.chunked = chunked;
    }
    /**
     * Gets `blob` into `move.repository`. A mount or an existence check moves no bytes, so every
     * blob asks at once; only uploads wait for a slot in the registry's transfer pool.
     */
    async ensure(blob, move) {
        let uploadUrl;
        if (move.mountFrom !== undefined) {
            const mount = await this.requests.mount(move.repository, blob.digest, move.mountFrom);
            if (mount.mounted)
                return 'mounted';
            uploadUrl = mount.uploadUrl;
        }
        else if ((await this.lookup.headBlob(move.repository, blob.digest)) !== undefined) {
            return 'present';
        }
        return this.pool.run(async () => {
            await this.upload(blob, move, uploadUrl);
            return 'uploaded';
        });
    }
    /**
     * Uploads a blob whose digest is learnt as it streams: one session, one streamed PATCH, closed
     * with the digest computed on the way. Restarts (re-opening the blob) on transient failures.
     * Undefined when the registry refuses uploads of unknown length: the caller then sends it sized.
     */
    stream(blob) {
        return this.pool.run(async () => {
            const { registry } = this.lookup;
            for (let attempt = 1;; attempt++) {
                let sent = 0;
                const digesting = new Digesting((count) => {
                    sent += count;
                    blob.onBytes?.(count);
                    (0,memory/* noteBytesMoved */.n)(count);
                });
                try {
                    const uploadUrl = await this.requests.start(blob.repository);
                    const body = (0,external_node_stream_.pipeline)(blob.open(), digesting, () => { });
                    const next = await this.requests.patchStream(blob.repository, uploadUrl, body);
                    const result = { digest: digesting.digest(), size: digesting.size };
                    await this.requests.close(blob.repository, next, result.digest);
                    return result;
                }
                catch (error) {
                    blob.onBytes?.(-sent);
                    if (error instanceof RegistryError && error.status !== undefined && STREAM_REFUSED.has(error.status)) {
                        blob.log?.(`${registry} refused ${blob.description} sent as a stream (${errorMessage(error)}); sending it with its size instead`);
                        return undefined;
                    }
                    const retryable = (0,oci_transient/* isTransient */.dg)(error) ||
                        (error instanceof RegistryError && (error.status === undefined || error.code === CREDENTIALS_RENEWED));
                    if (!retryable || attempt >= UPLOAD_ATTEMPTS)
                        throw error;
                    blob.log?.(`upload of ${blob.description} to ${registry}/${blob.repository} failed (${errorMessage(error)}); restarting it, try ${attempt + 1} of ${UPLOAD_ATTEMPTS}`);
                }
            }
        });
    }
    /** Streams one blob from its origin into the repository, verifying it; restarts cleanly on transient failures. */
    async upload(blob, move, openedUrl) {
        const { registry } = this.lookup;
        const { repository, origin } = move;
        let uploadUrl = openedUrl;
        /** Set once the registry has refused a monolithic PUT. */
        let chunkSize;
        for (let attempt = 1;; attempt++) {
            let sent = 0;
            const verifier = new VerifyingStream(blob.digest, blob.size, origin.description, (count) => {
                sent += count;
                move.onBytes?.(count);
                (0,memory/* noteBytesMoved */.n)(count);
            });
            try {
                // The session opens while the source starts answering (one round trip for both); the
                // source's bytes wait, held back by TCP, until the PUT takes them.
                const opened = await openBoth(uploadUrl ?? this.requests.start(repository), origin.blob(blob.digest, blob.size));
                uploadUrl = opened.uploadUrl;
                const { stream } = opened;
                // pipeline() passes a source failure on to the verifier, and so to the upload, which aborts.
                const body = (0,external_node_stream_.pipeline)(stream, verifier, () => { });
                if (chunkSize === undefined)
                    await this.requests.put(repository, uploadUrl, blob.digest, blob.size, body);
                else
                    await this.requests.patch(repository, uploadUrl, blob.digest, blob.size, body, chunkSize);
                return;
            }
            catch (error) {
                move.onBytes?.(-sent);
                const mismatch = verifier.failure;
                if (mismatch) {
                    throw new DigestMismatchError(`${mismatch.message}; the upload to ${registry}/${repository} was aborted`);
                }
                // A registry with a request size limit refuses one big PUT: send the blob in chunks instead,
                // halving them while the registry still finds them too large.
                const smaller = error instanceof RegistryError && error.status === 413
                    ? chunkSizeAfter413(chunkSize, this.requests.chunkMinLength)
                    : undefined;
                if (smaller !== undefined) {
                    if (!this.chunked) {
                        throw new RegistryError(`${errorMessage(error)}; ${registry} refused blob ${blob.digest} (${blob.size} bytes) in one request, and chunked uploads are not used with this registry`, registry, 413);
                    }
                    chunkSize = smaller;
                    uploadUrl = undefined;
                    attempt--;
                    continue;
                }
                // Besides what is transient: a request that failed with no answer after the transport's own
                // retries, and credentials renewed mid-upload, restart the whole upload.
                const retryable = (0,oci_transient/* isTransient */.dg)(error) ||
                    (error instanceof RegistryError && (error.status === undefined || error.code === CREDENTIALS_RENEWED));
                if (!retryable || attempt >= UPLOAD_ATTEMPTS)
                    throw error;
                move.log?.(`upload of blob ${blob.digest} to ${registry}/${repository} failed (${errorMessage(error)}); restarting it, try ${attempt + 1} of ${UPLOAD_ATTEMPTS}`);
                uploadUrl = undefined; // a failed session is abandoned; the next attempt opens a fresh one
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/oci/upload-requests.ts
/**
 * The requests of a blob upload, as the distribution spec names them: open a session (or mount
 * from another repository), send the blob in one PUT or in PATCH chunks, close the session. No
 * strategy here: which of them to use, and restarting, is upload.ts's to decide.
 */


/** Blob PUTs larger than this ask before sending (Expect: 100-continue), as curl does. */
const EXPECT_CONTINUE_ABOVE = 1024 * 1024;
/** The upload requests to one registry, and what its upload answers said about chunk sizes. */
class UploadRequests {
    transport;
    announcedMinimum = 0;
    constructor(transport) {
        this.transport = transport;
    }
    /** The smallest chunk the registry accepts (OCI-Chunk-Min-Length on its upload responses); 0 until it says. */
    get chunkMinLength() {
        return this.announcedMinimum;
    }
    /**
     * Asks the registry to mount a blob from another repository. Returns `mounted`, or the upload
     * URL the registry opened instead (it may refuse the mount and start an upload session).
     */
    async mount(repository, digest, from) {
        const query = new URLSearchParams({ mount: digest, from });
        const response = await this.transport.request({
            method: 'POST',
            path: `/v2/${repository}/blobs/uploads/?${query}`,
            repository,
            actions: ['pull', 'push'],
            alsoPull: from,
            headers: { 'content-length': '0' },
        });
        if (response.status !== 201 && response.status !== 202)
            return this.transport.fail(response, `mount blob ${digest} from ${from} into ${repository}`);
        await response.discard();
        if (response.status === 201)
            return { mounted: true };
        return { mounted: false, uploadUrl: this.location(response, repository) };
    }
    /** Opens an upload session; returns its URL. */
    async start(repository) {
        const response = await this.transport.request({
            method: 'POST',
            path: `/v2/${repository}/blobs/uploads/`,
            repository,
            actions: ['pull', 'push'],
            headers: { 'content-length': '0' },
        });
        if (response.status !== 202)
            return this.transport.fail(response, `start blob upload in ${repository}`);
        await response.discard();
        return this.location(response, repository);
    }
    /** Completes an upload session with the whole blob in one streamed PUT. Not retried: the caller restarts. */
    async put(repository, uploadUrl, digest, size, body) {
        const url = new URL(uploadUrl);
        url.searchParams.set('digest', digest);
        const response = await this.transport.request({
            method: 'PUT',
            path: url.toString(),
            repository,
            actions: ['pull', 'push'],
            headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
            body: () => body,
            retry: false,
            streamed: true,
            expectContinue: size > EXPECT_CONTINUE_ABOVE,
        });
        if (response.status !== 201)
            return this.transport.fail(response, `upload blob ${digest} to ${repository}`);
        await response.discard();
    }
    /**
     * Sends a blob as PATCH chunks of `chunkSize` bytes (the last may be shorter), then closes the
     * session with an empty PUT. For registries whose body size limit refuses a monolithic PUT.
     */
    async patch(repository, uploadUrl, digest, size, body, chunkSize) {
        const iterator = body[Symbol.asyncIterator]();
        let carry;
        let url = uploadUrl;
        const registry = this.transport.registry;
        let offset = 0;
        while (offset < size) {
            const length = Math.min(chunkSize, size - offset);
            // One slice of the shared stream: exactly `length` bytes, the rest carried to the next chunk.
            async function* slice() {
                for (let remaining = length; remaining > 0;) {
                    let chunk = carry ?? (await iterator.next()).value;
                    carry = undefined;
                    if (!chunk)
                        throw new RegistryError(`blob ${digest} ended before its ${size} bytes`, registry);
                    if (chunk.length > remaining) {
                        carry = chunk.subarray(remaining);
                        chunk = chunk.subarray(0, remaining);
                    }
                    remaining -= chunk.length;
                    yield chunk;
                }
            }
            const response = await this.transport.request({
                method: 'PATCH',
                path: url,
                repository,
                actions: ['pull', 'push'],
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(length),
                    'content-range': `${offset}-${offset + length - 1}`,
                },
                body: () => external_node_stream_.Readable.from(slice()),
                retry: false,
                streamed: true,
                expectContinue: length > EXPECT_CONTINUE_ABOVE,
            });
            if (response.status !== 202)
                return this.transport.fail(response, `upload chunk ${offset}-${offset + length - 1} of blob ${digest} to ${repository}`);
            await response.discard();
            url = this.location(response, repository);
            offset += length;
        }
        // Reading past the end lets the verifier check the digest before the session is closed.
        if (carry || !(await iterator.next()).done)
            throw new RegistryError(`blob ${digest} is longer than its ${size} bytes`, registry);
        await this.close(repository, url, digest, 'chunked upload');
    }
    /**
     * Sends a blob whose size and digest are not known yet in one streamed PATCH (chunked transfer
     * encoding, as `docker push` sends a layer it compresses on the way). Returns the session's next
     * URL, to close with `close()` once the digest is known. Not retried: the caller restarts.
     */
    async patchStream(repository, uploadUrl, body) {
        const response = await this.transport.request({
            method: 'PATCH',
            path: uploadUrl,
            repository,
            actions: ['pull', 'push'],
            headers: { 'content-type': 'application/octet-stream' },
            body: () => body,
            retry: false,
            streamed: true,
            expectContinue: true,
        });
        if (response.status !== 202 && response.status !== 204)
            return this.transport.fail(response, `upload a blob to ${repository} in one streamed PATCH`);
        await response.discard();
        return this.location(response, repository);
    }
    /** Closes an upload session whose bytes are all sent, naming the blob's digest (an empty PUT). */
    async close(repository, url, digest, what = 'upload') {
        const close = new URL(url);
        close.searchParams.set('digest', digest);
        const response = await this.transport.request({
            method: 'PUT',
            path: close.toString(),
            repository,
            actions: ['pull', 'push'],
            headers: { 'content-length': '0' },
            retry: false,
        });
        if (response.status !== 201)
            return this.transport.fail(response, `finish the ${what} of blob ${digest} to ${repository}`);
        await response.discard();
    }
    /** Resolves the Location header of an upload response against the registry URL, noting any chunk minimum. */
    location(response, repository) {
        const minimum = Number(response.headers.get('oci-chunk-min-length'));
        if (Number.isFinite(minimum) && minimum > 0)
            this.announcedMinimum = minimum;
        const location = response.headers.get('location');
        const registry = this.transport.registry;
        if (!location)
            throw new RegistryError(`${registry} opened an upload in ${repository} without a Location header`, registry);
        return new URL(location, this.transport.baseUrl).toString();
    }
}

;// CONCATENATED MODULE: ./src/oci/client.ts










/** Registry error codes that, right after a push, mean "not visible yet" rather than "missing". */
const NOT_YET_VISIBLE = new Set(['MANIFEST_BLOB_UNKNOWN', 'BLOB_UNKNOWN', 'MANIFEST_UNKNOWN']);
const CONSISTENCY_ATTEMPTS = 5;
/**
 * A manifest whose bytes do not match its digest is fetched once more: a fault in transit may not
 * repeat, while a registry (or proxy) that keeps serving other bytes fails the second time.
 */
const MANIFEST_MISMATCH_ATTEMPTS = 2;
/** Pages of tags read at most (a million tags at 1000 a page). */
const MAX_TAG_PAGES = 1000;
function sha256(bytes) {
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
const isDigest = (reference) => /^sha(256|512):[0-9a-f]+$/.test(reference);
/** The digest of bytes in the algorithm of `like` (sha256 or sha512). */
function digestOf(bytes, like) {
    const algorithm = like.startsWith('sha512:') ? 'sha512' : 'sha256';
    return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}
/** The host serving a registry name: Docker Hub's API lives on registry-1.docker.io. */
function apiHost(registry) {
    return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}
/** The URL the registry's API is reached at: its host, over HTTP or HTTPS (a private endpoint keeps the host's URL). */
function registryBaseUrl(registry, options) {
    const host = apiHost(registry);
    const insecure = isLoopbackHost(host) || (options.insecureRegistries ?? []).includes(registry);
    return `${insecure ? 'http' : 'https'}://${host}`;
}
class RegistryClient {
    registry;
    baseUrl;
    /** Gets blobs into repositories of this registry (mount, upload, restarts); copy.ts asks it per blob. */
    uploads;
    transport;
    uploadRequests;
    constructor(registry, options) {
        this.registry = registry;
        this.baseUrl = registryBaseUrl(registry, options);
        this.transport = new RegistryTransport(registry, this.baseUrl, options);
        this.uploadRequests = new UploadRequests(this.transport);
        this.uploads = new BlobUploads(this, this.uploadRequests, this.transport.pool, options.chunkedUploads ?? true);
    }
    /** Requests sent to this registry (token service excluded), for the report. */
    get requestCount() {
        return this.transport.requestCount;
    }
    /**
     * Opens up to `count` connections to the registry now (TCP, and TLS), so requests to come do not
     * each wait for a handshake; no request is sent over them until one is made.
     */
    preconnect(count = 1) {
        this.transport.preconnect(count);
    }
    /** The blob transfer pool, to read: its limit drops after a 429. */
    get pool() {
        return this.transport.pool;
    }
    /**
     * Declares that this run will push to a repository, so every request to it asks for
     * `pull,push` from the start: one token per repository instead of one per action set.
     */
    willPush(repository) {
        this.transport.willPush(repository);
    }
    /** Declares that this run also reads `repository` here (the source): one token covers both. */
    willRead(repository) {
        this.transport.willRead(repository);
    }
    /** HEAD a manifest; undefined when it does not exist. */
    async headManifest(repository, reference) {
        const response = await this.transport.request({
            method: 'HEAD',
            path: `/v2/${repository}/manifests/${reference}`,
            repository,
            actions: ['pull'],
            headers: { accept: media_types/* MANIFEST_ACCEPT */.dY },
        });
        if (response.status === 404)
            return undefined;
        if (!response.ok)
            return this.transport.fail(response, `HEAD manifest ${repository}:${reference}`);
        const digest = response.headers.get('docker-content-digest');
        const mediaType = response.headers.get('content-type');
        const size = Number(response.headers.get('content-length'));
        // Some registries omit the digest on HEAD; the caller then falls back to GET.
        if (!digest || !mediaType || !Number.isFinite(size))
            return undefined;
        return { digest, mediaType: mediaType.split(';')[0].trim(), size };
    }
    /**
     * GET a manifest with its exact bytes; undefined when it does not exist. The bytes must hash to
     * the digest asked for, and to the registry's Docker-Content-Digest when it sends one: a
     * mismatch is tried once more (a fault in transit may pass), then fails.
     */
    async getManifest(repository, reference) {
        for (let attempt = 1;; attempt++) {
            try {
                return await this.getManifestOnce(repository, reference);
            }
            catch (error) {
                if (!(error instanceof DigestMismatchError) || attempt >= MANIFEST_MISMATCH_ATTEMPTS)
                    throw error;
                this.transport.options.log?.((0,transport/* retryLine */.Rn)(`GET manifest ${this.registry}/${repository}:${reference}`, error.message, attempt, MANIFEST_MISMATCH_ATTEMPTS, 0));
            }
        }
    }
    async getManifestOnce(repository, reference) {
        const response = await this.transport.request({
            method: 'GET',
            path: `/v2/${repository}/manifests/${reference}`,
            repository,
            actions: ['pull'],
            headers: { accept: media_types/* MANIFEST_ACCEPT */.dY },
        });
        if (response.status === 404) {
            await response.discard();
            return undefined;
        }
        if (!response.ok)
            return this.transport.fail(response, `GET manifest ${repository}:${reference}`);
        const bytes = await response.buffer();
        const name = `${this.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
        const expected = [isDigest(reference) ? reference : undefined, response.headers.get('docker-content-digest')];
        for (const digest of expected) {
            if (!digest || !isDigest(digest))
                continue;
            const computed = digestOf(bytes, digest);
            if (computed !== digest) {
                throw new DigestMismatchError(`manifest ${name} does not match its digest: ${this.registry} says ${digest}, the bytes received hash to ${computed}; they were changed in transit or by the registry`);
            }
        }
        const computed = sha256(bytes);
        const mediaType = (response.headers.get('content-type') ?? '').split(';')[0].trim() || mediaTypeOf(bytes);
        return { digest: computed, mediaType, size: bytes.length, bytes };
    }
    /** Resolves a tag or digest to a descriptor: a HEAD, or a GET when HEAD gives no digest. */
    async resolve(repository, reference) {
        const head = await this.headManifest(repository, reference);
        if (head)
            return head;
        const manifest = await this.getManifest(repository, reference);
        return manifest && { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.size };
    }
    /**
     * PUT a manifest (exact bytes) under a tag or its digest. Fails when the registry reports another
     * digest (Docker-Content-Digest) than the bytes have: it rewrote the manifest.
     */
    async putManifest(repository, reference, manifest) {
        for (let attempt = 1;; attempt++) {
            const response = await this.transport.request({
                method: 'PUT',
                path: `/v2/${repository}/manifests/${reference}`,
                repository,
                actions: ['pull', 'push'],
                headers: { 'content-type': manifest.mediaType },
                body: () => manifest.bytes,
            });
            if (!response.ok) {
                const error = await this.transport
                    .fail(response, `PUT manifest ${repository}:${reference}`)
                    .catch((e) => e);
                // Eventually consistent registries (ECR) briefly deny knowing what was just pushed.
                if (attempt < CONSISTENCY_ATTEMPTS && error.code !== undefined && NOT_YET_VISIBLE.has(error.code)) {
                    const delay = (0,retry/* retryDelayMs */.qO)(attempt, this.transport.options.retry, undefined);
                    this.transport.options.log?.((0,transport/* retryLine */.Rn)(`PUT ${this.registry}/${repository}:${reference}`, error.code, attempt, CONSISTENCY_ATTEMPTS, delay));
                    await (0,transport/* waitToRetry */.B2)(delay, this.transport.options.signal);
                    continue;
                }
                throw error;
            }
            await response.discard();
            const reported = response.headers.get('docker-content-digest');
            if (reported && reported !== manifest.digest) {
                throw new RegistryError(`${this.registry} stored manifest ${repository}:${reference} as ${reported}, not ${manifest.digest}: it rewrote the manifest`, this.registry);
            }
            return;
        }
    }
    /** HEAD a blob; its size, or undefined when the repository does not have it. */
    async headBlob(repository, digest) {
        const response = await this.transport.request({
            method: 'HEAD',
            path: `/v2/${repository}/blobs/${digest}`,
            repository,
            actions: ['pull', 'push'],
        });
        if (response.status === 404)
            return undefined;
        if (!response.ok)
            return this.transport.fail(response, `HEAD blob ${repository}@${digest}`);
        return Number(response.headers.get('content-length'));
    }
    /** GET a blob: its bytes as a stream, to be read to the end (or destroyed). */
    async getBlob(repository, digest) {
        const response = await this.transport.request({
            method: 'GET',
            path: `/v2/${repository}/blobs/${digest}`,
            repository,
            actions: ['pull'],
        });
        if (!response.ok || !response.body)
            return this.transport.fail(response, `GET blob ${repository}@${digest}`);
        const length = response.headers.get('content-length');
        return { size: length === null ? undefined : Number(length), stream: response.body };
    }
    /**
     * Asks the registry to mount a blob from another repository. Returns `mounted`, or the upload
     * URL the registry opened instead (it may refuse the mount and start an upload session).
     */
    mountBlob(repository, digest, from) {
        return this.uploadRequests.mount(repository, digest, from);
    }
    /**
     * Lists a repository's tags, following `Link: <…>; rel="next"` pages (bounded).
     * A repository that does not exist has no tags.
     */
    async listTags(repository, pageSize = 1000) {
        const tags = [];
        let path = `/v2/${repository}/tags/list?n=${pageSize}`;
        for (let page = 0; path !== undefined && page < MAX_TAG_PAGES; page++) {
            const response = await this.transport.request({ method: 'GET', path, repository, actions: ['pull'] });
            if (response.status === 404) {
                await response.discard();
                return tags;
            }
            if (!response.ok)
                return this.transport.fail(response, `list tags of ${repository}`);
            const body = (await response.json());
            tags.push(...(body.tags ?? []));
            const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
            path = next === undefined ? undefined : new URL(next, this.baseUrl).toString();
        }
        return tags;
    }
    /**
     * The referrers of a manifest through the OCI 1.1 referrers API, or undefined when the registry
     * does not offer the API (then the `sha256-<hex>` tag schema applies).
     */
    async referrers(repository, digest) {
        const response = await this.transport.request({
            method: 'GET',
            path: `/v2/${repository}/referrers/${digest}`,
            repository,
            actions: ['pull'],
            headers: { accept: media_types/* OCI_INDEX */.$p },
        });
        if (response.status === 404 || response.status === 400 || response.status === 405) {
            await response.discard();
            return undefined;
        }
        if (!response.ok)
            return this.transport.fail(response, `list referrers of ${repository}@${digest}`);
        // A registry without the API may answer 200 with something else entirely; only an index counts.
        if (!(response.headers.get('content-type') ?? '').startsWith(media_types/* OCI_INDEX */.$p)) {
            await response.discard();
            return undefined;
        }
        const index = (await response.json());
        return index.manifests ?? [];
    }
    /** Verifies the registry answers /v2/ and accepts our credentials for a repository. */
    async ping(repository, actions = ['pull']) {
        const response = await this.transport.request({ method: 'GET', path: '/v2/', repository, actions });
        await response.discard();
        if (response.status === 404) {
            throw new RegistryError(`${this.registry} does not serve the registry API at /v2/; is this a container registry?`, this.registry, 404);
        }
        if (!response.ok)
            return this.transport.fail(response, 'GET /v2/');
    }
    /**
     * What the registry's token service grants on a repository when asked for `actions`, read from
     * its token (nothing is written); undefined when the registry takes no token, or its token does not say.
     */
    async grantedActions(repository, actions) {
        await this.ping(repository, actions);
        return this.transport.grantedActions(repository, actions);
    }
}
function mediaTypeOf(bytes) {
    try {
        const parsed = JSON.parse(bytes.toString('utf8'));
        return parsed.mediaType ?? '';
    }
    catch {
        return '';
    }
}


/***/ }),

/***/ 95809:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   kZ: () => (/* binding */ preconnect),
/* harmony export */   sL: () => (/* binding */ fetchThrough),
/* harmony export */   tN: () => (/* binding */ send)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _in_flight_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(28229);
/* harmony import */ var _network_error_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(47372);
/* harmony import */ var _transport_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(92268);
/**
 * HTTP for registries on Node's own http/https: one keep-alive connection pool per origin, bodies
 * as Node streams with real backpressure (a blob flows GET → verify → PUT without piling up), and
 * redirects followed the way registries use them (blob downloads sent to a CDN or object store).
 */





/**
 * node:https (and node:tls under it) is loaded on the first https URL: about 15 ms of start-up that
 * a run with plain-http registries only (a local registry, `insecure-registries`) never needs.
 */
const httpsModule = () => process.getBuiltinModule('node:https');
let cryptoWarmed = false;
/**
 * The first answer is hashed (its digest checked), and node:crypto takes ~7 ms to load: loaded while
 * the first request waits for its connection and answer, rather than before it or after it.
 */
function warmCrypto() {
    if (cryptoWarmed)
        return;
    cryptoWarmed = true;
    setImmediate(() => process.getBuiltinModule('node:crypto'));
}
const MAX_REDIRECTS = 5;
/** A server that ignores Expect gets the body after this long anyway (curl waits 1 s too). */
const CONTINUE_TIMEOUT_MS = 1_000;
const agents = new Map();
/** Connections opened ahead of their first request (preconnect), per agent: its next new connections. */
const warm = new WeakMap();
function agentFor(url, endpoint) {
    const key = `${url.origin} ${endpoint ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
        // HTTP_PROXY, HTTPS_PROXY and NO_PROXY (either case), as self-hosted runners behind a proxy set them.
        const options = { keepAlive: true, maxSockets: 16, scheduling: 'lifo', proxyEnv: process.env };
        const created = url.protocol === 'https:' ? new (httpsModule().Agent)(options) : new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)(options);
        // A new connection takes a preconnected one first, if one is still open.
        const create = created.createConnection.bind(created);
        created.createConnection = ((...args) => {
            const ready = warm.get(created)?.shift();
            if (!ready)
                return create(...args);
            ready.ref();
            return ready;
        });
        agents.set(key, (agent = created));
    }
    return agent;
}
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'];
/**
 * Opens `count` connections (TCP, and TLS for https) to `url`'s host now, for requests to come:
 * the handshakes then overlap other work instead of delaying the first request on each. Nothing
 * is sent over them until a request is. Not done through a proxy (the agent's own tunnel opens
 * those). Unused connections keep no process alive, and close when the server drops them.
 */
function preconnect(url, count = 1, endpoints) {
    if (PROXY_VARIABLES.some((name) => process.env[name]))
        return;
    const endpoint = endpoints?.get(url.hostname.toLowerCase());
    const agent = agentFor(url, endpoint);
    // The registry's own host and port when no endpoint stands in for it.
    const target = connectTo(url, endpoint ?? url.host);
    const servername = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const sockets = warm.get(agent) ?? [];
    warm.set(agent, sockets);
    // Idle keep-alive connections count as ready too.
    const idle = Object.values(agent.freeSockets).reduce((sum, list) => sum + (list?.length ?? 0), 0);
    for (let i = sockets.length + idle; i < count; i++) {
        const socket = url.protocol === 'https:'
            ? process.getBuiltinModule('node:tls').connect({
                host: target.hostname,
                port: target.port,
                // As https.Agent does: the registry's name for SNI and the certificate, never an IP address.
                ...((0,node_net__WEBPACK_IMPORTED_MODULE_1__.isIP)(servername) === 0 && { servername }),
                ALPNProtocols: ['http/1.1'],
            })
            : (0,node_net__WEBPACK_IMPORTED_MODULE_1__.connect)({ host: target.hostname, port: target.port, noDelay: true });
        // A connection that fails or closes before it is used is simply dropped: requests open their own.
        const drop = () => {
            const at = sockets.indexOf(socket);
            if (at >= 0)
                sockets.splice(at, 1);
        };
        socket.once('error', drop).once('close', drop).unref();
        sockets.push(socket);
    }
}
/** The connection options that send a request for `url` to `endpoint` while it still names url's host. */
function connectTo(url, endpoint) {
    const { hostname, port } = new URL(`${url.protocol}//${endpoint}`);
    const defaultPort = url.protocol === 'https:' ? 443 : 80;
    return {
        hostname: hostname.replace(/^\[(.*)\]$/, '$1'),
        port: port ? Number(port) : url.port ? Number(url.port) : defaultPort,
        // The certificate is checked against the registry's name, not the endpoint's address.
        ...(url.protocol === 'https:' && { servername: url.hostname }),
    };
}
function wrap(message, url, method) {
    // A response without a body must still be read to its end, or its socket never returns to the pool.
    if (method === 'HEAD' || message.statusCode === 204 || message.statusCode === 304)
        message.resume();
    // Node has already lower-cased the names. (Not fetch's Headers: the first use of that global loads
    // Node's bundled undici, ~25 ms of a run's start.)
    const headers = {
        get: (name) => {
            const value = message.headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
    };
    const buffer = async () => {
        const chunks = [];
        for await (const chunk of message)
            chunks.push(chunk);
        return Buffer.concat(chunks);
    };
    const status = message.statusCode ?? 0;
    return {
        status,
        ok: status >= 200 && status < 300,
        headers,
        url,
        body: message,
        buffer,
        text: async () => (await buffer()).toString('utf8'),
        json: async () => JSON.parse((await buffer()).toString('utf8')),
        discard: async () => {
            if (message.readableEnded || message.destroyed)
                return;
            const ended = new Promise((resolve) => message.once('end', resolve).once('close', resolve));
            message.resume();
            await ended;
        },
    };
}
/** A timeout is an ETIMEDOUT NetworkError, so the retry rule treats it as transient. */
function timedOut(message, host) {
    return new _network_error_js__WEBPACK_IMPORTED_MODULE_3__/* .NetworkError */ .D(message, host, 'ETIMEDOUT');
}
function sendOnce(request, url) {
    const timeouts = request.timeouts ?? _transport_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_TIMEOUTS */ .Rh;
    const endpoint = request.endpoints?.get(url.hostname.toLowerCase());
    const host = endpoint === undefined ? url.host : `${url.host} (through ${endpoint})`;
    const bounded = (ms) => request.deadline === undefined ? ms : Math.max(0, Math.min(ms, request.deadline - Date.now()));
    const done = (0,_in_flight_js__WEBPACK_IMPORTED_MODULE_2__/* .trackInFlight */ .l)(`${request.method} ${host}${url.pathname}`);
    return new Promise((resolve, reject) => {
        const transport = url.protocol === 'https:' ? httpsModule() : (node_http__WEBPACK_IMPORTED_MODULE_0___default());
        const body = request.body;
        const expectContinue = request.expectContinue === true && body !== undefined;
        const headers = {
            ...request.headers,
            ...(expectContinue && { expect: '100-continue' }),
            ...(endpoint !== undefined && { host: url.host }),
        };
        const outgoing = transport.request(url, {
            method: request.method,
            headers,
            agent: agentFor(url, endpoint),
            ...(endpoint !== undefined && connectTo(url, endpoint)),
        });
        warmCrypto();
        let message;
        let timer;
        let releaseSocket = () => { };
        const fail = (error) => {
            // After the headers the body carries the error; before, the request does.
            if (message && !message.readableEnded)
                message.destroy(error);
            outgoing.destroy(error);
        };
        const startTimer = (ms, error) => {
            clearTimeout(timer);
            const wait = bounded(ms);
            timer = setTimeout(() => fail(error(wait)), wait);
        };
        const finished = () => {
            clearTimeout(timer);
            releaseSocket();
            request.signal?.removeEventListener('abort', onAbort);
            done();
        };
        const onAbort = () => fail(request.signal.reason);
        if (request.signal?.aborted)
            onAbort();
        request.signal?.addEventListener('abort', onAbort, { once: true });
        // Silence mid-body either way: the connection is dead. (Off while the answer is awaited: that has its own timer.)
        outgoing.setTimeout(timeouts.idleMs, () => fail(timedOut(`${host} sent nothing for ${(0,_transport_js__WEBPACK_IMPORTED_MODULE_4__/* .seconds */ .YA)(timeouts.idleMs)} s in the middle of a transfer`, host)));
        let connected = false;
        let sent = false;
        // The answer is awaited once the request is out and the connection is up. An upload's answer
        // may take a while (the registry checks the digest, moves the blob): it gets the idle bound.
        const awaitAnswer = () => {
            if (!connected || !sent || message)
                return;
            const ms = body !== undefined && !Buffer.isBuffer(body) ? timeouts.idleMs : timeouts.responseMs;
            outgoing.setTimeout(0);
            startTimer(ms, (waited) => timedOut(`no answer from ${host} within ${(0,_transport_js__WEBPACK_IMPORTED_MODULE_4__/* .seconds */ .YA)(waited)} s`, host));
        };
        outgoing.once('socket', (socket) => {
            // A connection closed mid-body is named here, before Node calls it "aborted".
            const onClose = () => {
                if (message && !message.complete)
                    message.destroy(new _network_error_js__WEBPACK_IMPORTED_MODULE_3__/* .NetworkError */ .D(`${host} closed the connection in the middle of a body`, host, 'ECONNRESET'));
            };
            socket.prependListener('close', onClose);
            releaseSocket = () => socket.removeListener('close', onClose);
            if (!socket.connecting) {
                connected = true;
                return awaitAnswer();
            }
            startTimer(timeouts.connectMs, (waited) => timedOut(`could not connect to ${host}: no connection within ${(0,_transport_js__WEBPACK_IMPORTED_MODULE_4__/* .seconds */ .YA)(waited)} s`, host));
            socket.once('connect', () => {
                clearTimeout(timer);
                connected = true;
                awaitAnswer();
            });
        });
        outgoing.once('finish', () => {
            sent = true;
            awaitAnswer();
        });
        let bodySent = false;
        /** The streamed body's own failure: it is the cause, not this connection. */
        let bodyFailure;
        const sendBody = () => {
            if (bodySent)
                return;
            bodySent = true;
            if (body === undefined)
                outgoing.end();
            else if (Buffer.isBuffer(body))
                outgoing.end(body);
            // A streamed body that fails (a source cut off, a digest mismatch) aborts the request with its
            // error (pipeline() would abort() it, and the cause would be lost to "socket hang up").
            else
                body
                    .once('error', (error) => {
                    bodyFailure = error;
                    outgoing.destroy(error);
                })
                    .pipe(outgoing);
        };
        outgoing.once('response', (incoming) => {
            clearTimeout(timer);
            outgoing.setTimeout(timeouts.idleMs);
            message = incoming;
            if (!bodySent) {
                // Refused before the body was asked for: it is never sent, and this connection is not reused.
                bodySent = true;
                if (body !== undefined && !Buffer.isBuffer(body))
                    body.destroy();
                outgoing.shouldKeepAlive = false;
                outgoing.end();
            }
            incoming.once('close', finished);
            resolve(wrap(incoming, url, request.method));
        });
        outgoing.once('error', (error) => {
            // An abort keeps its own reason; everything else names the host and what happened.
            const named = request.signal?.aborted
                ? request.signal.reason
                : (bodyFailure ?? (0,_network_error_js__WEBPACK_IMPORTED_MODULE_3__/* .toNetworkError */ .U)(error, host));
            // Mid-body, the reader of the body must learn it too, before Node calls it "aborted".
            if (message && !message.complete)
                message.destroy(named);
            finished();
            reject(named);
        });
        if (expectContinue) {
            outgoing.flushHeaders();
            outgoing.once('continue', sendBody);
            setTimeout(sendBody, CONTINUE_TIMEOUT_MS).unref();
        }
        else {
            sendBody();
        }
    });
}
async function send(request) {
    let url = request.url;
    let headers = request.headers;
    for (let hop = 0;; hop++) {
        const response = await sendOnce({ ...request, headers }, url);
        const location = response.headers.get('location');
        const redirect = [301, 302, 303, 307, 308].includes(response.status) && location !== null;
        if (!redirect || !request.followRedirects || hop >= MAX_REDIRECTS)
            return response;
        await response.discard();
        const next = new URL(location, url);
        // Credentials never follow a redirect to another host (presigned object-store URLs reject them).
        if (next.origin !== url.origin) {
            headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
        }
        url = next;
    }
}
/**
 * fetch over this module's connections, for the token services: they then go through the same
 * endpoints and proxy as the registry (Node's own fetch honours neither). Not fetch's own Request,
 * Response and Headers: those load Node's bundled undici, tens of milliseconds of a run's start.
 */
function fetchThrough(endpoints) {
    return async (input, init = {}) => {
        const form = init.body instanceof URLSearchParams;
        const body = init.body === undefined ? undefined : Buffer.from(init.body.toString(), 'utf8');
        const given = Object.keys(init.headers ?? {}).some((name) => name.toLowerCase() === 'content-type');
        const answer = await send({
            method: init.method ?? 'GET',
            url: new URL(input),
            // As fetch labels a URLSearchParams body.
            headers: {
                ...init.headers,
                ...(form && !given && { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }),
            },
            followRedirects: true,
            ...(body && { body }),
            ...(init.signal && { signal: init.signal }),
            ...(endpoints && { endpoints }),
        });
        const bytes = await answer.buffer();
        return {
            status: answer.status,
            ok: answer.ok,
            headers: answer.headers,
            text: async () => bytes.toString('utf8'),
            arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
        };
    };
}


/***/ }),

/***/ 28229:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ inFlightRequests),
/* harmony export */   l: () => (/* binding */ trackInFlight)
/* harmony export */ });
/**
 * The requests waiting on a registry or token service right now, so a run stopped by its time
 * limit can say what it was still waiting for.
 */
const active = new Map();
let next = 0;
/** Records `what` (e.g. `GET host/v2/app/blobs/sha256:…`) as in flight; call the result when it is done. */
function trackInFlight(what, now = Date.now) {
    const id = next++;
    active.set(id, { what, since: now() });
    return () => active.delete(id);
}
/** What is in flight, oldest first, each with how long it has waited: `GET host/path (for 12 s)`. */
function inFlightRequests(now = Date.now) {
    return [...active.values()]
        .sort((a, b) => a.since - b.since)
        .map(({ what, since }) => `${what} (for ${Math.round((now() - since) / 1000)} s)`);
}


/***/ }),

/***/ 29217:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ OCI_INDEX),
/* harmony export */   MZ: () => (/* binding */ DOCKER_LAYER_GZIP),
/* harmony export */   TF: () => (/* binding */ OCI_CONFIG),
/* harmony export */   Vv: () => (/* binding */ DOCKER_MANIFEST),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   e6: () => (/* binding */ DOCKER_CONFIG),
/* harmony export */   nw: () => (/* binding */ isIndex)
/* harmony export */ });
/* unused harmony export OCI_MANIFEST */
/** Manifest media types this client reads and writes (OCI image-spec and Docker schema 2). */
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);
/** The Accept header for manifest requests: every type we can copy, indexes first. */
const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');
function isIndex(mediaType) {
    return INDEX_TYPES.has(mediaType);
}


/***/ }),

/***/ 44586:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ noteZlibOutput),
/* harmony export */   n: () => (/* binding */ noteBytesMoved)
/* harmony export */ });
/**
 * Keeps a copy's memory flat in the image size. Blob chunks are Buffers held outside V8's heap;
 * V8 frees one only when a collection finds its small JavaScript wrapper dead, and it schedules
 * collections by heap growth, which streaming barely causes. Left alone, a copy carries up to
 * V8's external-memory soft limit (64 MB) of dead chunks. A minor collection (≈0.1 ms) every few
 * megabytes moved returns them at once, and a full one every 64 MB those that lived longer.
 */
const RECLAIM_EVERY_BYTES = 4 * 1024 * 1024;
/**
 * Every this many reclaims, a full collection: chunks that outlive a minor one (held across one
 * by a slow reader) are old by then, and only a full one frees them. The heap is small, so it
 * costs a few milliseconds.
 */
const FULL_EVERY_RECLAIMS = 16;
/**
 * The chunks a zlib stream writes outlive minor collections, dead or not: only a full one frees
 * them (measured on Node 24; a docker-archive push piled up 20–40 MB of them between V8's own
 * full collections). A full one every few megabytes of them keeps that flat.
 */
const FULL_EVERY_ZLIB_BYTES = 8 * 1024 * 1024;
let collect;
let sinceLastReclaim = 0;
let reclaims = 0;
let zlibSinceFull = 0;
function collector() {
    if (collect === undefined) {
        try {
            // Loaded on the first reclaim, not at start-up: a run that moves no blob never needs them.
            const v8 = process.getBuiltinModule('node:v8');
            const vm = process.getBuiltinModule('node:vm');
            // `gc` is only exposed to code compiled after the flag is set: a fresh vm context is.
            v8.setFlagsFromString('--expose-gc');
            collect = vm.runInNewContext('gc');
        }
        catch {
            collect = null; // not available on this runtime: memory is then bounded by V8's own limits
        }
    }
    return collect;
}
/** Counts bytes that passed through a stream; frees dead chunks every few megabytes. */
function noteBytesMoved(count) {
    sinceLastReclaim += count;
    if (sinceLastReclaim < RECLAIM_EVERY_BYTES)
        return;
    sinceLastReclaim = 0;
    const full = ++reclaims % FULL_EVERY_RECLAIMS === 0;
    if (full)
        zlibSinceFull = 0;
    collector()?.({ type: full ? 'major' : 'minor' });
}
/** Counts bytes a zlib stream wrote; frees the dead ones (and their streams) every few megabytes. */
function noteZlibOutput(count) {
    zlibSinceFull += count;
    if (zlibSinceFull < FULL_EVERY_ZLIB_BYTES)
        return;
    zlibSinceFull = 0;
    collector()?.({ type: 'major' });
}


/***/ }),

/***/ 47372:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ NetworkError),
/* harmony export */   U: () => (/* binding */ toNetworkError)
/* harmony export */ });
/**
 * Network failures in words: "could not connect to 127.0.0.1:5999: connection refused" rather
 * than "fetch failed" or a bare errno. The original error stays as `cause`, and `code` is kept, so
 * the retry rule still reads it.
 */
class NetworkError extends Error {
    host;
    code;
    constructor(message, 
    /** host:port that failed. */
    host, code, options) {
        super(message, options);
        this.host = host;
        this.code = code;
        this.name = 'NetworkError';
    }
}
const CONNECT_PROBLEMS = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'no such host (DNS)',
    EAI_AGAIN: 'DNS lookup failed for now',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};
const LATER_PROBLEMS = {
    ECONNRESET: 'connection reset',
    EPIPE: 'connection closed while sending',
    ECONNABORTED: 'connection aborted',
    ERR_STREAM_PREMATURE_CLOSE: 'connection closed before the end of the body',
    UND_ERR_SOCKET: 'connection closed',
    UND_ERR_CLOSED: 'connection closed',
    UND_ERR_HEADERS_TIMEOUT: 'no answer (headers timeout)',
    UND_ERR_BODY_TIMEOUT: 'the body stalled',
};
/** The first errno-like code along an error's cause chain. */
function errorCode(error) {
    for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
        const code = current.code;
        if (typeof code === 'string')
            return code;
        current = current.cause;
    }
    return undefined;
}
/** The innermost message: undici's "fetch failed" hides the real one in `cause`. */
function innermost(error) {
    let message = error instanceof Error ? error.message : String(error);
    for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
        if (current.message && current.message !== 'fetch failed')
            message = current.message;
        current = current.cause;
    }
    return message;
}
/** Names the host and what happened; an error that already is a NetworkError is kept as it is. */
function toNetworkError(error, host) {
    if (error instanceof NetworkError)
        return error;
    const code = errorCode(error);
    if (code && code in CONNECT_PROBLEMS)
        return new NetworkError(`could not connect to ${host}: ${CONNECT_PROBLEMS[code]} (${code})`, host, code, {
            cause: error,
        });
    if (code && code in LATER_PROBLEMS)
        return new NetworkError(`${host}: ${LATER_PROBLEMS[code]} (${code})`, host, code, { cause: error });
    if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || /certificate|SSL|TLS/i.test(innermost(error)))
        return new NetworkError(`TLS with ${host} failed: ${innermost(error)}`, host, code, { cause: error });
    return new NetworkError(`${host}: ${innermost(error)}${code ? ` (${code})` : ''}`, host, code, { cause: error });
}


/***/ }),

/***/ 81450:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CU: () => (/* binding */ newStats),
/* harmony export */   ot: () => (/* binding */ startProgress),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony export progressLine */
function newStats() {
    return { bytesTotal: 0, bytesDone: 0, uploaded: 0, mounted: 0, skipped: 0 };
}
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
function progressLine(stats, elapsedMs) {
    const rate = elapsedMs > 0 ? (stats.bytesDone / elapsedMs) * 1000 : 0;
    return (`${formatBytes(stats.bytesDone)} of ${formatBytes(stats.bytesTotal)} at ${formatBytes(rate)}/s; ` +
        `blobs: ${stats.uploaded} uploaded, ${stats.mounted} mounted, ${stats.skipped} already there`);
}
/**
 * Logs a progress line every `intervalMs` until stopped; a copy that ends sooner prints none.
 * The timer is unref'd so it never keeps the process alive.
 */
function startProgress(stats, log, intervalMs = 5_000, now = Date.now) {
    const started = now();
    const timer = setInterval(() => log(progressLine(stats, now() - started)), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
}


/***/ }),

/***/ 62148:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   AF: () => (/* binding */ ReferenceError),
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   PJ: () => (/* binding */ parseSource),
/* harmony export */   SU: () => (/* binding */ parseRepository),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB),
/* harmony export */   ZD: () => (/* binding */ familiarReference),
/* harmony export */   aR: () => (/* binding */ repositoryName),
/* harmony export */   j2: () => (/* binding */ formatSource),
/* harmony export */   qH: () => (/* binding */ tagProblem)
/* harmony export */ });
/* unused harmony export TAG */
/* harmony import */ var _user_error_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(37373);
/**
 * The distribution image reference grammar (github.com/distribution/reference), with Docker's
 * normalisation (docker.io, library/), plus the source transports we accept for `image`.
 */

const DOCKER_HUB = 'docker.io';
/** distribution's NameTotalLengthMax: the whole name, registry included. */
const NAME_MAX_LENGTH = 255;
const TAG_MAX_LENGTH = 128;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[a-fA-F0-9:.]+(?:%[a-zA-Z0-9]+)?\]$/;
const PORT = /^[0-9]+$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** Hex lengths of the algorithms registries accept (OCI image-spec, descriptor.md). */
const DIGEST_HEX_LENGTH = { sha256: 64, sha512: 128 };
class ReferenceError extends _user_error_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y {
    input;
    reason;
    constructor(input, reason) {
        super(`"${input}" is not a valid image reference: ${reason}`, 'Source image');
        this.input = input;
        this.reason = reason;
        this.name = 'ReferenceError';
    }
}
function fail(input, reason) {
    throw new ReferenceError(input, reason);
}
/** Returns why a registry host is invalid, or undefined when it is fine. */
function hostProblem(domain) {
    let host = domain;
    let port;
    if (domain.startsWith('[')) {
        const close = domain.indexOf(']');
        if (close < 0)
            return `registry host "${domain}" opens "[" for an IPv6 address but never closes it`;
        host = domain.slice(0, close + 1);
        const rest = domain.slice(close + 1);
        if (rest !== '') {
            if (!rest.startsWith(':'))
                return `registry host "${domain}" has text after its IPv6 address`;
            port = rest.slice(1);
        }
        if (!IPV6_HOST.test(host))
            return `registry host "${host}" is not a valid IPv6 address in brackets`;
    }
    else {
        const colon = domain.indexOf(':');
        if (colon >= 0) {
            host = domain.slice(0, colon);
            port = domain.slice(colon + 1);
        }
        for (const component of host.split('.')) {
            if (!DOMAIN_COMPONENT.test(component)) {
                return `registry host "${host}" is not a valid host name (letters, digits and inner hyphens, separated by dots)`;
            }
        }
    }
    if (port !== undefined) {
        if (!PORT.test(port))
            return `registry port "${port}" must be digits`;
        const number = Number(port);
        if (number < 1 || number > 65535)
            return `registry port ${port} must be between 1 and 65535`;
    }
    return undefined;
}
function digestProblem(digest) {
    if (!DIGEST.test(digest)) {
        return `digest "${digest}" must look like sha256:<64 hex characters>`;
    }
    const [algorithm, hex] = digest.split(':');
    const expected = DIGEST_HEX_LENGTH[algorithm];
    if (expected === undefined) {
        return `digest algorithm "${algorithm}" is not supported (use sha256 or sha512)`;
    }
    if (hex.length !== expected) {
        return `${algorithm} digest must have ${expected} hex characters, this one has ${hex.length}`;
    }
    if (hex !== hex.toLowerCase())
        return `digest "${digest}" must be lower-case hex`;
    return undefined;
}
/** Why a tag is invalid, or undefined. */
function tagProblem(tag) {
    if (tag === '')
        return 'tag is empty';
    if (tag.length > TAG_MAX_LENGTH)
        return `tag is ${tag.length} characters long, the limit is ${TAG_MAX_LENGTH}`;
    if (!TAG.test(tag)) {
        return `tag "${tag}" may hold only letters, digits, "_", "." and "-", and must not start with "." or "-"`;
    }
    return undefined;
}
/** Splits `[domain/]remote` the way Docker does: the first component is a registry only if it looks like one. */
function splitDomain(name) {
    const slash = name.indexOf('/');
    const first = slash < 0 ? '' : name.slice(0, slash);
    const looksLikeRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
    if (!looksLikeRegistry) {
        // An upper-case first component that is not a registry is an invalid repository, not a host.
        return { domain: DOCKER_HUB, remainder: name };
    }
    let domain = first;
    const remainder = name.slice(slash + 1);
    if (domain === 'index.docker.io' || domain === 'registry-1.docker.io')
        domain = DOCKER_HUB;
    return { domain, remainder };
}
/**
 * Parses a registry reference such as `ghcr.io/org/app:1.2`, `nginx`, `[::1]:5000/a/b@sha256:…`.
 * Throws ReferenceError with the precise reason when it does not follow the grammar.
 */
function parseReference(input) {
    if (input === '')
        fail(input, 'it is empty');
    if (input !== input.trim())
        fail(input, 'it has leading or trailing white space');
    if (/\s/.test(input))
        fail(input, 'it contains white space');
    if (input.includes('://')) {
        fail(input, 'it must not contain a URL scheme; write the registry host directly, e.g. ghcr.io/org/app');
    }
    let rest = input;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        const problem = digestProblem(digest);
        if (problem)
            fail(input, problem);
    }
    // The tag follows the last colon that comes after the last slash (a colon before it is a port).
    let tag;
    const lastColon = rest.lastIndexOf(':');
    const lastSlash = rest.lastIndexOf('/');
    if (lastColon > lastSlash && !rest.endsWith(']')) {
        tag = rest.slice(lastColon + 1);
        rest = rest.slice(0, lastColon);
        const problem = tagProblem(tag);
        if (problem)
            fail(input, problem);
    }
    if (rest === '')
        fail(input, 'the repository name is missing');
    const { domain, remainder } = splitDomain(rest);
    if (remainder === '')
        fail(input, 'the repository path after the registry host is empty');
    if (domain !== DOCKER_HUB || rest.startsWith(`${DOCKER_HUB}/`)) {
        const problem = hostProblem(domain);
        if (problem)
            fail(input, problem);
    }
    const components = remainder.split('/');
    for (const component of components) {
        if (component === '')
            fail(input, 'the repository path has an empty component ("//" or a trailing "/")');
        if (component !== component.toLowerCase() && PATH_COMPONENT.test(component.toLowerCase())) {
            fail(input, `repository name must be lower-case ("${component}")`);
        }
        if (!PATH_COMPONENT.test(component)) {
            fail(input, `repository path component "${component}" may hold only lower-case letters, digits and single separators ("." "_" "__" "-") between them`);
        }
    }
    const repository = domain === DOCKER_HUB && components.length === 1 ? `library/${remainder}` : remainder;
    const nameLength = `${domain}/${repository}`.length;
    if (nameLength > NAME_MAX_LENGTH) {
        fail(input, `the name is ${nameLength} characters long, the limit is ${NAME_MAX_LENGTH}`);
    }
    return { registry: domain, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}
/** The canonical, fully qualified form: `registry/repository[:tag][@digest]`. */
function formatReference(ref) {
    let out = `${ref.registry}/${ref.repository}`;
    if (ref.tag !== undefined)
        out += `:${ref.tag}`;
    if (ref.digest !== undefined)
        out += `@${ref.digest}`;
    return out;
}
/** The short form Docker prints: no `docker.io/`, no `library/`. */
function familiarReference(ref) {
    const full = formatReference(ref);
    if (ref.registry !== DOCKER_HUB)
        return full;
    const withoutHost = full.slice(DOCKER_HUB.length + 1);
    return withoutHost.startsWith('library/') && !ref.repository.slice(8).includes('/')
        ? withoutHost.slice(8)
        : withoutHost;
}
function repositoryName(ref) {
    return `${ref.registry}/${ref.repository}`;
}
/** Parses a destination repository: a reference with neither tag nor digest. */
/** "127.0.0.1:5000", "localhost:5000", "registry.example.com:443": a registry and port, no repository. */
const HOST_AND_PORT = /^(?:localhost|\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+):\d{1,5}$/i;
function parseRepository(input) {
    // Read as Docker would, this is repository "127.0.0.1" with tag "5000": say what was meant instead.
    if (HOST_AND_PORT.test(input)) {
        fail(input, `it names the registry ${input} but no repository: add the repository path, e.g. ${input}/app`);
    }
    const ref = parseReference(input);
    if (ref.tag !== undefined || ref.digest !== undefined) {
        const what = ref.digest !== undefined ? `digest "@${ref.digest}"` : `tag ":${ref.tag}"`;
        throw new ReferenceError(input, `a destination is a repository without ${ref.digest !== undefined ? 'a digest' : 'a tag'}; remove ${what} and list tags in the "tags" input`);
    }
    return ref;
}
/** skopeo/containers-image transports we do not read; named so the error can say so. */
const OTHER_TRANSPORTS = new Set(['oci', 'oci-archive', 'dir', 'containers-storage', 'sif', 'tarball', 'ostree']);
const TRANSPORT_HINT = 'use a registry reference, docker-daemon:NAME:TAG, oci-layout:PATH[:TAG] or docker-archive:PATH';
/**
 * Parses the `image` input: a registry reference (optionally `docker://…`), or
 * `docker-daemon:NAME[:TAG|@DIGEST]`, `oci-layout:PATH[:TAG]`, `docker-archive:PATH[:NAME:TAG]`.
 * As in skopeo, the path ends at the first colon, so paths cannot contain ":".
 */
function parseSource(input) {
    if (input.startsWith('docker://')) {
        return { transport: 'registry', ref: parseReference(input.slice('docker://'.length)) };
    }
    if (input.startsWith('docker-daemon:')) {
        const ref = parseReference(input.slice('docker-daemon:'.length));
        if (ref.tag === undefined && ref.digest === undefined) {
            throw new ReferenceError(input, 'docker-daemon: needs a tag or digest, e.g. docker-daemon:app:1.0');
        }
        return { transport: 'docker-daemon', ref };
    }
    if (input.startsWith('oci-layout:')) {
        const body = input.slice('oci-layout:'.length);
        const colon = body.indexOf(':');
        const path = colon < 0 ? body : body.slice(0, colon);
        if (path === '')
            throw new ReferenceError(input, 'oci-layout: needs a directory path, e.g. oci-layout:./out:1.0');
        if (colon < 0)
            return { transport: 'oci-layout', path };
        const tag = body.slice(colon + 1);
        // In an OCI layout the ref name annotation is a tag in practice; validate it as one.
        const problem = tagProblem(tag);
        if (problem)
            throw new ReferenceError(input, problem);
        return { transport: 'oci-layout', path, tag };
    }
    if (input.startsWith('docker-archive:')) {
        const body = input.slice('docker-archive:'.length);
        const colon = body.indexOf(':');
        const path = colon < 0 ? body : body.slice(0, colon);
        if (path === '') {
            throw new ReferenceError(input, 'docker-archive: needs a tarball path, e.g. docker-archive:./app.tar');
        }
        if (colon < 0)
            return { transport: 'docker-archive', path };
        const ref = parseReference(body.slice(colon + 1));
        if (ref.digest !== undefined) {
            throw new ReferenceError(input, 'docker-archive: selects an image by NAME:TAG, not by digest');
        }
        return { transport: 'docker-archive', path, ref };
    }
    const prefix = /^([a-z][a-z0-9-]*):(?!\d+(?:\/|$))/.exec(input)?.[1];
    if (prefix !== undefined && OTHER_TRANSPORTS.has(prefix)) {
        throw new ReferenceError(input, `unknown transport "${prefix}:"; ${TRANSPORT_HINT}`);
    }
    try {
        return { transport: 'registry', ref: parseReference(input) };
    }
    catch (error) {
        // "name:x/y" cannot be a registry reference (a tag has no "/"), so it was meant as a transport.
        if (prefix !== undefined && input.slice(prefix.length + 1).includes('/')) {
            throw new ReferenceError(input, `unknown transport "${prefix}:"; ${TRANSPORT_HINT}`);
        }
        throw error;
    }
}
function formatSource(source) {
    switch (source.transport) {
        case 'registry':
            return formatReference(source.ref);
        case 'docker-daemon':
            return `docker-daemon:${familiarReference(source.ref)}`;
        case 'oci-layout':
            return `oci-layout:${source.path}${source.tag !== undefined ? `:${source.tag}` : ''}`;
        case 'docker-archive':
            return `docker-archive:${source.path}${source.ref ? `:${familiarReference(source.ref)}` : ''}`;
    }
}


/***/ }),

/***/ 49963:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   qO: () => (/* binding */ retryDelayMs),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY),
/* harmony export */   yy: () => (/* binding */ sleep)
/* harmony export */ });
/**
 * Retry timing: exponential backoff with full jitter, and the server's Retry-After when it sends one.
 * What is worth a retry is transient.ts's to say.
 */
const MAX_RETRY_AFTER_MS = 60_000;
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };
/** Delay before retry number `attempt` (1 = first retry), honouring Retry-After (seconds or HTTP date). */
function retryDelayMs(attempt, policy, retryAfter, random = Math.random, now = Date.now) {
    if (retryAfter) {
        const seconds = Number(retryAfter);
        const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now();
        if (Number.isFinite(ms) && ms >= 0)
            return Math.min(ms, MAX_RETRY_AFTER_MS);
    }
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));


/***/ }),

/***/ 94155:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ SourceError)
/* harmony export */ });
/* harmony import */ var _user_error_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(37373);

class SourceError extends _user_error_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y {
    constructor(message) {
        super(message, 'Source image');
        this.name = 'SourceError';
    }
}


/***/ }),

/***/ 9671:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ isTransientStatus),
/* harmony export */   dg: () => (/* binding */ isTransient),
/* harmony export */   l: () => (/* binding */ isTransientNetworkError)
/* harmony export */ });
/**
 * What is worth another try: one rule for the registry transport, its token service, the upload
 * restarts of the copy and the polls of Google's long-running operations, so they agree.
 */
/**
 * HTTP statuses that may pass: a timeout, throttling, a server or gateway failing for now. Not 501
 * Not Implemented or 505: the same request gets the same answer (RFC 9110 §15.6.2); nor other 5xx
 * such as 507 Insufficient Storage, which need someone to act.
 */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Network failures that may pass: resets, refused or closed sockets, timeouts, DNS for now. */
const TRANSIENT_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ERR_STREAM_PREMATURE_CLOSE',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
]);
function isTransientStatus(status) {
    return TRANSIENT_STATUSES.has(status);
}
/** A network failure worth another try, read along the cause chain (undici hides it in `cause`). */
function isTransientNetworkError(error) {
    if (!(error instanceof Error))
        return false;
    for (let current = error; current instanceof Error; current = current.cause) {
        const code = current.code;
        if (code && TRANSIENT_NETWORK_CODES.has(code))
            return true;
        if (current.message === 'fetch failed' && current.cause === undefined)
            return true;
        if (/other side closed|socket hang up|terminated/i.test(current.message))
            return true;
    }
    return false;
}
/** An error worth another try: it carries a transient HTTP `status`, or it is a transient network failure. */
function isTransient(error) {
    const status = error?.status;
    if (typeof status === 'number')
        return isTransientStatus(status);
    return isTransientNetworkError(error);
}


/***/ }),

/***/ 92268:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ waitToRetry),
/* harmony export */   I5: () => (/* binding */ timeoutsFromEnv),
/* harmony export */   Km: () => (/* binding */ RetryBudget),
/* harmony export */   Rh: () => (/* binding */ DEFAULT_TIMEOUTS),
/* harmony export */   Rn: () => (/* binding */ retryLine),
/* harmony export */   YA: () => (/* binding */ seconds)
/* harmony export */ });
/* unused harmony export TEST_TIMEOUTS_VARIABLE */
/* harmony import */ var _in_flight_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(28229);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(49963);
/**
 * How long the transport waits, and how it tells about retries: one place for the registry client
 * and the token service, so both wait alike and both are bounded.
 */


const DEFAULT_TIMEOUTS = {
    connectMs: 30_000,
    responseMs: 30_000,
    idleMs: 120_000,
    requestTotalMs: 5 * 60_000,
};
/**
 * For tests only (they must not wait 30 s): `connect=200,response=500,idle=1000,total=3000`, in
 * milliseconds, overrides the defaults for every client of the run.
 */
const TEST_TIMEOUTS_VARIABLE = 'PORTABLE_DEPLOY_TEST_TIMEOUTS';
const KEYS = {
    connect: 'connectMs',
    response: 'responseMs',
    idle: 'idleMs',
    total: 'requestTotalMs',
};
function timeoutsFromEnv(env = process.env) {
    const timeouts = { ...DEFAULT_TIMEOUTS };
    for (const pair of (env[TEST_TIMEOUTS_VARIABLE] ?? '').split(',')) {
        const [name, value] = pair.split('=').map((s) => s.trim());
        const key = KEYS[name ?? ''];
        const ms = Number(value);
        if (key && Number.isFinite(ms) && ms > 0)
            timeouts[key] = ms;
    }
    return timeouts;
}
/** The line a retry logs: what, which host, why, and when the next try is. */
function retryLine(what, why, attempt, attempts, delayMs) {
    return `${what}: ${why}; try ${attempt + 1} of ${attempts} in ${seconds(delayMs)} s`;
}
function seconds(ms) {
    return ms >= 10_000 ? String(Math.round(ms / 1000)) : (Math.round(ms / 100) / 10).toString();
}
/** Waits before a retry; an abort ends the wait at once with the abort's reason. */
function waitToRetry(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
/**
 * The retry budget of one request: how many tries, until when. `next` waits before another try
 * (logged, and listed as in flight while it waits) when one is allowed, and says whether it is.
 */
class RetryBudget {
    transport;
    what;
    attempts;
    started = Date.now();
    deadline;
    constructor(transport, what, attempts) {
        this.transport = transport;
        this.what = what;
        this.attempts = attempts;
        this.deadline = this.started + transport.timeouts.requestTotalMs;
    }
    async next(attempt, why, retryAfter) {
        if (attempt >= this.attempts)
            return false;
        const delay = (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .retryDelayMs */ .qO)(attempt, this.transport.retry, retryAfter);
        if (Date.now() + delay >= this.deadline)
            return false;
        this.transport.log?.(retryLine(this.what, why, attempt, this.attempts, delay));
        const done = (0,_in_flight_js__WEBPACK_IMPORTED_MODULE_0__/* .trackInFlight */ .l)(`${this.what}, waiting to try again after: ${why}`);
        try {
            await waitToRetry(delay, this.transport.signal);
        }
        finally {
            done();
        }
        return true;
    }
    /** For a final error: " (3 attempts in 12 s)" when there was more than one. */
    spent(attempt) {
        return attempt > 1 ? ` (${attempt} attempts in ${seconds(Date.now() - this.started)} s)` : '';
    }
}


/***/ }),

/***/ 37373:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ UserError)
/* harmony export */ });
class UserError extends Error {
    title;
    /** Set when the error only says these credentials could not read it: a plan may go on past it. */
    access;
    constructor(message, 
    /** The annotation's title: which input, registry or cloud is at fault. */
    title, options) {
        super(message, options);
        this.title = title;
        this.access = options?.access;
    }
}


/***/ }),

/***/ 7445:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ko: () => (/* binding */ describeFamily),
  $S: () => (/* binding */ destinationShapeProblem),
  v5: () => (/* binding */ detectRegistry),
  t_: () => (/* binding */ familyCredentials),
  xA: () => (/* binding */ familyModule),
  h6: () => (/* binding */ registryQuirks),
  Tc: () => (/* binding */ registryTraits)
});

// UNUSED EXPORTS: DETECTION_ORDER, REGISTRY_FAMILIES

;// CONCATENATED MODULE: ./src/registries/family.ts
/** The traits of a registry no cloud serves and no runtime knows. */
const NO_TRAITS = {
    cloud: undefined,
    owner: undefined,
    region: undefined,
    pullsWithCloudIdentity: false,
    publicHub: false,
};
const NO_QUIRKS = { chunkedUploads: true };
/** For a family with no credentials of its own: docker config (or anonymous) serves it. */
const noOwnCredentials = async () => undefined;
/** For a family with no repository API: nothing is known, and the push finds out. */
const nothingKnown = async () => ({ immutableTags: false });
/** For a family whose registries take any repository path. */
const anyShape = () => undefined;
/** The path needs at least `depth` segments; `problem` says so, showing the form (e.g. "ghcr.io/OWNER/IMAGE"). */
function minimumDepth(repository, depth, problem) {
    return repository.split('/').length < depth ? problem : undefined;
}

;// CONCATENATED MODULE: ./src/registries/acr.ts

const ACR_HOST = /^([a-z0-9]+)\.(azurecr\.(?:io|cn|us))$/;
const acrModule = {
    kind: 'acr',
    detect(host) {
        const acr = ACR_HOST.exec(host);
        return acr ? { kind: 'acr', registryName: acr[1], cloudDomain: acr[2] } : undefined;
    },
    describe: (family) => `Azure Container Registry (${family.registryName})`,
    shapeProblem: anyShape,
    async credentials({ registry, family, resources, endpoints, azure }) {
        const { AcrSessions } = await __nccwpck_require__.e(/* import() */ 500).then(__nccwpck_require__.bind(__nccwpck_require__, 89500));
        return resources.shared(AcrSessions).credentials({ registry, cloudDomain: family.cloudDomain }, azure, endpoints);
    },
    async prepareRepository({ client, repository, log }) {
        const { checkAcrPush } = await __nccwpck_require__.e(/* import() */ 500).then(__nccwpck_require__.bind(__nccwpck_require__, 89500));
        await checkAcrPush(client(), repository, log);
        return { immutableTags: false };
    },
    // ACR takes PATCH chunks (Microsoft's own client sends 4 MiB ones), answers uploads with a relative
    // Location (resolved against the registry's URL like any other), serves the referrers API (OCI 1.1)
    // and may or may not mount across repositories (a 202 falls back to an upload): nothing differs
    // from the distribution spec as the client reads it.
    quirks: { chunkedUploads: true },
    traits: () => ({
        cloud: 'azure',
        owner: undefined,
        region: undefined,
        // Container Apps pulls with a managed identity granted AcrPull.
        pullsWithCloudIdentity: true,
        publicHub: false,
    }),
};

// EXTERNAL MODULE: ./src/oci/reference.ts
var reference = __nccwpck_require__(62148);
;// CONCATENATED MODULE: ./src/registries/docker-hub.ts
/** Docker Hub (docker.io, and names without a host): docker config serves it, or anonymous pulls. */


const dockerHubModule = {
    kind: 'docker-hub',
    detect: (host, repository) => host === reference/* DOCKER_HUB */.Xb ? { kind: 'docker-hub', namespace: repository.split('/')[0] ?? '' } : undefined,
    describe: () => 'Docker Hub',
    shapeProblem: anyShape,
    credentials: noOwnCredentials,
    prepareRepository: nothingKnown,
    quirks: NO_QUIRKS,
    traits: () => ({ ...NO_TRAITS, publicHub: true }),
};

;// CONCATENATED MODULE: ./src/registries/ecr-public.ts
/**
 * Amazon ECR Public (public.ecr.aws). It serves public images to anyone, so only a push (the
 * destination) asks AWS for a token; one-PUT uploads, as ECR.
 */

const ecrPublicModule = {
    kind: 'ecr-public',
    detect: (host) => (host === 'public.ecr.aws' ? { kind: 'ecr-public' } : undefined),
    describe: () => 'Amazon ECR Public',
    shapeProblem: anyShape,
    async credentials({ registry, isDestination }) {
        if (!isDestination)
            return undefined;
        const { ecrPublicCredentials } = await __nccwpck_require__.e(/* import() */ 528).then(__nccwpck_require__.bind(__nccwpck_require__, 36528));
        return ecrPublicCredentials(registry);
    },
    // Its repositories are created in the ECR Public console or API; this action does not check them yet.
    prepareRepository: nothingKnown,
    quirks: { chunkedUploads: false },
    traits: () => ({
        cloud: 'aws',
        owner: undefined,
        region: undefined,
        pullsWithCloudIdentity: false,
        publicHub: false,
    }),
};

;// CONCATENATED MODULE: ./src/registries/ecr.ts
/**
 * Amazon ECR (private): hosts ACCOUNT.dkr.ecr.REGION.amazonaws.com and the other partitions'. A
 * token from the caller's AWS identity; the repository checked or created through the ECR API
 * (./ecr-api.ts, imported only when called); one-PUT uploads.
 */

// The host patterns AWS documents for private ECR, across partitions (commercial, China, GovCloud
// with FIPS, ISO) and the dual-stack endpoints; the same set amazon-ecr-credential-helper accepts.
const ECR_HOST = /^(\d{12})\.dkr[.-]ecr(-fips)?\.([a-z0-9][a-z0-9-]*)\.(amazonaws\.com(?:\.cn)?|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|on\.aws|on\.amazonwebservices\.com\.cn)$/;
const ecrModule = {
    kind: 'ecr',
    detect(host) {
        const ecr = ECR_HOST.exec(host);
        return ecr
            ? { kind: 'ecr', accountId: ecr[1], region: ecr[3], fips: ecr[2] !== undefined, partitionDomain: ecr[4] }
            : undefined;
    },
    describe: (family) => `Amazon ECR (account ${family.accountId}, region ${family.region}${family.fips ? ', FIPS' : ''})`,
    shapeProblem: anyShape,
    async credentials({ registry, family, resources }) {
        const { EcrClients, ecrCredentials } = await __nccwpck_require__.e(/* import() */ 528).then(__nccwpck_require__.bind(__nccwpck_require__, 36528));
        return ecrCredentials(registry, family, resources.shared(EcrClients));
    },
    async prepareRepository({ family, repository, settings, dryRun, log, resources }) {
        const { EcrClients, ensureEcrRepository } = await __nccwpck_require__.e(/* import() */ 528).then(__nccwpck_require__.bind(__nccwpck_require__, 36528));
        const options = { create: settings.create, ...settings.ecr };
        const state = await ensureEcrRepository(family, repository, options, log, dryRun, resources.shared(EcrClients));
        return { immutableTags: state.immutableTag };
    },
    // ECR mishandles multi-chunk uploads: a blob always goes in one PUT there.
    quirks: { chunkedUploads: false },
    traits: (family) => ({
        cloud: 'aws',
        owner: family.accountId,
        region: family.region,
        // ECS pulls from ECR with the task execution role.
        pullsWithCloudIdentity: true,
        publicHub: false,
    }),
};

;// CONCATENATED MODULE: ./src/registries/generic.ts
/** Any other OCI registry: docker config (or anonymous) for credentials, the spec as written. Detected last. */

const genericModule = {
    kind: 'generic',
    detect: () => ({ kind: 'generic' }),
    describe: () => 'OCI registry',
    shapeProblem: anyShape,
    credentials: noOwnCredentials,
    prepareRepository: nothingKnown,
    quirks: NO_QUIRKS,
    traits: () => NO_TRAITS,
};

;// CONCATENATED MODULE: ./src/registries/ghcr.ts
/** GitHub Container Registry (ghcr.io/OWNER/IMAGE): docker config (docker/login-action with GITHUB_TOKEN) serves it. */

const ghcrModule = {
    kind: 'ghcr',
    detect: (host, repository) => host === 'ghcr.io' ? { kind: 'ghcr', owner: repository.split('/')[0] ?? '' } : undefined,
    describe: (family) => `GitHub Container Registry (owner ${family.owner})`,
    shapeProblem: (_family, repository) => minimumDepth(repository, 2, 'a GHCR destination is ghcr.io/OWNER/IMAGE'),
    credentials: noOwnCredentials,
    prepareRepository: nothingKnown,
    quirks: NO_QUIRKS,
    traits: () => NO_TRAITS,
};

;// CONCATENATED MODULE: ./src/registries/google.ts

const ARTIFACT_REGISTRY_HOST = /^([a-z0-9-]+)-docker\.pkg\.dev$/;
const GCR_HOST = /^(?:(us|eu|asia)\.)?gcr\.io$/;
/** The ADC access token; without ADC, the chain goes on to docker config (or anonymous). */
async function adcCredentials() {
    const { googleRegistryCredentials } = await __nccwpck_require__.e(/* import() */ 811).then(__nccwpck_require__.bind(__nccwpck_require__, 98192));
    return googleRegistryCredentials();
}
async function prepare(where, { settings, dryRun, log }) {
    const { ensureArtifactRepository } = await __nccwpck_require__.e(/* import() */ 811).then(__nccwpck_require__.bind(__nccwpck_require__, 98192));
    const state = await ensureArtifactRepository(where, settings.create, log, dryRun);
    return { immutableTags: state.immutableTags };
}
function googleTraits(project, location) {
    // Cloud Run pulls with its service agent, which needs read access in another project.
    return { cloud: 'google', owner: project, region: location, pullsWithCloudIdentity: true, publicHub: false };
}
const artifactRegistryModule = {
    kind: 'artifact-registry',
    detect(host, repository) {
        const ar = ARTIFACT_REGISTRY_HOST.exec(host);
        const [project = '', name = ''] = repository.split('/');
        return ar ? { kind: 'artifact-registry', location: ar[1], project, repository: name } : undefined;
    },
    describe: (family) => `Google Artifact Registry (project ${family.project}, location ${family.location}, repository ${family.repository})`,
    shapeProblem: (_family, repository) => minimumDepth(repository, 3, 'an Artifact Registry destination is LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE (PROJECT, REPOSITORY and IMAGE are all needed)'),
    credentials: adcCredentials,
    prepareRepository: (request) => prepare({ project: request.family.project, location: request.family.location, repository: request.family.repository }, request),
    quirks: { chunkedUploads: true },
    traits: (family) => googleTraits(family.project, family.location),
};
/** The Artifact Registry location that serves each gcr.io host. */
const GCR_LOCATIONS = { us: 'us', eu: 'europe', asia: 'asia' };
const gcrModule = {
    kind: 'gcr',
    detect(host, repository) {
        const gcr = GCR_HOST.exec(host);
        return gcr ? { kind: 'gcr', multiRegion: gcr[1] ?? 'us', project: repository.split('/')[0] ?? '' } : undefined;
    },
    describe: (family) => `Google Container Registry (project ${family.project})`,
    shapeProblem: (_family, repository) => minimumDepth(repository, 2, 'a gcr.io destination is gcr.io/PROJECT/IMAGE'),
    credentials: adcCredentials,
    // gcr.io images live in the Artifact Registry repository named after the host.
    prepareRepository: (request) => prepare({
        project: request.family.project,
        location: GCR_LOCATIONS[request.family.multiRegion] ?? 'us',
        repository: request.registry.toLowerCase(),
    }, request),
    quirks: { chunkedUploads: true },
    traits: (family) => googleTraits(family.project, GCR_LOCATIONS[family.multiRegion] ?? 'us'),
};

;// CONCATENATED MODULE: ./src/registries/index.ts







const REGISTRY_FAMILIES = {
    ecr: ecrModule,
    'ecr-public': ecrPublicModule,
    'artifact-registry': artifactRegistryModule,
    gcr: gcrModule,
    acr: acrModule,
    ghcr: ghcrModule,
    'docker-hub': dockerHubModule,
    generic: genericModule,
};
/** The order hosts are tried in: the first family that recognises a host has it; generic takes any host, so it is last. */
const DETECTION_ORDER = [
    'ecr',
    'ecr-public',
    'artifact-registry',
    'gcr',
    'acr',
    'ghcr',
    'docker-hub',
    'generic',
];
const everyKindDetected = true;
void everyKindDetected;
/** The module of a family. The table pairs each kind with the module of that kind, so it takes this family. */
function familyModule(family) {
    return REGISTRY_FAMILIES[family.kind];
}
/** Which registry family a host and path belong to (no network). */
function detectRegistry(ref) {
    const host = ref.registry.toLowerCase();
    for (const kind of DETECTION_ORDER) {
        const found = REGISTRY_FAMILIES[kind].detect(host, ref.repository);
        if (found)
            return found;
    }
    throw new Error(`no registry family took ${host}, not even generic`);
}
/** Checks that a destination has the path shape its registry requires; returns the problem or undefined. */
function destinationShapeProblem(family, repository) {
    return familyModule(family).shapeProblem(family, repository);
}
function describeFamily(family) {
    return familyModule(family).describe(family);
}
/** What a runtime needs to know to pull from this registry. */
function registryTraits(family) {
    return familyModule(family).traits(family);
}
function registryQuirks(family) {
    return familyModule(family).quirks;
}
/** The family's own credentials for a registry; undefined when it has none (or declines). */
function familyCredentials(request) {
    const family = detectRegistry({ registry: request.registry, repository: '' });
    return familyModule(family).credentials({ ...request, family });
}


/***/ }),

/***/ 91520:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $e: () => (/* binding */ warning),
/* harmony export */   N4: () => (/* binding */ endGroup),
/* harmony export */   Oh: () => (/* binding */ startGroup),
/* harmony export */   Os: () => (/* binding */ group),
/* harmony export */   Pq: () => (/* binding */ setSecret),
/* harmony export */   V4: () => (/* binding */ getInput),
/* harmony export */   Yz: () => (/* binding */ debug),
/* harmony export */   fe: () => (/* binding */ appendSummary),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   pq: () => (/* binding */ info),
/* harmony export */   uH: () => (/* binding */ setOutput),
/* harmony export */   z3: () => (/* binding */ error)
/* harmony export */ });
/* unused harmony export issueCommand */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/**
 * The runner's side of a step, written the way @actions/core writes it: inputs from INPUT_*,
 * workflow commands on stdout (`::name key=value::message`), outputs and the job summary through
 * the files the runner names (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
 *
 * Why not @actions/core itself: importing it loads its OIDC client, and with it @actions/http-client
 * and undici, about a megabyte of JavaScript that every run paid before its first request (~80 ms
 * of a ~160 ms start). Only OIDC needs that client, so clouds/oidc.ts loads @actions/core when a
 * run asks for a token. `__tests__/workflow-commands.test.ts` holds this file to the bytes
 * @actions/core writes for the same calls.
 */
// node:fs only (not fs/promises, whose module and its readline parts cost start-up): the summary is one small append.


/** As @actions/core: % and line breaks escaped in a command's message. */
function escapeData(value) {
    return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** A property value also escapes the command syntax's own separators. */
function escapeProperty(value) {
    return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
function issueCommand(command, properties, message = '') {
    const given = Object.entries(properties).filter((entry) => Boolean(entry[1]));
    const props = given.length ? ` ${given.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',')}` : '';
    process.stdout.write(`::${command}${props}::${escapeData(message)}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`);
}
/** An input as the runner passes it (INPUT_<NAME>, spaces as underscores), trimmed; '' when unset. */
function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
function info(message) {
    process.stdout.write(message + node_os__WEBPACK_IMPORTED_MODULE_1__.EOL);
}
function debug(message) {
    issueCommand('debug', {}, message);
}
function notice(message, properties = {}) {
    issueCommand('notice', { title: properties.title }, message);
}
function warning(message, properties = {}) {
    issueCommand('warning', { title: properties.title }, message);
}
function error(message, properties = {}) {
    issueCommand('error', { title: properties.title }, message);
}
/** The runner shows this value as *** in every later log line. */
function setSecret(secret) {
    issueCommand('add-mask', {}, secret);
}
function startGroup(name) {
    issueCommand('group', {}, name);
}
function endGroup() {
    issueCommand('endgroup', {});
}
async function group(name, work) {
    startGroup(name);
    try {
        return await work();
    }
    finally {
        endGroup();
    }
}
/**
 * A step output: a heredoc in the GITHUB_OUTPUT file, with a random delimiter that the value cannot
 * contain; the `set-output` command where the runner names no file (an old runner, a local run).
 */
function setOutput(name, value) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) {
        process.stdout.write(node_os__WEBPACK_IMPORTED_MODULE_1__.EOL);
        issueCommand('set-output', { name }, value);
        return;
    }
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
        throw new Error(`Missing file at path: ${file}`);
    const delimiter = `ghadelimiter_${process.getBuiltinModule('node:crypto').randomUUID()}`;
    if (name.includes(delimiter) || value.includes(delimiter))
        throw new Error(`Unexpected input: the output ${name} contains the delimiter "${delimiter}"`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFileSync)(file, `${name}<<${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}${value}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}${delimiter}${node_os__WEBPACK_IMPORTED_MODULE_1__.EOL}`, { encoding: 'utf8' });
}
/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY), with @actions/core's errors when it cannot. */
async function appendSummary(markdown) {
    const file = process.env.GITHUB_STEP_SUMMARY;
    if (!file)
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.accessSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.W_OK);
    }
    catch {
        throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
    }
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFileSync)(file, markdown, { encoding: 'utf8' });
}


/***/ }),

/***/ 65178:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ew: () => (/* binding */ isLatestType),
/* harmony export */   OY: () => (/* binding */ describeEntry),
/* harmony export */   UN: () => (/* binding */ sameTraffic),
/* harmony export */   Un: () => (/* binding */ parseSplit),
/* harmony export */   hA: () => (/* binding */ describeTraffic),
/* harmony export */   lR: () => (/* binding */ tagTargets),
/* harmony export */   vS: () => (/* binding */ TAG_NAME),
/* harmony export */   zF: () => (/* binding */ applySplit)
/* harmony export */ });
const LATEST_TYPE = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';
const REVISION_TYPE = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION';
const REVISION_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const TAG_NAME = /^[a-z](?:[-a-z0-9]{0,44}[a-z0-9])?$/;
function isLatestType(type) {
    return type === LATEST_TYPE || type === 1;
}
/**
 * Lines such as LATEST=10, web-00042-abc=90, TAG=pr-5:100 (blank lines and # comments skipped):
 * every problem is returned, and the percentages must add up to 100.
 */
function parseSplit(text) {
    const entries = [];
    const problems = [];
    const seen = new Set();
    for (const [index, raw] of text.split(/\n/).entries()) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const match = /^([^=\s]+)\s*=\s*(?:([^:=\s]*):)?\s*([^:=\s]+)$/.exec(line);
        const where = `line ${index + 1} ("${line.slice(0, 60)}")`;
        if (!match) {
            problems.push(`${where} is not LATEST=PERCENT, REVISION=PERCENT or TAG=NAME:PERCENT, e.g. LATEST=100`);
            continue;
        }
        const [, key, tag, percentText] = match;
        const percent = Number(percentText);
        if (!/^\d+$/.test(percentText) || percent > 100) {
            problems.push(`${where}: ${percentText} is not a whole percentage from 0 to 100`);
            continue;
        }
        let entry;
        if (key === 'TAG') {
            if (!tag || !TAG_NAME.test(tag)) {
                problems.push(`${where}: name the tag, e.g. TAG=pr-5:100 (lower-case letters, digits and hyphens)`);
                continue;
            }
            entry = { kind: 'tag', tag, percent };
        }
        else if (tag !== undefined) {
            problems.push(`${where}: only a TAG line takes NAME:PERCENT, e.g. TAG=pr-5:100`);
            continue;
        }
        else if (key === 'LATEST') {
            entry = { kind: 'latest', percent };
        }
        else if (REVISION_NAME.test(key)) {
            entry = { kind: 'revision', revision: key, percent };
        }
        else {
            problems.push(`${where}: "${key}" is not LATEST, TAG or a revision name (e.g. web-00042-abc)`);
            continue;
        }
        const id = describeEntry(entry);
        if (seen.has(id)) {
            problems.push(`${id} is given twice: give each once`);
            continue;
        }
        seen.add(id);
        entries.push(entry);
    }
    if (problems.length === 0 && entries.length > 0) {
        const total = entries.reduce((sum, e) => sum + e.percent, 0);
        if (total !== 100)
            problems.push(`the percentages add up to ${total}, not 100`);
    }
    return { entries, problems };
}
/** LATEST, a revision's name, or TAG pr-5 (without the percentage). */
function describeEntry(entry) {
    return entry.kind === 'latest' ? 'LATEST' : entry.kind === 'revision' ? entry.revision : `TAG ${entry.tag}`;
}
/**
 * The revision each tag points to now, from trafficStatuses (which resolve LATEST to a revision) and,
 * where they are missing, from the traffic entries themselves.
 */
function tagTargets(traffic, statuses, latestReady) {
    const tags = new Map();
    for (const t of traffic ?? []) {
        if (!t.tag)
            continue;
        const revision = isLatestType(t.type) ? latestReady : (t.revision ?? '');
        if (revision)
            tags.set(t.tag, revision);
    }
    for (const s of statuses ?? [])
        if (s.tag && s.revision)
            tags.set(s.tag, s.revision);
    return tags;
}
/**
 * The service's traffic with exactly the split asked for: LATEST stays LATEST, a tag is resolved to
 * the revision it points to, and every tag keeps pointing where it did (on the entry of its
 * revision when that has no tag yet, else in an entry of its own with 0%).
 */
function applySplit(current, statuses, latestReady, split) {
    const tags = tagTargets(current, statuses, latestReady);
    const result = split.map((entry) => {
        if (entry.kind === 'latest')
            return { type: LATEST_TYPE, percent: entry.percent };
        const revision = entry.kind === 'revision' ? entry.revision : tags.get(entry.tag);
        if (!revision)
            throw new Error(`tag ${entry.tag} points to no revision`);
        return { type: REVISION_TYPE, revision, percent: entry.percent };
    });
    for (const t of current ?? []) {
        if (!t.tag)
            continue;
        const follows = isLatestType(t.type);
        const home = result.find((r) => !r.tag && (follows ? isLatestType(r.type) : !isLatestType(r.type) && r.revision === t.revision));
        if (home)
            home.tag = t.tag;
        else
            result.push(follows
                ? { type: LATEST_TYPE, percent: 0, tag: t.tag }
                : { type: REVISION_TYPE, revision: t.revision, percent: 0, tag: t.tag });
    }
    return result;
}
/**
 * Traffic as people read it: "90% web-00001-old, 10% LATEST (web-00002-new), tag pr-5 → web-00002-new".
 * LATEST is resolved to the latest ready revision when it is known.
 */
function describeTraffic(traffic, latestReady) {
    const entries = traffic?.length ? traffic : [{ type: LATEST_TYPE, percent: 100 }];
    const served = entries
        .filter((t) => (t.percent ?? 0) > 0)
        .map((t) => `${t.percent}% ${isLatestType(t.type) ? `LATEST${latestReady ? ` (${latestReady})` : ''}` : t.revision}`);
    const tagged = entries
        .filter((t) => t.tag)
        .map((t) => `tag ${t.tag} → ${isLatestType(t.type) ? 'LATEST' : t.revision}`);
    return [...served, ...tagged].join(', ') || 'no traffic';
}
/** Whether two traffic lists ask for the same split and tags, whatever their order and enum encoding. */
function sameTraffic(a, b) {
    const key = (list) => (list?.length ? list : [{ type: LATEST_TYPE, percent: 100 }])
        .map((t) => `${isLatestType(t.type) ? 'LATEST' : t.revision}|${t.percent ?? 0}|${t.tag ?? ''}`)
        .sort()
        .join(',');
    return key(a) === key(b);
}


/***/ }),

/***/ 26709:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ig: () => (/* binding */ readCodeDeployInputs),
/* harmony export */   M4: () => (/* binding */ describeScheduledTask),
/* harmony export */   bH: () => (/* binding */ readScheduledTask),
/* harmony export */   k3: () => (/* binding */ consoleCodeDeployNames)
/* harmony export */ });
/** The names the ECS console gives the CodeDeploy application and group it creates for a blue/green service. */
function consoleCodeDeployNames(cluster, service) {
    // The console names them after the cluster and service names (not ARNs).
    const name = (text) => text.split('/').pop();
    return {
        application: `AppECS-${name(cluster)}-${name(service)}`,
        deploymentGroup: `DgpECS-${name(cluster)}-${name(service)}`,
    };
}
// CodeDeploy: application and deployment group names are 1-100 characters.
const CODEDEPLOY_NAME = /^[A-Za-z0-9_.+@=,-]{1,100}$/;
// EventBridge rule names: 1-64 of [.\-_A-Za-z0-9]; event bus names (or ARNs) up to 256 characters.
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
const EVENT_BUS = /^[/.\-_A-Za-z0-9]{1,256}$/;
// EventBridge Scheduler: schedule and group names are 1-64 of [0-9a-zA-Z-_.].
const SCHEDULE_NAME = /^[0-9a-zA-Z\-_.]{1,64}$/;
function readCodeDeployInputs(ctx) {
    const read = (input) => {
        const value = ctx.text(input);
        if (value !== undefined && !CODEDEPLOY_NAME.test(value))
            ctx.problem(input, `"${value}" is not a CodeDeploy name (1-100 letters, digits and _.+@=,-)`);
        return value;
    };
    return { application: read('codedeploy-application'), deploymentGroup: read('codedeploy-deployment-group') };
}
/**
 * ecs-scheduled-task: `rule/NAME` or `NAME` (an EventBridge rule on the default event bus),
 * `rule/BUS/NAME` (on another event bus), or `schedule/GROUP/NAME` / `schedule/NAME` (an EventBridge
 * Scheduler schedule, in group `default` when none is given); each also as its ARN.
 */
function readScheduledTask(ctx) {
    const given = ctx.text('ecs-scheduled-task');
    if (given === undefined)
        return undefined;
    const example = 'nightly-report, rule/BUS/nightly-report, or schedule/GROUP/NAME';
    const arn = /^arn:aws[a-z-]*:(events|scheduler):[a-z0-9-]+:\d{12}:(.+)$/.exec(given);
    const value = arn ? arn[2] : given;
    if (arn && !value.startsWith(arn[1] === 'events' ? 'rule/' : 'schedule/'))
        return ctx.problem('ecs-scheduled-task', `"${given}" is not the ARN of an EventBridge rule or Scheduler schedule`);
    if (value.startsWith('schedule/')) {
        const parts = value.slice('schedule/'.length).split('/');
        const [group, name] = parts.length === 1 ? ['default', parts[0]] : parts;
        if (parts.length > 2 || !group || !name || !SCHEDULE_NAME.test(group) || !SCHEDULE_NAME.test(name))
            return ctx.problem('ecs-scheduled-task', `"${given}" is not schedule/GROUP/NAME or schedule/NAME (Scheduler names are 1-64 of 0-9 a-z A-Z - _ .); e.g. ${example}`);
        return { kind: 'schedule', group, name };
    }
    const path = value.startsWith('rule/') ? value.slice('rule/'.length) : value;
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    const eventBus = slash < 0 ? undefined : path.slice(0, slash);
    if (!RULE_NAME.test(name) || (eventBus !== undefined && !EVENT_BUS.test(eventBus)))
        return ctx.problem('ecs-scheduled-task', `"${given}" is not an EventBridge rule (NAME or rule/[BUS/]NAME; rule names are 1-64 of . - _ A-Z a-z 0-9) ` +
            `or a Scheduler schedule; e.g. ${example}`);
    return { kind: 'rule', name, eventBus: eventBus === 'default' ? undefined : eventBus };
}
/** How a scheduled task reference reads in messages. */
function describeScheduledTask(ref) {
    return ref.kind === 'rule'
        ? `EventBridge rule ${ref.name}${ref.eventBus ? ` (event bus ${ref.eventBus})` : ''}`
        : `EventBridge Scheduler schedule ${ref.group}/${ref.name}`;
}


/***/ }),

/***/ 24658:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EG: () => (/* binding */ readServiceOptions),
/* harmony export */   Ii: () => (/* binding */ memoryMiB),
/* harmony export */   MN: () => (/* binding */ cpuUnits),
/* harmony export */   RH: () => (/* binding */ readEcsSettings),
/* harmony export */   Tf: () => (/* binding */ SERVICE_ONLY_INPUTS),
/* harmony export */   YU: () => (/* binding */ readTaskOptions),
/* harmony export */   p2: () => (/* binding */ TASK_ONLY_INPUTS)
/* harmony export */ });
/* unused harmony export secretReferenceProblem */
const PARTITION = 'aws(?:-cn|-us-gov|-iso[a-z-]*)?';
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const SECRETS_MANAGER = new RegExp(`^arn:${PARTITION}:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+$`);
const SSM_PARAMETER = new RegExp(`^arn:${PARTITION}:ssm:[a-z0-9-]+:\\d{12}:parameter/[A-Za-z0-9_./-]+$`);
const ROLE = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}$`);
const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const LOG_GROUP = /^[A-Za-z0-9._\-/#]{1,512}$/;
const SECRET_EXAMPLE = 'DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::';
/** Why `value` is not a secret reference ECS takes, or undefined when it is one. */
function secretReferenceProblem(value) {
    if (!value.startsWith('arn:'))
        return `"${value}" is not an ARN: give the full ARN of a Secrets Manager secret or an SSM parameter, e.g. ${SECRET_EXAMPLE}`;
    if (/^arn:[^:]+:ssm:/.test(value)) {
        return SSM_PARAMETER.test(value)
            ? undefined
            : `"${value}" is not an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)`;
    }
    if (/^arn:[^:]+:secretsmanager:/.test(value)) {
        // ARN (the whole secret) or ARN:json-key:version-stage:version-id, the parts left out empty.
        const parts = value.split(':');
        const arn = parts.slice(0, 7).join(':');
        const extra = parts.slice(7);
        if (!SECRETS_MANAGER.test(arn))
            return `"${value}" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)`;
        if (extra.length === 0)
            return undefined;
        if (extra.length !== 3) {
            return (`"${value}": ECS takes a secret's JSON key and version as ARN:json-key:version-stage:version-id, ` +
                `with the parts left out empty, e.g. ${arn}:${extra[0] ?? 'password'}::`);
        }
        if (extra.every((part) => part === ''))
            return `"${value}" names no JSON key, stage or version after the ARN: leave off the trailing colons`;
        if (extra[1] !== '' && extra[2] !== '')
            return `"${value}" gives both a version stage and a version id; ECS takes one of them`;
        return undefined;
    }
    return `"${value}" is neither a Secrets Manager secret ARN nor an SSM parameter ARN`;
}
/** ecs-command: a JSON array of strings, or words separated by spaces (no quoting). */
function readCommand(ctx) {
    const text = ctx.text('ecs-command');
    if (text === undefined)
        return undefined;
    if (text.startsWith('[')) {
        try {
            const parsed = JSON.parse(text);
            if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((p) => typeof p === 'string'))
                return parsed;
        }
        catch {
            // reported below
        }
        return ctx.problem('ecs-command', 'is not a JSON array of strings, e.g. ["node", "server.js", "--port=8080"]');
    }
    if (/["'\\]/.test(text)) {
        return ctx.problem('ecs-command', 'has quotes or backslashes, which are not parsed as a shell would: give the command as a JSON array, e.g. ["sh", "-c", "echo hi"]');
    }
    return text.split(/\s+/).filter(Boolean);
}
function readLogConfig(ctx) {
    const values = ctx.keyValues('ecs-log-config', /^(group|region|stream-prefix|create-group|mode|max-buffer-size)$/, 'group=/ecs/web');
    if (Object.keys(values).length === 0)
        return undefined;
    const problems = ctx.problems.length;
    const group = values.group;
    if (group === undefined)
        ctx.problem('ecs-log-config', 'needs group=LOG_GROUP (the CloudWatch Logs group, e.g. /ecs/web)');
    else if (!LOG_GROUP.test(group))
        ctx.problem('ecs-log-config', `"${group}" is not a log group name (letters, digits, and . _ - / #)`);
    const streamPrefix = values['stream-prefix'];
    if (streamPrefix === undefined)
        ctx.problem('ecs-log-config', 'needs stream-prefix=PREFIX (streams are named PREFIX/CONTAINER/TASK-ID; Fargate requires it), e.g. stream-prefix=web');
    else if (!/^[^:*]{1,512}$/.test(streamPrefix))
        ctx.problem('ecs-log-config', `stream-prefix "${streamPrefix}" may not contain : or *`);
    const region = values.region;
    if (region !== undefined && !REGION.test(region))
        ctx.problem('ecs-log-config', `region "${region}" is not an AWS region, e.g. us-east-1`);
    const createGroup = values['create-group'];
    if (createGroup !== undefined && !['true', 'false'].includes(createGroup))
        ctx.problem('ecs-log-config', `create-group must be true or false, not "${createGroup}"`);
    const mode = values.mode;
    if (mode !== undefined && mode !== 'blocking' && mode !== 'non-blocking')
        ctx.problem('ecs-log-config', `mode must be blocking or non-blocking, not "${mode}"`);
    const maxBufferSize = values['max-buffer-size'];
    if (maxBufferSize !== undefined) {
        if (!/^\d+[kmg]?$/i.test(maxBufferSize))
            ctx.problem('ecs-log-config', `max-buffer-size "${maxBufferSize}" is not a size such as 25m`);
        else if (mode !== 'non-blocking')
            ctx.problem('ecs-log-config', 'max-buffer-size applies only with mode=non-blocking');
    }
    if (ctx.problems.length > problems)
        return undefined;
    return {
        group: group,
        region,
        streamPrefix: streamPrefix,
        createGroup: createGroup === 'true',
        mode: mode,
        maxBufferSize,
    };
}
function readRole(ctx, name, example) {
    const value = ctx.text(name);
    if (value !== undefined && !ROLE.test(value))
        return ctx.problem(name, `"${value}" is not an IAM role ARN, e.g. arn:aws:iam::123456789012:role/${example}`);
    return value;
}
/** Task-level CPU as units: "512", or "0.5 vCPU". */
function cpuUnits(text) {
    const vcpu = /^(\d+(?:\.\d+)?)\s*vcpus?$/i.exec(text);
    const units = vcpu ? Number(vcpu[1]) * 1024 : /^\d+$/.test(text) ? Number(text) : NaN;
    return Number.isInteger(units) && units >= 128 && units <= 196_608 ? units : undefined;
}
/** Task-level memory in MiB: "1024", or "1 GB". */
function memoryMiB(text) {
    const gb = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
    const mib = gb ? Number(gb[1]) * 1024 : /^\d+$/.test(text) ? Number(text) : NaN;
    return Number.isInteger(mib) && mib >= 6 && mib <= 16_777_216 ? mib : undefined;
}
function readSize(ctx, name, parse, how) {
    const text = ctx.text(name);
    if (text === undefined)
        return undefined;
    const value = parse(text);
    if (value === undefined)
        return ctx.problem(name, `"${text}" is not ${how}`);
    return String(value);
}
function readEcsSettings(ctx, environment) {
    const containers = ctx.list('ecs-container');
    for (const name of containers)
        if (!CONTAINER_NAME.test(name))
            ctx.problem('ecs-container', `"${name}" is not a container name (letters, digits, - and _)`);
    const secrets = ctx.keyValues('ecs-secrets', undefined, SECRET_EXAMPLE);
    for (const [name, value] of Object.entries(secrets)) {
        const problem = secretReferenceProblem(value);
        if (problem)
            ctx.problem('ecs-secrets', `${name}: ${problem}`);
        if (name in environment)
            ctx.problem('ecs-secrets', `${name} is also set by ecs-environment: a variable is either a secret or a value`);
    }
    const command = readCommand(ctx);
    if (command && containers.length > 1) {
        ctx.problem('ecs-command', `sets one container's command, and ecs-container names ${containers.length} (${containers.join(', ')}): ` +
            'set each command in the task definition instead');
    }
    return {
        containers,
        secrets,
        command,
        logConfig: readLogConfig(ctx),
        taskRoleArn: readRole(ctx, 'ecs-task-role', 'app-task'),
        executionRoleArn: readRole(ctx, 'ecs-execution-role', 'ecsTaskExecutionRole'),
        cpu: readSize(ctx, 'ecs-cpu', cpuUnits, 'task CPU: units from 128 to 196608 (256, 1024, …) or vCPUs (0.25 vCPU, 1 vCPU)'),
        memory: readSize(ctx, 'ecs-memory', memoryMiB, 'task memory: MiB (512, 2048, …) or GB (0.5 GB, 2 GB)'),
    };
}
function readServiceOptions(ctx, waitForStability) {
    const desiredCountText = ctx.text('ecs-desired-count');
    const desiredCount = desiredCountText === undefined ? undefined : ctx.integer('ecs-desired-count', 0, 0, 100_000, 'tasks');
    const deregisterPrevious = ctx.boolean('ecs-deregister-previous', false);
    if (deregisterPrevious && !waitForStability)
        ctx.problem('ecs-deregister-previous', 'deregisters the replaced revision once the new one is stable, so it needs wait-for-stability: true');
    return { desiredCount, forceNewDeployment: ctx.boolean('ecs-force-new-deployment', false), deregisterPrevious };
}
/** ecs-capacity-providers: one provider a line, as the AWS CLI writes it: capacityProvider=FARGATE_SPOT,weight=3,base=0. */
function readCapacityProviderStrategy(ctx) {
    const name = 'ecs-capacity-providers';
    const example = 'capacityProvider=FARGATE_SPOT,weight=3';
    const items = [];
    for (const [index, raw] of ctx.read(name).split('\n').entries()) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const fields = new Map();
        let bad = false;
        for (const part of line.split(',').map((p) => p.trim())) {
            const match = /^(capacityProvider|weight|base)=(.+)$/.exec(part);
            if (!match || fields.has(match[1]))
                bad = true;
            else
                fields.set(match[1], match[2].trim());
        }
        const provider = fields.get('capacityProvider');
        if (bad || !provider) {
            ctx.problem(name, `line ${index + 1} ("${line.slice(0, 60)}") is not capacityProvider=NAME[,weight=N][,base=N], e.g. ${example}`);
            continue;
        }
        const number = (key, max) => {
            const text = fields.get(key);
            if (text === undefined)
                return undefined;
            const value = Number(text);
            if (!/^\d+$/.test(text) || value > max) {
                ctx.problem(name, `${provider}: ${key} must be a whole number from 0 to ${max}, not "${text}"`);
                return undefined;
            }
            return value;
        };
        if (!/^[A-Za-z0-9_-]{1,255}$/.test(provider))
            ctx.problem(name, `"${provider}" is not a capacity provider name`);
        if (items.some((i) => i.capacityProvider === provider))
            ctx.problem(name, `${provider} is listed twice`);
        items.push({ capacityProvider: provider, weight: number('weight', 1000), base: number('base', 100_000) });
    }
    if (items.length === 0)
        return undefined;
    if (items.length > 20)
        ctx.problem(name, `lists ${items.length} capacity providers; ECS takes at most 20`);
    if (items.filter((i) => (i.base ?? 0) > 0).length > 1)
        ctx.problem(name, 'gives a base to more than one capacity provider; ECS allows a base on one only');
    if (items.every((i) => (i.weight ?? 0) === 0))
        ctx.problem(name, 'needs a weight above 0 on at least one capacity provider, e.g. ' + example);
    return items;
}
function readTaskOptions(ctx) {
    const capacityProviderStrategy = readCapacityProviderStrategy(ctx);
    if (capacityProviderStrategy && ctx.text('ecs-launch-type') !== undefined)
        ctx.problem('ecs-capacity-providers', 'and ecs-launch-type exclude each other: a task runs on a launch type or on capacity providers');
    const startedBy = ctx.text('ecs-started-by') ?? 'portable-deploy';
    if (!/^[A-Za-z0-9_/-]{1,128}$/.test(startedBy))
        ctx.problem('ecs-started-by', `"${startedBy}" is not up to 128 letters, digits, -, _ and /`);
    const propagate = ctx.text('ecs-propagate-tags');
    if (propagate !== undefined && propagate !== 'TASK_DEFINITION' && propagate !== 'NONE')
        ctx.problem('ecs-propagate-tags', `"${propagate}" is not TASK_DEFINITION or NONE (a one-off task has no service to take tags from)`);
    return {
        capacityProviderStrategy,
        startedBy,
        propagateTags: propagate === 'TASK_DEFINITION' || propagate === 'NONE' ? propagate : undefined,
        enableExecuteCommand: ctx.boolean('ecs-enable-execute-command', false),
    };
}
/** The inputs of one mode, named when given in the other. */
const SERVICE_ONLY_INPUTS = ['ecs-desired-count', 'ecs-force-new-deployment', 'ecs-deregister-previous'];
const TASK_ONLY_INPUTS = [
    'ecs-capacity-providers',
    'ecs-started-by',
    'ecs-propagate-tags',
    'ecs-enable-execute-command',
];


/***/ }),

/***/ 19937:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ed: () => (/* binding */ readKubernetesInputs),
/* harmony export */   K$: () => (/* binding */ describeCluster),
/* harmony export */   Uq: () => (/* binding */ workloadLabel)
/* harmony export */ });
/* unused harmony export WORKLOAD_KINDS */
/* harmony import */ var _clouds_azure_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(34799);

const WORKLOAD_KINDS = (/* unused pure expression or super */ null && (['deployment', 'statefulset', 'daemonset', 'cronjob', 'job']));
/** kubectl's names for each kind (singular, plural, short), as `kubectl get` takes them, optionally with the group. */
const KIND_ALIASES = {
    deployment: 'deployment',
    deployments: 'deployment',
    deploy: 'deployment',
    statefulset: 'statefulset',
    statefulsets: 'statefulset',
    sts: 'statefulset',
    daemonset: 'daemonset',
    daemonsets: 'daemonset',
    ds: 'daemonset',
    cronjob: 'cronjob',
    cronjobs: 'cronjob',
    cj: 'cronjob',
    job: 'job',
    jobs: 'job',
};
const GROUP_OF = {
    deployment: 'apps',
    statefulset: 'apps',
    daemonset: 'apps',
    cronjob: 'batch',
    job: 'batch',
};
/** deployment, deploy.apps, cronjobs.batch → the kind; undefined for anything else. */
function kindOf(text) {
    const dot = text.indexOf('.');
    const kind = KIND_ALIASES[dot < 0 ? text : text.slice(0, dot)];
    if (!kind || (dot >= 0 && text.slice(dot + 1) !== GROUP_OF[kind]))
        return undefined;
    return kind;
}
// Kubernetes object names: a DNS-1123 subdomain (lower-case alphanumerics, "-" and ".", at most 253).
const OBJECT_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
// Namespaces and container names: a DNS-1123 label (at most 63).
const LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const GKE_LOCATION = /^[a-z]+-[a-z]+\d+(?:-[a-z])?$/;
const GKE_NAME = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const AKS_NAME = /^[a-zA-Z0-9](?:[-_a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
function readWorkloads(ctx) {
    const lines = ctx.list('k8s-workload');
    if (lines.length === 0) {
        ctx.problem('k8s-workload', 'is required with runtime kubernetes: the workload to update, e.g. deployment/web (one per line; statefulset/, daemonset/, cronjob/ and job/ too)');
        return [];
    }
    const workloads = [];
    for (const line of lines) {
        const slash = line.indexOf('/');
        const kindText = slash < 0 ? 'deployment' : line.slice(0, slash).toLowerCase();
        const name = slash < 0 ? line : line.slice(slash + 1);
        const kind = Object.hasOwn(KIND_ALIASES, kindText.split('.')[0]) ? kindOf(kindText) : undefined;
        if (!kind) {
            ctx.problem('k8s-workload', `"${line}": "${kindText}" is not a kind this action updates; use deployment/NAME, statefulset/NAME, daemonset/NAME, cronjob/NAME or job/NAME`);
            continue;
        }
        if (!OBJECT_NAME.test(name)) {
            ctx.problem('k8s-workload', `"${line}": "${name}" is not a Kubernetes name (lower-case letters, digits, "-" and ".", e.g. deployment/web)`);
            continue;
        }
        if (kind === 'job' && name.length > 57)
            ctx.problem('k8s-workload', `"${line}": a Job run gets the name ${name}-XXXXX, which must fit in 63 characters: shorten the name to 57`);
        if (workloads.some((w) => w.kind === kind && w.name === name)) {
            ctx.problem('k8s-workload', `${kind}/${name} is named twice`);
            continue;
        }
        workloads.push({ kind, name });
    }
    return workloads;
}
function readContext(ctx) {
    return ctx.text('k8s-context');
}
/** k8s-cluster (eks:NAME, gke:LOCATION/NAME, aks:RESOURCE_GROUP/NAME), else the kubeconfig input, else the environment's. */
function readCluster(ctx, common, env) {
    const clusterText = ctx.text('k8s-cluster');
    const kubeconfig = ctx.read('kubeconfig');
    const context = readContext(ctx);
    if (clusterText === undefined) {
        if (kubeconfig === '')
            return { kind: 'default', context };
        if (!/["']?\bclusters["']?\s*:/.test(kubeconfig))
            return ctx.problem('kubeconfig', 'is not a kubeconfig (YAML or JSON with clusters, users and contexts), e.g. ${{ secrets.KUBECONFIG }}');
        return { kind: 'inline', kubeconfig, context };
    }
    if (kubeconfig !== '')
        ctx.problem('kubeconfig', 'and k8s-cluster exclude each other: give a kubeconfig, or name an EKS, GKE or AKS cluster');
    if (context !== undefined)
        ctx.problem('k8s-context', 'picks a context of a kubeconfig; with k8s-cluster there is none: drop one of them');
    const colon = clusterText.indexOf(':');
    const provider = colon < 0 ? '' : clusterText.slice(0, colon);
    const rest = colon < 0 ? '' : clusterText.slice(colon + 1);
    const shape = 'use eks:NAME, gke:LOCATION/NAME or aks:RESOURCE_GROUP/NAME';
    switch (provider) {
        case 'eks': {
            if (!EKS_NAME.test(rest))
                return ctx.problem('k8s-cluster', `"${clusterText}": "${rest}" is not an EKS cluster name (e.g. eks:prod)`);
            const region = ctx.text('aws-region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
            if (region === undefined)
                return ctx.problem('aws-region', 'is required with k8s-cluster: eks:… when AWS_REGION is not set (e.g. us-east-1)');
            if (!AWS_REGION.test(region))
                return ctx.problem('aws-region', `"${region}" is not an AWS region, e.g. us-east-1`);
            return { kind: 'eks', name: rest, region };
        }
        case 'gke': {
            const [location, name, extra] = rest.split('/');
            if (extra !== undefined || !location || !name || !GKE_LOCATION.test(location) || !GKE_NAME.test(name))
                return ctx.problem('k8s-cluster', `"${clusterText}" is not gke:LOCATION/NAME with a region or zone and a cluster name, e.g. gke:us-central1/prod or gke:europe-west1-b/dev`);
            const project = ctx.text('gcp-project');
            if (project !== undefined && !GCP_PROJECT.test(project))
                return ctx.problem('gcp-project', `"${project}" is not a Google Cloud project ID`);
            return { kind: 'gke', project, location, name };
        }
        case 'aks': {
            const [resourceGroup, name, extra] = rest.split('/');
            if (extra !== undefined || !resourceGroup || !name || !RESOURCE_GROUP.test(resourceGroup) || !AKS_NAME.test(name))
                return ctx.problem('k8s-cluster', `"${clusterText}" is not aks:RESOURCE_GROUP/NAME, e.g. aks:prod-rg/prod-cluster`);
            return {
                kind: 'aks',
                resourceGroup,
                name,
                identity: common.azure,
                subscriptionId: (0,_clouds_azure_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .readAzureSubscription */ .bh)(ctx, env),
            };
        }
        default:
            return ctx.problem('k8s-cluster', `"${clusterText}" names no cloud: ${shape}`);
    }
}
function readKubernetesInputs(ctx, common, env = process.env) {
    const before = ctx.problems.length;
    const workloads = readWorkloads(ctx);
    const namespace = ctx.text('k8s-namespace');
    if (namespace !== undefined && !LABEL.test(namespace))
        ctx.problem('k8s-namespace', `"${namespace}" is not a namespace name (lower-case letters, digits and "-", at most 63 characters)`);
    const container = ctx.text('k8s-container');
    if (container !== undefined && !LABEL.test(container))
        ctx.problem('k8s-container', `"${container}" is not a container name (lower-case letters, digits and "-", at most 63 characters)`);
    const cluster = readCluster(ctx, common, env);
    const rollback = ctx.boolean('k8s-rollback', true);
    const waitTimeoutSeconds = ctx.integer('wait-timeout', 600, 1, 86_400, 'seconds');
    if (ctx.problems.length > before || !cluster)
        return undefined;
    return { workloads, namespace, container, cluster, rollback, waitTimeoutSeconds };
}
/** How a workload reads in logs and errors: deployment/web. */
function workloadLabel(workload) {
    return `${workload.kind}/${workload.name}`;
}
/** Where this leg deploys, for the leg label. */
function describeCluster(cluster) {
    switch (cluster.kind) {
        case 'default':
        case 'inline':
            return cluster.context ?? 'kubeconfig';
        case 'eks':
            return `eks:${cluster.name}`;
        case 'gke':
            return `gke:${cluster.location}/${cluster.name}`;
        case 'aks':
            return `aks:${cluster.resourceGroup}/${cluster.name}`;
    }
}


/***/ }),

/***/ 20824:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ maskSecret)
/* harmony export */ });
/* harmony import */ var _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(91520);
/** Registering secrets with the runner so that logs show *** instead. */

/** Lines shorter than this are not registered alone: masking "Aw==" or "}" everywhere would garble every log. */
const SHORTEST_LINE = 4;
/**
 * Registers a secret whole and, when it has several lines, line by line: the runner masks each
 * registered value exactly as given, and a tool that prints the value prints it one line at a time.
 */
function maskSecret(value, setSecret = _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .setSecret */ .Pq) {
    if (!value)
        return;
    setSecret(value);
    const lines = value
        .split(/\r\n|\r|\n/)
        .map((line) => line.trim())
        .filter((line) => line.length >= SHORTEST_LINE && line !== value);
    for (const line of new Set(lines))
        setSecret(line);
}


/***/ }),

/***/ 20286:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   R8: () => (/* binding */ warn),
/* harmony export */   XW: () => (/* binding */ warningsSoFar),
/* harmony export */   pP: () => (/* binding */ clearWarnings)
/* harmony export */ });
/* harmony import */ var _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(91520);
/** Every warning of the run, shown in the log as it happens and listed again in the job summary. */

const recorded = [];
let show = (message, properties) => _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(message, properties);
function warn(message, title) {
    recorded.push(title ? `${title}: ${message}` : message);
    show(message, title ? { title } : {});
}
/** The warnings so far, oldest first. */
function warningsSoFar() {
    return [...recorded];
}
/** Starts a run's warnings afresh (a test may run several in one process), shown by `shower`. */
function clearWarnings(shower = (message, properties) => _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(message, properties)) {
    recorded.length = 0;
    show = shower;
}


/***/ }),

/***/ 42613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 20181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 35317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 76982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 72250:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("dns");

/***/ }),

/***/ 24434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 79896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 58611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 85675:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http2");

/***/ }),

/***/ 65692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 69278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 34589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 16698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 31421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 37540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 77598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 53053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 40610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 78474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 73024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 51455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 37067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 32467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 44708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 77030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 48161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 76760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 41792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 80481:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:readline");

/***/ }),

/***/ 80099:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:sqlite");

/***/ }),

/***/ 57075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 46466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 37830:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/web");

/***/ }),

/***/ 87997:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers");

/***/ }),

/***/ 58500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

/***/ }),

/***/ 41692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 73136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 57975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 73429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 75919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 38522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 70857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 16928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 83480:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("querystring");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 13193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 53557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 64756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 52018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 87016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 39023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 69154:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("vm");

/***/ }),

/***/ 28167:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("worker_threads");

/***/ }),

/***/ 43106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		id: moduleId,
/******/ 		loaded: false,
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Flag the module as loaded
/******/ 	module.loaded = true;
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/node module decorator */
/******/ (() => {
/******/ 	__nccwpck_require__.nmd = (module) => {
/******/ 		module.paths = [];
/******/ 		if (!module.children) module.children = [];
/******/ 		return module;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(79407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 

//# sourceMappingURL=index.js.map