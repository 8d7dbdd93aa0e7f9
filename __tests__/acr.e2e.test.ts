/**
 * Azure Container Registry end to end through the bundled action, against the Azure stand-in
 * (scripts/azure-api.ts): Entra ID over HTTPS (AZURE_AUTHORITY_HOST), GitHub's OIDC token, ACR's
 * /oauth2/exchange and /oauth2/token in front of a docker-registry that takes only the stand-in's
 * tokens. myreg.azurecr.io is reached at the stand-in through registry-endpoints, over TLS with the
 * stand-in's CA trusted (NODE_EXTRA_CA_CERTS), as a private endpoint would be.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, startAzureApi, TENANT_ID, type AzureApi } from '../scripts/azure-api.js';
import { runAction, type ActionRun } from './helpers/action.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';

const REGISTRY = 'myreg.azurecr.io';
const REPOSITORY = 'team/app';
const ADMIN = { username: 'myreg', password: 'admin-password-1f7e9c2b' };

let azure: AzureApi;
let work: string;
let layout: Layout;
/** A directory whose `az` is the stub AzureCliCredential runs. */
let azDir: string;
/** The stand-in's CA, which this process trusts only where it is passed. */
let ca: string;

/** The environment every run gets: the stand-in's CA, and PATH with the stub az (not logged in unless told). */
function baseEnv(): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: azure.caPath, AZURE_AUTHORITY_HOST: azure.url, PATH: azDir };
}

const act = (inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> =>
  runAction(
    {
      image: `oci-layout:${layout.dir}:3.0.0`,
      destination: `${REGISTRY}/${REPOSITORY}`,
      'registry-endpoints': `${REGISTRY}=127.0.0.1:${azure.port}`,
      ...inputs,
    },
    { env: { ...baseEnv(), ...env } },
  );

const oidc = { 'azure-client-id': CLIENT_ID, 'azure-tenant-id': TENANT_ID };
const githubOidcEnv = () => {
  const { ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN } = azure.environment();
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: ACTIONS_ID_TOKEN_REQUEST_URL!,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: ACTIONS_ID_TOKEN_REQUEST_TOKEN!,
  };
};

/** GET over TLS to the stand-in, as the registry host, trusting its CA. */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: azure.port, path, ca, servername: REGISTRY, headers: { host: REGISTRY, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The digest of the manifest a tag names at the destination, read with the admin user (our own client not involved). */
async function destinationDigest(tag: string): Promise<string> {
  azure.acr.admin = ADMIN;
  const basic = Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64');
  const token = await get(
    `/oauth2/token?service=${REGISTRY}&scope=${encodeURIComponent(`repository:${REPOSITORY}:pull`)}`,
    { authorization: `Basic ${basic}` },
  );
  const { access_token } = JSON.parse(token.body.toString()) as { access_token: string };
  const manifest = await get(`/v2/${REPOSITORY}/manifests/${tag}`, {
    authorization: `Bearer ${access_token}`,
    accept: 'application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json',
  });
  expect(manifest.status).toBe(200);
  return `sha256:${createHash('sha256').update(manifest.body).digest('hex')}`;
}

/** Every token the stand-in issued appears in the run's output only in the ::add-mask:: line that masks it. */
function expectTokensMasked(run: ActionRun): void {
  const written = [
    run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    run.stderr,
    run.summary,
  ];
  for (const token of [...azure.entra.issued, ...azure.acr.issued])
    for (const text of written) expect(text.includes(token), 'a token leaked into the output').toBe(false);
}

/** Blob writes the registry received (uploads opened, chunks, PUTs). */
const blobWrites = () =>
  azure.requests.filter(
    (r) => r.route === 'registry' && r.method !== 'GET' && r.method !== 'HEAD' && r.path.includes('/blobs/'),
  );

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-acr-'));
  azure = await startAzureApi({ dir: join(work, 'azure') });
  ca = await readFile(azure.caPath, 'utf8');
  layout = await singlePlatformLayout(join(work, 'layout'), '3.0.0', [40_000, 12_000]);
  azDir = join(work, 'bin');
  await writeAz('echo "ERROR: Please run \'az login\' to setup account." >&2; exit 1');
});

