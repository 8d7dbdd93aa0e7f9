/**
 * The controllers of kube-controller-manager, simulated: Deployment (ReplicaSets named by
 * pod-template-hash, `deployment.kubernetes.io/revision`, an equal template's ReplicaSet reused
 * with `revision-history`, rolling update by maxSurge/maxUnavailable, status and the Progressing /
 * Available conditions with ProgressDeadlineExceeded), ReplicaSet, StatefulSet (ControllerRevisions,
 * OrderedReady rolling update from the highest ordinal, stuck on a broken pod as the real one is),
 * DaemonSet (one pod per node, maxUnavailable), Job (completions, backoffLimit), and the garbage
 * collector. Each tick reads the store and writes only what changed.
 */
import {
  CONTROLLER_REVISION_HASH,
  defaultPodTemplate,
  POD_TEMPLATE_HASH,
  randomSuffix,
  templateHash,
  templatesEqualIgnoringHash,
} from './defaults.ts';
import type { Kubelet } from './pods.ts';
import { byKind, apiVersionOf } from './resources.ts';
import { selectorMatches } from './selectors.ts';
import type { Store } from './store.ts';
import {
  clone,
  deepEqual,
  isObject,
  stableJson,
  timestamp,
  type Condition,
  type Job,
  type Json,
  type KubeObject,
  type OwnerReference,
  type PodTemplate,
  type Workload,
} from './types.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Deployment annotations the controller does not copy to its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);

export interface Controllers {
  tick(now?: number): void;
}

