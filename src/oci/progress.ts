/** Copy counters, and a periodic log line while a long copy runs. */
import type { Log } from './log.js';

export interface CopyStats {
  bytesTotal: number;
  bytesDone: number;
  uploaded: number;
  mounted: number;
  skipped: number;
}

export function newStats(): CopyStats {
  return { bytesTotal: 0, bytesDone: 0, uploaded: 0, mounted: 0, skipped: 0 };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function progressLine(stats: CopyStats, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (stats.bytesDone / elapsedMs) * 1000 : 0;
  return (
    `${formatBytes(stats.bytesDone)} of ${formatBytes(stats.bytesTotal)} at ${formatBytes(rate)}/s; ` +
    `blobs: ${stats.uploaded} uploaded, ${stats.mounted} mounted, ${stats.skipped} already there`
  );
}

/**
 * Logs a progress line every `intervalMs` until stopped; a copy that ends sooner prints none.
 * The timer is unref'd so it never keeps the process alive.
 */
export function startProgress(stats: CopyStats, log: Log, intervalMs = 5_000, now = Date.now): () => void {
  const started = now();
  const timer = setInterval(() => log(progressLine(stats, now() - started)), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
