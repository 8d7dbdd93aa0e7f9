/**
 * A TCP proxy on loopback that delays every byte by half a round trip each way, for benchmarks of
 * registries "across the world" on a machine whose kernel has no netem. A new connection also pays
 * one round trip before its first byte goes through (the TCP handshake), so connection reuse
 * counts as it does over a real network. Each direction buffers at most WINDOW bytes in flight
 * (the bandwidth-delay product of a fast link), pausing the sender beyond that.
 *
 *   node scripts/delay-proxy.ts TARGET_HOST:PORT [RTT_MS]   prints PROXY_ADDR=127.0.0.1:PORT
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

const WINDOW = 8 * 1024 * 1024;

export interface DelayProxy {
  readonly addr: string;
  close(): Promise<void>;
}

/**
 * Told what crosses the proxy as the client sees it: a new connection when the client opens it,
 * a request chunk when the client sends it, an answer chunk when it reaches the client (after the
 * delay); each with the connection's number. For request timelines (scripts/rtt-timeline.ts) and
 * round-trip counts (__tests__/round-trips.integration.test.ts).
 */
export interface ProxyObserver {
  onConnection?(id: number): void;
  onData?(id: number, direction: 'request' | 'response', chunk: Buffer): void;
}

/** Forwards `from` to `to`, each chunk `delayMs` later, not before `notBefore()` (ms since epoch), in order. */
function forward(
  from: Socket,
  to: Socket,
  delayMs: number,
  notBefore: () => number,
  observe?: { readonly sent?: (chunk: Buffer) => void; readonly delivered?: (chunk: Buffer) => void },
): void {
  const queue: { chunk: Buffer; due: number }[] = [];
  let queued = 0;
  let ended = false;
  let timer: NodeJS.Timeout | undefined;
  // One timer for the head of the queue: chunks go out strictly in the order they came.
  const pump = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now) {
      const { chunk } = queue.shift()!;
      queued -= chunk.length;
      if (!to.destroyed) to.write(chunk);
      observe?.delivered?.(chunk);
    }
    if (queued <= WINDOW && from.isPaused()) from.resume();
    if (queue.length > 0) timer = setTimeout(pump, Math.max(1, Math.ceil(queue[0]!.due - now)));
    else if (ended) to.end();
  };
  from.on('data', (chunk: Buffer) => {
    observe?.sent?.(chunk);
    queue.push({ chunk, due: Math.max(performance.now(), notBefore()) + delayMs });
    queued += chunk.length;
    if (queued > WINDOW) from.pause();
    timer ??= setTimeout(pump, delayMs);
  });
  from.on('end', () => {
    ended = true;
    timer ??= setTimeout(pump, 0);
  });
}

export function startDelayProxy(target: string, rttMs: number, observer?: ProxyObserver): Promise<DelayProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
    // The handshake: the first byte may travel one round trip after the connection began.
    const open = performance.now() + rttMs;
    const id = ++connections;
    observer?.onConnection?.(id);
    const upstream = connect({ host, port, noDelay: true, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const onData = observer?.onData;
    forward(client, upstream, rttMs / 2, () => open, onData && { sent: (c) => onData(id, 'request', c) });
    forward(upstream, client, rttMs / 2, () => 0, onData && { delivered: (c) => onData(id, 'response', c) });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const addr = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      resolve({
        addr,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [target, rtt] = process.argv.slice(2);
  if (!target) throw new Error('usage: delay-proxy.ts TARGET_HOST:PORT [RTT_MS]');
  const proxy = await startDelayProxy(target, Number(rtt ?? 40));
  console.log(`PROXY_ADDR=${proxy.addr}`);
}
