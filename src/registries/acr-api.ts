/**
 * Azure Container Registry's token endpoints: the run's Entra ID token exchanged for an ACR refresh
 * token (POST REG/oauth2/exchange), handed to the registry auth as an identity token so it asks for
 * access tokens by the refresh_token grant; and, before any byte moves, whether the push's
 * credentials may push to the destination. The ACR
 * family module imports this file only when it is used, and @azure/identity loads only then.
 */
import * as core from '../runner/workflow-commands.js';
import { azureCredential, AzureError } from '../clouds/azure.js';
import type { AzureIdentityInputs } from '../clouds/azure-inputs.js';
import { accessOfStatus } from '../oci/access.js';
import { jwtClaims } from '../oci/auth.js';
import { RegistryError, type RegistryClient } from '../oci/client.js';
import type { Credentials } from '../oci/credentials.js';
import type { RegistryEndpoints } from '../oci/endpoints.js';
import type { FetchAnswer, FetchLike } from '../oci/fetch-like.js';
import { fetchThrough } from '../oci/http.js';
import type { Log } from '../oci/log.js';
import { DEFAULT_RETRY, retryDelayMs, sleep } from '../oci/retry.js';
import { isTransientNetworkError, isTransientStatus } from '../oci/transient.js';
import { maskSecret } from '../secret-mask.js';
import type { Closable } from './shared-resources.js';

/** The user name ACR takes with a refresh token (docker login, az acr login). */
export const ACR_REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';

/** Tries of the token exchange, through throttling (429) and brief failures. */
const EXCHANGE_ATTEMPTS = 4;

/** Ask for a new refresh token this long before the old one expires (they live about 3 hours). */
const RENEW_MARGIN_MS = 5 * 60_000;

/**
 * The Entra ID scope of the token ACR takes: its own audience in Azure's public cloud (which works
 * even when a registry refuses ARM-audience tokens); the sovereign clouds' ARM audience, as az sends.
 */
export function acrEntraScope(cloudDomain: string): string {
  if (cloudDomain === 'azurecr.cn') return 'https://management.chinacloudapi.cn/.default';
  if (cloudDomain === 'azurecr.us') return 'https://management.usgovcloudapi.net/.default';
  return 'https://containerregistry.azure.net/.default';
}

interface RefreshToken {
  readonly value: string;
  /** When to exchange again: before the token's `exp`. */
  readonly renewAt: number;
}

export interface AcrRegistry {
  readonly registry: string;
  readonly cloudDomain: string;
}

/**
 * The run's ACR refresh tokens, one per registry, exchanged on first use and again when the last
 * one is near its expiry; one exchange in flight per registry.
 */
