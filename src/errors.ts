/** Which errors are the user's to fix (shown as one clear line) and which are bugs (stack in debug). */
import { InputError } from './inputs.js';
import { AuthError } from './oci/auth.js';
import { RegistryError } from './oci/client.js';
import { ManifestError } from './oci/manifest.js';
import { SourceError } from './oci/sources.js';
import { DigestMismatchError } from './oci/verify.js';
import { ReferenceError } from './reference.js';
import { AwsError } from './registries/ecr.js';
import { EcsSetupError } from './runtimes/ecs-render.js';
import { VmError } from './runtimes/vm-ssh.js';

const EXPECTED = [
  InputError,
  ReferenceError,
  SourceError,
  RegistryError,
  AuthError,
  ManifestError,
  DigestMismatchError,
  AwsError,
  EcsSetupError,
  VmError,
];

export function isExpectedError(error: unknown): error is Error {
  return EXPECTED.some((type) => error instanceof type);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
