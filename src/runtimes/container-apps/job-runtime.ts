/**
 * A Container Apps job as a runtime, by digest: its container gets the new image (only it and the
 * given fields change), and with execute-job the job is started and the execution waited for; only
 * Succeeded is success, anything else fails the step with Azure's reason.
 */
import type { ContainerAppsAPIClient, Job, JobExecution } from '@azure/arm-appcontainers';
import type { Log } from '../../oci/log.js';
import { boundOf } from '../../deadline.js';
import type { DeployResult, DeployTarget, PreparedDeployment, Runtime } from '../runtime.js';
import type { ArmAccess } from './arm.js';
import { checkSecretRefs, connect } from './connect.js';
import { AzureError } from '../../clouds/azure.js';
import { armErrorFields, explainArmError } from '../../clouds/azure-arm.js';
import type { ContainerAppsJobInputs } from './inputs.js';
import { pullWarnings } from './pull.js';
import { renderJobTemplate } from './render.js';

const READER_ROLE = 'Reader (or Container Apps Jobs Contributor)';
const JOBS_ROLE = 'Container Apps Jobs Contributor (or Contributor)';

/** An execution's status: Succeeded is the only success; these end it otherwise; anything else is still going. */
const FAILED_STATUSES = /^(failed|stopped|degraded)$/i;

export function containerAppsJobRuntime(inputs: ContainerAppsJobInputs, access: ArmAccess): Runtime {
  return new ContainerAppsJobRuntime(inputs, access);
}

class ContainerAppsJobRuntime implements Runtime {
  readonly name = 'container-apps';
  /** How the deploy's wait bound is said in an error (set when the deploy starts). */
  private within: string | undefined;

  constructor(
    private readonly inputs: ContainerAppsJobInputs,
    private readonly access: ArmAccess,
  ) {}

  async prepare(target: DeployTarget, log: Log): Promise<PreparedDeployment> {
    const { job: name, resourceGroup } = this.inputs;
    const { client, label } = await connect(
      this.access,
      target,
      `Container Apps job ${name}`,
      resourceGroup,
      READER_ROLE,
    );
    const job = await this.readJob(client, label);
    const rendered = renderJobTemplate(job.template, this.inputs, target.image, job.workloadProfileName);
    checkSecretRefs(this.inputs.env, job.configuration?.secrets, label);
    log(`${label} exists (trigger ${job.configuration?.triggerType ?? 'unknown'})`);
    const plan = [
      ...(rendered.changes.length
        ? [`would update ${label}:`, ...rendered.changes.map((c) => `  ${c}`)]
        : [`${label} already runs ${target.image} as asked: nothing to change`]),
      ...(this.inputs.execute ? [`would start an execution of ${label} and wait for it to finish`] : []),
    ];
    return {
      plan,
      warnings: pullWarnings(job, target, 'job'),
      deploy: async (deployLog) => {
        const { deadline, within } = boundOf(this.inputs.waitTimeoutSeconds, 'wait-timeout');
        this.within = within;
        if (rendered.changes.length) {
          deployLog(`updating ${label}`);
          try {
            // The job's PATCH model is not flattened: its fields go under `properties`.
            await client.jobs
              .update(resourceGroup, name, { properties: { template: rendered.template } }, this.pollOptions(deadline))
              .pollUntilDone();
          } catch (error) {
            throw this.explain(error, `Updating ${label}`, JOBS_ROLE);
          }
        }
        if (!this.inputs.execute)
          return { outputs: {}, detail: `${label} ${rendered.changes.length ? 'updated' : 'already up to date'}` };
        return this.execute(client, label, deadline, deployLog);
      },
    };
  }

  private pollOptions(deadline: number) {
    return {
      updateIntervalInMs: this.access.pollIntervalMs ?? 2_000,
      abortSignal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
    };
  }

  private explain(error: unknown, action: string, role: string): AzureError {
    const name = (error as Error)?.name;
    if (name === 'AbortError' || name === 'TimeoutError')
      return new AzureError(
        `${action} was not done within ${this.within ?? `wait-timeout (${this.inputs.waitTimeoutSeconds} s)`}`,
        {
          cause: error,
        },
      );
    return explainArmError(error, action, role);
  }

  private async readJob(client: ContainerAppsAPIClient, label: string): Promise<Job> {
    try {
      return await client.jobs.get(this.inputs.resourceGroup, this.inputs.job);
    } catch (error) {
      if (armErrorFields(error).statusCode === 404)
        throw new AzureError(
          `${label} does not exist: create it first (az containerapp job create), or check container-apps-job, azure-resource-group and the subscription`,
          { cause: error },
        );
      throw explainArmError(error, `Reading ${label}`, READER_ROLE);
    }
  }

  /** Starts an execution and polls it until it ends or the deadline passes. */
  private async execute(
    client: ContainerAppsAPIClient,
    label: string,
    deadline: number,
    log: Log,
  ): Promise<DeployResult> {
    const { resourceGroup, job } = this.inputs;
    let started: string | undefined;
    try {
      started = (await client.jobs.start(resourceGroup, job, this.pollOptions(deadline)).pollUntilDone()).name;
    } catch (error) {
      throw this.explain(error, `Starting an execution of ${label}`, JOBS_ROLE);
    }
    if (!started) throw new AzureError(`${label}: Azure started an execution but did not name it`);
    log(`execution ${started} started; waiting up to ${this.inputs.waitTimeoutSeconds} s for it to finish`);
    let delay = this.access.pollIntervalMs ?? 2_000;
    for (;;) {
      let execution: JobExecution;
      try {
        execution = await client.jobExecution(resourceGroup, job, started);
      } catch (error) {
        throw explainArmError(error, `Reading execution ${started} of ${label}`, READER_ROLE);
      }
      const status = execution.status ?? 'Unknown';
      if (/^succeeded$/i.test(status))
        return { outputs: { execution: started }, detail: `${label}: execution ${started} succeeded` };
      if (FAILED_STATUSES.test(status))
        throw new AzureError(`${label}: execution ${started} ended ${status}: ${executionReason(execution)}`);
      if (Date.now() >= deadline)
        throw new AzureError(
          `${label}: execution ${started} did not finish within ${this.within ?? `wait-timeout (${this.inputs.waitTimeoutSeconds} s)`}; it is ${status} and goes on running. Stop it: az containerapp job stop -n ${this.inputs.job} -g ${this.inputs.resourceGroup} --job-execution-name ${started}`,
        );
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
      delay = Math.min(delay * 1.5, 10_000);
    }
  }
}

/** Azure's words for why an execution ended: its reason and message, and each container's exit code. */
export function executionReason(execution: JobExecution): string {
  const containers = (execution.detailedStatus?.replicas ?? []).flatMap((replica) =>
    (replica.containers ?? []).map(
      (c) =>
        `container ${c.name ?? '?'}${c.code !== undefined ? ` exited with code ${c.code}` : ''}${c.status ? ` (${c.status})` : ''}`,
    ),
  );
  const parts = [execution.reason, execution.message, ...containers].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join('; ') : 'Azure gave no reason; see the job’s execution history and logs';
}
