import { describe, expect, it } from 'vitest';
import { errorTitle, isExpectedError } from '../src/errors.js';
import { InputError } from '../src/inputs.js';
import { RegistryError } from '../src/oci/client.js';
import { ManifestError } from '../src/oci/manifest.js';
import { VmError } from '../src/runtimes/vm-ssh.js';

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
    [new ManifestError('schema 1'), 'Source image'],
    [new VmError('down'), 'VM over SSH'],
  ])("%s is the user's to fix, titled %j", (error, title) => {
    expect(isExpectedError(error)).toBe(true);
    expect(errorTitle(error)).toBe(title);
  });

  it('treats anything else as a bug', () => {
    expect(isExpectedError(new TypeError('x is undefined'))).toBe(false);
    expect(errorTitle(new TypeError('x is undefined'))).toBe('Portable Deploy failed');
    expect(isExpectedError('a string')).toBe(false);
  });
});
