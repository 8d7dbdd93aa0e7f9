/**
 * The pure half of creating a Container App: the creation inputs (environment name or ID, target
 * port, ingress, pull identity), how the app pulls, and the body to PUT (flattened, no secret in
 * the plan).
 */
import { NO_AZURE_IDENTITY } from '../src/clouds/azure-inputs.js';
import { describe, expect, it } from 'vitest';
import { InputContext } from '../src/input-reader.js';
import { detectRegistry } from '../src/registries/index.js';
import { readContainerAppsInputs, type ContainerAppsInputs } from '../src/runtimes/container-apps/inputs.js';
import {
  choosePullAccess,
  createPlan,
  registrySecretName,
  renderNewApp,
} from '../src/runtimes/container-apps/create-render.js';

const SUB = '00000000-1111-2222-3333-444444444444';
const ENV_ID = `/subscriptions/${SUB}/resourceGroups/shared-rg/providers/Microsoft.App/managedEnvironments/shared-env`;
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/puller`;
const IMAGE = `demo.azurecr.io/web@sha256:${'a'.repeat(64)}`;

function read(values: Record<string, string>) {
  const ctx = new InputContext(
    (name) => ({ 'container-apps-app': 'web', 'azure-resource-group': 'rg', ...values })[name] ?? '',
  );
  return {
    inputs: readContainerAppsInputs(ctx, { destinationFamily: undefined, azure: NO_AZURE_IDENTITY }) as
      ContainerAppsInputs | undefined,
    problems: ctx.problems.map((p) => `${p.input}: ${p.message}`),
  };
}

const acr = { registry: 'demo.azurecr.io', family: detectRegistry({ registry: 'demo.azurecr.io', repository: 'web' }) };

describe('creation inputs', () => {
  it('an environment name is in the app’s resource group; ingress is internal by default', () => {
    const { inputs, problems } = read({
      'container-apps-environment': 'apps-env',
      'container-apps-target-port': '8080',
    });
    expect(problems).toEqual([]);
    expect(inputs?.create).toEqual({
      environment: { subscriptionId: undefined, resourceGroup: 'rg', name: 'apps-env' },
      targetPort: 8080,
      external: false,
      pullIdentity: undefined,
      registryCredentials: undefined,
    });
  });

  it('a full resource ID names another group; external ingress, an identity and registry credentials are read', () => {
    const { inputs, problems } = read({
      'container-apps-environment': ENV_ID,
      'container-apps-target-port': '3000',
      'container-apps-ingress': 'external',
      'container-apps-identity': IDENTITY,
      'registry-username': 'demo',
      'registry-password': 'pw',
    });
    expect(problems).toEqual([]);
    expect(inputs?.create).toEqual({
      environment: { subscriptionId: SUB, resourceGroup: 'shared-rg', name: 'shared-env' },
      targetPort: 3000,
      external: true,
      pullIdentity: IDENTITY,
      registryCredentials: { username: 'demo', password: 'pw' },
    });
  });

  it('without container-apps-environment there is no creation, and the creation inputs are errors naming it', () => {
    expect(read({}).inputs?.create).toBeUndefined();
    expect(
      read({
        'container-apps-target-port': '8080',
        'container-apps-ingress': 'external',
        'container-apps-identity': IDENTITY,
      }).problems,
    ).toEqual([
      'container-apps-target-port: says how to create a missing app: set container-apps-environment too (the environment to create it in)',
      'container-apps-ingress: says how to create a missing app: set container-apps-environment too (the environment to create it in)',
      'container-apps-identity: says how to create a missing app: set container-apps-environment too (the environment to create it in)',
    ]);
  });

  it('reports a bad environment, port, ingress and identity, each naming its input', () => {
    expect(
      read({
        'container-apps-environment': 'rg/env',
        'container-apps-target-port': '70000',
        'container-apps-ingress': 'public',
        'container-apps-identity': 'puller',
      }).problems.map((p) => p.split(':')[0]),
    ).toEqual([
      'container-apps-environment',
      'container-apps-target-port',
      'container-apps-ingress',
      'container-apps-identity',
    ]);
    expect(read({ 'container-apps-environment': 'env', 'container-apps-ingress': 'external' }).problems).toEqual([
      'container-apps-ingress: needs container-apps-target-port: the port the container listens on (without it the app gets no ingress)',
    ]);
  });

  it('creation inputs are errors for a job', () => {
    expect(
      read({ 'container-apps-app': '', 'container-apps-job': 'migrate', 'container-apps-environment': 'env' }).problems,
    ).toEqual(['container-apps-environment: applies to a Container App, not to a job']);
  });
});

describe('pull access and the body of a new app', () => {
  const create = (values: Record<string, string>) =>
    read({ 'container-apps-environment': 'apps-env', ...values }).inputs!;

  it('prefers the identity, then the registry credentials; a public hub needs neither; otherwise an input error', () => {
    const both = create({ 'container-apps-identity': IDENTITY, 'registry-username': 'u', 'registry-password': 'p' });
    expect(choosePullAccess(both.create!, acr)).toEqual({ kind: 'identity', identity: IDENTITY });
    const credentials = create({ 'registry-username': 'u', 'registry-password': 'p' });
    expect(choosePullAccess(credentials.create!, acr)).toEqual({
      kind: 'credentials',
      username: 'u',
      password: 'p',
      secret: 'demo-azurecr-io-password',
    });
    const none = create({});
    const hub = { registry: 'docker.io', family: detectRegistry({ registry: 'docker.io', repository: 'library/web' }) };
    expect(choosePullAccess(none.create!, hub)).toEqual({ kind: 'anonymous' });
    expect(() => choosePullAccess(none.create!, acr)).toThrow(
      /container-apps-identity.*registry-username and registry-password/,
    );
  });

  it('names the secret after the registry host, as a secret name must be', () => {
    expect(registrySecretName('127.0.0.1:5000')).toBe('127-0-0-1-5000-password');
    expect(registrySecretName('Demo.AzureCR.io')).toBe('demo-azurecr-io-password');
  });

  it('renders the flattened model: no properties wrapper, no ingress without a port, replicas and suffix as asked', () => {
    const inputs = create({
      'registry-username': 'u',
      'registry-password': 'the-password',
      'container-apps-flags': 'min-replicas=1\nmax-replicas=3',
      'revision-suffix': 'v1',
    });
    const pull = choosePullAccess(inputs.create!, acr);
    const environment = { id: ENV_ID, location: 'West Europe', name: 'shared-env' };
    const body = renderNewApp(inputs, inputs.create!, environment, pull, IMAGE, acr.registry);
    expect(body).not.toHaveProperty('properties');
    expect(body).toEqual({
      location: 'West Europe',
      managedEnvironmentId: ENV_ID,
      configuration: {
        activeRevisionsMode: 'Single',
        registries: [{ server: 'demo.azurecr.io', username: 'u', passwordSecretRef: 'demo-azurecr-io-password' }],
        secrets: [{ name: 'demo-azurecr-io-password', value: 'the-password' }],
      },
      template: {
        revisionSuffix: 'v1',
        containers: [{ name: 'web', image: IMAGE }],
        scale: { minReplicas: 1, maxReplicas: 3 },
      },
    });
    const plan = createPlan('Container App web', inputs, inputs.create!, environment, pull, IMAGE, acr.registry);
    expect(plan[0]).toBe(
      'would create Container App web in environment shared-env (West Europe), no ingress (set container-apps-target-port for one), pulling from demo.azurecr.io as u (the password stored as app secret demo-azurecr-io-password); Single revision mode:',
    );
    expect(plan.join('\n')).not.toContain('the-password');
  });

  it('refuses a size the Consumption plan does not take before anything is created', () => {
    const environment = { id: ENV_ID, location: 'West Europe', name: 'shared-env' };
    const sized = (flags: string) => {
      const inputs = create({ 'registry-username': 'u', 'registry-password': 'p', 'container-apps-flags': flags });
      const pull = choosePullAccess(inputs.create!, acr);
      return () => renderNewApp(inputs, inputs.create!, environment, pull, IMAGE, acr.registry);
    };
    expect(sized('cpu=1\nmemory=1Gi')).toThrow(
      /^container-apps-flags: app web would ask for cpu 1 and memory 1Gi, which the Consumption plan refuses: .* \(e\.g\. cpu=1 with memory=2Gi\)/,
    );
    expect(sized('cpu=1\nmemory=2Gi')).not.toThrow();
  });
});
