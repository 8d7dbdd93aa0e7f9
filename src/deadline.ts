/**
 * The whole run's time limit (the `timeout` input). Every request and wait has its own bound; this
 * one is the last word, so a step never hangs past it, and its error says what was still waiting.
 *
 * A runtime's own waits (wait-timeout, health-timeout) are cut to end before it (waitBound), so the
 * runtime's own failure — with its undo done, or what is left and how to finish it — is what the
 * step says; and what a deploy has changed so far is registered (leftAsIs), so a timeout that still
 * fires names, per resource, what it is left as.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { UserError } from './oci/user-error.js';

export class RunTimeoutError extends UserError {
  /** What the deploy under way had left, per resource, when the timeout fired (empty: nothing said). */
  readonly left: readonly string[];

  constructor(message: string, left: readonly string[] = []) {
    super(message, 'Timed out (input "timeout")');
    this.name = 'RunTimeoutError';
    this.left = left;
  }
}

export function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

interface RunClock {
  /** When the run's timeout fires (ms since the epoch). */
  readonly at: number;
  readonly seconds: number;
  /** What each deploy step has left so far, said when the timeout fires. */
  readonly left: Set<() => string | undefined>;
  /** Aborted when the timeout fires. */
  readonly signal: AbortSignal;
}

const clock = new AsyncLocalStorage<RunClock>();

/**
 * Runs work with an AbortSignal that fires at the deadline; the returned promise rejects then with
 * a RunTimeoutError naming what stillWaiting() reports, whether or not the work heeds the signal.
 */
export async function withinDeadline<T>(
  seconds: number,
  stillWaiting: () => string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const run: RunClock = { at: Date.now() + seconds * 1000, seconds, left: new Set(), signal: controller.signal };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const left = [...run.left].map((describe) => describe()).filter((line): line is string => !!line);
      const error = new RunTimeoutError(
        `the run did not finish within timeout (${formatSeconds(seconds)}): ${stillWaiting()}. ` +
          'Raise the "timeout" input if this step needs longer, or find out why that did not answer',
        left,
      );
      controller.abort(error);
      reject(error);
    }, seconds * 1000);
  });
  try {
    return await Promise.race([clock.run(run, () => work(controller.signal)), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The run's timeout, when running within one: when it fires, and the input's value. */
export function runDeadline(): { readonly at: number; readonly seconds: number } | undefined {
  const run = clock.getStore();
  return run && { at: run.at, seconds: run.seconds };
}

/** The signal the run's timeout aborts (e.g. to end a child process, whose end undoes its work). */
export function runSignal(): AbortSignal | undefined {
  return clock.getStore()?.signal;
}

/**
 * What is kept free at the end of the run after a runtime's wait, for its failure to be said (the
 * events, the evidence, the report): a tenth of the run's timeout, between 1 and 15 s.
 */
export function reportReserveMs(runSeconds: number): number {
  return Math.min(15_000, Math.max(1000, runSeconds * 100));
}

export interface WaitBound {
  /** When the wait ends (ms since the epoch). */
  readonly deadline: number;
  /** The run's timeout, not the wait's own bound, decides the end. */
  readonly byRun: boolean;
  /** How the bound is said in an error: "600 s (wait-timeout)" or "the run's timeout (…)". */
  readonly said: string;
}

/**
 * The end of a wait of at most `seconds` (named by `input`, e.g. wait-timeout), cut so that
 * `reserveMs` (the undo, then the report) still fit before the run's timeout.
 */
export function waitBound(seconds: number, input: string, reserveMs?: number, reserveFor = 'the undo'): WaitBound {
  const own = Date.now() + seconds * 1000;
  const run = runDeadline();
  const reserve = reserveMs ?? (run ? reportReserveMs(run.seconds) : 0);
  if (!run || own <= run.at - reserve) return { deadline: own, byRun: false, said: `${seconds} s (${input})` };
  const deadline = Math.max(Date.now(), run.at - reserve);
  return {
    deadline,
    byRun: true,
    said:
      `the run's timeout (${formatSeconds(run.seconds)}; ${input} is ${seconds} s, cut to ${Math.round(Math.max(0, deadline - Date.now()) / 1000)} s ` +
      `to leave ${Math.round(reserve / 1000)} s before the run ends${reserveMs === undefined ? '' : ` for ${reserveFor}`})`,
  };
}

/** A wait's bound as `input (N s)`, or the run's timeout when that cut it. */
export function boundOf(seconds: number, input: string): { readonly deadline: number; readonly within: string } {
  const bound = waitBound(seconds, input);
  return { deadline: bound.deadline, within: bound.byRun ? bound.said : `${input} (${seconds} s)` };
}

/**
 * Registers what a deploy has left so far, said per resource if the run's timeout fires (e.g.
 * "deployment/web runs app@sha256:… (rolling out); to undo: kubectl rollout undo …"); returns the
 * function that takes it back. Outside a run it does nothing.
 */
export function leftAsIs(describe: () => string | undefined): () => void {
  const run = clock.getStore();
  if (!run) return () => undefined;
  run.left.add(describe);
  return () => run.left.delete(describe);
}
