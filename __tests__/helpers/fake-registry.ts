/**
 * An in-process OCI registry for fast unit tests: a node:http server on 127.0.0.1 that follows the
 * OCI Distribution Spec v1.1 (ping, manifests, blobs, uploads monolithic, chunked and mounted, tags
 * with pagination, the referrers API), keeps everything in memory, verifies every digest it is given,
 * and logs every request (method, path, status, error code) for tests to assert on.
 *
 * Where the spec leaves a choice, it answers as the CNCF distribution registry does (checked side by
 * side in __tests__/fake-registry.integration.test.ts). Switches (`quirks`, changeable at any time)
 * give it the habits of real registries: no cross-repository mount, no chunked upload, a request
 * size limit, immutable tags, manifests not yet visible after a write, 429s, no referrers API.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeAuth, type FakeAuthOptions } from './fake-registry-auth.js';
import {
  checkDigest,
  digestOf,
  DIGEST,
  INDEX_TYPE,
  kindOf,
  MAX_MANIFEST_BYTES,
  NAME,
  notFound,
  PAGE_NOT_FOUND,
  readBody,
  RegistryProblem,
  TAG,
  type Descriptor,
  type ParsedManifest,
} from './fake-registry-protocol.js';
import {
  SPEC_QUIRKS,
  type LoggedRequest,
  type Quirks,
  type RequestKind,
  type Throttle,
} from './fake-registry-quirks.js';

/** Tests compute digests as the registry does; the switches and the log's shape are in fake-registry-quirks.ts. */
export { digestOf } from './fake-registry-protocol.js';

export interface FakeRegistryOptions {
  readonly quirks?: Partial<Quirks>;
  readonly auth?: FakeAuthOptions;
}

interface StoredManifest {
  readonly bytes: Buffer;
  readonly mediaType: string;
  readonly digest: string;
  readonly parsed: ParsedManifest;
  /** Reads left that must not see it yet (manifestVisibleAfterReads). */
  unseenReads: number;
}

interface Repository {
  readonly manifests: Map<string, StoredManifest>;
  readonly tags: Map<string, string>;
  /** Digests of the blobs linked into this repository; the bytes live in the registry-wide store. */
  readonly blobs: Set<string>;
}

interface Upload {
  readonly repository: string;
  readonly chunks: Buffer[];
  size: number;
}

export class FakeRegistry {
  quirks: Quirks;
  /** Every request, in order of answer. */
  readonly log: LoggedRequest[] = [];
  private readonly repositories = new Map<string, Repository>();
  private readonly blobStore = new Map<string, Buffer>();
  private readonly uploads = new Map<string, Upload>();
  private readonly throttled = new Map<Throttle, number>();
  private readonly auth: FakeAuth | undefined;
  private readonly server: Server;
  /** host:port, the registry's name for clients. */
  addr = '';

  private constructor(options: FakeRegistryOptions) {
    this.quirks = { ...SPEC_QUIRKS, ...options.quirks };
    this.auth = options.auth && new FakeAuth(options.auth, () => `http://${this.addr}/token`);
    this.server = createServer((req, res) => void this.handle(req, res));
    // Large uploads ask first: a body over the size limit is refused before it is sent.
    this.server.on('checkContinue', (req, res) => {
      if (this.tooLarge(req)) return void this.handle(req, res);
      res.writeContinue();
      void this.handle(req, res);
    });
  }

