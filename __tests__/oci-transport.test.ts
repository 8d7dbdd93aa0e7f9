/**
 * The transport's bounds on loopback servers that misbehave: a registry or token service that
 * accepts and never answers, one that refuses, one that stalls mid-body; every retry logged, the
 * whole client abortable, and what is in flight listed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { RegistryAuth } from '../src/oci/auth.js';
import { RegistryClient } from '../src/oci/client.js';
import { send } from '../src/oci/http.js';
import { inFlightRequests } from '../src/oci/in-flight.js';
import { DigestMismatchError } from '../src/oci/verify.js';
import { timeoutsFromEnv, type Timeouts, type TransportOptions } from '../src/oci/transport.js';
import { freePort } from './helpers/services.js';

const TIMEOUTS: Timeouts = { connectMs: 300, responseMs: 300, idleMs: 600, requestTotalMs: 5_000 };
/**
 * For servers that never answer (no answer can race the timer), shorter bounds keep the unit tier
 * fast; servers that do answer keep TIMEOUTS, so a busy machine cannot turn an answer into a timeout.
 */
const SILENT: Timeouts = { connectMs: 100, responseMs: 100, idleMs: 200, requestTotalMs: 5_000 };
const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 };

const servers: Server[] = [];
const held: ServerResponse[] = [];
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as { port: number }).port}`;
}
afterAll(() =>
  servers.forEach((s) => {
    s.closeAllConnections();
    s.close();
  }),
);
/** Accepts, reads the request, never answers. */
const stalled = () =>
  serve((req, res) => {
    held.push(res);
    req.resume();
  });

function logged(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

const client = (addr: string, extra: Partial<ConstructorParameters<typeof RegistryClient>[1]> = {}) =>
  new RegistryClient(addr, { credentials: async () => undefined, retry: FAST_RETRY, timeouts: TIMEOUTS, ...extra });

describe('a registry that accepts the connection and never answers', () => {
  it('fails within the answer timeout, retried and logged, naming the host', async () => {
    const addr = await stalled();
    const { lines, log } = logged();
    const started = Date.now();
    await expect(client(addr, { log, timeouts: SILENT }).getManifest('app', 'v1')).rejects.toThrow(
      new RegExp(
        `GET http://${addr}/v2/app/manifests/v1 failed: no answer from ${addr} within 0.1 s \\(3 attempts in [\\d.]+ s\\)`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^GET ${addr}/v2/app/manifests/v1: no answer from ${addr} within 0.1 s; try 2 of 3 in [\\d.]+ s$`),
    );
  });

  it('stops retrying at the bound on one request, retries included', async () => {
    const addr = await stalled();
    const started = Date.now();
    const bounded = client(addr, {
      retry: { attempts: 50, baseDelayMs: 10, maxDelayMs: 20 },
      timeouts: { ...SILENT, requestTotalMs: 400 },
    });
    await expect(bounded.getManifest('app', 'v1')).rejects.toThrow(/no answer from .* within/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('fails when a body goes silent half way, after the idle timeout', async () => {
    const addr = await serve((_req, res) => {
      held.push(res);
      res.writeHead(200, { 'content-length': '100' });
      res.write('x'.repeat(10));
    });
    const response = await send({
      method: 'GET',
      url: new URL(`http://${addr}/blob`),
      headers: {},
      timeouts: SILENT,
    });
    await expect(response.buffer()).rejects.toThrow(`${addr} sent nothing for 0.2 s in the middle of a transfer`);
  });

  it('names the host when a body is cut off, whichever way the close arrives', async () => {
    const addr = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100000' });
      res.write('x'.repeat(4096));
      setTimeout(() => res.socket?.destroy(), 5);
    });
    for (let i = 0; i < 20; i++) {
      const response = await send({
        method: 'GET',
        url: new URL(`http://${addr}/blob`),
        headers: {},
        timeouts: TIMEOUTS,
      });
      const error = await response.buffer().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(
        new RegExp(`^${addr}(: connection reset \\(ECONNRESET\\)| closed the connection in the middle of a body)$`),
      );
    }
  });

  it('stops at once when the run is aborted, with the abort reason, and lists what was waiting', async () => {
    const addr = await stalled();
    const controller = new AbortController();
    const slow = client(addr, { signal: controller.signal, timeouts: { ...TIMEOUTS, responseMs: 60_000 } });
    const pending = slow.getManifest('app', 'v1');
    // Every request in flight stops with it.
    const others = Array.from({ length: 15 }, (_, i) => slow.getManifest('app', `other${i}`).catch((e: unknown) => e));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(inFlightRequests()).toContainEqual(
      expect.stringMatching(new RegExp(`^GET ${addr}/v2/app/manifests/v1 \\(for 0 s\\)$`)),
    );
    controller.abort(new Error('the run went past its timeout'));
    await expect(pending).rejects.toThrow('the run went past its timeout');
    for (const other of await Promise.all(others)) expect(String(other)).toContain('the run went past its timeout');
    expect(inFlightRequests().some((line) => line.includes(addr))).toBe(false);
  });
});

