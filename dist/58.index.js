export const id = 58;
export const ids = [58];
export const modules = {

/***/ 37058:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   containerAppsJobRuntime: () => (/* binding */ containerAppsJobRuntime),
/* harmony export */   executionReason: () => (/* binding */ executionReason)
/* harmony export */ });
/* harmony import */ var _deadline_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86683);
/* harmony import */ var _connect_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83215);
/* harmony import */ var _clouds_azure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(96717);
/* harmony import */ var _clouds_azure_arm_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(89066);
/* harmony import */ var _pull_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(51037);
/* harmony import */ var _render_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(10078);






const READER_ROLE = 'Reader (or Container Apps Jobs Contributor)';
const JOBS_ROLE = 'Container Apps Jobs Contributor (or Contributor)';
/** An execution's status: Succeeded is the only success; these end it otherwise; anything else is still going. */
const FAILED_STATUSES = /^(failed|stopped|degraded)$/i;
function containerAppsJobRuntime(inputs, access) {
    return new ContainerAppsJobRuntime(inputs, access);
}
class ContainerAppsJobRuntime {
    inputs;
    access;
    name = 'container-apps';
    /** How the deploy's wait bound is said in an error (set when the deploy starts). */
    within;
    constructor(inputs, access) {
        this.inputs = inputs;
        this.access = access;
    }
    async prepare(target, log) {
        const { job: name, resourceGroup } = this.inputs;
        const { client, label } = await (0,_connect_js__WEBPACK_IMPORTED_MODULE_1__/* .connect */ .N)(this.access, target, `Container Apps job ${name}`, resourceGroup, READER_ROLE);
        const job = await this.readJob(client, label);
        const rendered = (0,_render_js__WEBPACK_IMPORTED_MODULE_5__/* .renderJobTemplate */ .Wx)(job.template, this.inputs, target.image, job.workloadProfileName);
        (0,_connect_js__WEBPACK_IMPORTED_MODULE_1__/* .checkSecretRefs */ .H)(this.inputs.env, job.configuration?.secrets, label);
        log(`${label} exists (trigger ${job.configuration?.triggerType ?? 'unknown'})`);
        const plan = [
            ...(rendered.changes.length
                ? [`would update ${label}:`, ...rendered.changes.map((c) => `  ${c}`)]
                : [`${label} already runs ${target.image} as asked: nothing to change`]),
            ...(this.inputs.execute ? [`would start an execution of ${label} and wait for it to finish`] : []),
        ];
        return {
            plan,
            warnings: (0,_pull_js__WEBPACK_IMPORTED_MODULE_4__/* .pullWarnings */ .b)(job, target, 'job'),
            deploy: async (deployLog) => {
                const { deadline, within } = (0,_deadline_js__WEBPACK_IMPORTED_MODULE_0__/* .boundOf */ .s0)(this.inputs.waitTimeoutSeconds, 'wait-timeout');
                this.within = within;
                if (rendered.changes.length) {
                    deployLog(`updating ${label}`);
                    try {
                        // The job's PATCH model is not flattened: its fields go under `properties`.
                        await client.jobs
                            .update(resourceGroup, name, { properties: { template: rendered.template } }, this.pollOptions(deadline))
                            .pollUntilDone();
                    }
                    catch (error) {
                        throw this.explain(error, `Updating ${label}`, JOBS_ROLE);
                    }
                }
                if (!this.inputs.execute)
                    return { outputs: {}, detail: `${label} ${rendered.changes.length ? 'updated' : 'already up to date'}` };
                return this.execute(client, label, deadline, deployLog);
            },
        };
    }
    pollOptions(deadline) {
        return {
            updateIntervalInMs: this.access.pollIntervalMs ?? 2_000,
            abortSignal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
        };
    }
    explain(error, action, role) {
        const name = error?.name;
        if (name === 'AbortError' || name === 'TimeoutError')
            return new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_2__/* .AzureError */ .M6(`${action} was not done within ${this.within ?? `wait-timeout (${this.inputs.waitTimeoutSeconds} s)`}`, {
                cause: error,
            });
        return (0,_clouds_azure_arm_js__WEBPACK_IMPORTED_MODULE_3__/* .explainArmError */ .z)(error, action, role);
    }
    async readJob(client, label) {
        try {
            return await client.jobs.get(this.inputs.resourceGroup, this.inputs.job);
        }
        catch (error) {
            if ((0,_clouds_azure_arm_js__WEBPACK_IMPORTED_MODULE_3__/* .armErrorFields */ .S)(error).statusCode === 404)
                throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_2__/* .AzureError */ .M6(`${label} does not exist: create it first (az containerapp job create), or check container-apps-job, azure-resource-group and the subscription`, { cause: error });
            throw (0,_clouds_azure_arm_js__WEBPACK_IMPORTED_MODULE_3__/* .explainArmError */ .z)(error, `Reading ${label}`, READER_ROLE);
        }
    }
    /** Starts an execution and polls it until it ends or the deadline passes. */
    async execute(client, label, deadline, log) {
        const { resourceGroup, job } = this.inputs;
        let started;
        try {
            started = (await client.jobs.start(resourceGroup, job, this.pollOptions(deadline)).pollUntilDone()).name;
        }
        catch (error) {
            throw this.explain(error, `Starting an execution of ${label}`, JOBS_ROLE);
        }
        if (!started)
            throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_2__/* .AzureError */ .M6(`${label}: Azure started an execution but did not name it`);
        log(`execution ${started} started; waiting up to ${this.inputs.waitTimeoutSeconds} s for it to finish`);
        let delay = this.access.pollIntervalMs ?? 2_000;
        for (;;) {
            let execution;
            try {
                execution = await client.jobExecution(resourceGroup, job, started);
            }
            catch (error) {
                throw (0,_clouds_azure_arm_js__WEBPACK_IMPORTED_MODULE_3__/* .explainArmError */ .z)(error, `Reading execution ${started} of ${label}`, READER_ROLE);
            }
            const status = execution.status ?? 'Unknown';
            if (/^succeeded$/i.test(status))
                return { outputs: { execution: started }, detail: `${label}: execution ${started} succeeded` };
            if (FAILED_STATUSES.test(status))
                throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_2__/* .AzureError */ .M6(`${label}: execution ${started} ended ${status}: ${executionReason(execution)}`);
            if (Date.now() >= deadline)
                throw new _clouds_azure_js__WEBPACK_IMPORTED_MODULE_2__/* .AzureError */ .M6(`${label}: execution ${started} did not finish within ${this.within ?? `wait-timeout (${this.inputs.waitTimeoutSeconds} s)`}; it is ${status} and goes on running. Stop it: az containerapp job stop -n ${this.inputs.job} -g ${this.inputs.resourceGroup} --job-execution-name ${started}`);
            await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
            delay = Math.min(delay * 1.5, 10_000);
        }
    }
}
/** Azure's words for why an execution ended: its reason and message, and each container's exit code. */
function executionReason(execution) {
    const containers = (execution.detailedStatus?.replicas ?? []).flatMap((replica) => (replica.containers ?? []).map((c) => `container ${c.name ?? '?'}${c.code !== undefined ? ` exited with code ${c.code}` : ''}${c.status ? ` (${c.status})` : ''}`));
    const parts = [execution.reason, execution.message, ...containers].filter((p) => Boolean(p));
    return parts.length ? parts.join('; ') : 'Azure gave no reason; see the job’s execution history and logs';
}


/***/ })

};

//# sourceMappingURL=58.index.js.map