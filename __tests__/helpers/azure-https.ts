/**
 * A loopback HTTPS server for the Azure stand-ins (the ARM clients refuse plain http), with a
 * self-signed certificate for 127.0.0.1 made by openssl; `ca` is that certificate, to trust it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface HttpsStandIn {
  readonly url: string;
  /** The server's certificate (PEM): the CA to trust, or a file for NODE_EXTRA_CA_CERTS. */
  readonly ca: string;
  readonly caFile: string;
  close(): Promise<void>;
}

export async function startHttpsStandIn(
  handlers: readonly ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>)[],
): Promise<HttpsStandIn> {
  const dir = await mkdtemp(join(tmpdir(), 'pd-azure-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  const [keyPem, certPem] = await Promise.all([readFile(key, 'utf8'), readFile(cert, 'utf8')]);
  const server: Server = createServer({ key: keyPem, cert: certPem }, (req, res) => {
    void (async () => {
      for (const handler of handlers) if (await handler(req, res)) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `no stand-in serves ${req.method} ${req.url}` } }));
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'InternalServerError', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: certPem,
    caFile: cert,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
