/**
 * The copy engine against the in-process fake registry: what the README promises for the copy
 * (digests kept, shared blobs moved once, one request when up to date, retag, mount, no chunked
 * path where refused, immutable tags, eventual consistency, 429s, referrers), asserted on the
 * requests the destination saw. The real distribution registry stays in copy.integration.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RegistryClient, type ClientOptions } from '../src/oci/client.js';
import { copyImage, type CopyOptions } from '../src/oci/copy.js';
import { openSource } from '../src/oci/sources/index.js';
import { parseReference } from '../src/oci/reference.js';
import { FakeRegistry, type FakeRegistryOptions } from './helpers/fake-registry.js';
import { imageManifest, multiPlatformImage, randomLayer, type Blob, type BuiltImage } from './helpers/image.js';

const FAST_RETRY = { attempts: 5, baseDelayMs: 1, maxDelayMs: 5 };
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const EMPTY = 'application/vnd.oci.empty.v1+json';
const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
  { os: 'linux', architecture: 's390x' },
];

const started: FakeRegistry[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((registry) => registry.close()));
});

async function fake(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const registry = await FakeRegistry.start(options);
  started.push(registry);
  return registry;
}

function client(registry: FakeRegistry, options: Partial<ClientOptions> = {}): RegistryClient {
  return new RegistryClient(registry.addr, { credentials: async () => undefined, retry: FAST_RETRY, ...options });
}

/** Puts an image (blobs, child manifests by digest, the root under its tags) into a fake's repository. */
function seed(registry: FakeRegistry, repository: string, root: Blob, images: readonly BuiltImage[], tags: string[]) {
  for (const image of images) {
    for (const blob of [image.config, ...image.layers]) registry.seedBlob(repository, blob.bytes);
    if (image.manifest.digest !== root.digest)
      registry.seedManifest(repository, image.manifest.bytes, image.manifest.mediaType);
  }
  registry.seedManifest(repository, root.bytes, root.mediaType, tags);
}

function singleImage(layerSizes: readonly number[] = [40_000, 20_000]) {
  const image = imageManifest(
    { os: 'linux', architecture: 'amd64' },
    layerSizes.map((size, i) => randomLayer(size, `layer${i}`)),
  );
  return { root: image.manifest, images: [image] };
}

/** Copies `repository:tag` of `from` with our public entry points; the source client is its own. */
async function copy(
  from: FakeRegistry,
  reference: string,
  target: { client: RegistryClient; repository: string },
  tags: string[],
  options: Partial<CopyOptions> = {},
  sourceClient: RegistryClient = client(from),
) {
  const source = await openSource(
    { transport: 'registry', ref: parseReference(`${from.addr}/${reference}`) },
    { clientFor: () => sourceClient },
  );
  return copyImage({ source, target, tags, ...options });
}

const distinctBlobs = (images: readonly BuiltImage[]) =>
  new Set(images.flatMap((image) => [image.config, ...image.layers].map((blob) => blob.digest)));

/** The digest a blob upload was closed with (`PUT …/blobs/uploads/ID?digest=…`). */
const uploadedDigest = (path: string) => new URL(path, 'http://x').searchParams.get('digest');

