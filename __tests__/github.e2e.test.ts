/**
 * The action inside workflows: the bundled dist/index.js run as the runner runs it, on GitHub's
 * event payloads (push, tag, pull request opened / merged / closed / from a fork), with the
 * GitHub REST calls (plan comments, deployments) made against a local server following the API.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseAnnotations, runAction, type EventSpec } from './helpers/action.js';
import { startGitHubApi, type GitHubApi } from './helpers/github-api.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { ROOT, rawManifest, skopeo, startRegistry, type Registry } from './helpers/services.js';

const MERGE_SHA = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';

/** An event as the runner presents it: the payload file, with GITHUB_REF and GITHUB_SHA to match. */
function event(fixture: string): EventSpec {
  const payload = JSON.parse(readFileSync(join(ROOT, '__tests__/fixtures/events', `${fixture}.json`), 'utf8')) as {
    ref?: string;
    after?: string;
    number?: number;
  };
  if (fixture.startsWith('push')) return { name: 'push', ref: payload.ref!, sha: payload.after!, payload };
  return { name: 'pull_request', ref: `refs/pull/${payload.number}/merge`, sha: MERGE_SHA, payload };
}

let registry: Registry;
let api: GitHubApi;
let work: string;
let layout: Layout;
let source: string;

const act = (inputs: Record<string, string>, fixture: string) =>
  runAction(
    { image: source, 'github-token': 'ghs_test', ...inputs },
    {
      event: event(fixture),
      env: { GITHUB_API_URL: api.url, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '77' },
    },
  );

beforeAll(async () => {
  [registry, api] = await Promise.all([startRegistry(), startGitHubApi()]);
  work = await mkdtemp(join(tmpdir(), 'pd-github-'));
  layout = await singlePlatformLayout(join(work, 'layout'), '3.1.0', [20_000]);
  source = `${registry.addr}/built/app:3.1.0`;
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:3.1.0`, `docker://${source}`);
});

afterAll(async () => {
  await Promise.all([registry?.stop(), api?.close()]);
  await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  api.requests.length = 0;
  api.forbidden.clear();
});

describe('the gate on real event payloads', () => {
  it.each([
    ['push-main', 'default-branch', 'deployed', 'push to the default branch main'],
    ['push-main', 'tag', 'planned', 'refs/heads/main is not a version tag'],
    ['push-tag', 'tag', 'deployed', 'tag v1.2.0 was pushed'],
    ['pull-request-opened', 'merged-pull-request', 'planned', 'pull request #42 is not merged yet'],
    ['pull-request-closed-merged', 'merged-pull-request', 'deployed', 'pull request #42 was merged into main'],
    ['pull-request-closed-unmerged', 'merged-pull-request', 'skipped', 'pull request #42 was closed without merging'],
    [
      'pull-request-fork',
      'always',
      'planned',
      'pull request #43 comes from mallory/app; a pull request from a fork never deploys',
    ],
  ])('%s with deploy-when %s: %s', async (fixture, rule, result, reason) => {
    const destination = `${registry.addr}/gate/${fixture}-${rule}`;
    const run = await act({ destination, 'deploy-when': rule, 'pr-comment': 'false' }, fixture);
    expect(run.code).toBe(0);
    expect(run.summary).toContain(`| Result | ${result} |`);
    expect(run.summary).toContain(reason);
    expect(run.outputs.deployed).toBe(String(result === 'deployed'));
    if (result === 'deployed') expect(await rawManifest(`${destination}:3.1.0`)).toBe(layout.root.bytes.toString());
    else await expect(rawManifest(`${destination}:3.1.0`)).rejects.toThrow();
  });
});

