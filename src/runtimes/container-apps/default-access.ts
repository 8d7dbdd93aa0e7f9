/**
 * How the Container Apps runtime reaches Azure Resource Manager: the run's Azure credential
 * (clouds/azure.ts: OIDC federation, AZURE_* secret or certificate, or the az session), the
 * subscription from azure-subscription-id or AZURE_SUBSCRIPTION_ID, and the Resource Manager
 * endpoint of a sovereign cloud or a private link (AZURE_RESOURCE_MANAGER_ENDPOINT).
 */
import { AzureError, azureCredential } from '../../clouds/azure.js';
import type { ArmAccess } from './arm.js';
import type { AzureAccount } from './inputs.js';

export function defaultArmAccess(account: AzureAccount, env: NodeJS.ProcessEnv = process.env): ArmAccess {
  return {
    credential: async () => azureCredential(account.identity, env),
    subscriptionId: async () => {
      if (account.subscriptionId) return account.subscriptionId;
      // Missing, not wrong: a fork's plan has no secrets, so it goes on past this.
      throw new AzureError(
        'no Azure subscription: set the azure-subscription-id input (or AZURE_SUBSCRIPTION_ID in the environment)',
        { access: 'missing' },
      );
    },
    ...(env.AZURE_RESOURCE_MANAGER_ENDPOINT && { endpoint: env.AZURE_RESOURCE_MANAGER_ENDPOINT }),
  };
}
