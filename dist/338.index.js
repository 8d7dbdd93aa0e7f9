export const id = 338;
export const ids = [338];
export const modules = {

/***/ 72338:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  D0: () => (/* binding */ CloudRunError),
  TY: () => (/* binding */ conditionSucceeded),
  TH: () => (/* binding */ failureMessages),
  T4: () => (/* binding */ isPinned),
  eS: () => (/* binding */ renderJob),
  is: () => (/* binding */ renderService),
  w2: () => (/* binding */ servingProblem),
  EU: () => (/* binding */ shortName)
});

// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __webpack_require__(37373);
;// CONCATENATED MODULE: ./src/runtimes/cloud-run/render-settings.ts
/** Each enum as the REST transport may hand it back: its name or (enum-encoding=int) its number. */
const EGRESS = {
    'all-traffic': ['ALL_TRAFFIC', 1],
    'private-ranges-only': ['PRIVATE_RANGES_ONLY', 2],
};
const ENVIRONMENT = {
    gen1: ['EXECUTION_ENVIRONMENT_GEN1', 1],
    gen2: ['EXECUTION_ENVIRONMENT_GEN2', 2],
};
const INGRESS = {
    all: ['INGRESS_TRAFFIC_ALL', 1],
    internal: ['INGRESS_TRAFFIC_INTERNAL_ONLY', 2],
    'internal-and-cloud-load-balancing': ['INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER', 3],
};
function enumIs(value, [name, number]) {
    return value === name || value === number;
}
/** The input's word for an enum value read from the service, or the value itself. */
function enumWord(table, value) {
    if (value === undefined || value === null || value === 0 || String(value).endsWith('_UNSPECIFIED'))
        return 'default';
    const found = Object.entries(table).find(([, pair]) => enumIs(value, pair));
    return found ? found[0] : String(value);
}
/** A Duration as the client decodes it ({ seconds, nanos }, seconds maybe a string) or as JSON ("300s"). */
function durationSeconds(duration) {
    if (duration === null || duration === undefined)
        return undefined;
    if (typeof duration === 'string')
        return Number(duration.replace(/s$/, ''));
    if (duration.seconds === null || duration.seconds === undefined)
        return duration.nanos ? 0 : undefined;
    return Number(String(duration.seconds)) + (duration.nanos ?? 0) / 1e9;
}
const showList = (list) => list?.length ? JSON.stringify(list) : "(the image's)";
function sameList(a, b) {
    return JSON.stringify(a ?? []) === JSON.stringify(b);
}
/** command, args and startup CPU boost: settings of the container itself. */
function applyContainerSettings(container, settings, changes) {
    if (settings.command && !sameList(container.command, settings.command)) {
        changes.push(`command: ${showList(container.command)} → ${showList(settings.command)}`);
        container.command = [...settings.command];
    }
    if (settings.args && !sameList(container.args, settings.args)) {
        changes.push(`args: ${showList(container.args)} → ${showList(settings.args)}`);
        container.args = [...settings.args];
    }
    if (settings.cpuBoost !== undefined && (container.resources?.startupCpuBoost ?? false) !== settings.cpuBoost) {
        changes.push(`cpu-boost: ${container.resources?.startupCpuBoost ?? false} → ${settings.cpuBoost}`);
        container.resources = { ...(container.resources ?? {}), startupCpuBoost: settings.cpuBoost };
    }
}
/** Where a file's secret volume is mounted: its directory. */
function directoryOf(path) {
    return path.slice(0, path.lastIndexOf('/')) || '/';
}
/** A volume name Cloud Run takes (lower-case letters, digits, hyphens; at most 63) from a directory. */
function volumeNameFor(prefix, directory, taken) {
    const base = `${prefix}-${directory
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`.slice(0, 58);
    let name = base.replace(/-$/, '');
    for (let i = 2; taken.has(name) && i < 1000; i++)
        name = `${base.slice(0, 54)}-${i}`;
    return name;
}
/**
 * Secrets mounted as files: one volume per directory (Cloud Run mounts a volume per directory, and
 * a secret volume holds one secret), its items naming the files. A directory already mounted from
 * a secret volume has that volume changed; other volumes and mounts are kept. True when changed.
 */
