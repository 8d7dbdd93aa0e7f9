/**
 * Network failures in words: "could not connect to 127.0.0.1:5999: connection refused" rather
 * than "fetch failed" or a bare errno. The original error stays as `cause`, and `code` is kept, so
 * the retry rule still reads it.
 */
export class NetworkError extends Error {
  constructor(
    message: string,
    /** host:port that failed. */
    readonly host: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

const CONNECT_PROBLEMS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host (DNS)',
  EAI_AGAIN: 'DNS lookup failed for now',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

const LATER_PROBLEMS: Record<string, string> = {
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ECONNABORTED: 'connection aborted',
  ERR_STREAM_PREMATURE_CLOSE: 'connection closed before the end of the body',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no answer (headers timeout)',
  UND_ERR_BODY_TIMEOUT: 'the body stalled',
};

/** The first errno-like code along an error's cause chain. */
function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** The innermost message: undici's "fetch failed" hides the real one in `cause`. */
function innermost(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.message && current.message !== 'fetch failed') message = current.message;
    current = current.cause;
  }
  return message;
}

/** Names the host and what happened; an error that already is a NetworkError is kept as it is. */
export function toNetworkError(error: unknown, host: string): NetworkError {
  if (error instanceof NetworkError) return error;
  const code = errorCode(error);
  if (code && code in CONNECT_PROBLEMS)
    return new NetworkError(`could not connect to ${host}: ${CONNECT_PROBLEMS[code]} (${code})`, host, code, {
      cause: error,
    });
  if (code && code in LATER_PROBLEMS)
    return new NetworkError(`${host}: ${LATER_PROBLEMS[code]} (${code})`, host, code, { cause: error });
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || /certificate|SSL|TLS/i.test(innermost(error)))
    return new NetworkError(`TLS with ${host} failed: ${innermost(error)}`, host, code, { cause: error });
  return new NetworkError(`${host}: ${innermost(error)}${code ? ` (${code})` : ''}`, host, code, { cause: error });
}
