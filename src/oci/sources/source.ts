/**
 * What every image source answers (the root manifest, any manifest or blob by digest, the tag to
 * use when none is given), and the error a source fails with. The sources themselves import this,
 * never each other's modules.
 */
import type { Readable } from 'node:stream';
import type { Manifest } from '../client.js';
import type { Descriptor } from '../manifest.js';
import { UserError } from '../user-error.js';

export interface BlobStream {
  readonly size: number;
  readonly stream: Readable;
}

export interface ImageSource {
  /** How the report names this source. */
  readonly description: string;
  /** The tag used for the destination when the `tags` input is empty. */
  readonly defaultTag: string | undefined;
  /** When the source is a registry repository: lets a copy to the same registry mount blobs. */
  readonly location?: { readonly registry: string; readonly repository: string };
  /** The manifest or index the source names. */
  root(): Promise<Manifest>;
  manifest(digest: string): Promise<Manifest>;
  blob(digest: string, size: number): Promise<BlobStream>;
  /**
   * Artifacts that belong with these manifests: OCI referrers (signatures, SBOMs, attestations
   * whose subject is one of them) and cosign's `sha256-<hex>.sig/.att/.sbom` tags. Only sources
   * that can hold them implement it.
   */
  related?(digests: readonly string[]): Promise<RelatedArtifacts>;
  /**
   * Sources whose blobs are made as they are read (a `docker save` tarball, its layers compressed
   * on the way) offer them this way, so each layer is made once, while it uploads: the digests,
   * and so the manifest, are known only after. Undefined when the source has nothing to gain.
   */
  streamable?(): Promise<StreamableImage | undefined>;
  /** Closes anything opened; safe to call twice. */
  close(): Promise<void>;
}

/** One blob a streamable source makes as it is read. */
export interface StreamableBlob {
  /** For the log: `layer 1a2b…/layer.tar (12.0 MiB)`. */
  readonly description: string;
  readonly mediaType: string;
  /** The bytes read to make it (progress counts these). */
  readonly sourceSize: number;
  /** Its bytes, from the start; the same bytes every time. `onRead` is told the source bytes read. */
  open(onRead?: (count: number) => void): Readable;
  /** Makes it without sending it, to learn its digest and size (for a registry that takes only sized uploads). */
  measure(): Promise<{ readonly digest: string; readonly size: number }>;
}

export interface StreamableImage {
  /** The config blob: small, known up front. */
  readonly config: { readonly digest: string; readonly size: number; readonly mediaType: string };
  /** The distinct layers, in the order of their first use. */
  readonly layers: readonly StreamableBlob[];
  /**
   * Called with each layer's digest and size (in the order of `layers`), once known: the image's
   * manifest. From then on the source serves `root()`, `manifest()` and `blob()` without making
   * any layer again.
   */
  complete(layers: readonly { readonly digest: string; readonly size: number }[]): Manifest;
}

export interface RelatedArtifacts {
  /** Manifests whose `subject` is one of the digests. */
  readonly referrers: readonly Descriptor[];
  /** Tags to copy along: cosign's signature tags and the referrers tag-schema indexes (`sha256-<hex>`). */
  readonly tags: readonly { readonly tag: string; readonly manifest: Manifest }[];
}

export class SourceError extends UserError {
  constructor(message: string) {
    super(message, 'Source image');
    this.name = 'SourceError';
  }
}
