/**
 * The Azure inputs: the identity to federate with (azure-client-id, azure-tenant-id, as azure/login
 * takes them) and the subscription the Container Apps runtime works in.
 */
import type { InputContext } from '../input-reader.js';

/** Which identity the run signs in as with the GitHub OIDC token; both unset: the environment or az decides. */
export interface AzureIdentityInputs {
  readonly clientId: string | undefined;
  readonly tenantId: string | undefined;
}

export const NO_AZURE_IDENTITY: AzureIdentityInputs = { clientId: undefined, tenantId: undefined };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant is named by its ID or one of its domains (contoso.onmicrosoft.com). */
const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

export function readAzureIdentity(ctx: InputContext): AzureIdentityInputs {
  const clientId = ctx.text('azure-client-id');
  const tenantId = ctx.text('azure-tenant-id');
  if (clientId !== undefined && !GUID.test(clientId))
    ctx.problem(
      'azure-client-id',
      `"${clientId}" is not an application (client) ID, e.g. 00000000-0000-0000-0000-000000000000`,
    );
  if (tenantId !== undefined && !TENANT.test(tenantId))
    ctx.problem(
      'azure-tenant-id',
      `"${tenantId}" is not a tenant ID (a GUID) or a tenant domain (contoso.onmicrosoft.com)`,
    );
  if ((clientId === undefined) !== (tenantId === undefined)) {
    ctx.problem(
      clientId === undefined ? 'azure-client-id' : 'azure-tenant-id',
      'azure-client-id and azure-tenant-id go together (workload identity federation with the GitHub OIDC token): set both, or neither to use azure/login or AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET',
    );
  }
  return { clientId, tenantId };
}

/** The subscription: the azure-subscription-id input, else AZURE_SUBSCRIPTION_ID; undefined when neither says. */
export function readAzureSubscription(ctx: InputContext, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromInput = ctx.text('azure-subscription-id');
  const subscription = fromInput ?? (env.AZURE_SUBSCRIPTION_ID?.trim() || undefined);
  if (subscription !== undefined && !GUID.test(subscription)) {
    const where = fromInput === undefined ? 'AZURE_SUBSCRIPTION_ID' : 'the input';
    ctx.problem('azure-subscription-id', `"${subscription}" (from ${where}) is not a subscription ID (a GUID)`);
    return undefined;
  }
  return subscription;
}
