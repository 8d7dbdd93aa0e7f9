/**
 * The pure half of the Container Apps runtime: the template to send, made from the app (or job) as it is by
 * changing only the chosen container and the given fields; the traffic to set in Multiple revision
 * mode; the plan lines; and what a revision's states say (ready, still starting, or failed).
 */
import type {
  Container,
  ContainerApp,
  EnvironmentVar,
  JobTemplate,
  Revision,
  Template,
  TrafficWeight,
} from '@azure/arm-appcontainers';
import type { ContainerAppsInputs, ContainerAppsJobInputs } from './inputs.js';
import { AzureError } from '../../clouds/azure.js';

/** The app's revision mode; Single is Azure's default when the app does not say. */
export function isMultipleMode(app: ContainerApp): boolean {
  return (app.configuration?.activeRevisionsMode ?? 'Single').toLowerCase() === 'multiple';
}

/** What the container edits read of the inputs: the same for an app and a job. */
type ContainerInputs = Pick<ContainerAppsInputs | ContainerAppsJobInputs, 'container' | 'env' | 'flags'>;

/**
 * The container that runs the image: the one named, or the only one; otherwise an error listing
 * them. `owner` names the app or job ("app web", "job migrate").
 */
export function chooseContainer(
  containers: readonly Container[],
  owner: string,
  inputs: Pick<ContainerInputs, 'container'>,
): number {
  const names = containers.map((c) => c.name ?? '(unnamed)').join(', ');
  if (inputs.container !== undefined) {
    const index = containers.findIndex((c) => c.name === inputs.container);
    if (index >= 0) return index;
    throw new AzureError(
      `container-apps-container: ${owner} has no container "${inputs.container}"; its containers are: ${names || 'none'}`,
    );
  }
  if (containers.length === 1) return 0;
  throw new AzureError(
    containers.length === 0
      ? `${owner} has no container in its template to put the image in`
      : `${owner} has ${containers.length} containers (${names}): set container-apps-container to the one that runs the image`,
  );
}

/** The containers with the image (by digest), env and resources applied to the chosen one, each change named. */
function applyToContainers(
  containers: readonly Container[],
  owner: string,
  inputs: ContainerInputs,
  image: string,
  changes: string[],
): Container[] {
  const edited = [...containers];
  const index = chooseContainer(containers, owner, inputs);
  const container: Container = structuredClone(edited[index]!);
  if (container.image !== image) {
    changes.push(`image: ${container.image || '(none)'} → ${image}`);
    container.image = image;
  }
  applyEnv(container, inputs, changes);
  applyResources(container, inputs, changes);
  edited[index] = container;
  return edited;
}

function applyEnv(container: Container, inputs: ContainerInputs, changes: string[]): void {
  const env: EnvironmentVar[] = [...(container.env ?? [])];
  for (const [name, wanted] of Object.entries(inputs.env)) {
    const index = env.findIndex((e) => e.name === name);
    const old = index < 0 ? undefined : env[index];
    let change: string | undefined;
    // Values are never shown: they may be credentials someone put in a plain variable.
    if ('secretRef' in wanted) {
      if (old?.secretRef !== wanted.secretRef)
        change = `env ${name}: ${old?.secretRef ? `secretref:${old.secretRef} → ` : ''}secretref:${wanted.secretRef}`;
    } else if (!old) change = `env ${name}: set`;
    else if (old.secretRef) change = `env ${name}: secretref:${old.secretRef} → plain value`;
    else if ((old.value ?? '') !== wanted.value) change = `env ${name}: changed`;
    if (!change) continue;
    changes.push(change);
    const entry: EnvironmentVar =
      'secretRef' in wanted ? { name, secretRef: wanted.secretRef } : { name, value: wanted.value };
    if (index < 0) env.push(entry);
    else env[index] = entry;
  }
  container.env = env;
}