describe('copyImage against the fake registry', () => {
  it('copies a single-platform image byte for byte: the digest is equal at the target', async () => {
    const [a, b] = await Promise.all([fake(), fake()]);
    const { root, images } = singleImage();
    seed(a, 'src/app', root, images, ['v1']);
    const result = await copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1']);
    expect(result.digest).toBe(root.digest);
    expect(b.manifest('dst/app', 'v1')!.bytes.equals(root.bytes)).toBe(true);
    expect(b.manifest('dst/app', 'v1')!.mediaType).toBe(OCI_MANIFEST);
    for (const digest of distinctBlobs(images)) expect(b.hasBlob('dst/app', digest)).toBe(true);
    expect(result.stats).toMatchObject({ uploaded: 3, mounted: 0, skipped: 0 });
    expect(b.requests({ method: 'PATCH' })).toHaveLength(0);
  });

  it('copies a multi-platform index with its attestation, each shared blob once, children before the index, tags last', async () => {
    const [a, b] = await Promise.all([fake(), fake()]);
    const { root, images } = multiPlatformImage(PLATFORMS);
    seed(a, 'src/multi', root, images, ['v1']);
    const result = await copy(a, 'src/multi:v1', { client: client(b), repository: 'dst/multi' }, ['v1', 'stable']);

    expect(result.digest).toBe(root.digest);
    // 4 platforms + 1 attestation: 5 configs, 1 shared layer, 4 own layers, 1 attestation layer.
    const blobs = distinctBlobs(images);
    expect(blobs.size).toBe(11);
    const closed = b.requests({ method: 'PUT', kind: 'upload', status: 201 }).map((r) => uploadedDigest(r.path));
    expect(closed.sort()).toEqual([...blobs].sort());
    expect(result.stats).toMatchObject({ uploaded: 11, mounted: 0, skipped: 0 });
    for (const image of images)
      expect(b.manifest('dst/multi', image.manifest.digest)!.bytes.equals(image.manifest.bytes)).toBe(true);

    const manifestPuts = b.lines({ method: 'PUT', kind: 'manifest' });
    expect(manifestPuts.slice(-2)).toEqual([
      'PUT /v2/dst/multi/manifests/v1 201',
      'PUT /v2/dst/multi/manifests/stable 201',
    ]);
    // Every child by digest, then the index with its first tag: it is not PUT by digest first (a
    // round trip for nothing, with no referrers to point at it before the tags).
    expect(manifestPuts).toHaveLength(images.length + 2);
    expect(manifestPuts).not.toContain(`PUT /v2/dst/multi/manifests/${root.digest} 201`);
    const lastBlob = Math.max(...b.log.map((r, i) => (r.kind === 'upload' ? i : -1)));
    const firstManifest = b.log.findIndex((r) => r.method === 'PUT' && r.kind === 'manifest');
    expect(firstManifest).toBeGreaterThan(b.log.findIndex((r) => r.kind === 'upload'));
    const lastChild = Math.max(
      ...b.log.map((r, i) =>
        r.method === 'PUT' && images.some((img) => r.path.endsWith(img.manifest.digest)) ? i : -1,
      ),
    );
    const indexPut = b.log.findIndex((r) => r.method === 'PUT' && r.path.endsWith('/manifests/v1'));
    expect(indexPut).toBeGreaterThan(lastBlob);
    expect(indexPut).toBeGreaterThan(lastChild);
  });

  it('costs one manifest request per tag and moves no blob when the destination is up to date', async () => {
    const [a, b] = await Promise.all([fake(), fake()]);
    const { root, images } = multiPlatformImage(PLATFORMS.slice(0, 2));
    seed(a, 'src/multi', root, images, ['v1']);
    await copy(a, 'src/multi:v1', { client: client(b), repository: 'dst/multi' }, ['v1', 'stable']);
    b.clearLog();
    const result = await copy(a, 'src/multi:v1', { client: client(b), repository: 'dst/multi' }, ['v1', 'stable']);
    expect(result.upToDate).toBe(true);
    expect(b.lines().sort()).toEqual([
      'HEAD /v2/dst/multi/manifests/stable 200',
      'HEAD /v2/dst/multi/manifests/v1 200',
    ]);
  });

  it('asks the destination about its tags while the source is still being read', async () => {
    const [a, b] = await Promise.all([fake(), fake()]);
    const { root, images } = singleImage();
    seed(a, 'src/app', root, images, ['v1']);
    await copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1', 'stable']);
    b.clearLog();
    const source = await openSource(
      { transport: 'registry', ref: parseReference(`${a.addr}/src/app:v1`) },
      { clientFor: () => client(a) },
    );
    const read = source.root.bind(source);
    // The source answers only once the destination has been asked (a bounded wait): asked one
    // after the other, the copy would never get there.
    source.root = async () => {
      for (let i = 0; i < 200 && b.requests({ method: 'HEAD', kind: 'manifest' }).length < 2; i++)
        await new Promise((resolve) => setTimeout(resolve, 5));
      return read();
    };
    const result = await copyImage({
      source,
      target: { client: client(b), repository: 'dst/app' },
      tags: ['v1', 'stable'],
    });
    expect(result.upToDate).toBe(true);
    expect(b.requests({ method: 'HEAD', kind: 'manifest' })).toHaveLength(2);
    expect(b.log.every((r) => r.at < a.log.at(-1)!.at)).toBe(true);
  });

  it('retags inside one repository with a manifest GET and a PUT', async () => {
    const a = await fake();
    const { root, images } = multiPlatformImage(PLATFORMS.slice(0, 2));
    seed(a, 'src/multi', root, images, ['v1']);
    const registry = client(a);
    await copy(a, 'src/multi:v1', { client: registry, repository: 'src/multi' }, ['v1-retagged'], {}, registry);
    expect(a.lines()).toEqual(['GET /v2/src/multi/manifests/v1 200', 'PUT /v2/src/multi/manifests/v1-retagged 201']);
    expect(a.manifest('src/multi', 'v1-retagged')!.digest).toBe(root.digest);
  });

  it('mounts every blob into a new repository on the same registry, uploading nothing', async () => {
    const a = await fake();
    const { root, images } = multiPlatformImage(PLATFORMS);
    seed(a, 'src/multi', root, images, ['v1']);
    const registry = client(a);
    const result = await copy(a, 'src/multi:v1', { client: registry, repository: 'other/multi' }, ['v1'], {}, registry);
    expect(result.stats).toMatchObject({ uploaded: 0, mounted: 11, skipped: 0 });
    const mounts = a.requests({ method: 'POST', path: 'from=src%2Fmulti' });
    expect(mounts).toHaveLength(11);
    expect(mounts.every((r) => r.status === 201 && r.path.startsWith('/v2/other/multi/blobs/uploads/?'))).toBe(true);
    expect(a.requests({ method: 'PUT', kind: 'upload' })).toHaveLength(0);
    expect(a.requests({ method: 'HEAD', kind: 'blob' })).toHaveLength(0);
    expect(a.manifest('other/multi', 'v1')!.bytes.equals(root.bytes)).toBe(true);
  });

  it('uploads into the session the registry opened when it will not mount', async () => {
    const a = await fake({ quirks: { mount: false } });
    const { root, images } = singleImage([30_000, 10_000, 5_000]);
    seed(a, 'src/app', root, images, ['v1']);
    const registry = client(a);
    const result = await copy(a, 'src/app:v1', { client: registry, repository: 'other/app' }, ['v1'], {}, registry);
    expect(result.stats).toMatchObject({ uploaded: 4, mounted: 0 });
    // One POST per blob (the refused mount opened the session), then its PUT: no second POST.
    const posts = a.requests({ method: 'POST', kind: 'upload' });
    expect(posts).toHaveLength(4);
    expect(posts.every((r) => r.status === 202 && r.path.includes('mount='))).toBe(true);
    expect(a.requests({ method: 'PUT', kind: 'upload', status: 201 })).toHaveLength(4);
    expect(a.manifest('other/app', 'v1')!.digest).toBe(root.digest);
  });

  it('skips blobs the destination repository already has, after a HEAD', async () => {
    const [a, b] = await Promise.all([fake(), fake()]);
    const { root, images } = singleImage();
    seed(a, 'src/app', root, images, ['v1']);
    const config = images[0]!.config;
    b.seedBlob('dst/app', config.bytes);
    const result = await copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1']);
    expect(result.stats).toMatchObject({ uploaded: 2, skipped: 1 });
    expect(b.lines({ kind: 'blob' })).toContain(`HEAD /v2/dst/app/blobs/${config.digest} 200`);
    expect(b.requests({ method: 'PUT', kind: 'upload' }).map((r) => uploadedDigest(r.path))).not.toContain(
      config.digest,
    );
  });

  describe('a registry with a request size limit', () => {
    // The limit sits between the 1 MiB chunk floor and the blob's size: chunks of 16, 8, 4 and 2 MiB
    // (each as long as the blob) are refused, and 1 MiB chunks go through.
    const big = () => singleImage([1280 * 1024]);
    const limit = 1152 * 1024;

    it('never takes the chunked path when chunked uploads are off for it: it fails naming the blob, no PATCH sent', async () => {
      const [a, b] = await Promise.all([fake(), fake({ quirks: { chunkedUploads: false, maxRequestBytes: limit } })]);
      const { root, images } = big();
      seed(a, 'src/app', root, images, ['v1']);
      const layer = images[0]!.layers[0]!;
      const copying = copy(a, 'src/app:v1', { client: client(b, { chunkedUploads: false }), repository: 'dst/app' }, [
        'v1',
      ]);
      await expect(copying).rejects.toThrow(
        `refused blob ${layer.digest} (${layer.size} bytes) in one request, and chunked uploads are not used with this registry`,
      );
      expect(b.requests({ method: 'PATCH' })).toHaveLength(0);
      expect(b.requests({ status: 413 })).toHaveLength(1);
      expect(b.tags('dst/app')).toEqual([]);
    });

    it('sends a blob refused as too large in PATCH chunks, halving them until the registry takes them', async () => {
      const [a, b] = await Promise.all([fake(), fake({ quirks: { maxRequestBytes: limit } })]);
      const { root, images } = big();
      seed(a, 'src/app', root, images, ['v1']);
      const layer = images[0]!.layers[0]!;
      await copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1']);
      expect(b.hasBlob('dst/app', layer.digest)).toBe(true);
      // One monolithic PUT refused, then four chunk sizes refused, then 1 MiB chunks taken.
      expect(b.requests({ method: 'PUT', kind: 'upload', status: 413 })).toHaveLength(1);
      expect(b.requests({ method: 'PATCH', status: 413 })).toHaveLength(4);
      expect(b.requests({ method: 'PATCH', status: 202 })).toHaveLength(Math.ceil(layer.size / (1024 * 1024)));
      expect(b.requests({ status: 416 })).toHaveLength(0);
      expect(b.manifest('dst/app', 'v1')!.digest).toBe(root.digest);
    });
  });

  describe('immutable tags', () => {
    /** An immutable destination whose v1 holds another image than the source's v1. */
    async function tagTaken() {
      const [a, b] = await Promise.all([fake(), fake({ quirks: { immutableTags: true } })]);
      const { root, images } = singleImage();
      seed(a, 'src/app', root, images, ['v1']);
      const other = singleImage([1_000]);
      seed(b, 'dst/app', other.root, other.images, ['v1']);
      return { a, b, other };
    }

    it('fail before any byte moves when a tag holds another image', async () => {
      const { a, b, other } = await tagTaken();
      const copying = copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1'], {
        immutableTags: true,
      });
      await expect(copying).rejects.toThrow(
        `${b.addr}/dst/app has immutable tags, and "v1" already holds ${other.root.digest}`,
      );
      expect(b.lines()).toEqual(['HEAD /v2/dst/app/manifests/v1 200']);
      expect(b.manifest('dst/app', 'v1')!.digest).toBe(other.root.digest);
    });

    it("are refused by the registry with ECR's TAG_INVALID when the copy was not told", async () => {
      const { a, b, other } = await tagTaken();
      await expect(copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1'])).rejects.toThrow(
        /TAG_INVALID The image tag 'v1' already exists in the 'dst\/app' repository/,
      );
      expect(b.manifest('dst/app', 'v1')!.digest).toBe(other.root.digest);
    });

    it('leave a tag that already holds the image alone and write the new ones', async () => {
      const [a, b] = await Promise.all([fake(), fake({ quirks: { immutableTags: true } })]);
      const { root, images } = singleImage();
      seed(a, 'src/app', root, images, ['v1']);
      seed(b, 'dst/app', root, images, ['v1']);
      const result = await copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1', 'v2'], {
        immutableTags: true,
      });
      expect(result.upToDate).toBe(false);
      expect(b.lines({ method: 'PUT', kind: 'manifest' })).toEqual(['PUT /v2/dst/app/manifests/v2 201']);
    });
  });

  /** Copies a two-platform index from a to b; returns it and what b's client logged (its retries). */
  async function copyTwoPlatforms(a: FakeRegistry, b: FakeRegistry) {
    const { root, images } = multiPlatformImage(PLATFORMS.slice(0, 2));
    seed(a, 'src/multi', root, images, ['v1']);
    const logged: string[] = [];
    const destination = client(b, { log: (line) => logged.push(line) });
    const result = await copy(a, 'src/multi:v1', { client: destination, repository: 'dst/multi' }, ['v1']);
    expect(result.digest).toBe(root.digest);
    return { root, images, logged };
  }

  it('retries an index whose platforms the registry does not show yet, and completes', async () => {
    const [a, b] = await Promise.all([fake(), fake({ quirks: { manifestVisibleAfterReads: 1 } })]);
    const { root, images, logged } = await copyTwoPlatforms(a, b);
    // Each platform (and the attestation) is unknown to the first read of it: the index PUT that
    // reads it first is refused, and retried until every child shows.
    const children = images.length;
    // The index goes up with its tag (not by digest first).
    const indexPuts = b.requests({ method: 'PUT', path: '/manifests/v1' });
    expect(indexPuts.map((r) => [r.status, r.code])).toEqual([
      ...Array.from({ length: children }, () => [400, 'MANIFEST_BLOB_UNKNOWN']),
      [201, undefined],
    ]);
    expect(logged.filter((line) => line.includes('MANIFEST_BLOB_UNKNOWN; try'))).toHaveLength(children);
    expect(b.manifest('dst/multi', 'v1')!.digest).toBe(root.digest);
  });

  it('slows down on 429, honours Retry-After, and still completes', async () => {
    const [a, b] = await Promise.all([
      fake({ quirks: { throttle: [{ kind: 'blob', method: 'GET', first: 2, retryAfter: '0.02' }] } }),
      fake({
        quirks: {
          throttle: [
            { kind: 'upload', method: 'POST', first: 3, retryAfter: '0.2' },
            { kind: 'manifest', method: 'PUT', first: 1 },
          ],
        },
      }),
    ]);
    const { root, images, logged } = await copyTwoPlatforms(a, b);
    expect(b.manifest('dst/multi', 'v1')!.bytes.equals(root.bytes)).toBe(true);
    const blobs = distinctBlobs(images).size;
    expect(b.requests({ status: 429 })).toHaveLength(4);
    expect(b.requests({ method: 'POST', kind: 'upload' })).toHaveLength(blobs + 3);
    expect(b.requests({ method: 'PUT', kind: 'upload', status: 201 })).toHaveLength(blobs);
    expect(a.requests({ status: 429 })).toHaveLength(2);
    expect(a.requests({ method: 'GET', kind: 'blob', status: 200 })).toHaveLength(blobs);
    // Each retry waited the server's Retry-After, and said so.
    const retries = logged.filter((line) => line.includes('/blobs/uploads/: ') && line.includes('HTTP 429'));
    expect(retries).toHaveLength(3);
    for (const line of retries) expect(line).toMatch(/answered HTTP 429; try 2 of 5 in 0\.2 s$/);
  });

  describe('referrers travel with the image', () => {
    /** A signature-like artifact whose subject is `subject`: empty config, one layer. */
    function referrer(registry: FakeRegistry, repository: string, subject: Blob, artifactType: string) {
      const config = Buffer.from('{}');
      const layer = Buffer.from(`signature of ${subject.digest}`);
      const bytes = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_MANIFEST,
          artifactType,
          config: { mediaType: EMPTY, digest: registry.seedBlob(repository, config), size: config.length },
          layers: [{ mediaType: artifactType, digest: registry.seedBlob(repository, layer), size: layer.length }],
          subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        }),
      );
      return { bytes, digest: registry.seedManifest(repository, bytes, OCI_MANIFEST), size: bytes.length };
    }

    it('through the referrers API', async () => {
      const [a, b] = await Promise.all([fake(), fake()]);
      const { root, images } = singleImage();
      seed(a, 'src/app', root, images, ['v1']);
      const signature = referrer(a, 'src/app', root, 'application/vnd.dev.cosign.artifact.sig.v1+json');
      const result = await copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1']);
      expect(result.related.referrers).toBe(1);
      expect(b.manifest('dst/app', signature.digest)!.bytes.equals(signature.bytes)).toBe(true);
      const listed = (await fetch(`http://${b.addr}/v2/dst/app/referrers/${root.digest}`).then((r) => r.json())) as {
        manifests: { digest: string }[];
      };
      expect(listed.manifests.map((d) => d.digest)).toEqual([signature.digest]);
      // The referrer after its subject's tag-less push, and the image's own tag last.
      expect(b.lines({ method: 'PUT', kind: 'manifest' }).at(-1)).toBe('PUT /v2/dst/app/manifests/v1 201');
    });

    it('through the sha256-<hex> tag schema where the registries have no referrers API', async () => {
      const [a, b] = await Promise.all([
        fake({ quirks: { referrersApi: false } }),
        fake({ quirks: { referrersApi: false } }),
      ]);
      const { root, images } = singleImage();
      seed(a, 'src/app', root, images, ['v1']);
      const sbom = referrer(a, 'src/app', root, 'application/spdx+json');
      const schemaTag = root.digest.replace(':', '-');
      const schemaIndex = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: OCI_INDEX,
          manifests: [
            { mediaType: OCI_MANIFEST, digest: sbom.digest, size: sbom.size, artifactType: 'application/spdx+json' },
          ],
        }),
      );
      a.seedManifest('src/app', schemaIndex, OCI_INDEX, [schemaTag]);
      const result = await copy(a, 'src/app:v1', { client: client(b), repository: 'dst/app' }, ['v1']);
      expect(result.related.tags).toEqual([schemaTag]);
      expect(a.lines({ kind: 'referrers' })).toEqual([`GET /v2/src/app/referrers/${root.digest} 404`]);
      expect(b.manifest('dst/app', sbom.digest)!.bytes.equals(sbom.bytes)).toBe(true);
      expect(b.manifest('dst/app', schemaTag)!.bytes.equals(schemaIndex)).toBe(true);
      expect(b.tags('dst/app')).toEqual([schemaTag, 'v1'].sort());
    });
  });

  it('authenticates with bearer tokens and mounts with the source repository in the token scope', async () => {
    const a = await fake({ auth: { scheme: 'bearer', users: { ci: 'secret' } } });
    const { root, images } = singleImage();
    seed(a, 'src/app', root, images, ['v1']);
    const registry = client(a, { credentials: async () => ({ username: 'ci', password: 'secret' }) });
    const result = await copy(a, 'src/app:v1', { client: registry, repository: 'other/app' }, ['v1'], {}, registry);
    expect(result.stats).toMatchObject({ mounted: 3, uploaded: 0 });
    expect(a.requests({ status: 401 }).length).toBeGreaterThan(0);
    const tokens = a
      .requests({ kind: 'token', status: 200 })
      .map((r) => new URL(r.path, 'http://x').searchParams.getAll('scope'));
    expect(tokens).toContainEqual(['repository:other/app:pull,push', 'repository:src/app:pull']);
  });
});
