import { describe, expect, it, vi } from 'vitest';
import { decide, type EventPayload, type GateEvent } from '../src/gate.js';
import type { DeployRule } from '../src/inputs.js';

const repo = { full_name: 'octo/app', default_branch: 'main' };
const SHA = '0123456789abcdef0123456789abcdef01234567';

function push(ref: string, extra: Partial<EventPayload> = {}): GateEvent {
  return { eventName: 'push', ref, sha: SHA, payload: { repository: repo, ...extra } };
}

function pullRequest(
  action: string,
  merged: boolean,
  headRepo: { full_name: string; fork?: boolean } | null = repo,
): GateEvent {
  return {
    eventName: 'pull_request',
    ref: 'refs/pull/7/merge',
    sha: SHA,
    payload: {
      action,
      repository: repo,
      pull_request: { number: 7, merged, base: { ref: 'main', repo }, head: { ref: 'feature', repo: headRepo } },
    },
  };
}

const gate = (
  event: GateEvent,
  rules: DeployRule[],
  extra: { dryRun?: boolean; find?: (sha: string) => Promise<{ number: number; baseRef: string } | undefined> } = {},
) => decide(event, { rules, dryRun: extra.dryRun ?? false, ...(extra.find && { findMergedPullRequest: extra.find }) });

