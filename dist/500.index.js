export const id = 500;
export const ids = [500];
export const modules = {

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

/***/ 89500:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AcrSessions: () => (/* binding */ AcrSessions),
/* harmony export */   checkAcrPush: () => (/* binding */ checkAcrPush)
/* harmony export */ });
/* unused harmony exports ACR_REFRESH_TOKEN_USER, acrEntraScope */
/* harmony import */ var _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(91520);
/* harmony import */ var _clouds_azure_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(96717);
/* harmony import */ var _oci_access_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(81307);
/* harmony import */ var _oci_auth_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76599);
/* harmony import */ var _oci_client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76978);
/* harmony import */ var _oci_http_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(95809);
/* harmony import */ var _oci_retry_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(49963);
/* harmony import */ var _oci_transient_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9671);
/* harmony import */ var _secret_mask_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(20824);
/**
 * Azure Container Registry's token endpoints: the run's Entra ID token exchanged for an ACR refresh
 * token (POST REG/oauth2/exchange), handed to the registry auth as an identity token so it asks for
 * access tokens by the refresh_token grant; and, before any byte moves, whether the push's
 * credentials may push to the destination. The ACR
 * family module imports this file only when it is used, and @azure/identity loads only then.
 */









/** The user name ACR takes with a refresh token (docker login, az acr login). */
const ACR_REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
/** Tries of the token exchange, through throttling (429) and brief failures. */
const EXCHANGE_ATTEMPTS = 4;
/** Ask for a new refresh token this long before the old one expires (they live about 3 hours). */
const RENEW_MARGIN_MS = 5 * 60_000;
/**
 * The Entra ID scope of the token ACR takes: its own audience in Azure's public cloud (which works
 * even when a registry refuses ARM-audience tokens); the sovereign clouds' ARM audience, as az sends.
 */
function acrEntraScope(cloudDomain) {
    if (cloudDomain === 'azurecr.cn')
        return 'https://management.chinacloudapi.cn/.default';
    if (cloudDomain === 'azurecr.us')
        return 'https://management.usgovcloudapi.net/.default';
    return 'https://containerregistry.azure.net/.default';
}
/**
 * The run's ACR refresh tokens, one per registry, exchanged on first use and again when the last
 * one is near its expiry; one exchange in flight per registry.
 */
