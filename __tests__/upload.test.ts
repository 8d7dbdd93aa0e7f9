/**
 * The upload strategy on its own: which chunk size follows a 413, with and without a minimum the
 * registry announces, and a registry without chunked uploads never sent a PATCH. Against a small
 * loopback upload endpoint that refuses bodies over a size limit, as a proxy in front of a
 * registry does.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/oci/client.js';
import { chunkSizeAfter413, type BlobOrigin } from '../src/oci/upload.js';

const MiB = 1024 * 1024;
const FAST_RETRY = { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 };

describe('chunkSizeAfter413', () => {
  it.each([
    // [size refused, registry minimum, next size]
    [undefined, 0, 16 * MiB],
    [undefined, 3 * MiB, 16 * MiB],
    [undefined, 32 * MiB, 32 * MiB],
    [16 * MiB, 0, 8 * MiB],
    [2 * MiB, 0, MiB],
    [MiB, 0, undefined],
    [8 * MiB, 3 * MiB, 4 * MiB],
    [4 * MiB, 3 * MiB, undefined],
    [32 * MiB, 32 * MiB, undefined],
  ])('after %s refused with minimum %s: %s', (refused, minimum, next) => {
    expect(chunkSizeAfter413(refused, minimum)).toBe(next);
  });
});

interface Seen {
  readonly method: string;
  readonly length: number;
  readonly status: number;
}

const servers: Server[] = [];
afterAll(() =>
  servers.forEach((s) => {
    s.closeAllConnections();
    s.close();
  }),
);

/**
 * The upload half of a registry for repository `app`: no blob is there yet, sessions open with
 * `minChunk` announced (when given), and any PUT or PATCH body over `limit` bytes is refused with 413.
 */
