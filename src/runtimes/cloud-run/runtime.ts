/**
 * Google Cloud Run as a runtime, by digest, through the official v2 client on its REST transport:
 * a service created or updated (only the image and the given fields change), waited for until its
 * revision is ready; or a job updated and, when asked, executed and waited for.
 */
import type { ExecutionsClient, JobsClient, RevisionsClient, ServicesClient } from '@google-cloud/run';
import type { CloudRunInputs } from './inputs.js';
import { registryTraits } from '../../registries/index.js';
import {
  explainGoogleError,
  googleClientOptions,
  googleProject,
  GoogleStatus,
  googleStatus,
  loadGoogleSdk,
  OperationFailed,
  OperationTimeout,
  waitForOperation,
} from '../../clouds/google.js';
import {
  CloudRunError,
  conditionSucceeded,
  failureMessages,
  isPinned,
  renderJob,
  renderService,
  servingProblem,
  shortName,
  type Execution,
  type Job,
  type RenderedService,
  type Service,
} from './render.js';
import type { DeployResult, DeployTarget, PreparedDeployment, PullRequestContext, Runtime } from '../runtime.js';
import {
  closedPreviews,
  previewPullRequest,
  previewSuffix,
  previewTag,
  previewNumbers,
  withoutPreviewTags,
} from './previews.js';
import { checkSplit, setSplit } from './split.js';
import { describeTraffic, isLatestType } from './traffic.js';
import { failedConditions, revisionDiagnosis } from './diagnostics.js';
import type { Log } from '../../oci/log.js';
import { leftAsIs, waitBound, type WaitBound } from '../../deadline.js';

type ServiceTarget = Extract<CloudRunInputs['target'], { kind: 'service' }>;
type JobTarget = Extract<CloudRunInputs['target'], { kind: 'job' }>;

const DEVELOPER_ROLE = 'roles/run.developer (and roles/iam.serviceAccountUser on the runtime service account)';

/**
 * Where Cloud Run can pull from: Artifact Registry, gcr.io (served by Artifact Registry) and
 * public Docker Hub images. Anything else fails the run before the push; the rest come back as warnings.
 */
export function pullProblems(
  target: Pick<DeployTarget, 'registry' | 'family'>,
  project: string,
): { readonly error?: string; readonly warnings: string[] } {
  const error = pullError(target);
  if (error) return { error, warnings: [] };
  const registry = registryTraits(target.family);
  if (registry.cloud === 'google') {
    return {
      warnings:
        registry.owner && registry.owner !== project
          ? [
              `${target.registry}/${registry.owner} is in another project than Cloud Run (${project}): grant the Cloud Run service agent of ${project} (service-PROJECT_NUMBER@serverless-robot-prod.iam.gserviceaccount.com) roles/artifactregistry.reader on the repository`,
            ]
          : [],
    };
  }
  if (registry.publicHub) {
    return {
      warnings: [
        'Cloud Run pulls from Docker Hub anonymously: the repository must be public (or use an Artifact Registry remote repository)',
      ],
    };
  }
  return { warnings: [] };
}

/** A destination Cloud Run can never pull from: known from its host alone, without credentials. */
function pullError(target: Pick<DeployTarget, 'registry' | 'family'>): string | undefined {
  const registry = registryTraits(target.family);
  if (registry.cloud === 'google' || registry.publicHub) return undefined;
  return `Cloud Run cannot pull from ${target.registry}: it pulls from Artifact Registry (LOCATION-docker.pkg.dev), gcr.io or public Docker Hub. Push to an Artifact Registry repository instead`;
}

interface CloudRunClients {
  readonly services: ServicesClient;
  readonly jobs: JobsClient;
  readonly revisions: RevisionsClient;
  readonly executions: ExecutionsClient;
}

/** One region's prepared deployment; close() lets go of its clients when another region's prepare failed. */
export type CloudRunPrepared = PreparedDeployment & { close(): Promise<void> };

/** The runtime for inputs.region (regions.ts runs one per region). */
export function cloudRunRuntime(inputs: CloudRunInputs): CloudRunRuntime {
  return new CloudRunRuntime(inputs);
}

export class CloudRunRuntime implements Runtime {
  readonly name = 'cloud-run';

