export const id = 806;
export const ids = [806];
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

/***/ 89806:
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
/** Picks the containers the image goes into, or explains why it cannot. */
function chooseContainers(definition, wanted, source) {
    const containers = definition.containerDefinitions ?? [];
    const names = containers.map((c) => c.name ?? '(unnamed)');
    if (containers.length === 0)
        throw new EcsSetupError(`${source} has no container definitions`);
    if (wanted.length > 0) {
        const missing = wanted.filter((name) => !containers.some((c) => c.name === name));
        if (missing.length > 0)
            throw new EcsSetupError(`${source} has no container named ${missing.map((m) => `"${m}"`).join(', ')} (ecs-container); its containers are: ${names.join(', ')}`);
        return wanted.map((name) => containers.find((c) => c.name === name));
    }
    if (containers.length > 1) {
        throw new EcsSetupError(`${source} has ${containers.length} containers (${names.join(', ')}); set ecs-container to the one (or the ones) that run this image`);
    }
    return [containers[0]];
}
/** Picks the one container the image goes into (see chooseContainers). */
function chooseContainer(definition, wanted, source) {
    return chooseContainers(definition, wanted === undefined ? [] : [wanted], source)[0];
}
const byName = (a, b) => (a.name ?? '').localeCompare(b.name ?? '');
/** One container with the image and the settings: variables and secrets merged by name. */
function renderContainer(container, options) {
    const secrets = options.settings?.secrets ?? {};
    const taken = (name) => name in options.environment || name in secrets;
    const environment = (container.environment ?? []).filter((e) => !taken(e.name));
    for (const [name, value] of Object.entries(options.environment))
        environment.push({ name, value });
    const secretList = (container.secrets ?? []).filter((s) => !taken(s.name));
    for (const [name, valueFrom] of Object.entries(secrets))
        secretList.push({ name, valueFrom });
    const rendered = { ...container, image: options.image };
    if (environment.length > 0)
        rendered.environment = environment.sort(byName);
    else if (container.environment)
        rendered.environment = [];
    if (secretList.length > 0)
        rendered.secrets = secretList.sort(byName);
    else if (container.secrets)
        rendered.secrets = [];
    const { command, logConfig } = options.settings ?? {};
    if (command)
        rendered.command = [...command];
    if (logConfig) {
        rendered.logConfiguration = {
            logDriver: 'awslogs',
            options: {
                'awslogs-group': logConfig.group,
                ...((logConfig.region ?? options.region) && { 'awslogs-region': (logConfig.region ?? options.region) }),
                'awslogs-stream-prefix': logConfig.streamPrefix,
                ...(logConfig.createGroup && { 'awslogs-create-group': 'true' }),
                ...(logConfig.mode && { mode: logConfig.mode }),
                ...(logConfig.maxBufferSize && { 'max-buffer-size': logConfig.maxBufferSize }),
            },
        };
    }
    return rendered;
}
function renderTaskDefinition(current, tags, options) {
    const targets = chooseContainers(current, options.containers, options.source);
    const request = comparable(current);
    request.containerDefinitions = (current.containerDefinitions ?? []).map((container) => targets.includes(container) ? renderContainer(container, options) : container);
    const settings = options.settings;
    if (settings?.taskRoleArn)
        request.taskRoleArn = settings.taskRoleArn;
    if (settings?.executionRoleArn)
        request.executionRoleArn = settings.executionRoleArn;
    if (settings?.cpu)
        request.cpu = settings.cpu;
    if (settings?.memory)
        request.memory = settings.memory;
    // ECS refuses an empty tag list; tags are carried over so the new revision stays findable.
    if (tags && tags.length > 0)
        request.tags = [...tags];
    return {
        request: request,
        containerName: targets[0].name,
        containerNames: targets.map((t) => t.name),
    };
}
/** The definition as registered would compare to the current one: both without read-only fields. */
function comparable(definition) {
    return Object.fromEntries(Object.entries(definition).filter(([key, value]) => value !== undefined && value !== null && !READ_ONLY_FIELDS.includes(key)));
}
/**
 * Why a service's deployment controller rules this action out, or undefined when it is ECS's own
 * rolling update (the default) or CodeDeploy's blue/green (codedeploy.ts). Under EXTERNAL, UpdateService
 * cannot roll out a new task definition: new task sets do, made by that external controller.
 */
function controllerRefusal(type, service, where) {
    // CODE_DEPLOY services deploy through CodeDeploy (codedeploy.ts).
    if (type === undefined || type === 'ECS' || type === 'CODE_DEPLOY')
        return undefined;
    const how = type === 'EXTERNAL'
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

;// CONCATENATED MODULE: ./src/runtimes/ecs/diff.ts

/** Drops undefined, null, empty lists and empty objects, at every depth. */
function prune(value) {
    if (value === undefined || value === null)
        return undefined;
    if (value instanceof Date)
        return value.toISOString();
    if (Array.isArray(value)) {
        const items = value.map(prune).filter((v) => v !== undefined);
        return items.length ? items : undefined;
    }
    if (typeof value === 'object') {
        const entries = Object.entries(value)
            .map(([key, v]) => [key, prune(v)])
            .filter((entry) => entry[1] !== undefined);
        return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return value;
}
const diff_byName = (a, b) => String(a.name ?? '').localeCompare(String(b.name ?? ''));
function normalizeContainer(container, networkMode) {
    const out = { ...container };
    if (out.cpu === 0)
        delete out.cpu;
    if (out.essential === true)
        delete out.essential;
    for (const key of ['environment', 'secrets'])
        if (Array.isArray(out[key]))
            out[key] = [...out[key]].sort(diff_byName);
    if (Array.isArray(out.portMappings)) {
        out.portMappings = out.portMappings.map((mapping) => {
            const m = { ...mapping };
            if (m.protocol === 'tcp')
                delete m.protocol;
            // In awsvpc and host mode the host port is the container port, and ECS fills it in.
            if ((networkMode === 'awsvpc' || networkMode === 'host') && m.hostPort === m.containerPort)
                delete m.hostPort;
            return m;
        });
    }
    return out;
}
/** The definition as ECS would store it, in a form two definitions compare in. */
function normalizeDefinition(definition) {
    const rest = comparable(definition);
    delete rest.tags;
    const pruned = (prune(rest) ?? {});
    // Linux tasks on EC2 default to bridge networking.
    if (pruned.networkMode === 'bridge')
        delete pruned.networkMode;
    const networkMode = pruned.networkMode ?? 'bridge';
    if (Array.isArray(pruned.containerDefinitions))
        pruned.containerDefinitions = pruned.containerDefinitions.map((c) => normalizeContainer(c, networkMode));
    return pruned;
}
/** JSON with keys in order, so equal objects print equal. */
function canonical(value) {
    if (value === undefined)
        return 'undefined';
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value !== null && typeof value === 'object')
        return `{${Object.keys(value)
            .sort()
            .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
            .join(',')}}`;
    return JSON.stringify(value);
}
/** Whether registering `rendered` would give the same task definition as `current` (a revision ECS returned). */
function sameDefinition(current, rendered) {
    return canonical(normalizeDefinition(current)) === canonical(normalizeDefinition(rendered));
}
const show = (value) => JSON.stringify(value);
/** Lines `+ path: value`, `- path: value`, `~ path: old → new` for one pair of values. */
function changeLine(path, before, after) {
    if (canonical(before) === canonical(after))
        return [];
    if (before === undefined)
        return [`+ ${path}: ${show(after)}`];
    if (after === undefined)
        return [`- ${path}: ${show(before)}`];
    return [`~ ${path}: ${show(before)} → ${show(after)}`];
}
/** name → value of a list of { name, value } (or { name, valueFrom }). */
function named(list, field) {
    return new Map((Array.isArray(list) ? list : []).map((item) => [String(item.name), item[field]]));
}
function keyedChanges(path, before, after) {
    const names = [...new Set([...before.keys(), ...after.keys()])].sort();
    return names.flatMap((name) => changeLine(`${path} ${name}`, before.has(name) ? before.get(name) : undefined, after.has(name) ? after.get(name) : undefined));
}
function containerChanges(name, before, after) {
    const path = `container ${name}`;
    const lines = [
        ...keyedChanges(`${path} environment`, named(before.environment, 'value'), named(after.environment, 'value')),
        // A secret's value here is where ECS reads it from (an ARN), never the secret itself.
        ...keyedChanges(`${path} secret`, named(before.secrets, 'valueFrom'), named(after.secrets, 'valueFrom')),
    ];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => key !== 'name' && key !== 'environment' && key !== 'secrets');
    // The image first: it is what every deploy changes.
    keys.sort((a, b) => (a === 'image' ? -1 : b === 'image' ? 1 : a.localeCompare(b)));
    return [...keys.flatMap((key) => changeLine(`${path} ${key}`, before[key], after[key])), ...lines];
}
/**
 * What registering `after` changes compared with `before` (both as ECS stores them): one line per
 * task-level field, container field, variable and secret that differs; empty when nothing does.
 */
