/**
 * Keeps a copy's memory flat in the image size. Blob chunks are Buffers held outside V8's heap;
 * V8 frees one only when a collection finds its small JavaScript wrapper dead, and it schedules
 * collections by heap growth, which streaming barely causes. Left alone, a copy carries up to
 * V8's external-memory soft limit (64 MB) of dead chunks. A minor collection (≈0.1 ms) every few
 * megabytes moved returns them at once, and a full one every 64 MB those that lived longer.
 */

type Collect = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

const RECLAIM_EVERY_BYTES = 4 * 1024 * 1024;
/**
 * Every this many reclaims, a full collection: chunks that outlive a minor one (held across one
 * by a slow reader) are old by then, and only a full one frees them. The heap is small, so it
 * costs a few milliseconds.
 */
const FULL_EVERY_RECLAIMS = 16;
/**
 * The chunks a zlib stream writes outlive minor collections, dead or not: only a full one frees
 * them (measured on Node 24; a docker-archive push piled up 20–40 MB of them between V8's own
 * full collections). A full one every few megabytes of them keeps that flat.
 */
const FULL_EVERY_ZLIB_BYTES = 8 * 1024 * 1024;
let collect: Collect | null | undefined;
let sinceLastReclaim = 0;
let reclaims = 0;
let zlibSinceFull = 0;

function collector(): Collect | null {
  if (collect === undefined) {
    try {
      // Loaded on the first reclaim, not at start-up: a run that moves no blob never needs them.
      const v8 = process.getBuiltinModule('node:v8');
      const vm = process.getBuiltinModule('node:vm');
      // `gc` is only exposed to code compiled after the flag is set: a fresh vm context is.
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as Collect;
    } catch {
      collect = null; // not available on this runtime: memory is then bounded by V8's own limits
    }
  }
  return collect;
}

/** Counts bytes that passed through a stream; frees dead chunks every few megabytes. */
export function noteBytesMoved(count: number): void {
  sinceLastReclaim += count;
  if (sinceLastReclaim < RECLAIM_EVERY_BYTES) return;
  sinceLastReclaim = 0;
  const full = ++reclaims % FULL_EVERY_RECLAIMS === 0;
  if (full) zlibSinceFull = 0;
  collector()?.({ type: full ? 'major' : 'minor' });
}

/** Counts bytes a zlib stream wrote; frees the dead ones (and their streams) every few megabytes. */
export function noteZlibOutput(count: number): void {
  zlibSinceFull += count;
  if (zlibSinceFull < FULL_EVERY_ZLIB_BYTES) return;
  zlibSinceFull = 0;
  collector()?.({ type: 'major' });
}