  constructor(private readonly inputs: CloudRunInputs) {}

  async prepare(target: DeployTarget, log: Log): Promise<CloudRunPrepared> {
    const preview = this.inputs.preview ? previewPullRequest(target.pullRequest) : undefined;
    const platforms = await target.platforms();
    if (platforms.length > 0 && !platforms.some((p) => /^linux\/amd64(?:\/|$)/.test(p))) {
      throw new CloudRunError(
        `Cloud Run runs linux/amd64 images, and ${target.image} is for ${platforms.join(', ')} only: build it for linux/amd64 too (docker buildx build --platform linux/amd64,linux/arm64)`,
      );
    }
    // Checks that need no credentials come first, so a plan without them (a fork) still fails on them.
    const unpullable = pullError(target);
    if (unpullable) throw new CloudRunError(unpullable);
    const project = await googleProject(this.inputs.project);
    const reach = pullProblems(target, project);
    const run = await loadGoogleSdk(() => import('@google-cloud/run'));
    const options = await googleClientOptions('run');
    const clients: CloudRunClients = {
      services: new run.ServicesClient(options),
      jobs: new run.JobsClient(options),
      revisions: new run.RevisionsClient(options),
      executions: new run.ExecutionsClient(options),
    };
    const parent = `projects/${project}/locations/${this.inputs.region}`;
    const where = `project ${project}, region ${this.inputs.region}`;
    try {
      const runTarget = this.inputs.target;
      if (preview && runTarget.kind === 'service') {
        const prepared = preview.closed
          ? await preparePreviewTakedown(clients, parent, where, runTarget, preview, this.inputs.waitTimeoutSeconds)
          : await this.prepareService(clients, parent, where, target, previewTarget(runTarget, preview), log, preview);
        return {
          ...prepared,
          warnings: [...reach.warnings, ...(prepared.warnings ?? [])],
          deploy: async (deployLog) => ({ ...(await prepared.deploy(deployLog)), postOnPullRequest: true }),
          close: () => closeAll(clients),
        };
      }
      if (runTarget.kind === 'service') {
        const prepared = await this.prepareService(clients, parent, where, target, runTarget, log);
        return {
          ...prepared,
          warnings: [...reach.warnings, ...(prepared.warnings ?? [])],
          close: () => closeAll(clients),
        };
      }
      const prepared = await this.prepareJob(clients, parent, where, target, runTarget, log);
      return { ...prepared, warnings: reach.warnings, close: () => closeAll(clients) };
    } catch (error) {
      await closeAll(clients);
      throw error;
    }
  }

