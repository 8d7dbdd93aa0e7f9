/**
 * Azure Container Registry (NAME.azurecr.io, and the sovereign clouds' .cn and .us): the run's
 * Azure identity (./acr-api.ts, imported only when called) exchanged for a refresh token; before any
 * byte moves, a check that the registry answers and the credentials may push. ACR creates a
 * repository on its first push, so there is nothing to create.
 * Left for later: traits.owner (the subscription or resource group, which the host does not name).
 */
import type { RegistryFamilyModule } from './family.js';
import { anyShape } from './family.js';

export interface AcrFamily {
  readonly kind: 'acr';
  readonly registryName: string;
  readonly cloudDomain: string;
}

const ACR_HOST = /^([a-z0-9]+)\.(azurecr\.(?:io|cn|us))$/;

export const acrModule: RegistryFamilyModule<AcrFamily> = {
  kind: 'acr',
  detect(host) {
    const acr = ACR_HOST.exec(host);
    return acr ? { kind: 'acr', registryName: acr[1]!, cloudDomain: acr[2]! } : undefined;
  },
  describe: (family) => `Azure Container Registry (${family.registryName})`,
  shapeProblem: anyShape,
  async credentials({ registry, family, resources, endpoints, azure }) {
    const { AcrSessions } = await import('./acr-api.js');
    return resources.shared(AcrSessions).credentials({ registry, cloudDomain: family.cloudDomain }, azure, endpoints);
  },
  async prepareRepository({ client, repository, log }) {
    const { checkAcrPush } = await import('./acr-api.js');
    await checkAcrPush(client(), repository, log);
    return { immutableTags: false };
  },
  // ACR takes PATCH chunks (Microsoft's own client sends 4 MiB ones), answers uploads with a relative
  // Location (resolved against the registry's URL like any other), serves the referrers API (OCI 1.1)
  // and may or may not mount across repositories (a 202 falls back to an upload): nothing differs
  // from the distribution spec as the client reads it.
  quirks: { chunkedUploads: true },
  traits: () => ({
    cloud: 'azure',
    owner: undefined,
    region: undefined,
    // Container Apps pulls with a managed identity granted AcrPull.
    pullsWithCloudIdentity: true,
    publicHub: false,
  }),
};