type EventFn = (object: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => void;

function ownerReference(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion!,
    kind: owner.kind!,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** An intstr (3 or "25%") against a total; percentages round up for surge, down for unavailable. */
export function resolveIntOrPercent(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) return Number(value) || 0;
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function setCondition(conditions: Condition[], next: Condition, keepUpdateTime = false): Condition[] {
  const current = conditions.find((condition) => condition.type === next.type);
  if (
    current &&
    current.status === next.status &&
    current.reason === next.reason &&
    current.message === next.message &&
    keepUpdateTime
  )
    return conditions;
  if (current && current.status === next.status) next.lastTransitionTime = current.lastTransitionTime;
  return [...conditions.filter((condition) => condition.type !== next.type), next];
}

const revisionOf = (object: KubeObject): number => Number(object.metadata.annotations?.[REVISION] ?? 0) || 0;
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

export function createControllers(store: Store, kubelet: Kubelet, event: EventFn, nodes: () => string[]): Controllers {
  const activePods = (owner: KubeObject) =>
    store
      .owned('pods', owner)
      .filter((pod) => !pod.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(String(pod.status?.phase)));

  function createPod(
    owner: KubeObject,
    template: PodTemplate,
    name: string,
    extraLabels: Record<string, string>,
    nodeName?: string,
  ): void {
    const spec = clone(template.spec);
    if (nodeName) spec.nodeName = nodeName;
    store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: name.endsWith('-') ? name : undefined,
        namespace: owner.metadata.namespace,
        labels: { ...template.metadata?.labels, ...extraLabels },
        ...(template.metadata?.annotations && { annotations: { ...template.metadata.annotations } }),
        ownerReferences: [ownerReference(owner)],
      },
      spec,
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
    event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
  }

  function deletePod(owner: KubeObject, pod: KubeObject): void {
    store.remove('pods', pod.metadata.namespace, pod.metadata.name!);
    kubelet.forget(pod.metadata.uid!);
    event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
  }

  // ---------------------------------------------------------------- ReplicaSet
  function syncReplicaSet(rs: Workload, now: number): void {
    const pods = activePods(rs);
    const want = rs.spec.replicas ?? 1;
    if (pods.length < want) {
      for (let i = pods.length; i < want; i++)
        createPod(rs, rs.spec.template, `${rs.metadata.name}-${randomSuffix()}`, {});
    } else if (pods.length > want) {
      // Not-ready pods go first, then the newest (ActivePods ordering, simplified).
      const ranked = [...pods].sort((a, b) => {
        const ra = kubelet.readySince(a) === undefined ? 0 : 1;
        const rb = kubelet.readySince(b) === undefined ? 0 : 1;
        if (ra !== rb) return ra - rb;
        return String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp));
      });
      for (const pod of ranked.slice(0, pods.length - want)) deletePod(rs, pod);
    }
    const current = activePods(rs);
    const minReady = rs.spec.minReadySeconds ?? 0;
    const status: Json = {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: current.filter((pod) => kubelet.readySince(pod) !== undefined).length,
      availableReplicas: current.filter((pod) => kubelet.isAvailable(pod, minReady, now)).length,
      observedGeneration: rs.metadata.generation,
    };
    for (const key of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'] as const)
      if (status[key] === 0) Reflect.deleteProperty(status, key);
    if (!deepEqual(status, rs.status)) store.update('replicasets', { ...rs, status });
  }

  // ---------------------------------------------------------------- Deployment
  function scaleReplicaSet(deployment: Workload, rs: Workload, replicas: number): Workload {
    const desired = deployment.spec.replicas ?? 1;
    const surge =
      deployment.spec.strategy?.type === 'RollingUpdate'
        ? resolveIntOrPercent(deployment.spec.strategy.rollingUpdate?.maxSurge, desired, true)
        : 0;
    const annotations = {
      ...rs.metadata.annotations,
      [DESIRED_REPLICAS]: String(desired),
      [MAX_REPLICAS]: String(desired + surge),
    };
    if (rs.spec.replicas === replicas && deepEqual(annotations, rs.metadata.annotations)) return rs;
    const before = rs.spec.replicas ?? 0;
    const next = clone(rs);
    next.spec.replicas = replicas;
    next.metadata.annotations = annotations;
    const stored = store.update('replicasets', next) as Workload;
    if (before !== replicas)
      event(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${replicas > before ? 'up' : 'down'} replica set ${rs.metadata.name} from ${before} to ${replicas}`,
      );
    return stored;
  }

  function copiedAnnotations(deployment: Workload): Record<string, string> {
    return Object.fromEntries(
      Object.entries(deployment.metadata.annotations ?? {}).filter(([key]) => !NOT_COPIED.has(key)),
    );
  }

  function syncDeployment(deployment: Workload, now: number): void {
    if (deployment.metadata.deletionTimestamp) return;
    const desired = deployment.spec.replicas ?? 1;
    const all = store.owned('replicasets', deployment) as Workload[];
    all.sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    let newRS = all.find((rs) => templatesEqualIgnoringHash(rs.spec.template, deployment.spec.template));
    let olds = all.filter((rs) => rs !== newRS);
    const maxOld = Math.max(0, ...olds.map(revisionOf));
    const newRevision = String(maxOld + 1);
    const strategy = deployment.spec.strategy?.type ?? 'RollingUpdate';
    const maxSurge =
      strategy === 'RollingUpdate'
        ? resolveIntOrPercent(deployment.spec.strategy?.rollingUpdate?.maxSurge, desired, true)
        : 0;
    let maxUnavailable =
      strategy === 'RollingUpdate'
        ? resolveIntOrPercent(deployment.spec.strategy?.rollingUpdate?.maxUnavailable, desired, false)
        : 0;
    if (strategy === 'RollingUpdate' && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    if (strategy === 'RollingUpdate' && maxUnavailable > desired) maxUnavailable = desired;
    let progressing: Condition | undefined;
    const paused = deployment.spec.paused === true;

    if (newRS) {
      const annotations = { ...newRS.metadata.annotations, ...copiedAnnotations(deployment) };
      const oldRevision = revisionOf(newRS);
      if (oldRevision < Number(newRevision)) {
        annotations[REVISION] = newRevision;
        if (oldRevision > 0) {
          const history = newRS.metadata.annotations?.[REVISION_HISTORY];
          annotations[REVISION_HISTORY] = history ? `${history},${oldRevision}` : String(oldRevision);
        }
        progressing = {
          type: 'Progressing',
          status: 'True',
          reason: 'FoundNewReplicaSet',
          message: `Found new replica set "${newRS.metadata.name}"`,
        };
      }
      if (!deepEqual(annotations, newRS.metadata.annotations)) {
        const next = clone(newRS);
        next.metadata.annotations = annotations;
        newRS = store.update('replicasets', next) as Workload;
      }
    } else if (!paused) {
      const template = clone(deployment.spec.template);
      const hash = templateHash(template, num(deployment.status?.collisionCount));
      template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH]: hash } };
      defaultPodTemplate(template);
      const activeOld = olds.reduce((sum, rs) => sum + (rs.spec.replicas ?? 0), 0);
      let replicas = desired;
      if (strategy === 'Recreate') replicas = activeOld > 0 ? 0 : desired;
      else if (activeOld > 0) replicas = Math.max(0, Math.min(desired, desired + maxSurge - activeOld));
      newRS = store.create('replicasets', {
        metadata: {
          name: `${deployment.metadata.name}-${hash}`,
          namespace: deployment.metadata.namespace,
          labels: { ...deployment.spec.template.metadata?.labels, [POD_TEMPLATE_HASH]: hash },
          annotations: {
            ...copiedAnnotations(deployment),
            [DESIRED_REPLICAS]: String(desired),
            [MAX_REPLICAS]: String(desired + maxSurge),
            [REVISION]: newRevision,
          },
          ownerReferences: [ownerReference(deployment)],
        },
        spec: {
          replicas,
          minReadySeconds: deployment.spec.minReadySeconds,
          selector: {
            ...clone(deployment.spec.selector),
            matchLabels: { ...deployment.spec.selector?.matchLabels, [POD_TEMPLATE_HASH]: hash },
          },
          template,
        },
      }) as Workload;
      if (replicas > 0)
        event(
          deployment,
          'Normal',
          'ScalingReplicaSet',
          `Scaled up replica set ${newRS.metadata.name} from 0 to ${replicas}`,
        );
      progressing = {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetCreated',
        message: `Created new replica set "${newRS.metadata.name}"`,
      };
    }

    // The deployment carries its newest revision (and what the new ReplicaSet has).
    if (newRS && deployment.metadata.annotations?.[REVISION] !== newRS.metadata.annotations?.[REVISION]) {
      const next = clone(deployment);
      next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: newRS.metadata.annotations![REVISION]! };
      deployment = store.update('deployments', next) as Workload;
    }

    if (newRS && !paused) {
      olds = olds.map(
        (rs) => (store.get('replicasets', rs.metadata.namespace, rs.metadata.name!) as Workload | undefined) ?? rs,
      );
      if (strategy === 'Recreate') {
        for (const rs of olds) if ((rs.spec.replicas ?? 0) > 0) scaleReplicaSet(deployment, rs, 0);
        const oldPods = olds.reduce((sum, rs) => sum + store.owned('pods', rs).length, 0);
        if (oldPods === 0 && newRS.spec.replicas !== desired) newRS = scaleReplicaSet(deployment, newRS, desired);
      } else {
        // Scale up the new ReplicaSet within maxSurge.
        const total = [newRS, ...olds].reduce((sum, rs) => sum + (rs.spec.replicas ?? 0), 0);
        const newReplicas = newRS.spec.replicas ?? 0;
        if (newReplicas > desired) newRS = scaleReplicaSet(deployment, newRS, desired);
        else if (newReplicas < desired && total < desired + maxSurge)
          newRS = scaleReplicaSet(deployment, newRS, Math.min(desired, newReplicas + desired + maxSurge - total));
        // Scale down old ReplicaSets within maxUnavailable: unhealthy replicas first, then available ones.
        const minAvailable = desired - maxUnavailable;
        const allPods = [newRS, ...olds].reduce((sum, rs) => sum + (rs.spec.replicas ?? 0), 0);
        const newUnavailable = (newRS.spec.replicas ?? 0) - num(newRS.status?.availableReplicas);
        let cleanup = allPods - minAvailable - newUnavailable;
        if (cleanup > 0) {
          for (const rs of olds) {
            if (cleanup <= 0) break;
            const unhealthy = (rs.spec.replicas ?? 0) - num(rs.status?.availableReplicas);
            if (unhealthy <= 0) continue;
            const down = Math.min(unhealthy, cleanup);
            cleanup -= down;
            const index = olds.indexOf(rs);
            olds[index] = scaleReplicaSet(deployment, rs, (rs.spec.replicas ?? 0) - down);
          }
          const available = [newRS, ...olds].reduce((sum, rs) => sum + num(rs.status?.availableReplicas), 0);
          let scaleDown = available - minAvailable;
          for (const [index, rs] of olds.entries()) {
            if (scaleDown <= 0) break;
            const replicas = rs.spec.replicas ?? 0;
            if (replicas === 0) continue;
            const down = Math.min(replicas, scaleDown);
            scaleDown -= down;
            olds[index] = scaleReplicaSet(deployment, rs, replicas - down);
          }
        }
      }
      // Old ReplicaSets beyond revisionHistoryLimit, once empty, are deleted.
      const limit = deployment.spec.revisionHistoryLimit ?? 10;
      const empty = olds
        .filter((rs) => (rs.spec.replicas ?? 0) === 0 && num(rs.status?.replicas) === 0)
        .sort((a, b) => revisionOf(a) - revisionOf(b));
      for (const rs of empty.slice(0, Math.max(0, empty.length - limit)))
        store.remove('replicasets', rs.metadata.namespace, rs.metadata.name!);
    }

    // Status, as syncRolloutStatus computes it.
    const current = (store.owned('replicasets', deployment) as Workload[]).filter((rs) => rs.metadata.uid);
    const fresh = newRS ? current.find((rs) => rs.metadata.uid === newRS!.metadata.uid) : undefined;
    const sum = (field: string) => current.reduce((total, rs) => total + num(rs.status?.[field]), 0);
    const previous = (deployment.status ?? {}) as Json;
    const status: Json = {
      observedGeneration: deployment.metadata.generation,
      replicas: sum('replicas'),
      updatedReplicas: num(fresh?.status?.replicas),
      readyReplicas: sum('readyReplicas'),
      availableReplicas: sum('availableReplicas'),
    };
    // As calculateStatus: the replicas asked of all ReplicaSets, less those available.
    const asked = current.reduce((total, rs) => total + (rs.spec.replicas ?? 0), 0);
    const unavailable = Math.max(0, asked - num(status.availableReplicas));
    if (unavailable > 0) status.unavailableReplicas = unavailable;
    if (num(previous.collisionCount)) status.collisionCount = previous.collisionCount;
    let conditions = ((previous.conditions as Condition[] | undefined) ?? []).map((condition) => ({ ...condition }));
    const stamp = timestamp(now);
    const withTimes = (condition: Condition): Condition => ({
      ...condition,
      lastUpdateTime: stamp,
      lastTransitionTime: stamp,
    });
    conditions = setCondition(
      conditions,
      withTimes(
        num(status.availableReplicas) >= desired - maxUnavailable
          ? {
              type: 'Available',
              status: 'True',
              reason: 'MinimumReplicasAvailable',
              message: 'Deployment has minimum availability.',
            }
          : {
              type: 'Available',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
      ),
      true,
    );
    const currentProgressing = conditions.find((condition) => condition.type === 'Progressing');
    if (paused) {
      if (currentProgressing?.reason !== 'DeploymentPaused')
        conditions = setCondition(
          conditions,
          withTimes({
            type: 'Progressing',
            status: 'Unknown',
            reason: 'DeploymentPaused',
            message: 'Deployment is paused',
          }),
        );
    } else if (progressing) {
      conditions = setCondition(conditions, withTimes(progressing));
    } else if (newRS) {
      const rsName = newRS.metadata.name;
      const complete =
        num(status.updatedReplicas) === desired &&
        num(status.replicas) === desired &&
        num(status.availableReplicas) === desired;
      const progressed =
        num(status.updatedReplicas) > num(previous.updatedReplicas) ||
        num(status.readyReplicas) > num(previous.readyReplicas) ||
        num(status.availableReplicas) > num(previous.availableReplicas) ||
        num(status.replicas) - num(status.updatedReplicas) < num(previous.replicas) - num(previous.updatedReplicas);
      if (complete) {
        if (currentProgressing?.reason !== 'NewReplicaSetAvailable' || currentProgressing.status !== 'True')
          conditions = setCondition(
            conditions,
            withTimes({
              type: 'Progressing',
              status: 'True',
              reason: 'NewReplicaSetAvailable',
              message: `ReplicaSet "${rsName}" has successfully progressed.`,
            }),
          );
      } else if (progressed || currentProgressing?.reason === 'DeploymentPaused' || !currentProgressing) {
        const condition = withTimes({
          type: 'Progressing',
          status: 'True',
          reason: currentProgressing?.reason === 'DeploymentPaused' ? 'DeploymentResumed' : 'ReplicaSetUpdated',
          message:
            currentProgressing?.reason === 'DeploymentPaused'
              ? 'Deployment is resumed'
              : `ReplicaSet "${rsName}" is progressing.`,
        });
        conditions = setCondition(conditions, condition);
      } else if (
        currentProgressing &&
        currentProgressing.status === 'True' &&
        currentProgressing.reason !== 'NewReplicaSetAvailable' &&
        deployment.spec.progressDeadlineSeconds !== undefined &&
        (Date.parse(currentProgressing.lastUpdateTime ?? '') || now) + deployment.spec.progressDeadlineSeconds * 1000 <
          now
      ) {
        conditions = setCondition(
          conditions,
          withTimes({
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: `ReplicaSet "${rsName}" has timed out progressing.`,
          }),
        );
        event(deployment, 'Warning', 'ProgressDeadlineExceeded', `ReplicaSet "${rsName}" has timed out progressing.`);
      }
    }
    // Available first, Progressing second, as the real status lists them.
    conditions.sort((a, b) => (a.type === b.type ? 0 : a.type === 'Available' ? -1 : b.type === 'Available' ? 1 : 0));
    status.conditions = conditions;
    if (!deepEqual(status, deployment.status)) store.update('deployments', { ...deployment, status });
  }

  // ---------------------------------------------------------------- ControllerRevisions
  /** The set's revision for its current template: an equal one reused (renumbered), or a new one. */
  function syncRevision(
    set: Workload,
    kind: 'StatefulSet' | 'DaemonSet',
  ): { revision: KubeObject; hash: string; all: KubeObject[] } {
    const revisions = store.owned('controllerrevisions', set);
    const data = { spec: { template: { ...clone(set.spec.template), $patch: 'replace' } } };
    const hash = templateHash(data);
    const maxRevision = Math.max(0, ...revisions.map((revision) => num(revision.revision)));
    const equal = revisions.find((revision) => stableJson(revision.data) === stableJson(data));
    if (equal) {
      if (num(equal.revision) < maxRevision) {
        const renumbered = store.update('controllerrevisions', { ...equal, revision: maxRevision + 1 });
        return {
          revision: renumbered,
          hash:
            equal.metadata.labels?.[
              kind === 'StatefulSet' ? 'controller.kubernetes.io/hash' : CONTROLLER_REVISION_HASH
            ] ?? hash,
          all: store.owned('controllerrevisions', set),
        };
      }
      return {
        revision: equal,
        hash:
          equal.metadata.labels?.[
            kind === 'StatefulSet' ? 'controller.kubernetes.io/hash' : CONTROLLER_REVISION_HASH
          ] ?? hash,
        all: revisions,
      };
    }
    const created = store.create('controllerrevisions', {
      metadata: {
        name: `${set.metadata.name}-${hash}`,
        namespace: set.metadata.namespace,
        labels: {
          ...set.spec.template.metadata?.labels,
          [kind === 'StatefulSet' ? 'controller.kubernetes.io/hash' : CONTROLLER_REVISION_HASH]: hash,
        },
        ...(set.metadata.annotations && { annotations: { ...set.metadata.annotations } }),
        ownerReferences: [ownerReference(set)],
      },
      data,
      revision: maxRevision + 1,
    });
    return { revision: created, hash, all: [...revisions, created] };
  }

  function truncateHistory(set: Workload, all: KubeObject[], live: Set<string>): void {
    const limit = set.spec.revisionHistoryLimit ?? 10;
    const dead = all
      .filter((revision) => !live.has(revision.metadata.name!))
      .sort((a, b) => num(a.revision) - num(b.revision));
    for (const revision of dead.slice(0, Math.max(0, dead.length - limit)))
      store.remove('controllerrevisions', revision.metadata.namespace, revision.metadata.name!);
  }

  function templateOfRevision(revision: KubeObject): PodTemplate {
    const data = revision.data as { spec: { template: PodTemplate & { $patch?: string } } };
    const template = clone(data.spec.template);
    delete template.$patch;
    return template;
  }

  // ---------------------------------------------------------------- StatefulSet
  function syncStatefulSet(set: Workload, now: number): void {
    if (set.metadata.deletionTimestamp) return;
    const { revision: update, all } = syncRevision(set, 'StatefulSet');
    const updateRevision = update.metadata.name!;
    const previous = (set.status ?? {}) as Json;
    const currentRevision =
      typeof previous.currentRevision === 'string' && all.some((r) => r.metadata.name === previous.currentRevision)
        ? previous.currentRevision
        : updateRevision;
    const current = all.find((revision) => revision.metadata.name === currentRevision) ?? update;
    const replicas = set.spec.replicas ?? 1;
    const partition =
      set.spec.updateStrategy?.type === 'RollingUpdate'
        ? (set.spec.updateStrategy.rollingUpdate?.partition ?? 0)
        : replicas;
    const parallel = set.spec.podManagementPolicy === 'Parallel';
    const pods = new Map(store.owned('pods', set).map((pod) => [pod.metadata.name!, pod]));
    const ready = (pod: KubeObject | undefined) => pod !== undefined && kubelet.readySince(pod) !== undefined;
    const revisionOfPod = (pod: KubeObject) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH];
    let blocked = false;
    for (let ordinal = 0; ordinal < replicas && !blocked; ordinal++) {
      const name = `${set.metadata.name}-${ordinal}`;
      const pod = pods.get(name);
      if (pod && pod.status?.phase === 'Failed') {
        deletePod(set, pod);
        pods.delete(name);
        if (!parallel) blocked = true;
        continue;
      }
      if (!pod) {
        const revision = ordinal < partition ? current : update;
        createPod(set, templateOfRevision(revision), name, {
          [CONTROLLER_REVISION_HASH]: revision.metadata.name!,
          'statefulset.kubernetes.io/pod-name': name,
          'apps.kubernetes.io/pod-index': String(ordinal),
        });
        if (!parallel) blocked = true;
        continue;
      }
      if (!ready(pod) && !parallel) blocked = true;
    }
    // Pods beyond replicas go, highest ordinal first, one at a time.
    if (!blocked) {
      const extra = [...pods.values()]
        .filter((pod) => Number(pod.metadata.labels?.['apps.kubernetes.io/pod-index'] ?? -1) >= replicas)
        .sort(
          (a, b) =>
            Number(b.metadata.labels?.['apps.kubernetes.io/pod-index']) -
            Number(a.metadata.labels?.['apps.kubernetes.io/pod-index']),
        );
      if (extra[0]) {
        deletePod(set, extra[0]);
        blocked = true;
      }
    }
    // Rolling update: from the highest ordinal down to the partition, one pod at a time, each after
    // the others are Running and Ready (a broken pod stops it, as in the real controller).
    if (!blocked && set.spec.updateStrategy?.type === 'RollingUpdate') {
      for (let ordinal = replicas - 1; ordinal >= partition; ordinal--) {
        const pod = pods.get(`${set.metadata.name}-${ordinal}`);
        if (!pod) break;
        if (revisionOfPod(pod) !== updateRevision) {
          deletePod(set, pod);
          break;
        }
        if (!ready(pod)) break;
      }
    }
    const live = store.owned('pods', set);
    const status: Json = {
      observedGeneration: set.metadata.generation,
      replicas: live.length,
      readyReplicas: live.filter((pod) => ready(pod)).length,
      currentReplicas: live.filter((pod) => revisionOfPod(pod) === currentRevision).length,
      updatedReplicas: live.filter((pod) => revisionOfPod(pod) === updateRevision).length,
      availableReplicas: live.filter((pod) => kubelet.isAvailable(pod, set.spec.minReadySeconds ?? 0, now)).length,
      currentRevision,
      updateRevision,
      collisionCount: 0,
    };
    if (
      num(status.updatedReplicas) === replicas &&
      num(status.readyReplicas) === replicas &&
      num(status.replicas) === replicas
    ) {
      status.currentRevision = updateRevision;
      status.currentReplicas = status.updatedReplicas;
    }
    for (const key of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'] as const)
      if (status[key] === 0) Reflect.deleteProperty(status, key);
    truncateHistory(
      set,
      store.owned('controllerrevisions', set),
      new Set([String(status.currentRevision), updateRevision, ...live.map((pod) => revisionOfPod(pod) ?? '')]),
    );
    if (!deepEqual(status, set.status)) store.update('statefulsets', { ...set, status });
  }

  // ---------------------------------------------------------------- DaemonSet
  function syncDaemonSet(set: Workload, now: number): void {
    if (set.metadata.deletionTimestamp) return;
    const { revision: update, hash, all } = syncRevision(set, 'DaemonSet');
    const template = templateOfRevision(update);
    const pods = store.owned('pods', set);
    const nodeNames = nodes();
    const minReady = set.spec.minReadySeconds ?? 0;
    const available = (pod: KubeObject) => kubelet.isAvailable(pod, minReady, now);
    const hashOf = (pod: KubeObject) => pod.metadata.labels?.[CONTROLLER_REVISION_HASH];
    const byNode = new Map<string, KubeObject[]>();
    for (const pod of pods) {
      const node = String(pod.spec?.nodeName ?? '');
      if (!nodeNames.includes(node) || pod.status?.phase === 'Failed') {
        deletePod(set, pod);
        continue;
      }
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    for (const node of nodeNames) {
      const onNode = byNode.get(node) ?? [];
      if (onNode.length === 0)
        createPod(
          set,
          template,
          `${set.metadata.name}-${randomSuffix()}`,
          { [CONTROLLER_REVISION_HASH]: hash, 'pod-template-generation': String(set.metadata.generation ?? 1) },
          node,
        );
      for (const pod of onNode.slice(1)) deletePod(set, pod);
    }
    if (set.spec.updateStrategy?.type === 'RollingUpdate') {
      const maxUnavailable = Math.max(
        1,
        resolveIntOrPercent(set.spec.updateStrategy.rollingUpdate?.maxUnavailable, nodeNames.length, true),
      );
      const current = store.owned('pods', set);
      let unavailable = nodeNames.filter(
        (node) => !current.some((pod) => pod.spec?.nodeName === node && available(pod)),
      ).length;
      for (const pod of current.filter((candidate) => hashOf(candidate) !== hash)) {
        if (!available(pod)) deletePod(set, pod);
        else if (unavailable < maxUnavailable) {
          deletePod(set, pod);
          unavailable += 1;
        }
      }
    }
    const live = store.owned('pods', set);
    const scheduledNodes = new Set(live.map((pod) => String(pod.spec?.nodeName)));
    const status: Json = {
      currentNumberScheduled: scheduledNodes.size,
      desiredNumberScheduled: nodeNames.length,
      numberMisscheduled: 0,
      numberReady: live.filter((pod) => kubelet.readySince(pod) !== undefined).length,
      observedGeneration: set.metadata.generation,
      updatedNumberScheduled: live.filter((pod) => hashOf(pod) === hash).length,
      numberAvailable: live.filter(available).length,
      numberUnavailable: Math.max(0, nodeNames.length - live.filter(available).length),
    };
    for (const key of ['updatedNumberScheduled', 'numberAvailable', 'numberUnavailable'] as const)
      if (status[key] === 0) Reflect.deleteProperty(status, key);
    truncateHistory(
      set,
      all,
      new Set([update.metadata.name!, ...live.map((pod) => `${set.metadata.name}-${hashOf(pod)}`)]),
    );
    if (!deepEqual(status, set.status)) store.update('daemonsets', { ...set, status });
  }

  // ---------------------------------------------------------------- Job
  function syncJob(job: Job, now: number): void {
    if (job.metadata.deletionTimestamp) return;
    const previous = (job.status ?? {}) as Json;
    const conditions = ((previous.conditions as Condition[] | undefined) ?? []).map((condition) => ({ ...condition }));
    const finished = conditions.some(
      (condition) => ['Complete', 'Failed'].includes(condition.type) && condition.status === 'True',
    );
    const pods = store.owned('pods', job);
    const succeeded = pods.filter((pod) => pod.status?.phase === 'Succeeded').length;
    const failedPods = pods.filter((pod) => pod.status?.phase === 'Failed').length;
    const restarts = pods.reduce(
      (total, pod) =>
        total +
        ((pod.status?.containerStatuses as Json[] | undefined) ?? []).reduce(
          (sum, container) => sum + num(container.restartCount),
          0,
        ),
      0,
    );
    const failed = failedPods + restarts;
    let active = pods.filter((pod) => !['Succeeded', 'Failed'].includes(String(pod.status?.phase)));
    const stamp = timestamp(now);
    const status: Json = { ...previous };
    status.startTime ??= stamp;
    const completions = job.spec.completions ?? 1;
    const parallelism = job.spec.parallelism ?? 1;
    if (!finished && !job.spec.suspend) {
      const started = Date.parse(String(status.startTime));
      let failure: { reason: string; message: string } | undefined;
      if (failed > (job.spec.backoffLimit ?? 6))
        failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
      else if (job.spec.activeDeadlineSeconds !== undefined && started + job.spec.activeDeadlineSeconds * 1000 < now)
        failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      if (failure) {
        for (const pod of active) deletePod(job, pod);
        active = [];
        conditions.push(
          { type: 'FailureTarget', status: 'True', ...failure, lastProbeTime: stamp, lastTransitionTime: stamp },
          { type: 'Failed', status: 'True', ...failure, lastProbeTime: stamp, lastTransitionTime: stamp },
        );
        event(job, 'Warning', failure.reason, failure.message);
      } else if (succeeded >= completions) {
        const reason = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
        conditions.push(
          { type: 'SuccessCriteriaMet', status: 'True', ...reason, lastProbeTime: stamp, lastTransitionTime: stamp },
          { type: 'Complete', status: 'True', ...reason, lastProbeTime: stamp, lastTransitionTime: stamp },
        );
        status.completionTime = stamp;
        event(job, 'Normal', 'Completed', 'Job completed');
      } else {
        const want = Math.min(parallelism, completions - succeeded) - active.length;
        for (let i = 0; i < want; i++) createPod(job, job.spec.template, `${job.metadata.name}-${randomSuffix()}`, {});
        active = store.owned('pods', job).filter((pod) => !['Succeeded', 'Failed'].includes(String(pod.status?.phase)));
      }
    }
    if (active.length) status.active = active.length;
    else delete status.active;
    status.ready = active.filter((pod) => kubelet.readySince(pod) !== undefined).length;
    status.terminating = 0;
    if (succeeded) status.succeeded = succeeded;
    if (failed) status.failed = failed;
    status.uncountedTerminatedPods = {};
    if (conditions.length) status.conditions = conditions;
    if (!deepEqual(status, job.status)) store.update('jobs', { ...job, status });
  }

  // ---------------------------------------------------------------- garbage collector
  function collectGarbage(): void {
    const uids = new Set<string>();
    for (const resource of ['deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs'])
      for (const object of store.list(resource)) uids.add(object.metadata.uid!);
    for (const resource of ['replicasets', 'pods', 'controllerrevisions', 'jobs']) {
      for (const object of store.list(resource)) {
        const owner = object.metadata.ownerReferences?.find((reference) => reference.controller);
        if (owner && !uids.has(owner.uid)) {
          store.remove(resource, object.metadata.namespace, object.metadata.name!);
          if (resource === 'pods') kubelet.forget(object.metadata.uid!);
        }
      }
    }
  }

  return {
    tick(now = Date.now()) {
      collectGarbage();
      for (const deployment of store.list('deployments')) syncDeployment(deployment as Workload, now);
      for (const rs of store.list('replicasets')) syncReplicaSet(rs as Workload, now);
      for (const set of store.list('statefulsets')) syncStatefulSet(set as Workload, now);
      for (const set of store.list('daemonsets')) syncDaemonSet(set as Workload, now);
      for (const job of store.list('jobs')) syncJob(job as Job, now);
      kubelet.tick(now);
    },
  };
}

export { byKind, apiVersionOf, isObject, selectorMatches };