  private async prepareService(
    clients: CloudRunClients,
    parent: string,
    where: string,
    target: DeployTarget,
    serviceTarget: ServiceTarget,
    log: Log,
    preview?: PullRequestContext,
  ): Promise<Omit<PreparedDeployment, 'warnings'> & { warnings?: string[] }> {
    const name = `${parent}/services/${serviceTarget.name}`;
    const label = `Cloud Run service ${serviceTarget.name} (${where})`;
    const existing = await readOrMissing(() => clients.services.getService({ name }), `Reading ${label}`, where);
    if (!existing && serviceTarget.noTraffic) {
      throw new CloudRunError(
        preview
          ? `${label} does not exist yet, and a preview needs one: a new service's first revision takes all traffic. Deploy it once (from the default branch) before previews`
          : `${label} does not exist yet, and no-traffic needs one: a new service's first revision takes all traffic. Deploy it once without no-traffic`,
      );
    }
    const place = placeOf(parent);
    let rendered = renderService(existing, this.inputs, serviceTarget, target.image, place);
    const warnings: string[] = [];
    // As with gcloud run deploy, a plain deploy leaves pinned traffic where it is (a preview or
    // no-traffic pins it): the new revision would then serve nothing, which must not pass unsaid.
    const followsLatest = (existing?.traffic ?? []).some((t) => !isPinned(t) && (t.percent ?? 0) > 0);
    if (
      existing?.traffic?.length &&
      !followsLatest &&
      !preview &&
      !serviceTarget.noTraffic &&
      !serviceTarget.traffic &&
      rendered.changes.length > 0
    )
      warnings.push(
        `${label}: its traffic is pinned to named revisions (${describeTraffic(existing.traffic, shortName(existing.latestReadyRevision))}), so the new revision will serve none of it; add cloud-run-traffic: LATEST=100 to this step to move all traffic to it once it is ready`,
      );
    if (preview) {
      // The same update takes down the previews of pull requests closed meanwhile.
      const stale = await closedPreviews(existing?.traffic, preview);
      if (stale.warning) warnings.push(stale.warning);
      const traffic = withoutPreviewTags(rendered.service.traffic, stale.closed);
      if (traffic) {
        log(
          `${label}: traffic tags ${stale.closed.map(previewTag).join(', ')} belong to closed pull requests; the deploy removes them`,
        );
        rendered = {
          ...rendered,
          service: { ...rendered.service, traffic },
          changes: [
            ...rendered.changes,
            `traffic tags ${stale.closed.map(previewTag).join(', ')} removed: their pull requests are closed`,
          ],
          updateMask: [...new Set([...rendered.updateMask, 'traffic'])],
        };
      }
    }
    if (existing && rendered.revisionName && rendered.changes.length > 0) {
      // Revision names are unique and a revision never changes: a taken name fails the update late.
      const revision = `${name}/revisions/${rendered.revisionName}`;
      const taken = await readOrMissing(
        () => clients.revisions.getRevision({ name: revision }),
        `Reading revision ${rendered.revisionName}`,
        where,
      );
      if (taken) {
        throw new CloudRunError(
          `${label} already has a revision named ${rendered.revisionName}, and a revision cannot change: use another revision-suffix (e.g. the commit SHA and the run attempt)`,
        );
      }
    }
    await checkSplit(clients.revisions, name, label, existing, serviceTarget, rendered.revisionName);
    log(
      existing
        ? `${label} exists; serving ${shortName(existing.latestReadyRevision) || 'nothing yet'}`
        : `${label} does not exist yet`,
    );
    const plan = planLines(label, existing !== undefined, rendered.changes, target.image);
    if (existing && rendered.changes.length === 0) {
      // Settled and not serving as asked: the deploy would fail, so the plan (and the run, before the push) fails now.
      if (!existing.reconciling) await this.verifyServing(clients, existing, label, true);
      else
        plan.push('  a rollout is in progress: the deploy would wait for it, then check the service serves as asked');
    }
    plan.push(...rendered.trafficPlan.map((line) => `  ${line}`));
    return {
      plan,
      warnings,
      deploy: async (deployLog) => {
        try {
          const result = await this.deployOrVerify(
            clients,
            serviceTarget,
            target,
            parent,
            name,
            label,
            existing,
            rendered,
            deployLog,
          );
          if (!serviceTarget.traffic) return result;
          // The split is set once the new revision is ready, so a failed rollout never moves traffic.
          const moved = await setSplit(
            clients.services,
            name,
            label,
            serviceTarget,
            secondsLeft(waitBound(this.inputs.waitTimeoutSeconds, 'wait-timeout')),
            DEVELOPER_ROLE,
            deployLog,
          );
          const split = serviceResult(
            await this.verifyServing(clients, moved, label, false),
            serviceTarget,
            existing && rendered.changes.length === 0
              ? 'already running, traffic set'
              : `${existing ? 'updated' : 'created'}, traffic set`,
          );
          const traffic = describeTraffic(moved.traffic, shortName(moved.latestReadyRevision));
          return { ...split, detail: `${split.detail}; traffic: ${traffic}` };
        } finally {
          await closeAll(clients);
        }
      },
    };
  }

  /** The update (or create), or, when nothing changes, the check that the service serves as asked. */
  private async deployOrVerify(
    clients: CloudRunClients,
    serviceTarget: ServiceTarget,
    target: DeployTarget,
    parent: string,
    name: string,
    label: string,
    existing: Service | undefined,
    rendered: RenderedService,
    deployLog: Log,
  ): Promise<DeployResult> {
    if (existing && rendered.changes.length === 0) {
      const read = async () => (await clients.services.getService({ name }))[0];
      const settled = await this.settled(read, name, label, deployLog);
      // Someone changed the service since prepare read it: "nothing to change" no longer holds.
      if (renderService(settled, this.inputs, serviceTarget, target.image, placeOf(parent)).changes.length > 0) {
        throw new CloudRunError(
          `${label} was changed by someone else since this run read it, and no longer runs ${target.image} as asked; this run changed nothing. Run the step again`,
        );
      }
      return serviceResult(await this.verifyServing(clients, settled, label, true), serviceTarget, 'already running');
    }
    return await this.deployService(clients, serviceTarget, parent, name, label, existing, rendered, deployLog);
  }

