/**
 * A thin client for the few Kubernetes API endpoints this runtime uses (get, list, patch, create,
 * pod logs), on raw JSON: what is read is what is written back, field for field, so an undo
 * restores the exact pod template, including fields newer than any generated model. TLS and
 * credentials come from a Connection (a kubeconfig through @kubernetes/client-node's KubeConfig,
 * or a cloud's token); failures become KubernetesErrors that say what failed, where, and what to do.
 */
import https from 'node:https';
import type { AccessErrorOptions } from '../../oci/access.js';
import { accessOfStatus } from '../../oci/access.js';
import { isTransientNetworkError } from '../../oci/transient.js';
import { UserError } from '../../oci/user-error.js';

export class KubernetesError extends UserError {
  constructor(message: string, options?: AccessErrorOptions & { readonly status?: number; readonly reason?: string }) {
    super(message, 'Kubernetes', options);
    this.name = 'KubernetesError';
    this.status = options?.status;
    this.reason = options?.reason;
  }
  readonly status: number | undefined;
  /** The Status object's reason: NotFound, Conflict, Forbidden, Invalid, … */
  readonly reason: string | undefined;
}

/** How requests reach the API server: its URL, and what each request needs (TLS, credentials). */
export interface Connection {
  /** https://HOST[:PORT][/PREFIX] */
  readonly server: string;
  /** Where, for messages: "context prod (https://…)", "EKS cluster prod (us-east-1)". */
  readonly where: string;
  /** The namespace the context names, if any. */
  readonly namespace: string | undefined;
  /** Adds TLS settings and credentials to a request (a kubeconfig's exec plugin runs here). */
  apply(options: https.RequestOptions): Promise<void>;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  /** Text, not JSON (pod logs). */
  readonly text?: boolean;
  /** Only for calls whose repetition cannot do harm twice (reads, or a patch guarded by a precondition). */
  readonly retry?: boolean;
}

export interface Response<T> {
  readonly status: number;
  readonly body: T;
}

/** The Status object the API server answers a failure with. */
interface Status {
  kind?: string;
  reason?: string;
  message?: string;
  code?: number;
}

const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
const REQUEST_TIMEOUT_MS = 30_000;

export class KubernetesClient {
  constructor(
    readonly connection: Connection,
    private readonly retryDelayMs = 500,
  ) {}

  /** A GET that fails unless the answer is 2xx (reads are retried). */
  async get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.call<T>('GET', path, { query, retry: true });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Response<T>> {
    const attempts = options.retry ? 4 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.once<T>(method, path, options);
        if (!TRANSIENT_STATUSES.has(response.status) || attempt >= attempts) return response;
      } catch (error) {
        if (attempt >= attempts || !isTransientNetworkError(error)) throw this.networkError(method, path, error);
      }
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** (attempt - 1)));
    }
  }

  /** Turns a failed answer into a KubernetesError naming what failed; `hint` says what to do. */
  failure(method: string, path: string, response: Response<unknown>, what?: string): KubernetesError {
    const status = response.body as Status | string | undefined;
    const fields = typeof status === 'object' && status !== null ? status : undefined;
    const text = fields?.message ?? (typeof status === 'string' ? status.slice(0, 300) : '');
    const action = what ?? `${method} ${path}`;
    const where = this.connection.where;
    const access = accessOfStatus(response.status);
    if (response.status === 401)
      return new KubernetesError(
        `${action} (${where}): the API server did not accept the credentials (401 Unauthorized${text ? `: ${text}` : ''}); check the kubeconfig's user, or that the cloud identity is mapped to a Kubernetes user`,
        { access, status: 401, reason: fields?.reason },
      );
    if (response.status === 403)
      return new KubernetesError(
        `${action} (${where}) was forbidden: ${text || '403'}. Grant the workflow's identity that permission with an RBAC Role in the namespace`,
        { access, status: 403, reason: fields?.reason },
      );
    return new KubernetesError(
      `${action} (${where}) failed: ${response.status} ${fields?.reason ?? ''}${text ? `: ${text}` : ''}`.replace(
        '  ',
        ' ',
      ),
      {
        status: response.status,
        reason: fields?.reason,
      },
    );
  }

  /** A request that fails unless the answer is 2xx. */
  async call<T>(method: string, path: string, options: RequestOptions = {}, what?: string): Promise<T> {
    const response = await this.request<T>(method, path, options);
    if (response.status < 200 || response.status >= 300) throw this.failure(method, path, response, what);
    return response.body;
  }

  private networkError(method: string, path: string, error: unknown): KubernetesError {
    if (error instanceof KubernetesError) return error;
    const message = (error as Error).message ?? String(error);
    return new KubernetesError(
      `${method} ${path} (${this.connection.where}) could not reach the API server: ${message}`,
      { cause: error },
    );
  }

  private async once<T>(method: string, path: string, options: RequestOptions): Promise<Response<T>> {
    const base = new URL(this.connection.server);
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) query.set(key, String(value));
    const fullPath = `${base.pathname.replace(/\/$/, '')}${path}${query.size ? `?${query}` : ''}`;
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const request: https.RequestOptions = {
      method,
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[|\]$/g, ''),
      port: base.port || 443,
      path: fullPath,
      headers: {
        Accept: options.text ? 'text/plain, */*' : 'application/json',
        'User-Agent': 'portable-deploy',
        ...(body && { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': body.length }),
      },
      timeout: REQUEST_TIMEOUT_MS,
    };
    await this.connection.apply(request);
    if (base.protocol !== 'https:')
      throw new KubernetesError(
        `the API server ${this.connection.server} is not https: credentials are sent only over TLS`,
      );
    return new Promise((resolve, reject) => {
      const req = https.request(request, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          if (!options.text || (res.statusCode ?? 0) >= 300) {
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
      });
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })),
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
