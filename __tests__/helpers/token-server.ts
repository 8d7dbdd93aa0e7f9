/**
 * A registry token service of ours, as Docker Hub, GHCR or Harbor run one: it checks a user's
 * password (GET with Basic, or the OAuth2 POST grants) and issues RS256 JWTs scoped to the
 * requested repositories, signed with a self-signed certificate the registry trusts (x5c).
 */
import { execFile } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ISSUER = 'pd-test-issuer';
export const SERVICE = 'pd-test-registry';

export interface TokenRequest {
  readonly method: string;
  readonly user: string | undefined;
  readonly scopes: readonly string[];
  readonly grant?: string;
}

export interface TokenServer {
  readonly realm: string;
  readonly certPath: string;
  readonly requests: TokenRequest[];
  /** When false, POST answers 404 (a token service without the OAuth2 endpoint). */
  oauth: boolean;
  close(): Promise<void>;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

export async function startTokenServer(
  dir: string,
  users: Record<string, string>,
  refreshTokens: Record<string, string> = {},
): Promise<TokenServer> {
  const keyPath = join(dir, 'token.key');
  const certPath = join(dir, 'token.crt');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '1',
    '-subj',
    '/CN=pd-test-token',
  ]);
  const key = await readFile(keyPath, 'utf8');
  const certDer = (await readFile(certPath, 'utf8')).replace(/-----[^-]+-----|\s/g, '');

  const sign = (user: string, scopes: readonly string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.map((scope) => {
      const [type, ...rest] = scope.split(':');
      const actions = rest.pop()!.split(',');
      return { type, name: rest.join(':'), actions };
    });
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [certDer] }));
    const claims = base64url(
      JSON.stringify({
        iss: ISSUER,
        sub: user,
        aud: SERVICE,
        iat: now,
        nbf: now - 5,
        exp: now + 300,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(key);
    return `${header}.${claims}.${base64url(signature)}`;
  };

  const server: TokenServer & { http?: Server } = {
    realm: '',
    certPath,
    requests: [],
    oauth: true,
    close: async () => {},
  };
  const http = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const deny = (status: number) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end('{"details":"denied"}');
      };
      if (req.method === 'POST') {
        const form = new URLSearchParams(await body(req));
        const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
        const grant = form.get('grant_type') ?? '';
        if (!server.oauth) return deny(404);
        const user =
          grant === 'refresh_token'
            ? refreshTokens[form.get('refresh_token') ?? '']
            : grant === 'password' && users[form.get('username') ?? ''] === form.get('password')
              ? (form.get('username') ?? undefined)
              : undefined;
        server.requests.push({ method: 'POST', user, scopes, grant });
        if (!user) return deny(401);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ access_token: sign(user, scopes), expires_in: 300 }));
      }
      const scopes = url.searchParams.getAll('scope');
      const basic = req.headers.authorization?.startsWith('Basic ')
        ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString()
        : undefined;
      const user = basic?.slice(0, basic.indexOf(':'));
      server.requests.push({ method: 'GET', user, scopes });
      if (basic !== undefined && users[user!] !== basic.slice(basic.indexOf(':') + 1)) return deny(401);
      // Anonymous callers get a token with no access, as public registries do for private repositories.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          token: sign(user ?? 'anonymous', user ? scopes : []),
          expires_in: 300,
          issued_at: new Date().toISOString(),
        }),
      );
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  return Object.assign(server, {
    realm: `http://127.0.0.1:${port}/token`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  });
}
