/**
 * "A pull request from a fork never deploys", for every event GitHub documents as a workflow
 * trigger: with deploy-when "always", an event from this repository deploys, and any event whose
 * payload names a pull request or head repository from elsewhere (or cannot show whose code it is)
 * only plans.
 */
import { describe, expect, it } from 'vitest';
import { decide, type EventPayload } from '../src/gate.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const repository = {
  id: 1,
  full_name: 'octo/app',
  default_branch: 'main',
  url: 'https://api.github.com/repos/octo/app',
};
const forkRepo = { id: 2, full_name: 'mallory/app', fork: true, url: 'https://api.github.com/repos/mallory/app' };
const short = (repo: typeof repository | typeof forkRepo) => ({ id: repo.id, url: repo.url, name: 'app' });

const pullRequest = (head: typeof repository | typeof forkRepo | null) => ({
  number: 7,
  merged: false,
  base: { ref: 'main', repo: repository },
  head: { ref: 'feature', repo: head },
});
/** The short pull request objects of check_run, check_suite and workflow_run payloads. */
const listedPullRequest = (head: typeof repository | typeof forkRepo) => ({
  number: 7,
  head: { ref: 'feature', sha: SHA, repo: short(head) },
  base: { ref: 'main', sha: SHA, repo: short(repository) },
});
const checkSuite = (fork: boolean) => ({
  id: 5,
  head_sha: SHA,
  // GitHub leaves head_branch null, and pull_requests empty, when the branch is in a fork.
  head_branch: fork ? null : 'feature',
  pull_requests: fork ? [] : [listedPullRequest(repository)],
});
const workflowRun = (head: typeof repository | typeof forkRepo) => ({
  id: 9,
  name: 'CI',
  event: 'pull_request',
  head_branch: 'feature',
  head_sha: SHA,
  head_repository: head,
  repository,
  pull_requests: head === repository ? [listedPullRequest(repository)] : [],
});

type Case = readonly [event: string, ownPayload: EventPayload, forkPayload: EventPayload | undefined];

/** Every event in GitHub's "Events that trigger workflows", with a payload from this repository and, where one can exist, from a fork. */
const EVENTS: readonly Case[] = [
  ['branch_protection_rule', { action: 'created', rule: { id: 1, name: 'main' } }, undefined],
  [
    'check_run',
    {
      action: 'completed',
      check_run: {
        id: 3,
        head_sha: SHA,
        check_suite: checkSuite(false),
        pull_requests: [listedPullRequest(repository)],
      },
    },
    { action: 'completed', check_run: { id: 3, head_sha: SHA, check_suite: checkSuite(true), pull_requests: [] } },
  ],
  [
    'check_suite',
    { action: 'completed', check_suite: checkSuite(false) },
    { action: 'completed', check_suite: checkSuite(true) },
  ],
  ['create', { ref: 'feature', ref_type: 'branch' }, undefined],
  ['delete', { ref: 'feature', ref_type: 'branch' }, undefined],
  ['deployment', { deployment: { id: 1, ref: 'main', sha: SHA, environment: 'production' } }, undefined],
  [
    'deployment_status',
    { deployment_status: { state: 'success' }, deployment: { id: 1, ref: 'main', sha: SHA } },
    undefined,
  ],
  ['discussion', { action: 'created', discussion: { number: 1 } }, undefined],
  ['discussion_comment', { action: 'created', discussion: { number: 1 }, comment: { id: 1 } }, undefined],
  ['fork', { forkee: { id: 2, full_name: 'mallory/app' } }, undefined],
  ['gollum', { pages: [{ page_name: 'Home' }] }, undefined],
  ['image_version', { action: 'completed' }, undefined],
  [
    'issue_comment',
    { action: 'created', issue: { number: 3 }, comment: { id: 1 } },
    {
      action: 'created',
      issue: { number: 7, pull_request: { url: 'https://api.github.com/repos/octo/app/pulls/7' } },
      comment: { id: 1 },
    },
  ],
  ['issues', { action: 'opened', issue: { number: 3 } }, undefined],
  ['label', { action: 'created', label: { name: 'bug' } }, undefined],
  [
    'merge_group',
    {
      action: 'checks_requested',
      merge_group: {
        head_sha: SHA,
        head_ref: 'refs/heads/gh-readonly-queue/main/pr-7-abc',
        base_ref: 'refs/heads/main',
      },
    },
    {
      action: 'checks_requested',
      merge_group: {
        head_sha: SHA,
        head_ref: 'refs/heads/gh-readonly-queue/main/pr-8-def',
        base_ref: 'refs/heads/main',
      },
    },
  ],
  ['milestone', { action: 'created', milestone: { number: 1 } }, undefined],
  ['page_build', { build: { status: 'built' } }, undefined],
  ['public', {}, undefined],
  [
    'pull_request',
    { action: 'opened', pull_request: pullRequest(repository) },
    { action: 'opened', pull_request: pullRequest(forkRepo) },
  ],
  [
    'pull_request_review',
    { action: 'submitted', review: { state: 'approved' }, pull_request: pullRequest(repository) },
    { action: 'submitted', review: { state: 'approved' }, pull_request: pullRequest(forkRepo) },
  ],
  [
    'pull_request_review_comment',
    { action: 'created', comment: { id: 1 }, pull_request: pullRequest(repository) },
    { action: 'created', comment: { id: 1 }, pull_request: pullRequest(forkRepo) },
  ],
  [
    'pull_request_review_thread',
    { action: 'resolved', thread: { comments: [] }, pull_request: pullRequest(repository) },
    { action: 'resolved', thread: { comments: [] }, pull_request: pullRequest(forkRepo) },
  ],
  [
    'pull_request_target',
    { action: 'opened', pull_request: pullRequest(repository) },
    { action: 'opened', pull_request: pullRequest(forkRepo) },
  ],
  ['push', { ref: 'refs/heads/main', head_commit: { id: SHA } }, undefined],
  ['registry_package', { action: 'published', registry_package: { name: 'app' } }, undefined],
  ['release', { action: 'published', release: { tag_name: 'v1.0.0' } }, undefined],
  ['repository_dispatch', { action: 'deploy', client_payload: {} }, undefined],
  ['schedule', { schedule: '0 0 * * *' }, undefined],
  [
    'status',
    { sha: SHA, state: 'success', branches: [{ name: 'main' }] },
    { sha: SHA, state: 'success', branches: [] },
  ],
  ['watch', { action: 'started' }, undefined],
  ['workflow_call', {}, undefined],
  ['workflow_dispatch', { inputs: {} }, undefined],
  [
    'workflow_run',
    { action: 'completed', workflow_run: workflowRun(repository) },
    { action: 'completed', workflow_run: workflowRun(forkRepo) },
  ],
];

