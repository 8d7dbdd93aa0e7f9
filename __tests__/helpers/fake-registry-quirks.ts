/**
 * What a test can switch on the fake registry (the habits of real registries), and what it sees of
 * the requests: one log entry per request.
 */

export type RequestKind = 'ping' | 'token' | 'manifest' | 'blob' | 'upload' | 'tags' | 'referrers';

export interface Throttle {
  readonly kind: RequestKind;
  /** Only requests with this method (any when absent). */
  readonly method?: string;
  /** How many of the matching requests, from the first, answer 429. */
  readonly first: number;
  /** Retry-After in seconds (fractions allowed; "0" by default, so tests do not wait). */
  readonly retryAfter?: string;
}

export interface Quirks {
  /** `POST ?mount=&from=` mounts (201) when the source repository has the blob; false: always a 202 session. */
  mount: boolean;
  /** PATCH is refused (405 UNSUPPORTED); uploads must be monolithic. */
  chunkedUploads: boolean;
  /** A request body larger than this (one PUT, POST or PATCH) is refused with 413, as a proxy's limit does. */
  maxRequestBytes: number;
  /** Sent as OCI-Chunk-Min-Length on upload sessions (0: not sent). */
  chunkMinLength: number;
  /** A PUT to a tag that exists fails with ECR's 400 TAG_INVALID (every tag, or those the function names). */
  immutableTags: boolean | ((repository: string, tag: string) => boolean);
  /** A manifest just written is unknown to the next N reads of it (GET, HEAD, an index naming it). */
  manifestVisibleAfterReads: number;
  /** 429 with Retry-After for the first N requests of a kind. */
  throttle: readonly Throttle[];
  /** The referrers API; false: 404 as registries without it answer. */
  referrersApi: boolean;
  /** tags/list returns at most this many per page (with a Link to the next), whatever `n` asks. */
  tagsPageLimit: number;
}

export const SPEC_QUIRKS: Quirks = {
  mount: true,
  chunkedUploads: true,
  maxRequestBytes: Number.POSITIVE_INFINITY,
  chunkMinLength: 0,
  immutableTags: false,
  manifestVisibleAfterReads: 0,
  throttle: [],
  referrersApi: true,
  tagsPageLimit: Number.POSITIVE_INFINITY,
};

export interface LoggedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly kind: RequestKind | 'unknown';
  readonly status: number;
  /** The first error code of an error answer (`BLOB_UNKNOWN`, `TAG_INVALID`, …). */
  readonly code?: string;
  /** performance.now() when the request arrived. */
  readonly at: number;
}
