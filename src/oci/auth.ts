/**
 * Registry authentication: WWW-Authenticate challenges, Basic, and Bearer tokens fetched from the
 * registry's token service, cached per realm+service+scope with one fetch in flight.
 */
import * as core from '../runner/workflow-commands.js';
import { accessOfStatus, type AccessProblem } from './access.js';
import type { Credentials } from './credentials.js';
import { trackInFlight } from './in-flight.js';
import { NetworkError, toNetworkError } from './network-error.js';
import type { FetchInit, FetchLike } from './fetch-like.js';
import { DEFAULT_RETRY } from './retry.js';
import { isTransientNetworkError, isTransientStatus } from './transient.js';
import { DEFAULT_TIMEOUTS, RetryBudget, seconds, type TransportOptions } from './transport.js';
import { UserError } from './user-error.js';

export interface Challenge {
  readonly scheme: 'basic' | 'bearer';
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses a WWW-Authenticate header (RFC 7235): `Bearer realm="…",service="…",scope="a,b"`.
 * Quoted values may contain commas and escaped quotes.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let i = 0;
  const skip = (pattern: RegExp): void => {
    while (i < header.length && pattern.test(header[i]!)) i++;
  };
  while (i < header.length) {
    skip(/[\s,]/);
    const schemeStart = i;
    skip(/[^\s,]/);
    const scheme = header.slice(schemeStart, i).toLowerCase();
    if (scheme === '') break;
    const params: Record<string, string> = {};
    for (;;) {
      skip(/\s/);
      // A parameter is token=value; a bare token here starts the next challenge.
      const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*/.exec(header.slice(i));
      if (!match) break;
      i += match[0].length;
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < header.length) i++;
          value += header[i];
          i++;
        }
        i++;
      } else {
        const start = i;
        skip(/[^\s,]/);
        value = header.slice(start, i);
      }
      params[match[1]!.toLowerCase()] = value;
      skip(/\s/);
      if (header[i] === ',') i++;
    }
    if (scheme === 'basic' || scheme === 'bearer') challenges.push({ scheme, params });
  }
  return challenges;
}

export class AuthError extends UserError {
  constructor(
    message: string,
    readonly registry: string,
    access?: AccessProblem,
  ) {
    super(message, `Registry ${registry}`, access && { access });
    this.name = 'AuthError';
  }
}

interface CachedToken {
  readonly value: string;
  readonly expiresAt: number;
}

export type Fetch = FetchLike;

/** A token service's answer, read whole within the request's time bound. */
interface TokenResponse {
  /** The token service's host:port, for messages. */
  readonly host: string;
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
}

/** Scope strings as the token service expects them: `repository:NAME:ACTIONS`. */
export function repositoryScope(repository: string, actions: readonly ('pull' | 'push')[]): string {
  return `repository:${repository}:${[...actions].sort().join(',')}`;
}