function applyResources(container: Container, inputs: ContainerInputs, changes: string[]): void {
  const { cpu, memory } = inputs.flags;
  const resources = { ...(container.resources ?? {}) };
  if (cpu !== undefined && resources.cpu !== cpu) {
    changes.push(`cpu: ${resources.cpu ?? 'default'} → ${cpu}`);
    resources.cpu = cpu;
  }
  if (memory !== undefined && resources.memory !== memory) {
    changes.push(`memory: ${resources.memory ?? 'default'} → ${memory}`);
    resources.memory = memory;
  }
  // ephemeralStorage is read-only: sending it back would be refused.
  delete (resources as { ephemeralStorage?: string }).ephemeralStorage;
  if (container.resources || cpu !== undefined || memory !== undefined) container.resources = resources;
}

/** The largest Consumption size: 4 vCPU with 8 GiB (on an environment with workload profiles). */
const CONSUMPTION_MAX_CPU = 4;

/**
 * On the Consumption plan Azure takes only 2 GiB of memory per vCPU, in steps of 0.25 vCPU, summed
 * over the containers, and refuses anything else when the revision is created — after the push. So a
 * cpu or memory this run sets is checked here, before anything moves. Dedicated workload profiles
 * take other sizes, and a container without both values gets Azure's defaults: neither is checked.
 */
export function checkConsumptionResources(
  containers: readonly Container[],
  workloadProfileName: string | undefined,
  owner: string,
  inputs: ContainerInputs,
): void {
  if (inputs.flags.cpu === undefined && inputs.flags.memory === undefined) return;
  if (workloadProfileName !== undefined && workloadProfileName.toLowerCase() !== 'consumption') return;
  let cpu = 0;
  let memoryGi = 0;
  for (const container of containers) {
    const memory = /^(\d+(?:\.\d+)?)Gi$/.exec(container.resources?.memory ?? '');
    if (container.resources?.cpu === undefined || !memory) return;
    cpu += container.resources.cpu;
    memoryGi += Number(memory[1]);
  }
  const quarters = cpu * 4;
  const fits =
    Math.abs(quarters - Math.round(quarters)) < 1e-9 &&
    cpu >= 0.25 &&
    cpu <= CONSUMPTION_MAX_CPU &&
    Math.abs(memoryGi - 2 * cpu) < 1e-9;
  if (fits) return;
  const several = containers.length > 1 ? ` (all ${containers.length} containers together)` : '';
  throw new AzureError(
    `container-apps-flags: ${owner} would ask for cpu ${cpu} and memory ${memoryGi}Gi${several}, which the Consumption plan refuses: ` +
      `it takes 2 GiB per vCPU in steps of 0.25 vCPU, from cpu 0.25 with memory 0.5Gi to cpu ${CONSUMPTION_MAX_CPU} with memory ${2 * CONSUMPTION_MAX_CPU}Gi ` +
      `(e.g. cpu=${nearestQuarter(cpu)} with memory=${2 * nearestQuarter(cpu)}Gi). Nothing was pushed or changed`,
  );
}

function nearestQuarter(cpu: number): number {
  return Math.min(CONSUMPTION_MAX_CPU, Math.max(0.25, Math.round(cpu * 4) / 4));
}

function applyScale(template: Template, inputs: ContainerAppsInputs, changes: string[]): void {
  const scale = { ...(template.scale ?? {}) };
  const set = (key: 'minReplicas' | 'maxReplicas', label: string, value: number | undefined) => {
    if (value === undefined || scale[key] === value) return;
    changes.push(`${label}: ${scale[key] ?? 'default'} → ${value}`);
    scale[key] = value;
  };
  set('minReplicas', 'min-replicas', inputs.flags.minReplicas);
  set('maxReplicas', 'max-replicas', inputs.flags.maxReplicas);
  if (template.scale || inputs.flags.minReplicas !== undefined || inputs.flags.maxReplicas !== undefined)
    template.scale = scale;
}

export interface RenderedTemplate {
  /** The whole template (PATCH replaces arrays, so containers go whole, with only one edited). */
  readonly template: Template;
  /** What changes, one line each; empty when the app already runs this image as asked. */
  readonly changes: readonly string[];
  /** The new revision's name when revision-suffix fixes it. */
  readonly revisionName: string | undefined;
}

