/**
 * Creating a missing Container App (only with container-apps-environment) through the official ARM
 * client against the local ARM stand-in over HTTPS: the environment read first, the PUT's body
 * (flattened model, pulling with a user-assigned identity or the run's registry credentials), the
 * first revision waited for, and what the step says when the environment is missing, the app could
 * not pull, or the first revision fails.
 */
import { NO_AZURE_IDENTITY } from '../src/clouds/azure-inputs.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputContext } from '../src/input-reader.js';
import { detectRegistry } from '../src/registries/index.js';
import type { ArmAccess } from '../src/runtimes/container-apps/arm.js';
import { AzureError } from '../src/clouds/azure.js';
import { readContainerAppsInputs, type ContainerAppsInputs } from '../src/runtimes/container-apps/inputs.js';
import { containerAppsRuntime } from '../src/runtimes/container-apps/runtime.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { createContainerAppsFake } from '../scripts/azure/container-apps.js';
import { startHttpsStandIn, type HttpsStandIn } from './helpers/azure-https.js';

const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const GROUP = 'apps-rg';
const ACR = 'demo.azurecr.io';
const DOMAIN = 'bluesea-9f8e7d6c.westeurope.azurecontainerapps.io';
const IMAGE = `${ACR}/web@sha256:${'a'.repeat(64)}`;
const APP_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.App/containerApps/web`;
const ENV_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.App/managedEnvironments/apps-env`;
const IDENTITY = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/puller`;
const PASSWORD = 'registry-password-do-not-show-0123';
const LABEL = `Container App web (resource group ${GROUP}, subscription ${SUBSCRIPTION})`;

const fake = createContainerAppsFake();
let server: HttpsStandIn;
let access: ArmAccess;
const log: string[] = [];

const target = (planning = false, registry = ACR): DeployTarget => ({
  image: registry === ACR ? IMAGE : `${registry}/library/web@sha256:${'a'.repeat(64)}`,
  registry,
  family: detectRegistry({ registry, repository: 'web' }),
  planning,
  pullCredentials: async () => undefined,
  platforms: async () => ['linux/amd64'],
});

function inputs(values: Record<string, string> = {}): ContainerAppsInputs {
  const ctx = new InputContext(
    (name) =>
      ({
        'container-apps-app': 'web',
        'azure-resource-group': GROUP,
        'container-apps-environment': 'apps-env',
        ...values,
      })[name] ?? '',
  );
  const read = readContainerAppsInputs(ctx, { destinationFamily: undefined, azure: NO_AZURE_IDENTITY });
  expect(ctx.problems).toEqual([]);
  return read as ContainerAppsInputs;
}

const runtime = (values: Record<string, string> = {}) => containerAppsRuntime(inputs(values), access);

async function deploy(values: Record<string, string> = {}) {
  const prepared = await runtime(values).prepare(target(), (line) => log.push(line));
  return { prepared, result: await prepared.deploy((line) => log.push(line)) };
}

const seedEnvironment = () =>
  fake.seedEnvironment({
    subscription: SUBSCRIPTION,
    resourceGroup: GROUP,
    name: 'apps-env',
    location: 'West Europe',
    defaultDomain: DOMAIN,
  });

const puts = () => fake.mutations().filter((r) => r.method === 'PUT');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the stand-in's raw JSON
const stored = () => fake.apps.get(APP_ID.toLowerCase()) as { location: string; properties: Record<string, any> };

beforeAll(async () => {
  server = await startHttpsStandIn([fake.handle]);
  access = {
    credential: async () => ({
      getToken: async () => ({ token: 'arm-access-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
    }),
    subscriptionId: async () => SUBSCRIPTION,
    endpoint: server.url,
    ca: server.ca,
    pollIntervalMs: 20,
  };
});

afterAll(() => server?.close());

beforeEach(() => {
  fake.reset();
  fake.retryAfterSeconds = 0;
  fake.pollsUntilDone = 2;
  log.length = 0;
});

describe('creating a missing Container App against the ARM stand-in', () => {
  it('with a user-assigned identity: one PUT in the environment’s location, internal ingress, the first revision waited for', async () => {
    seedEnvironment();
    const { prepared, result } = await deploy({
      'container-apps-identity': IDENTITY,
      'container-apps-target-port': '8080',
      'container-apps-env': 'RELEASE=abc123',
      'container-apps-flags': 'cpu=0.5\nmemory=1Gi',
      'revision-suffix': 'v1',
    });
    expect(prepared.plan).toEqual([
      `would create ${LABEL} in environment apps-env (West Europe), ingress internal (inside the environment only) on port 8080, pulling from ${ACR} with the managed identity ${IDENTITY} (it needs AcrPull on the registry); Single revision mode:`,
      `  container web: ${IMAGE}`,
      '  env RELEASE: set',
      '  cpu: 0.5',
      '  memory: 1Gi',
      '  revision name: web--v1',
    ]);
    expect(puts()).toHaveLength(1);
    expect(puts()[0]!.path).toBe(APP_ID);
    expect(puts()[0]!.body).toEqual({
      location: 'West Europe',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [IDENTITY]: {} } },
      properties: {
        managedEnvironmentId: ENV_ID,
        configuration: {
          activeRevisionsMode: 'Single',
          ingress: { external: false, targetPort: 8080 },
          registries: [{ server: ACR, identity: IDENTITY }],
        },
        template: {
          revisionSuffix: 'v1',
          containers: [
            {
              name: 'web',
              image: IMAGE,
              env: [{ name: 'RELEASE', value: 'abc123' }],
              resources: { cpu: 0.5, memory: '1Gi' },
            },
          ],
        },
      },
    });
    expect(result.outputs).toEqual({ revision: 'web--v1' });
    expect(result.url).toBe(`https://web.internal.${DOMAIN}`);
    expect(result.detail).toContain('Container App web created: revision web--v1');
    const app = stored().properties;
    expect(app.latestReadyRevisionName).toBe('web--v1');
    expect(app.template.scale.maxReplicas).toBe(10);
    // The environment was read before anything was written.
    const envRead = fake.requests.findIndex((r) => r.path === ENV_ID && r.method === 'GET');
    expect(envRead).toBeGreaterThanOrEqual(0);
    expect(envRead).toBeLessThan(fake.requests.findIndex((r) => r.method === 'PUT'));
  });

  it('with the run’s registry credentials: an app secret and a registries entry; the password in no plan or log line', async () => {
    seedEnvironment();
    const { prepared, result } = await deploy({
      'registry-username': 'demo',
      'registry-password': PASSWORD,
      'container-apps-target-port': '3000',
      'container-apps-ingress': 'external',
      'container-apps-container': 'api',
    });
    expect(prepared.plan[0]).toBe(
      `would create ${LABEL} in environment apps-env (West Europe), ingress external (public) on port 3000, pulling from ${ACR} as demo (the password stored as app secret demo-azurecr-io-password); Single revision mode:`,
    );
    const body = puts()[0]!.body as {
      properties: { configuration: Record<string, unknown>; template: { containers: { name: string }[] } };
    };
    expect(body.properties.configuration.registries).toEqual([
      { server: ACR, username: 'demo', passwordSecretRef: 'demo-azurecr-io-password' },
    ]);
    expect(body.properties.configuration.secrets).toEqual([{ name: 'demo-azurecr-io-password', value: PASSWORD }]);
    expect(body.properties.template.containers[0]!.name).toBe('api');
    expect(result.url).toBe(`https://web.${DOMAIN}`);
    expect(result.outputs.revision).toMatch(/^web--[0-9a-f]{7}$/);
    expect(JSON.stringify([prepared.plan, log, result])).not.toContain(PASSWORD);
  });

  it('a missing environment is an error naming it, before any PUT', async () => {
    fake.seedEnvironment({ subscription: SUBSCRIPTION, resourceGroup: GROUP, name: 'other-env' });
    const error = await runtime({ 'container-apps-identity': IDENTITY })
      .prepare(target(), () => {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect((error as Error).message).toBe(
      `container-apps-environment: managed environment apps-env (resource group ${GROUP}, subscription ${SUBSCRIPTION}) does not exist, so the app cannot be created in it: check the name and resource group (az containerapp env list), or create it (az containerapp env create)`,
    );
    expect(fake.mutations()).toEqual([]);
  });

  it('a private registry with neither an identity nor registry credentials is refused before any PUT, naming the inputs', async () => {
    seedEnvironment();
    const error = await runtime()
      .prepare(target(), () => {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect((error as Error).message).toMatch(
      /^container-apps-identity: a new app cannot pull from demo\.azurecr\.io .*Set container-apps-identity .*or registry-username and registry-password/,
    );
    expect(fake.mutations()).toEqual([]);
  });

  it('a public registry (Docker Hub) needs no pull access: no registries entry', async () => {
    seedEnvironment();
    const prepared = await runtime().prepare(target(false, 'docker.io'), () => {});
    expect(prepared.plan[0]).toContain('pulling from docker.io anonymously');
    await prepared.deploy(() => {});
    const body = puts()[0]!.body as { properties: { configuration: Record<string, unknown> } };
    expect(body.properties.configuration).toEqual({ activeRevisionsMode: 'Single' });
  });

  it('no-traffic, a label or a secretref on a new app are errors before any PUT', async () => {
    seedEnvironment();
    for (const [values, message] of [
      [{ 'no-traffic': 'true' }, 'no-traffic: '],
      [{ 'revision-tag': 'pr-7' }, 'revision-tag: '],
      [{ 'container-apps-env': 'KEY=secretref:api-key' }, 'container-apps-env: KEY refers to secrets'],
    ] as const) {
      const error = await runtime({ 'container-apps-identity': IDENTITY, ...values })
        .prepare(target(), () => {})
        .catch((e: unknown) => e);
      expect((error as Error).message).toContain(message);
    }
    expect(fake.mutations()).toEqual([]);
  });

  it('a plan reads the environment and writes nothing', async () => {
    seedEnvironment();
    const prepared = await runtime({ 'container-apps-identity': IDENTITY }).prepare(target(true), () => {});
    expect(prepared.plan[0]).toMatch(
      /^would create Container App web .* in environment apps-env \(West Europe\), no ingress/,
    );
    expect(fake.mutations()).toEqual([]);
    expect(fake.apps.size).toBe(0);
  });

  it('a first revision that fails: Azure’s reason, and that the app was created but its first revision is not running', async () => {
    seedEnvironment();
    fake.failNextRevision = { way: 'operation', message: 'Operation expired.' };
    const error = await deploy({ 'container-apps-identity': IDENTITY, 'revision-suffix': 'v1' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AzureError);
    expect((error as Error).message).toContain(`${LABEL} was created, but its first revision web--v1 is not running:`);
    expect((error as Error).message).toContain(
      "Failed to provision revision for container app 'web'. Error details: Operation expired.",
    );
  });

  it('a first revision that turns Degraded after the operation succeeded fails the step the same way', async () => {
    seedEnvironment();
    fake.failNextRevision = { way: 'revision', message: "Container 'web' was terminated with exit code '1'" };
    const error = await deploy({ 'container-apps-identity': IDENTITY, 'revision-suffix': 'v1' }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe(
      `${LABEL} was created, but its first revision web--v1 is not running: provisioningState Provisioned, runningState Degraded, healthState Unhealthy: Container 'web' was terminated with exit code '1'. Fix the cause and deploy again (the app is then updated in place), or delete it (az containerapp delete)`,
    );
  });

  it('a refused PUT says nothing was created', async () => {
    seedEnvironment();
    fake.denied.add('Microsoft.App/containerApps/write');
    const error = await deploy({ 'container-apps-identity': IDENTITY }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`Creating ${LABEL} (nothing was created)`);
    expect((error as Error).message).toContain(
      "does not have authorization to perform action 'Microsoft.App/containerApps/write'",
    );
    expect(fake.apps.size).toBe(0);
  });

  it('without container-apps-environment a missing app stays an error, naming the input that would create it', async () => {
    fake.seedEnvironment({ subscription: SUBSCRIPTION, resourceGroup: GROUP, name: 'apps-env' });
    const ctx = new InputContext(
      (name) => ({ 'container-apps-app': 'web', 'azure-resource-group': GROUP })[name] ?? '',
    );
    const read = readContainerAppsInputs(ctx, { destinationFamily: undefined, azure: NO_AZURE_IDENTITY });
    const error = await containerAppsRuntime(read as ContainerAppsInputs, access)
      .prepare(target(), () => {})
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `${LABEL} does not exist: set container-apps-environment to create it in that managed environment, or check container-apps-app, azure-resource-group and the subscription`,
    );
    expect(fake.mutations()).toEqual([]);
  });

  it('an existing app is updated, not created: the creation inputs are said to apply only to a creation', async () => {
    seedEnvironment();
    fake.seedApp({
      subscription: SUBSCRIPTION,
      resourceGroup: GROUP,
      name: 'web',
      containers: [{ name: 'web', image: `${ACR}/web@sha256:${'0'.repeat(64)}` }],
      registries: [{ server: ACR, identity: 'system' }],
      identity: { type: 'SystemAssigned' },
    });
    await deploy({ 'container-apps-identity': IDENTITY, 'container-apps-target-port': '8080' });
    expect(puts()).toEqual([]);
    expect(log.some((line) => line.includes('apply only when creating it; its own settings are kept'))).toBe(true);
  });
});
