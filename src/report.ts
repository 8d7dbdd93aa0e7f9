/** What the run tells the workflow: step outputs, the job summary table, and log groups. */
import * as core from './runner/workflow-commands.js';
import type { Decision } from './gate.js';
import { formatBytes, type CopyStats } from './oci/progress.js';

export type Result = 'deployed' | 'up to date' | 'planned' | 'skipped' | 'failed';

export interface RunReport {
  /** Which leg of a matrix this is: the destination, and the runtime target. */
  readonly leg: string;
  readonly source: string;
  readonly destination: string;
  readonly runtime: string;
  readonly decision: Decision | undefined;
  /** The gate's reason for its decision (or why the run ended before the gate). */
  readonly reason: string;
  readonly result: Result;
  /** True once the destination holds the image under every ref (pushed now, or already there). */
  readonly pushed: boolean;
  /** Every warning of the run. */
  readonly warnings: readonly string[];
  readonly durationMs: number;
  readonly digest?: string;
  /** Destination references written (or, in a plan, that would be written). */
  readonly refs: readonly string[];
  readonly copy?: { readonly stats: CopyStats; readonly requests: Readonly<Record<string, number>> };
  /** What the runtime now runs (a revision, a task), and its own outputs. */
  readonly runtimeDetail?: string;
  readonly runtimeOutputs?: Readonly<Record<string, string>>;
  /** Rows of the runtime's own (one per region), after the Runtime row. */
  readonly runtimeRows?: readonly { readonly label: string; readonly detail: string }[];
  readonly url?: string;
  /** Seconds per step (prepare, push, deploy). */
  readonly timings?: Readonly<Record<string, number>>;
  /** The plan, line by line, when the run planned. */
  readonly plan?: readonly string[];
  readonly error?: string;
}

export interface Outputs {
  readonly digest: string;
  readonly image: string;
  readonly refs: string;
  readonly deployed: string;
  readonly 'skipped-reason': string;
}

function outputsFor(report: RunReport): Outputs {
  const deployed = report.result === 'deployed' || report.result === 'up to date';
  return {
    digest: report.digest ?? '',
    // A push that succeeded stays reported when only the deploy after it failed.
    image: report.pushed && report.digest ? `${report.destination}@${report.digest}` : '',
    refs: report.pushed ? report.refs.join('\n') : '',
    deployed: String(deployed),
    'skipped-reason': deployed ? '' : (report.error ?? report.reason),
  };
}

export function setOutputs(
  report: RunReport,
  setOutput: (name: string, value: string) => void = (name, value) => core.setOutput(name, value),
): void {
  for (const [name, value] of Object.entries(outputsFor(report))) setOutput(name, value);
  for (const [name, value] of Object.entries(report.runtimeOutputs ?? {})) setOutput(name, value);
  if (report.url) setOutput('url', report.url);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, '<br>');
}

function refsLabel(report: RunReport): string {
  if (report.pushed) return 'Pushed';
  return report.result === 'planned' ? 'Would push' : 'Not pushed';
}

/** The job summary as Markdown: one table (the gate's reason and any error on rows of their own), warnings, figures. */
export function summaryMarkdown(report: RunReport): string {
  const rows: [string, string][] = [
    ['Source', `\`${report.source}\``],
    ['Digest', report.digest ? `\`${report.digest}\`` : '—'],
    [refsLabel(report), report.refs.length ? report.refs.map((r) => `\`${r}\``).join('<br>') : '—'],
    ['Runtime', report.runtimeDetail ? `${report.runtime}: ${report.runtimeDetail}` : report.runtime],
    ...(report.runtimeRows ?? []).map((row): [string, string] => [row.label, row.detail]),
    ...(report.url ? [['URL', report.url] as [string, string]] : []),
    ['Result', report.result],
    ['Gate', report.decision ? `${report.decision}: ${report.reason}` : report.reason],
    ...(report.error !== undefined ? [['Error', report.error] as [string, string]] : []),
    ['Duration', `${(report.durationMs / 1000).toFixed(1)} s`],
    ...(report.timings && Object.keys(report.timings).length
      ? [
          [
            'Timings',
            Object.entries(report.timings)
              .map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
              .join(' · '),
          ] as [string, string],
        ]
      : []),
  ];
  const lines = [
    `### Portable Deploy: ${escapeCell(report.leg)}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([key, value]) => `| ${key} | ${escapeCell(value)} |`),
  ];
  if (report.warnings.length) {
    lines.push(
      '',
      `**Warnings (${report.warnings.length}):**`,
      '',
      ...report.warnings.map((w) => `- ${escapeCell(w)}`),
    );
  }
  if (report.copy) {
    const { stats, requests } = report.copy;
    lines.push(
      '',
      `Blobs: ${stats.uploaded} uploaded (${formatBytes(stats.bytesDone)} moved), ${stats.mounted} mounted, ${stats.skipped} already there. ` +
        `Requests: ${Object.entries(requests)
          .map(([registry, count]) => `${registry} ${count}`)
          .join(', ')}.`,
    );
  }
  if (report.plan?.length)
    lines.push('', '<details><summary>Plan</summary>', '', '```', ...report.plan, '```', '</details>');
  return `${lines.join('\n')}\n`;
}

export async function writeSummary(
  report: RunReport,
  append: (markdown: string) => Promise<void> = async (markdown) => {
    await core.appendSummary(markdown);
  },
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write; the log has it all.
  if (!env.GITHUB_STEP_SUMMARY) return;
  await append(summaryMarkdown(report));
}
