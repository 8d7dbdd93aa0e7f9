/**
 * AWS, shared by the ECR registry family and the ECS runtime: how an SDK failure reads to the user
 * (what failed, where, and what to do), and whether it is an access problem a plan may go past.
 */
import http from 'node:http';
import https from 'node:https';
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

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * What every AWS SDK client of the run is built with: behind a proxy (HTTP(S)_PROXY, NO_PROXY, as
 * the registry traffic honours them), connections that go through it, which the SDK alone does not
 * do. Otherwise the SDK's own defaults.
 */
export function awsClientConfig(env: NodeJS.ProcessEnv = process.env): {
  requestHandler?: { httpAgent: http.Agent; httpsAgent: https.Agent };
} {
  if (!PROXY_VARIABLES.some((name) => env[name])) return {};
  // The SDK's own agent settings, plus the proxy.
  const options = { keepAlive: true, maxSockets: 50, proxyEnv: env };
  return { requestHandler: { httpAgent: new http.Agent(options), httpsAgent: new https.Agent(options) } };
}
