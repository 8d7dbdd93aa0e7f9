/**
 * Round trips on the wire, counted (never timed): run() in-process copies between two real
 * registries, each behind a delay proxy that reports every connection, request and answer. A
 * request's level is one more than the highest level among the answers that had reached us when
 * it was sent; the highest level is the number of serial round trips. With a round trip of 100 ms
 * per request, requests sent together share a level and only waiting for an answer adds one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/main.js';
import { startDelayProxy, type DelayProxy } from '../scripts/delay-proxy.js';
import { multiPlatformImage, writeLayout, type Blob } from './helpers/image.js';
import { pushEvent, recordingRunner } from './helpers/run-harness.js';
import { skopeo, startRegistry, type Registry } from './helpers/services.js';
import { ISSUER, SERVICE, startTokenServer, type TokenServer } from './helpers/token-server.js';

const RTT_MS = 100;
const PLATFORMS = ['amd64', 'arm64', 'ppc64le', 's390x'];

interface Request {
  readonly registry: string;
  readonly connection: string;
  readonly line: string;
  readonly sentAt: number;
  answeredAt?: number;
  status?: number;
  level?: number;
}

interface Wire {
  readonly requests: Request[];
  /** Connections opened, by registry name, with when. */
  readonly connections: { readonly registry: string; readonly at: number }[];
}

/** A registry behind a delay proxy that records what crosses it into `wire`. */
function watched(name: string, target: Registry, wire: Wire): Promise<DelayProxy> {
  const open = new Map<number, Request>();
  return startDelayProxy(target.addr, RTT_MS, {
    onConnection: () => wire.connections.push({ registry: name, at: performance.now() }),
    onData: (id, direction, chunk) => {
      const head = chunk.subarray(0, 4096).toString('latin1');
      if (direction === 'request') {
        const m = /^(GET|HEAD|PUT|POST|PATCH|DELETE) (\S+) HTTP\/1\.1\r\n/.exec(head);
        if (!m) return;
        const request: Request = {
          registry: name,
          connection: `${name}#${id}`,
          line: `${m[1]} ${m[2]!.replace(/\?.*$/, '')}`,
          sentAt: performance.now(),
        };
        open.set(id, request);
        wire.requests.push(request);
        return;
      }
      const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
      const request = open.get(id);
      if (!m || m[1] === '100' || !request) return;
      request.answeredAt = performance.now();
      request.status = Number(m[1]);
      open.delete(id);
    },
  });
}

/** Gives every request its level (see the file's comment); returns the highest. */
function serialRoundTrips(wire: Wire): number {
  const sorted = [...wire.requests].sort((a, b) => a.sentAt - b.sentAt);
  for (const request of sorted) {
    const before = sorted.filter((r) => r.answeredAt !== undefined && r.answeredAt <= request.sentAt);
    request.level = 1 + Math.max(0, ...before.map((r) => r.level ?? 0));
  }
  return Math.max(0, ...sorted.map((r) => r.level!));
}

const lines = (wire: Wire) => wire.requests.map((r) => `${r.registry} ${r.line}`);
const levelOf = (wire: Wire, pattern: RegExp) => [
  ...new Set(wire.requests.filter((r) => pattern.test(`${r.registry} ${r.line}`)).map((r) => r.level)),
];

let work: string;
let a: Registry;
let b: Registry;
/** A registry with a token service, for the token round trips. */
let t: Registry;
let tokens: TokenServer;
let index: Blob;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-round-trips-'));
  tokens = await startTokenServer(work, { deployer: 's3cret' });
  [a, b, t] = await Promise.all([
    startRegistry(),
    startRegistry(),
    startRegistry({ token: [tokens.realm, ISSUER, SERVICE, tokens.certPath] }),
  ]);
  // A 4-platform index as in the benchmark: two shared layers and one of each platform's own.
  const built = multiPlatformImage(
    PLATFORMS.map((architecture) => ({ os: 'linux', architecture })),
    64 * 1024,
    32 * 1024,
    { sharedLayers: 2, attestation: false },
  );
  index = built.root;
  const layout = await writeLayout(join(work, 'layout'), 'v1', index, built.images);
  for (const [registry, repository] of [
    [a, 'src/multi'],
    [b, 'uptodate/multi'],
  ] as const)
    await skopeo(
      'copy',
      '-q',
      '--all',
      '--dest-tls-verify=false',
      `oci:${layout.dir}:v1`,
      `docker://${registry.addr}/${repository}:v1`,
    );
  await skopeo(
    'copy',
    '-q',
    '--all',
    '--dest-tls-verify=false',
    '--dest-creds',
    'deployer:s3cret',
    `oci:${layout.dir}:v1`,
    `docker://${t.addr}/src/multi:v1`,
  );
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop(), t?.stop()]);
  await tokens?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Copies with run() through fresh proxies (fresh connections); returns what crossed the wire. */
async function copy(to: 'a' | 'b', destination: string, tag: string, from = a): Promise<Wire> {
  const wire: Wire = { requests: [], connections: [] };
  const [farA, farB] = await Promise.all([watched('A', from, wire), watched('B', b, wire)]);
  try {
    const { io, run: done } = recordingRunner({
      image: `${farA.addr}/src/multi:v1`,
      destination: `${(to === 'a' ? farA : farB).addr}/${destination}`,
      tags: tag,
      ...(from === t && { 'registry-username': 'deployer', 'registry-password': 's3cret' }),
    });
    await run({ io, event: pushEvent(), env: {} });
    expect(done.errors).toEqual([]);
    expect(done.outputs.digest).toBe(index.digest);
    return wire;
  } finally {
    await Promise.all([farA.close(), farB.close()]);
  }
}

