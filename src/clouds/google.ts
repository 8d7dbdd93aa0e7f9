/**
 * What every Google Cloud call shares: Application Default Credentials (as google-github-actions/auth
 * leaves them: Workload Identity Federation or a key file), the project, the official clients on
 * their REST transport, and Google's errors turned into sentences. The SDKs load only when used.
 */
import * as core from '../runner/workflow-commands.js';
import type { AccessErrorOptions } from '../oci/access.js';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GoogleAuth } from 'google-auth-library';
import { isTransientNetworkError, isTransientStatus } from '../oci/transient.js';
import { UserError } from '../oci/user-error.js';

export class GcpError extends UserError {
  constructor(message: string, options?: AccessErrorOptions) {
    super(message, 'Google Cloud', options);
    this.name = 'GcpError';
  }
}

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const NO_CREDENTIALS = /Could not load the default credentials|Unable to detect a Project Id/i;

let sharedAuth: Promise<GoogleAuth> | undefined;

/** One GoogleAuth for the run, so the token is fetched once and refreshed by the library. */
function googleAuth(): Promise<GoogleAuth> {
  sharedAuth ??= import('google-auth-library').then(
    ({ GoogleAuth }) => new GoogleAuth({ scopes: CLOUD_PLATFORM_SCOPE }),
  );
  return sharedAuth;
}

const HOW_TO_AUTHENTICATE =
  'add google-github-actions/auth (Workload Identity Federation) before this step, or set GOOGLE_APPLICATION_CREDENTIALS';

/** An OAuth2 access token from ADC, masked at once; undefined when there are no credentials at all. */
export async function googleAccessToken(): Promise<string | undefined> {
  const auth = await googleAuth();
  let token: string | null | undefined;
  try {
    token = await auth.getAccessToken();
  } catch (error) {
    if (NO_CREDENTIALS.test((error as Error).message)) return undefined;
    throw new GcpError(`Google Application Default Credentials gave no access token: ${(error as Error).message}`, {
      cause: error,
      access: 'missing',
    });
  }
  if (!token) return undefined;
  core.setSecret(token);
  return token;
}

/** The project to work in: the input, else the one ADC knows (GOOGLE_CLOUD_PROJECT, the key file, gcloud). */
export async function googleProject(explicit: string | undefined): Promise<string> {
  if (explicit) return explicit;
  let withoutCredentials = false;
  try {
    const project = await (await googleAuth()).getProjectId();
    if (project) return project;
  } catch (error) {
    // Reported below with what to do; without credentials, a plan can go on without the project.
    withoutCredentials = NO_CREDENTIALS.test((error as Error).message);
  }
  throw new GcpError(
    'no Google Cloud project: set the gcp-project input (or project_id in google-github-actions/auth, which exports GOOGLE_CLOUD_PROJECT)',
    withoutCredentials ? { access: 'missing' } : undefined,
  );
}

export type GoogleApi = 'run' | 'artifactregistry' | 'logging';

// A type literal, not an interface, so it fits the clients' open-ended ClientOptions.
export type GoogleClientOptions = {
  readonly fallback: true;
  readonly auth: GoogleAuth;
  readonly apiEndpoint?: string;
  readonly port?: number;
  readonly protocol?: string;
};

/**
 * gcloud's endpoint override for an API (CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN, …), e.g. a Private
 * Service Connect endpoint; the tests use it to reach a local server.
 */
export function endpointOverride(
  api: GoogleApi,
  env: NodeJS.ProcessEnv = process.env,
): Pick<GoogleClientOptions, 'apiEndpoint' | 'port' | 'protocol'> | undefined {
  const variable = `CLOUDSDK_API_ENDPOINT_OVERRIDES_${api.toUpperCase()}`;
  const text = env[variable];
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GcpError(`${variable}="${text}" is not a URL, e.g. https://run.googleapis.com/`);
  }
  const https = url.protocol === 'https:';
  return {
    apiEndpoint: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : https ? 443 : 80,
    protocol: https ? 'https' : 'http',
  };
}

