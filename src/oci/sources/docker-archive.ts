/**
 * A `docker save` tarball as a source. Layers in it are uncompressed tars; registries want them
 * gzip-compressed, so each layer is compressed on the fly: once to learn its digest and size
 * (for the manifest), and again, byte-identically, while it uploads. Nothing is written to disk.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { familiarReference, parseReference, type ImageReference } from '../reference.js';
import { sha256, type Manifest } from '../client.js';
import { DOCKER_CONFIG, DOCKER_LAYER_GZIP, DOCKER_MANIFEST } from '../media-types.js';
import { formatBytes } from '../progress.js';
import { SourceError, type BlobStream, type ImageSource } from './source.js';
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
}

interface Prepared {
  readonly manifest: Manifest;
  readonly config: Buffer;
  readonly configDigest: string;
  readonly layers: ReadonlyMap<string, PreparedLayer>;
}

/** gzip at zlib's default level, as `docker push` does; the same options every time, so the same bytes. */
const GZIP_OPTIONS = { level: 6 } as const;
const LAYERS_IN_PARALLEL = 2;

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
}

function sameImage(a: ImageReference, b: ImageReference): boolean {
  return a.registry === b.registry && a.repository === b.repository && (a.tag ?? 'latest') === (b.tag ?? 'latest');
}

export class DockerArchiveSource implements ImageSource {
  readonly description: string;
  defaultTag: string | undefined;
  private handle: FileHandle | undefined;
  private prepared: Promise<Prepared> | undefined;

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

  private prepare(): Promise<Prepared> {
    this.prepared ??= this.load();
    return this.prepared;
  }

  private async load(): Promise<Prepared> {
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
    const configDigest = sha256(config);

    // Learn each layer's compressed digest, a couple at a time (compression is CPU-bound).
    const layerEntries = image.Layers.map((name) => resolveTarEntry(entries, name, this.path));
    const prepared: PreparedLayer[] = new Array(layerEntries.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < layerEntries.length) {
        const index = next++;
        prepared[index] = await this.measure(layerEntries[index]!);
      }
    };
    await Promise.all(Array.from({ length: LAYERS_IN_PARALLEL }, worker));
    for (const layer of prepared) {
      this.options.log?.(
        layer.stored
          ? `layer ${layer.digest} (already gzip, ${formatBytes(layer.size)})`
          : `layer ${layer.entry.name}: ${formatBytes(layer.entry.size)} → gzip ${formatBytes(layer.size)}, ${layer.digest}`,
      );
    }

    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST,
        config: { mediaType: DOCKER_CONFIG, size: config.length, digest: configDigest },
        layers: prepared.map((l) => ({ mediaType: DOCKER_LAYER_GZIP, size: l.size, digest: l.digest })),
      }),
    );
    return {
      manifest: { digest: sha256(bytes), mediaType: DOCKER_MANIFEST, size: bytes.length, bytes },
      config,
      configDigest,
      layers: new Map(prepared.map((l) => [l.digest, l])),
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

  private layerStream(layer: Pick<PreparedLayer, 'entry' | 'stored'>): Readable {
    const raw = this.rawStream(layer.entry);
    if (layer.stored) return raw;
    const gzip = createGzip(GZIP_OPTIONS);
    raw.on('error', (error) => gzip.destroy(error));
    return raw.pipe(gzip);
  }

  private async measure(entry: TarEntry): Promise<PreparedLayer> {
    const stored = await this.isGzip(entry);
    const hash = createHash('sha256');
    let size = 0;
    await pipeline(this.layerStream({ entry, stored }), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
      }
    });
    return { entry, stored, size, digest: `sha256:${hash.digest('hex')}` };
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
    const prepared = await this.prepare();
    if (digest === prepared.configDigest) {
      return { size, stream: Readable.from([prepared.config]) };
    }
    const layer = prepared.layers.get(digest);
    if (!layer) this.fail(`has no blob ${digest}`);
    return { size, stream: this.layerStream(layer) };
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
    if (this.options.removeOnClose) await rm(this.path, { force: true });
  }
}
