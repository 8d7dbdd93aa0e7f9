/**
 * Azure Container Registry (NAME.azurecr.io, .cn, .us): recognised and described only, for now.
 * Missing, for issue 13:
 * - credentials: an Entra ID token exchanged at REG/oauth2/exchange for a refresh token (the user
 *   name is the null GUID); until then docker config (`az acr login`, docker/login-action) serves it;
 * - prepareRepository: nothing is known before the push (ACR creates a repository on first push);
 * - traits.owner: the subscription or resource group, which the host does not name.
 */
import { anyShape, noOwnCredentials, nothingKnown, type RegistryFamilyModule } from './family.js';

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
  credentials: noOwnCredentials,
  prepareRepository: nothingKnown,
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
