/**
 * The pure half of the Container Apps runtime: its inputs, the template it sends (only the chosen
 * container and the given fields change), the traffic it sets in Multiple revision mode, and what a
 * revision's states say.
 */
import { NO_AZURE_IDENTITY } from '../src/clouds/azure-inputs.js';
import type { ContainerApp } from '@azure/arm-appcontainers';
import { describe, expect, it } from 'vitest';
import { InputContext } from '../src/input-reader.js';
import { readContainerAppsInputs, type ContainerAppsInputs } from '../src/runtimes/container-apps/inputs.js';
import {
  finalTraffic,
  holdTraffic,
  labelUrl,
  renderTemplate,
  revisionState,
} from '../src/runtimes/container-apps/render.js';

const IMAGE = `demo.azurecr.io/web@sha256:${'a'.repeat(64)}`;

function read(values: Record<string, string>) {
  const ctx = new InputContext(
    (name) => ({ 'container-apps-app': 'web', 'azure-resource-group': 'rg', ...values })[name] ?? '',
  );
  return {
    inputs: readContainerAppsInputs(ctx, { destinationFamily: undefined, azure: NO_AZURE_IDENTITY }),
    problems: ctx.problems.map((p) => `${p.input}: ${p.message}`),
  };
}

const inputs = (values: Record<string, string> = {}): ContainerAppsInputs => read(values).inputs as ContainerAppsInputs;

function app(overrides: Partial<ContainerApp> = {}): ContainerApp {
  return {
    location: 'East US',
    name: 'web',
    latestRevisionName: 'web--v1',
    latestReadyRevisionName: 'web--v1',
    configuration: {
      activeRevisionsMode: 'Multiple',
      ingress: {
        fqdn: 'web.happy-1a2b.eastus.azurecontainerapps.io',
        traffic: [{ latestRevision: true, weight: 100 }],
      },
    },
    template: {
      revisionSuffix: 'v1',
      containers: [
        {
          name: 'web',
          image: 'old',
          env: [{ name: 'TOKEN', secretRef: 'token' }],
          resources: { cpu: 0.5, memory: '1Gi' },
        },
        { name: 'proxy', image: 'envoy' },
      ],
      scale: {
        minReplicas: 0,
        maxReplicas: 10,
        rules: [{ name: 'http', http: { metadata: { concurrentRequests: '50' } } }],
      },
    },
    ...overrides,
  };
}

describe('container-apps inputs', () => {
  it('reads plain and secretref env, flags, suffix, label and no-traffic', () => {
    expect(
      inputs({
        'container-apps-env': 'LEVEL=info\nAPI_KEY=secretref:api-key',
        'container-apps-flags': 'cpu=0.5\nmemory=1Gi\nmin-replicas=1\nmax-replicas=5',
        'revision-suffix': 'abc123',
        'revision-tag': 'pr-7',
        'no-traffic': 'true',
      }),
    ).toEqual({
      kind: 'app',
      account: { identity: NO_AZURE_IDENTITY, subscriptionId: undefined },
      resourceGroup: 'rg',
      app: 'web',
      container: undefined,
      env: { LEVEL: { value: 'info' }, API_KEY: { secretRef: 'api-key' } },
      flags: { cpu: 0.5, memory: '1Gi', minReplicas: 1, maxReplicas: 5 },
      revisionSuffix: 'abc123',
      noTraffic: true,
      label: 'pr-7',
      create: undefined,
      waitTimeoutSeconds: 600,
    });
  });

  it('refuses a traffic label whose URL would not fit in a DNS label', () => {
    const app32 = 'a'.repeat(32);
    expect(read({ 'container-apps-app': app32, 'revision-tag': 'b'.repeat(28) }).problems).toEqual([]);
    expect(read({ 'container-apps-app': app32, 'revision-tag': 'b'.repeat(29) }).problems).toEqual([
      `revision-tag: "${'b'.repeat(29)}" is too long for app ${app32}: its URL's first part, ${app32}---${'b'.repeat(29)}, must be 63 characters or fewer (use at most 28)`,
    ]);
  });

  it('reports every problem, each naming its input', () => {
    const { problems } = read({
      'container-apps-app': 'Web_App',
      'azure-resource-group': '',
      'container-apps-env': 'KEY=secretref:Bad Name',
      'container-apps-flags': 'cpu=lots\nmin-replicas=5\nmax-replicas=2',
      'revision-suffix': 'a--b',
    });
    expect(problems).toEqual([
      'container-apps-app: "Web_App" is not a Container Apps name: 2 to 32 lower-case letters, digits and single hyphens, starting with a letter',
      'azure-resource-group: is required with runtime container-apps: the resource group of the app',
      'revision-suffix: "a--b" is not a revision suffix: lower-case letters, digits and single hyphens, and the app name plus "--" plus the suffix within 64 characters',
      'container-apps-env: KEY=secretref:Bad Name: "Bad Name" is not a secret name (lower-case letters, digits, "-" and "."), e.g. KEY=secretref:api-key',
      'container-apps-flags: cpu=lots: use a number of vCPUs, e.g. 0.5 or 1',
      'container-apps-flags: min-replicas=5 is above max-replicas=2',
    ]);
  });
});

