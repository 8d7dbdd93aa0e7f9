/**
 * moto_server, started by the project's script, behind a small proxy of ours that corrects moto
 * where it differs from ECS (after UpdateService, ECS's PRIMARY deployment runs the new task
 * definition; moto keeps the old one) and plays what moto cannot: a deployment the circuit
 * breaker rolls back, and a call the caller's IAM policy denies.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './services.js';

const run = promisify(execFile);

interface Deployment {
  id?: string;
  status?: string;
  taskDefinition?: string;
  rolloutState?: string;
  rolloutStateReason?: string;
  runningCount?: number;
  desiredCount?: number;
}
interface Service {
  taskDefinition?: string;
  deployments?: Deployment[];
}

export interface Moto {
  /** The proxy's URL: what AWS_ENDPOINT_URL points at. */
  readonly endpoint: string;
  /** moto itself, for its own API (state manager). */
  readonly direct: string;
  /** The calls made through the proxy, by operation name (e.g. RegisterTaskDefinition). */
  readonly calls: string[];
  /** Operations answered with AccessDeniedException, as IAM would. */
  readonly deny: Set<string>;
  /** When set, services report their new deployment FAILED and a rollback to this task definition. */
  rollbackTo: string | undefined;
  /** Exit codes to report for stopped tasks' containers, by container name (moto reports none). */
  exitCodes: Record<string, number>;
  /** The environment a process needs to use this moto. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

function correct(service: Service, rollbackTo: string | undefined): void {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  if (!primary || !service.taskDefinition) return;
  if (rollbackTo) {
    service.deployments = [
      {
        ...primary,
        id: 'ecs-svc/rollback',
        taskDefinition: rollbackTo,
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: 'rolling back',
      },
      {
        ...primary,
        status: 'ACTIVE',
        taskDefinition: service.taskDefinition,
        rolloutState: 'FAILED',
        rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
        runningCount: 0,
      },
    ];
    service.taskDefinition = rollbackTo;
    return;
  }
  primary.taskDefinition = service.taskDefinition;
}

export async function startMoto(): Promise<Moto> {
  const dir = await mkdtemp(join(tmpdir(), 'pd-moto-'));
  const { stdout } = await run(join(ROOT, 'scripts/moto.sh'), ['start', dir]);
  const direct = /MOTO_ENDPOINT=(\S+)/.exec(stdout)?.[1];
  if (!direct) throw new Error(`moto.sh printed no endpoint: ${stdout}`);
  const upstream = new URL(direct);
  const state = {
    calls: [] as string[],
    deny: new Set<string>(),
    rollbackTo: undefined as string | undefined,
    exitCodes: {} as Record<string, number>,
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? '';
      if (operation) state.calls.push(operation);
      if (state.deny.has(operation)) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(
          JSON.stringify({
            __type: 'AccessDeniedException',
            message: `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ecs:${operation}`,
          }),
        );
        return;
      }
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamRes) => {
          const body: Buffer[] = [];
          upstreamRes.on('data', (c: Buffer) => body.push(c));
          upstreamRes.on('end', () => {
            let payload = Buffer.concat(body);
            if ((operation === 'DescribeServices' || operation === 'UpdateService') && upstreamRes.statusCode === 200) {
              const json = JSON.parse(payload.toString()) as { services?: Service[]; service?: Service };
              for (const service of [...(json.services ?? []), ...(json.service ? [json.service] : [])]) {
                correct(service, operation === 'DescribeServices' ? state.rollbackTo : undefined);
              }
              payload = Buffer.from(JSON.stringify(json));
            }
            if (
              operation === 'DescribeTasks' &&
              upstreamRes.statusCode === 200 &&
              Object.keys(state.exitCodes).length > 0
            ) {
              const json = JSON.parse(payload.toString()) as {
                tasks?: {
                  lastStatus?: string;
                  stoppedReason?: string;
                  containers?: { name?: string; exitCode?: number }[];
                }[];
              };
              for (const task of json.tasks ?? []) {
                if (task.lastStatus !== 'STOPPED') continue;
                task.stoppedReason = 'Essential container in task exited';
                for (const container of task.containers ?? []) {
                  if (container.name && container.name in state.exitCodes)
                    container.exitCode = state.exitCodes[container.name];
                }
              }
              payload = Buffer.from(JSON.stringify(json));
            }
            const headers = { ...upstreamRes.headers, 'content-length': String(payload.length) };
            res.writeHead(upstreamRes.statusCode ?? 502, headers);
            res.end(payload);
          });
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return Object.assign(state, {
    endpoint,
    direct,
    env: () => ({
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await run(join(ROOT, 'scripts/moto.sh'), ['stop', dir]);
      await rm(dir, { recursive: true, force: true });
    },
  });
}

/** Switches moto's ECS tasks to manual progression: every `describes` describe calls move a task one state on. */
export async function manualTaskProgression(moto: Moto, describes = 1): Promise<void> {
  const response = await fetch(`${moto.direct}/moto-api/state-manager/set-transition`, {
    method: 'POST',
    body: JSON.stringify({ model_name: 'ecs::task', transition: { progression: 'manual', times: describes } }),
  });
  if (!response.ok) throw new Error(`moto state manager: ${response.status}`);
}
