import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError, readInputs, type Inputs } from '../src/inputs.js';

const AR = 'us-central1-docker.pkg.dev/demo-project/apps/web';
const base = { image: 'ghcr.io/o/app:1', destination: AR, runtime: 'cloud-run', 'gcp-region': 'us-central1' };

const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';
function problems(values: Record<string, string>): string[] {
  try {
    readInputs(read({ ...base, ...values }));
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.input}: ${p.message}`);
    throw error;
  }
  return [];
}
function cloudRun(values: Record<string, string>) {
  const inputs = readInputs(read({ ...base, ...values })) as Extract<Inputs, { runtime: 'cloud-run' }>;
  return inputs.runtimeInputs;
}

const SHA = '0123456789abcdef0123456789abcdef01234567';
const KNOWN_KEYS =
  'cpu, memory, service-account, concurrency, min-instances, max-instances, port, timeout, command, args, vpc-connector, vpc-egress, network, subnet, cloudsql-instances, execution-environment, cpu-boost, session-affinity, ingress, labels, default-labels, tasks, parallelism, max-retries, task-timeout';

beforeEach(() => {
  vi.stubEnv('GITHUB_SHA', SHA);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Cloud Run inputs', () => {
  it('reads a service with env, secrets and typed flags', () => {
    const parsed = cloudRun({
      'cloud-run-service': 'web',
      'gcp-project': 'demo-project',
      'cloud-run-env': 'LEVEL=info\n# comment\nURL=https://x.example/?a=b',
      'cloud-run-secrets': 'API_KEY=api-key:3\nDB=projects/other-proj/secrets/db:latest',
      'cloud-run-flags':
        'cpu=2\nmemory=1Gi\nconcurrency=80\nmin-instances=1\nmax-instances=20\nport=9000\nservice-account=run@demo-project.iam.gserviceaccount.com',
      'no-traffic': 'true',
      'revision-tag': 'pr-12',
      'revision-suffix': 'abc123',
    });
    expect(parsed).toEqual({
      project: 'demo-project',
      region: 'us-central1',
      target: { kind: 'service', name: 'web', noTraffic: true, revisionTag: 'pr-12', revisionSuffix: 'abc123' },
      env: { LEVEL: 'info', URL: 'https://x.example/?a=b' },
      secrets: {
        API_KEY: { secret: 'api-key', version: '3' },
        DB: { secret: 'projects/other-proj/secrets/db', version: 'latest' },
      },
      flags: {
        cpu: '2',
        memory: '1Gi',
        concurrency: 80,
        minInstances: 1,
        maxInstances: 20,
        port: 9000,
        serviceAccount: 'run@demo-project.iam.gserviceaccount.com',
        labels: { 'managed-by': 'github-actions', 'commit-sha': SHA },
      },
      waitTimeoutSeconds: 600,
    });
  });

  it('reads a job to execute, with the project left to ADC', () => {
    expect(cloudRun({ 'cloud-run-job': 'migrate', 'execute-job': 'true' })).toMatchObject({
      project: undefined,
      target: { kind: 'job', name: 'migrate', execute: true },
    });
  });

  it('refuses job and service together, and neither', () => {
    expect(problems({ 'cloud-run-service': 'web', 'cloud-run-job': 'migrate' })).toEqual([
      'cloud-run-service: and cloud-run-job exclude each other: deploy a service, or update a job',
    ]);
    expect(problems({})).toEqual([
      'cloud-run-service: is required with runtime cloud-run (or set cloud-run-job to update a job)',
    ]);
  });

  it('accepts any region shaped like one, so a region opened after this release is not refused', () => {
    for (const region of ['us-central9', 'europe-west10', 'northamerica-northeast3', 'me-central2'])
      expect(cloudRun({ 'cloud-run-service': 'web', 'gcp-region': region }).region).toBe(region);
  });

  it('refuses a malformed or missing region', () => {
    for (const region of ['US Central', 'us-central', 'us_central1', 'central1', 'us-central1-a'])
      expect(problems({ 'cloud-run-service': 'web', 'gcp-region': region })[0]).toBe(
        `gcp-region: "${region}" is not a region name, e.g. us-central1 or europe-west1`,
      );
    expect(problems({ 'cloud-run-service': 'web', 'gcp-region': 'US Central' })[0]).toContain(
      'is not a region name, e.g. us-central1',
    );
    expect(problems({ 'cloud-run-service': 'web', 'gcp-region': '' })[0]).toBe(
      'gcp-region: is required with runtime cloud-run, e.g. us-central1',
    );
  });

  it('reports every malformed line and setting at once', () => {
    expect(
      problems({
        'cloud-run-service': 'Web_App',
        'gcp-project': 'X',
        'cloud-run-env': 'GOOD=1\nnot a line\nPORT=8080',
        'cloud-run-secrets': 'TOKEN=token\nGOOD=good:1',
        'cloud-run-flags': 'cpu=lots\nmemory=1GB\nmin-instances=5\nmax-instances=2\nreplicas=3',
        'revision-tag': 'Bad Tag',
      }),
    ).toEqual([
      'cloud-run-service: "Web_App" is not a Cloud Run service name: lower-case letters, digits and hyphens, starting with a letter, at most 49 characters',
      'gcp-project: "X" is not a project ID (6 to 30 lower-case letters, digits and hyphens)',
      'cloud-run-env: line 2 ("not a line") is not KEY=VALUE with a valid name, e.g. LOG_LEVEL=info',
      'cloud-run-secrets: TOKEN=token: use NAME=SECRET:VERSION, where VERSION is a number or latest (e.g. API_KEY=api-key:3)',
      'cloud-run-env: PORT is set by Cloud Run itself and cannot be given',
      'cloud-run-secrets: GOOD is also in cloud-run-env: give each name once',
      `cloud-run-flags: unknown key "replicas"; the known keys are: ${KNOWN_KEYS}`,
      'cloud-run-flags: cpu=lots: use a number of CPUs (1, 2, 4, 0.5) or millicpu (500m)',
      'cloud-run-flags: memory=1GB: use Mi or Gi, e.g. 512Mi or 2Gi',
      'cloud-run-flags: min-instances=5 is above max-instances=2',
      'revision-tag: "Bad Tag" is not a tag: lower-case letters, digits and hyphens, starting with a letter',
    ]);
  });

  it('keeps service settings off jobs and job settings off services', () => {
    expect(
      problems({
        'cloud-run-job': 'migrate',
        'no-traffic': 'true',
        'revision-tag': 'x',
        'cloud-run-flags': 'port=8080\nconcurrency=10\nmemory=1Gi',
      }),
    ).toEqual([
      'cloud-run-flags: concurrency applies to a service, not to a job',
      'cloud-run-flags: port applies to a service, not to a job',
      'no-traffic: applies to a Cloud Run service, not to a job',
      'revision-tag: applies to a Cloud Run service, not to a job',
    ]);
    expect(problems({ 'cloud-run-service': 'web', 'execute-job': 'true' })).toEqual([
      'execute-job: applies to a Cloud Run job (cloud-run-job), not to a service',
    ]);
  });

  it('takes the region gcloud is configured with when the input is empty', () => {
    const saved = process.env.CLOUDSDK_RUN_REGION;
    process.env.CLOUDSDK_RUN_REGION = 'europe-west4';
    try {
      expect(cloudRun({ 'cloud-run-service': 'web', 'gcp-region': '' }).region).toBe('europe-west4');
    } finally {
      if (saved === undefined) delete process.env.CLOUDSDK_RUN_REGION;
      else process.env.CLOUDSDK_RUN_REGION = saved;
    }
  });
});
