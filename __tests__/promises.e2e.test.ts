/**
 * Promises the README makes about every run, checked on the bundled action: clear input errors
 * before any network call, truthful outputs and summary when a run fails, the run's own timeout,
 * fork events that only plan, and errors that name the file or host at fault.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type EventSpec } from './helpers/action.js';
import { startGitHubApi, type GitHubApi } from './helpers/github-api.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { freePort, rawManifest, skopeo, startRegistry, type Registry } from './helpers/services.js';

const repository = { full_name: 'octo/app', default_branch: 'main', name: 'app', owner: { login: 'octo' } };

let registry: Registry;
let work: string;
let layout: Layout;
let source: string;

beforeAll(async () => {
  registry = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'pd-promises-'));
  layout = await singlePlatformLayout(join(work, 'layout'), '1.0.0', [100_000]);
  source = `${registry.addr}/source/app:1.0.0`;
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:1.0.0`, `docker://${source}`);
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A TCP server that accepts connections and never answers: a registry that hangs. */
async function silentServer(): Promise<{ addr: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    addr: `127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('input errors come first, name the input, and reach no host', () => {
  it('refuses tags that name no tag', async () => {
    const run = await runAction({ image: source, destination: `${registry.addr}/never/tags`, tags: ',' });
    expect(run.code).not.toBe(0);
    expect(run.errors).toEqual([
      {
        title: 'Invalid input tags',
        message: expect.stringContaining('Input "tags": "," names no tag'),
      },
    ]);
    expect(await registry.accessLog()).not.toContain('/never/tags');
  });

  it('says a destination with a registry and port but no repository misses the repository', async () => {
    const run = await runAction({ image: source, destination: '127.0.0.1:5000' });
    expect(run.errors[0]!.title).toBe('Invalid input destination');
    expect(run.errorText).toContain(
      'it names the registry 127.0.0.1:5000 but no repository: add the repository path, e.g. 127.0.0.1:5000/app',
    );
  });

  it('refuses a timeout that is not a duration', async () => {
    const run = await runAction({ image: source, destination: `${registry.addr}/never/t`, timeout: 'soon' });
    expect(run.errors[0]!.title).toBe('Invalid input timeout');
    expect(run.errorText).toContain('"soon" is not a duration');
  });
});

describe('errors name the file or host at fault', () => {
  it('says docker-archive: wants a tarball when given a directory', async () => {
    const run = await runAction({ image: `docker-archive:${layout.dir}`, destination: `${registry.addr}/never/dir` });
    expect(run.errors).toEqual([
      {
        title: 'Source image',
        message: expect.stringContaining(
          `${layout.dir} is a directory, and docker-archive: reads a \`docker save\` tarball; for an OCI image layout directory use oci-layout:${layout.dir}`,
        ),
      },
    ]);
  });

  it('names a broken docker config.json when a registry asks for credentials', async () => {
    const config = join(work, 'broken-docker-config');
    await mkdir(config, { recursive: true });
    await writeFile(join(config, 'config.json'), '{"auths": {');
    const secured = await startRegistry({ htpasswd: 'pusher:config-password' });
    try {
      const run = await runAction(
        { image: source, destination: `${secured.addr}/never/config` },
        { env: { DOCKER_CONFIG: config } },
      );
      expect(run.errors).toEqual([
        {
          title: `Docker config ${join(config, 'config.json')}`,
          message: expect.stringMatching(/config\.json is not valid JSON .*; fix or remove it$/),
        },
      ]);
    } finally {
      await secured.stop();
    }
  });

  it('says credentials for a source come from docker config, not registry-username/password', async () => {
    const secured = await startRegistry({ htpasswd: 'reader:source-password' });
    try {
      await skopeo(
        'copy',
        '--dest-tls-verify=false',
        '--dest-creds',
        'reader:source-password',
        `oci:${layout.dir}:1.0.0`,
        `docker://${secured.addr}/private/app:1.0.0`,
      );
      const run = await runAction({
        image: `${secured.addr}/private/app:1.0.0`,
        destination: `${registry.addr}/never/private`,
        'registry-username': 'pusher',
        'registry-password': 'destination-password',
      });
      expect(run.code).not.toBe(0);
      expect(run.errors[0]!.title).toBe(`Registry ${secured.addr}`);
      expect(run.errorText).toContain(
        `${secured.addr} (the source image's registry) asks for credentials and none were found. Credentials for a source come from docker config`,
      );
      expect(run.errorText).toContain('registry-username and registry-password are for the destination only');
    } finally {
      await secured.stop();
    }
  });

  it('names the GitHub API host it could not reach, not "HTTP 500"', async () => {
    const port = await freePort();
    const run = await runAction(
      {
        image: source,
        destination: `${registry.addr}/never/github`,
        'deploy-when': 'merged-pull-request',
        'github-token': 'ghs_unreachable_token_value',
      },
      { env: { GITHUB_API_URL: `http://127.0.0.1:${port}` } },
    );
    expect(run.code).not.toBe(0);
    expect(run.errors[0]!.title).toBe('GitHub API');
    expect(run.errorText).toMatch(
      new RegExp(
        `^could not ask GitHub which pull request commit 0123456789ab belongs to: could not reach GitHub \\(127\\.0\\.0\\.1:${port}\\): .*ECONNREFUSED`,
      ),
    );
    expect(run.errorText).not.toContain('HTTP 500');
  });
});

