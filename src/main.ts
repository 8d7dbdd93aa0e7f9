/** run(): wires inputs → gate → source → prepare → push → deploy → report, and owns the step's failure. */
import * as core from '@actions/core';
import { context } from '@actions/github';
import { RunTimeoutError, withinDeadline } from './deadline.js';
import { errorMessage, errorTitle, isExpectedError } from './errors.js';
import { decide, type GateEvent, type GateResult } from './gate.js';
import { startDeployment, type DeploymentTracker } from './github/deployments.js';
import { upsertPlanComment } from './github/plan-comment.js';
import { mergedPullRequestFinder, pullRequestHeadFinder } from './github/pull-requests.js';
import { readInputs, type Inputs } from './inputs.js';
import { accessProblem } from './oci/access.js';
import { RegistryError } from './oci/client.js';
import { copyImage, type CopyResult } from './oci/copy.js';
import { inFlightRequests } from './oci/in-flight.js';
import { describePlatform, parseManifest } from './oci/manifest.js';
import { imagePlatforms } from './oci/platforms.js';
import { openSource, SourceError, type ImageSource } from './oci/sources.js';
import { formatSource, repositoryName } from './reference.js';
import { registryAccess, type RegistryAccess } from './registries/access.js';
import { describeFamily } from './registries/index.js';
import { prepareDestination } from './registries/destination.js';
import { AuthError } from './oci/auth.js';
import { setOutputs, summaryMarkdown, writeSummary, type Result, type RunReport } from './report.js';
import { describeLeg, loadRuntime } from './runtimes/index.js';
import type { DeployResult } from './runtimes/runtime.js';
import { clearWarnings, warn, warningsSoFar } from './warnings.js';
import type { Log } from './oci/log.js';

export interface RunDependencies {
  readonly event: GateEvent & { readonly repo: { owner: string; repo: string } };
}

/** What the run found out so far: whatever is known when it ends goes into the report. */
interface RunState {
  inputs?: Inputs;
  gate?: GateResult;
  digest?: string;
  refs: string[];
  copy?: RunReport['copy'];
  deployed?: DeployResult;
  plan?: string[];
  timings: Record<string, number>;
  /** True once every ref is at the destination (pushed now, or already there). */
  pushed: boolean;
  /** The step under way and its last log line: what a timeout says was still waiting. */
  step: string;
  lastLine?: string;
}

/** The matrix leg this run is: its destination, and where it deploys. */
export function legOf(inputs: Inputs): string {
  const destination = repositoryName(inputs.destination);
  const deploysTo = describeLeg(inputs);
  return deploysTo === undefined ? destination : `${destination} → ${deploysTo}`;
}

async function timed<T>(state: RunState, step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  state.step = step;
  state.lastLine = undefined;
  try {
    return await core.group(step[0]!.toUpperCase() + step.slice(1), work);
  } finally {
    state.timings[step] = (performance.now() - started) / 1000;
  }
}