  static async start(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
    const registry = new FakeRegistry(options);
    await new Promise<void>((resolve) => registry.server.listen(0, '127.0.0.1', resolve));
    registry.addr = `127.0.0.1:${(registry.server.address() as AddressInfo).port}`;
    return registry;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  // ---- for tests: seed and inspect content without going through HTTP (and without logging) ----

  /** Puts a blob into a repository; returns its digest. */
  seedBlob(repository: string, bytes: Buffer): string {
    const digest = digestOf(bytes);
    this.blobStore.set(digest, bytes);
    this.repository(repository).blobs.add(digest);
    return digest;
  }

  /** Puts a manifest into a repository, under its digest and the tags given; no checks. */
  seedManifest(repository: string, bytes: Buffer, mediaType: string, tags: readonly string[] = []): string {
    const digest = digestOf(bytes);
    const repo = this.repository(repository);
    const parsed = JSON.parse(bytes.toString('utf8')) as ParsedManifest;
    repo.manifests.set(digest, { bytes, mediaType, digest, parsed, unseenReads: 0 });
    for (const tag of tags) repo.tags.set(tag, digest);
    return digest;
  }

  /** The manifest a tag or digest names, as stored (exact bytes); undefined when absent. */
  manifest(repository: string, reference: string): { bytes: Buffer; mediaType: string; digest: string } | undefined {
    const repo = this.repositories.get(repository);
    const digest = repo?.tags.get(reference) ?? reference;
    const found = repo?.manifests.get(digest);
    return found && { bytes: found.bytes, mediaType: found.mediaType, digest: found.digest };
  }

  tags(repository: string): string[] {
    return [...(this.repositories.get(repository)?.tags.keys() ?? [])].sort();
  }

  hasBlob(repository: string, digest: string): boolean {
    return this.repositories.get(repository)?.blobs.has(digest) ?? false;
  }

  /** Logged requests that match: a method, a kind, a path fragment. */
  requests(filter: { method?: string; kind?: RequestKind; path?: string | RegExp; status?: number } = {}) {
    return this.log.filter(
      (r) =>
        (filter.method === undefined || r.method === filter.method) &&
        (filter.kind === undefined || r.kind === filter.kind) &&
        (filter.status === undefined || r.status === filter.status) &&
        (filter.path === undefined ||
          (typeof filter.path === 'string' ? r.path.includes(filter.path) : filter.path.test(r.path))),
    );
  }

  /** Requests by method and path, one line each ("HEAD /v2/app/manifests/v1 200"), for readable assertions. */
  lines(filter: Parameters<FakeRegistry['requests']>[0] = {}): string[] {
    return this.requests(filter).map((r) => `${r.method} ${r.path} ${r.status}`);
  }

  clearLog(): void {
    this.log.length = 0;
  }

  // ---- HTTP ----

  private repository(name: string): Repository {
    let repo = this.repositories.get(name);
    if (!repo) {
      repo = { manifests: new Map(), tags: new Map(), blobs: new Set() };
      this.repositories.set(name, repo);
    }
    return repo;
  }

  private existing(name: string): Repository {
    const repo = this.repositories.get(name);
    if (!repo) throw notFound('NAME_UNKNOWN', 'repository name not known to registry', { name });
    return repo;
  }

  private tooLarge(req: IncomingMessage): boolean {
    const length = Number(req.headers['content-length'] ?? 0);
    return ['PUT', 'POST', 'PATCH'].includes(req.method ?? '') && length > this.quirks.maxRequestBytes;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const kind = kindOf(url.pathname);
    let code: string | undefined;
    res.on('finish', () =>
      this.log.push({
        method,
        path: `${url.pathname}${url.search}`,
        kind,
        status: res.statusCode,
        at,
        ...(code && { code }),
      }),
    );
    res.setHeader('docker-distribution-api-version', 'registry/2.0');
    try {
      if (kind === 'token' && this.auth) {
        const { status, body } = this.auth.token(req, url);
        return this.send(res, status, body);
      }
      this.throttle(method, kind);
      if (this.tooLarge(req)) {
        res.setHeader('connection', 'close');
        throw new RegistryProblem(413, 'SIZE_INVALID', `request body over ${this.quirks.maxRequestBytes} bytes`);
      }
      await this.route(req, res, method, url);
    } catch (error) {
      const problem =
        error instanceof RegistryProblem
          ? error
          : new RegistryProblem(500, 'UNKNOWN', error instanceof Error ? error.message : String(error));
      code = problem.code;
      req.resume(); // an unread body must not hold the connection
      for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
      // Paths it does not serve get distribution's plain 404, not a registry error.
      if (problem.code === PAGE_NOT_FOUND) {
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        return this.sendBytes(res, 404, Buffer.from('404 page not found\n'));
      }
      this.send(res, problem.status, {
        errors: [
          {
            code: problem.code,
            message: problem.message,
            ...(problem.detail !== undefined && { detail: problem.detail }),
          },
        ],
      });
    }
  }

  private throttle(method: string, kind: RequestKind | 'unknown'): void {
    for (const rule of this.quirks.throttle) {
      if (rule.kind !== kind || (rule.method !== undefined && rule.method !== method)) continue;
      const seen = this.throttled.get(rule) ?? 0;
      this.throttled.set(rule, seen + 1);
      if (seen < rule.first)
        throw new RegistryProblem(429, 'TOOMANYREQUESTS', 'too many requests', undefined, {
          'retry-after': rule.retryAfter ?? '0',
        });
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
    const path = url.pathname;
    if (path === '/v2/' || path === '/v2') {
      this.authorize(req, undefined, 'pull');
      return this.send(res, 200, {});
    }
    let match: RegExpExecArray | null;
    if ((match = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(path)))
      return this.uploadRoute(req, res, method, url, this.name(match[1]!), match[2]!);
    if ((match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path)))
      return this.manifestRoute(req, res, method, this.name(match[1]!), match[2]!);
    if ((match = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(path)))
      return this.blobRoute(req, res, method, this.name(match[1]!), match[2]!);
    if ((match = /^\/v2\/(.+)\/tags\/list$/.exec(path)) && method === 'GET')
      return this.listTags(req, res, this.name(match[1]!), url);
    if ((match = /^\/v2\/(.+)\/referrers\/([^/]+)$/.exec(path)) && method === 'GET')
      return this.referrers(req, res, this.name(match[1]!), match[2]!, url);
    throw notFound(PAGE_NOT_FOUND, `no route for ${method} ${path}`);
  }

  private name(name: string): string {
    if (!NAME.test(name) || name.length >= 256)
      throw new RegistryProblem(400, 'NAME_INVALID', 'invalid repository name', { name });
    return name;
  }

  private authorize(req: IncomingMessage, repository: string | undefined, action: 'pull' | 'push'): void {
    const refusal = this.auth?.refusal(req, repository, action);
    if (refusal)
      throw new RegistryProblem(401, 'UNAUTHORIZED', refusal.message, undefined, {
        'www-authenticate': refusal.challenge,
      });
  }

  private granted(req: IncomingMessage, repository: string, action: 'pull' | 'push'): boolean {
    return this.auth?.allows(req, repository, action) ?? true;
  }

  // ---- manifests ----

  private async manifestRoute(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    name: string,
    reference: string,
  ): Promise<void> {
    const isDigest = reference.includes(':');
    if (isDigest) checkDigest(reference);
    else if (!TAG.test(reference))
      throw new RegistryProblem(400, 'TAG_INVALID', 'manifest tag did not match URI', { Tag: reference });
    if (method === 'GET' || method === 'HEAD') {
      this.authorize(req, name, 'pull');
      const found = this.readManifest(name, reference);
      if (!found)
        throw notFound('MANIFEST_UNKNOWN', 'manifest unknown', isDigest ? { Digest: reference } : { Tag: reference });
      res.setHeader('docker-content-digest', found.digest);
      res.setHeader('etag', `"${found.digest}"`);
      res.setHeader('content-type', found.mediaType);
      return this.sendBytes(res, 200, found.bytes, method === 'HEAD');
    }
    if (method === 'PUT') {
      this.authorize(req, name, 'push');
      return this.putManifest(req, res, name, reference, isDigest);
    }
    if (method === 'DELETE') {
      this.authorize(req, name, 'push');
      const repo = this.existing(name);
      if (isDigest) {
        if (!repo.manifests.delete(reference))
          throw notFound('MANIFEST_UNKNOWN', 'manifest unknown', { Digest: reference });
        for (const [tag, digest] of repo.tags) if (digest === reference) repo.tags.delete(tag);
      } else if (!repo.tags.delete(reference))
        throw notFound('MANIFEST_UNKNOWN', 'manifest unknown', { Tag: reference });
      return this.sendBytes(res, 202, Buffer.alloc(0));
    }
    throw new RegistryProblem(405, 'UNSUPPORTED', `${method} on a manifest is not supported`);
  }

  /** A manifest by tag or digest, unless it is not yet visible (each such read counts down). */
  private readManifest(name: string, reference: string): StoredManifest | undefined {
    const repo = this.repositories.get(name);
    const found = repo?.manifests.get(repo.tags.get(reference) ?? reference);
    if (found && found.unseenReads > 0) {
      found.unseenReads--;
      return undefined;
    }
    return found;
  }

  private async putManifest(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    reference: string,
    isDigest: boolean,
  ): Promise<void> {
    const bytes = await readBody(req, MAX_MANIFEST_BYTES);
    const digest = digestOf(bytes, isDigest ? reference.split(':')[0] : 'sha256');
    if (isDigest && digest !== reference)
      throw new RegistryProblem(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
    let parsed: ParsedManifest;
    try {
      parsed = JSON.parse(bytes.toString('utf8')) as ParsedManifest;
    } catch {
      throw new RegistryProblem(400, 'MANIFEST_INVALID', 'manifest invalid', 'not JSON');
    }
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (parsed.mediaType !== undefined && parsed.mediaType !== mediaType)
      throw new RegistryProblem(
        400,
        'MANIFEST_INVALID',
        'manifest invalid',
        `Content-Type ${mediaType} is not ${parsed.mediaType}`,
      );
    const repo = this.repository(name);
    // Every blob and child manifest must be there already (the subject need not be).
    for (const blob of [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])])
      if (!repo.blobs.has(blob.digest))
        throw new RegistryProblem(400, 'MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', blob.digest);
    for (const child of parsed.manifests ?? [])
      if (!this.readManifest(name, child.digest))
        throw new RegistryProblem(400, 'MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', child.digest);
    if (!isDigest && repo.tags.has(reference) && this.immutable(name, reference)) {
      // The code and words Amazon ECR answers with.
      throw new RegistryProblem(
        400,
        'TAG_INVALID',
        `The image tag '${reference}' already exists in the '${name}' repository and cannot be overwritten because the tag is immutable.`,
      );
    }
    repo.manifests.set(digest, {
      bytes,
      mediaType,
      digest,
      parsed,
      unseenReads: this.quirks.manifestVisibleAfterReads,
    });
    if (!isDigest) repo.tags.set(reference, digest);
    res.setHeader('location', `/v2/${name}/manifests/${digest}`);
    res.setHeader('docker-content-digest', digest);
    if (parsed.subject && this.quirks.referrersApi) res.setHeader('oci-subject', parsed.subject.digest);
    this.sendBytes(res, 201, Buffer.alloc(0));
  }

