/**
 * What the run has found out, stage by stage, and the step under way. Each stage returns its
 * result and run() records it here once; whenever the run ends (done, planned, skipped, failed or
 * timed out), the report is built from what was recorded, and a timeout names the step under way.
 */
import type { GateResult } from '../gate.js';
import type { Inputs } from '../inputs.js';
import type { Manifest } from '../oci/client.js';
import type { Log } from '../oci/log.js';
import type { DeployResult } from '../runtimes/runtime.js';
import type { RunnerIO } from './io.js';
import type { Pushed } from './execute.js';
import type { DestinationRefs } from './source.js';

/** Each stage's result, by the name it is recorded under. */
export interface StageResults {
  readonly inputs: Inputs;
  readonly gate: GateResult;
  /** The source's root manifest: its digest is what the run pushes and deploys. */
  readonly root: Manifest;
  readonly refs: DestinationRefs;
  readonly plan: readonly string[];
  readonly push: Pushed;
  readonly deploy: DeployResult;
}

/** What the journal holds when the run ends. */
export interface JournalEntries {
  readonly results: Partial<StageResults>;
  /** Seconds per timed step (prepare, push, deploy), failed ones too. */
  readonly timings: Readonly<Record<string, number>>;
  /** The step under way (or the last one). */
  readonly step: string;
  readonly started: number;
}

export class RunJournal {
  private readonly results: { -readonly [S in keyof StageResults]?: StageResults[S] } = {};
  private readonly timings: Record<string, number> = {};
  private step = 'reading the inputs';
  private lastLine: string | undefined;
  private readonly started = Date.now();

  constructor(private readonly io: Pick<RunnerIO, 'info' | 'group'>) {}

  /** Keeps a stage's result for the report, and returns it. */
  record<S extends keyof StageResults>(stage: S, result: StageResults[S]): StageResults[S] {
    this.results[stage] = result;
    return result;
  }

  /** The run's log: each line goes to the runner, and the last one is kept for a timeout's message. */
  readonly log: Log = (line) => {
    this.lastLine = line;
    this.io.info(line);
  };

  /** Marks the start of an untimed step (its name is what a timeout says was under way). */
  enter(step: string): void {
    this.step = step;
  }

  /** Runs a step in a log group of its own, timing it whether or not it succeeds. */
  async timed<T>(step: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.step = step;
    this.lastLine = undefined;
    try {
      return await this.io.group(step[0]!.toUpperCase() + step.slice(1), work);
    } finally {
      this.timings[step] = (performance.now() - started) / 1000;
    }
  }

  /** What a timeout names: the step under way, its last log line, and the requests still waiting. */
  stillWaiting(requests: readonly string[]): string {
    return (
      `still in the ${this.step} step` +
      (this.lastLine ? ` (its last log line: "${this.lastLine}")` : '') +
      (requests.length ? `, waiting for ${requests.join('; ')}` : '')
    );
  }

  entries(): JournalEntries {
    return { results: { ...this.results }, timings: { ...this.timings }, step: this.step, started: this.started };
  }
}
