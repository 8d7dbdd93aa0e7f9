/**
 * The pure half of creating a missing Container App: how it will pull from the destination (a
 * user-assigned identity, the run's registry credentials as an app secret, or nothing for a public
 * registry), the app to PUT (the SDK's flattened model), and the plan's lines. The password goes
 * only into the body's secret, never into a line.
 */
import type { Container, ContainerApp, ManagedEnvironment } from '@azure/arm-appcontainers';
import { registryTraits } from '../../registries/index.js';
import type { DeployTarget } from '../runtime.js';
import { AzureError } from '../../clouds/azure.js';
import type { ContainerAppsInputs, CreateSettings } from './inputs.js';
import { checkConsumptionResources } from './render.js';

export type PullAccess =
  | { readonly kind: 'identity'; readonly identity: string }
  | { readonly kind: 'credentials'; readonly username: string; readonly password: string; readonly secret: string }
  | { readonly kind: 'anonymous' };

/** How the new app pulls the image; an error naming the inputs when a private registry gives it no way. */
export function choosePullAccess(
  create: CreateSettings,
  target: Pick<DeployTarget, 'registry' | 'family'>,
): PullAccess {
  if (create.pullIdentity) return { kind: 'identity', identity: create.pullIdentity };
  if (create.registryCredentials)
    return { kind: 'credentials', ...create.registryCredentials, secret: registrySecretName(target.registry) };
  if (registryTraits(target.family).publicHub) return { kind: 'anonymous' };
  throw new AzureError(
    `container-apps-identity: a new app cannot pull from ${target.registry} without a way to sign in (a system-assigned identity has no AcrPull until after the app exists). Set container-apps-identity to a user-assigned managed identity's resource ID that has AcrPull on the registry, or registry-username and registry-password (stored as an app secret)`,
  );
}

/** The app secret holding the registry password, named after the host as az does (lower case, "-" for the rest). */
export function registrySecretName(registry: string): string {
  const name = `${registry.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-password`;
  return name.replace(/^-+/, '');
}

/** The environment's domain and the FQDN Azure gives the app: APP.DOMAIN, or APP.internal.DOMAIN for internal ingress. */
export function expectedFqdn(app: string, environment: ManagedEnvironment, external: boolean): string | undefined {
  const domain = environment.defaultDomain;
  if (!domain) return undefined;
  return external ? `${app}.${domain}` : `${app}.internal.${domain}`;
}

/** The app to PUT: flattened (the SDK adds `properties`), one container, Single revision mode. */
export function renderNewApp(
  inputs: ContainerAppsInputs,
  create: CreateSettings,
  environment: ManagedEnvironment & { id: string; location: string },
  pull: PullAccess,
  image: string,
  registry: string,
): ContainerApp {
  const { cpu, memory, minReplicas, maxReplicas } = inputs.flags;
  const env = Object.entries(inputs.env).map(([name, value]) =>
    'secretRef' in value ? { name, secretRef: value.secretRef } : { name, value: value.value },
  );
  const container: Container = {
    name: inputs.container ?? inputs.app,
    image,
    ...(env.length > 0 && { env }),
    ...((cpu !== undefined || memory !== undefined) && {
      resources: { ...(cpu !== undefined && { cpu }), ...(memory !== undefined && { memory }) },
    }),
  };
  // A new app lands on the Consumption plan.
  checkConsumptionResources([container], undefined, `app ${inputs.app}`, inputs);
  return {
    location: environment.location,
    managedEnvironmentId: environment.id,
    ...(pull.kind === 'identity' && {
      identity: { type: 'UserAssigned', userAssignedIdentities: { [pull.identity]: {} } },
    }),
    configuration: {
      activeRevisionsMode: 'Single',
      ...(create.targetPort !== undefined && {
        ingress: { external: create.external, targetPort: create.targetPort },
      }),
      ...(pull.kind === 'identity' && { registries: [{ server: registry, identity: pull.identity }] }),
      ...(pull.kind === 'credentials' && {
        registries: [{ server: registry, username: pull.username, passwordSecretRef: pull.secret }],
        secrets: [{ name: pull.secret, value: pull.password }],
      }),
    },
    template: {
      ...(inputs.revisionSuffix && { revisionSuffix: inputs.revisionSuffix }),
      containers: [container],
      ...((minReplicas !== undefined || maxReplicas !== undefined) && {
        scale: {
          ...(minReplicas !== undefined && { minReplicas }),
          ...(maxReplicas !== undefined && { maxReplicas }),
        },
      }),
    },
  };
}

/** The plan's lines for a creation: where, ingress, pulling, and the container's settings (no secret values). */
export function createPlan(
  label: string,
  inputs: ContainerAppsInputs,
  create: CreateSettings,
  environment: { name: string; location: string },
  pull: PullAccess,
  image: string,
  registry: string,
): string[] {
  const ingress =
    create.targetPort === undefined
      ? 'no ingress (set container-apps-target-port for one)'
      : `ingress ${create.external ? 'external (public)' : 'internal (inside the environment only)'} on port ${create.targetPort}`;
  const pulling =
    pull.kind === 'identity'
      ? `pulling from ${registry} with the managed identity ${pull.identity} (it needs AcrPull on the registry)`
      : pull.kind === 'credentials'
        ? `pulling from ${registry} as ${pull.username} (the password stored as app secret ${pull.secret})`
        : `pulling from ${registry} anonymously`;
  const { cpu, memory, minReplicas, maxReplicas } = inputs.flags;
  const settings = [
    `container ${inputs.container ?? inputs.app}: ${image}`,
    ...Object.entries(inputs.env).map(([name, value]) =>
      'secretRef' in value ? `env ${name}: secretref:${value.secretRef}` : `env ${name}: set`,
    ),
    ...(cpu !== undefined ? [`cpu: ${cpu}`] : []),
    ...(memory !== undefined ? [`memory: ${memory}`] : []),
    ...(minReplicas !== undefined ? [`min-replicas: ${minReplicas}`] : []),
    ...(maxReplicas !== undefined ? [`max-replicas: ${maxReplicas}`] : []),
    ...(inputs.revisionSuffix ? [`revision name: ${inputs.app}--${inputs.revisionSuffix}`] : []),
  ];
  return [
    `would create ${label} in environment ${environment.name} (${environment.location}), ${ingress}, ${pulling}; Single revision mode:`,
    ...settings.map((line) => `  ${line}`),
  ];
}
