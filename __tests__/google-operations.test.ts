import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  endpointOverride,
  explainGoogleError,
  OperationFailed,
  OperationTimeout,
  waitForOperation,
  type LongRunning,
} from '../src/clouds/google.js';

const failing = (code: number | string) => Object.assign(new Error(`status ${code}`), { code });

/** Runs a wait to its end on fake time: each poll delay (250 ms growing to 5 s) passes at once. */
async function onFakeTime<T>(wait: Promise<T>): Promise<T> {
  const outcome = wait.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const result = await outcome;
  if ('error' in result) throw result.error;
  return result.value;
}

describe('waitForOperation', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls until done and returns the result', async () => {
    let polls = 0;
    const result = await onFakeTime(
      waitForOperation<string>(
        { name: 'op', done: false },
        async () => (++polls < 2 ? { name: 'op', done: false } : { name: 'op', done: true, result: 'ready' }),
        10,
      ),
    );
    expect(result).toBe('ready');
    expect(polls).toBe(2);
  });

  it('rides out transient poll failures, but not a permanent one', async () => {
    const answers: (LongRunning<string> | Error)[] = [failing(14), failing('ECONNRESET'), { done: true, result: 'ok' }];
    const check = async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    await expect(onFakeTime(waitForOperation<string>({ name: 'op' }, check, 10))).resolves.toBe('ok');
    await expect(
      onFakeTime(waitForOperation<string>({ name: 'op' }, () => Promise.reject(failing(7)), 10)),
    ).rejects.toMatchObject({
      code: 7,
    });
  });

  it('rides out a reset the client reports in the cause chain (the same network rule as the registry transport)', async () => {
    const reset = new Error('request to run.googleapis.com failed', { cause: failing('ECONNRESET') });
    const answers: (LongRunning<string> | Error)[] = [reset, failing('EAI_AGAIN'), { done: true, result: 'ok' }];
    const check = async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    await expect(onFakeTime(waitForOperation<string>({ name: 'op' }, check, 10))).resolves.toBe('ok');
    // UNIMPLEMENTED (HTTP 501) is an answer that will not change.
    await expect(
      onFakeTime(waitForOperation<string>({ name: 'op' }, () => Promise.reject(failing(12)), 10)),
    ).rejects.toMatchObject({
      code: 12,
    });
  });

  it('gives up after six failed polls in a row', async () => {
    let polls = 0;
    const check = () => {
      polls++;
      return Promise.reject(failing(14));
    };
    const started = Date.now();
    await expect(onFakeTime(waitForOperation({ name: 'op' }, check, 60))).rejects.toMatchObject({ code: 14 });
    expect(polls).toBe(6);
    // Six waits before the polls, growing by half from 250 ms (fake timers drop the fractions).
    expect(Date.now() - started).toBe(250 + 375 + 562 + 843 + 1265 + 1898);
  });

  it('reports the operation failure with the last metadata seen', async () => {
    const answers: LongRunning<string>[] = [
      { done: false, metadata: { name: 'exec-1' } },
      { done: true, error: { code: 9, message: 'task failed' }, metadata: null },
    ];
    const error = await onFakeTime(waitForOperation<string>({ name: 'op' }, async () => answers.shift()!, 10)).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(OperationFailed);
    expect(error).toMatchObject({ code: 9, message: 'task failed', metadata: { name: 'exec-1' } });
  });

  it('stops at the deadline', async () => {
    const error = await onFakeTime(waitForOperation({ name: 'op' }, async () => ({ done: false }), 0.4)).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(OperationTimeout);
  });
});

describe('Google errors and endpoints', () => {
  it('names the role to grant on a 403, and what to add without credentials', () => {
    expect(explainGoogleError(failing(7), 'Updating x', 'p', 'roles/run.developer').message).toBe(
      "Updating x (p) was denied: status 7. Grant the workflow's service account roles/run.developer",
    );
    expect(
      explainGoogleError(new Error('Could not load the default credentials.'), 'Reading x', 'p').message,
    ).toContain('add google-github-actions/auth');
    expect(explainGoogleError(failing(8), 'Reading x', 'p').message).toContain('hit a quota');
  });

  it("reads gcloud's endpoint overrides", () => {
    expect(endpointOverride('run', { CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN: 'http://127.0.0.1:9000/' })).toEqual({
      apiEndpoint: '127.0.0.1',
      port: 9000,
      protocol: 'http',
    });
    expect(
      endpointOverride('artifactregistry', {
        CLOUDSDK_API_ENDPOINT_OVERRIDES_ARTIFACTREGISTRY: 'https://artifactregistry-psc.p.rep.googleapis.com/',
      }),
    ).toEqual({ apiEndpoint: 'artifactregistry-psc.p.rep.googleapis.com', port: 443, protocol: 'https' });
    expect(endpointOverride('run', {})).toBeUndefined();
    expect(() => endpointOverride('run', { CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN: 'nope' })).toThrow('is not a URL');
  });
});
