/**
 * The typed settings of cloud-run-flags (settings.ts) and secret files applied to a service's
 * revision template or a job's task template: each changes only when it differs from what is
 * there, and says so in one plan line. Pure.
 */
import type { protos } from '@google-cloud/run';
import type { SecretReference } from './inputs.js';
import type { CloudRunSettings, ExecutionEnvironment, Ingress, VpcEgress } from './settings.js';

type Container = protos.google.cloud.run.v2.IContainer;
type Volume = protos.google.cloud.run.v2.IVolume;
type Duration = protos.google.protobuf.IDuration;
type RevisionTemplate = protos.google.cloud.run.v2.IRevisionTemplate;
type TaskTemplate = protos.google.cloud.run.v2.ITaskTemplate;
type VpcAccess = protos.google.cloud.run.v2.IVpcAccess;

/** Each enum as the REST transport may hand it back: its name or (enum-encoding=int) its number. */
const EGRESS: Record<VpcEgress, [string, number]> = {
  'all-traffic': ['ALL_TRAFFIC', 1],
  'private-ranges-only': ['PRIVATE_RANGES_ONLY', 2],
};
const ENVIRONMENT: Record<ExecutionEnvironment, [string, number]> = {
  gen1: ['EXECUTION_ENVIRONMENT_GEN1', 1],
  gen2: ['EXECUTION_ENVIRONMENT_GEN2', 2],
};
export const INGRESS: Record<Ingress, [string, number]> = {
  all: ['INGRESS_TRAFFIC_ALL', 1],
  internal: ['INGRESS_TRAFFIC_INTERNAL_ONLY', 2],
  'internal-and-cloud-load-balancing': ['INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER', 3],
};

function enumIs(value: unknown, [name, number]: [string, number]): boolean {
  return value === name || value === number;
}

/** The input's word for an enum value read from the service, or the value itself. */
function enumWord<K extends string>(table: Record<K, [string, number]>, value: unknown): string {
  if (value === undefined || value === null || value === 0 || String(value).endsWith('_UNSPECIFIED')) return 'default';
  const found = (Object.entries(table) as [K, [string, number]][]).find(([, pair]) => enumIs(value, pair));
  return found ? found[0] : String(value);
}

/** A Duration as the client decodes it ({ seconds, nanos }, seconds maybe a string) or as JSON ("300s"). */
export function durationSeconds(duration: Duration | string | null | undefined): number | undefined {
  if (duration === null || duration === undefined) return undefined;
  if (typeof duration === 'string') return Number(duration.replace(/s$/, ''));
  if (duration.seconds === null || duration.seconds === undefined) return duration.nanos ? 0 : undefined;
  return Number(String(duration.seconds)) + (duration.nanos ?? 0) / 1e9;
}

const showList = (list: readonly string[] | null | undefined) =>
  list?.length ? JSON.stringify(list) : "(the image's)";

function sameList(a: readonly string[] | null | undefined, b: readonly string[]): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b);
}

/** command, args and startup CPU boost: settings of the container itself. */
export function applyContainerSettings(container: Container, settings: CloudRunSettings, changes: string[]): void {
  if (settings.command && !sameList(container.command, settings.command)) {
    changes.push(`command: ${showList(container.command)} → ${showList(settings.command)}`);
    container.command = [...settings.command];
  }
  if (settings.args && !sameList(container.args, settings.args)) {
    changes.push(`args: ${showList(container.args)} → ${showList(settings.args)}`);
    container.args = [...settings.args];
  }
  if (settings.cpuBoost !== undefined && (container.resources?.startupCpuBoost ?? false) !== settings.cpuBoost) {
    changes.push(`cpu-boost: ${container.resources?.startupCpuBoost ?? false} → ${settings.cpuBoost}`);
    container.resources = { ...(container.resources ?? {}), startupCpuBoost: settings.cpuBoost };
  }
}

/** Where a file's secret volume is mounted: its directory. */
function directoryOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/** A volume name Cloud Run takes (lower-case letters, digits, hyphens; at most 63) from a directory. */
function volumeNameFor(prefix: string, directory: string, taken: ReadonlySet<string>): string {
  const base = `${prefix}-${directory
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`.slice(0, 58);
  let name = base.replace(/-$/, '');
  for (let i = 2; taken.has(name) && i < 1000; i++) name = `${base.slice(0, 54)}-${i}`;
  return name;
}

/**
 * Secrets mounted as files: one volume per directory (Cloud Run mounts a volume per directory, and
 * a secret volume holds one secret), its items naming the files. A directory already mounted from
 * a secret volume has that volume changed; other volumes and mounts are kept. True when changed.
 */