describe('renderTemplate', () => {
  it('changes only the chosen container and the given fields, naming each change without values', () => {
    const before = app();
    const { template, changes, revisionName } = renderTemplate(
      before,
      inputs({
        'container-apps-container': 'web',
        'container-apps-env': 'TOKEN=plain-now\nNEW=x',
        'container-apps-flags': 'max-replicas=3',
      }),
      IMAGE,
    );
    expect(changes).toEqual([
      'image: old → ' + IMAGE,
      'env TOKEN: secretref:token → plain value',
      'env NEW: set',
      'max-replicas: 10 → 3',
    ]);
    expect(template.containers).toEqual([
      {
        name: 'web',
        image: IMAGE,
        env: [
          { name: 'TOKEN', value: 'plain-now' },
          { name: 'NEW', value: 'x' },
        ],
        resources: { cpu: 0.5, memory: '1Gi' },
      },
      { name: 'proxy', image: 'envoy' },
    ]);
    expect(template.scale).toEqual({ ...before.template!.scale, maxReplicas: 3 });
    // The earlier fixed suffix would clash: cleared so Azure names the new revision.
    expect(template.revisionSuffix).toBe('');
    expect(revisionName).toBeUndefined();
    expect(before.template!.containers![0]!.image).toBe('old');
  });

  it('changes nothing when the app already runs the image as asked', () => {
    const running = app({ template: { revisionSuffix: 'v1', containers: [{ name: 'web', image: IMAGE }] } });
    expect(renderTemplate(running, inputs({ 'revision-suffix': 'v1' }), IMAGE).changes).toEqual([]);
    expect(renderTemplate(running, inputs(), IMAGE).changes).toEqual([]);
  });
});

describe('Consumption plan sizes', () => {
  const sized = (profile?: string) =>
    app({
      ...(profile && { workloadProfileName: profile }),
      template: {
        containers: [
          { name: 'web', image: 'old', resources: { cpu: 0.5, memory: '1Gi' } },
          { name: 'proxy', image: 'envoy', resources: { cpu: 0.25, memory: '0.5Gi' } },
        ],
      },
    });
  const flags = (text: string) => inputs({ 'container-apps-container': 'web', 'container-apps-flags': text });

  it('refuses, before the push, a cpu and memory the Consumption plan does not take, summed over the containers', () => {
    expect(() => renderTemplate(sized(), flags('memory=2Gi'), IMAGE)).toThrow(
      'container-apps-flags: app web would ask for cpu 0.75 and memory 2.5Gi (all 2 containers together), which the Consumption plan refuses: it takes 2 GiB per vCPU in steps of 0.25 vCPU, from cpu 0.25 with memory 0.5Gi to cpu 4 with memory 8Gi (e.g. cpu=0.75 with memory=1.5Gi). Nothing was pushed or changed',
    );
    expect(() => renderTemplate(sized('Consumption'), flags('cpu=0.3\nmemory=0.6Gi'), IMAGE)).toThrow(/cpu 0.55 /);
    expect(() => renderTemplate(sized(), flags('cpu=4\nmemory=8Gi'), IMAGE)).toThrow(/cpu 4 with memory 8Gi/);
  });

  it('takes the pairs Azure lists, and leaves dedicated profiles and unset sizes to Azure', () => {
    expect(renderTemplate(sized(), flags('cpu=1.75\nmemory=3.5Gi'), IMAGE).changes).toContain('cpu: 0.5 → 1.75');
    expect(renderTemplate(sized('D4'), flags('memory=3Gi'), IMAGE).changes).toContain('memory: 1Gi → 3Gi');
    expect(() => renderTemplate(app(), flags('memory=3Gi'), IMAGE)).not.toThrow();
    // Sizes this run does not set are not its to judge.
    const odd = sized();
    odd.template!.containers![0]!.resources = { cpu: 0.5, memory: '3Gi' };
    expect(() => renderTemplate(odd, inputs({ 'container-apps-container': 'web' }), IMAGE)).not.toThrow();
  });
});

