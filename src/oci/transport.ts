/**
 * How long the transport waits, and how it tells about retries: one place for the registry client
 * and the token service, so both wait alike and both are bounded.
 */
import { trackInFlight } from './in-flight.js';
import { retryDelayMs, type RetryPolicy } from './retry.js';
import type { Log } from './log.js';

export interface Timeouts {
  /** Opening a TCP connection. */
  readonly connectMs: number;
  /** From the request sent to the response headers (a registry that accepts and never answers). */
  readonly responseMs: number;
  /** Silence in the middle of a body, either way (a stalled download or upload). */
  readonly idleMs: number;
  /**
   * One request with all its retries may spend this long connecting, waiting for answers and
   * backing off; moving body bytes is bounded by `idleMs` only, so a large blob is never cut.
   */
  readonly requestTotalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 30_000,
  responseMs: 30_000,
  idleMs: 120_000,
  requestTotalMs: 5 * 60_000,
};

/**
 * For tests only (they must not wait 30 s): `connect=200,response=500,idle=1000,total=3000`, in
 * milliseconds, overrides the defaults for every client of the run.
 */
export const TEST_TIMEOUTS_VARIABLE = 'PORTABLE_DEPLOY_TEST_TIMEOUTS';

const KEYS: Record<string, keyof Timeouts> = {
  connect: 'connectMs',
  response: 'responseMs',
  idle: 'idleMs',
  total: 'requestTotalMs',
};

export function timeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): Timeouts {
  const timeouts: Record<keyof Timeouts, number> = { ...DEFAULT_TIMEOUTS };
  for (const pair of (env[TEST_TIMEOUTS_VARIABLE] ?? '').split(',')) {
    const [name, value] = pair.split('=').map((s) => s.trim());
    const key = KEYS[name ?? ''];
    const ms = Number(value);
    if (key && Number.isFinite(ms) && ms > 0) timeouts[key] = ms;
  }
  return timeouts;
}

/** What a transport needs besides the request: its bounds, its retries, where to tell, and when to stop. */
export interface TransportOptions {
  readonly timeouts: Timeouts;
  readonly retry: RetryPolicy;
  /** Told every retry, in one line (the action wires it to the step's log). */
  readonly log?: Log;
  /** Aborts every request in flight and every wait between retries, with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The line a retry logs: what, which host, why, and when the next try is. */
export function retryLine(what: string, why: string, attempt: number, attempts: number, delayMs: number): string {
  return `${what}: ${why}; try ${attempt + 1} of ${attempts} in ${seconds(delayMs)} s`;
}

export function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : (Math.round(ms / 100) / 10).toString();
}

/** Waits before a retry; an abort ends the wait at once with the abort's reason. */
export function waitToRetry(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The retry budget of one request: how many tries, until when. `next` waits before another try
 * (logged, and listed as in flight while it waits) when one is allowed, and says whether it is.
 */
export class RetryBudget {
  readonly started = Date.now();
  readonly deadline: number;

  constructor(
    private readonly transport: TransportOptions,
    private readonly what: string,
    private readonly attempts: number,
  ) {
    this.deadline = this.started + transport.timeouts.requestTotalMs;
  }

  async next(attempt: number, why: string, retryAfter?: string | null): Promise<boolean> {
    if (attempt >= this.attempts) return false;
    const delay = retryDelayMs(attempt, this.transport.retry, retryAfter);
    if (Date.now() + delay >= this.deadline) return false;
    this.transport.log?.(retryLine(this.what, why, attempt, this.attempts, delay));
    const done = trackInFlight(`${this.what}, waiting to try again after: ${why}`);
    try {
      await waitToRetry(delay, this.transport.signal);
    } finally {
      done();
    }
    return true;
  }

  /** For a final error: " (3 attempts in 12 s)" when there was more than one. */
  spent(attempt: number): string {
    return attempt > 1 ? ` (${attempt} attempts in ${seconds(Date.now() - this.started)} s)` : '';
  }
}