function applySecretFiles(template, container, files, changes, holder) {
    const byDirectory = new Map();
    for (const [path, reference] of Object.entries(files)) {
        const directory = directoryOf(path);
        byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), [path, reference]]);
    }
    if (byDirectory.size === 0)
        return false;
    const volumes = [...(template.volumes ?? [])];
    const mounts = [...(container.volumeMounts ?? [])];
    let changed = false;
    for (const [directory, entries] of byDirectory) {
        const secret = entries[0][1].secret;
        const items = entries.map(([path, reference]) => ({
            path: path.slice(directory === '/' ? 1 : directory.length + 1),
            version: reference.version,
        }));
        const mount = mounts.find((m) => m.mountPath === directory);
        const existing = mount ? volumes.find((v) => v.name === mount.name) : undefined;
        if (mount && existing && !existing.secret) {
            throw new Error(`${holder} already mounts volume ${mount.name} on ${directory}, which is not a secret volume: mount the secret file in another directory`);
        }
        const wanted = {
            name: existing?.name ?? volumeNameFor('secret', directory, new Set(volumes.map((v) => v.name ?? ''))),
            secret: { ...(existing?.secret ?? {}), secret, items },
        };
        const same = existing?.secret?.secret === secret &&
            JSON.stringify((existing.secret.items ?? []).map((i) => [i.path, i.version])) ===
                JSON.stringify(items.map((i) => [i.path, i.version]));
        if (same)
            continue;
        changed = true;
        for (const [path, reference] of entries)
            changes.push(`secret file ${path}: ${reference.secret}:${reference.version}`);
        if (existing)
            volumes[volumes.indexOf(existing)] = wanted;
        else
            volumes.push(wanted);
        if (!mount)
            mounts.push({ name: wanted.name, mountPath: directory });
    }
    if (!changed)
        return false;
    template.volumes = volumes;
    container.volumeMounts = mounts;
    return true;
}
const CLOUD_SQL_PATH = '/cloudsql';
/**
 * Cloud SQL connections: a cloudSqlInstance volume mounted at /cloudsql (as the console and gcloud
 * set it up), its instances replaced by the given ones; an empty list removes volume and mount.
 */
function applyCloudSql(template, container, instances, changes) {
    if (instances === undefined)
        return false;
    const volumes = [...(template.volumes ?? [])];
    const existing = volumes.find((v) => v.cloudSqlInstance);
    const before = existing?.cloudSqlInstance?.instances ?? [];
    if (sameList(before, instances))
        return false;
    changes.push(`cloudsql-instances: ${before.length ? before.join(',') : 'none'} → ${instances.length ? instances.join(',') : 'none'}`);
    const mounts = (container.volumeMounts ?? []).filter((m) => !existing || m.name !== existing.name);
    const rest = volumes.filter((v) => v !== existing);
    if (instances.length > 0) {
        const name = existing?.name ?? volumeNameFor('cloudsql', '', new Set(volumes.map((v) => v.name ?? '')));
        rest.push({ name, cloudSqlInstance: { instances: [...instances] } });
        mounts.push({ name, mountPath: CLOUD_SQL_PATH });
    }
    template.volumes = rest;
    container.volumeMounts = mounts;
    return true;
}
/**
 * The revision (or task) template's own settings: timeout, VPC access, execution environment,
 * session affinity. Each changed field's mask path goes to mask (relative to the template).
 */
