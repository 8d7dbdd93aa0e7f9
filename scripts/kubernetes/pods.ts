/**
 * The kubelet of the stand-in: pods pull their images, start, become ready, or fail as a real node
 * would show it (ErrImagePull / ImagePullBackOff, CrashLoopBackOff, a Job's pod Succeeded or
 * Failed), with log lines per container run. What an image does is decided by the image rules (by
 * substring or digest) and, when a loopback registry serves the image's host, by a HEAD of its
 * manifest: an image the registry does not have fails to pull.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from './store.ts';
import { clone, isObject, timestamp, type Condition, type Json, type KubeObject, type Pod } from './types.ts';

export type Outcome = 'run' | 'pull-error' | 'crash' | 'exit' | 'unready';

export interface ImageRule {
  /** The image contains this text (a name, a tag, a digest). */
  readonly match?: string;
  /** The image is pinned to this digest (sha256:…). */
  readonly digest?: string;
  /**
   * run: starts and becomes ready (a Job's pod exits 0 after runMs); pull-error: ErrImagePull then
   * ImagePullBackOff; crash: exits (exitCode, default 1) after crashAfterMs, then CrashLoopBackOff;
   * exit: exits with exitCode (default 0) after runMs; unready: runs and never becomes ready.
   */
  readonly outcome: Outcome;
  readonly exitCode?: number;
  /** The container's log lines, per run. */
  readonly logs?: readonly string[];
  /** For pull-error: the pull error's text (default: containerd's "not found"). */
  readonly message?: string;
}

export interface RegistryRoute {
  /** Where the registry serves /v2/ (http://127.0.0.1:5000). */
  readonly url: string;
  /** An Authorization header for the HEAD (e.g. Basic …). */
  readonly authorization?: string;
}

export interface Timing {
  /** How often the controllers run. */
  tickMs: number;
  /** From pod creation (or a back-off) to the image pulled or failed. */
  pullMs: number;
  /** From a container start to ready. */
  readyMs: number;
  /** How long a crashing container runs. */
  crashAfterMs: number;
  /** Back-off before a restart or a pull retry. */
  backoffMs: number;
  /** How long a run-to-completion container runs. */
  runMs: number;
}

export const DEFAULT_TIMING: Timing = {
  tickMs: 20,
  pullMs: 100,
  readyMs: 100,
  crashAfterMs: 150,
  backoffMs: 300,
  runMs: 200,
};

export interface KubeletConfig {
  rules: ImageRule[];
  /** Registry hosts (as in image references) to check images against, besides loopback hosts. */
  registries: Record<string, RegistryRoute>;
  /** HEAD-check images on 127.0.0.1:PORT / localhost:PORT registries (default true). */
  checkLoopbackRegistries: boolean;
  timing: Timing;
}

interface Decision {
  readonly outcome: Outcome;
  readonly exitCode: number;
  readonly logs: readonly string[];
  readonly message?: string;
  readonly imageID?: string;
}

type ContainerState = 'pulling' | 'pull-error' | 'pull-backoff' | 'running' | 'terminated' | 'backoff';

interface ContainerSim {
  readonly name: string;
  readonly image: string;
  decision?: Decision;
  deciding: boolean;
  pullFailed: boolean;
  state: ContainerState;
  since: number;
  restarts: number;
  startedAt?: number;
  readySince?: number;
  exitCode?: number;
  containerID?: string;
  lastTerminated?: Json;
  logs: string[];
  previousLogs: string[];
}

interface PodSim {
  readonly containers: ContainerSim[];
  readySince?: number;
}

