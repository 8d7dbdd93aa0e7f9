export const id = 259;
export const ids = [259];
export const modules = {

/***/ 89066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ armErrorFields),
/* harmony export */   z: () => (/* binding */ explainArmError)
/* harmony export */ });
/* harmony import */ var _oci_access_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(81307);
/* harmony import */ var _azure_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96717);
/**
 * Azure Resource Manager failures as sentences: what failed, on which resource, and what to do.
 * A 401 or 403 carries the access marker, so a plan without Azure credentials (a fork) goes on.
 * Shared by every runtime that calls ARM.
 */


function armErrorFields(error) {
    const fields = (error ?? {});
    return {
        statusCode: typeof fields.statusCode === 'number' ? fields.statusCode : undefined,
        code: typeof fields.code === 'string' ? fields.code : undefined,
        message: typeof fields.message === 'string' ? fields.message : String(error),
    };
}
/**
 * Turns an ARM failure into an AzureError; `action` names what failed and where. `role` is what to grant on a 403; Azure's own
 * message names the identity, the action it lacks and the scope.
 */
function explainArmError(error, action, role) {
    if (error instanceof _azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6)
        return error;
    const { statusCode, code, message } = armErrorFields(error);
    const access = (0,_oci_access_js__WEBPACK_IMPORTED_MODULE_1__/* .accessOfStatus */ .u)(statusCode);
    if (statusCode === 401 || /CredentialUnavailable|authenticat/i.test(String(error?.name))) {
        return new _azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6(`${action} found no valid Azure credentials: ${message}. Add azure/login (OIDC) before this step, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET`, { cause: error, access: 'missing' });
    }
    if (statusCode === 403) {
        return new _azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6(`${action} was denied${code ? ` (${code})` : ''}: ${message} Grant the workflow's identity ${role}`, { cause: error, access });
    }
    if (statusCode === 429) {
        return new _azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6(`${action} was throttled by Azure Resource Manager even after retries: ${message}. Run the step again later`, { cause: error });
    }
    return new _azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6(`${action} failed${code ? ` (${code})` : ''}: ${message}`, {
        cause: error,
    });
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

/***/ 83215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  H: () => (/* binding */ checkSecretRefs),
  N: () => (/* binding */ connect)
});

// EXTERNAL MODULE: ./src/clouds/azure.ts
var azure = __webpack_require__(96717);
// EXTERNAL MODULE: ./src/clouds/azure-arm.ts
var azure_arm = __webpack_require__(89066);
;// CONCATENATED MODULE: ./src/runtimes/container-apps/arm.ts
/** The api-version @azure/arm-appcontainers 4.0.0 was generated for; pinned so an SDK update cannot change it silently. */
const API_VERSION = '2026-07-01';
async function containerAppsClient(access) {
    const [credential, subscriptionId] = await Promise.all([access.credential(), access.subscriptionId()]);
    const { ContainerAppsAPIClient } = await Promise.all(/* import() */[__webpack_require__.e(830), __webpack_require__.e(669), __webpack_require__.e(818), __webpack_require__.e(135)]).then(__webpack_require__.bind(__webpack_require__, 45135));
    const client = new ContainerAppsAPIClient(credential, subscriptionId, {
        apiVersion: API_VERSION,
        // The client asks for the public cloud's audience unless told: a sovereign cloud's Resource
        // Manager (or a private link to it) takes tokens for its own.
        ...(access.endpoint && {
            endpoint: access.endpoint,
            credentials: { scopes: [`${new URL(access.endpoint).origin}/.default`] },
        }),
        ...(access.ca && { tlsOptions: { ca: access.ca } }),
        userAgentOptions: { userAgentPrefix: 'portable-deploy' },
    });
    return { client, subscriptionId };
}

// EXTERNAL MODULE: ./src/runtimes/container-apps/render.ts
var render = __webpack_require__(10078);
;// CONCATENATED MODULE: ./src/runtimes/container-apps/connect.ts




/**
 * The image's platform first (known from the image alone, so a plan without credentials fails on
 * it too, before anything is pushed), then the ARM client for `resource` ("Container App web").
 */
