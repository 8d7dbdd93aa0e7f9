/** The Cloud Run inputs added for traffic splits, every common setting, secret files and env-update. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError, readInputs, type Inputs } from '../src/inputs.js';

const AR = 'us-central1-docker.pkg.dev/demo-project/apps/web';
const base = { image: 'ghcr.io/o/app:1', destination: AR, runtime: 'cloud-run', 'gcp-region': 'us-central1' };
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';

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
const service = (values: Record<string, string>) => cloudRun({ 'cloud-run-service': 'web', ...values });
const serviceProblems = (values: Record<string, string>) => problems({ 'cloud-run-service': 'web', ...values });
const jobProblems = (values: Record<string, string>) => problems({ 'cloud-run-job': 'migrate', ...values });

beforeEach(() => {
  vi.stubEnv('GITHUB_SHA', SHA);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('cloud-run-flags: every common setting', () => {
  it('reads each service setting into its typed field', () => {
    const flags = service({
      'cloud-run-flags': [
        'timeout=15m',
        'command=/app/server',
        'args=["--port","8080","--name=a,b"]',
        'vpc-connector=my-connector',
        'vpc-egress=all-traffic',
        'cloudsql-instances=demo-project:us-central1:db,demo-project:us-central1:replica',
        'execution-environment=gen2',
        'cpu-boost=false',
        'session-affinity=true',
        'ingress=internal-and-cloud-load-balancing',
        'labels=team=payments,tier=web',
      ].join('\n'),
    }).flags;
    expect(flags).toEqual({
      timeoutSeconds: 900,
      command: ['/app/server'],
      args: ['--port', '8080', '--name=a,b'],
      vpcConnector: 'my-connector',
      vpcEgress: 'all-traffic',
      cloudSqlInstances: ['demo-project:us-central1:db', 'demo-project:us-central1:replica'],
      executionEnvironment: 'gen2',
      cpuBoost: false,
      sessionAffinity: true,
      ingress: 'internal-and-cloud-load-balancing',
      labels: { 'managed-by': 'github-actions', 'commit-sha': SHA, team: 'payments', tier: 'web' },
    });
  });

  it('reads Direct VPC egress, and an empty command or args (back to the image)', () => {
    expect(service({ 'cloud-run-flags': 'network=default\nsubnet=apps\ncommand=\nargs=' }).flags).toMatchObject({
      network: 'default',
      subnet: 'apps',
      command: [],
      args: [],
    });
  });

  it('sets the default labels the official action sets, which a label or default-labels=false overrides', () => {
    expect(service({}).flags.labels).toEqual({ 'managed-by': 'github-actions', 'commit-sha': SHA });
    expect(service({ 'cloud-run-flags': 'labels=managed-by=me' }).flags.labels).toEqual({
      'managed-by': 'me',
      'commit-sha': SHA,
    });
    expect(service({ 'cloud-run-flags': 'default-labels=false\nlabels=team=a' }).flags.labels).toEqual({ team: 'a' });
    vi.stubEnv('GITHUB_SHA', '');
    expect(service({}).flags.labels).toEqual({ 'managed-by': 'github-actions' });
  });

  it('reads the job settings', () => {
    expect(
      cloudRun({
        'cloud-run-job': 'migrate',
        'cloud-run-flags': 'tasks=10\nparallelism=5\nmax-retries=0\ntask-timeout=2h\nexecution-environment=gen1',
      }).flags,
    ).toMatchObject({
      tasks: 10,
      parallelism: 5,
      maxRetries: 0,
      taskTimeoutSeconds: 7200,
      executionEnvironment: 'gen1',
    });
  });

  it('refuses an unknown key, listing the known ones', () => {
    expect(serviceProblems({ 'cloud-run-flags': 'memory=1Gi\nvpc_connector=x' })).toEqual([
      'cloud-run-flags: line 2 ("vpc_connector=x") is not KEY=VALUE with a valid name, e.g. memory=512Mi',
    ]);
    const [problem] = serviceProblems({ 'cloud-run-flags': 'replicas=3' });
    expect(problem).toMatch(/^cloud-run-flags: unknown key "replicas"; the known keys are: cpu, memory, /);
    expect(problem).toContain('timeout, command, args, vpc-connector');
    expect(problem).toContain('tasks, parallelism, max-retries, task-timeout');
  });

  it.each([
    ['timeout=2h', 'timeout=2h: use a duration from 1s to 60m, e.g. 300, 300s, 15m or 1h'],
    ['timeout=soon', 'timeout=soon: use a duration from 1s to 60m, e.g. 300, 300s, 15m or 1h'],
    ['timeout=0', 'timeout=0: use a duration from 1s to 60m, e.g. 300, 300s, 15m or 1h'],
    [
      'command=["a",1]',
      'command=["a",1]: use comma-separated items, or a JSON array of strings, e.g. command=["/app/server","--verbose"]',
    ],
    ['args=a,,b', 'args=a,,b: use comma-separated items, or a JSON array of strings, e.g. args=--port,8080'],
    [
      'vpc-connector=My_Connector',
      'vpc-connector=My_Connector: use a connector name (lower-case letters, digits and hyphens, at most 24) or projects/P/locations/R/connectors/NAME',
    ],
    ['vpc-egress=all', 'vpc-egress=all: use one of all-traffic, private-ranges-only'],
    ['network=Default', 'network=Default: use a VPC network name or projects/P/global/networks/NAME'],
    ['subnet=a/b', 'subnet=a/b: use a subnetwork name or projects/P/regions/R/subnetworks/NAME'],
    ['cloudsql-instances=db', 'cloudsql-instances: db is not PROJECT:REGION:INSTANCE, e.g. my-project:us-central1:db'],
    ['execution-environment=gen3', 'execution-environment=gen3: use one of gen1, gen2'],
    ['cpu-boost=yes', 'cpu-boost=yes: use true or false'],
    ['session-affinity=1', 'session-affinity=1: use true or false'],
    ['ingress=public', 'ingress=public: use one of all, internal, internal-and-cloud-load-balancing'],
    [
      'labels=Team=a',
      'labels: "Team=a" is not KEY=VALUE with lower-case letters, digits, _ and - (a key starts with a letter; each at most 63), e.g. labels=team=payments,tier=web',
    ],
    [
      'labels=team',
      'labels: "team" is not KEY=VALUE with lower-case letters, digits, _ and - (a key starts with a letter; each at most 63), e.g. labels=team=payments,tier=web',
    ],
    ['default-labels=no', 'default-labels=no: use true or false'],
    [
      'vpc-connector=c\nnetwork=default',
      'vpc-connector and network/subnet exclude each other: use a connector, or Direct VPC egress',
    ],
    ['tasks=3', 'tasks applies to a job, not to a service'],
    ['task-timeout=1h', 'task-timeout applies to a job, not to a service'],
  ])('refuses %s for a service', (line, message) => {
    expect(serviceProblems({ 'cloud-run-flags': line })).toEqual([`cloud-run-flags: ${message}`]);
  });

  it.each([
    ['tasks=0', 'tasks=0: must be a whole number from 1 to 10000'],
    ['max-retries=11', 'max-retries=11: must be a whole number from 0 to 10'],
    ['task-timeout=200h', 'task-timeout=200h: use a duration from 1s to 168h, e.g. 300, 300s, 15m or 1h'],
    ['tasks=2\nparallelism=3', 'parallelism=3 is above tasks=2'],
    ['timeout=60', 'timeout applies to a service, not to a job'],
    ['ingress=all', 'ingress applies to a service, not to a job'],
    ['session-affinity=true', 'session-affinity applies to a service, not to a job'],
    ['cpu-boost=true', 'cpu-boost applies to a service, not to a job'],
  ])('refuses %s for a job', (line, message) => {
    expect(jobProblems({ 'cloud-run-flags': line })).toEqual([`cloud-run-flags: ${message}`]);
  });
});

describe('cloud-run-secrets as files', () => {
  it('reads /PATH=SECRET:VERSION as files, next to secrets as variables', () => {
    const parsed = service({
      'cloud-run-secrets': 'API_KEY=api-key:3\n/etc/secrets/tls.key=tls:latest\n/etc/secrets/tls.old=tls:1',
    });
    expect(parsed.secrets).toEqual({ API_KEY: { secret: 'api-key', version: '3' } });
    expect(parsed.secretFiles).toEqual({
      '/etc/secrets/tls.key': { secret: 'tls', version: 'latest' },
      '/etc/secrets/tls.old': { secret: 'tls', version: '1' },
    });
  });

  it('refuses bad paths, reserved directories and two secrets in one directory', () => {
    expect(
      serviceProblems({
        'cloud-run-secrets': [
          '/etc/secrets/a=one:1',
          '/etc/secrets/b=two:1',
          '/key=k:1',
          '/etc/../x=k:1',
          '/dev/key=k:1',
          '/etc/app/key=k',
        ].join('\n'),
      }),
    ).toEqual([
      'cloud-run-secrets: /etc/secrets/b and /etc/secrets/a mount two secrets in /etc/secrets: Cloud Run mounts one secret per directory, so put them in directories of their own',
      'cloud-run-secrets: /key: Cloud Run cannot mount a volume on /; use a directory of its own, e.g. /etc/secrets/key',
      'cloud-run-secrets: /etc/../x: a file path is absolute, without . or .., e.g. /etc/secrets/api-key',
      'cloud-run-secrets: /dev/key: Cloud Run cannot mount a volume on /dev; use a directory of its own, e.g. /etc/secrets/key',
      'cloud-run-secrets: /etc/app/key=k: use /PATH=SECRET:VERSION, where VERSION is a number or latest (e.g. /etc/secrets/api-key=api-key:3)',
    ]);
  });
});

describe('cloud-run-env-update', () => {
  it('merges by default and overwrites when asked', () => {
    expect(service({}).envUpdate).toBeUndefined();
    expect(service({ 'cloud-run-env-update': 'merge' }).envUpdate).toBeUndefined();
    expect(service({ 'cloud-run-env-update': 'overwrite' }).envUpdate).toBe('overwrite');
    expect(serviceProblems({ 'cloud-run-env-update': 'replace' })).toEqual([
      'cloud-run-env-update: "replace" is not one of: merge, overwrite',
    ]);
  });
});

describe('cloud-run-traffic and promote', () => {
  const target = (values: Record<string, string>) =>
    service(values).target as Extract<ReturnType<typeof service>['target'], { kind: 'service' }>;

  it('reads LATEST, revision and TAG lines', () => {
    expect(target({ 'cloud-run-traffic': 'LATEST=10\nweb-00042-abc=80\n# comment\nTAG=pr-5:10' }).traffic).toEqual([
      { kind: 'latest', percent: 10 },
      { kind: 'revision', revision: 'web-00042-abc', percent: 80 },
      { kind: 'tag', tag: 'pr-5', percent: 10 },
    ]);
    expect(target({}).traffic).toBeUndefined();
  });

  it('reads promote as all traffic to the tagged revision', () => {
    expect(target({ promote: 'pr-5' }).traffic).toEqual([{ kind: 'tag', tag: 'pr-5', percent: 100 }]);
  });

  it.each([
    ['LATEST=10\nweb-00001-abc=80', 'the percentages add up to 90, not 100'],
    ['LATEST=110', 'line 1 ("LATEST=110"): 110 is not a whole percentage from 0 to 100'],
    ['LATEST=ten', 'line 1 ("LATEST=ten"): ten is not a whole percentage from 0 to 100'],
    ['LATEST', 'line 1 ("LATEST") is not LATEST=PERCENT, REVISION=PERCENT or TAG=NAME:PERCENT, e.g. LATEST=100'],
    ['TAG=100', 'line 1 ("TAG=100"): name the tag, e.g. TAG=pr-5:100 (lower-case letters, digits and hyphens)'],
    [
      'TAG=PR_5:100',
      'line 1 ("TAG=PR_5:100"): name the tag, e.g. TAG=pr-5:100 (lower-case letters, digits and hyphens)',
    ],
    ['web-1=pr:100', 'line 1 ("web-1=pr:100"): only a TAG line takes NAME:PERCENT, e.g. TAG=pr-5:100'],
    ['Web_1=100', 'line 1 ("Web_1=100"): "Web_1" is not LATEST, TAG or a revision name (e.g. web-00042-abc)'],
    ['LATEST=50\nLATEST=50', 'LATEST is given twice: give each once'],
    ['TAG=a:50\nTAG=a:50', 'TAG a is given twice: give each once'],
  ])('refuses %j', (text, message) => {
    expect(serviceProblems({ 'cloud-run-traffic': text })).toEqual([`cloud-run-traffic: ${message}`]);
  });

  it('refuses promote with a split, a bad tag, no-traffic, and either on a job', () => {
    expect(serviceProblems({ promote: 'pr-5', 'cloud-run-traffic': 'LATEST=100' })).toEqual([
      'promote: and cloud-run-traffic exclude each other: promote is the split TAG=NAME:100',
    ]);
    expect(serviceProblems({ promote: 'PR 5' })).toEqual([
      'promote: "PR 5" is not a tag: lower-case letters, digits and hyphens, starting with a letter (e.g. pr-5)',
    ]);
    expect(serviceProblems({ 'cloud-run-traffic': 'LATEST=100', 'no-traffic': 'true' })).toEqual([
      'cloud-run-traffic: and no-traffic exclude each other: no-traffic keeps traffic where it is, a split moves it',
    ]);
    expect(jobProblems({ promote: 'pr-5', 'cloud-run-traffic': 'LATEST=100' })).toEqual([
      'cloud-run-traffic: applies to a Cloud Run service, not to a job',
      'promote: applies to a Cloud Run service, not to a job',
    ]);
  });
});