/** Options for an official Google client: REST (HTTP/1.1 JSON) transport, the shared ADC, any override. */
export async function googleClientOptions(api: GoogleApi): Promise<GoogleClientOptions> {
  const auth = await googleAuth();
  // The clients' constructors start loading credentials without awaiting them, and a failure there
  // would be an unhandled rejection: load them here first, where a failure can be explained.
  try {
    await auth.getClient();
  } catch (error) {
    throw new GcpError(
      `Google Application Default Credentials could not be loaded: ${(error as Error).message}. ${HOW_TO_AUTHENTICATE[0]!.toUpperCase()}${HOW_TO_AUTHENTICATE.slice(1)}`,
      { cause: error, access: 'missing' },
    );
  }
  return { fallback: true, auth, ...endpointOverride(api) };
}

/**
 * One JSON call to a Google REST API that has no client among this action's dependencies (Cloud
 * Logging's entries:list), authorized by the shared ADC through google-auth-library, at the API's
 * endpoint or its gcloud override. Errors carry the gRPC code of Google's error body as `code`.
 */
export async function googleRestCall<T>(api: GoogleApi, path: string, body: unknown, timeoutMs = 15_000): Promise<T> {
  const override = endpointOverride(api);
  const base = override
    ? `${override.protocol}://${override.apiEndpoint!.includes(':') ? `[${override.apiEndpoint}]` : override.apiEndpoint}:${override.port}`
    : `https://${api}.googleapis.com`;
  const client = await (await googleAuth()).getClient();
  try {
    const response = await client.request<T>({ url: `${base}${path}`, method: 'POST', data: body, timeout: timeoutMs });
    return response.data;
  } catch (error) {
    const status = (error as { response?: { data?: { error?: { status?: string; message?: string } } } }).response?.data
      ?.error;
    const codes: Record<string, number> = {
      NOT_FOUND: 5,
      PERMISSION_DENIED: 7,
      RESOURCE_EXHAUSTED: 8,
      UNAUTHENTICATED: 16,
      INVALID_ARGUMENT: 3,
    };
    throw Object.assign(new Error(status?.message ?? (error as Error).message), {
      code: status?.status ? codes[status.status] : undefined,
    });
  }
}

/**
 * Loads a Google SDK module. google-gax computes a path from __dirname when it loads, which an ES
 * module bundle does not define; it only locates gRPC protos, which the REST transport never reads.
 */
export async function loadGoogleSdk<T>(load: () => Promise<T>): Promise<T> {
  const global = globalThis as { __dirname?: string };
  global.__dirname ??= dirname(fileURLToPath(import.meta.url));
  return load();
}

/** The gRPC status codes Google's APIs answer with (the REST transport reports them too). */
export const GoogleStatus = {
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNAUTHENTICATED: 16,
} as const;

/**
 * Each gRPC code as the HTTP status Google maps it to (google.rpc.Code). UNKNOWN and DATA_LOSS, which
 * Google also shows as 500, are left out: nothing says they pass, so they are not retried.
 */
const HTTP_STATUS_OF_GRPC: Readonly<Partial<Record<number, number>>> = {
  1: 499, // CANCELLED
  3: 400, // INVALID_ARGUMENT
  4: 504, // DEADLINE_EXCEEDED
  5: 404, // NOT_FOUND
  6: 409, // ALREADY_EXISTS
  7: 403, // PERMISSION_DENIED
  8: 429, // RESOURCE_EXHAUSTED
  9: 400, // FAILED_PRECONDITION
  10: 409, // ABORTED
  11: 400, // OUT_OF_RANGE
  12: 501, // UNIMPLEMENTED
  13: 500, // INTERNAL
  14: 503, // UNAVAILABLE
  16: 401, // UNAUTHENTICATED
};

