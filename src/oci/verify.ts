/** Checks a blob's size and sha256 while it streams, without buffering it. */
import { createHash } from 'node:crypto';

export class DigestMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DigestMismatchError';
  }
}

/**
 * A pass-through stream that errors (so the upload carrying it aborts) when the bytes exceed the
 * expected size, or end with the wrong size or digest.
 */
export function verifyingStream(
  digest: string,
  size: number,
  where: string,
): {
  readonly stream: TransformStream<Uint8Array, Uint8Array>;
  readonly failure: () => DigestMismatchError | undefined;
} {
  const [algorithm] = digest.split(':');
  const hash = createHash(algorithm === 'sha512' ? 'sha512' : 'sha256');
  let seen = 0;
  let failure: DigestMismatchError | undefined;
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > size) {
        failure = new DigestMismatchError(
          `blob ${digest} from ${where} is larger than the ${size} bytes its manifest declares`,
        );
        controller.error(failure);
        return;
      }
      hash.update(chunk);
      controller.enqueue(chunk);
    },
    flush(controller) {
      if (seen !== size) {
        failure = new DigestMismatchError(`blob ${digest} from ${where} ended after ${seen} of ${size} bytes`);
      } else {
        const computed = `${algorithm}:${hash.digest('hex')}`;
        if (computed !== digest)
          failure = new DigestMismatchError(
            `blob ${digest} from ${where} is corrupt: its content hashes to ${computed}`,
          );
      }
      if (failure) controller.error(failure);
    },
  });
  return { stream, failure: () => failure };
}
