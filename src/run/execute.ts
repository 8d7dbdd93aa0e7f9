/**
 * The execute stage of a deploying run: a GitHub deployment opened for it, and the push (the
 * runtime's deploy follows it in run()). Each returns what the report needs of it.
 */
import { startDeployment, type DeploymentTracker } from '../github/deployments.js';
import type { Inputs } from '../inputs.js';
import type { ManifestDescriptor } from '../oci/client.js';
import { copyImage, type CopyResult } from '../oci/copy.js';
import type { Log } from '../oci/log.js';
import type { ImageSource } from '../oci/sources/index.js';
import type { RegistryAccess } from '../registries/access.js';
import type { DestinationState } from '../registries/destination.js';
import type { RunEvent } from './io.js';
import { legOf } from './leg.js';
import type { DestinationRefs } from './source.js';

/** What the push did: the copy's result, and the requests each registry took. */
export interface Pushed {
  readonly copied: CopyResult;
  readonly requests: Readonly<Record<string, number>>;
}

/** A GitHub deployment for the run, when a token and an environment are given. */
export async function openDeployment(
  inputs: Inputs,
  event: RunEvent,
  env: NodeJS.ProcessEnv,
  digest: string,
): Promise<DeploymentTracker | undefined> {
  if (!inputs.githubToken || !inputs.environment) return undefined;
  return startDeployment({
    token: inputs.githubToken,
    repo: event.repo,
    ref: event.sha,
    environment: inputs.environment,
    description: `${legOf(inputs)} @ ${digest.slice(0, 19)}`,
    logUrl: runUrl(env),
  });
}

/**
 * Opens a connection to the destination registry while the source is read and the setup checked,
 * so its first request (after prepare) does not also wait for a handshake: only a connection, no
 * request reaches it before prepare. Not for a plan (it pushes nothing), nor for the source's own
 * registry, whose connections are open already. There the push scope is not asked for early
 * either: a token service may refuse a whole request when push is denied, and that must be said
 * by the push, after prepare, not by the source read (so a copy within one registry takes two
 * tokens, the source's and the push's).
 */
export function preconnectDestination(inputs: Inputs, access: RegistryAccess, source: ImageSource, planning: boolean) {
  if (planning || source.location?.registry === inputs.destination.registry) return;
  access.clientFor(inputs.destination.registry).preconnect();
}

/**
 * Whether the destination's tags are worth asking for: not for a retag inside the source's own
 * repository, where the push writes the tags without looking (copy.ts), so the answer would go unread.
 */
export function destinationIsSource(inputs: Inputs, source: ImageSource): boolean {
  return (
    source.location?.registry === inputs.destination.registry &&
    source.location.repository === inputs.destination.repository
  );
}

/**
 * Starts asking what the destination's tags hold, so the destination answers while the source is
 * read (one round trip for both, not one after the other). The push awaits it; a run that ends
 * sooner leaves it unread.
 */
export function lookUpDestinationTags(
  inputs: Inputs,
  access: RegistryAccess,
  tags: readonly string[],
): Promise<readonly (ManifestDescriptor | undefined)[]> {
  const client = access.clientFor(inputs.destination.registry);
  const { repository } = inputs.destination;
  client.willPush(repository); // the token asked for now is the one the push uses
  const lookup = Promise.all(tags.map((tag) => client.headManifest(repository, tag)));
  lookup.catch(() => {}); // the push reports a failure, with the request that failed
  return lookup;
}

export interface PushContext {
  readonly inputs: Inputs;
  readonly source: ImageSource;
  readonly access: RegistryAccess;
  readonly destination: DestinationRefs;
  readonly repository: DestinationState | undefined;
  readonly log: Log;
  /** The destination's tags, already being looked up (lookUpDestinationTags). */
  readonly current?: Promise<readonly (ManifestDescriptor | undefined)[]>;
}

export async function push({
  inputs,
  source,
  access,
  destination,
  repository,
  log,
  current,
}: PushContext): Promise<Pushed> {
  const pushStarted = performance.now();
  const copied = await copyImage({
    source,
    target: { client: access.clientFor(inputs.destination.registry), repository: inputs.destination.repository },
    tags: destination.tags,
    copyReferrers: inputs.copyReferrers,
    immutableTags: repository?.immutableTags ?? false,
    log,
    ...(current && { current }),
  });
  const requests = access.requestCounts();
  const s = copied.stats;
  log(
    copied.upToDate
      ? `${destination.refs.join(', ')} already at ${copied.digest}: nothing to push`
      : `pushed ${copied.digest} in ${((performance.now() - pushStarted) / 1000).toFixed(3)} s: ` +
          `${s.uploaded} blobs uploaded, ${s.mounted} mounted, ${s.skipped} already there`,
  );
  if (copied.related.referrers > 0 || copied.related.tags.length > 0) {
    log(
      `with it: ${copied.related.referrers} referrers (signatures, SBOMs, attestations)` +
        (copied.related.tags.length ? `, tags ${copied.related.tags.join(', ')}` : ''),
    );
  }
  log(
    `requests: ${Object.entries(requests)
      .map(([registry, count]) => `${registry} ${count}`)
      .join(', ')}`,
  );
  return { copied, requests };
}

/** This run's page, for links from a deployment. */
function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}
