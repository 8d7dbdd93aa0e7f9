/**
 * Where an image comes from. Every source answers the same questions: the root manifest, any
 * manifest or blob by digest, and the tag to use when none is given.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatReference, type ImageReference, type SourceReference } from '../reference.js';
import { sha256, type Manifest, type RegistryClient } from './client.js';
import { parseManifest, type Descriptor } from './manifest.js';
import { SourceError, type BlobStream, type ImageSource, type RelatedArtifacts } from './source.js';
import type { Log } from './log.js';

const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'] as const;

export { SourceError, type BlobStream, type ImageSource, type RelatedArtifacts } from './source.js';

export class RegistrySource implements ImageSource {
  readonly description: string;
  readonly defaultTag: string | undefined;
  readonly location: { registry: string; repository: string };
  private rootManifest: Promise<Manifest> | undefined;
  private tagList: Promise<string[]> | undefined;
  /** Whether the registry answers the referrers API; unknown until first asked. */
  private referrersApi: boolean | undefined;

  constructor(
    private readonly ref: ImageReference,
    private readonly client: RegistryClient,
  ) {
    this.description = formatReference(ref);
    this.defaultTag = ref.tag;
    this.location = { registry: ref.registry, repository: ref.repository };
  }

  root(): Promise<Manifest> {
    this.rootManifest ??= (async () => {
      const reference = this.ref.digest ?? this.ref.tag ?? 'latest';
      const manifest = await this.client.getManifest(this.ref.repository, reference);
      if (!manifest) {
        throw new SourceError(
          `${this.description} was not found: ${this.ref.registry} has no manifest ${reference} in ${this.ref.repository}; check the image name and tag`,
        );
      }
      return manifest;
    })();
    return this.rootManifest;
  }

  async manifest(digest: string): Promise<Manifest> {
    const manifest = await this.client.getManifest(this.ref.repository, digest);
    if (!manifest)
      throw new SourceError(
        `${this.description} refers to manifest ${digest}, which ${this.ref.registry} does not have`,
      );
    return manifest;
  }

  async blob(digest: string, size: number): Promise<BlobStream> {
    const { stream } = await this.client.getBlob(this.ref.repository, digest);
    // The size the manifest gives: the upload's verifier holds the bytes to it.
    return { size, stream };
  }

  async related(digests: readonly string[]): Promise<RelatedArtifacts> {
    const { repository } = this.ref;
    this.tagList ??= this.client.listTags(repository);
    const tags = new Set(await this.tagList);
    const referrers: Descriptor[] = [];
    const related: { tag: string; manifest: Manifest }[] = [];
    const byTag = async (tag: string): Promise<Manifest> => {
      const manifest = await this.client.getManifest(repository, tag);
      if (!manifest) throw new SourceError(`${this.description}: tag ${tag} vanished while it was being copied`);
      return manifest;
    };
    for (const digest of digests) {
      const schemaTag = digest.replace(':', '-');
      // Ask the referrers API until the registry shows it has none; then the tag schema is the truth.
      const fromApi = this.referrersApi === false ? undefined : await this.client.referrers(repository, digest);
      if (fromApi !== undefined) {
        this.referrersApi = true;
        referrers.push(...fromApi);
      } else {
        this.referrersApi = false;
        if (tags.has(schemaTag)) {
          const index = await byTag(schemaTag);
          referrers.push(...parseManifest(index.bytes, index.mediaType, `${this.description} ${schemaTag}`).children);
          related.push({ tag: schemaTag, manifest: index });
        }
      }
      for (const suffix of COSIGN_SUFFIXES) {
        const tag = `${schemaTag}.${suffix}`;
        if (tags.has(tag)) related.push({ tag, manifest: await byTag(tag) });
      }
    }
    return { referrers, tags: related };
  }

  async close(): Promise<void> {}
}

interface OciIndex {
  manifests?: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[];
}

const REF_NAME = 'org.opencontainers.image.ref.name';

