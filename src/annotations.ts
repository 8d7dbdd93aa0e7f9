/** Titles for error annotations, so a failure reads in the workflow's terms: which input, which registry, which cloud. */
import { InputError } from './inputs.js';
import { AuthError } from './oci/auth.js';
import { RegistryError } from './oci/client.js';
import { SourceError } from './oci/sources.js';
import { DigestMismatchError } from './oci/verify.js';
import { ReferenceError } from './reference.js';
import { AwsError } from './registries/ecr.js';
import { EcsSetupError } from './runtimes/ecs-render.js';
import { VmError } from './runtimes/vm-ssh.js';

export function errorTitle(error: unknown): string {
  if (error instanceof InputError) {
    const names = [...new Set(error.problems.map((p) => p.input))];
    return `Invalid input${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
  }
  if (error instanceof RegistryError || error instanceof AuthError) return `Registry ${error.registry}`;
  if (error instanceof DigestMismatchError) return 'Corrupt image data';
  if (error instanceof SourceError || error instanceof ReferenceError) return 'Source image';
  if (error instanceof EcsSetupError) return 'ECS setup';
  if (error instanceof AwsError) return 'AWS';
  if (error instanceof VmError) return 'VM over SSH';
  return 'Portable Deploy failed';
}
