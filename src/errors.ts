/**
 * Which errors are the user's to fix (shown as one clear line, titled with what is at fault) and
 * which are bugs (stack in debug). One table serves both, so a new error class cannot be known to
 * one and not the other.
 */
import { RunTimeoutError } from './deadline.js';
import { GitHubError } from './github/octokit.js';
import { InputError } from './inputs.js';
import { AuthError } from './oci/auth.js';
import { RegistryError } from './oci/client.js';
import { DockerConfigError } from './oci/credentials.js';
import { ManifestError } from './oci/manifest.js';
import { SourceError } from './oci/sources.js';
import { DigestMismatchError } from './oci/verify.js';
import { ReferenceError } from './reference.js';
import { AwsError } from './registries/ecr.js';
import { GcpError } from './registries/google-cloud.js';
import { CloudRunError } from './runtimes/cloud-run-render.js';
import { EcsSetupError } from './runtimes/ecs-render.js';
import { VmError } from './runtimes/vm-ssh.js';

type Title<E> = (error: E) => string;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of classes with different constructor signatures
type ErrorClass<E> = abstract new (...args: any[]) => E;

function entry<E extends Error>(type: ErrorClass<E>, title: Title<E>): readonly [ErrorClass<E>, Title<E>] {
  return [type, title];
}

/** Each error the user can fix, with the title of its annotation: which input, registry or cloud. */
const USER_ERRORS = [
  entry(InputError, (e) => {
    const names = [...new Set(e.problems.map((p) => p.input))];
    return `Invalid input${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
  }),
  entry(RegistryError, (e) => `Registry ${e.registry}`),
  entry(AuthError, (e) => `Registry ${e.registry}`),
  entry(DigestMismatchError, () => 'Corrupt image data'),
  entry(SourceError, () => 'Source image'),
  entry(ReferenceError, () => 'Source image'),
  entry(ManifestError, () => 'Source image'),
  entry(EcsSetupError, () => 'ECS setup'),
  entry(AwsError, () => 'AWS'),
  entry(VmError, () => 'VM over SSH'),
  entry(CloudRunError, () => 'Cloud Run'),
  entry(GcpError, () => 'Google Cloud'),
  entry(GitHubError, () => 'GitHub API'),
  entry(DockerConfigError, (e) => `Docker config ${e.path}`),
  entry(RunTimeoutError, () => 'Timed out (input "timeout")'),
] as const;

function userError(error: unknown): readonly [ErrorClass<Error>, Title<Error>] | undefined {
  return (USER_ERRORS as readonly (readonly [ErrorClass<Error>, Title<Error>])[]).find(
    ([type]) => error instanceof type,
  );
}

export function isExpectedError(error: unknown): error is Error {
  return userError(error) !== undefined;
}

/** The title of an error annotation, so a failure reads in the workflow's terms. */
export function errorTitle(error: unknown): string {
  const found = userError(error);
  return found ? found[1](error as Error) : 'Portable Deploy failed';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
