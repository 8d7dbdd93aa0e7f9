/**
 * An HTTP proxy in front of a real registry that injects the failures registries and networks
 * really produce: 429 with Retry-After, 503, a reset connection, a response cut off mid-body.
 * Faults are chosen per request by a rule, each firing a bounded number of times.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Fault = '429' | '503' | 'reset' | 'cut-body' | '413' | 'manifest-unknown' | '401';

export interface FaultRule {
  readonly match: (method: string, path: string, length: number) => boolean;
  readonly fault: Fault;
  /** How many matching requests get the fault; later ones pass through. */
  times: number;
}

export interface FaultyProxy {
  readonly addr: string;
  readonly log: string[];
  close(): Promise<void>;
}

export async function startFaultyProxy(upstream: string, rules: FaultRule[]): Promise<FaultyProxy> {
  const [upstreamHost, upstreamPort] = upstream.split(':') as [string, string];
  const log: string[] = [];
  const pick = (req: IncomingMessage, askedFirst = false): Fault | undefined => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const rule = rules.find((r) => r.times > 0 && r.match(method, path, Number(req.headers['content-length'] ?? 0)));
    if (rule) rule.times--;
    log.push(`${method} ${path.split('?')[0]}${rule ? ` [${rule.fault}]` : ''}${askedFirst ? ' (asked first)' : ''}`);
    return rule?.fault;
  };
  const handle = (req: IncomingMessage, res: ServerResponse, fault: Fault | undefined): void => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
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
        res.writeHead(Number(fault), { 'retry-after': '0', 'content-type': 'application/json' });
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
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (fault !== 'cut-body') {
          upstreamRes.pipe(res);
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
    req.pipe(forward);
  };
  const server: Server = createServer((req, res) => handle(req, res, pick(req)));
  // A client that asks first (Expect: 100-continue) is refused before it sends a byte, and the
  // connection is closed straight away, as a CDN in front of a registry may do.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const fault = pick(req, true);
    if (fault === '413') {
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' });
      res.end('request entity too large', () => req.socket.destroy());
      return;
    }
    res.writeContinue();
    handle(req, res, fault);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    addr: `127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
