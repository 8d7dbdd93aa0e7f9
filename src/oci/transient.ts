/**
 * What is worth another try: one rule for the registry transport, its token service, the upload
 * restarts of the copy and the polls of Google's long-running operations, so they agree.
 */

/**
 * HTTP statuses that may pass: a timeout, throttling, a server or gateway failing for now. Not 501
 * Not Implemented or 505: the same request gets the same answer (RFC 9110 §15.6.2); nor other 5xx
 * such as 507 Insufficient Storage, which need someone to act.
 */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Network failures that may pass: resets, refused or closed sockets, timeouts, DNS for now. */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/** A network failure worth another try, read along the cause chain (undici hides it in `cause`). */
export function isTransientNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code && TRANSIENT_NETWORK_CODES.has(code)) return true;
    if (current.message === 'fetch failed' && current.cause === undefined) return true;
    if (/other side closed|socket hang up|terminated/i.test(current.message)) return true;
  }
  return false;
}

/** An error worth another try: it carries a transient HTTP `status`, or it is a transient network failure. */
export function isTransient(error: unknown): boolean {
  const status = (error as { status?: unknown } | null | undefined)?.status;
  if (typeof status === 'number') return isTransientStatus(status);
  return isTransientNetworkError(error);
}
