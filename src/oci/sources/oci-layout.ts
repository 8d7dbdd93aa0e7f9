/** An OCI image layout directory on disk (index.json, blobs/), as buildx and skopeo write it. */
import { createReadStream } from 'node:fs';
// fs.promises is read at each call, so a run from a registry never loads that module (start-up).
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { sha256, type Manifest } from '../client.js';
import { SourceError, type BlobStream, type ImageSource } from './source.js';

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
      text = await fs.readFile(join(this.dir, name), 'utf8');
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
      bytes = await fs.readFile(this.blobPath(digest));
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
    const info = await fs.stat(path).catch(() => undefined);
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