  private async deployService(
    clients: CloudRunClients,
    serviceTarget: ServiceTarget,
    parent: string,
    name: string,
    label: string,
    existing: Service | undefined,
    rendered: RenderedService,
    log: Log,
  ): Promise<DeployResult> {
    const timeout = this.inputs.waitTimeoutSeconds;
    const service = rendered.service;
    let operation;
    try {
      // The mask keeps every field this run did not change (even ones this client cannot decode),
      // and the etag read in prepare makes a change made meanwhile fail instead of being overwritten.
      [operation] = existing
        ? await clients.services.updateService({ service, updateMask: { paths: [...rendered.updateMask] } })
        : await clients.services.createService({ parent, serviceId: serviceTarget.name, service });
    } catch (error) {
      throw explainWriteError(error, existing ? 'Updating' : 'Creating', label, name, service.etag);
    }
    log(`${existing ? 'updating' : 'creating'} ${label}; waiting up to ${timeout} s for the new revision to be ready`);
    // Cut to end before the run's timeout, so this failure (where traffic is, how to keep it) is what the step says.
    const bound = waitBound(timeout, 'wait-timeout');
    const forget = leftAsIs(() => `- ${stillStarting(label, name, existing)}`);
    let done: Service;
    try {
      const check = (operationName: string) => clients.services.checkUpdateServiceProgress(operationName);
      done = await waitForOperation(operation, check, secondsLeft(bound));
    } catch (error) {
      throw await this.revisionFailure(clients, name, label, error, bound, existing);
    } finally {
      forget();
    }
    return serviceResult(
      await this.verifyServing(clients, done, label, false),
      serviceTarget,
      existing ? 'updated' : 'created',
    );
  }

