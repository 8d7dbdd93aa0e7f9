/** Every warning of the run, shown in the log as it happens and listed again in the job summary. */
import * as core from './runner/workflow-commands.js';

/** How a warning is shown: a warning annotation, with a title when it has one. */
export type ShowWarning = (message: string, properties: { readonly title?: string }) => void;

const recorded: string[] = [];
let show: ShowWarning = (message, properties) => core.warning(message, properties);

export function warn(message: string, title?: string): void {
  recorded.push(title ? `${title}: ${message}` : message);
  show(message, title ? { title } : {});
}

/** The warnings so far, oldest first. */
export function warningsSoFar(): readonly string[] {
  return [...recorded];
}

/** Starts a run's warnings afresh (a test may run several in one process), shown by `shower`. */
export function clearWarnings(shower: ShowWarning = (message, properties) => core.warning(message, properties)): void {
  recorded.length = 0;
  show = shower;
}
