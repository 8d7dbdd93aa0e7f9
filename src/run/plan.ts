/** The plan stage: what a deploying run would push and deploy, in the log, and on the pull request. */
import { upsertPlanComment } from '../github/plan-comment.js';
import type { Inputs } from '../inputs.js';
import { summaryMarkdown, type RunReport } from '../report.js';
import type { RunEvent, RunnerIO } from './io.js';
import type { Prepared } from './prepare.js';

/** The plan, line by line: the push, then the runtime's own plan. */
export function planLines(inputs: Inputs, digest: string, refs: readonly string[], prepared: Prepared): string[] {
  const skipPush = prepared.deploymentPlan?.skipPush;
  return [
    ...(skipPush
      ? [`would push nothing: ${skipPush}`]
      : [`would push ${digest} to ${prepared.registry} as:`, ...refs.map((ref) => `  ${ref}`)]),
    ...(prepared.deploymentPlan?.plan ?? [
      inputs.runtime === 'none'
        ? 'would deploy: nothing (runtime "none")'
        : `would deploy to ${inputs.runtime}: not planned, its setup could not be read (see the warnings)`,
    ]),
  ];
}

export function showPlan(plan: readonly string[], io: Pick<RunnerIO, 'startGroup' | 'info' | 'endGroup'>): void {
  io.startGroup('Plan');
  for (const line of plan) io.info(line);
  io.endGroup();
}

/** Posts (or updates) the plan on the pull request, when there is one and a token may. */
export async function commentPlan(planned: RunReport, inputs: Inputs, event: RunEvent): Promise<void> {
  const pullRequest = event.payload.pull_request?.number;
  if (pullRequest === undefined || !inputs.githubToken || !inputs.prComment) return;
  await upsertPlanComment({
    token: inputs.githubToken,
    repo: event.repo,
    pullRequest,
    leg: planned.leg,
    body: summaryMarkdown(planned),
  });
}
