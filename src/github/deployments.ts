/**
 * GitHub Deployments for a run that deploys: a deployment for the commit, `in_progress` while it
 * runs, then `success` (with the environment URL) or `failure`. Missing permissions are a warning
 * that says which one to add, never a failed deploy.
 */
import * as core from '../runner/workflow-commands.js';
import { warn } from '../warnings.js';
import { describeGitHubFailure, octokitFor, statusOf, type RepoId } from './octokit.js';

export interface DeploymentTracker {
  finish(state: 'success' | 'failure', environmentUrl: string | undefined, description: string): Promise<void>;
}

function warnNotRecorded(action: string, error: unknown): void {
  const status = statusOf(error);
  const hint =
    status === 403 || status === 404
      ? ' Give the job the "deployments: write" permission (a pull request from a fork never has it).'
      : '';
  warn(
    `could not ${action} the GitHub deployment: ${describeGitHubFailure(error)}.${hint}`,
    'GitHub deployment not recorded',
  );
}

export interface DeploymentOptions {
  readonly token: string;
  readonly repo: RepoId;
  /** The commit deployed. */
  readonly ref: string;
  readonly environment: string;
  readonly description: string;
  /** Link from the deployment to this run's log. */
  readonly logUrl: string | undefined;
}

/** Creates the deployment and marks it in progress; undefined (with a warning) when GitHub refuses. */
export async function startDeployment(options: DeploymentOptions): Promise<DeploymentTracker | undefined> {
  const octokit = await octokitFor(options.token);
  let id: number;
  try {
    const { data } = await octokit.rest.repos.createDeployment({
      ...options.repo,
      ref: options.ref,
      environment: options.environment,
      description: options.description.slice(0, 140),
      auto_merge: false,
      // The workflow already decided to deploy; commit statuses are not ours to re-check.
      required_contexts: [],
    });
    if (!('id' in data))
      throw Object.assign(new Error(data.message ?? 'GitHub did not create the deployment'), { status: 202 });
    id = data.id;
    await octokit.rest.repos.createDeploymentStatus({
      ...options.repo,
      deployment_id: id,
      state: 'in_progress',
      ...(options.logUrl && { log_url: options.logUrl }),
    });
  } catch (error) {
    warnNotRecorded('create', error);
    return undefined;
  }
  core.info(`GitHub deployment ${id} to ${options.environment} is in progress`);
  return {
    async finish(state, environmentUrl, description) {
      try {
        await octokit.rest.repos.createDeploymentStatus({
          ...options.repo,
          deployment_id: id,
          state,
          description: description.slice(0, 140),
          ...(environmentUrl && { environment_url: environmentUrl }),
          ...(options.logUrl && { log_url: options.logUrl }),
        });
      } catch (error) {
        warnNotRecorded('update', error);
      }
    },
  };
}
