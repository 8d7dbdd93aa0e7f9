/**
 * registry-endpoints (connect elsewhere, still name the registry) and the proxy variables, on
 * loopback servers: where each request really went, what it named, and what TLS was asked for.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InputContext } from '../src/input-reader.js';
import { RegistryClient } from '../src/oci/client.js';
import { readRegistryEndpoints } from '../src/registries/endpoints-input.js';

const REGISTRY = 'registry.example.test';
const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

interface Seen {
  readonly host: string | undefined;
  readonly url: string | undefined;
  readonly authorization: string | undefined;
}

/** A registry that wants a bearer token from its own host's /token, recording every request. */
async function tokenRegistry(seen: Seen[]): Promise<number> {
  return listen(
    createHttpServer((req, res) => {
      seen.push({ host: req.headers.host, url: req.url, authorization: req.headers.authorization });
      if (req.url?.startsWith('/token')) {
        res.end(JSON.stringify({ token: 'T' }));
      } else if (req.headers.authorization !== 'Bearer T') {
        const realm = `http://${req.headers.host}/token`;
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="${REGISTRY}"` }).end();
      } else {
        res.writeHead(200, { 'docker-distribution-api-version': 'registry/2.0' }).end('{}');
      }
    }),
  );
}

const anonymous = async (): Promise<undefined> => undefined;

describe('registry-endpoints', () => {
  it('connects to the endpoint for the registry and its token service, naming the registry in Host', async () => {
    const seen: Seen[] = [];
    const port = await tokenRegistry(seen);
    const client = new RegistryClient(REGISTRY, {
      credentials: anonymous,
      insecureRegistries: [REGISTRY],
      endpoints: new Map([[REGISTRY, `127.0.0.1:${port}`]]),
    });
    await client.ping('team/app');
    expect(seen.map((request) => request.url?.replace(/\?.*/, ''))).toEqual(['/v2/', '/token', '/v2/']);
    // Every request named the registry, none the endpoint's address.
    expect(new Set(seen.map((request) => request.host))).toEqual(new Set([REGISTRY]));
    expect(seen[2]!.authorization).toBe('Bearer T');
  });

  it('names the registry and the endpoint when the endpoint cannot be reached', async () => {
    const closed = await listen(createHttpServer());
    servers.pop()!.close();
    const client = new RegistryClient(REGISTRY, {
      credentials: anonymous,
      insecureRegistries: [REGISTRY],
      endpoints: new Map([[REGISTRY, `127.0.0.1:${closed}`]]),
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(client.ping('team/app')).rejects.toThrow(
      `could not connect to ${REGISTRY} (through 127.0.0.1:${closed})`,
    );
  });

  it('speaks TLS to the endpoint as the registry: SNI and the certificate check use the registry name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-tls-'));
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', `/CN=${REGISTRY}`, '-addext', `subjectAltName=DNS:${REGISTRY}`,
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ], { stdio: 'ignore' }); // prettier-ignore
      const names: string[] = [];
      const server = createHttpsServer(
        {
          key: readFileSync(join(dir, 'key.pem')),
          cert: readFileSync(join(dir, 'cert.pem')),
          // The name the client asks for in its hello, before it refuses the self-signed certificate.
          SNICallback: (servername, done) => {
            names.push(servername);
            done(null);
          },
        },
        (_req, res) => res.end('{}'),
      );
      server.on('tlsClientError', () => {});
      const port = await listen(server);
      const client = new RegistryClient(REGISTRY, {
        credentials: anonymous,
        endpoints: new Map([[REGISTRY, `127.0.0.1:${port}`]]),
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      });
      // Certificate checking stays on: this self-signed certificate is refused, as it would be for the registry's host.
      await expect(client.ping('team/app')).rejects.toThrow(/self-signed certificate/);
      expect(names[0]).toBe(REGISTRY);
      expect(client.baseUrl).toBe(`https://${REGISTRY}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('proxy variables', () => {
  const saved = { ...process.env };
  afterEach(() => {
    // Only the variables these tests set; Reflect.deleteProperty because process.env keeps strings only.
    for (const name of ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
      if (saved[name] === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = saved[name];
    }
  });

  /** A forward proxy for plain HTTP: records the absolute URL asked for and relays the request. */
  async function forwardProxy(asked: string[]): Promise<number> {
    return listen(
      createHttpServer((req, res) => {
        asked.push(req.url ?? '');
        const target = new URL(req.url ?? '');
        const relay = httpRequest(
          { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        ); // prettier-ignore
        req.pipe(relay);
      }),
    );
  }

  it('sends registry and token requests through HTTP_PROXY', async () => {
    const asked: string[] = [];
    const seen: Seen[] = [];
    const [proxy, registry] = await Promise.all([forwardProxy(asked), tokenRegistry(seen)]);
    process.env.http_proxy = `http://127.0.0.1:${proxy}`;
    const client = new RegistryClient(`127.0.0.1:${registry}`, { credentials: anonymous });
    await client.ping('team/app');
    expect(asked.map((url) => url.replace(/\?.*/, ''))).toEqual([
      `http://127.0.0.1:${registry}/v2/`,
      `http://127.0.0.1:${registry}/token`,
      `http://127.0.0.1:${registry}/v2/`,
    ]);
  });

  it('goes direct to a host NO_PROXY lists', async () => {
    const asked: string[] = [];
    const seen: Seen[] = [];
    const [proxy, registry] = await Promise.all([forwardProxy(asked), tokenRegistry(seen)]);
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxy}`;
    process.env.NO_PROXY = '127.0.0.1';
    await new RegistryClient(`127.0.0.1:${registry}`, { credentials: anonymous }).ping('team/app');
    expect(asked).toEqual([]);
    expect(seen).toHaveLength(3);
  });

  it('matches NO_PROXY against a private endpoint address', async () => {
    const asked: string[] = [];
    const seen: Seen[] = [];
    const [proxy, registry] = await Promise.all([forwardProxy(asked), tokenRegistry(seen)]);
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxy}`;
    process.env.NO_PROXY = '127.0.0.1';
    const client = new RegistryClient(REGISTRY, {
      credentials: anonymous,
      insecureRegistries: [REGISTRY],
      endpoints: new Map([[REGISTRY, `127.0.0.1:${registry}`]]),
    });
    await client.ping('team/app');
    expect(asked).toEqual([]);
    expect(seen.map((request) => request.host)).toEqual([REGISTRY, REGISTRY, REGISTRY]);
  });
});

describe('the registry-endpoints input', () => {
  const read = (text: string) => {
    const ctx = new InputContext((name) => (name === 'registry-endpoints' ? text : ''));
    return { endpoints: readRegistryEndpoints(ctx), problems: ctx.problems };
  };

  it('reads HOST=ENDPOINT lines, host names in lower case, with or without a port', () => {
    const { endpoints, problems } = read(
      '123456789012.dkr.ecr.us-east-1.amazonaws.com=10.0.3.17\nUS-docker.pkg.dev = 10.10.0.5:443\nmyreg.azurecr.io=[fd00::5]:443',
    );
    expect(problems).toEqual([]);
    expect([...endpoints]).toEqual([
      ['123456789012.dkr.ecr.us-east-1.amazonaws.com', '10.0.3.17'],
      ['us-docker.pkg.dev', '10.10.0.5:443'],
      ['myreg.azurecr.io', '[fd00::5]:443'],
    ]);
  });

  it('refuses what is not HOST=ENDPOINT, naming the input and a valid form', () => {
    const { problems } = read(
      'https://reg.example=10.0.0.1\nreg.example\nreg.example=10.0.0.1:99999\nreg.example=10.0.0.1/v2\nok.example=1.2.3.4\nok.example=1.2.3.5',
    );
    expect(problems.map((problem) => problem.input)).toEqual(Array(5).fill('registry-endpoints'));
    expect(problems[0]!.message).toContain('"https://reg.example=10.0.0.1" is not HOST=ENDPOINT');
    expect(problems[0]!.message).toContain('e.g. us-docker.pkg.dev=10.10.0.5');
    expect(problems[4]!.message).toBe('ok.example is given twice');
  });
});
