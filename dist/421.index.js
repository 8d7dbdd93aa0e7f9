export const id = 421;
export const ids = [421];
export const modules = {

/***/ 15891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gy: () => (/* binding */ AwsError),
/* harmony export */   Ni: () => (/* binding */ explainAwsError),
/* harmony export */   rw: () => (/* binding */ awsClientConfig)
/* harmony export */ });
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(37067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(44708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _oci_user_error_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(37373);
/**
 * AWS, shared by the ECR registry family and the ECS runtime: how an SDK failure reads to the user
 * (what failed, where, and what to do), and whether it is an access problem a plan may go past.
 */



class AwsError extends _oci_user_error_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .y {
    constructor(message, options) {
        super(message, 'AWS', options);
        this.name = 'AwsError';
    }
}
/** Turns an SDK failure into a sentence that says what failed, where, and what to do. */
function explainAwsError(error, action, where) {
    const name = error.name ?? 'Error';
    const message = error.message ?? String(error);
    if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
        return new AwsError(`${action} (${where}) needs AWS credentials and found none: add aws-actions/configure-aws-credentials (OIDC) before this step`, { cause: error, access: 'missing' });
    }
    if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized/i.test(message)) {
        return new AwsError(`${action} (${where}) was denied: ${message}. Grant the role that permission`, {
            cause: error,
            access: 'denied',
        });
    }
    return new AwsError(`${action} (${where}) failed: ${name}: ${message}`, { cause: error });
}
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
/**
 * What every AWS SDK client of the run is built with: behind a proxy (HTTP(S)_PROXY, NO_PROXY, as
 * the registry traffic honours them), connections that go through it, which the SDK alone does not
 * do. Otherwise the SDK's own defaults.
 */
function awsClientConfig(env = process.env) {
    if (!PROXY_VARIABLES.some((name) => env[name]))
        return {};
    // The SDK's own agent settings, plus the proxy.
    const options = { keepAlive: true, maxSockets: 50, proxyEnv: env };
    return { requestHandler: { httpAgent: new (node_http__WEBPACK_IMPORTED_MODULE_0___default().Agent)(options), httpsAgent: new (node_https__WEBPACK_IMPORTED_MODULE_1___default().Agent)(options) } };
}


/***/ }),

/***/ 1421:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ecsRuntime: () => (/* binding */ ecsRuntime),
  pollDelays: () => (/* binding */ pollDelays),
  reachabilityWarnings: () => (/* binding */ reachabilityWarnings)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(80212);
// EXTERNAL MODULE: ./src/clouds/aws.ts
var aws = __webpack_require__(15891);
// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __webpack_require__(37373);
;// CONCATENATED MODULE: ./src/runtimes/ecs/render.ts