  private immutable(name: string, tag: string): boolean {
    const rule = this.quirks.immutableTags;
    return typeof rule === 'function' ? rule(name, tag) : rule;
  }

  // ---- blobs ----

  private blobRoute(req: IncomingMessage, res: ServerResponse, method: string, name: string, reference: string): void {
    const digest = checkDigest(reference);
    if (method === 'GET' || method === 'HEAD') {
      this.authorize(req, name, 'pull');
      const bytes = this.repositories.get(name)?.blobs.has(digest) ? this.blobStore.get(digest) : undefined;
      if (!bytes) throw notFound('BLOB_UNKNOWN', 'blob unknown to registry', digest);
      res.setHeader('docker-content-digest', digest);
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('accept-ranges', 'bytes');
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
      if (range && method === 'GET') {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
        if (start > end)
          throw new RegistryProblem(416, 'BLOB_UNKNOWN', 'range not satisfiable', undefined, {
            'content-range': `bytes */${bytes.length}`,
          });
        res.setHeader('content-range', `bytes ${start}-${end}/${bytes.length}`);
        return this.sendBytes(res, 206, bytes.subarray(start, end + 1));
      }
      return this.sendBytes(res, 200, bytes, method === 'HEAD');
    }
    if (method === 'DELETE') {
      this.authorize(req, name, 'push');
      if (!this.repositories.get(name)?.blobs.delete(digest))
        throw notFound('BLOB_UNKNOWN', 'blob unknown to registry', digest);
      return this.sendBytes(res, 202, Buffer.alloc(0));
    }
    throw new RegistryProblem(405, 'UNSUPPORTED', `${method} on a blob is not supported`);
  }

