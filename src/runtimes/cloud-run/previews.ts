/**
 * Pull request previews that clean up after themselves (the pure half; runtime.ts calls Cloud Run).
 * `preview: true` on a pull_request event from this repository deploys a revision without traffic,
 * tagged pr-N (its URL https://pr-N---SERVICE-….run.app); when the pull request closes, merged or
 * not, the same step removes that tag, so the revision is no longer addressable; and each run also
 * removes the pr-M tags of pull requests GitHub says are closed (a close whose run never ran).
 * A fork's pull request never gets here: the gate only lets it plan.
 */
import { randomBytes } from 'node:crypto';
import type { protos } from '@google-cloud/run';
import type { PullRequestContext } from '../runtime.js';
import { CloudRunError } from './render.js';

type TrafficTarget = protos.google.cloud.run.v2.ITrafficTarget;

const PREVIEW_TAG = /^pr-(\d+)$/;

export function previewTag(number: number): string {
  return `pr-${number}`;
}

/** The pull request a preview is for; an error when the run is not for a pull request. */
export function previewPullRequest(pullRequest: PullRequestContext | undefined): PullRequestContext {
  if (!pullRequest) {
    throw new CloudRunError(
      'preview: true deploys pull request previews, and this run is not for a pull_request event. Run the step on pull_request (types: [opened, synchronize, reopened, closed]), or leave preview out',
    );
  }
  return pullRequest;
}

/**
 * The preview revision's name suffix: pr-N and a random part, so each push gets a revision of its
 * own that the tag is pinned to by name (a tag that followed the latest revision would move to the
 * next pull request's preview). Within Cloud Run's 63 characters for SERVICE-SUFFIX.
 */
export function previewSuffix(service: string, number: number, random = randomBytes(4).toString('hex')): string {
  const room = 63 - service.length - 1 - `pr${number}-`.length;
  if (room < 3) {
    throw new CloudRunError(
      `service ${service}'s name is too long for a preview revision name (${service}-pr${number}-…, at most 63 characters): set revision-suffix`,
    );
  }
  return `pr${number}-${random.slice(0, Math.min(room, random.length))}`;
}

/** The pull request numbers whose preview tags the traffic holds. */
export function previewNumbers(traffic: readonly TrafficTarget[] | null | undefined): number[] {
  const numbers = (traffic ?? []).flatMap((t) => {
    const match = PREVIEW_TAG.exec(t.tag ?? '');
    return match ? [Number(match[1])] : [];
  });
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/**
 * Traffic without the preview tags of these pull requests: an entry that only carried the tag
 * (0%) goes; one that also carries traffic (someone promoted the preview) keeps its percent and
 * loses only the tag, so no request moves. Undefined when none of them is tagged.
 */
export function withoutPreviewTags(
  traffic: readonly TrafficTarget[] | null | undefined,
  numbers: readonly number[],
): TrafficTarget[] | undefined {
  const tags = new Set(numbers.map(previewTag));
  const entries = traffic ?? [];
  if (!entries.some((t) => t.tag && tags.has(t.tag))) return undefined;
  return entries.flatMap((t) => {
    if (!t.tag || !tags.has(t.tag)) return [{ ...t }];
    if ((t.percent ?? 0) === 0) return [];
    const untagged = { ...t };
    delete untagged.tag;
    return [untagged];
  });
}

/** The pull requests other than this one whose preview tags should go: those GitHub says are closed. */
export async function closedPreviews(
  traffic: readonly TrafficTarget[] | null | undefined,
  pullRequest: PullRequestContext,
): Promise<{ readonly closed: readonly number[]; readonly warning?: string }> {
  const others = previewNumbers(traffic).filter((n) => n !== pullRequest.number);
  if (others.length === 0) return { closed: [] };
  if (!pullRequest.closedAmong) {
    return {
      closed: [],
      warning: `cannot tell whether the pull requests of preview tags ${others.map(previewTag).join(', ')} are closed without "github-token": their tags stay`,
    };
  }
  try {
    return { closed: await pullRequest.closedAmong(others) };
  } catch (error) {
    return {
      closed: [],
      warning: `preview tags ${others.map(previewTag).join(', ')} stay: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
