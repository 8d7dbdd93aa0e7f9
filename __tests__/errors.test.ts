import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunTimeoutError } from '../src/deadline.js';
import { errorTitle, isExpectedError } from '../src/errors.js';
import { GitHubError } from '../src/github/octokit.js';
import { InputError } from '../src/inputs.js';
import { AuthError } from '../src/oci/auth.js';
import { RegistryError } from '../src/oci/client.js';
import { DockerConfigError } from '../src/oci/credentials.js';
import { ManifestError } from '../src/oci/manifest.js';
import { NetworkError } from '../src/oci/network-error.js';
import { SourceError } from '../src/oci/sources/index.js';
import { TarError } from '../src/oci/sources/tar-index.js';
import { UserError } from '../src/oci/user-error.js';
import { DigestMismatchError } from '../src/oci/verify.js';
import { ReferenceError } from '../src/oci/reference.js';
import { AwsError } from '../src/clouds/aws.js';
import { GcpError } from '../src/clouds/google.js';
import { CloudRunError } from '../src/runtimes/cloud-run/render.js';
import { EcsSetupError } from '../src/runtimes/ecs/render.js';
import { VmError } from '../src/runtimes/vm/runtime.js';

describe('user errors', () => {
  it.each([
    [new InputError([{ input: 'image', message: 'x' }]), 'Invalid input image'],
    [
      new InputError([
        { input: 'tags', message: 'x' },
        { input: 'ports', message: 'y' },
        { input: 'tags', message: 'z' },
      ]),
      'Invalid inputs tags, ports',
    ],
    [new RegistryError('refused', 'ghcr.io', 401), 'Registry ghcr.io'],
    [new AuthError('no token', 'ghcr.io', 'missing'), 'Registry ghcr.io'],
    [new DigestMismatchError('bad bytes'), 'Corrupt image data'],
    [new SourceError('gone'), 'Source image'],
    [new ReferenceError('x y', 'space'), 'Source image'],
    [new ManifestError('schema 1'), 'Source image'],
    // A docker save tarball without the layer its manifest names is not always wrapped in a SourceError.
    [new TarError('app.tar has no file "abc/layer.tar"'), 'Source image'],
    [new EcsSetupError('no service'), 'ECS setup'],
    [new AwsError('denied', { access: 'denied' }), 'AWS'],
    [new VmError('down'), 'VM over SSH'],
    [new CloudRunError('no service'), 'Cloud Run'],
    [new GcpError('no project'), 'Google Cloud'],
    [new GitHubError('no permission'), 'GitHub API'],
    [new DockerConfigError('/home/u/.docker/config.json', 'not JSON'), 'Docker config /home/u/.docker/config.json'],
    [new RunTimeoutError('10m passed'), 'Timed out (input "timeout")'],
  ])("%s is the user's to fix, titled %j", (error, title) => {
    expect(error).toBeInstanceOf(UserError);
    expect(error.title).toBe(title);
    expect(isExpectedError(error)).toBe(true);
    expect(errorTitle(error)).toBe(title);
  });

  it('keeps each class its name and its access marker', () => {
    expect(new AwsError('x', { access: 'missing' })).toMatchObject({ name: 'AwsError', access: 'missing' });
    expect(new RegistryError('x', 'ghcr.io', 403)).toMatchObject({ name: 'RegistryError', access: 'denied' });
    expect(new InputError([{ input: 'image', message: 'x' }]).name).toBe('InputError');
  });

  it('treats anything else as a bug', () => {
    expect(isExpectedError(new TypeError('x is undefined'))).toBe(false);
    expect(errorTitle(new TypeError('x is undefined'))).toBe('Portable Deploy failed');
    expect(isExpectedError('a string')).toBe(false);
    // Wrapped into a RegistryError or AuthError before it reaches the user.
    expect(isExpectedError(new NetworkError('reset', 'h:1', 'ECONNRESET'))).toBe(false);
  });

  it('has no error class outside UserError but the few that are always caught and explained', async () => {
    const src = join(import.meta.dirname, '..', 'src');
    const files = (await readdir(src, { recursive: true })).filter((f) => f.endsWith('.ts'));
    const plain: string[] = [];
    for (const file of files) {
      const text = await readFile(join(src, file), 'utf8');
      for (const match of text.matchAll(/class (\w+) extends Error\b/g)) plain.push(match[1]!);
    }
    // NetworkError becomes a RegistryError or AuthError, and the Google operation errors a
    // CloudRunError or GcpError: a new error class is the user's to fix unless listed here.
    expect(plain.sort()).toEqual(['NetworkError', 'OperationFailed', 'OperationTimeout', 'UserError']);
  });
});
