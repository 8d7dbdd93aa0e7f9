/** The error a registry's answer becomes: which registry, its HTTP status and its error code. */
import { accessOfStatus } from './access.js';
import { UserError } from './user-error.js';

export class RegistryError extends UserError {
  constructor(
    message: string,
    readonly registry: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    // 401 and 403 are access problems: a plan may go on past these.
    super(message, `Registry ${registry}`, { access: accessOfStatus(status) });
    this.name = 'RegistryError';
  }
}

/** The code of the error that tells an upload to restart: the registry wanted credentials anew. */
export const CREDENTIALS_RENEWED = 'CREDENTIALS_RENEWED';
