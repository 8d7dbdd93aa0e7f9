/**
 * Reading inputs with every problem collected: typed readers for booleans, lists, numbers, enums,
 * KEY=VALUE lines and JSON, each recording what is wrong with the input's name instead of throwing.
 */
import { readFileSync } from 'node:fs';

export interface InputProblem {
  readonly input: string;
  readonly message: string;
}

export type InputReader = (name: string) => string;

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Splits a list input on newlines and commas, as docker/metadata-action does; drops blanks, comments and duplicates. */
export function parseList(value: string): string[] {
  const items = value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
  return [...new Set(items)];
}

export class InputContext {
  readonly problems: InputProblem[] = [];

  constructor(readonly read: InputReader) {}

  problem(input: string, message: string): undefined {
    this.problems.push({ input, message });
    return undefined;
  }

  has(input: string): boolean {
    return this.problems.some((p) => p.input === input);
  }

  text(name: string): string | undefined {
    return this.read(name) || undefined;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.read(name);
    if (value === '') return fallback;
    if (TRUE_VALUES.includes(value)) return true;
    if (FALSE_VALUES.includes(value)) return false;
    this.problem(name, `"${value}" is not a boolean; use true or false`);
    return fallback;
  }

  list(name: string): string[] {
    return parseList(this.read(name));
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.read(name);
    if (value === '') return fallback;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.problem(name, `"${value}" is not one of: ${values.join(', ')}`);
    return fallback;
  }

  integer(name: string, fallback: number, min: number, max: number, unit: string): number {
    const value = this.read(name);
    if (value === '') return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) {
      this.problem(name, `"${value}" must be a whole number of ${unit} from ${min} to ${max}`);
      return fallback;
    }
    return number;
  }

  /**
   * A duration: a whole number with a unit (90s, 30m, 2h), or a bare number in the given unit.
   * Returns seconds.
   */
  duration(name: string, fallbackSeconds: number, minSeconds: number, maxSeconds: number, bareUnit: 's' | 'm'): number {
    const value = this.read(name);
    if (value === '') return fallbackSeconds;
    const match = /^(\d+)\s*(s|m|h)?$/.exec(value);
    const seconds = match
      ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? bareUnit) as 's' | 'm' | 'h']
      : NaN;
    if (!Number.isFinite(seconds) || seconds < minSeconds || seconds > maxSeconds) {
      this.problem(
        name,
        `"${value}" is not a duration from ${minSeconds} s to ${maxSeconds / 3600} h: a whole number with s, m or h (90s, 30m, 2h; a bare number is ${bareUnit === 'm' ? 'minutes' : 'seconds'})`,
      );
      return fallbackSeconds;
    }
    return seconds;
  }

  /** KEY=VALUE lines (blank lines and # comments skipped); the value is everything after the first "=". */
  keyValues(name: string, keyPattern: RegExp = ENV_NAME, example = 'LOG_LEVEL=info'): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [index, raw] of this.read(name).split('\n').entries()) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const equals = line.indexOf('=');
      const key = equals < 0 ? line : line.slice(0, equals).trim();
      if (equals < 0 || !keyPattern.test(key)) {
        this.problem(
          name,
          `line ${index + 1} ("${line.slice(0, 40)}") is not KEY=VALUE with a valid name, e.g. ${example}`,
        );
        continue;
      }
      if (key in result) this.problem(name, `${key} is set twice (lines are KEY=VALUE, one name per line)`);
      result[key] = line.slice(equals + 1);
    }
    return result;
  }

  /** A JSON object given inline. */
  jsonObject(name: string): Record<string, unknown> | undefined {
    const value = this.read(name);
    if (value === '') return undefined;
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      this.problem(name, 'must be a JSON object ({ … })');
    } catch (error) {
      this.problem(name, `is not valid JSON: ${(error as Error).message}`);
    }
    return undefined;
  }
}

/** Reads a file an input names as one JSON object; a problem with that input when it is not one. */
export function readJsonFile(ctx: InputContext, input: string, path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return ctx.problem(
      input,
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    return ctx.problem(input, `${path} must hold a JSON object`);
  } catch (error) {
    return ctx.problem(input, `${path} is not valid JSON: ${(error as Error).message}`);
  }
}
