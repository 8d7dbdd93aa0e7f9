/**
 * The report stage: the run's report built from what the journal recorded, whichever way the run
 * ended, and published as step outputs and the job summary.
 */
import { RunTimeoutError } from '../deadline.js';
import { errorMessage } from '../errors.js';
import type { InputReader } from '../inputs.js';
import { formatSource, repositoryName } from '../oci/reference.js';
import { setOutputs, writeSummary, type Result, type RunReport } from '../report.js';
import { warn, warningsSoFar } from '../warnings.js';
import type { RunnerIO } from './io.js';
import type { JournalEntries } from './journal.js';
import { legOf } from './leg.js';

export interface Ending {
  readonly result: Result;
  readonly reason: string;
  readonly error?: string;
}

/**
 * The report of a run that ended so. Before the inputs were read, it names the source and
 * destination as the raw inputs give them.
 */
export function reportOf(journal: JournalEntries, ending: Ending, rawInput: InputReader): RunReport {
  const { inputs, gate, root, refs, plan, push, deploy } = journal.results;
  return {
    leg: inputs ? legOf(inputs) : rawInput('destination'),
    source: inputs ? formatSource(inputs.source) : rawInput('image'),
    destination: inputs ? repositoryName(inputs.destination) : rawInput('destination'),
    runtime: inputs?.runtime ?? (rawInput('runtime') || 'none'),
    decision: gate?.decision,
    reason: ending.reason,
    result: ending.result,
    pushed: push !== undefined,
    warnings: warningsSoFar(),
    durationMs: Date.now() - journal.started,
    refs: refs?.refs ?? [],
    timings: journal.timings,
    ...(root && { digest: root.digest }),
    ...(push && { copy: { stats: push.copied.stats, requests: push.requests } }),
    ...(plan && { plan }),
    ...(deploy && {
      runtimeOutputs: deploy.outputs,
      runtimeDetail: deploy.detail,
      ...(deploy.rows && { runtimeRows: deploy.rows }),
      ...(deploy.url && { url: deploy.url }),
    }),
    ...(ending.error !== undefined && { error: ending.error }),
  };
}

/** Step outputs, then the job summary (a summary that cannot be written is a warning, not a failure). */
export async function publish(
  report: RunReport,
  io: Pick<RunnerIO, 'setOutput' | 'appendSummary'>,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  setOutputs(report, (name, value) => io.setOutput(name, value));
  await writeSummary(report, (markdown) => io.appendSummary(markdown), env).catch((summaryError: unknown) =>
    warn(`could not write the job summary: ${errorMessage(summaryError)}`),
  );
}

/** What a failed run says: the error, and after a timeout in the deploy, what may still happen. */
export function failureMessage(error: unknown, step: string): string {
  const message = errorMessage(error);
  if (!(error instanceof RunTimeoutError) || step !== 'deploy') return message;
  // The runtime said what it had changed so far: each resource as it is left, and how to finish or undo it.
  if (error.left.length) return `${message}. The deploy had started; it is left so:\n${error.left.join('\n')}`;
  return `${message}. The deploy had started: the runtime may still finish it or roll it back; check the service before running again`;
}