async function connect(access, target, resource, resourceGroup, readerRole) {
    const unrunnable = (0,render/* platformProblem */.J4)(target.image, await target.platforms());
    if (unrunnable)
        throw new azure/* AzureError */.M6(unrunnable);
    try {
        const { client, subscriptionId } = await containerAppsClient(access);
        return {
            client,
            subscriptionId,
            label: `${resource} (resource group ${resourceGroup}, subscription ${subscriptionId})`,
        };
    }
    catch (error) {
        throw (0,azure_arm/* explainArmError */.z)(error, `Connecting to Azure for ${resource} (resource group ${resourceGroup})`, readerRole);
    }
}
/** Every `secretref:` in container-apps-env names a secret the resource has; `hint` says how to add one. */
function checkSecretRefs(env, secrets, label, hint = '') {
    const names = (secrets ?? []).map((secret) => secret.name ?? '');
    for (const [variable, value] of Object.entries(env)) {
        if ('secretRef' in value && !names.includes(value.secretRef))
            throw new azure/* AzureError */.M6(`container-apps-env: ${variable}=secretref:${value.secretRef}, but ${label} has no secret "${value.secretRef}"; its secrets are: ${names.join(', ') || 'none'}${hint}`);
    }
}


/***/ }),

/***/ 51037:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ pullWarnings)
/* harmony export */ });
/* harmony import */ var _registries_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7445);

function pullWarnings(app, target, noun = 'app') {
    const traits = (0,_registries_index_js__WEBPACK_IMPORTED_MODULE_0__/* .registryTraits */ .Tc)(target.family);
    if (traits.publicHub)
        return [];
    const host = target.registry.toLowerCase();
    const entry = (app.configuration?.registries ?? []).find((r) => r.server?.toLowerCase() === host);
    const name = app.name ?? `the ${noun}`;
    const az = `az containerapp${noun === 'job' ? ' job' : ''} registry set -n ${name} -g RESOURCE_GROUP --server ${target.registry}`;
    const fix = traits.cloud === 'azure'
        ? `give the ${noun} a managed identity with AcrPull on the registry and add it: ${az} --identity system`
        : `add the registry's credentials: ${az} --username USER --password PASSWORD`;
    if (!entry)
        return [
            `${noun} ${name} has no registry entry for ${target.registry}: unless it allows anonymous pulls, the new revision cannot pull the image. To fix, ${fix}`,
        ];
    if (entry.identity) {
        const identity = entry.identity;
        const kinds = (app.identity?.type ?? '').toLowerCase();
        const has = identity.toLowerCase() === 'system'
            ? kinds.includes('systemassigned')
            : Object.keys(app.identity?.userAssignedIdentities ?? {}).some((id) => id.toLowerCase() === identity.toLowerCase());
        return has
            ? []
            : [
                `${noun} ${name} pulls from ${target.registry} with the managed identity "${identity}", which the ${noun} does not have: assign it to the ${noun} (and grant it AcrPull on the registry)`,
            ];
    }
    if (entry.username && entry.passwordSecretRef) {
        const secrets = (app.configuration?.secrets ?? []).map((s) => s.name);
        return secrets.includes(entry.passwordSecretRef)
            ? []
            : [
                `${noun} ${name} pulls from ${target.registry} as ${entry.username} with the secret "${entry.passwordSecretRef}", which the ${noun} does not have`,
            ];
    }
    return [
        `${noun} ${name}'s registry entry for ${target.registry} has neither an identity nor a user name and password secret: ${fix}`,
    ];
}


/***/ }),

/***/ 10078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AR: () => (/* binding */ finalTraffic),
/* harmony export */   DV: () => (/* binding */ trafficPlan),
/* harmony export */   J4: () => (/* binding */ platformProblem),
/* harmony export */   MU: () => (/* binding */ isMultipleMode),
/* harmony export */   UN: () => (/* binding */ sameTraffic),
/* harmony export */   Vm: () => (/* binding */ revisionState),
/* harmony export */   Wx: () => (/* binding */ renderJobTemplate),
/* harmony export */   Xm: () => (/* binding */ renderTemplate),
/* harmony export */   hA: () => (/* binding */ describeTraffic),
/* harmony export */   pl: () => (/* binding */ checkConsumptionResources),
/* harmony export */   rJ: () => (/* binding */ holdTraffic),
/* harmony export */   s5: () => (/* binding */ deployedUrl)
/* harmony export */ });
/* unused harmony exports chooseContainer, labelUrl */
/* harmony import */ var _clouds_azure_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96717);

/** The app's revision mode; Single is Azure's default when the app does not say. */
function isMultipleMode(app) {
    return (app.configuration?.activeRevisionsMode ?? 'Single').toLowerCase() === 'multiple';
}
/**
 * The container that runs the image: the one named, or the only one; otherwise an error listing
 * them. `owner` names the app or job ("app web", "job migrate").
 */