export async function run(dependencies: RunDependencies = { event: context }): Promise<void> {
  const started = Date.now();
  const state: RunState = { refs: [], timings: {}, pushed: false, step: 'reading the inputs' };
  clearWarnings();
  const log: Log = (line) => {
    state.lastLine = line;
    core.info(line);
  };
  const report = (result: Result, reason: string, error?: string): RunReport => ({
    leg: state.inputs ? legOf(state.inputs) : core.getInput('destination'),
    source: state.inputs ? formatSource(state.inputs.source) : core.getInput('image'),
    destination: state.inputs ? repositoryName(state.inputs.destination) : core.getInput('destination'),
    runtime: state.inputs?.runtime ?? (core.getInput('runtime') || 'none'),
    decision: state.gate?.decision,
    reason,
    result,
    pushed: state.pushed,
    warnings: warningsSoFar(),
    durationMs: Date.now() - started,
    refs: state.refs,
    timings: state.timings,
    ...(state.digest !== undefined && { digest: state.digest }),
    ...(state.copy && { copy: state.copy }),
    ...(state.plan && { plan: state.plan }),
    ...(state.deployed && {
      runtimeOutputs: state.deployed.outputs,
      runtimeDetail: state.deployed.detail,
      ...(state.deployed.url && { url: state.deployed.url }),
    }),
    ...(error !== undefined && { error }),
  });
  const finish = async (result: Result, reason: string, error?: string): Promise<RunReport> => {
    const done = report(result, reason, error);
    setOutputs(done);
    await writeSummary(done).catch((summaryError: unknown) =>
      warn(`could not write the job summary: ${errorMessage(summaryError)}`),
    );
    return done;
  };

  let source: ImageSource | undefined;
  let registries: RegistryAccess | undefined;
  let deployment: DeploymentTracker | undefined;
  try {
    const inputs = readInputs();
    state.inputs = inputs;
    // Every request and wait has its own bound; the run's timeout is the last word.
    await withinDeadline(
      inputs.timeoutSeconds,
      () => stillWaiting(state),
      async (signal) => {
        const { event } = dependencies;

        state.step = 'gate';
        const gate = await core.group('Gate', async () => {
          const result = await decide(event, {
            rules: inputs.deployWhen,
            dryRun: inputs.dryRun,
            ...(inputs.githubToken && {
              findMergedPullRequest: mergedPullRequestFinder(inputs.githubToken, event.repo),
              findPullRequestHead: pullRequestHeadFinder(inputs.githubToken, event.repo),
            }),
          });
          core.info(`${result.decision}: ${result.reason}`);
          return result;
        });
        state.gate = gate;
        if (gate.decision === 'skip') {
          core.notice(`Skipped: ${gate.reason}`);
          await finish('skipped', gate.reason);
          return;
        }

        state.step = 'source';
        // Retries are logged in the step's group; the run's deadline aborts every request in flight.
        const access = (registries = registryAccess(inputs, process.env, { log, signal }));
        const opened = await openSource(inputs.source, { clientFor: access.clientFor, log }).catch(
          explainSourceCredentials(inputs),
        );
        source = opened;
        const root = await core.group('Source', async () => {
          const manifest = await opened.root().catch(explainSourceCredentials(inputs));
          core.info(`${opened.description} is ${manifest.digest} (${manifest.mediaType})`);
          const parsed = parseManifest(manifest.bytes, manifest.mediaType, opened.description);
          if (parsed.children.length) core.info(`platforms: ${parsed.children.map(describePlatform).join(', ')}`);
          return manifest;
        });
        state.digest = root.digest;

        const tags = inputs.tags ?? (opened.defaultTag !== undefined ? [opened.defaultTag] : []);
        if (tags.length === 0)
          throw new SourceError(`${opened.description} has no tag to reuse at the destination; set the "tags" input`);
        const destination = repositoryName(inputs.destination);
        state.refs = tags.map((tag) => `${destination}:${tag}`);
        const planning = gate.decision === 'plan';

        // Everything that can refuse the deployment is read and checked before any byte moves: the
        // runtime's setup first (read-only), then the repository (which this run may create).
        const prepared = await timed(state, 'prepare', async () => {
          const runtime = await loadRuntime(inputs);
          const target = {
            image: `${destination}@${root.digest}`,
            registry: inputs.destination.registry,
            family: inputs.destinationFamily,
            planning,
            pullCredentials: () => access.credentialsFor(inputs.destination.registry),
            platforms: () => imagePlatforms(opened, root),
          };
          const deploymentPlan =
            runtime &&
            (await readOnlyStep(planning, `read the ${runtime.name} setup`, () => runtime.prepare(target, log)));
          for (const warning of deploymentPlan?.warnings ?? [])
            warn(warning, `${runtime!.name}: the image may not be pullable`);
          const repository = await readOnlyStep(planning, 'check the destination repository', () =>
            prepareDestination(inputs, planning, log, access.resources),
          );
          return { repository, deploymentPlan };
        });

        if (planning) {
          state.plan = [
            `would push ${root.digest} to ${describeFamily(inputs.destinationFamily)} as:`,
            ...state.refs.map((ref) => `  ${ref}`),
            ...(prepared.deploymentPlan?.plan ?? [`would deploy: nothing (runtime "${inputs.runtime}")`]),
          ];
          core.startGroup('Plan');
          for (const line of state.plan) core.info(line);
          core.endGroup();
          const planned = await finish('planned', gate.reason);
          const pullRequest = event.payload.pull_request?.number;
          if (pullRequest !== undefined && inputs.githubToken && inputs.prComment) {
            await upsertPlanComment({
              token: inputs.githubToken,
              repo: event.repo,
              pullRequest,
              leg: planned.leg,
              body: summaryMarkdown(planned),
            });
          }
          return;
        }

        if (inputs.githubToken && inputs.environment) {
          deployment = await startDeployment({
            token: inputs.githubToken,
            repo: event.repo,
            ref: event.sha,
            environment: inputs.environment,
            description: `${legOf(inputs)} @ ${root.digest.slice(0, 19)}`,
            logUrl: runUrl(),
          });
        }

        const copied = await timed(state, 'push', () =>
          push(inputs, opened, access, tags, prepared.repository?.immutableTags ?? false, state, log),
        );

        if (prepared.deploymentPlan) {
          const plan = prepared.deploymentPlan;
          state.deployed = await timed(state, 'deploy', () => plan.deploy(log));
          core.info(state.deployed.detail);
        } else {
          core.info(`runtime "${inputs.runtime}": nothing to deploy beyond the push`);
        }
        const done = await finish(copied.upToDate && !prepared.deploymentPlan ? 'up to date' : 'deployed', gate.reason);
        await deployment?.finish('success', done.url, `${done.result}: ${done.runtimeDetail ?? done.refs.join(', ')}`);
      },
    );
  } catch (error) {
    let message = errorMessage(error);
    if (error instanceof RunTimeoutError && state.step === 'deploy') {
      message +=
        '. The deploy had started: the runtime may still finish it or roll it back; check the service before running again';
    }
    if (!isExpectedError(error) && error instanceof Error && error.stack) core.debug(error.stack);
    await finish('failed', state.gate?.reason ?? 'the run failed before the gate', message);
    await deployment?.finish('failure', undefined, message);
    // As core.setFailed, with a title that names the input, registry or cloud at fault.
    core.error(message, { title: errorTitle(error) });
    process.exitCode = 1;
    // Past the deadline, a request that never answers may still hold the process: end it soon.
    if (error instanceof RunTimeoutError) setTimeout(() => process.exit(), 2000).unref();
  } finally {
    await source?.close();
    await registries?.close();
  }
}