  /** A service or job once no rollout is in progress (bounded by wait-timeout), read afresh. */
  private async settled<T extends { reconciling?: boolean | null }>(
    readOnce: () => Promise<T>,
    name: string,
    label: string,
    log: Log,
  ): Promise<T> {
    const timeout = this.inputs.waitTimeoutSeconds;
    const bound = waitBound(timeout, 'wait-timeout');
    const { deadline } = bound;
    const read = async () => {
      try {
        return await readOnce();
      } catch (error) {
        throw explainGoogleError(error, `Reading ${label}`, name, 'roles/run.viewer');
      }
    };
    let current = await read();
    let delay = 1_000;
    if (current.reconciling) log(`${label} is rolling out a change; waiting up to ${timeout} s for it to finish`);
    while (current.reconciling) {
      if (Date.now() >= deadline) {
        throw new CloudRunError(
          `${label} was still rolling out a change after ${bound.byRun ? bound.said : `wait-timeout (${timeout} s)`}; this run changed nothing. Run the step again once the rollout has finished`,
        );
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
  private async verifyServing(
    clients: CloudRunClients,
    service: Service,
    label: string,
    unchanged: boolean,
  ): Promise<Service> {
    const problem = servingProblem(service);
    if (!problem) return service;
    const created = service.latestCreatedRevision;
    const reasons: string[] = [];
    let diagnosis = '';
    if (created && created !== service.latestReadyRevision) {
      let revision;
      try {
        [revision] = await clients.revisions.getRevision({ name: created });
        reasons.push(...failedConditions(revision.conditions));
      } catch {
        // The service's own conditions, in the problem, still say what failed.
      }
      diagnosis = await revisionDiagnosis(revision, created, { ...placeOf(created), service: shortName(service.name) });
    }
    const todo = unchanged
      ? ` This run changed nothing: the service already asks for this image. Fix the cause (see the revision's logs), then deploy again with a new revision-suffix (or a new image) to start a new revision`
      : '';
    throw new CloudRunError(
      `${label}: ${problem}${reasons.length ? `. Revision ${shortName(created)}: ${reasons.join('; ')}` : ''}.${todo}${diagnosis ? `\n${diagnosis}` : ''}`,
    );
  }

  /** Why the rollout failed, in Cloud Run's words, and where traffic stayed. */
  private async revisionFailure(
    clients: CloudRunClients,
    name: string,
    label: string,
    error: unknown,
    bound: WaitBound,
    existing: Service | undefined,
  ): Promise<Error> {
    if (error instanceof OperationTimeout) {
      const within = bound.byRun ? bound.said : `wait-timeout (${this.inputs.waitTimeoutSeconds} s)`;
      return new CloudRunError(
        `${label}: the new revision was not ready within ${within}; it may still be starting. ${stillStarting(label, name, existing)}. See its logs in the Cloud Console`,
        { cause: error },
      );
    }
    if (!(error instanceof OperationFailed)) {
      return explainGoogleError(error, `Waiting for the rollout of ${label}`, name, 'roles/run.viewer');
    }
    const reasons: string[] = [];
    let after: Service | undefined;
    let diagnosis = '';
    try {
      [after] = await clients.services.getService({ name });
      const revision = after.latestCreatedRevision;
      if (revision && revision !== after.latestReadyRevision) {
        let failed;
        try {
          [failed] = await clients.revisions.getRevision({ name: revision });
          reasons.push(...failedConditions(failed.conditions));
        } finally {
          diagnosis = await revisionDiagnosis(failed, revision, { ...placeOf(name), service: shortName(name) });
        }
      }
    } catch {
      // The operation's own error below still says what failed.
    }
    const message = (error as Error).message ?? String(error);
    const serving = after?.trafficStatuses?.length
      ? after.trafficStatuses
          .filter((t) => (t.percent ?? 0) > 0)
          .map((t) => `${t.percent}% to ${t.revision || shortName(after?.latestReadyRevision) || 'latest'}`)
          .join(', ')
      : undefined;
    return new CloudRunError(
      `${label}: the new revision ${shortName(after?.latestCreatedRevision) || ''} failed: ${reasons.length ? reasons.join('; ') : message}.` +
        (serving ? ` Traffic stays where it was (${serving}).` : '') +
        (diagnosis ? `\n${diagnosis}` : ''),
      { cause: error },
    );
  }

  private async prepareJob(
    clients: CloudRunClients,
    parent: string,
    where: string,
    target: DeployTarget,
    jobTarget: JobTarget,
    log: Log,
  ): Promise<Omit<PreparedDeployment, 'warnings'>> {
    const name = `${parent}/jobs/${jobTarget.name}`;
    const label = `Cloud Run job ${jobTarget.name} (${where})`;
    const existing = await readOrMissing(() => clients.jobs.getJob({ name }), `Reading ${label}`, where);
    log(existing ? `${label} exists` : `${label} does not exist yet`);
    const rendered = renderJob(existing, this.inputs, target.image, placeOf(parent));
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
          } else {
            // Nothing to change is no success when the job as it stands is not ready (a failed earlier update).
            const read = async () => (await clients.jobs.getJob({ name }))[0];
            const job = await this.settled(read, name, label, deployLog);
            if (job.terminalCondition && !conditionSucceeded(job.terminalCondition)) {
              throw new CloudRunError(
                `${label} already asks for ${target.image}, but is not ready: ${job.terminalCondition.message || `Ready is ${String(job.terminalCondition.state)}`}. This run changed nothing: fix the cause, then deploy again`,
              );
            }
          }
          if (!jobTarget.execute) {
            return {
              outputs: {},
              detail: `${label} ${existing ? (rendered.changes.length ? 'updated' : 'already up to date') : 'created'}`,
            };
          }
          return await this.executeJob(clients, name, label, deployLog);
        } finally {
          await closeAll(clients);
        }
      },
    };
  }

  private async writeJob(
    clients: CloudRunClients,
    jobTarget: JobTarget,
    parent: string,
    name: string,
    label: string,
    existing: Job | undefined,
    job: Job,
    log: Log,
  ): Promise<void> {
    try {
      const [operation] = existing
        ? await clients.jobs.updateJob({ job })
        : await clients.jobs.createJob({ parent, jobId: jobTarget.name, job });
      log(`${existing ? 'updating' : 'creating'} ${label}`);
      // Create and update share the operation type, so one progress check serves both.
      const check = (operationName: string) => clients.jobs.checkUpdateJobProgress(operationName);
      await waitForOperation(operation, check, secondsLeft(waitBound(this.inputs.waitTimeoutSeconds, 'wait-timeout')));
    } catch (error) {
      throw explainGoogleError(error, `${existing ? 'Updating' : 'Creating'} ${label}`, name, DEVELOPER_ROLE);
    }
  }

  private async executeJob(clients: CloudRunClients, name: string, label: string, log: Log): Promise<DeployResult> {
    const timeout = this.inputs.waitTimeoutSeconds;
    let operation;
    try {
      [operation] = await clients.jobs.runJob({ name });
    } catch (error) {
      throw explainGoogleError(error, `Executing ${label}`, name, 'roles/run.invoker or roles/run.developer');
    }
    const started = shortName((operation.metadata as { name?: string } | null)?.name);
    log(`executing ${label}${started ? `: execution ${started}` : ''}; waiting up to ${timeout} s for it to finish`);
    const bound = waitBound(timeout, 'wait-timeout');
    const { project, region } = placeOf(name);
    const cancel = `gcloud run jobs executions cancel ${started} --project ${project} --region ${region}`;
    const forget = leftAsIs(() => `- ${label}: execution ${started} goes on running. Stop it: ${cancel}`);
    let execution: Execution;
    try {
      const check = (operationName: string) => clients.jobs.checkRunJobProgress(operationName);
      execution = await waitForOperation(operation, check, secondsLeft(bound));
    } catch (error) {
      if (error instanceof OperationTimeout) {
        throw new CloudRunError(
          `${label}: execution ${started} did not finish within ${bound.byRun ? bound.said : `wait-timeout (${timeout} s)`}; it goes on running. Stop it: ${cancel}`,
          { cause: error },
        );
      }
      if (!(error instanceof OperationFailed)) {
        throw explainGoogleError(error, `Waiting for execution ${started} of ${label}`, name, 'roles/run.viewer');
      }
      // The failed operation carries only a message: the execution itself has the conditions and logs.
      let failed = error.metadata as Execution | null;
      try {
        if (failed?.name) [failed] = await clients.executions.getExecution({ name: failed.name });
      } catch {
        // The operation's message below still says what failed.
      }
      const reasons = failureMessages(failed?.conditions);
      throw new CloudRunError(
        `${label}: execution ${started} failed: ${reasons.length ? reasons.join('; ') : error.message}` +
          (failed?.logUri ? `. Logs: ${failed.logUri}` : ''),
        { cause: error },
      );
    } finally {
      forget();
    }
    const executionName = shortName(execution.name) || started;
    const problem = executionProblem(execution);
    if (problem) {
      throw new CloudRunError(
        `${label}: execution ${executionName} ${problem}` + (execution.logUri ? `. Logs: ${execution.logUri}` : ''),
      );
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
export function executionProblem(execution: Execution): string | undefined {
  const tasks = execution.taskCount ?? 0;
  const succeeded = execution.succeededCount ?? 0;
  const failed = execution.failedCount ?? 0;
  const cancelled = execution.cancelledCount ?? 0;
  const reasons = failureMessages(execution.conditions).join('; ');
  const counts = `${succeeded} of ${tasks || '?'} tasks succeeded, ${failed} failed, ${cancelled} cancelled`;
  if (cancelled > 0 || isCancelled(execution)) {
    return `was cancelled before it finished (${counts})${reasons ? `: ${reasons}` : ''}`;
  }
  if (failed > 0 || reasons) return `failed (${counts}): ${reasons || 'see its logs'}`;
  if (tasks === 0 || succeeded !== tasks) return `did not finish every task (${counts})`;
  return undefined;
}

// Condition.ExecutionReason CANCELLED / CANCELLING, as a name or (enum-encoding=int) a number.
function isCancelled(execution: Execution): boolean {
  return (execution.conditions ?? []).some((c) =>
    ['CANCELLED', 'CANCELLING', 3, 4].includes(c.executionReason as string | number),
  );
}

/** The plan for a service or job: what would be created or changed, or that nothing would. */
function planLines(label: string, exists: boolean, changes: readonly string[], image: string): string[] {
  if (!exists) return [`would create ${label} with:`, ...changes.map((c) => `  ${c}`)];
  if (changes.length) return [`would update ${label}:`, ...changes.map((c) => `  ${c}`)];
  return [`${label} already runs ${image} as asked: nothing to change`];
}

/** Reads a resource, or undefined when it does not exist; anything else is an error that says what to do. */
async function readOrMissing<T>(
  read: () => Promise<[T, ...unknown[]]>,
  action: string,
  where: string,
): Promise<T | undefined> {
  try {
    const [found] = await read();
    return found;
  } catch (error) {
    if (googleStatus(error) === GoogleStatus.NOT_FOUND) return undefined;
    throw explainGoogleError(error, action, where, 'roles/run.viewer (or roles/run.developer)');
  }
}

/**
 * A write's failure explained; a stale etag (ABORTED, or FAILED_PRECONDITION as some Google APIs
 * answer it) means the resource changed after prepare read it, and nothing was written.
 */
function explainWriteError(error: unknown, verb: string, label: string, name: string, etag: string | null | undefined) {
  const status = googleStatus(error);
  if (etag && (status === GoogleStatus.ABORTED || status === GoogleStatus.FAILED_PRECONDITION)) {
    return new CloudRunError(
      `${verb} ${label} was refused: it was changed by someone else since this run read it (etag ${etag}), and this run changed nothing (${(error as Error).message}). Run the step again to deploy over the current version`,
      { cause: error },
    );
  }
  return explainGoogleError(error, `${verb} ${label}`, name, DEVELOPER_ROLE);
}

function serviceResult(service: Service, target: ServiceTarget, what: string): DeployResult {
  const revision = shortName(service.latestReadyRevision);
  // servingProblem rules this out first; a green step never names an empty revision.
  if (!revision) throw new CloudRunError(`Cloud Run service ${target.name} has no ready revision`);
  const statuses = service.trafficStatuses ?? [];
  const tagged = target.revisionTag ? statuses.find((t) => t.tag === target.revisionTag)?.uri : undefined;
  const url = tagged || service.uri || service.urls?.[0] || undefined;
  const percent = statuses
    .filter((t) => t.revision === revision || (!t.revision && !isPinned(t)))
    .reduce((sum, t) => sum + (t.percent ?? 0), 0);
  return {
    outputs: { revision },
    detail: `Cloud Run service ${target.name} ${what}: revision ${revision} serves ${percent}% of traffic${url ? ` at ${url}` : ''}`,
    ...(url && { url }),
  };
}

/** Project and region from a resource name (projects/P/locations/R/…). */
/** The seconds a wait bound leaves from now (a tenth at least, so the wait looks once). */
function secondsLeft(bound: WaitBound): number {
  return Math.max(0.1, (bound.deadline - Date.now()) / 1000);
}

/**
 * A service whose new revision was not ready in time: where its traffic stays, what Cloud Run does
 * once the revision is ready, and the command that keeps the previous revision serving.
 */
function stillStarting(label: string, name: string, existing: Service | undefined): string {
  const { project, region } = placeOf(name);
  const service = shortName(name);
  const where = `--project ${project} --region ${region}`;
  if (!existing)
    return `${label} was created by this run and serves nothing until its first revision is ready. To remove it: gcloud run services delete ${service} ${where}`;
  const previous = shortName(existing.latestReadyRevision);
  const toLatest = existing.traffic?.length
    ? existing.traffic.some((t) => (t.percent ?? 0) > 0 && isLatestType(t.type))
    : true;
  return (
    `Traffic stays as it was (${describeTraffic(existing.traffic, previous)}) while the new revision starts` +
    (toLatest
      ? `; Cloud Run moves the LATEST share to it if it becomes ready. To keep ${previous} serving: gcloud run services update-traffic ${service} ${where} --to-revisions ${previous}=100`
      : '; the split names revisions, so it does not move')
  );
}

function placeOf(resource: string): { project: string; region: string } {
  const parts = resource.split('/');
  return { project: parts[1] ?? '', region: parts[3] ?? '' };
}

async function closeAll(clients: CloudRunClients): Promise<void> {
  await Promise.allSettled(Object.values(clients).map((client: { close(): Promise<void> }) => client.close()));
}

/** A preview's service target: no traffic, tagged pr-N, on a revision named for the pull request. */
function previewTarget(target: ServiceTarget, pullRequest: PullRequestContext): ServiceTarget {
  return {
    ...target,
    noTraffic: true,
    revisionTag: previewTag(pullRequest.number),
    revisionSuffix: target.revisionSuffix ?? previewSuffix(target.name, pullRequest.number),
  };
}

/**
 * A closed pull request's preview taken down: its pr-N tag (and those of other closed pull
 * requests) removed from the service's traffic in one traffic-only update, so the revisions are
 * no longer addressable. No image is needed: nothing is pushed, no revision is made.
 */
async function preparePreviewTakedown(
  clients: CloudRunClients,
  parent: string,
  where: string,
  serviceTarget: ServiceTarget,
  pullRequest: PullRequestContext,
  timeout: number,
): Promise<Omit<PreparedDeployment, 'warnings'> & { warnings?: string[] }> {
  const name = `${parent}/services/${serviceTarget.name}`;
  const label = `Cloud Run service ${serviceTarget.name} (${where})`;
  const skipPush = `pull request #${pullRequest.number} is closed: its preview is taken down, no image is deployed`;
  const existing = await readOrMissing(() => clients.services.getService({ name }), `Reading ${label}`, where);
  const nothing = (why: string): Omit<PreparedDeployment, 'warnings'> => ({
    plan: [why],
    skipPush,
    deploy: async () => {
      await closeAll(clients);
      return { outputs: {}, detail: why };
    },
  });
  if (!existing) return nothing(`${label} does not exist: no preview to take down`);
  const stale = await closedPreviews(existing.traffic, pullRequest);
  const closed = [pullRequest.number, ...stale.closed];
  const removed = previewNumbers(existing.traffic).filter((n) => closed.includes(n));
  const traffic = withoutPreviewTags(existing.traffic, closed);
  if (!traffic) {
    return {
      ...nothing(`${label} has no preview tag ${previewTag(pullRequest.number)}: nothing to take down`),
      ...(stale.warning && { warnings: [stale.warning] }),
    };
  }
  const tags = removed.map(previewTag).join(', ');
  const revisions = (existing.traffic ?? [])
    .filter((t) => t.tag && removed.map(previewTag).includes(t.tag))
    .map((t) => t.revision || 'latest')
    .join(', ');
  return {
    plan: [
      `would remove traffic tags ${tags} from ${label} (revisions ${revisions}): their pull requests are closed, so those revisions stop being addressable; traffic percentages stay as they are`,
    ],
    skipPush,
    ...(stale.warning && { warnings: [stale.warning] }),
    deploy: async (log) => {
      try {
        let operation;
        try {
          [operation] = await clients.services.updateService({
            service: { ...existing, traffic },
            updateMask: { paths: ['traffic'] },
          });
        } catch (error) {
          throw explainWriteError(error, 'Removing preview tags from', label, name, existing.etag);
        }
        log(`removing traffic tags ${tags} from ${label}`);
        let done: Service;
        try {
          const check = (operationName: string) => clients.services.checkUpdateServiceProgress(operationName);
          done = await waitForOperation(operation, check, timeout);
        } catch (error) {
          throw explainGoogleError(
            error,
            `Waiting for ${label} to drop traffic tags ${tags}`,
            name,
            'roles/run.viewer',
          );
        }
        const left = (done.trafficStatuses ?? []).filter((t) => t.tag && removed.map(previewTag).includes(t.tag));
        if (left.length) {
          throw new CloudRunError(
            `${label} still serves traffic tags ${left.map((t) => t.tag).join(', ')} after the update removed them: check its traffic in the Cloud Console`,
          );
        }
        return {
          outputs: {},
          detail: `${label}: preview tags ${tags} removed (revisions ${revisions} are no longer addressable)`,
        };
      } finally {
        await closeAll(clients);
      }
    },
  };
}
