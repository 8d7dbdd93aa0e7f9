/**
 * The fault suite: a proxy between the copy and the real CNCF registry injects what registries and
 * networks do (429 with Retry-After, 503, resets, truncated bodies, corrupted blobs and manifests,
 * a registry that never answers). Each copy either ends with the exact digest at the destination
 * (read back by skopeo, not by our code) or fails with an error naming the host and the cause,
 * leaving the tag unwritten; never green with other bytes, never a silent hang.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/oci/client.js';
import { copyImage } from '../src/oci/copy.js';
import { RegistrySource } from '../src/oci/sources/index.js';
import { parseReference } from '../src/oci/reference.js';
import { startFaultyProxy, type FaultRule } from './helpers/faulty-proxy.js';
import { multiPlatformLayout, type Layout } from './helpers/image.js';
import { rawManifest, skopeo, startRegistry, type Registry } from './helpers/services.js';

/** Short bounds, so a stall costs seconds here (30 s / 120 s in a real run). */
const TIMEOUTS = { connectMs: 1_000, responseMs: 1_000, idleMs: 1_500, requestTotalMs: 3_000 };
const RETRY = { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 };
/** Every case ends well within this, or the copy hung. */
const CASE_TIMEOUT_MS = 15_000;

let work: string;
let source: Registry;
let destination: Registry;
let image: Layout;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-reliability-'));
  [source, destination] = await Promise.all([startRegistry(), startRegistry()]);
  image = await multiPlatformLayout(join(work, 'multi'), 'v1', [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ]);
  // Put in place by skopeo, independently of our code.
  await skopeo(
    'copy',
    '--all',
    '--dest-tls-verify=false',
    `oci:${image.dir}:v1`,
    `docker://${source.addr}/src/multi:v1`,
  );
});

