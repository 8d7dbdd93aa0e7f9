/**
 * Gets a blob into a repository, moving no byte that need not move: mounted from a repository of
 * the same registry, left alone when already there, or streamed from its source and verified on
 * the way. A whole-blob PUT comes first; after a 413 the blob goes in PATCH chunks (where the
 * registry takes them), smaller each time it refuses. A failed upload restarts in a new session.
 */
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Descriptor } from './manifest.js';
import { noteBytesMoved } from './memory.js';
import type { AdaptivePool } from './pool.js';
import { CREDENTIALS_RENEWED, RegistryError } from './registry-error.js';
import { isTransient } from './transient.js';
import type { UploadRequests } from './upload-requests.js';
import { createHash, DigestMismatchError, VerifyingStream } from './verify.js';
import type { Log } from './log.js';

const UPLOAD_ATTEMPTS = 3;
/** Chunk size after a registry refuses a whole blob in one request (unless it asks for more). */
const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
const MIN_CHUNK_SIZE = 1024 * 1024;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The chunk size to try after the registry answered 413 to `current` (undefined: the whole blob in
 * one PUT): 16 MiB or the registry's announced minimum if larger, then half of the last size while
 * that stays at or above 1 MiB and the minimum. Undefined when no smaller chunk may be tried.
 */
export function chunkSizeAfter413(current: number | undefined, registryMinimum: number): number | undefined {
  if (current === undefined) return Math.max(registryMinimum, DEFAULT_CHUNK_SIZE);
  return current / 2 >= Math.max(registryMinimum, MIN_CHUNK_SIZE) ? current / 2 : undefined;
}

/** Where a blob's bytes come from (an image source). */
export interface BlobOrigin {
  /** How errors name the source. */
  readonly description: string;
  blob(digest: string, size: number): Promise<{ readonly stream: Readable }>;
}

/** One blob to get into one repository. */
export interface BlobMove {
  readonly repository: string;
  readonly origin: BlobOrigin;
  /** A repository of the same registry that has the blob: mount it from there instead of uploading. */
  readonly mountFrom?: string;
  /** Told the bytes as they stream; negative when a failed try takes its bytes back. */
  readonly onBytes?: (count: number) => void;
  /** Told every restarted upload, one line each. */
  readonly log?: Log;
}

/**
 * A blob made while it uploads (a layer compressed on the way): its digest and size are known
 * only once its last byte is sent.
 */
export interface StreamedBlob {
  readonly repository: string;
  /** What the blob is, for the log: `layer blobs/ab…/layer.tar`. */
  readonly description: string;
  /** Opens the blob's bytes from the start; every call must give the same bytes (a restart resends them). */
  open(): Readable;
  /** Told the bytes as they stream; negative when a failed try takes its bytes back. */
  readonly onBytes?: (count: number) => void;
  readonly log?: Log;
}

/** What a streamed upload sent: the blob's digest and size. */
export interface StreamedResult {
  readonly digest: string;
  readonly size: number;
}

/**
 * Answers by which a registry refuses a streamed upload itself (not the credentials or the
 * repository): a body without a length (411), too large in one request (413), PATCH not offered
 * (405, 501), or a range or request it does not take (400, 415, 416). The blob then goes sized.
 */
const STREAM_REFUSED: ReadonlySet<number> = new Set([400, 405, 411, 413, 415, 416, 501]);

/** sha256 and length of what passes, told to `onBytes` as it goes. */
class Digesting extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;
  constructor(private readonly onBytes: (count: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    this.onBytes(chunk.length);
    callback(null, chunk);
  }
  digest(): string {
    return `sha256:${this.hash.digest('hex')}`;
  }
}

/**
 * Waits for an upload session and the blob's source stream together. When either fails, the other
 * is let go: a stream that opened is destroyed, so its connection is not left half-read.
 */
async function openBoth(
  session: string | Promise<string>,
  blob: Promise<{ readonly stream: Readable }>,
): Promise<{ uploadUrl: string; stream: Readable }> {
  const [url, source] = await Promise.allSettled([session, blob]);
  if (url.status === 'fulfilled' && source.status === 'fulfilled')
    return { uploadUrl: url.value, stream: source.value.stream };
  if (source.status === 'fulfilled') source.value.stream.destroy();
  throw url.status === 'rejected' ? url.reason : (source as PromiseRejectedResult).reason;
}

/** How the blob got there: mounted, already present (nothing moved), or uploaded. */
export type BlobOutcome = 'mounted' | 'present' | 'uploaded';

/** What the uploads need of the registry besides the upload requests. */
export interface BlobLookup {
  readonly registry: string;
  /** The blob's size in the repository, or undefined when the repository does not have it. */
  headBlob(repository: string, digest: string): Promise<number | undefined>;
}

/** The blob uploads to one registry, within its transfer pool. */
export class BlobUploads {
  constructor(
    private readonly lookup: BlobLookup,
    private readonly requests: UploadRequests,
    private readonly pool: AdaptivePool,
    /** Whether a blob refused in one PUT (413) may go in PATCH chunks; false where the registry mishandles them (ECR). */
    private readonly chunked: boolean,
  ) {}