function chooseContainer(containers, owner, inputs) {
    const names = containers.map((c) => c.name ?? '(unnamed)').join(', ');
    if (inputs.container !== undefined) {
        const index = containers.findIndex((c) => c.name === inputs.container);
        if (index >= 0)
            return index;
        throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6(`container-apps-container: ${owner} has no container "${inputs.container}"; its containers are: ${names || 'none'}`);
    }
    if (containers.length === 1)
        return 0;
    throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6(containers.length === 0
        ? `${owner} has no container in its template to put the image in`
        : `${owner} has ${containers.length} containers (${names}): set container-apps-container to the one that runs the image`);
}
/** The containers with the image (by digest), env and resources applied to the chosen one, each change named. */
function applyToContainers(containers, owner, inputs, image, changes) {
    const edited = [...containers];
    const index = chooseContainer(containers, owner, inputs);
    const container = structuredClone(edited[index]);
    if (container.image !== image) {
        changes.push(`image: ${container.image || '(none)'} → ${image}`);
        container.image = image;
    }
    applyEnv(container, inputs, changes);
    applyResources(container, inputs, changes);
    edited[index] = container;
    return edited;
}
function applyEnv(container, inputs, changes) {
    const env = [...(container.env ?? [])];
    for (const [name, wanted] of Object.entries(inputs.env)) {
        const index = env.findIndex((e) => e.name === name);
        const old = index < 0 ? undefined : env[index];
        let change;
        // Values are never shown: they may be credentials someone put in a plain variable.
        if ('secretRef' in wanted) {
            if (old?.secretRef !== wanted.secretRef)
                change = `env ${name}: ${old?.secretRef ? `secretref:${old.secretRef} → ` : ''}secretref:${wanted.secretRef}`;
        }
        else if (!old)
            change = `env ${name}: set`;
        else if (old.secretRef)
            change = `env ${name}: secretref:${old.secretRef} → plain value`;
        else if ((old.value ?? '') !== wanted.value)
            change = `env ${name}: changed`;
        if (!change)
            continue;
        changes.push(change);
        const entry = 'secretRef' in wanted ? { name, secretRef: wanted.secretRef } : { name, value: wanted.value };
        if (index < 0)
            env.push(entry);
        else
            env[index] = entry;
    }
    container.env = env;
}
function applyResources(container, inputs, changes) {
    const { cpu, memory } = inputs.flags;
    const resources = { ...(container.resources ?? {}) };
    if (cpu !== undefined && resources.cpu !== cpu) {
        changes.push(`cpu: ${resources.cpu ?? 'default'} → ${cpu}`);
        resources.cpu = cpu;
    }
    if (memory !== undefined && resources.memory !== memory) {
        changes.push(`memory: ${resources.memory ?? 'default'} → ${memory}`);
        resources.memory = memory;
    }
    // ephemeralStorage is read-only: sending it back would be refused.
    delete resources.ephemeralStorage;
    if (container.resources || cpu !== undefined || memory !== undefined)
        container.resources = resources;
}
/** The largest Consumption size: 4 vCPU with 8 GiB (on an environment with workload profiles). */
const CONSUMPTION_MAX_CPU = 4;
/**
 * On the Consumption plan Azure takes only 2 GiB of memory per vCPU, in steps of 0.25 vCPU, summed
 * over the containers, and refuses anything else when the revision is created — after the push. So a
 * cpu or memory this run sets is checked here, before anything moves. Dedicated workload profiles
 * take other sizes, and a container without both values gets Azure's defaults: neither is checked.
 */
