/**
 * A `docker save` tarball as a source. Layers in it are uncompressed tars; registries want them
 * gzip-compressed, so each layer is compressed on the fly (gzip.ts: one fixed recipe, so the same
 * tarball always gives the same digests). A copy compresses each layer once, while it uploads
 * (`streamable()`). Asked for its manifest first (`root()`: a run that deploys must know the digest
 * before anything is pushed), the source compresses each layer once to learn its digest and keeps
 * the compressed bytes in a temporary file (RUNNER_TEMP), which the upload then reads: still one
 * compression per layer. Where the disk has no room for them, each layer is compressed again while
 * it uploads, with the same bytes (gzip.ts). The files go when the source is closed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, statfs, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { familiarReference, parseReference, type ImageReference } from '../reference.js';
import { sha256, type Manifest } from '../client.js';
import { DOCKER_CONFIG, DOCKER_LAYER_GZIP, DOCKER_MANIFEST } from '../media-types.js';
import { formatBytes } from '../progress.js';
import { gzipFileRange } from './gzip.js';
import { SourceError, type BlobStream, type ImageSource, type StreamableImage } from './source.js';
import { indexTar, resolveTarEntry, TarError, type TarEntry } from './tar-index.js';
import type { Log } from '../log.js';

interface ArchiveManifestEntry {
  readonly Config: string;
  readonly RepoTags?: readonly string[] | null;
  readonly Layers: readonly string[];
}

interface PreparedLayer {
  readonly entry: TarEntry;
  readonly digest: string;
  readonly size: number;
  /** Already gzip in the archive: sent as stored. */
  readonly stored: boolean;
  /** The compressed bytes, kept when the digest was learnt: the upload reads them from here. */
  readonly spool?: string;
}

/** The archive indexed and the image chosen: everything but the layers' compressed digests. */
interface Opened {
  readonly config: Buffer;
  readonly configDigest: string;
  /** The image's layers in manifest order (an entry may repeat). */
  readonly layerEntries: readonly TarEntry[];
}

interface Prepared {
  readonly manifest: Manifest;
  readonly layers: ReadonlyMap<string, PreparedLayer>;
}

const LAYERS_IN_PARALLEL = 2;
/** Left free on the temporary disk beyond the layers kept there, for the steps after this one. */
const SPOOL_DISK_RESERVE = 1024 * 1024 * 1024;

export interface DockerArchiveOptions {
  readonly description?: string;
  readonly log?: Log;
  /** Delete the file on close (a tarball this run saved from the daemon). */
  readonly removeOnClose?: boolean;
  /**
   * A save of exactly the image asked for: its one image is taken whatever name the engine wrote
   * (Podman writes localhost/app:v1 for app:v1).
   */
  readonly savedByName?: boolean;
  /**
   * An upload follows: layers compressed to learn their digests are kept for it (a plan, which
   * uploads nothing, does not keep them).
   */
  readonly keepCompressedLayers?: boolean;
}

/** The layers an image lists, each once (an image may list one layer twice), in their first order. */
function distinctLayers(entries: readonly TarEntry[]): TarEntry[] {
  return [...new Map(entries.map((entry) => [entry.name, entry])).values()];
}

function sameImage(a: ImageReference, b: ImageReference): boolean {
  return a.registry === b.registry && a.repository === b.repository && (a.tag ?? 'latest') === (b.tag ?? 'latest');
}

export class DockerArchiveSource implements ImageSource {
  readonly description: string;
  defaultTag: string | undefined;
  private handle: FileHandle | undefined;
  private opened: Promise<Opened> | undefined;
  private prepared: Promise<Prepared> | undefined;
  /** Layers measured one by one (a registry refused a streamed upload), by digest. */
  private readonly measured = new Map<string, PreparedLayer>();
  /** Where compressed layers are kept between learning their digest and uploading them; null: not kept. */
  private spoolDir: Promise<string | null> | undefined;
  private spooled = 0;

  constructor(
    private readonly path: string,
    private readonly ref: ImageReference | undefined,
    private readonly options: DockerArchiveOptions = {},
  ) {
    this.description = options.description ?? `docker-archive:${path}${ref ? `:${familiarReference(ref)}` : ''}`;
    this.defaultTag = ref?.tag;
  }

  private fail(message: string): never {
    throw new SourceError(`${this.description}: ${message}`);
  }

  private open(): Promise<Opened> {
    this.opened ??= this.load();
    return this.opened;
  }

  private prepare(): Promise<Prepared> {
    this.prepared ??= this.measureAll();
    return this.prepared;
  }

