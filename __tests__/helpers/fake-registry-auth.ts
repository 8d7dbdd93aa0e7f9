/**
 * Authentication for the fake registry, as registries do it: Basic (htpasswd-style users), or
 * Bearer tokens from a token endpoint on the same server (`GET /token?service=&scope=`, users checked
 * with Basic), each token granting the repository actions it was asked for.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type FakeAuthOptions =
  | { readonly scheme: 'basic'; readonly users: Readonly<Record<string, string>> }
  | {
      readonly scheme: 'bearer';
      /** Users the token endpoint accepts; without users, anyone gets a token. */
      readonly users?: Readonly<Record<string, string>>;
    };

export const SERVICE = 'fake-registry';

type Action = 'pull' | 'push';

/** Why a request was refused: the challenge to send with the 401. */
export interface Refusal {
  readonly challenge: string;
  readonly message: string;
}

export class FakeAuth {
  /** Token → repository → actions granted. */
  private readonly grants = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly options: FakeAuthOptions,
    private readonly realm: () => string,
  ) {}

  private user(req: IncomingMessage): string | undefined {
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return undefined;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [name, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return colon > 0 && this.options.users?.[name] === password ? name : undefined;
  }

  private grantsOf(req: IncomingMessage): Map<string, Set<string>> | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return match ? this.grants.get(match[1]!) : undefined;
  }

  /** Whether the request may do `action` on `repository` (any valid credentials for the ping). */
  allows(req: IncomingMessage, repository: string | undefined, action: Action): boolean {
    if (this.options.scheme === 'basic') return this.user(req) !== undefined;
    const grants = this.grantsOf(req);
    if (!grants) return false;
    return repository === undefined || (grants.get(repository)?.has(action) ?? false);
  }

  /** The refusal for a request that may not do `action`, or undefined when it may. */
  refusal(req: IncomingMessage, repository: string | undefined, action: Action): Refusal | undefined {
    if (this.allows(req, repository, action)) return undefined;
    if (this.options.scheme === 'basic')
      return { challenge: `Basic realm="${SERVICE}"`, message: 'authentication required' };
    const scope =
      repository === undefined ? '' : `,scope="repository:${repository}:${action === 'push' ? 'pull,push' : 'pull'}"`;
    const insufficient = this.grantsOf(req) ? ',error="insufficient_scope"' : '';
    return {
      challenge: `Bearer realm="${this.realm()}",service="${SERVICE}"${scope}${insufficient}`,
      message: 'authentication required',
    };
  }

  /** Answers the token endpoint: 200 with a token for the scopes asked, or 401 for a wrong user. */
  token(req: IncomingMessage, url: URL): { status: number; body: unknown } {
    if (this.options.scheme !== 'bearer' || req.method !== 'GET')
      return { status: 404, body: { errors: [{ code: 'NOT_FOUND', message: 'no token endpoint here' }] } };
    if (this.options.users && this.user(req) === undefined)
      return { status: 401, body: { errors: [{ code: 'UNAUTHORIZED', message: 'wrong user name or password' }] } };
    const granted = new Map<string, Set<string>>();
    for (const scope of url.searchParams.getAll('scope')) {
      const match = /^repository:(.+):([a-z,*]+)$/.exec(scope);
      if (!match) continue;
      const actions = granted.get(match[1]!) ?? new Set<string>();
      for (const action of match[2]!.split(',')) actions.add(action);
      granted.set(match[1]!, actions);
    }
    const token = randomUUID();
    this.grants.set(token, granted);
    return { status: 200, body: { token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() } };
  }
}