/** What a timeout names: the step under way and the last thing it said. */
function stillWaiting(state: RunState): string {
  const requests = inFlightRequests();
  return (
    `still in the ${state.step} step` +
    (state.lastLine ? ` (its last log line: "${state.lastLine}")` : '') +
    (requests.length ? `, waiting for ${requests.join('; ')}` : '')
  );
}

/**
 * A source registry that wants credentials gets them from docker config only (registry-username and
 * registry-password are the destination's): say so, instead of pointing at those inputs.
 */
function explainSourceCredentials(inputs: Inputs): (error: unknown) => never {
  return (error) => {
    const fromSource =
      (error instanceof AuthError || error instanceof RegistryError) && error.registry !== inputs.destination.registry;
    const refused = fromSource ? error.access : undefined;
    if (fromSource && refused) {
      const { registry } = error;
      throw new AuthError(
        `${registry} (the source image's registry) ${refused === 'missing' ? 'asks for credentials and none were found' : 'refused the credentials found for it'}. ` +
          `Credentials for a source come from docker config: log in to ${registry} before this step (docker/login-action); ` +
          'registry-username and registry-password are for the destination only' +
          (refused === 'denied' ? ` (${error.message})` : ''),
        registry,
        refused,
      );
    }
    throw error;
  };
}

async function push(
  inputs: Inputs,
  source: ImageSource,
  access: ReturnType<typeof registryAccess>,
  tags: readonly string[],
  immutableTags: boolean | ((tag: string) => boolean),
  state: RunState,
  log: Log,
): Promise<CopyResult> {
  const pushStarted = performance.now();
  const copied = await copyImage({
    source,
    target: { client: access.clientFor(inputs.destination.registry), repository: inputs.destination.repository },
    tags,
    copyReferrers: inputs.copyReferrers,
    immutableTags,
    log,
  });
  const requests = access.requestCounts();
  state.copy = { stats: copied.stats, requests };
  state.pushed = true;
  const s = copied.stats;
  log(
    copied.upToDate
      ? `${state.refs.join(', ')} already at ${copied.digest}: nothing to push`
      : `pushed ${copied.digest} in ${((performance.now() - pushStarted) / 1000).toFixed(3)} s: ` +
          `${s.uploaded} blobs uploaded, ${s.mounted} mounted, ${s.skipped} already there`,
  );
  if (copied.related.referrers > 0 || copied.related.tags.length > 0) {
    log(
      `with it: ${copied.related.referrers} referrers (signatures, SBOMs, attestations)` +
        (copied.related.tags.length ? `, tags ${copied.related.tags.join(', ')}` : ''),
    );
  }
  log(
    `requests: ${Object.entries(requests)
      .map(([registry, count]) => `${registry} ${count}`)
      .join(', ')}`,
  );
  return copied;
}

/** This run's page, for links from a deployment. */
function runUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
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