describe('a manifest fetched by tag', () => {
  const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
  const digestOf = (algorithm: string, bytes: Buffer) =>
    `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
  const registryServing = (header: string, served = manifest) =>
    serve((_req, res) =>
      res
        .writeHead(200, {
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
          'docker-content-digest': header,
        })
        .end(served),
    );

  it.each(['sha256', 'sha512'])('is accepted when it hashes to the Docker-Content-Digest (%s)', async (algorithm) => {
    const addr = await registryServing(digestOf(algorithm, manifest));
    const got = await client(addr).getManifest('app', 'v1');
    expect(got?.digest).toBe(digestOf('sha256', manifest));
  });

  it.each(['sha256', 'sha512'])('fails, after one more try, when it does not (%s)', async (algorithm) => {
    const changed = Buffer.from(manifest.toString().replace('}', ',"annotations":{"x":"y"}}'));
    const addr = await registryServing(digestOf(algorithm, manifest), changed);
    const { lines, log } = logged();
    const fetched = client(addr, { log }).getManifest('app', 'v1');
    await expect(fetched).rejects.toThrow(
      `manifest ${addr}/app:v1 does not match its digest: ${addr} says ${digestOf(algorithm, manifest)}, the bytes received hash to ${digestOf(algorithm, changed)}; they were changed in transit or by the registry`,
    );
    await expect(fetched).rejects.toBeInstanceOf(DigestMismatchError);
    expect(lines).toHaveLength(1);
  });
});

describe('a registry whose connection never opens', () => {
  // A socket that listens with a backlog of 0 and never accepts: once one connection waits in
  // the queue, the kernel drops the next SYNs, so connecting hangs. Python starts it; on a busy
  // machine that takes a second or two, so it starts with the file, while the tests above run.
  const listener = spawn('python3', [
    '-c',
    'import socket,sys\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()',
  ]);
  const listening = new Promise<number>((resolve, reject) => {
    listener.stdout.once('data', (d) => resolve(Number(String(d))));
    listener.once('error', reject);
  });
  afterAll(() => listener.kill());

  it('fails within the connect timeout, naming the host', async () => {
    const port = await listening;
    const filler = connect(port, '127.0.0.1');
    try {
      await new Promise((resolve) => filler.once('connect', resolve));
      const started = Date.now();
      await expect(
        send({ method: 'GET', url: new URL(`http://127.0.0.1:${port}/v2/`), headers: {}, timeouts: SILENT }),
      ).rejects.toThrow(`could not connect to 127.0.0.1:${port}: no connection within 0.1 s`);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      filler.destroy();
    }
  });
});

describe('a registry that refuses the connection', () => {
  it('says it could not connect to host:port, not "fetch failed"', async () => {
    const port = await freePort();
    await expect(client(`127.0.0.1:${port}`).ping('app')).rejects.toThrow(
      `could not connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED) (3 attempts in`,
    );
  });
});

describe('the token service', () => {
  const transport = (log?: (line: string) => void, timeouts: Timeouts = TIMEOUTS): TransportOptions => ({
    timeouts,
    retry: FAST_RETRY,
    ...(log && { log }),
  });
  const auth = (realm: string, options: TransportOptions) => {
    const registryAuth = new RegistryAuth('reg.example', async () => undefined, fetch, Date.now, options);
    registryAuth.learn(`Bearer realm="http://${realm}/token",service="reg"`);
    return registryAuth;
  };

  it('that never answers fails within the bounds, naming its host', async () => {
    const addr = await stalled();
    const { lines, log } = logged();
    const started = Date.now();
    await expect(auth(addr, transport(log, SILENT)).authorization(['repository:a:pull'])).rejects.toThrow(
      new RegExp(
        `could not get a token for reg.example from its token service ${addr}: no answer from ${addr} within 0.2 s \\(3 attempts`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^GET ${addr}/token \\(token for reg.example\\): no answer .*; try 2 of 3 in`));
  });

  it('that refuses says so, naming its host', async () => {
    const port = await freePort();
    await expect(auth(`127.0.0.1:${port}`, transport()).authorization(['repository:a:pull'])).rejects.toThrow(
      `could not get a token for reg.example from its token service 127.0.0.1:${port}: could not connect to 127.0.0.1:${port}: connection refused`,
    );
  });

  it('is retried on 503 and 429, each retry logged', async () => {
    let calls = 0;
    const addr = await serve((_req, res) => {
      calls++;
      if (calls === 1) return res.writeHead(503).end('busy');
      if (calls === 2) return res.writeHead(429, { 'retry-after': '0' }).end('slow down');
      return res.end(JSON.stringify({ token: 'tok' }));
    });
    const { lines, log } = logged();
    expect(await auth(addr, transport(log)).authorization(['repository:a:pull'])).toBe('Bearer tok');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`${addr} answered HTTP 503; try 2 of 3 in`)),
      `GET ${addr}/token (token for reg.example): ${addr} answered HTTP 429; try 3 of 3 in 0 s`,
    ]);
  });
});

describe('timeouts from the environment', () => {
  it('reads the test variable, in ms, and keeps defaults for the rest', () => {
    expect(timeoutsFromEnv({ PORTABLE_DEPLOY_TEST_TIMEOUTS: 'connect=200, response=300,total=x' })).toEqual({
      connectMs: 200,
      responseMs: 300,
      idleMs: 120_000,
      requestTotalMs: 300_000,
    });
  });
});