describe('traffic in Multiple mode', () => {
  it('holds whatever follows the latest revision on the one serving now, and nothing else', () => {
    expect(holdTraffic(app())).toEqual([{ latestRevision: false, weight: 100, revisionName: 'web--v1' }]);
    const pinned = app();
    pinned.configuration!.ingress!.traffic = [{ revisionName: 'web--v1', weight: 100 }];
    expect(holdTraffic(pinned)).toBeUndefined();
  });

  it('gives the new revision 100% (labels kept at 0), or with no-traffic only its label', () => {
    const current = [
      { revisionName: 'web--v1', weight: 80 },
      { revisionName: 'web--v0', weight: 20, label: 'old' },
      { revisionName: 'web--pr', weight: 0, label: 'pr-7' },
    ];
    expect(finalTraffic(current, 'web--v2', { noTraffic: false, label: undefined })).toEqual([
      { revisionName: 'web--v0', weight: 0, label: 'old' },
      { revisionName: 'web--pr', weight: 0, label: 'pr-7' },
      { revisionName: 'web--v2', weight: 100 },
    ]);
    expect(finalTraffic(current, 'web--v2', { noTraffic: true, label: 'pr-7' })).toEqual([
      { revisionName: 'web--v1', weight: 80 },
      { revisionName: 'web--v0', weight: 20, label: 'old' },
      { revisionName: 'web--v2', weight: 0, label: 'pr-7' },
    ]);
  });

  it('makes a label URL with three hyphens on the environment domain', () => {
    expect(labelUrl(app(), 'pr-7')).toBe('https://web---pr-7.happy-1a2b.eastus.azurecontainerapps.io');
    expect(labelUrl(app({ configuration: {} }), 'pr-7')).toBeUndefined();
  });
});

describe('revisionState', () => {
  it.each([
    [{ provisioningState: 'Provisioned', runningState: 'Running', healthState: 'Healthy' }, 'ready'],
    [{ provisioningState: 'Provisioning', runningState: 'Processing', healthState: 'None' }, 'pending'],
    [{ provisioningState: 'Provisioned', runningState: 'Activating', healthState: 'None' }, 'pending'],
    [{ provisioningState: 'Provisioned', runningState: 'Running', healthState: 'Unhealthy' }, 'pending'],
    [{ provisioningState: 'Failed', runningState: 'Failed', provisioningError: 'image not found' }, 'failed'],
    [{ provisioningState: 'Provisioned', runningState: 'Degraded', healthState: 'Unhealthy' }, 'failed'],
  ])('%o is %s', (revision, kind) => {
    expect(revisionState(revision).kind).toBe(kind);
  });

  it('gives Azure’s provisioningError as the reason', () => {
    expect(revisionState({ provisioningState: 'Failed', provisioningError: 'image not found' })).toEqual({
      kind: 'failed',
      reason: 'provisioningState Failed, runningState unknown, healthState unknown: image not found',
    });
  });
});
