/**
 * The ARM stand-in for Container Apps, checked against the official client where AZURE.md records
 * what the real service and client do: the flattened model, PUT's 201 + Azure-AsyncOperation, the
 * LRO failure as a plain Error, the api-version, and secret values never shown.
 */
import { ContainerAppsAPIClient, type ContainerApp } from '@azure/arm-appcontainers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ARM_API_VERSION, createContainerAppsFake } from '../scripts/azure/container-apps.js';
import { startHttpsStandIn, type HttpsStandIn } from './helpers/azure-https.js';

const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const credential = {
  getToken: async () => ({ token: 'arm-access-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const fake = createContainerAppsFake();
let server: HttpsStandIn;
const client = (apiVersion = ARM_API_VERSION) =>
  new ContainerAppsAPIClient(credential, SUBSCRIPTION, {
    endpoint: server.url,
    apiVersion,
    tlsOptions: { ca: server.ca },
  });

const seed = () =>
  fake.seedApp({
    subscription: SUBSCRIPTION,
    resourceGroup: 'rg',
    name: 'web',
    containers: [{ name: 'web', image: 'old' }],
    secrets: [{ name: 'api-key', value: 'the-secret-value' }],
  });

beforeAll(async () => {
  server = await startHttpsStandIn([fake.handle]);
});
afterAll(() => server?.close());
beforeEach(() => {
  fake.reset();
  fake.retryAfterSeconds = 0;
});

describe('the Container Apps ARM stand-in', () => {
  it('answers PUT with 201 and a subscription-scoped Azure-AsyncOperation the SDK polls to the new revision', async () => {
    seed();
    const done = await client()
      .containerApps.createOrUpdate(
        'rg',
        'web',
        { location: 'East US', template: { containers: [{ name: 'web', image: 'new' }] } },
        { updateIntervalInMs: 10 },
      )
      .pollUntilDone();
    expect(done.template?.containers?.[0]?.image).toBe('new');
    expect(done.latestRevisionName).toMatch(/^web--[0-9a-f]{7}$/);
    expect(fake.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}$/, 'ID')}`)).toContain(
      `GET /subscriptions/${SUBSCRIPTION}/providers/Microsoft.App/locations/eastus/containerappOperationStatuses/ID`,
    );
  });

  it('refuses a PUT whose body lost its template: the SDK drops a `properties` wrapper', async () => {
    seed();
    const wrapped = { location: 'East US', properties: { template: { containers: [{ name: 'web', image: 'new' }] } } };
    const error = await client()
      .containerApps.createOrUpdate('rg', 'web', wrapped as unknown as ContainerApp)
      .pollUntilDone()
      .catch((e: unknown) => e);
    expect(fake.requests.at(-1)?.body).toEqual({ location: 'East US' });
    expect(error).toMatchObject({ statusCode: 400, code: 'ContainerAppInvalidSpec' });
  });

  it('fails a PUT’s operation as the SDK reports it: a plain Error with the code and message', async () => {
    seed();
    fake.failNextRevision = { way: 'operation', message: 'Operation expired.' };
    const error = await client()
      .containerApps.createOrUpdate(
        'rg',
        'web',
        { location: 'East US', template: { containers: [{ name: 'web', image: 'new' }] } },
        { updateIntervalInMs: 10 },
      )
      .pollUntilDone()
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /ContainerAppOperationError.*Failed to provision revision for container app 'web'\. Error details: Operation expired\./,
    );
    expect((error as { statusCode?: number }).statusCode).toBeUndefined();
  });

  it('asserts the api-version and hides secret values on GET', async () => {
    seed();
    await expect(client('2024-03-01').containerApps.get('rg', 'web')).rejects.toMatchObject({
      statusCode: 400,
      code: 'NoRegisteredProviderFound',
    });
    const app = await client().containerApps.get('rg', 'web');
    expect(app.configuration?.secrets).toEqual([{ name: 'api-key' }]);
  });

  it('creates an app in an existing environment, in its location, with Azure’s defaults; refuses a missing one or another location', async () => {
    const env = fake.seedEnvironment({
      subscription: SUBSCRIPTION,
      resourceGroup: 'rg',
      name: 'env',
      location: 'West Europe',
      defaultDomain: 'd.westeurope.azurecontainerapps.io',
    });
    const app = (location: string, environment = String(env.id)): ContainerApp => ({
      location,
      managedEnvironmentId: environment,
      configuration: { ingress: { external: false, targetPort: 8080 } },
      template: { containers: [{ name: 'new', image: 'new' }] },
    });
    const missing = await client()
      .containerApps.createOrUpdate('rg', 'new', app('West Europe', String(env.id).replace(/env$/, 'gone')))
      .pollUntilDone()
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    const elsewhere = await client()
      .containerApps.createOrUpdate('rg', 'new', app('East US'))
      .pollUntilDone()
      .catch((e: unknown) => e);
    expect(elsewhere).toMatchObject({ statusCode: 400, code: 'InvalidParameterValueInContainerTemplate' });
    expect(fake.apps.size).toBe(0);
    const created = await client()
      .containerApps.createOrUpdate('rg', 'new', app('West Europe'), { updateIntervalInMs: 10 })
      .pollUntilDone();
    expect(created.configuration?.activeRevisionsMode).toBe('Single');
    expect(created.configuration?.ingress?.fqdn).toBe('new.internal.d.westeurope.azurecontainerapps.io');
    expect(created.template?.scale?.maxReplicas).toBe(10);
    expect(created.latestRevisionName).toMatch(/^new--[0-9a-f]{7}$/);
    expect((await client().managedEnvironments.get('rg', 'env')).defaultDomain).toBe(
      'd.westeurope.azurecontainerapps.io',
    );
  });
});