async function uploadEndpoint(limit: number, minChunk?: number): Promise<{ addr: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  let sessions = 0;
  const answer = (req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    seen.push({ method: req.method ?? '', length: Number(req.headers['content-length'] ?? 0), status });
    res.writeHead(status, headers);
    res.end();
  };
  const session = (): Record<string, string> => ({
    location: `/v2/app/blobs/uploads/session-${++sessions}`,
    ...(minChunk !== undefined && { 'oci-chunk-min-length': String(minChunk) }),
  });
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'HEAD') return answer(req, res, 404);
      if (req.method === 'POST') return answer(req, res, 202, session());
      if (req.method === 'PATCH') return answer(req, res, 202, session());
      if (req.method === 'PUT') return answer(req, res, 201);
      answer(req, res, 405);
    });
  };
  const server = createServer(handle);
  servers.push(server);
  // Bodies over 1 MiB are announced first (Expect: 100-continue): refuse those over the limit unread.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length']) > limit) {
      seen.push({ method: req.method ?? '', length: Number(req.headers['content-length']), status: 413 });
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
      res.end('request entity too large', () => req.socket.destroy());
      return;
    }
    res.writeContinue();
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { addr: `127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

function blobOf(size: number): { descriptor: { digest: string; size: number; mediaType: string }; origin: BlobOrigin } {
  const bytes = randomBytes(size);
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return {
    descriptor: { digest, size, mediaType: 'application/octet-stream' },
    origin: {
      description: 'test bytes',
      blob: async () => ({ stream: Readable.from([bytes.subarray(0, size / 2), bytes.subarray(size / 2)]) }),
    },
  };
}

const client = (addr: string, chunkedUploads?: boolean) =>
  new RegistryClient(addr, {
    credentials: async () => undefined,
    retry: FAST_RETRY,
    ...(chunkedUploads !== undefined && { chunkedUploads }),
  });

describe('BlobUploads', () => {
  it('halves chunks down to 1 MiB after 413s when the registry announces no minimum', async () => {
    const { addr, seen } = await uploadEndpoint(1.5 * MiB);
    const { descriptor, origin } = blobOf(5 * MiB);
    await expect(client(addr).uploads.ensure(descriptor, { repository: 'app', origin })).resolves.toBe('uploaded');
    const sizes = seen.filter((s) => s.method === 'PATCH').map((s) => `${s.length / MiB}:${s.status}`);
    // 16, 8, 4 and 2 MiB chunks (each the whole 5 MiB blob, or less) refused; then 1 MiB chunks taken.
    expect(sizes).toEqual(['5:413', '5:413', '4:413', '2:413', '1:202', '1:202', '1:202', '1:202', '1:202']);
    expect(seen.filter((s) => s.method === 'PUT').map((s) => s.status)).toEqual([413, 201]);
  });

  it('never goes below the minimum a registry announces, and fails with its 413', async () => {
    const { addr, seen } = await uploadEndpoint(1.5 * MiB, 3 * MiB);
    const { descriptor, origin } = blobOf(5 * MiB);
    await expect(client(addr).uploads.ensure(descriptor, { repository: 'app', origin })).rejects.toThrow(
      /upload chunk 0-4194303 of blob sha256:[0-9a-f]{64} to app .* failed with HTTP 413/,
    );
    // 16 and 8 MiB (the whole blob), then 4 MiB; 2 MiB would be under the 3 MiB minimum.
    expect(seen.filter((s) => s.method === 'PATCH').map((s) => s.length / MiB)).toEqual([5, 5, 4]);
  });

  it('never sends a PATCH where chunked uploads are off, and says why the blob was refused', async () => {
    const { addr, seen } = await uploadEndpoint(1.5 * MiB);
    const { descriptor, origin } = blobOf(3 * MiB);
    await expect(client(addr, false).uploads.ensure(descriptor, { repository: 'app', origin })).rejects.toThrow(
      /HTTP 413.*refused blob sha256:[0-9a-f]{64} \(3145728 bytes\) in one request, and chunked uploads are not used/,
    );
    expect(seen.map((s) => `${s.method} ${s.status}`)).toEqual(['HEAD 404', 'POST 202', 'PUT 413']);
  });

  it('sends a blob the registry takes whole in one PUT', async () => {
    const { addr, seen } = await uploadEndpoint(8 * MiB);
    const { descriptor, origin } = blobOf(3 * MiB);
    let moved = 0;
    const uploads = client(addr).uploads;
    await expect(uploads.ensure(descriptor, { repository: 'app', origin, onBytes: (n) => (moved += n) })).resolves.toBe(
      'uploaded',
    );
    expect(seen.map((s) => `${s.method} ${s.status}`)).toEqual(['HEAD 404', 'POST 202', 'PUT 201']);
    expect(moved).toBe(3 * MiB);
  });
});

describe('BlobUploads.ensure', () => {
  it('asks every mount at once, outside the transfer pool (mounts move no bytes)', async () => {
    const { BlobUploads } = await import('../src/oci/upload.js');
    const { AdaptivePool } = await import('../src/oci/pool.js');
    const pending: (() => void)[] = [];
    const requests = {
      mount: () => new Promise<{ mounted: true }>((resolve) => pending.push(() => resolve({ mounted: true }))),
    };
    const lookup = { registry: 'r.example', headBlob: async () => undefined };
    const uploads = new BlobUploads(lookup, requests as never, new AdaptivePool(1), true);
    const origin: BlobOrigin = { description: 'test', blob: async () => ({ stream: Readable.from([]) }) };
    const blobs = Array.from({ length: 8 }, (_, i) => ({
      mediaType: 'application/octet-stream',
      digest: `sha256:${String(i).repeat(64)}`,
      size: 1,
    }));
    const outcomes = Promise.all(
      blobs.map((blob) => uploads.ensure(blob, { repository: 'b', origin, mountFrom: 'a' })),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    // A pool of one slot, and yet all eight mounts are out before any is answered.
    expect(pending).toHaveLength(8);
    pending.forEach((answer) => answer());
    expect(await outcomes).toEqual(Array(8).fill('mounted'));
  });
});
