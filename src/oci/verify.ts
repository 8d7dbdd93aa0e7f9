/** Checks a blob's size and sha256 while it streams, without buffering it. */
import type { Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { UserError } from './user-error.js';

/**
 * A hash, with node:crypto loaded at its first use rather than at start-up (about 7 ms; http.ts
 * loads it while the first request is out).
 */
export function createHash(algorithm: string): Hash {
  return process.getBuiltinModule('node:crypto').createHash(algorithm);
}

export class DigestMismatchError extends UserError {
  constructor(message: string) {
    super(message, 'Corrupt image data');
    this.name = 'DigestMismatchError';
  }
}

/**
 * A pass-through stream that fails (so the upload carrying it aborts) when the bytes exceed the
 * expected size, or end with the wrong size or digest. `onBytes` sees every chunk that passes.
 */
export class VerifyingStream extends Transform {
  /** Set when the content was wrong; the stream errors with it. */
  failure: DigestMismatchError | undefined;
  private readonly hash: Hash;
  private readonly algorithm: string;
  private seen = 0;

  constructor(
    private readonly digest: string,
    private readonly size: number,
    private readonly where: string,
    private readonly onBytes: (count: number) => void = () => {},
  ) {
    super();
    this.algorithm = digest.split(':')[0] ?? 'sha256';
    this.hash = createHash(this.algorithm === 'sha512' ? 'sha512' : 'sha256');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.size) {
      this.failure = new DigestMismatchError(
        `blob ${this.digest} from ${this.where} is larger than the ${this.size} bytes its manifest declares`,
      );
      return callback(this.failure);
    }
    this.hash.update(chunk);
    this.onBytes(chunk.length);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.seen !== this.size) {
      this.failure = new DigestMismatchError(
        `blob ${this.digest} from ${this.where} ended after ${this.seen} of ${this.size} bytes`,
      );
    } else {
      const computed = `${this.algorithm}:${this.hash.digest('hex')}`;
      if (computed !== this.digest) {
        this.failure = new DigestMismatchError(
          `blob ${this.digest} from ${this.where} is corrupt: its content hashes to ${computed}`,
        );
      }
    }
    callback(this.failure ?? null);
  }
}
