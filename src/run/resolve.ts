/** The first stage: the inputs (every problem reported together, before any request), then the gate. */
import { decide, type GateResult } from '../gate.js';
import { mergedPullRequestFinder, pullRequestHeadFinder } from '../github/pull-requests.js';
import { readInputs, type Inputs } from '../inputs.js';
import type { RunEvent, RunnerIO } from './io.js';

export function resolveInputs(io: Pick<RunnerIO, 'getInput' | 'setSecret'>): Inputs {
  return readInputs(io.getInput, (secret) => io.setSecret(secret));
}

/** Deploy, plan or skip, and why; told in the log's Gate group. */
export function decideGate(inputs: Inputs, event: RunEvent, io: Pick<RunnerIO, 'group' | 'info'>): Promise<GateResult> {
  return io.group('Gate', async () => {
    const result = await decide(event, {
      rules: inputs.deployWhen,
      dryRun: inputs.dryRun,
      ...(inputs.githubToken && {
        findMergedPullRequest: mergedPullRequestFinder(inputs.githubToken, event.repo),
        findPullRequestHead: pullRequestHeadFinder(inputs.githubToken, event.repo),
      }),
    });
    io.info(`${result.decision}: ${result.reason}`);
    return result;
  });
}
