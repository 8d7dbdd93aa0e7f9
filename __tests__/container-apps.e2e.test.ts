/**
 * Azure Container Apps end to end through the bundled action: the image pushed to a local
 * distribution registry standing in for an ACR host (registry-endpoints, insecure-registries,
 * explicit registry credentials), then deployed through @azure/arm-appcontainers to the local ARM
 * stand-in over HTTPS. Azure credentials come from the Azure CLI session (a stub `az` on PATH, as
 * azure/login leaves one), until the Azure credential chain of clouds/azure.ts is wired in.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContainerAppsFake } from '../scripts/azure/container-apps.js';
import { runAction } from './helpers/action.js';
import { startHttpsStandIn, type HttpsStandIn } from './helpers/azure-https.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { standIns, startRegistry, type Registry } from './helpers/services.js';

const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const ACR = 'demo.azurecr.io';
const DOMAIN = 'kindocean-1a2b3c4d.eastus.azurecontainerapps.io';
const APP_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/apps-rg/providers/Microsoft.App/containerApps/web`;
const ARM_TOKEN = 'arm-token-from-az-cli';

const fake = createContainerAppsFake({ acceptToken: (token) => token === ARM_TOKEN });
let server: HttpsStandIn;
let acr: Registry;
let work: string;
let layout: Layout;
let env: Record<string, string>;

/** `az account get-access-token` as Azure CLI 2.54+ prints it. */
const STUB_AZ = `#!/bin/sh
case "$*" in
  *"account get-access-token"*)
    printf '{"accessToken":"${ARM_TOKEN}","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"subscription":"${SUBSCRIPTION}","tenant":"t","tokenType":"Bearer"}\\n' ;;
  *) echo "stub az: unexpected $*" >&2; exit 2 ;;
esac
`;

function seed(mode: 'Single' | 'Multiple') {
  fake.seedApp({
    subscription: SUBSCRIPTION,
    resourceGroup: 'apps-rg',
    name: 'web',
    mode,
    containers: [{ name: 'web', image: `${ACR}/web@sha256:${'0'.repeat(64)}`, env: [{ name: 'KEEP', value: 'kept' }] }],
    registries: [{ server: ACR, identity: 'system' }],
    identity: { type: 'SystemAssigned' },
    environmentDomain: DOMAIN,
  });
}

const deploy = (inputs: Record<string, string>) =>
  runAction(
    {
      image: `oci-layout:${layout.dir}:1.0.0`,
      destination: `${ACR}/web`,
      ...standIns({ [ACR]: acr.addr }),
      'registry-username': 'pusher',
      'registry-password': 'push-secret',
      runtime: 'container-apps',
      'azure-resource-group': 'apps-rg',
      'container-apps-app': 'web',
      ...inputs,
    },
    { env },
  );

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-aca-'));
  server = await startHttpsStandIn([fake.handle]);
  acr = await startRegistry({ htpasswd: 'pusher:push-secret' });
  layout = await singlePlatformLayout(join(work, 'layout'), '1.0.0', [20_000]);
  const bin = join(work, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'az'), STUB_AZ);
  await chmod(join(bin, 'az'), 0o755);
  env = {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
    AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
    AZURE_RESOURCE_MANAGER_ENDPOINT: server.url,
    NODE_EXTRA_CA_CERTS: server.caFile,
  };
});

afterAll(async () => {
  await Promise.all([server?.close(), acr?.stop()]);
  await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  fake.reset();
  fake.retryAfterSeconds = 1;
});

