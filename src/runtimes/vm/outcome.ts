/**
 * What one run of the deploy script on one host came to, read from its marker lines (`PD:…`), and
 * the words for it: what failed, which input most likely caused it, and in what state the
 * previous container was left.
 */
import { EXIT } from './script.js';

export interface ScriptRun {
  readonly host: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface OutcomeContext {
  readonly containerName: string;
  readonly image: string;
  readonly healthTimeoutSeconds: number;
  /** How the health check's bound is said when the run's timeout cut it (default `N s`). */
  readonly healthWithin?: string;
}

export type Outcome =
  | { readonly ok: true; readonly unchanged: boolean; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly message: string };

/** The marker lines of a run, without their `PD:` prefix. */
export function markersOf(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('PD:'))
    .map((line) => line.slice(3));
}

/** What followed a marker's word (`pull-failed why…` → `why…`) on its first line, or undefined. */
function said(markers: readonly string[], word: string): string | undefined {
  const line = markers.find((m) => m === word || m.startsWith(`${word} `));
  return line?.slice(word.length).trim();
}

/** docker's refusal without its usage text ("Usage: …", "Run 'docker run --help' …"), on one line. */
function dockerRefusal(lines: readonly string[]): string {
  const text = lines
    .map((line) => line.trim())
    .filter((line) => line && !/^Usage:/.test(line) && !/^(?:Run|See) 'docker[^']*--help'/.test(line))
    .map((line) => line.replace(/^docker: /, ''))
    .join(' ');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text || 'no reason given';
}

const FLAG_INPUT: Readonly<Record<string, string>> = {
  '-p': 'ports',
  '--publish': 'ports',
  '-e': 'container-env',
  '--env': 'container-env',
};

/** Which input most likely holds what docker refused, from the words of its refusal. */
function likelyInput(refusal: string, runOptions: readonly string[]): string {
  const flagMessage = /(?:unknown (?:shorthand )?flag|flag needs an argument|invalid argument .* for)\b(.*)/i.exec(
    refusal,
  );
  const flags = flagMessage ? [...flagMessage[1]!.matchAll(/(?<![\w-])--?[a-zA-Z][\w-]*/g)].map((m) => m[0]) : [];
  const mapped = flags.map((flag) => FLAG_INPUT[flag]).find((input) => input !== undefined);
  if (mapped) return mapped;
  if (flags.length > 0) {
    const long = flags.find((flag) => flag.startsWith('--')) ?? flags[0]!;
    const given = runOptions.find((option) => option === long || option.startsWith(`${long}=`));
    return `container-args (${given ?? long})`;
  }
  if (/\bport\b|hostport|containerport|bind|address already in use|already allocated/i.test(refusal))
    return 'ports (a host port that is in use, or not allowed on this host)';
  if (/\bexec\b|executable file not found|no such file or directory|entrypoint/i.test(refusal))
    return "the image's command (or --entrypoint in container-args)";
  if (/\benv/i.test(refusal)) return 'container-env';
  return 'container-args, ports or container-env';
}

/** In what state the failed run left the previous container, as a sentence with what to do. */
function previousState(markers: readonly string[], host: string, name: string): string {
  const failed = said(markers, 'restore-failed');
  if (failed?.startsWith('start ')) {
    return (
      `the previous container is back as "${name}" but did not start again (${failed.slice(6)}): the service on ${host} is DOWN. ` +
      `Start it on ${host} with: docker start ${name} (docker logs ${name} says why it stops)`
    );
  }
  if (failed !== undefined) {
    return (
      `restoring the previous container failed too (${failed.replace(/^rename /, '')}): the service on ${host} is DOWN. ` +
      `Bring it back on ${host} with: docker rm -f ${name}; docker rename ${name}-previous ${name} && docker start ${name}`
    );
  }
  if (said(markers, 'restored') === 'running') return `the previous container runs again as "${name}"`;
  if (said(markers, 'restored') === 'stopped')
    return `the previous container is back as "${name}", stopped, as it was before the deploy`;
  if (said(markers, 'no-previous') !== undefined)
    return `there was no previous "${name}" to restore, and the new one was removed`;
  if (said(markers, 'untouched') !== undefined) return `the running "${name}" was not touched`;
  return (
    `the state of "${name}" on ${host} is unknown (the script ended without saying; it puts the previous ` +
    `container back on any failure, a lost connection included); check it with: docker ps -a --filter name=${name}`
  );
}

/** Reads one host's run: success, or the error message for the step. */
export function outcomeOf(run: ScriptRun, context: OutcomeContext, runOptions: readonly string[]): Outcome {
  const { host } = run;
  const name = context.containerName;
  const markers = markersOf(run.stdout);
  if (run.code === 0 && said(markers, 'deployed') !== undefined)
    return { ok: true, unchanged: false, warnings: warningsOf(markers) };
  if (run.code === 0 && said(markers, 'unchanged') !== undefined) return { ok: true, unchanged: true, warnings: [] };

  const state = previousState(markers, host, name);
  const signal = said(markers, 'interrupted');
  let what: string;
  if (run.code === EXIT.pullFailed) {
    what = `${host} could not pull ${context.image}: ${said(markers, 'pull-failed') || 'no reason given'}`;
  } else if (run.code === EXIT.runFailed) {
    const refusal = dockerRefusal(markers.filter((m) => m.startsWith('run-error ')).map((m) => m.slice(10)));
    what = `docker run on ${host} refused the new container: ${refusal}; most likely cause: ${likelyInput(refusal, runOptions)}`;
  } else if (said(markers, 'exited') !== undefined) {
    what = `the new container on ${host} exited (code ${said(markers, 'exited')}) before it was healthy; its last log lines are above`;
  } else if (run.code === EXIT.healthFailed) {
    what = `the new container on ${host} failed its health check within ${context.healthWithin ?? `${context.healthTimeoutSeconds} s`}; its last log lines are above`;
  } else if (signal) {
    what = `the deploy on ${host} was interrupted (SIG${signal})`;
  } else if (run.code === 255) {
    what = `the SSH connection to ${host} ended during the deploy (${lastLines(run.stderr, 1) || 'no reason given'})`;
  } else {
    what = `the deploy on ${host} failed (exit ${run.code}): ${lastLines(run.stderr || run.stdout, 3) || 'no reason given'}`;
  }
  return { ok: false, message: `${what}; ${state}` };
}

function warningsOf(markers: readonly string[]): string[] {
  return markers.filter((m) => m.startsWith('warning ')).map((m) => m.slice(8));
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' ').trim();
}
