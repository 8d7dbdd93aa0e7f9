/**
 * The OCI Distribution API operations on one registry: manifests, blobs, tags, referrers. How a
 * request travels (auth, retries, bounds, the pool) is registry-transport.ts's; how a blob gets
 * into a repository (mount, one PUT, PATCH chunks, restarts) is upload.ts's.
 */
import type { Readable } from 'node:stream';
import type { Descriptor } from './manifest.js';
import { MANIFEST_ACCEPT, OCI_INDEX } from './media-types.js';
import type { AdaptivePool } from './pool.js';
import { RegistryError } from './registry-error.js';
import { RegistryTransport, type Action, type TransportSettings } from './registry-transport.js';
import { retryDelayMs } from './retry.js';
import { isLoopbackHost } from './hosts.js';
import { retryLine, waitToRetry } from './transport.js';
import { BlobUploads } from './upload.js';
import { UploadRequests, type MountResult } from './upload-requests.js';
import { createHash, DigestMismatchError } from './verify.js';

export { RegistryError } from './registry-error.js';

export interface ManifestDescriptor {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface Manifest extends ManifestDescriptor {
  /** The exact bytes the registry served: the digest is computed over these. */
  readonly bytes: Buffer;
}

/** A blob as the registry serves it: its size (Content-Length, when sent) and its bytes as a stream. */
export interface RegistryBlob {
  readonly size: number | undefined;
  readonly stream: Readable;
}

export interface ClientOptions extends TransportSettings {
  /** Hosts reached over plain HTTP besides loopback ones. */
  readonly insecureRegistries?: readonly string[];
  /**
   * Whether a blob too large for one PUT (HTTP 413) may be sent as several PATCH chunks.
   * False for registries that mishandle multi-chunk uploads (ECR).
   */
  readonly chunkedUploads?: boolean;
}

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

/** The URL the registry's API is reached at: its host, over HTTP or HTTPS (a private endpoint keeps the host's URL). */
function registryBaseUrl(registry: string, options: ClientOptions): string {
  const host = apiHost(registry);
  const insecure = isLoopbackHost(host) || (options.insecureRegistries ?? []).includes(registry);
  return `${insecure ? 'http' : 'https'}://${host}`;
}

export class RegistryClient {
  readonly baseUrl: string;
  /** Gets blobs into repositories of this registry (mount, upload, restarts); copy.ts asks it per blob. */
  readonly uploads: BlobUploads;
  private readonly transport: RegistryTransport;
  private readonly uploadRequests: UploadRequests;

  constructor(
    readonly registry: string,
    options: ClientOptions,
  ) {
    this.baseUrl = registryBaseUrl(registry, options);
    this.transport = new RegistryTransport(registry, this.baseUrl, options);
    this.uploadRequests = new UploadRequests(this.transport);
    this.uploads = new BlobUploads(this, this.uploadRequests, this.transport.pool, options.chunkedUploads ?? true);
  }

  /** Requests sent to this registry (token service excluded), for the report. */
  get requestCount(): number {
    return this.transport.requestCount;
  }

  /**
   * Opens up to `count` connections to the registry now (TCP, and TLS), so requests to come do not
   * each wait for a handshake; no request is sent over them until one is made.
   */
  preconnect(count = 1): void {
    this.transport.preconnect(count);
  }

  /** The blob transfer pool, to read: its limit drops after a 429. */
  get pool(): Pick<AdaptivePool, 'limit'> {
    return this.transport.pool;
  }

  /**
   * Declares that this run will push to a repository, so every request to it asks for
   * `pull,push` from the start: one token per repository instead of one per action set.
   */
  willPush(repository: string): void {
    this.transport.willPush(repository);
  }

  /** Declares that this run also reads `repository` here (the source): one token covers both. */
  willRead(repository: string): void {
    this.transport.willRead(repository);
  }

