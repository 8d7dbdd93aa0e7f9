import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError, readInputs } from '../src/inputs.js';
import { ROOT } from './helpers/services.js';

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
      mode: {
        kind: 'service',
        service: 'web',
        desiredCount: undefined,
        forceNewDeployment: false,
        deregisterPrevious: false,
      },
      taskDefinition: undefined,
      environment: { A: '1', B: 'x=y' },
      settings: {
        containers: [],
        secrets: {},
        command: undefined,
        logConfig: undefined,
        taskRoleArn: undefined,
        executionRoleArn: undefined,
        cpu: undefined,
        memory: undefined,
      },
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

  const service = { image: 'a:1', destination: ECR, runtime: 'ecs', 'ecs-cluster': 'prod', 'ecs-service': 'web' };
  const task = {
    image: 'a:1',
    destination: ECR,
    runtime: 'ecs',
    'ecs-cluster': 'jobs',
    'ecs-run-task': 'true',
    'ecs-task-definition': 'migrate',
  };
  const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
  const PARAMETER = 'arn:aws:ssm:eu-west-1:123456789012:parameter/prod/api-key';

  it('reads container and task settings, and service options', () => {
    const inputs = readInputs(
      read({
        ...service,
        'ecs-container': 'web, worker',
        'ecs-secrets': `DB_PASSWORD=${SECRET}:password::\nAPI_KEY=${PARAMETER}\nTOKEN=${SECRET}::AWSPREVIOUS:`,
        'ecs-log-config':
          'group=/ecs/web\nstream-prefix=web\ncreate-group=true\nmode=non-blocking\nmax-buffer-size=25m',
        'ecs-task-role': 'arn:aws:iam::123456789012:role/web-task',
        'ecs-execution-role': 'arn:aws:iam::123456789012:role/service-role/ecsTaskExecutionRole',
        'ecs-cpu': '0.5 vCPU',
        'ecs-memory': '1 GB',
        'ecs-desired-count': '3',
        'ecs-force-new-deployment': 'true',
        'ecs-deregister-previous': 'true',
      }),
    );
    expect(inputs.runtime === 'ecs' && inputs.runtimeInputs).toMatchObject({
      mode: { kind: 'service', desiredCount: 3, forceNewDeployment: true, deregisterPrevious: true },
      settings: {
        containers: ['web', 'worker'],
        secrets: { DB_PASSWORD: `${SECRET}:password::`, API_KEY: PARAMETER, TOKEN: `${SECRET}::AWSPREVIOUS:` },
        command: undefined,
        logConfig: {
          group: '/ecs/web',
          region: undefined,
          streamPrefix: 'web',
          createGroup: true,
          mode: 'non-blocking',
          maxBufferSize: '25m',
        },
        taskRoleArn: 'arn:aws:iam::123456789012:role/web-task',
        executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/ecsTaskExecutionRole',
        cpu: '512',
        memory: '1024',
      },
    });
  });

  it.each([
    ['npm start --port 8080', ['npm', 'start', '--port', '8080']],
    ['["sh", "-c", "echo \\"hi\\" && exec node server.js"]', ['sh', '-c', 'echo "hi" && exec node server.js']],
  ])('reads ecs-command %s', (command, expected) => {
    const inputs = readInputs(read({ ...service, 'ecs-command': command }));
    expect(inputs.runtime === 'ecs' && inputs.runtimeInputs.settings.command).toEqual(expected);
  });

  it('reads one-off task options', () => {
    const inputs = readInputs(
      read({
        ...task,
        'ecs-capacity-providers': 'capacityProvider=FARGATE,weight=1,base=1\ncapacityProvider=FARGATE_SPOT,weight=3',
        'ecs-started-by': 'deploy/migrations',
        'ecs-propagate-tags': 'TASK_DEFINITION',
        'ecs-enable-execute-command': 'true',
      }),
    );
    expect(inputs.runtime === 'ecs' && inputs.runtimeInputs.mode).toMatchObject({
      kind: 'task',
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3, base: undefined },
      ],
      startedBy: 'deploy/migrations',
      propagateTags: 'TASK_DEFINITION',
      enableExecuteCommand: true,
    });
    const defaults = readInputs(read(task));
    expect(defaults.runtime === 'ecs' && defaults.runtimeInputs.mode).toMatchObject({
      capacityProviderStrategy: undefined,
      startedBy: 'portable-deploy',
      propagateTags: undefined,
      enableExecuteCommand: false,
    });
  });

  it.each([
    ['ecs-container', 'web, db:1', ['ecs-container: "db:1" is not a container name (letters, digits, - and _)']],
    [
      'ecs-secrets',
      'DB=prod/db',
      [
        'ecs-secrets: DB: "prod/db" is not an ARN: give the full ARN of a Secrets Manager secret or an SSM parameter, e.g. DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::',
      ],
    ],
    [
      'ecs-secrets',
      `DB=${SECRET}:password`,
      [
        `ecs-secrets: DB: "${SECRET}:password": ECS takes a secret's JSON key and version as ARN:json-key:version-stage:version-id, with the parts left out empty, e.g. ${SECRET}:password::`,
      ],
    ],
    [
      'ecs-secrets',
      `DB=${SECRET}:::`,
      [
        `ecs-secrets: DB: "${SECRET}:::" names no JSON key, stage or version after the ARN: leave off the trailing colons`,
      ],
    ],
    [
      'ecs-secrets',
      `DB=${SECRET}:k:AWSCURRENT:abc`,
      [
        `ecs-secrets: DB: "${SECRET}:k:AWSCURRENT:abc" gives both a version stage and a version id; ECS takes one of them`,
      ],
    ],
    [
      'ecs-secrets',
      'DB=arn:aws:secretsmanager:eu-west-1:1234:secret:db',
      [
        'ecs-secrets: DB: "arn:aws:secretsmanager:eu-west-1:1234:secret:db" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)',
      ],
    ],
    [
      'ecs-secrets',
      'KEY=arn:aws:ssm:eu-west-1:123456789012:key/x',
      [
        'ecs-secrets: KEY: "arn:aws:ssm:eu-west-1:123456789012:key/x" is not an SSM parameter ARN (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME)',
      ],
    ],
    [
      'ecs-secrets',
      'KEY=arn:aws:kms:eu-west-1:123456789012:key/x',
      [
        'ecs-secrets: KEY: "arn:aws:kms:eu-west-1:123456789012:key/x" is neither a Secrets Manager secret ARN nor an SSM parameter ARN',
      ],
    ],
    [
      'ecs-secrets',
      `1DB=${SECRET}`,
      [
        'ecs-secrets: line 1 ("1DB=arn:aws:secretsmanager:eu-west-1:123") is not KEY=VALUE with a valid name, e.g. DB_PASSWORD=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::',
      ],
    ],
    [
      'ecs-command',
      '["npm", 1]',
      ['ecs-command: is not a JSON array of strings, e.g. ["node", "server.js", "--port=8080"]'],
    ],
    ['ecs-command', '[]', ['ecs-command: is not a JSON array of strings, e.g. ["node", "server.js", "--port=8080"]']],
    [
      'ecs-command',
      'sh -c "echo hi"',
      [
        'ecs-command: has quotes or backslashes, which are not parsed as a shell would: give the command as a JSON array, e.g. ["sh", "-c", "echo hi"]',
      ],
    ],
    [
      'ecs-log-config',
      'region=mars\nmode=fast\ncreate-group=yes\nmax-buffer-size=lots',
      [
        'ecs-log-config: needs group=LOG_GROUP (the CloudWatch Logs group, e.g. /ecs/web)',
        'ecs-log-config: needs stream-prefix=PREFIX (streams are named PREFIX/CONTAINER/TASK-ID; Fargate requires it), e.g. stream-prefix=web',
        'ecs-log-config: region "mars" is not an AWS region, e.g. us-east-1',
        'ecs-log-config: create-group must be true or false, not "yes"',
        'ecs-log-config: mode must be blocking or non-blocking, not "fast"',
        'ecs-log-config: max-buffer-size "lots" is not a size such as 25m',
      ],
    ],
    [
      'ecs-log-config',
      'group=my group\nstream-prefix=a:b\nmax-buffer-size=25m\nretention=7',
      [
        'ecs-log-config: line 4 ("retention=7") is not KEY=VALUE with a valid name, e.g. group=/ecs/web',
        'ecs-log-config: "my group" is not a log group name (letters, digits, and . _ - / #)',
        'ecs-log-config: stream-prefix "a:b" may not contain : or *',
        'ecs-log-config: max-buffer-size applies only with mode=non-blocking',
      ],
    ],
    [
      'ecs-task-role',
      'web-task',
      ['ecs-task-role: "web-task" is not an IAM role ARN, e.g. arn:aws:iam::123456789012:role/app-task'],
    ],
    [
      'ecs-execution-role',
      'arn:aws:iam::123456789012:user/ci',
      [
        'ecs-execution-role: "arn:aws:iam::123456789012:user/ci" is not an IAM role ARN, e.g. arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      ],
    ],
    [
      'ecs-cpu',
      '100',
      ['ecs-cpu: "100" is not task CPU: units from 128 to 196608 (256, 1024, …) or vCPUs (0.25 vCPU, 1 vCPU)'],
    ],
    ['ecs-memory', '1.3 GB', ['ecs-memory: "1.3 GB" is not task memory: MiB (512, 2048, …) or GB (0.5 GB, 2 GB)']],
    ['ecs-desired-count', '-1', ['ecs-desired-count: "-1" must be a whole number of tasks from 0 to 100000']],
    ['ecs-force-new-deployment', 'yes', ['ecs-force-new-deployment: "yes" is not a boolean; use true or false']],
  ])('refuses %s: %s', (input, value, expected) => {
    expect(problems({ ...service, [input]: value })).toEqual(expected);
  });

  it('refuses a variable that is both a value and a secret, and one command for several containers', () => {
    expect(
      problems({
        ...service,
        'ecs-environment': 'DB=x',
        'ecs-secrets': `DB=${SECRET}`,
        'ecs-container': 'web\nworker',
        'ecs-command': 'serve',
      }),
    ).toEqual([
      'ecs-secrets: DB is also set by ecs-environment: a variable is either a secret or a value',
      "ecs-command: sets one container's command, and ecs-container names 2 (web, worker): set each command in the task definition instead",
    ]);
  });

  it('deregisters the previous revision only after waiting for the new one', () => {
    expect(problems({ ...service, 'ecs-deregister-previous': 'true', 'wait-for-stability': 'false' })).toEqual([
      'ecs-deregister-previous: deregisters the replaced revision once the new one is stable, so it needs wait-for-stability: true',
    ]);
  });

  it.each([
    [
      'capacityProvider=FARGATE,weight=x\nFARGATE_SPOT\ncapacityProvider=FARGATE,base=2000000',
      [
        'ecs-capacity-providers: FARGATE: weight must be a whole number from 0 to 1000, not "x"',
        'ecs-capacity-providers: line 2 ("FARGATE_SPOT") is not capacityProvider=NAME[,weight=N][,base=N], e.g. capacityProvider=FARGATE_SPOT,weight=3',
        'ecs-capacity-providers: FARGATE is listed twice',
        'ecs-capacity-providers: FARGATE: base must be a whole number from 0 to 100000, not "2000000"',
        'ecs-capacity-providers: needs a weight above 0 on at least one capacity provider, e.g. capacityProvider=FARGATE_SPOT,weight=3',
      ],
    ],
    [
      'capacityProvider=FARGATE,base=1,weight=1\ncapacityProvider=FARGATE_SPOT,base=2',
      ['ecs-capacity-providers: gives a base to more than one capacity provider; ECS allows a base on one only'],
    ],
  ])('refuses the capacity provider strategy %s', (strategy, expected) => {
    expect(problems({ ...task, 'ecs-capacity-providers': strategy })).toEqual(expected);
  });

  it('refuses a launch type with capacity providers, bad task options, and each mode’s inputs in the other', () => {
    expect(
      problems({
        ...task,
        'ecs-launch-type': 'FARGATE',
        'ecs-capacity-providers': 'capacityProvider=FARGATE,weight=1',
        'ecs-started-by': 'me and you',
        'ecs-propagate-tags': 'SERVICE',
        'ecs-enable-execute-command': 'maybe',
        'ecs-desired-count': '2',
      }),
    ).toEqual([
      'ecs-capacity-providers: and ecs-launch-type exclude each other: a task runs on a launch type or on capacity providers',
      'ecs-started-by: "me and you" is not up to 128 letters, digits, -, _ and /',
      'ecs-propagate-tags: "SERVICE" is not TASK_DEFINITION or NONE (a one-off task has no service to take tags from)',
      'ecs-enable-execute-command: "maybe" is not a boolean; use true or false',
      'ecs-desired-count: applies to a service update (ecs-service), not to a one-off task',
    ]);
    expect(problems({ ...service, 'ecs-started-by': 'ci', 'ecs-enable-execute-command': 'true' })).toEqual([
      'ecs-started-by: applies to one-off tasks (ecs-run-task: true), not to a service update',
      'ecs-enable-execute-command: applies to one-off tasks (ecs-run-task: true), not to a service update',
    ]);
  });

  it('reads a service and a task with every default action.yml gives (the runner sets them all)', () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    const defaults = Object.fromEntries(
      Object.entries(action.inputs).map(([name, input]) => [name, String(input.default ?? '')]),
    );
    expect(problems({ ...defaults, ...service })).toEqual([]);
    expect(problems({ ...defaults, ...task })).toEqual([]);
  });

  it("reads the README's ECS settings example without a problem", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('#### ECS: secrets, settings, several containers'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const step = (parse(yaml) as { with: Record<string, unknown> }[])[0]!.with;
    const values = Object.fromEntries(
      Object.entries(step).map(([name, value]) => [
        name,
        String(value)
          .replace(/\$\{\{[^}]*\}\}/g, 'x')
          .trim(),
      ]),
    );
    const inputs = readInputs(read(values));
    expect(inputs.runtime === 'ecs' && inputs.runtimeInputs).toMatchObject({
      mode: { kind: 'service', service: 'shop', desiredCount: 3, deregisterPrevious: true },
      settings: { containers: ['web', 'worker'], cpu: '512', memory: '1024' },
    });
  });
});
