export const id = 759;
export const ids = [759];
export const modules = {

/***/ 97759:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  containerAppsRuntime: () => (/* binding */ containerAppsRuntime)
});

// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __webpack_require__(86683);
// EXTERNAL MODULE: ./src/clouds/azure.ts
var azure = __webpack_require__(96717);
// EXTERNAL MODULE: ./src/clouds/azure-arm.ts
var azure_arm = __webpack_require__(89066);
;// CONCATENATED MODULE: ./src/runtimes/container-apps/errors.ts
/** What a refused Container Apps call tells the user to grant. */
/** The role that lets a workflow update a Container App and read its revisions. */
const CONTAINER_APPS_ROLE = 'Container Apps Contributor (or Contributor)';
/** The role that lets a workflow read a Container App, its revisions and its environment. */
const APPS_READER_ROLE = 'Reader (or Container Apps Contributor)';

// EXTERNAL MODULE: ./src/runtimes/container-apps/connect.ts + 1 modules
var connect = __webpack_require__(83215);
// EXTERNAL MODULE: ./src/registries/index.ts + 8 modules
var registries = __webpack_require__(7445);
// EXTERNAL MODULE: ./src/runtimes/container-apps/render.ts
var render = __webpack_require__(10078);
;// CONCATENATED MODULE: ./src/runtimes/container-apps/create-render.ts



/** How the new app pulls the image; an error naming the inputs when a private registry gives it no way. */
function choosePullAccess(create, target) {
    if (create.pullIdentity)
        return { kind: 'identity', identity: create.pullIdentity };
    if (create.registryCredentials)
        return { kind: 'credentials', ...create.registryCredentials, secret: registrySecretName(target.registry) };
    if ((0,registries/* registryTraits */.Tc)(target.family).publicHub)
        return { kind: 'anonymous' };
    throw new azure/* AzureError */.M6(`container-apps-identity: a new app cannot pull from ${target.registry} without a way to sign in (a system-assigned identity has no AcrPull until after the app exists). Set container-apps-identity to a user-assigned managed identity's resource ID that has AcrPull on the registry, or registry-username and registry-password (stored as an app secret)`);
}
/** The app secret holding the registry password, named after the host as az does (lower case, "-" for the rest). */
function registrySecretName(registry) {
    const name = `${registry.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-password`;
    return name.replace(/^-+/, '');
}
/** The environment's domain and the FQDN Azure gives the app: APP.DOMAIN, or APP.internal.DOMAIN for internal ingress. */
function expectedFqdn(app, environment, external) {
    const domain = environment.defaultDomain;
    if (!domain)
        return undefined;
    return external ? `${app}.${domain}` : `${app}.internal.${domain}`;
}
/** The app to PUT: flattened (the SDK adds `properties`), one container, Single revision mode. */
function renderNewApp(inputs, create, environment, pull, image, registry) {
    const { cpu, memory, minReplicas, maxReplicas } = inputs.flags;
    const env = Object.entries(inputs.env).map(([name, value]) => 'secretRef' in value ? { name, secretRef: value.secretRef } : { name, value: value.value });
    const container = {
        name: inputs.container ?? inputs.app,
        image,
        ...(env.length > 0 && { env }),
        ...((cpu !== undefined || memory !== undefined) && {
            resources: { ...(cpu !== undefined && { cpu }), ...(memory !== undefined && { memory }) },
        }),
    };
    // A new app lands on the Consumption plan.
    (0,render/* checkConsumptionResources */.pl)([container], undefined, `app ${inputs.app}`, inputs);
    return {
        location: environment.location,
        managedEnvironmentId: environment.id,
        ...(pull.kind === 'identity' && {
            identity: { type: 'UserAssigned', userAssignedIdentities: { [pull.identity]: {} } },
        }),
        configuration: {
            activeRevisionsMode: 'Single',
            ...(create.targetPort !== undefined && {
                ingress: { external: create.external, targetPort: create.targetPort },
            }),
            ...(pull.kind === 'identity' && { registries: [{ server: registry, identity: pull.identity }] }),
            ...(pull.kind === 'credentials' && {
                registries: [{ server: registry, username: pull.username, passwordSecretRef: pull.secret }],
                secrets: [{ name: pull.secret, value: pull.password }],
            }),
        },
        template: {
            ...(inputs.revisionSuffix && { revisionSuffix: inputs.revisionSuffix }),
            containers: [container],
            ...((minReplicas !== undefined || maxReplicas !== undefined) && {
                scale: {
                    ...(minReplicas !== undefined && { minReplicas }),
                    ...(maxReplicas !== undefined && { maxReplicas }),
                },
            }),
        },
    };
}
/** The plan's lines for a creation: where, ingress, pulling, and the container's settings (no secret values). */
function createPlan(label, inputs, create, environment, pull, image, registry) {
    const ingress = create.targetPort === undefined
        ? 'no ingress (set container-apps-target-port for one)'
        : `ingress ${create.external ? 'external (public)' : 'internal (inside the environment only)'} on port ${create.targetPort}`;
    const pulling = pull.kind === 'identity'
        ? `pulling from ${registry} with the managed identity ${pull.identity} (it needs AcrPull on the registry)`
        : pull.kind === 'credentials'
            ? `pulling from ${registry} as ${pull.username} (the password stored as app secret ${pull.secret})`
            : `pulling from ${registry} anonymously`;
    const { cpu, memory, minReplicas, maxReplicas } = inputs.flags;
    const settings = [
        `container ${inputs.container ?? inputs.app}: ${image}`,
        ...Object.entries(inputs.env).map(([name, value]) => 'secretRef' in value ? `env ${name}: secretref:${value.secretRef}` : `env ${name}: set`),
        ...(cpu !== undefined ? [`cpu: ${cpu}`] : []),
        ...(memory !== undefined ? [`memory: ${memory}`] : []),
        ...(minReplicas !== undefined ? [`min-replicas: ${minReplicas}`] : []),
        ...(maxReplicas !== undefined ? [`max-replicas: ${maxReplicas}`] : []),
        ...(inputs.revisionSuffix ? [`revision name: ${inputs.app}--${inputs.revisionSuffix}`] : []),
    ];
    return [
        `would create ${label} in environment ${environment.name} (${environment.location}), ${ingress}, ${pulling}; Single revision mode:`,
        ...settings.map((line) => `  ${line}`),
    ];
}

