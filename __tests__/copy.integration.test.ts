/**
 * The copy engine against real distribution registries: digests kept byte for byte, multi-platform
 * indexes with attestations, blobs mounted or skipped (seen in the registry's access log), the
 * request counts, auth, corrupt data, and a registry that throttles, fails and drops connections.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/oci/client.js';
import { copyImage } from '../src/oci/copy.js';
import type { CredentialProvider } from '../src/oci/credentials.js';
import { OciLayoutSource, RegistrySource } from '../src/oci/sources/index.js';
import { parseReference } from '../src/oci/reference.js';
import { startFaultyProxy } from './helpers/faulty-proxy.js';
import {
  imageManifest,
  multiPlatformLayout,
  randomLayer,
  singlePlatformLayout,
  writeLayout,
  type Layout,
} from './helpers/image.js';
import { freePort, rawManifest, startRegistry, type Registry } from './helpers/services.js';

const anonymous: CredentialProvider = async () => undefined;
const FAST_RETRY = { attempts: 5, baseDelayMs: 10, maxDelayMs: 50 };
const client = (addr: string, credentials: CredentialProvider = anonymous) =>
  new RegistryClient(addr, { credentials, retry: FAST_RETRY });

let work: string;
let a: Registry;
let b: Registry;
let multi: Layout;
let single: Layout;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-copy-'));
  [a, b] = await Promise.all([startRegistry(), startRegistry()]);
  multi = await multiPlatformLayout(join(work, 'multi'), 'v1', [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
    { os: 'linux', architecture: 's390x' },
  ]);
  single = await singlePlatformLayout(join(work, 'single'), 'v1', [300_000, 100_000, 10_000]);
  // The multi-platform image, in registry A, put there by our copy from the layout.
  await copyImage({
    source: new OciLayoutSource(multi.dir, 'v1'),
    target: { client: client(a.addr), repository: 'src/multi' },
    tags: ['v1'],
  });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await rm(work, { recursive: true, force: true });
});

function blobPuts(log: string, repository: string): number {
  return log.split('\n').filter((line) => line.includes(`"PUT /v2/${repository}/blobs/uploads/`)).length;
}

describe('copyImage', () => {
  it('copies a 4-platform index with an attestation, byte for byte, each shared blob once', async () => {
    const result = await copyImage({
      source: new RegistrySource(parseReference(`${a.addr}/src/multi:v1`), client(a.addr)),
      target: { client: client(b.addr), repository: 'dst/multi' },
      tags: ['v1', 'stable'],
    });
    expect(result.digest).toBe(multi.root.digest);
    expect(await rawManifest(`${b.addr}/dst/multi:v1`)).toBe(multi.root.bytes.toString());
    expect(await rawManifest(`${b.addr}/dst/multi:stable`)).toBe(multi.root.bytes.toString());
    for (const image of multi.images) {
      expect(await rawManifest(`${b.addr}/dst/multi@${image.manifest.digest}`)).toBe(image.manifest.bytes.toString());
    }
    // 4 platforms + 1 attestation: 5 configs, 1 shared layer, 4 own layers, 1 attestation layer.
    const blobs = new Set(multi.images.flatMap((i) => [i.config, ...i.layers].map((x) => x.digest)));
    expect(blobs.size).toBe(11);
    expect(result.stats).toMatchObject({ uploaded: 11, mounted: 0, skipped: 0 });
    expect(blobPuts(await b.accessLog(), 'dst/multi')).toBe(11);
  });

  it('is one request when the destination tag already has the digest', async () => {
    const destination = client(b.addr);
    const result = await copyImage({
      source: new RegistrySource(parseReference(`${a.addr}/src/multi:v1`), client(a.addr)),
      target: { client: destination, repository: 'dst/multi' },
      tags: ['v1'],
    });
    expect(result.upToDate).toBe(true);
    expect(destination.requestCount).toBe(1);
  });

  it('mounts every blob into a new repository on the same registry, moving no layer bytes', async () => {
    const registry = client(a.addr);
    const result = await copyImage({
      source: new RegistrySource(parseReference(`${a.addr}/src/multi:v1`), registry),
      target: { client: registry, repository: 'other/multi' },
      tags: ['v1'],
    });
    expect(result.stats).toMatchObject({ uploaded: 0, mounted: 11, skipped: 0 });
    const log = await a.accessLog();
    const mounts = log
      .split('\n')
      .filter(
        (l) =>
          l.includes('"POST /v2/other/multi/blobs/uploads/?') &&
          l.includes('from=src%2Fmulti') &&
          l.includes('mount=sha256%3A'),
      );
    expect(mounts).toHaveLength(11);
    for (const line of mounts) expect(line).toContain('HTTP/1.1" 201 ');
    expect(blobPuts(log, 'other/multi')).toBe(0);
    expect(await rawManifest(`${a.addr}/other/multi:v1`)).toBe(multi.root.bytes.toString());
  });

  it('retags inside one repository with a manifest GET and a PUT', async () => {
    const registry = client(a.addr);
    await copyImage({
      source: new RegistrySource(parseReference(`${a.addr}/src/multi:v1`), registry),
      target: { client: registry, repository: 'src/multi' },
      tags: ['v1-retagged'],
    });
    expect(registry.requestCount).toBe(2);
    expect(await rawManifest(`${a.addr}/src/multi:v1-retagged`)).toBe(multi.root.bytes.toString());
  });

  it('skips blobs the destination repository already has', async () => {
    const base = randomLayer(50_000, 'base');
    const first = imageManifest({ os: 'linux', architecture: 'amd64' }, [base, randomLayer(10_000, 'one')], 'first');
    const second = imageManifest({ os: 'linux', architecture: 'amd64' }, [base, randomLayer(10_000, 'two')], 'second');
    const firstLayout = await writeLayout(join(work, 'first'), 'one', first.manifest, [first]);
    const secondLayout = await writeLayout(join(work, 'second'), 'two', second.manifest, [second]);
    await copyImage({
      source: new OciLayoutSource(firstLayout.dir, 'one'),
      target: { client: client(b.addr), repository: 'skip/app' },
      tags: ['one'],
    });
    const result = await copyImage({
      source: new OciLayoutSource(secondLayout.dir, 'two'),
      target: { client: client(b.addr), repository: 'skip/app' },
      tags: ['two'],
    });
    expect(result.stats).toMatchObject({ uploaded: 2, skipped: 1 });
    expect(await b.accessLog()).toContain(`"HEAD /v2/skip/app/blobs/${base.digest} HTTP/1.1" 200`);
  });

  it('rejects a corrupt blob, naming it and the registry, and leaves the tag untouched', async () => {
    const layout = await singlePlatformLayout(join(work, 'corrupt'), 'v1', [20_000]);
    const layer = layout.images[0]!.layers[0]!;
    const tampered = Buffer.from(layer.bytes);
    tampered[tampered.length - 100]! ^= 0xff;
    await writeFile(join(layout.dir, 'blobs', 'sha256', layer.digest.slice(7)), tampered);
    const copy = copyImage({
      source: new OciLayoutSource(layout.dir, 'v1'),
      target: { client: client(b.addr), repository: 'corrupt/app' },
      tags: ['v1'],
    });
    await expect(copy).rejects.toThrow(`blob ${layer.digest} from oci-layout:${layout.dir}:v1 is corrupt`);
    await expect(copy).rejects.toThrow(`the upload to ${b.addr}/corrupt/app was aborted`);
    await expect(rawManifest(`${b.addr}/corrupt/app:v1`)).rejects.toThrow();
  });

  it('ends with a correct copy through 429s, 503s, resets and a body cut mid-stream', async () => {
    const destinationProxy = await startFaultyProxy(b.addr, [
      { match: (m, p) => m === 'HEAD' && p.includes('/manifests/'), fault: '503', times: 1 },
      { match: (m, p) => m === 'POST' && p.includes('/blobs/uploads/'), fault: '429', times: 3 },
      { match: (m, p) => m === 'HEAD' && p.includes('/blobs/'), fault: 'reset', times: 2 },
      { match: (m, p) => m === 'PUT' && p.includes('/manifests/'), fault: '503', times: 2 },
    ]);
    const sourceProxy = await startFaultyProxy(a.addr, [
      { match: (m, p) => m === 'GET' && p.includes('/blobs/'), fault: 'cut-body', times: 2 },
      { match: (m, p) => m === 'GET' && p.includes('/manifests/sha256'), fault: '503', times: 1 },
    ]);
    try {
      const destination = client(destinationProxy.addr);
      const result = await copyImage({
        source: new RegistrySource(parseReference(`${sourceProxy.addr}/src/multi:v1`), client(sourceProxy.addr)),
        target: { client: destination, repository: 'faulty/multi' },
        tags: ['v1'],
      });
      expect(result.digest).toBe(multi.root.digest);
      expect(await rawManifest(`${b.addr}/faulty/multi:v1`)).toBe(multi.root.bytes.toString());
      for (const image of multi.images) {
        expect(await rawManifest(`${b.addr}/faulty/multi@${image.manifest.digest}`)).toBe(
          image.manifest.bytes.toString(),
        );
      }
      // Every fault fired, and the pool slowed down on 429.
      expect(destinationProxy.log.filter((l) => l.includes('[429]'))).toHaveLength(3);
      expect(destinationProxy.log.filter((l) => l.includes('[reset]'))).toHaveLength(2);
      expect(sourceProxy.log.filter((l) => l.includes('[cut-body]'))).toHaveLength(2);
      expect(destination.pool.limit).toBeLessThan(6);
    } finally {
      await Promise.all([destinationProxy.close(), sourceProxy.close()]);
    }
  });

  it('sends a blob too large for one request as PATCH chunks, halving them until the registry takes them', async () => {
    const layout = await singlePlatformLayout(join(work, 'chunked'), 'v1', [5 * 1024 * 1024]);
    const layer = layout.images[0]!.layers[0]!;
    const LIMIT = 2 * 1024 * 1024;
    const proxy = await startFaultyProxy(b.addr, [
      { match: (m, _p, length) => (m === 'PUT' || m === 'PATCH') && length > LIMIT, fault: '413', times: 100 },
    ]);
    try {
      const result = await copyImage({
        source: new OciLayoutSource(layout.dir, 'v1'),
        target: { client: client(proxy.addr), repository: 'chunked/app' },
        tags: ['v1'],
      });
      expect(result.digest).toBe(layout.root.digest);
      expect(await rawManifest(`${b.addr}/chunked/app:v1`)).toBe(layout.root.bytes.toString());
      // One monolithic PUT refused, then 16, 8 and 4 MiB chunks refused, then 2 MiB chunks taken.
      // Each was asked first (Expect: 100-continue), so the proxy could refuse before any body byte.
      expect(proxy.log.filter((l) => l.startsWith('PUT') && l.includes('[413] (asked first)'))).toHaveLength(1);
      const patches = proxy.log.filter((l) => l.startsWith('PATCH'));
      expect(patches.every((l) => l.endsWith('(asked first)'))).toBe(true);
      expect(patches.filter((l) => l.includes('[413]'))).toHaveLength(3);
      expect(patches.filter((l) => !l.includes('[413]'))).toHaveLength(Math.ceil(layer.size / LIMIT));
      const log = await b.accessLog();
      expect(
        log.split('\n').filter((l) => l.includes('"PATCH /v2/chunked/app/blobs/uploads/') && l.includes('" 202 ')),
      ).toHaveLength(Math.ceil(layer.size / LIMIT));
    } finally {
      await proxy.close();
    }
  });

  it('never chunks where chunked uploads are off (ECR), and says why the blob was refused', async () => {
    const layout = await singlePlatformLayout(join(work, 'nochunk'), 'v1', [3 * 1024 * 1024]);
    const proxy = await startFaultyProxy(b.addr, [
      { match: (m, _p, length) => m === 'PUT' && length > 1024 * 1024, fault: '413', times: 100 },
    ]);
    try {
      const noChunks = new RegistryClient(proxy.addr, {
        credentials: anonymous,
        retry: FAST_RETRY,
        chunkedUploads: false,
      });
      const copy = copyImage({
        source: new OciLayoutSource(layout.dir, 'v1'),
        target: { client: noChunks, repository: 'nochunk/app' },
        tags: ['v1'],
      });
      await expect(copy).rejects.toThrow(
        /HTTP 413.*refused blob sha256:[0-9a-f]{64} \(\d+ bytes\) in one request, and chunked uploads are not used with this registry/,
      );
      expect(proxy.log.some((l) => l.startsWith('PATCH'))).toBe(false);
      await expect(rawManifest(`${b.addr}/nochunk/app:v1`)).rejects.toThrow();
    } finally {
      await proxy.close();
    }
  });

  it('waits out a registry that does not see a just-pushed child manifest yet (ECR)', async () => {
    const proxy = await startFaultyProxy(b.addr, [
      {
        match: (m, p) => m === 'PUT' && p === '/v2/consistent/multi/manifests/v1',
        fault: 'manifest-unknown',
        times: 2,
      },
    ]);
    try {
      const result = await copyImage({
        source: new RegistrySource(parseReference(`${a.addr}/src/multi:v1`), client(a.addr)),
        target: { client: client(proxy.addr), repository: 'consistent/multi' },
        tags: ['v1'],
      });
      expect(result.digest).toBe(multi.root.digest);
      expect(proxy.log.filter((l) => l.includes('[manifest-unknown]'))).toHaveLength(2);
      expect(await rawManifest(`${b.addr}/consistent/multi:v1`)).toBe(multi.root.bytes.toString());
    } finally {
      await proxy.close();
    }
  });

  it('names the registry error code when a manifest is refused', async () => {
    const proxy = await startFaultyProxy(b.addr, [
      { match: (m, p) => m === 'PUT' && p.includes('/manifests/'), fault: 'manifest-unknown', times: 100 },
    ]);
    try {
      const copy = copyImage({
        source: new OciLayoutSource(single.dir, 'v1'),
        target: { client: client(proxy.addr), repository: 'refused/app' },
        tags: ['v1'],
      });
      await expect(copy).rejects.toThrow(
        // The image's manifest goes up with its tag (no PUT by digest first).
        /PUT manifest refused\/app:v1 on 127\.0\.0\.1:\d+ failed with HTTP 400 \(MANIFEST_BLOB_UNKNOWN blob unknown to registry\)/,
      );
    } finally {
      await proxy.close();
    }
  });

  it('refuses to move a tag in an immutable repository, before pushing anything', async () => {
    const layout = await singlePlatformLayout(join(work, 'immutable'), 'v1', [1000]);
    await copyImage({
      source: new OciLayoutSource(single.dir, 'v1'),
      target: { client: client(b.addr), repository: 'immutable/app' },
      tags: ['v1', 'stable'],
    });
    const before = await b.accessLog();
    const copy = copyImage({
      source: new OciLayoutSource(layout.dir, 'v1'),
      target: { client: client(b.addr), repository: 'immutable/app' },
      tags: ['v2', 'v1'],
      immutableTags: true,
    });
    await expect(copy).rejects.toThrow(
      `${b.addr}/immutable/app has immutable tags, and "v1" already holds ${single.root.digest}; push under a new tag`,
    );
    const after = (await b.accessLog()).slice(before.length);
    expect(after).not.toMatch(/"(PUT|POST|PATCH) /);
    // The same image under an existing tag is fine: that tag is left alone.
    const same = await copyImage({
      source: new OciLayoutSource(single.dir, 'v1'),
      target: { client: client(b.addr), repository: 'immutable/app' },
      tags: ['v1', 'v3'],
      immutableTags: true,
    });
    expect(same.digest).toBe(single.root.digest);
    expect(await rawManifest(`${b.addr}/immutable/app:v3`)).toBe(single.root.bytes.toString());
  });

  it('restarts an upload in a new session when the registry asks for credentials again mid-copy', async () => {
    const layout = await singlePlatformLayout(join(work, 'reauth'), 'v1', [2 * 1024 * 1024, 50_000]);
    const proxy = await startFaultyProxy(b.addr, [
      { match: (m, p) => m === 'PUT' && p.includes('/blobs/uploads/'), fault: '401', times: 1 },
    ]);
    try {
      const withPassword = new RegistryClient(proxy.addr, {
        credentials: async () => ({ username: 'u', password: 'p' }),
        retry: FAST_RETRY,
      });
      const result = await copyImage({
        source: new OciLayoutSource(layout.dir, 'v1'),
        target: { client: withPassword, repository: 'reauth/app' },
        tags: ['v1'],
      });
      expect(result.digest).toBe(layout.root.digest);
      expect(proxy.log.filter((l) => l.includes('[401]'))).toHaveLength(1);
      expect(await rawManifest(`${b.addr}/reauth/app:v1`)).toBe(layout.root.bytes.toString());
    } finally {
      await proxy.close();
    }
  });

  it('says which registry cannot be reached', async () => {
    const closed = await freePort(); // nothing listens there once it is released
    const copy = copyImage({
      source: new OciLayoutSource(single.dir, 'v1'),
      target: { client: client(`127.0.0.1:${closed}`), repository: 'x/y' },
      tags: ['v1'],
    });
    await expect(copy).rejects.toThrow(
      new RegExp(
        `HEAD http://127\\.0\\.0\\.1:${closed}/v2/x/y/manifests/v1 failed: could not connect to 127\\.0\\.0\\.1:${closed}: connection refused \\(ECONNREFUSED\\) \\(5 attempts in [\\d.]+ s\\)\\. Check that 127\\.0\\.0\\.1:${closed} is reachable`,
      ),
    );
  });
});

describe('auth against a registry with htpasswd', () => {
  let secured: Registry;
  beforeAll(async () => {
    secured = await startRegistry({ htpasswd: 'deployer:correct horse' });
  });
  afterAll(() => secured?.stop());

  it('pushes with the right password', async () => {
    const result = await copyImage({
      source: new OciLayoutSource(single.dir, 'v1'),
      target: {
        client: client(secured.addr, async () => ({ username: 'deployer', password: 'correct horse' })),
        repository: 'auth/app',
      },
      tags: ['v1'],
    });
    expect(result.digest).toBe(single.root.digest);
    expect(await rawManifest(`${secured.addr}/auth/app:v1`, 'deployer:correct horse')).toBe(
      single.root.bytes.toString(),
    );
  });

  it('fails clearly with a wrong password and writes nothing', async () => {
    const copy = copyImage({
      source: new OciLayoutSource(single.dir, 'v1'),
      target: {
        client: client(secured.addr, async () => ({ username: 'deployer', password: 'wrong' })),
        repository: 'auth/denied',
      },
      tags: ['v1'],
    });
    await expect(copy).rejects.toThrow(`HEAD manifest auth/denied:v1 on ${secured.addr} failed with HTTP 401`);
    await expect(copy).rejects.toThrow('check registry-username/registry-password or the login step');
    expect((await secured.accessLog()).includes('"PUT /v2/auth/denied')).toBe(false);
  });

  it('fails clearly without credentials', async () => {
    const copy = copyImage({
      source: new OciLayoutSource(single.dir, 'v1'),
      target: { client: client(secured.addr), repository: 'auth/none' },
      tags: ['v1'],
    });
    await expect(copy).rejects.toThrow(`${secured.addr} asks for a user name and password and none were found`);
  });
});
