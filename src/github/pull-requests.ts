/** The GitHub REST calls the gate needs: which merged pull request a pushed commit belongs to, and where a pull request's head lives. */
import type { MergedPullRequest } from '../gate.js';
import { describeGitHubFailure, GitHubError, octokitFor, statusOf, type RepoId } from './octokit.js';

const READ_PERMISSIONS = '; give the job "pull-requests: read" and "contents: read" permissions';

function gitHubError(what: string, error: unknown): GitHubError {
  const status = statusOf(error);
  return new GitHubError(
    `could not ask GitHub ${what}: ${describeGitHubFailure(error)}` +
      (status === 403 || status === 404 ? READ_PERMISSIONS : ''),
    { cause: error },
  );
}

/** Finds the merged pull request GitHub links to a commit (GET /repos/{o}/{r}/commits/{sha}/pulls). */
export function mergedPullRequestFinder(
  token: string,
  repo: RepoId,
): (sha: string) => Promise<MergedPullRequest | undefined> {
  return async (sha) => {
    const octokit = await octokitFor(token);
    try {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
      const merged = data.find((pr) => pr.merged_at !== null);
      return merged && { number: merged.number, baseRef: merged.base.ref };
    } catch (error) {
      throw gitHubError(`which pull request commit ${sha.slice(0, 12)} belongs to`, error);
    }
  };
}

/** The full name of a pull request's head repository, null when it was deleted (GET /repos/{o}/{r}/pulls/{n}). */
export function pullRequestHeadFinder(token: string, repo: RepoId): (number: number) => Promise<string | null> {
  return async (number) => {
    const octokit = await octokitFor(token);
    try {
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
      return data.head.repo?.full_name ?? null;
    } catch (error) {
      throw gitHubError(`where pull request #${number} comes from`, error);
    }
  };
}

/**
 * Which of these pull requests are closed (merged or not), asking GitHub for each
 * (GET /repos/{o}/{r}/pulls/{n}, needs "pull-requests: read").
 */
export function closedPullRequestsFinder(
  token: string,
  repo: RepoId,
): (numbers: readonly number[]) => Promise<readonly number[]> {
  return async (numbers) => {
    const octokit = await octokitFor(token);
    const states = await Promise.all(
      numbers.map(async (number) => {
        try {
          const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
          return data.state === 'closed';
        } catch (error) {
          throw gitHubError(`whether pull request #${number} is closed`, error);
        }
      }),
    );
    return numbers.filter((_, i) => states[i]);
  };
}
