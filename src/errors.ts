/**
 * Which errors are the user's to fix (shown as one clear line, titled with what is at fault) and
 * which are bugs (stack in debug): a user's error extends UserError and carries its own title.
 */
import { UserError } from './oci/user-error.js';

export function isExpectedError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** The title of an error annotation, so a failure reads in the workflow's terms. */
export function errorTitle(error: unknown): string {
  return error instanceof UserError ? error.title : 'Portable Deploy failed';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
