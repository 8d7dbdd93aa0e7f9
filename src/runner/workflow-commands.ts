/**
 * The runner's side of a step, written the way @actions/core writes it: inputs from INPUT_*,
 * workflow commands on stdout (`::name key=value::message`), outputs and the job summary through
 * the files the runner names (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
 *
 * Why not @actions/core itself: importing it loads its OIDC client, and with it @actions/http-client
 * and undici, about a megabyte of JavaScript that every run paid before its first request (~80 ms
 * of a ~160 ms start). Only OIDC needs that client, so clouds/oidc.ts loads @actions/core when a
 * run asks for a token. `__tests__/workflow-commands.test.ts` holds this file to the bytes
 * @actions/core writes for the same calls.
 */
// node:fs only (not fs/promises, whose module and its readline parts cost start-up): the summary is one small append.
import { accessSync, appendFileSync, constants, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/** Annotation properties the runner reads (the subset this action sets). */
export interface AnnotationProperties {
  readonly title?: string;
}

/** As @actions/core: % and line breaks escaped in a command's message. */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also escapes the command syntax's own separators. */
function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function issueCommand(
  command: string,
  properties: Readonly<Record<string, string | undefined>>,
  message = '',
): void {
  const given = Object.entries(properties).filter((entry): entry is [string, string] => Boolean(entry[1]));
  const props = given.length ? ` ${given.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',')}` : '';
  process.stdout.write(`::${command}${props}::${escapeData(message)}${EOL}`);
}

/** An input as the runner passes it (INPUT_<NAME>, spaces as underscores), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', { title: properties.title }, message);
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', { title: properties.title }, message);
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', { title: properties.title }, message);
}

/** The runner shows this value as *** in every later log line. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function startGroup(name: string): void {
  issueCommand('group', {}, name);
}

export function endGroup(): void {
  issueCommand('endgroup', {});
}

export async function group<T>(name: string, work: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await work();
  } finally {
    endGroup();
  }
}

/**
 * A step output: a heredoc in the GITHUB_OUTPUT file, with a random delimiter that the value cannot
 * contain; the `set-output` command where the runner names no file (an old runner, a local run).
 */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, value);
    return;
  }
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  const delimiter = `ghadelimiter_${process.getBuiltinModule('node:crypto').randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`Unexpected input: the output ${name} contains the delimiter "${delimiter}"`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

/** Appends Markdown to the job summary (GITHUB_STEP_SUMMARY), with @actions/core's errors when it cannot. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(`Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`);
  }
  appendFileSync(file, markdown, { encoding: 'utf8' });
}