describe('the plan as a pull request comment', () => {
  it('posts one comment per leg and updates it in place on the next push', async () => {
    const legA = { destination: `${registry.addr}/comment/a`, 'deploy-when': 'merged-pull-request' };
    await act(legA, 'pull-request-opened');
    expect(api.comments.get(42)).toHaveLength(1);
    const first = api.comments.get(42)![0]!;
    expect(first.body).toMatch(
      /^<!-- portable-deploy plan: 127\.0\.0\.1:\d+\/comment\/a -->\n### Portable Deploy: 127\.0\.0\.1:\d+\/comment\/a/,
    );
    expect(first.body).toContain('| Result | planned |');
    expect(first.body).toContain(`would push ${layout.root.digest}`);

    api.requests.length = 0;
    await act({ ...legA, tags: 'pr-42' }, 'pull-request-opened');
    expect(api.comments.get(42)).toHaveLength(1);
    expect(api.comments.get(42)![0]!.id).toBe(first.id);
    expect(api.comments.get(42)![0]!.body).toContain('comment/a:pr-42');
    expect(api.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      'GET /repos/octo/app/issues/42/comments',
      `PATCH /repos/octo/app/issues/comments/${first.id}`,
    ]);
    expect(api.requests.every((r) => r.authorization === 'token ghs_test')).toBe(true);

    // Another matrix leg gets its own comment.
    await act(
      { destination: `${registry.addr}/comment/b`, 'deploy-when': 'merged-pull-request' },
      'pull-request-opened',
    );
    expect(api.comments.get(42)!.map((c) => c.body.split('\n')[0])).toEqual([
      expect.stringContaining('/comment/a -->'),
      expect.stringContaining('/comment/b -->'),
    ]);
  });

  it('posts nothing with pr-comment: false, or on a push', async () => {
    await act(
      { destination: `${registry.addr}/comment/c`, 'deploy-when': 'merged-pull-request', 'pr-comment': 'false' },
      'pull-request-opened',
    );
    await act({ destination: `${registry.addr}/comment/c`, 'deploy-when': 'tag' }, 'push-main');
    expect(api.requests.filter((r) => r.path.includes('/comments'))).toEqual([]);
  });

  it('warns, naming the permission, when the token may not comment (a fork), and still succeeds', async () => {
    api.forbidden.add('POST /repos/octo/app/issues/43/comments');
    const run = await act({ destination: `${registry.addr}/comment/fork` }, 'pull-request-fork');
    expect(run.code).toBe(0);
    const warnings = parseAnnotations(run.stdout, 'warning');
    expect(warnings).toContainEqual({
      title: 'Plan comment not posted',
      message: expect.stringMatching(
        /^could not post the plan on pull request #43: GitHub \(127\.0\.0\.1:\d+\) answered HTTP 403: Resource not accessible by integration/,
      ),
    });
    expect(warnings.map((w) => w.message).join('\n')).toContain('Give the job the "pull-requests: write" permission');
  });
});

describe('GitHub deployments', () => {
  it('records a deployment for the commit: in_progress, then success', async () => {
    const before = api.deployments.length;
    const run = await act(
      { destination: `${registry.addr}/deploy/ok`, environment: 'production', 'deploy-when': 'default-branch' },
      'push-main',
    );
    expect(run.code).toBe(0);
    const deployment = api.deployments.at(-1)!;
    expect(api.deployments.length).toBe(before + 1);
    expect(deployment).toMatchObject({ ref: MERGE_SHA, environment: 'production' });
    expect(deployment.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(deployment.statuses[0]).toMatchObject({ log_url: 'https://github.com/octo/app/actions/runs/77' });
    const created = api.requests.find((r) => r.method === 'POST' && r.path === '/repos/octo/app/deployments')!;
    expect(created.body).toMatchObject({
      ref: MERGE_SHA,
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
  });

  it('marks the deployment failed when the run fails', async () => {
    const run = await act(
      { destination: '127.0.0.1:1/deploy/unreachable', environment: 'staging', 'deploy-when': 'always' },
      'push-main',
    );
    expect(run.code).not.toBe(0);
    expect(api.deployments.at(-1)!.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
    expect(String(api.deployments.at(-1)!.statuses[1]!.description)).toContain('127.0.0.1:1');
  });

  it('creates none for a plan or a skip', async () => {
    const before = api.deployments.length;
    await act(
      {
        destination: `${registry.addr}/deploy/plan`,
        environment: 'production',
        'deploy-when': 'merged-pull-request',
        'pr-comment': 'false',
      },
      'pull-request-opened',
    );
    await act(
      { destination: `${registry.addr}/deploy/skip`, environment: 'production', 'deploy-when': 'merged-pull-request' },
      'pull-request-closed-unmerged',
    );
    expect(api.deployments.length).toBe(before);
  });

  it('warns and names deployments: write on a 403, and the deploy still succeeds', async () => {
    api.forbidden.add('POST /repos/octo/app/deployments');
    const run = await act({ destination: `${registry.addr}/deploy/forbidden`, environment: 'production' }, 'push-main');
    expect(run.code).toBe(0);
    expect(run.outputs.deployed).toBe('true');
    expect(parseAnnotations(run.stdout, 'warning')).toContainEqual({
      title: 'GitHub deployment not recorded',
      message: expect.stringContaining('Give the job the "deployments: write" permission'),
    });
  });
});

describe('the job summary of a matrix leg', () => {
  it('says which leg it is and how long each step took', async () => {
    const run = await act({ destination: `${registry.addr}/leg/one`, 'deploy-when': 'always' }, 'push-main');
    expect(run.summary).toMatch(/^### Portable Deploy: 127\.0\.0\.1:\d+\/leg\/one$/m);
    expect(run.summary).toMatch(/\| Timings \| prepare \d+\.\d s · push \d+\.\d s \|/);
  });
});
