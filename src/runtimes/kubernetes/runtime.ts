/**
 * Kubernetes as a runtime, by digest. prepare() reads each workload, picks its container, and asks
 * the server for a dry run of the change; deploy() updates the workloads in order with an
 * image-only strategic-merge patch (resourceVersion precondition, fieldManager portable-deploy),
 * waits as `kubectl rollout status` does (and fails early on pods that cannot pull or keep
 * crashing), and on failure restores the exact pod templates it read, guarded by a JSON Patch test.
 */
import { leftAsIs, reportReserveMs, runDeadline, waitBound, type WaitBound } from '../../deadline.js';
import type { Log } from '../../oci/log.js';
import type { DeployResult, DeployTarget, PreparedDeployment, Runtime } from '../runtime.js';
import { KubernetesClient, KubernetesError, type Connection } from './client.js';
import { connect } from './connection.js';
import { workloadLabel, type KubernetesInputs, type WorkloadRef } from './inputs.js';
import {
  describeStuckPod,
  failedPod,
  rolloutRefusal,
  rolloutStatus,
  stuckPod,
  type Pod,
  type RolloutState,
} from './rollout.js';
import {
  CHANGE_CAUSE,
  chooseContainer,
  collectionPath,
  imagePatch,
  jobFromJob,
  jobRunName,
  objectPath,
  podTemplate,
  runsImage,
  selectorString,
  templateDiff,
  undoPatch,
  type ChosenContainer,
  type KubeObject,
} from './workload.js';

const FIELD_MANAGER = 'portable-deploy';
const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const LOG_LINES = 20;

export interface KubernetesRuntimeOptions {
  /** How to reach the cluster (default: from the inputs). */
  readonly connect?: () => Promise<Connection>;
  /** The wait between two looks at a rollout, in ms. */
  readonly pollIntervalMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export function kubernetesRuntime(inputs: KubernetesInputs, options: KubernetesRuntimeOptions = {}): Runtime {
  return new KubernetesRuntime(inputs, options);
}

/** One workload as prepare read it. */
interface Read {
  readonly ref: WorkloadRef;
  readonly label: string;
  readonly object: KubeObject;
  readonly container: ChosenContainer;
  /** The template already runs the image: only check it is healthy. */
  readonly upToDate: boolean;
}

/** One workload this run changed (or ran), for the undo. */
interface Changed {
  readonly read: Read;
  /** The object read just before the patch: its pod template is what an undo restores. */
  readonly before: KubeObject;
  /** Where its undo stands, for what a run timeout says it is left as. */
  undo?: 'sent' | 'restored' | 'serving' | 'kept';
}

interface Outcome {
  readonly label: string;
  readonly revision: string | undefined;
  readonly previousImage: string;
  readonly job: string | undefined;
  readonly detail: string;
}

/** A rollout that did not succeed (as opposed to a call that failed): what the undo follows. */
class RolloutFailure extends KubernetesError {}

class KubernetesRuntime implements Runtime {
  readonly name = 'kubernetes';
  private readonly pollIntervalMs: number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    private readonly inputs: KubernetesInputs,
    private readonly options: KubernetesRuntimeOptions,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.env = options.env ?? process.env;
  }

  async prepare(target: DeployTarget, log: Log): Promise<PreparedDeployment> {
    const connection = await (this.options.connect ?? (() => connect(this.inputs.cluster)))();
    const client = new KubernetesClient(connection);
    const namespace = this.inputs.namespace ?? connection.namespace ?? 'default';
    const where = `namespace ${namespace} (${connection.where})`;
    log(`Kubernetes: ${where}`);
    const reads: Read[] = [];
    for (const ref of this.inputs.workloads) reads.push(await this.read(client, ref, namespace, target.image));
    const plan: string[] = [];
    const dryRuns: string[] = [];
    for (const read of reads) {
      if (read.upToDate) {
        plan.push(
          `${read.label} already runs ${target.image} (container ${read.container.name}): would change nothing and check it is healthy`,
        );
        continue;
      }
      plan.push(...templateDiff(read.label, read.container, target.image));
      dryRuns.push(await this.dryRun(client, read, namespace, target));
    }
    plan.push(...dryRuns);
    plan.push(
      `would wait for each rollout as kubectl rollout status does (at most ${this.inputs.waitTimeoutSeconds} s each, failing early on pods that cannot pull the image or keep crashing)` +
        (this.inputs.rollback
          ? ', and undo every change on failure'
          : ', and leave a failed rollout as it is (k8s-rollback: false)'),
    );
    return {
      plan,
      warnings: [],
      deploy: (deployLog) => this.deploy(client, reads, namespace, target.image, deployLog),
    };
  }

