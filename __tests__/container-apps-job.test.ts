/**
 * A Container Apps job through the official ARM client against the local stand-in: its container
 * gets the image by digest (everything else kept), and with execute-job an execution is started and
 * waited for; only Succeeded is success.
 */
import { NO_AZURE_IDENTITY } from '../src/clouds/azure-inputs.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputContext } from '../src/input-reader.js';
import { detectRegistry } from '../src/registries/index.js';
import type { ArmAccess } from '../src/runtimes/container-apps/arm.js';
import { readContainerAppsInputs, type ContainerAppsJobInputs } from '../src/runtimes/container-apps/inputs.js';
import { containerAppsJobRuntime } from '../src/runtimes/container-apps/job-runtime.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { createContainerAppsFake } from '../scripts/azure/container-apps.js';
import { startHttpsStandIn, type HttpsStandIn } from './helpers/azure-https.js';

const SUBSCRIPTION = '00000000-1111-2222-3333-444444444444';
const ACR = 'demo.azurecr.io';
const IMAGE = `${ACR}/migrate@sha256:${'b'.repeat(64)}`;
const JOB_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/jobs-rg/providers/Microsoft.App/jobs/migrate`;
const LABEL = `Container Apps job migrate (resource group jobs-rg, subscription ${SUBSCRIPTION})`;

const fake = createContainerAppsFake();
let server: HttpsStandIn;
let access: ArmAccess;

const target = (planning = false): DeployTarget => ({
  image: IMAGE,
  registry: ACR,
  family: detectRegistry({ registry: ACR, repository: 'migrate' }),
  planning,
  pullCredentials: async () => undefined,
  platforms: async () => ['linux/amd64'],
});

function read(values: Record<string, string>) {
  const ctx = new InputContext((name) => values[name] ?? '');
  return {
    inputs: readContainerAppsInputs(ctx, { destinationFamily: undefined, azure: NO_AZURE_IDENTITY }),
    problems: ctx.problems.map((p) => `${p.input}: ${p.message}`),
  };
}

function runtime(values: Record<string, string> = {}) {
  const { inputs, problems } = read({ 'container-apps-job': 'migrate', 'azure-resource-group': 'jobs-rg', ...values });
  expect(problems).toEqual([]);
  expect(inputs?.kind).toBe('job');
  return containerAppsJobRuntime(inputs as ContainerAppsJobInputs, access);
}

const seed = () =>
  fake.seedJob({
    subscription: SUBSCRIPTION,
    resourceGroup: 'jobs-rg',
    name: 'migrate',
    containers: [
      { name: 'migrate', image: `${ACR}/migrate@sha256:${'0'.repeat(64)}`, env: [{ name: 'KEEP', value: 'kept' }] },
      { name: 'sidecar', image: 'mcr.microsoft.com/otel:1' },
    ],
    secrets: [{ name: 'db-password', value: 'the-db-password' }],
    registries: [{ server: ACR, identity: 'system' }],
    identity: { type: 'SystemAssigned' },
  });

const stored = () => fake.jobs.get(JOB_ID.toLowerCase()) as { properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- the stand-in's raw JSON

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
});

describe('Container Apps job', () => {
  it('updates the job’s container to the digest, keeps the rest, executes it and waits for Succeeded', async () => {
    seed();
    const prepared = await runtime({
      'container-apps-container': 'migrate',
      'container-apps-env': 'DB_PASSWORD=secretref:db-password',
      'execute-job': 'true',
    }).prepare(target(), () => {});
    expect(prepared.plan).toEqual([
      `would update ${LABEL}:`,
      `  image: ${ACR}/migrate@sha256:${'0'.repeat(64)} → ${IMAGE}`,
      '  env DB_PASSWORD: secretref:db-password',
      `would start an execution of ${LABEL} and wait for it to finish`,
    ]);
    expect(prepared.warnings).toEqual([]);
    const result = await prepared.deploy(() => {});
    expect(result.outputs.execution).toMatch(/^migrate-[0-9a-f]{7}$/);
    expect(result.detail).toBe(`${LABEL}: execution ${result.outputs.execution} succeeded`);
    const job = stored().properties;
    expect(job.template.containers).toEqual([
      {
        name: 'migrate',
        image: IMAGE,
        env: [
          { name: 'KEEP', value: 'kept' },
          { name: 'DB_PASSWORD', secretRef: 'db-password' },
        ],
      },
      { name: 'sidecar', image: 'mcr.microsoft.com/otel:1' },
    ]);
    expect(job.configuration.secrets).toEqual([{ name: 'db-password', value: 'the-db-password' }]);
    expect(job.configuration.triggerType).toBe('Manual');
    const patch = fake.requests.find((r) => r.method === 'PATCH');
    expect(Object.keys(patch!.body!.properties as object)).toEqual(['template']);
    expect(fake.requests.some((r) => r.method === 'POST' && r.path === `${JOB_ID}/start`)).toBe(true);
  });

  it.each(['Failed', 'Stopped'] as const)(
    'an execution that ends %s fails the step with Azure’s reason and the exit code',
    async (status) => {
      seed();
      fake.failNextExecution = { status, exitCode: 3, message: 'Job has reached the specified backoff limit' };
      const prepared = await runtime({ 'container-apps-container': 'migrate', 'execute-job': 'true' }).prepare(
        target(),
        () => {},
      );
      await expect(prepared.deploy(() => {})).rejects.toThrow(
        new RegExp(
          `^Container Apps job migrate .*: execution migrate-[0-9a-f]{7} ended ${status}: BackoffLimitExceeded; Job has reached the specified backoff limit; container migrate exited with code 3 \\(Error\\); container sidecar exited with code 0 \\(Completed\\)$`,
        ),
      );
    },
  );

  it('plans without writing anything; an unknown container lists the job’s containers', async () => {
    seed();
    const prepared = await runtime({ 'container-apps-container': 'migrate', 'execute-job': 'true' }).prepare(
      target(true),
      () => {},
    );
    expect(prepared.plan.at(-1)).toBe(`would start an execution of ${LABEL} and wait for it to finish`);
    expect(fake.mutations()).toEqual([]);
    await expect(runtime({ 'container-apps-container': 'api' }).prepare(target(), () => {})).rejects.toThrow(
      'container-apps-container: job migrate has no container "api"; its containers are: migrate, sidecar',
    );
  });

  it('refuses app-only inputs for a job, and execute-job for an app', () => {
    expect(
      read({
        'container-apps-job': 'migrate',
        'azure-resource-group': 'rg',
        'revision-suffix': 'v2',
        'container-apps-flags': 'min-replicas=1',
      }).problems,
    ).toEqual([
      'revision-suffix: applies to a Container App, not to a job',
      'container-apps-flags: min-replicas and max-replicas apply to a Container App, not to a job',
    ]);
    expect(read({ 'container-apps-app': 'web', 'azure-resource-group': 'rg', 'execute-job': 'true' }).problems).toEqual(
      ['execute-job: applies to a Container Apps job (container-apps-job), not to an app'],
    );
  });
});
