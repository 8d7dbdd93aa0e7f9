/**
 * Whether a Container App can pull from the destination registry, from what the app says (read in
 * prepare): a registries[] entry for the host with a managed identity the app has, or with a user
 * name and a password secret. Warnings, not errors: a registry may allow anonymous pulls.
 */
import type { Configuration, ManagedServiceIdentity } from '@azure/arm-appcontainers';
import { registryTraits } from '../../registries/index.js';
import type { DeployTarget } from '../runtime.js';

/** What an app or a job says about pulling: its identity, registries and secret names. */
export interface PullingResource {
  readonly name?: string;
  readonly identity?: ManagedServiceIdentity;
  readonly configuration?: Pick<Configuration, 'registries' | 'secrets'>;
}

export function pullWarnings(
  app: PullingResource,
  target: Pick<DeployTarget, 'registry' | 'family'>,
  noun: 'app' | 'job' = 'app',
): string[] {
  const traits = registryTraits(target.family);
  if (traits.publicHub) return [];
  const host = target.registry.toLowerCase();
  const entry = (app.configuration?.registries ?? []).find((r) => r.server?.toLowerCase() === host);
  const name = app.name ?? `the ${noun}`;
  const az = `az containerapp${noun === 'job' ? ' job' : ''} registry set -n ${name} -g RESOURCE_GROUP --server ${target.registry}`;
  const fix =
    traits.cloud === 'azure'
      ? `give the ${noun} a managed identity with AcrPull on the registry and add it: ${az} --identity system`
      : `add the registry's credentials: ${az} --username USER --password PASSWORD`;
  if (!entry)
    return [
      `${noun} ${name} has no registry entry for ${target.registry}: unless it allows anonymous pulls, the new revision cannot pull the image. To fix, ${fix}`,
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
          `${noun} ${name} pulls from ${target.registry} with the managed identity "${identity}", which the ${noun} does not have: assign it to the ${noun} (and grant it AcrPull on the registry)`,
        ];
  }
  if (entry.username && entry.passwordSecretRef) {
    const secrets = (app.configuration?.secrets ?? []).map((s) => s.name);
    return secrets.includes(entry.passwordSecretRef)
      ? []
      : [
          `${noun} ${name} pulls from ${target.registry} as ${entry.username} with the secret "${entry.passwordSecretRef}", which the ${noun} does not have`,
        ];
  }
  return [
    `${noun} ${name}'s registry entry for ${target.registry} has neither an identity nor a user name and password secret: ${fix}`,
  ];
}
