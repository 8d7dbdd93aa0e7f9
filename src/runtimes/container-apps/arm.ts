/**
 * The Container Apps ARM client, built once per run with the api-version pinned (the fake asserts
 * it), and what it needs from outside: a TokenCredential and the subscription, injected, so this
 * folder does not decide how Azure credentials are found.
 */
import type { ContainerAppsAPIClient } from '@azure/arm-appcontainers';

/** The api-version @azure/arm-appcontainers 4.0.0 was generated for; pinned so an SDK update cannot change it silently. */
export const API_VERSION = '2026-07-01';

export type TokenCredential = ConstructorParameters<typeof ContainerAppsAPIClient>[0];

/** How the runtime reaches Azure Resource Manager. */
export interface ArmAccess {
  /** Called in prepare; a failure should carry the access marker ('missing'), so a plan without credentials goes on. */
  readonly credential: () => Promise<TokenCredential>;
  readonly subscriptionId: () => Promise<string>;
  /** The Resource Manager endpoint (a sovereign cloud, a private link, or the tests' local server). */
  readonly endpoint?: string;
  /** The shortest wait between polls of a revision or an operation (Retry-After can only lengthen it), in ms. */
  readonly pollIntervalMs?: number;
  /**
   * The only certificate authority to trust (PEM) instead of the public ones, for an endpoint with
   * its own certificate (the tests' local server). NODE_EXTRA_CA_CERTS does the same for a whole run.
   */
  readonly ca?: string;
}

export async function containerAppsClient(access: ArmAccess): Promise<{
  client: ContainerAppsAPIClient;
  subscriptionId: string;
}> {
  const [credential, subscriptionId] = await Promise.all([access.credential(), access.subscriptionId()]);
  const { ContainerAppsAPIClient } = await import('@azure/arm-appcontainers');
  const client = new ContainerAppsAPIClient(credential, subscriptionId, {
    apiVersion: API_VERSION,
    // The client asks for the public cloud's audience unless told: a sovereign cloud's Resource
    // Manager (or a private link to it) takes tokens for its own.
    ...(access.endpoint && {
      endpoint: access.endpoint,
      credentials: { scopes: [`${new URL(access.endpoint).origin}/.default`] },
    }),
    ...(access.ca && { tlsOptions: { ca: access.ca } }),
    userAgentOptions: { userAgentPrefix: 'portable-deploy' },
  });
  return { client, subscriptionId };
}
