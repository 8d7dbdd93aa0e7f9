/**
 * Start-up: a push to a plain registry loads only the generic path before its first request. The
 * bundled action runs with a preload that, at the first TCP connection, lists every module file
 * loaded so far; the source maps name what each bundle chunk holds. A static import of a cloud SDK,
 * @actions/core (its OIDC client pulls in undici), or Node's own fetch (its undici) on this path
 * puts tens of milliseconds back on every run's start, and fails here. The time itself is measured
 * by `npm run bench`, never here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageManifest, randomLayer, writeLayout } from './helpers/image.js';
import { ROOT, skopeo, startRegistry, type Registry } from './helpers/services.js';
import { ISSUER, SERVICE, startTokenServer, type TokenServer } from './helpers/token-server.js';

const PRELOAD = `
const { registerHooks } = require('node:module');
const net = require('node:net');
const fs = require('node:fs');
const files = [];
registerHooks({ load(url, context, next) { files.push(url); return next(url, context); } });
const connect = net.Socket.prototype.connect;
let written = false;
// PD_LOADED_AT_EXIT: record at the end of the run instead (everything the whole run loaded).
if (process.env.PD_LOADED_AT_EXIT) {
  written = true;
  process.on('exit', () => {
    const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
    fs.writeFileSync(process.env.PD_LOADED_FILE, JSON.stringify({ files, builtins }));
  });
}
net.Socket.prototype.connect = function (...args) {
  if (!written) {
    written = true;
    const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
    fs.writeFileSync(process.env.PD_LOADED_FILE, JSON.stringify({ files, builtins }));
  }
  return connect.apply(this, args);
};
`;

let work: string;
let loaded: { files: string[]; builtins: string[] };

/** The npm packages a bundle chunk holds, read from its source map. */
function packagesIn(chunk: string): Set<string> {
  const map = JSON.parse(readFileSync(`${chunk}.map`, 'utf8')) as { sources: string[] };
  const names = map.sources.flatMap((source) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
    return match ? [match[1]!] : [];
  });
  return new Set(names);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pd-startup-'));
  const preload = join(work, 'preload.cjs');
  writeFileSync(preload, PRELOAD);
  const event = join(work, 'event.json');
  writeFileSync(event, JSON.stringify({ repository: { default_branch: 'main', full_name: 'octo/app' } }));
  // A listener that only takes the first connection: the run is ended there.
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  const loadedFile = join(work, 'loaded.json');
  try {
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, ['--require', preload, join(ROOT, 'dist/index.js')], {
        env: {
          PATH: process.env.PATH,
          PD_LOADED_FILE: loadedFile,
          GITHUB_EVENT_NAME: 'push',
          GITHUB_EVENT_PATH: event,
          GITHUB_REF: 'refs/heads/main',
          GITHUB_REPOSITORY: 'octo/app',
          INPUT_IMAGE: `127.0.0.1:${port}/app:1`,
          INPUT_DESTINATION: `127.0.0.1:${port}/copy`,
          INPUT_TIMEOUT: '30',
        },
        stdio: 'ignore',
      });
      const bound = setTimeout(() => child.kill('SIGKILL'), 20_000);
      server.once('connection', (socket) => {
        socket.destroy();
        child.kill();
      });
      child.on('error', fail);
      child.on('close', () => {
        clearTimeout(bound);
        done();
      });
    });
  } finally {
    server.close();
  }
  loaded = JSON.parse(readFileSync(loadedFile, 'utf8')) as typeof loaded;
}, 30_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a whole retag on a registry with a token service', () => {
  let tokens: TokenServer;
  let registry: Registry;
  let whole: { files: string[]; builtins: string[] };
  let stdout = '';

  beforeAll(async () => {
    tokens = await startTokenServer(work, { deployer: 's3cret' });
    registry = await startRegistry({ token: [tokens.realm, ISSUER, SERVICE, tokens.certPath] });
    const image = imageManifest({ os: 'linux', architecture: 'amd64' }, [randomLayer(4096, 'app')], 'startup');
    const layout = await writeLayout(join(work, 'layout'), 'v1', image.manifest, [image]);
    await skopeo('copy', '-q', '--dest-tls-verify=false', '--dest-creds', 'deployer:s3cret', `oci:${layout.dir}:v1`, `docker://${registry.addr}/app:v1`); // prettier-ignore
    const loadedFile = join(work, 'whole.json');
    await new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, ['--require', join(work, 'preload.cjs'), join(ROOT, 'dist/index.js')], {
        env: {
          PATH: process.env.PATH,
          PD_LOADED_FILE: loadedFile,
          PD_LOADED_AT_EXIT: '1',
          GITHUB_EVENT_NAME: 'workflow_dispatch',
          GITHUB_EVENT_PATH: join(work, 'event.json'),
          GITHUB_REPOSITORY: 'octo/app',
          INPUT_IMAGE: `${registry.addr}/app:v1`,
          INPUT_DESTINATION: `${registry.addr}/app`,
          INPUT_TAGS: 'retagged',
          'INPUT_REGISTRY-USERNAME': 'deployer',
          'INPUT_REGISTRY-PASSWORD': 's3cret',
          INPUT_TIMEOUT: '60',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const bound = setTimeout(() => child.kill('SIGKILL'), 50_000);
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('error', fail);
      child.on('close', () => {
        clearTimeout(bound);
        done();
      });
    });
    whole = JSON.parse(readFileSync(loadedFile, 'utf8')) as typeof whole;
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    await tokens?.close();
  });

  it('pushes the tag, with a token from the token service', () => {
    expect(stdout).toContain('::set-output name=deployed::true');
    expect(tokens.requests.length).toBeGreaterThan(0);
  });

  it("never loads Node's own fetch (its undici): token requests go over the registry's own connections", () => {
    expect(whole.builtins.filter((name) => name.includes('undici'))).toEqual([]);
  });
});

describe('a generic registry run, before its first request', () => {
  it('has loaded only bundle files of its own (and they hold no cloud SDK, @actions/core or undici)', () => {
    const chunks = loaded.files.filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url));
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(chunk.startsWith(join(ROOT, 'dist'))).toBe(true);
    const packages = new Set(chunks.flatMap((chunk) => [...packagesIn(chunk)]));
    const heavy = [...packages].filter((name) =>
      /^(@aws-sdk|@smithy|@google-cloud|google-auth-library|google-gax|@azure|@kubernetes|@actions\/(core|http-client|github)|@octokit|undici)/.test(
        name,
      ),
    );
    expect(heavy, `loaded from ${chunks.map((c) => basename(c)).join(', ')}`).toEqual([]);
  });

  it("has not loaded Node's own fetch (its bundled undici)", () => {
    expect(loaded.builtins.filter((name) => name.includes('undici'))).toEqual([]);
  });

  it('has not loaded what a plain-http registry run does not need yet: TLS, crypto, child processes, fs/promises, zlib', () => {
    for (const name of ['tls', 'https', 'crypto', 'child_process', 'fs/promises', 'zlib', 'v8', 'vm'])
      expect(loaded.builtins, name).not.toContain(name);
  });
});