  /** Reads a workload and checks what prepare can: it exists, its container, a rollout can happen. */
  private async read(client: KubernetesClient, ref: WorkloadRef, namespace: string, image: string): Promise<Read> {
    const label = workloadLabel(ref);
    const path = objectPath(ref, namespace);
    const response = await client.request<KubeObject>('GET', path, { retry: true });
    if (response.status === 404)
      throw new KubernetesError(
        `k8s-workload: ${label} does not exist in namespace ${namespace} (${client.connection.where}); create it first (this action updates an existing workload's image)`,
        { status: 404 },
      );
    if (response.status !== 200)
      throw client.failure('GET', path, response, `reading ${label} in namespace ${namespace}`);
    const object = response.body;
    const container = chooseContainer(podTemplate(ref.kind, object), this.inputs.container, label);
    if (typeof container === 'string') throw new KubernetesError(container);
    const refusal = rolloutRefusal(ref.kind, object, label);
    if (refusal) throw new KubernetesError(refusal);
    // A Job's template cannot change: each run makes a new Job, never "up to date".
    const upToDate = ref.kind !== 'job' && runsImage(container.image, image);
    return { ref, label, object, container, upToDate };
  }

  private changeCause(container: ChosenContainer, image: string): string {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = this.env;
    const by = server && repo && run ? ` (${server}/${repo}/actions/runs/${run})` : '';
    return `portable-deploy: set image ${container.name}=${image}${by}`;
  }

  /** The server's dry run of the change (dryRun=All): admission, validation and RBAC, with nothing changed. */
  private async dryRun(client: KubernetesClient, read: Read, namespace: string, target: DeployTarget): Promise<string> {
    const { ref, label, object, container } = read;
    const cause = this.changeCause(container, target.image);
    const response =
      ref.kind === 'job'
        ? await client.request('POST', collectionPath('job', namespace), {
            query: { dryRun: 'All', fieldManager: FIELD_MANAGER },
            body: jobFromJob(object, jobRunName(ref.name), container, target.image, cause),
          })
        : await client.request('PATCH', objectPath(ref, namespace), {
            query: { dryRun: 'All', fieldManager: FIELD_MANAGER },
            body: imagePatch(ref.kind, object, container, target.image, cause),
            contentType: STRATEGIC_MERGE,
          });
    const what = ref.kind === 'job' ? `creating a Job from ${label}` : `patching ${label}`;
    if (response.status >= 200 && response.status < 300) return `server dry run of ${what}: accepted`;
    if (response.status === 403 && target.planning)
      return `server dry run of ${what}: not allowed for this identity (${client.failure('', '', response).message.split(': ').slice(1).join(': ') || 'forbidden'})`;
    throw client.failure(
      'PATCH',
      objectPath(ref, namespace),
      response,
      `the server dry run of ${what} in namespace ${namespace}`,
    );
  }

  private async deploy(
    client: KubernetesClient,
    reads: readonly Read[],
    namespace: string,
    image: string,
    log: Log,
  ): Promise<DeployResult> {
    const changed: Changed[] = [];
    const outcomes: Outcome[] = [];
    // Should the run's timeout fire anyway (an API server that stops answering), it says per workload
    // what this run left and the command that finishes the undo.
    const forget = leftAsIs(() => leftLines(changed, namespace, image));
    try {
      for (const read of reads) {
        try {
          outcomes.push(await this.deployOne(client, read, namespace, image, log, changed));
        } catch (error) {
          throw await this.fail(client, error, read, changed, namespace, image, log);
        }
      }
    } finally {
      forget();
    }
    const single = outcomes.length === 1;
    const output = (pick: (o: Outcome) => string | undefined): string => {
      const values = outcomes.filter((o) => pick(o) !== undefined);
      if (single) return pick(outcomes[0]!) ?? '';
      return values.map((o) => `${o.label}=${pick(o)}`).join('\n');
    };
    const jobs = outcomes.filter((o) => o.job).map((o) => o.job!);
    return {
      outputs: {
        'k8s-revision': output((o) => o.revision),
        'k8s-previous-image': output((o) => o.previousImage),
        'k8s-job': jobs.join('\n'),
      },
      detail: outcomes.map((o) => o.detail).join('; '),
    };
  }