function applyTemplateSettings(template, settings, where, changes, mask) {
    // A service's request timeout and a job's task timeout are the same field of their templates.
    const seconds = settings.timeoutSeconds ?? settings.taskTimeoutSeconds;
    const what = settings.taskTimeoutSeconds !== undefined ? 'task-timeout' : 'timeout';
    if (seconds !== undefined && durationSeconds(template.timeout) !== seconds) {
        const old = durationSeconds(template.timeout);
        changes.push(`${what}: ${old === undefined ? 'default' : `${old}s`} → ${seconds}s`);
        template.timeout = { seconds };
        mask.add('timeout');
    }
    if (applyVpcAccess(template, settings, where, changes))
        mask.add('vpcAccess');
    const environment = settings.executionEnvironment;
    if (environment && !enumIs(template.executionEnvironment, ENVIRONMENT[environment])) {
        changes.push(`execution-environment: ${enumWord(ENVIRONMENT, template.executionEnvironment)} → ${environment}`);
        template.executionEnvironment = ENVIRONMENT[environment][0];
        mask.add('executionEnvironment');
    }
    const revision = template;
    if (settings.sessionAffinity !== undefined && (revision.sessionAffinity ?? false) !== settings.sessionAffinity) {
        changes.push(`session-affinity: ${revision.sessionAffinity ?? false} → ${settings.sessionAffinity}`);
        revision.sessionAffinity = settings.sessionAffinity;
        mask.add('sessionAffinity');
    }
}
function applyVpcAccess(template, settings, where, changes) {
    const { vpcConnector, network, subnet, vpcEgress } = settings;
    if (vpcConnector === undefined && network === undefined && subnet === undefined && vpcEgress === undefined)
        return false;
    const old = template.vpcAccess ?? {};
    const next = { ...old };
    if (vpcConnector !== undefined) {
        next.connector = vpcConnector.includes('/')
            ? vpcConnector
            : `projects/${where.project}/locations/${where.region}/connectors/${vpcConnector}`;
        next.networkInterfaces = [];
    }
    if (network !== undefined || subnet !== undefined) {
        const current = old.networkInterfaces?.[0] ?? {};
        next.networkInterfaces = [
            {
                ...current,
                ...(network !== undefined && { network }),
                ...(subnet !== undefined && { subnetwork: subnet }),
                // A new network without a subnet: Cloud Run picks the subnet of the region.
                ...(network !== undefined && subnet === undefined && current.network !== network && { subnetwork: '' }),
            },
        ];
        next.connector = '';
    }
    if (vpcEgress !== undefined)
        next.egress = EGRESS[vpcEgress][0];
    if (!next.connector && !next.networkInterfaces?.length) {
        throw new Error('vpc-egress needs VPC access: add vpc-connector, or network/subnet (Direct VPC egress), to cloud-run-flags');
    }
    const lines = [];
    if ((old.connector ?? '') !== (next.connector ?? ''))
        lines.push(`vpc-connector: ${old.connector || 'none'} → ${next.connector || 'none'}`);
    const iface = (v) => {
        const first = v.networkInterfaces?.[0];
        return first ? [first.network, first.subnetwork].filter(Boolean).join('/') || 'none' : 'none';
    };
    if (iface(old) !== iface(next))
        lines.push(`direct vpc: ${iface(old)} → ${iface(next)}`);
    if (vpcEgress !== undefined && !enumIs(old.egress, EGRESS[vpcEgress]))
        lines.push(`vpc-egress: ${enumWord(EGRESS, old.egress)} → ${vpcEgress}`);
    if (lines.length === 0)
        return false;
    changes.push(...lines);
    if (!next.connector)
        Reflect.deleteProperty(next, 'connector');
    if (!next.networkInterfaces?.length)
        Reflect.deleteProperty(next, 'networkInterfaces');
    else
        next.networkInterfaces = next.networkInterfaces.map((n) => {
            const copy = { ...n };
            if (!copy.subnetwork)
                Reflect.deleteProperty(copy, 'subnetwork');
            return copy;
        });
    template.vpcAccess = next;
    return true;
}
/** Labels merged into the ones there (others kept); true when one changed. */
function applyLabels(holder, labels, changes) {
    if (!labels)
        return false;
    const current = { ...(holder.labels ?? {}) };
    const changed = Object.entries(labels).filter(([key, value]) => current[key] !== value);
    if (changed.length === 0)
        return false;
    for (const [key, value] of changed)
        changes.push(`label ${key}: ${current[key] === undefined ? 'set' : `${current[key] || '""'} →`} ${value || '""'}`);
    holder.labels = { ...current, ...labels };
    return true;
}
/** The service's ingress; true when it changed. */
function applyIngress(service, ingress, changes) {
    if (!ingress || enumIs(service.ingress, INGRESS[ingress]))
        return false;
    changes.push(`ingress: ${enumWord(INGRESS, service.ingress)} → ${ingress}`);
    service.ingress = INGRESS[ingress][0];
    return true;
}