class EcsSetupError extends user_error/* UserError */.y {
    constructor(message) {
        super(message, 'ECS setup');
        this.name = 'EcsSetupError';
    }
}
/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition refuses. */
const READ_ONLY_FIELDS = [
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
    'deregisteredAt',
];
/** Picks the container the image goes into, or explains why it cannot. */
function chooseContainer(definition, wanted, source) {
    const containers = definition.containerDefinitions ?? [];
    const names = containers.map((c) => c.name ?? '(unnamed)');
    if (containers.length === 0)
        throw new EcsSetupError(`${source} has no container definitions`);
    if (wanted !== undefined) {
        const found = containers.find((c) => c.name === wanted);
        if (!found)
            throw new EcsSetupError(`${source} has no container named "${wanted}" (ecs-container); its containers are: ${names.join(', ')}`);
        return found;
    }
    if (containers.length > 1) {
        throw new EcsSetupError(`${source} has ${containers.length} containers (${names.join(', ')}); set ecs-container to the one that runs this image`);
    }
    return containers[0];
}
function renderTaskDefinition(current, tags, options) {
    const target = chooseContainer(current, options.container, options.source);
    const request = comparable(current);
    request.containerDefinitions = (current.containerDefinitions ?? []).map((container) => {
        if (container !== target)
            return container;
        const environment = [...(container.environment ?? [])].filter((e) => !(e.name in options.environment));
        for (const [name, value] of Object.entries(options.environment))
            environment.push({ name, value });
        return {
            ...container,
            image: options.image,
            ...(environment.length > 0 && { environment: environment.sort((a, b) => a.name.localeCompare(b.name)) }),
        };
    });
    // ECS refuses an empty tag list; tags are carried over so the new revision stays findable.
    if (tags && tags.length > 0)
        request.tags = [...tags];
    return { request: request, containerName: target.name };
}
/** A line diff of two definitions as pretty JSON, for the plan: `- old` / `+ new` lines only. */
function diffDefinitions(before, after) {
    const a = JSON.stringify(before, null, 2).split('\n');
    const b = JSON.stringify(after, null, 2).split('\n');
    // Longest common subsequence: task definitions are small (hundreds of lines).
    const table = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
        }
    }
    const out = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
        if (a[i] === b[j]) {
            i++;
            j++;
        }
        else if (table[i + 1][j] >= table[i][j + 1])
            out.push(`- ${a[i++].trim()}`);
        else
            out.push(`+ ${b[j++].trim()}`);
    }
    while (i < a.length)
        out.push(`- ${a[i++].trim()}`);
    while (j < b.length)
        out.push(`+ ${b[j++].trim()}`);
    return out;
}
/** The definition as registered would compare to the current one: both without read-only fields. */
function comparable(definition) {
    return Object.fromEntries(Object.entries(definition).filter(([key, value]) => value !== undefined && value !== null && !READ_ONLY_FIELDS.includes(key)));
}
/**
 * Why a service's deployment controller rules this action out, or undefined when it is ECS's own
 * rolling update (the default). Under CODE_DEPLOY or EXTERNAL, UpdateService cannot roll out a new
 * task definition: a CodeDeploy deployment or new task sets do, and blue/green is not built yet.
 */
function controllerRefusal(type, service, where) {
    if (type === undefined || type === 'ECS')
        return undefined;
    const how = type === 'CODE_DEPLOY'
        ? 'blue/green through CodeDeploy, which this action does not drive yet: deploy it with ' +
            "aws-actions/amazon-ecs-deploy-task-definition's codedeploy-appspec for now"
        : type === 'EXTERNAL'
            ? 'an external controller that deploys through task sets, which this action does not drive: deploy it with that controller'
            : 'a controller this action does not know';
    return (`the ECS service "${service}" (${where}) uses the ${type} deployment controller, ${how}, ` +
        'or switch the service to the ECS (rolling update) controller. Nothing was pushed or registered');
}
/** Whether a stopped task succeeded: every essential container exited 0. */
function taskFailure(containers, stoppedReason) {
    const failed = containers.filter((c) => c.essential && c.exitCode !== 0);
    if (failed.length === 0)
        return undefined;
    const detail = failed
        .map((c) => `${c.name} ${c.exitCode === undefined ? 'has no exit code' : `exited ${c.exitCode}`}${c.reason ? ` (${c.reason})` : ''}`)
        .join(', ');
    return `essential container${failed.length > 1 ? 's' : ''} ${detail}${stoppedReason ? `; the task stopped: ${stoppedReason}` : ''}`;
}