  /** HEAD a manifest; undefined when it does not exist. */
  async headManifest(repository: string, reference: string): Promise<ManifestDescriptor | undefined> {
    const response = await this.transport.request({
      method: 'HEAD',
      path: `/v2/${repository}/manifests/${reference}`,
      repository,
      actions: ['pull'],
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) return this.transport.fail(response, `HEAD manifest ${repository}:${reference}`);
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
        this.transport.options.log?.(
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
    const response = await this.transport.request({
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
    if (!response.ok) return this.transport.fail(response, `GET manifest ${repository}:${reference}`);
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
      const response = await this.transport.request({
        method: 'PUT',
        path: `/v2/${repository}/manifests/${reference}`,
        repository,
        actions: ['pull', 'push'],
        headers: { 'content-type': manifest.mediaType },
        body: () => manifest.bytes,
      });
      if (!response.ok) {
        const error = await this.transport
          .fail(response, `PUT manifest ${repository}:${reference}`)
          .catch((e: unknown) => e as RegistryError);
        // Eventually consistent registries (ECR) briefly deny knowing what was just pushed.
        if (attempt < CONSISTENCY_ATTEMPTS && error.code !== undefined && NOT_YET_VISIBLE.has(error.code)) {
          const delay = retryDelayMs(attempt, this.transport.options.retry, undefined);
          this.transport.options.log?.(
            retryLine(
              `PUT ${this.registry}/${repository}:${reference}`,
              error.code,
              attempt,
              CONSISTENCY_ATTEMPTS,
              delay,
            ),
          );
          await waitToRetry(delay, this.transport.options.signal);
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
    const response = await this.transport.request({
      method: 'HEAD',
      path: `/v2/${repository}/blobs/${digest}`,
      repository,
      actions: ['pull', 'push'],
    });
    if (response.status === 404) return undefined;
    if (!response.ok) return this.transport.fail(response, `HEAD blob ${repository}@${digest}`);
    return Number(response.headers.get('content-length'));
  }

  /** GET a blob: its bytes as a stream, to be read to the end (or destroyed). */
  async getBlob(repository: string, digest: string): Promise<RegistryBlob> {
    const response = await this.transport.request({
      method: 'GET',
      path: `/v2/${repository}/blobs/${digest}`,
      repository,
      actions: ['pull'],
    });
    if (!response.ok || !response.body) return this.transport.fail(response, `GET blob ${repository}@${digest}`);
    const length = response.headers.get('content-length');
    return { size: length === null ? undefined : Number(length), stream: response.body };
  }

  /**
   * Asks the registry to mount a blob from another repository. Returns `mounted`, or the upload
   * URL the registry opened instead (it may refuse the mount and start an upload session).
   */
  mountBlob(repository: string, digest: string, from: string): Promise<MountResult> {
    return this.uploadRequests.mount(repository, digest, from);
  }

  /**
   * Lists a repository's tags, following `Link: <…>; rel="next"` pages (bounded).
   * A repository that does not exist has no tags.
   */
  async listTags(repository: string, pageSize = 1000): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list?n=${pageSize}`;
    for (let page = 0; path !== undefined && page < MAX_TAG_PAGES; page++) {
      const response = await this.transport.request({ method: 'GET', path, repository, actions: ['pull'] });
      if (response.status === 404) {
        await response.discard();
        return tags;
      }
      if (!response.ok) return this.transport.fail(response, `list tags of ${repository}`);
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
    const response = await this.transport.request({
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
    if (!response.ok) return this.transport.fail(response, `list referrers of ${repository}@${digest}`);
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
    const response = await this.transport.request({ method: 'GET', path: '/v2/', repository, actions });
    await response.discard();
    if (response.status === 404) {
      throw new RegistryError(
        `${this.registry} does not serve the registry API at /v2/; is this a container registry?`,
        this.registry,
        404,
      );
    }
    if (!response.ok) return this.transport.fail(response, 'GET /v2/');
  }

  /**
   * What the registry's token service grants on a repository when asked for `actions`, read from
   * its token (nothing is written); undefined when the registry takes no token, or its token does not say.
   */
  async grantedActions(repository: string, actions: readonly Action[]): Promise<readonly string[] | undefined> {
    await this.ping(repository, actions);
    return this.transport.grantedActions(repository, actions);
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