/** Events that never carry a pull request but whose code, for a merge queue, is not merged yet. */
const ALWAYS_UNTRUSTED = new Set(['merge_group']);

const decideAlways = (
  name: string,
  payload: EventPayload,
  findPullRequestHead?: (n: number) => Promise<string | null>,
) =>
  decide(
    { eventName: name, ref: 'refs/heads/main', sha: SHA, payload: { repository, ...payload } },
    { rules: ['always'], dryRun: false, ...(findPullRequestHead && { findPullRequestHead }) },
  );

describe('the gate for every event GitHub documents, with deploy-when "always"', () => {
  it.each(EVENTS.filter(([name]) => !ALWAYS_UNTRUSTED.has(name)).map(([name, own]) => [name, own] as const))(
    '%s from this repository deploys',
    async (name, own) => {
      // issue_comment on a plain issue names no pull request, so it needs no lookup.
      expect(await decideAlways(name, own, async () => 'octo/app')).toEqual({
        decision: 'deploy',
        reason: 'deploy-when is "always"',
      });
    },
  );

  it.each(EVENTS.filter(([, , fork]) => fork !== undefined).map(([name, , fork]) => [name, fork!] as const))(
    '%s naming code from a fork only plans',
    async (name, fork) => {
      const result = await decideAlways(name, fork, async () => 'mallory/app');
      expect(result.decision).toBe('plan');
      expect(result.reason).toMatch(/never deploys$/);
    },
  );

  it('names the fork a workflow_run ran code from', async () => {
    const result = await decideAlways('workflow_run', { workflow_run: workflowRun(forkRepo) });
    expect(result.reason).toBe('workflow run "CI" ran code from mallory/app; code from a fork never deploys');
  });

  it('plans a comment on a pull request when it cannot ask GitHub whose code it is', async () => {
    const [, , comment] = EVENTS.find(([name]) => name === 'issue_comment')!;
    const result = await decideAlways('issue_comment', comment!);
    expect(result).toEqual({
      decision: 'plan',
      reason:
        'a comment on pull request #7 cannot show whose code it is without "github-token" (the event does not name the head repository); a pull request from a fork never deploys',
    });
  });

  it('deploys a comment on a pull request from this repository when GitHub says so', async () => {
    const [, , comment] = EVENTS.find(([name]) => name === 'issue_comment')!;
    const asked: number[] = [];
    const result = await decideAlways('issue_comment', comment!, async (n) => (asked.push(n), 'octo/app'));
    expect(result.decision).toBe('deploy');
    expect(asked).toEqual([7]);
  });

  it('plans a comment on a pull request whose head repository was deleted', async () => {
    const [, , comment] = EVENTS.find(([name]) => name === 'issue_comment')!;
    expect((await decideAlways('issue_comment', comment!, async () => null)).reason).toContain(
      'pull request #7 comes from a deleted repository',
    );
  });

  it('plans a workflow_run whose head repository it cannot see', async () => {
    const run = { ...workflowRun(repository), head_repository: null };
    expect((await decideAlways('workflow_run', { workflow_run: run })).reason).toContain('an unknown repository');
  });

  it('plans an event of a kind it does not know when it names a head repository from elsewhere', async () => {
    const result = await decideAlways('some_future_event', {
      thing: { head: { repo: forkRepo }, base: { repo: repository } },
    });
    expect(result).toEqual({
      decision: 'plan',
      reason: 'the some_future_event event names a head repository mallory/app; code from a fork never deploys',
    });
  });

  it('compares repositories by name whatever their case', async () => {
    const head = { ...repository, full_name: 'Octo/App' };
    expect((await decideAlways('pull_request', { pull_request: pullRequest(head) })).decision).toBe('deploy');
  });
});
