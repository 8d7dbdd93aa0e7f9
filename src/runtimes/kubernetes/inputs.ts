/**
 * The Kubernetes runtime's inputs: the workloads whose container gets the image (in order), the
 * namespace, and how to reach the cluster (a kubeconfig, or an EKS, GKE or AKS cluster by name).
 */
import type { InputContext } from '../../input-reader.js';
import { readAzureSubscription, type AzureIdentityInputs } from '../../clouds/azure-inputs.js';
import type { RuntimeInputContext } from '../runtime.js';

export const WORKLOAD_KINDS = ['deployment', 'statefulset', 'daemonset', 'cronjob', 'job'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly name: string;
}

/** How the run reaches the cluster. */
export type ClusterAccess =
  /** KUBECONFIG / ~/.kube/config (or the in-cluster service account), as a setup action left it. */
  | { readonly kind: 'default'; readonly context: string | undefined }
  /** The kubeconfig input, kept in memory only. */
  | { readonly kind: 'inline'; readonly kubeconfig: string; readonly context: string | undefined }
  | { readonly kind: 'eks'; readonly name: string; readonly region: string }
  | { readonly kind: 'gke'; readonly project: string | undefined; readonly location: string; readonly name: string }
  | {
      readonly kind: 'aks';
      readonly resourceGroup: string;
      readonly name: string;
      readonly identity: AzureIdentityInputs;
      readonly subscriptionId: string | undefined;
    };

export interface KubernetesInputs {
  readonly workloads: readonly WorkloadRef[];
  /** undefined: the context's namespace (else "default"). */
  readonly namespace: string | undefined;
  /** The container to update when the pod template has several. */
  readonly container: string | undefined;
  readonly cluster: ClusterAccess;
  /** Undo a failed rollout (restore the pod template read before the patch). */
  readonly rollback: boolean;
  readonly waitTimeoutSeconds: number;
}

/** kubectl's names for each kind (singular, plural, short), as `kubectl get` takes them, optionally with the group. */
const KIND_ALIASES: Readonly<Record<string, WorkloadKind>> = {
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
  ds: 'daemonset',
  cronjob: 'cronjob',
  cronjobs: 'cronjob',
  cj: 'cronjob',
  job: 'job',
  jobs: 'job',
};
const GROUP_OF: Readonly<Record<WorkloadKind, string>> = {
  deployment: 'apps',
  statefulset: 'apps',
  daemonset: 'apps',
  cronjob: 'batch',
  job: 'batch',
};

/** deployment, deploy.apps, cronjobs.batch → the kind; undefined for anything else. */
function kindOf(text: string): WorkloadKind | undefined {
  const dot = text.indexOf('.');
  const kind = KIND_ALIASES[dot < 0 ? text : text.slice(0, dot)];
  if (!kind || (dot >= 0 && text.slice(dot + 1) !== GROUP_OF[kind])) return undefined;
  return kind;
}

