/** The validation kube-apiserver does for the kinds served, for the fields the stand-in models. Pure. */
import type { StatusCause } from './http.ts';
import { selectorMatches } from './selectors.ts';
import {
  deepEqual,
  isObject,
  type Container,
  type CronJob,
  type Job,
  type KubeObject,
  type PodSpec,
  type Workload,
} from './types.ts';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const goMap = (labels: Record<string, string> | undefined) =>
  `map[string]string{${Object.entries(labels ?? {})
    .map(([key, value]) => `"${key}":"${value}"`)
    .join(', ')}}`;

function podSpecCauses(spec: PodSpec | undefined, path: string, restartPolicies: readonly string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!spec || !Array.isArray(spec.containers) || spec.containers.length === 0) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${path}.containers` });
    return causes;
  }
  const names = new Set<string>();
  spec.containers.forEach((container: Container, index) => {
    const at = `${path}.containers[${index}]`;
    if (!container.name) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${at}.name` });
    else if (!DNS_LABEL.test(container.name))
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${container.name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`,
        field: `${at}.name`,
      });
    else if (names.has(container.name))
      causes.push({
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: "${container.name}"`,
        field: `${at}.name`,
      });
    names.add(container.name);
    if (!container.image || !String(container.image).trim())
      causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${at}.image` });
  });
  if (spec.restartPolicy && !restartPolicies.includes(spec.restartPolicy))
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: "${spec.restartPolicy}": supported values: ${restartPolicies.map((policy) => `"${policy}"`).join(', ')}`,
      field: `${path}.restartPolicy`,
    });
  return causes;
}

export function nameCauses(object: KubeObject, namespaced: boolean): StatusCause[] {
  const name = object.metadata.name;
  if (!name)
    return [
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ];
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name))
    return [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        field: 'metadata.name',
      },
    ];
  void namespaced;
  return [];
}

/** The problems with an object (about to be created, or replacing `previous`). */
export function validate(resource: string, object: KubeObject, previous?: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  switch (resource) {
    case 'deployments':
    case 'replicasets':
    case 'statefulsets':
    case 'daemonsets': {
      const workload = object as Workload;
      const selector = workload.spec?.selector;
      if (!selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length))
        causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' });
      else if (!selectorMatches(selector, workload.spec.template?.metadata?.labels))
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${goMap(workload.spec.template?.metadata?.labels)}: \`selector\` does not match template \`labels\``,
          field: 'spec.template.metadata.labels',
        });
      if (previous && !deepEqual((previous as Workload).spec.selector, selector))
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(selector)}: field is immutable`,
          field: 'spec.selector',
        });
      if (typeof workload.spec?.replicas === 'number' && workload.spec.replicas < 0)
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${workload.spec.replicas}: must be greater than or equal to 0`,
          field: 'spec.replicas',
        });
      causes.push(...podSpecCauses(workload.spec?.template?.spec, 'spec.template.spec', ['Always']));
      if (
        resource === 'deployments' &&
        workload.spec.progressDeadlineSeconds !== undefined &&
        workload.spec.progressDeadlineSeconds <= (workload.spec.minReadySeconds ?? 0)
      )
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${workload.spec.progressDeadlineSeconds}: must be greater than minReadySeconds`,
          field: 'spec.progressDeadlineSeconds',
        });
      break;
    }
    case 'jobs': {
      const job = object as Job;
      causes.push(...podSpecCauses(job.spec?.template?.spec, 'spec.template.spec', ['OnFailure', 'Never']));
      if (previous) {
        const before = previous as Job;
        if (!deepEqual(before.spec.template, job.spec.template))
          causes.push({
            reason: 'FieldValueInvalid',
            message: 'Invalid value: core.PodTemplateSpec{…}: field is immutable',
            field: 'spec.template',
          });
        if (!deepEqual(before.spec.selector, job.spec.selector))
          causes.push({
            reason: 'FieldValueInvalid',
            message: 'Invalid value: v1.LabelSelector{…}: field is immutable',
            field: 'spec.selector',
          });
        if (before.spec.completions !== job.spec.completions)
          causes.push({
            reason: 'FieldValueInvalid',
            message: `Invalid value: ${job.spec.completions}: field is immutable`,
            field: 'spec.completions',
          });
      }
      break;
    }
    case 'cronjobs': {
      const cronJob = object as CronJob;
      if (!cronJob.spec?.schedule)
        causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.schedule' });
      causes.push(
        ...podSpecCauses(cronJob.spec?.jobTemplate?.spec?.template?.spec, 'spec.jobTemplate.spec.template.spec', [
          'OnFailure',
          'Never',
        ]),
      );
      break;
    }
    case 'pods': {
      causes.push(...podSpecCauses(object.spec as PodSpec | undefined, 'spec', ['Always', 'OnFailure', 'Never']));
      if (previous && isObject(previous.spec) && isObject(object.spec)) {
        // Only images (and a few fields) of a pod may change.
        const strip = (spec: unknown) => {
          const copy = structuredClone(spec) as PodSpec;
          for (const container of [...(copy.containers ?? []), ...(copy.initContainers ?? [])]) delete container.image;
          delete copy.activeDeadlineSeconds;
          delete copy.tolerations;
          return copy;
        };
        if (!deepEqual(strip(previous.spec), strip(object.spec)))
          causes.push({
            reason: 'FieldValueForbidden',
            message:
              'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
            field: 'spec',
          });
      }
      break;
    }
    default:
      break;
  }
  return causes;
}
