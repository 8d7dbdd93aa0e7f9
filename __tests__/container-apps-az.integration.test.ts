/**
 * The Container Apps ARM stand-in against an independent client: Debian's Azure CLI (`az rest`,
 * which sends the request as given and does not poll). `az containerapp` is an extension that cannot
 * be installed offline, so the raw REST calls are what can be checked.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARM_API_VERSION, createContainerAppsFake } from '../scripts/azure/container-apps.js';
import { startHttpsStandIn, type HttpsStandIn } from './helpers/azure-https.js';

const run = promisify(execFile);
const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const APP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.App/containerApps/web`;

const fake = createContainerAppsFake();
let server: HttpsStandIn;
let config: string;

/** `az rest` without a login: the token goes in as a plain header; REQUESTS_CA_BUNDLE trusts the stand-in. */
async function az(...args: string[]): Promise<string> {
  const { stdout } = await run(
    'az',
    ['rest', '--skip-authorization-header', '--headers', 'Authorization=Bearer az-token', '--output', 'json', ...args],
    { env: { ...process.env, AZURE_CONFIG_DIR: config, REQUESTS_CA_BUNDLE: server.caFile }, timeout: 60_000 },
  );
  return stdout;
}

beforeAll(async () => {
  config = await mkdtemp(join(tmpdir(), 'pd-az-'));
  server = await startHttpsStandIn([fake.handle]);
  fake.seedApp({
    subscription: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'web',
    containers: [{ name: 'web', image: 'old' }],
    secrets: [{ name: 'api-key', value: 'the-secret-value' }],
  });
});

afterAll(async () => {
  await server?.close();
  await rm(config, { recursive: true, force: true });
});

describe('the Container Apps stand-in under az rest', () => {
  it('serves GET as ARM does (secret values hidden), refuses a reused suffix, and takes a merge PATCH that az sends', async () => {
    const shown = JSON.parse(
      await az('--method', 'get', '--url', `${server.url}${APP}?api-version=${ARM_API_VERSION}`),
    );
    expect(shown.properties.latestReadyRevisionName).toBe('web--first');
    expect(shown.properties.configuration.secrets).toEqual([{ name: 'api-key' }]);

    // Merge Patch keeps the template's earlier suffix: a new template under it is refused, as in Azure.
    const url = `${server.url}${APP}?api-version=${ARM_API_VERSION}`;
    const keepsSuffix = JSON.stringify({ properties: { template: { containers: [{ name: 'web', image: 'new' }] } } });
    const refused = await az('--method', 'patch', '--url', url, '--body', keepsSuffix).catch(
      (e: { stderr: string }) => e.stderr,
    );
    expect(refused).toContain('ContainerAppInvalidRevisionSuffix');
    const body = JSON.stringify({
      properties: { template: { revisionSuffix: '', containers: [{ name: 'web', image: 'new' }] } },
    });
    await az('--method', 'patch', '--url', url, '--body', body);
    const patch = fake.requests.filter((r) => r.method === 'PATCH').at(-1)!;
    expect(patch.body).toEqual(JSON.parse(body));
    expect(patch.authorization).toBe('Bearer az-token');
    expect((fake.apps.get(APP.toLowerCase())!.properties as { latestRevisionName: string }).latestRevisionName).toMatch(
      /^web--[0-9a-f]{7}$/,
    );
  }, 120_000);
});
