/**
 * An OCI Distribution API client for one registry: manifests and blobs, with authentication,
 * retries on 408/429/5xx and connection resets, and a request count for the report.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { accessOfStatus } from './access.js';
import { Readable } from 'node:stream';
import { RegistryAuth, repositoryScope, type Fetch } from './auth.js';
import type { CredentialProvider } from './credentials.js';
import type { Descriptor } from './manifest.js';
import { fetchThrough, send, type HttpResponse, type RegistryEndpoints } from './http.js';
import { MANIFEST_ACCEPT, OCI_INDEX } from './media-types.js';
import { AdaptivePool } from './pool.js';
import { toNetworkError } from './network-error.js';
import { DEFAULT_RETRY, retryDelayMs, type RetryPolicy } from './retry.js';
import { isTransientNetworkError, isTransientStatus } from './transient.js';
import { isLoopbackHost } from './hosts.js';
import {
  RetryBudget,
  retryLine,
  seconds,
  timeoutsFromEnv,
  waitToRetry,
  type Timeouts,
  type TransportOptions,
} from './transport.js';
import { DigestMismatchError } from './verify.js';
import { UserError } from './user-error.js';
import type { Log } from './log.js';

export class RegistryError extends UserError {
  constructor(
    message: string,
    readonly registry: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    // 401 and 403 are access problems: a plan may go on past these.
    super(message, `Registry ${registry}`, { access: accessOfStatus(status) });
    this.name = 'RegistryError';
  }
}

export interface ManifestDescriptor {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface Manifest extends ManifestDescriptor {
  /** The exact bytes the registry served: the digest is computed over these. */
  readonly bytes: Buffer;
}

export interface ClientOptions {
  readonly credentials: CredentialProvider;
  /** Hosts reached over plain HTTP besides loopback ones. */
  readonly insecureRegistries?: readonly string[];
  /** Where to connect for some hosts instead of their DNS address (private endpoints); see http.ts. */
  readonly endpoints?: RegistryEndpoints;
  readonly fetch?: Fetch;
  readonly retry?: RetryPolicy;
  /** Parallel blob transfers to this registry; the pool halves when the registry answers 429. */
  readonly concurrency?: number;
  /**
   * Whether a blob too large for one PUT (HTTP 413) may be sent as several PATCH chunks.
   * False for registries that mishandle multi-chunk uploads (ECR).
   */
  readonly chunkedUploads?: boolean;
  /** Connect, answer and idle bounds; default 30 s, 30 s, 120 s and 5 min per request with retries. */
  readonly timeouts?: Partial<Timeouts>;
  /** Told every retry (registry and token service), one line each. */
  readonly log?: Log;
  /** Aborts every request of this client in flight, and every wait between retries, with its reason. */
  readonly signal?: AbortSignal;
}

type Action = 'pull' | 'push';

