export const id = 592;
export const ids = [592];
export const modules = {

/***/ 85211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  containerAppsRuntime: () => (/* binding */ containerAppsRuntime)
});

// EXTERNAL MODULE: ./src/runtimes/container-apps/arm.ts
var arm = __webpack_require__(56522);
// EXTERNAL MODULE: ./src/clouds/azure.ts
var azure = __webpack_require__(96717);
// EXTERNAL MODULE: ./src/clouds/azure-arm.ts
var azure_arm = __webpack_require__(89066);
;// CONCATENATED MODULE: ./src/runtimes/container-apps/errors.ts
/** What a refused Container Apps call tells the user to grant. */
/** The role that lets a workflow update a Container App and read its revisions. */
const CONTAINER_APPS_ROLE = 'Container Apps Contributor (or Contributor)';

// EXTERNAL MODULE: ./src/runtimes/container-apps/pull.ts
var pull = __webpack_require__(51037);
// EXTERNAL MODULE: ./src/runtimes/container-apps/render.ts
var render = __webpack_require__(10078);
;// CONCATENATED MODULE: ./src/runtimes/container-apps/runtime.ts






const READER_ROLE = 'Reader (or Container Apps Contributor)';
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
        // Known from the image alone: fails a plan without credentials too, before anything is pushed.
        const unrunnable = (0,render/* platformProblem */.J4)(target.image, await target.platforms());
        if (unrunnable)
            throw new azure/* AzureError */.M6(unrunnable);
        let connected;
        try {
            connected = await (0,arm/* containerAppsClient */.x)(this.access);
        }
        catch (error) {
            throw (0,azure_arm/* explainArmError */.z)(error, `Connecting to Azure for Container App ${name} (resource group ${resourceGroup})`, READER_ROLE);
        }
        const { client, subscriptionId } = connected;
        const label = `Container App ${name} (resource group ${resourceGroup}, subscription ${subscriptionId})`;
        const app = await this.readApp(client, label);
        const rendered = (0,render/* renderTemplate */.Xm)(app, this.inputs, target.image);
        const multiple = (0,render/* isMultipleMode */.MU)(app);
        this.checkMode(multiple, label);
        this.checkSecrets(app, label);
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
                deadline: Date.now() + this.inputs.waitTimeoutSeconds * 1000,
                location: app.location,
                log: deployLog,
            }, app, rendered),
        };
    }
    async readApp(client, label) {
        try {
            return await client.containerApps.get(this.inputs.resourceGroup, this.inputs.app);
        }
        catch (error) {
            const { statusCode, code } = (0,azure_arm/* armErrorFields */.S)(error);
            if (statusCode === 404) {
                throw new azure/* AzureError */.M6(code === 'ResourceGroupNotFound'
                    ? `${label}: the resource group ${this.inputs.resourceGroup} does not exist in this subscription (azure-resource-group)`
                    : `${label} does not exist: create it first (az containerapp create), or check container-apps-app, azure-resource-group and the subscription`, { cause: error });
            }
            throw (0,azure_arm/* explainArmError */.z)(error, `Reading ${label}`, READER_ROLE);
        }
    }
    checkMode(multiple, label) {
        if (multiple)
            return;
        for (const [input, given] of [
            ['no-traffic', this.inputs.noTraffic],
            ['revision-tag', this.inputs.label !== undefined],
        ]) {
            if (given)
                throw new azure/* AzureError */.M6(`${input}: ${label} is in Single revision mode, where the new revision takes all traffic once healthy; set its revision mode to Multiple (az containerapp revision set-mode --mode multiple) for a preview`);
        }
    }
    /** Every secretref: names a secret the app has (GET shows secret names, never values). */
    checkSecrets(app, label) {
        const secrets = (app.configuration?.secrets ?? []).map((s) => s.name ?? '');
        for (const [name, value] of Object.entries(this.inputs.env)) {
            if ('secretRef' in value && !secrets.includes(value.secretRef))
                throw new azure/* AzureError */.M6(`container-apps-env: ${name}=secretref:${value.secretRef}, but ${label} has no secret "${value.secretRef}"; its secrets are: ${secrets.join(', ') || 'none'} (add one with az containerapp secret set)`);
        }
    }
    /** A revision name is taken for good (even by an inactive revision): found now, not after the push. */
    async checkSuffixFree(client, revisionName, label) {
        try {
            await client.containerAppsRevisions.getRevision(this.inputs.resourceGroup, this.inputs.app, revisionName);
        }
        catch (error) {
            if ((0,azure_arm/* armErrorFields */.S)(error).statusCode === 404)
                return;
            throw (0,azure_arm/* explainArmError */.z)(error, `Reading revision ${revisionName} of ${label}`, READER_ROLE);
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
            throw await this.failure(session, before, error);
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
        const current = app.configuration?.ingress?.traffic ?? [];
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
                throw new azure/* AzureError */.M6(`${verb} ${session.label} was not done within wait-timeout (${this.inputs.waitTimeoutSeconds} s); it may still finish in Azure`, { cause: error });
            throw error;
        }
    }
    async readRevision(session, revisionName) {
        try {
            return await session.client.containerAppsRevisions.getRevision(this.inputs.resourceGroup, this.inputs.app, revisionName);
        }
        catch (error) {
            throw (0,azure_arm/* explainArmError */.z)(error, `Reading revision ${revisionName} of ${session.label}`, READER_ROLE);
        }
    }
    async readAppNow(session) {
        try {
            return await session.client.containerApps.get(this.inputs.resourceGroup, this.inputs.app);
        }
        catch (error) {
            throw (0,azure_arm/* explainArmError */.z)(error, `Reading ${session.label}`, READER_ROLE);
        }
    }
    /** Polls the revision (and the app) until it is ready and the app's latest ready one, fails, or the deadline passes. */
    async waitForRevision(session, revisionName) {
        let delay = this.access.pollIntervalMs ?? 2_000;
        for (;;) {
            const revision = await this.readRevision(session, revisionName);
            const state = (0,render/* revisionState */.Vm)(revision);
            if (state.kind === 'failed')
                throw await this.revisionFailed(session, revisionName, state.reason);
            if (state.kind === 'ready') {
                const app = await this.readAppNow(session);
                if (app.latestReadyRevisionName === revisionName)
                    return { app, revision };
            }
            if (Date.now() >= session.deadline) {
                const now = state.kind === 'pending' ? state.state : `ready, but the app's latest ready revision is not it yet`;
                throw await this.revisionFailed(session, revisionName, `not healthy within wait-timeout (${this.inputs.waitTimeoutSeconds} s): ${now}`);
            }
            await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, session.deadline - Date.now()))));
            delay = Math.min(delay * 1.5, 10_000);
        }
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

//# sourceMappingURL=592.index.js.map