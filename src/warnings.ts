/** Every warning of the run, shown in the log as it happens and listed again in the job summary. */
import * as core from '@actions/core';

const recorded: string[] = [];

export function warn(message: string, title?: string): void {
  recorded.push(title ? `${title}: ${message}` : message);
  core.warning(message, title ? { title } : {});
}

/** The warnings so far, oldest first. */
export function warningsSoFar(): readonly string[] {
  return [...recorded];
}

/** For a new run in the same process (tests). */
export function clearWarnings(): void {
  recorded.length = 0;
}
