export const id = 248;
export const ids = [248];
export const modules = {

/***/ 68248:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ecsRuntime: () => (/* binding */ ecsRuntime)
/* harmony export */ });
/* unused harmony exports pollDelays, reachabilityWarnings */
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(80212);
/* harmony import */ var _registries_ecr_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4477);
/* harmony import */ var _ecs_render_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83669);
/**
 * AWS ECS as a runtime, by digest: a service update (new task definition revision, UpdateService,
 * wait until stable, verify the rollout) or a one-off task (RunTask, wait, exit codes).
 */



/** How often to poll: short timeouts poll more often (15 s, the SDK's default, at most). */
function pollDelays(timeoutSeconds) {
    const minDelay = Math.max(1, Math.min(15, Math.floor(timeoutSeconds / 20)));
    return { minDelay, maxDelay: Math.max(minDelay, Math.min(60, Math.floor(timeoutSeconds / 5))) };
}
/** Why ECS might fail to pull the image, as warnings. */
function reachabilityWarnings(rendered, target, fargate) {
    const warnings = [];
    const request = rendered.request;
    const container = request.containerDefinitions?.find((c) => c.name === rendered.containerName);
    const ecr = target.family.kind === 'ecr' || target.family.kind === 'ecr-public';
    if (target.family.kind === 'ecr' && fargate && !request.executionRoleArn) {
        warnings.push(`task definition ${request.family} has no executionRoleArn: Fargate pulls from ECR with the task execution role ` +
            '(AmazonECSTaskExecutionRolePolicy), so the task will fail to start');
    }
    if (!ecr && target.family.kind !== 'docker-hub' && !container?.repositoryCredentials) {
        warnings.push(`${target.registry} is not ECR and container "${rendered.containerName}" has no repositoryCredentials: ` +
            'if the repository is private, ECS cannot pull it; store the credentials in Secrets Manager and set repositoryCredentials.credentialsParameter');
    }
    return warnings;
}
function fromFile(source) {
    // A file may hold `describe-task-definition` output ({ taskDefinition: … }) or the definition itself.
    const inner = source.definition.taskDefinition ?? source.definition;
    return inner;
}
function ecsRuntime(inputs) {
    return new EcsRuntime(inputs);
}
class EcsRuntime {
    inputs;
    name = 'ecs';
    client;
    where;
    constructor(inputs) {
        this.inputs = inputs;
        this.client = new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ECSClient */ .Zgc({ region: inputs.region });
        this.where = `cluster ${inputs.cluster}, region ${inputs.region}`;
    }
    async prepare(target) {
        return this.inputs.mode.kind === 'service'
            ? this.prepareService(target, this.inputs.mode.service)
            : this.prepareTask(target, this.inputs.mode);
    }
    /** Sends one ECS call, turning its failure into an error that names the cluster and region. */
    async call(action, send) {
        try {
            return await send();
        }
        catch (error) {
            if (error.name === 'ClusterNotFoundException') {
                throw new _ecs_render_js__WEBPACK_IMPORTED_MODULE_1__/* .EcsSetupError */ .p3(`the ECS cluster "${this.inputs.cluster}" does not exist in region ${this.inputs.region} (ecs-cluster)`);
            }
            throw (0,_registries_ecr_js__WEBPACK_IMPORTED_MODULE_0__/* .explainAwsError */ .N)(error, `ecs:${action}`, this.where);
        }
    }
    async loadDefinition(source) {
        if (source.kind === 'file')
            return { definition: fromFile(source), tags: undefined, label: `task definition file ${source.path}` };
        const described = await this.call('DescribeTaskDefinition', () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeTaskDefinitionCommand */ .Zy$({ taskDefinition: source.value, include: ['TAGS'] })));
        if (!described.taskDefinition)
            throw new _ecs_render_js__WEBPACK_IMPORTED_MODULE_1__/* .EcsSetupError */ .p3(`task definition ${source.value} was not found (${this.where})`);
        return { definition: described.taskDefinition, tags: described.tags, label: `task definition ${source.value}` };
    }
    render(target, definition, tags, label) {
        return (0,_ecs_render_js__WEBPACK_IMPORTED_MODULE_1__/* .renderTaskDefinition */ .P9)(definition, tags, {
            image: target.image,
            container: this.inputs.container,
            environment: this.inputs.environment,
            source: label,
        });
    }
    describeChange(definition, rendered) {
        // Tags are not part of the definition's content, so the diff leaves them out.
        const after = Object.fromEntries(Object.entries(rendered.request).filter(([key]) => key !== 'tags'));
        const diff = (0,_ecs_render_js__WEBPACK_IMPORTED_MODULE_1__/* .diffDefinitions */ .eM)((0,_ecs_render_js__WEBPACK_IMPORTED_MODULE_1__/* .comparable */ .Zm)(definition), after);
        return [
            `would register a new revision of ${rendered.request.family}, changing:`,
            ...(diff.length ? diff.map((line) => `    ${line}`) : ['    (nothing but the revision)']),
        ];
    }
    async register(rendered, log) {
        const registered = await this.call('RegisterTaskDefinition', () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .RegisterTaskDefinitionCommand */ .$Hl(rendered.request)));
        const definition = registered.taskDefinition;
        log(`registered ${definition.family}:${definition.revision} (${definition.taskDefinitionArn})`);
        return definition;
    }
    async prepareService(target, serviceName) {
        const { cluster, waitForStability, waitTimeoutSeconds } = this.inputs;
        const described = await this.call('DescribeServices', () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeServicesCommand */ .H7c({ cluster, services: [serviceName] })));
        const service = described.services?.[0];
        if (!service || service.status === 'INACTIVE') {
            throw new _ecs_render_js__WEBPACK_IMPORTED_MODULE_1__/* .EcsSetupError */ .p3(`the ECS service "${serviceName}" does not exist in ${this.where} (ecs-service)`);
        }
        const { definition, tags, label } = await this.loadDefinition(this.inputs.taskDefinition ?? { kind: 'name', value: service.taskDefinition });
        const rendered = this.render(target, definition, tags, label);
        const fargate = service.launchType === 'FARGATE' ||
            (service.capacityProviderStrategy ?? []).some((s) => s.capacityProvider?.startsWith('FARGATE'));
        return {
            plan: [
                `ECS service ${serviceName} (${this.where}) runs ${service.taskDefinition}`,
                ...this.describeChange(definition, rendered),
                `would update service ${serviceName} to the new revision` +
                    (waitForStability
                        ? `, wait until it is stable (at most ${waitTimeoutSeconds} s), and check the rollout`
                        : ''),
            ],
            warnings: reachabilityWarnings(rendered, target, fargate),
            deploy: (log) => this.updateService(serviceName, rendered, log),
        };
    }
    async updateService(serviceName, rendered, log) {
        const registered = await this.register(rendered, log);
        const arn = registered.taskDefinitionArn;
        const revision = `${registered.family}:${registered.revision}`;
        const updated = await this.call('UpdateService', () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .UpdateServiceCommand */ .kZr({ cluster: this.inputs.cluster, service: serviceName, taskDefinition: arn })));
        const deployments = updated.service?.deployments ?? [];
        const deployment = deployments.find((d) => d.status === 'PRIMARY' && d.taskDefinition === arn) ??
            deployments.find((d) => d.status === 'PRIMARY');
        const deploymentId = deployment?.id ?? '';
        log(`updated service ${serviceName} to ${revision}${deploymentId ? ` (deployment ${deploymentId})` : ''}`);
        const outputs = { 'ecs-task-definition-arn': arn, 'ecs-deployment-id': deploymentId };
        if (!this.inputs.waitForStability)
            return { outputs, detail: `service ${serviceName} → ${revision} (not waited for)` };
        await this.waitForService(serviceName, arn, deploymentId, log);
        return { outputs, detail: `service ${serviceName} → ${revision}, stable` };
    }
    /** Waits for stability, then checks the rollout ran the new revision and was not rolled back. */
    async waitForService(serviceName, arn, deploymentId, log) {
        const { cluster, waitTimeoutSeconds } = this.inputs;
        log(`waiting until service ${serviceName} is stable (at most ${waitTimeoutSeconds} s)`);
        let waitError;
        try {
            await _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .waitUntilServicesStable */ .$AB({ client: this.client, maxWaitTime: waitTimeoutSeconds, ...pollDelays(waitTimeoutSeconds) }, { cluster, services: [serviceName] });
        }
        catch (error) {
            waitError = error;
        }
        const described = await this.call('DescribeServices', () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeServicesCommand */ .H7c({ cluster, services: [serviceName] })));
        const deployments = described.services?.[0]?.deployments ?? [];
        const ours = deployments.find((d) => d.id === deploymentId) ?? deployments.find((d) => d.taskDefinition === arn);
        const primary = deployments.find((d) => d.status === 'PRIMARY');
        if (ours?.rolloutState === 'FAILED' || (primary && primary.taskDefinition !== arn)) {
            throw new _registries_ecr_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsError */ .G(`the deployment of ${arn} to service ${serviceName} failed${ours?.rolloutStateReason ? `: ${ours.rolloutStateReason}` : ''}` +
                (primary && primary.taskDefinition !== arn
                    ? `; ECS rolled the service back to ${primary.taskDefinition}`
                    : ''));
        }
        if (waitError) {
            throw new _registries_ecr_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsError */ .G(`service ${serviceName} did not become stable within ${waitTimeoutSeconds} s (wait-timeout): deployment ${ours?.id ?? deploymentId} is ` +
                `${ours?.rolloutState ?? 'in progress'} with ${ours?.runningCount ?? 0} of ${ours?.desiredCount ?? '?'} tasks running`);
        }
        log(`service ${serviceName} is stable on ${arn}${primary?.rolloutState ? ` (rollout ${primary.rolloutState})` : ''}`);
    }
    async prepareTask(target, task) {
        const { definition, tags, label } = await this.loadDefinition(this.inputs.taskDefinition);
        const rendered = this.render(target, definition, tags, label);
        const fargate = task.launchType === 'FARGATE' || (definition.requiresCompatibilities ?? []).includes('FARGATE');
        return {
            plan: [
                ...this.describeChange(definition, rendered),
                `would run one task of it in ${this.where}${task.launchType ? ` on ${task.launchType}` : ''}` +
                    (task.network ? ` in ${task.network.subnets.join(', ')}` : '') +
                    `, and wait until it is ${task.waitFor} (at most ${this.inputs.waitTimeoutSeconds} s)`,
            ],
            warnings: reachabilityWarnings(rendered, target, fargate),
            deploy: (log) => this.runTask(task, rendered, log),
        };
    }
    async runTask(task, rendered, log) {
        const { cluster, waitTimeoutSeconds } = this.inputs;
        const registered = await this.register(rendered, log);
        const arn = registered.taskDefinitionArn;
        const revision = `${registered.family}:${registered.revision}`;
        const network = task.network && {
            awsvpcConfiguration: {
                subnets: [...task.network.subnets],
                ...(task.network.securityGroups.length > 0 && { securityGroups: [...task.network.securityGroups] }),
                ...(task.network.assignPublicIp !== undefined && {
                    assignPublicIp: task.network.assignPublicIp ? 'ENABLED' : 'DISABLED',
                }),
            },
        };
        const started = await this.call('RunTask', () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .RunTaskCommand */ ._eD({
            cluster,
            taskDefinition: arn,
            count: 1,
            startedBy: 'portable-deploy',
            ...(task.launchType && { launchType: task.launchType }),
            ...(network && { networkConfiguration: network }),
            ...(task.overrides && { overrides: task.overrides }),
        })));
        const failure = started.failures?.[0];
        const taskArn = started.tasks?.[0]?.taskArn;
        if (failure || !taskArn) {
            throw new _registries_ecr_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsError */ .G(`ECS could not start the task (${this.where}): ${failure?.reason ?? 'no task returned'}${failure?.detail ? ` (${failure.detail})` : ''}`);
        }
        log(`started task ${taskArn}; waiting until it is ${task.waitFor}`);
        const waiter = task.waitFor === 'running' ? _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .waitUntilTasksRunning */ .lWU : _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .waitUntilTasksStopped */ .ttI;
        try {
            await waiter({ client: this.client, maxWaitTime: waitTimeoutSeconds, ...pollDelays(waitTimeoutSeconds) }, { cluster, tasks: [taskArn] });
        }
        catch (error) {
            const state = await this.describeTask(taskArn);
            throw new _registries_ecr_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsError */ .G(`task ${taskArn} did not become ${task.waitFor} within ${waitTimeoutSeconds} s (wait-timeout): it is ${state?.lastStatus ?? 'unknown'}` +
                (state?.stoppedReason ? `, stopped because: ${state.stoppedReason}` : ''), { cause: error });
        }
        const outputs = { 'ecs-task-definition-arn': arn, 'ecs-task-arn': taskArn };
        const shortId = taskArn.split('/').pop();
        if (task.waitFor === 'running')
            return { outputs, detail: `task ${shortId} running ${revision}` };
        const stopped = await this.describeTask(taskArn);
        const essential = new Map((rendered.request.containerDefinitions ?? []).map((c) => [c.name, c.essential !== false]));
        const containers = (stopped?.containers ?? []).map((c) => ({
            name: c.name ?? '?',
            essential: essential.get(c.name) ?? true,
            exitCode: c.exitCode,
            reason: c.reason,
        }));
        for (const c of containers)
            log(`container ${c.name}: exit code ${c.exitCode ?? 'none'}${c.reason ? ` (${c.reason})` : ''}`);
        const failed = (0,_ecs_render_js__WEBPACK_IMPORTED_MODULE_1__/* .taskFailure */ .E2)(containers, stopped?.stoppedReason);
        if (failed)
            throw new _registries_ecr_js__WEBPACK_IMPORTED_MODULE_0__/* .AwsError */ .G(`task ${taskArn} failed: ${failed}`);
        return { outputs, detail: `task ${shortId} of ${revision} exited 0` };
    }
    async describeTask(taskArn) {
        const described = await this.call('DescribeTasks', () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeTasksCommand */ .z8X({ cluster: this.inputs.cluster, tasks: [taskArn] })));
        return described.tasks?.[0];
    }
}


/***/ })

};

//# sourceMappingURL=248.index.js.map