/**
 * The run's timeout and a runtime's own waits: a wait is cut to end before the run does (leaving a
 * reserve for the undo and the report), and what a deploy registered as left is said when the
 * timeout fires anyway.
 */
import { describe, expect, it } from 'vitest';
import { leftAsIs, runDeadline, RunTimeoutError, waitBound, withinDeadline } from '../src/deadline.js';
import { failureMessage } from '../src/run/outcome.js';

const never = () => new Promise<never>(() => {});

describe('waitBound', () => {
  it("outside a run is the wait's own bound", () => {
    const before = Date.now();
    const bound = waitBound(600, 'wait-timeout');
    expect(bound.byRun).toBe(false);
    expect(bound.said).toBe('600 s (wait-timeout)');
    expect(bound.deadline - before).toBeGreaterThanOrEqual(600_000);
    expect(runDeadline()).toBeUndefined();
  });

  it("within a run is cut to end before the run's timeout, by the report's reserve or the one asked", async () => {
    await withinDeadline(
      100,
      () => '',
      async () => {
        const run = runDeadline()!;
        expect(run.seconds).toBe(100);
        const short = waitBound(30, 'wait-timeout');
        expect(short.byRun).toBe(false);
        expect(short.said).toBe('30 s (wait-timeout)');

        const long = waitBound(600, 'wait-timeout');
        expect(long.byRun).toBe(true);
        // A tenth of the run's timeout (10 s) is kept for the report.
        expect(long.deadline).toBe(run.at - 10_000);
        expect(long.said).toMatch(
          /^the run's timeout \(100s; wait-timeout is 600 s, cut to (89|90) s to leave 10 s before the run ends\)$/,
        );

        const undo = waitBound(600, 'wait-timeout', 35_000);
        expect(undo.deadline).toBe(run.at - 35_000);
        expect(undo.said).toMatch(/cut to (64|65) s to leave 35 s before the run ends for the undo\)$/);
      },
    );
  });
});

describe('leftAsIs', () => {
  it('is said per resource when the timeout fires, and no longer once taken back', async () => {
    const error = await withinDeadline(
      0.2,
      () => 'still in the deploy step',
      async () => {
        const forget = leftAsIs(() => '- gone: taken back');
        forget();
        leftAsIs(() => '- deployment/web runs app@sha256:1 (NOT undone). Undo it: kubectl rollout undo deployment/web');
        leftAsIs(() => undefined);
        return never();
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunTimeoutError);
    expect((error as RunTimeoutError).left).toEqual([
      '- deployment/web runs app@sha256:1 (NOT undone). Undo it: kubectl rollout undo deployment/web',
    ]);
    const message = failureMessage(error, 'deploy');
    expect(message).toMatch(/^the run did not finish within timeout \(0\.2s\): still in the deploy step\./);
    expect(message).toContain(
      '. The deploy had started; it is left so:\n- deployment/web runs app@sha256:1 (NOT undone). Undo it: kubectl rollout undo deployment/web',
    );
  });

  it('outside a run does nothing', () => {
    expect(() => leftAsIs(() => 'x')()).not.toThrow();
  });
});
