/** Octokit, loaded only when a run talks to the GitHub API (it reads GITHUB_API_URL, so GHES works). */
import type { getOctokit } from '@actions/github';
import { UserError } from '../oci/user-error.js';

export type Octokit = ReturnType<typeof getOctokit>;

let cached: { token: string; octokit: Octokit } | undefined;

export async function octokitFor(token: string): Promise<Octokit> {
  if (cached?.token !== token) {
    const github = await import('@actions/github');
    cached = { token, octokit: github.getOctokit(token) };
  }
  return cached.octokit;
}

/** The HTTP status of an Octokit failure, if GitHub answered at all. */
export function statusOf(error: unknown): number | undefined {
  // Octokit reports a request that got no answer (refused, DNS, reset) as status 500 without a response.
  if ((error as { response?: unknown }).response === undefined) return undefined;
  return (error as { status?: number }).status;
}

/** A GitHub API call that failed: the user's to fix (permissions, network), titled "GitHub API". */
export class GitHubError extends UserError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'GitHub API', options);
    this.name = 'GitHubError';
  }
}

function apiHost(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return new URL(env.GITHUB_API_URL || 'https://api.github.com').host;
  } catch {
    return env.GITHUB_API_URL ?? 'api.github.com';
  }
}

/**
 * What went wrong, in a few words: "GitHub (api.github.com) answered HTTP 403: …", or "could not
 * reach GitHub (HOST): connect ECONNREFUSED …" when no answer came.
 */
export function describeGitHubFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = statusOf(error);
  return status === undefined
    ? `could not reach GitHub (${apiHost()}): ${message}`
    : `GitHub (${apiHost()}) answered HTTP ${status}: ${message}`;
}

export interface RepoId {
  readonly owner: string;
  readonly repo: string;
}