  private async load(): Promise<Opened> {
    try {
      this.handle = await open(this.path, 'r');
    } catch (error) {
      this.fail(
        `cannot open ${this.path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    // A directory opens fine on Linux and fails only at the first read, with a bare EISDIR.
    if ((await this.handle.stat()).isDirectory()) {
      this.fail(
        `${this.path} is a directory, and docker-archive: reads a \`docker save\` tarball; for an OCI image layout directory use oci-layout:${this.path}`,
      );
    }
    let entries: Map<string, TarEntry>;
    try {
      entries = await indexTar(this.handle, this.path);
    } catch (error) {
      if (error instanceof TarError) this.fail(error.message);
      throw error;
    }
    const read = async (name: string): Promise<Buffer> => {
      const entry = resolveTarEntry(entries, name, this.path);
      const buffer = Buffer.alloc(entry.size);
      await this.handle!.read(buffer, 0, entry.size, entry.offset);
      return buffer;
    };
    let list: ArchiveManifestEntry[];
    try {
      list = JSON.parse((await read('manifest.json')).toString('utf8')) as ArchiveManifestEntry[];
    } catch (error) {
      this.fail(
        error instanceof TarError
          ? `${error.message}; is it a \`docker save\` tarball?`
          : 'manifest.json is not valid JSON',
      );
    }
    const image = this.choose(list);
    const config = await read(image.Config);
    return {
      config,
      configDigest: sha256(config),
      layerEntries: image.Layers.map((name) => resolveTarEntry(entries, name, this.path)),
    };
  }