;// CONCATENATED MODULE: ./src/runtimes/ecs/rollout.ts
/** Where the rollout of `arn` (deployment `deploymentId`) stands in a DescribeServices answer. */
function readRollout(service, arn, deploymentId) {
    if (!service || service.status !== 'ACTIVE')
        return { kind: 'gone', status: service?.status ?? 'MISSING' };
    const deployments = service.deployments ?? [];
    const ours = deployments.find((d) => deploymentId !== '' && d.id === deploymentId) ??
        deployments.find((d) => d.taskDefinition === arn);
    const primary = deployments.find((d) => d.status === 'PRIMARY');
    const elsewhere = primary?.taskDefinition !== undefined && primary.taskDefinition !== arn;
    if (ours?.rolloutState === 'FAILED')
        return { kind: 'failed', deployment: ours, rolledBackTo: elsewhere ? primary.taskDefinition : undefined };
    if (elsewhere)
        return { kind: 'replaced', deployment: ours, by: primary.taskDefinition };
    // The SDK's services-stable waiter's test: one deployment left, as many tasks running as desired.
    if (deployments.length === 1 && service.runningCount === service.desiredCount)
        return { kind: 'stable' };
    return { kind: 'waiting', deployment: ours };
}
function counts(deployment) {
    if (!deployment)
        return '';
    const failed = deployment.failedTasks ? `, ${deployment.failedTasks} failed to start` : '';
    return ` with ${deployment.runningCount ?? 0} of ${deployment.desiredCount ?? '?'} tasks running${failed}`;
}
function rollbackCommand(context) {
    return context.previous
        ? `To go back: aws ecs update-service --cluster ${context.cluster} --service ${context.service} --task-definition ${context.previous}`
        : 'To go back, update the service to the task definition it ran before';
}
/** What ECS does after this step ends, said truthfully for each case, and how to roll back by hand. */
function afterwards(rollout, context) {
    const breaker = context.circuitBreaker;
    switch (rollout.kind) {
        case 'failed':
            if (rollout.rolledBackTo)
                return 'ECS rolls back on its own (deployment circuit breaker with rollback).';
            return (`ECS stopped launching tasks of ${context.arn} and does not roll back (the circuit breaker's rollback is off): ` +
                `the service stays on it, with whatever tasks of the previous deployment still run. ${rollbackCommand(context)}`);
        case 'replaced':
            return `The service now runs ${rollout.by}, not this revision.`;
        case 'gone':
            return '';
        default:
            if (breaker?.enable && breaker.rollback)
                return 'ECS goes on with the deployment; if it fails, the circuit breaker rolls the service back to the last completed deployment.';
            return ((breaker?.enable
                ? 'ECS goes on with the deployment; if it fails, the circuit breaker stops it without rolling back. '
                : `The service has no deployment circuit breaker: ECS keeps trying to start tasks of ${context.arn}. `) +
                rollbackCommand(context));
    }
}
/** The service's events since `since` (ECS lists them newest first), at most `max`. */
function recentEvents(events, since, max = 5) {
    return (events ?? [])
        .filter((e) => e.message && (!e.createdAt || new Date(e.createdAt).getTime() >= since.getTime()))
        .slice(0, max)
        .map((e) => `${e.createdAt ? new Date(e.createdAt).toISOString() : '?'} ${e.message}`);
}
/** One line per stopped task, newest first: why it stopped and how each container ended. */
function stoppedTaskLines(tasks, max = 3) {
    const time = (t) => (t.stoppedAt ? new Date(t.stoppedAt).getTime() : 0);
    return [...tasks]
        .sort((a, b) => time(b) - time(a))
        .slice(0, max)
        .map((task) => {
        const id = task.taskArn?.split('/').pop() ?? '?';
        const revision = task.taskDefinitionArn?.split('/').pop() ?? '?';
        const containers = (task.containers ?? [])
            .filter((c) => c.exitCode !== undefined || c.reason)
            .map((c) => `container ${c.name ?? '?'} ${c.exitCode === undefined ? 'has no exit code' : `exited ${c.exitCode}`}` +
            (c.reason ? ` (${c.reason})` : ''));
        return [`task ${id} (${revision}) stopped: ${task.stoppedReason || 'no reason given'}`, ...containers].join('; ');
    });
}
/** The error for a rollout that did not succeed: what happened, what ECS does next, and why. */
function rolloutFailure(rollout, context, evidence, waitTimeoutSeconds) {
    const { arn, service } = context;
    let headline;
    switch (rollout.kind) {
        case 'failed':
            headline =
                `the deployment of ${arn} to service ${service} failed` +
                    (rollout.deployment.rolloutStateReason ? `: ${rollout.deployment.rolloutStateReason}` : '') +
                    (rollout.rolledBackTo ? `; ECS rolled the service back to ${rollout.rolledBackTo}` : '') +
                    ` (deployment ${rollout.deployment.id ?? '?'}${counts(rollout.deployment)})`;
            break;
        case 'replaced':
            headline = `the deployment of ${arn} to service ${service} did not hold: the service's primary deployment runs ${rollout.by}`;
            break;
        case 'gone':
            headline = `service ${service} became ${rollout.status} while waiting for the deployment of ${arn}`;
            break;
        default:
            headline =
                `service ${service} did not become stable within ${waitTimeoutSeconds} s (wait-timeout): deployment ` +
                    `${rollout.deployment?.id ?? '?'} is ${rollout.deployment?.rolloutState ?? 'in progress'}${counts(rollout.deployment)}`;
    }
    const lines = [headline];
    const next = afterwards(rollout, context);
    if (next)
        lines.push(next);
    lines.push(evidence.events.length
        ? 'Latest service events:'
        : 'Latest service events: none since the update (see the service in the ECS console)');
    lines.push(...evidence.events.map((e) => `  ${e}`));
    if (evidence.stoppedTasksError)
        lines.push(`Stopped tasks: could not be read (${evidence.stoppedTasksError})`);
    else if (evidence.stoppedTasks.length) {
        lines.push('Stopped tasks of this deployment:', ...evidence.stoppedTasks.map((t) => `  ${t}`));
    }
    else
        lines.push('Stopped tasks of this deployment: none');
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/registries/index.ts + 8 modules
var registries = __webpack_require__(7445);
;// CONCATENATED MODULE: ./src/runtimes/ecs/runtime.ts
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
    const registry = (0,registries/* registryTraits */.Tc)(target.family);
    // AWS serves its registries to ECS natively: private ones to the task execution role.
    const servedByAws = registry.cloud === 'aws';
    if (servedByAws && registry.pullsWithCloudIdentity && fargate && !request.executionRoleArn) {
        warnings.push(`task definition ${request.family} has no executionRoleArn: Fargate pulls from ECR with the task execution role ` +
            '(AmazonECSTaskExecutionRolePolicy), so the task will fail to start');
    }
    if (!servedByAws && !registry.publicHub && !container?.repositoryCredentials) {
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
        this.client = new dist_cjs/* ECSClient */.Zgc({ region: inputs.region, ...(0,aws/* awsClientConfig */.rw)() });
        this.where = `cluster ${inputs.cluster}, region ${inputs.region}`;
    }
    /**
     * The client lives from prepare to the end of deploy: it is destroyed (its connections closed)
     * when prepare fails, after a plan (which never deploys), and when deploy ends either way.
     */
    async prepare(target) {
        let prepared;
        try {
            prepared =
                this.inputs.mode.kind === 'service'
                    ? await this.prepareService(target, this.inputs.mode.service)
                    : await this.prepareTask(target, this.inputs.mode);
        }
        catch (error) {
            this.client.destroy();
            throw error;
        }
        if (target.planning)
            this.client.destroy();
        return {
            ...prepared,
            deploy: async (log) => {
                try {
                    return await prepared.deploy(log);
                }
                finally {
                    this.client.destroy();
                }
            },
        };
    }
    /** Sends one ECS call, turning its failure into an error that names the cluster and region. */
    async call(action, send) {
        try {
            return await send();
        }
        catch (error) {
            if (error.name === 'ClusterNotFoundException') {
                throw new EcsSetupError(`the ECS cluster "${this.inputs.cluster}" does not exist in region ${this.inputs.region} (ecs-cluster)`);
            }
            throw (0,aws/* explainAwsError */.Ni)(error, `ecs:${action}`, this.where);
        }
    }
    async loadDefinition(source) {
        if (source.kind === 'file')
            return { definition: fromFile(source), tags: undefined, label: `task definition file ${source.path}` };
        const described = await this.call('DescribeTaskDefinition', () => this.client.send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: source.value, include: ['TAGS'] })));
        if (!described.taskDefinition)
            throw new EcsSetupError(`task definition ${source.value} was not found (${this.where})`);
        return { definition: described.taskDefinition, tags: described.tags, label: `task definition ${source.value}` };
    }
    render(target, definition, tags, label) {
        return renderTaskDefinition(definition, tags, {
            image: target.image,
            container: this.inputs.container,
            environment: this.inputs.environment,
            source: label,
        });
    }
    describeChange(definition, rendered) {
        // Tags are not part of the definition's content, so the diff leaves them out.
        const after = Object.fromEntries(Object.entries(rendered.request).filter(([key]) => key !== 'tags'));
        const diff = diffDefinitions(comparable(definition), after);
        return [
            `would register a new revision of ${rendered.request.family}, changing:`,
            ...(diff.length ? diff.map((line) => `    ${line}`) : ['    (nothing but the revision)']),
        ];
    }
    async register(rendered, log) {
        const registered = await this.call('RegisterTaskDefinition', () => this.client.send(new dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(rendered.request)));
        const definition = registered.taskDefinition;
        log(`registered ${definition.family}:${definition.revision} (${definition.taskDefinitionArn})`);
        return definition;
    }
    async prepareService(target, serviceName) {
        const { cluster, waitForStability, waitTimeoutSeconds } = this.inputs;
        const described = await this.call('DescribeServices', () => this.client.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [serviceName] })));
        const service = described.services?.[0];
        if (!service || service.status === 'INACTIVE') {
            throw new EcsSetupError(`the ECS service "${serviceName}" does not exist in ${this.where} (ecs-service)`);
        }
        const refusal = controllerRefusal(service.deploymentController?.type, serviceName, this.where);
        if (refusal)
            throw new EcsSetupError(refusal);
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
            deploy: (log) => this.updateService(serviceName, rendered, {
                previous: service.taskDefinition,
                circuitBreaker: service.deploymentConfiguration?.deploymentCircuitBreaker,
            }, log),
        };
    }
    async updateService(serviceName, rendered, before, log) {
        const registered = await this.register(rendered, log);
        const arn = registered.taskDefinitionArn;
        const revision = `${registered.family}:${registered.revision}`;
        const updatedAt = new Date();
        const updated = await this.call('UpdateService', () => this.client.send(new dist_cjs/* UpdateServiceCommand */.kZr({ cluster: this.inputs.cluster, service: serviceName, taskDefinition: arn })));
        const deployments = updated.service?.deployments ?? [];
        const deployment = deployments.find((d) => d.status === 'PRIMARY' && d.taskDefinition === arn) ??
            deployments.find((d) => d.status === 'PRIMARY');
        const deploymentId = deployment?.id ?? '';
        log(`updated service ${serviceName} to ${revision}${deploymentId ? ` (deployment ${deploymentId})` : ''}`);
        const outputs = { 'ecs-task-definition-arn': arn, 'ecs-deployment-id': deploymentId };
        if (!this.inputs.waitForStability)
            return { outputs, detail: `service ${serviceName} → ${revision} (not waited for)` };
        const context = { cluster: this.inputs.cluster, service: serviceName, arn, ...before };
        await this.waitForService(context, registered.family, deploymentId, updatedAt, log);
        return { outputs, detail: `service ${serviceName} → ${revision}, stable` };
    }
    /**
     * Polls the service until the rollout is stable, and fails as soon as it is not going to be: its
     * rolloutState is FAILED, another revision took over, or the wait-timeout passed.
     */
    async waitForService(context, family, deploymentId, updatedAt, log) {
        const { cluster, waitTimeoutSeconds } = this.inputs;
        const { service: serviceName, arn } = context;
        log(`waiting until service ${serviceName} is stable (at most ${waitTimeoutSeconds} s)`);
        const deadline = Date.now() + waitTimeoutSeconds * 1000;
        const delayMs = pollDelays(waitTimeoutSeconds).minDelay * 1000;
        for (;;) {
            const described = await this.call('DescribeServices', () => this.client.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [serviceName] })));
            const service = described.services?.[0];
            const rollout = readRollout(service, arn, deploymentId);
            if (rollout.kind === 'stable') {
                const primary = service?.deployments?.find((d) => d.status === 'PRIMARY');
                log(`service ${serviceName} is stable on ${arn}${primary?.rolloutState ? ` (rollout ${primary.rolloutState})` : ''}`);
                return;
            }
            if (rollout.kind !== 'waiting' || Date.now() >= deadline) {
                const evidence = await this.rolloutEvidence(service, family, arn, deploymentId, updatedAt);
                throw new aws/* AwsError */.Gy(rolloutFailure(rollout, context, evidence, waitTimeoutSeconds));
            }
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(delayMs, deadline - Date.now()))));
        }
    }
    /** Why a rollout did not succeed: the service's events since the update, and the deployment's stopped tasks. */
    async rolloutEvidence(service, family, arn, deploymentId, since) {
        // ECS's clock and ours differ a little; a minute's slack keeps the update's own first events.
        const events = recentEvents(service?.events, new Date(since.getTime() - 60_000));
        try {
            const { cluster } = this.inputs;
            // ListTasks takes startedBy only as its sole filter, so list the family's stopped tasks and pick ours.
            const listed = await this.call('ListTasks', () => this.client.send(new dist_cjs/* ListTasksCommand */.MYg({ cluster, family, desiredStatus: 'STOPPED' })));
            const taskArns = (listed.taskArns ?? []).slice(0, 100);
            if (taskArns.length === 0)
                return { events, stoppedTasks: [] };
            const described = await this.call('DescribeTasks', () => this.client.send(new dist_cjs/* DescribeTasksCommand */.z8X({ cluster, tasks: taskArns })));
            const ours = (described.tasks ?? []).filter((t) => (deploymentId !== '' && t.startedBy === deploymentId) || t.taskDefinitionArn === arn);
            return { events, stoppedTasks: stoppedTaskLines(ours) };
        }
        catch (error) {
            // The rollout's own failure is the error; this only says what is missing from its explanation.
            return { events, stoppedTasks: [], stoppedTasksError: error.message };
        }
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
        const started = await this.call('RunTask', () => this.client.send(new dist_cjs/* RunTaskCommand */._eD({
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
            throw new aws/* AwsError */.Gy(`ECS could not start the task (${this.where}): ${failure?.reason ?? 'no task returned'}${failure?.detail ? ` (${failure.detail})` : ''}`);
        }
        log(`started task ${taskArn}; waiting until it is ${task.waitFor}`);
        const waiter = task.waitFor === 'running' ? dist_cjs/* waitUntilTasksRunning */.lWU : dist_cjs/* waitUntilTasksStopped */.ttI;
        try {
            await waiter({ client: this.client, maxWaitTime: waitTimeoutSeconds, ...pollDelays(waitTimeoutSeconds) }, { cluster, tasks: [taskArn] });
        }
        catch (error) {
            const state = await this.describeTask(taskArn);
            throw new aws/* AwsError */.Gy(`task ${taskArn} did not become ${task.waitFor} within ${waitTimeoutSeconds} s (wait-timeout): it is ${state?.lastStatus ?? 'unknown'}` +
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
        const failed = taskFailure(containers, stopped?.stoppedReason);
        if (failed)
            throw new aws/* AwsError */.Gy(`task ${taskArn} failed: ${failed}`);
        return { outputs, detail: `task ${shortId} of ${revision} exited 0` };
    }
    async describeTask(taskArn) {
        const described = await this.call('DescribeTasks', () => this.client.send(new dist_cjs/* DescribeTasksCommand */.z8X({ cluster: this.inputs.cluster, tasks: [taskArn] })));
        return described.tasks?.[0];
    }
}


/***/ })

};

//# sourceMappingURL=421.index.js.map