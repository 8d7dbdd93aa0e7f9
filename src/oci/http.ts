/**
 * HTTP for registries on Node's own http/https: one keep-alive connection pool per origin, bodies
 * as Node streams with real backpressure (a blob flows GET → verify → PUT without piling up), and
 * redirects followed the way registries use them (blob downloads sent to a CDN or object store).
 */
import http from 'node:http';
import type https from 'node:https';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { RegistryEndpoints } from './endpoints.js';
import type { FetchLike } from './fetch-like.js';
import { trackInFlight } from './in-flight.js';
import { NetworkError, toNetworkError } from './network-error.js';
import { DEFAULT_TIMEOUTS, seconds, type Timeouts } from './transport.js';

/**
 * node:https (and node:tls under it) is loaded on the first https URL: about 15 ms of start-up that
 * a run with plain-http registries only (a local registry, `insecure-registries`) never needs.
 */
const httpsModule = (): typeof https => process.getBuiltinModule('node:https');

let cryptoWarmed = false;
/**
 * The first answer is hashed (its digest checked), and node:crypto takes ~7 ms to load: loaded while
 * the first request waits for its connection and answer, rather than before it or after it.
 */
function warmCrypto(): void {
  if (cryptoWarmed) return;
  cryptoWarmed = true;
  setImmediate(() => process.getBuiltinModule('node:crypto'));
}

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
  readonly timeouts?: Timeouts;
  /** No wait (connecting, or for the answer) goes past this time (ms since the epoch). */
  readonly deadline?: number;
  /** Aborts the request, or the reading of its body, with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Where to connect for a host (`host[:port]`, by lower-case host name), instead of its DNS address. */
  readonly endpoints?: RegistryEndpoints;
}

/** Response headers by case-insensitive name, as fetch's Headers reads them. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: ResponseHeaders;
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
const agents = new Map<string, http.Agent>();

/** Connections opened ahead of their first request (preconnect), per agent: its next new connections. */
const warm = new WeakMap<http.Agent, Socket[]>();

function agentFor(url: URL, endpoint: string | undefined): http.Agent {
  const key = `${url.origin} ${endpoint ?? ''}`;
  let agent = agents.get(key);
  if (!agent) {
    // HTTP_PROXY, HTTPS_PROXY and NO_PROXY (either case), as self-hosted runners behind a proxy set them.
    const options = { keepAlive: true, maxSockets: 16, scheduling: 'lifo' as const, proxyEnv: process.env };
    const created = url.protocol === 'https:' ? new (httpsModule().Agent)(options) : new http.Agent(options);
    // A new connection takes a preconnected one first, if one is still open.
    const create = created.createConnection.bind(created) as (...args: unknown[]) => Socket | undefined;
    created.createConnection = ((...args: unknown[]) => {
      const ready = warm.get(created)?.shift();
      if (!ready) return create(...args);
      ready.ref();
      return ready;
    }) as typeof created.createConnection;
    agents.set(key, (agent = created));
  }
  return agent;
}

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'];

/**
 * Opens `count` connections (TCP, and TLS for https) to `url`'s host now, for requests to come:
 * the handshakes then overlap other work instead of delaying the first request on each. Nothing
 * is sent over them until a request is. Not done through a proxy (the agent's own tunnel opens
 * those). Unused connections keep no process alive, and close when the server drops them.
 */
export function preconnect(url: URL, count = 1, endpoints?: RegistryEndpoints): void {
  if (PROXY_VARIABLES.some((name) => process.env[name])) return;
  const endpoint = endpoints?.get(url.hostname.toLowerCase());
  const agent = agentFor(url, endpoint);
  // The registry's own host and port when no endpoint stands in for it.
  const target = connectTo(url, endpoint ?? url.host);
  const servername = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const sockets = warm.get(agent) ?? [];
  warm.set(agent, sockets);
  // Idle keep-alive connections count as ready too.
  const idle = Object.values(agent.freeSockets).reduce((sum, list) => sum + (list?.length ?? 0), 0);
  for (let i = sockets.length + idle; i < count; i++) {
    const socket =
      url.protocol === 'https:'
        ? process.getBuiltinModule('node:tls').connect({
            host: target.hostname,
            port: target.port,
            // As https.Agent does: the registry's name for SNI and the certificate, never an IP address.
            ...(isIP(servername) === 0 && { servername }),
            ALPNProtocols: ['http/1.1'],
          })
        : netConnect({ host: target.hostname, port: target.port, noDelay: true });
    // A connection that fails or closes before it is used is simply dropped: requests open their own.
    const drop = (): void => {
      const at = sockets.indexOf(socket);
      if (at >= 0) sockets.splice(at, 1);
    };
    socket.once('error', drop).once('close', drop).unref();
    sockets.push(socket);
  }
}