describe('round trips of a copy between registries 100 ms away', () => {
  it('up to date: the source manifest, then one HEAD on a connection opened while the source answered', async () => {
    const wire = await copy('b', 'uptodate/multi', 'v1');
    expect(lines(wire)).toEqual(['A GET /v2/src/multi/manifests/v1', 'B HEAD /v2/uptodate/multi/manifests/v1']);
    expect(serialRoundTrips(wire)).toBe(2);
    // One connection to the destination, opened before the source's answer came: its handshake
    // overlapped the source read; the HEAD itself went only after prepare (after that answer).
    const toB = wire.connections.filter((c) => c.registry === 'B');
    expect(toB).toHaveLength(1);
    expect(toB[0]!.at).toBeLessThan(wire.requests[0]!.answeredAt!);
    expect(wire.requests[1]!.sentAt).toBeGreaterThan(wire.requests[0]!.answeredAt!);
  });

  it('retag in the source repository: the manifest GET and the tag PUT, on one connection', async () => {
    const wire = await copy('a', 'src/multi', 'retagged');
    expect(lines(wire)).toEqual(['A GET /v2/src/multi/manifests/v1', 'A PUT /v2/src/multi/manifests/retagged']);
    expect(new Set(wire.requests.map((r) => r.connection)).size).toBe(1);
    expect(serialRoundTrips(wire)).toBe(2);
  });

  it('new repository on the same registry: every blob mounted at once, the index with its tag', async () => {
    const wire = await copy('a', 'same/multi', 'v1');
    const depth = serialRoundTrips(wire);
    // GET root · HEAD tag · platforms, tag list and referrers together · all mounts · platforms · tag.
    expect(levelOf(wire, /GET \/v2\/src\/multi\/(manifests\/sha256|tags\/list|referrers)/)).toEqual([3]);
    const mounts = wire.requests.filter((r) => r.line.startsWith('POST /v2/same/multi/blobs/uploads/'));
    expect(mounts).toHaveLength(2 + PLATFORMS.length * 2);
    expect(levelOf(wire, /POST \/v2\/same\/multi\/blobs\/uploads/)).toEqual([4]);
    expect(levelOf(wire, /PUT \/v2\/same\/multi\/manifests\/sha256/)).toEqual([5]);
    expect(lines(wire)).not.toContain(`A PUT /v2/same/multi/manifests/${index.digest}`);
    expect(lines(wire).at(-1)).toBe('A PUT /v2/same/multi/manifests/v1');
    expect(depth).toBe(6);
  });

  it('cold copy to another registry: each upload session opens while its source blob is fetched', async () => {
    const wire = await copy('b', 'cold/multi', 'v1');
    const depth = serialRoundTrips(wire);
    const blobGets = wire.requests.filter((r) => r.registry === 'A' && r.line.includes('/blobs/sha256:'));
    expect(blobGets).toHaveLength(2 + PLATFORMS.length * 2);
    // Each source GET goes out with an upload session's POST, not after its answer.
    for (const get of blobGets) {
      const posts = wire.requests.filter((r) => r.line === 'POST /v2/cold/multi/blobs/uploads/');
      expect(posts.some((post) => post.level === get.level)).toBe(true);
    }
    expect(levelOf(wire, /GET \/v2\/src\/multi\/(manifests\/sha256|tags\/list|referrers)/)).toEqual([3]);
    expect(lines(wire)).not.toContain(`B PUT /v2/cold/multi/manifests/${index.digest}`);
    // GET root · HEAD tag · platforms · blob HEADs · two waves of POST+GET, PUT (6 at a time) · platforms · tag.
    expect(depth).toBeLessThanOrEqual(10);
  });
});

describe('token round trips within one registry', () => {
  // Two tokens, not one: the push scope is asked for only after prepare, since a token service may
  // refuse a whole request when push is denied, and that must not fail the source read before the
  // setup is checked (run/execute.ts, preconnectDestination).
  it('retag: the source read asks pull only; the push asks pull,push once, after prepare', async () => {
    tokens.requests.length = 0;
    const wire = await copy('a', 'src/multi', 'retagged', t);
    expect(tokens.requests.map((r) => r.scopes)).toEqual([
      ['repository:src/multi:pull'],
      ['repository:src/multi:pull,push'],
    ]);
    // The first request learns the challenge; then the manifest and the tag, on one connection.
    expect(wire.requests.map((r) => `${r.line} ${r.status}`)).toEqual([
      'GET /v2/src/multi/manifests/v1 401',
      'GET /v2/src/multi/manifests/v1 200',
      'PUT /v2/src/multi/manifests/retagged 201',
    ]);
    expect(new Set(wire.requests.map((r) => r.connection)).size).toBe(1);
  });

  it('new repository: after the source read, one token for the tag look-up, the mounts and the manifests', async () => {
    tokens.requests.length = 0;
    const wire = await copy('a', 'same/multi', 'v1', t);
    expect(tokens.requests.map((r) => r.scopes)).toEqual([
      ['repository:src/multi:pull'],
      ['repository:same/multi:pull,push', 'repository:src/multi:pull'],
    ]);
    expect(wire.requests.filter((r) => r.status === 401)).toHaveLength(1);
    expect(lines(wire).at(-1)).toBe('A PUT /v2/same/multi/manifests/v1');
  });
});