  private async deployOne(
    client: KubernetesClient,
    read: Read,
    namespace: string,
    image: string,
    log: Log,
    changed: Changed[],
  ): Promise<Outcome> {
    const { ref, label, container } = read;
    const previousImage = container.image;
    if (read.upToDate) {
      log(`${label} already runs ${image}: nothing to change; checking it is healthy`);
      const state = await this.waitForRollout(client, ref, namespace, image, container.name, log);
      return {
        label,
        revision: revisionOf(ref.kind, state.object),
        previousImage,
        job: undefined,
        detail: `${label} already ran ${image}: unchanged, healthy`,
      };
    }
    if (ref.kind === 'job') return this.runJob(client, read, namespace, image, log, changed);

    // Read again just before the patch: the template restored on failure is the one replaced now.
    const path = objectPath(ref, namespace);
    const before = await client.get<KubeObject>(path);
    const now = chooseContainer(podTemplate(ref.kind, before), container.name, label);
    if (typeof now === 'string' || now.image !== container.image)
      throw new KubernetesError(
        `${label} changed since this run read it: container ${container.name} now runs ${typeof now === 'string' ? 'nothing' : now.image} (was ${container.image}). Another deploy ran at the same time; nothing was changed by this run: run it again`,
      );
    let response: KubeObject;
    try {
      response = await this.patchImage(client, read, before, now, path, image, namespace);
    } catch (error) {
      // The answer was lost (no HTTP status): the patch may have landed. Counted as changed, so the
      // undo, guarded by a test of this run's image, restores it if it did and finds nothing if not.
      if (error instanceof KubernetesError && error.status === undefined && error.access === undefined)
        changed.push({ read: { ...read, container: now }, before });
      throw error;
    }
    changed.push({ read: { ...read, container: now }, before });
    log(`${label}: container ${now.name} set to ${image} (generation ${response.metadata?.generation ?? '?'})`);
    if (ref.kind === 'cronjob')
      return {
        label,
        revision: String(response.metadata?.generation ?? ''),
        previousImage,
        job: undefined,
        detail: `${label} runs ${image} from its next schedule`,
      };
    const state = await this.waitForRollout(client, ref, namespace, image, now.name, log);
    const revision = revisionOf(ref.kind, state.object);
    return {
      label,
      revision,
      previousImage,
      job: undefined,
      detail: `${label} rolled out ${image}${revision ? ` (revision ${revision})` : ''}`,
    };
  }

  /**
   * The image patch, with the resourceVersion read: a 409 is someone else's change. A failure that
   * may have been applied (5xx, 429, a lost connection) is checked by reading the workload again:
   * applied, it is done; unchanged, it is sent again; changed otherwise, it is someone else's.
   */
  private async patchImage(
    client: KubernetesClient,
    read: Read,
    before: KubeObject,
    container: ChosenContainer,
    path: string,
    image: string,
    namespace: string,
  ): Promise<KubeObject> {
    const { ref, label } = read;
    const cause = this.changeCause(container, image);
    const conflict = () =>
      new KubernetesError(
        `${label} was changed by someone else while this run patched it (409 Conflict on resourceVersion ${before.metadata?.resourceVersion ?? '?'}): nothing was changed by this run. Run it again`,
        { status: 409, reason: 'Conflict' },
      );
    for (let attempt = 1; ; attempt++) {
      let failure: KubernetesError;
      try {
        const response = await client.request<KubeObject>('PATCH', path, {
          query: { fieldManager: FIELD_MANAGER },
          body: imagePatch(ref.kind, before, container, image, cause),
          contentType: STRATEGIC_MERGE,
        });
        if (response.status >= 200 && response.status < 300) return response.body;
        if (response.status === 409) throw conflict();
        failure = client.failure('PATCH', path, response, `patching the image of ${label} in namespace ${namespace}`);
        if (![429, 500, 502, 503, 504].includes(response.status)) throw failure;
      } catch (error) {
        if (!(error instanceof KubernetesError) || error.status !== undefined || error.access !== undefined)
          throw error;
        failure = error;
      }
      if (attempt >= 4) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
      const now = await client.get<KubeObject>(path);
      if (now.metadata?.resourceVersion === before.metadata?.resourceVersion) continue;
      const current = chooseContainer(podTemplate(ref.kind, now), container.name, label);
      const applied =
        typeof current !== 'string' && current.image === image && now.metadata?.annotations?.[CHANGE_CAUSE] === cause;
      if (applied) return now;
      throw conflict();
    }
  }