function definitionChanges(before, after) {
    const a = normalizeDefinition(before);
    const b = normalizeDefinition(after);
    const containersOf = (d) => new Map((Array.isArray(d.containerDefinitions) ? d.containerDefinitions : []).map((c) => [String(c.name), c]));
    const beforeContainers = containersOf(a);
    const afterContainers = containersOf(b);
    const lines = [];
    for (const [name, container] of afterContainers) {
        const old = beforeContainers.get(name);
        if (old)
            lines.push(...containerChanges(name, old, container));
        else
            lines.push(`+ container ${name}: ${show(container)}`);
    }
    for (const [name, container] of beforeContainers)
        if (!afterContainers.has(name))
            lines.push(`- container ${name}: ${show(container)}`);
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'containerDefinitions').sort();
    lines.push(...keys.flatMap((key) => changeLine(key, a[key], b[key])));
    return lines;
}

// EXTERNAL MODULE: ./src/runtimes/ecs/settings-inputs.ts
var settings_inputs = __webpack_require__(24658);
;// CONCATENATED MODULE: ./src/runtimes/ecs/validate.ts


/** A problem with an input that only the task definition shows; reads as an input error. */
class EcsInputError extends user_error/* UserError */.y {
    input;
    constructor(input, message) {
        super(`Input "${input}": ${message}`, `Invalid input ${input}`);
        this.input = input;
        this.name = 'EcsInputError';
    }
}
const EXECUTION_ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
/** Why the definition needs an execution role it does not have; undefined when it has one or needs none. */
function executionRoleProblem(request, placement) {
    if (request.executionRoleArn)
        return undefined;
    const containers = request.containerDefinitions ?? [];
    const reasons = [];
    for (const c of containers) {
        const secrets = (c.secrets ?? []).map((s) => s.name);
        if (secrets.length)
            reasons.push(`container ${c.name} reads the secrets ${secrets.join(', ')}`);
        if (c.repositoryCredentials?.credentialsParameter)
            reasons.push(`container ${c.name} pulls with repositoryCredentials from Secrets Manager`);
        // On EC2 the container instance role may write the logs; on Fargate and external instances only the execution role does.
        if (c.logConfiguration?.logDriver === 'awslogs' && (placement.fargate || placement.external))
            reasons.push(`container ${c.name} logs to CloudWatch Logs (awslogs) on ${placement.fargate ? 'Fargate' : 'external instances'}`);
    }
    if (reasons.length === 0)
        return undefined;
    return {
        input: 'ecs-execution-role',
        message: `task definition ${request.family} has no execution role, which ECS needs because ${reasons.join('; ')}: ` +
            `set ecs-execution-role to a role ECS tasks may assume (e.g. ${EXECUTION_ROLE_EXAMPLE}, with AmazonECSTaskExecutionRolePolicy ` +
            'and secretsmanager:GetSecretValue / ssm:GetParameters on the secrets), or set executionRoleArn in the task definition',
    };
}
/** Fargate's task sizes: memory (MiB) choices for each CPU value (units). */
const FARGATE_SIZES = new Map([
    [256, [512, 1024, 2048]],
    [512, range(1024, 4096, 1024)],
    [1024, range(2048, 8192, 1024)],
    [2048, range(4096, 16_384, 1024)],
    [4096, range(8192, 30_720, 1024)],
    [8192, range(16_384, 61_440, 4096)],
    [16_384, range(32_768, 122_880, 8192)],
]);
function range(from, to, step) {
    return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}
const gb = (mib) => `${mib / 1024} GB`;
function memoryChoices(sizes) {
    if (sizes.length <= 3)
        return sizes.map((m) => `${m} (${gb(m)})`).join(', ');
    return `${sizes[0]} to ${sizes.at(-1)} MiB (${gb(sizes[0])} to ${gb(sizes.at(-1))}) in steps of ${sizes[1] - sizes[0]}`;
}
/** Why Fargate would refuse the task size of a definition, or undefined when it has that size. */
function fargateSizeProblem(request, changed) {
    const input = changed.cpu ? 'ecs-cpu' : 'ecs-memory';
    if (!request.cpu || !request.memory) {
        const missing = !request.cpu ? 'cpu' : 'memory';
        return {
            input: missing === 'cpu' ? 'ecs-cpu' : 'ecs-memory',
            message: `a Fargate task needs a task-level ${missing}, and the task definition has none: set ecs-${missing} too`,
        };
    }
    const cpu = (0,settings_inputs/* cpuUnits */.MN)(request.cpu);
    const memory = (0,settings_inputs/* memoryMiB */.Ii)(request.memory);
    if (cpu === undefined || memory === undefined)
        return undefined; // ECS will say; these are not ours
    const sizes = FARGATE_SIZES.get(cpu);
    if (!sizes)
        return {
            input: changed.cpu ? 'ecs-cpu' : input,
            message: `Fargate has no task with ${cpu} CPU units; it takes ${[...FARGATE_SIZES.keys()].join(', ')} (0.25 to 16 vCPU)`,
        };
    if (!sizes.includes(memory))
        return {
            input,
            message: `Fargate has no task with ${cpu} CPU units and ${memory} MiB of memory: with ${cpu} CPU units, memory is ${memoryChoices(sizes)}`,
        };
    return undefined;
}
/** Every problem of the rendered definition, for the inputs given. */
function definitionProblems(request, placement, given) {
    const problems = [];
    const role = executionRoleProblem(request, placement);
    if (role)
        problems.push(role);
    if (placement.fargate && (given.cpu || given.memory)) {
        const size = fargateSizeProblem(request, given);
        if (size)
            problems.push(size);
    }
    if (given.enableExecuteCommand && !request.taskRoleArn)
        problems.push({
            input: 'ecs-task-role',
            message: `ECS Exec (ecs-enable-execute-command) runs through the task role, and task definition ${request.family} has none: ` +
                'set ecs-task-role to a role with ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel',
        });
    return problems;
}
/** Throws the problems as one input error (the first one's input in the title). */
function throwProblems(problems) {
    if (problems.length === 0)
        return;
    if (problems.length === 1)
        throw new EcsInputError(problems[0].input, problems[0].message);
    const error = new EcsInputError(problems[0].input, `${problems[0].message}\n${problems
        .slice(1)
        .map((p) => `Input "${p.input}": ${p.message}`)
        .join('\n')}`);
    throw error;
}

// EXTERNAL MODULE: ./src/warnings.ts
var warnings = __webpack_require__(20286);
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
function rolloutFailure(rollout, context, evidence, 
/** The wait's bound: wait-timeout in seconds, or as waitBound() says it. */
within) {
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
                `service ${service} did not become stable within ${typeof within === 'number' ? `${within} s (wait-timeout)` : within}: deployment ` +
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
        lines.push(...(evidence.logs ?? []));
    }
    else
        lines.push('Stopped tasks of this deployment: none');
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/registries/index.ts + 8 modules
var registries = __webpack_require__(7445);
// EXTERNAL MODULE: ./src/deadline.ts
var src_deadline = __webpack_require__(86683);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var client_cloudwatch_logs_dist_cjs = __webpack_require__(70303);
;// CONCATENATED MODULE: ./src/runtimes/ecs/diagnostics.ts
/**
 * Why an ECS task of a failed deployment or run stopped, beyond its stoppedReason and exit codes:
 * the last lines its containers wrote to CloudWatch Logs when they log with awslogs (the stream is
 * PREFIX/CONTAINER/TASK-ID), or a link to the task in the ECS console when they do not. Reading
 * logs needs logs:GetLogEvents; without it the error says so and links the console instead.
 */



