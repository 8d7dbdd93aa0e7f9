/**
 * The run's event is read from the runner's environment without loading @actions/github (and
 * Octokit) at start-up; it must read exactly what that package's Context reads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { eventFromEnv } from '../src/run/io.js';

const KEYS = ['GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_SHA', 'GITHUB_REF', 'GITHUB_REPOSITORY'] as const;
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = saved[key];
  }
});

/** @actions/github's own reading of the environment as it is now. */
function theirs() {
  const Context = context.constructor as new () => typeof context;
  return new Context();
}

describe('eventFromEnv', () => {
  it('reads what @actions/github Context reads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-event-'));
    const path = join(dir, 'event.json');
    await writeFile(
      path,
      JSON.stringify({ action: 'closed', pull_request: { number: 7, merged: true }, repository: { full_name: 'o/r' } }),
    );
    Object.assign(process.env, {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: path,
      GITHUB_SHA: 'abc123',
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_REPOSITORY: 'octo/app',
    });
    const ours = eventFromEnv(process.env);
    const reference = theirs();
    expect({ eventName: ours.eventName, ref: ours.ref, sha: ours.sha, payload: ours.payload, repo: ours.repo }).toEqual(
      {
        eventName: reference.eventName,
        ref: reference.ref,
        sha: reference.sha,
        payload: reference.payload,
        repo: reference.repo,
      },
    );
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the repository from the payload without GITHUB_REPOSITORY, and has an empty payload without an event file', () => {
    delete process.env.GITHUB_REPOSITORY;
    delete process.env.GITHUB_EVENT_PATH;
    expect(eventFromEnv(process.env).payload).toEqual(theirs().payload);
    expect(() => eventFromEnv(process.env).repo).toThrow('GITHUB_REPOSITORY');
    expect(() => theirs().repo).toThrow('GITHUB_REPOSITORY');
  });
});
