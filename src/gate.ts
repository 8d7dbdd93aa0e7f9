/**
 * Decides from the GitHub event whether this run deploys, only plans, or skips — and says why.
 * Pure apart from one injected lookup (which merged pull request a pushed commit belongs to).
 */
import type { GateEvent } from './gate-event.js';
import { untrustedCode, type ForkCheckOptions } from './gate-forks.js';
import type { DeployRule } from './inputs.js';

export type Decision = 'deploy' | 'plan' | 'skip';

export interface GateResult {
  readonly decision: Decision;
  readonly reason: string;
}

export type { EventPayload, GateEvent } from './gate-event.js';

export interface MergedPullRequest {
  readonly number: number;
  readonly baseRef: string;
}

export interface GateOptions extends ForkCheckOptions {
  readonly rules: readonly DeployRule[];
  readonly dryRun: boolean;
  /**
   * Finds the merged pull request GitHub links to a pushed commit; undefined when no token is
   * available to ask (the gate then plans and says why).
   */
  readonly findMergedPullRequest?: (sha: string) => Promise<MergedPullRequest | undefined>;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
/** A version tag: v then a digit (v1, v2.3.0, v10-rc1), not any name that starts with "v". */
const RELEASE_TAG = /^v\d/;

interface RuleOutcome {
  readonly matched: boolean;
  readonly why: string;
}

function branchOf(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

async function evaluate(rule: DeployRule, event: GateEvent, options: GateOptions): Promise<RuleOutcome> {
  const { eventName, payload } = event;
  const pr = payload.pull_request;
  switch (rule) {
    case 'always':
      return { matched: true, why: 'deploy-when is "always"' };

    case 'merged-pull-request': {
      if (PULL_REQUEST_EVENTS.has(eventName) && pr) {
        if (payload.action === 'closed' && pr.merged === true) {
          return {
            matched: true,
            why: `pull request #${pr.number} was merged into ${pr.base?.ref ?? 'its base branch'}`,
          };
        }
        return {
          matched: false,
          why: `pull request #${pr.number} is not merged yet (event action "${payload.action ?? ''}")`,
        };
      }
      if (eventName === 'push' && branchOf(event.ref) !== undefined) {
        if (!options.findMergedPullRequest) {
          return {
            matched: false,
            why: `cannot tell whether commit ${event.sha.slice(0, 12)} comes from a merged pull request without "github-token"`,
          };
        }
        const merged = await options.findMergedPullRequest(event.sha);
        const branch = branchOf(event.ref);
        if (merged && merged.baseRef === branch) {
          return {
            matched: true,
            why: `push of commit ${event.sha.slice(0, 12)}, which GitHub links to merged pull request #${merged.number}`,
          };
        }
        return {
          matched: false,
          why: `commit ${event.sha.slice(0, 12)} pushed to ${branch} belongs to no merged pull request`,
        };
      }
      return { matched: false, why: `the event "${eventName}" is not a merged pull request` };
    }

    case 'default-branch': {
      const branch = branchOf(event.ref);
      const defaultBranch = payload.repository?.default_branch;
      if (!['push', 'workflow_dispatch', 'schedule'].includes(eventName)) {
        return { matched: false, why: `the event "${eventName}" is not a push to the default branch` };
      }
      if (defaultBranch === undefined) {
        return { matched: false, why: 'the event payload does not name the default branch' };
      }
      if (branch === defaultBranch) {
        return {
          matched: true,
          why: `${eventName === 'push' ? 'push to' : `${eventName} on`} the default branch ${defaultBranch}`,
        };
      }
      return { matched: false, why: `${event.ref} is not the default branch ${defaultBranch}` };
    }

    case 'tag': {
      if (eventName === 'push' && event.ref.startsWith('refs/tags/')) {
        const tag = event.ref.slice('refs/tags/'.length);
        return RELEASE_TAG.test(tag)
          ? { matched: true, why: `tag ${tag} was pushed` }
          : { matched: false, why: `tag ${tag} is not a version tag (v then a digit, e.g. v1.2.3)` };
      }
      if (eventName === 'release' && payload.action === 'published') {
        const tag = payload.release?.tag_name ?? '';
        return RELEASE_TAG.test(tag)
          ? { matched: true, why: `release ${tag} was published` }
          : { matched: false, why: `release tag ${tag} is not a version tag (v then a digit, e.g. v1.2.3)` };
      }
      if (eventName === 'push') return { matched: false, why: `${event.ref} is not a version tag` };
      return { matched: false, why: `the event "${eventName}" is not a version tag push` };
    }
  }
}

export async function decide(event: GateEvent, options: GateOptions): Promise<GateResult> {
  const pr = event.payload.pull_request;
  const untrusted = await untrustedCode(event, options);
  if (untrusted) {
    if (untrusted.pullRequest?.closedUnmerged) {
      return { decision: 'skip', reason: `${untrusted.why} and was closed without merging` };
    }
    const rule = untrusted.pullRequest ? 'a pull request from a fork never deploys' : 'code from a fork never deploys';
    return { decision: 'plan', reason: `${untrusted.why}; ${rule}` };
  }
  if (event.eventName === 'push' && event.payload.deleted === true) {
    return { decision: 'skip', reason: `${event.ref} was deleted; there is nothing to deploy` };
  }

  const outcomes: RuleOutcome[] = [];
  for (const rule of options.rules) {
    const outcome = await evaluate(rule, event, options);
    if (outcome.matched) {
      return options.dryRun
        ? { decision: 'plan', reason: `dry-run is true (without it this run would deploy: ${outcome.why})` }
        : { decision: 'deploy', reason: outcome.why };
    }
    outcomes.push(outcome);
  }

  if (PULL_REQUEST_EVENTS.has(event.eventName) && pr && event.payload.action === 'closed' && pr.merged !== true) {
    return { decision: 'skip', reason: `pull request #${pr.number} was closed without merging` };
  }
  const why = outcomes.map((o) => o.why).join('; ');
  return { decision: 'plan', reason: `deploy-when (${options.rules.join(', ')}) does not match: ${why}` };
}
