import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, readInputs } from '../src/inputs.js';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pd-inputs-'));
  await writeFile(
    join(dir, 'td.json'),
    JSON.stringify({ family: 'job', containerDefinitions: [{ name: 'main', image: 'x' }] }),
  );
  await writeFile(join(dir, 'bad.json'), '{ nope');
  await writeFile(
    join(dir, 'policy.json'),
    JSON.stringify({
      rules: [
        {
          rulePriority: 1,
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
          action: { type: 'expire' },
        },
      ],
    }),
  );
});

const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';
function problems(values: Record<string, string>): string[] {
  try {
    readInputs(read(values));
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.input}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('ECS inputs', () => {
  it('reads a service update, with the region from the ECR destination', () => {
    const inputs = readInputs(
      read({
        image: 'a:1',
        destination: ECR,
        runtime: 'ecs',
        'ecs-cluster': 'prod',
        'ecs-service': 'web',
        'ecs-environment': 'A=1\nB=x=y',
        'wait-timeout': '30',
      }),
    );
    expect(inputs.runtime === 'ecs' && inputs.runtimeInputs).toEqual({
      region: 'eu-west-1',
      cluster: 'prod',
      mode: { kind: 'service', service: 'web' },
      taskDefinition: undefined,
      container: undefined,
      environment: { A: '1', B: 'x=y' },
      waitForStability: true,
      waitTimeoutSeconds: 30,
      codeDeploy: { application: undefined, deploymentGroup: undefined },
    });
  });

  it('reads a one-off task from a task definition file', () => {
    const inputs = readInputs(
      read({
        image: 'a:1',
        destination: ECR,
        runtime: 'ecs',
        'aws-region': 'us-west-2',
        'ecs-cluster': 'jobs',
        'ecs-run-task': 'true',
        'ecs-task-definition': join(dir, 'td.json'),
        'ecs-launch-type': 'FARGATE',
        'ecs-network': 'subnets=subnet-0a1b, subnet-2c3d\nsecurity-groups=sg-99\nassign-public-ip=false',
        'ecs-overrides': '{"containerOverrides":[{"name":"main","command":["migrate"]}]}',
        'wait-for': 'running',
      }),
    );
    expect(inputs.runtime === 'ecs' && inputs.runtimeInputs).toMatchObject({
      region: 'us-west-2',
      mode: {
        kind: 'task',
        launchType: 'FARGATE',
        network: { subnets: ['subnet-0a1b', 'subnet-2c3d'], securityGroups: ['sg-99'], assignPublicIp: false },
        overrides: { containerOverrides: [{ name: 'main', command: ['migrate'] }] },
        waitFor: 'running',
      },
      taskDefinition: { kind: 'file', path: join(dir, 'td.json') },
    });
  });

  it('reads ECR repository options, including the lifecycle policy file', () => {
    const inputs = readInputs(
      read({
        image: 'a:1',
        destination: ECR,
        'create-repository': 'true',
        'ecr-image-tag-mutability': 'IMMUTABLE',
        'ecr-scan-on-push': 'true',
        'ecr-lifecycle-policy': join(dir, 'policy.json'),
      }),
    );
    expect(inputs.createRepository).toBe(true);
    expect(inputs.ecr).toMatchObject({ imageTagMutability: 'IMMUTABLE', scanOnPush: true });
    expect(JSON.parse(inputs.ecr.lifecyclePolicy!)).toHaveProperty('rules');
  });

  it('reports every ECS problem at once, before any call', () => {
    expect(
      problems({
        image: 'a:1',
        destination: 'registry.example.com/app',
        runtime: 'ecs',
        'ecs-service': 'web',
        'ecs-run-task': 'true',
        'ecs-task-definition': join(dir, 'bad.json'),
        'ecs-environment': 'not a pair\n1X=2',
        'wait-timeout': '-5',
        'ecr-lifecycle-policy': join(dir, 'missing.json'),
        'ecs-network': 'subnets=net-1\nassign-public-ip=maybe',
        'ecs-launch-type': 'LAMBDA',
      }),
    ).toEqual([
      `ecr-lifecycle-policy: cannot read ${join(dir, 'missing.json')}: no such file`,
      'aws-region: is required for ECS when the destination is not an ECR repository and AWS_REGION is not set',
      'ecs-cluster: is required with runtime ecs: the cluster name or ARN',
      'ecs-service: and ecs-run-task: true exclude each other: update a service, or run a one-off task',
      expect.stringContaining(`ecs-task-definition: ${join(dir, 'bad.json')} is not valid JSON`),
      'ecs-environment: line 1 ("not a pair") is not KEY=VALUE with a valid name, e.g. LOG_LEVEL=info',
      'ecs-environment: line 2 ("1X=2") is not KEY=VALUE with a valid name, e.g. LOG_LEVEL=info',
      'wait-timeout: "-5" must be a whole number of seconds from 1 to 86400',
      'ecs-launch-type: "LAMBDA" is not one of: EC2, FARGATE, EXTERNAL',
    ]);
  });

  it('needs a task definition for a task, and refuses task-only inputs for a service', () => {
    expect(
      problems({ image: 'a:1', destination: ECR, runtime: 'ecs', 'ecs-cluster': 'c', 'ecs-run-task': 'true' }),
    ).toEqual([
      'ecs-task-definition: is required with ecs-run-task: true (a family[:revision], an ARN, or a .json file)',
    ]);
    expect(
      problems({
        image: 'a:1',
        destination: ECR,
        runtime: 'ecs',
        'ecs-cluster': 'c',
        'ecs-service': 's',
        'ecs-launch-type': 'FARGATE',
      }),
    ).toEqual(['ecs-launch-type: applies to one-off tasks (ecs-run-task: true), not to a service update']);
    expect(problems({ image: 'a:1', destination: ECR, runtime: 'ecs', 'ecs-cluster': 'c' })).toEqual([
      'ecs-service: is required with runtime ecs (or set ecs-run-task: true to run a one-off task, or ecs-scheduled-task to move a schedule)',
    ]);
  });
});
