/** Runs the bundled action (dist/index.js) the way the runner does, and reads back what it wrote. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './services.js';

export interface Annotation {
  readonly title: string | undefined;
  readonly message: string;
}

export interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  /** The ::error annotations, decoded. */
  readonly errors: readonly Annotation[];
  /** Their messages, one per line. */
  readonly errorText: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

const unescape = (text: string) =>
  text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** Reads workflow-command annotations (`::error title=…::message`) as @actions/core writes them. */
export function parseAnnotations(stdout: string, kind = 'error'): Annotation[] {
  return stdout
    .split('\n')
    .map((line) => new RegExp(`^::${kind}(?: ([^:]*))?::(.*)$`).exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      title: /title=([^,]*)/.exec(m[1] ?? '')?.[1] && unescape(/title=([^,]*)/.exec(m[1] ?? '')![1]!),
      message: unescape(m[2]!),
    }));
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER … DELIMITER` records. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]!);
    outputs[match[1]!] = value.join('\n');
  }
  return outputs;
}

export interface EventSpec {
  readonly name: string;
  readonly ref?: string;
  readonly sha?: string;
  readonly payload: unknown;
}

export const DEFAULT_EVENT: EventSpec = {
  name: 'push',
  ref: 'refs/heads/main',
  payload: {
    ref: 'refs/heads/main',
    repository: { full_name: 'octo/app', default_branch: 'main', owner: { login: 'octo' }, name: 'app' },
  },
};

export async function runAction(
  inputs: Record<string, string>,
  options: { event?: EventSpec; env?: Record<string, string> } = {},
): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'pd-action-'));
  try {
    const event = options.event ?? DEFAULT_EVENT;
    const paths = { output: join(dir, 'output'), summary: join(dir, 'summary'), event: join(dir, 'event.json') };
    await Promise.all([
      writeFile(paths.output, ''),
      writeFile(paths.summary, ''),
      writeFile(paths.event, JSON.stringify(event.payload)),
    ]);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: paths.output,
      GITHUB_STEP_SUMMARY: paths.summary,
      GITHUB_EVENT_PATH: paths.event,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_REF: event.ref ?? '',
      GITHUB_SHA: event.sha ?? '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REPOSITORY: 'octo/app',
      ...options.env,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, 'dist/index.js')],
        { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out, stderr: err }),
      );
    });
    const errors = parseAnnotations(stdout);
    return {
      code,
      stdout,
      errors,
      errorText: errors.map((e) => e.message).join('\n'),
      stderr,
      outputs: parseOutputFile(await readFile(paths.output, 'utf8')),
      summary: await readFile(paths.summary, 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