function checkConsumptionResources(containers, workloadProfileName, owner, inputs) {
    if (inputs.flags.cpu === undefined && inputs.flags.memory === undefined)
        return;
    if (workloadProfileName !== undefined && workloadProfileName.toLowerCase() !== 'consumption')
        return;
    let cpu = 0;
    let memoryGi = 0;
    for (const container of containers) {
        const memory = /^(\d+(?:\.\d+)?)Gi$/.exec(container.resources?.memory ?? '');
        if (container.resources?.cpu === undefined || !memory)
            return;
        cpu += container.resources.cpu;
        memoryGi += Number(memory[1]);
    }
    const quarters = cpu * 4;
    const fits = Math.abs(quarters - Math.round(quarters)) < 1e-9 &&
        cpu >= 0.25 &&
        cpu <= CONSUMPTION_MAX_CPU &&
        Math.abs(memoryGi - 2 * cpu) < 1e-9;
    if (fits)
        return;
    const several = containers.length > 1 ? ` (all ${containers.length} containers together)` : '';
    throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6(`container-apps-flags: ${owner} would ask for cpu ${cpu} and memory ${memoryGi}Gi${several}, which the Consumption plan refuses: ` +
        `it takes 2 GiB per vCPU in steps of 0.25 vCPU, from cpu 0.25 with memory 0.5Gi to cpu ${CONSUMPTION_MAX_CPU} with memory ${2 * CONSUMPTION_MAX_CPU}Gi ` +
        `(e.g. cpu=${nearestQuarter(cpu)} with memory=${2 * nearestQuarter(cpu)}Gi). Nothing was pushed or changed`);
}
function nearestQuarter(cpu) {
    return Math.min(CONSUMPTION_MAX_CPU, Math.max(0.25, Math.round(cpu * 4) / 4));
}
function applyScale(template, inputs, changes) {
    const scale = { ...(template.scale ?? {}) };
    const set = (key, label, value) => {
        if (value === undefined || scale[key] === value)
            return;
        changes.push(`${label}: ${scale[key] ?? 'default'} → ${value}`);
        scale[key] = value;
    };
    set('minReplicas', 'min-replicas', inputs.flags.minReplicas);
    set('maxReplicas', 'max-replicas', inputs.flags.maxReplicas);
    if (template.scale || inputs.flags.minReplicas !== undefined || inputs.flags.maxReplicas !== undefined)
        template.scale = scale;
}
/** The template to send: the app's own, with the image by digest and the given fields in the chosen container. */
function renderTemplate(app, inputs, image) {
    const template = structuredClone(app.template ?? {});
    const changes = [];
    template.containers = applyToContainers(template.containers ?? [], `app ${inputs.app}`, inputs, image, changes);
    checkConsumptionResources(template.containers, app.workloadProfileName, `app ${inputs.app}`, inputs);
    applyScale(template, inputs, changes);
    const suffix = inputs.revisionSuffix;
    const revisionName = suffix ? `${inputs.app}--${suffix}` : undefined;
    if (suffix && template.revisionSuffix !== suffix) {
        changes.push(`revision name: ${revisionName}`);
        template.revisionSuffix = suffix;
    }
    else if (suffix && changes.length > 0) {
        // The running revision already has this name, and a revision never changes.
        throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_0__/* .AzureError */ .M6(`revision-suffix: app ${inputs.app} already has revision ${revisionName}, and a revision cannot change: use another suffix (e.g. the commit SHA and the run attempt)`);
    }
    else if (!suffix && changes.length > 0 && template.revisionSuffix) {
        // The earlier deploy's fixed suffix would clash with the new revision: let Azure name it.
        template.revisionSuffix = '';
    }
    return { template, changes, revisionName };
}
/** A job's template with the image and the given fields in the chosen container (sent whole: PATCH replaces arrays). */
function renderJobTemplate(template, inputs, image, workloadProfileName) {
    const edited = structuredClone(template ?? {});
    const changes = [];
    edited.containers = applyToContainers(edited.containers ?? [], `job ${inputs.job}`, inputs, image, changes);
    checkConsumptionResources(edited.containers, workloadProfileName, `job ${inputs.job}`, inputs);
    return { template: edited, changes };
}
/**
 * Multiple mode, before the new revision is ready: whatever follows the latest revision is pinned
 * to the one serving now, so traffic stays there until the new one is healthy (and if it fails).
 * Undefined when nothing follows the latest revision.
 */
function holdTraffic(app) {
    const traffic = app.configuration?.ingress?.traffic ?? [];
    const serving = app.latestReadyRevisionName;
    if (!serving || !traffic.some((t) => t.latestRevision && (t.weight ?? 0) > 0))
        return undefined;
    return traffic.map((t) => (t.latestRevision ? { ...t, latestRevision: false, revisionName: serving } : { ...t }));
}
/**
 * Multiple mode, once the new revision is ready: 100% to it by name (other labels kept at 0), or with
 * no-traffic what served before keeps serving; the label, if any, moves to the new revision.
 */
function finalTraffic(current, newRevision, inputs) {
    const others = current
        .filter((t) => !(inputs.label && t.label === inputs.label))
        // With traffic moving to the new revision, only other revisions' labels stay (at 0).
        .filter((t) => inputs.noTraffic || (t.label && t.revisionName !== newRevision))
        .map((t) => (inputs.noTraffic ? { ...t } : { ...t, weight: 0 }));
    const entry = { revisionName: newRevision, weight: inputs.noTraffic ? 0 : 100 };
    if (inputs.label)
        entry.label = inputs.label;
    // Nothing to say for a revision with no weight and no label: it needs no entry.
    return inputs.noTraffic && !inputs.label ? others : [...others, entry];
}
/**
 * The same traffic, written down in a comparable order (for "does anything change"); an entry that
 * follows the latest revision counts as one for `latest` by name.
 */
