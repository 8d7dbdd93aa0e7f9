import { describe, expect, it } from 'vitest';
import {
  familiarReference,
  formatReference,
  formatSource,
  parseReference,
  parseRepository,
  parseSource,
  ReferenceError,
} from '../src/oci/reference.js';

const D64 = `sha256:${'a'.repeat(64)}`;
const D128 = `sha512:${'b'.repeat(128)}`;

describe('parseReference: valid references and their canonical form', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', undefined, undefined, 'docker.io/library/nginx'],
    ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', undefined, 'docker.io/library/nginx:1.27'],
    ['library/nginx', 'docker.io', 'library/nginx', undefined, undefined, 'docker.io/library/nginx'],
    ['docker.io/nginx', 'docker.io', 'library/nginx', undefined, undefined, 'docker.io/library/nginx'],
    ['index.docker.io/org/app', 'docker.io', 'org/app', undefined, undefined, 'docker.io/org/app'],
    ['org/app:v1', 'docker.io', 'org/app', 'v1', undefined, 'docker.io/org/app:v1'],
    ['ghcr.io/org/app:sha-abc', 'ghcr.io', 'org/app', 'sha-abc', undefined, 'ghcr.io/org/app:sha-abc'],
    ['localhost/app', 'localhost', 'app', undefined, undefined, 'localhost/app'],
    ['localhost:5000/a/b/c', 'localhost:5000', 'a/b/c', undefined, undefined, 'localhost:5000/a/b/c'],
    ['127.0.0.1:5000/app:latest', '127.0.0.1:5000', 'app', 'latest', undefined, '127.0.0.1:5000/app:latest'],
    ['[::1]:5000/app:1', '[::1]:5000', 'app', '1', undefined, '[::1]:5000/app:1'],
    ['[2001:db8::1]/team/app', '[2001:db8::1]', 'team/app', undefined, undefined, '[2001:db8::1]/team/app'],
    [`ghcr.io/org/app@${D64}`, 'ghcr.io', 'org/app', undefined, D64, `ghcr.io/org/app@${D64}`],
    [`ghcr.io/org/app:1.0@${D64}`, 'ghcr.io', 'org/app', '1.0', D64, `ghcr.io/org/app:1.0@${D64}`],
    [`reg.example.com/a@${D128}`, 'reg.example.com', 'a', undefined, D128, `reg.example.com/a@${D128}`],
    ['us-docker.pkg.dev/p/r/app', 'us-docker.pkg.dev', 'p/r/app', undefined, undefined, 'us-docker.pkg.dev/p/r/app'],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:_x',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      'team/app',
      '_x',
      undefined,
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:_x',
    ],
    ['REG.Example.com/a', 'REG.Example.com', 'a', undefined, undefined, 'REG.Example.com/a'],
    [
      'a/b__c/d-e--f/g.h/i_j',
      'docker.io',
      'a/b__c/d-e--f/g.h/i_j',
      undefined,
      undefined,
      'docker.io/a/b__c/d-e--f/g.h/i_j',
    ],
    [
      `docker.io/library/x:${'T'.repeat(128)}`,
      'docker.io',
      'library/x',
      'T'.repeat(128),
      undefined,
      `docker.io/library/x:${'T'.repeat(128)}`,
    ],
  ])('%s', (input, registry, repository, tag, digest, canonical) => {
    const ref = parseReference(input);
    expect(ref).toEqual({ registry, repository, ...(tag && { tag }), ...(digest && { digest }) });
    expect(formatReference(ref)).toBe(canonical);
    // Round trip: the canonical form parses to the same reference.
    expect(parseReference(canonical)).toEqual(ref);
  });

  it('prints Docker Hub references in their familiar form', () => {
    expect(familiarReference(parseReference('nginx:1'))).toBe('nginx:1');
    expect(familiarReference(parseReference('org/app'))).toBe('org/app');
    expect(familiarReference(parseReference('ghcr.io/org/app'))).toBe('ghcr.io/org/app');
  });
});

