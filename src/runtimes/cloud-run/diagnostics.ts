/**
 * Why a revision did not become ready, so the error says what to fix: its failing conditions
 * (reason and message), its name, and its container's last log lines from Cloud Logging when they
 * can be read (entries:list needs roles/logging.viewer), or a link to its logs otherwise.
 */
import type { protos } from '@google-cloud/run';
import { googleRestCall, googleStatus, GoogleStatus } from '../../clouds/google.js';
import { shortName } from './render.js';

type Revision = protos.google.cloud.run.v2.IRevision;
type Condition = protos.google.cloud.run.v2.ICondition;

/** Condition.CommonReason and Condition.RevisionReason by number (the client may hand back either). */
const COMMON_REASONS: Record<number, string> = {
  1: 'UNKNOWN',
  3: 'REVISION_FAILED',
  4: 'PROGRESS_DEADLINE_EXCEEDED',
  6: 'CONTAINER_MISSING',
  7: 'CONTAINER_PERMISSION_DENIED',
  8: 'CONTAINER_IMAGE_UNAUTHORIZED',
  9: 'CONTAINER_IMAGE_AUTHORIZATION_CHECK_FAILED',
  10: 'ENCRYPTION_KEY_PERMISSION_DENIED',
  11: 'ENCRYPTION_KEY_CHECK_FAILED',
  12: 'SECRETS_ACCESS_CHECK_FAILED',
  13: 'WAITING_FOR_OPERATION',
  14: 'IMMEDIATE_RETRY',
  15: 'POSTPONED_RETRY',
  16: 'INTERNAL',
  17: 'VPC_NETWORK_NOT_FOUND',
};
const REVISION_REASONS: Record<number, string> = {
  1: 'PENDING',
  2: 'RESERVE',
  3: 'RETIRED',
  4: 'RETIRING',
  5: 'RECREATING',
  6: 'HEALTH_CHECK_CONTAINER_ERROR',
  7: 'CUSTOMIZED_PATH_RESPONSE_PENDING',
  8: 'MIN_INSTANCES_NOT_PROVISIONED',
  9: 'ACTIVE_REVISION_LIMIT_REACHED',
  10: 'NO_DEPLOYMENT',
  11: 'HEALTH_CHECK_SKIPPED',
  12: 'MIN_INSTANCES_WARMING',
};

function reasonOf(condition: Condition): string | undefined {
  const name = (value: unknown, table: Record<number, string>) =>
    typeof value === 'number'
      ? table[value]
      : typeof value === 'string' && !value.endsWith('UNDEFINED')
        ? value
        : undefined;
  return name(condition.revisionReason, REVISION_REASONS) ?? name(condition.reason, COMMON_REASONS);
}

function failed(condition: Condition): boolean {
  return condition.state === 'CONDITION_FAILED' || condition.state === 3;
}

/** Each failed condition as "Type (REASON): message", Ready first. */
export function failedConditions(conditions: readonly Condition[] | null | undefined): string[] {
  return (
    (conditions ?? [])
      .filter(failed)
      .sort((a, b) => Number(b.type === 'Ready') - Number(a.type === 'Ready'))
      .map((c) => {
        const reason = reasonOf(c);
        return `${c.type ?? 'condition'}${reason ? ` (${reason})` : ''}${c.message ? `: ${c.message}` : ''}`;
      })
      // Ready often repeats what the failing condition says: keep each message once.
      .filter((line, index, all) => {
        const message = line.slice(line.indexOf(': ') + 2);
        return all.findIndex((other) => other.slice(other.indexOf(': ') + 2) === message) === index;
      })
  );
}

/** The Cloud Console's logs of a revision: its logUri, or the Logs Explorer query for it. */
export function revisionLogsLink(
  revision: Revision | undefined,
  project: string,
  region: string,
  service: string,
  name: string,
): string {
  if (revision?.logUri) return revision.logUri;
  const query = [
    'resource.type="cloud_run_revision"',
    `resource.labels.service_name="${service}"`,
    `resource.labels.revision_name="${name}"`,
    `resource.labels.location="${region}"`,
  ].join('\n');
  return `https://console.cloud.google.com/logs/query;query=${encodeURIComponent(query)}?project=${project}`;
}

interface LogEntry {
  readonly timestamp?: string;
  readonly severity?: string;
  readonly textPayload?: string;
  readonly jsonPayload?: { readonly message?: unknown };
}

/** A log entry as one line: time, severity, message. */
function logLine(entry: LogEntry): string {
  const payload =
    entry.textPayload ??
    (entry.jsonPayload && typeof entry.jsonPayload.message === 'string'
      ? entry.jsonPayload.message
      : JSON.stringify(entry.jsonPayload ?? ''));
  const time = entry.timestamp ? entry.timestamp.replace(/\.\d+Z$/, 'Z') : '';
  return `${time}${entry.severity && entry.severity !== 'DEFAULT' ? ` ${entry.severity}` : ''} ${payload.trimEnd()}`.trim();
}

export const LOG_LINES = 20;

/**
 * The revision's last log lines (oldest first), or why they could not be read. Cloud Logging may
 * take a few seconds to show what a container wrote: an empty answer is asked once more.
 */
export async function lastLogLines(
  project: string,
  region: string,
  service: string,
  revision: string,
  since: string | undefined,
  pauseMs = 2_000,
): Promise<{ lines: string[] } | { unreadable: string }> {
  const filter = [
    'resource.type="cloud_run_revision"',
    `resource.labels.service_name="${service}"`,
    `resource.labels.revision_name="${revision}"`,
    `resource.labels.location="${region}"`,
    ...(since ? [`timestamp>="${since}"`] : []),
  ].join(' AND ');
  const body = { resourceNames: [`projects/${project}`], filter, orderBy: 'timestamp desc', pageSize: LOG_LINES };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const answer = await googleRestCall<{ entries?: LogEntry[] }>('logging', '/v2/entries:list', body);
      const entries = answer.entries ?? [];
      if (entries.length > 0 || attempt === 1) return { lines: entries.map(logLine).reverse() };
    } catch (error) {
      const status = googleStatus(error);
      return {
        unreadable:
          status === GoogleStatus.PERMISSION_DENIED
            ? `reading them from Cloud Logging was denied (grant roles/logging.viewer to read them here)`
            : `Cloud Logging could not be read: ${(error as Error).message}`,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return { lines: [] };
}

/**
 * What a failed revision's error says after its conditions: the last log lines, or the logs link
 * (with why the lines are missing).
 */
export async function revisionDiagnosis(
  revision: Revision | undefined,
  revisionName: string,
  where: { readonly project: string; readonly region: string; readonly service: string },
): Promise<string> {
  const name = shortName(revisionName);
  const link = revisionLogsLink(revision, where.project, where.region, where.service, name);
  const since = revision?.createTime ? new Date(timestampMs(revision.createTime) - 60_000).toISOString() : undefined;
  const logs = await lastLogLines(where.project, where.region, where.service, name, since);
  if ('unreadable' in logs) return `Its logs: ${link} (${logs.unreadable})`;
  if (logs.lines.length === 0) return `Its logs (none in Cloud Logging yet): ${link}`;
  return `Its last ${logs.lines.length} log lines:\n${logs.lines.map((l) => `  ${l}`).join('\n')}\nAll its logs: ${link}`;
}

function timestampMs(time: protos.google.protobuf.ITimestamp | string): number {
  if (typeof time === 'string') return Date.parse(time);
  return Number(String(time.seconds ?? 0)) * 1000 + Math.floor((time.nanos ?? 0) / 1e6);
}