describe('what a failed run reports', () => {
  it('puts the error, not the gate reason, in skipped-reason; the summary shows both and says nothing was pushed', async () => {
    const run = await runAction({
      image: `${registry.addr}/source/app:missing`,
      destination: `${registry.addr}/never/failed`,
    });
    expect(run.code).not.toBe(0);
    expect(run.outputs['skipped-reason']).toMatch(/^127\.0\.0\.1:\d+\/source\/app:missing was not found/);
    expect(run.outputs.image).toBe('');
    expect(run.outputs.refs).toBe('');
    expect(run.summary).toContain('| Result | failed |');
    expect(run.summary).toContain('| Gate | deploy: deploy-when is "always" |');
    expect(run.summary).toMatch(/\| Error \| 127\.0\.0\.1:\d+\/source\/app:missing was not found/);
    expect(run.summary).toContain('| Not pushed |');
    expect(run.summary).not.toContain('| Pushed |');
  });

  it('lists every warning in the summary and says "Pushed" when it pushed', async () => {
    const github = await startGitHubApi();
    try {
      github.forbidden.add('POST /repos/octo/app/deployments');
      const run = await runAction(
        {
          image: source,
          destination: `${registry.addr}/warned/app`,
          environment: 'staging',
          'github-token': 'ghs_warning_token_value',
        },
        { env: { GITHUB_API_URL: github.url } },
      );
      expect(run.code).toBe(0);
      expect(run.summary).toContain('**Warnings (1):**');
      expect(run.summary).toMatch(
        /^- GitHub deployment not recorded: could not create the GitHub deployment: GitHub \(127\.0\.0\.1:\d+\) answered HTTP 403/m,
      );
      expect(run.summary).toMatch(/\| Pushed \| `127\.0\.0\.1:\d+\/warned\/app:1\.0\.0` \|/);
    } finally {
      await github.close();
    }
  });
});

describe('the run timeout', () => {
  it('ends a run whose registry never answers, naming what it was still waiting for', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const run = await runAction({
        image: `${silent.addr}/hangs/app:1`,
        destination: `${registry.addr}/never/hang`,
        timeout: '10s',
      });
      const seconds = (Date.now() - started) / 1000;
      expect(run.code).not.toBe(0);
      expect(seconds).toBeLessThan(30);
      expect(run.errors[0]!.title).toBe('Timed out (input "timeout")');
      expect(run.errorText).toMatch(/^the run did not finish within timeout \(10s\): still in the source step/);
      expect(run.errorText).toContain(`waiting for GET ${silent.addr}/v2/hangs/app/manifests/1`);
      expect(run.outputs['skipped-reason']).toContain('did not finish within timeout');
    } finally {
      await silent.close();
    }
  });
});

describe('a comment on a pull request', () => {
  const commentEvent: EventSpec = {
    name: 'issue_comment',
    ref: 'refs/heads/main',
    payload: {
      action: 'created',
      repository,
      issue: { number: 12, pull_request: { url: 'https://api.github.com/repos/octo/app/pulls/12' } },
      comment: { id: 1, body: '/deploy' },
    },
  };
  let github: GitHubApi;
  beforeAll(async () => {
    github = await startGitHubApi();
  });
  afterAll(() => github?.close());

  it('deploys only when GitHub says the pull request comes from this repository', async () => {
    github.pullHeads.set(12, 'mallory/app');
    const fork = await runAction(
      {
        image: source,
        destination: `${registry.addr}/comment/app`,
        'github-token': 'ghs_comment_token_value',
        'pr-comment': 'false',
      },
      { event: commentEvent, env: { GITHUB_API_URL: github.url } },
    );
    expect(fork.code).toBe(0);
    expect(fork.outputs['skipped-reason']).toBe(
      'pull request #12 comes from mallory/app; a pull request from a fork never deploys',
    );
    await expect(rawManifest(`${registry.addr}/comment/app:1.0.0`)).rejects.toThrow();

    github.pullHeads.set(12, 'octo/app');
    const own = await runAction(
      { image: source, destination: `${registry.addr}/comment/app`, 'github-token': 'ghs_comment_token_value' },
      { event: commentEvent, env: { GITHUB_API_URL: github.url } },
    );
    expect(own.code).toBe(0);
    expect(own.outputs.deployed).toBe('true');
    expect(await rawManifest(`${registry.addr}/comment/app:1.0.0`)).toBe(layout.root.bytes.toString());
  });
});
