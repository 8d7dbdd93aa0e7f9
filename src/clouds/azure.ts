/**
 * Azure credentials, shared by the ACR registry family and the Container Apps runtime. No
 * long-lived secret is needed: with azure-client-id and azure-tenant-id, workload identity
 * federation with the GitHub OIDC token (as azure/login does it); else a client secret or
 * certificate from AZURE_* variables; else the Azure CLI session azure/login leaves. Every token is
 * masked; @azure/identity loads on the first token asked for.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { AccessErrorOptions } from '../oci/access.js';
import { UserError } from '../oci/user-error.js';
import { maskSecret } from '../secret-mask.js';
import type { AzureIdentityInputs } from './azure-inputs.js';

export class AzureError extends UserError {
  constructor(message: string, options?: AccessErrorOptions) {
    super(message, 'Azure', options);
    this.name = 'AzureError';
  }
}

/** The audience GitHub's OIDC token is requested for, as azure/login requests it. */
export const GITHUB_OIDC_AUDIENCE = 'api://AzureADTokenExchange';

export type AzureCredentialSource =
  | { readonly kind: 'github-oidc'; readonly clientId: string; readonly tenantId: string }
  | { readonly kind: 'client-secret'; readonly clientId: string; readonly tenantId: string; readonly secret: string }
  | {
      readonly kind: 'client-certificate';
      readonly clientId: string;
      readonly tenantId: string;
      readonly certificatePath: string;
      readonly certificatePassword: string | undefined;
    }
  | { readonly kind: 'azure-cli' };

/** Where the run's Azure identity comes from: the inputs, then AZURE_* variables, then az. */
export function chooseAzureCredential(inputs: AzureIdentityInputs, env: NodeJS.ProcessEnv): AzureCredentialSource {
  if (inputs.clientId && inputs.tenantId)
    return { kind: 'github-oidc', clientId: inputs.clientId, tenantId: inputs.tenantId };
  const clientId = env.AZURE_CLIENT_ID;
  const tenantId = env.AZURE_TENANT_ID;
  if (clientId && tenantId) {
    if (env.AZURE_CLIENT_SECRET) return { kind: 'client-secret', clientId, tenantId, secret: env.AZURE_CLIENT_SECRET };
    if (env.AZURE_CLIENT_CERTIFICATE_PATH)
      return {
        kind: 'client-certificate',
        clientId,
        tenantId,
        certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH,
        certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD || undefined,
      };
  }
  return { kind: 'azure-cli' };
}

export function describeAzureCredential(source: AzureCredentialSource): string {
  switch (source.kind) {
    case 'github-oidc':
      return `workload identity federation (GitHub OIDC) as client ${source.clientId} in tenant ${source.tenantId}`;
    case 'client-secret':
      return `the client secret of ${source.clientId} in tenant ${source.tenantId} (AZURE_CLIENT_SECRET)`;
    case 'client-certificate':
      return `the certificate of ${source.clientId} in tenant ${source.tenantId} (AZURE_CLIENT_CERTIFICATE_PATH)`;
    case 'azure-cli':
      return 'the Azure CLI session (azure/login)';
  }
}

/** The Microsoft Entra authorities of the public and sovereign clouds, which MSAL knows. */
const KNOWN_AUTHORITIES = new Set([
  'login.microsoftonline.com',
  'login.chinacloudapi.cn',
  'login.microsoftonline.us',
  'login.microsoftonline.de',
]);

export interface AuthorityOptions {
  readonly authorityHost?: string;
  readonly disableInstanceDiscovery?: boolean;
}

/**
 * AZURE_AUTHORITY_HOST, as @azure/identity reads it, checked here so a wrong one is named. MSAL's
 * instance discovery asks login.microsoftonline.com about the authority: kept for Microsoft's own
 * authorities (it validates them), turned off for any other (Azure Stack, ADFS, a private or test
 * authority), which login.microsoftonline.com does not know and would refuse.
 */
export function authorityOptions(env: NodeJS.ProcessEnv): AuthorityOptions {
  const text = env.AZURE_AUTHORITY_HOST?.trim();
  if (!text) return {};
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AzureError(`AZURE_AUTHORITY_HOST="${text}" is not a URL, e.g. https://login.microsoftonline.com`);
  }
  if (url.protocol !== 'https:')
    throw new AzureError(`AZURE_AUTHORITY_HOST="${text}" must use https (Microsoft Entra ID takes no other)`);
  return KNOWN_AUTHORITIES.has(url.hostname)
    ? { authorityHost: url.origin }
    : { authorityHost: url.origin, disableInstanceDiscovery: true };
}