describe('gate', () => {
  it('always deploys with "always"', async () => {
    expect(await gate(push('refs/heads/feature'), ['always'])).toEqual({
      decision: 'deploy',
      reason: 'deploy-when is "always"',
    });
  });

  it('dry-run turns a deploy into a plan and says what it would have done', async () => {
    const result = await gate(push('refs/heads/main'), ['default-branch'], { dryRun: true });
    expect(result.decision).toBe('plan');
    expect(result.reason).toBe('dry-run is true (without it this run would deploy: push to the default branch main)');
  });

  describe('merged-pull-request', () => {
    it('deploys a closed, merged pull request', async () => {
      expect(await gate(pullRequest('closed', true), ['merged-pull-request'])).toEqual({
        decision: 'deploy',
        reason: 'pull request #7 was merged into main',
      });
    });
    it('plans on an open pull request', async () => {
      const result = await gate(pullRequest('opened', false), ['merged-pull-request']);
      expect(result.decision).toBe('plan');
      expect(result.reason).toContain('pull request #7 is not merged yet');
    });
    it('skips a pull request closed without merging', async () => {
      expect(await gate(pullRequest('closed', false), ['merged-pull-request'])).toEqual({
        decision: 'skip',
        reason: 'pull request #7 was closed without merging',
      });
    });
    it('deploys a push GitHub links to a merged pull request into that branch', async () => {
      const find = vi.fn(async () => ({ number: 12, baseRef: 'main' }));
      const result = await gate(push('refs/heads/main'), ['merged-pull-request'], { find });
      expect(find).toHaveBeenCalledWith(SHA);
      expect(result).toEqual({
        decision: 'deploy',
        reason: 'push of commit 0123456789ab, which GitHub links to merged pull request #12',
      });
    });
    it('plans a push whose merged pull request targeted another branch, or none', async () => {
      expect(
        (
          await gate(push('refs/heads/main'), ['merged-pull-request'], {
            find: async () => ({ number: 3, baseRef: 'develop' }),
          })
        ).decision,
      ).toBe('plan');
      const none = await gate(push('refs/heads/main'), ['merged-pull-request'], { find: async () => undefined });
      expect(none).toEqual({
        decision: 'plan',
        reason:
          'deploy-when (merged-pull-request) does not match: commit 0123456789ab pushed to main belongs to no merged pull request',
      });
    });
    it('plans, and says why, when it cannot ask GitHub', async () => {
      const result = await gate(push('refs/heads/main'), ['merged-pull-request']);
      expect(result.decision).toBe('plan');
      expect(result.reason).toContain('without "github-token"');
    });
  });

  describe('default-branch', () => {
    it('deploys a push to the default branch', async () => {
      expect(await gate(push('refs/heads/main'), ['default-branch'])).toEqual({
        decision: 'deploy',
        reason: 'push to the default branch main',
      });
    });
    it('deploys a manual run on the default branch', async () => {
      const event = { ...push('refs/heads/main'), eventName: 'workflow_dispatch' };
      expect((await gate(event, ['default-branch'])).reason).toBe('workflow_dispatch on the default branch main');
    });
    it('plans a push to another branch', async () => {
      expect(await gate(push('refs/heads/feature'), ['default-branch'])).toEqual({
        decision: 'plan',
        reason: 'deploy-when (default-branch) does not match: refs/heads/feature is not the default branch main',
      });
    });
    it('plans a pull request', async () => {
      expect((await gate(pullRequest('synchronize', false), ['default-branch'])).decision).toBe('plan');
    });
    it('skips a deleted branch', async () => {
      expect((await gate(push('refs/heads/main', { deleted: true }), ['always'])).decision).toBe('skip');
    });
  });

  describe('tag', () => {
    it('deploys a pushed v* tag', async () => {
      expect(await gate(push('refs/tags/v1.2.3'), ['tag'])).toEqual({
        decision: 'deploy',
        reason: 'tag v1.2.3 was pushed',
      });
    });
    it('plans another tag', async () => {
      expect((await gate(push('refs/tags/nightly'), ['tag'])).reason).toContain('tag nightly is not a version tag');
    });
    it.each(['vendor-drop', 'v', 'vNext', 'version-1'])('plans tag %s, which only starts with "v"', async (tag) => {
      expect((await gate(push(`refs/tags/${tag}`), ['tag'])).decision).toBe('plan');
    });
    it.each(['v1', 'v2.0.0', 'v10.1-rc1'])('deploys version tag %s', async (tag) => {
      expect((await gate(push(`refs/tags/${tag}`), ['tag'])).decision).toBe('deploy');
    });
    it('deploys a published v* release', async () => {
      const event: GateEvent = {
        eventName: 'release',
        ref: 'refs/tags/v2.0.0',
        sha: SHA,
        payload: { action: 'published', release: { tag_name: 'v2.0.0' }, repository: repo },
      };
      expect(await gate(event, ['tag'])).toEqual({ decision: 'deploy', reason: 'release v2.0.0 was published' });
    });
    it('combines rules: any match deploys', async () => {
      expect((await gate(push('refs/tags/v3'), ['default-branch', 'tag'])).decision).toBe('deploy');
      expect((await gate(push('refs/heads/main'), ['default-branch', 'tag'])).decision).toBe('deploy');
    });
  });

  describe('pull requests from forks never deploy', () => {
    const fork = { full_name: 'mallory/app', fork: true };
    it.each<DeployRule[]>([['always'], ['merged-pull-request'], ['default-branch', 'tag', 'always']])(
      'not even with %j',
      async (...rules) => {
        const result = await gate(pullRequest('closed', true, fork), rules);
        expect(result).toEqual({
          decision: 'plan',
          reason: 'pull request #7 comes from mallory/app; a pull request from a fork never deploys',
        });
      },
    );
    it('an open fork pull request plans', async () => {
      expect((await gate(pullRequest('opened', false, fork), ['always'])).decision).toBe('plan');
    });
    it('a fork pull request closed unmerged skips', async () => {
      expect((await gate(pullRequest('closed', false, fork), ['always'])).decision).toBe('skip');
    });
    it('a pull request whose head repository was deleted counts as a fork', async () => {
      expect((await gate(pullRequest('opened', false, null), ['always'])).reason).toContain(
        'comes from a deleted repository',
      );
    });
    it('pull_request_target from a fork never deploys either', async () => {
      const event = { ...pullRequest('closed', true, fork), eventName: 'pull_request_target' };
      expect((await gate(event, ['always'])).decision).toBe('plan');
    });
  });
});
