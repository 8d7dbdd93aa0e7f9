/**
 * The AWS SDK clients' lifetimes: the ECS client is destroyed once the runtime is done with it, and
 * a run builds one ECR client per region, shared and destroyed at the end. A loopback server stands
 * in for the ECS API (JSON 1.1, as the SDK speaks it).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EcsInputs } from '../src/runtimes/ecs/inputs.js';
import { detectRegistry } from '../src/registries/index.js';
import { EcrClients, ecrCredentials } from '../src/registries/ecr-api.js';
import { parseRepository } from '../src/oci/reference.js';
import { ecsRuntime } from '../src/runtimes/ecs/runtime.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';
import { ecsSettings } from './helpers/ecs.js';

const ECR = `123456789012.dkr.ecr.us-east-1.amazonaws.com`;
const IMAGE = `${ECR}/app@sha256:${'a'.repeat(64)}`;

/** ECS answers by operation name: a body, or an error type (status 400). */
let answers: Record<string, { body?: unknown; error?: string }> = {};
let server: Server;
const savedEnv = { ...process.env };

beforeAll(async () => {
  server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '')
      .split('.')
      .pop()!;
    req.resume();
    const answer = answers[operation] ?? { error: 'InvalidParameterException' };
    res.writeHead(answer.error ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(answer.error ? { __type: answer.error, message: `${operation} refused` } : answer.body));
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

afterEach(() => {
  vi.restoreAllMocks();
});

const inputs: EcsInputs = {
  region: 'us-east-1',
  cluster: 'main',
  mode: {
    kind: 'task',
    launchType: 'EC2',
    network: undefined,
    overrides: undefined,
    waitFor: 'stopped',
    capacityProviderStrategy: undefined,
    startedBy: 'portable-deploy',
    propagateTags: undefined,
    enableExecuteCommand: false,
  },
  taskDefinition: { kind: 'name', value: 'web:7' },
  environment: {},
  settings: ecsSettings(),
  waitForStability: false,
  waitTimeoutSeconds: 30,
  codeDeploy: { application: undefined, deploymentGroup: undefined },
};

const target = (planning: boolean): DeployTarget => ({
  image: IMAGE,
  registry: ECR,
  family: detectRegistry(parseRepository(`${ECR}/app`)),
  planning,
  pullCredentials: async () => undefined,
  platforms: async () => [],
});

function ecrFamily(host: string) {
  const found = detectRegistry(parseRepository(`${host}/app`));
  if (found.kind !== 'ecr') throw new Error(`${host} is not ECR`);
  return found;
}

const definition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
  family: 'web',
  revision: 7,
  containerDefinitions: [{ name: 'app', image: 'old:1', essential: true }],
};

describe('the ECS client', () => {
  it('is destroyed when prepare fails', async () => {
    answers = { DescribeTaskDefinition: { error: 'ClientException' } };
    const destroy = vi.spyOn(ECSClient.prototype, 'destroy');
    await expect(ecsRuntime(inputs).prepare(target(false), () => {})).rejects.toThrow('DescribeTaskDefinition');
    expect(destroy).toHaveBeenCalledTimes(1);
  });

  it('is destroyed after a plan, which never deploys', async () => {
    answers = { DescribeTaskDefinition: { body: { taskDefinition: definition } } };
    const destroy = vi.spyOn(ECSClient.prototype, 'destroy');
    const prepared = await ecsRuntime(inputs).prepare(target(true), () => {});
    expect(prepared.plan.join('\n')).toContain('would run one task');
    expect(destroy).toHaveBeenCalledTimes(1);
  });

  it('lives until the deploy ends, and is destroyed then, even when it fails', async () => {
    answers = { DescribeTaskDefinition: { body: { taskDefinition: definition } } };
    const destroy = vi.spyOn(ECSClient.prototype, 'destroy');
    const prepared = await ecsRuntime(inputs).prepare(target(false), () => {});
    expect(destroy).not.toHaveBeenCalled();
    await expect(prepared.deploy(() => {})).rejects.toThrow('RegisterTaskDefinition');
    expect(destroy).toHaveBeenCalledTimes(1);
  });
});

describe("a run's ECR clients", () => {
  it('builds one client per region, shares it, and destroys each at the end', async () => {
    const clients = new EcrClients();
    const east = await clients.client(ecrFamily(ECR));
    expect(east).toBeInstanceOf(ECRClient);
    expect(await clients.client(ecrFamily(ECR))).toBe(east);
    const west = await clients.client(ecrFamily('123456789012.dkr.ecr.us-west-2.amazonaws.com'));
    expect(west).not.toBe(east);
    expect(await west.config.region()).toBe('us-west-2');
    const destroy = vi.spyOn(ECRClient.prototype, 'destroy');
    await clients.destroy();
    expect(destroy).toHaveBeenCalledTimes(2);
    // A client asked for after the end is a new one.
    expect(await clients.client(ecrFamily(ECR))).not.toBe(east);
    await clients.destroy();
  });
});

describe('behind a proxy', () => {
  it('sends the ECS and ECR calls through HTTP_PROXY, and straight to a NO_PROXY host', async () => {
    const asked: string[] = [];
    // A forward proxy for plain HTTP that relays to the ECS stand-in.
    const proxy = createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      const relay = httpRequest(req.url!, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(relay);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      vi.stubEnv('HTTP_PROXY', `http://127.0.0.1:${(proxy.address() as { port: number }).port}`);
      answers = { DescribeTaskDefinition: { body: { taskDefinition: definition } } };
      await ecsRuntime(inputs).prepare(target(true), () => {});
      expect(asked).toEqual([`POST ${process.env.AWS_ENDPOINT_URL}/`]);
      answers = { GetAuthorizationToken: { body: { authorizationData: [{ authorizationToken: btoa('AWS:t') }] } } };
      const clients = new EcrClients();
      expect(await ecrCredentials(ECR, ecrFamily(ECR), clients)).toEqual({ username: 'AWS', password: 't' });
      await clients.destroy();
      expect(asked).toHaveLength(2);

      vi.stubEnv('NO_PROXY', '127.0.0.1');
      answers = { DescribeTaskDefinition: { body: { taskDefinition: definition } } };
      await ecsRuntime(inputs).prepare(target(true), () => {});
      expect(asked).toHaveLength(2);
    } finally {
      vi.unstubAllEnvs();
      proxy.close();
    }
  });
});
