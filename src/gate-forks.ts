/**
 * Whose code an event runs. Fail closed: an event whose payload names a pull request or a head
 * repository from another repository, or a pull request whose head it cannot see, runs code this
 * repository has not accepted, and must never deploy.
 */
import type { EventPayload, GateEvent } from './gate-event.js';

/** Why the event's code cannot be trusted to deploy. */
export interface UntrustedCode {
  /** "pull request #7 comes from mallory/app", … */
  readonly why: string;
  /** The pull request it belongs to, when the payload names one. */
  readonly pullRequest?: { readonly number: number; readonly closedUnmerged: boolean };
}

export interface ForkCheckOptions {
  /**
   * Reads the full name of pull request N's head repository (null when it was deleted); undefined
   * when no token is available to ask.
   */
  readonly findPullRequestHead?: (number: number) => Promise<string | null>;
}

/** The fields by which webhook payloads identify a repository (full objects, or the short ones in pull_requests[]). */
interface RepoLike {
  readonly full_name?: unknown;
  readonly id?: unknown;
  readonly url?: unknown;
}

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(repo: RepoLike | null | undefined): string {
  if (typeof repo?.full_name === 'string') return repo.full_name;
  if (typeof repo?.url === 'string') return repo.url.replace(/^https:\/\/api\.github\.com\/repos\//, '');
  return 'another repository';
}

/** True only when both name the same repository by a field both have; unknown counts as different. */
function sameRepository(a: RepoLike | null | undefined, b: RepoLike | null | undefined): boolean {
  if (!a || !b) return false;
  if (typeof a.full_name === 'string' && typeof b.full_name === 'string')
    return a.full_name.toLowerCase() === b.full_name.toLowerCase();
  if (typeof a.id === 'number' && typeof b.id === 'number') return a.id === b.id;
  if (typeof a.url === 'string' && typeof b.url === 'string') return a.url.toLowerCase() === b.url.toLowerCase();
  return false;
}

function pullRequestVerdict(payload: EventPayload, eventName: string): UntrustedCode | undefined {
  const pr = payload.pull_request;
  if (!pr) return undefined;
  const head = pr.head?.repo;
  const base = pr.base?.repo ?? payload.repository;
  const closedUnmerged = payload.action === 'closed' && pr.merged !== true && eventName.startsWith('pull_request');
  const subject = { number: pr.number, closedUnmerged };
  if (head === null || head === undefined) {
    return { why: `pull request #${pr.number} comes from a deleted repository`, pullRequest: subject };
  }
  if (!sameRepository(head, base) || (head.fork === true && base?.full_name === undefined)) {
    return { why: `pull request #${pr.number} comes from ${nameOf(head)}`, pullRequest: subject };
  }
  return undefined;
}

/** pull_requests[] in check_run, check_suite and workflow_run payloads: short objects with head.repo and base.repo. */
function listedPullRequests(value: unknown, where: string): UntrustedCode | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const entry of value) {
    if (!isObject(entry)) continue;
    const head = isObject(entry.head) ? (entry.head.repo as RepoLike | undefined) : undefined;
    const base = isObject(entry.base) ? (entry.base.repo as RepoLike | undefined) : undefined;
    if (!sameRepository(head, base)) {
      return { why: `${where} belongs to pull request #${String(entry.number)} from ${nameOf(head)}` };
    }
  }
  return undefined;
}

/** A check suite whose head branch lives in a fork has head_branch null (GitHub's documented signal). */
function checkSuiteVerdict(suite: unknown, where: string): UntrustedCode | undefined {
  if (!isObject(suite)) return undefined;
  if (suite.head_branch === null || suite.head_branch === undefined) {
    return { why: `${where} ran on a commit whose branch is not in this repository (a fork)` };
  }
  return listedPullRequests(suite.pull_requests, where);
}

function workflowRunVerdict(payload: EventPayload): UntrustedCode | undefined {
  const run = payload.workflow_run;
  if (!isObject(run)) return undefined;
  const where = `workflow run "${typeof run.name === 'string' ? run.name : '?'}"`;
  const head = run.head_repository as RepoLike | null | undefined;
  if (!sameRepository(head, payload.repository)) {
    return { why: `${where} ran code from ${head ? nameOf(head) : 'an unknown repository'}` };
  }
  return listedPullRequests(run.pull_requests, where);
}

/**
 * Any other object in the payload with a head repository (head_repository, or head.repo) that is
 * not this one: a newer or rarer event, judged by the same rule.
 */
function anyForeignHead(value: unknown, repository: RepoLike | undefined, depth: number): string | undefined {
  if (depth > 4 || typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = anyForeignHead(item, repository, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const object = value as JsonObject;
  for (const [key, child] of Object.entries(object)) {
    if (key === 'repository') continue;
    if (key === 'head_repository' && isObject(child) && !sameRepository(child, repository)) return nameOf(child);
    if (key === 'head' && isObject(child) && isObject(child.repo)) {
      const base = isObject(object.base) && isObject(object.base.repo) ? object.base.repo : repository;
      if (!sameRepository(child.repo, base)) return nameOf(child.repo);
    }
    const found = anyForeignHead(child, repository, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export async function untrustedCode(
  event: GateEvent,
  options: ForkCheckOptions = {},
): Promise<UntrustedCode | undefined> {
  const { payload, eventName } = event;
  const verdict =
    pullRequestVerdict(payload, eventName) ??
    workflowRunVerdict(payload) ??
    checkSuiteVerdict(payload.check_suite, 'check suite') ??
    (isObject(payload.check_run) ? checkSuiteVerdict(payload.check_run.check_suite, 'check run') : undefined) ??
    (isObject(payload.check_run) ? listedPullRequests(payload.check_run.pull_requests, 'check run') : undefined);
  if (verdict) return verdict;

  // A commit status names the branches of this repository that hold the commit; none means the
  // commit is not on any of them (a fork's pull request head gets statuses too).
  if (eventName === 'status' && (!Array.isArray(payload.branches) || payload.branches.length === 0)) {
    return { why: 'the commit of this status is on no branch of this repository (it may come from a fork)' };
  }

  if (isObject(payload.merge_group)) {
    return { why: 'a merge queue group runs pull requests that are not merged yet (they may come from forks)' };
  }

  // A comment on a pull request: the payload names the pull request but not where its head lives.
  const issue = payload.issue;
  if (isObject(issue) && isObject(issue.pull_request)) {
    const number = typeof issue.number === 'number' ? issue.number : 0;
    const subject = { number, closedUnmerged: false };
    if (!options.findPullRequestHead) {
      return {
        why: `a comment on pull request #${number} cannot show whose code it is without "github-token" (the event does not name the head repository)`,
        pullRequest: subject,
      };
    }
    const head = await options.findPullRequestHead(number);
    if (!sameRepository({ full_name: head ?? undefined }, payload.repository)) {
      return { why: `pull request #${number} comes from ${head ?? 'a deleted repository'}`, pullRequest: subject };
    }
    return undefined;
  }

  const foreign = anyForeignHead(payload, payload.repository, 0);
  return foreign ? { why: `the ${eventName} event names a head repository ${foreign}` } : undefined;
}
