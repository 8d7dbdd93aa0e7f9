/**
 * The plan on a pull request, as one comment per matrix leg, updated in place on every push to
 * the pull request. A refusal (a fork's read-only token) is a warning naming the permission.
 */
import * as core from '../runner/workflow-commands.js';
import { warn } from '../warnings.js';
import { describeGitHubFailure, octokitFor, statusOf, type RepoId } from './octokit.js';

export interface PlanComment {
  readonly token: string;
  readonly repo: RepoId;
  readonly pullRequest: number;
  /** Identifies this leg's comment among others (one per destination and runtime). */
  readonly leg: string;
  readonly body: string;
}

export function marker(leg: string): string {
  return `<!-- portable-deploy plan: ${leg.replace(/--/g, '- -')} -->`;
}

const MAX_PAGES = 20;

export async function upsertPlanComment(comment: PlanComment): Promise<void> {
  const octokit = await octokitFor(comment.token);
  const tag = marker(comment.leg);
  const body = `${tag}\n${comment.body}`;
  try {
    let existing: number | undefined;
    for (let page = 1; page <= MAX_PAGES && existing === undefined; page++) {
      const { data } = await octokit.rest.issues.listComments({
        ...comment.repo,
        issue_number: comment.pullRequest,
        per_page: 100,
        page,
      });
      existing = data.find((c) => c.body?.startsWith(tag))?.id;
      if (data.length < 100) break;
    }
    if (existing !== undefined) {
      await octokit.rest.issues.updateComment({ ...comment.repo, comment_id: existing, body });
      core.info(`updated the plan comment on pull request #${comment.pullRequest}`);
    } else {
      await octokit.rest.issues.createComment({ ...comment.repo, issue_number: comment.pullRequest, body });
      core.info(`posted the plan as a comment on pull request #${comment.pullRequest}`);
    }
  } catch (error) {
    const status = statusOf(error);
    warn(
      `could not post the plan on pull request #${comment.pullRequest}: ${describeGitHubFailure(error)}.` +
        (status === 403 || status === 404
          ? ' Give the job the "pull-requests: write" permission (a pull request from a fork never has it).'
          : ''),
      'Plan comment not posted',
    );
  }
}