afterAll(async () => {
  await azure?.close();
  await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  azure.requests.length = 0;
  azure.faults.clear();
  azure.acr.denyPush = false;
  azure.acr.admin = undefined;
});

async function writeAz(body: string): Promise<void> {
  await mkdir(azDir, { recursive: true });
  await writeFile(join(azDir, 'az'), `#!/bin/sh\necho "$@" >> ${join(azDir, 'az.args')}\n${body}\n`);
  await chmod(join(azDir, 'az'), 0o755);
}

describe('Azure Container Registry', () => {
  it('pushes with workload identity federation (GitHub OIDC → Entra ID → ACR refresh token), the digest unchanged', async () => {
    const run = await act({ ...oidc, tags: 'oidc' }, githubOidcEnv());
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.digest).toBe(layout.root.digest);
    const calls = azure.requests.filter((r) => r.route !== 'registry').map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        'GET /github-oidc/token 200',
        `GET /${TENANT_ID}/v2.0/.well-known/openid-configuration 200`,
        `POST /${TENANT_ID}/oauth2/v2.0/token 200`,
        'POST /oauth2/exchange 200',
        'POST /oauth2/token 200',
      ]),
    );
    const token = azure.requests.find((r) => r.path === `/${TENANT_ID}/oauth2/v2.0/token`)!;
    expect(token.form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      scope: 'https://containerregistry.azure.net/.default',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    });
    expect(azure.requests.find((r) => r.path === '/github-oidc/token')!.query.audience).toBe(
      'api://AzureADTokenExchange',
    );
    const exchange = azure.requests.filter((r) => r.path === '/oauth2/exchange');
    expect(exchange).toHaveLength(1);
    expect(exchange[0]!.form).toMatchObject({ grant_type: 'access_token', service: REGISTRY, tenant: TENANT_ID });
    // The access tokens came by the refresh_token grant, with the null-GUID identity.
    const grants = azure.requests.filter((r) => r.path === '/oauth2/token').map((r) => r.form.grant_type);
    expect(new Set(grants)).toEqual(new Set(['refresh_token']));
    expect(run.stdout).toContain(`the credentials may push to "${REPOSITORY}"`);
    expectTokensMasked(run);
    expect(await destinationDigest('oidc')).toBe(layout.root.digest);
  });

  it('pushes with a client secret from AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET', async () => {
    const run = await act(
      { tags: 'secret' },
      { AZURE_CLIENT_ID: CLIENT_ID, AZURE_TENANT_ID: TENANT_ID, AZURE_CLIENT_SECRET: CLIENT_SECRET },
    );
    expect(run.errorText).toBe('');
    expect(await destinationDigest('secret')).toBe(layout.root.digest);
    expect(azure.requests.find((r) => r.path === `/${TENANT_ID}/oauth2/v2.0/token`)!.form).toMatchObject({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
    });
    expect(azure.requests.some((r) => r.path === '/github-oidc/token')).toBe(false);
    expectTokensMasked(run);
  });

  it('pushes with a client certificate from AZURE_CLIENT_CERTIFICATE_PATH', async () => {
    const key = join(work, 'client.key');
    const cert = join(work, 'client.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=deployer',
    ]);
    const certificate = await readFile(cert, 'utf8');
    azure.entra.apps.get(CLIENT_ID)!.certificates.push(certificate);
    const both = join(work, 'client-with-key.pem');
    await writeFile(both, `${await readFile(key, 'utf8')}${certificate}`);
    const run = await act(
      { tags: 'certificate' },
      { AZURE_CLIENT_ID: CLIENT_ID, AZURE_TENANT_ID: TENANT_ID, AZURE_CLIENT_CERTIFICATE_PATH: both },
    );
    expect(run.errorText).toBe('');
    const form = azure.requests.find((r) => r.path === `/${TENANT_ID}/oauth2/v2.0/token`)!.form;
    expect(form.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form.client_secret).toBeUndefined();
    expect(await destinationDigest('certificate')).toBe(layout.root.digest);
  });

  it('pushes with the Azure CLI session azure/login leaves (az account get-access-token)', async () => {
    // An Entra ID token as az would print it, issued by the stand-in to the federated app.
    const issued = await fetchEntraToken();
    await writeAz(
      `echo '{"accessToken":"${issued}","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"subscription":"s","tenant":"${TENANT_ID}","tokenType":"Bearer"}'`,
    );
    try {
      const run = await act({ tags: 'cli' });
      expect(run.errorText).toBe('');
      expect(await destinationDigest('cli')).toBe(layout.root.digest);
      expect(await readFile(join(azDir, 'az.args'), 'utf8')).toContain(
        'account get-access-token --output json --resource https://containerregistry.azure.net',
      );
      expect(azure.requests.filter((r) => r.path === '/oauth2/exchange')).toHaveLength(1);
      expectTokensMasked(run);
      expect(run.stdout).toContain(`::add-mask::${issued}`);
    } finally {
      await writeAz('echo "ERROR: Please run \'az login\' to setup account." >&2; exit 1');
    }
  });

  it('pushes with the admin user given as registry-username/registry-password, with no Azure identity at all', async () => {
    azure.acr.admin = ADMIN;
    const run = await act({ tags: 'admin', 'registry-username': ADMIN.username, 'registry-password': ADMIN.password });
    expect(run.errorText).toBe('');
    expect(await destinationDigest('admin')).toBe(layout.root.digest);
    expect(azure.requests.some((r) => r.path === '/oauth2/exchange' || r.route.startsWith('entra'))).toBe(false);
  });

  it('fails before any blob moves when the identity may not push, naming AcrPush and the registry', async () => {
    azure.acr.denyPush = true;
    const run = await act({ ...oidc, tags: 'denied' }, githubOidcEnv());
    expect(run.code).not.toBe(0);
    expect(run.errors[0]?.title).toBe('Azure');
    expect(run.errorText).toContain(`the credentials for ${REGISTRY} may not push to "${REPOSITORY}"`);
    expect(run.errorText).toContain('AcrPush');
    expect(blobWrites()).toEqual([]);
  });

  it('plans past the access problem in a dry run without credentials (no OIDC token, no az session)', async () => {
    const withoutOidc = await act({ ...oidc, 'dry-run': 'true' });
    expect(withoutOidc.errorText).toBe('');
    expect(withoutOidc.code).toBe(0);
    expect(withoutOidc.stdout).toContain('permissions: id-token: write');
    const anonymous = await act({ 'dry-run': 'true' });
    expect(anonymous.errorText).toBe('');
    expect(anonymous.code).toBe(0);
    expect(anonymous.stdout).toMatch(/could not check the destination repository for the plan/);
    expect(blobWrites()).toEqual([]);
  });

  it('fails, naming the identity, when Entra ID refuses it (403), before any blob moves', async () => {
    azure.faults.set('entra-token', { status: 403, times: 10 });
    const run = await act({ ...oidc, tags: 'refused' }, githubOidcEnv());
    expect(run.code).not.toBe(0);
    expect(run.errors[0]?.title).toBe('Azure');
    expect(run.errorText).toContain(
      `Microsoft Entra ID refused workload identity federation (GitHub OIDC) as client ${CLIENT_ID} in tenant ${TENANT_ID}`,
    );
    expect(blobWrites()).toEqual([]);
  });

  it('rides out a throttled token exchange (429 with Retry-After)', async () => {
    azure.faults.set('acr-exchange', { status: 429, times: 1 });
    const run = await act({ ...oidc, tags: 'throttled' }, githubOidcEnv());
    expect(run.errorText).toBe('');
    expect(azure.requests.filter((r) => r.path === '/oauth2/exchange').map((r) => r.status)).toEqual([429, 200]);
  });
});

/** An Entra ID access token for ACR, by the client secret, as `az account get-access-token` would hold it. */
async function fetchEntraToken(): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    scope: 'https://containerregistry.azure.net/.default',
  }).toString();
  const answer = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: azure.port,
        method: 'POST',
        path: `/${TENANT_ID}/oauth2/v2.0/token`,
        ca,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  return (JSON.parse(answer) as { access_token: string }).access_token;
}
