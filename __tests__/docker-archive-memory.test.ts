/**
 * A docker save layer compressed while it uploads holds a few blocks, not the layer: it reads into
 * a few reused block buffers, and a slow reader (a slow registry) holds the compression back
 * instead of letting it run ahead into memory. Counted in bytes and buffers, never in time or RSS
 * (the RSS goal itself is measured by `npm run bench`).
 */
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/oci/client.js';
import { DockerArchiveSource } from '../src/oci/sources/docker-archive.js';
import { GZIP_BLOCK, gzipFileRange, gzipLayer, type FileRange } from '../src/oci/sources/gzip.js';
import { tarOf } from './helpers/image.js';

const MiB = 1024 * 1024;

/** Incompressible bytes, so compressed and raw sizes are alike and "ahead" is measured in either. */
function noise(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes[0] = 0; // never the gzip magic: the layer is compressed, not sent as stored
  return bytes;
}

/** A file in memory that notes every buffer it is asked to read into. */
function fakeFile(content: Buffer): { file: Pick<FileHandle, 'read'>; buffers: Set<ArrayBufferLike> } {
  const buffers = new Set<ArrayBufferLike>();
  const read = async (buffer: Buffer, offset: number, length: number, position: number) => {
    buffers.add(buffer.buffer);
    const bytesRead = content.copy(buffer, offset, position, position + length);
    return { bytesRead, buffer };
  };
  return { file: { read } as unknown as Pick<FileHandle, 'read'>, buffers };
}

const rangeOf = (file: FileRange['file'], content: Buffer, start = 0, length = content.length): FileRange => ({
  file,
  start,
  length,
  name: 'app.tar',
  what: 'layer l0/layer.tar',
});

async function bytesOf(stream: Readable): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of stream) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

describe('a layer compressed from the file', () => {
  it('gives the bytes of the pinned recipe (gzipLayer, gzip.test.ts) for any stretch of the file', async () => {
    const text = Buffer.from('export const answer = 42; // a line that repeats\n'.repeat(40_000)); // ~2 MiB
    const file = Buffer.concat([noise(MiB), text, noise(100_000)]);
    const { file: handle } = fakeFile(file);
    for (const [start, length] of [
      [0, 0],
      [5, 1],
      [MiB, 32 * 1024 - 1],
      [MiB - 7, GZIP_BLOCK],
      [MiB, GZIP_BLOCK + 1],
      [1000, 2 * GZIP_BLOCK + 5],
      [0, file.length],
    ] as const) {
      const expected = await bytesOf(gzipLayer(Readable.from([file.subarray(start, start + length)])));
      expect((await bytesOf(gzipFileRange(rangeOf(handle, file, start, length)))).equals(expected)).toBe(true);
    }
  });

  it('fails naming the file when it ends inside the layer', async () => {
    const content = noise(2 * MiB);
    const { file } = fakeFile(content);
    await expect(bytesOf(gzipFileRange(rangeOf(file, content, 0, 3 * MiB)))).rejects.toThrow(
      'app.tar: the file ends inside layer l0/layer.tar (at byte 2097152); was it changed while being read?',
    );
  });

  const content = noise(8 * MiB + 12345);

  it('is read into at most three block buffers, however long the layer', async () => {
    const { file, buffers } = fakeFile(content);
    expect(gunzipSync(await bytesOf(gzipFileRange(rangeOf(file, content)))).equals(content)).toBe(true);
    expect(Math.ceil(content.length / GZIP_BLOCK)).toBe(9);
    expect(buffers.size).toBeLessThanOrEqual(3);
  });

  it('reads at most a few blocks ahead of a reader that stops', async () => {
    const { file } = fakeFile(content);
    let read = 0;
    let consumed = 0;
    let ahead: number | undefined;
    for await (const chunk of gzipFileRange(rangeOf(file, content), (count) => (read += count))) {
      consumed += (chunk as Buffer).length;
      if (ahead === undefined && consumed >= GZIP_BLOCK) {
        await untilStill(() => read);
        ahead = read - consumed;
      }
    }
    expect(consumed).toBeGreaterThan(content.length);
    // Blocks handed to the compressor and not yet taken by the reader: the ones compressing and
    // what the stream keeps for its reader (1 MiB), about 3 MiB; the whole layer if nothing held
    // it back.
    expect(ahead).toBeLessThanOrEqual(4 * GZIP_BLOCK);
  });
});

