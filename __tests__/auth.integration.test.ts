/** Bearer-token auth against a real registry that trusts our token server's certificate. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/oci/client.js';
import { copyImage } from '../src/oci/copy.js';
import type { Credentials } from '../src/oci/credentials.js';
import { OciLayoutSource, RegistrySource } from '../src/oci/sources/index.js';
import { parseReference } from '../src/oci/reference.js';
import { multiPlatformLayout, type Layout } from './helpers/image.js';
import { rawManifest, startRegistry, type Registry } from './helpers/services.js';
import { ISSUER, SERVICE, startTokenServer, type TokenServer } from './helpers/token-server.js';

let work: string;
let tokens: TokenServer;
let registry: Registry;
let layout: Layout;

const clientWith = (credentials: Credentials | undefined) =>
  new RegistryClient(registry.addr, {
    credentials: async () => credentials,
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
  });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-token-'));
  tokens = await startTokenServer(work, { deployer: 's3cret' }, { 'refresh-abc': 'deployer' });
  registry = await startRegistry({ token: [tokens.realm, ISSUER, SERVICE, tokens.certPath] });
  layout = await multiPlatformLayout(join(work, 'layout'), 'v1', [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ]);
});

afterAll(async () => {
  await registry?.stop();
  await tokens?.close();
  await rm(work, { recursive: true, force: true });
});

describe('token auth', () => {
  it('fetches one pull,push token for the destination and reuses it for every request', async () => {
    tokens.requests.length = 0;
    const client = clientWith({ username: 'deployer', password: 's3cret' });
    const result = await copyImage({
      source: new OciLayoutSource(layout.dir, 'v1'),
      target: { client, repository: 'tok/app' },
      tags: ['v1'],
    });
    expect(result.stats.uploaded).toBe(7); // 2 configs, 1 shared + 2 own layers, the attestation's config and layer
    // Many parallel requests, one token: cached per realm+service+scope, one fetch in flight.
    expect(tokens.requests).toEqual([
      { method: 'POST', user: 'deployer', grant: 'password', scopes: ['repository:tok/app:pull,push'] },
    ]);
    expect(client.requestCount).toBeGreaterThan(10);
  });

  it('merges the mount source pull scope into the destination token', async () => {
    tokens.requests.length = 0;
    const client = clientWith({ username: 'deployer', password: 's3cret' });
    const result = await copyImage({
      source: new RegistrySource(parseReference(`${registry.addr}/tok/app:v1`), client),
      target: { client, repository: 'tok/mounted' },
      tags: ['v1'],
    });
    expect(result.stats.mounted).toBe(7);
    // One token round trip for the whole copy: the source read, the tag look-up, the mounts and the
    // manifests all ask for the same scopes once the push target is known.
    expect(tokens.requests.map((r) => r.scopes)).toEqual([
      ['repository:tok/app:pull', 'repository:tok/mounted:pull,push'],
    ]);
    // skopeo, with its own token client, reads back the same bytes.
    expect(await rawManifest(`${registry.addr}/tok/mounted:v1`, 'deployer:s3cret')).toBe(layout.root.bytes.toString());
  });

  it('exchanges an identity (refresh) token by OAuth2 POST', async () => {
    tokens.requests.length = 0;
    const client = clientWith({ identityToken: 'refresh-abc' });
    await copyImage({
      source: new OciLayoutSource(layout.dir, 'v1'),
      target: { client, repository: 'tok/oauth' },
      tags: ['v1'],
    });
    expect(tokens.requests).toEqual([
      { method: 'POST', user: 'deployer', grant: 'refresh_token', scopes: ['repository:tok/oauth:pull,push'] },
    ]);
  });

  it('falls back to GET when the token service has no OAuth2 endpoint (404)', async () => {
    tokens.requests.length = 0;
    tokens.oauth = false;
    try {
      const client = clientWith({ username: 'deployer', identityToken: 's3cret' });
      await client.ping('tok/app');
      await expect(client.resolve('tok/app', 'v1')).resolves.toMatchObject({ digest: layout.root.digest });
      expect(tokens.requests.map((r) => r.method)).toEqual(['GET']);
    } finally {
      tokens.oauth = true;
    }
  });

  it('names the registry and the scope when the password is wrong, and writes nothing', async () => {
    tokens.requests.length = 0;
    const client = clientWith({ username: 'deployer', password: 'nope' });
    const copy = copyImage({
      source: new OciLayoutSource(layout.dir, 'v1'),
      target: { client, repository: 'tok/denied' },
      tags: ['v1'],
    });
    await expect(copy).rejects.toThrow(
      `${registry.addr} refused a token for repository:tok/denied:pull,push (HTTP 401 from ${new URL(tokens.realm).host}): check the registry user name and password`,
    );
    expect(await registry.accessLog()).not.toContain('PUT /v2/tok/denied');
    // The OAuth2 password grant was refused (401), so the GET with Basic was tried too, and refused.
    expect(tokens.requests.map((r) => `${r.method} ${r.grant ?? ''}`.trim())).toEqual(['POST password', 'GET']);
    // The OAuth2 password grant was refused (401), so the GET with Basic was tried too, and refused.
    expect(tokens.requests.map((r) => `${r.method} ${r.grant ?? ''}`.trim())).toEqual(['POST password', 'GET']);
  });

  it('explains a token without push access (anonymous) as a permission problem', async () => {
    const client = clientWith(undefined);
    const copy = copyImage({
      source: new OciLayoutSource(layout.dir, 'v1'),
      target: { client, repository: 'tok/anon' },
      tags: ['v1'],
    });
    await expect(copy).rejects.toThrow(/on 127\.0\.0\.1:\d+ failed with HTTP 401.*credentials were refused/);
  });
});