  /**
   * Gets `blob` into `move.repository`. A mount or an existence check moves no bytes, so every
   * blob asks at once; only uploads wait for a slot in the registry's transfer pool.
   */
  async ensure(blob: Descriptor, move: BlobMove): Promise<BlobOutcome> {
    let uploadUrl: string | undefined;
    if (move.mountFrom !== undefined) {
      const mount = await this.requests.mount(move.repository, blob.digest, move.mountFrom);
      if (mount.mounted) return 'mounted';
      uploadUrl = mount.uploadUrl;
    } else if ((await this.lookup.headBlob(move.repository, blob.digest)) !== undefined) {
      return 'present';
    }
    return this.pool.run(async () => {
      await this.upload(blob, move, uploadUrl);
      return 'uploaded' as const;
    });
  }

  /**
   * Uploads a blob whose digest is learnt as it streams: one session, one streamed PATCH, closed
   * with the digest computed on the way. Restarts (re-opening the blob) on transient failures.
   * Undefined when the registry refuses uploads of unknown length: the caller then sends it sized.
   */
  stream(blob: StreamedBlob): Promise<StreamedResult | undefined> {
    return this.pool.run(async () => {
      const { registry } = this.lookup;
      for (let attempt = 1; ; attempt++) {
        let sent = 0;
        const digesting = new Digesting((count) => {
          sent += count;
          blob.onBytes?.(count);
          noteBytesMoved(count);
        });
        try {
          const uploadUrl = await this.requests.start(blob.repository);
          const body = pipeline(blob.open(), digesting, () => {});
          const next = await this.requests.patchStream(blob.repository, uploadUrl, body);
          const result = { digest: digesting.digest(), size: digesting.size };
          await this.requests.close(blob.repository, next, result.digest);
          return result;
        } catch (error) {
          blob.onBytes?.(-sent);
          if (error instanceof RegistryError && error.status !== undefined && STREAM_REFUSED.has(error.status)) {
            blob.log?.(
              `${registry} refused ${blob.description} sent as a stream (${errorMessage(error)}); sending it with its size instead`,
            );
            return undefined;
          }
          const retryable =
            isTransient(error) ||
            (error instanceof RegistryError && (error.status === undefined || error.code === CREDENTIALS_RENEWED));
          if (!retryable || attempt >= UPLOAD_ATTEMPTS) throw error;
          blob.log?.(
            `upload of ${blob.description} to ${registry}/${blob.repository} failed (${errorMessage(error)}); restarting it, try ${attempt + 1} of ${UPLOAD_ATTEMPTS}`,
          );
        }
      }
    });
  }

  /** Streams one blob from its origin into the repository, verifying it; restarts cleanly on transient failures. */
  private async upload(blob: Descriptor, move: BlobMove, openedUrl: string | undefined): Promise<void> {
    const { registry } = this.lookup;
    const { repository, origin } = move;
    let uploadUrl = openedUrl;
    /** Set once the registry has refused a monolithic PUT. */
    let chunkSize: number | undefined;
    for (let attempt = 1; ; attempt++) {
      let sent = 0;
      const verifier = new VerifyingStream(blob.digest, blob.size, origin.description, (count) => {
        sent += count;
        move.onBytes?.(count);
        noteBytesMoved(count);
      });
      try {
        // The session opens while the source starts answering (one round trip for both); the
        // source's bytes wait, held back by TCP, until the PUT takes them.
        const opened = await openBoth(
          uploadUrl ?? this.requests.start(repository),
          origin.blob(blob.digest, blob.size),
        );
        uploadUrl = opened.uploadUrl;
        const { stream } = opened;
        // pipeline() passes a source failure on to the verifier, and so to the upload, which aborts.
        const body = pipeline(stream, verifier, () => {});
        if (chunkSize === undefined) await this.requests.put(repository, uploadUrl, blob.digest, blob.size, body);
        else await this.requests.patch(repository, uploadUrl, blob.digest, blob.size, body, chunkSize);
        return;
      } catch (error) {
        move.onBytes?.(-sent);
        const mismatch = verifier.failure;
        if (mismatch) {
          throw new DigestMismatchError(`${mismatch.message}; the upload to ${registry}/${repository} was aborted`);
        }
        // A registry with a request size limit refuses one big PUT: send the blob in chunks instead,
        // halving them while the registry still finds them too large.
        const smaller =
          error instanceof RegistryError && error.status === 413
            ? chunkSizeAfter413(chunkSize, this.requests.chunkMinLength)
            : undefined;
        if (smaller !== undefined) {
          if (!this.chunked) {
            throw new RegistryError(
              `${errorMessage(error)}; ${registry} refused blob ${blob.digest} (${blob.size} bytes) in one request, and chunked uploads are not used with this registry`,
              registry,
              413,
            );
          }
          chunkSize = smaller;
          uploadUrl = undefined;
          attempt--;
          continue;
        }
        // Besides what is transient: a request that failed with no answer after the transport's own
        // retries, and credentials renewed mid-upload, restart the whole upload.
        const retryable =
          isTransient(error) ||
          (error instanceof RegistryError && (error.status === undefined || error.code === CREDENTIALS_RENEWED));
        if (!retryable || attempt >= UPLOAD_ATTEMPTS) throw error;
        move.log?.(
          `upload of blob ${blob.digest} to ${registry}/${repository} failed (${errorMessage(error)}); restarting it, try ${attempt + 1} of ${UPLOAD_ATTEMPTS}`,
        );
        uploadUrl = undefined; // a failed session is abandoned; the next attempt opens a fresh one
      }
    }
  }
}
