export const id = 272;
export const ids = [272];
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

/***/ 37272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   defaultArmAccess: () => (/* binding */ defaultArmAccess)
/* harmony export */ });
/* harmony import */ var _clouds_azure_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96717);
/**
 * How the Container Apps runtime reaches Azure Resource Manager: the run's Azure credential
 * (clouds/azure.ts: OIDC federation, AZURE_* secret or certificate, or the az session), the
 * subscription from azure-subscription-id or AZURE_SUBSCRIPTION_ID, and the Resource Manager
 * endpoint of a sovereign cloud or a private link (AZURE_RESOURCE_MANAGER_ENDPOINT).
 */

function defaultArmAccess(account, env = process.env) {
    return {
        credential: async () => (0,_clouds_azure_js__WEBPACK_IMPORTED_MODULE_0__/* .azureCredential */ .$D)(account.identity, env),
        subscriptionId: async () => {
            if (account.subscriptionId)
                return account.subscriptionId;
            // Missing, not wrong: a fork's plan has no secrets, so it goes on past this.
            throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6('no Azure subscription: set the azure-subscription-id input (or AZURE_SUBSCRIPTION_ID in the environment)', { access: 'missing' });
        },
        ...(env.AZURE_RESOURCE_MANAGER_ENDPOINT && { endpoint: env.AZURE_RESOURCE_MANAGER_ENDPOINT }),
    };
}


/***/ })

};

//# sourceMappingURL=272.index.js.map