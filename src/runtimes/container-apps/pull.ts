/**
 * Whether a Container App can pull from the destination registry, from what the app says (read in
 * prepare): a registries[] entry for the host with a managed identity the app has, or with a user
 * name and a password secret. Warnings, not errors: a registry may allow anonymous pulls.
 */
import type { ContainerApp } from '@azure/arm-appcontainers';
import { registryTraits } from '../../registries/index.js';
import type { DeployTarget } from '../runtime.js';

export function pullWarnings(app: ContainerApp, target: Pick<DeployTarget, 'registry' | 'family'>): string[] {
  const traits = registryTraits(target.family);
  if (traits.publicHub) return [];
  const host = target.registry.toLowerCase();
  const entry = (app.configuration?.registries ?? []).find((r) => r.server?.toLowerCase() === host);
  const name = app.name ?? 'the app';
  const fix =
    traits.cloud === 'azure'
      ? `give the app a managed identity with AcrPull on the registry and add it: az containerapp registry set -n ${name} -g RESOURCE_GROUP --server ${target.registry} --identity system`
      : `add the registry's credentials: az containerapp registry set -n ${name} -g RESOURCE_GROUP --server ${target.registry} --username USER --password PASSWORD`;
  if (!entry)
    return [
      `app ${name} has no registry entry for ${target.registry}: unless it allows anonymous pulls, the new revision cannot pull the image. To fix, ${fix}`,
    ];
  if (entry.identity) {
    const identity = entry.identity;
    const kinds = (app.identity?.type ?? '').toLowerCase();
    const has =
      identity.toLowerCase() === 'system'
        ? kinds.includes('systemassigned')
        : Object.keys(app.identity?.userAssignedIdentities ?? {}).some(
            (id) => id.toLowerCase() === identity.toLowerCase(),
          );
    return has
      ? []
      : [
          `app ${name} pulls from ${target.registry} with the managed identity "${identity}", which the app does not have: assign it to the app (and grant it AcrPull on the registry)`,
        ];
  }
  if (entry.username && entry.passwordSecretRef) {
    const secrets = (app.configuration?.secrets ?? []).map((s) => s.name);
    return secrets.includes(entry.passwordSecretRef)
      ? []
      : [
          `app ${name} pulls from ${target.registry} as ${entry.username} with the secret "${entry.passwordSecretRef}", which the app does not have`,
        ];
  }
  return [
    `app ${name}'s registry entry for ${target.registry} has neither an identity nor a user name and password secret: ${fix}`,
  ];
}