// Kubernetes object names: a DNS-1123 subdomain (lower-case alphanumerics, "-" and ".", at most 253).
const OBJECT_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
// Namespaces and container names: a DNS-1123 label (at most 63).
const LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const GKE_LOCATION = /^[a-z]+-[a-z]+\d+(?:-[a-z])?$/;
const GKE_NAME = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;
const RESOURCE_GROUP = /^[-\w.()]{0,89}[-\w()]$/;
const AKS_NAME = /^[a-zA-Z0-9](?:[-_a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

function readWorkloads(ctx: InputContext): WorkloadRef[] {
  const lines = ctx.list('k8s-workload');
  if (lines.length === 0) {
    ctx.problem(
      'k8s-workload',
      'is required with runtime kubernetes: the workload to update, e.g. deployment/web (one per line; statefulset/, daemonset/, cronjob/ and job/ too)',
    );
    return [];
  }
  const workloads: WorkloadRef[] = [];
  for (const line of lines) {
    const slash = line.indexOf('/');
    const kindText = slash < 0 ? 'deployment' : line.slice(0, slash).toLowerCase();
    const name = slash < 0 ? line : line.slice(slash + 1);
    const kind = Object.hasOwn(KIND_ALIASES, kindText.split('.')[0]!) ? kindOf(kindText) : undefined;
    if (!kind) {
      ctx.problem(
        'k8s-workload',
        `"${line}": "${kindText}" is not a kind this action updates; use deployment/NAME, statefulset/NAME, daemonset/NAME, cronjob/NAME or job/NAME`,
      );
      continue;
    }
    if (!OBJECT_NAME.test(name)) {
      ctx.problem(
        'k8s-workload',
        `"${line}": "${name}" is not a Kubernetes name (lower-case letters, digits, "-" and ".", e.g. deployment/web)`,
      );
      continue;
    }
    if (kind === 'job' && name.length > 57)
      ctx.problem(
        'k8s-workload',
        `"${line}": a Job run gets the name ${name}-XXXXX, which must fit in 63 characters: shorten the name to 57`,
      );
    if (workloads.some((w) => w.kind === kind && w.name === name)) {
      ctx.problem('k8s-workload', `${kind}/${name} is named twice`);
      continue;
    }
    workloads.push({ kind, name });
  }
  return workloads;
}

function readContext(ctx: InputContext): string | undefined {
  return ctx.text('k8s-context');
}

/** k8s-cluster (eks:NAME, gke:LOCATION/NAME, aks:RESOURCE_GROUP/NAME), else the kubeconfig input, else the environment's. */
function readCluster(
  ctx: InputContext,
  common: RuntimeInputContext,
  env: NodeJS.ProcessEnv,
): ClusterAccess | undefined {
  const clusterText = ctx.text('k8s-cluster');
  const kubeconfig = ctx.read('kubeconfig');
  const context = readContext(ctx);
  if (clusterText === undefined) {
    if (kubeconfig === '') return { kind: 'default', context };
    if (!/["']?\bclusters["']?\s*:/.test(kubeconfig))
      return ctx.problem(
        'kubeconfig',
        'is not a kubeconfig (YAML or JSON with clusters, users and contexts), e.g. ${{ secrets.KUBECONFIG }}',
      );
    return { kind: 'inline', kubeconfig, context };
  }
  if (kubeconfig !== '')
    ctx.problem(
      'kubeconfig',
      'and k8s-cluster exclude each other: give a kubeconfig, or name an EKS, GKE or AKS cluster',
    );
  if (context !== undefined)
    ctx.problem('k8s-context', 'picks a context of a kubeconfig; with k8s-cluster there is none: drop one of them');
  const colon = clusterText.indexOf(':');
  const provider = colon < 0 ? '' : clusterText.slice(0, colon);
  const rest = colon < 0 ? '' : clusterText.slice(colon + 1);
  const shape = 'use eks:NAME, gke:LOCATION/NAME or aks:RESOURCE_GROUP/NAME';
  switch (provider) {
    case 'eks': {
      if (!EKS_NAME.test(rest))
        return ctx.problem('k8s-cluster', `"${clusterText}": "${rest}" is not an EKS cluster name (e.g. eks:prod)`);
      const region = ctx.text('aws-region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
      if (region === undefined)
        return ctx.problem(
          'aws-region',
          'is required with k8s-cluster: eks:… when AWS_REGION is not set (e.g. us-east-1)',
        );
      if (!AWS_REGION.test(region))
        return ctx.problem('aws-region', `"${region}" is not an AWS region, e.g. us-east-1`);
      return { kind: 'eks', name: rest, region };
    }
    case 'gke': {
      const [location, name, extra] = rest.split('/');
      if (extra !== undefined || !location || !name || !GKE_LOCATION.test(location) || !GKE_NAME.test(name))
        return ctx.problem(
          'k8s-cluster',
          `"${clusterText}" is not gke:LOCATION/NAME with a region or zone and a cluster name, e.g. gke:us-central1/prod or gke:europe-west1-b/dev`,
        );
      const project = ctx.text('gcp-project');
      if (project !== undefined && !GCP_PROJECT.test(project))
        return ctx.problem('gcp-project', `"${project}" is not a Google Cloud project ID`);
      return { kind: 'gke', project, location, name };
    }
    case 'aks': {
      const [resourceGroup, name, extra] = rest.split('/');
      if (extra !== undefined || !resourceGroup || !name || !RESOURCE_GROUP.test(resourceGroup) || !AKS_NAME.test(name))
        return ctx.problem(
          'k8s-cluster',
          `"${clusterText}" is not aks:RESOURCE_GROUP/NAME, e.g. aks:prod-rg/prod-cluster`,
        );
      return {
        kind: 'aks',
        resourceGroup,
        name,
        identity: common.azure,
        subscriptionId: readAzureSubscription(ctx, env),
      };
    }
    default:
      return ctx.problem('k8s-cluster', `"${clusterText}" names no cloud: ${shape}`);
  }
}

export function readKubernetesInputs(
  ctx: InputContext,
  common: RuntimeInputContext,
  env: NodeJS.ProcessEnv = process.env,
): KubernetesInputs | undefined {
  const before = ctx.problems.length;
  const workloads = readWorkloads(ctx);
  const namespace = ctx.text('k8s-namespace');
  if (namespace !== undefined && !LABEL.test(namespace))
    ctx.problem(
      'k8s-namespace',
      `"${namespace}" is not a namespace name (lower-case letters, digits and "-", at most 63 characters)`,
    );
  const container = ctx.text('k8s-container');
  if (container !== undefined && !LABEL.test(container))
    ctx.problem(
      'k8s-container',
      `"${container}" is not a container name (lower-case letters, digits and "-", at most 63 characters)`,
    );
  const cluster = readCluster(ctx, common, env);
  const rollback = ctx.boolean('k8s-rollback', true);
  const waitTimeoutSeconds = ctx.integer('wait-timeout', 600, 1, 86_400, 'seconds');
  if (ctx.problems.length > before || !cluster) return undefined;
  return { workloads, namespace, container, cluster, rollback, waitTimeoutSeconds };
}

/** How a workload reads in logs and errors: deployment/web. */
export function workloadLabel(workload: WorkloadRef): string {
  return `${workload.kind}/${workload.name}`;
}

/** Where this leg deploys, for the leg label. */
export function describeCluster(cluster: ClusterAccess): string {
  switch (cluster.kind) {
    case 'default':
    case 'inline':
      return cluster.context ?? 'kubeconfig';
    case 'eks':
      return `eks:${cluster.name}`;
    case 'gke':
      return `gke:${cluster.location}/${cluster.name}`;
    case 'aks':
      return `aks:${cluster.resourceGroup}/${cluster.name}`;
  }
}
