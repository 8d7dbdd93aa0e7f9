import { describe, expect, it } from 'vitest';
import { RegistryError } from '../src/oci/client.js';
import { NetworkError } from '../src/oci/network-error.js';
import { isTransient, isTransientNetworkError, isTransientStatus } from '../src/oci/transient.js';
import { isTransientGoogleError } from '../src/clouds/google.js';

const withCode = (code: number | string, cause?: unknown) =>
  Object.assign(new Error(`failed ${code}`, { cause }), { code });

describe('one rule for what is worth another try', () => {
  it.each([408, 429, 500, 502, 503, 504])('HTTP %i is transient', (status) => {
    expect(isTransientStatus(status)).toBe(true);
    expect(isTransient(new RegistryError('x', 'r.example', status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 413, 501, 505, 507])(
    'HTTP %i is not (501: the same request gets the same answer)',
    (status) => {
      expect(isTransientStatus(status)).toBe(false);
      expect(isTransient(new RegistryError('x', 'r.example', status))).toBe(false);
    },
  );

  it('reads network failures along the cause chain', () => {
    expect(isTransientNetworkError(new NetworkError('reset', 'h:1', 'ECONNRESET'))).toBe(true);
    expect(isTransient(new Error('fetch failed', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    expect(isTransient(new Error('fetch failed'))).toBe(true);
    expect(isTransient(new Error('other side closed'))).toBe(true);
    expect(isTransient(withCode('ENOTFOUND'))).toBe(false);
    expect(isTransient(new Error('certificate has expired'))).toBe(false);
    expect(isTransient('a string')).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });

  it('reads a Google gRPC code as the HTTP status Google maps it to', () => {
    // DEADLINE_EXCEEDED 504, RESOURCE_EXHAUSTED 429, INTERNAL 500, UNAVAILABLE 503
    for (const code of [4, 8, 13, 14]) expect(isTransientGoogleError(withCode(code))).toBe(true);
    // CANCELLED, UNKNOWN, NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION, ABORTED, UNIMPLEMENTED 501, DATA_LOSS, UNAUTHENTICATED
    for (const code of [1, 2, 5, 7, 9, 10, 12, 15, 16]) expect(isTransientGoogleError(withCode(code))).toBe(false);
    expect(isTransientGoogleError(withCode('ECONNRESET'))).toBe(true);
    expect(isTransientGoogleError(new Error('request failed', { cause: withCode('ETIMEDOUT') }))).toBe(true);
    expect(isTransientGoogleError(withCode('ENOTFOUND'))).toBe(false);
  });
});