/** Joins scopes so each repository appears once with the union of its actions. */
export function mergeScopes(scopes: readonly string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const scope of scopes) {
    const last = scope.lastIndexOf(':');
    const resource = scope.slice(0, last);
    const actions = byResource.get(resource) ?? new Set<string>();
    for (const action of scope.slice(last + 1).split(',')) if (action) actions.add(action);
    byResource.set(resource, actions);
  }
  return [...byResource].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`).sort();
}

/** The claims of a JWT, or undefined when the text is not one. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The actions a registry token grants on a repository, from its `access` claim (the distribution
 * token spec's JWT); undefined when the token is not such a JWT.
 */
export function grantedActions(token: string, repository: string): readonly string[] | undefined {
  const access = jwtClaims(token)?.access;
  if (!Array.isArray(access)) return undefined;
  const entry = (access as { type?: unknown; name?: unknown; actions?: unknown }[]).find(
    (item) => item.type === 'repository' && item.name === repository,
  );
  return Array.isArray(entry?.actions) ? (entry.actions as string[]).filter((a) => typeof a === 'string') : [];
}

const TOKEN_EXPIRY_MARGIN_MS = 10_000;
const DEFAULT_TOKEN_LIFETIME_S = 60;

/** One registry's authentication state. */
export class RegistryAuth {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<string>>();
  private credentials: Promise<Credentials | undefined> | undefined;

  constructor(
    readonly registry: string,
    private readonly loadCredentials: () => Promise<Credentials | undefined>,
    private readonly fetchFn: Fetch,
    private readonly now: () => number = Date.now,
    private readonly transport: TransportOptions = { timeouts: DEFAULT_TIMEOUTS, retry: DEFAULT_RETRY },
  ) {}

  /** The registry's credentials, loaded once, and again when they say they are due for renewal. */
  private async creds(): Promise<Credentials | undefined> {
    const loading = (this.credentials ??= this.loadCredentials());
    const loaded = await loading;
    if (loaded?.renewAt === undefined || loaded.renewAt > this.now()) return loaded;
    if (this.credentials === loading) this.credentials = this.loadCredentials();
    return this.credentials;
  }

  /** Whether a challenge is known (so requests carry credentials from the start). */
  get known(): boolean {
    return this.challenge !== undefined;
  }

  /** Records the challenge from a 401 response. Returns false if it offers nothing we can answer. */
  learn(header: string | null): boolean {
    const challenges = parseChallenges(header ?? '');
    const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (!chosen) return false;
    this.challenge = chosen;
    return true;
  }

  /**
   * Drops the cached token for these scopes after the registry refused `refused` (the Authorization
   * a request carried). A token fetched since, for a request that went out before the challenge was
   * known or with an older token, is not the one refused, and stays: parallel first requests then
   * share one token instead of each dropping the one another fetched.
   */
  invalidate(scopes: readonly string[], refused: string | undefined): void {
    if (this.challenge?.scheme !== 'bearer') return;
    const key = this.cacheKey(this.challenge, scopes);
    const cached = this.tokens.get(key);
    if (cached && `Bearer ${cached.value}` === refused) this.tokens.delete(key);
  }

  private cacheKey(challenge: Challenge, scopes: readonly string[]): string {
    return JSON.stringify([challenge.params.realm, challenge.params.service, mergeScopes(scopes)]);
  }

  /** The Authorization header value for a request needing these scopes, or undefined if none is needed. */
  async authorization(scopes: readonly string[]): Promise<string | undefined> {
    const challenge = this.challenge;
    if (!challenge) return undefined;
    if (challenge.scheme === 'bearer') {
      const cached = this.tokens.get(this.cacheKey(challenge, scopes));
      if (cached && cached.expiresAt - TOKEN_EXPIRY_MARGIN_MS > this.now()) return `Bearer ${cached.value}`;
    }
    const credentials = await this.creds();
    if (challenge.scheme === 'basic') {
      if (!credentials?.username || credentials.password === undefined) {
        throw new AuthError(
          `${this.registry} asks for a user name and password and none were found: set registry-username/registry-password, or log in first (docker/login-action)`,
          this.registry,
          'missing',
        );
      }
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    if (credentials?.registryToken) return `Bearer ${credentials.registryToken}`;
    const key = this.cacheKey(challenge, scopes);
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetchToken(challenge, mergeScopes(scopes), credentials).then(
        (token) => {
          this.tokens.set(key, token);
          this.inflight.delete(key);
          return token.value;
        },
        (error: unknown) => {
          this.inflight.delete(key);
          throw error;
        },
      );
      this.inflight.set(key, pending);
    }
    return `Bearer ${await pending}`;
  }

  private async fetchToken(
    challenge: Challenge,
    scopes: readonly string[],
    credentials: Credentials | undefined,
  ): Promise<CachedToken> {
    const realm = challenge.params.realm;
    if (!realm) throw new AuthError(`${this.registry} sent a Bearer challenge without a realm`, this.registry);
    let realmUrl: URL;
    try {
      realmUrl = new URL(realm);
    } catch {
      throw new AuthError(`${this.registry} sent a token realm that is not a URL: ${realm}`, this.registry);
    }
    const service = challenge.params.service;
    const clientId = 'portable-deploy';

    // With a secret, the OAuth2 endpoint first (POST): a refresh token (docker config
    // "identitytoken") by the refresh_token grant, a password by the password grant. Token services
    // without it answer 404 (GCR), 405, 401 (Artifactory) or 400 (ACR); then the classic GET, as
    // containerd does.
    const oauth: Record<string, string> | undefined = credentials?.identityToken
      ? { grant_type: 'refresh_token', refresh_token: credentials.identityToken }
      : credentials?.username && credentials.password !== undefined
        ? { grant_type: 'password', username: credentials.username, password: credentials.password }
        : undefined;
    if (oauth) {
      const form = new URLSearchParams({ ...oauth, client_id: clientId });
      if (service) form.set('service', service);
      if (scopes.length) form.set('scope', scopes.join(' '));
      const response = await this.call(realmUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      if (![400, 401, 404, 405].includes(response.status)) return this.readToken(response, scopes);
    }

    const url = new URL(realmUrl);
    if (service) url.searchParams.set('service', service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    url.searchParams.set('client_id', clientId);
    const headers: Record<string, string> = {};
    const secret = credentials?.password ?? credentials?.identityToken;
    if (credentials?.username && secret !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${secret}`).toString('base64')}`;
    }
    return this.readToken(await this.call(url, { headers }), scopes);
  }

  /**
   * One call to the token service, bounded like a registry request (connect and answer within
   * their timeouts, body included) and retried on resets, timeouts, 429 and 5xx, each retry logged.
   * Its failures name the token service's host.
   */
  private async call(url: URL, init: FetchInit): Promise<TokenResponse> {
    const { timeouts, retry, signal } = this.transport;
    const what = `${init.method ?? 'GET'} ${url.host}${url.pathname} (token for ${this.registry})`;
    const budget = new RetryBudget(this.transport, what, retry.attempts);
    for (let attempt = 1; ; attempt++) {
      const limitMs = Math.max(0, Math.min(timeouts.connectMs + timeouts.responseMs, budget.deadline - Date.now()));
      const timeout = AbortSignal.timeout(limitMs);
      const done = trackInFlight(`${init.method ?? 'GET'} ${url.host}${url.pathname}`);
      let response: TokenResponse;
      try {
        const answer = await this.fetchFn(url, {
          ...init,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        response = { host: url.host, status: answer.status, ok: answer.ok, text: await answer.text() };
        if (isTransientStatus(answer.status)) {
          const why = `${url.host} answered HTTP ${answer.status}`;
          if (await budget.next(attempt, why, answer.headers.get('retry-after'))) continue;
        }
        return response;
      } catch (caught) {
        if (signal?.aborted) throw signal.reason;
        const error = timeout.aborted
          ? new NetworkError(`no answer from ${url.host} within ${seconds(limitMs)} s`, url.host, 'ETIMEDOUT')
          : toNetworkError(caught, url.host);
        if (isTransientNetworkError(error) && (await budget.next(attempt, error.message))) continue;
        throw new AuthError(
          `could not get a token for ${this.registry} from its token service ${url.host}: ${error.message}${budget.spent(attempt)}`,
          this.registry,
        );
      } finally {
        done();
      }
    }
  }

  private async readToken(response: TokenResponse, scopes: readonly string[]): Promise<CachedToken> {
    if (!response.ok) {
      const detail = response.text.slice(0, 300);
      const hint =
        response.status === 401 || response.status === 403
          ? 'check the registry user name and password (or the login step) and that they may access this repository'
          : 'the token service failed';
      throw new AuthError(
        `${this.registry} refused a token for ${scopes.join(' ') || 'the registry'} (HTTP ${response.status} from ${response.host}): ${hint}. ${detail}`.trim(),
        this.registry,
        accessOfStatus(response.status),
      );
    }
    let body: { token?: string; access_token?: string; expires_in?: number; issued_at?: string };
    try {
      body = JSON.parse(response.text) as typeof body;
    } catch {
      throw new AuthError(`${this.registry}'s token service answered something that is not JSON`, this.registry);
    }
    const value = body.token ?? body.access_token;
    if (!value) throw new AuthError(`${this.registry}'s token service answered without a token`, this.registry);
    core.setSecret(value);
    const issuedAt = body.issued_at ? Date.parse(body.issued_at) : NaN;
    const start = Number.isFinite(issuedAt) && issuedAt <= this.now() ? issuedAt : this.now();
    return { value, expiresAt: start + (body.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000 };
  }
}