/**
 * Waits while `value()` still changes (the reader stopped: the producer fills what it may, then
 * stops if it is held back), at most five seconds. Only when to look depends on time: a machine
 * too busy to compress a block in a quarter of a second looks early, and keeps the bound easily.
 */
async function untilStill(value: () => number): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const before = value();
    await sleep(250);
    if (value() === before) return;
  }
}

/**
 * Just enough of the registry API for one streamed upload (session, PATCH, closing PUT) that stops
 * reading the PATCH body once, after its first megabyte, until `stalled()` returns.
 */
async function stallingRegistry(
  stalled: (received: number) => Promise<void>,
): Promise<{ addr: string; server: Server }> {
  const readWithStall = async (req: IncomingMessage): Promise<void> => {
    let received = 0;
    let stalledOnce = false;
    for await (const chunk of req) {
      received += (chunk as Buffer).length;
      if (!stalledOnce && received >= GZIP_BLOCK) {
        stalledOnce = true;
        await stalled(received); // reads nothing meanwhile: the socket fills, then the sender must wait
      }
    }
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://registry');
      if (req.method === 'POST' && url.pathname.endsWith('/blobs/uploads/')) {
        res.writeHead(202, { location: '/v2/app/blobs/uploads/session', 'content-length': '0' }).end();
      } else if (req.method === 'PATCH') {
        await readWithStall(req);
        res.writeHead(202, { location: '/v2/app/blobs/uploads/session', 'content-length': '0' }).end();
      } else if (req.method === 'PUT' && url.searchParams.has('digest')) {
        req.resume();
        res.writeHead(201, { 'content-length': '0' }).end();
      } else {
        req.resume();
        res.writeHead(req.url === '/v2/' ? 200 : 404, { 'content-length': '0' }).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { addr: `127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('a docker-archive layer streamed to a slow registry', () => {
  let work: string;
  let archive: string;
  const layer = noise(16 * MiB);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'pd-archive-memory-'));
    archive = join(work, 'app.tar');
    const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
    const manifest = Buffer.from(JSON.stringify([{ Config: 'config.json', Layers: ['l0/layer.tar'] }]));
    await writeFile(
      archive,
      Buffer.concat([
        tarOf('config.json', config).subarray(0, -1024),
        tarOf('l0/layer.tar', layer).subarray(0, -1024),
        tarOf('manifest.json', manifest),
      ]),
    );
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('is compressed no faster than the registry takes it', async () => {
    let read = 0;
    let ahead: number | undefined;
    const { addr, server } = await stallingRegistry(async (received) => {
      await untilStill(() => read);
      ahead = read - received;
    });
    const source = new DockerArchiveSource(archive, undefined);
    try {
      const image = (await source.streamable())!;
      expect(image.layers).toHaveLength(1);
      const client = new RegistryClient(addr, { credentials: async () => undefined });
      const result = await client.uploads.stream({
        repository: 'app',
        description: 'layer',
        open: () => image.layers[0]!.open((count) => (read += count)),
      });
      expect(read).toBe(layer.length);
      expect(result?.size).toBeGreaterThan(layer.length);
    } finally {
      await source.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    // What the pipeline holds (a few blocks) and what loopback's socket buffers hold (not this
    // process's memory): well short of the layer, all of which a pipeline without backpressure
    // would have read while the registry read nothing.
    expect(ahead).toBeLessThanOrEqual(10 * MiB);
  });
});
