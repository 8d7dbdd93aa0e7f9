/** Kubernetes Status answers (metav1.Status) as kube-apiserver words them. */
import type { ResourceInfo } from './resources.ts';
import { qualifiedName } from './resources.ts';

export interface StatusCause {
  readonly reason: string;
  readonly message: string;
  readonly field: string;
}

export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;
  constructor(
    code: number,
    reason: string,
    message: string,
    details?: Record<string, unknown>,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.code = code;
    this.reason = reason;
    if (details) this.details = details;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }

  toJSON(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details && { details: this.details }),
      code: this.code,
    };
  }
}

const details = (info: ResourceInfo, name: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...(info.group && { group: info.group }),
  kind: info.name,
  ...extra,
});

export const notFound = (info: ResourceInfo, name: string) =>
  new StatusError(404, 'NotFound', `${qualifiedName(info)} "${name}" not found`, details(info, name));

export const alreadyExists = (info: ResourceInfo, name: string) =>
  new StatusError(409, 'AlreadyExists', `${qualifiedName(info)} "${name}" already exists`, details(info, name));

export const conflict = (
  info: ResourceInfo,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
) =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(info)} "${name}": ${why}`,
    details(info, name),
  );

export const invalid = (info: ResourceInfo, name: string, causes: StatusCause[]) =>
  new StatusError(
    422,
    'Invalid',
    `${info.kind}${info.group ? `.${info.group}` : ''} "${name}" is invalid: ${causes.map((cause) => `${cause.field}: ${cause.message}`).join(', ')}`,
    { name, ...(info.group && { group: info.group }), kind: info.kind, causes },
  );

export const badRequest = (message: string) => new StatusError(400, 'BadRequest', message);

export const forbidden = (
  info: ResourceInfo | undefined,
  user: string,
  verb: string,
  name: string | undefined,
  namespace: string | undefined,
) => {
  const resource = info ? info.name : 'resource';
  const subject = info && name ? `${qualifiedName(info)} "${name}"` : info ? qualifiedName(info) : resource;
  return new StatusError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${info?.group ?? ''}"${namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'}`,
    { ...(name && { name }), ...(info?.group && { group: info.group }), kind: resource },
  );
};

export const unauthorized = () => new StatusError(401, 'Unauthorized', 'Unauthorized');

/** An injected server error in the shape the real server gives for that code. */
export function serverError(code: number, message?: string, retryAfterSeconds?: number): StatusError {
  switch (code) {
    case 429:
      return new StatusError(
        429,
        'TooManyRequests',
        message ?? 'the server has received too many requests and has asked us to try again later',
        { retryAfterSeconds: retryAfterSeconds ?? 1 },
        retryAfterSeconds ?? 1,
      );
    case 500:
      return new StatusError(
        500,
        'InternalError',
        `Internal error occurred: ${message ?? 'injected by the stand-in'}`,
        { causes: [{ message: message ?? 'injected by the stand-in' }] },
      );
    case 503:
      return new StatusError(
        503,
        'ServiceUnavailable',
        message ?? 'the server is currently unable to handle the request',
        undefined,
        retryAfterSeconds,
      );
    case 504:
      return new StatusError(
        504,
        'Timeout',
        message ?? 'Timeout: request did not complete within requested timeout - context deadline exceeded',
      );
    default:
      return new StatusError(code, code >= 500 ? 'InternalError' : 'BadRequest', message ?? `injected ${code}`);
  }
}