/** Splits an image reference into registry host, repository and tag or digest. */
export function parseImage(image: string): { host: string; repository: string; reference: string } {
  let rest = image;
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = hasHost ? first : 'docker.io';
  let repository = hasHost ? rest.slice(slash + 1) : rest;
  const colon = repository.lastIndexOf(':');
  if (colon >= 0) {
    if (at < 0) reference = repository.slice(colon + 1);
    repository = repository.slice(0, colon);
  }
  if (host === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return { host, repository, reference };
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export class Kubelet {
  readonly config: KubeletConfig;
  private readonly pods = new Map<string, PodSim>();
  private readonly store: Store;
  /** Records a core Event (reason, message) about an object. */
  private readonly event: (object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;

  constructor(store: Store, config: KubeletConfig, event: Kubelet['event']) {
    this.store = store;
    this.config = config;
    this.event = event;
  }

  /** The decision for an image: the first matching rule, else the registry, else it runs. */
  async decide(image: string): Promise<Decision> {
    const rule = this.config.rules.find(
      (candidate) =>
        (candidate.match === undefined || image.includes(candidate.match)) &&
        (candidate.digest === undefined || image.endsWith(`@${candidate.digest}`)),
    );
    if (rule) {
      return {
        outcome: rule.outcome,
        exitCode: rule.exitCode ?? (rule.outcome === 'crash' ? 1 : 0),
        logs: rule.logs ?? defaultLogs(image, rule.outcome, rule.exitCode ?? (rule.outcome === 'crash' ? 1 : 0)),
        ...(rule.message !== undefined && { message: rule.message }),
      };
    }
    const { host, repository, reference } = parseImage(image);
    const route =
      this.config.registries[host] ??
      (this.config.checkLoopbackRegistries && /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)
        ? { url: `http://${host}` }
        : undefined);
    if (!route) return { outcome: 'run', exitCode: 0, logs: defaultLogs(image, 'run', 0) };
    const notFound = (message: string): Decision => ({ outcome: 'pull-error', exitCode: 0, logs: [], message });
    try {
      const response = await fetch(`${route.url.replace(/\/$/, '')}/v2/${repository}/manifests/${reference}`, {
        method: 'HEAD',
        headers: { accept: MANIFEST_TYPES, ...(route.authorization && { authorization: route.authorization }) },
        signal: AbortSignal.timeout(5000),
      });
      if (response.ok) {
        const digest = response.headers.get('docker-content-digest');
        return {
          outcome: 'run',
          exitCode: 0,
          logs: defaultLogs(image, 'run', 0),
          ...(digest && { imageID: `${host}/${repository}@${digest}` }),
        };
      }
      if (response.status === 401 || response.status === 403)
        return notFound(
          `failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
        );
      return notFound(
        `failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`,
      );
    } catch (error) {
      return notFound(
        `failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "${route.url}/v2/${repository}/manifests/${reference}": ${(error as Error).message}`,
      );
    }
  }

  forget(uid: string): void {
    this.pods.delete(uid);
  }

  /** ms since a pod became Ready (all containers ready); undefined when it is not ready. */
  readySince(pod: KubeObject): number | undefined {
    const sim = this.pods.get(pod.metadata.uid ?? '');
    if (sim) return sim.readySince;
    // A pod the stand-in did not run (created with a status): read its Ready condition.
    const ready = ((pod.status?.conditions as Condition[] | undefined) ?? []).find((c) => c.type === 'Ready');
    return ready?.status === 'True' ? Date.parse(ready.lastTransitionTime ?? '') || 0 : undefined;
  }

  isAvailable(pod: KubeObject, minReadySeconds: number, now = Date.now()): boolean {
    const since = this.readySince(pod);
    return since !== undefined && since + minReadySeconds * 1000 <= now;
  }

  /** Advances every pod by the time passed, and writes the status of those that changed. */
  tick(now = Date.now()): void {
    const timing = this.config.timing;
    for (const object of this.store.list('pods')) {
      const pod = object as Pod;
      if (pod.metadata.deletionTimestamp) continue;
      const uid = pod.metadata.uid!;
      let sim = this.pods.get(uid);
      let assigned = false;
      if (!sim) {
        sim = {
          containers: pod.spec.containers.map((container) => ({
            name: container.name,
            image: container.image ?? '',
            deciding: false,
            pullFailed: false,
            state: 'pulling',
            since: now,
            restarts: 0,
            logs: [],
            previousLogs: [],
          })),
        };
        this.pods.set(uid, sim);
        if (!pod.spec.nodeName) {
          pod.spec.nodeName = 'stand-in-node-1';
          assigned = true;
        }
        this.event(
          pod,
          'Normal',
          'Scheduled',
          `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${pod.spec.nodeName}`,
        );
      }
      const restartPolicy = pod.spec.restartPolicy ?? 'Always';
      for (const container of sim.containers) this.advance(pod, container, restartPolicy, now, timing);
      const allReady = sim.containers.every((container) => container.readySince !== undefined);
      if (allReady && sim.readySince === undefined)
        sim.readySince = Math.max(...sim.containers.map((c) => c.readySince!));
      if (!allReady) sim.readySince = undefined;
      const status = podStatus(pod, sim, restartPolicy);
      if (assigned || JSON.stringify(status) !== JSON.stringify(pod.status)) {
        const next = clone(pod);
        next.status = status;
        this.store.update('pods', next);
      }
    }
  }

  private advance(pod: Pod, container: ContainerSim, restartPolicy: string, now: number, timing: Timing): void {
    const image = container.image;
    const start = () => {
      container.state = 'running';
      container.since = now;
      container.startedAt = now;
      container.containerID = `containerd://${randomBytes(32).toString('hex')}`;
      container.previousLogs = container.logs;
      container.logs = [...(container.decision?.logs ?? [])];
      this.event(pod, 'Normal', 'Started', `Started container ${container.name}`);
    };
    switch (container.state) {
      case 'pulling': {
        if (!container.decision && !container.deciding) {
          container.deciding = true;
          if (!container.pullFailed) this.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
          void this.decide(image).then((decision) => {
            container.decision = decision;
            container.deciding = false;
          });
        }
        if (!container.decision || now - container.since < timing.pullMs) return;
        if (container.decision.outcome === 'pull-error') {
          container.state = 'pull-error';
          container.since = now;
          container.pullFailed = true;
          this.event(
            pod,
            'Warning',
            'Failed',
            `Failed to pull image "${image}": ${container.decision.message ?? 'not found'}`,
          );
          this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
          return;
        }
        this.event(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${timing.pullMs}ms`);
        this.event(pod, 'Normal', 'Created', `Created container ${container.name}`);
        start();
        return;
      }
      case 'pull-error':
        if (now - container.since >= timing.backoffMs) {
          container.state = 'pull-backoff';
          container.since = now;
          this.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
          this.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
        }
        return;
      case 'pull-backoff':
        if (now - container.since >= timing.backoffMs) {
          container.state = 'pulling';
          container.since = now;
          container.decision = undefined;
        }
        return;
      case 'running': {
        const decision = container.decision!;
        const runsToCompletion = restartPolicy !== 'Always' && decision.outcome === 'run';
        if (decision.outcome === 'run' && !runsToCompletion) {
          if (container.readySince === undefined && now - container.since >= timing.readyMs) container.readySince = now;
          return;
        }
        if (decision.outcome === 'unready') return;
        const runFor = decision.outcome === 'crash' ? timing.crashAfterMs : timing.runMs;
        if (
          decision.outcome !== 'crash' &&
          container.readySince === undefined &&
          now - container.since >= timing.readyMs
        )
          container.readySince = now;
        if (now - container.since < runFor) return;
        const exitCode = runsToCompletion ? 0 : decision.exitCode;
        container.exitCode = exitCode;
        container.readySince = undefined;
        container.lastTerminated = {
          terminated: {
            exitCode,
            reason: exitCode === 0 ? 'Completed' : 'Error',
            startedAt: timestamp(container.startedAt),
            finishedAt: timestamp(now),
            containerID: container.containerID,
          },
        };
        const restarts = restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && exitCode !== 0);
        container.since = now;
        if (restarts) {
          container.state = 'backoff';
          container.restarts += 1;
          this.event(
            pod,
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${container.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
          );
        } else container.state = 'terminated';
        return;
      }
      case 'backoff':
        if (now - container.since >= timing.backoffMs) start();
        return;
      default:
        return;
    }
  }

  /** A container's log lines (this run, or the previous one). */
  logs(pod: KubeObject, containerName: string, previous: boolean): string[] | { error: string } {
    const sim = this.pods.get(pod.metadata.uid ?? '');
    const container = sim?.containers.find((candidate) => candidate.name === containerName);
    if (!sim || !container) return [];
    if (previous) {
      if (container.restarts === 0 && container.state !== 'terminated')
        return { error: `previous terminated container "${containerName}" in pod "${pod.metadata.name}" not found` };
      return container.state === 'terminated' ? container.logs : container.previousLogs;
    }
    if (container.state === 'pulling' || container.state === 'pull-error' || container.state === 'pull-backoff')
      return {
        error: container.pullFailed
          ? `container "${containerName}" in pod "${pod.metadata.name}" is waiting to start: trying and failing to pull image`
          : `container "${containerName}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`,
      };
    // During a back-off the kubelet serves the last run's logs.
    return container.logs;
  }
}

function defaultLogs(image: string, outcome: Outcome, exitCode: number): string[] {
  if (outcome === 'crash' || (outcome === 'exit' && exitCode !== 0))
    return [`stand-in: ${image} started`, `stand-in: ${image} failed and exits with code ${exitCode}`];
  if (outcome === 'exit') return [`stand-in: ${image} started`, `stand-in: ${image} done`];
  return [`stand-in: ${image} started`];
}

function containerStatus(container: ContainerSim, pod: Pod): Json {
  const image = container.image;
  const status: Json = {
    name: container.name,
    image,
    imageID:
      container.decision?.imageID ?? (container.state === 'running' || container.startedAt ? imageIdOf(image) : ''),
    ready: container.readySince !== undefined,
    restartCount: container.restarts,
    started: container.state === 'running',
  };
  if (container.containerID && container.startedAt !== undefined) status.containerID = container.containerID;
  if (container.lastTerminated && container.state !== 'terminated') status.lastState = container.lastTerminated;
  else status.lastState = {};
  switch (container.state) {
    case 'pulling':
      status.state = {
        waiting: {
          reason: container.pullFailed ? 'ImagePullBackOff' : 'ContainerCreating',
          ...(container.pullFailed && { message: `Back-off pulling image "${image}"` }),
        },
      };
      break;
    case 'pull-error':
      status.state = {
        waiting: {
          reason: 'ErrImagePull',
          message: `rpc error: code = NotFound desc = ${container.decision?.message ?? 'not found'}`,
        },
      };
      break;
    case 'pull-backoff':
      status.state = {
        waiting: {
          reason: 'ImagePullBackOff',
          message: `Back-off pulling image "${image}": ErrImagePull: ${container.decision?.message ?? 'not found'}`,
        },
      };
      break;
    case 'running':
      status.state = { running: { startedAt: timestamp(container.startedAt) } };
      break;
    case 'backoff':
      status.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off 10s restarting failed container=${container.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
        },
      };
      break;
    case 'terminated':
      status.state = container.lastTerminated ?? {};
      break;
  }
  return status;
}

function imageIdOf(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image;
  const { host, repository } = parseImage(image);
  const digest = `sha256:${Buffer.from(image).toString('hex').padEnd(64, '0').slice(0, 64)}`;
  return `${host}/${repository}@${digest}`;
}

function condition(
  previous: Condition[],
  type: string,
  status: 'True' | 'False',
  now: string,
  reason?: string,
  message?: string,
): Condition {
  const before = previous.find((candidate) => candidate.type === type);
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: before?.status === status ? (before.lastTransitionTime ?? now) : now,
    ...(reason && { reason }),
    ...(message && { message }),
  };
}

function podStatus(pod: Pod, sim: PodSim, restartPolicy: string): Json {
  const previous = (isObject(pod.status) ? (pod.status.conditions as Condition[] | undefined) : undefined) ?? [];
  const now = timestamp();
  const statuses = sim.containers.map((container) => containerStatus(container, pod));
  const terminated = sim.containers.every((container) => container.state === 'terminated');
  const started = sim.containers.some((container) => container.startedAt !== undefined);
  let phase = 'Pending';
  if (terminated) phase = sim.containers.every((container) => container.exitCode === 0) ? 'Succeeded' : 'Failed';
  else if (started && sim.containers.every((container) => container.startedAt !== undefined)) phase = 'Running';
  void restartPolicy;
  const unready = sim.containers
    .filter((container) => container.readySince === undefined)
    .map((container) => container.name);
  const ready = unready.length === 0 && !terminated;
  const readyReason = terminated ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = terminated ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const startTime =
    isObject(pod.status) && typeof pod.status.startTime === 'string'
      ? pod.status.startTime
      : timestamp(Date.parse(pod.metadata.creationTimestamp ?? '') || Date.now());
  return {
    phase,
    conditions: [
      condition(previous, 'PodReadyToStartContainers', terminated ? 'False' : 'True', now),
      condition(previous, 'Initialized', 'True', now),
      ready
        ? condition(previous, 'Ready', 'True', now)
        : condition(previous, 'Ready', 'False', now, readyReason, readyMessage),
      ready
        ? condition(previous, 'ContainersReady', 'True', now)
        : condition(previous, 'ContainersReady', 'False', now, readyReason, readyMessage),
      condition(previous, 'PodScheduled', 'True', now),
    ],
    hostIP: '10.0.0.1',
    hostIPs: [{ ip: '10.0.0.1' }],
    podIP: podIp(pod.metadata.uid ?? ''),
    podIPs: [{ ip: podIp(pod.metadata.uid ?? '') }],
    startTime,
    containerStatuses: statuses,
    qosClass: 'BestEffort',
  };
}

function podIp(uid: string): string {
  const bytes = Buffer.from(uid.replace(/-/g, '').slice(0, 4), 'hex');
  return `10.244.${bytes[0] ?? 0}.${(bytes[1] ?? 0) || 1}`;
}
