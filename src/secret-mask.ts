/** Registering secrets with the runner so that logs show *** instead. */
import * as core from './runner/workflow-commands.js';

/** Lines shorter than this are not registered alone: masking "Aw==" or "}" everywhere would garble every log. */
const SHORTEST_LINE = 4;

/**
 * Registers a secret whole and, when it has several lines, line by line: the runner masks each
 * registered value exactly as given, and a tool that prints the value prints it one line at a time.
 */
export function maskSecret(value: string, setSecret: (value: string) => void = core.setSecret): void {
  if (!value) return;
  setSecret(value);
  const lines = value
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= SHORTEST_LINE && line !== value);
  for (const line of new Set(lines)) setSecret(line);
}