const HOW_TO_SIGN_IN =
  'set azure-client-id and azure-tenant-id (workload identity federation, with permissions: id-token: write), or run azure/login before this step, or set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET';

/** The GitHub OIDC token for Entra ID; without id-token: write, the runner offers none. */
async function githubIdToken(env: NodeJS.ProcessEnv): Promise<string> {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    throw new AzureError(
      'azure-client-id and azure-tenant-id ask for workload identity federation, but this job gets no GitHub OIDC token: add `permissions: id-token: write` to the job (a pull request from a fork never gets one)',
      { access: 'missing' },
    );
  }
  // @actions/core (and its HTTP client) is loaded only by a run that asks for a token.
  const { getIDToken } = await import('@actions/core');
  const token = await getIDToken(GITHUB_OIDC_AUDIENCE);
  maskSecret(token);
  return token;
}

async function buildCredential(source: AzureCredentialSource, env: NodeJS.ProcessEnv): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const authority = authorityOptions(env);
  switch (source.kind) {
    case 'github-oidc':
      // Checked before the first token, so a missing permission is named rather than wrapped.
      await githubIdToken(env);
      return new identity.ClientAssertionCredential(
        source.tenantId,
        source.clientId,
        () => githubIdToken(env),
        authority,
      );
    case 'client-secret':
      return new identity.ClientSecretCredential(source.tenantId, source.clientId, source.secret, authority);
    case 'client-certificate':
      return new identity.ClientCertificateCredential(
        source.tenantId,
        source.clientId,
        { certificatePath: source.certificatePath, certificatePassword: source.certificatePassword },
        authority,
      );
    case 'azure-cli':
      return new identity.AzureCliCredential();
  }
}

/** An @azure/identity failure in a sentence: what failed, with which identity, and what to do. */
export function explainAzureIdentityError(error: unknown, source: AzureCredentialSource): AzureError {
  if (error instanceof AzureError) return error;
  const name = (error as { name?: string }).name;
  const message = ((error as Error).message ?? String(error)).split('\n')[0]!;
  const who = describeAzureCredential(source);
  if (name === 'CredentialUnavailableError' && source.kind === 'azure-cli') {
    return new AzureError(`no Azure credentials: ${who} is not available (${message}); ${HOW_TO_SIGN_IN}`, {
      cause: error,
      access: 'missing',
    });
  }
  if (name === 'CredentialUnavailableError') {
    return new AzureError(`${who} could not sign in to Microsoft Entra ID: ${message}`, {
      cause: error,
      access: 'missing',
    });
  }
  // Entra ID's refusals come as AuthenticationError, or as MSAL's own errors naming an AADSTS code.
  const refusal = /AADSTS\d+:[^.]*\./.exec((error as Error).message ?? '')?.[0];
  if (name === 'AuthenticationError' || refusal) {
    return new AzureError(`Microsoft Entra ID refused ${who}: ${refusal ?? message}`, {
      cause: error,
      access: 'denied',
    });
  }
  return new AzureError(`getting an Azure token with ${who} failed: ${message}`, { cause: error });
}

/** A TokenCredential that always gives a token (or throws an AzureError), and says where it comes from. */
export interface AzureCredential extends TokenCredential {
  readonly source: AzureCredentialSource;
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken>;
}

/** The run's Azure identity: its source chosen and @azure/identity loaded on the first token. */
class RunAzureCredential implements AzureCredential {
  private built: Promise<TokenCredential> | undefined;

  constructor(
    readonly source: AzureCredentialSource,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    try {
      // A build that failed (no OIDC token yet, a bad authority) is tried again on the next call.
      this.built ??= buildCredential(this.source, this.env).catch((error: unknown) => {
        this.built = undefined;
        throw error;
      });
      const token = await (await this.built).getToken(scopes, options);
      if (!token) throw new Error(`no token for ${String(scopes)}`);
      maskSecret(token.token);
      return token;
    } catch (error) {
      throw explainAzureIdentityError(error, this.source);
    }
  }
}

const runCredentials = new Map<string, RunAzureCredential>();

/**
 * The run's Azure credential for these inputs (one per run, built lazily). The ACR family and the
 * Container Apps runtime both take it, so the identity is chosen, and its tokens cached, once.
 */
export function azureCredential(inputs: AzureIdentityInputs, env: NodeJS.ProcessEnv = process.env): AzureCredential {
  const source = chooseAzureCredential(inputs, env);
  const key = JSON.stringify([source, env.AZURE_AUTHORITY_HOST ?? '']);
  let credential = runCredentials.get(key);
  if (!credential) {
    credential = new RunAzureCredential(source, env);
    runCredentials.set(key, credential);
  }
  return credential;
}
