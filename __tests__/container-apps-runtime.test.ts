/**
 * The Container Apps runtime through the official ARM client (@azure/arm-appcontainers, its own
 * pipeline and long-running-operation poller) against the local ARM stand-in over HTTPS: what a
 * deploy sends and keeps, the revision it waits for, traffic in both revision modes, and what the
 * step says when Azure refuses, throttles or the new revision fails.
 */
import { NO_AZURE_IDENTITY } from '../src/clouds/azure-inputs.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputContext } from '../src/input-reader.js';
import { detectRegistry } from '../src/registries/index.js';
import type { ArmAccess } from '../src/runtimes/container-apps/arm.js';
import { AzureError } from '../src/clouds/azure.js';
import { withinDeadline } from '../src/deadline.js';
import { readContainerAppsInputs, type ContainerAppsInputs } from '../src/runtimes/container-apps/inputs.js';
import { containerAppsRuntime } from '../src/runtimes/container-apps/runtime.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { ARM_API_VERSION, createContainerAppsFake, type SeedOptions } from '../scripts/azure/container-apps.js';
import { startHttpsStandIn, type HttpsStandIn } from './helpers/azure-https.js';

const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const GROUP = 'apps-rg';
const ACR = 'demo.azurecr.io';
const DOMAIN = 'kindocean-1a2b3c4d.eastus.azurecontainerapps.io';
const OLD_IMAGE = `${ACR}/web@sha256:${'0'.repeat(64)}`;
const IMAGE = `${ACR}/web@sha256:${'a'.repeat(64)}`;
const APP_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.App/containerApps/web`;

const fake = createContainerAppsFake();
let server: HttpsStandIn;
let access: ArmAccess;

const target = (planning = false): DeployTarget => ({
  image: IMAGE,
  registry: ACR,
  family: detectRegistry({ registry: ACR, repository: 'web' }),
  planning,
  pullCredentials: async () => undefined,
  platforms: async () => ['linux/amd64'],
});

function inputs(values: Record<string, string> = {}) {
  const ctx = new InputContext(
    (name) => ({ 'container-apps-app': 'web', 'azure-resource-group': GROUP, ...values })[name] ?? '',
  );
  const read = readContainerAppsInputs(ctx, { destinationFamily: undefined, azure: NO_AZURE_IDENTITY });
  expect(ctx.problems).toEqual([]);
  expect(read?.kind).toBe('app');
  return read as ContainerAppsInputs;
}

/** An app as someone set it up in the portal: two containers, a secret, a volume, ACR pulled with its identity. */
function seed(overrides: Partial<SeedOptions> = {}) {
  return fake.seedApp({
    subscription: SUBSCRIPTION,
    resourceGroup: GROUP,
    name: 'web',
    containers: [
      {
        name: 'web',
        image: OLD_IMAGE,
        env: [
          { name: 'KEEP', value: 'kept' },
          { name: 'LEVEL', value: 'debug' },
        ],
        resources: { cpu: 0.5, memory: '1Gi' },
        probes: [{ type: 'Liveness', httpGet: { path: '/healthz', port: 8080 } }],
      },
      { name: 'proxy', image: 'mcr.microsoft.com/envoy:1', env: [{ name: 'EMPTY', value: '' }] },
    ],
    secrets: [{ name: 'api-key', value: 'the-secret-value' }],
    registries: [{ server: ACR, identity: 'system' }],
    identity: { type: 'SystemAssigned' },
    extraTemplate: { volumes: [{ name: 'cache', storageType: 'EmptyDir' }] },
    environmentDomain: DOMAIN,
    ...overrides,
  });
}

const stored = () => fake.apps.get(APP_ID.toLowerCase()) as { properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- the stand-in's raw JSON
const log: string[] = [];
const runtime = (values: Record<string, string> = {}) => containerAppsRuntime(inputs(values), access);

async function deploy(values: Record<string, string> = {}) {
  const prepared = await runtime(values).prepare(target(), (line) => log.push(line));
  return { prepared, result: await prepared.deploy((line) => log.push(line)) };
}

beforeAll(async () => {
  server = await startHttpsStandIn([fake.handle]);
  access = {
    credential: async () => ({
      getToken: async (scopes: string | string[]) => {
        scopesAsked.push(...[scopes].flat());
        return { token: 'arm-access-token', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    }),
    subscriptionId: async () => SUBSCRIPTION,
    endpoint: server.url,
    ca: server.ca,
    pollIntervalMs: 20,
  };
});

afterAll(() => server?.close());

/** Every scope a token was asked for. */
const scopesAsked: string[] = [];

beforeEach(() => {
  fake.reset();
  fake.retryAfterSeconds = 0;
  fake.pollsUntilDone = 2;
  log.length = 0;
});

describe('Container Apps runtime against the ARM stand-in', () => {
  it('updates only the chosen container to the image by digest, keeps everything else, and waits for the revision by name', async () => {
    seed();
    const { prepared, result } = await deploy({
      'container-apps-container': 'web',
      'container-apps-env': 'LEVEL=info\nAPI_KEY=secretref:api-key',
      'container-apps-flags': 'cpu=1\nmemory=2Gi\nmin-replicas=2',
      'revision-suffix': 'v2',
    });
    expect(prepared.plan).toEqual([
      `would update Container App web (resource group ${GROUP}, subscription ${SUBSCRIPTION}), creating a new revision:`,
      `  image: ${OLD_IMAGE} → ${IMAGE}`,
      '  env LEVEL: changed',
      '  env API_KEY: secretref:api-key',
      '  cpu: 0.5 → 1',
      '  memory: 1Gi → 2Gi',
      '  min-replicas: 1 → 2',
      '  revision name: web--v2',
    ]);
    expect(prepared.warnings).toEqual([]);
    expect(result.outputs).toEqual({ revision: 'web--v2' });
    expect(result.url).toBe(`https://web.${DOMAIN}`);

    const app = stored().properties;
    expect(app.latestReadyRevisionName).toBe('web--v2');
    const [web, proxy] = app.template.containers;
    expect(web.image).toBe(IMAGE);
    expect(web.env).toEqual([
      { name: 'KEEP', value: 'kept' },
      { name: 'LEVEL', value: 'info' },
      { name: 'API_KEY', secretRef: 'api-key' },
    ]);
    expect(web.probes).toEqual([{ type: 'Liveness', httpGet: { path: '/healthz', port: 8080 } }]);
    expect(proxy).toEqual({ name: 'proxy', image: 'mcr.microsoft.com/envoy:1', env: [{ name: 'EMPTY' }] });
    expect(app.template.volumes).toEqual([{ name: 'cache', storageType: 'EmptyDir' }]);
    expect(app.template.scale).toEqual({ minReplicas: 2, maxReplicas: 10 });
    // The secret's value survives: the PATCH never carried the secrets (GET hides their values).
    expect(app.configuration.secrets).toEqual([{ name: 'api-key', value: 'the-secret-value' }]);

    const patches = fake.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]!.body).toMatchObject({ properties: { template: { revisionSuffix: 'v2' } } });
    expect(Object.keys((patches[0]!.body!.properties as Record<string, unknown>) ?? {})).toEqual(['template']);
    expect(fake.requests.every((r) => r.apiVersion === ARM_API_VERSION)).toBe(true);
    expect(fake.requests.every((r) => r.authorization === 'Bearer arm-access-token')).toBe(true);
    // The poller followed the subscription-scoped Location until done, then the revision was read by name.
    expect(
      fake.requests.some((r) =>
        /\/providers\/Microsoft\.App\/locations\/eastus\/containerappOperationResults\//.test(r.path),
      ),
    ).toBe(true);
    expect(fake.requests.filter((r) => r.path.endsWith('/revisions/web--v2')).length).toBeGreaterThanOrEqual(2);
  });

  it('plans without writing anything: no PUT or PATCH is recorded', async () => {
    seed();
    const prepared = await runtime({ 'container-apps-container': 'web' }).prepare(target(true), () => {});
    expect(prepared.plan[1]).toBe(`  image: ${OLD_IMAGE} → ${IMAGE}`);
    expect(fake.mutations()).toEqual([]);
  });

  it('in Multiple mode, a preview: traffic held where it is, the new revision labelled, its label URL the output', async () => {
    seed({ mode: 'Multiple' });
    const { prepared, result } = await deploy({
      'container-apps-container': 'web',
      'no-traffic': 'true',
      'revision-tag': 'pr-7',
      'revision-suffix': 'pr-7-a1',
    });
    expect(prepared.plan.slice(-2)).toEqual([
      '  traffic: stays on web--first; the new revision gets none',
      `  label pr-7: the new revision (https://web---pr-7.${DOMAIN})`,
    ]);
    expect(result.url).toBe(`https://web---pr-7.${DOMAIN}`);
    expect(result.outputs.revision).toBe('web--pr-7-a1');
    const patches = fake.requests.filter((r) => r.method === 'PATCH');
    // First the template with traffic pinned to the serving revision, then the label once healthy.
    expect(patches[0]!.body).toMatchObject({
      properties: {
        configuration: { ingress: { traffic: [{ revisionName: 'web--first', weight: 100, latestRevision: false }] } },
      },
    });
    expect(stored().properties.configuration.ingress.traffic).toEqual([
      { revisionName: 'web--first', weight: 100, latestRevision: false },
      { revisionName: 'web--pr-7-a1', weight: 0, label: 'pr-7' },
    ]);
  });

  it('in Multiple mode, 100% of traffic moves to the new revision by name once it is healthy', async () => {
    seed({ mode: 'Multiple' });
    const { result } = await deploy({ 'container-apps-container': 'web', 'revision-suffix': 'v2' });
    expect(stored().properties.configuration.ingress.traffic).toEqual([{ revisionName: 'web--v2', weight: 100 }]);
    expect(result.url).toBe(`https://web.${DOMAIN}`);
  });

  it('in Multiple mode without ingress (a worker), no traffic is set, and a preview is an error before anything moves', async () => {
    seed({ mode: 'Multiple', withoutIngress: true });
    const { prepared } = await deploy({ 'container-apps-container': 'web', 'revision-suffix': 'v2' });
    expect(prepared.plan).toContain(
      '  no ingress: no traffic to move; the new revision runs beside the revisions active now (Multiple mode)',
    );
    expect(fake.mutations().map((m) => Object.keys(m.body as object))).toEqual([['location', 'properties']]);
    expect(fake.mutations()[0]!.body).toEqual({ location: 'East US', properties: { template: expect.anything() } });
    expect(stored().properties.configuration.ingress).toBeUndefined();
    fake.reset();
    seed({ mode: 'Multiple', withoutIngress: true });
    await expect(
      runtime({ 'container-apps-container': 'web', 'no-traffic': 'true' }).prepare(target(), () => {}),
    ).rejects.toThrow(
      /^no-traffic: Container App web .* has no ingress, so it has no traffic to hold back and no label URL; enable ingress/,
    );
    expect(fake.mutations()).toEqual([]);
  });

  it('an unchanged template makes no revision: "already running" after checking the current one is healthy', async () => {
    seed({ containers: [{ name: 'web', image: IMAGE }] });
    const { prepared, result } = await deploy();
    expect(prepared.plan).toEqual([
      `Container App web (resource group ${GROUP}, subscription ${SUBSCRIPTION}) already runs ${IMAGE} as asked: no new revision`,
    ]);
    expect(result.detail).toMatch(/^Container App web already running: revision web--first/);
    expect(fake.mutations()).toEqual([]);
    expect(fake.requests.some((r) => r.path.endsWith('/revisions/web--first'))).toBe(true);
  });

  it('in Multiple mode too, nothing to change writes nothing when all traffic follows the latest revision', async () => {
    seed({ mode: 'Multiple', containers: [{ name: 'web', image: IMAGE }] });
    const { result } = await deploy();
    expect(result.detail).toMatch(
      /^Container App web already running: revision web--first; traffic 100% to the latest revision/,
    );
    expect(fake.mutations()).toEqual([]);
  });

  it('a revision whose operation fails: Azure’s reason, traffic and the latest ready revision where they were', async () => {
    seed();
    fake.failNextRevision = { way: 'operation', message: 'Operation expired.' };
    const error = await deploy({ 'container-apps-container': 'web', 'revision-suffix': 'v2' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect((error as Error).message).toContain(
      "Failed to provision revision for container app 'web'. Error details: Operation expired.",
    );
    expect((error as Error).message).toContain(
      'Traffic stays where it was: all to web--first; the latest ready revision is web--first.',
    );
    expect(stored().properties.latestReadyRevisionName).toBe('web--first');
  });

  it('a revision that turns Degraded after the operation succeeded fails the step; Multiple-mode traffic is untouched', async () => {
    seed({ mode: 'Multiple' });
    fake.failNextRevision = { way: 'revision', message: "Container 'web' was terminated with exit code '1'" };
    const error = await deploy({ 'container-apps-container': 'web', 'revision-suffix': 'v2' }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `Container App web (resource group ${GROUP}, subscription ${SUBSCRIPTION}): the new revision web--v2 failed: provisioningState Provisioned, runningState Degraded, healthState Unhealthy: Container 'web' was terminated with exit code '1'. Traffic stays where it was: 100% to web--first; the latest ready revision is web--first.`,
    );
    expect(stored().properties.configuration.ingress.traffic).toEqual([
      { revisionName: 'web--first', weight: 100, latestRevision: false },
    ]);
    expect(stored().properties.latestReadyRevisionName).toBe('web--first');
  });

  it('an update Azure refuses makes no revision: "the update failed", with Azure’s code and where traffic is', async () => {
    seed();
    const prepared = await runtime({ 'container-apps-container': 'web', 'revision-suffix': 'v9' }).prepare(
      target(),
      () => {},
    );
    // Another run takes the suffix between this run's prepare and its deploy.
    const old = fake.revisions.get(`${APP_ID}/revisions/web--first`.toLowerCase())!;
    fake.revisions.set(`${APP_ID}/revisions/web--v9`.toLowerCase(), { ...old, body: { ...old.body, name: 'web--v9' } });
    await expect(prepared.deploy(() => {})).rejects.toThrow(
      `Container App web (resource group ${GROUP}, subscription ${SUBSCRIPTION}): the update failed: ContainerAppInvalidRevisionSuffix: Field 'template.revisionsuffix' is invalid with details: 'Invalid value: "v9": revision with suffix v9 already exists'. Traffic stays where it was: all to web--first; the latest ready revision is web--first.`,
    );
  });

  it('the wait is bounded by wait-timeout: an operation still running then fails the step, saying so', async () => {
    seed();
    fake.pollsUntilDone = 1_000_000;
    const started = Date.now();
    const error = await deploy({ 'container-apps-container': 'web', 'wait-timeout': '1' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((error as Error).message).toBe(
      `Updating Container App web (resource group ${GROUP}, subscription ${SUBSCRIPTION}) was not done within wait-timeout (1 s); it may still finish in Azure`,
    );
  });

  it('a revision still starting at wait-timeout is said to be starting, not failed, with how to stop it', async () => {
    seed();
    fake.revisionReadsUntilRunning = 1_000_000;
    const error = await deploy({
      'container-apps-container': 'web',
      'revision-suffix': 'slow',
      'wait-timeout': '1',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    const message = (error as Error).message;
    expect(message).toContain('the new revision web--slow was not healthy within wait-timeout (1 s)');
    expect(message).toContain(
      'Azure goes on starting it, and in Single revision mode moves all traffic to it once it is ready',
    );
    expect(message).toContain(`az containerapp revision deactivate -n web -g ${GROUP} --revision web--slow`);
    expect(message).not.toContain('failed');
  });

  it("a revision still starting as the run's timeout (shorter than wait-timeout) nears is said the same way, naming the run's timeout", async () => {
    seed();
    fake.revisionReadsUntilRunning = 1_000_000;
    const error = await withinDeadline(
      2,
      () => 'still in the deploy step',
      () => deploy({ 'container-apps-container': 'web', 'revision-suffix': 'slow', 'wait-timeout': '600' }),
    ).catch((e: unknown) => e);
    // The runtime's own failure, before the run's timeout: where traffic is, and how to stop the revision.
    expect(error).toBeInstanceOf(AzureError);
    const message = (error as Error).message;
    expect(message).toMatch(
      /the new revision web--slow was not healthy within the run's timeout \(2s; wait-timeout is 600 s, cut to [01] s to leave 1 s before the run ends\)/,
    );
    expect(message).toContain(`az containerapp revision deactivate -n web -g ${GROUP} --revision web--slow`);
    expect(message).toContain('A longer timeout lets the step see it through');
  });

  it('a 403 names the action Azure refused and the role to grant, with the access marker', async () => {
    seed();
    fake.denied.add('Microsoft.App/containerApps/write');
    const error = await deploy({ 'container-apps-container': 'web' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect((error as AzureError).access).toBe('denied');
    expect((error as Error).message).toMatch(
      /was denied \(AuthorizationFailed\): The client '.+' with object id '.+' does not have authorization to perform action 'Microsoft\.App\/containerApps\/write' over scope '.+\/containerApps\/web' or the scope is invalid\..*Grant the workflow's identity Container Apps Contributor \(or Contributor\)$/,
    );
  });

  it('a 403 on the operation status after Azure took the update: the revision is watched instead, and the step succeeds', async () => {
    seed();
    // A role on the resource group alone cannot read the subscription-scoped status URL (microsoft/azure-container-apps#215).
    fake.denied.add('Microsoft.App/locations/containerappOperationStatuses/read');
    const { result } = await deploy({ 'container-apps-container': 'web', 'revision-suffix': 'v9' });
    expect(result.outputs.revision).toBe('web--v9');
    expect(stored().properties.latestReadyRevisionName).toBe('web--v9');
    expect(log.join('\n')).toMatch(
      /Azure accepted the change \(revision web--v9 exists\), but its operation could not be followed \(HTTP 403/,
    );
  });

  it('without Azure credentials, prepare fails with the access marker (a fork’s plan goes on) and says what to add', async () => {
    seed();
    const unavailable = Object.assign(new Error('Azure CLI could not be found'), {
      name: 'CredentialUnavailableError',
    });
    const noCredentials: ArmAccess = {
      ...access,
      credential: async () => ({
        getToken: async () => {
          throw unavailable;
        },
      }),
    };
    const inputsOfApp = inputs({ 'container-apps-container': 'web' });
    const error = await containerAppsRuntime(inputsOfApp, noCredentials)
      .prepare(target(true), () => {})
      .catch((e: unknown) => e);
    expect((error as AzureError).access).toBe('missing');
    expect((error as Error).message).toMatch(
      /found no valid Azure credentials: Azure CLI could not be found\. Add azure\/login/,
    );
    expect(fake.requests).toEqual([]);
  });

  it('an image without linux/amd64 is refused before anything is read or written', async () => {
    seed();
    const armOnly = { ...target(), platforms: async () => ['linux/arm64'] };
    await expect(runtime({ 'container-apps-container': 'web' }).prepare(armOnly, () => {})).rejects.toThrow(
      `Azure Container Apps runs linux/amd64 images, and ${IMAGE} is for linux/arm64 only`,
    );
    expect(fake.requests).toEqual([]);
  });

  it('a 429 is retried after its Retry-After', async () => {
    seed();
    fake.retryAfterSeconds = 1;
    fake.throttled.set('Microsoft.App/containerApps/read', 1);
    const started = Date.now();
    await runtime({ 'container-apps-container': 'web' }).prepare(target(true), () => {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === APP_ID)).toHaveLength(2);
  });

  it('an unknown container lists the app’s containers; several need a name', async () => {
    seed();
    await expect(runtime({ 'container-apps-container': 'api' }).prepare(target(), () => {})).rejects.toThrow(
      'container-apps-container: app web has no container "api"; its containers are: web, proxy',
    );
    await expect(runtime().prepare(target(), () => {})).rejects.toThrow(
      'app web has 2 containers (web, proxy): set container-apps-container to the one that runs the image',
    );
  });

  it('a reused revision suffix is an input error found in prepare, before anything is written', async () => {
    seed();
    await expect(
      runtime({ 'container-apps-container': 'web', 'revision-suffix': 'first' }).prepare(target(), () => {}),
    ).rejects.toThrow(/^revision-suffix: app web already has revision web--first/);
    expect(fake.mutations()).toEqual([]);
  });

  it('a suffix any earlier revision has is refused too, and so are no-traffic and a label in Single mode', async () => {
    seed();
    const old = fake.revisions.get(`${APP_ID}/revisions/web--first`.toLowerCase())!;
    fake.revisions.set(`${APP_ID}/revisions/web--old`.toLowerCase(), {
      ...old,
      body: { ...old.body, name: 'web--old' },
    });
    await expect(
      runtime({ 'container-apps-container': 'web', 'revision-suffix': 'old' }).prepare(target(), () => {}),
    ).rejects.toThrow(
      /^revision-suffix: Container App web .* already has a revision web--old, and a revision name cannot be reused/,
    );
    await expect(
      runtime({ 'container-apps-container': 'web', 'no-traffic': 'true' }).prepare(target(), () => {}),
    ).rejects.toThrow(/^no-traffic: Container App web .* is in Single revision mode/);
    await expect(
      runtime({ 'container-apps-container': 'web', 'revision-tag': 'pr-7' }).prepare(target(), () => {}),
    ).rejects.toThrow(/^revision-tag: Container App web .* is in Single revision mode/);
    expect(fake.mutations()).toEqual([]);
  });

  it('a missing app names the app, resource group and subscription; a missing secret lists the app’s secrets', async () => {
    seed();
    await expect(runtime({ 'container-apps-app': 'api' }).prepare(target(), () => {})).rejects.toThrow(
      `Container App api (resource group ${GROUP}, subscription ${SUBSCRIPTION}) does not exist`,
    );
    await expect(
      runtime({ 'container-apps-container': 'web', 'container-apps-env': 'DB=secretref:db-password' }).prepare(
        target(),
        () => {},
      ),
    ).rejects.toThrow('has no secret "db-password"; its secrets are: api-key');
  });

  it('warns when the registry entry names an identity the app lacks, or a password secret it does not have', async () => {
    seed({ identity: { type: 'None' } });
    const prepared = await runtime({ 'container-apps-container': 'web' }).prepare(target(true), () => {});
    expect(prepared.warnings).toEqual([
      `app web pulls from ${ACR} with the managed identity "system", which the app does not have: assign it to the app (and grant it AcrPull on the registry)`,
    ]);
    seed({ registries: [{ server: ACR, username: 'demo', passwordSecretRef: 'acr-password' }] });
    const withPassword = await runtime({ 'container-apps-container': 'web' }).prepare(target(true), () => {});
    expect(withPassword.warnings).toEqual([
      `app web pulls from ${ACR} as demo with the secret "acr-password", which the app does not have`,
    ]);
  });

  it('warns in prepare when the app has no way to pull from the destination registry', async () => {
    seed({ registries: [] });
    const prepared = await runtime({ 'container-apps-container': 'web' }).prepare(target(true), () => {});
    expect(prepared.warnings).toEqual([
      `app web has no registry entry for ${ACR}: unless it allows anonymous pulls, the new revision cannot pull the image. To fix, give the app a managed identity with AcrPull on the registry and add it: az containerapp registry set -n web -g RESOURCE_GROUP --server ${ACR} --identity system`,
    ]);
  });
});

// Runs last (vitest keeps file order): by now every test above has asked for tokens.
describe('tokens', () => {
  it("are asked for the Resource Manager endpoint's own audience, not the public cloud's", () => {
    expect(scopesAsked.length).toBeGreaterThan(0);
    expect(new Set(scopesAsked)).toEqual(new Set([`${new URL(server.url).origin}/.default`]));
  });
});
