/** The GitHub REST call the gate needs: which merged pull request a pushed commit belongs to. */
import type { MergedPullRequest } from '../gate.js';
import { octokitFor, statusOf, type RepoId } from './octokit.js';

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
      const status = statusOf(error);
      throw new Error(
        `could not ask GitHub which pull request commit ${sha.slice(0, 12)} belongs to (HTTP ${status ?? '?'})` +
          (status === 403 || status === 404
            ? '; give the job "pull-requests: read" and "contents: read" permissions'
            : ''),
        { cause: error },
      );
    }
  };
}