export function googleStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** Turns a Google API failure into a sentence: what failed, where, and what to do. */
export function explainGoogleError(error: unknown, action: string, where: string, role?: string): GcpError {
  if (error instanceof GcpError) return error;
  const message = (error as Error).message ?? String(error);
  const status = googleStatus(error);
  if (NO_CREDENTIALS.test(message) || status === GoogleStatus.UNAUTHENTICATED) {
    return new GcpError(`${action} (${where}) found no valid Google credentials: ${HOW_TO_AUTHENTICATE}`, {
      cause: error,
      access: 'missing',
    });
  }
  if (status === GoogleStatus.PERMISSION_DENIED) {
    return new GcpError(
      `${action} (${where}) was denied: ${message}.${role ? ` Grant the workflow's service account ${role}` : ''}`,
      { cause: error, access: 'denied' },
    );
  }
  if (status === GoogleStatus.RESOURCE_EXHAUSTED) {
    return new GcpError(`${action} (${where}) hit a quota: ${message}. Retry later or raise the quota`, {
      cause: error,
    });
  }
  if (status === GoogleStatus.ALREADY_EXISTS) {
    return new GcpError(
      `${action} (${where}) failed: ${message}. It was created after this run looked (another run at the same time?): run the step again`,
      { cause: error },
    );
  }
  if (status === GoogleStatus.ABORTED) {
    return new GcpError(
      `${action} (${where}) conflicted with another change made at the same time: ${message}. Run the step again`,
      { cause: error },
    );
  }
  return new GcpError(`${action} (${where}) failed: ${message}`, { cause: error });
}

/** A long-running operation as the clients decode it. */
export interface LongRunning<T> {
  readonly name?: string | null;
  readonly done?: boolean | null;
  readonly error?: { readonly code?: number | null; readonly message?: string | null } | null;
  readonly result?: T | null;
  readonly metadata?: unknown;
}

/** The operation itself ended in failure (as opposed to our polling of it). */
export class OperationFailed extends Error {
  constructor(
    readonly code: number | undefined,
    message: string,
    readonly metadata: unknown,
  ) {
    super(message);
    this.name = 'OperationFailed';
  }
}

/** The wait ran past its deadline; the operation may still finish. */
export class OperationTimeout extends Error {
  constructor(readonly seconds: number) {
    super(`not done within ${seconds} s`);
    this.name = 'OperationTimeout';
  }
}

/**
 * A Google API failure worth another try, by the one rule for HTTP statuses and network failures:
 * its gRPC code read as the HTTP status Google documents for it.
 */
export function isTransientGoogleError(error: unknown): boolean {
  const status = googleStatus(error);
  if (status === undefined) return isTransientNetworkError(error);
  const http = HTTP_STATUS_OF_GRPC[status];
  return http !== undefined && isTransientStatus(http);
}

/**
 * Polls an operation until it is done (250 ms, growing to 5 s), riding out a few failed polls in a
 * row, since a blip in the API must not be mistaken for a failed rollout.
 */
export async function waitForOperation<T>(
  first: LongRunning<T>,
  check: (name: string) => Promise<LongRunning<T>>,
  timeoutSeconds: number,
  onProgress?: (operation: LongRunning<T>) => void,
): Promise<T> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let operation = first;
  // A failed operation comes back without its metadata: keep the last seen, which says what ran.
  let metadata = first.metadata;
  let delay = 250;
  let failedPolls = 0;
  while (!operation.done) {
    if (Date.now() >= deadline) throw new OperationTimeout(timeoutSeconds);
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
    delay = Math.min(delay * 1.5, 5_000);
    try {
      operation = await check(operation.name ?? '');
      metadata = operation.metadata ?? metadata;
      failedPolls = 0;
      onProgress?.(operation);
    } catch (error) {
      if (!isTransientGoogleError(error) || ++failedPolls > 5) throw error;
    }
  }
  if (operation.error) {
    throw new OperationFailed(
      operation.error.code ?? undefined,
      operation.error.message ?? 'the operation failed',
      metadata,
    );
  }
  return operation.result as T;
}
