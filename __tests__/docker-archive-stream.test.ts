/**
 * A docker save tarball pushed in one pass: each layer compressed once, while it uploads (one
 * session, one streamed PATCH, closed with the digest computed on the way), the manifest after
 * the layers. Against the in-process fake registry, asserted on the requests it saw; the real
 * registry and skopeo-written archives are in docker-archive.integration.test.ts.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/oci/client.js';
import { copyImage } from '../src/oci/copy.js';
import { DockerArchiveSource } from '../src/oci/sources/docker-archive.js';
import { FakeRegistry, type FakeRegistryOptions } from './helpers/fake-registry.js';
import { tarOf } from './helpers/image.js';

const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** A tar of several files (tarOf's entries without their end-of-archive blocks, then one end). */
function tarOfFiles(files: readonly (readonly [string, Buffer])[]): Buffer {
  return Buffer.concat([
    ...files.map(([name, content]) => tarOf(name, content).subarray(0, -1024)),
    Buffer.alloc(1024),
  ]);
}

/** Compressible, deterministic content of about `size` bytes. */
function content(size: number, salt: string): Buffer {
  const parts: Buffer[] = [];
  let seed = Buffer.from(salt);
  for (let length = 0; length < size;) {
    seed = createHash('sha256').update(seed).digest();
    const part = Buffer.from(`${salt} ${seed.toString('hex')} ${length % 97}\n`.repeat(8));
    parts.push(part);
    length += part.length;
  }
  return Buffer.concat(parts).subarray(0, size);
}

let work: string;
let archive: string;
let layers: Buffer[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-stream-'));
  // Three layers, one of them used twice (as an image that repeats a layer), one over a gzip block.
  layers = [
    tarOfFiles([['app/main.js', content(2_500_000, 'main')]]),
    tarOfFiles([['etc/conf', content(30_000, 'conf')]]),
    tarOfFiles([['empty', Buffer.alloc(0)]]),
  ];
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [...layers, layers[2]!].map(sha256) },
    }),
  );
  const configName = `${sha256(config).slice(7)}.json`;
  const manifest = JSON.stringify([
    {
      Config: configName,
      RepoTags: ['team/app:1.0'],
      Layers: ['l0/layer.tar', 'l1/layer.tar', 'l2/layer.tar', 'l2/layer.tar'],
    },
  ]);
  archive = join(work, 'app.tar');
  await writeFile(
    archive,
    tarOfFiles([
      [configName, config],
      ['l0/layer.tar', layers[0]!],
      ['l1/layer.tar', layers[1]!],
      ['l2/layer.tar', layers[2]!],
      ['manifest.json', Buffer.from(manifest)],
    ]),
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const started: FakeRegistry[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((registry) => registry.close()));
});

async function fake(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const registry = await FakeRegistry.start(options);
  started.push(registry);
  return registry;
}

const client = (registry: FakeRegistry) =>
  new RegistryClient(registry.addr, { credentials: async () => undefined, retry: FAST_RETRY });

async function push(registry: FakeRegistry, tags: string[], options: { immutableTags?: boolean; log?: string[] } = {}) {
  const source = new DockerArchiveSource(archive, undefined, options.log ? { log: (l) => options.log!.push(l) } : {});
  try {
    return await copyImage({
      source,
      target: { client: client(registry), repository: 'team/app' },
      tags,
      ...(options.immutableTags !== undefined && { immutableTags: options.immutableTags }),
      ...(options.log && { log: (line: string) => options.log!.push(line) }),
    });
  } finally {
    await source.close();
  }
}

/** The digest the archive's manifest gets when its layers are measured first (root() before any upload). */
async function measuredDigest(): Promise<string> {
  const source = new DockerArchiveSource(archive, undefined);
  try {
    return (await source.root()).digest;
  } finally {
    await source.close();
  }
}

