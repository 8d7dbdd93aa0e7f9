/**
 * AWS, shared by the ECR registry family and the ECS runtime: how an SDK failure reads to the user
 * (what failed, where, and what to do), and whether it is an access problem a plan may go past.
 */
import type { AccessErrorOptions } from '../oci/access.js';
import { UserError } from '../oci/user-error.js';

export class AwsError extends UserError {
  constructor(message: string, options?: AccessErrorOptions) {
    super(message, 'AWS', options);
    this.name = 'AwsError';
  }
}

/** Turns an SDK failure into a sentence that says what failed, where, and what to do. */
export function explainAwsError(error: unknown, action: string, where: string): AwsError {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = (error as Error).message ?? String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new AwsError(
      `${action} (${where}) needs AWS credentials and found none: add aws-actions/configure-aws-credentials (OIDC) before this step`,
      { cause: error, access: 'missing' },
    );
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || /not authorized/i.test(message)) {
    return new AwsError(`${action} (${where}) was denied: ${message}. Grant the role that permission`, {
      cause: error,
      access: 'denied',
    });
  }
  return new AwsError(`${action} (${where}) failed: ${name}: ${message}`, { cause: error });
}
