/**
 * The gzip a `docker save` layer is pushed as. One fixed recipe, so the same layer always gives
 * the same bytes (and so the same digest) with the same action version:
 *   - zlib level 1 through Node's zlib, raw deflate, in blocks of exactly 1 MiB of input (block
 *     boundaries do not depend on how the file happens to be read);
 *   - each block primed with the previous 32 KiB of input (so matches reach back across blocks as
 *     in one stream) and ended with a sync flush, the last with the final block;
 *   - a fixed gzip header (no name, no time) and the CRC-32 and length trailer.
 * Blocks are compressed on libuv's thread pool a few at a time, so one large layer keeps every
 * core busy (as pigz does), and the output is one ordinary gzip member any gunzip reads.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { constants, crc32, createDeflateRaw, type ZlibOptions } from 'node:zlib';
import { noteZlibOutput } from '../memory.js';
import { SourceError } from './source.js';

export const GZIP_LEVEL = 1;
export const GZIP_BLOCK = 1024 * 1024;
const WINDOW = 32 * 1024;
/**
 * Blocks being compressed at once per layer: two keep two cores busy on one layer, and with two
 * layers at a time libuv's four threads; more only holds more memory.
 */
const IN_FLIGHT = 2;
/** Block buffers a layer read from a file holds: those being compressed and one read ahead. */
const READ_BUFFERS = IN_FLIGHT + 1;
/** Magic, deflate, no flags, no mtime, XFL 4 ("fastest"), OS 255 ("unknown"): the same on every machine. */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xff]);

/**
 * One block's deflate, as the chunks zlib writes (the same calls as zlib.deflateRaw(), which would
 * only copy them together into one more buffer).
 */
function deflateBlock(data: Buffer, dictionary: Buffer | undefined, last: boolean): Promise<Buffer[]> {
  const options: ZlibOptions = {
    level: GZIP_LEVEL,
    finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
    ...(dictionary && dictionary.length > 0 && { dictionary }),
  };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    createDeflateRaw(options)
      .on('data', (chunk: Buffer) => chunks.push(chunk))
      .on('error', reject)
      .on('end', () => {
        noteZlibOutput(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
        resolve(chunks);
      })
      .end(data);
  });
}

/** One block of input: exactly GZIP_BLOCK bytes, but the last; `release` is called once it is compressed. */
interface Block {
  readonly data: Buffer;
  readonly last: boolean;
  readonly release?: () => void;
}

async function* gzipChunks(blocks: AsyncIterable<Block>): AsyncGenerator<Buffer> {
  yield HEADER;
  let crc = 0;
  let total = 0;
  // The last WINDOW bytes of input, primed into the next block. zlib copies a dictionary when the
  // block's stream is made, so one buffer serves the whole layer.
  const window = Buffer.allocUnsafe(WINDOW);
  let windowLength = 0;
  const pending: Promise<Buffer[]>[] = [];
  for await (const { data, last, release } of blocks) {
    crc = crc32(data, crc);
    total += data.length;
    let compressed = deflateBlock(data, window.subarray(0, windowLength), last);
    if (release) compressed = compressed.finally(release);
    compressed.catch(() => {}); // awaited in order below; this only keeps a later block's failure from being unhandled
    pending.push(compressed);
    if (data.length >= WINDOW) {
      data.copy(window, 0, data.length - WINDOW);
      windowLength = WINDOW;
    } else {
      const kept = Math.min(windowLength, WINDOW - data.length);
      window.copy(window, 0, windowLength - kept, windowLength);
      data.copy(window, kept);
      windowLength = kept + data.length;
    }
    while (pending.length >= IN_FLIGHT) yield* await pending.shift()!;
  }
  while (pending.length > 0) yield* await pending.shift()!;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(total % 2 ** 32, 4);
  yield trailer;
}

/**
 * Cuts a stream into blocks. A full block goes only once a byte past it has arrived: the last
 * block must be the one that finishes. Read in chunks of exactly a block, no block is copied.
 */
