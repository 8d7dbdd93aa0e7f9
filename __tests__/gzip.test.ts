/**
 * The gzip a docker save layer is pushed as: one fixed recipe, so the same layer gives the same
 * bytes (and digest) whatever the machine, however the file is read, and however busy the thread
 * pool is. The pinned digest below fails if the compressor's output ever changes (a new Node with
 * another zlib): that would change the digests of every docker-archive push, and must be a
 * deliberate, noted change of the action.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GZIP_BLOCK, gzipLayer } from '../src/oci/sources/gzip.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** 3.5 MiB that compress like a real layer: text with repeats, and stretches of pseudo-random bytes. */
function layerLike(): Buffer {
  const parts: Buffer[] = [];
  let seed = Buffer.from('portable-deploy');
  for (let i = 0; parts.reduce((n, p) => n + p.length, 0) < 3.5 * 1024 * 1024; i++) {
    seed = createHash('sha256').update(seed).digest();
    parts.push(
      i % 3 === 0
        ? Buffer.concat(Array.from({ length: 64 }, () => seed)) // 2 KiB of noise
        : Buffer.from(
            `export function handler${i}(event) { return { status: ${i % 7}, body: JSON.stringify(event) }; }\n`,
          ),
    );
  }
  return Buffer.concat(parts).subarray(0, 3.5 * 1024 * 1024);
}

async function gzipOf(chunks: readonly Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of gzipLayer(Readable.from(chunks))) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

function split(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
  return chunks;
}

describe('gzipLayer', () => {
  const input = layerLike();

  it('gives the pinned bytes for a known layer', async () => {
    const gz = await gzipOf([input]);
    expect(sha256(gz)).toBe('44073276d71cd8318bcbb5b3ff128ba625f28649112a646d630946e2d2cb2ac6');
  });

  it('gives the same bytes however the input arrives', async () => {
    const whole = await gzipOf([input]);
    for (const size of [4096, 64 * 1024 + 3, GZIP_BLOCK, GZIP_BLOCK + 1, 3 * GZIP_BLOCK])
      expect((await gzipOf(split(input, size))).equals(whole)).toBe(true);
  });

  it('is an ordinary gzip member of the input, with a fixed header', async () => {
    const gz = await gzipOf(split(input, 100_000));
    expect(gunzipSync(gz).equals(input)).toBe(true);
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 0xff]);
    expect(gunzipSync(await gzipOf([])).length).toBe(0);
    const exact = input.subarray(0, 2 * GZIP_BLOCK);
    expect(gunzipSync(await gzipOf([exact])).equals(exact)).toBe(true);
  });

  it('fails with the error of the input', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk read failed'));
      },
    });
    const read = async () => {
      for await (const chunk of gzipLayer(failing)) void chunk;
    };
    await expect(read()).rejects.toThrow('disk read failed');
  });
});
