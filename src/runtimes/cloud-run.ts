/**
 * Google Cloud Run as a runtime, by digest, through the official v2 client on its REST transport:
 * a service created or updated (only the image and the given fields change), waited for until its
 * revision is ready; or a job updated and, when asked, executed and waited for.
 */
import type { ExecutionsClient, JobsClient, RevisionsClient, ServicesClient } from '@google-cloud/run';
import type { CloudRunInputs } from '../inputs-gcp.js';
import type { RegistryFamily } from '../registries/detect.js';
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
} from '../registries/google-cloud.js';
import {
  CloudRunError,
  conditionSucceeded,
  failureMessages,
  isPinned,
  renderJob,
  renderService,
  shortName,
  type Execution,
  type Job,
  type Service,
} from './cloud-run-render.js';
import type { DeployResult, DeployTarget, PreparedDeployment, Runtime } from './runtime.js';

type Log = (line: string) => void;
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
  const family: RegistryFamily = target.family;
  switch (family.kind) {
    case 'artifact-registry':
    case 'gcr':
      return {
        warnings:
          family.project && family.project !== project
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

interface CloudRunClients {
  readonly services: ServicesClient;
  readonly jobs: JobsClient;
  readonly revisions: RevisionsClient;
  readonly executions: ExecutionsClient;
}

export function cloudRunRuntime(inputs: CloudRunInputs): Runtime {
  return new CloudRunRuntime(inputs);
}

class CloudRunRuntime implements Runtime {
  readonly name = 'cloud-run';

  constructor(private readonly inputs: CloudRunInputs) {}

  async prepare(target: DeployTarget, log: Log): Promise<PreparedDeployment> {
    const platforms = await target.platforms();
    if (platforms.length > 0 && !platforms.some((p) => /^linux\/amd64(?:\/|$)/.test(p))) {
      throw new CloudRunError(
        `Cloud Run runs linux/amd64 images, and ${target.image} is for ${platforms.join(', ')} only: build it for linux/amd64 too (docker buildx build --platform linux/amd64,linux/arm64)`,
      );
    }
    const project = await googleProject(this.inputs.project);
    const reach = pullProblems(target, project);
    if (reach.error) throw new CloudRunError(reach.error);
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
      const prepared =
        runTarget.kind === 'service'
          ? await this.prepareService(clients, parent, where, target, runTarget, log)
          : await this.prepareJob(clients, parent, where, target, runTarget, log);
      return { ...prepared, warnings: reach.warnings };
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
  ): Promise<Omit<PreparedDeployment, 'warnings'>> {
    const name = `${parent}/services/${serviceTarget.name}`;
    const label = `Cloud Run service ${serviceTarget.name} (${where})`;
    const existing = await readOrMissing(() => clients.services.getService({ name }), `Reading ${label}`, where);
    if (!existing && serviceTarget.noTraffic) {
      throw new CloudRunError(
        `${label} does not exist yet, and no-traffic needs one: a new service's first revision takes all traffic. Deploy it once without no-traffic`,
      );
    }
    const rendered = renderService(existing, this.inputs, serviceTarget, target.image);
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
    log(
      existing
        ? `${label} exists; serving ${shortName(existing.latestReadyRevision) || 'nothing yet'}`
        : `${label} does not exist yet`,
    );
    const plan = planLines(label, existing !== undefined, rendered.changes, target.image);
    return {
      plan,
      deploy: async (deployLog) => {
        try {
          if (existing && rendered.changes.length === 0)
            return serviceResult(existing, serviceTarget, 'already running');
          return await this.deployService(
            clients,
            serviceTarget,
            parent,
            name,
            label,
            existing,
            rendered.service,
            deployLog,
          );
        } finally {
          await closeAll(clients);
        }
      },
    };
  }

  private async deployService(
    clients: CloudRunClients,
    serviceTarget: ServiceTarget,
    parent: string,
    name: string,
    label: string,
    existing: Service | undefined,
    service: Service,
    log: Log,
  ): Promise<DeployResult> {
    const timeout = this.inputs.waitTimeoutSeconds;
    let operation;
    try {
      [operation] = existing
        ? await clients.services.updateService({ service })
        : await clients.services.createService({ parent, serviceId: serviceTarget.name, service });
    } catch (error) {
      throw explainGoogleError(error, `${existing ? 'Updating' : 'Creating'} ${label}`, name, DEVELOPER_ROLE);
    }
    log(`${existing ? 'updating' : 'creating'} ${label}; waiting up to ${timeout} s for the new revision to be ready`);
    let done: Service;
    try {
      const check = (operationName: string) => clients.services.checkUpdateServiceProgress(operationName);
      done = await waitForOperation(operation, check, timeout);
    } catch (error) {
      throw await this.revisionFailure(clients, name, label, error, timeout);
    }
    return serviceResult(verifyReady(done, label), serviceTarget, existing ? 'updated' : 'created');
  }

  /** Why the rollout failed, in Cloud Run's words, and where traffic stayed. */
  private async revisionFailure(
    clients: CloudRunClients,
    name: string,
    label: string,
    error: unknown,
    timeout: number,
  ): Promise<Error> {
    if (error instanceof OperationTimeout) {
      return new CloudRunError(
        `${label}: the new revision was not ready within wait-timeout (${timeout} s); it may still be starting. See its logs in the Cloud Console`,
        { cause: error },
      );
    }
    if (!(error instanceof OperationFailed)) {
      return explainGoogleError(error, `Waiting for the rollout of ${label}`, name, 'roles/run.viewer');
    }
    const reasons: string[] = [];
    let after: Service | undefined;
    try {
      [after] = await clients.services.getService({ name });
      const revision = after.latestCreatedRevision;
      if (revision && revision !== after.latestReadyRevision) {
        const [failed] = await clients.revisions.getRevision({ name: revision });
        reasons.push(...failureMessages(failed.conditions));
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
        (serving ? ` Traffic stays where it was (${serving}).` : ''),
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
    const rendered = renderJob(existing, this.inputs, target.image);
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
      await waitForOperation(operation, check, this.inputs.waitTimeoutSeconds);
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
    let execution: Execution;
    try {
      const check = (operationName: string) => clients.jobs.checkRunJobProgress(operationName);
      execution = await waitForOperation(operation, check, timeout);
    } catch (error) {
      if (error instanceof OperationTimeout) {
        throw new CloudRunError(
          `${label}: execution ${started} did not finish within wait-timeout (${timeout} s); it goes on running`,
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
    }
    const executionName = shortName(execution.name) || started;
    const failed = execution.failedCount ?? 0;
    const reasons = failureMessages(execution.conditions);
    if (failed > 0 || reasons.length > 0) {
      throw new CloudRunError(
        `${label}: execution ${executionName} failed (${failed} of ${execution.taskCount ?? '?'} tasks): ${reasons.join('; ') || 'see its logs'}` +
          (execution.logUri ? `. Logs: ${execution.logUri}` : ''),
      );
    }
    return {
      outputs: { execution: executionName },
      detail: `${label}: execution ${executionName} finished, ${execution.succeededCount ?? 0} of ${execution.taskCount ?? '?'} tasks succeeded`,
    };
  }
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

/** The service as the operation left it must have its newest revision ready. */
function verifyReady(service: Service, label: string): Service {
  if (service.latestCreatedRevision && service.latestCreatedRevision !== service.latestReadyRevision) {
    throw new CloudRunError(
      `${label}: revision ${shortName(service.latestCreatedRevision)} is not ready (${failureMessages(service.conditions).join('; ') || 'no reason given'}); traffic stays on ${shortName(service.latestReadyRevision) || 'no revision'}`,
    );
  }
  if (service.terminalCondition && !conditionSucceeded(service.terminalCondition)) {
    throw new CloudRunError(
      `${label} is not ready: ${service.terminalCondition.message || String(service.terminalCondition.state)}`,
    );
  }
  return service;
}

function serviceResult(service: Service, target: ServiceTarget, what: string): DeployResult {
  const revision = shortName(service.latestReadyRevision);
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

async function closeAll(clients: CloudRunClients): Promise<void> {
  await Promise.allSettled(Object.values(clients).map((client: { close(): Promise<void> }) => client.close()));
}
