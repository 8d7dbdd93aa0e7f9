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
  /** Closes anything opened; safe to call twice. */
  close(): Promise<void>;
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
