/**
 * An HTTP proxy in front of a real registry that injects the failures registries and networks
 * really produce: 429 with Retry-After, 503, a reset connection, a response cut off mid-body.
 * Faults are chosen per request by a rule, each firing a bounded number of times.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export type Fault = '429' | '503' | 'reset' | 'cut-body';

export interface FaultRule {
  readonly match: (method: string, path: string) => boolean;
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
  const server: Server = createServer((req: IncomingMessage, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const rule = rules.find((r) => r.times > 0 && r.match(method, path));
    if (rule) rule.times--;
    const fault = rule?.fault;
    log.push(`${method} ${path.split('?')[0]}${fault ? ` [${fault}]` : ''}`);
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
