/**
 * src/runner/workflow-commands.ts writes what @actions/core writes: the same calls, made through
 * both, give the same bytes on stdout and in the runner's files. @actions/core stays a dependency
 * (OIDC tokens), so it is the reference here.
 */
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as ours from '../src/runner/workflow-commands.js';

let work: string;
const saved = { ...process.env };

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'pd-commands-'));
});
afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
  rmSync(work, { recursive: true, force: true });
});

/** What `calls` wrote to stdout. */
async function stdoutOf(calls: () => unknown): Promise<string> {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await calls();
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
  return written.join('');
}

// Messages with every character the command syntax escapes, in data and in properties.
const tricky = ['plain', '50% done\r\nnext line', 'a::b,c:d', 'ends with %0A literally', '', 'ünïcode ✓'];

describe('workflow commands are byte-identical to @actions/core', () => {
  it.each(tricky)('info, debug, notice, warning, error, groups and masks: %j', async (message) => {
    const script = (api: typeof ours | typeof core) => async () => {
      api.info(message);
      api.debug(message);
      api.notice(message);
      api.warning(message);
      api.warning(message, { title: message || 'title' });
      api.error(message, { title: `Invalid input "${message}"` });
      api.error(message, {});
      api.setSecret(message);
      api.startGroup(message);
      api.endGroup();
      await api.group(message, async () => api.info('inside'));
    };
    expect(await stdoutOf(script(ours))).toBe(await stdoutOf(script(core)));
  });

  it('a group ends even when its work throws', async () => {
    const script = (api: typeof ours | typeof core) => async () => {
      await api.group('failing', async () => Promise.reject(new Error('no'))).catch(() => undefined);
    };
    const written = await stdoutOf(script(ours));
    expect(written).toBe(await stdoutOf(script(core)));
    expect(written).toBe('::group::failing\n::endgroup::\n');
  });

  it('reads inputs as @actions/core does: INPUT_<NAME>, spaces as underscores, upper-cased, trimmed', () => {
    process.env['INPUT_AWS-REGION'] = '  eu-west-1 \n';
    process.env.INPUT_WITH_SPACE = 'x';
    for (const name of ['aws-region', 'AWS-Region', 'with space', 'unset-input'])
      expect(ours.getInput(name)).toBe(core.getInput(name));
    expect(ours.getInput('aws-region')).toBe('eu-west-1');
    expect(ours.getInput('unset-input')).toBe('');
  });

  it('writes outputs to GITHUB_OUTPUT as the same heredocs (delimiters aside)', () => {
    const values: [string, string][] = [
      ['digest', 'sha256:abc'],
      ['urls', 'europe-west1=https://a\nus-central1=https://b'],
      ['empty', ''],
    ];
    const written = (api: typeof ours | typeof core): string => {
      const file = join(work, `output-${api === ours ? 'ours' : 'core'}`);
      writeFileSync(file, '');
      process.env.GITHUB_OUTPUT = file;
      for (const [name, value] of values) api.setOutput(name, value);
      return readFileSync(file, 'utf8').replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER');
    };
    const mine = written(ours);
    expect(mine).toBe(written(core));
    expect(mine).toContain('urls<<DELIMITER\neurope-west1=https://a\nus-central1=https://b\nDELIMITER\n');
  });

  it('falls back to the set-output command where the runner names no output file', async () => {
    delete process.env.GITHUB_OUTPUT;
    const script = (api: typeof ours | typeof core) => () => api.setOutput('url', 'https://x\nline, with: %');
    expect(await stdoutOf(script(ours))).toBe(await stdoutOf(script(core)));
  });

  it('refuses an output file that does not exist, as @actions/core does', () => {
    process.env.GITHUB_OUTPUT = join(work, 'missing');
    expect(() => ours.setOutput('a', 'b')).toThrow(`Missing file at path: ${join(work, 'missing')}`);
    expect(() => core.setOutput('a', 'b')).toThrow(`Missing file at path: ${join(work, 'missing')}`);
  });

  it('appends Markdown to the job summary as core.summary.addRaw().write() does', async () => {
    const markdown = '| a | b |\n|---|---|\n| 1 | 2 |\n';
    const appended = async (api: 'ours' | 'core'): Promise<string> => {
      const file = join(work, `summary-${api}`);
      writeFileSync(file, 'before\n');
      process.env.GITHUB_STEP_SUMMARY = file;
      if (api === 'ours') await ours.appendSummary(markdown);
      else await core.summary.addRaw(markdown).write();
      return readFileSync(file, 'utf8');
    };
    expect(await appended('ours')).toBe(await appended('core'));
    expect(await appended('ours')).toBe(`before\n${markdown}`);
  });

  it('says why the summary cannot be written, as @actions/core does', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    await expect(ours.appendSummary('x')).rejects.toThrow(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY',
    );
    process.env.GITHUB_STEP_SUMMARY = join(work, 'no-such-dir', 'summary');
    await expect(ours.appendSummary('x')).rejects.toThrow(/Unable to access summary file: '.*no-such-dir/);
  });
});
