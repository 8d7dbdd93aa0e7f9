/**
 * The bundled action end to end, as GitHub runs it, against a real local registry:
 * input errors, the gate's three decisions, and a push with `runtime: none`.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type EventSpec } from './helpers/action.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { rawManifest, skopeo, startRegistry, type Registry } from './helpers/services.js';

const repository = { full_name: 'octo/app', default_branch: 'main', name: 'app', owner: { login: 'octo' } };
const pullRequestEvent = (action: string, merged: boolean, headRepo = repository): EventSpec => ({
  name: 'pull_request',
  ref: 'refs/pull/9/merge',
  payload: {
    action,
    number: 9,
    repository,
    pull_request: { number: 9, merged, base: { ref: 'main', repo: repository }, head: { ref: 'feat', repo: headRepo } },
  },
});

let registry: Registry;
let work: string;
let layout: Layout;
let source: string;

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'pd-e2e-'));
  layout = await singlePlatformLayout(join(work, 'layout'), '1.0.0', [200_000, 50_000]);
  source = `${registry.addr}/source/app:1.0.0`;
  // The source image is put in place by skopeo, independently of our code.
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:1.0.0`, `docker://${source}`);
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the bundled action', () => {
  it('fails on a bad image reference with one error annotation naming the input, and no stack trace', async () => {
    const run = await runAction({ image: 'Bad//Ref' });
    expect(run.code).not.toBe(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]!.title).toBe('Invalid inputs image, destination');
    expect(run.errors[0]!.message).toContain(
      '"image": "Bad//Ref" is not a valid image reference: repository name must be lower-case',
    );
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    expect(run.outputs.deployed).toBe('false');
  });

  it('pushes with runtime none on a push to the default branch, keeping the digest', async () => {
    const run = await runAction({
      image: source,
      destination: `${registry.addr}/team/app`,
      tags: '1.0.0, latest',
      'deploy-when': 'default-branch',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.digest).toBe(layout.root.digest);
    expect(run.outputs.image).toBe(`${registry.addr}/team/app@${layout.root.digest}`);
    expect(run.outputs.refs).toBe(`${registry.addr}/team/app:1.0.0\n${registry.addr}/team/app:latest`);
    expect(run.outputs.deployed).toBe('true');
    expect(run.outputs['skipped-reason']).toBe('');
    // Byte for byte: the manifest at the destination is the source manifest.
    for (const tag of ['1.0.0', 'latest'])
      expect(await rawManifest(`${registry.addr}/team/app:${tag}`)).toBe(layout.root.bytes.toString());
    expect(run.summary).toContain('| Result | deployed |');
    expect(run.summary).toContain(layout.root.digest);
    expect(run.stdout).toContain('::group::Push');
  });

  it('plans on an open pull request: resolves the digest, says what it would push, pushes nothing', async () => {
    const run = await runAction(
      { image: source, destination: `${registry.addr}/planned/app`, 'deploy-when': 'merged-pull-request' },
      { event: pullRequestEvent('opened', false) },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.digest).toBe(layout.root.digest);
    expect(run.outputs.image).toBe('');
    expect(run.outputs.deployed).toBe('false');
    expect(run.outputs['skipped-reason']).toContain('pull request #9 is not merged yet');
    expect(run.stdout).toContain(`would push ${layout.root.digest}`);
    expect(run.stdout).toContain(`${registry.addr}/planned/app:1.0.0`);
    expect(run.summary).toContain('| Result | planned |');
    await expect(rawManifest(`${registry.addr}/planned/app:1.0.0`)).rejects.toThrow();
  });

  it('deploys a merged pull request', async () => {
    const run = await runAction(
      { image: source, destination: `${registry.addr}/merged/app`, 'deploy-when': 'merged-pull-request' },
      { event: pullRequestEvent('closed', true) },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.deployed).toBe('true');
    expect(await rawManifest(`${registry.addr}/merged/app:1.0.0`)).toBe(layout.root.bytes.toString());
  });

  it('never deploys a pull request from a fork', async () => {
    const run = await runAction(
      { image: source, destination: `${registry.addr}/forked/app`, 'deploy-when': 'always' },
      { event: pullRequestEvent('closed', true, { ...repository, full_name: 'mallory/app' }) },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.deployed).toBe('false');
    expect(run.outputs['skipped-reason']).toContain('a pull request from a fork never deploys');
    await expect(rawManifest(`${registry.addr}/forked/app:1.0.0`)).rejects.toThrow();
  });

  it('skips a pull request closed without merging, without touching any registry', async () => {
    const run = await runAction(
      {
        image: '127.0.0.1:1/nowhere/app:1',
        destination: `${registry.addr}/skipped/app`,
        'deploy-when': 'merged-pull-request',
      },
      { event: pullRequestEvent('closed', false) },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.deployed).toBe('false');
    expect(run.outputs['skipped-reason']).toBe('pull request #9 was closed without merging');
    expect(run.summary).toContain('| Result | skipped |');
  });

  it('asks GitHub which merged pull request a pushed commit belongs to', async () => {
    const requests: string[] = [];
    const api: Server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([{ number: 41, merged_at: '2026-11-01T00:00:00Z', base: { ref: 'main' } }]));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const port = (api.address() as { port: number }).port;
      const run = await runAction(
        {
          image: source,
          destination: `${registry.addr}/linked/app`,
          'deploy-when': 'merged-pull-request',
          'github-token': 'ghs_testtoken',
          'dry-run': 'true',
        },
        { env: { GITHUB_API_URL: `http://127.0.0.1:${port}` } },
      );
      expect(run.code).toBe(0);
      expect(requests).toEqual([
        'GET /repos/octo/app/commits/0123456789abcdef0123456789abcdef01234567/pulls token ghs_testtoken',
      ]);
      expect(run.outputs['skipped-reason']).toContain('which GitHub links to merged pull request #41');
      // The token is registered as a secret first (the runner consumes ::add-mask::), then never printed.
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('::add-mask::ghs_testtoken');
      expect(lines.slice(1).join('\n')).not.toContain('ghs_testtoken');
    } finally {
      api.close();
    }
  });

  it('pushes from an OCI layout and from a docker save tarball', async () => {
    const fromLayout = await runAction({
      image: `oci-layout:${layout.dir}:1.0.0`,
      destination: `${registry.addr}/from/layout`,
    });
    expect(fromLayout.code).toBe(0);
    expect(fromLayout.outputs.digest).toBe(layout.root.digest);
    expect(fromLayout.outputs.refs).toBe(`${registry.addr}/from/layout:1.0.0`);

    const archive = join(work, 'app.tar');
    await skopeo('copy', `oci:${layout.dir}:1.0.0`, `docker-archive:${archive}:team/app:2.0`);
    const fromArchive = await runAction({
      image: `docker-archive:${archive}`,
      destination: `${registry.addr}/from/archive`,
    });
    expect(fromArchive.code).toBe(0);
    expect(fromArchive.outputs.refs).toBe(`${registry.addr}/from/archive:2.0`);
    expect(fromArchive.stdout).toMatch(/layer \S+\.tar: [\d.]+ KiB → gzip [\d.]+ KiB, sha256:[0-9a-f]{64}/);
    // Nothing to deploy, so nothing needs the digest before the push: each layer is compressed once, as it uploads.
    expect(fromArchive.stdout).toMatch(
      /docker-archive:\S+: \d+ layers? compressed as they upload, the manifest after them/,
    );
    const pushed = await rawManifest(`${registry.addr}/from/archive:2.0`);
    expect(fromArchive.outputs.digest).toBe(`sha256:${createHash('sha256').update(pushed).digest('hex')}`);
  });

  it.each([
    [
      'an unknown transport',
      () => ({ image: 'oci:./somewhere', destination: `${registry.addr}/bad/one` }),
      /^Input "image": "oci:\.\/somewhere" is not a valid image reference: unknown transport "oci:"/,
    ],
    [
      'a tag missing from a layout',
      () => ({ image: `oci-layout:${layout.dir}:nope`, destination: `${registry.addr}/bad/two`, tags: 'x' }),
      /^oci-layout:\S+:nope: the layout has no image tagged "nope"; it has "1\.0\.0"/,
    ],
    [
      'an unreachable registry',
      () => ({ image: source, destination: '127.0.0.1:1/bad/three' }),
      /^HEAD http:\/\/127\.0\.0\.1:1\/v2\/bad\/three\/manifests\/1\.0\.0 failed: .*ECONNREFUSED.*Check that 127\.0\.0\.1:1 is reachable/,
    ],
  ])('fails on %s with one clear error and writes nothing', async (_name, inputs, message) => {
    const run = await runAction(inputs());
    expect(run.code).not.toBe(0);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]!.message).toMatch(message);
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(run.outputs.deployed).toBe('false');
    expect(run.summary).toContain('| Result | failed |');
    for (const repo of ['bad/one', 'bad/two'])
      await expect(rawManifest(`${registry.addr}/${repo}:x`)).rejects.toThrow();
  });

  it('refuses a wrong password before writing anything, and never prints it', async () => {
    const secured = await startRegistry({ htpasswd: 'deployer:right-password' });
    try {
      const run = await runAction({
        image: source,
        destination: `${secured.addr}/auth/app`,
        'registry-username': 'deployer',
        'registry-password': 'wrong-password',
      });
      expect(run.code).not.toBe(0);
      expect(run.errors[0]!.title).toBe(`Registry ${secured.addr}`);
      expect(run.errorText).toMatch(
        new RegExp(
          `^HEAD manifest auth/app:1\\.0\\.0 on ${secured.addr.replace(/\./g, '\\.')} failed with HTTP 401.*check registry-username/registry-password`,
        ),
      );
      expect(run.stdout.split('\n').slice(1).join('\n')).not.toContain('wrong-password');
      expect(await secured.accessLog()).not.toMatch(/"(PUT|POST|PATCH) /);
      const ok = await runAction({
        image: source,
        destination: `${secured.addr}/auth/app`,
        'registry-username': 'deployer',
        'registry-password': 'right-password',
      });
      expect(ok.code).toBe(0);
      expect(await rawManifest(`${secured.addr}/auth/app:1.0.0`, 'deployer:right-password')).toBe(
        layout.root.bytes.toString(),
      );
    } finally {
      await secured.stop();
    }
  });

  it('reports a missing source image clearly and pushes nothing', async () => {
    const run = await runAction({
      image: `${registry.addr}/source/app:missing`,
      destination: `${registry.addr}/never/app`,
    });
    expect(run.code).not.toBe(0);
    expect(run.errors).toEqual([
      { title: 'Source image', message: expect.stringMatching(`^${registry.addr}/source/app:missing was not found`) },
    ]);
    await expect(rawManifest(`${registry.addr}/never/app:missing`)).rejects.toThrow();
  });
});
