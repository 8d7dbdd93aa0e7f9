/**
 * A traffic split (cloud-run-traffic, promote) against the service: checked in prepare (every
 * revision and tag it names must exist, and a named revision must be ready), and set once the new
 * revision is ready, as an update of the traffic alone (its own updateMask, with the etag read).
 */
import type { RevisionsClient, ServicesClient } from '@google-cloud/run';
import { explainGoogleError, googleStatus, GoogleStatus, waitForOperation } from '../../clouds/google.js';
import { UserError } from '../../oci/user-error.js';
import type { Log } from '../../oci/log.js';
import type { CloudRunInputs } from './inputs.js';
import { CloudRunError, conditionSucceeded, failureMessages, shortName, type Service } from './render.js';
import { applySplit, describeEntry, describeTraffic, sameTraffic, tagTargets } from './traffic.js';

type ServiceTarget = Extract<CloudRunInputs['target'], { kind: 'service' }>;

/**
 * A split that names what the service does not have: an input error (worded and titled as the
 * action's InputError, which this module cannot import without a cycle), found before any push.
 */
export class SplitInputError extends UserError {
  constructor(
    readonly input: string,
    readonly problems: readonly string[],
  ) {
    super(
      problems.length === 1
        ? `Input "${input}": ${problems[0]}`
        : `${problems.length} problems with input "${input}":\n${problems.map((p) => `- ${p}`).join('\n')}`,
      `Invalid input ${input}`,
    );
    this.name = 'SplitInputError';
  }
}

function splitInput(target: ServiceTarget): string {
  return target.trafficInput ?? 'cloud-run-traffic';
}

/**
 * Every revision and tag the split names exists on the service (or is the one this deploy makes),
 * and every named revision is ready; otherwise an input error, before anything is pushed.
 */
export async function checkSplit(
  revisions: RevisionsClient,
  serviceName: string,
  label: string,
  existing: Service | undefined,
  target: ServiceTarget,
  newRevisionName: string | undefined,
): Promise<void> {
  if (!target.traffic) return;
  const problems: string[] = [];
  const ready = shortName(existing?.latestReadyRevision);
  const tags = tagTargets(existing?.traffic, existing?.trafficStatuses, ready);
  for (const entry of target.traffic) {
    if (entry.kind === 'tag') {
      if (tags.has(entry.tag) || entry.tag === target.revisionTag) continue;
      const known = [...tags.keys()];
      problems.push(
        `tag ${entry.tag} does not exist on ${label}${known.length ? `; its tags: ${known.join(', ')}` : ', which has no tags'}`,
      );
      continue;
    }
    if (entry.kind !== 'revision' || entry.revision === newRevisionName) continue;
    const name = `${serviceName}/revisions/${entry.revision}`;
    try {
      const [revision] = await revisions.getRevision({ name });
      const readyCondition = (revision.conditions ?? []).find((c) => c.type === 'Ready');
      if (readyCondition && !conditionSucceeded(readyCondition)) {
        const why = failureMessages(revision.conditions).join('; ');
        problems.push(`revision ${entry.revision} is not ready${why ? ` (${why})` : ''}: it cannot take traffic`);
      }
    } catch (error) {
      if (googleStatus(error) !== GoogleStatus.NOT_FOUND)
        throw explainGoogleError(error, `Reading revision ${entry.revision}`, name, 'roles/run.viewer');
      const serving = [...new Set((existing?.trafficStatuses ?? []).map((t) => t.revision).filter(Boolean))];
      problems.push(
        `revision ${entry.revision} does not exist in ${label}${serving.length ? `; revisions with traffic or a tag: ${serving.join(', ')}` : ''}`,
      );
    }
  }
  if (problems.length) throw new SplitInputError(splitInput(target), problems);
}

/**
 * Sets the split on the service as it is now (after the new revision's rollout): LATEST follows the
 * latest ready revision, tags are resolved where they point now, and every tag is kept.
 */
export async function setSplit(
  services: ServicesClient,
  name: string,
  label: string,
  target: ServiceTarget,
  timeoutSeconds: number,
  role: string,
  log: Log,
): Promise<Service> {
  const [service] = await services.getService({ name });
  const ready = shortName(service.latestReadyRevision);
  const split = target.traffic ?? [];
  let traffic;
  try {
    traffic = applySplit(service.traffic, service.trafficStatuses, ready, split);
  } catch (error) {
    throw new CloudRunError(`${label}: ${splitInput(target)}: ${(error as Error).message}; traffic was left as it is`);
  }
  const before = describeTraffic(service.traffic, ready);
  if (sameTraffic(service.traffic, traffic)) {
    log(`${label}: traffic is already as ${splitInput(target)} asks (${before})`);
    return service;
  }
  log(`${label}: setting traffic to ${describeTraffic(traffic, ready)} (was ${before})`);
  try {
    const [operation] = await services.updateService({
      service: { name, etag: service.etag, traffic },
      updateMask: { paths: ['traffic'] },
    });
    const check = (operationName: string) => services.checkUpdateServiceProgress(operationName);
    return await waitForOperation(operation, check, timeoutSeconds);
  } catch (error) {
    const cause = explainGoogleError(error, `Setting the traffic of ${label}`, name, role);
    throw new CloudRunError(
      `${label}: revision ${ready} is ready, but setting the traffic split (${split.map((e) => `${describeEntry(e)}=${e.percent}`).join(', ')}) failed: ${cause.message}. Traffic stays as it was: ${before}`,
      { cause: error },
    );
  }
}
