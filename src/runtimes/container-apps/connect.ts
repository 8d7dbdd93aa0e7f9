/** What the app and the job runtimes check first, the same way: the image can run, Azure answers, the secrets exist. */
import type { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import { AzureError } from '../../clouds/azure.js';
import { explainArmError } from '../../clouds/azure-arm.js';
import type { DeployTarget } from '../runtime.js';
import { containerAppsClient, type ArmAccess } from './arm.js';
import type { EnvValue } from './inputs.js';
import { platformProblem } from './render.js';

export interface Connected {
  readonly client: ContainerAppsAPIClient;
  readonly subscriptionId: string;
  /** The resource as errors and logs name it: "Container App web (resource group …, subscription …)". */
  readonly label: string;
}

/**
 * The image's platform first (known from the image alone, so a plan without credentials fails on
 * it too, before anything is pushed), then the ARM client for `resource` ("Container App web").
 */
export async function connect(
  access: ArmAccess,
  target: Pick<DeployTarget, 'image' | 'platforms'>,
  resource: string,
  resourceGroup: string,
  readerRole: string,
): Promise<Connected> {
  const unrunnable = platformProblem(target.image, await target.platforms());
  if (unrunnable) throw new AzureError(unrunnable);
  try {
    const { client, subscriptionId } = await containerAppsClient(access);
    return {
      client,
      subscriptionId,
      label: `${resource} (resource group ${resourceGroup}, subscription ${subscriptionId})`,
    };
  } catch (error) {
    throw explainArmError(error, `Connecting to Azure for ${resource} (resource group ${resourceGroup})`, readerRole);
  }
}

/** Every `secretref:` in container-apps-env names a secret the resource has; `hint` says how to add one. */
export function checkSecretRefs(
  env: Readonly<Record<string, EnvValue>>,
  secrets: readonly { readonly name?: string }[] | undefined,
  label: string,
  hint = '',
): void {
  const names = (secrets ?? []).map((secret) => secret.name ?? '');
  for (const [variable, value] of Object.entries(env)) {
    if ('secretRef' in value && !names.includes(value.secretRef))
      throw new AzureError(
        `container-apps-env: ${variable}=secretref:${value.secretRef}, but ${label} has no secret "${value.secretRef}"; its secrets are: ${names.join(', ') || 'none'}${hint}`,
      );
  }
}