/** Where a container of a task writes its log with the awslogs driver; undefined without awslogs or a stream prefix. */
function awslogsStream(container, taskArn, defaultRegion) {
    const config = container?.logConfiguration;
    if (!container?.name || config?.logDriver !== 'awslogs')
        return undefined;
    const options = config.options ?? {};
    const group = options['awslogs-group'];
    const prefix = options['awslogs-stream-prefix'];
    // Without a prefix the stream is named after the Docker container id, which ECS does not report.
    if (!group || !prefix)
        return undefined;
    return {
        container: container.name,
        group,
        region: options['awslogs-region'] ?? defaultRegion,
        stream: `${prefix}/${container.name}/${taskArn.split('/').pop()}`,
    };
}
/** The task's page in the ECS console, where its logs are when this step cannot read them. */
function consoleTaskLink(region, cluster, taskArn) {
    const id = taskArn.split('/').pop();
    return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${cluster.split('/').pop()}/tasks/${id}/logs?region=${region}`;
}
/** The last `max` log lines, each cut at 500 characters, indented under their header. */
function logTail(messages, max = 20) {
    return messages
        .flatMap((m) => (m ?? '').replace(/\n$/, '').split('\n'))
        .slice(-max)
        .map((line) => `    | ${line.length > 500 ? `${line.slice(0, 500)}…` : line}`);
}
/** The containers worth reading: those that failed (non-zero or no exit code), else all; at most two. */
function failedContainers(task) {
    const containers = task.containers ?? [];
    const failed = containers.filter((c) => c.exitCode !== 0);
    return (failed.length ? failed : containers)
        .map((c) => c.name ?? '')
        .filter(Boolean)
        .slice(0, 2);
}
class TaskDiagnostics {
    ecsClient;
    region;
    cluster;
    logClients = new Map();
    definitions = new Map();
    constructor(ecsClient, region, cluster) {
        this.ecsClient = ecsClient;
        this.region = region;
        this.cluster = cluster;
    }
    /** For the newest task of `tasks`: its failed containers' last log lines, or where to see them. */
    async logLines(tasks) {
        const time = (t) => (t.stoppedAt ? new Date(t.stoppedAt).getTime() : 0);
        const task = [...tasks].sort((a, b) => time(b) - time(a))[0];
        if (!task?.taskArn)
            return [];
        const definition = await this.definition(task.taskDefinitionArn);
        const lines = [];
        let unread = false;
        for (const name of failedContainers(task)) {
            const container = definition?.containerDefinitions?.find((c) => c.name === name);
            const source = awslogsStream(container, task.taskArn, this.region);
            if (!source) {
                unread = true;
                continue;
            }
            const header = `Last log lines of container ${name} (task ${task.taskArn.split('/').pop()}, log group ${source.group}, stream ${source.stream})`;
            try {
                const answer = await this.logs(source.region).send(new client_cloudwatch_logs_dist_cjs/* GetLogEventsCommand */.h7S({
                    logGroupName: source.group,
                    logStreamName: source.stream,
                    limit: 20,
                    startFromHead: false,
                }));
                const events = answer.events ?? [];
                lines.push(events.length ? `${header}:` : `${header}: none`, ...logTail(events.map((e) => e.message)));
            }
            catch (error) {
                const name = error.name;
                lines.push(name === 'ResourceNotFoundException'
                    ? `${header}: the stream does not exist (the container wrote nothing, or never started)`
                    : `${header}: could not be read (${name ?? 'Error'}: ${error.message}; logs:GetLogEvents)`);
                unread = true;
            }
        }
        if (unread || lines.length === 0)
            lines.push(`The task's logs in the console: ${consoleTaskLink(this.region, this.cluster, task.taskArn)}`);
        return lines;
    }
    close() {
        for (const client of this.logClients.values())
            client.destroy();
        this.logClients.clear();
    }
    logs(region) {
        let client = this.logClients.get(region);
        if (!client) {
            client = new client_cloudwatch_logs_dist_cjs/* CloudWatchLogsClient */.TFr({ region, ...(0,aws/* awsClientConfig */.rw)() });
            this.logClients.set(region, client);
        }
        return client;
    }
    async definition(arn) {
        if (!arn)
            return undefined;
        if (!this.definitions.has(arn)) {
            try {
                const described = await this.ecsClient.send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: arn }));
                this.definitions.set(arn, described.taskDefinition);
            }
            catch {
                this.definitions.set(arn, undefined);
            }
        }
        return this.definitions.get(arn);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-codedeploy/dist-cjs/index.js
var client_codedeploy_dist_cjs = __webpack_require__(17507);
// EXTERNAL MODULE: ./src/runtimes/ecs/options.ts
var options = __webpack_require__(26709);
;// CONCATENATED MODULE: ./src/runtimes/ecs/codedeploy.ts
/**
 * Blue/green through CodeDeploy, for an ECS service whose deployment controller is CODE_DEPLOY:
 * UpdateService cannot roll such a service out, so the new revision goes out as a CodeDeploy
 * deployment whose AppSpec names it and the container and port the service's load balancer sends
 * traffic to. CodeDeploy starts a replacement (green) task set, shifts traffic to it, and keeps or
 * ends the original (blue) one. prepare checks the application and deployment group before any
 * push; the wait is bounded by wait-timeout, and a deployment that does not succeed fails the step
 * with CodeDeploy's error information and which task set serves now.
 */






/**
 * The container and port the service's load balancer sends traffic to (what the AppSpec's
 * LoadBalancerInfo must name), checked against the new revision so a mismatch fails before the push.
 */
function loadBalancerTarget(service, request, serviceName) {
    const balanced = (service.loadBalancers ?? []).find((lb) => lb.containerName && lb.containerPort !== undefined);
    if (!balanced) {
        throw new EcsSetupError(`the ECS service "${serviceName}" is deployed by CodeDeploy (blue/green) but has no load balancer with a container name and port: ` +
            'CodeDeploy shifts traffic between two target groups of a load balancer, so the service needs one. Nothing was pushed or registered');
    }
    const name = balanced.containerName;
    const port = balanced.containerPort;
    const containers = request.containerDefinitions ?? [];
    const container = containers.find((c) => c.name === name);
    if (!container) {
        throw new EcsSetupError(`the load balancer of ECS service "${serviceName}" sends traffic to container "${name}" port ${port}, ` +
            `which the new revision of ${request.family} does not have; its containers are: ${containers.map((c) => c.name).join(', ')}`);
    }
    if (!(container.portMappings ?? []).some((p) => p.containerPort === port)) {
        const ports = (container.portMappings ?? []).map((p) => p.containerPort).join(', ') || 'none';
        throw new EcsSetupError(`the load balancer of ECS service "${serviceName}" sends traffic to container "${name}" port ${port}, ` +
            `but that container maps no port ${port} in the new revision of ${request.family} (its container ports: ${ports})`);
    }
    return { containerName: name, containerPort: port };
}
/** The AppSpec of an ECS deployment (JSON, as CodeDeploy accepts it), and its SHA-256. */
function appSpec(taskDefinitionArn, target) {
    const resources = [
        {
            TargetService: {
                Type: 'AWS::ECS::Service',
                Properties: {
                    TaskDefinition: taskDefinitionArn,
                    LoadBalancerInfo: { ContainerName: target.containerName, ContainerPort: target.containerPort },
                },
            },
        },
    ];
    // "version: 0.0" is the AppSpec's one version; JSON.stringify would write 0.
    const content = `{"version":0.0,"Resources":${JSON.stringify(resources)}}`;
    return { content, sha256: (0,external_node_crypto_.createHash)('sha256').update(content).digest('hex') };
}
function readDeployment(info) {
    const status = info?.status ?? 'Created';
    if (status === 'Succeeded')
        return { kind: 'succeeded' };
    if (status === 'Failed' || status === 'Stopped')
        return { kind: 'failed', status };
    if (status === 'Ready')
        return { kind: 'ready' };
    if (info?.instanceTerminationWaitTimeStarted)
        return { kind: 'serving' };
    return { kind: 'waiting', status };
}
function servingState(service, arn) {
    const sets = service?.taskSets ?? [];
    const primary = sets.find((s) => s.status === 'PRIMARY');
    return {
        primaryTaskDefinition: primary?.taskDefinition ?? service?.taskDefinition,
        replacement: sets.find((s) => s.taskDefinition === arn),
    };
}
const shortRevision = (arn) => arn?.split('/').pop() ?? '?';
/** The failed lifecycle events (hooks, traffic shifts) of a deployment's ECS target, one line each. */
function lifecycleLines(targets) {
    const lines = [];
    for (const target of targets) {
        for (const event of target.ecsTarget?.lifecycleEvents ?? []) {
            if (event.status !== 'Failed')
                continue;
            const d = event.diagnostics;
            lines.push(`lifecycle event ${event.lifecycleEventName ?? '?'} failed` +
                (d?.errorCode ? ` (${d.errorCode})` : '') +
                (d?.scriptName ? ` in ${d.scriptName}` : '') +
                (d?.message ? `: ${d.message}` : '') +
                (d?.logTail ? `\n    ${d.logTail.trim().split('\n').slice(-10).join('\n    ')}` : ''));
        }
        for (const set of target.ecsTarget?.taskSetsInfo ?? []) {
            lines.push(`task set ${set.identifer ?? '?'} (${set.taskSetLabel ?? '?'}): ${set.status ?? '?'}, ` +
                `${set.runningCount ?? 0} of ${set.desiredCount ?? '?'} tasks running, traffic ${set.trafficWeight ?? 0}%`);
        }
    }
    return lines;
}
/** The error for a deployment that did not succeed: what CodeDeploy said, what serves now, and why. */
function blueGreenFailure(state, info, context, serving, evidence, 
/** The wait's bound: wait-timeout in seconds, or as waitBound() says it. */
within) {
    const { deploymentId, arn, service } = context;
    const lines = [];
    if (state.kind === 'failed') {
        const error = info?.errorInformation;
        lines.push(`the CodeDeploy deployment ${deploymentId} of ${shortRevision(arn)} to service ${service} ${state.status === 'Stopped' ? 'was stopped' : 'failed'}` +
            (error?.code || error?.message ? `: ${error.code ? `${error.code}: ` : ''}${error.message ?? ''}` : ''));
        if (info?.rollbackInfo?.rollbackDeploymentId || info?.rollbackInfo?.rollbackMessage)
            lines.push(`CodeDeploy rolled back${info.rollbackInfo.rollbackDeploymentId ? ` (deployment ${info.rollbackInfo.rollbackDeploymentId})` : ''}` +
                (info.rollbackInfo.rollbackMessage ? `: ${info.rollbackInfo.rollbackMessage}` : ''));
    }
    else {
        lines.push(`the CodeDeploy deployment ${deploymentId} of ${shortRevision(arn)} to service ${service} did not finish within ${typeof within === 'number' ? `${within} s (wait-timeout)` : within}` +
            `: it is ${state.status}. CodeDeploy goes on with it; to stop it and go back to the original task set: ` +
            `aws deploy stop-deployment --deployment-id ${deploymentId} --auto-rollback-enabled`);
    }
    if (serving.error)
        lines.push(`Which task set serves could not be read (${serving.error}).`);
    else if (serving.primaryTaskDefinition && serving.primaryTaskDefinition !== arn) {
        lines.push(`The original task set (${shortRevision(serving.primaryTaskDefinition)}) still serves the service's traffic` +
            (state.kind === 'failed'
                ? serving.replacement
                    ? `; the replacement task set of ${shortRevision(arn)} is ${serving.replacement.status ?? 'still there'} and gets no production traffic.`
                    : '; the replacement task set is gone.'
                : ' while the deployment goes on.'));
    }
    else if (serving.primaryTaskDefinition === arn) {
        lines.push(`The service's primary task set runs the new revision ${shortRevision(arn)}: CodeDeploy did not roll back ` +
            `(turn on automatic rollback when a deployment fails in deployment group ${context.deploymentGroup}). ` +
            (context.previous
                ? `To go back, deploy the previous revision ${shortRevision(context.previous)} again.`
                : 'To go back, deploy the previous revision again.'));
    }
    lines.push(...evidence);
    lines.push(`The deployment in the console: https://${context.region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${deploymentId}?region=${context.region}`);
    return lines.join('\n');
}
/** How often to poll: short timeouts poll more often (15 s at most). */
function pollSeconds(timeoutSeconds) {
    return Math.max(1, Math.min(15, Math.floor(timeoutSeconds / 20)));
}
/**
 * Reads the CodeDeploy application and deployment group (they must exist, be ECS, and deploy this
 * service) and no deployment may be under way in the group; returns the plan and the deploy.
 */
