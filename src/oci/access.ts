/**
 * The `access` marker an error carries when it only says "these credentials could not read it":
 * none were found ('missing'), or they may not ('denied'). AuthError, RegistryError (401, 403),
 * AwsError and GcpError set it. A plan goes on past a marked error (a fork's run has no secrets)
 * and fails on every other error, so a green plan means the deploy would not fail for a reason
 * the plan could have seen.
 */
export type AccessProblem = 'missing' | 'denied';

export interface AccessErrorOptions extends ErrorOptions {
  readonly access?: AccessProblem;
}

export function accessProblem(error: unknown): AccessProblem | undefined {
  const access = (error as { access?: unknown } | null | undefined)?.access;
  return access === 'missing' || access === 'denied' ? access : undefined;
}

/** The access problem an HTTP status names, if any. */
export function accessOfStatus(status: number | undefined): AccessProblem | undefined {
  return status === 401 ? 'missing' : status === 403 ? 'denied' : undefined;
}
