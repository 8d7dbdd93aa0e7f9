import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  credentialProvider,
  credentialsFromDockerConfig,
  dockerConfigPath,
  readDockerConfig,
} from '../src/oci/credentials.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
let dir: string;
let originalPath: string | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pd-creds-'));
  // A real credential helper, speaking the docker-credential-helpers protocol on stdin/stdout.
  const helper = join(dir, 'docker-credential-pdtest');
  await writeFile(
    helper,
    `#!/bin/sh
[ "$1" = get ] || exit 2
read -r server
case "$server" in
  helper.example.com) echo '{"ServerURL":"helper.example.com","Username":"robot","Secret":"from-helper"}' ;;
  token.example.com) echo '{"ServerURL":"token.example.com","Username":"<token>","Secret":"refresh-xyz"}' ;;
  broken.example.com) echo 'not json' ;;
  crash.example.com) echo 'keychain locked' >&2; exit 3 ;;
  *) echo 'credentials not found in native keychain'; exit 1 ;;
esac
`,
  );
  await chmod(helper, 0o755);
  originalPath = process.env.PATH;
  process.env.PATH = `${dir}${delimiter}${originalPath}`;
});

afterAll(async () => {
  process.env.PATH = originalPath;
  await rm(dir, { recursive: true, force: true });
});

describe('credentials from docker config.json', () => {
  const config = {
    auths: {
      'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
      'registry.example.com': { username: 'alice', password: 'pw' },
      'http://127.0.0.1:5000': { auth: b64('local:pass:with:colons') },
      'id.example.com': { identitytoken: 'refresh-123' },
      'rt.example.com': { registrytoken: 'bearer-456' },
      'empty.example.com': {},
    },
    credHelpers: {
      'helper.example.com': 'pdtest',
      'token.example.com': 'pdtest',
      'broken.example.com': 'pdtest',
      'crash.example.com': 'pdtest',
    },
  };

  it.each([
    ['docker.io', { username: 'hubuser', password: 'hubpass' }],
    ['registry.example.com', { username: 'alice', password: 'pw' }],
    ['127.0.0.1:5000', { username: 'local', password: 'pass:with:colons' }],
    ['id.example.com', { identityToken: 'refresh-123' }],
    ['rt.example.com', { registryToken: 'bearer-456' }],
    ['empty.example.com', undefined],
    ['unknown.example.com', undefined],
    ['helper.example.com', { username: 'robot', password: 'from-helper' }],
    ['token.example.com', { identityToken: 'refresh-xyz' }],
  ])('%s', async (registry, expected) => {
    expect(await credentialsFromDockerConfig(config, registry)).toEqual(expected);
  });

  it('reports a helper that fails or prints garbage', async () => {
    await expect(credentialsFromDockerConfig(config, 'broken.example.com')).rejects.toThrow(
      'docker-credential-pdtest get printed something that is not JSON',
    );
    await expect(credentialsFromDockerConfig(config, 'crash.example.com')).rejects.toThrow(
      'docker-credential-pdtest get failed for crash.example.com (exit 3): keychain locked',
    );
  });

  it('uses credsStore for every registry, and says when the helper is missing', async () => {
    expect(await credentialsFromDockerConfig({ credsStore: 'pdtest' }, 'helper.example.com')).toEqual({
      username: 'robot',
      password: 'from-helper',
    });
    expect(
      await credentialsFromDockerConfig({ credsStore: 'pdtest', auths: { 'x.io': { auth: b64('a:b') } } }, 'x.io'),
    ).toEqual({ username: 'a', password: 'b' });
    await expect(credentialsFromDockerConfig({ credsStore: 'nosuchhelper' }, 'x.io')).rejects.toThrow(
      'credential helper docker-credential-nosuchhelper could not run',
    );
  });

  it('masks every secret it finds', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await credentialsFromDockerConfig(config, 'registry.example.com');
      await credentialsFromDockerConfig(config, 'helper.example.com');
      const printed = write.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toContain('::add-mask::pw');
      expect(printed).toContain('::add-mask::from-helper');
    } finally {
      write.mockRestore();
    }
  });

  it('reads DOCKER_CONFIG, prefers explicit credentials, and reads the file once', async () => {
    const configDir = join(dir, 'docker');
    await rm(configDir, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(configDir));
    await writeFile(join(configDir, 'config.json'), JSON.stringify({ auths: { 'a.io': { auth: b64('file:user') } } }));
    expect(dockerConfigPath({ DOCKER_CONFIG: configDir })).toBe(join(configDir, 'config.json'));
    const provider = credentialProvider(
      new Map([['b.io', { username: 'explicit', password: 'x' }]]),
      join(configDir, 'config.json'),
    );
    expect(await provider('a.io')).toEqual({ username: 'file', password: 'user' });
    expect(await provider('b.io')).toEqual({ username: 'explicit', password: 'x' });
    expect(await readDockerConfig(join(dir, 'missing.json'))).toBeUndefined();
    await writeFile(join(configDir, 'bad.json'), '{');
    await expect(readDockerConfig(join(configDir, 'bad.json'))).rejects.toThrow('bad.json is not valid JSON');
  });
});