/** The template to send: the app's own, with the image by digest and the given fields in the chosen container. */
export function renderTemplate(app: ContainerApp, inputs: ContainerAppsInputs, image: string): RenderedTemplate {
  const template: Template = structuredClone(app.template ?? {});
  const changes: string[] = [];
  template.containers = applyToContainers(template.containers ?? [], `app ${inputs.app}`, inputs, image, changes);
  checkConsumptionResources(template.containers, app.workloadProfileName, `app ${inputs.app}`, inputs);
  applyScale(template, inputs, changes);

  const suffix = inputs.revisionSuffix;
  const revisionName = suffix ? `${inputs.app}--${suffix}` : undefined;
  if (suffix && template.revisionSuffix !== suffix) {
    changes.push(`revision name: ${revisionName}`);
    template.revisionSuffix = suffix;
  } else if (suffix && changes.length > 0) {
    // The running revision already has this name, and a revision never changes.
    throw new AzureError(
      `revision-suffix: app ${inputs.app} already has revision ${revisionName}, and a revision cannot change: use another suffix (e.g. the commit SHA and the run attempt)`,
    );
  } else if (!suffix && changes.length > 0 && template.revisionSuffix) {
    // The earlier deploy's fixed suffix would clash with the new revision: let Azure name it.
    template.revisionSuffix = '';
  }
  return { template, changes, revisionName };
}

/** A job's template with the image and the given fields in the chosen container (sent whole: PATCH replaces arrays). */
export function renderJobTemplate(
  template: JobTemplate | undefined,
  inputs: ContainerAppsJobInputs,
  image: string,
  workloadProfileName?: string,
): { readonly template: JobTemplate; readonly changes: readonly string[] } {
  const edited: JobTemplate = structuredClone(template ?? {});
  const changes: string[] = [];
  edited.containers = applyToContainers(edited.containers ?? [], `job ${inputs.job}`, inputs, image, changes);
  checkConsumptionResources(edited.containers, workloadProfileName, `job ${inputs.job}`, inputs);
  return { template: edited, changes };
}

/**
 * Multiple mode, before the new revision is ready: whatever follows the latest revision is pinned
 * to the one serving now, so traffic stays there until the new one is healthy (and if it fails).
 * Undefined when nothing follows the latest revision.
 */
export function holdTraffic(app: ContainerApp): TrafficWeight[] | undefined {
  const traffic = app.configuration?.ingress?.traffic ?? [];
  const serving = app.latestReadyRevisionName;
  if (!serving || !traffic.some((t) => t.latestRevision && (t.weight ?? 0) > 0)) return undefined;
  return traffic.map((t) => (t.latestRevision ? { ...t, latestRevision: false, revisionName: serving } : { ...t }));
}

/**
 * Multiple mode, once the new revision is ready: 100% to it by name (other labels kept at 0), or with
 * no-traffic what served before keeps serving; the label, if any, moves to the new revision.
 */
export function finalTraffic(
  current: readonly TrafficWeight[],
  newRevision: string,
  inputs: Pick<ContainerAppsInputs, 'noTraffic' | 'label'>,
): TrafficWeight[] {
  const others = current
    .filter((t) => !(inputs.label && t.label === inputs.label))
    // With traffic moving to the new revision, only other revisions' labels stay (at 0).
    .filter((t) => inputs.noTraffic || (t.label && t.revisionName !== newRevision))
    .map((t) => (inputs.noTraffic ? { ...t } : { ...t, weight: 0 }));
  const entry: TrafficWeight = { revisionName: newRevision, weight: inputs.noTraffic ? 0 : 100 };
  if (inputs.label) entry.label = inputs.label;
  // Nothing to say for a revision with no weight and no label: it needs no entry.
  return inputs.noTraffic && !inputs.label ? others : [...others, entry];
}

/**
 * The same traffic, written down in a comparable order (for "does anything change"); an entry that
 * follows the latest revision counts as one for `latest` by name.
 */
export function sameTraffic(a: readonly TrafficWeight[], b: readonly TrafficWeight[], latest: string): boolean {
  const line = (t: TrafficWeight) =>
    `${t.latestRevision ? latest : (t.revisionName ?? '')}:${t.weight ?? 0}:${t.label ?? ''}`;
  return JSON.stringify(a.map(line).sort()) === JSON.stringify(b.map(line).sort());
}