interface RequestSpec {
  readonly method: string;
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

/** Blob PUTs larger than this ask before sending (Expect: 100-continue), as curl does. */
const EXPECT_CONTINUE_ABOVE = 1024 * 1024;

/** The code of the error that tells an upload to restart: the registry wanted credentials anew. */
export const CREDENTIALS_RENEWED = 'CREDENTIALS_RENEWED';

/** Registry error codes that, right after a push, mean "not visible yet" rather than "missing". */
const NOT_YET_VISIBLE: ReadonlySet<string> = new Set(['MANIFEST_BLOB_UNKNOWN', 'BLOB_UNKNOWN', 'MANIFEST_UNKNOWN']);
const CONSISTENCY_ATTEMPTS = 5;
/**
 * A manifest whose bytes do not match its digest is fetched once more: a fault in transit may not
 * repeat, while a registry (or proxy) that keeps serving other bytes fails the second time.
 */
const MANIFEST_MISMATCH_ATTEMPTS = 2;

/** Pages of tags read at most (a million tags at 1000 a page). */
const MAX_TAG_PAGES = 1000;

/** Parallel blob transfers per registry host. */
const DEFAULT_CONCURRENCY = 6;

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

const isDigest = (reference: string): boolean => /^sha(256|512):[0-9a-f]+$/.test(reference);

/** The digest of bytes in the algorithm of `like` (sha256 or sha512). */
function digestOf(bytes: Uint8Array, like: string): string {
  const algorithm = like.startsWith('sha512:') ? 'sha512' : 'sha256';
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** The host serving a registry name: Docker Hub's API lives on registry-1.docker.io. */
export function apiHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

export class RegistryClient {
  readonly baseUrl: string;
  private readonly auth: RegistryAuth;
  private readonly fetchFn: Fetch;
  private readonly endpoints: RegistryEndpoints | undefined;
  private readonly retry: RetryPolicy;
  private readonly transport: TransportOptions;
  /** Requests sent to this registry (token service excluded), for the report. */
  requestCount = 0;
  /** Bounds the blob transfers to this host: one pool per registry, shared by every copy. */
  readonly pool: AdaptivePool;
  readonly chunkedUploads: boolean;
  /** The smallest chunk the registry accepts (OCI-Chunk-Min-Length on its upload responses). */
  chunkMinLength = 0;

  constructor(
    readonly registry: string,
    options: ClientOptions,
  ) {
    const host = apiHost(registry);
    const insecure = isLoopbackHost(host) || (options.insecureRegistries ?? []).includes(registry);
    this.baseUrl = `${insecure ? 'http' : 'https'}://${host}`;
    this.endpoints = options.endpoints;
    this.fetchFn = options.fetch ?? fetchThrough(options.endpoints);
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.pool = new AdaptivePool(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.chunkedUploads = options.chunkedUploads ?? true;
    this.transport = {
      timeouts: { ...timeoutsFromEnv(), ...options.timeouts },
      retry: this.retry,
      ...(options.log && { log: options.log }),
      ...(options.signal && { signal: options.signal }),
    };
    // Every request in flight listens to the run's signal: more than Node's 10 is expected, not a leak.
    if (options.signal) setMaxListeners(0, options.signal);
    this.auth = new RegistryAuth(registry, () => options.credentials(registry), this.fetchFn, Date.now, this.transport);
  }

  private readonly pushTargets = new Set<string>();

  /**
   * Declares that this run will push to a repository, so every request to it asks for
   * `pull,push` from the start: one token per repository instead of one per action set.
   */
  willPush(repository: string): void {
    this.pushTargets.add(repository);
  }

  private scopes(spec: RequestSpec): string[] {
    const actions: readonly Action[] = this.pushTargets.has(spec.repository) ? ['pull', 'push'] : spec.actions;
    const scopes = [repositoryScope(spec.repository, actions)];
    if (spec.alsoPull) scopes.push(repositoryScope(spec.alsoPull, ['pull']));
    return scopes;
  }

  /** Sends one request, answering auth challenges and retrying transient failures (each retry logged). */
  async request(spec: RequestSpec): Promise<HttpResponse> {
    const url = spec.path.startsWith('http') ? spec.path : `${this.baseUrl}${spec.path}`;
    const parsed = new URL(url);
    const what = `${spec.method} ${parsed.host}${parsed.pathname}`;
    const scopes = this.scopes(spec);
    const maxAttempts = spec.retry === false ? 1 : this.retry.attempts;
    const { timeouts, signal } = this.transport;
    const budget = new RetryBudget(this.transport, what, maxAttempts);
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      const headers: Record<string, string> = { ...spec.headers };
      const authorization = await this.auth.authorization(scopes);
      if (authorization) headers.authorization = authorization;
      let response: HttpResponse;
      try {
        this.requestCount++;
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
        this.auth.invalidate(scopes);
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

  /** HEAD a manifest; undefined when it does not exist. */
  async headManifest(repository: string, reference: string): Promise<ManifestDescriptor | undefined> {
    const response = await this.request({
      method: 'HEAD',
      path: `/v2/${repository}/manifests/${reference}`,
      repository,
      actions: ['pull'],
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) return this.fail(response, `HEAD manifest ${repository}:${reference}`);
    const digest = response.headers.get('docker-content-digest');
    const mediaType = response.headers.get('content-type');
    const size = Number(response.headers.get('content-length'));
    // Some registries omit the digest on HEAD; the caller then falls back to GET.
    if (!digest || !mediaType || !Number.isFinite(size)) return undefined;
    return { digest, mediaType: mediaType.split(';')[0]!.trim(), size };
  }

  /**
   * GET a manifest with its exact bytes; undefined when it does not exist. The bytes must hash to
   * the digest asked for, and to the registry's Docker-Content-Digest when it sends one: a
   * mismatch is tried once more (a fault in transit may pass), then fails.
   */
  async getManifest(repository: string, reference: string): Promise<Manifest | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.getManifestOnce(repository, reference);
      } catch (error) {
        if (!(error instanceof DigestMismatchError) || attempt >= MANIFEST_MISMATCH_ATTEMPTS) throw error;
        this.transport.log?.(
          retryLine(
            `GET manifest ${this.registry}/${repository}:${reference}`,
            error.message,
            attempt,
            MANIFEST_MISMATCH_ATTEMPTS,
            0,
          ),
        );
      }
    }
  }

  private async getManifestOnce(repository: string, reference: string): Promise<Manifest | undefined> {
    const response = await this.request({
      method: 'GET',
      path: `/v2/${repository}/manifests/${reference}`,
      repository,
      actions: ['pull'],
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (response.status === 404) {
      await response.discard();
      return undefined;
    }
    if (!response.ok) return this.fail(response, `GET manifest ${repository}:${reference}`);
    const bytes = await response.buffer();
    const name = `${this.registry}/${repository}${isDigest(reference) ? '@' : ':'}${reference}`;
    const expected = [isDigest(reference) ? reference : undefined, response.headers.get('docker-content-digest')];
    for (const digest of expected) {
      if (!digest || !isDigest(digest)) continue;
      const computed = digestOf(bytes, digest);
      if (computed !== digest) {
        throw new DigestMismatchError(
          `manifest ${name} does not match its digest: ${this.registry} says ${digest}, the bytes received hash to ${computed}; they were changed in transit or by the registry`,
        );
      }
    }
    const computed = sha256(bytes);
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim() || mediaTypeOf(bytes);
    return { digest: computed, mediaType, size: bytes.length, bytes };
  }

  /** Resolves a tag or digest to a descriptor: a HEAD, or a GET when HEAD gives no digest. */
  async resolve(repository: string, reference: string): Promise<ManifestDescriptor | undefined> {
    const head = await this.headManifest(repository, reference);
    if (head) return head;
    const manifest = await this.getManifest(repository, reference);
    return manifest && { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.size };
  }

  /**
   * PUT a manifest (exact bytes) under a tag or its digest. Fails when the registry reports another
   * digest (Docker-Content-Digest) than the bytes have: it rewrote the manifest.
   */
  async putManifest(
    repository: string,
    reference: string,
    manifest: Pick<Manifest, 'bytes' | 'mediaType' | 'digest'>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const response = await this.request({
        method: 'PUT',
        path: `/v2/${repository}/manifests/${reference}`,
        repository,
        actions: ['pull', 'push'],
        headers: { 'content-type': manifest.mediaType },
        body: () => manifest.bytes,
      });
      if (!response.ok) {
        const error = await this.fail(response, `PUT manifest ${repository}:${reference}`).catch(
          (e: unknown) => e as RegistryError,
        );
        // Eventually consistent registries (ECR) briefly deny knowing what was just pushed.
        if (attempt < CONSISTENCY_ATTEMPTS && error.code !== undefined && NOT_YET_VISIBLE.has(error.code)) {
          const delay = retryDelayMs(attempt, this.retry, undefined);
          this.transport.log?.(
            retryLine(
              `PUT ${this.registry}/${repository}:${reference}`,
              error.code,
              attempt,
              CONSISTENCY_ATTEMPTS,
              delay,
            ),
          );
          await waitToRetry(delay, this.transport.signal);
          continue;
        }
        throw error;
      }
      await response.discard();
      const reported = response.headers.get('docker-content-digest');
      if (reported && reported !== manifest.digest) {
        throw new RegistryError(
          `${this.registry} stored manifest ${repository}:${reference} as ${reported}, not ${manifest.digest}: it rewrote the manifest`,
          this.registry,
        );
      }
      return;
    }
  }

  /** HEAD a blob; its size, or undefined when the repository does not have it. */
  async headBlob(repository: string, digest: string): Promise<number | undefined> {
    const response = await this.request({
      method: 'HEAD',
      path: `/v2/${repository}/blobs/${digest}`,
      repository,
      actions: ['pull', 'push'],
    });
    if (response.status === 404) return undefined;
    if (!response.ok) return this.fail(response, `HEAD blob ${repository}@${digest}`);
    return Number(response.headers.get('content-length'));
  }

  /**
   * Asks the registry to mount a blob from another repository. Returns `mounted`, or the upload
   * URL the registry opened instead (it may refuse the mount and start an upload session).
   */
  async mountBlob(
    repository: string,
    digest: string,
    from: string,
  ): Promise<{ mounted: true } | { mounted: false; uploadUrl: string }> {
    const query = new URLSearchParams({ mount: digest, from });
    const response = await this.request({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/?${query}`,
      repository,
      actions: ['pull', 'push'],
      alsoPull: from,
      headers: { 'content-length': '0' },
    });
    if (response.status !== 201 && response.status !== 202)
      return this.fail(response, `mount blob ${digest} from ${from} into ${repository}`);
    await response.discard();
    if (response.status === 201) return { mounted: true };
    return { mounted: false, uploadUrl: this.location(response, repository) };
  }

  /** Opens an upload session; returns its URL. */
  async startUpload(repository: string): Promise<string> {
    const response = await this.request({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/`,
      repository,
      actions: ['pull', 'push'],
      headers: { 'content-length': '0' },
    });
    if (response.status !== 202) return this.fail(response, `start blob upload in ${repository}`);
    await response.discard();
    return this.location(response, repository);
  }

  /** Completes an upload session with the whole blob in one streamed PUT. Not retried: the caller restarts. */
  async putBlob(repository: string, uploadUrl: string, digest: string, size: number, body: Readable): Promise<void> {
    const url = new URL(uploadUrl);
    url.searchParams.set('digest', digest);
    const response = await this.request({
      method: 'PUT',
      path: url.toString(),
      repository,
      actions: ['pull', 'push'],
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body: () => body,
      retry: false,
      streamed: true,
      expectContinue: size > EXPECT_CONTINUE_ABOVE,
    });
    if (response.status !== 201) return this.fail(response, `upload blob ${digest} to ${repository}`);
    await response.discard();
  }

  /**
   * Sends a blob as PATCH chunks of `chunkSize` bytes (the last may be shorter), then closes the
   * session with an empty PUT. For registries whose body size limit refuses a monolithic PUT.
   */
  async patchBlob(
    repository: string,
    uploadUrl: string,
    digest: string,
    size: number,
    body: Readable,
    chunkSize: number,
  ): Promise<void> {
    const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let carry: Buffer | undefined;
    let url = uploadUrl;
    const registry = this.registry;
    let offset = 0;
    while (offset < size) {
      const length = Math.min(chunkSize, size - offset);
      // One slice of the shared stream: exactly `length` bytes, the rest carried to the next chunk.
      async function* slice(): AsyncGenerator<Buffer> {
        for (let remaining = length; remaining > 0;) {
          let chunk = carry ?? (await iterator.next()).value;
          carry = undefined;
          if (!chunk) throw new RegistryError(`blob ${digest} ended before its ${size} bytes`, registry);
          if (chunk.length > remaining) {
            carry = chunk.subarray(remaining);
            chunk = chunk.subarray(0, remaining);
          }
          remaining -= chunk.length;
          yield chunk;
        }
      }
      const response = await this.request({
        method: 'PATCH',
        path: url,
        repository,
        actions: ['pull', 'push'],
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(length),
          'content-range': `${offset}-${offset + length - 1}`,
        },
        body: () => Readable.from(slice()),
        retry: false,
        streamed: true,
        expectContinue: length > EXPECT_CONTINUE_ABOVE,
      });
      if (response.status !== 202)
        return this.fail(response, `upload chunk ${offset}-${offset + length - 1} of blob ${digest} to ${repository}`);
      await response.discard();
      url = this.location(response, repository);
      offset += length;
    }
    // Reading past the end lets the verifier check the digest before the session is closed.
    if (carry || !(await iterator.next()).done)
      throw new RegistryError(`blob ${digest} is longer than its ${size} bytes`, this.registry);
    const close = new URL(url);
    close.searchParams.set('digest', digest);
    const response = await this.request({
      method: 'PUT',
      path: close.toString(),
      repository,
      actions: ['pull', 'push'],
      headers: { 'content-length': '0' },
      retry: false,
    });
    if (response.status !== 201)
      return this.fail(response, `finish the chunked upload of blob ${digest} to ${repository}`);
    await response.discard();
  }

  /** Resolves the Location header of an upload response against the registry URL. */
  private location(response: HttpResponse, repository: string): string {
    const minimum = Number(response.headers.get('oci-chunk-min-length'));
    if (Number.isFinite(minimum) && minimum > 0) this.chunkMinLength = minimum;
    const location = response.headers.get('location');
    if (!location)
      throw new RegistryError(
        `${this.registry} opened an upload in ${repository} without a Location header`,
        this.registry,
      );
    return new URL(location, this.baseUrl).toString();
  }

  /**
   * Lists a repository's tags, following `Link: <…>; rel="next"` pages (bounded).
   * A repository that does not exist has no tags.
   */
  async listTags(repository: string, pageSize = 1000): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list?n=${pageSize}`;
    for (let page = 0; path !== undefined && page < MAX_TAG_PAGES; page++) {
      const response = await this.request({ method: 'GET', path, repository, actions: ['pull'] });
      if (response.status === 404) {
        await response.discard();
        return tags;
      }
      if (!response.ok) return this.fail(response, `list tags of ${repository}`);
      const body = (await response.json()) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
      path = next === undefined ? undefined : new URL(next, this.baseUrl).toString();
    }
    return tags;
  }

  /**
   * The referrers of a manifest through the OCI 1.1 referrers API, or undefined when the registry
   * does not offer the API (then the `sha256-<hex>` tag schema applies).
   */
  async referrers(repository: string, digest: string): Promise<Descriptor[] | undefined> {
    const response = await this.request({
      method: 'GET',
      path: `/v2/${repository}/referrers/${digest}`,
      repository,
      actions: ['pull'],
      headers: { accept: OCI_INDEX },
    });
    if (response.status === 404 || response.status === 400 || response.status === 405) {
      await response.discard();
      return undefined;
    }
    if (!response.ok) return this.fail(response, `list referrers of ${repository}@${digest}`);
    // A registry without the API may answer 200 with something else entirely; only an index counts.
    if (!(response.headers.get('content-type') ?? '').startsWith(OCI_INDEX)) {
      await response.discard();
      return undefined;
    }
    const index = (await response.json()) as { manifests?: Descriptor[] };
    return index.manifests ?? [];
  }

  /** Verifies the registry answers /v2/ and accepts our credentials for a repository. */
  async ping(repository: string, actions: readonly Action[] = ['pull']): Promise<void> {
    const response = await this.request({ method: 'GET', path: '/v2/', repository, actions });
    await response.discard();
    if (response.status === 404) {
      throw new RegistryError(
        `${this.registry} does not serve the registry API at /v2/; is this a container registry?`,
        this.registry,
        404,
      );
    }
    if (!response.ok) return this.fail(response, 'GET /v2/');
  }
}

function mediaTypeOf(bytes: Buffer): string {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { mediaType?: string };
    return parsed.mediaType ?? '';
  } catch {
    return '';
  }
}
