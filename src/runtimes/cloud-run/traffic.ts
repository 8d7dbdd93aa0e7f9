/**
 * Traffic splits (cloud-run-traffic, promote): parsed from lines, checked against the service as it
 * is, and turned into the service's traffic list, keeping every tag where it points. Pure.
 */
import type { protos } from '@google-cloud/run';

type TrafficTarget = protos.google.cloud.run.v2.ITrafficTarget;
type TrafficStatus = protos.google.cloud.run.v2.ITrafficTargetStatus;

/** One line of a split: the latest ready revision, a named revision, or the revision a tag points to. */
export type SplitEntry =
  | { readonly kind: 'latest'; readonly percent: number }
  | { readonly kind: 'revision'; readonly revision: string; readonly percent: number }
  | { readonly kind: 'tag'; readonly tag: string; readonly percent: number };

const LATEST_TYPE = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';
const REVISION_TYPE = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION';
const REVISION_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
export const TAG_NAME = /^[a-z](?:[-a-z0-9]{0,44}[a-z0-9])?$/;

export function isLatestType(type: unknown): boolean {
  return type === LATEST_TYPE || type === 1;
}

/**
 * Lines such as LATEST=10, web-00042-abc=90, TAG=pr-5:100 (blank lines and # comments skipped):
 * every problem is returned, and the percentages must add up to 100.
 */
export function parseSplit(text: string): { entries: SplitEntry[]; problems: string[] } {
  const entries: SplitEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of text.split(/\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([^=\s]+)\s*=\s*(?:([^:=\s]*):)?\s*([^:=\s]+)$/.exec(line);
    const where = `line ${index + 1} ("${line.slice(0, 60)}")`;
    if (!match) {
      problems.push(`${where} is not LATEST=PERCENT, REVISION=PERCENT or TAG=NAME:PERCENT, e.g. LATEST=100`);
      continue;
    }
    const [, key, tag, percentText] = match as unknown as [string, string, string | undefined, string];
    const percent = Number(percentText);
    if (!/^\d+$/.test(percentText) || percent > 100) {
      problems.push(`${where}: ${percentText} is not a whole percentage from 0 to 100`);
      continue;
    }
    let entry: SplitEntry;
    if (key === 'TAG') {
      if (!tag || !TAG_NAME.test(tag)) {
        problems.push(`${where}: name the tag, e.g. TAG=pr-5:100 (lower-case letters, digits and hyphens)`);
        continue;
      }
      entry = { kind: 'tag', tag, percent };
    } else if (tag !== undefined) {
      problems.push(`${where}: only a TAG line takes NAME:PERCENT, e.g. TAG=pr-5:100`);
      continue;
    } else if (key === 'LATEST') {
      entry = { kind: 'latest', percent };
    } else if (REVISION_NAME.test(key)) {
      entry = { kind: 'revision', revision: key, percent };
    } else {
      problems.push(`${where}: "${key}" is not LATEST, TAG or a revision name (e.g. web-00042-abc)`);
      continue;
    }
    const id = describeEntry(entry);
    if (seen.has(id)) {
      problems.push(`${id} is given twice: give each once`);
      continue;
    }
    seen.add(id);
    entries.push(entry);
  }
  if (problems.length === 0 && entries.length > 0) {
    const total = entries.reduce((sum, e) => sum + e.percent, 0);
    if (total !== 100) problems.push(`the percentages add up to ${total}, not 100`);
  }
  return { entries, problems };
}

/** LATEST, a revision's name, or TAG pr-5 (without the percentage). */
export function describeEntry(entry: SplitEntry): string {
  return entry.kind === 'latest' ? 'LATEST' : entry.kind === 'revision' ? entry.revision : `TAG ${entry.tag}`;
}

/**
 * The revision each tag points to now, from trafficStatuses (which resolve LATEST to a revision) and,
 * where they are missing, from the traffic entries themselves.
 */
export function tagTargets(
  traffic: readonly TrafficTarget[] | null | undefined,
  statuses: readonly TrafficStatus[] | null | undefined,
  latestReady: string,
): Map<string, string> {
  const tags = new Map<string, string>();
  for (const t of traffic ?? []) {
    if (!t.tag) continue;
    const revision = isLatestType(t.type) ? latestReady : (t.revision ?? '');
    if (revision) tags.set(t.tag, revision);
  }
  for (const s of statuses ?? []) if (s.tag && s.revision) tags.set(s.tag, s.revision);
  return tags;
}

/**
 * The service's traffic with exactly the split asked for: LATEST stays LATEST, a tag is resolved to
 * the revision it points to, and every tag keeps pointing where it did (on the entry of its
 * revision when that has no tag yet, else in an entry of its own with 0%).
 */
export function applySplit(
  current: readonly TrafficTarget[] | null | undefined,
  statuses: readonly TrafficStatus[] | null | undefined,
  latestReady: string,
  split: readonly SplitEntry[],
): TrafficTarget[] {
  const tags = tagTargets(current, statuses, latestReady);
  const result: TrafficTarget[] = split.map((entry) => {
    if (entry.kind === 'latest') return { type: LATEST_TYPE, percent: entry.percent };
    const revision = entry.kind === 'revision' ? entry.revision : tags.get(entry.tag);
    if (!revision) throw new Error(`tag ${(entry as { tag: string }).tag} points to no revision`);
    return { type: REVISION_TYPE, revision, percent: entry.percent };
  });
  for (const t of current ?? []) {
    if (!t.tag) continue;
    const follows = isLatestType(t.type);
    const home = result.find(
      (r) => !r.tag && (follows ? isLatestType(r.type) : !isLatestType(r.type) && r.revision === t.revision),
    );
    if (home) home.tag = t.tag;
    else
      result.push(
        follows
          ? { type: LATEST_TYPE, percent: 0, tag: t.tag }
          : { type: REVISION_TYPE, revision: t.revision, percent: 0, tag: t.tag },
      );
  }
  return result;
}

/**
 * Traffic as people read it: "90% web-00001-old, 10% LATEST (web-00002-new), tag pr-5 → web-00002-new".
 * LATEST is resolved to the latest ready revision when it is known.
 */
export function describeTraffic(traffic: readonly TrafficTarget[] | null | undefined, latestReady: string): string {
  const entries: readonly TrafficTarget[] = traffic?.length ? traffic : [{ type: LATEST_TYPE, percent: 100 }];
  const served = entries
    .filter((t) => (t.percent ?? 0) > 0)
    .map(
      (t) => `${t.percent}% ${isLatestType(t.type) ? `LATEST${latestReady ? ` (${latestReady})` : ''}` : t.revision}`,
    );
  const tagged = entries
    .filter((t) => t.tag)
    .map((t) => `tag ${t.tag} → ${isLatestType(t.type) ? 'LATEST' : t.revision}`);
  return [...served, ...tagged].join(', ') || 'no traffic';
}

/** Whether two traffic lists ask for the same split and tags, whatever their order and enum encoding. */
export function sameTraffic(
  a: readonly TrafficTarget[] | null | undefined,
  b: readonly TrafficTarget[] | null | undefined,
): boolean {
  const key = (list: readonly TrafficTarget[] | null | undefined) =>
    (list?.length ? list : ([{ type: LATEST_TYPE, percent: 100 }] as TrafficTarget[]))
      .map((t) => `${isLatestType(t.type) ? 'LATEST' : t.revision}|${t.percent ?? 0}|${t.tag ?? ''}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}
