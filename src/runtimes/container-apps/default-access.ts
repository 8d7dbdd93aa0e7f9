/**
 * The seam to Azure credentials: until clouds/azure.ts (azureCredential(), azure-subscription-id)
 * is merged, @azure/identity's DefaultAzureCredential (environment, workload identity, the Azure
 * CLI session azure/login leaves) and AZURE_SUBSCRIPTION_ID. At the merge this file is replaced by
 * one that hands those over; the runtime takes only the ArmAccess below.
 */
import type { ArmAccess } from './arm.js';
import { ContainerAppsError } from './errors.js';

export function defaultArmAccess(env: NodeJS.ProcessEnv = process.env): ArmAccess {
  return {
    credential: async () => {
      const { DefaultAzureCredential } = await import('@azure/identity');
      return new DefaultAzureCredential();
    },
    subscriptionId: async () => {
      const subscription = env.AZURE_SUBSCRIPTION_ID;
      if (subscription) return subscription;
      throw new ContainerAppsError(
        'no Azure subscription: set AZURE_SUBSCRIPTION_ID (azure/login with subscription-id)',
        {
          access: 'missing',
        },
      );
    },
    ...(env.AZURE_RESOURCE_MANAGER_ENDPOINT && { endpoint: env.AZURE_RESOURCE_MANAGER_ENDPOINT }),
  };
}