function sameTraffic(a, b, latest) {
    const line = (t) => `${t.latestRevision ? latest : (t.revisionName ?? '')}:${t.weight ?? 0}:${t.label ?? ''}`;
    return JSON.stringify(a.map(line).sort()) === JSON.stringify(b.map(line).sort());
}
/** The plan's lines about traffic, in Multiple mode. */
function trafficPlan(app, inputs) {
    if (!app.configuration?.ingress)
        return ['no ingress: no traffic to move; the new revision runs beside the revisions active now (Multiple mode)'];
    const lines = [
        inputs.noTraffic
            ? `traffic: stays on ${app.latestReadyRevisionName ?? 'the revisions serving now'}; the new revision gets none`
            : 'traffic: 100% to the new revision once it is healthy (until then, where it is now)',
    ];
    const url = labelUrl(app, inputs.label);
    if (inputs.label)
        lines.push(`label ${inputs.label}: the new revision${url ? ` (${url})` : ''}`);
    return lines;
}
/** The app's environment domain: its ingress FQDN without the app's name. */
function environmentDomain(app) {
    const fqdn = app.configuration?.ingress?.fqdn;
    const prefix = `${app.name}.`;
    return fqdn?.startsWith(prefix) ? fqdn.slice(prefix.length) : undefined;
}
/** A label's URL: https://APP---LABEL.ENVDOMAIN (three hyphens). */
function labelUrl(app, label) {
    const domain = environmentDomain(app);
    return label && domain ? `https://${app.name}---${label}.${domain}` : undefined;
}
/** The URL the deployed image serves: the label's, the app's (when the revision has traffic), or the revision's own. */
function deployedUrl(app, revision, inputs) {
    if (inputs.label)
        return labelUrl(app, inputs.label);
    if (inputs.noTraffic)
        return revision.fqdn ? `https://${revision.fqdn}` : undefined;
    const fqdn = app.configuration?.ingress?.fqdn;
    return fqdn ? `https://${fqdn}` : undefined;
}
/**
 * What a revision's states say. Ready is Provisioned, Running and Healthy; a Failed provisioning or
 * a Failed or Degraded running state is final; anything else (values Azure adds later too) is pending.
 */
function revisionState(revision) {
    const provisioning = revision.provisioningState ?? 'unknown';
    const running = revision.runningState ?? 'unknown';
    const health = revision.healthState ?? 'unknown';
    const state = `provisioningState ${provisioning}, runningState ${running}, healthState ${health}`;
    const because = revision.provisioningError ? `: ${revision.provisioningError}` : '';
    if (/^(failed|deprovision(ing|ed))$/i.test(provisioning) || /^(failed|degraded|stopped)$/i.test(running))
        return { kind: 'failed', reason: `${state}${because}` };
    if (/^provisioned$/i.test(provisioning) && /^running$/i.test(running) && /^healthy$/i.test(health))
        return { kind: 'ready' };
    return { kind: 'pending', state: `${state}${because}` };
}
/** Where traffic goes, for messages: "100% to web--v1, 0% to web--v2 (label pr-7)". */
function describeTraffic(app) {
    const traffic = app.configuration?.ingress?.traffic ?? [];
    if (!isMultipleMode(app) || traffic.length === 0)
        return `all to ${app.latestReadyRevisionName ?? 'no revision'}`;
    return traffic
        .map((t) => `${t.weight ?? 0}% to ${t.latestRevision ? `the latest revision` : (t.revisionName ?? '?')}${t.label ? ` (label ${t.label})` : ''}`)
        .join(', ');
}
/** Container Apps runs linux/amd64 images only: an image that lists platforms without it cannot start. */
function platformProblem(image, platforms) {
    if (platforms.length === 0 || platforms.some((p) => /^linux\/amd64(?:\/|$)/.test(p)))
        return undefined;
    return `Azure Container Apps runs linux/amd64 images, and ${image} is for ${platforms.join(', ')} only: build it for linux/amd64 too (docker buildx build --platform linux/amd64,linux/arm64)`;
}


/***/ })

};

//# sourceMappingURL=259.index.js.map