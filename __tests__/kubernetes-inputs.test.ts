import { describe, expect, it } from 'vitest';
import { InputContext } from '../src/input-reader.js';
import { readInputs } from '../src/inputs.js';
import { NO_AZURE_IDENTITY } from '../src/clouds/azure-inputs.js';
import { readKubernetesInputs } from '../src/runtimes/kubernetes/inputs.js';
import { kubernetesModule } from '../src/runtimes/kubernetes/module.js';

function read(values: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const ctx = new InputContext((name) => values[name] ?? '');
  const inputs = readKubernetesInputs(ctx, { destinationFamily: undefined, azure: NO_AZURE_IDENTITY }, env);
  return { inputs, problems: ctx.problems.map((p) => `${p.input}: ${p.message}`) };
}

describe('k8s-workload', () => {
  it('reads several workloads in order, with kubectl kind names, deployment by default', () => {
    const { inputs, problems } = read({
      'k8s-workload': 'web\nstatefulset/db\nds/agent\ncronjobs.batch/nightly\njob/migrate\ndeploy.apps/x',
    });
    expect(problems).toEqual([]);
    expect(inputs?.workloads).toEqual([
      { kind: 'deployment', name: 'web' },
      { kind: 'statefulset', name: 'db' },
      { kind: 'daemonset', name: 'agent' },
      { kind: 'cronjob', name: 'nightly' },
      { kind: 'job', name: 'migrate' },
      { kind: 'deployment', name: 'x' },
    ]);
    expect(inputs).toMatchObject({ rollback: true, waitTimeoutSeconds: 600, cluster: { kind: 'default' } });
  });

  it.each([
    ['', /is required with runtime kubernetes/],
    ['pod/web', /"pod" is not a kind this action updates/],
    ['deployment/Web', /is not a Kubernetes name/],
    ['deployment/web\ndeployment/web2\ndeploy/web', /deployment\/web is named twice/],
    [`job/${'a'.repeat(58)}`, /shorten the name to 57/],
  ])('refuses %j', (value, message) => {
    const { inputs, problems } = read({ 'k8s-workload': value });
    expect(inputs).toBeUndefined();
    expect(problems.join('\n')).toMatch(message);
    expect(problems[0]).toMatch(/^k8s-workload: /);
  });
});

describe('the other inputs', () => {
  it.each([
    [{ 'k8s-namespace': 'Prod' }, /^k8s-namespace: "Prod" is not a namespace name/],
    [{ 'k8s-container': 'App_1' }, /^k8s-container: "App_1" is not a container name/],
    [{ 'k8s-rollback': 'yes' }, /^k8s-rollback: "yes" is not a boolean/],
    [{ 'wait-timeout': '0' }, /^wait-timeout: /],
    [{ kubeconfig: 'just a token' }, /^kubeconfig: is not a kubeconfig/],
    [
      { 'k8s-cluster': 'prod' },
      /^k8s-cluster: "prod" names no cloud: use eks:NAME, gke:LOCATION\/NAME or aks:RESOURCE_GROUP\/NAME/,
    ],
    [{ 'k8s-cluster': 'eks:prod' }, /^aws-region: is required with k8s-cluster: eks:/],
    [{ 'k8s-cluster': 'eks:prod', 'aws-region': 'mars' }, /^aws-region: "mars" is not an AWS region/],
    [{ 'k8s-cluster': 'eks:' }, /^k8s-cluster: "eks:": "" is not an EKS cluster name/],
    [{ 'k8s-cluster': 'gke:prod' }, /^k8s-cluster: "gke:prod" is not gke:LOCATION\/NAME/],
    [{ 'k8s-cluster': 'gke:us-central1/prod/x' }, /is not gke:LOCATION\/NAME/],
    [
      { 'k8s-cluster': 'gke:us-central1/prod', 'gcp-project': 'X' },
      /^gcp-project: "X" is not a Google Cloud project ID/,
    ],
    [{ 'k8s-cluster': 'aks:rg' }, /^k8s-cluster: "aks:rg" is not aks:RESOURCE_GROUP\/NAME/],
    [{ 'k8s-cluster': 'aks:rg/c', 'azure-subscription-id': 'nope' }, /^azure-subscription-id: "nope"/],
    [
      { 'k8s-cluster': 'eks:prod', 'aws-region': 'us-east-1', kubeconfig: 'clusters: []' },
      /^kubeconfig: and k8s-cluster exclude each other/,
    ],
    [
      { 'k8s-cluster': 'eks:prod', 'aws-region': 'us-east-1', 'k8s-context': 'x' },
      /^k8s-context: picks a context of a kubeconfig/,
    ],
  ])('refuses %j', (values, message) => {
    const { inputs, problems } = read({ 'k8s-workload': 'web', ...values });
    expect(inputs).toBeUndefined();
    expect(problems.join('\n')).toMatch(message);
  });

  it('reads every way to reach a cluster', () => {
    const kubeconfig = 'apiVersion: v1\nclusters:\n- name: c\n';
    expect(read({ 'k8s-workload': 'web', kubeconfig, 'k8s-context': 'ci' }).inputs?.cluster).toEqual({
      kind: 'inline',
      kubeconfig,
      context: 'ci',
    });
    expect(
      read({ 'k8s-workload': 'web', 'k8s-cluster': 'eks:prod' }, { AWS_REGION: 'eu-west-1' }).inputs?.cluster,
    ).toEqual({
      kind: 'eks',
      name: 'prod',
      region: 'eu-west-1',
    });
    expect(
      read({ 'k8s-workload': 'web', 'k8s-cluster': 'gke:europe-west1-b/dev', 'gcp-project': 'my-project' }).inputs
        ?.cluster,
    ).toEqual({
      kind: 'gke',
      project: 'my-project',
      location: 'europe-west1-b',
      name: 'dev',
    });
    expect(
      read(
        { 'k8s-workload': 'web', 'k8s-cluster': 'aks:prod-rg/prod' },
        { AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001' },
      ).inputs?.cluster,
    ).toEqual({
      kind: 'aks',
      resourceGroup: 'prod-rg',
      name: 'prod',
      identity: NO_AZURE_IDENTITY,
      subscriptionId: '00000000-0000-0000-0000-000000000001',
    });
  });

  it('labels the leg with the cluster, namespace and workloads', () => {
    const { inputs } = read({
      'k8s-workload': 'web, job/migrate',
      'k8s-namespace': 'prod',
      'k8s-cluster': 'gke:us-central1/main',
    });
    expect(kubernetesModule.describeLeg(inputs!)).toBe(
      'kubernetes gke:us-central1/main/prod deployment/web, job/migrate',
    );
  });

  it('masks the kubeconfig input line by line the moment the inputs are read', () => {
    const masked: string[] = [];
    const kubeconfig = 'apiVersion: v1\nclusters: []\nusers:\n- name: ci\n  user:\n    token: s3cr3t-t0ken-value\n';
    const values: Record<string, string> = {
      image: 'ghcr.io/o/app:1',
      destination: 'registry.example.com/app',
      runtime: 'kubernetes',
      'k8s-workload': 'web',
      kubeconfig,
    };
    readInputs(
      (name) => values[name] ?? '',
      (secret) => masked.push(secret),
    );
    expect(masked).toContain(kubeconfig);
    expect(masked).toContain('token: s3cr3t-t0ken-value');
  });
});
