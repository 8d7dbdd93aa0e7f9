export const id = 324;
export const ids = [324];
export const modules = {

/***/ 98324:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cloudRunRuntime: () => (/* binding */ cloudRunRuntime)
/* harmony export */ });
/* unused harmony export pullProblems */
/* harmony import */ var _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42928);
/* harmony import */ var _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(35505);


const DEVELOPER_ROLE = 'roles/run.developer (and roles/iam.serviceAccountUser on the runtime service account)';
/**
 * Where Cloud Run can pull from: Artifact Registry, gcr.io (served by Artifact Registry) and
 * public Docker Hub images. Anything else fails the run before the push; the rest come back as warnings.
 */
function pullProblems(target, project) {
    const family = target.family;
    switch (family.kind) {
        case 'artifact-registry':
        case 'gcr':
            return {
                warnings: family.project && family.project !== project
                    ? [
                        `${target.registry}/${family.project} is in another project than Cloud Run (${project}): grant the Cloud Run service agent of ${project} (service-PROJECT_NUMBER@serverless-robot-prod.iam.gserviceaccount.com) roles/artifactregistry.reader on the repository`,
                    ]
                    : [],
            };
        case 'docker-hub':
            return {
                warnings: [
                    'Cloud Run pulls from Docker Hub anonymously: the repository must be public (or use an Artifact Registry remote repository)',
                ],
            };
        default:
            return {
                error: `Cloud Run cannot pull from ${target.registry}: it pulls from Artifact Registry (LOCATION-docker.pkg.dev), gcr.io or public Docker Hub. Push to an Artifact Registry repository instead`,
                warnings: [],
            };
    }
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
            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`Cloud Run runs linux/amd64 images, and ${target.image} is for ${platforms.join(', ')} only: build it for linux/amd64 too (docker buildx build --platform linux/amd64,linux/arm64)`);
        }
        const project = await (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleProject */ .Hg)(this.inputs.project);
        const reach = pullProblems(target, project);
        if (reach.error)
            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(reach.error);
        const run = await (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .loadGoogleSdk */ .yT)(() => Promise.all(/* import() */[__webpack_require__.e(492), __webpack_require__.e(142), __webpack_require__.e(475)]).then(__webpack_require__.bind(__webpack_require__, 89475)));
        const options = await (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleClientOptions */ .lE)('run');
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
            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label} does not exist yet, and no-traffic needs one: a new service's first revision takes all traffic. Deploy it once without no-traffic`);
        }
        const rendered = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .renderService */ .is)(existing, this.inputs, serviceTarget, target.image);
        if (existing && rendered.revisionName && rendered.changes.length > 0) {
            // Revision names are unique and a revision never changes: a taken name fails the update late.
            const revision = `${name}/revisions/${rendered.revisionName}`;
            const taken = await readOrMissing(() => clients.revisions.getRevision({ name: revision }), `Reading revision ${rendered.revisionName}`, where);
            if (taken) {
                throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label} already has a revision named ${rendered.revisionName}, and a revision cannot change: use another revision-suffix (e.g. the commit SHA and the run attempt)`);
            }
        }
        log(existing
            ? `${label} exists; serving ${(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(existing.latestReadyRevision) || 'nothing yet'}`
            : `${label} does not exist yet`);
        const plan = planLines(label, existing !== undefined, rendered.changes, target.image);
        return {
            plan,
            deploy: async (deployLog) => {
                try {
                    if (existing && rendered.changes.length === 0)
                        return serviceResult(existing, serviceTarget, 'already running');
                    return await this.deployService(clients, serviceTarget, parent, name, label, existing, rendered.service, deployLog);
                }
                finally {
                    await closeAll(clients);
                }
            },
        };
    }
    async deployService(clients, serviceTarget, parent, name, label, existing, service, log) {
        const timeout = this.inputs.waitTimeoutSeconds;
        let operation;
        try {
            [operation] = existing
                ? await clients.services.updateService({ service })
                : await clients.services.createService({ parent, serviceId: serviceTarget.name, service });
        }
        catch (error) {
            throw (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `${existing ? 'Updating' : 'Creating'} ${label}`, name, DEVELOPER_ROLE);
        }
        log(`${existing ? 'updating' : 'creating'} ${label}; waiting up to ${timeout} s for the new revision to be ready`);
        let done;
        try {
            const check = (operationName) => clients.services.checkUpdateServiceProgress(operationName);
            done = await (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperation */ .o5)(operation, check, timeout);
        }
        catch (error) {
            throw await this.revisionFailure(clients, name, label, error, timeout);
        }
        return serviceResult(verifyReady(done, label), serviceTarget, existing ? 'updated' : 'created');
    }
    /** Why the rollout failed, in Cloud Run's words, and where traffic stayed. */
    async revisionFailure(clients, name, label, error, timeout) {
        if (error instanceof _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .OperationTimeout */ .Lf) {
            return new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label}: the new revision was not ready within wait-timeout (${timeout} s); it may still be starting. See its logs in the Cloud Console`, { cause: error });
        }
        if (!(error instanceof _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .OperationFailed */ .FH)) {
            return (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `Waiting for the rollout of ${label}`, name, 'roles/run.viewer');
        }
        const reasons = [];
        let after;
        try {
            [after] = await clients.services.getService({ name });
            const revision = after.latestCreatedRevision;
            if (revision && revision !== after.latestReadyRevision) {
                const [failed] = await clients.revisions.getRevision({ name: revision });
                reasons.push(...(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .failureMessages */ .TH)(failed.conditions));
            }
        }
        catch {
            // The operation's own error below still says what failed.
        }
        const message = error.message ?? String(error);
        const serving = after?.trafficStatuses?.length
            ? after.trafficStatuses
                .filter((t) => (t.percent ?? 0) > 0)
                .map((t) => `${t.percent}% to ${t.revision || (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(after?.latestReadyRevision) || 'latest'}`)
                .join(', ')
            : undefined;
        return new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label}: the new revision ${(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(after?.latestCreatedRevision) || ''} failed: ${reasons.length ? reasons.join('; ') : message}.` +
            (serving ? ` Traffic stays where it was (${serving}).` : ''), { cause: error });
    }
    async prepareJob(clients, parent, where, target, jobTarget, log) {
        const name = `${parent}/jobs/${jobTarget.name}`;
        const label = `Cloud Run job ${jobTarget.name} (${where})`;
        const existing = await readOrMissing(() => clients.jobs.getJob({ name }), `Reading ${label}`, where);
        log(existing ? `${label} exists` : `${label} does not exist yet`);
        const rendered = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .renderJob */ .eS)(existing, this.inputs, target.image);
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
            await (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperation */ .o5)(operation, check, this.inputs.waitTimeoutSeconds);
        }
        catch (error) {
            throw (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `${existing ? 'Updating' : 'Creating'} ${label}`, name, DEVELOPER_ROLE);
        }
    }
    async executeJob(clients, name, label, log) {
        const timeout = this.inputs.waitTimeoutSeconds;
        let operation;
        try {
            [operation] = await clients.jobs.runJob({ name });
        }
        catch (error) {
            throw (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `Executing ${label}`, name, 'roles/run.invoker or roles/run.developer');
        }
        const started = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(operation.metadata?.name);
        log(`executing ${label}${started ? `: execution ${started}` : ''}; waiting up to ${timeout} s for it to finish`);
        let execution;
        try {
            const check = (operationName) => clients.jobs.checkRunJobProgress(operationName);
            execution = await (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperation */ .o5)(operation, check, timeout);
        }
        catch (error) {
            if (error instanceof _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .OperationTimeout */ .Lf) {
                throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label}: execution ${started} did not finish within wait-timeout (${timeout} s); it goes on running`, { cause: error });
            }
            if (!(error instanceof _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .OperationFailed */ .FH)) {
                throw (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `Waiting for execution ${started} of ${label}`, name, 'roles/run.viewer');
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
            const reasons = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .failureMessages */ .TH)(failed?.conditions);
            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label}: execution ${started} failed: ${reasons.length ? reasons.join('; ') : error.message}` +
                (failed?.logUri ? `. Logs: ${failed.logUri}` : ''), { cause: error });
        }
        const executionName = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(execution.name) || started;
        const failed = execution.failedCount ?? 0;
        const reasons = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .failureMessages */ .TH)(execution.conditions);
        if (failed > 0 || reasons.length > 0) {
            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label}: execution ${executionName} failed (${failed} of ${execution.taskCount ?? '?'} tasks): ${reasons.join('; ') || 'see its logs'}` +
                (execution.logUri ? `. Logs: ${execution.logUri}` : ''));
        }
        return {
            outputs: { execution: executionName },
            detail: `${label}: execution ${executionName} finished, ${execution.succeededCount ?? 0} of ${execution.taskCount ?? '?'} tasks succeeded`,
        };
    }
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
        if ((0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleStatus */ .kn)(error) === _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GoogleStatus */ .I5.NOT_FOUND)
            return undefined;
        throw (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, action, where, 'roles/run.viewer (or roles/run.developer)');
    }
}
/** The service as the operation left it must have its newest revision ready. */
function verifyReady(service, label) {
    if (service.latestCreatedRevision && service.latestCreatedRevision !== service.latestReadyRevision) {
        throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label}: revision ${(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(service.latestCreatedRevision)} is not ready (${(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .failureMessages */ .TH)(service.conditions).join('; ') || 'no reason given'}); traffic stays on ${(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(service.latestReadyRevision) || 'no revision'}`);
    }
    if (service.terminalCondition && !(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .conditionSucceeded */ .TY)(service.terminalCondition)) {
        throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label} is not ready: ${service.terminalCondition.message || String(service.terminalCondition.state)}`);
    }
    return service;
}
function serviceResult(service, target, what) {
    const revision = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(service.latestReadyRevision);
    const statuses = service.trafficStatuses ?? [];
    const tagged = target.revisionTag ? statuses.find((t) => t.tag === target.revisionTag)?.uri : undefined;
    const url = tagged || service.uri || service.urls?.[0] || undefined;
    const percent = statuses
        .filter((t) => t.revision === revision || (!t.revision && !(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .isPinned */ .T4)(t)))
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

//# sourceMappingURL=324.index.js.map