  // ---- uploads ----

  private async uploadRoute(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    name: string,
    id: string,
  ): Promise<void> {
    this.authorize(req, name, 'push');
    if (method === 'POST' && id === '') return this.startUpload(req, res, name, url);
    const upload = this.uploads.get(id);
    if (!upload || upload.repository !== name)
      throw notFound('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry', id);
    if (method === 'GET') return this.uploadStatus(res, id, upload, 204);
    if (method === 'DELETE') {
      this.uploads.delete(id);
      return this.sendBytes(res, 204, Buffer.alloc(0));
    }
    if (method === 'PATCH') {
      if (!this.quirks.chunkedUploads)
        throw new RegistryProblem(405, 'UNSUPPORTED', 'chunked uploads are not supported; send the blob in one PUT');
      await this.appendChunk(req, upload);
      return this.uploadStatus(res, id, upload, 202);
    }
    if (method === 'PUT') {
      await this.appendChunk(req, upload);
      const digest = this.finish(name, checkDigest(url.searchParams.get('digest')), Buffer.concat(upload.chunks));
      this.uploads.delete(id);
      return this.blobCreated(res, name, digest);
    }
    throw new RegistryProblem(405, 'UNSUPPORTED', `${method} on an upload is not supported`);
  }

  private async startUpload(req: IncomingMessage, res: ServerResponse, name: string, url: URL): Promise<void> {
    const mount = url.searchParams.get('mount');
    const from = url.searchParams.get('from');
    if (mount !== null) {
      const digest = checkDigest(mount);
      // Mounted only when allowed, the source holds the blob, and the caller may read the source.
      if (
        this.quirks.mount &&
        from !== null &&
        this.repositories.get(from)?.blobs.has(digest) &&
        this.granted(req, from, 'pull')
      ) {
        this.repository(name).blobs.add(digest);
        return this.blobCreated(res, name, digest);
      }
    }
    const digest = url.searchParams.get('digest');
    if (digest !== null && mount === null) {
      // A single-POST monolithic upload.
      const bytes = await readBody(req, Number.POSITIVE_INFINITY);
      return this.blobCreated(res, name, this.finish(name, checkDigest(digest), bytes));
    }
    req.resume();
    const id = randomUUID();
    const upload: Upload = { repository: name, chunks: [], size: 0 };
    this.uploads.set(id, upload);
    if (this.quirks.chunkMinLength > 0) res.setHeader('oci-chunk-min-length', String(this.quirks.chunkMinLength));
    return this.uploadStatus(res, id, upload, 202);
  }