;// CONCATENATED MODULE: ./src/runtimes/container-apps/creation.ts





async function prepareCreation(ctx, connected, target, log) {
    const { inputs } = ctx;
    const create = inputs.create;
    const { label } = connected;
    for (const [input, given] of [
        ['no-traffic', inputs.noTraffic],
        ['revision-tag', inputs.label !== undefined],
    ])
        if (given)
            throw new azure/* AzureError */.M6(`${input}: ${label} does not exist yet, and a new app is created in Single revision mode, where its first revision takes all traffic: create it without ${input}, then set its revision mode to Multiple for previews`);
    const secretRefs = Object.entries(inputs.env).filter(([, value]) => 'secretRef' in value);
    if (secretRefs.length > 0)
        throw new azure/* AzureError */.M6(`container-apps-env: ${secretRefs.map(([name]) => name).join(', ')} ${secretRefs.length === 1 ? 'refers' : 'refer'} to secrets, but ${label} does not exist yet and a new app has none: give plain values, or create the app with its secrets first (az containerapp create --secrets)`);
    const pull = choosePullAccess(create, target);
    const environment = await readEnvironment(connected, create);
    const body = renderNewApp(inputs, create, environment, pull, target.image, target.registry);
    log(`${label} does not exist; environment ${environment.name} is in ${environment.location}`);
    return {
        plan: createPlan(label, inputs, create, environment, pull, target.image, target.registry),
        warnings: [],
        deploy: (deployLog) => deployCreation(ctx, {
            client: connected.client,
            label,
            ...(0,deadline/* boundOf */.s0)(inputs.waitTimeoutSeconds, 'wait-timeout'),
            location: environment.location,
            log: deployLog,
        }, body),
    };
}
/** The environment, read-only: it must exist (in the run's subscription); the app is created in its location. */
async function readEnvironment({ client, subscriptionId }, create) {
    const { environment } = create;
    const where = `managed environment ${environment.name} (resource group ${environment.resourceGroup}, subscription ${environment.subscriptionId ?? subscriptionId})`;
    if (environment.subscriptionId && environment.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase())
        throw new azure/* AzureError */.M6(`container-apps-environment: ${where} is not in the subscription the app is created in (${subscriptionId}): use an environment in that subscription`);
    let found;
    try {
        found = await client.managedEnvironments.get(environment.resourceGroup, environment.name);
    }
    catch (error) {
        if ((0,azure_arm/* armErrorFields */.S)(error).statusCode === 404)
            throw new azure/* AzureError */.M6(`container-apps-environment: ${where} does not exist, so the app cannot be created in it: check the name and resource group (az containerapp env list), or create it (az containerapp env create)`, { cause: error });
        throw (0,azure_arm/* explainArmError */.z)(error, `Reading ${where}`, APPS_READER_ROLE);
    }
    if (!found.id || !found.location)
        throw new azure/* AzureError */.M6(`${where}: Azure returned it without an id or location`);
    return { ...found, id: found.id, location: found.location, name: found.name ?? environment.name };
}
async function deployCreation(ctx, session, body) {
    const { inputs, update } = ctx;
    const { label, log } = session;
    log(`creating ${label}; waiting up to ${inputs.waitTimeoutSeconds} s for its first revision to be healthy`);
    const poller = session.client.containerApps.createOrUpdate(inputs.resourceGroup, inputs.app, body, {
        updateIntervalInMs: ctx.pollIntervalMs,
        abortSignal: AbortSignal.timeout(Math.max(1, session.deadline - Date.now())),
    });
    let created;
    try {
        created = await poller.pollUntilDone();
    }
    catch (error) {
        // Refused while following the operation, after Azure created the app: its revision is what counts.
        const accepted = await update.acceptedDespite(session, {}, error);
        if (!accepted)
            throw await creationFailed(ctx, session, error);
        created = accepted;
    }
    const revisionName = inputs.revisionSuffix ? `${inputs.app}--${inputs.revisionSuffix}` : created.latestRevisionName;
    if (!revisionName)
        throw new azure/* AzureError */.M6(`${label} was created, but Azure names no revision for it`);
    log(`first revision ${revisionName}; waiting for it to be Provisioned, Running and Healthy`);
    const { app, revision } = await update.waitForRevision(session, revisionName, async (name, reason) => notRunning(label, name, reason));
    return update.result(app, revision, 'created');
}
function notRunning(label, revisionName, reason) {
    return new azure/* AzureError */.M6(`${label} was created, but its first revision${revisionName ? ` ${revisionName}` : ''} is not running: ${reason.replace(/\.$/, '')}. Fix the cause and deploy again (the app is then updated in place), or delete it (az containerapp delete)`);
}
/** The PUT or its operation failed: refused (nothing created), or the app exists but its first revision does not run. */
async function creationFailed(ctx, session, error) {
    const { label } = session;
    const name = error.name;
    if (name === 'AbortError' || name === 'TimeoutError')
        return new azure/* AzureError */.M6(`Creating ${label} was not done within ${session.within}; it may still finish in Azure`, {
            cause: error,
        });
    const { statusCode, code, message } = (0,azure_arm/* armErrorFields */.S)(error);
    if (statusCode === 401 || statusCode === 403 || statusCode === 429)
        return (0,azure_arm/* explainArmError */.z)(error, `Creating ${label} (nothing was created)`, CONTAINER_APPS_ROLE);
    const reason = `${code && !message.includes(code) ? `${code}: ` : ''}${message}`;
    let app;
    try {
        app = await ctx.update.readAppNow(session);
    }
    catch {
        // Not there (or not readable): the request's own error says what failed.
    }
    if (!app?.latestRevisionName)
        return new azure/* AzureError */.M6(`Creating ${label} failed, and nothing was created: ${reason}`, { cause: error });
    let provisioningError = '';
    try {
        provisioningError = (await ctx.update.readRevision(session, app.latestRevisionName)).provisioningError ?? '';
    }
    catch {
        // The operation's message still says what failed.
    }
    return notRunning(label, app.latestRevisionName, `${reason}${provisioningError && !message.includes(provisioningError) ? ` (${provisioningError})` : ''}`);
}

