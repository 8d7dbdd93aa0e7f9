/** Reading the descriptors a manifest or index points at. */
import { isIndex } from './media-types.js';
import { UserError } from './user-error.js';

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly urls?: readonly string[];
  readonly platform?: { readonly os?: string; readonly architecture?: string; readonly variant?: string };
  readonly annotations?: Readonly<Record<string, string>>;
  readonly artifactType?: string;
}

interface ManifestJson {
  readonly mediaType?: string;
  readonly schemaVersion?: number;
  readonly manifests?: readonly Descriptor[];
  readonly config?: Descriptor;
  readonly layers?: readonly Descriptor[];
  readonly blobs?: readonly Descriptor[];
  readonly subject?: Descriptor;
}

export interface ParsedManifest {
  /** Child manifests, for an index. */
  readonly children: readonly Descriptor[];
  /** Config and layers (and artifact blobs), for an image manifest. */
  readonly blobs: readonly Descriptor[];
  readonly subject?: Descriptor;
}

export class ManifestError extends UserError {
  constructor(message: string) {
    super(message, 'Source image');
    this.name = 'ManifestError';
  }
}

/** Layers that must not be pushed anywhere (Windows base layers): registries refuse or ignore them. */
function isForeign(descriptor: Descriptor): boolean {
  return (descriptor.urls?.length ?? 0) > 0 && /foreign|nondistributable/.test(descriptor.mediaType);
}

/** Manifests already parsed, by their bytes: the root is read by the log, the platform check and the copy. */
const parsedByBytes = new WeakMap<Buffer, { readonly mediaType: string; readonly parsed: ParsedManifest }>();

export function parseManifest(bytes: Buffer, mediaType: string, where: string): ParsedManifest {
  const known = parsedByBytes.get(bytes);
  if (known?.mediaType === mediaType) return known.parsed;
  const parsed = parseManifestJson(bytes, mediaType, where);
  parsedByBytes.set(bytes, { mediaType, parsed });
  return parsed;
}

function parseManifestJson(bytes: Buffer, mediaType: string, where: string): ParsedManifest {
  let json: ManifestJson;
  try {
    json = JSON.parse(bytes.toString('utf8')) as ManifestJson;
  } catch {
    throw new ManifestError(`${where}: the manifest is not valid JSON`);
  }
  if (json.schemaVersion === 1) {
    throw new ManifestError(
      `${where}: Docker schema 1 manifests are deprecated and not supported; rebuild or re-push the image`,
    );
  }
  const subject = json.subject;
  if (isIndex(mediaType) || json.manifests) {
    return { children: json.manifests ?? [], blobs: [], ...(subject && { subject }) };
  }
  if (!json.config) throw new ManifestError(`${where}: the manifest (${mediaType || 'no media type'}) has no config`);
  const blobs = [json.config, ...(json.layers ?? []), ...(json.blobs ?? [])].filter((d) => !isForeign(d));
  return { children: [], blobs, ...(subject && { subject }) };
}

export function describePlatform(descriptor: Descriptor): string {
  const p = descriptor.platform;
  if (!p) return descriptor.digest.slice(0, 19);
  if (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return 'attestation';
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}
