/**
 * The distribution spec's side of the fake registry: its grammar (names, tags, digests), its error
 * answers, the shapes of manifests it reads, and which kind of request a path is.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestKind } from './fake-registry-quirks.js';

export interface Descriptor {
  readonly mediaType?: string;
  readonly digest: string;
  readonly size?: number;
  readonly artifactType?: string;
  readonly annotations?: Record<string, string>;
}

export interface ParsedManifest {
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly config?: Descriptor;
  readonly layers?: Descriptor[];
  readonly manifests?: Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Record<string, string>;
}

/** An answer other than success: status, the spec's error code, and headers to send with it. */
export class RegistryProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

// The spec's grammar for repository names, tags and (for the algorithms we hash) digests.
export const NAME = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
export const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
export const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/** The spec asks registries to take manifests of at least 4 MB; larger ones get 413. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** Not a registry error code: the answer for a path the registry does not serve. */
export const PAGE_NOT_FOUND = 'PAGE_NOT_FOUND';
export const INDEX_TYPE = 'application/vnd.oci.image.index.v1+json';

export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export function checkDigest(digest: string | null | undefined): string {
  if (!digest || !DIGEST.test(digest))
    throw new RegistryProblem(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', {
      Digest: digest ?? '',
    });
  return digest;
}

export const notFound = (code: string, message: string, detail?: unknown) =>
  new RegistryProblem(404, code, message, detail);

export function kindOf(path: string): RequestKind | 'unknown' {
  if (path === '/v2/' || path === '/v2') return 'ping';
  if (path === '/token') return 'token';
  if (/\/blobs\/uploads\//.test(path)) return 'upload';
  if (/\/manifests\/[^/]+$/.test(path)) return 'manifest';
  if (/\/blobs\/[^/]+$/.test(path)) return 'blob';
  if (/\/tags\/list$/.test(path)) return 'tags';
  if (/\/referrers\/[^/]+$/.test(path)) return 'referrers';
  return 'unknown';
}

/** Reads a whole request body (registries here keep blobs in memory); over `limit` is a 413. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new RegistryProblem(413, 'SIZE_INVALID', `body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