// EXTERNAL MODULE: ./src/runtimes/container-apps/pull.ts
var pull = __webpack_require__(51037);
;// CONCATENATED MODULE: ./src/runtimes/container-apps/runtime.ts








function containerAppsRuntime(inputs, access) {
    return new ContainerAppsRuntime(inputs, access);
}
class ContainerAppsRuntime {
    inputs;
    access;
    name = 'container-apps';
    constructor(inputs, access) {
        this.inputs = inputs;
        this.access = access;
    }
    async prepare(target, log) {
        const { app: name, resourceGroup } = this.inputs;
        const { client, subscriptionId, label } = await (0,connect/* connect */.N)(this.access, target, `Container App ${name}`, resourceGroup, APPS_READER_ROLE);
        const app = await this.readApp(client, label);
        if (!app)
            return prepareCreation(this.creation(), { client, subscriptionId, label }, target, log);
        if (this.inputs.create)
            log(`${label} exists: container-apps-environment, -target-port, -ingress and -identity apply only when creating it; its own settings are kept`);
        const rendered = (0,render/* renderTemplate */.Xm)(app, this.inputs, target.image);
        const multiple = (0,render/* isMultipleMode */.MU)(app);
        this.checkMode(app, multiple, label);
        (0,connect/* checkSecretRefs */.H)(this.inputs.env, app.configuration?.secrets, label, ' (add one with az containerapp secret set)');
        if (rendered.revisionName && rendered.changes.length > 0)
            await this.checkSuffixFree(client, rendered.revisionName, label);
        log(`${label} exists (${multiple ? 'Multiple' : 'Single'} revision mode); serving ${(0,render/* describeTraffic */.hA)(app)}`);
        const plan = rendered.changes.length
            ? [
                `would update ${label}, creating a new revision:`,
                ...rendered.changes.map((c) => `  ${c}`),
                ...(multiple ? (0,render/* trafficPlan */.DV)(app, this.inputs).map((line) => `  ${line}`) : []),
            ]
            : [`${label} already runs ${target.image} as asked: no new revision`];
        return {
            plan,
            warnings: (0,pull/* pullWarnings */.b)(app, target),
            deploy: (deployLog) => this.deploy({
                client,
                label,
                // Cut to end before the run's timeout, so this runtime's own failure is what the step says.
                ...(0,deadline/* boundOf */.s0)(this.inputs.waitTimeoutSeconds, 'wait-timeout'),
                location: app.location,
                log: deployLog,
            }, app, rendered),
        };
    }
    /** What creating a missing app needs of this runtime: its inputs, and the update's wait. */
    creation() {
        return {
            inputs: this.inputs,
            update: {
                waitForRevision: (session, revisionName, failed) => this.waitForRevision(session, revisionName, failed),
                readAppNow: (session) => this.readAppNow(session),
                acceptedDespite: (session, before, error) => this.acceptedDespite(session, before, error),
                readRevision: (session, revisionName) => this.readRevision(session, revisionName),
                result: (app, revision, what) => this.result(app, revision, what),
            },
            pollIntervalMs: this.access.pollIntervalMs ?? 2_000,
        };
    }
    /** The app, or undefined when it is missing and container-apps-environment says to create it. */
    async readApp(client, label) {
        try {
            return await client.containerApps.get(this.inputs.resourceGroup, this.inputs.app);
        }
        catch (error) {
            const { statusCode, code } = (0,azure_arm/* armErrorFields */.S)(error);
            if (statusCode === 404 && code !== 'ResourceGroupNotFound' && this.inputs.create)
                return undefined;
            if (statusCode === 404) {
                throw new azure/* AzureError */.M6(code === 'ResourceGroupNotFound'
                    ? `${label}: the resource group ${this.inputs.resourceGroup} does not exist in this subscription (azure-resource-group)`
                    : `${label} does not exist: set container-apps-environment to create it in that managed environment, or check container-apps-app, azure-resource-group and the subscription`, { cause: error });
            }
            throw (0,azure_arm/* explainArmError */.z)(error, `Reading ${label}`, APPS_READER_ROLE);
        }
    }
    checkMode(app, multiple, label) {
        for (const [input, given] of [
            ['no-traffic', this.inputs.noTraffic],
            ['revision-tag', this.inputs.label !== undefined],
        ]) {
            if (!given)
                continue;
            if (!multiple)
                throw new azure/* AzureError */.M6(`${input}: ${label} is in Single revision mode, where the new revision takes all traffic once healthy; set its revision mode to Multiple (az containerapp revision set-mode --mode multiple) for a preview`);
            // Traffic weights and labels live on ingress: an app without one has neither.
            if (!app.configuration?.ingress)
                throw new azure/* AzureError */.M6(`${input}: ${label} has no ingress, so it has no traffic to hold back and no label URL; enable ingress (az containerapp ingress enable --target-port PORT) for a preview, or deploy without ${input}`);
        }
    }
    /** Every secretref: names a secret the app has (GET shows secret names, never values). */
    /** A revision name is taken for good (even by an inactive revision): found now, not after the push. */
    async checkSuffixFree(client, revisionName, label) {
        try {
            await client.containerAppsRevisions.getRevision(this.inputs.resourceGroup, this.inputs.app, revisionName);
        }
        catch (error) {
            if ((0,azure_arm/* armErrorFields */.S)(error).statusCode === 404)
                return;
            throw (0,azure_arm/* explainArmError */.z)(error, `Reading revision ${revisionName} of ${label}`, APPS_READER_ROLE);
        }
        throw new azure/* AzureError */.M6(`revision-suffix: ${label} already has a revision ${revisionName}, and a revision name cannot be reused: use another suffix (e.g. the commit SHA and the run attempt)`);
    }
    async deploy(session, before, rendered) {
        const { label, log } = session;
        const multiple = (0,render/* isMultipleMode */.MU)(before);
        if (rendered.changes.length === 0)
            return this.alreadyRunning(session, before);
        const held = multiple ? (0,render/* holdTraffic */.rJ)(before) : undefined;
        // Flattened model: `properties` is the SDK's to add. Only the template (whole, since PATCH
        // replaces arrays) and, in Multiple mode, the traffic pinned where it is now.
        const patch = {
            template: rendered.template,
            ...(held && { configuration: { ingress: { traffic: held } } }),
        };
        log(`updating ${label}; waiting up to ${this.inputs.waitTimeoutSeconds} s for the new revision to be healthy`);
        let updated;
        try {
            updated = await this.update(session, patch, 'Updating');
        }
        catch (error) {
            // Refused while following the operation, after Azure took the update: the revision is what counts.
            const accepted = await this.acceptedDespite(session, before, error);
            if (!accepted)
                throw await this.failure(session, before, error);
            updated = accepted;
        }
        const revisionName = rendered.revisionName ?? updated.latestRevisionName;
        if (!revisionName || (!rendered.revisionName && revisionName === before.latestRevisionName)) {
            throw new azure/* AzureError */.M6(`${label}: the update succeeded but Azure made no new revision (latest is still ${before.latestRevisionName ?? 'none'}); deploy again with a revision-suffix`);
        }
        log(`new revision ${revisionName}; waiting for it to be Provisioned, Running and Healthy`);
        const { app, revision } = await this.waitForRevision(session, revisionName);
        const final = multiple ? await this.moveTraffic(session, app, revisionName) : app;
        return this.result(final, revision, 'updated');
    }
    /** Nothing to change is no success unless the revision running now is healthy and the latest ready one. */
    async alreadyRunning(session, app) {
        const latest = app.latestRevisionName;
        if (!latest)
            throw new azure/* AzureError */.M6(`${session.label} has no revision yet`);
        const revision = await this.readRevision(session, latest);
        const state = (0,render/* revisionState */.Vm)(revision);
        if (state.kind !== 'ready' || app.latestReadyRevisionName !== latest) {
            throw new azure/* AzureError */.M6(`${session.label} already asks for this image, but its revision ${latest} is not healthy (${state.kind === 'failed' ? state.reason : state.kind === 'pending' ? state.state : 'not the latest ready revision'}); traffic: ${(0,render/* describeTraffic */.hA)(app)}. This run changed nothing: fix the cause, then deploy again with a new revision-suffix`);
        }
        const final = (0,render/* isMultipleMode */.MU)(app) ? await this.moveTraffic(session, app, latest) : app;
        return this.result(final, revision, 'already running');
    }
    /** Multiple mode, the new revision healthy: traffic as asked (100% to it, or a label), when it is not already. */
    async moveTraffic(session, app, revisionName) {
        // Without ingress there is no traffic to set: every active revision just runs.
        if (!app.configuration?.ingress)
            return app;
        const current = app.configuration.ingress.traffic ?? [];
        const wanted = (0,render/* finalTraffic */.AR)(current, revisionName, this.inputs);
        if ((0,render/* sameTraffic */.UN)(current, wanted, revisionName))
            return app;
        session.log(`traffic: ${wanted.map((t) => `${t.weight ?? 0}% to ${t.revisionName}${t.label ? ` (label ${t.label})` : ''}`).join(', ')}`);
        try {
            return await this.update(session, { configuration: { ingress: { traffic: wanted } } }, 'Setting the traffic of');
        }
        catch (error) {
            throw (0,azure_arm/* explainArmError */.z)(error, `Setting the traffic of ${session.label} to revision ${revisionName} (healthy; traffic not moved)`, CONTAINER_APPS_ROLE);
        }
    }
    /** A PATCH (JSON Merge Patch) through the SDK's poller: Location or Azure-AsyncOperation, Retry-After, bounded by the deadline. */
    async update(session, changes, verb) {
        const patch = { location: session.location, ...changes };
        const remaining = Math.max(1, session.deadline - Date.now());
        const poller = session.client.containerApps.update(this.inputs.resourceGroup, this.inputs.app, patch, {
            updateIntervalInMs: this.access.pollIntervalMs ?? 2_000,
            abortSignal: AbortSignal.timeout(remaining),
        });
        try {
            return await poller.pollUntilDone();
        }
        catch (error) {
            if (error.name === 'AbortError' || error.name === 'TimeoutError')
                throw new azure/* AzureError */.M6(`${verb} ${session.label} was not done within ${session.within}; it may still finish in Azure`, { cause: error });
            throw error;
        }
    }
    async readRevision(session, revisionName) {
        try {
            return await session.client.containerAppsRevisions.getRevision(this.inputs.resourceGroup, this.inputs.app, revisionName);
        }
        catch (error) {
            throw (0,azure_arm/* explainArmError */.z)(error, `Reading revision ${revisionName} of ${session.label}`, APPS_READER_ROLE);
        }
    }
    async readAppNow(session) {
        try {
            return await session.client.containerApps.get(this.inputs.resourceGroup, this.inputs.app);
        }
        catch (error) {
            throw (0,azure_arm/* explainArmError */.z)(error, `Reading ${session.label}`, APPS_READER_ROLE);
        }
    }
    /**
     * A 401, 403 or 429 after the request was taken: the poller follows the operation at the
     * subscription-scoped status URL, which a role on the resource group alone may not read. When the
     * app's latest revision moved, Azure accepted the change: say why the operation could not be
     * followed, and go on to watch the revision itself (which needs only the app). Otherwise undefined.
     */
    async acceptedDespite(session, before, error) {
        const { statusCode } = (0,azure_arm/* armErrorFields */.S)(error);
        if (statusCode !== 401 && statusCode !== 403 && statusCode !== 429)
            return undefined;
        let now;
        try {
            now = await this.readAppNow(session);
        }
        catch {
            return undefined;
        }
        if (!now.latestRevisionName || now.latestRevisionName === before.latestRevisionName)
            return undefined;
        session.log(`Azure accepted the change (revision ${now.latestRevisionName} exists), but its operation could not be followed (HTTP ${statusCode}: ${(0,azure_arm/* armErrorFields */.S)(error).message}); watching the revision instead`);
        return now;
    }
    /** Polls the revision (and the app) until it is ready and the app's latest ready one, fails, or the deadline passes. */
    async waitForRevision(session, revisionName, failed = (name, reason) => this.revisionFailed(session, name, reason)) {
        let delay = this.access.pollIntervalMs ?? 2_000;
        for (;;) {
            const revision = await this.readRevision(session, revisionName);
            const state = (0,render/* revisionState */.Vm)(revision);
            if (state.kind === 'failed')
                throw await failed(revisionName, state.reason);
            if (state.kind === 'ready') {
                const app = await this.readAppNow(session);
                if (app.latestReadyRevisionName === revisionName)
                    return { app, revision };
            }
            if (Date.now() >= session.deadline) {
                const now = state.kind === 'pending' ? state.state : `ready, but the app's latest ready revision is not it yet`;
                throw await this.stillStarting(session, revisionName, now);
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, session.deadline - Date.now()))));
            delay = Math.min(delay * 1.5, 10_000);
        }
    }
    /**
     * Past wait-timeout the revision has not failed: Azure goes on starting it, and in Single mode
     * moves all traffic to it once it is ready. Say so, where traffic is now, and how to stop it.
     */
    async stillStarting(session, revisionName, now) {
        let where = '';
        try {
            where = ` Traffic now: ${(0,render/* describeTraffic */.hA)(await this.readAppNow(session))}.`;
        }
        catch {
            // What the revision was doing still says enough.
        }
        const { app, resourceGroup } = this.inputs;
        return new azure/* AzureError */.M6(`${session.label}: the new revision ${revisionName} was not healthy within ${session.within}: ${now}.${where} ` +
            `Azure goes on starting it, and in Single revision mode moves all traffic to it once it is ready; ` +
            `to stop it: az containerapp revision deactivate -n ${app} -g ${resourceGroup} --revision ${revisionName}. ` +
            `A longer ${session.within.startsWith('wait-timeout') ? 'wait-timeout' : 'timeout'} lets the step see it through`);
    }
    /** The new revision failed: Azure's reasons, and where traffic is now (it was not moved). */
    async revisionFailed(session, revisionName, reason) {
        let where = '';
        try {
            const app = await this.readAppNow(session);
            where = ` Traffic stays where it was: ${(0,render/* describeTraffic */.hA)(app)}; the latest ready revision is ${app.latestReadyRevisionName ?? 'none'}.`;
        }
        catch {
            // The reason alone still says what failed.
        }
        const what = revisionName ? `the new revision ${revisionName} failed` : 'the update failed';
        return new azure/* AzureError */.M6(`${session.label}: ${what}: ${reason.replace(/\.$/, '')}.${where}`);
    }
    /**
     * The update failed: refused (401, 403, 429: said as such), or its long-running operation failed
     * (a plain Error with Azure's code and message, or the Location poll's error). Nothing moved
     * traffic, so the message says where it is, with the new revision's provisioningError if any.
     */
    async failure(session, before, error) {
        if (error instanceof azure/* AzureError */.M6)
            return error;
        const { statusCode, code, message } = (0,azure_arm/* armErrorFields */.S)(error);
        if (statusCode === 401 || statusCode === 403 || statusCode === 429)
            return (0,azure_arm/* explainArmError */.z)(error, `Updating ${session.label}`, CONTAINER_APPS_ROLE);
        let revision;
        let provisioningError = '';
        try {
            // A new revision exists only when the app's latest one moved; a refused request made none.
            const latest = (await this.readAppNow(session)).latestRevisionName;
            if (latest && latest !== before.latestRevisionName)
                revision = latest;
            if (revision)
                provisioningError = (await this.readRevision(session, revision)).provisioningError ?? '';
        }
        catch {
            // The operation's own message still says what failed.
        }
        const reason = `${code && !message.includes(code) ? `${code}: ` : ''}${message}`;
        return this.revisionFailed(session, revision, `${reason}${provisioningError && !message.includes(provisioningError) ? ` (${provisioningError})` : ''}`);
    }
    result(app, revision, what) {
        const name = revision.name ?? app.latestReadyRevisionName ?? '';
        const url = (0,render/* deployedUrl */.s5)(app, revision, this.inputs);
        return {
            outputs: { revision: name },
            detail: `Container App ${this.inputs.app} ${what}: revision ${name}; traffic ${(0,render/* describeTraffic */.hA)(app)}${url ? ` at ${url}` : ''}`,
            ...(url && { url }),
        };
    }
}


/***/ })

};

//# sourceMappingURL=759.index.js.map