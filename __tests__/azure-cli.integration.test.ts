/**
 * The Azure stand-in checked against a real client someone else wrote: Debian's azure-cli (`az`)
 * registers a custom cloud whose endpoints are the stand-in, signs in as a service principal (an
 * ADFS-style authority over https, so MSAL skips instance discovery; the CA through
 * REQUESTS_CA_BUNDLE), then gets an access token, and runs `az acr login --expose-token`, which
 * reads ARM, pings /v2/ and exchanges its Entra ID token at /oauth2/exchange. Then the action runs
 * on that az session, as azure/login leaves it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACR_NULL_USER,
  CLIENT_ID,
  CLIENT_SECRET,
  startAzureApi,
  TENANT_ID,
  type AzureApi,
} from '../scripts/azure-api.js';
import { runAction } from './helpers/action.js';
import { singlePlatformLayout } from './helpers/image.js';

const run = promisify(execFile);
let azure: AzureApi;
let work: string;
let env: NodeJS.ProcessEnv;
/** The stand-in's CA, which this process trusts only where it is passed. */
let caText = '';

const az = async (...args: string[]): Promise<string> => (await run('az', args, { env, timeout: 120_000 })).stdout;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-az-'));
  azure = await startAzureApi({ dir: join(work, 'azure') });
  caText = await readFile(azure.caPath, 'utf8');
  env = {
    PATH: process.env.PATH,
    HOME: work,
    AZURE_CONFIG_DIR: join(work, 'azure-config'),
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    REQUESTS_CA_BUNDLE: azure.caPath,
  };
  await az(
    'cloud',
    'register',
    '--name',
    'StandIn',
    '--endpoint-resource-manager',
    `${azure.url}/`,
    '--endpoint-active-directory',
    `${azure.url}/adfs`,
    '--endpoint-active-directory-resource-id',
    'https://management.core.windows.net/',
    '--endpoint-active-directory-graph-resource-id',
    'https://graph.windows.net/',
    '--suffix-acr-login-server-endpoint',
    '.azurecr.io',
  );
  await az('cloud', 'set', '--name', 'StandIn');
}, 180_000);

afterAll(async () => {
  await azure?.close();
  await rm(work, { recursive: true, force: true });
});

/** A token for a scope from the registry's token service, by a refresh token (as docker login with az's token does). */
function registryToken(refreshToken: string, scope: string): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    service: 'myreg.azurecr.io',
    scope,
    refresh_token: refreshToken,
  });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: azure.port,
        method: 'POST',
        path: '/oauth2/token',
        ca: caText,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body.toString());
  });
}

describe('az against the Azure stand-in', () => {
  it('signs in, gets an access token, and exchanges it for an ACR refresh token (az acr login --expose-token)', async () => {
    const login = JSON.parse(
      await az(
        'login',
        '--service-principal',
        '--username',
        CLIENT_ID,
        '--password',
        CLIENT_SECRET,
        '--tenant',
        TENANT_ID,
      ),
    ) as { tenantId: string; user: { name: string } }[];
    expect(login[0]).toMatchObject({ tenantId: TENANT_ID, user: { name: CLIENT_ID } });
    const token = JSON.parse(
      await az('account', 'get-access-token', '--resource', 'https://containerregistry.azure.net'),
    ) as {
      accessToken: string;
      tenant: string;
    };
    expect(token.tenant).toBe(TENANT_ID);
    expect(azure.entra.issued).toContain(token.accessToken);

    azure.requests.length = 0;
    const exposed = JSON.parse(await az('acr', 'login', '--name', 'myreg', '--expose-token')) as {
      accessToken: string;
      loginServer: string;
    };
    expect(exposed.loginServer).toBe(`localhost:${azure.port}`);
    const exchange = azure.requests.find((r) => r.path === '/oauth2/exchange');
    expect(exchange?.form).toMatchObject({
      grant_type: 'access_token',
      service: 'myreg.azurecr.io',
      tenant: TENANT_ID,
    });
    expect(exchange?.status).toBe(200);
    // What az calls "accessToken" is the refresh token: the token service takes it for a scoped access token.
    const scoped = await registryToken(exposed.accessToken, 'repository:team/app:pull,push');
    expect(scoped.status).toBe(200);
    const claims = JSON.parse(
      Buffer.from(
        (JSON.parse(scoped.body) as { access_token: string }).access_token.split('.')[1]!,
        'base64url',
      ).toString(),
    ) as { access: unknown };
    expect(claims.access).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }]);
    expect(ACR_NULL_USER).toBe('00000000-0000-0000-0000-000000000000');
  }, 180_000);

  it('is the session the action signs in with when nothing else is given (AzureCliCredential → real az)', async () => {
    const layout = await singlePlatformLayout(join(work, 'layout'), '1.0.0', [20_000]);
    azure.requests.length = 0;
    const result = await runAction(
      {
        image: `oci-layout:${layout.dir}:1.0.0`,
        destination: 'myreg.azurecr.io/team/app',
        tags: 'from-az',
        'registry-endpoints': `myreg.azurecr.io=127.0.0.1:${azure.port}`,
      },
      { env: { ...(env as Record<string, string>), NODE_EXTRA_CA_CERTS: azure.caPath }, secrets: [CLIENT_SECRET] },
    );
    expect(result.errorText).toBe('');
    expect(result.code).toBe(0);
    expect(result.outputs.digest).toBe(layout.root.digest);
    expect(azure.requests.filter((r) => r.path === '/oauth2/exchange').map((r) => r.status)).toEqual([200]);
  }, 180_000);
});
