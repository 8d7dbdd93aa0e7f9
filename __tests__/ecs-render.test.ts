import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  chooseContainer,
  chooseContainers,
  controllerRefusal,
  renderTaskDefinition,
  taskFailure,
} from '../src/runtimes/ecs/render.js';
import { pollDelays, reachabilityWarnings } from '../src/runtimes/ecs/runtime.js';
import { detectRegistry } from '../src/registries/index.js';
import { parseRepository } from '../src/oci/reference.js';

const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:${'a'.repeat(64)}`;

const described: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
  family: 'web',
  revision: 7,
  status: 'ACTIVE',
  compatibilities: ['EC2', 'FARGATE'],
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
  registeredAt: new Date('2026-01-01'),
  registeredBy: 'arn:aws:iam::123456789012:user/me',
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'app',
      image: 'old:1',
      essential: true,
      environment: [
        { name: 'B', value: 'old' },
        { name: 'A', value: '1' },
      ],
    },
    { name: 'sidecar', image: 'envoy:1', essential: false },
  ],
};

describe('renderTaskDefinition', () => {
  it('sets the image by digest, merges the environment, drops read-only fields, keeps tags', () => {
    const { request, containerName } = renderTaskDefinition(described, [{ key: 'team', value: 'web' }], {
      image: IMAGE,
      containers: ['app'],
      environment: { B: 'new', C: '3' },
      source: 'task definition web:7',
    });
    expect(containerName).toBe('app');
    expect(request).toEqual({
      family: 'web',
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      containerDefinitions: [
        {
          name: 'app',
          image: IMAGE,
          essential: true,
          environment: [
            { name: 'A', value: '1' },
            { name: 'B', value: 'new' },
            { name: 'C', value: '3' },
          ],
        },
        { name: 'sidecar', image: 'envoy:1', essential: false },
      ],
      tags: [{ key: 'team', value: 'web' }],
    });
    // The original is untouched.
    expect(described.containerDefinitions![0]!.image).toBe('old:1');
  });

  it('picks the only container without being told, and adds no empty environment', () => {
    const single: TaskDefinition = { family: 'job', containerDefinitions: [{ name: 'main', image: 'x' }] };
    const { request } = renderTaskDefinition(single, [], {
      image: IMAGE,
      containers: [],
      environment: {},
      source: 'job',
    });
    expect(request.containerDefinitions).toEqual([{ name: 'main', image: IMAGE }]);
    expect(request).not.toHaveProperty('tags');
  });

  it.each([
    [
      undefined,
      'task definition web:7 has 2 containers (app, sidecar); set ecs-container to the one (or the ones) that run this image',
    ],
    ['db', 'task definition web:7 has no container named "db" (ecs-container); its containers are: app, sidecar'],
  ])('explains a container it cannot choose (%s)', (wanted, message) => {
    expect(() => chooseContainer(described, wanted, 'task definition web:7')).toThrow(message);
  });
});

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::';
const PARAMETER = 'arn:aws:ssm:us-east-1:123456789012:parameter/prod/api-key';
const NO_SETTINGS = {
  secrets: {},
  command: undefined,
  logConfig: undefined,
  taskRoleArn: undefined,
  executionRoleArn: undefined,
  cpu: undefined,
  memory: undefined,
};

describe('renderTaskDefinition with several containers and settings', () => {
  const twoApps: TaskDefinition = {
    family: 'shop',
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: 'old:1',
        environment: [{ name: 'TOKEN', value: 'plain' }],
        secrets: [
          { name: 'OLD', valueFrom: PARAMETER },
          { name: 'MODE', valueFrom: PARAMETER },
        ],
      },
      { name: 'worker', image: 'old:1', command: ['worker'] },
      { name: 'envoy', image: 'envoy:1.30' },
    ],
  };

  it('gives every named container the image and the settings, and leaves the sidecar as it was', () => {
    const { request, containerName, containerNames } = renderTaskDefinition(twoApps, undefined, {
      image: IMAGE,
      containers: ['worker', 'web'],
      environment: { MODE: 'prod' },
      source: 'task definition shop:3',
      region: 'eu-west-1',
      settings: {
        ...NO_SETTINGS,
        secrets: { TOKEN: SECRET },
        logConfig: {
          group: '/ecs/shop',
          region: undefined,
          streamPrefix: 'shop',
          createGroup: true,
          mode: 'non-blocking',
          maxBufferSize: '25m',
        },
        taskRoleArn: 'arn:aws:iam::123456789012:role/shop-task',
        executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
        cpu: '512',
        memory: '1024',
      },
    });
    expect(containerName).toBe('worker');
    expect(containerNames).toEqual(['worker', 'web']);
    const logConfiguration = {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': '/ecs/shop',
        'awslogs-region': 'eu-west-1',
        'awslogs-stream-prefix': 'shop',
        'awslogs-create-group': 'true',
        mode: 'non-blocking',
        'max-buffer-size': '25m',
      },
    };
    expect(request.containerDefinitions).toEqual([
      {
        name: 'web',
        image: IMAGE,
        // TOKEN became a secret and MODE a value: a name set by one input leaves the other list.
        environment: [{ name: 'MODE', value: 'prod' }],
        secrets: [
          { name: 'OLD', valueFrom: PARAMETER },
          { name: 'TOKEN', valueFrom: SECRET },
        ],
        logConfiguration,
      },
      {
        name: 'worker',
        image: IMAGE,
        command: ['worker'],
        environment: [{ name: 'MODE', value: 'prod' }],
        secrets: [{ name: 'TOKEN', valueFrom: SECRET }],
        logConfiguration,
      },
      { name: 'envoy', image: 'envoy:1.30' },
    ]);
    expect(request).toMatchObject({
      taskRoleArn: 'arn:aws:iam::123456789012:role/shop-task',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      cpu: '512',
      memory: '1024',
    });
  });

  it('sets the command, and keeps the task settings the inputs leave out', () => {
    const { request } = renderTaskDefinition(twoApps, undefined, {
      image: IMAGE,
      containers: ['worker'],
      environment: {},
      source: 'shop',
      settings: { ...NO_SETTINGS, command: ['node', 'worker.js'] },
    });
    expect(request.containerDefinitions![1]).toEqual({ name: 'worker', image: IMAGE, command: ['node', 'worker.js'] });
    expect(request.containerDefinitions![0]!.image).toBe('old:1');
    expect(request).toMatchObject({ cpu: '256', memory: '512' });
    expect(request).not.toHaveProperty('taskRoleArn');
  });

  it('lists every unknown name with the containers there are', () => {
    expect(() => chooseContainers(twoApps, ['web', 'db', 'cache'], 'task definition shop:3')).toThrow(
      'task definition shop:3 has no container named "db", "cache" (ecs-container); its containers are: web, worker, envoy',
    );
  });
});

describe('taskFailure', () => {
  it('passes when every essential container exited 0, whatever the others did', () => {
    expect(
      taskFailure(
        [
          { name: 'main', essential: true, exitCode: 0, reason: undefined },
          { name: 'side', essential: false, exitCode: 137, reason: 'OOM' },
        ],
        undefined,
      ),
    ).toBeUndefined();
  });
  it('names each failed essential container with its exit code and the stop reason', () => {
    expect(
      taskFailure(
        [
          { name: 'main', essential: true, exitCode: 2, reason: undefined },
          { name: 'init', essential: true, exitCode: undefined, reason: 'CannotPullContainerError' },
        ],
        'Essential container in task exited',
      ),
    ).toBe(
      'essential containers main exited 2, init has no exit code (CannotPullContainerError); the task stopped: Essential container in task exited',
    );
  });
});

describe('ECS helpers', () => {
  it('polls more often for short timeouts, never more than every 15 s at first', () => {
    expect(pollDelays(10)).toEqual({ minDelay: 1, maxDelay: 2 });
    expect(pollDelays(600)).toEqual({ minDelay: 15, maxDelay: 60 });
  });

  it('warns when Fargate cannot pull from ECR or a private registry lacks repositoryCredentials', () => {
    const ecrTarget = {
      image: IMAGE,
      registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      family: detectRegistry(parseRepository('123456789012.dkr.ecr.us-east-1.amazonaws.com/app')),
    };
    const noRole = renderTaskDefinition({ family: 'f', containerDefinitions: [{ name: 'c', image: 'x' }] }, [], {
      image: IMAGE,
      containers: [],
      environment: {},
      source: 'f',
    });
    expect(reachabilityWarnings(noRole, ecrTarget, true)[0]).toContain(
      'has no executionRoleArn: Fargate pulls from ECR with the task execution role',
    );
    expect(reachabilityWarnings(noRole, ecrTarget, false)).toEqual([]);
    const privateTarget = {
      image: 'registry.example.com/app@sha256:x',
      registry: 'registry.example.com',
      family: detectRegistry(parseRepository('registry.example.com/app')),
    };
    expect(reachabilityWarnings(noRole, privateTarget, false)[0]).toContain(
      'registry.example.com is not ECR and container "c" has no repositoryCredentials',
    );
    const withCreds = renderTaskDefinition(
      {
        family: 'f',
        containerDefinitions: [
          { name: 'c', image: 'x', repositoryCredentials: { credentialsParameter: 'arn:secret' } },
        ],
      },
      [],
      { image: IMAGE, containers: [], environment: {}, source: 'f' },
    );
    expect(reachabilityWarnings(withCreds, privateTarget, false)).toEqual([]);
    const two = renderTaskDefinition(
      {
        family: 'f',
        containerDefinitions: [
          { name: 'web', image: 'x' },
          { name: 'worker', image: 'x' },
          { name: 'envoy', image: 'envoy' },
        ],
      },
      [],
      { image: IMAGE, containers: ['web', 'worker'], environment: {}, source: 'f' },
    );
    expect(reachabilityWarnings(two, privateTarget, false)[0]).toContain(
      'registry.example.com is not ECR and containers "web", "worker" have no repositoryCredentials',
    );
  });
});

describe('controllerRefusal', () => {
  it('accepts the ECS rolling update controller, CodeDeploy blue/green, and a service that names none', () => {
    expect(controllerRefusal('ECS', 'web', 'cluster prod, region us-east-1')).toBeUndefined();
    expect(controllerRefusal('CODE_DEPLOY', 'web', 'cluster prod, region us-east-1')).toBeUndefined();
    expect(controllerRefusal(undefined, 'web', 'cluster prod, region us-east-1')).toBeUndefined();
  });

  it.each([
    ['EXTERNAL', 'deploy it with that controller'],
    ['SOMETHING_NEW', 'a controller this action does not know'],
  ])('refuses %s, saying what to do', (type, advice) => {
    const message = controllerRefusal(type, 'web', 'cluster prod, region us-east-1');
    expect(message).toContain(
      `the ECS service "web" (cluster prod, region us-east-1) uses the ${type} deployment controller`,
    );
    expect(message).toContain(advice);
    expect(message).toContain('or switch the service to the ECS (rolling update) controller');
  });
});