  /** Appends a request body at the session's offset; a Content-Range that does not start there is a 416. */
  private async appendChunk(req: IncomingMessage, upload: Upload): Promise<void> {
    const range = req.headers['content-range'];
    let expected: number | undefined;
    if (range !== undefined) {
      const match = /^(\d+)-(\d+)$/.exec(range);
      if (!match)
        throw new RegistryProblem(400, 'BLOB_UPLOAD_INVALID', 'blob upload invalid', `Content-Range ${range}`);
      const [start, end] = [Number(match[1]), Number(match[2])];
      if (start !== upload.size || end < start)
        throw new RegistryProblem(
          416,
          'BLOB_UPLOAD_INVALID',
          `the upload is at offset ${upload.size}, not ${start}`,
          undefined,
          {
            range: `0-${Math.max(upload.size - 1, 0)}`,
          },
        );
      expected = end - start + 1;
    }
    const bytes = await readBody(req, Number.POSITIVE_INFINITY);
    if (expected !== undefined && bytes.length !== expected)
      throw new RegistryProblem(400, 'SIZE_INVALID', 'provided length did not match content length', {
        range,
        received: bytes.length,
      });
    upload.chunks.push(bytes);
    upload.size += bytes.length;
  }

  /** Stores an uploaded blob after checking its digest (a session survives a DIGEST_INVALID, as in distribution). */
  private finish(name: string, digest: string, bytes: Buffer): string {
    if (digestOf(bytes, digest.split(':')[0]) !== digest)
      throw new RegistryProblem(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content', {
        Digest: digest,
      });
    this.blobStore.set(digest, bytes);
    this.repository(name).blobs.add(digest);
    return digest;
  }

  private uploadStatus(res: ServerResponse, id: string, upload: Upload, status: number): void {
    res.setHeader('location', `/v2/${upload.repository}/blobs/uploads/${id}`);
    res.setHeader('docker-upload-uuid', id);
    res.setHeader('range', `0-${Math.max(upload.size - 1, 0)}`);
    this.sendBytes(res, status, Buffer.alloc(0));
  }

  private blobCreated(res: ServerResponse, name: string, digest: string): void {
    res.setHeader('location', `/v2/${name}/blobs/${digest}`);
    res.setHeader('docker-content-digest', digest);
    this.sendBytes(res, 201, Buffer.alloc(0));
  }

  // ---- discovery ----

  private listTags(req: IncomingMessage, res: ServerResponse, name: string, url: URL): void {
    this.authorize(req, name, 'pull');
    const repo = this.existing(name);
    const n = url.searchParams.get('n');
    const last = url.searchParams.get('last');
    if (n !== null && !/^\d+$/.test(n))
      throw new RegistryProblem(400, 'PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n });
    const all = [...repo.tags.keys()].sort().filter((tag) => last === null || tag > last);
    const size = Math.min(n === null ? all.length : Number(n), this.quirks.tagsPageLimit);
    const page = all.slice(0, size);
    if (size > 0 && page.length < all.length) {
      const next = new URLSearchParams({ n: String(n ?? size), last: page[page.length - 1]! });
      res.setHeader('link', `</v2/${name}/tags/list?${next}>; rel="next"`);
    }
    this.send(res, 200, { name, tags: page });
  }

  private referrers(req: IncomingMessage, res: ServerResponse, name: string, reference: string, url: URL): void {
    if (!this.quirks.referrersApi) throw notFound(PAGE_NOT_FOUND, 'the referrers API is not offered');
    this.authorize(req, name, 'pull');
    const digest = reference;
    if (!DIGEST.test(digest)) throw new RegistryProblem(400, 'DIGEST_INVALID', 'invalid digest', { Digest: digest });
    const filter = url.searchParams.get('artifactType');
    const manifests: Descriptor[] = [];
    for (const stored of this.repositories.get(name)?.manifests.values() ?? []) {
      const { parsed } = stored;
      if (parsed.subject?.digest !== digest) continue;
      const isIndex = stored.mediaType === INDEX_TYPE;
      const artifactType = parsed.artifactType ?? (isIndex ? undefined : parsed.config?.mediaType);
      if (filter !== null && artifactType !== filter) continue;
      manifests.push({
        mediaType: stored.mediaType,
        digest: stored.digest,
        size: stored.bytes.length,
        ...(artifactType !== undefined && { artifactType }),
        ...(parsed.annotations && { annotations: parsed.annotations }),
      });
    }
    if (filter !== null) res.setHeader('oci-filters-applied', 'artifactType');
    res.setHeader('content-type', INDEX_TYPE);
    this.sendBytes(res, 200, Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX_TYPE, manifests })));
  }

  // ---- answers ----

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
    this.sendBytes(res, status, Buffer.from(JSON.stringify(body)), res.req.method === 'HEAD');
  }

  private sendBytes(res: ServerResponse, status: number, body: Buffer, headOnly = false): void {
    res.statusCode = status;
    res.setHeader('content-length', String(body.length));
    res.end(headOnly || res.req.method === 'HEAD' ? undefined : body);
  }
}
