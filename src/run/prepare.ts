/**
 * The prepare stage: everything that can refuse the deployment is read and checked before any
 * byte moves — the runtime's setup first (read-only), then the destination repository (which a
 * deploying run may create). The registry family is asked here and nowhere else in run/.
 */
import { errorMessage, isExpectedError } from '../errors.js';
import type { Inputs } from '../inputs.js';
import { accessProblem } from '../oci/access.js';
import type { Manifest } from '../oci/client.js';
import type { Log } from '../oci/log.js';
import { imagePlatforms } from '../oci/platforms.js';
import type { ImageSource } from '../oci/sources/index.js';
import { repositoryName } from '../oci/reference.js';
import type { RegistryAccess } from '../registries/access.js';
import { describeFamily } from '../registries/index.js';
import { prepareDestination, type DestinationState } from '../registries/destination.js';
import { loadRuntime } from '../runtimes/index.js';
import type { PreparedDeployment } from '../runtimes/runtime.js';
import { warn } from '../warnings.js';
import { closedPullRequestsFinder } from '../github/pull-requests.js';
import type { PullRequestContext } from '../runtimes/runtime.js';
import type { RunEvent } from './io.js';

export interface Prepared {
  /** Undefined when a plan could not read it for want of access. */
  readonly repository: DestinationState | undefined;
  /** What the runtime will do; undefined for push only, or when a plan could not read its setup. */
  readonly deploymentPlan: PreparedDeployment | undefined;
  /** The destination registry in words (e.g. "Amazon ECR (…)"), for the plan. */
  readonly registry: string;
}

export interface PrepareContext {
  readonly inputs: Inputs;
  readonly planning: boolean;
  readonly source: ImageSource;
  /** Undefined when the push learns the digest (nothing to deploy: no runtime needs it). */
  readonly root: Manifest | undefined;
  readonly access: RegistryAccess;
  readonly log: Log;
  /** The event, for the pull request a preview is for. */
  readonly event?: RunEvent;
}

export async function prepare({
  inputs,
  planning,
  source,
  root,
  access,
  log,
  event,
}: PrepareContext): Promise<Prepared> {
  const runtime = await loadRuntime(inputs);
  if (runtime && !root) throw new Error(`the ${runtime.name} runtime needs the image digest before the push`);
  const target = {
    image: `${repositoryName(inputs.destination)}@${root?.digest}`,
    registry: inputs.destination.registry,
    family: inputs.destinationFamily,
    planning,
    pullCredentials: () => access.credentialsFor(inputs.destination.registry),
    platforms: () => imagePlatforms(source, root!),
    ...(event && pullRequestOf(inputs, event)),
  };
  const deploymentPlan =
    runtime && (await readOnlyStep(planning, `read the ${runtime.name} setup`, () => runtime.prepare(target, log)));
  for (const warning of deploymentPlan?.warnings ?? [])
    warn(warning, `${runtime!.name}: the image may not be pullable`);
  const repository = await readOnlyStep(planning, 'check the destination repository', () =>
    prepareDestination(inputs, planning, log, access),
  );
  return { repository, deploymentPlan, registry: describeFamily(inputs.destinationFamily) };
}

/**
 * A read-only step before the push. In a plan it may fail only for want of access (a fork's run has
 * no cloud credentials): the plan then says what it could not read and goes on. Any other error
 * fails the plan as it would fail the deploy.
 */
async function readOnlyStep<T>(planning: boolean, what: string, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (!planning || !isExpectedError(error) || accessProblem(error) === undefined) throw error;
    warn(`could not ${what} for the plan: ${errorMessage(error)}`);
    return undefined;
  }
}

/** The pull request of a pull_request event, for a runtime's previews. */
function pullRequestOf(inputs: Inputs, event: RunEvent): { pullRequest?: PullRequestContext } {
  const pr = event.payload.pull_request;
  if (event.eventName !== 'pull_request' || !pr) return {};
  const head = (pr.head as { sha?: unknown } | undefined)?.sha;
  return {
    pullRequest: {
      number: pr.number,
      closed: event.payload.action === 'closed',
      sha: typeof head === 'string' ? head : event.sha,
      ...(inputs.githubToken && { closedAmong: closedPullRequestsFinder(inputs.githubToken, event.repo) }),
    },
  };
}
