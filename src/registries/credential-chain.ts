/**
 * Credentials from the first source that has some, like go-containerregistry's multi-keychain; none
 * from any source means anonymous.
 */
import type { CredentialProvider } from '../oci/credentials.js';

export function credentialChain(...sources: readonly CredentialProvider[]): CredentialProvider {
  return async (registry) => {
    for (const source of sources) {
      const found = await source(registry);
      if (found) return found;
    }
    return undefined;
  };
}
