/**
 * Azure credentials without any network: which identity the run signs in as, the inputs, the
 * authority host, and the errors a user reads when something is missing. The Entra ID and ACR
 * exchanges themselves run against the Azure stand-in (acr.integration.test.ts).
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorityOptions,
  AzureError,
  azureCredential,
  chooseAzureCredential,
  explainAzureIdentityError,
} from '../src/clouds/azure.js';
import { readAzureIdentity, readAzureSubscription } from '../src/clouds/azure-inputs.js';
import { InputContext } from '../src/input-reader.js';
import { InputError, readInputs } from '../src/inputs.js';
import { RegistryAuth, type Fetch } from '../src/oci/auth.js';
import { AcrSessions } from '../src/registries/acr-api.js';

const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = '99999999-8888-7777-6666-555555555555';
const SUBSCRIPTION = '01234567-89ab-cdef-0123-456789abcdef';

const contextOf = (values: Record<string, string>) => new InputContext((name) => values[name] ?? '');

describe('choosing the Azure identity', () => {
  it('federates with the GitHub OIDC token when azure-client-id and azure-tenant-id are given, before any variable', () => {
    const env = { AZURE_CLIENT_ID: 'other', AZURE_TENANT_ID: 'other', AZURE_CLIENT_SECRET: 's3cret-value' };
    expect(chooseAzureCredential({ clientId: CLIENT, tenantId: TENANT }, env)).toEqual({
      kind: 'github-oidc',
      clientId: CLIENT,
      tenantId: TENANT,
    });
  });

  it('takes a client secret, then a certificate, from AZURE_* variables', () => {
    const none = { clientId: undefined, tenantId: undefined };
    const base = { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT };
    expect(chooseAzureCredential(none, { ...base, AZURE_CLIENT_SECRET: 'shh' })).toMatchObject({
      kind: 'client-secret',
      secret: 'shh',
    });
    expect(chooseAzureCredential(none, { ...base, AZURE_CLIENT_CERTIFICATE_PATH: '/c.pem' })).toMatchObject({
      kind: 'client-certificate',
      certificatePath: '/c.pem',
    });
  });

  it('falls back to the Azure CLI session (azure/login) when nothing else is set', () => {
    const none = { clientId: undefined, tenantId: undefined };
    expect(chooseAzureCredential(none, {})).toEqual({ kind: 'azure-cli' });
    // A client ID without a secret or certificate is not enough for the environment credential.
    expect(chooseAzureCredential(none, { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT })).toEqual({
      kind: 'azure-cli',
    });
  });
});

describe('the Azure inputs', () => {
  it('takes azure-client-id and azure-tenant-id together, or neither', () => {
    const ctx = contextOf({ 'azure-client-id': CLIENT });
    expect(readAzureIdentity(ctx)).toEqual({ clientId: CLIENT, tenantId: undefined });
    expect(ctx.problems).toEqual([
      { input: 'azure-tenant-id', message: expect.stringContaining('go together') as string },
    ]);
    const both = contextOf({ 'azure-client-id': CLIENT, 'azure-tenant-id': 'contoso.onmicrosoft.com' });
    readAzureIdentity(both);
    expect(both.problems).toEqual([]);
  });

  it('names a client ID or tenant that has the wrong shape', () => {
    const ctx = contextOf({ 'azure-client-id': 'my-app', 'azure-tenant-id': 'not a tenant' });
    readAzureIdentity(ctx);
    expect(ctx.problems.map((p) => p.input)).toEqual(['azure-client-id', 'azure-tenant-id']);
  });

  it('reads the subscription from the input, else AZURE_SUBSCRIPTION_ID', () => {
    expect(readAzureSubscription(contextOf({}), { AZURE_SUBSCRIPTION_ID: SUBSCRIPTION })).toBe(SUBSCRIPTION);
    const other = '00000000-0000-0000-0000-000000000001';
    expect(
      readAzureSubscription(contextOf({ 'azure-subscription-id': other }), { AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }),
    ).toBe(other);
    expect(readAzureSubscription(contextOf({}), {})).toBeUndefined();
    const bad = contextOf({});
    readAzureSubscription(bad, { AZURE_SUBSCRIPTION_ID: 'prod' });
    expect(bad.problems[0]?.message).toMatch(/"prod" \(from AZURE_SUBSCRIPTION_ID\) is not a subscription ID/);
  });

  it('are read with the common inputs, and their problems reported with the others', () => {
    const values: Record<string, string> = {
      image: 'ghcr.io/o/app:1',
      destination: 'myreg.azurecr.io/team/app',
      'azure-client-id': CLIENT,
      'azure-tenant-id': TENANT,
    };
    expect(readInputs((name) => values[name] ?? '').azure).toEqual({ clientId: CLIENT, tenantId: TENANT });
    const wrong = { ...values, 'azure-client-id': 'x', tags: 'bad tag' };
    expect(() => readInputs((name) => wrong[name as keyof typeof wrong] ?? '')).toThrow(InputError);
  });
});

describe('the authority host', () => {
  it('keeps instance discovery for Microsoft Entra ID, and turns it off for any other authority', () => {
    expect(authorityOptions({})).toEqual({});
    expect(authorityOptions({ AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/' })).toEqual({
      authorityHost: 'https://login.microsoftonline.us',
    });
    expect(authorityOptions({ AZURE_AUTHORITY_HOST: 'https://127.0.0.1:8443' })).toEqual({
      authorityHost: 'https://127.0.0.1:8443',
      disableInstanceDiscovery: true,
    });
  });

  it('refuses an authority that is not https, naming the variable', () => {
    expect(() => authorityOptions({ AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8080' })).toThrow(
      /AZURE_AUTHORITY_HOST="http:\/\/127.0.0.1:8080" must use https/,
    );
    expect(() => authorityOptions({ AZURE_AUTHORITY_HOST: 'login' })).toThrow(/is not a URL/);
  });
});

describe('Azure credential errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-azure-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names `permissions: id-token: write` when federation is asked for and the job gets no OIDC token', async () => {
    const credential = azureCredential({ clientId: CLIENT, tenantId: TENANT }, {});
    const error = (await credential
      .getToken('https://containerregistry.azure.net/.default')
      .catch((e) => e)) as AzureError;
    expect(error).toBeInstanceOf(AzureError);
    expect(error.title).toBe('Azure');
    expect(error.access).toBe('missing');
    expect(error.message).toContain('permissions: id-token: write');
  });

  it('says how to sign in when the az session is missing (a stub az that is not logged in)', async () => {
    await writeFile(
      join(dir, 'az'),
      '#!/bin/sh\necho "ERROR: Please run \'az login\' to setup account." >&2\nexit 1\n',
    );
    await chmod(join(dir, 'az'), 0o755);
    const saved = process.env.PATH;
    process.env.PATH = dir;
    try {
      const error = (await azureCredential({ clientId: undefined, tenantId: undefined }, {})
        .getToken('https://containerregistry.azure.net/.default')
        .catch((e) => e)) as AzureError;
      expect(error).toBeInstanceOf(AzureError);
      expect(error.access).toBe('missing');
      expect(error.message).toMatch(/no Azure credentials: the Azure CLI session \(azure\/login\) is not available/);
      expect(error.message).toContain('set azure-client-id and azure-tenant-id');
    } finally {
      process.env.PATH = saved;
    }
  });

  it('marks a refusal by Entra ID as denied, naming the identity', () => {
    const refused = Object.assign(new Error('AADSTS7000215: Invalid client secret provided.\nTrace ID: x'), {
      name: 'AuthenticationError',
    });
    const error = explainAzureIdentityError(refused, {
      kind: 'client-secret',
      clientId: CLIENT,
      tenantId: TENANT,
      secret: 'x',
    });
    expect(error.access).toBe('denied');
    expect(error.message).toBe(
      `Microsoft Entra ID refused the client secret of ${CLIENT} in tenant ${TENANT} (AZURE_CLIENT_SECRET): AADSTS7000215: Invalid client secret provided.`,
    );
  });
});

describe('registry credentials that are due for renewal (an ACR refresh token)', () => {
  it('are asked for again once their renewAt has passed, and not before', async () => {
    let now = 1_000_000;
    const given: string[] = [];
    let issued = 0;
    const load = async () => {
      issued++;
      return { identityToken: `refresh-${issued}`, renewAt: now + 60_000 };
    };
    const fetchFn: Fetch = async (_url, init) => {
      given.push(new URLSearchParams(init?.body as URLSearchParams).get('refresh_token') ?? '');
      return new Response(JSON.stringify({ access_token: `access-${given.length}`, expires_in: 30 }), { status: 200 });
    };
    const auth = new RegistryAuth('myreg.azurecr.io', load, fetchFn, () => now);
    auth.learn('Bearer realm="https://myreg.azurecr.io/oauth2/token",service="myreg.azurecr.io"');
    await auth.authorization(['repository:app:pull']);
    now += 40_000; // the access token expired, the refresh token is still good
    await auth.authorization(['repository:app:pull']);
    now += 40_000; // past renewAt: new credentials first
    await auth.authorization(['repository:app:pull']);
    expect(given).toEqual(['refresh-1', 'refresh-1', 'refresh-2']);
    expect(issued).toBe(2);
  });
});

describe('ACR refresh tokens (Entra ID token from a stub az, exchange answered in-process)', () => {
  const jwt = (claims: Record<string, unknown>) =>
    `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  let dir: string;
  let savedPath: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-acr-'));
    const entra = jwt({ tid: TENANT, aud: 'https://containerregistry.azure.net' });
    // What AzureCliCredential runs: az account get-access-token --output json --resource R; the args are kept.
    await writeFile(
      join(dir, 'az'),
      `#!/bin/sh\necho "$@" >> ${join(dir, 'az.args')}\necho '{"accessToken":"${entra}","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tokenType":"Bearer"}'\n`,
    );
    await chmod(join(dir, 'az'), 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = `${dir}:${savedPath}`;
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    await rm(dir, { recursive: true, force: true });
  });

  it('exchanges the Entra ID token once, and again only when the refresh token nears its exp', async () => {
    let now = Date.parse('2026-11-25T12:00:00Z');
    const exchanges: URLSearchParams[] = [];
    const fetchFor = () =>
      (async (_url: unknown, init?: RequestInit) => {
        exchanges.push(new URLSearchParams(init?.body as URLSearchParams));
        // ACR's refresh tokens live about 3 hours.
        const refresh = jwt({ exp: Math.floor(now / 1000) + 3 * 3600, n: exchanges.length });
        return new Response(JSON.stringify({ refresh_token: refresh }), { status: 200 });
      }) as typeof fetch;
    const sessions = new AcrSessions(() => now, {}, fetchFor);
    const acr = { registry: 'myreg.azurecr.io', cloudDomain: 'azurecr.io' };
    const none = { clientId: undefined, tenantId: undefined };
    const first = await sessions.credentials(acr, none, new Map());
    expect(first).toMatchObject({ username: '00000000-0000-0000-0000-000000000000' });
    expect(first?.renewAt).toBe(now + 3 * 3600_000 - 5 * 60_000);
    now += 2 * 3600_000;
    expect((await sessions.credentials(acr, none, new Map()))?.identityToken).toBe(first?.identityToken);
    expect(exchanges).toHaveLength(1);
    now += 3600_000; // five minutes before exp is past: a new refresh token
    const renewed = await sessions.credentials(acr, none, new Map());
    expect(exchanges).toHaveLength(2);
    expect(renewed?.identityToken).not.toBe(first?.identityToken);
    expect(Object.fromEntries(exchanges[0]!)).toMatchObject({
      grant_type: 'access_token',
      service: 'myreg.azurecr.io',
      tenant: TENANT,
    });
    const args = await readFile(join(dir, 'az.args'), 'utf8');
    expect(args).toContain('account get-access-token --output json --resource https://containerregistry.azure.net');
  });

  it('names a 200 that is not JSON (a proxy answering in the registry’s place)', async () => {
    const fetchFor = () =>
      (async () =>
        new Response('<html>Sign in to the hotel Wi-Fi</html>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        })) as unknown as typeof fetch;
    const sessions = new AcrSessions(Date.now, {}, fetchFor);
    await expect(
      sessions.credentials(
        { registry: 'myreg.azurecr.io', cloudDomain: 'azurecr.io' },
        { clientId: undefined, tenantId: undefined },
        new Map(),
      ),
    ).rejects.toThrow(
      'myreg.azurecr.io answered POST /oauth2/exchange with HTTP 200 but not JSON (text/html: <html>Sign in to the hotel Wi-Fi</html>): check that the registry name is an Azure Container Registry and that no proxy answers in its place',
    );
  });

  it('tries a refused connection again after a pause, then exchanges', async () => {
    const attempts: number[] = [];
    const fetchFor = () =>
      (async () => {
        attempts.push(Date.now());
        if (attempts.length === 1)
          throw Object.assign(new TypeError('fetch failed'), {
            cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
          });
        const refresh = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
        return new Response(JSON.stringify({ refresh_token: refresh }), { status: 200 });
      }) as unknown as typeof fetch;
    const sessions = new AcrSessions(Date.now, {}, fetchFor);
    const token = await sessions.credentials(
      { registry: 'myreg.azurecr.io', cloudDomain: 'azurecr.io' },
      { clientId: undefined, tenantId: undefined },
      new Map(),
    );
    expect(token?.identityToken).toBeDefined();
    expect(attempts).toHaveLength(2);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(100);
  });
});
