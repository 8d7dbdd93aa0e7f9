import { describe, expect, it } from 'vitest';
import { parseRepository } from '../src/oci/reference.js';
import { isLoopbackHost } from '../src/oci/hosts.js';
import { destinationShapeProblem, detectRegistry } from '../src/registries/index.js';

describe('detectRegistry', () => {
  it.each([
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/app',
      { kind: 'ecr', accountId: '123456789012', region: 'us-east-1', fips: false, partitionDomain: 'amazonaws.com' },
    ],
    [
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app',
      { kind: 'ecr', accountId: '123456789012', region: 'us-gov-west-1', fips: true, partitionDomain: 'amazonaws.com' },
    ],
    [
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/a/b',
      {
        kind: 'ecr',
        accountId: '123456789012',
        region: 'cn-north-1',
        fips: false,
        partitionDomain: 'amazonaws.com.cn',
      },
    ],
    [
      '123456789012.dkr-ecr.eu-west-1.on.aws/app',
      { kind: 'ecr', accountId: '123456789012', region: 'eu-west-1', fips: false, partitionDomain: 'on.aws' },
    ],
    ['public.ecr.aws/alias/app', { kind: 'ecr-public' }],
    [
      'us-docker.pkg.dev/my-proj/repo/app',
      { kind: 'artifact-registry', location: 'us', project: 'my-proj', repository: 'repo' },
    ],
    [
      'europe-west1-docker.pkg.dev/p/r/img/sub',
      { kind: 'artifact-registry', location: 'europe-west1', project: 'p', repository: 'r' },
    ],
    ['gcr.io/proj/app', { kind: 'gcr', multiRegion: 'us', project: 'proj' }],
    ['eu.gcr.io/proj/app', { kind: 'gcr', multiRegion: 'eu', project: 'proj' }],
    ['myreg.azurecr.io/app', { kind: 'acr', registryName: 'myreg', cloudDomain: 'azurecr.io' }],
    ['myreg.azurecr.cn/app', { kind: 'acr', registryName: 'myreg', cloudDomain: 'azurecr.cn' }],
    ['ghcr.io/octo/app', { kind: 'ghcr', owner: 'octo' }],
    ['octo/app', { kind: 'docker-hub', namespace: 'octo' }],
    ['nginx', { kind: 'docker-hub', namespace: 'library' }],
    ['127.0.0.1:5000/app', { kind: 'generic' }],
    ['registry.example.com/app', { kind: 'generic' }],
    // Look-alikes are not the cloud: a 12-digit account is required, the suffix must be AWS's.
    ['12345.dkr.ecr.us-east-1.amazonaws.com/app', { kind: 'generic' }],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.io/app', { kind: 'generic' }],
    ['docker.pkg.dev/p/r/a', { kind: 'generic' }],
  ])('%s', (input, family) => {
    expect(detectRegistry(parseRepository(input))).toEqual(family);
  });

  it('checks the path shape each registry requires', () => {
    const ar = parseRepository('us-docker.pkg.dev/proj/app');
    expect(destinationShapeProblem(detectRegistry(ar), ar.repository)).toContain(
      'LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE',
    );
    const ghcr = parseRepository('ghcr.io/app');
    expect(destinationShapeProblem(detectRegistry(ghcr), ghcr.repository)).toContain('ghcr.io/OWNER/IMAGE');
    const ok = parseRepository('us-docker.pkg.dev/proj/repo/app');
    expect(destinationShapeProblem(detectRegistry(ok), ok.repository)).toBeUndefined();
  });

  it.each([
    ['127.0.0.1:5000', true],
    ['127.3.2.1', true],
    ['localhost:5000', true],
    ['LOCALHOST:5000', true],
    ['LocalHost', true],
    ['[::1]:5000', true],
    ['[::1]', true],
    ['128.0.0.1:5000', false],
    ['localhost.example.com', false],
    ['ghcr.io', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
