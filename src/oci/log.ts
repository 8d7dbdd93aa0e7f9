/** Where a step tells what it does, one line at a time (the action wires it to the step's log). */
export type Log = (line: string) => void;
