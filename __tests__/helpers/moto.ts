/**
 * moto_server, started by the project's script, behind a small proxy of ours that corrects moto
 * where it differs from ECS (after UpdateService, ECS's PRIMARY deployment runs the new task
 * definition; moto keeps the old one) and plays what moto cannot: a deployment the circuit
 * breaker rolls back, one that stalls or fails without rollback (moto 5.2.1 sets rolloutState once,
 * when the service is created, and never adds service events), and a call the caller's IAM policy
 * denies.
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
  failedTasks?: number;
}
interface Service {
  taskDefinition?: string;
  desiredCount?: number;
  deployments?: Deployment[];
  events?: { id: string; createdAt: number; message: string }[];
}

/** A rollout whose tasks never start: IN_PROGRESS beside the previous deployment, then (if asked) FAILED. */
export interface TroubledRollout {
  /** FAILED from this DescribeServices call on (counted from when it was set); never when undefined. */
  failAfterDescribes: number | undefined;
  /** The rolloutStateReason once FAILED. */
  reason: string;
  /** Service events, newest first. */
  events: string[];
}

export interface Moto {
  /** The proxy's URL: what AWS_ENDPOINT_URL points at. */
  readonly endpoint: string;
  /** moto itself, for its own API (state manager). */
  readonly direct: string;
  /** The calls made through the proxy, by operation name (e.g. RegisterTaskDefinition). */
  readonly calls: string[];
  /** The JSON bodies of those calls, by operation name, in order. */
  readonly requests: { readonly operation: string; readonly body: Record<string, unknown> }[];
  /** Operations answered with AccessDeniedException, as IAM would. */
  readonly deny: Set<string>;
  /** When set, services report their new deployment FAILED and a rollback to this task definition. */
  rollbackTo: string | undefined;
  /** When set, services report their new deployment stalled, then FAILED without rollback. */
  troubled: TroubledRollout | undefined;
  /** Exit codes to report for stopped tasks' containers, by container name (moto reports none). */
  exitCodes: Record<string, number>;
  /** Reasons to report for stopped tasks' containers, by container name. */
  containerReasons: Record<string, string>;
  /** Called with each successful answer (operation, JSON body) before the caller gets it: plays what AWS does meanwhile. */
  onAnswer: ((operation: string, body: unknown) => Promise<void>) | undefined;
  /** The environment a process needs to use this moto. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

/** The service's new deployment stalled (no task starts) beside the previous one, FAILED when `failed`. */
function trouble(service: Service, primary: Deployment, troubled: TroubledRollout, failed: boolean): void {
  const now = Date.now() / 1000;
  service.deployments = [
    {
      ...primary,
      taskDefinition: service.taskDefinition,
      rolloutState: failed ? 'FAILED' : 'IN_PROGRESS',
      rolloutStateReason: failed ? troubled.reason : `ECS deployment ${primary.id} in progress.`,
      runningCount: 0,
      failedTasks: 2,
    },
    // moto's deployment keeps the task definition the service was created with: the previous one here.
    {
      ...primary,
      id: 'ecs-svc/previous',
      status: 'ACTIVE',
      rolloutState: 'COMPLETED',
      runningCount: service.desiredCount ?? 1,
    },
  ];
  service.events = troubled.events.map((message, i) => ({ id: `event-${i}`, createdAt: now - i, message }));
}

function correct(
  service: Service,
  rollbackTo: string | undefined,
  troubled?: { rollout: TroubledRollout; failed: boolean },
): void {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  if (!primary || !service.taskDefinition) return;
  if (troubled) {
    trouble(service, primary, troubled.rollout, troubled.failed);
    return;
  }
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
    requests: [] as { operation: string; body: Record<string, unknown> }[],
    deny: new Set<string>(),
    rollbackTo: undefined as string | undefined,
    troubled: undefined as TroubledRollout | undefined,
    exitCodes: {} as Record<string, number>,
    containerReasons: {} as Record<string, string>,
    onAnswer: undefined as Moto['onAnswer'],
  };
  // DescribeServices calls seen while a troubled rollout is set, to know when it fails.
  let troubledDescribes = 0;
  let troubledSeen: TroubledRollout | undefined;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? '';
      if (operation) {
        state.calls.push(operation);
        try {
          state.requests.push({ operation, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') });
        } catch {
          state.requests.push({ operation, body: {} });
        }
      }
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
              const describing = operation === 'DescribeServices';
              if (state.troubled !== troubledSeen) [troubledSeen, troubledDescribes] = [state.troubled, 0];
              if (describing && state.troubled) troubledDescribes++;
              const troubled = describing &&
                state.troubled && {
                  rollout: state.troubled,
                  failed: troubledDescribes >= (state.troubled.failAfterDescribes ?? Infinity),
                };
              for (const service of [...(json.services ?? []), ...(json.service ? [json.service] : [])]) {
                correct(service, describing ? state.rollbackTo : undefined, troubled || undefined);
              }
              payload = Buffer.from(JSON.stringify(json));
            }
            if (
              operation === 'DescribeTasks' &&
              upstreamRes.statusCode === 200 &&
              Object.keys({ ...state.exitCodes, ...state.containerReasons }).length > 0
            ) {
              const json = JSON.parse(payload.toString()) as {
                tasks?: {
                  lastStatus?: string;
                  stoppedReason?: string;
                  containers?: { name?: string; exitCode?: number; reason?: string }[];
                }[];
              };
              for (const task of json.tasks ?? []) {
                if (task.lastStatus !== 'STOPPED') continue;
                task.stoppedReason ||= 'Essential container in task exited';
                for (const container of task.containers ?? []) {
                  if (container.name && container.name in state.exitCodes)
                    container.exitCode = state.exitCodes[container.name];
                  if (container.name && container.name in state.containerReasons)
                    container.reason = state.containerReasons[container.name];
                }
              }
              payload = Buffer.from(JSON.stringify(json));
            }
            const headers = { ...upstreamRes.headers, 'content-length': String(payload.length) };
            const answered =
              state.onAnswer && upstreamRes.statusCode === 200 && operation
                ? state.onAnswer(operation, JSON.parse(payload.toString() || '{}'))
                : Promise.resolve();
            void answered
              .catch((error: unknown) => console.error(`moto onAnswer ${operation}:`, error))
              .then(() => {
                res.writeHead(upstreamRes.statusCode ?? 502, headers);
                res.end(payload);
              });
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