describe('parseReference: invalid references name the exact reason', () => {
  it.each([
    ['', 'it is empty'],
    [' nginx', 'it has leading or trailing white space'],
    ['ngi nx', 'it contains white space'],
    ['https://ghcr.io/org/app', 'it must not contain a URL scheme'],
    ['Nginx', 'repository name must be lower-case ("Nginx")'],
    ['Bad//Ref', 'repository name must be lower-case ("Bad")'],
    ['bad//ref', 'the repository path has an empty component'],
    ['ghcr.io/org/', 'the repository path has an empty component'],
    ['ghcr.io/Org/app', 'repository name must be lower-case ("Org")'],
    ['ghcr.io/org/-app', 'repository path component "-app" may hold only'],
    ['ghcr.io/org/a..b', 'repository path component "a..b" may hold only'],
    ['ghcr.io/org/a___b', 'repository path component "a___b" may hold only'],
    ['app:', 'tag is empty'],
    ['app:-x', 'tag "-x" may hold only letters'],
    ['app:.x', 'tag ".x" may hold only letters'],
    ['app:a+b', 'tag "a+b" may hold only letters'],
    [`app:${'x'.repeat(129)}`, 'tag is 129 characters long, the limit is 128'],
    ['app@sha256:abc', 'digest "sha256:abc" must look like sha256:<64 hex characters>'],
    [`app@sha256:${'a'.repeat(63)}`, 'sha256 digest must have 64 hex characters, this one has 63'],
    [`app@sha256:${'a'.repeat(65)}`, 'sha256 digest must have 64 hex characters, this one has 65'],
    [`app@md5:${'a'.repeat(32)}`, 'digest algorithm "md5" is not supported'],
    [`app@sha256:${'A'.repeat(64)}`, 'must be lower-case hex'],
    ['reg_istry.io/app', 'registry host "reg_istry.io" is not a valid host name'],
    ['-reg.io/app', 'registry host "-reg.io" is not a valid host name'],
    ['reg.io:99999/app', 'registry port 99999 must be between 1 and 65535'],
    ['reg.io:abc/app', 'registry port "abc" must be digits'],
    ['[::1/app', 'opens "[" for an IPv6 address but never closes it'],
    ['[::g]:5000/app', 'registry host "[::g]" is not a valid IPv6 address'],
    ['localhost:5000/', 'the repository path after the registry host is empty'],
    [`reg.io/${'a'.repeat(250)}`, 'the name is 257 characters long, the limit is 255'],
    [':tag', 'the repository name is missing'],
  ])('%j', (input, reason) => {
    let caught: unknown;
    try {
      parseReference(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ReferenceError);
    expect((caught as ReferenceError).reason).toContain(reason);
    expect((caught as ReferenceError).message).toContain(`"${input}" is not a valid image reference`);
  });
});

describe('parseRepository (destination)', () => {
  it('accepts a repository', () => {
    expect(parseRepository('127.0.0.1:5000/app')).toEqual({ registry: '127.0.0.1:5000', repository: 'app' });
  });
  it.each([
    ['127.0.0.1:5000/app:1', 'remove tag ":1" and list tags in the "tags" input'],
    [
      '127.0.0.1:5000',
      'names the registry 127.0.0.1:5000 but no repository: add the repository path, e.g. 127.0.0.1:5000/app',
    ],
    ['localhost:5000', 'names the registry localhost:5000 but no repository'],
    ['registry.example.com:443', 'names the registry registry.example.com:443 but no repository'],
    [`ghcr.io/o/a@${D64}`, 'without a digest'],
  ])('rejects %s', (input, reason) => {
    expect(() => parseRepository(input)).toThrow(reason);
  });
});

describe('parseSource: transports', () => {
  it.each([
    [
      'ghcr.io/org/app:1',
      { transport: 'registry', ref: { registry: 'ghcr.io', repository: 'org/app', tag: '1' } },
      'ghcr.io/org/app:1',
    ],
    [
      'docker://nginx:1',
      { transport: 'registry', ref: { registry: 'docker.io', repository: 'library/nginx', tag: '1' } },
      'docker.io/library/nginx:1',
    ],
    [
      'nginx:1',
      { transport: 'registry', ref: { registry: 'docker.io', repository: 'library/nginx', tag: '1' } },
      'docker.io/library/nginx:1',
    ],
    [
      'docker-daemon:app:1.0',
      { transport: 'docker-daemon', ref: { registry: 'docker.io', repository: 'library/app', tag: '1.0' } },
      'docker-daemon:app:1.0',
    ],
    ['oci-layout:./out', { transport: 'oci-layout', path: './out' }, 'oci-layout:./out'],
    [
      'oci-layout:/tmp/out:v1.2',
      { transport: 'oci-layout', path: '/tmp/out', tag: 'v1.2' },
      'oci-layout:/tmp/out:v1.2',
    ],
    ['docker-archive:app.tar', { transport: 'docker-archive', path: 'app.tar' }, 'docker-archive:app.tar'],
    [
      'docker-archive:app.tar:org/app:2',
      { transport: 'docker-archive', path: 'app.tar', ref: { registry: 'docker.io', repository: 'org/app', tag: '2' } },
      'docker-archive:app.tar:org/app:2',
    ],
  ])('%s', (input, expected, formatted) => {
    const source = parseSource(input);
    expect(source).toEqual(expected);
    expect(formatSource(source)).toBe(formatted);
    expect(parseSource(formatSource(source))).toEqual(source);
  });

  it.each([
    ['oci:./dir', 'unknown transport "oci:"'],
    ['containers-storage:app', 'unknown transport "containers-storage:"'],
    ['foo:./bar', 'unknown transport "foo:"'],
    ['docker-daemon:app', 'docker-daemon: needs a tag or digest'],
    ['oci-layout:', 'oci-layout: needs a directory path'],
    ['oci-layout:./out:bad tag', 'tag "bad tag" may hold only'],
    ['docker-archive:', 'docker-archive: needs a tarball path'],
    [`docker-archive:a.tar:app@${D64}`, 'selects an image by NAME:TAG, not by digest'],
  ])('%s is rejected', (input, reason) => {
    expect(() => parseSource(input)).toThrow(reason);
  });
});