// EXTERNAL MODULE: ./src/runtimes/cloud-run/traffic.ts
var traffic = __webpack_require__(65178);
;// CONCATENATED MODULE: ./src/runtimes/cloud-run/render.ts



class CloudRunError extends user_error/* UserError */.y {
    constructor(message, options) {
        super(message, 'Cloud Run', options);
        this.name = 'CloudRunError';
    }
}
// The enum names the REST transport decodes to (it may also hand back their numbers).
const LATEST = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';
const REVISION = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION';
function isLatest(target) {
    return target.type === LATEST || target.type === 1;
}
/** A traffic entry pinned to a named revision (rather than following the latest one). */
function isPinned(target) {
    return target.type === REVISION || target.type === 2;
}
/** The last segment of a resource name: projects/p/locations/r/services/s/revisions/s-0001 → s-0001. */
function shortName(name) {
    return (name ?? '').split('/').pop() ?? '';
}
function conditionFailed(condition) {
    return condition.state === 'CONDITION_FAILED' || condition.state === 3;
}
function conditionSucceeded(condition) {
    return condition?.state === 'CONDITION_SUCCEEDED' || condition?.state === 4;
}
/** Cloud Run's own words for why something is not ready: the failed conditions' messages. */
function failureMessages(conditions) {
    return (conditions ?? [])
        .filter((c) => conditionFailed(c) && c.message)
        .map((c) => `${c.type ? `${c.type}: ` : ''}${c.message}`);
}
function describeSecret(reference) {
    return `${reference.secret}:${reference.version}`;
}
/** Applies image, env, secrets and resources to one container, recording each change. */
function applyContainer(container, inputs, image, changes, isNew) {
    if (container.image !== image) {
        changes.push(isNew ? `image: ${image}` : `image: ${container.image || '(none)'} → ${image}`);
        container.image = image;
    }
    const env = [...(container.env ?? [])];
    const put = (name, value, describe) => {
        const index = env.findIndex((e) => e.name === name);
        const old = index < 0 ? undefined : env[index];
        const change = describe(old);
        if (!change)
            return;
        changes.push(change);
        if (index < 0)
            env.push(value);
        else
            env[index] = value;
    };
    for (const [name, value] of Object.entries(inputs.env)) {
        put(name, { name, value }, (old) => {
            if (!old)
                return `env ${name}: set`;
            if (old.valueSource?.secretKeyRef)
                return `env ${name}: secret → plain value`;
            return old.value === value ? undefined : `env ${name}: changed`;
        });
    }
    for (const [name, reference] of Object.entries(inputs.secrets)) {
        put(name, { name, valueSource: { secretKeyRef: { ...reference } } }, (old) => {
            const ref = old?.valueSource?.secretKeyRef;
            if (ref && ref.secret === reference.secret && ref.version === reference.version)
                return undefined;
            return `secret ${name}: ${ref ? `${ref.secret}:${ref.version} → ` : ''}${describeSecret(reference)}`;
        });
    }
    if (inputs.envUpdate === 'overwrite') {
        const listed = new Set([...Object.keys(inputs.env), ...Object.keys(inputs.secrets)]);
        for (const removed of env.filter((e) => !listed.has(e.name ?? '')))
            changes.push(`env ${removed.name}: removed (cloud-run-env-update: overwrite)`);
        container.env = env.filter((e) => listed.has(e.name ?? ''));
    }
    else {
        container.env = env;
    }
    const limits = { ...(container.resources?.limits ?? {}) };
    for (const [key, value] of [
        ['cpu', inputs.flags.cpu],
        ['memory', inputs.flags.memory],
    ]) {
        if (value === undefined || limits[key] === value)
            continue;
        changes.push(`${key}: ${limits[key] ?? 'default'} → ${value}`);
        limits[key] = value;
    }
    if (inputs.flags.cpu !== undefined || inputs.flags.memory !== undefined) {
        container.resources = { ...(container.resources ?? {}), limits };
    }
    const port = inputs.flags.port;
    if (port !== undefined && container.ports?.[0]?.containerPort !== port) {
        changes.push(`port: ${container.ports?.[0]?.containerPort ?? 8080} → ${port}`);
        container.ports = [{ name: container.ports?.[0]?.name || 'http1', containerPort: port }];
    }
    applyContainerSettings(container, inputs.flags, changes);
}
/** A setting that cannot be applied to what exists, as a Cloud Run error (found in prepare). */
function settingError(apply) {
    try {
        return apply();
    }
    catch (error) {
        if (error instanceof user_error/* UserError */.y)
            throw error;
        throw new CloudRunError(`cloud-run-flags: ${error.message}`, { cause: error });
    }
}
/**
 * The template-level settings shared by a service's revision template and a job's task template:
 * volumes (secret files, Cloud SQL) mounted in the container, timeout, VPC, execution environment.
 */