class AcrSessions {
    now;
    env;
    fetchFor;
    /** Each registry's refresh token; undefined when the run has no Azure identity at all. */
    tokens = new Map();
    constructor(now = Date.now, env = process.env, 
    /** How the registry host is reached (through registry-endpoints); tests pass their own. */
    fetchFor = _oci_http_js__WEBPACK_IMPORTED_MODULE_4__/* .fetchThrough */ .sL) {
        this.now = now;
        this.env = env;
        this.fetchFor = fetchFor;
    }
    /**
     * The registry credentials from the run's Azure identity; undefined when there is none (no
     * inputs, no AZURE_* variables, no az session), so docker config may serve the registry.
     */
    async credentials(acr, identity, endpoints) {
        const key = acr.registry;
        let pending = this.tokens.get(key);
        const current = await pending;
        if (!pending || (current && current.renewAt <= this.now())) {
            pending = this.exchange(acr, identity, endpoints);
            this.tokens.set(key, pending);
            // A failed exchange is tried again on the next call.
            pending.catch(() => this.tokens.delete(key));
        }
        const token = await pending;
        return token && { username: ACR_REFRESH_TOKEN_USER, identityToken: token.value, renewAt: token.renewAt };
    }
    async exchange(acr, identity, endpoints) {
        const credential = (0,_clouds_azure_js__WEBPACK_IMPORTED_MODULE_1__/* .azureCredential */ .$D)(identity, this.env);
        let entraToken;
        try {
            entraToken = (await credential.getToken(acrEntraScope(acr.cloudDomain))).token;
        }
        catch (error) {
            // Nothing to sign in with at all: not an error here, the chain goes on to docker config. az
            // says the same of an expired session (azure/login's OIDC assertion), so the log says why.
            if (credential.source.kind === 'azure-cli' && error.access === 'missing') {
                _runner_workflow_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`${acr.registry}: no Azure sign-in to exchange (${error.message}); trying docker config, then anonymous`);
                return undefined;
            }
            throw error;
        }
        const tenant = (0,_oci_auth_js__WEBPACK_IMPORTED_MODULE_2__/* .jwtClaims */ .vE)(entraToken)?.tid;
        const form = new URLSearchParams({ grant_type: 'access_token', service: acr.registry });
        if (typeof tenant === 'string')
            form.set('tenant', tenant);
        form.set('access_token', entraToken);
        const url = `https://${acr.registry}/oauth2/exchange`;
        let response;
        for (let attempt = 1;; attempt++) {
            try {
                response = await this.fetchFor(endpoints)(url, {
                    method: 'POST',
                    headers: { 'content-type': 'application/x-www-form-urlencoded' },
                    body: form,
                    signal: AbortSignal.timeout(60_000),
                });
            }
            catch (error) {
                if (attempt < EXCHANGE_ATTEMPTS && (0,_oci_transient_js__WEBPACK_IMPORTED_MODULE_6__/* .isTransientNetworkError */ .l)(error)) {
                    // A reset or refused connection: back off as for a 5xx, so a registry restarting gets time.
                    await (0,_oci_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)((0,_oci_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .retryDelayMs */ .qO)(attempt, _oci_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_RETRY */ .vI, null));
                    continue;
                }
                throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_1__/* .AzureError */ .M6(`could not reach ${acr.registry} to exchange the Entra ID token (${error.message}): check the registry name and that this runner reaches it`, { cause: error });
            }
            if (attempt >= EXCHANGE_ATTEMPTS || !(0,_oci_transient_js__WEBPACK_IMPORTED_MODULE_6__/* .isTransientStatus */ .Dm)(response.status))
                break;
            // Throttled (429) or briefly down: wait as the registry asks, within bounds, and try again.
            await response.arrayBuffer();
            await (0,_oci_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)((0,_oci_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .retryDelayMs */ .qO)(attempt, _oci_retry_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_RETRY */ .vI, response.headers.get('retry-after')));
        }
        const text = await response.text();
        if (!response.ok) {
            const access = (0,_oci_access_js__WEBPACK_IMPORTED_MODULE_8__/* .accessOfStatus */ .u)(response.status);
            throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_1__/* .AzureError */ .M6(`${acr.registry} refused the Entra ID token of ${describeIdentity(credential.source.kind)} (HTTP ${response.status} from POST /oauth2/exchange: ${text.slice(0, 200)})${access ? `: grant the identity the AcrPush role on the registry` : ''}`, access && { access });
        }
        let answer;
        try {
            answer = JSON.parse(text);
        }
        catch {
            // A proxy's or captive portal's page answers 200 too: say what came back, not a JSON syntax error.
            throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_1__/* .AzureError */ .M6(`${acr.registry} answered POST /oauth2/exchange with HTTP ${response.status} but not JSON (${response.headers.get('content-type') ?? 'no content-type'}: ${text.slice(0, 120)}): check that the registry name is an Azure Container Registry and that no proxy answers in its place`);
        }
        const refresh = answer?.refresh_token;
        const exp = typeof refresh === 'string' ? (0,_oci_auth_js__WEBPACK_IMPORTED_MODULE_2__/* .jwtClaims */ .vE)(refresh)?.exp : undefined;
        if (typeof refresh !== 'string' || typeof exp !== 'number')
            throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_1__/* .AzureError */ .M6(`${acr.registry} answered the token exchange without a refresh token that says when it expires`);
        (0,_secret_mask_js__WEBPACK_IMPORTED_MODULE_7__/* .maskSecret */ .$)(refresh);
        const expiresAt = exp * 1000;
        const margin = Math.min(RENEW_MARGIN_MS, Math.max(0, (expiresAt - this.now()) / 2));
        return { value: refresh, renewAt: expiresAt - margin };
    }
    async destroy() {
        this.tokens.clear();
    }
}
function describeIdentity(kind) {
    return kind === 'azure-cli' ? 'the Azure CLI session' : 'the Azure identity';
}
/**
 * Checks, before any byte moves, that the registry answers and that the push's credentials may push
 * to the repository (ACR creates it on the first push): a token is asked for `pull,push`, and the
 * actions it grants are read from it. Nothing is written.
 */
async function checkAcrPush(client, repository, log) {
    const registry = client.registry;
    const name = registry.split('.')[0];
    let granted;
    try {
        granted = await client.grantedActions(repository, ['pull', 'push']);
    }
    catch (error) {
        if (error instanceof _oci_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryError */ .gl && error.status === undefined)
            throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_1__/* .AzureError */ .M6(`Azure Container Registry ${registry} does not answer (${error.message}): check the registry name (az acr show --name ${name})`, { cause: error });
        throw error;
    }
    if (granted === undefined) {
        log(`Azure Container Registry ${registry}: its token does not say what it grants; the push will find out`);
    }
    else if (!granted.includes('push')) {
        throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_1__/* .AzureError */ .M6(`the credentials for ${registry} may not push to "${repository}" (the registry grants ${granted.join(', ') || 'nothing'} there): grant the identity the AcrPush role on the registry (az role assignment create --role AcrPush --assignee CLIENT_ID --scope $(az acr show --name ${name} --query id --output tsv)), or give a repository-scoped token content/write on "${repository}"`, { access: 'denied' });
    }
    else {
        log(`Azure Container Registry ${registry}: the credentials may push to "${repository}" (created on the first push)`);
    }
}


/***/ })

};

//# sourceMappingURL=500.index.js.map