import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/oci/client.js';
import { preconnect, send } from '../src/oci/http.js';
import { AdaptivePool } from '../src/oci/pool.js';
import { retryDelayMs } from '../src/oci/retry.js';

const servers: Server[] = [];
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as { port: number }).port}`;
}
afterAll(() => servers.forEach((s) => s.close()));

describe('send: redirects', () => {
  let objectStore: string;
  let registry: string;
  const seen: { host: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    objectStore = await serve((req, res) => {
      seen.push({ host: 'store', headers: req.headers });
      res.end('blob-bytes');
    });
    registry = await serve((req, res) => {
      seen.push({ host: 'registry', headers: req.headers });
      if (req.url === '/same') return res.writeHead(307, { location: '/final' }).end();
      if (req.url === '/final') return res.end('same-origin');
      return res.writeHead(302, { location: `http://${objectStore}/presigned?sig=1` }).end();
    });
  });

  it('follows a redirect to another host without the Authorization header', async () => {
    seen.length = 0;
    const response = await send({
      method: 'GET',
      url: new URL(`http://${registry}/v2/a/blobs/sha256:x`),
      headers: { authorization: 'Bearer secret' },
      followRedirects: true,
    });
    expect(await response.text()).toBe('blob-bytes');
    expect(seen[0]!.headers.authorization).toBe('Bearer secret');
    expect(seen[1]!.host).toBe('store');
    expect(seen[1]!.headers.authorization).toBeUndefined();
  });

  it('keeps credentials on a same-origin redirect, and does not follow when told not to', async () => {
    seen.length = 0;
    expect(
      await (
        await send({
          method: 'GET',
          url: new URL(`http://${registry}/same`),
          headers: { authorization: 'Basic x' },
          followRedirects: true,
        })
      ).text(),
    ).toBe('same-origin');
    expect(seen[1]!.headers.authorization).toBe('Basic x');
    const unfollowed = await send({
      method: 'PUT',
      url: new URL(`http://${registry}/same`),
      headers: {},
      body: Buffer.from('x'),
    });
    expect(unfollowed.status).toBe(307);
    await unfollowed.discard();
  });
});

describe('preconnect', () => {
  it('opens connections ahead that the next requests use: no other connection, no request before them', async () => {
    const connections: number[] = [];
    const requests: string[] = [];
    const addr = await serve((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.end('ok');
    });
    servers.at(-1)!.on('connection', () => connections.push(requests.length));
    const url = new URL(`http://${addr}/v2/`);
    preconnect(url, 2);
    preconnect(url, 2); // already two waiting: none more
    for (let i = 0; i < 100 && connections.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(connections).toEqual([0, 0]); // both open, and nothing asked over them yet
    const answers = await Promise.all(
      [1, 2].map((n) => send({ method: 'GET', url: new URL(`/v2/${n}`, url), headers: {} })),
    );
    expect(await Promise.all(answers.map((a) => a.text()))).toEqual(['ok', 'ok']);
    expect(requests.sort()).toEqual(['GET /v2/1', 'GET /v2/2']);
    expect(connections).toHaveLength(2);
    // Back in the pool, idle: they count as ready for the next preconnect.
    preconnect(url, 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(connections).toHaveLength(2);
  });

  it('drops a connection that fails before use; the request opens its own', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    preconnect(new URL(`http://127.0.0.1:${port}/v2/`)); // nothing listens: refused, dropped, no crash
    await new Promise((r) => setTimeout(r, 50));
    const addr = await serve((_req, res) => res.end('up'));
    const answer = await send({ method: 'GET', url: new URL(`http://${addr}/v2/`), headers: {} });
    expect(await answer.text()).toBe('up');
  });
});

describe('RegistryClient', () => {
  it('uses plain HTTP only for loopback and listed insecure registries', () => {
    const credentials = async () => undefined;
    expect(new RegistryClient('127.0.0.1:5000', { credentials }).baseUrl).toBe('http://127.0.0.1:5000');
    expect(new RegistryClient('[::1]:5000', { credentials }).baseUrl).toBe('http://[::1]:5000');
    expect(new RegistryClient('registry.internal:5000', { credentials }).baseUrl).toBe(
      'https://registry.internal:5000',
    );
    expect(
      new RegistryClient('registry.internal:5000', { credentials, insecureRegistries: ['registry.internal:5000'] })
        .baseUrl,
    ).toBe('http://registry.internal:5000');
    expect(new RegistryClient('docker.io', { credentials }).baseUrl).toBe('https://registry-1.docker.io');
  });

  it('follows tag-list pages through the Link header', async () => {
    const all = Array.from({ length: 25 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const requests: string[] = [];
    const addr = await serve((req, res) => {
      requests.push(req.url!);
      const url = new URL(req.url!, 'http://x');
      const n = Number(url.searchParams.get('n'));
      const last = url.searchParams.get('last');
      const start = last ? all.indexOf(last) + 1 : 0;
      const page = all.slice(start, start + n);
      if (start + n < all.length) res.setHeader('link', `</v2/app/tags/list?n=${n}&last=${page.at(-1)}>; rel="next"`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'app', tags: page }));
    });
    const client = new RegistryClient(addr, { credentials: async () => undefined });
    expect(await client.listTags('app', 10)).toEqual(all);
    expect(requests).toEqual([
      '/v2/app/tags/list?n=10',
      '/v2/app/tags/list?n=10&last=t09',
      '/v2/app/tags/list?n=10&last=t19',
    ]);
  });
});

describe('AdaptivePool', () => {
  it('never runs more than its limit, halves on throttle, and grows back', async () => {
    const pool = new AdaptivePool(6);
    let running = 0;
    let peak = 0;
    const task = () =>
      pool.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
      });
    await Promise.all(Array.from({ length: 30 }, task));
    expect(peak).toBe(6);
    pool.throttle();
    expect(pool.limit).toBe(3);
    pool.throttle();
    pool.throttle();
    pool.throttle();
    expect(pool.limit).toBe(1);
    peak = 0;
    await Promise.all(Array.from({ length: 4 }, task));
    expect(peak).toBe(1);
    await Promise.all(Array.from({ length: 60 }, task));
    expect(pool.limit).toBeGreaterThan(1);
  });
});

describe('retryDelayMs', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('honours Retry-After in seconds and as a date, capped at a minute', () => {
    expect(retryDelayMs(1, policy, '3')).toBe(3000);
    expect(retryDelayMs(1, policy, new Date(Date.now() + 5000).toUTCString(), Math.random, Date.now)).toBeGreaterThan(
      3000,
    );
    expect(retryDelayMs(1, policy, '3600')).toBe(60_000);
  });
  it('backs off exponentially with jitter within [ceiling/2, ceiling]', () => {
    expect(retryDelayMs(1, policy, null, () => 0)).toBe(50);
    expect(retryDelayMs(3, policy, null, () => 1)).toBe(400);
    expect(retryDelayMs(10, policy, null, () => 1)).toBe(1000);
  });
});