function applyTemplate(template, container, inputs, where, holder, changes) {
    const mask = new Set();
    const before = JSON.stringify(container.volumeMounts ?? []);
    const files = settingError(() => applySecretFiles(template, container, inputs.secretFiles ?? {}, changes, holder));
    const sql = applyCloudSql(template, container, inputs.flags.cloudSqlInstances, changes);
    if (files || sql)
        mask.add('volumes');
    if (JSON.stringify(container.volumeMounts ?? []) !== before)
        mask.add('containers');
    settingError(() => applyTemplateSettings(template, inputs.flags, where, changes, mask));
    return mask;
}
/** A service's serving container: its only one, or (with sidecars) the one that has the port. */
function servingContainer(containers, service) {
    if (containers.length === 1)
        return containers[0];
    const serving = containers.filter((c) => (c.ports ?? []).length > 0);
    if (serving.length !== 1) {
        throw new CloudRunError(`service ${service} has ${containers.length} containers and ${serving.length} with a port: cannot tell which one runs the image`);
    }
    return serving[0];
}
function changeNumber(changes, what, old, next) {
    if (next === undefined || old === next)
        return false;
    changes.push(`${what}: ${old ?? 'default'} → ${next}`);
    return true;
}
function applyServiceFlags(template, flags, changes, mask) {
    if (changeNumber(changes, 'concurrency', template.maxInstanceRequestConcurrency, flags.concurrency)) {
        template.maxInstanceRequestConcurrency = flags.concurrency;
        mask.add('template.maxInstanceRequestConcurrency');
    }
    const scaling = { ...(template.scaling ?? {}) };
    if (changeNumber(changes, 'min-instances', scaling.minInstanceCount, flags.minInstances)) {
        scaling.minInstanceCount = flags.minInstances;
        mask.add('template.scaling.minInstanceCount');
    }
    if (changeNumber(changes, 'max-instances', scaling.maxInstanceCount, flags.maxInstances)) {
        scaling.maxInstanceCount = flags.maxInstances;
        mask.add('template.scaling.maxInstanceCount');
    }
    template.scaling = scaling;
}
/** Sets the runtime service account when the inputs give another one; true when it changed. */
function applyServiceAccount(holder, account, changes) {
    if (account === undefined || holder.serviceAccount === account)
        return false;
    changes.push(`service account: ${holder.serviceAccount || 'default'} → ${account}`);
    holder.serviceAccount = account;
    return true;
}
/**
 * Traffic as the inputs ask: with no-traffic, whatever follows the latest revision is pinned to the
 * revision serving now, so the new one gets none; a revision tag names the new revision.
 */