describe('docker-archive in one pass', () => {
  it('uploads each distinct layer in one streamed PATCH, then the manifest, with the digests of a measured push', async () => {
    const registry = await fake();
    const log: string[] = [];
    const result = await push(registry, ['1.0', 'latest'], { log });
    expect(result.digest).toBe(await measuredDigest());
    expect(result.stats).toMatchObject({ uploaded: 4, mounted: 0, skipped: 0 }); // config and three layers

    // Per layer: a session, one PATCH with the whole blob, a PUT closing it with the digest; nothing asked first.
    expect(registry.requests({ method: 'PATCH' })).toHaveLength(3);
    expect(registry.requests({ method: 'HEAD', kind: 'blob' })).toHaveLength(1); // the config's, known up front
    const stored = registry.manifest('team/app', '1.0')!;
    expect(stored.digest).toBe(result.digest);
    const manifest = JSON.parse(stored.bytes.toString()) as { layers: { digest: string; size: number }[] };
    expect(manifest.layers.map((l) => l.digest)).toHaveLength(4);
    expect(manifest.layers[3]).toEqual(manifest.layers[2]);
    for (const [i, layer] of manifest.layers.entries()) {
      const bytes = Buffer.from(
        await (await fetch(`http://${registry.addr}/v2/team/app/blobs/${layer.digest}`)).arrayBuffer(),
      );
      expect(bytes.length).toBe(layer.size);
      expect(gunzipSync(bytes).equals(layers[Math.min(i, 2)]!)).toBe(true);
    }
    // The manifest goes after every layer is in place, under each tag.
    const lastUpload = Math.max(...registry.log.map((r, i) => (r.kind === 'upload' ? i : -1)));
    const manifestPuts = registry.log.flatMap((r, i) => (r.kind === 'manifest' && r.method === 'PUT' ? [i] : []));
    expect(manifestPuts).toHaveLength(2);
    expect(Math.min(...manifestPuts)).toBeGreaterThan(lastUpload);
    expect(registry.manifest('team/app', 'latest')!.digest).toBe(result.digest);
    for (const layer of manifest.layers) expect(log.join('\n')).toContain(layer.digest);
  });

  it('is up to date on a second push, uploading nothing', async () => {
    const registry = await fake();
    await push(registry, ['1.0']);
    registry.clearLog();
    const again = await push(registry, ['1.0']);
    expect(again.upToDate).toBe(true);
    expect(registry.requests({ kind: 'upload' })).toHaveLength(0);
  });

  it('sends the layers with their size to a registry that refuses streamed uploads, with the same digests', async () => {
    const registry = await fake({ quirks: { chunkedUploads: false } });
    const log: string[] = [];
    const result = await push(registry, ['1.0'], { log });
    expect(result.digest).toBe(await measuredDigest());
    expect(registry.manifest('team/app', '1.0')!.digest).toBe(result.digest);
    expect(log.filter((l) => l.includes('refused') && l.includes('sending it with its size instead'))).toHaveLength(3);
  });

  it('replaces a tag holding another image, and refuses to when the tag is immutable, before uploading', async () => {
    const registry = await fake();
    registry.seedBlob('team/app', Buffer.from('{"other":true}'));
    const other = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: sha256(Buffer.from('{"other":true}')),
          size: 14,
        },
        layers: [],
      }),
    );
    registry.seedManifest('team/app', other, 'application/vnd.oci.image.manifest.v1+json', ['1.0']);
    await expect(push(registry, ['1.0'], { immutableTags: true })).rejects.toThrow(
      `has immutable tags, and "1.0" already holds ${sha256(other)}`,
    );
    expect(registry.requests({ kind: 'upload' })).toHaveLength(0);
    const result = await push(registry, ['1.0']);
    expect(registry.manifest('team/app', '1.0')!.digest).toBe(result.digest);
    expect(registry.requests({ method: 'PATCH' })).toHaveLength(3);
  });
});

describe('docker-archive measured first (a run that deploys learns the digest before it pushes)', () => {
  const savedTemp = process.env.RUNNER_TEMP;
  let temp: string;
  let copyOfArchive: string;
  beforeEach(async () => {
    temp = await mkdtemp(join(work, 'runner-temp-'));
    process.env.RUNNER_TEMP = temp;
    copyOfArchive = join(work, `copy-${Math.random().toString(16).slice(2)}.tar`);
    await copyFile(archive, copyOfArchive);
  });
  afterEach(() => {
    if (savedTemp === undefined) delete process.env.RUNNER_TEMP;
    else process.env.RUNNER_TEMP = savedTemp;
  });

  async function measureThenPush(registry: FakeRegistry, log: string[], between?: () => Promise<void>) {
    const source = new DockerArchiveSource(copyOfArchive, undefined, {
      keepCompressedLayers: true,
      log: (line) => log.push(line),
    });
    try {
      const root = await source.root();
      await between?.();
      const result = await copyImage({
        source,
        target: { client: client(registry), repository: 'team/app' },
        tags: ['1.0'],
      });
      return { root, result };
    } finally {
      await source.close();
    }
  }

  it('compresses each layer once: the upload reads the bytes kept when the digest was learnt', async () => {
    const registry = await fake();
    const log: string[] = [];
    const { root, result } = await measureThenPush(registry, log, async () => {
      // Kept in RUNNER_TEMP, one file per distinct compressed layer...
      const [spool, ...others] = await readdir(temp);
      expect(others).toEqual([]);
      expect(spool).toMatch(/^portable-deploy-layers-/);
      expect(await readdir(join(temp, spool!))).toHaveLength(3);
      // ...so the tarball is not read again: emptied here, the push still sends every layer whole.
      await truncate(copyOfArchive, 0);
    });
    expect(result.digest).toBe(root.digest);
    expect(root.digest).toBe(await measuredDigest());
    const manifest = JSON.parse(registry.manifest('team/app', '1.0')!.bytes.toString()) as {
      layers: { digest: string }[];
    };
    for (const [i, layer] of manifest.layers.entries()) {
      const bytes = Buffer.from(
        await (await fetch(`http://${registry.addr}/v2/team/app/blobs/${layer.digest}`)).arrayBuffer(),
      );
      expect(gunzipSync(bytes).equals(layers[Math.min(i, 2)]!)).toBe(true);
    }
    // Closed, the source leaves nothing behind.
    expect(await readdir(temp)).toEqual([]);
  });

  it('keeps nothing when no upload follows (a plan)', async () => {
    const source = new DockerArchiveSource(copyOfArchive, undefined);
    try {
      expect((await source.root()).digest).toBe(await measuredDigest());
      expect(await readdir(temp)).toEqual([]);
    } finally {
      await source.close();
    }
  });

  it('compresses again while uploading, with the same digests, where RUNNER_TEMP cannot hold the layers', async () => {
    process.env.RUNNER_TEMP = join(temp, 'no-such-directory');
    const registry = await fake();
    const log: string[] = [];
    const { root, result } = await measureThenPush(registry, log);
    expect(result.digest).toBe(root.digest);
    expect(root.digest).toBe(await measuredDigest());
    expect(log.join('\n')).toMatch(
      /cannot keep compressed layers in .*no-such-directory.*compressed again while they upload/,
    );
    expect(registry.manifest('team/app', '1.0')!.digest).toBe(root.digest);
  });
});
