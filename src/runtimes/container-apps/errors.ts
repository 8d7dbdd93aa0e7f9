/**
 * Azure Resource Manager failures as sentences: what failed, on which resource, and what to do.
 * A 401 or 403 carries the access marker, so a plan without Azure credentials (a fork) goes on.
 * Kept here until clouds/azure.ts holds the one Azure error class; then this folds into it.
 */
import { accessOfStatus, type AccessErrorOptions } from '../../oci/access.js';
import { UserError } from '../../oci/user-error.js';

export class ContainerAppsError extends UserError {
  constructor(message: string, options?: AccessErrorOptions) {
    super(message, 'Azure', options);
    this.name = 'ContainerAppsError';
  }
}

/** What the ARM client's RestError exposes (checked by shape: core-rest-pipeline is not ours to import). */
export interface ArmErrorFields {
  readonly statusCode: number | undefined;
  readonly code: string | undefined;
  readonly message: string;
}

export function armErrorFields(error: unknown): ArmErrorFields {
  const fields = (error ?? {}) as { statusCode?: unknown; code?: unknown; message?: unknown };
  return {
    statusCode: typeof fields.statusCode === 'number' ? fields.statusCode : undefined,
    code: typeof fields.code === 'string' ? fields.code : undefined,
    message: typeof fields.message === 'string' ? fields.message : String(error),
  };
}

/** The role that lets a workflow update a Container App and read its revisions. */
export const CONTAINER_APPS_ROLE = 'Container Apps Contributor (or Contributor)';

/**
 * Turns an ARM failure into a ContainerAppsError; `action` names what failed and where. `role` is what to grant on a 403; Azure's own
 * message names the identity, the action it lacks and the scope.
 */
export function explainArmError(error: unknown, action: string, role: string): ContainerAppsError {
  if (error instanceof ContainerAppsError) return error;
  const { statusCode, code, message } = armErrorFields(error);
  const access = accessOfStatus(statusCode);
  if (statusCode === 401 || /CredentialUnavailable|authenticat/i.test(String((error as Error)?.name))) {
    return new ContainerAppsError(
      `${action} found no valid Azure credentials: ${message}. Add azure/login (OIDC) before this step, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET`,
      { cause: error, access: 'missing' },
    );
  }
  if (statusCode === 403) {
    return new ContainerAppsError(
      `${action} was denied${code ? ` (${code})` : ''}: ${message} Grant the workflow's identity ${role}`,
      { cause: error, access },
    );
  }
  if (statusCode === 429) {
    return new ContainerAppsError(
      `${action} was throttled by Azure Resource Manager even after retries: ${message}. Run the step again later`,
      { cause: error },
    );
  }
  return new ContainerAppsError(`${action} failed${code ? ` (${code})` : ''}: ${message}`, {
    cause: error,
  });
}
