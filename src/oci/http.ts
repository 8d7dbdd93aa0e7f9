/**
 * HTTP for registries on Node's own http/https: one keep-alive connection pool per origin, bodies
 * as Node streams with real backpressure (a blob flows GET → verify → PUT without piling up), and
 * redirects followed the way registries use them (blob downloads sent to a CDN or object store).
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface HttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | Readable;
  /** Follow redirects (GET and HEAD only). */
  readonly followRedirects?: boolean;
  /**
   * Ask before sending the body (`Expect: 100-continue`, as curl does for large uploads), so a
   * registry can refuse it (413, 401) before any byte travels, and the refusal is never lost to a
   * connection closed under a half-sent body.
   */
  readonly expectContinue?: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /** The final URL after redirects. */
  readonly url: URL;
  readonly body: Readable;
  text(): Promise<string>;
  json<T>(): Promise<T>;
  buffer(): Promise<Buffer>;
  /** Reads and drops the body, so the connection goes back to the pool. */
  discard(): Promise<void>;
}

const MAX_REDIRECTS = 5;
/** A server that ignores Expect gets the body after this long anyway (curl waits 1 s too). */
const CONTINUE_TIMEOUT_MS = 1_000;
/** A connection silent this long is dead: the request fails with ETIMEDOUT and is retried. */
const IDLE_TIMEOUT_MS = 120_000;
const agents = new Map<string, http.Agent>();

function agentFor(url: URL): http.Agent {
  let agent = agents.get(url.origin);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 16, scheduling: 'lifo' as const };
    agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(url.origin, agent);
  }
  return agent;
}

function wrap(message: http.IncomingMessage, url: URL, method: string): HttpResponse {
  // A response without a body must still be read to its end, or its socket never returns to the pool.
  if (method === 'HEAD' || message.statusCode === 204 || message.statusCode === 304) message.resume();
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const buffer = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of message) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const status = message.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status < 300,
    headers,
    url,
    body: message,
    buffer,
    text: async () => (await buffer()).toString('utf8'),
    json: async <T>() => JSON.parse((await buffer()).toString('utf8')) as T,
    discard: async () => {
      if (message.readableEnded || message.destroyed) return;
      const ended = new Promise<void>((resolve) => message.once('end', resolve).once('close', resolve));
      message.resume();
      await ended;
    },
  };
}

function sendOnce(request: HttpRequest, url: URL): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const body = request.body;
    const expectContinue = request.expectContinue === true && body !== undefined;
    const headers = expectContinue ? { ...request.headers, expect: '100-continue' } : request.headers;
    const outgoing = transport.request(url, { method: request.method, headers, agent: agentFor(url) });
    outgoing.setTimeout(IDLE_TIMEOUT_MS, () => {
      outgoing.destroy(
        Object.assign(new Error(`no answer from ${url.host} for ${IDLE_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' }),
      );
    });
    let bodySent = false;
    const sendBody = (): void => {
      if (bodySent) return;
      bodySent = true;
      if (body === undefined) outgoing.end();
      else if (Buffer.isBuffer(body)) outgoing.end(body);
      // A streamed body that fails (a source cut off, a digest mismatch) aborts the request with its error.
      else pipeline(body, outgoing).catch((error: unknown) => outgoing.destroy(error as Error));
    };
    outgoing.once('response', (message) => {
      if (!bodySent) {
        // Refused before the body was asked for: it is never sent, and this connection is not reused.
        bodySent = true;
        if (body !== undefined && !Buffer.isBuffer(body)) body.destroy();
        outgoing.shouldKeepAlive = false;
        outgoing.end();
      }
      resolve(wrap(message, url, request.method));
    });
    outgoing.once('error', reject);
    if (expectContinue) {
      outgoing.flushHeaders();
      outgoing.once('continue', sendBody);
      setTimeout(sendBody, CONTINUE_TIMEOUT_MS).unref();
    } else {
      sendBody();
    }
  });
}

export async function send(request: HttpRequest): Promise<HttpResponse> {
  let url = request.url;
  let headers = request.headers;
  for (let hop = 0; ; hop++) {
    const response = await sendOnce({ ...request, headers }, url);
    const location = response.headers.get('location');
    const redirect = [301, 302, 303, 307, 308].includes(response.status) && location !== null;
    if (!redirect || !request.followRedirects || hop >= MAX_REDIRECTS) return response;
    await response.discard();
    const next = new URL(location, url);
    // Credentials never follow a redirect to another host (presigned object-store URLs reject them).
    if (next.origin !== url.origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    url = next;
  }
}
