/**
 * run(): resolve (inputs, gate) → source → prepare → plan | push and deploy → report, each a stage
 * in src/run/ that returns what it found; the journal keeps those results for the report, whichever
 * way the run ends. This file names no runtime or cloud, and owns the step's failure.
 */
import { RunTimeoutError, withinDeadline } from './deadline.js';
import { errorTitle, isExpectedError } from './errors.js';
import type { DeploymentTracker } from './github/deployments.js';
import { inFlightRequests } from './oci/in-flight.js';
import type { ImageSource } from './oci/sources/index.js';
import { registryAccess, type RegistryAccess } from './registries/access.js';
import type { RunReport } from './report.js';
import { partialResult } from './runtimes/runtime.js';
import {
  destinationIsSource,
  lookUpDestinationTags,
  openDeployment,
  preconnectDestination,
  push,
} from './run/execute.js';
import { actionDependencies, type RunDependencies } from './run/io.js';
import { RunJournal } from './run/journal.js';
import { failureMessage, publish, reportOf, type Ending } from './run/outcome.js';
import { commentPlan, planLines, showPlan } from './run/plan.js';
import { prepare } from './run/prepare.js';
import { decideGate, resolveInputs } from './run/resolve.js';
import {
  destinationRefs,
  destinationTagsKnown,
  digestLearntByPushing,
  openImageSource,
  readRoot,
} from './run/source.js';
import { clearWarnings } from './warnings.js';

export { legOf } from './run/leg.js';
export type { RunDependencies, RunnerIO, RunEvent } from './run/io.js';

export async function run(dependencies: RunDependencies = actionDependencies()): Promise<void> {
  const { io, event, env } = dependencies;
  const journal = new RunJournal(io);
  clearWarnings((message, properties) => io.warning(message, properties));
  const end = async (ending: Ending): Promise<RunReport> => {
    const report = reportOf(journal.entries(), ending, io.getInput);
    await publish(report, io, env);
    return report;
  };

  // What the run opened, closed whichever way it ends.
  let source: ImageSource | undefined;
  let access: RegistryAccess | undefined;
  let deployment: DeploymentTracker | undefined;
  try {
    const inputs = journal.record('inputs', resolveInputs(io));
    const { log } = journal;
    // Every request and wait has its own bound; the run's timeout is the last word.
    await withinDeadline(
      inputs.timeoutSeconds,
      () => journal.stillWaiting(inFlightRequests()),
      async (signal) => {
        journal.enter('gate');
        const gate = journal.record('gate', await decideGate(inputs, event, io));
        if (gate.decision === 'skip') {
          io.notice(`Skipped: ${gate.reason}`);
          await end({ result: 'skipped', reason: gate.reason });
          return;
        }

        journal.enter('source');
        // Retries are logged in the step's group; the run's deadline aborts every request in flight.
        const registries = (access = registryAccess(inputs, { log, signal }));
        const planning = gate.decision === 'plan';
        const opened = (source = await openImageSource(inputs, registries, log, !planning));
        const rootAfterPush = digestLearntByPushing(inputs, planning, opened);
        preconnectDestination(inputs, registries, opened, planning);
        // Pushed in one pass, the archive is only indexed here (its image chosen, its tag known).
        if (rootAfterPush) await opened.streamable!();
        const root = rootAfterPush ? undefined : journal.record('root', await readRoot(inputs, opened, io));
        const destination = journal.record('refs', destinationRefs(inputs, opened));

        const prepared = await journal.timed('prepare', () =>
          prepare({ inputs, planning, source: opened, root, access: registries, log, event }),
        );
        if (planning) {
          // A plan always reads the root first (digestLearntByPushing is false when planning).
          const plan = journal.record('plan', planLines(inputs, root!.digest, destination.refs, prepared));
          showPlan(plan, io);
          await commentPlan(await end({ result: 'planned', reason: gate.reason }), inputs, event);
          return;
        }

        const { repository, deploymentPlan } = prepared;
        // The destination is asked only now: nothing may reach it before prepare has checked the setup
        // (a missing repository, a service that cannot be deployed) and said so with nothing touched.
        const current =
          opened.location &&
          destinationTagsKnown(inputs, opened) &&
          !destinationIsSource(inputs, opened) &&
          !deploymentPlan?.skipPush
            ? lookUpDestinationTags(inputs, registries, destination.tags)
            : undefined;
        // Taking a preview down deploys no image: it is no GitHub deployment.
        if (root && !deploymentPlan?.skipPush) deployment = await openDeployment(inputs, event, env, root.digest);
        // A deploy that needs no image (a preview taken down) pushes nothing.
        const skipPush = deploymentPlan?.skipPush;
        if (skipPush) io.info(`nothing to push: ${skipPush}`);
        const pushed = skipPush
          ? undefined
          : journal.record(
              'push',
              await journal.timed('push', () =>
                push({
                  inputs,
                  source: opened,
                  access: registries,
                  destination,
                  repository,
                  log,
                  ...(current && { current }),
                }),
              ),
            );
        if (rootAfterPush) journal.record('root', await readRoot(inputs, opened, io));
        let deployed;
        if (deploymentPlan) {
          try {
            deployed = journal.record('deploy', await journal.timed('deploy', () => deploymentPlan.deploy(log)));
          } catch (error) {
            // A deploy that failed part-way (one region of several) is reported with what it did.
            const partial = partialResult(error);
            if (partial) journal.record('deploy', partial);
            throw error;
          }
          io.info(deployed.detail);
        } else {
          io.info(`runtime "${inputs.runtime}": nothing to deploy beyond the push`);
        }
        const upToDate = pushed?.copied.upToDate === true && !deploymentPlan;
        const done = await end({ result: upToDate ? 'up to date' : 'deployed', reason: gate.reason });
        if (deployed?.postOnPullRequest) await commentPlan(done, inputs, event);
        await deployment?.finish('success', done.url, `${done.result}: ${done.runtimeDetail ?? done.refs.join(', ')}`);
      },
    );
  } catch (error) {
    const message = failureMessage(error, journal.entries().step);
    if (!isExpectedError(error) && error instanceof Error && error.stack) io.debug(error.stack);
    const reason = journal.entries().results.gate?.reason ?? 'the run failed before the gate';
    await end({ result: 'failed', reason, error: message });
    await deployment?.finish('failure', undefined, message);
    // As core.setFailed, with a title that names the input, registry or cloud at fault.
    io.error(message, { title: errorTitle(error) });
    io.setExitCode(1);
    if (error instanceof RunTimeoutError) io.exitSoon();
  } finally {
    await source?.close();
    await access?.close();
  }
}
