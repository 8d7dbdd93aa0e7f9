/** Octokit, loaded only when a run talks to the GitHub API (it reads GITHUB_API_URL, so GHES works). */
import type { getOctokit } from '@actions/github';

export type Octokit = ReturnType<typeof getOctokit>;

let cached: { token: string; octokit: Octokit } | undefined;

export async function octokitFor(token: string): Promise<Octokit> {
  if (cached?.token !== token) {
    const github = await import('@actions/github');
    cached = { token, octokit: github.getOctokit(token) };
  }
  return cached.octokit;
}

/** The HTTP status of an Octokit failure, if it has one. */
export function statusOf(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

export interface RepoId {
  readonly owner: string;
  readonly repo: string;
}