/** The connection options that send a request for `url` to `endpoint` while it still names url's host. */
function connectTo(url: URL, endpoint: string): { hostname: string; port: number; servername?: string } {
  const { hostname, port } = new URL(`${url.protocol}//${endpoint}`);
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  return {
    hostname: hostname.replace(/^\[(.*)\]$/, '$1'),
    port: port ? Number(port) : url.port ? Number(url.port) : defaultPort,
    // The certificate is checked against the registry's name, not the endpoint's address.
    ...(url.protocol === 'https:' && { servername: url.hostname }),
  };
}

function wrap(message: http.IncomingMessage, url: URL, method: string): HttpResponse {
  // A response without a body must still be read to its end, or its socket never returns to the pool.
  if (method === 'HEAD' || message.statusCode === 204 || message.statusCode === 304) message.resume();
  // Node has already lower-cased the names. (Not fetch's Headers: the first use of that global loads
  // Node's bundled undici, ~25 ms of a run's start.)
  const headers: ResponseHeaders = {
    get: (name) => {
      const value = message.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
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

/** A timeout is an ETIMEDOUT NetworkError, so the retry rule treats it as transient. */
function timedOut(message: string, host: string): NetworkError {
  return new NetworkError(message, host, 'ETIMEDOUT');
}

function sendOnce(request: HttpRequest, url: URL): Promise<HttpResponse> {
  const timeouts = request.timeouts ?? DEFAULT_TIMEOUTS;
  const endpoint = request.endpoints?.get(url.hostname.toLowerCase());
  const host = endpoint === undefined ? url.host : `${url.host} (through ${endpoint})`;
  const bounded = (ms: number): number =>
    request.deadline === undefined ? ms : Math.max(0, Math.min(ms, request.deadline - Date.now()));
  const done = trackInFlight(`${request.method} ${host}${url.pathname}`);
  return new Promise<HttpResponse>((resolve, reject) => {
    const transport = url.protocol === 'https:' ? httpsModule() : http;
    const body = request.body;
    const expectContinue = request.expectContinue === true && body !== undefined;
    const headers = {
      ...request.headers,
      ...(expectContinue && { expect: '100-continue' }),
      ...(endpoint !== undefined && { host: url.host }),
    };
    const outgoing = transport.request(url, {
      method: request.method,
      headers,
      agent: agentFor(url, endpoint),
      ...(endpoint !== undefined && connectTo(url, endpoint)),
    });
    warmCrypto();
    let message: http.IncomingMessage | undefined;
    let timer: NodeJS.Timeout | undefined;
    let releaseSocket = (): void => {};
    const fail = (error: Error): void => {
      // After the headers the body carries the error; before, the request does.
      if (message && !message.readableEnded) message.destroy(error);
      outgoing.destroy(error);
    };
    const startTimer = (ms: number, error: (waitedMs: number) => Error): void => {
      clearTimeout(timer);
      const wait = bounded(ms);
      timer = setTimeout(() => fail(error(wait)), wait);
    };
    const finished = (): void => {
      clearTimeout(timer);
      releaseSocket();
      request.signal?.removeEventListener('abort', onAbort);
      done();
    };
    const onAbort = (): void => fail(request.signal!.reason as Error);
    if (request.signal?.aborted) onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });

    // Silence mid-body either way: the connection is dead. (Off while the answer is awaited: that has its own timer.)
    outgoing.setTimeout(timeouts.idleMs, () =>
      fail(timedOut(`${host} sent nothing for ${seconds(timeouts.idleMs)} s in the middle of a transfer`, host)),
    );
    let connected = false;
    let sent = false;
    // The answer is awaited once the request is out and the connection is up. An upload's answer
    // may take a while (the registry checks the digest, moves the blob): it gets the idle bound.
    const awaitAnswer = (): void => {
      if (!connected || !sent || message) return;
      const ms = body !== undefined && !Buffer.isBuffer(body) ? timeouts.idleMs : timeouts.responseMs;
      outgoing.setTimeout(0);
      startTimer(ms, (waited) => timedOut(`no answer from ${host} within ${seconds(waited)} s`, host));
    };
    outgoing.once('socket', (socket) => {
      // A connection closed mid-body is named here, before Node calls it "aborted".
      const onClose = (): void => {
        if (message && !message.complete)
          message.destroy(
            new NetworkError(`${host} closed the connection in the middle of a body`, host, 'ECONNRESET'),
          );
      };
      socket.prependListener('close', onClose);
      releaseSocket = () => socket.removeListener('close', onClose);
      if (!socket.connecting) {
        connected = true;
        return awaitAnswer();
      }
      startTimer(timeouts.connectMs, (waited) =>
        timedOut(`could not connect to ${host}: no connection within ${seconds(waited)} s`, host),
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        connected = true;
        awaitAnswer();
      });
    });
    outgoing.once('finish', () => {
      sent = true;
      awaitAnswer();
    });

    let bodySent = false;
    /** The streamed body's own failure: it is the cause, not this connection. */
    let bodyFailure: Error | undefined;
    const sendBody = (): void => {
      if (bodySent) return;
      bodySent = true;
      if (body === undefined) outgoing.end();
      else if (Buffer.isBuffer(body)) outgoing.end(body);
      // A streamed body that fails (a source cut off, a digest mismatch) aborts the request with its
      // error (pipeline() would abort() it, and the cause would be lost to "socket hang up").
      else
        body
          .once('error', (error) => {
            bodyFailure = error;
            outgoing.destroy(error);
          })
          .pipe(outgoing);
    };
    outgoing.once('response', (incoming) => {
      clearTimeout(timer);
      outgoing.setTimeout(timeouts.idleMs);
      message = incoming;
      if (!bodySent) {
        // Refused before the body was asked for: it is never sent, and this connection is not reused.
        bodySent = true;
        if (body !== undefined && !Buffer.isBuffer(body)) body.destroy();
        outgoing.shouldKeepAlive = false;
        outgoing.end();
      }
      incoming.once('close', finished);
      resolve(wrap(incoming, url, request.method));
    });
    outgoing.once('error', (error) => {
      // An abort keeps its own reason; everything else names the host and what happened.
      const named = request.signal?.aborted
        ? (request.signal.reason as Error)
        : (bodyFailure ?? toNetworkError(error, host));
      // Mid-body, the reader of the body must learn it too, before Node calls it "aborted".
      if (message && !message.complete) message.destroy(named);
      finished();
      reject(named);
    });
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

/**
 * fetch over this module's connections, for the token services: they then go through the same
 * endpoints and proxy as the registry (Node's own fetch honours neither). Not fetch's own Request,
 * Response and Headers: those load Node's bundled undici, tens of milliseconds of a run's start.
 */
export function fetchThrough(endpoints?: RegistryEndpoints): FetchLike {
  return async (input, init = {}) => {
    const form = init.body instanceof URLSearchParams;
    const body = init.body === undefined ? undefined : Buffer.from(init.body.toString(), 'utf8');
    const given = Object.keys(init.headers ?? {}).some((name) => name.toLowerCase() === 'content-type');
    const answer = await send({
      method: init.method ?? 'GET',
      url: new URL(input),
      // As fetch labels a URLSearchParams body.
      headers: {
        ...init.headers,
        ...(form && !given && { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }),
      },
      followRedirects: true,
      ...(body && { body }),
      ...(init.signal && { signal: init.signal }),
      ...(endpoints && { endpoints }),
    });
    const bytes = await answer.buffer();
    return {
      status: answer.status,
      ok: answer.ok,
      headers: answer.headers,
      text: async () => bytes.toString('utf8'),
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
    };
  };
}