export class AcrSessions implements Closable {
  /** Each registry's refresh token; undefined when the run has no Azure identity at all. */
  private readonly tokens = new Map<string, Promise<RefreshToken | undefined>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** How the registry host is reached (through registry-endpoints); tests pass their own. */
    private readonly fetchFor: (endpoints: RegistryEndpoints) => FetchLike = fetchThrough,
  ) {}

  /**
   * The registry credentials from the run's Azure identity; undefined when there is none (no
   * inputs, no AZURE_* variables, no az session), so docker config may serve the registry.
   */
  async credentials(
    acr: AcrRegistry,
    identity: AzureIdentityInputs,
    endpoints: RegistryEndpoints,
  ): Promise<Credentials | undefined> {
    const key = acr.registry;
    let pending = this.tokens.get(key);
    const current = await pending;
    if (!pending || (current && current.renewAt <= this.now())) {
      pending = this.exchange(acr, identity, endpoints);
      this.tokens.set(key, pending);
      // A failed exchange is tried again on the next call.
      pending.catch(() => this.tokens.delete(key));
    }
    const token = await pending;
    return token && { username: ACR_REFRESH_TOKEN_USER, identityToken: token.value, renewAt: token.renewAt };
  }

  private async exchange(
    acr: AcrRegistry,
    identity: AzureIdentityInputs,
    endpoints: RegistryEndpoints,
  ): Promise<RefreshToken | undefined> {
    const credential = azureCredential(identity, this.env);
    let entraToken: string;
    try {
      entraToken = (await credential.getToken(acrEntraScope(acr.cloudDomain))).token;
    } catch (error) {
      // Nothing to sign in with at all: not an error here, the chain goes on to docker config. az
      // says the same of an expired session (azure/login's OIDC assertion), so the log says why.
      if (credential.source.kind === 'azure-cli' && (error as AzureError).access === 'missing') {
        core.info(
          `${acr.registry}: no Azure sign-in to exchange (${(error as Error).message}); trying docker config, then anonymous`,
        );
        return undefined;
      }
      throw error;
    }
    const tenant = jwtClaims(entraToken)?.tid;
    const form = new URLSearchParams({ grant_type: 'access_token', service: acr.registry });
    if (typeof tenant === 'string') form.set('tenant', tenant);
    form.set('access_token', entraToken);
    const url = `https://${acr.registry}/oauth2/exchange`;
    let response: FetchAnswer;
    for (let attempt = 1; ; attempt++) {
      try {
        response = await this.fetchFor(endpoints)(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        if (attempt < EXCHANGE_ATTEMPTS && isTransientNetworkError(error)) {
          // A reset or refused connection: back off as for a 5xx, so a registry restarting gets time.
          await sleep(retryDelayMs(attempt, DEFAULT_RETRY, null));
          continue;
        }
        throw new AzureError(
          `could not reach ${acr.registry} to exchange the Entra ID token (${(error as Error).message}): check the registry name and that this runner reaches it`,
          { cause: error },
        );
      }
      if (attempt >= EXCHANGE_ATTEMPTS || !isTransientStatus(response.status)) break;
      // Throttled (429) or briefly down: wait as the registry asks, within bounds, and try again.
      await response.arrayBuffer();
      await sleep(retryDelayMs(attempt, DEFAULT_RETRY, response.headers.get('retry-after')));
    }
    const text = await response.text();
    if (!response.ok) {
      const access = accessOfStatus(response.status);
      throw new AzureError(
        `${acr.registry} refused the Entra ID token of ${describeIdentity(credential.source.kind)} (HTTP ${response.status} from POST /oauth2/exchange: ${text.slice(0, 200)})${access ? `: grant the identity the AcrPush role on the registry` : ''}`,
        access && { access },
      );
    }
    let answer: { refresh_token?: unknown };
    try {
      answer = JSON.parse(text) as { refresh_token?: unknown };
    } catch {
      // A proxy's or captive portal's page answers 200 too: say what came back, not a JSON syntax error.
      throw new AzureError(
        `${acr.registry} answered POST /oauth2/exchange with HTTP ${response.status} but not JSON (${response.headers.get('content-type') ?? 'no content-type'}: ${text.slice(0, 120)}): check that the registry name is an Azure Container Registry and that no proxy answers in its place`,
      );
    }
    const refresh = answer?.refresh_token;
    const exp = typeof refresh === 'string' ? jwtClaims(refresh)?.exp : undefined;
    if (typeof refresh !== 'string' || typeof exp !== 'number')
      throw new AzureError(
        `${acr.registry} answered the token exchange without a refresh token that says when it expires`,
      );
    maskSecret(refresh);
    const expiresAt = exp * 1000;
    const margin = Math.min(RENEW_MARGIN_MS, Math.max(0, (expiresAt - this.now()) / 2));
    return { value: refresh, renewAt: expiresAt - margin };
  }

  async destroy(): Promise<void> {
    this.tokens.clear();
  }
}

function describeIdentity(kind: string): string {
  return kind === 'azure-cli' ? 'the Azure CLI session' : 'the Azure identity';
}

/**
 * Checks, before any byte moves, that the registry answers and that the push's credentials may push
 * to the repository (ACR creates it on the first push): a token is asked for `pull,push`, and the
 * actions it grants are read from it. Nothing is written.
 */
export async function checkAcrPush(client: RegistryClient, repository: string, log: Log): Promise<void> {
  const registry = client.registry;
  const name = registry.split('.')[0]!;
  let granted: readonly string[] | undefined;
  try {
    granted = await client.grantedActions(repository, ['pull', 'push']);
  } catch (error) {
    if (error instanceof RegistryError && error.status === undefined)
      throw new AzureError(
        `Azure Container Registry ${registry} does not answer (${error.message}): check the registry name (az acr show --name ${name})`,
        { cause: error },
      );
    throw error;
  }
  if (granted === undefined) {
    log(`Azure Container Registry ${registry}: its token does not say what it grants; the push will find out`);
  } else if (!granted.includes('push')) {
    throw new AzureError(
      `the credentials for ${registry} may not push to "${repository}" (the registry grants ${granted.join(', ') || 'nothing'} there): grant the identity the AcrPush role on the registry (az role assignment create --role AcrPush --assignee CLIENT_ID --scope $(az acr show --name ${name} --query id --output tsv)), or give a repository-scoped token content/write on "${repository}"`,
      { access: 'denied' },
    );
  } else {
    log(
      `Azure Container Registry ${registry}: the credentials may push to "${repository}" (created on the first push)`,
    );
  }
}
