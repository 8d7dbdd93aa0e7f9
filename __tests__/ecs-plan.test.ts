/**
 * The ECS service plan, line by line, against a loopback server answering the ECS reads (JSON 1.1,
 * as the SDK speaks it): what is compared with what, when nothing is registered, and what the
 * update would change besides the revision.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcsInputs } from '../src/runtimes/ecs/inputs.js';
import { ecsRuntime } from '../src/runtimes/ecs/runtime.js';
import { detectRegistry } from '../src/registries/index.js';
import { parseRepository } from '../src/oci/reference.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { ecsSettings } from './helpers/ecs.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const IMAGE = `${ECR}/app@sha256:${'a'.repeat(64)}`;
const arn = (name: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${name}`;

let server: Server;
let definitions: Record<string, object> = {};
let service: object = {};
const asked: { operation: string; body: Record<string, unknown> }[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '')
      .split('.')
      .pop()!;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
      asked.push({ operation, body });
      let answer: unknown;
      if (operation === 'DescribeServices') answer = { services: [service] };
      else if (operation === 'DescribeTaskDefinition') {
        const found = definitions[String(body.taskDefinition)];
        answer = found && { taskDefinition: found, tags: [] };
      }
      res.writeHead(answer ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(answer ?? { __type: 'ClientException', message: `${operation} refused` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  process.env.AWS_MAX_ATTEMPTS = '1';
});

afterAll(async () => {
  process.env = savedEnv;
  await new Promise((resolve) => server.close(resolve));
});

const settings = ecsSettings();

function inputs(overrides: Partial<EcsInputs> = {}, options: Partial<Record<string, unknown>> = {}): EcsInputs {
  return {
    region: 'us-east-1',
    cluster: 'prod',
    mode: {
      kind: 'service',
      service: 'web',
      desiredCount: undefined,
      forceNewDeployment: false,
      deregisterPrevious: false,
      ...options,
    },
    taskDefinition: undefined,
    environment: {},
    settings,
    codeDeploy: { application: undefined, deploymentGroup: undefined },
    waitForStability: true,
    waitTimeoutSeconds: 60,
    ...overrides,
  };
}

const target: DeployTarget = {
  image: IMAGE,
  registry: ECR,
  family: detectRegistry(parseRepository(`${ECR}/app`)),
  planning: true,
  pullCredentials: async () => undefined,
  platforms: async () => [],
};

const running = {
  taskDefinitionArn: arn('web:5'),
  family: 'web',
  revision: 5,
  status: 'ACTIVE',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [{ name: 'app', image: IMAGE, cpu: 0, essential: true, environment: [], mountPoints: [] }],
};

async function plan(given: EcsInputs): Promise<string[]> {
  asked.length = 0;
  return [...(await ecsRuntime(given).prepare(target, () => {})).plan];
}

describe('the ECS service plan', () => {
  beforeAll(() => {
    service = {
      serviceName: 'web',
      status: 'ACTIVE',
      taskDefinition: arn('web:5'),
      desiredCount: 2,
      deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: arn('web:5') }],
    };
  });

  it('registers nothing when the service runs this image with these settings, and only checks it is stable', async () => {
    definitions = { [arn('web:5')]: running };
    expect(await plan(inputs({}, { desiredCount: 2 }))).toEqual([
      `ECS service web (cluster prod, region us-east-1) runs ${arn('web:5')}`,
      'the new task definition would be the same as web:5, which the service runs (this image, these settings): nothing to register',
      'would not update service web; would check that it is stable (at most 60 s)',
    ]);
    expect(asked.map((a) => a.operation)).toEqual(['DescribeServices', 'DescribeTaskDefinition']);
  });

  it('updates the count, or forces a deployment, on the same revision', async () => {
    definitions = { [arn('web:5')]: running };
    expect((await plan(inputs({ waitForStability: false }, { desiredCount: 4, forceNewDeployment: true })))[2]).toBe(
      'would update service web on web:5 (desired count 2 → 4, forcing a new deployment)',
    );
  });

  it('registers anew when the revision the service runs is INACTIVE', async () => {
    definitions = { [arn('web:5')]: { ...running, status: 'INACTIVE' } };
    expect((await plan(inputs()))[1]).toBe('would register a new revision of web, changing:');
    expect((await plan(inputs()))[2]).toBe('    (nothing but the revision)');
  });

  it('compares another base definition with the one the service runs', async () => {
    definitions = {
      [arn('web:5')]: running,
      'web:3': {
        ...running,
        taskDefinitionArn: arn('web:3'),
        revision: 3,
        containerDefinitions: [{ name: 'app', image: 'old:1' }],
      },
    };
    const lines = await plan(inputs({ taskDefinition: { kind: 'name', value: 'web:3' } }));
    // The base (web:3) gets the image, so it ends up as the service's web:5: nothing to register.
    expect(lines[1]).toContain('the same as web:5, which the service runs');
    definitions['web:3'] = { ...running, containerDefinitions: [{ name: 'app', image: 'old:1', command: ['serve'] }] };
    expect((await plan(inputs({ taskDefinition: { kind: 'name', value: 'web:3' } }))).slice(1, 3)).toEqual([
      'would register a new revision of web, changing (compared with web:5, which the service runs):',
      '    + container app command: ["serve"]',
    ]);
  });
});
