/**
 * How one registry is reached: every request answers auth challenges (renewing credentials once
 * on a 401), retries transient failures within its bounds (each retry logged), slows the transfer
 * pool down on 429, and is counted for the report. The registry operations (client.ts) and the
 * upload steps (upload-requests.ts) send through it; nothing else does.
 */
import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import { grantedActions, mergeScopes, RegistryAuth, repositoryScope, type Fetch } from './auth.js';
import type { CredentialProvider } from './credentials.js';
import type { RegistryEndpoints } from './endpoints.js';
import { fetchThrough, preconnect, send, type HttpResponse } from './http.js';
import { toNetworkError } from './network-error.js';
import { AdaptivePool } from './pool.js';
import { CREDENTIALS_RENEWED, RegistryError } from './registry-error.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { isTransientNetworkError, isTransientStatus } from './transient.js';
import { RetryBudget, seconds, timeoutsFromEnv, type Timeouts, type TransportOptions } from './transport.js';
import { DigestMismatchError } from './verify.js';
import type { Log } from './log.js';

/** What the transport to one registry is told: credentials, bounds, retries, where to log, when to stop. */
export interface TransportSettings {
  readonly credentials: CredentialProvider;
  /** Where to connect for some hosts instead of their DNS address (private endpoints); see http.ts. */
  readonly endpoints?: RegistryEndpoints;
  readonly fetch?: Fetch;
  readonly retry?: RetryPolicy;
  /** Parallel blob transfers to this registry; the pool halves when the registry answers 429. */
  readonly concurrency?: number;
  /** Connect, answer and idle bounds; default 30 s, 30 s, 120 s and 5 min per request with retries. */
  readonly timeouts?: Partial<Timeouts>;
  /** Told every retry (registry and token service), one line each. */
  readonly log?: Log;
  /** Aborts every request of this client in flight, and every wait between retries, with its reason. */
  readonly signal?: AbortSignal;
}

export type Action = 'pull' | 'push';

export interface RequestSpec {
  readonly method: string;
  /** A path under the registry's URL, or a whole URL (an upload session's Location). */
  readonly path: string;
  readonly repository: string;
  readonly actions: readonly Action[];
  /** Extra repositories the request reads (the mount source). */
  readonly alsoPull?: string;
  readonly headers?: Record<string, string>;
  /** Made anew for each attempt so a retry resends the whole body. */
  readonly body?: () => Buffer | Readable;
  /** Retry on 408/429/5xx and resets; off for streamed uploads, which restart a level up. */
  readonly retry?: boolean;
  /** The body is a one-shot stream: it cannot be sent twice, so a 401 is handed back to the caller. */
  readonly streamed?: boolean;
  readonly expectContinue?: boolean;
}

/** Parallel blob transfers per registry host. */
const DEFAULT_CONCURRENCY = 6;

export class RegistryTransport {
  /** Bounds, retries, log and signal: the registry's requests and its token service share them. */
  readonly options: TransportOptions;
  /** Bounds the blob transfers to this host: one pool per registry, shared by every copy. */
  readonly pool: AdaptivePool;
  private readonly auth: RegistryAuth;
  private readonly retry: RetryPolicy;
  private readonly pushTargets = new Set<string>();
  /** Repositories read before any push target was named (`repository:NAME`), kept in later tokens. */
  private readonly pulled = new Set<string>();
  private readonly endpoints: RegistryEndpoints | undefined;
  private sent = 0;

  constructor(
    readonly registry: string,
    readonly baseUrl: string,
    settings: TransportSettings,
  ) {
    this.endpoints = settings.endpoints;
    const fetchFn = settings.fetch ?? fetchThrough(settings.endpoints);
    this.retry = settings.retry ?? DEFAULT_RETRY;
    this.pool = new AdaptivePool(settings.concurrency ?? DEFAULT_CONCURRENCY);
    this.options = {
      timeouts: { ...timeoutsFromEnv(), ...settings.timeouts },
      retry: this.retry,
      ...(settings.log && { log: settings.log }),
      ...(settings.signal && { signal: settings.signal }),
    };
    // Every request in flight listens to the run's signal: more than Node's 10 is expected, not a leak.
    if (settings.signal) setMaxListeners(0, settings.signal);
    this.auth = new RegistryAuth(registry, () => settings.credentials(registry), fetchFn, Date.now, this.options);
  }

  /** Requests sent to this registry (token service excluded), for the report. */
  get requestCount(): number {
    return this.sent;
  }

  /** Opens connections to the registry ahead of the requests that will use them (see http.ts). */
  preconnect(count: number): void {
    preconnect(new URL(this.baseUrl), count, this.endpoints);
  }

  /**
   * Declares that this run will push to a repository, so every request to it asks for
   * `pull,push` from the start: one token per repository instead of one per action set.
   */
  willPush(repository: string): void {
    this.pushTargets.add(repository);
  }

  /**
   * Declares that this run reads a repository of this registry alongside its pushes (the source,
   * to mount from): its pull scope joins the push targets' token from the first request.
   */
  willRead(repository: string): void {
    this.pulled.add(`repository:${repository}`);
  }