describe('runtime container-apps through the bundled action', () => {
  it('pushes to the ACR stand-in and deploys the pushed digest to the app, waiting for the revision', async () => {
    seed('Single');
    const run = await deploy({ 'revision-suffix': 'v2', 'container-apps-env': 'RELEASE=1.0.0' });
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.revision).toBe('web--v2');
    expect(run.outputs.url).toBe(`https://web.${DOMAIN}`);
    expect(run.outputs.deployed).toBe('true');
    const app = fake.apps.get(APP_ID.toLowerCase()) as {
      properties: { template: { containers: { image: string; env: unknown }[] }; latestReadyRevisionName: string };
    };
    // The digest deployed is the digest pushed.
    expect(app.properties.template.containers[0]!.image).toBe(run.outputs.image);
    expect(run.outputs.image).toMatch(new RegExp(`^${ACR}/web@sha256:[0-9a-f]{64}$`));
    expect(app.properties.template.containers[0]!.env).toEqual([
      { name: 'KEEP', value: 'kept' },
      { name: 'RELEASE', value: '1.0.0' },
    ]);
    expect(app.properties.latestReadyRevisionName).toBe('web--v2');
    expect(fake.requests.every((r) => r.authorization === `Bearer ${ARM_TOKEN}`)).toBe(true);
  }, 120_000);

  it('a labelled preview in Multiple mode: the label URL is the output, traffic stays', async () => {
    seed('Multiple');
    const run = await deploy({ 'revision-suffix': 'pr-7-1', 'no-traffic': 'true', 'revision-tag': 'pr-7' });
    expect(run.errorText).toBe('');
    expect(run.outputs.url).toBe(`https://web---pr-7.${DOMAIN}`);
    const app = fake.apps.get(APP_ID.toLowerCase()) as {
      properties: { configuration: { ingress: { traffic: unknown } } };
    };
    expect(app.properties.configuration.ingress.traffic).toEqual([
      { revisionName: 'web--first', weight: 100, latestRevision: false },
      { revisionName: 'web--pr-7-1', weight: 0, label: 'pr-7' },
    ]);
  }, 120_000);

  it('a revision that fails to start fails the step with Azure’s reason, titled Azure', async () => {
    seed('Single');
    fake.failNextRevision = { way: 'revision', message: "Container 'web' was terminated with exit code '1'" };
    const run = await deploy({ 'revision-suffix': 'v3' });
    expect(run.code).not.toBe(0);
    expect(run.errors.map((e) => e.title)).toContain('Azure');
    expect(run.errorText).toContain(
      "the new revision web--v3 failed: provisioningState Provisioned, runningState Degraded, healthState Unhealthy: Container 'web' was terminated with exit code '1'. Traffic stays where it was: all to web--first",
    );
    expect(run.outputs.deployed).toBe('false');
  }, 120_000);

  it('creates a missing app in its environment, pulling with the run’s registry credentials, never shown', async () => {
    fake.seedEnvironment({
      subscription: SUBSCRIPTION,
      resourceGroup: 'apps-rg',
      name: 'apps-env',
      location: 'East US',
      defaultDomain: DOMAIN,
    });
    const run = await deploy({
      'container-apps-environment': 'apps-env',
      'container-apps-target-port': '8080',
      'container-apps-ingress': 'external',
      'revision-suffix': 'v1',
    });
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.revision).toBe('web--v1');
    expect(run.outputs.url).toBe(`https://web.${DOMAIN}`);
    expect(run.stdout).toContain('creating Container App web');
    const app = fake.apps.get(APP_ID.toLowerCase()) as {
      properties: {
        managedEnvironmentId: string;
        configuration: { registries: unknown; secrets: { name: string; value: string }[] };
        template: { containers: { image: string }[] };
      };
    };
    expect(app.properties.template.containers[0]!.image).toBe(run.outputs.image);
    expect(app.properties.configuration.registries).toEqual([
      { server: ACR, username: 'pusher', passwordSecretRef: 'demo-azurecr-io-password' },
    ]);
    expect(app.properties.configuration.secrets[0]!.value).toBe('push-secret');
    // Shown nowhere but in the command that masks it.
    const shown = `${run.stdout}${run.stderr}${run.summary}`.replaceAll('::add-mask::push-secret', '');
    expect(shown).not.toContain('push-secret');
  }, 120_000);

  it('updates a job to the pushed digest and executes it, waiting for the execution to succeed', async () => {
    fake.seedJob({
      subscription: SUBSCRIPTION,
      resourceGroup: 'apps-rg',
      name: 'migrate',
      containers: [{ name: 'migrate', image: `${ACR}/web@sha256:${'0'.repeat(64)}` }],
      registries: [{ server: ACR, identity: 'system' }],
      identity: { type: 'SystemAssigned' },
    });
    const run = await deploy({ 'container-apps-app': '', 'container-apps-job': 'migrate', 'execute-job': 'true' });
    expect(run.errorText).toBe('');
    expect(run.outputs.execution).toMatch(/^migrate-[0-9a-f]{7}$/);
    const job = fake.jobs.get(`${APP_ID.replace('containerApps/web', 'jobs/migrate')}`.toLowerCase()) as {
      properties: { template: { containers: { image: string }[] } };
    };
    expect(job.properties.template.containers[0]!.image).toBe(run.outputs.image);
  }, 120_000);
});
