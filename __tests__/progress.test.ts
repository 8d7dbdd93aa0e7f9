import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatBytes, newStats, progressLine, startProgress } from '../src/oci/progress.js';

afterEach(() => vi.useRealTimers());

describe('progress', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    // A rate is a fraction: it prints rounded, never as 341.3333333333333 B.
    expect(formatBytes(1024 / 3)).toBe('341 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300.0 MiB');
  });

  it('prints a line every interval with bytes, total, rate and blob counts; none for a short copy', () => {
    vi.useFakeTimers();
    let now = 0;
    const stats = newStats();
    stats.bytesTotal = 100 * 1024 * 1024;
    const lines: string[] = [];
    const stop = startProgress(
      stats,
      (line) => lines.push(line),
      5000,
      () => now,
    );
    now = 4000;
    vi.advanceTimersByTime(4000);
    expect(lines).toEqual([]);
    stats.bytesDone = 50 * 1024 * 1024;
    stats.uploaded = 2;
    stats.mounted = 1;
    stats.skipped = 3;
    now = 5000;
    vi.advanceTimersByTime(1000);
    expect(lines).toEqual(['50.0 MiB of 100.0 MiB at 10.0 MiB/s; blobs: 2 uploaded, 1 mounted, 3 already there']);
    stop();
    vi.advanceTimersByTime(20_000);
    expect(lines).toHaveLength(1);
    expect(progressLine(newStats(), 0)).toBe('0 B of 0 B at 0 B/s; blobs: 0 uploaded, 0 mounted, 0 already there');
  });
});
