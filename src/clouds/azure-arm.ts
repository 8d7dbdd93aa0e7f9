/**
 * Azure Resource Manager failures as sentences: what failed, on which resource, and what to do.
 * A 401 or 403 carries the access marker, so a plan without Azure credentials (a fork) goes on.
 * Shared by every runtime that calls ARM.
 */
import { accessOfStatus } from '../oci/access.js';
import { AzureError } from './azure.js';

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

/**
 * Turns an ARM failure into an AzureError; `action` names what failed and where. `role` is what to grant on a 403; Azure's own
 * message names the identity, the action it lacks and the scope.
 */
export function explainArmError(error: unknown, action: string, role: string): AzureError {
  if (error instanceof AzureError) return error;
  const { statusCode, code, message } = armErrorFields(error);
  const access = accessOfStatus(statusCode);
  if (statusCode === 401 || /CredentialUnavailable|authenticat/i.test(String((error as Error)?.name))) {
    return new AzureError(
      `${action} found no valid Azure credentials: ${message}. Add azure/login (OIDC) before this step, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET`,
      { cause: error, access: 'missing' },
    );
  }
  if (statusCode === 403) {
    return new AzureError(
      `${action} was denied${code ? ` (${code})` : ''}: ${message} Grant the workflow's identity ${role}`,
      { cause: error, access },
    );
  }
  if (statusCode === 429) {
    return new AzureError(
      `${action} was throttled by Azure Resource Manager even after retries: ${message}. Run the step again later`,
      { cause: error },
    );
  }
  return new AzureError(`${action} failed${code ? ` (${code})` : ''}: ${message}`, {
    cause: error,
  });
}
