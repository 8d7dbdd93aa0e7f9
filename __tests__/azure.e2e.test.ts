/**
 * Azure end to end with one identity, as a workflow with `id-token: write` runs it: the bundled
 * action signs in by workload identity federation (azure-client-id/azure-tenant-id and GitHub's OIDC
 * token, no secret, no az), pushes to myreg.azurecr.io (the Azure stand-in's ACR, reached through
 * registry-endpoints and trusted via NODE_EXTRA_CA_CERTS) and deploys that digest to a Container App
 * through the same Entra ID token chain; the app pulls with its managed identity. A pull request
 * from a fork gets no OIDC token: it plans, says what it could not read, and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, startAzureApi, SUBSCRIPTION_ID, TENANT_ID, type AzureApi } from '../scripts/azure-api.js';
import { runAction, type EventSpec } from './helpers/action.js';
import { startGitHubApi, type GitHubApi } from './helpers/github-api.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { ROOT } from './helpers/services.js';

const ACR_HOST = 'myreg.azurecr.io';
const DOMAIN = 'kindocean-1a2b3c4d.eastus.azurecontainerapps.io';
const APP_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/apps-rg/providers/Microsoft.App/containerApps/web`;
const OLD_IMAGE = `${ACR_HOST}/web@sha256:${'0'.repeat(64)}`;

let azure: AzureApi;
let github: GitHubApi;
let work: string;
let layout: Layout;

function forkPullRequest(): EventSpec {
  const payload = JSON.parse(readFileSync(join(ROOT, '__tests__/fixtures/events/pull-request-fork.json'), 'utf8')) as {
    number: number;
  };
  return {
    name: 'pull_request',
    ref: `refs/pull/${payload.number}/merge`,
    sha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
    payload,
  };
}

const inputs = {
  destination: `${ACR_HOST}/web`,
  'azure-client-id': CLIENT_ID,
  'azure-tenant-id': TENANT_ID,
  runtime: 'container-apps',
  'azure-resource-group': 'apps-rg',
  'container-apps-app': 'web',
};

/** The environment of a job: the stand-in's CA and endpoints; GitHub's OIDC variables only with `id-token: write`. */
function jobEnv(withOidc: boolean): Record<string, string> {
  const all = azure.environment();
  return {
    NODE_EXTRA_CA_CERTS: azure.caPath,
    AZURE_AUTHORITY_HOST: all.AZURE_AUTHORITY_HOST!,
    AZURE_RESOURCE_MANAGER_ENDPOINT: all.AZURE_RESOURCE_MANAGER_ENDPOINT!,
    AZURE_SUBSCRIPTION_ID: SUBSCRIPTION_ID,
    // No az on PATH: the identity is the federated one or none.
    PATH: '/nonexistent',
    ...(withOidc && {
      ACTIONS_ID_TOKEN_REQUEST_URL: all.ACTIONS_ID_TOKEN_REQUEST_URL!,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: all.ACTIONS_ID_TOKEN_REQUEST_TOKEN!,
    }),
  };
}

function seed(mode: 'Single' | 'Multiple'): void {
  azure.containerApps.seedApp({
    subscription: SUBSCRIPTION_ID,
    resourceGroup: 'apps-rg',
    name: 'web',
    mode,
    containers: [{ name: 'web', image: OLD_IMAGE }],
    registries: [{ server: ACR_HOST, identity: 'system' }],
    identity: { type: 'SystemAssigned' },
    environmentDomain: DOMAIN,
  });
}

const deployedImage = () =>
  (
    azure.containerApps.apps.get(APP_ID.toLowerCase()) as {
      properties: { template: { containers: { image: string }[] } };
    }
  ).properties.template.containers[0]!.image;

const issuedTokens = () => [...azure.entra.issued, ...azure.acr.issued];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-azure-'));
  [azure, github] = await Promise.all([startAzureApi({ dir: join(work, 'azure') }), startGitHubApi()]);
  layout = await singlePlatformLayout(join(work, 'layout'), '4.0.0', [30_000]);
});

afterAll(async () => {
  await Promise.all([azure?.close(), github?.close()]);
  await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  azure.requests.length = 0;
  azure.containerApps.reset();
  azure.containerApps.retryAfterSeconds = 1;
  github.requests.length = 0;
});

