/** run(): wires inputs → gate → source → copy → runtime → report, and owns core.setFailed. */
import * as core from '@actions/core';
import { context } from '@actions/github';
import { errorMessage, isExpectedError } from './errors.js';
import { decide, type GateEvent, type GateResult } from './gate.js';
import { mergedPullRequestFinder } from './github-api.js';
import { readInputs, type Inputs } from './inputs.js';
import { copyImage } from './oci/copy.js';
import { parseManifest } from './oci/manifest.js';
import { describePlatform } from './oci/manifest.js';
import { openSource, SourceError, type ImageSource } from './oci/sources.js';
import { formatSource, repositoryName } from './reference.js';
import { registryAccess } from './registries/access.js';
import { describeFamily } from './registries/detect.js';
import { prepareDestination } from './registries/destination.js';
import type { DeployResult, Runtime } from './runtimes/runtime.js';
import { setOutputs, writeSummary, type Result, type RunReport } from './report.js';

export interface RunDependencies {
  readonly event: GateEvent & { readonly repo: { owner: string; repo: string } };
}

export async function run(dependencies: RunDependencies = { event: context }): Promise<void> {
  const started = Date.now();
  let inputs: Inputs | undefined;
  let gate: GateResult | undefined;
  let digest: string | undefined;
  let refs: string[] = [];
  let copy: RunReport['copy'];
  let deployed: DeployResult | undefined;
  const finish = async (result: Result, reason: string, error?: string): Promise<void> => {
    const report: RunReport = {
      source: inputs ? formatSource(inputs.source) : core.getInput('image'),
      destination: inputs ? repositoryName(inputs.destination) : core.getInput('destination'),
      runtime: inputs?.runtime ?? (core.getInput('runtime') || 'none'),
      decision: gate?.decision,
      reason,
      result,
      durationMs: Date.now() - started,
      refs,
      ...(digest !== undefined && { digest }),
      ...(copy && { copy }),
      ...(deployed && {
        runtimeOutputs: deployed.outputs,
        runtimeDetail: deployed.detail,
        ...(deployed.url && { url: deployed.url }),
      }),
      ...(error !== undefined && { error }),
    };
    setOutputs(report);
    await writeSummary(report).catch((summaryError: unknown) =>
      core.warning(`could not write the job summary: ${errorMessage(summaryError)}`),
    );
  };

  let source: ImageSource | undefined;
  try {
    inputs = readInputs();
    const validated = inputs;
    const { event } = dependencies;

    gate = await core.group('Gate', async () => {
      const result = await decide(event, {
        rules: validated.deployWhen,
        dryRun: validated.dryRun,
        ...(validated.githubToken && {
          findMergedPullRequest: mergedPullRequestFinder(validated.githubToken, event.repo),
        }),
      });
      core.info(`${result.decision}: ${result.reason}`);
      return result;
    });
    if (gate.decision === 'skip') {
      core.notice(`Skipped: ${gate.reason}`);
      return await finish('skipped', gate.reason);
    }

    const access = registryAccess(inputs);
    const log = (line: string): void => core.info(line);
    const opened = await openSource(inputs.source, { clientFor: access.clientFor, log });
    source = opened;
    const root = await core.group('Source', async () => {
      const manifest = await opened.root();
      core.info(`${opened.description} is ${manifest.digest} (${manifest.mediaType})`);
      const parsed = parseManifest(manifest.bytes, manifest.mediaType, opened.description);
      if (parsed.children.length) core.info(`platforms: ${parsed.children.map(describePlatform).join(', ')}`);
      return manifest;
    });
    digest = root.digest;

    const tags = inputs.tags ?? (opened.defaultTag !== undefined ? [opened.defaultTag] : []);
    if (tags.length === 0) {
      throw new SourceError(`${opened.description} has no tag to reuse at the destination; set the "tags" input`);
    }
    const destination = repositoryName(inputs.destination);
    refs = tags.map((tag) => `${destination}:${tag}`);
    const planning = gate.decision === 'plan';

    // Everything that can refuse the deployment is read and checked before any byte moves: the
    // runtime's setup first (read-only), then the repository (which this run may create).
    const prepared = await core.group('Prepare', async () => {
      const runtime = await loadRuntime(validated);
      const deployment =
        runtime &&
        (await readOnlyStep(planning, `read the ${runtime.name} setup`, () =>
          runtime.prepare(
            {
              image: `${destination}@${root.digest}`,
              registry: validated.destination.registry,
              family: validated.destinationFamily,
            },
            log,
          ),
        ));
      for (const warning of deployment?.warnings ?? [])
        core.warning(warning, { title: `${runtime!.name}: the image may not be pullable` });
      const state = await readOnlyStep(planning, 'check the destination repository', () =>
        prepareDestination(validated, planning, log),
      );
      return { state, deployment };
    });

    if (planning) {
      core.startGroup('Plan');
      core.info(`would push ${root.digest} to ${describeFamily(inputs.destinationFamily)} as:`);
      for (const ref of refs) core.info(`  ${ref}`);
      if (prepared.deployment) for (const line of prepared.deployment.plan) core.info(line);
      else core.info(`would deploy: nothing (runtime "${inputs.runtime}")`);
      core.endGroup();
      return await finish('planned', gate.reason);
    }

    const result = await core.group('Push', async () => {
      const pushStarted = performance.now();
      const copied = await copyImage({
        source: opened,
        target: {
          client: access.clientFor(validated.destination.registry),
          repository: validated.destination.repository,
        },
        tags,
        copyReferrers: validated.copyReferrers,
        immutableTags: prepared.state?.immutableTags ?? false,
        log,
      });
      const requests = access.requestCounts();
      copy = { stats: copied.stats, requests };
      const s = copied.stats;
      core.info(
        copied.upToDate
          ? `${refs.join(', ')} already at ${copied.digest}: nothing to push`
          : `pushed ${copied.digest} in ${((performance.now() - pushStarted) / 1000).toFixed(3)} s: ` +
              `${s.uploaded} blobs uploaded, ${s.mounted} mounted, ${s.skipped} already there`,
      );
      if (copied.related.referrers > 0 || copied.related.tags.length > 0) {
        core.info(
          `with it: ${copied.related.referrers} referrers (signatures, SBOMs, attestations)` +
            (copied.related.tags.length ? `, tags ${copied.related.tags.join(', ')}` : ''),
        );
      }
      core.info(
        `requests: ${Object.entries(requests)
          .map(([registry, count]) => `${registry} ${count}`)
          .join(', ')}`,
      );
      return copied;
    });
    if (result.digest !== root.digest) throw new Error(`internal: pushed ${result.digest}, expected ${root.digest}`);

    if (prepared.deployment) {
      deployed = await core.group(`Deploy (${inputs.runtime})`, () => prepared.deployment!.deploy(log));
      core.info(deployed.detail);
    } else {
      core.info(`runtime "${inputs.runtime}": nothing to deploy beyond the push`);
    }
    await finish(result.upToDate && !prepared.deployment ? 'up to date' : 'deployed', gate.reason);
  } catch (error) {
    const message = errorMessage(error);
    if (!isExpectedError(error) && error instanceof Error && error.stack) core.debug(error.stack);
    await finish('failed', gate?.reason ?? 'the run failed before the gate', message);
    core.setFailed(message);
  } finally {
    await source?.close();
  }
}

/** The runtime module for this run, loaded only when used (each brings its cloud's SDK). */
async function loadRuntime(inputs: Inputs): Promise<Runtime | undefined> {
  switch (inputs.runtime) {
    case 'none':
      return undefined;
    case 'ecs': {
      const { ecsRuntime } = await import('./runtimes/ecs.js');
      return ecsRuntime(inputs.ecs);
    }
  }
}

/**
 * A read-only step before the push. In a plan it may fail (a fork's run has no cloud credentials):
 * the plan then says what it could not read and goes on; in a deploy the failure stops the run.
 */
async function readOnlyStep<T>(planning: boolean, what: string, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (!planning || !isExpectedError(error)) throw error;
    core.warning(`could not ${what} for the plan: ${errorMessage(error)}`);
    return undefined;
  }
}