  /** job/NAME: a new Job from its spec, with the image, waited for until it completes or fails. */
  private async runJob(
    client: KubernetesClient,
    read: Read,
    namespace: string,
    image: string,
    log: Log,
    changed: Changed[],
  ): Promise<Outcome> {
    const { ref, label, container, object } = read;
    const name = jobRunName(ref.name);
    const body = jobFromJob(object, name, container, image, this.changeCause(container, image));
    const created = await client.call<KubeObject>(
      'POST',
      collectionPath('job', namespace),
      { query: { fieldManager: FIELD_MANAGER }, body },
      `creating Job ${name} from ${label} in namespace ${namespace}`,
    );
    changed.push({ read: { ...read, ref: { kind: 'job', name } }, before: created });
    log(`created job/${name} from ${label}; waiting until it completes`);
    await this.waitForRollout(client, { kind: 'job', name }, namespace, image, container.name, log);
    return {
      label,
      revision: undefined,
      previousImage: container.image,
      job: name,
      detail: `job/${name} (from ${label}) completed on ${image}`,
    };
  }

  /**
   * A rollout's wait: wait-timeout, cut so that the undo (a quarter of the run's timeout, at most
   * wait-timeout and 5 minutes) and the report still fit before the run's timeout.
   */
  private rolloutBound(): WaitBound {
    const run = runDeadline();
    if (!run || !this.inputs.rollback) return waitBound(this.inputs.waitTimeoutSeconds, 'wait-timeout');
    const undo = Math.min(this.inputs.waitTimeoutSeconds * 1000, run.seconds * 250, 300_000);
    return waitBound(this.inputs.waitTimeoutSeconds, 'wait-timeout', undo + reportReserveMs(run.seconds));
  }