export function applySecretFiles(
  template: { volumes?: Volume[] | null },
  container: Container,
  files: Readonly<Record<string, SecretReference>>,
  changes: string[],
  holder: string,
): boolean {
  const byDirectory = new Map<string, [string, SecretReference][]>();
  for (const [path, reference] of Object.entries(files)) {
    const directory = directoryOf(path);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), [path, reference]]);
  }
  if (byDirectory.size === 0) return false;
  const volumes: Volume[] = [...(template.volumes ?? [])];
  const mounts = [...(container.volumeMounts ?? [])];
  let changed = false;
  for (const [directory, entries] of byDirectory) {
    const secret = entries[0]![1].secret;
    const items = entries.map(([path, reference]) => ({
      path: path.slice(directory === '/' ? 1 : directory.length + 1),
      version: reference.version,
    }));
    const mount = mounts.find((m) => m.mountPath === directory);
    const existing = mount ? volumes.find((v) => v.name === mount.name) : undefined;
    if (mount && existing && !existing.secret) {
      throw new Error(
        `${holder} already mounts volume ${mount.name} on ${directory}, which is not a secret volume: mount the secret file in another directory`,
      );
    }
    const wanted: Volume = {
      name: existing?.name ?? volumeNameFor('secret', directory, new Set(volumes.map((v) => v.name ?? ''))),
      secret: { ...(existing?.secret ?? {}), secret, items },
    };
    const same =
      existing?.secret?.secret === secret &&
      JSON.stringify((existing.secret.items ?? []).map((i) => [i.path, i.version])) ===
        JSON.stringify(items.map((i) => [i.path, i.version]));
    if (same) continue;
    changed = true;
    for (const [path, reference] of entries)
      changes.push(`secret file ${path}: ${reference.secret}:${reference.version}`);
    if (existing) volumes[volumes.indexOf(existing)] = wanted;
    else volumes.push(wanted);
    if (!mount) mounts.push({ name: wanted.name!, mountPath: directory });
  }
  if (!changed) return false;
  template.volumes = volumes;
  container.volumeMounts = mounts;
  return true;
}

const CLOUD_SQL_PATH = '/cloudsql';

/**
 * Cloud SQL connections: a cloudSqlInstance volume mounted at /cloudsql (as the console and gcloud
 * set it up), its instances replaced by the given ones; an empty list removes volume and mount.
 */
export function applyCloudSql(
  template: { volumes?: Volume[] | null },
  container: Container,
  instances: readonly string[] | undefined,
  changes: string[],
): boolean {
  if (instances === undefined) return false;
  const volumes: Volume[] = [...(template.volumes ?? [])];
  const existing = volumes.find((v) => v.cloudSqlInstance);
  const before = existing?.cloudSqlInstance?.instances ?? [];
  if (sameList(before, instances)) return false;
  changes.push(
    `cloudsql-instances: ${before.length ? before.join(',') : 'none'} → ${instances.length ? instances.join(',') : 'none'}`,
  );
  const mounts = (container.volumeMounts ?? []).filter((m) => !existing || m.name !== existing.name);
  const rest = volumes.filter((v) => v !== existing);
  if (instances.length > 0) {
    const name = existing?.name ?? volumeNameFor('cloudsql', '', new Set(volumes.map((v) => v.name ?? '')));
    rest.push({ name, cloudSqlInstance: { instances: [...instances] } });
    mounts.push({ name, mountPath: CLOUD_SQL_PATH });
  }
  template.volumes = rest;
  container.volumeMounts = mounts;
  return true;
}

/**
 * The revision (or task) template's own settings: timeout, VPC access, execution environment,
 * session affinity. Each changed field's mask path goes to mask (relative to the template).
 */
export function applyTemplateSettings(
  template: RevisionTemplate | TaskTemplate,
  settings: CloudRunSettings,
  where: { readonly project: string; readonly region: string },
  changes: string[],
  mask: Set<string>,
): void {
  // A service's request timeout and a job's task timeout are the same field of their templates.
  const seconds = settings.timeoutSeconds ?? settings.taskTimeoutSeconds;
  const what = settings.taskTimeoutSeconds !== undefined ? 'task-timeout' : 'timeout';
  if (seconds !== undefined && durationSeconds(template.timeout) !== seconds) {
    const old = durationSeconds(template.timeout);
    changes.push(`${what}: ${old === undefined ? 'default' : `${old}s`} → ${seconds}s`);
    template.timeout = { seconds };
    mask.add('timeout');
  }

  if (applyVpcAccess(template, settings, where, changes)) mask.add('vpcAccess');

  const environment = settings.executionEnvironment;
  if (environment && !enumIs(template.executionEnvironment, ENVIRONMENT[environment])) {
    changes.push(`execution-environment: ${enumWord(ENVIRONMENT, template.executionEnvironment)} → ${environment}`);
    template.executionEnvironment = ENVIRONMENT[environment][0] as RevisionTemplate['executionEnvironment'];
    mask.add('executionEnvironment');
  }
  const revision = template as RevisionTemplate;
  if (settings.sessionAffinity !== undefined && (revision.sessionAffinity ?? false) !== settings.sessionAffinity) {
    changes.push(`session-affinity: ${revision.sessionAffinity ?? false} → ${settings.sessionAffinity}`);
    revision.sessionAffinity = settings.sessionAffinity;
    mask.add('sessionAffinity');
  }
}

