export const id = 324;
export const ids = [324];
export const modules = {

/***/ 98324:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cloudRunRuntime: () => (/* binding */ cloudRunRuntime)
/* harmony export */ });
/* unused harmony exports pullProblems, executionProblem */
/* harmony import */ var _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42928);
/* harmony import */ var _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(35505);


const DEVELOPER_ROLE = 'roles/run.developer (and roles/iam.serviceAccountUser on the runtime service account)';
/**
 * Where Cloud Run can pull from: Artifact Registry, gcr.io (served by Artifact Registry) and
 * public Docker Hub images. Anything else fails the run before the push; the rest come back as warnings.
 */
function pullProblems(target, project) {
    const error = pullError(target);
    if (error)
        return { error, warnings: [] };
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
            return { warnings: [] };
    }
}
/** A destination Cloud Run can never pull from: known from its host alone, without credentials. */
function pullError(target) {
    const kind = target.family.kind;
    if (kind === 'artifact-registry' || kind === 'gcr' || kind === 'docker-hub')
        return undefined;
    return `Cloud Run cannot pull from ${target.registry}: it pulls from Artifact Registry (LOCATION-docker.pkg.dev), gcr.io or public Docker Hub. Push to an Artifact Registry repository instead`;
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
        // Checks that need no credentials come first, so a plan without them (a fork) still fails on them.
        const unpullable = pullError(target);
        if (unpullable)
            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(unpullable);
        const project = await (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleProject */ .Hg)(this.inputs.project);
        const reach = pullProblems(target, project);
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
        if (existing && rendered.changes.length === 0) {
            // Settled and not serving as asked: the deploy would fail, so the plan (and the run, before the push) fails now.
            if (!existing.reconciling)
                await this.verifyServing(clients, existing, label, true);
            else
                plan.push('  a rollout is in progress: the deploy would wait for it, then check the service serves as asked');
        }
        return {
            plan,
            deploy: async (deployLog) => {
                try {
                    if (existing && rendered.changes.length === 0) {
                        const read = async () => (await clients.services.getService({ name }))[0];
                        const settled = await this.settled(read, name, label, deployLog);
                        // Someone changed the service since prepare read it: "nothing to change" no longer holds.
                        if ((0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .renderService */ .is)(settled, this.inputs, serviceTarget, target.image).changes.length > 0) {
                            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label} was changed by someone else since this run read it, and no longer runs ${target.image} as asked; this run changed nothing. Run the step again`);
                        }
                        return serviceResult(await this.verifyServing(clients, settled, label, true), serviceTarget, 'already running');
                    }
                    return await this.deployService(clients, serviceTarget, parent, name, label, existing, rendered, deployLog);
                }
                finally {
                    await closeAll(clients);
                }
            },
        };
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
        let done;
        try {
            const check = (operationName) => clients.services.checkUpdateServiceProgress(operationName);
            done = await (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .waitForOperation */ .o5)(operation, check, timeout);
        }
        catch (error) {
            throw await this.revisionFailure(clients, name, label, error, timeout);
        }
        return serviceResult(await this.verifyServing(clients, done, label, false), serviceTarget, existing ? 'updated' : 'created');
    }
    /** A service or job once no rollout is in progress (bounded by wait-timeout), read afresh. */
    async settled(readOnce, name, label, log) {
        const timeout = this.inputs.waitTimeoutSeconds;
        const deadline = Date.now() + timeout * 1000;
        const read = async () => {
            try {
                return await readOnce();
            }
            catch (error) {
                throw (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `Reading ${label}`, name, 'roles/run.viewer');
            }
        };
        let current = await read();
        let delay = 1_000;
        if (current.reconciling)
            log(`${label} is rolling out a change; waiting up to ${timeout} s for it to finish`);
        while (current.reconciling) {
            if (Date.now() >= deadline) {
                throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label} was still rolling out a change after wait-timeout (${timeout} s); this run changed nothing. Run the step again once the rollout has finished`);
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
        const problem = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .servingProblem */ .w2)(service);
        if (!problem)
            return service;
        const created = service.latestCreatedRevision;
        const reasons = [];
        if (created && created !== service.latestReadyRevision) {
            try {
                const [revision] = await clients.revisions.getRevision({ name: created });
                reasons.push(...(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .failureMessages */ .TH)(revision.conditions));
            }
            catch {
                // The service's own conditions, in the problem, still say what failed.
            }
        }
        const todo = unchanged
            ? ` This run changed nothing: the service already asks for this image. Fix the cause (see the revision's logs), then deploy again with a new revision-suffix (or a new image) to start a new revision`
            : '';
        throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label}: ${problem}${reasons.length ? `. Revision ${(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(created)}: ${reasons.join('; ')}` : ''}.${todo}`);
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
                    else {
                        // Nothing to change is no success when the job as it stands is not ready (a failed earlier update).
                        const read = async () => (await clients.jobs.getJob({ name }))[0];
                        const job = await this.settled(read, name, label, deployLog);
                        if (job.terminalCondition && !(0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .conditionSucceeded */ .TY)(job.terminalCondition)) {
                            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label} already asks for ${target.image}, but is not ready: ${job.terminalCondition.message || `Ready is ${String(job.terminalCondition.state)}`}. This run changed nothing: fix the cause, then deploy again`);
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
        const problem = executionProblem(execution);
        if (problem) {
            throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${label}: execution ${executionName} ${problem}` + (execution.logUri ? `. Logs: ${execution.logUri}` : ''));
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
    const reasons = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .failureMessages */ .TH)(execution.conditions).join('; ');
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
        if ((0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleStatus */ .kn)(error) === _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GoogleStatus */ .I5.NOT_FOUND)
            return undefined;
        throw (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, action, where, 'roles/run.viewer (or roles/run.developer)');
    }
}
/**
 * A write's failure explained; a stale etag (ABORTED, or FAILED_PRECONDITION as some Google APIs
 * answer it) means the resource changed after prepare read it, and nothing was written.
 */
function explainWriteError(error, verb, label, name, etag) {
    const status = (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .googleStatus */ .kn)(error);
    if (etag && (status === _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GoogleStatus */ .I5.ABORTED || status === _registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .GoogleStatus */ .I5.FAILED_PRECONDITION)) {
        return new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`${verb} ${label} was refused: it was changed by someone else since this run read it (etag ${etag}), and this run changed nothing (${error.message}). Run the step again to deploy over the current version`, { cause: error });
    }
    return (0,_registries_google_cloud_js__WEBPACK_IMPORTED_MODULE_0__/* .explainGoogleError */ .rC)(error, `${verb} ${label}`, name, DEVELOPER_ROLE);
}
function serviceResult(service, target, what) {
    const revision = (0,_cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .shortName */ .EU)(service.latestReadyRevision);
    // servingProblem rules this out first; a green step never names an empty revision.
    if (!revision)
        throw new _cloud_run_render_js__WEBPACK_IMPORTED_MODULE_1__/* .CloudRunError */ .D0(`Cloud Run service ${target.name} has no ready revision`);
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