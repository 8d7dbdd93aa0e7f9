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
import { Readable } from 'node:stream';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';

export const GZIP_LEVEL = 1;
export const GZIP_BLOCK = 1024 * 1024;
const WINDOW = 32 * 1024;
/**
 * Blocks being compressed at once per layer: two keep two cores busy on one layer, and with two
 * layers at a time libuv's four threads; more only holds more memory.
 */
const IN_FLIGHT = 2;
/** Magic, deflate, no flags, no mtime, XFL 4 ("fastest"), OS 255 ("unknown"): the same on every machine. */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xff]);
const EMPTY = Buffer.alloc(0);

function deflateBlock(data: Buffer, dictionary: Buffer | undefined, last: boolean): Promise<Buffer> {
  const options: ZlibOptions = {
    level: GZIP_LEVEL,
    finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
    ...(dictionary && dictionary.length > 0 && { dictionary }),
  };
  return new Promise((resolve, reject) =>
    deflateRaw(data, options, (error, out) => (error ? reject(error) : resolve(out))),
  );
}

async function* gzipChunks(raw: AsyncIterable<Buffer>, onRead?: (count: number) => void): AsyncGenerator<Buffer> {
  yield HEADER;
  let crc = 0;
  let total = 0;
  let window: Buffer | undefined;
  const pending: Promise<Buffer>[] = [];
  const submit = (block: Buffer, last: boolean): void => {
    crc = crc32(block, crc);
    total += block.length;
    const compressed = deflateBlock(block, window, last);
    compressed.catch(() => {}); // awaited in order below; this only keeps a later block's failure from being unhandled
    pending.push(compressed);
    window =
      block.length >= WINDOW
        ? block.subarray(block.length - WINDOW)
        : Buffer.concat([window ?? EMPTY, block]).subarray(-WINDOW);
  };
  // A full block goes only once a byte past it has arrived: the last block must be the one that
  // finishes. Read in chunks of exactly a block (layerStream does), no block is copied.
  let full: Buffer | undefined;
  let held: Buffer[] = [];
  let heldLength = 0;
  for await (const chunk of raw) {
    onRead?.(chunk.length);
    if (chunk.length === 0) continue;
    if (full) {
      submit(full, false);
      full = undefined;
      while (pending.length >= IN_FLIGHT) yield await pending.shift()!;
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
      submit(all.subarray(0, GZIP_BLOCK), false);
      held = [all.subarray(GZIP_BLOCK)];
      heldLength -= GZIP_BLOCK;
      while (pending.length >= IN_FLIGHT) yield await pending.shift()!;
    }
  }
  // (A full block is only ever held with nothing after it.)
  submit(full ?? (held.length === 1 ? held[0]! : Buffer.concat(held, heldLength)), true);
  while (pending.length > 0) yield await pending.shift()!;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(total % 2 ** 32, 4);
  yield trailer;
}

/** The gzip of `raw`, as a stream; fails with `raw`'s error. `onRead` is told each chunk of `raw` read. */
export function gzipLayer(raw: Readable, onRead?: (count: number) => void): Readable {
  return Readable.from(gzipChunks(raw, onRead), { objectMode: false, highWaterMark: 1024 * 1024 });
}