/** The plan's lines about traffic, in Multiple mode. */
export function trafficPlan(app: ContainerApp, inputs: Pick<ContainerAppsInputs, 'noTraffic' | 'label'>): string[] {
  if (!app.configuration?.ingress)
    return ['no ingress: no traffic to move; the new revision runs beside the revisions active now (Multiple mode)'];
  const lines = [
    inputs.noTraffic
      ? `traffic: stays on ${app.latestReadyRevisionName ?? 'the revisions serving now'}; the new revision gets none`
      : 'traffic: 100% to the new revision once it is healthy (until then, where it is now)',
  ];
  const url = labelUrl(app, inputs.label);
  if (inputs.label) lines.push(`label ${inputs.label}: the new revision${url ? ` (${url})` : ''}`);
  return lines;
}

/** The app's environment domain: its ingress FQDN without the app's name. */
function environmentDomain(app: ContainerApp): string | undefined {
  const fqdn = app.configuration?.ingress?.fqdn;
  const prefix = `${app.name}.`;
  return fqdn?.startsWith(prefix) ? fqdn.slice(prefix.length) : undefined;
}

/** A label's URL: https://APP---LABEL.ENVDOMAIN (three hyphens). */
export function labelUrl(app: ContainerApp, label: string | undefined): string | undefined {
  const domain = environmentDomain(app);
  return label && domain ? `https://${app.name}---${label}.${domain}` : undefined;
}

/** The URL the deployed image serves: the label's, the app's (when the revision has traffic), or the revision's own. */
export function deployedUrl(
  app: ContainerApp,
  revision: Revision,
  inputs: Pick<ContainerAppsInputs, 'noTraffic' | 'label'>,
): string | undefined {
  if (inputs.label) return labelUrl(app, inputs.label);
  if (inputs.noTraffic) return revision.fqdn ? `https://${revision.fqdn}` : undefined;
  const fqdn = app.configuration?.ingress?.fqdn;
  return fqdn ? `https://${fqdn}` : undefined;
}

export type RevisionState =
  | { readonly kind: 'ready' }
  | { readonly kind: 'pending'; readonly state: string }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * What a revision's states say. Ready is Provisioned, Running and Healthy; a Failed provisioning or
 * a Failed or Degraded running state is final; anything else (values Azure adds later too) is pending.
 */
export function revisionState(revision: Revision): RevisionState {
  const provisioning = revision.provisioningState ?? 'unknown';
  const running = revision.runningState ?? 'unknown';
  const health = revision.healthState ?? 'unknown';
  const state = `provisioningState ${provisioning}, runningState ${running}, healthState ${health}`;
  const because = revision.provisioningError ? `: ${revision.provisioningError}` : '';
  if (/^(failed|deprovision(ing|ed))$/i.test(provisioning) || /^(failed|degraded|stopped)$/i.test(running))
    return { kind: 'failed', reason: `${state}${because}` };
  if (/^provisioned$/i.test(provisioning) && /^running$/i.test(running) && /^healthy$/i.test(health))
    return { kind: 'ready' };
  return { kind: 'pending', state: `${state}${because}` };
}

/** Where traffic goes, for messages: "100% to web--v1, 0% to web--v2 (label pr-7)". */
export function describeTraffic(app: ContainerApp): string {
  const traffic = app.configuration?.ingress?.traffic ?? [];
  if (!isMultipleMode(app) || traffic.length === 0) return `all to ${app.latestReadyRevisionName ?? 'no revision'}`;
  return traffic
    .map(
      (t) =>
        `${t.weight ?? 0}% to ${t.latestRevision ? `the latest revision` : (t.revisionName ?? '?')}${t.label ? ` (label ${t.label})` : ''}`,
    )
    .join(', ');
}

/** Container Apps runs linux/amd64 images only: an image that lists platforms without it cannot start. */
export function platformProblem(image: string, platforms: readonly string[]): string | undefined {
  if (platforms.length === 0 || platforms.some((p) => /^linux\/amd64(?:\/|$)/.test(p))) return undefined;
  return `Azure Container Apps runs linux/amd64 images, and ${image} is for ${platforms.join(', ')} only: build it for linux/amd64 too (docker buildx build --platform linux/amd64,linux/arm64)`;
}
