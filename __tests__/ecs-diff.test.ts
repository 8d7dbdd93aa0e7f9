import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { definitionChanges, normalizeDefinition, sameDefinition } from '../src/runtimes/ecs/diff.js';
import { renderTaskDefinition } from '../src/runtimes/ecs/render.js';

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`;
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';

/** A revision as DescribeTaskDefinition returns it: read-only fields, and the defaults ECS fills in. */
const stored: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
  family: 'web',
  revision: 7,
  status: 'ACTIVE',
  compatibilities: ['EC2', 'FARGATE'],
  requiresAttributes: [{ name: 'ecs.capability.secrets.asm.environment-variables' }],
  registeredAt: new Date('2026-01-01'),
  networkMode: 'awsvpc',
  volumes: [],
  placementConstraints: [],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'app',
      image: IMAGE,
      cpu: 0,
      essential: true,
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
      ],
      secrets: [{ name: 'DB', valueFrom: SECRET }],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
    },
  ],
};

/** The same definition as someone would write it in a file. */
const written = {
  family: 'web',
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'app',
      image: IMAGE,
      portMappings: [{ containerPort: 8080 }],
      environment: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      secrets: [{ name: 'DB', valueFrom: SECRET }],
    },
  ],
  tags: [{ key: 'team', value: 'web' }],
};

describe('sameDefinition', () => {
  it('finds a revision equal to what it was rendered from, and to the file it was written as', () => {
    const rendered = renderTaskDefinition(stored, [{ key: 'team', value: 'web' }], {
      image: IMAGE,
      containers: [],
      environment: {},
      source: 'web:7',
    });
    expect(sameDefinition(stored, rendered.request)).toBe(true);
    expect(sameDefinition(stored, written)).toBe(true);
    expect(normalizeDefinition(stored)).toEqual(normalizeDefinition(written));
  });

  it.each([
    ['another image', { image: `${IMAGE.slice(0, -1)}b` }],
    [
      'another variable value',
      {
        environment: [
          { name: 'A', value: '1' },
          { name: 'B', value: '3' },
        ],
      },
    ],
    ['another secret ARN', { secrets: [{ name: 'DB', valueFrom: `${SECRET}:password::` }] }],
    ['a command', { command: ['serve'] }],
    ['a non-essential container', { essential: false }],
    ['container cpu', { cpu: 128 }],
    ['another host port', { portMappings: [{ containerPort: 8080, hostPort: 80 }] }],
  ])('tells apart %s', (_name, change) => {
    const other = { ...written, containerDefinitions: [{ ...written.containerDefinitions[0]!, ...change }] };
    expect(sameDefinition(stored, other)).toBe(false);
  });

  it.each([
    ['a task role', { taskRoleArn: 'arn:aws:iam::123456789012:role/task' }],
    ['more memory', { memory: '1024' }],
    ['another network mode', { networkMode: 'bridge' }],
  ])('tells apart %s at the task level', (_name, change) => {
    expect(sameDefinition(stored, { ...written, ...change })).toBe(false);
  });

  it('counts bridge networking as the default it is, where a left-out host port is not the container port', () => {
    const noMode: Record<string, unknown> = { ...written };
    delete noMode.networkMode;
    expect(sameDefinition({ ...written, networkMode: 'bridge' }, noMode)).toBe(true);
    const fixedPort = {
      ...noMode,
      containerDefinitions: [
        { ...written.containerDefinitions[0]!, portMappings: [{ containerPort: 8080, hostPort: 8080 }] },
      ],
    };
    // In bridge mode a left-out host port is a dynamic one, so 8080:8080 is a change.
    expect(sameDefinition(fixedPort, noMode)).toBe(false);
    // In awsvpc mode ECS fills in the container port.
    expect(sameDefinition({ ...fixedPort, networkMode: 'awsvpc' }, written)).toBe(true);
  });
});

describe('definitionChanges', () => {
  it('lists the image, each variable and secret by name, and task settings, and nothing else', () => {
    const after = {
      ...written,
      taskRoleArn: 'arn:aws:iam::123456789012:role/task',
      cpu: '512',
      containerDefinitions: [
        {
          ...written.containerDefinitions[0]!,
          image: 'new@sha256:1',
          environment: [
            { name: 'A', value: '1' },
            { name: 'C', value: '3' },
          ],
          secrets: [
            { name: 'DB', valueFrom: `${SECRET}:password::` },
            { name: 'KEY', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/key' },
          ],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } },
        },
        { name: 'envoy', image: 'envoy:1' },
      ],
    };
    expect(definitionChanges(stored, after)).toEqual([
      `~ container app image: "${IMAGE}" → "new@sha256:1"`,
      '+ container app logConfiguration: {"logDriver":"awslogs","options":{"awslogs-group":"/ecs/web"}}',
      '- container app environment B: "2"',
      '+ container app environment C: "3"',
      `~ container app secret DB: "${SECRET}" → "${SECRET}:password::"`,
      '+ container app secret KEY: "arn:aws:ssm:us-east-1:123456789012:parameter/key"',
      '+ container envoy: {"name":"envoy","image":"envoy:1"}',
      '~ cpu: "256" → "512"',
      '+ taskRoleArn: "arn:aws:iam::123456789012:role/task"',
    ]);
  });

  it('is empty for the same definition, and names a container that goes away', () => {
    expect(definitionChanges(stored, written)).toEqual([]);
    expect(definitionChanges(written, { ...written, containerDefinitions: [] })).toEqual([
      `- container app: ${JSON.stringify((normalizeDefinition(written).containerDefinitions as unknown[])[0])}`,
    ]);
  });
});
