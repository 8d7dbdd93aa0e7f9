/**
 * The requests of a blob upload, as the distribution spec names them: open a session (or mount
 * from another repository), send the blob in one PUT or in PATCH chunks, close the session. No
 * strategy here: which of them to use, and restarting, is upload.ts's to decide.
 */
import { Readable } from 'node:stream';
import type { HttpResponse } from './http.js';
import { RegistryError } from './registry-error.js';
import type { RegistryTransport } from './registry-transport.js';

/** Blob PUTs larger than this ask before sending (Expect: 100-continue), as curl does. */
const EXPECT_CONTINUE_ABOVE = 1024 * 1024;

export type MountResult = { mounted: true } | { mounted: false; uploadUrl: string };

/** The upload requests to one registry, and what its upload answers said about chunk sizes. */
export class UploadRequests {
  private announcedMinimum = 0;

  constructor(private readonly transport: RegistryTransport) {}

  /** The smallest chunk the registry accepts (OCI-Chunk-Min-Length on its upload responses); 0 until it says. */
  get chunkMinLength(): number {
    return this.announcedMinimum;
  }

  /**
   * Asks the registry to mount a blob from another repository. Returns `mounted`, or the upload
   * URL the registry opened instead (it may refuse the mount and start an upload session).
   */
  async mount(repository: string, digest: string, from: string): Promise<MountResult> {
    const query = new URLSearchParams({ mount: digest, from });
    const response = await this.transport.request({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/?${query}`,
      repository,
      actions: ['pull', 'push'],
      alsoPull: from,
      headers: { 'content-length': '0' },
    });
    if (response.status !== 201 && response.status !== 202)
      return this.transport.fail(response, `mount blob ${digest} from ${from} into ${repository}`);
    await response.discard();
    if (response.status === 201) return { mounted: true };
    return { mounted: false, uploadUrl: this.location(response, repository) };
  }

  /** Opens an upload session; returns its URL. */
  async start(repository: string): Promise<string> {
    const response = await this.transport.request({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/`,
      repository,
      actions: ['pull', 'push'],
      headers: { 'content-length': '0' },
    });
    if (response.status !== 202) return this.transport.fail(response, `start blob upload in ${repository}`);
    await response.discard();
    return this.location(response, repository);
  }

  /** Completes an upload session with the whole blob in one streamed PUT. Not retried: the caller restarts. */
  async put(repository: string, uploadUrl: string, digest: string, size: number, body: Readable): Promise<void> {
    const url = new URL(uploadUrl);
    url.searchParams.set('digest', digest);
    const response = await this.transport.request({
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
    if (response.status !== 201) return this.transport.fail(response, `upload blob ${digest} to ${repository}`);
    await response.discard();
  }

  /**
   * Sends a blob as PATCH chunks of `chunkSize` bytes (the last may be shorter), then closes the
   * session with an empty PUT. For registries whose body size limit refuses a monolithic PUT.
   */
  async patch(
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
    const registry = this.transport.registry;
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
      const response = await this.transport.request({
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
        return this.transport.fail(
          response,
          `upload chunk ${offset}-${offset + length - 1} of blob ${digest} to ${repository}`,
        );
      await response.discard();
      url = this.location(response, repository);
      offset += length;
    }
    // Reading past the end lets the verifier check the digest before the session is closed.
    if (carry || !(await iterator.next()).done)
      throw new RegistryError(`blob ${digest} is longer than its ${size} bytes`, registry);
    await this.close(repository, url, digest, 'chunked upload');
  }

  /**
   * Sends a blob whose size and digest are not known yet in one streamed PATCH (chunked transfer
   * encoding, as `docker push` sends a layer it compresses on the way). Returns the session's next
   * URL, to close with `close()` once the digest is known. Not retried: the caller restarts.
   */
  async patchStream(repository: string, uploadUrl: string, body: Readable): Promise<string> {
    const response = await this.transport.request({
      method: 'PATCH',
      path: uploadUrl,
      repository,
      actions: ['pull', 'push'],
      headers: { 'content-type': 'application/octet-stream' },
      body: () => body,
      retry: false,
      streamed: true,
      expectContinue: true,
    });
    if (response.status !== 202 && response.status !== 204)
      return this.transport.fail(response, `upload a blob to ${repository} in one streamed PATCH`);
    await response.discard();
    return this.location(response, repository);
  }

  /** Closes an upload session whose bytes are all sent, naming the blob's digest (an empty PUT). */
  async close(repository: string, url: string, digest: string, what = 'upload'): Promise<void> {
    const close = new URL(url);
    close.searchParams.set('digest', digest);
    const response = await this.transport.request({
      method: 'PUT',
      path: close.toString(),
      repository,
      actions: ['pull', 'push'],
      headers: { 'content-length': '0' },
      retry: false,
    });
    if (response.status !== 201)
      return this.transport.fail(response, `finish the ${what} of blob ${digest} to ${repository}`);
    await response.discard();
  }

  /** Resolves the Location header of an upload response against the registry URL, noting any chunk minimum. */
  private location(response: HttpResponse, repository: string): string {
    const minimum = Number(response.headers.get('oci-chunk-min-length'));
    if (Number.isFinite(minimum) && minimum > 0) this.announcedMinimum = minimum;
    const location = response.headers.get('location');
    const registry = this.transport.registry;
    if (!location)
      throw new RegistryError(`${registry} opened an upload in ${repository} without a Location header`, registry);
    return new URL(location, this.transport.baseUrl).toString();
  }
}
