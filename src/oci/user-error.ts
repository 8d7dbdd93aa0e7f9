/**
 * An error the user can fix: shown as one clear line (no stack), in an annotation titled with what
 * is at fault (the input, registry or cloud). Every other error is a bug. It lives in `oci/`, which
 * imports nothing from above, so every layer can extend it.
 */
import type { AccessErrorOptions, AccessProblem } from './access.js';

export abstract class UserError extends Error {
  /** Set when the error only says these credentials could not read it: a plan may go on past it. */
  readonly access: AccessProblem | undefined;

  constructor(
    message: string,
    /** The annotation's title: which input, registry or cloud is at fault. */
    readonly title: string,
    options?: AccessErrorOptions,
  ) {
    super(message, options);
    this.access = options?.access;
  }
}