/** An OCI image layout directory (buildx `--output type=oci,tar=false`, skopeo `oci:`). */
export class OciLayoutSource implements ImageSource {
  readonly description: string;
  readonly defaultTag: string | undefined;
  private readonly dir: string;

  constructor(
    path: string,
    private readonly tag: string | undefined,
  ) {
    this.dir = resolve(path);
    this.description = `oci-layout:${path}${tag !== undefined ? `:${tag}` : ''}`;
    this.defaultTag = tag;
  }

  private blobPath(digest: string): string {
    const [algorithm, hex] = digest.split(':');
    if (!algorithm || !hex || !/^[a-f0-9]+$/.test(hex))
      throw new SourceError(`${this.description}: invalid digest ${digest}`);
    return join(this.dir, 'blobs', algorithm, hex);
  }

  private async readJson<T>(name: string): Promise<T> {
    let text: string;
    try {
      text = await readFile(join(this.dir, name), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SourceError(
        code === 'ENOENT'
          ? `${this.description}: ${join(this.dir, name)} does not exist; is ${this.dir} an OCI image layout (docker buildx build --output type=oci,tar=false,dest=DIR)?`
          : `${this.description}: cannot read ${name}: ${(error as Error).message}`,
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new SourceError(`${this.description}: ${name} is not valid JSON`);
    }
  }

  async root(): Promise<Manifest> {
    await this.readJson<{ imageLayoutVersion?: string }>('oci-layout');
    const index = await this.readJson<OciIndex>('index.json');
    const entries = index.manifests ?? [];
    const names = entries.map((m) => m.annotations?.[REF_NAME]).filter((n): n is string => n !== undefined);
    let chosen;
    if (this.tag !== undefined) {
      chosen = entries.find((m) => m.annotations?.[REF_NAME] === this.tag);
      if (!chosen) {
        throw new SourceError(
          `${this.description}: the layout has no image tagged "${this.tag}"; it has ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'no tagged images'}`,
        );
      }
    } else if (entries.length === 1) {
      chosen = entries[0]!;
    } else {
      throw new SourceError(
        `${this.description}: the layout holds ${entries.length} images; name one as oci-layout:PATH:TAG (tags: ${names.join(', ') || 'none'})`,
      );
    }
    return this.manifest(chosen.digest, chosen.mediaType);
  }

  async manifest(digest: string, mediaType?: string): Promise<Manifest> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.blobPath(digest));
    } catch {
      throw new SourceError(`${this.description}: manifest ${digest} is missing from blobs/`);
    }
    const computed = sha256(bytes);
    if (computed !== digest)
      throw new SourceError(`${this.description}: blob ${digest} is corrupt (its sha256 is ${computed})`);
    const type = mediaType ?? (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? '';
    return { digest, mediaType: type, size: bytes.length, bytes };
  }

  async blob(digest: string, size: number): Promise<BlobStream> {
    const path = this.blobPath(digest);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new SourceError(`${this.description}: blob ${digest} is missing from blobs/`);
    if (info.size !== size)
      throw new SourceError(`${this.description}: blob ${digest} has ${info.size} bytes, the manifest says ${size}`);
    return {
      size,
      stream: createReadStream(path, { highWaterMark: 256 * 1024 }),
    };
  }

  async close(): Promise<void> {}
}

export interface SourceContext {
  readonly clientFor: (registry: string) => RegistryClient;
  readonly log?: Log;
}

export async function openSource(source: SourceReference, context: SourceContext): Promise<ImageSource> {
  switch (source.transport) {
    case 'registry':
      return new RegistrySource(source.ref, context.clientFor(source.ref.registry));
    case 'oci-layout':
      return new OciLayoutSource(source.path, source.tag);
    case 'docker-archive': {
      const { DockerArchiveSource } = await import('./docker-archive.js');
      return new DockerArchiveSource(source.path, source.ref, context.log ? { log: context.log } : {});
    }
    case 'docker-daemon': {
      const { saveFromDaemon } = await import('./docker-daemon.js');
      return saveFromDaemon(source.ref, context.log);
    }
  }
}
