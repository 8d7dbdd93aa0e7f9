/**
 * What run() takes from the world: the runner's I/O (@actions/core's inputs, log, groups, outputs,
 * summary, masking and exit code), the GitHub event, and the environment. The action binds them
 * to the runner; tests pass their own, so run() is tested in-process.
 */
import * as core from '../runner/workflow-commands.js';
import { existsSync, readFileSync } from 'node:fs';
import type { GateEvent } from '../gate.js';
import { actionInputReader, type InputReader } from '../inputs.js';

export interface RunnerIO {
  /** An input as the runner gives it (INPUT_<NAME>), trimmed; '' when unset. */
  readonly getInput: InputReader;
  /** Registers a value the runner shows as *** in every log. */
  setSecret(value: string): void;
  info(message: string): void;
  notice(message: string): void;
  debug(message: string): void;
  /** A warning annotation; the run also lists every warning in the summary. */
  warning(message: string, properties: { readonly title?: string }): void;
  /** An error annotation, titled with what is at fault. */
  error(message: string, properties: { readonly title: string }): void;
  group<T>(name: string, work: () => Promise<T>): Promise<T>;
  startGroup(name: string): void;
  endGroup(): void;
  setOutput(name: string, value: string): void;
  /** Adds Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
  /** Marks the step failed (process.exitCode), letting the run close what it opened. */
  setExitCode(code: number): void;
  /** Past the deadline, a request that never answers may still hold the process: end it soon. */
  exitSoon(): void;
}

/** The event, and the repository it belongs to (for the GitHub API). */
export type RunEvent = GateEvent & { readonly repo: { readonly owner: string; readonly repo: string } };

export interface RunDependencies {
  readonly io: RunnerIO;
  readonly event: RunEvent;
  readonly env: NodeJS.ProcessEnv;
}

export const actionsIO: RunnerIO = {
  getInput: actionInputReader,
  setSecret: (value) => core.setSecret(value),
  info: (message) => core.info(message),
  notice: (message) => core.notice(message),
  debug: (message) => core.debug(message),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
  group: (name, work) => core.group(name, work),
  startGroup: (name) => core.startGroup(name),
  endGroup: () => core.endGroup(),
  setOutput: (name, value) => core.setOutput(name, value),
  appendSummary: async (markdown) => {
    await core.appendSummary(markdown);
  },
  setExitCode: (code) => {
    process.exitCode = code;
  },
  exitSoon: () => {
    setTimeout(() => process.exit(), 2000).unref();
  },
};

/**
 * The event as the runner describes it (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_SHA,
 * GITHUB_REF, GITHUB_REPOSITORY), read the way @actions/github's Context reads it. Read here rather
 * than through that package, which loads Octokit and its endpoint tables (tens of milliseconds of
 * start-up) for a run that may never call the GitHub API; octokit.ts loads it when one does.
 */
export function eventFromEnv(env: NodeJS.ProcessEnv): RunEvent {
  const path = env.GITHUB_EVENT_PATH;
  const payload = (path && existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {}) as RunEvent['payload'];
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const fromPayload = payload.repository as { name?: string; owner?: { login?: string } } | undefined;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    ref: env.GITHUB_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    payload,
    get repo() {
      if (owner && repo) return { owner, repo };
      if (fromPayload?.owner?.login && fromPayload.name)
        return { owner: fromPayload.owner.login, repo: fromPayload.name };
      throw new Error("the GitHub repository is unknown: GITHUB_REPOSITORY (like 'owner/repo') is not set");
    },
  };
}

/** The action as the runner starts it. */
export function actionDependencies(): RunDependencies {
  return { io: actionsIO, event: eventFromEnv(process.env), env: process.env };
}