function applyVpcAccess(
  template: { vpcAccess?: VpcAccess | null },
  settings: CloudRunSettings,
  where: { readonly project: string; readonly region: string },
  changes: string[],
): boolean {
  const { vpcConnector, network, subnet, vpcEgress } = settings;
  if (vpcConnector === undefined && network === undefined && subnet === undefined && vpcEgress === undefined)
    return false;
  const old = template.vpcAccess ?? {};
  const next: VpcAccess = { ...old };
  if (vpcConnector !== undefined) {
    next.connector = vpcConnector.includes('/')
      ? vpcConnector
      : `projects/${where.project}/locations/${where.region}/connectors/${vpcConnector}`;
    next.networkInterfaces = [];
  }
  if (network !== undefined || subnet !== undefined) {
    const current = old.networkInterfaces?.[0] ?? {};
    next.networkInterfaces = [
      {
        ...current,
        ...(network !== undefined && { network }),
        ...(subnet !== undefined && { subnetwork: subnet }),
        // A new network without a subnet: Cloud Run picks the subnet of the region.
        ...(network !== undefined && subnet === undefined && current.network !== network && { subnetwork: '' }),
      },
    ];
    next.connector = '';
  }
  if (vpcEgress !== undefined) next.egress = EGRESS[vpcEgress][0] as VpcAccess['egress'];
  if (!next.connector && !next.networkInterfaces?.length) {
    throw new Error(
      'vpc-egress needs VPC access: add vpc-connector, or network/subnet (Direct VPC egress), to cloud-run-flags',
    );
  }
  const lines: string[] = [];
  if ((old.connector ?? '') !== (next.connector ?? ''))
    lines.push(`vpc-connector: ${old.connector || 'none'} → ${next.connector || 'none'}`);
  const iface = (v: VpcAccess) => {
    const first = v.networkInterfaces?.[0];
    return first ? [first.network, first.subnetwork].filter(Boolean).join('/') || 'none' : 'none';
  };
  if (iface(old) !== iface(next)) lines.push(`direct vpc: ${iface(old)} → ${iface(next)}`);
  if (vpcEgress !== undefined && !enumIs(old.egress, EGRESS[vpcEgress]))
    lines.push(`vpc-egress: ${enumWord(EGRESS, old.egress)} → ${vpcEgress}`);
  if (lines.length === 0) return false;
  changes.push(...lines);
  if (!next.connector) Reflect.deleteProperty(next, 'connector');
  if (!next.networkInterfaces?.length) Reflect.deleteProperty(next, 'networkInterfaces');
  else
    next.networkInterfaces = next.networkInterfaces.map((n) => {
      const copy = { ...n };
      if (!copy.subnetwork) Reflect.deleteProperty(copy, 'subnetwork');
      return copy;
    });
  template.vpcAccess = next;
  return true;
}

/** Labels merged into the ones there (others kept); true when one changed. */
export function applyLabels(
  holder: { labels?: Record<string, string> | null },
  labels: Readonly<Record<string, string>> | undefined,
  changes: string[],
): boolean {
  if (!labels) return false;
  const current = { ...(holder.labels ?? {}) };
  const changed = Object.entries(labels).filter(([key, value]) => current[key] !== value);
  if (changed.length === 0) return false;
  for (const [key, value] of changed)
    changes.push(`label ${key}: ${current[key] === undefined ? 'set' : `${current[key] || '""'} →`} ${value || '""'}`);
  holder.labels = { ...current, ...labels };
  return true;
}

/** The service's ingress; true when it changed. */
export function applyIngress(service: { ingress?: unknown }, ingress: Ingress | undefined, changes: string[]): boolean {
  if (!ingress || enumIs(service.ingress, INGRESS[ingress])) return false;
  changes.push(`ingress: ${enumWord(INGRESS, service.ingress)} → ${ingress}`);
  service.ingress = INGRESS[ingress][0];
  return true;
}