function renderTraffic(existing, target, newRevision, changes, newTemplate = true) {
    // No traffic entries mean Cloud Run's default: all of it follows the latest ready revision.
    const current = existing?.traffic?.length ? existing.traffic : [{ type: LATEST, percent: 100 }];
    let traffic = current.map((t) => ({ ...t }));
    const before = JSON.stringify(traffic);
    // With a split, the new revision gets no traffic until it is ready; the split is set then.
    const holdBack = target.noTraffic || (target.traffic !== undefined && newTemplate && Boolean(existing?.latestReadyRevision));
    if (holdBack) {
        const serving = shortName(existing?.latestReadyRevision);
        if (!serving) {
            throw new CloudRunError(`service ${target.name} has no ready revision to keep traffic on: deploy it once without no-traffic`);
        }
        for (const entry of traffic) {
            if (isLatest(entry) && (entry.percent ?? 0) > 0) {
                entry.type = REVISION;
                entry.revision = serving;
            }
        }
    }
    if (target.revisionTag) {
        traffic = traffic.filter((t) => t.tag !== target.revisionTag);
        traffic.push(newRevision
            ? { type: REVISION, revision: newRevision, percent: 0, tag: target.revisionTag }
            : { type: LATEST, percent: 0, tag: target.revisionTag });
    }
    if (JSON.stringify(traffic) === before)
        return existing?.traffic?.length ? traffic : undefined;
    if (target.noTraffic)
        changes.push(`traffic: stays on ${shortName(existing?.latestReadyRevision)}; the new revision gets none`);
    else if (holdBack)
        changes.push(`traffic: stays on ${shortName(existing?.latestReadyRevision)} until the new revision is ready`);
    if (target.revisionTag)
        changes.push(`traffic tag ${target.revisionTag}: the new revision`);
    return traffic;
}
/** The service to send: the existing one with only the image and the given fields changed, or a new one. */
function renderService(existing, inputs, target, image, where = { project: inputs.project ?? '-', region: inputs.region }) {
    const changes = [];
    const mask = new Set();
    const service = existing ? structuredClone(existing) : {};
    const template = (service.template ??= {});
    template.containers = template.containers?.length ? template.containers : [{}];
    const before = changes.length;
    const container = servingContainer(template.containers, target.name);
    applyContainer(container, inputs, image, changes, !existing);
    // A FieldMask cannot name one element of a list: the containers go whole.
    if (changes.length > before)
        mask.add('template.containers');
    const holder = `service ${target.name}`;
    for (const path of applyTemplate(template, container, inputs, where, holder, changes))
        mask.add(`template.${path}`);
    applyServiceFlags(template, inputs.flags, changes, mask);
    if (applyServiceAccount(template, inputs.flags.serviceAccount, changes))
        mask.add('template.serviceAccount');
    if (applyIngress(service, inputs.flags.ingress, changes))
        mask.add('ingress');
    // Labels of the service only, not of its revisions, so they alone start no new revision.
    if (applyLabels(service, inputs.flags.labels, changes))
        mask.add('labels');
    const revisionName = target.revisionSuffix ? `${target.name}-${target.revisionSuffix}` : undefined;
    if (revisionName && shortName(template.revision) !== revisionName) {
        changes.push(`revision name: ${revisionName}`);
        template.revision = revisionName;
        mask.add('template.revision');
    }
    else if (!revisionName && changes.length > 0 && template.revision) {
        // A fixed name from an earlier deploy would clash with the new revision: let Cloud Run name it.
        template.revision = '';
        mask.add('template.revision');
    }
    const newTemplate = !existing || [...mask].some((path) => path.startsWith('template.'));
    const traffic = renderTraffic(existing, target, revisionName, changes, newTemplate);
    if (traffic)
        service.traffic = traffic;
    if (traffic && JSON.stringify(traffic) !== JSON.stringify(existing?.traffic ?? []))
        mask.add('traffic');
    return {
        service,
        changes,
        revisionName,
        updateMask: [...mask],
        trafficPlan: splitPlan(existing, target, service, revisionName, newTemplate),
    };
}
/**
 * With cloud-run-traffic (or promote): traffic before, and after the split that follows the new
 * revision's rollout; empty when the split is what the service asks already.
 */