afterAll(async () => {
  await Promise.all([source?.stop(), destination?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

const blobGet = (m: string, p: string) => m === 'GET' && p.includes('/blobs/sha256:');
/** A layer's GET: layers are larger than what the proxy lets through before it cuts (configs are not). */
const layerGet = (m: string, p: string) =>
  m === 'GET' && image.images.some((i) => i.layers.some((layer) => p.endsWith(`/blobs/${layer.digest}`)));
const tagGet = (m: string, p: string) => m === 'GET' && p.endsWith('/manifests/v1');

interface Case {
  readonly name: string;
  /** Which side the proxy stands in front of. */
  readonly side: 'source' | 'destination';
  readonly rules: FaultRule[];
  /** A copy that must succeed, with these retry lines logged; or the error it must fail with (`HOST` is the proxy). */
  readonly logs?: RegExp[];
  readonly error?: string;
}

const cases: Case[] = [
  {
    name: '429 with Retry-After',
    side: 'destination',
    rules: [
      { match: (m, p) => m === 'POST' && p.includes('/blobs/uploads/'), fault: '429', times: 1, retryAfter: '1' },
    ],
    logs: [/^POST HOST\/v2\/\S+\/blobs\/uploads\/: HOST answered HTTP 429; try 2 of 4 in 1 s$/],
  },
  {
    name: '503 on the manifest, twice',
    side: 'source',
    rules: [{ match: tagGet, fault: '503', times: 2 }],
    logs: [/GET HOST\/v2\/src\/multi\/manifests\/v1: HOST answered HTTP 503; try 2 of 4/, /try 3 of 4/],
  },
  {
    name: 'connection resets',
    side: 'destination',
    rules: [{ match: (m, p) => m === 'HEAD' && p.includes('/blobs/'), fault: 'reset', times: 2 }],
    logs: [/^HEAD HOST\/v2\/\S+\/blobs\/sha256:\w+: HOST: connection reset \(ECONNRESET\); try 2 of 4/],
  },
  {
    name: 'a download cut off mid-body',
    side: 'source',
    rules: [{ match: layerGet, fault: 'cut-body', times: 2 }],
    logs: [
      // Cut after the headers: the upload restarts; cut so early that the reset drops the headers too: the GET is retried.
      /upload of blob sha256:\w+ to .* failed \(.*HOST(: connection reset \(ECONNRESET\)| closed the connection in the middle of a body).*\); restarting it, try 2 of 3|^GET HOST\/v2\/src\/multi\/blobs\/sha256:\w+: HOST: connection reset \(ECONNRESET\); try 2 of 4/,
    ],
  },
  {
    name: 'a manifest changed in transit once',
    side: 'source',
    rules: [{ match: tagGet, fault: 'rewrite-json', times: 1 }],
    logs: [/manifest HOST\/src\/multi:v1 does not match its digest: .*; try 2 of 2 in 0 s$/],
  },
  {
    name: 'a manifest changed in transit every time',
    side: 'source',
    rules: [{ match: tagGet, fault: 'rewrite-json', times: 100 }],
    error: 'manifest HOST/src/multi:v1 does not match its digest: HOST says ROOT, the bytes received hash to sha256:',
  },
  {
    name: 'a platform manifest corrupted every time',
    side: 'source',
    rules: [{ match: (m, p) => m === 'GET' && p.includes('/manifests/sha256:'), fault: 'corrupt-body', times: 100 }],
    error: 'they were changed in transit or by the registry',
  },
  {
    name: 'a corrupted blob',
    side: 'source',
    rules: [{ match: blobGet, fault: 'corrupt-body', times: 1 }],
    error: 'from HOST/src/multi:v1 is corrupt: its content hashes to sha256:',
  },
  {
    name: 'a blob truncated with a Content-Length that agrees',
    side: 'source',
    rules: [{ match: blobGet, fault: 'short-body', times: 1 }],
    error: 'from HOST/src/multi:v1 ended after',
  },
  {
    name: 'a registry that never answers',
    side: 'source',
    rules: [{ match: tagGet, fault: 'stall', times: 100 }],
    error: 'GET http://HOST/v2/src/multi/manifests/v1 failed: no answer from HOST within',
  },
  {
    name: 'a download that goes silent mid-body',
    side: 'source',
    rules: [{ match: blobGet, fault: 'stall-body', times: 100 }],
    error: 'HOST sent nothing for 1.5 s in the middle of a transfer',
  },
  {
    name: 'a destination that never answers an upload',
    side: 'destination',
    rules: [{ match: (m, p) => m === 'PUT' && p.includes('/blobs/uploads/'), fault: 'stall', times: 100 }],
    error: 'failed: no answer from HOST within 1.5 s',
  },
];

describe('a copy through a faulty network', () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))(
    '%s',
    async (_name, { side, rules, logs, error }, i) => {
      const proxy = await startFaultyProxy(side === 'source' ? source.addr : destination.addr, rules);
      const lines: string[] = [];
      const log = (line: string) => lines.push(line);
      const client = (addr: string) =>
        new RegistryClient(addr, { credentials: async () => undefined, retry: RETRY, timeouts: TIMEOUTS, log });
      const from = side === 'source' ? proxy.addr : source.addr;
      const to = side === 'destination' ? proxy.addr : destination.addr;
      const repository = `faults/case${i}`;
      const started = Date.now();
      try {
        const copy = copyImage({
          source: new RegistrySource(parseReference(`${from}/src/multi:v1`), client(from)),
          target: { client: client(to), repository },
          tags: ['v1'],
          log,
        });
        const named = (text: string) => text.replaceAll('HOST', proxy.addr).replaceAll('ROOT', image.root.digest);
        if (error) {
          await expect(copy).rejects.toThrow(named(error));
          await expect(rawManifest(`${destination.addr}/${repository}:v1`)).rejects.toThrow();
        } else {
          expect((await copy).digest).toBe(image.root.digest);
          expect(await rawManifest(`${destination.addr}/${repository}:v1`)).toBe(image.root.bytes.toString());
          for (const pattern of logs ?? []) {
            const withHost = new RegExp(pattern.source.replaceAll('HOST', proxy.addr.replaceAll('.', '\\.')));
            expect(lines, lines.join('\n')).toContainEqual(expect.stringMatching(withHost));
          }
        }
        // Every fault fired.
        expect(proxy.log.filter((line) => /\[[\w-]+\]/.test(line)).length).toBeGreaterThan(0);
        expect(Date.now() - started).toBeLessThan(CASE_TIMEOUT_MS - 2_000);
      } finally {
        await proxy.close();
      }
    },
    CASE_TIMEOUT_MS,
  );
});