async function* blocksOf(raw: AsyncIterable<Buffer>, onRead?: (count: number) => void): AsyncGenerator<Block> {
  let full: Buffer | undefined;
  let held: Buffer[] = [];
  let heldLength = 0;
  for await (const chunk of raw) {
    onRead?.(chunk.length);
    if (chunk.length === 0) continue;
    if (full) {
      yield { data: full, last: false };
      full = undefined;
    }
    if (heldLength === 0 && chunk.length === GZIP_BLOCK) {
      full = chunk;
      continue;
    }
    held.push(chunk);
    heldLength += chunk.length;
    while (heldLength >= GZIP_BLOCK) {
      const all = held.length === 1 ? held[0]! : Buffer.concat(held, heldLength);
      if (heldLength === GZIP_BLOCK) {
        full = all;
        held = [];
        heldLength = 0;
        break;
      }
      yield { data: all.subarray(0, GZIP_BLOCK), last: false };
      held = [all.subarray(GZIP_BLOCK)];
      heldLength -= GZIP_BLOCK;
    }
  }
  // (A full block is only ever held with nothing after it.)
  yield { data: full ?? (held.length === 1 ? held[0]! : Buffer.concat(held, heldLength)), last: true };
}

/** A stretch of an open file: a layer inside a tarball. */
export interface FileRange {
  readonly file: Pick<FileHandle, 'read'>;
  readonly start: number;
  readonly length: number;
  /** How errors name the file and the stretch: `docker-archive:app.tar`, `layer l1/layer.tar`. */
  readonly name: string;
  readonly what: string;
}

/**
 * Reads `length` bytes of `file` from `start` a block at a time, into a few buffers reused for the
 * whole range: the blocks being compressed and one read ahead. (A read stream would allocate a
 * fresh buffer per block, and the dead ones pile up until V8 collects them.)
 */
async function* fileBlocks(range: FileRange, onRead?: (count: number) => void): AsyncGenerator<Block> {
  const { file, start, length } = range;
  const count = Math.max(1, Math.ceil(length / GZIP_BLOCK));
  const free: Buffer[] = [];
  let allocated = 0;
  let wake: (() => void) | undefined;
  const release = (buffer: Buffer): void => {
    free.push(buffer);
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const read = async (index: number): Promise<Block> => {
    let buffer = free.pop();
    while (!buffer) {
      if (allocated < READ_BUFFERS) {
        allocated++;
        buffer = Buffer.allocUnsafeSlow(GZIP_BLOCK);
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        buffer = free.pop();
      }
    }
    const size = Math.min(GZIP_BLOCK, length - index * GZIP_BLOCK);
    for (let done = 0; done < size;) {
      const { bytesRead } = await file.read(buffer, done, size - done, start + index * GZIP_BLOCK + done);
      if (bytesRead === 0)
        throw new SourceError(
          `${range.name}: the file ends inside ${range.what} (at byte ${start + index * GZIP_BLOCK + done}); was it changed while being read?`,
        );
      done += bytesRead;
    }
    const owned = buffer;
    return { data: buffer.subarray(0, size), last: index === count - 1, release: () => release(owned) };
  };
  let next = read(0);
  for (let index = 0; index < count; index++) {
    const block = await next;
    if (index + 1 < count) {
      next = read(index + 1); // read ahead while this one is compressed
      next.catch(() => {}); // awaited on the next turn; this only keeps a failure after an abort from being unhandled
    }
    onRead?.(block.data.length);
    yield block;
  }
}

/** Compressed output buffered ahead of the reader, per layer. */
const OUTPUT_BUFFERED = 1024 * 1024;

/** The gzip of `raw`, as a stream; fails with `raw`'s error. `onRead` is told each chunk of `raw` read. */
export function gzipLayer(raw: Readable, onRead?: (count: number) => void): Readable {
  return Readable.from(gzipChunks(blocksOf(raw, onRead)), { objectMode: false, highWaterMark: OUTPUT_BUFFERED });
}

/**
 * The gzip of a stretch of a file (a layer inside a tarball): the same bytes as gzipLayer() of
 * them, read into a few reused block buffers. `onRead` is told each block read.
 */
export function gzipFileRange(range: FileRange, onRead?: (count: number) => void): Readable {
  return Readable.from(gzipChunks(fileBlocks(range, onRead)), { objectMode: false, highWaterMark: OUTPUT_BUFFERED });
}
