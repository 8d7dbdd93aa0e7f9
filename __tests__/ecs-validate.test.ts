import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  definitionProblems,
  EcsInputError,
  executionRoleProblem,
  fargateSizeProblem,
  throwProblems,
} from '../src/runtimes/ecs/validate.js';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';
const awslogs = { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/web' } };
const EC2 = { fargate: false, external: false };
const FARGATE = { fargate: true, external: false };

describe('executionRoleProblem', () => {
  it('needs an execution role for secrets, anywhere', () => {
    const problem = executionRoleProblem(
      { family: 'web', containerDefinitions: [{ name: 'app', secrets: [{ name: 'DB', valueFrom: SECRET }] }] },
      EC2,
    );
    expect(problem?.input).toBe('ecs-execution-role');
    expect(problem?.message).toBe(
      'task definition web has no execution role, which ECS needs because container app reads the secrets DB: ' +
        'set ecs-execution-role to a role ECS tasks may assume (e.g. arn:aws:iam::123456789012:role/ecsTaskExecutionRole, ' +
        'with AmazonECSTaskExecutionRolePolicy and secretsmanager:GetSecretValue / ssm:GetParameters on the secrets), ' +
        'or set executionRoleArn in the task definition',
    );
  });

  it('needs one for awslogs on Fargate and external instances, not on EC2 (the instance role may write logs)', () => {
    const request = { family: 'web', containerDefinitions: [{ name: 'app', logConfiguration: awslogs }] };
    expect(executionRoleProblem(request, EC2)).toBeUndefined();
    expect(executionRoleProblem(request, FARGATE)?.message).toContain(
      'because container app logs to CloudWatch Logs (awslogs) on Fargate',
    );
    expect(executionRoleProblem(request, { fargate: false, external: true })?.message).toContain(
      'on external instances',
    );
  });

  it('needs one for private registry credentials, and is content with a role', () => {
    const request: RegisterTaskDefinitionRequest = {
      family: 'web',
      containerDefinitions: [
        {
          name: 'app',
          repositoryCredentials: { credentialsParameter: SECRET },
          secrets: [{ name: 'A', valueFrom: SECRET }],
        },
      ],
    };
    expect(executionRoleProblem(request, EC2)?.message).toContain(
      'because container app reads the secrets A; container app pulls with repositoryCredentials',
    );
    expect(
      executionRoleProblem({ ...request, executionRoleArn: 'arn:aws:iam::123456789012:role/exec' }, FARGATE),
    ).toBeUndefined();
    expect(executionRoleProblem({ family: 'web', containerDefinitions: [{ name: 'app' }] }, FARGATE)).toBeUndefined();
  });
});

describe('fargateSizeProblem', () => {
  it.each([
    ['256', '512'],
    ['256', '2048'],
    ['512', '4096'],
    ['1024', '8192'],
    ['4096', '30720'],
    ['8192', '61440'],
    ['16384', '122880'],
    ['1 vCPU', '2 GB'],
  ])('accepts cpu %s with memory %s', (cpu, memory) => {
    expect(fargateSizeProblem({ cpu, memory }, { cpu: true, memory: true })).toBeUndefined();
  });

  it.each([
    ['256', '4096', 'ecs-cpu', 'with 256 CPU units, memory is 512 (0.5 GB), 1024 (1 GB), 2048 (2 GB)'],
    ['1024', '1536', 'ecs-cpu', 'with 1024 CPU units, memory is 2048 to 8192 MiB (2 GB to 8 GB) in steps of 1024'],
    ['8192', '18432', 'ecs-cpu', 'memory is 16384 to 61440 MiB (16 GB to 60 GB) in steps of 4096'],
    [
      '384',
      '1024',
      'ecs-cpu',
      'Fargate has no task with 384 CPU units; it takes 256, 512, 1024, 2048, 4096, 8192, 16384',
    ],
  ])('refuses cpu %s with memory %s', (cpu, memory, input, message) => {
    const problem = fargateSizeProblem({ cpu, memory }, { cpu: true, memory: false });
    expect(problem?.input).toBe(input);
    expect(problem?.message).toContain(message);
  });

  it('names the input for the size the definition lacks', () => {
    expect(fargateSizeProblem({ cpu: '512' }, { cpu: true, memory: false })).toEqual({
      input: 'ecs-memory',
      message: 'a Fargate task needs a task-level memory, and the task definition has none: set ecs-memory too',
    });
  });
});

describe('definitionProblems', () => {
  const request: RegisterTaskDefinitionRequest = {
    family: 'web',
    cpu: '256',
    memory: '4096',
    containerDefinitions: [{ name: 'app', secrets: [{ name: 'DB', valueFrom: SECRET }] }],
  };

  it('checks the Fargate size only on Fargate and only when the inputs set it', () => {
    const given = { cpu: false, memory: true, enableExecuteCommand: false };
    expect(definitionProblems(request, FARGATE, given).map((p) => p.input)).toEqual([
      'ecs-execution-role',
      'ecs-memory',
    ]);
    expect(definitionProblems(request, EC2, given).map((p) => p.input)).toEqual(['ecs-execution-role']);
    expect(definitionProblems(request, FARGATE, { ...given, memory: false }).map((p) => p.input)).toEqual([
      'ecs-execution-role',
    ]);
  });

  it('needs a task role for ECS Exec', () => {
    const given = { cpu: false, memory: false, enableExecuteCommand: true };
    const ok = { ...request, executionRoleArn: 'arn:aws:iam::1:role/e' };
    expect(definitionProblems(ok, EC2, given)).toEqual([
      {
        input: 'ecs-task-role',
        message: expect.stringContaining('ECS Exec (ecs-enable-execute-command) runs through the task role'),
      },
    ]);
    expect(definitionProblems({ ...ok, taskRoleArn: 'arn:aws:iam::1:role/t' }, EC2, given)).toEqual([]);
  });

  it('throws them as one input error titled with the first input', () => {
    expect(() => throwProblems([])).not.toThrow();
    try {
      throwProblems(definitionProblems(request, FARGATE, { cpu: true, memory: true, enableExecuteCommand: false }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EcsInputError);
      expect((error as EcsInputError).title).toBe('Invalid input ecs-execution-role');
      const lines = (error as Error).message.split('\n');
      expect(lines[0]).toMatch(/^Input "ecs-execution-role": task definition web has no execution role/);
      expect(lines[1]).toMatch(/^Input "ecs-cpu": Fargate has no task with 256 CPU units and 4096 MiB/);
    }
  });
});