describe('one Azure identity: OIDC federation pushes to ACR and deploys to Container Apps', () => {
  it('pushes the digest and deploys it, the app pulling with its managed identity', async () => {
    seed('Single');
    const run = await runAction(
      {
        image: `oci-layout:${layout.dir}:4.0.0`,
        'registry-endpoints': `${ACR_HOST}=127.0.0.1:${azure.port}`,
        ...inputs,
        'revision-suffix': 'v4',
        environment: 'production',
        'github-token': 'ghs_test',
      },
      {
        env: { ...jobEnv(true), GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.com' },
        secrets: issuedTokens(),
      },
    );
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.digest).toBe(layout.root.digest);
    expect(run.outputs.image).toBe(`${ACR_HOST}/web@${layout.root.digest}`);
    expect(deployedImage()).toBe(`${ACR_HOST}/web@${layout.root.digest}`);
    expect(run.outputs.revision).toBe('web--v4');
    expect(run.outputs.url).toBe(`https://web.${DOMAIN}`);
    // A GitHub deployment for the environment, ending in success with the app's URL.
    const deployment = github.deployments.at(-1)!;
    expect(deployment.environment).toBe('production');
    expect(deployment.statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
    expect(deployment.statuses[1]).toMatchObject({ environment_url: `https://web.${DOMAIN}` });

    // One chain: GitHub's OIDC token for Entra ID, Entra tokens for ACR's exchange and for ARM.
    const routes = new Set(azure.requests.map((r) => r.route));
    expect([...routes]).toEqual(expect.arrayContaining(['github-oidc', 'entra-token', 'acr-exchange', 'arm']));
    const tokenRequests = azure.requests.filter((r) => r.route === 'entra-token');
    expect(tokenRequests.every((r) => r.form.client_assertion_type?.endsWith('jwt-bearer'))).toBe(true);
    expect(tokenRequests.map((r) => r.form.scope)).toContain(`${azure.url}/.default`);
    // Every ARM call carried a token this stand-in issued (the fake refuses any other).
    expect(azure.containerApps.requests.length).toBeGreaterThan(0);
    for (const request of azure.containerApps.requests)
      expect(azure.entra.issued).toContain(request.authorization?.replace(/^Bearer /, ''));
    // The registry entry (managed identity) is kept as it was.
    const app = azure.containerApps.apps.get(APP_ID.toLowerCase()) as {
      properties: { configuration: { registries: unknown } };
    };
    expect(app.properties.configuration.registries).toEqual([{ server: ACR_HOST, identity: 'system' }]);
  }, 180_000);

  it('a labelled preview revision in Multiple mode: its URL is the output, traffic stays', async () => {
    seed('Multiple');
    const run = await runAction(
      {
        image: `oci-layout:${layout.dir}:4.0.0`,
        'registry-endpoints': `${ACR_HOST}=127.0.0.1:${azure.port}`,
        ...inputs,
        'revision-suffix': 'pr-9',
        'no-traffic': 'true',
        'revision-tag': 'pr-9',
      },
      { env: jobEnv(true), secrets: issuedTokens() },
    );
    expect(run.errorText).toBe('');
    expect(run.outputs.revision).toBe('web--pr-9');
    expect(run.outputs.url).toBe(`https://web---pr-9.${DOMAIN}`);
    expect(deployedImage()).toBe(`${ACR_HOST}/web@${layout.root.digest}`);
  }, 180_000);
});

describe('a pull request from a fork', () => {
  it('plans without credentials: says what it could not read, pushes nothing, writes nothing to ARM', async () => {
    seed('Single');
    const tokensBefore = azure.entra.issued.length;
    const run = await runAction(
      {
        image: `oci-layout:${layout.dir}:4.0.0`,
        'registry-endpoints': `${ACR_HOST}=127.0.0.1:${azure.port}`,
        ...inputs,
        'deploy-when': 'always',
        'github-token': 'ghs_test',
      },
      {
        event: forkPullRequest(),
        env: { ...jobEnv(false), GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.com' },
        secrets: issuedTokens(),
      },
    );
    expect(run.code).toBe(0);
    expect(run.outputs.deployed).toBe('false');
    expect(run.summary).toContain('| Result | planned |');
    expect(run.summary).toContain('a pull request from a fork never deploys');
    // Nothing pushed, nothing written to ARM, the app as it was.
    const writes = azure.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');
    expect(writes.filter((r) => r.route === 'registry' || r.route === 'arm')).toEqual([]);
    expect(azure.containerApps.mutations()).toEqual([]);
    expect(deployedImage()).toBe(OLD_IMAGE);
    expect(azure.entra.issued.length, 'no Entra token without an OIDC token').toBe(tokensBefore);

    // The plan comment for the container-apps leg says what it would do and what it could not read.
    const comments = github.comments.get(43) ?? [];
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body.split('\n').slice(0, 2)).toEqual([
      '<!-- portable-deploy plan: myreg.azurecr.io/web → container-apps apps-rg/web -->',
      '### Portable Deploy: myreg.azurecr.io/web → container-apps apps-rg/web',
    ]);
    expect(body).toContain('| Runtime | container-apps |');
    expect(body).toContain('| Result | planned |');
    expect(body).toContain('a pull request from a fork never deploys');
    expect(body).toContain(`would push ${layout.root.digest} to Azure Container Registry (myreg)`);
    expect(body).toContain(
      'would deploy to container-apps: not planned, its setup could not be read (see the warnings)',
    );
    expect(body).not.toContain('would deploy: nothing');
    for (const what of ['could not read the container-apps setup', 'could not check the destination repository'])
      expect(body).toContain(
        `${what} for the plan: azure-client-id and azure-tenant-id ask for workload identity federation, but this job gets no GitHub OIDC token`,
      );
  }, 180_000);
});