  /**
   * Waits until the rollout is done, as kubectl rollout status decides it; fails on a failed
   * rollout, on a new pod that cannot start, on a change made by someone else, and at wait-timeout.
   */
  private async waitForRollout(
    client: KubernetesClient,
    ref: WorkloadRef,
    namespace: string,
    image: string | undefined,
    containerName: string,
    log: Log,
    bound: WaitBound = this.rolloutBound(),
  ): Promise<{ object: KubeObject; state: RolloutState }> {
    const label = workloadLabel(ref);
    const path = objectPath(ref, namespace);
    const { deadline } = bound;
    let last = '';
    for (;;) {
      const object = await client.get<KubeObject>(path);
      const state = rolloutStatus(ref.kind, object);
      if (state.message !== last) log(`${label}: ${state.message}`);
      last = state.message;
      if (state.kind === 'done') return { object, state };
      if (state.kind === 'failed')
        throw new RolloutFailure(
          `${label}: ${state.message}${await this.podEvidence(client, object, namespace, image, containerName)}`,
        );
      if (image !== undefined) {
        const current = chooseContainer(podTemplate(ref.kind, object), containerName, label);
        if (ref.kind !== 'job' && typeof current !== 'string' && !runsImage(current.image, image))
          throw new RolloutFailure(
            `${label} was changed by someone else during the rollout: container ${containerName} now runs ${current.image}`,
          );
        const stuck = await this.findStuck(client, object, namespace, image, containerName);
        if (stuck) throw new RolloutFailure(`${label}: a new pod cannot start: ${stuck}`);
      }
      if (Date.now() >= deadline)
        throw new RolloutFailure(
          `${label} did not finish its rollout within ${bound.said}: ${state.message}${await this.podEvidence(client, object, namespace, image, containerName)}`,
        );
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(this.pollIntervalMs, Math.max(0, deadline - Date.now()))),
      );
    }
  }

  private async listPods(client: KubernetesClient, object: KubeObject, namespace: string): Promise<Pod[]> {
    const selector = selectorString(object.spec?.selector);
    if (!selector) return [];
    const list = await client.get<{ items?: Pod[] }>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
      labelSelector: selector,
    });
    return list.items ?? [];
  }

  /** The first new pod that cannot start, in words with its last log lines; undefined when none. */
  private async findStuck(
    client: KubernetesClient,
    object: KubeObject,
    namespace: string,
    image: string,
    containerName: string,
  ): Promise<string | undefined> {
    const stuck = stuckPod(await this.listPods(client, object, namespace), containerName, image);
    if (!stuck) return undefined;
    const logs =
      stuck.reason === 'CrashLoopBackOff' ? await this.lastLogLines(client, namespace, stuck.pod, stuck.container) : [];
    return describeStuckPod(stuck, logs);
  }

  /** What the new pods say, for a rollout that failed or timed out. */
  private async podEvidence(
    client: KubernetesClient,
    object: KubeObject,
    namespace: string,
    image: string | undefined,
    containerName: string,
  ): Promise<string> {
    if (image === undefined) return '';
    try {
      const stuck = await this.findStuck(client, object, namespace, image, containerName);
      if (stuck) return `\n${stuck}`;
      const failed = failedPod(await this.listPods(client, object, namespace), containerName, image);
      if (!failed) return '';
      const logs = await this.lastLogLines(client, namespace, failed.pod, containerName, false);
      return (
        `\npod ${failed.pod}, container ${containerName}: exited ${failed.exitCode} (${failed.reason})` +
        (logs.length ? `\nlast log lines of ${containerName}:\n${logs.map((line) => `  ${line}`).join('\n')}` : '')
      );
    } catch {
      return '';
    }
  }

  private async lastLogLines(
    client: KubernetesClient,
    namespace: string,
    pod: string,
    container: string,
    tryPrevious = true,
  ): Promise<string[]> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
    for (const previous of tryPrevious ? [true, false] : [false]) {
      const response = await client
        .request<string>('GET', path, { query: { container, tailLines: LOG_LINES, previous }, text: true, retry: true })
        .catch(() => undefined);
      if (response?.status === 200 && typeof response.body === 'string' && response.body.trim())
        return response.body.trimEnd().split('\n').slice(-LOG_LINES);
    }
    return [];
  }

  /** The step's error after a failed workload: what failed, and what was undone (in reverse order) and whether it serves again. */
  private async fail(
    client: KubernetesClient,
    error: unknown,
    read: Read,
    changed: readonly Changed[],
    namespace: string,
    image: string,
    log: Log,
  ): Promise<Error> {
    if (changed.length === 0)
      return error instanceof RolloutFailure ? new KubernetesError(error.message) : (error as Error);
    const lines = [error instanceof Error ? error.message : String(error)];
    if (!this.inputs.rollback) {
      lines.push(
        `k8s-rollback is false: left as it is. To undo by hand: ${
          changed
            .filter((c) => c.read.ref.kind !== 'job')
            .map((c) => `kubectl rollout undo ${c.read.label} -n ${namespace}`)
            .join('; ') || 'nothing to undo'
        }`,
      );
      return new KubernetesError(lines.join('\n'));
    }
    if (!changed.some((c) => c.read.ref.name === read.ref.name && c.read.ref.kind === read.ref.kind))
      lines.push(`${read.label} was not changed by this run.`);
    for (const change of [...changed].reverse()) {
      try {
        lines.push(await this.undo(client, change, namespace, image, log));
      } catch (undoError) {
        // One undo that cannot reach the API server must not hide the failure or stop the other undos.
        lines.push(
          `${change.read.label} could NOT be undone (${(undoError as Error).message}): it may still run ${image}. Undo it by hand: kubectl rollout undo ${change.read.label} -n ${namespace}`,
        );
      }
    }
    return new KubernetesError(lines.join('\n'));
  }

  /** Restores the pod template read before the patch, guarded by a test of the image this run set; says where it stands. */
  private async undo(
    client: KubernetesClient,
    change: Changed,
    namespace: string,
    image: string,
    log: Log,
  ): Promise<string> {
    const { ref, label, container } = change.read;
    if (ref.kind === 'job')
      return `job/${ref.name} is not undone (a Job run changes nothing else); it stays for its logs: kubectl logs job/${ref.name} -n ${namespace}`;
    const path = objectPath(ref, namespace);
    change.undo = 'sent';
    const response = await client.request<KubeObject>('PATCH', path, {
      query: { fieldManager: FIELD_MANAGER },
      body: undoPatch(ref.kind, change.before, container, image),
      contentType: JSON_PATCH,
      retry: true,
    });
    const refused = response.status === 422 || response.status === 409;
    // A refused test may mean this undo was already applied (an answer lost and sent again).
    const restored =
      refused &&
      JSON.stringify(podTemplate(ref.kind, await client.get<KubeObject>(path))) ===
        JSON.stringify(podTemplate(ref.kind, change.before));
    if (refused && !restored) {
      change.undo = 'kept';
      return `${label} was not undone: its container ${container.name} no longer runs ${image} (another deploy changed it since), so it is left as it is`;
    }
    if (!restored && (response.status < 200 || response.status >= 300)) {
      change.undo = undefined;
      return `${label} could NOT be undone: ${client.failure('PATCH', path, response, 'the undo patch').message}. Undo it by hand: kubectl rollout undo ${label} -n ${namespace}`;
    }
    change.undo = 'restored';
    log(`${label}: restored the pod template it had before (image ${container.image})`);
    if (ref.kind === 'cronjob') {
      change.undo = 'serving';
      return `${label} was undone: its next run uses ${container.image} again`;
    }
    try {
      // The undo's wait keeps only the report's reserve before the run's timeout.
      const bound = waitBound(this.inputs.waitTimeoutSeconds, 'wait-timeout');
      await this.waitForRollout(client, ref, namespace, undefined, container.name, log, bound);
      change.undo = 'serving';
      return `${label} was undone: the previous template (image ${container.image}) serves again`;
    } catch (error) {
      return `${label} was undone (its template is the previous one again, image ${container.image}), but it is NOT serving yet: ${(error as Error).message}. See it finish: kubectl rollout status ${label} -n ${namespace}`;
    }
  }
}

