import { describe, expect, it } from 'vitest';
import { InputError, parseList, readInputs } from '../src/inputs.js';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

function problemsOf(values: Record<string, string>): { input: string; message: string }[] {
  try {
    readInputs(reader(values));
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readInputs', () => {
  it('reads a minimal valid set with defaults', () => {
    const inputs = readInputs(reader({ image: 'ghcr.io/org/app:1.2', destination: '127.0.0.1:5000/app' }));
    expect(inputs).toMatchObject({
      runtime: 'none',
      source: { transport: 'registry', ref: { registry: 'ghcr.io', repository: 'org/app', tag: '1.2' } },
      destination: { registry: '127.0.0.1:5000', repository: 'app' },
      destinationFamily: { kind: 'generic' },
      tags: undefined,
      deployWhen: ['always'],
      dryRun: false,
      destinationCredentials: undefined,
      insecureRegistries: [],
    });
  });

  it('reads lists, booleans and credentials', () => {
    const inputs = readInputs(
      reader({
        image: 'oci-layout:./out:v1',
        destination: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app',
        tags: 'v1\nlatest, v1\n# a comment\n',
        'deploy-when': 'default-branch, tag',
        'dry-run': 'TRUE',
        'registry-username': 'AWS',
        'registry-password': 's3cret',
        'insecure-registries': 'reg.internal:5000\n[fd00::1]:5000',
      }),
    );
    expect(inputs.tags).toEqual(['v1', 'latest']);
    expect(inputs.deployWhen).toEqual(['default-branch', 'tag']);
    expect(inputs.dryRun).toBe(true);
    expect(inputs.destinationCredentials).toEqual({ username: 'AWS', password: 's3cret' });
    expect(inputs.insecureRegistries).toEqual(['reg.internal:5000', '[fd00::1]:5000']);
    expect(inputs.destinationFamily).toMatchObject({ kind: 'ecr', region: 'us-east-1' });
  });

  it('collects every problem at once, each naming its input and a valid form', () => {
    const problems = problemsOf({
      image: 'Bad//Ref',
      destination: '127.0.0.1:5000/app:v1',
      tags: 'ok, -bad',
      runtime: 'nomad',
      'deploy-when': 'sometimes',
      'dry-run': 'yes',
      'registry-username': 'u',
      'insecure-registries': 'http://x',
    });
    expect(problems.map((p) => p.input)).toEqual([
      'image',
      'destination',
      'tags',
      'runtime',
      'deploy-when',
      'dry-run',
      'registry-password',
      'insecure-registries',
    ]);
    expect(problems[0]!.message).toContain('repository name must be lower-case ("Bad")');
    expect(problems[1]!.message).toContain('list tags in the "tags" input');
    expect(problems[2]!.message).toContain('tag "-bad"');
    expect(problems[3]!.message).toContain('use one of: none');
    expect(problems[4]!.message).toContain('always, merged-pull-request, default-branch, tag');
    expect(problems[5]!.message).toContain('use true or false');
    expect(problems[6]!.message).toContain('registry-username and registry-password go together');
  });

  it('requires image and destination', () => {
    expect(problemsOf({}).map((p) => p.input)).toEqual(['image', 'destination']);
  });

  it('formats one problem on one line and several as a list', () => {
    expect(new InputError([{ input: 'image', message: 'is required' }]).message).toBe('Input "image": is required');
    expect(
      new InputError([
        { input: 'a', message: 'x' },
        { input: 'b', message: 'y' },
      ]).message,
    ).toBe('2 inputs are invalid:\n- "a": x\n- "b": y');
  });

  it('checks registry-specific destination shapes', () => {
    expect(problemsOf({ image: 'a:1', destination: 'us-docker.pkg.dev/proj/app' })[0]!.message).toContain(
      'PROJECT, REPOSITORY and IMAGE',
    );
  });
});

describe('parseList', () => {
  it('splits on newlines and commas, trims, drops blanks, comments and duplicates', () => {
    expect(parseList(' a ,b\n\n c,a\n#x')).toEqual(['a', 'b', 'c']);
    expect(parseList('')).toEqual([]);
  });
});

describe('VM inputs', () => {
  const base = {
    image: 'a:1',
    destination: 'registry.example.com/app',
    runtime: 'vm',
    'ssh-host': 'vm1.example.com, 10.0.0.5',
    'ssh-user': 'deploy',
    'ssh-private-key': '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----',
    'ssh-known-hosts': 'vm1.example.com ssh-ed25519 AAAA',
    'container-name': 'app',
  };

  it('builds the docker run options from ports, env and extra flags, each one argument', () => {
    const inputs = readInputs(
      reader({
        ...base,
        ports: '80:8080\n127.0.0.1:9090:9090/udp',
        'container-env': 'A=1\nB=two words',
        'container-args': '--restart=always\n--memory=512m',
      }),
    );
    expect(inputs.runtime === 'vm' && inputs.runtimeInputs).toMatchObject({
      hosts: ['vm1.example.com', '10.0.0.5'],
      port: 22,
      runOptions: [
        '--publish',
        '80:8080',
        '--publish',
        '127.0.0.1:9090:9090/udp',
        '--env',
        'A=1',
        '--env',
        'B=two words',
        '--restart=always',
        '--memory=512m',
      ],
      healthCheck: undefined,
      healthTimeoutSeconds: 60,
    });
  });

  it('tells a URL health check from a command', () => {
    const url = readInputs(reader({ ...base, 'health-check': 'http://127.0.0.1:8080/healthz' }));
    expect(url.runtime === 'vm' && url.runtimeInputs.healthCheck).toEqual({
      kind: 'url',
      url: 'http://127.0.0.1:8080/healthz',
    });
    const command = readInputs(reader({ ...base, 'health-check': 'wget -q -O- localhost:8080/ready' }));
    expect(command.runtime === 'vm' && command.runtimeInputs.healthCheck).toEqual({
      kind: 'command',
      command: 'wget -q -O- localhost:8080/ready',
    });
  });

  it('requires the known host keys and a real private key', () => {
    const problems = problemsOf({ ...base, 'ssh-known-hosts': '', 'ssh-private-key': 'not a key' });
    expect(problems.map((p) => p.input)).toEqual(['ssh-private-key', 'ssh-known-hosts']);
    expect(problems[1]!.message).toContain('an unknown host is never trusted');
  });
});
