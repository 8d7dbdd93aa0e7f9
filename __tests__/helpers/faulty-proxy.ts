/**
 * An HTTP proxy in front of a real registry that injects the failures registries and networks
 * really produce: 429 with Retry-After, 503, a reset connection, a response cut off mid-body, a
 * body changed in transit, a registry that never answers, and a slow link.
 * Faults are chosen per request by a rule, each firing a bounded number of times.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';

export type Fault =
  | '429'
  | '503'
  | 'reset'
  | 'cut-body'
  | '413'
  | 'manifest-unknown'
  | '401'
  /** Reads the request and never answers (the connection stays open). */
  | 'stall'
  /** Answers the headers and a part of the body, then goes silent. */
  | 'stall-body'
  /** The upstream answer with one byte flipped (same length, same headers). */
  | 'corrupt-body'
  /** The upstream answer cut short, with a Content-Length that agrees (a truncation nobody notices on the wire). */
  | 'short-body'
  /** A JSON answer (a manifest) rewritten into other valid JSON: an annotation added, headers kept. */
  | 'rewrite-json';

export interface FaultRule {
  readonly match: (method: string, path: string, length: number) => boolean;
  readonly fault: Fault;
  /** How many matching requests get the fault; later ones pass through. */
  times: number;
  /** The Retry-After a 429 or 503 carries (seconds); "0" when not given. */
  readonly retryAfter?: string;
}

export interface FaultyProxy {
  readonly addr: string;
  readonly log: string[];
  /** Request body bytes passed upstream so far (uploads). */
  readonly bytesUp: () => number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Slows request and response bodies to about this rate, both ways (a slow link); read per request. */
  bytesPerSecond?: number;
}

/** Passes bytes on at about `rate` bytes per second, in slices of a tenth of a second. */
class Throttle extends Transform {
  constructor(private readonly rate: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const slice = Math.max(1, Math.floor(this.rate / 10));
    const push = (offset: number): void => {
      if (this.destroyed) return;
      if (offset >= chunk.length) return callback();
      this.push(chunk.subarray(offset, offset + slice));
      setTimeout(() => push(offset + slice), 100);
    };
    push(0);
  }
}

export async function startFaultyProxy(
  upstream: string,
  rules: FaultRule[],
  options: ProxyOptions = {},
): Promise<FaultyProxy> {
  const [upstreamHost, upstreamPort] = upstream.split(':') as [string, string];
  const log: string[] = [];
  let bytesUp = 0;
  const slow = <T extends NodeJS.ReadableStream>(stream: T): NodeJS.ReadableStream =>
    options.bytesPerSecond ? stream.pipe(new Throttle(options.bytesPerSecond)) : stream;
  const pick = (req: IncomingMessage, askedFirst = false): FaultRule | undefined => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const rule = rules.find((r) => r.times > 0 && r.match(method, path, Number(req.headers['content-length'] ?? 0)));
    if (rule) rule.times--;
    log.push(`${method} ${path.split('?')[0]}${rule ? ` [${rule.fault}]` : ''}${askedFirst ? ' (asked first)' : ''}`);
    return rule;
  };
  const handle = (req: IncomingMessage, res: ServerResponse, rule: FaultRule | undefined): void => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = rule?.fault;
    if (fault === 'stall') {
      req.resume();
      return;
    }
    if (fault === '413') {
      // A body size limit: refused on the declared length at once, then the body is read and
      // dropped before the connection closes (nginx's lingering close), so the client sees the 413.
      res.writeHead(413, { 'content-type': 'text/plain' });
      res.end('request entity too large');
      req.resume();
      return;
    }
    if (fault === '401') {
      // A credential the registry no longer accepts (an expired token), answered once the body is read.
      req.resume();
      req.on('end', () => {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="expired"', 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      });
      return;
    }
    if (fault === 'manifest-unknown') {
      // What an eventually consistent registry (ECR) says about a child manifest pushed a moment ago.
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN","message":"blob unknown to registry"}]}');
      });
      return;
    }
    if (fault === '429' || fault === '503') {
      req.resume();
      req.on('end', () => {
        res.writeHead(Number(fault), { 'retry-after': rule?.retryAfter ?? '0', 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"injected"}]}');
      });
      return;
    }
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    const forward = request(
      { host: upstreamHost, port: Number(upstreamPort), method, path, headers: req.headers },
      (upstreamRes) => {
        if (fault === 'corrupt-body' || fault === 'short-body' || fault === 'rewrite-json') {
          // Read the whole answer, change it, and send it on as if nothing happened.
          const chunks: Buffer[] = [];
          upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
          upstreamRes.on('end', () => {
            let body = Buffer.concat(chunks);
            if (fault === 'corrupt-body' && body.length > 0) body[Math.floor(body.length / 2)]! ^= 0x01;
            if (fault === 'short-body') body = body.subarray(0, Math.floor(body.length / 2));
            if (fault === 'rewrite-json') {
              const json = JSON.parse(body.toString('utf8')) as { annotations?: Record<string, string> };
              json.annotations = { ...json.annotations, 'injected-by': 'a proxy' };
              body = Buffer.from(JSON.stringify(json));
            }
            res.writeHead(upstreamRes.statusCode ?? 502, {
              ...upstreamRes.headers,
              'content-length': String(body.length),
            });
            res.end(body);
          });
          return;
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (fault === 'stall-body') {
          upstreamRes.once('data', (chunk: Buffer) => res.write(chunk.subarray(0, Math.ceil(chunk.length / 2))));
          return;
        }
        if (fault !== 'cut-body') {
          slow(upstreamRes).pipe(res);
          return;
        }
        // Send a part of the body, then drop the connection.
        let sent = 0;
        upstreamRes.on('data', (chunk: Buffer) => {
          if (sent > 4096) return;
          res.write(chunk.subarray(0, 4096));
          sent += 4097;
          setTimeout(() => res.socket?.destroy(), 20);
        });
      },
    );
    forward.on('error', () => res.socket?.destroy());
    req.on('data', (chunk: Buffer) => (bytesUp += chunk.length));
    slow(req).pipe(forward);
  };
  const server: Server = createServer((req, res) => handle(req, res, pick(req)));
  // A client gone mid-transfer (killed) must not take the proxy down with it.
  server.on('clientError', (_error, socket) => socket.destroy());
  // A client that asks first (Expect: 100-continue) is refused before it sends a byte, and the
  // connection is closed straight away, as a CDN in front of a registry may do.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const rule = pick(req, true);
    if (rule?.fault === '413') {
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
      res.end('request entity too large', () => req.socket.destroy());
      return;
    }
    res.writeContinue();
    handle(req, res, rule);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    addr: `127.0.0.1:${port}`,
    log,
    bytesUp: () => bytesUp,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