function revisionOf(kind: WorkloadRef['kind'], object: KubeObject): string | undefined {
  switch (kind) {
    case 'deployment':
      return object.metadata?.annotations?.['deployment.kubernetes.io/revision'];
    case 'statefulset':
      return typeof object.status?.updateRevision === 'string' ? object.status.updateRevision : undefined;
    default:
      return object.metadata?.generation === undefined ? undefined : String(object.metadata.generation);
  }
}

/**
 * What this run left of each workload it changed, newest first, with the command that finishes the
 * undo: what a run timeout says when it fires in the middle of the deploy or of its undo.
 */
function leftLines(changed: readonly Changed[], namespace: string, image: string): string | undefined {
  if (changed.length === 0) return undefined;
  return [...changed]
    .reverse()
    .map(({ read: { ref, label, container }, undo }) => {
      if (ref.kind === 'job')
        return `- job/${ref.name} was created by this run and may still run ${image}; it changes nothing else. Stop it: kubectl delete job/${ref.name} -n ${namespace}`;
      switch (undo) {
        case 'serving':
          return `- ${label} was undone: the previous template (image ${container.image}) serves again`;
        case 'restored':
          return `- ${label} has its previous template again (image ${container.image}) and is rolling back to it. See it finish: kubectl rollout status ${label} -n ${namespace}`;
        case 'sent':
          return `- ${label}: this run's undo was sent and not yet answered, so it may still run ${image}. If it does, undo it: kubectl rollout undo ${label} -n ${namespace}`;
        case 'kept':
          return `- ${label} was changed by someone else since this run's patch; left as it is`;
        default:
          return (
            `- ${label} runs ${image} (this run's change, NOT undone). Undo it: ` +
            (ref.kind === 'cronjob'
              ? `kubectl set image ${label} ${container.name}=${container.image} -n ${namespace}`
              : `kubectl rollout undo ${label} -n ${namespace}`)
          );
      }
    })
    .join('\n');
}
