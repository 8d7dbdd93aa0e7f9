/**
 * The whole run's time limit (the `timeout` input). Every request and wait has its own bound; this
 * one is the last word, so a step never hangs past it, and its error says what was still waiting.
 */
import { UserError } from './oci/user-error.js';

export class RunTimeoutError extends UserError {
  constructor(message: string) {
    super(message, 'Timed out (input "timeout")');
    this.name = 'RunTimeoutError';
  }
}

function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

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
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RunTimeoutError(
        `the run did not finish within timeout (${formatSeconds(seconds)}): ${stillWaiting()}. ` +
          'Raise the "timeout" input if this step needs longer, or find out why that did not answer',
      );
      controller.abort(error);
      reject(error);
    }, seconds * 1000);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