  /**
   * The scopes a request's token asks for. Once the run has said where it pushes (after prepare),
   * every request asks for the same set: push on those repositories and pull on every one read so
   * far (the source, on the same registry), so one token serves the tag look-up, the mounts, the
   * uploads and the manifests, instead of one token round trip per combination.
   */
  private scopes(spec: RequestSpec): string[] {
    const actions: readonly Action[] = this.pushTargets.has(spec.repository) ? ['pull', 'push'] : spec.actions;
    const scopes = [repositoryScope(spec.repository, actions)];
    if (spec.alsoPull) scopes.push(repositoryScope(spec.alsoPull, ['pull']));
    if (this.pushTargets.size === 0) {
      for (const scope of scopes) this.pulled.add(scope.slice(0, scope.lastIndexOf(':')));
      return scopes;
    }
    for (const target of this.pushTargets) scopes.push(repositoryScope(target, ['pull', 'push']));
    for (const resource of this.pulled) scopes.push(`${resource}:pull`);
    for (const scope of scopes) this.pulled.add(scope.slice(0, scope.lastIndexOf(':')));
    return mergeScopes(scopes);
  }

  /** Sends one request, answering auth challenges and retrying transient failures (each retry logged). */
  async request(spec: RequestSpec): Promise<HttpResponse> {
    const url = spec.path.startsWith('http') ? spec.path : `${this.baseUrl}${spec.path}`;
    const parsed = new URL(url);
    const what = `${spec.method} ${parsed.host}${parsed.pathname}`;
    const scopes = this.scopes(spec);
    const maxAttempts = spec.retry === false ? 1 : this.retry.attempts;
    const { timeouts, signal } = this.options;
    const budget = new RetryBudget(this.options, what, maxAttempts);
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      const headers: Record<string, string> = { ...spec.headers };
      const authorization = await this.auth.authorization(scopes);
      if (authorization) headers.authorization = authorization;
      let response: HttpResponse;
      try {
        this.sent++;
        response = await send({
          method: spec.method,
          url: parsed,
          headers,
          ...(spec.body && { body: spec.body() }),
          followRedirects: spec.method === 'GET' || spec.method === 'HEAD',
          ...(spec.expectContinue && { expectContinue: true }),
          timeouts,
          deadline: budget.deadline,
          ...(signal && { signal }),
          ...(this.endpoints && { endpoints: this.endpoints }),
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // A streamed body's own failure (a corrupt or cut-off source) is the caller's to explain.
        if (error instanceof DigestMismatchError) throw error;
        const problem = toNetworkError(error, parsed.host);
        if (isTransientNetworkError(error) && (await budget.next(attempt, problem.message))) continue;
        // An upload's body may have failed on the source's side: the hint names the host at fault.
        const atFault = problem.host === parsed.host ? this.registry : problem.host;
        throw new RegistryError(
          `${spec.method} ${url} failed: ${problem.message}${budget.spent(attempt)}. Check that ${atFault} is reachable from this runner`,
          this.registry,
        );
      }
      if (response.status === 401 && !reauthenticated) {
        // A first challenge, or a token that expired or lacks a scope: learn, refresh, resend once.
        reauthenticated = true;
        const header = response.headers.get('www-authenticate');
        await response.discard();
        if (!this.auth.learn(header)) {
          throw new RegistryError(
            `${this.registry} answered 401 without a usable WWW-Authenticate challenge`,
            this.registry,
            401,
          );
        }
        this.auth.invalidate(scopes, authorization);
        // A streamed body is spent: the caller restarts the whole upload with the new credentials.
        if (spec.streamed) {
          throw new RegistryError(
            `${this.registry} asked for credentials again during an upload (if it keeps asking, the credentials may not push to ${spec.repository})`,
            this.registry,
            401,
            CREDENTIALS_RENEWED,
          );
        }
        attempt--;
        continue;
      }
      if (isTransientStatus(response.status)) {
        if (response.status === 429) this.pool.throttle();
        const why = `${parsed.host} answered HTTP ${response.status}`;
        // Without a try left, the answer goes to the caller, which reports it with its body.
        if (attempt < maxAttempts && Date.now() < budget.deadline) {
          const retryAfter = response.headers.get('retry-after');
          await response.discard();
          if (await budget.next(attempt, why, retryAfter)) continue;
          throw new RegistryError(
            `${what} failed: ${why}${budget.spent(attempt)}, and the next try would pass the ${seconds(timeouts.requestTotalMs)} s limit for one request`,
            this.registry,
            response.status,
          );
        }
      }
      return response;
    }
  }

  /**
   * The actions the registry's token grants on a repository when asked for `actions`; undefined
   * when the registry takes no bearer token or its token does not say (it is not a JWT).
   */
  async grantedActions(repository: string, actions: readonly Action[]): Promise<readonly string[] | undefined> {
    const header = await this.auth.authorization([repositoryScope(repository, actions)]);
    return header?.startsWith('Bearer ') ? grantedActions(header.slice('Bearer '.length), repository) : undefined;
  }

  /** Reads a registry error body (`{"errors":[{code,message}]}`) into a RegistryError. */
  async fail(response: HttpResponse, what: string): Promise<never> {
    let code: string | undefined;
    let detail: string;
    const text = await response.text().catch(() => '');
    try {
      const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
      const first = body.errors?.[0];
      code = first?.code;
      detail = (body.errors ?? []).map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ');
    } catch {
      detail = text.slice(0, 200);
    }
    const hint =
      response.status === 401
        ? ': the credentials were refused; check registry-username/registry-password or the login step'
        : response.status === 403
          ? ': the credentials lack permission for this repository'
          : '';
    throw new RegistryError(
      `${what} on ${this.registry} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}${hint}`,
      this.registry,
      response.status,
      code,
    );
  }
}