  /** Learns each layer's compressed digest, a couple at a time, without sending anything. */
  private async measureAll(): Promise<Prepared> {
    const { config, configDigest, layerEntries } = await this.open();
    // A layer listed twice is measured (and kept) once.
    const distinct = distinctLayers(layerEntries);
    const spoolDir = await this.spoolFor(distinct);
    const byName = new Map<string, PreparedLayer>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < distinct.length) {
        const entry = distinct[next++]!;
        byName.set(entry.name, await this.measure(entry, spoolDir));
      }
    };
    await Promise.all(Array.from({ length: LAYERS_IN_PARALLEL }, worker));
    for (const entry of distinct) this.logLayer(byName.get(entry.name)!);
    return this.manifestFor(
      config,
      configDigest,
      layerEntries.map((entry) => byName.get(entry.name)!),
    );
  }

  private logLayer(layer: PreparedLayer): void {
    this.options.log?.(
      layer.stored
        ? `layer ${layer.digest} (already gzip, ${formatBytes(layer.size)})`
        : `layer ${layer.entry.name}: ${formatBytes(layer.entry.size)} → gzip ${formatBytes(layer.size)}, ${layer.digest}`,
    );
  }

  private manifestFor(config: Buffer, configDigest: string, layers: readonly PreparedLayer[]): Prepared {
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST,
        config: { mediaType: DOCKER_CONFIG, size: config.length, digest: configDigest },
        layers: layers.map((l) => ({ mediaType: DOCKER_LAYER_GZIP, size: l.size, digest: l.digest })),
      }),
    );
    return {
      manifest: { digest: sha256(bytes), mediaType: DOCKER_MANIFEST, size: bytes.length, bytes },
      layers: new Map(layers.map((l) => [l.digest, l])),
    };
  }

  /**
   * The image as layers to compress while they upload. Each distinct layer is offered once; the
   * manifest follows from their digests (`complete`).
   */
  async streamable(): Promise<StreamableImage | undefined> {
    if (this.prepared) return undefined; // the digests are known (or being learnt): nothing to gain
    const { config, configDigest, layerEntries } = await this.open();
    const distinct = distinctLayers(layerEntries);
    const stored = await Promise.all(distinct.map((entry) => this.isGzip(entry)));
    return {
      config: { digest: configDigest, size: config.length, mediaType: DOCKER_CONFIG },
      layers: distinct.map((entry, i) => ({
        description: `layer ${entry.name} (${formatBytes(entry.size)})`,
        mediaType: DOCKER_LAYER_GZIP,
        sourceSize: entry.size,
        open: (onRead) => this.layerStream({ entry, stored: stored[i]! }, onRead),
        measure: async () => {
          const layer = await this.measure(entry, await this.spoolFor([entry]));
          this.measured.set(layer.digest, layer);
          return layer;
        },
      })),
      complete: (results) => {
        const byName = new Map(
          distinct.map((entry, i) => [entry.name, { entry, stored: stored[i]!, ...results[i]! }] as const),
        );
        const layers = layerEntries.map((entry) => byName.get(entry.name)!);
        for (const layer of byName.values()) this.logLayer(layer);
        const prepared = this.manifestFor(config, configDigest, layers);
        this.prepared = Promise.resolve(prepared);
        return prepared.manifest;
      },
    };
  }

  private choose(list: readonly ArchiveManifestEntry[]): ArchiveManifestEntry {
    if (!Array.isArray(list) || list.length === 0) this.fail('manifest.json lists no image');
    const tagged = (entry: ArchiveManifestEntry) => (entry.RepoTags ?? []).map((tag) => parseReference(tag));
    if (this.ref) {
      const wanted = this.ref;
      const found =
        list.find((entry) => tagged(entry).some((tag) => sameImage(tag, wanted))) ??
        (this.options.savedByName && list.length === 1 ? list[0] : undefined);
      if (!found) {
        const all = list.flatMap((entry) => entry.RepoTags ?? []);
        this.fail(
          `the archive has no image tagged ${familiarReference(wanted)}; it has ${all.length ? all.join(', ') : 'only untagged images'}`,
        );
      }
      return found;
    }
    if (list.length > 1) {
      this.fail(
        `the archive holds ${list.length} images; choose one as docker-archive:PATH:NAME:TAG (${list.flatMap((e) => e.RepoTags ?? []).join(', ')})`,
      );
    }
    const only = list[0]!;
    const tags = tagged(only);
    if (tags.length === 1) this.defaultTag = tags[0]!.tag;
    return only;
  }

  private rawStream(entry: TarEntry): Readable {
    if (entry.size === 0) return Readable.from([]);
    return createReadStream(this.path, {
      start: entry.offset,
      end: entry.offset + entry.size - 1,
      highWaterMark: 256 * 1024,
    });
  }

  private async isGzip(entry: TarEntry): Promise<boolean> {
    if (entry.size < 2) return false;
    const magic = Buffer.alloc(2);
    await this.handle!.read(magic, 0, 2, entry.offset);
    return magic[0] === 0x1f && magic[1] === 0x8b;
  }

  private layerStream(layer: Pick<PreparedLayer, 'entry' | 'stored'>, onRead?: (count: number) => void): Readable {
    // Read a gzip block at a time into a few buffers reused for the whole layer (gzip.ts).
    if (!layer.stored) {
      const { offset: start, size: length, name } = layer.entry;
      return gzipFileRange(
        { file: this.handle!, start, length, name: this.description, what: `layer ${name}` },
        onRead,
      );
    }
    const raw = this.rawStream(layer.entry);
    if (onRead) raw.on('data', (chunk: Buffer) => onRead(chunk.length));
    return raw;
  }

  /**
   * The directory compressed layers are kept in, made on first use; null when the temporary disk
   * cannot hold `entries` (their uncompressed size bounds the compressed) and a reserve after them.
   */
  private spoolFor(entries: readonly TarEntry[]): Promise<string | null> {
    this.spoolDir ??= (async () => {
      if (!this.options.keepCompressedLayers) return null;
      const parent = process.env.RUNNER_TEMP || tmpdir();
      const needed = entries.reduce((sum, entry) => sum + entry.size, 0) + SPOOL_DISK_RESERVE;
      try {
        const disk = await statfs(parent);
        const free = disk.bavail * disk.bsize;
        if (free < needed) {
          this.options.log?.(
            `${parent} has ${formatBytes(free)} free: the layers are compressed again while they upload, rather than kept there`,
          );
          return null;
        }
        return await mkdtemp(join(parent, 'portable-deploy-layers-'));
      } catch (error) {
        this.options.log?.(
          `cannot keep compressed layers in ${parent} (${(error as Error).message}): they are compressed again while they upload`,
        );
        return null;
      }
    })();
    return this.spoolDir;
  }

  /** Compresses a layer to learn its digest and size, keeping the bytes in `spoolDir` when given. */
  private async measure(entry: TarEntry, spoolDir: string | null = null): Promise<PreparedLayer> {
    const stored = await this.isGzip(entry);
    const hash = createHash('sha256');
    let size = 0;
    // A stored layer is read from the archive as it is: nothing to keep.
    const spool = spoolDir !== null && !stored ? join(spoolDir, `layer-${this.spooled++}.gz`) : undefined;
    let spoolFailure: Error | undefined;
    const sink = spool
      ? createWriteStream(spool).once('error', (error) => (spoolFailure = error))
      : new Writable({ write: (_chunk, _encoding, done) => done() });
    try {
      await pipeline(
        this.layerStream({ entry, stored }),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        sink,
      );
    } catch (error) {
      if (!spoolFailure) throw error;
      // The disk filled up under us (or went away): the upload compresses the layer again instead.
      await rm(spool!, { force: true });
      this.options.log?.(
        `cannot keep layer ${entry.name} compressed (${spoolFailure.message}): it is compressed again while it uploads`,
      );
      return this.measure(entry);
    }
    return { entry, stored, size, digest: `sha256:${hash.digest('hex')}`, ...(spool && { spool }) };
  }

  async root(): Promise<Manifest> {
    return (await this.prepare()).manifest;
  }

  async manifest(digest: string): Promise<Manifest> {
    const { manifest } = await this.prepare();
    if (digest !== manifest.digest) this.fail(`has no manifest ${digest}`);
    return manifest;
  }

  async blob(digest: string, size: number): Promise<BlobStream> {
    const opened = await this.open();
    if (digest === opened.configDigest) {
      return { size, stream: Readable.from([opened.config]) };
    }
    const layer = this.measured.get(digest) ?? (await this.prepare()).layers.get(digest);
    if (!layer) this.fail(`has no blob ${digest}`);
    // Kept when its digest was learnt: read back rather than compressed again.
    if (layer.spool) return { size, stream: createReadStream(layer.spool, { highWaterMark: 256 * 1024 }) };
    return { size, stream: this.layerStream(layer) };
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
    const spoolDir = await this.spoolDir;
    if (spoolDir) await rm(spoolDir, { recursive: true, force: true });
    if (this.options.removeOnClose) await rm(this.path, { force: true });
  }
}
