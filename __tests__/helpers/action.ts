/** Runs the bundled action (dist/index.js) the way the runner does, and reads back what it wrote. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
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

/** Inputs that hold secrets; each is scanned for in everything the run wrote. */
const SECRET_INPUTS = ['registry-password', 'github-token', 'ssh-private-key', 'kubeconfig'];

/** The token a runner puts in `${{ github.token }}` (github-token's default), here a stand-in. */
export const RUNNER_TOKEN = 'ghs_RunnerTokenOfThisJob0123456789abcdef';

/**
 * Every input action.yml gives a default, as a runner passes it: as if the workflow had set it
 * (INPUT_*), `${{ github.token }}` replaced by the job's token. A test's own inputs go over them.
 */
export const ACTION_DEFAULTS: Readonly<Record<string, string>> = (() => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: unknown }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, RUNNER_TOKEN)]),
  );
})();
/** Environment variables that hold secrets, by name. */
const SECRET_VARIABLE = /SECRET|PASSWORD|_TOKEN$|PRIVATE_KEY/;

/**
 * The secrets a run was given: secret inputs and variables, whole and line by line (a runner masks
 * each registered value exactly as given, so a multi-line secret must not leak one line either).
 */
export function secretsOf(inputs: Record<string, string>, env: Record<string, string>, extra: readonly string[] = []) {
  const values = [
    ...SECRET_INPUTS.map((name) => inputs[name] ?? ''),
    ...Object.entries(env)
      .filter(([name]) => SECRET_VARIABLE.test(name))
      .map(([, value]) => value),
    ...extra,
  ];
  const secrets = new Set<string>();
  for (const value of values) {
    if (value.trim().length < 8) continue;
    secrets.add(value.trim());
    for (const line of value.split('\n').map((l) => l.trim()))
      if (line.length >= 8 && !/^-----(BEGIN|END) /.test(line)) secrets.add(line);
  }
  return [...secrets];
}

/**
 * Fails the test when a secret appears in stdout (but for the ::add-mask:: commands that register
 * it, which the runner consumes), stderr, GITHUB_OUTPUT or the job summary.
 */
export function scanForLeaks(
  secrets: readonly string[],
  written: { stdout: string; stderr: string; outputFile: string; summary: string },
): void {
  const stdout = written.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const places = { stdout, stderr: written.stderr, GITHUB_OUTPUT: written.outputFile, summary: written.summary };
  for (const secret of secrets) {
    for (const [place, text] of Object.entries(places)) {
      if (text.includes(secret))
        throw new Error(`a secret leaked into ${place}: ${secret.slice(0, 4)}… (${secret.length} characters)`);
    }
  }
}

/**
 * Fails the test when a secret is in a file the run left in `dir` (its HOME, RUNNER_TEMP and TMPDIR)
 * besides the files the runner gave it, which scanForLeaks reads.
 */
export async function scanDiskForLeaks(
  secrets: readonly string[],
  dir: string,
  given: ReadonlySet<string>,
): Promise<void> {
  const entries = await readdir(dir, { recursive: true });
  for (const entry of entries) {
    const path = join(dir, entry);
    if (given.has(path)) continue;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || info.size > 16 * 1024 * 1024) continue;
    const text = await readFile(path, 'utf8').catch(() => '');
    for (const secret of secrets)
      if (text.includes(secret))
        throw new Error(
          `a secret was left on disk in ${relative(dir, path)}: ${secret.slice(0, 4)}… (${secret.length} characters)`,
        );
  }
}

export async function runAction(
  given: Record<string, string>,
  options: { event?: EventSpec; env?: Record<string, string>; secrets?: readonly string[] } = {},
): Promise<ActionRun> {
  // As a runner runs it: every default of action.yml, then the step's own inputs.
  const inputs: Record<string, string> = { ...ACTION_DEFAULTS, ...given };
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
      // github-token always has the job's token on a runner: GitHub API calls go to a closed loopback
      // port unless the test serves the API.
      GITHUB_API_URL: 'http://127.0.0.1:9',
      // Node's temporary files land in dir, scanned for secrets after the run.
      TMPDIR: dir,
      ...options.env,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [process.env.PORTABLE_DEPLOY_BUNDLE ?? join(ROOT, 'dist/index.js')],
        { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out, stderr: err }),
      );
    });
    const errors = parseAnnotations(stdout);
    const outputFile = await readFile(paths.output, 'utf8');
    const summary = await readFile(paths.summary, 'utf8');
    // Every end-to-end run is scanned for every secret it was given, in what it printed and on disk.
    const secrets = secretsOf(inputs, options.env ?? {}, options.secrets);
    scanForLeaks(secrets, { stdout, stderr, outputFile, summary });
    await scanDiskForLeaks(secrets, dir, new Set(Object.values(paths)));
    return {
      code,
      stdout,
      errors,
      errorText: errors.map((e) => e.message).join('\n'),
      stderr,
      outputs: parseOutputFile(outputFile),
      summary,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