function splitPlan(existing, target, rendered, revisionName, newRevision) {
    if (!target.traffic)
        return [];
    const ready = shortName(existing?.latestReadyRevision);
    const latest = newRevision || !ready ? (revisionName ?? 'the new revision') : ready;
    let after;
    try {
        after = (0,traffic/* applySplit */.zF)(rendered.traffic, existing?.trafficStatuses, latest, target.traffic);
    }
    catch {
        return []; // An unknown tag: prepare reports it.
    }
    const before = (0,traffic/* describeTraffic */.hA)(existing ? existing.traffic : undefined, ready);
    const next = (0,traffic/* describeTraffic */.hA)(after, latest);
    if (existing && before === next)
        return [`traffic: ${before} (as ${target.trafficInput ?? 'cloud-run-traffic'} asks already)`];
    return [
        `traffic before: ${existing ? before : 'none (a new service)'}`,
        `traffic after${newRevision ? ' the new revision is ready' : ''}: ${next}`,
    ];
}
/** The job to send: the existing one with only the image and the given fields changed, or a new one. */
function renderJob(existing, inputs, image, where = { project: inputs.project ?? '-', region: inputs.region }) {
    const changes = [];
    const job = existing ? structuredClone(existing) : {};
    const execution = (job.template ??= {});
    const task = (execution.template ??= {});
    task.containers = task.containers?.length ? task.containers : [{}];
    // A job's first container is its main one; the others are sidecars.
    const container = task.containers[0];
    applyContainer(container, inputs, image, changes, !existing);
    applyTemplate(task, container, inputs, where, `job ${shortName(existing?.name) || ''}`.trim(), changes);
    applyServiceAccount(task, inputs.flags.serviceAccount, changes);
    const { tasks, parallelism, maxRetries } = inputs.flags;
    if (changeNumber(changes, 'tasks', execution.taskCount, tasks))
        execution.taskCount = tasks;
    if (changeNumber(changes, 'parallelism', execution.parallelism, parallelism))
        execution.parallelism = parallelism;
    if (changeNumber(changes, 'max-retries', task.maxRetries, maxRetries))
        task.maxRetries = maxRetries;
    applyLabels(job, inputs.flags.labels, changes);
    return { job, changes };
}
/**
 * Why the service does not serve its newest revision as asked, or undefined when it does: its Ready
 * condition, a newest revision that is not the ready one (a failed rollout keeps the old one
 * serving), no ready revision at all, or traffic that does not resolve to what the service asks.
 */
function servingProblem(service) {
    const ready = shortName(service.latestReadyRevision);
    const created = shortName(service.latestCreatedRevision);
    const reasons = failureMessages(service.conditions);
    const terminal = service.terminalCondition;
    const because = [
        ...(terminal && !conditionSucceeded(terminal) && terminal.message ? [terminal.message] : []),
        ...reasons.filter((r) => !terminal?.message || !r.includes(terminal.message)),
    ].join('; ');
    if (created && created !== ready) {
        return `its newest revision ${created} is not ready${because ? ` (${because})` : ''}; traffic stays on ${ready || 'no revision'}`;
    }
    if (!ready)
        return `it has no ready revision${because ? ` (${because})` : ''}`;
    if (terminal && !conditionSucceeded(terminal)) {
        return `it is not ready: ${because || `Ready is ${String(terminal.state)}`}`;
    }
    return trafficMismatch(service);
}
/** Traffic as asked (latest resolved to the ready revision) against trafficStatuses, as sorted lines. */
function trafficMismatch(service) {
    const ready = shortName(service.latestReadyRevision);
    const line = (revision, percent, tag) => `${percent ?? 0}% to ${revision || 'no revision'}${tag ? ` (tag ${tag})` : ''}`;
    const asked = (service.traffic?.length ? service.traffic : [{ type: LATEST, percent: 100 }])
        .map((t) => line(isLatest(t) ? ready : t.revision, t.percent, t.tag))
        .sort();
    const serving = (service.trafficStatuses ?? [])
        .map((t) => line(isLatest(t) ? shortName(t.revision) || ready : t.revision, t.percent, t.tag))
        .sort();
    if (JSON.stringify(asked) === JSON.stringify(serving))
        return undefined;
    return `its traffic does not serve as asked: asked ${asked.join(', ')}; serving ${serving.join(', ') || 'nothing'}`;
}


/***/ })

};

//# sourceMappingURL=338.index.js.map