async function prepareBlueGreen(host, service, serviceName, request, names) {
    const defaults = (0,options/* consoleCodeDeployNames */.k3)(host.cluster, serviceName);
    const application = names.application ?? defaults.application;
    const deploymentGroup = names.deploymentGroup ?? defaults.deploymentGroup;
    const target = loadBalancerTarget(service, request, serviceName);
    const client = new client_codedeploy_dist_cjs/* CodeDeployClient */.cHd({ region: host.region, ...(0,aws/* awsClientConfig */.rw)() });
    const where = `region ${host.region}`;
    const call = async (action, send) => {
        try {
            return await send();
        }
        catch (error) {
            const name = error.name;
            if (name === 'ApplicationDoesNotExistException')
                throw new EcsSetupError(`the CodeDeploy application "${application}" does not exist in ${where} (codedeploy-application${names.application ? '' : `, default AppECS-CLUSTER-SERVICE`}): ` +
                    `service ${serviceName} is deployed by CodeDeploy, so name the application that deploys it. Nothing was pushed or registered`);
            if (name === 'DeploymentGroupDoesNotExistException')
                throw new EcsSetupError(`the CodeDeploy deployment group "${deploymentGroup}" does not exist in application ${application} (${where}; codedeploy-deployment-group${names.deploymentGroup ? '' : ', default DgpECS-CLUSTER-SERVICE'}). Nothing was pushed or registered`);
            if (name === 'DeploymentLimitExceededException')
                throw new aws/* AwsError */.Gy(`another deployment started in CodeDeploy deployment group "${deploymentGroup}" while this step ran, and CodeDeploy runs one at a time: ` +
                    `${error.message}. This step's revision was registered but not deployed; service ${serviceName} was not changed. ` +
                    'Run the step again once that deployment is done', { cause: error });
            throw (0,aws/* explainAwsError */.Ni)(error, `codedeploy:${action}`, `application ${application}, ${where}`);
        }
    };
    try {
        const app = await call('GetApplication', () => client.send(new client_codedeploy_dist_cjs/* GetApplicationCommand */.eOh({ applicationName: application })));
        const platform = app.application?.computePlatform;
        if (platform && platform !== 'ECS')
            throw new EcsSetupError(`the CodeDeploy application "${application}" (${where}) deploys to ${platform}, not ECS (codedeploy-application)`);
        const group = (await call('GetDeploymentGroup', () => client.send(new client_codedeploy_dist_cjs/* GetDeploymentGroupCommand */.WOp({
            applicationName: application,
            deploymentGroupName: deploymentGroup,
        })))).deploymentGroupInfo;
        const clusterName = host.cluster.split('/').pop();
        const services = group?.ecsServices ?? [];
        if (!services.some((s) => s.serviceName === serviceName && s.clusterName?.split('/').pop() === clusterName)) {
            throw new EcsSetupError(`the CodeDeploy deployment group "${deploymentGroup}" (application ${application}) deploys ` +
                (services.length
                    ? services.map((s) => `service ${s.serviceName} in cluster ${s.clusterName}`).join(', ')
                    : 'no ECS service') +
                `, not service ${serviceName} in cluster ${clusterName} (codedeploy-deployment-group)`);
        }
        const active = await call('ListDeployments', () => client.send(new client_codedeploy_dist_cjs/* ListDeploymentsCommand */.sr8({
            applicationName: application,
            deploymentGroupName: deploymentGroup,
            includeOnlyStatuses: ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'],
        })));
        const busy = active.deployments?.[0];
        if (busy) {
            throw new EcsSetupError(`the CodeDeploy deployment group "${deploymentGroup}" already has deployment ${busy} under way, and CodeDeploy runs one at a time: ` +
                `wait for it, or stop it (aws deploy stop-deployment --deployment-id ${busy} --auto-rollback-enabled). Nothing was pushed or registered`);
        }
        const bg = group?.blueGreenDeploymentConfiguration;
        const termination = bg?.terminateBlueInstancesOnDeploymentSuccess;
        const plan = [
            `service ${serviceName} is deployed by CodeDeploy (blue/green): application ${application}, deployment group ${deploymentGroup}` +
                (group?.deploymentConfigName ? `, ${group.deploymentConfigName}` : ''),
            `would register the new revision and create a CodeDeploy deployment of it (load balancer container ${target.containerName}, port ${target.containerPort})` +
                (host.waitForStability
                    ? `, and wait until the replacement task set serves the traffic (at most ${host.waitTimeoutSeconds} s)`
                    : ''),
        ];
        if (bg?.deploymentReadyOption?.actionOnTimeout === 'STOP_DEPLOYMENT')
            plan.push('the deployment group waits for someone to continue the deployment before traffic moves');
        if (termination?.action === 'TERMINATE')
            plan.push(`CodeDeploy ends the original task set ${termination.terminationWaitTimeInMinutes ?? 0} min after traffic moves`);
        return {
            plan,
            close: () => client.destroy(),
            deploy: (log) => deployBlueGreen(host, client, call, { application, deploymentGroup, serviceName, target, service, request }, log),
        };
    }
    catch (error) {
        client.destroy();
        throw error;
    }
}
async function deployBlueGreen(host, client, call, deployment, log) {
    const { application, deploymentGroup, serviceName, target } = deployment;
    const registered = await host.register(log);
    const arn = registered.taskDefinitionArn;
    const revision = `${registered.family}:${registered.revision}`;
    const spec = appSpec(arn, target);
    const createdAt = new Date();
    const created = await call('CreateDeployment', () => client.send(new client_codedeploy_dist_cjs/* CreateDeploymentCommand */.ttP({
        applicationName: application,
        deploymentGroupName: deploymentGroup,
        revision: { revisionType: 'AppSpecContent', appSpecContent: spec },
        description: `Portable Deploy: ${revision}`.slice(0, 100),
    })));
    const deploymentId = created.deploymentId;
    log(`created CodeDeploy deployment ${deploymentId} of ${revision} (application ${application}, group ${deploymentGroup})`);
    const outputs = { 'ecs-task-definition-arn': arn, 'ecs-deployment-id': deploymentId };
    if (!host.waitForStability)
        return {
            outputs,
            detail: `service ${serviceName} → ${revision} through CodeDeploy ${deploymentId} (not waited for)`,
        };
    const context = {
        region: host.region,
        cluster: host.cluster,
        service: serviceName,
        arn,
        previous: deployment.service.taskDefinition,
        deploymentId,
        application,
        deploymentGroup,
    };
    log(`waiting for CodeDeploy deployment ${deploymentId} (at most ${host.waitTimeoutSeconds} s)`);
    // Cut to end before the run's timeout, so this failure (and the command to go back) is what the step says.
    const bound = (0,src_deadline/* waitBound */.OW)(host.waitTimeoutSeconds, 'wait-timeout');
    const { deadline } = bound;
    const forget = (0,src_deadline/* leftAsIs */.ii)(() => `- CodeDeploy deployment ${deploymentId} of ${revision} to service ${serviceName} goes on. To stop it and go back to the original task set: aws deploy stop-deployment --deployment-id ${deploymentId} --auto-rollback-enabled`);
    try {
        return await waitForBlueGreen();
    }
    finally {
        forget();
    }
    async function waitForBlueGreen() {
        let lastStatus = '';
        for (;;) {
            const info = (await call('GetDeployment', () => client.send(new client_codedeploy_dist_cjs/* GetDeploymentCommand */.Tvn({ deploymentId })))).deploymentInfo;
            const state = readDeployment(info);
            if (info?.status && info.status !== lastStatus) {
                lastStatus = info.status;
                log(`CodeDeploy deployment ${deploymentId}: ${info.status}`);
            }
            if (state.kind === 'succeeded' || state.kind === 'serving' || state.kind === 'ready') {
                const serving = await readServing(host, arn);
                const ok = state.kind === 'ready'
                    ? serving.replacement !== undefined
                    : serving.primaryTaskDefinition === arn || serving.error !== undefined;
                if (!ok) {
                    throw new aws/* AwsError */.Gy(`CodeDeploy reports deployment ${deploymentId} ${info?.status}, but ECS service ${serviceName} ` +
                        (state.kind === 'ready'
                            ? `has no task set of ${revision}`
                            : `serves ${shortRevision(serving.primaryTaskDefinition)}, not ${revision}`) +
                        ` (${host.where})`);
                }
                if (serving.error !== undefined && state.kind !== 'ready')
                    // CodeDeploy's word stands, but the step says it could not check it itself.
                    log(`warning: could not read which task set of ECS service ${serviceName} serves (${serving.error}); CodeDeploy reports ${info?.status}, which is taken as ${revision} serving`);
                if (state.kind === 'ready') {
                    log(`the replacement task set of ${revision} is up; CodeDeploy waits for the deployment to be continued before it moves traffic ` +
                        `(aws deploy continue-deployment --deployment-id ${deploymentId})`);
                    return {
                        outputs,
                        detail: `service ${serviceName}: ${revision} ready, traffic not moved yet (CodeDeploy ${deploymentId})`,
                    };
                }
                if (state.kind === 'serving')
                    log(`traffic is on ${revision}; CodeDeploy keeps the original task set until its termination wait ends ` +
                        `(until then, aws deploy stop-deployment --deployment-id ${deploymentId} --auto-rollback-enabled goes back)`);
                return { outputs, detail: `service ${serviceName} → ${revision} through CodeDeploy ${deploymentId}` };
            }
            if (state.kind === 'failed' || Date.now() >= deadline) {
                const [serving, targets, evidence] = await Promise.all([
                    readServing(host, arn),
                    readTargets(client, deploymentId),
                    host
                        .evidence(arn, registered.family, createdAt)
                        .catch((error) => [`Why the tasks stopped could not be read (${error.message})`]),
                ]);
                throw new aws/* AwsError */.Gy(blueGreenFailure(state, info, context, serving, [...targets, ...evidence], bound.byRun ? bound.said : host.waitTimeoutSeconds));
            }
            const delay = pollSeconds(host.waitTimeoutSeconds) * 1000;
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(delay, deadline - Date.now()))));
        }
    }
}
async function readServing(host, arn) {
    try {
        return servingState(await host.describeService(), arn);
    }
    catch (error) {
        return { primaryTaskDefinition: undefined, replacement: undefined, error: error.message };
    }
}
/** The deployment's ECS target: its failed lifecycle events and task sets (codedeploy:ListDeploymentTargets, BatchGetDeploymentTargets). */
async function readTargets(client, deploymentId) {
    try {
        const ids = (await client.send(new client_codedeploy_dist_cjs/* ListDeploymentTargetsCommand */.$9V({ deploymentId }))).targetIds ?? [];
        if (ids.length === 0)
            return [];
        const targets = (await client.send(new client_codedeploy_dist_cjs/* BatchGetDeploymentTargetsCommand */.Bsg({ deploymentId, targetIds: ids.slice(0, 25) }))).deploymentTargets ?? [];
        return lifecycleLines(targets);
    }
    catch (error) {
        return [`The deployment's lifecycle events could not be read (${error.message})`];
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-eventbridge/dist-cjs/index.js
var client_eventbridge_dist_cjs = __webpack_require__(96612);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-cjs/index.js
var client_scheduler_dist_cjs = __webpack_require__(768);
;// CONCATENATED MODULE: ./src/runtimes/ecs/scheduled.ts
/**
 * Scheduled ECS tasks: an EventBridge rule or an EventBridge Scheduler schedule whose ECS target
 * runs a task family. The new revision is registered and the target's task definition moves to it;
 * everything else on the target (network, launch type, overrides, role, retry policy, dead-letter
 * queue…) and on the schedule is kept. PutTargets replaces a target whole and UpdateSchedule a
 * schedule whole, so both are written back as read, with only the task definition changed, and
 * read again to check the change holds.
 */





/** The family of a task definition ARN or family[:revision]. */
function familyOf(taskDefinition) {
    return taskDefinition.split('/').pop().split(':')[0];
}
const clusterName = (arn) => arn?.split('/').pop();
/**
 * The ECS targets that run `family` (all ECS targets when no family is asked for), checked against
 * the cluster; a problem when there is none or they disagree.
 */
function chooseTargets(targets, family, cluster, what) {
    if (targets.length === 0)
        throw new EcsSetupError(`${what} has no ECS target (ecs-scheduled-task): its targets do not run ECS tasks`);
    const families = [...new Set(targets.map((t) => familyOf(t.taskDefinition)))];
    let chosen;
    if (family !== undefined) {
        chosen = targets.filter((t) => familyOf(t.taskDefinition) === family);
        if (chosen.length === 0)
            throw new EcsSetupError(`${what} runs task famil${families.length > 1 ? 'ies' : 'y'} ${families.join(', ')}, not ${family} (ecs-task-definition): ` +
                'a scheduled task moves to a new revision of the family it runs');
    }
    else {
        if (families.length > 1)
            throw new EcsSetupError(`${what} has ECS targets of several task families (${families.join(', ')}): set ecs-task-definition to the one this image is for`);
        chosen = [...targets];
    }
    const wanted = clusterName(cluster);
    const elsewhere = chosen.filter((t) => t.cluster !== undefined && t.cluster !== wanted);
    if (elsewhere.length > 0)
        throw new EcsSetupError(`${what} runs ${familyOf(chosen[0].taskDefinition)} in cluster ${elsewhere[0].cluster}, not in ${wanted} (ecs-cluster)`);
    return chosen;
}
/**
 * Reads the rule's or schedule's ECS target (before any push): it must exist, run ECS tasks of
 * `family` (when known) in the cluster.
 */
async function prepareScheduled(host, ref, family) {
    return ref.kind === 'rule' ? prepareRule(host, ref, family) : prepareSchedule(host, ref, family);
}
function notFound(error) {
    return error.name === 'ResourceNotFoundException';
}
/** One EventBridge or Scheduler call: a missing rule or schedule is a setup error found before the push. */
function awsCall(what, service) {
    return async (action, send) => {
        try {
            return await send();
        }
        catch (error) {
            if (notFound(error))
                throw new EcsSetupError(`${what} does not exist (ecs-scheduled-task). Nothing was pushed or registered`);
            throw (0,aws/* explainAwsError */.Ni)(error, `${service}:${action}`, what);
        }
    };
}
async function prepareRule(host, ref, family) {
    const client = new client_eventbridge_dist_cjs/* EventBridgeClient */.Ldt({ region: host.region, ...(0,aws/* awsClientConfig */.rw)() });
    const what = `${(0,options/* describeScheduledTask */.M4)(ref)} (region ${host.region})`;
    const call = awsCall(what, 'events');
    const bus = ref.eventBus !== undefined ? { EventBusName: ref.eventBus } : {};
    const listTargets = async () => {
        const targets = [];
        let token;
        // A rule has at most 5 targets; the bound only guards against a paging loop.
        for (let page = 0; page < 10; page++) {
            const answer = await call('ListTargetsByRule', () => client.send(new client_eventbridge_dist_cjs/* ListTargetsByRuleCommand */.Hi6({ Rule: ref.name, ...bus, ...(token && { NextToken: token }) })));
            targets.push(...(answer.Targets ?? []));
            token = answer.NextToken;
            if (!token)
                break;
        }
        return targets;
    };
    try {
        const rule = await call('DescribeRule', () => client.send(new client_eventbridge_dist_cjs/* DescribeRuleCommand */.NDC({ Name: ref.name, ...bus })));
        const targets = await listTargets();
        const views = targets
            .filter((t) => t.EcsParameters?.TaskDefinitionArn)
            .map((t) => ({ id: t.Id, cluster: clusterName(t.Arn), taskDefinition: t.EcsParameters.TaskDefinitionArn }));
        const chosen = chooseTargets(views, family, host.cluster, what);
        const ids = new Set(chosen.map((t) => t.id));
        return {
            current: chosen[0].taskDefinition,
            plan: [
                `${what} (${rule.ScheduleExpression ?? rule.EventPattern ?? 'no schedule'}, ${rule.State ?? '?'}) runs ` +
                    chosen.map((t) => `${t.taskDefinition.split('/').pop()} (target ${t.id})`).join(', '),
                `would point ${chosen.length > 1 ? 'those targets' : 'that target'} at the new revision, keeping the rest of ${chosen.length > 1 ? 'them' : 'it'}`,
            ],
            close: () => client.destroy(),
            move: async (arn, log) => {
                // Read again: whatever changed on the targets since prepare is kept too.
                const fresh = (await listTargets()).filter((t) => ids.has(t.Id));
                if (fresh.length !== ids.size)
                    throw new aws/* AwsError */.Gy(`${what}: its ECS targets changed while this step ran; nothing was moved. Run the step again`);
                const moved = fresh.map((t) => ({ ...t, EcsParameters: { ...t.EcsParameters, TaskDefinitionArn: arn } }));
                const put = await call('PutTargets', () => client.send(new client_eventbridge_dist_cjs/* PutTargetsCommand */.Ve7({ Rule: ref.name, ...bus, Targets: moved })));
                if (put.FailedEntryCount) {
                    const failures = (put.FailedEntries ?? []).map((f) => `target ${f.TargetId}: ${f.ErrorCode} ${f.ErrorMessage}`);
                    throw new aws/* AwsError */.Gy(`${what}: PutTargets refused ${failures.join('; ')}`);
                }
                const check = (await listTargets()).filter((t) => ids.has(t.Id));
                const stale = check.filter((t) => t.EcsParameters?.TaskDefinitionArn !== arn);
                if (stale.length)
                    throw new aws/* AwsError */.Gy(`${what}: after PutTargets, target ${stale.map((t) => t.Id).join(', ')} still runs ${stale[0].EcsParameters?.TaskDefinitionArn}`);
                log(`${what}: target ${[...ids].join(', ')} now runs ${arn.split('/').pop()}`);
                return `${(0,options/* describeScheduledTask */.M4)(ref)} → ${arn.split('/').pop()}`;
            },
        };
    }
    catch (error) {
        client.destroy();
        throw error;
    }
}
async function prepareSchedule(host, ref, family) {
    const client = new client_scheduler_dist_cjs/* SchedulerClient */.dC({ region: host.region, ...(0,aws/* awsClientConfig */.rw)() });
    const what = `${(0,options/* describeScheduledTask */.M4)(ref)} (region ${host.region})`;
    const call = awsCall(what, 'scheduler');
    const get = () => call('GetSchedule', () => client.send(new client_scheduler_dist_cjs/* GetScheduleCommand */.nu({ Name: ref.name, GroupName: ref.group })));
    try {
        const schedule = await get();
        const target = schedule.Target;
        const view = target?.EcsParameters?.TaskDefinitionArn
            ? [{ id: ref.name, cluster: clusterName(target.Arn), taskDefinition: target.EcsParameters.TaskDefinitionArn }]
            : [];
        const [chosen] = chooseTargets(view, family, host.cluster, what);
        return {
            current: chosen.taskDefinition,
            plan: [
                `${what} (${schedule.ScheduleExpression ?? '?'}, ${schedule.State ?? '?'}) runs ${chosen.taskDefinition.split('/').pop()}`,
                'would point its target at the new revision, keeping the rest of the schedule',
            ],
            close: () => client.destroy(),
            move: async (arn, log) => {
                const fresh = await get();
                if (fresh.Target?.EcsParameters?.TaskDefinitionArn !== chosen.taskDefinition)
                    throw new aws/* AwsError */.Gy(`${what}: its target changed while this step ran (it runs ${fresh.Target?.EcsParameters?.TaskDefinitionArn ?? 'no ECS task'} now); nothing was moved. Run the step again`);
                await call('UpdateSchedule', () => client.send(new client_scheduler_dist_cjs/* UpdateScheduleCommand */.CH(updateRequest(fresh, arn))));
                const check = await get();
                if (check.Target?.EcsParameters?.TaskDefinitionArn !== arn)
                    throw new aws/* AwsError */.Gy(`${what}: after UpdateSchedule, its target runs ${check.Target?.EcsParameters?.TaskDefinitionArn}, not ${arn}`);
                log(`${what} now runs ${arn.split('/').pop()}`);
                return `${(0,options/* describeScheduledTask */.M4)(ref)} → ${arn.split('/').pop()}`;
            },
        };
    }
    catch (error) {
        client.destroy();
        throw error;
    }
}
/** UpdateSchedule replaces the schedule: every field is sent back as read, the target's task definition changed. */
function updateRequest(schedule, arn) {
    const target = schedule.Target;
    return {
        Name: schedule.Name,
        GroupName: schedule.GroupName,
        ScheduleExpression: schedule.ScheduleExpression,
        FlexibleTimeWindow: schedule.FlexibleTimeWindow,
        Target: { ...target, EcsParameters: { ...target.EcsParameters, TaskDefinitionArn: arn } },
        ...(schedule.Description !== undefined && { Description: schedule.Description }),
        ...(schedule.ScheduleExpressionTimezone !== undefined && {
            ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone,
        }),
        ...(schedule.StartDate !== undefined && { StartDate: schedule.StartDate }),
        ...(schedule.EndDate !== undefined && { EndDate: schedule.EndDate }),
        ...(schedule.State !== undefined && { State: schedule.State }),
        ...(schedule.KmsKeyArn !== undefined && { KmsKeyArn: schedule.KmsKeyArn }),
        ...(schedule.ActionAfterCompletion !== undefined && { ActionAfterCompletion: schedule.ActionAfterCompletion }),
    };
}

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
    const containers = (request.containerDefinitions ?? []).filter((c) => rendered.containerNames.includes(c.name));
    const registry = (0,registries/* registryTraits */.Tc)(target.family);
    // AWS serves its registries to ECS natively: private ones to the task execution role.
    const servedByAws = registry.cloud === 'aws';
    if (servedByAws && registry.pullsWithCloudIdentity && fargate && !request.executionRoleArn) {
        warnings.push(`task definition ${request.family} has no executionRoleArn: Fargate pulls from ECR with the task execution role ` +
            '(AmazonECSTaskExecutionRolePolicy), so the task will fail to start');
    }
    const uncredentialed = containers.filter((c) => !c.repositoryCredentials).map((c) => `"${c.name}"`);
    if (!servedByAws && !registry.publicHub && uncredentialed.length > 0) {
        warnings.push(`${target.registry} is not ECR and container${uncredentialed.length > 1 ? 's' : ''} ${uncredentialed.join(', ')} ` +
            `${uncredentialed.length > 1 ? 'have' : 'has'} no repositoryCredentials: ` +
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
    diagnostics;
    /** Clients other than ECS's that deploy() uses (CodeDeploy, EventBridge): closed with it. */
    closers = [];
    constructor(inputs) {
        this.inputs = inputs;
        this.client = new dist_cjs/* ECSClient */.Zgc({ region: inputs.region, ...(0,aws/* awsClientConfig */.rw)() });
        this.where = `cluster ${inputs.cluster}, region ${inputs.region}`;
        this.diagnostics = new TaskDiagnostics(this.client, inputs.region, inputs.cluster);
        this.closers.push(() => this.diagnostics.close());
    }
    destroy() {
        this.client.destroy();
        for (const close of this.closers.splice(0))
            close();
    }
    /**
     * The client lives from prepare to the end of deploy: it is destroyed (its connections closed)
     * when prepare fails, after a plan (which never deploys), and when deploy ends either way.
     */
    async prepare(target) {
        let prepared;
        try {
            const mode = this.inputs.mode;
            prepared =
                mode.kind === 'service'
                    ? await this.prepareService(target, mode.service)
                    : mode.kind === 'scheduled'
                        ? await this.prepareScheduled(target, mode.schedule)
                        : await this.prepareTask(target, mode);
        }
        catch (error) {
            this.destroy();
            throw error;
        }
        if (target.planning)
            this.destroy();
        return {
            ...prepared,
            deploy: async (log) => {
                try {
                    return await prepared.deploy(log);
                }
                finally {
                    this.destroy();
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
        const { containers, ...settings } = this.inputs.settings;
        return renderTaskDefinition(definition, tags, {
            image: target.image,
            containers,
            environment: this.inputs.environment,
            source: label,
            settings,
            region: this.inputs.region,
        });
    }
    /** Refuses, before anything is pushed, a definition ECS would accept but could not start. */
    check(rendered, placement, enableExecuteCommand = false) {
        const { cpu, memory } = this.inputs.settings;
        throwProblems(definitionProblems(rendered.request, placement, {
            cpu: cpu !== undefined,
            memory: memory !== undefined,
            enableExecuteCommand,
        }));
    }
    /** The plan's lines for the new revision: what it changes compared with `before`. */
    describeChange(before, rendered, comparedWith) {
        const changes = definitionChanges(before, rendered.request);
        return [
            `would register a new revision of ${rendered.request.family}, changing${comparedWith ? ` (compared with ${comparedWith})` : ''}:`,
            ...(changes.length ? changes.map((line) => `    ${line}`) : ['    (nothing but the revision)']),
        ];
    }
    async register(rendered, log) {
        const registered = await this.call('RegisterTaskDefinition', () => this.client.send(new dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(rendered.request)));
        const definition = registered.taskDefinition;
        log(`registered ${definition.family}:${definition.revision} (${definition.taskDefinitionArn})`);
        return definition;
    }
    async prepareService(target, serviceName) {
        const { cluster, waitForStability, waitTimeoutSeconds, mode } = this.inputs;
        const options = mode.kind === 'service' ? mode : undefined;
        const described = await this.call('DescribeServices', () => this.client.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [serviceName] })));
        const service = described.services?.[0];
        if (!service || service.status === 'INACTIVE') {
            throw new EcsSetupError(`the ECS service "${serviceName}" does not exist in ${this.where} (ecs-service)`);
        }
        const refusal = controllerRefusal(service.deploymentController?.type, serviceName, this.where);
        if (refusal)
            throw new EcsSetupError(refusal);
        const runningArn = service.taskDefinition;
        const base = this.inputs.taskDefinition ?? { kind: 'name', value: runningArn };
        const { definition, tags, label } = await this.loadDefinition(base);
        // What the service runs, to compare with: the base itself, unless the base is another definition.
        const running = base.kind === 'name' && base.value === runningArn
            ? definition
            : runningArn
                ? (await this.loadDefinition({ kind: 'name', value: runningArn })).definition
                : undefined;
        const rendered = this.render(target, definition, tags, label);
        const fargate = service.launchType === 'FARGATE' ||
            (service.capacityProviderStrategy ?? []).some((s) => s.capacityProvider?.startsWith('FARGATE')) ||
            (rendered.request.requiresCompatibilities ?? []).includes('FARGATE');
        this.check(rendered, { fargate, external: service.launchType === 'EXTERNAL' });
        if (service.deploymentController?.type === 'CODE_DEPLOY') {
            const blueGreen = await prepareBlueGreen(this.blueGreenHost(serviceName, rendered), service, serviceName, rendered.request, this.inputs.codeDeploy);
            this.closers.push(() => blueGreen.close());
            return {
                plan: [
                    `ECS service ${serviceName} (${this.where}) runs ${service.taskDefinition}`,
                    ...this.describeChange(definition, rendered),
                    ...blueGreen.plan,
                ],
                warnings: reachabilityWarnings(rendered, target, fargate),
                deploy: (log) => blueGreen.deploy(log),
            };
        }
        const runningName = running?.family ? `${running.family}:${running.revision}` : (runningArn ?? 'nothing');
        // An INACTIVE (deregistered) revision is registered anew rather than deployed again.
        const unchanged = running !== undefined &&
            runningArn !== undefined &&
            running.status !== 'INACTIVE' &&
            sameDefinition(running, rendered.request);
        const desiredCount = options?.desiredCount !== undefined && options.desiredCount !== service.desiredCount
            ? options.desiredCount
            : undefined;
        const force = options?.forceNewDeployment ?? false;
        const extras = [
            ...(desiredCount !== undefined ? [`desired count ${service.desiredCount ?? '?'} → ${desiredCount}`] : []),
            ...(force ? ['forcing a new deployment'] : []),
        ];
        const wait = waitForStability
            ? `, wait until it is stable (at most ${waitTimeoutSeconds} s), and check the rollout`
            : '';
        const plan = [`ECS service ${serviceName} (${this.where}) runs ${runningArn}`];
        if (unchanged) {
            plan.push(`the new task definition would be the same as ${runningName}, which the service runs (this image, these settings): nothing to register`);
            plan.push(extras.length
                ? `would update service ${serviceName} on ${runningName} (${extras.join(', ')})${wait}`
                : `would not update service ${serviceName}` +
                    (waitForStability ? `; would check that it is stable (at most ${waitTimeoutSeconds} s)` : ''));
        }
        else {
            plan.push(...this.describeChange(running ?? definition, rendered, running && running !== definition ? `${runningName}, which the service runs` : undefined));
            plan.push(`would update service ${serviceName} to the new revision${extras.length ? ` (${extras.join(', ')})` : ''}${wait}`);
            if (options?.deregisterPrevious && runningArn)
                plan.push(`would deregister ${runningName} once the new revision is stable (ecs-deregister-previous)`);
        }
        return {
            plan,
            warnings: reachabilityWarnings(rendered, target, fargate),
            deploy: (log) => this.updateService(serviceName, rendered, {
                previous: runningArn,
                circuitBreaker: service.deploymentConfiguration?.deploymentCircuitBreaker,
            }, {
                unchanged,
                runningName,
                desiredCount,
                forceNewDeployment: force,
                deregisterPrevious: options?.deregisterPrevious ?? false,
                primaryDeploymentId: service.deployments?.find((d) => d.status === 'PRIMARY')?.id,
            }, log),
        };
    }
    /** What the CodeDeploy deployment needs of this runtime. */
    blueGreenHost(serviceName, rendered) {
        const { cluster, region, waitForStability, waitTimeoutSeconds } = this.inputs;
        const describeService = async () => (await this.call('DescribeServices', () => this.client.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [serviceName] })))).services?.[0];
        return {
            region,
            cluster,
            where: this.where,
            waitForStability,
            waitTimeoutSeconds,
            register: (log) => this.register(rendered, log),
            describeService,
            evidence: async (arn, family, since) => {
                const evidence = await this.rolloutEvidence(await describeService(), family, arn, '', since);
                return [
                    evidence.events.length ? 'Latest service events:' : 'Latest service events: none since the deployment began',
                    ...evidence.events.map((e) => `  ${e}`),
                    ...(evidence.stoppedTasksError
                        ? [`Stopped tasks: could not be read (${evidence.stoppedTasksError})`]
                        : evidence.stoppedTasks.length
                            ? [
                                'Stopped tasks of the new revision:',
                                ...evidence.stoppedTasks.map((t) => `  ${t}`),
                                ...(evidence.logs ?? []),
                            ]
                            : ['Stopped tasks of the new revision: none']),
                ];
            },
        };
    }
    /** A scheduled task: register the revision and move the rule's or schedule's ECS target to it. */
    async prepareScheduled(target, ref) {
        const source = this.inputs.taskDefinition;
        const family = source === undefined
            ? undefined
            : source.kind === 'name'
                ? familyOf(source.value)
                : (fromFile(source).family ?? undefined);
        const scheduled = await prepareScheduled({ region: this.inputs.region, cluster: this.inputs.cluster, where: this.where }, ref, family);
        this.closers.push(() => scheduled.close());
        const { definition, tags, label } = await this.loadDefinition(source ?? { kind: 'name', value: scheduled.current });
        const rendered = this.render(target, definition, tags, label);
        const fargate = (definition.requiresCompatibilities ?? []).includes('FARGATE');
        return {
            plan: [...scheduled.plan.slice(0, 1), ...this.describeChange(definition, rendered), ...scheduled.plan.slice(1)],
            warnings: reachabilityWarnings(rendered, target, fargate),
            deploy: async (log) => {
                const registered = await this.register(rendered, log);
                const detail = await scheduled.move(registered.taskDefinitionArn, log);
                return { outputs: { 'ecs-task-definition-arn': registered.taskDefinitionArn }, detail };
            },
        };
    }
    async updateService(serviceName, rendered, before, how, log) {
        let arn;
        let revision;
        if (how.unchanged && before.previous) {
            arn = before.previous;
            revision = how.runningName;
            log(`service ${serviceName} already runs ${revision} with this image and these settings: no new revision registered`);
        }
        else {
            const registered = await this.register(rendered, log);
            arn = registered.taskDefinitionArn;
            revision = `${registered.family}:${registered.revision}`;
        }
        const updating = !how.unchanged || how.desiredCount !== undefined || how.forceNewDeployment;
        const updatedAt = new Date();
        let deploymentId = '';
        if (updating) {
            const updated = await this.call('UpdateService', () => this.client.send(new dist_cjs/* UpdateServiceCommand */.kZr({
                cluster: this.inputs.cluster,
                service: serviceName,
                ...(!how.unchanged && { taskDefinition: arn }),
                ...(how.desiredCount !== undefined && { desiredCount: how.desiredCount }),
                ...(how.forceNewDeployment && { forceNewDeployment: true }),
            })));
            const deployments = updated.service?.deployments ?? [];
            const deployment = deployments.find((d) => d.status === 'PRIMARY' && d.taskDefinition === arn) ??
                deployments.find((d) => d.status === 'PRIMARY');
            deploymentId = deployment?.id ?? '';
            const what = [
                ...(how.unchanged ? [] : [`to ${revision}`]),
                ...(how.desiredCount !== undefined ? [`desired count ${how.desiredCount}`] : []),
                ...(how.forceNewDeployment ? ['a new deployment forced'] : []),
            ];
            log(`updated service ${serviceName} ${what.join(', ')}${deploymentId ? ` (deployment ${deploymentId})` : ''}`);
        }
        const outputs = { 'ecs-task-definition-arn': arn, 'ecs-deployment-id': deploymentId };
        const summary = how.unchanged
            ? `service ${serviceName} already running ${revision}` +
                (how.desiredCount !== undefined ? `, desired count ${how.desiredCount}` : '') +
                (how.forceNewDeployment ? ', new deployment forced' : '')
            : `service ${serviceName} → ${revision}`;
        if (!this.inputs.waitForStability)
            return { outputs, detail: `${summary} (not waited for)` };
        const context = { cluster: this.inputs.cluster, service: serviceName, arn, ...before };
        // Should the run's timeout fire anyway, it says where the service was left and how to go back.
        const forget = (0,src_deadline/* leftAsIs */.ii)(() => `- service ${serviceName} is deploying ${revision}${deploymentId ? ` (deployment ${deploymentId})` : ''}, not yet stable. ` +
            afterwards({ kind: 'waiting', deployment: undefined }, context));
        try {
            await this.waitForService(context, rendered.request.family, updating ? deploymentId : (how.primaryDeploymentId ?? ''), updatedAt, log);
        }
        finally {
            forget();
        }
        if (how.deregisterPrevious && !how.unchanged && before.previous && before.previous !== arn)
            await this.deregister(before.previous, log);
        return { outputs, detail: `${summary}, stable` };
    }
    /** Deregisters the revision the service ran before; a failure is a warning, as the service runs the new one. */
    async deregister(arn, log) {
        const name = arn.split('/').pop();
        try {
            await this.call('DeregisterTaskDefinition', () => this.client.send(new dist_cjs/* DeregisterTaskDefinitionCommand */.sjB({ taskDefinition: arn })));
            log(`deregistered ${name}, the revision the service ran before (ecs-deregister-previous)`);
        }
        catch (error) {
            (0,warnings/* warn */.R8)(`${error.message}. The service runs the new revision; ${name} stays registered (deregister it by hand, ` +
                'or grant ecs:DeregisterTaskDefinition)', 'ecs: the previous revision was not deregistered');
        }
    }
    /**
     * Polls the service until the rollout is stable, and fails as soon as it is not going to be: its
     * rolloutState is FAILED, another revision took over, or the wait-timeout passed.
     */
    async waitForService(context, family, deploymentId, updatedAt, log) {
        const { cluster, waitTimeoutSeconds } = this.inputs;
        const { service: serviceName, arn } = context;
        log(`waiting until service ${serviceName} is stable (at most ${waitTimeoutSeconds} s)`);
        // Cut to end before the run's timeout, so this failure (what ECS does next, how to go back) is what the step says.
        const bound = (0,src_deadline/* waitBound */.OW)(waitTimeoutSeconds, 'wait-timeout');
        const { deadline } = bound;
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
                throw new aws/* AwsError */.Gy(rolloutFailure(rollout, context, evidence, bound.byRun ? bound.said : waitTimeoutSeconds));
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
            return { events, stoppedTasks: stoppedTaskLines(ours), logs: await this.diagnostics.logLines(ours) };
        }
        catch (error) {
            // The rollout's own failure is the error; this only says what is missing from its explanation.
            return { events, stoppedTasks: [], stoppedTasksError: error.message };
        }
    }
    async prepareTask(target, task) {
        const source = this.inputs.taskDefinition;
        const { definition, tags, label } = await this.loadDefinition(source);
        const rendered = this.render(target, definition, tags, label);
        const onFargate = (task.capacityProviderStrategy ?? []).some((s) => s.capacityProvider.startsWith('FARGATE'));
        const fargate = task.launchType === 'FARGATE' ||
            onFargate ||
            (!task.launchType &&
                !task.capacityProviderStrategy &&
                (definition.requiresCompatibilities ?? []).includes('FARGATE'));
        const overrideRole = typeof task.overrides?.taskRoleArn === 'string' && task.overrides.taskRoleArn !== '';
        this.check(rendered, { fargate, external: task.launchType === 'EXTERNAL' }, task.enableExecuteCommand && !overrideRole);
        // A revision ECS already has, rendered to the same definition, is run as it is.
        const existing = source.kind === 'name' &&
            definition.taskDefinitionArn &&
            definition.status !== 'INACTIVE' &&
            sameDefinition(definition, rendered.request)
            ? definition
            : undefined;
        const how = [
            ...(task.launchType ? [`on ${task.launchType}`] : []),
            ...(task.capacityProviderStrategy
                ? [
                    `on capacity providers ${task.capacityProviderStrategy
                        .map((p) => p.capacityProvider +
                        (p.weight !== undefined || p.base !== undefined
                            ? ` (${[p.weight !== undefined && `weight ${p.weight}`, p.base !== undefined && `base ${p.base}`].filter(Boolean).join(', ')})`
                            : ''))
                        .join(', ')}`,
                ]
                : []),
            ...(task.network ? [`in ${task.network.subnets.join(', ')}`] : []),
            `started by ${task.startedBy}`,
            ...(task.propagateTags === 'TASK_DEFINITION' ? ["with the task definition's tags"] : []),
            ...(task.enableExecuteCommand ? ['with ECS Exec enabled'] : []),
        ];
        return {
            plan: [
                ...(existing
                    ? [
                        `the new task definition would be the same as ${definition.family}:${definition.revision} (this image, these settings): nothing to register`,
                    ]
                    : this.describeChange(definition, rendered)),
                `would run one task of it in ${this.where} ${how.join(', ')}` +
                    `, and wait until it is ${task.waitFor} (at most ${this.inputs.waitTimeoutSeconds} s)`,
            ],
            warnings: reachabilityWarnings(rendered, target, fargate),
            deploy: (log) => this.runTask(task, rendered, existing, log),
        };
    }
    async runTask(task, rendered, existing, log) {
        const { cluster, waitTimeoutSeconds } = this.inputs;
        if (existing)
            log(`${existing.family}:${existing.revision} already has this image and these settings: no new revision registered`);
        const registered = existing ?? (await this.register(rendered, log));
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
            startedBy: task.startedBy,
            ...(task.launchType && { launchType: task.launchType }),
            ...(task.capacityProviderStrategy && {
                capacityProviderStrategy: task.capacityProviderStrategy.map((p) => ({
                    capacityProvider: p.capacityProvider,
                    ...(p.weight !== undefined && { weight: p.weight }),
                    ...(p.base !== undefined && { base: p.base }),
                })),
            }),
            ...(task.propagateTags && { propagateTags: task.propagateTags }),
            ...(task.enableExecuteCommand && { enableExecuteCommand: true }),
            ...(network && { networkConfiguration: network }),
            ...(task.overrides && { overrides: task.overrides }),
        })));
        const failure = started.failures?.[0];
        const taskArn = started.tasks?.[0]?.taskArn;
        if (failure || !taskArn) {
            throw new aws/* AwsError */.Gy(`ECS could not start the task (${this.where}): ${failure?.reason ?? 'no task returned'}${failure?.detail ? ` (${failure.detail})` : ''}`);
        }
        const placement = task.capacityProviderStrategy
            ? ` on capacity providers ${task.capacityProviderStrategy.map((p) => p.capacityProvider).join(', ')}`
            : task.launchType
                ? ` on ${task.launchType}`
                : '';
        log(`started task ${taskArn}${placement} (started by ${task.startedBy}); waiting until it is ${task.waitFor}`);
        const waiter = task.waitFor === 'running' ? dist_cjs/* waitUntilTasksRunning */.lWU : dist_cjs/* waitUntilTasksStopped */.ttI;
        // Cut to end before the run's timeout, so this failure is what the step says.
        const bound = (0,src_deadline/* waitBound */.OW)(waitTimeoutSeconds, 'wait-timeout');
        const maxWaitTime = Math.max(1, Math.floor((bound.deadline - Date.now()) / 1000));
        const forget = (0,src_deadline/* leftAsIs */.ii)(() => `- task ${taskArn} of ${revision} was started and goes on. Stop it: aws ecs stop-task --cluster ${cluster} --task ${taskArn}`);
        try {
            await waiter({ client: this.client, maxWaitTime, ...pollDelays(Math.min(waitTimeoutSeconds, maxWaitTime)) }, { cluster, tasks: [taskArn] });
        }
        catch (error) {
            const state = await this.describeTask(taskArn);
            const logs = state?.lastStatus === 'STOPPED' ? await this.diagnostics.logLines([state]).catch(() => []) : [];
            throw new aws/* AwsError */.Gy([
                `task ${taskArn} did not become ${task.waitFor} within ${bound.byRun ? bound.said : `${waitTimeoutSeconds} s (wait-timeout)`}: it is ${state?.lastStatus ?? 'unknown'}` +
                    (state?.stoppedReason ? `, stopped because: ${state.stoppedReason}` : ''),
                ...stoppedTaskLines(state?.lastStatus === 'STOPPED' ? [state] : []),
                ...logs,
            ].join('\n'), { cause: error });
        }
        finally {
            forget();
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
        if (failed) {
            const logs = stopped ? await this.diagnostics.logLines([stopped]).catch(() => []) : [];
            throw new aws/* AwsError */.Gy([`task ${taskArn} failed: ${failed}`, ...logs].join('\n'));
        }
        return { outputs, detail: `task ${shortId} of ${revision} exited 0` };
    }
    async describeTask(taskArn) {
        const described = await this.call('DescribeTasks', () => this.client.send(new dist_cjs/* DescribeTasksCommand */.z8X({ cluster: this.inputs.cluster, tasks: [taskArn] })));
        return described.tasks?.[0];
    }
}


/***/ })

};

//# sourceMappingURL=806.index.js.map