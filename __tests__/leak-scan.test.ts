/** The leak scan every end-to-end run goes through must itself be able to fail. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_DEFAULTS, RUNNER_TOKEN, scanDiskForLeaks, scanForLeaks, secretsOf } from './helpers/action.js';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\nAAAAAAAAAAEAAAAzAAAAC3NzaC1lZDI1\n-----END OPENSSH PRIVATE KEY-----\n';
const clean = { stdout: '', stderr: '', outputFile: '', summary: '' };

describe('the leak scan', () => {
  it('takes secret inputs and variables, whole and line by line, but not the PEM markers', () => {
    const secrets = secretsOf(
      { 'ssh-private-key': KEY, 'registry-password': 'hunter2-long', image: 'x' },
      { MY_SECRET: 'shh-very-secret', PATH: '/usr/bin' },
    );
    expect(secrets).toEqual(
      expect.arrayContaining(['hunter2-long', 'shh-very-secret', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmU', KEY.trim()]),
    );
    expect(secrets.some((s) => s.startsWith('-----BEGIN'))).toBe(KEY.trim().startsWith('-----BEGIN'));
    expect(secrets).not.toContain('/usr/bin');
  });

  it.each(['stderr', 'outputFile', 'summary'] as const)('fails when one line of a secret is in %s', (place) => {
    const secrets = secretsOf({ 'ssh-private-key': KEY }, {});
    expect(() => scanForLeaks(secrets, { ...clean, [place]: 'key: AAAAAAAAAAEAAAAzAAAAC3NzaC1lZDI1' })).toThrow(
      /a secret leaked into/,
    );
  });

  it('fails on a secret in stdout, but not in the ::add-mask:: command that registers it', () => {
    const secrets = ['hunter2-long'];
    expect(() => scanForLeaks(secrets, { ...clean, stdout: '::add-mask::hunter2-long\nok' })).not.toThrow();
    expect(() => scanForLeaks(secrets, { ...clean, stdout: 'password is hunter2-long' })).toThrow(
      'a secret leaked into stdout: hunt… (12 characters)',
    );
  });
});

describe('the disk scan', () => {
  it('fails on a secret in any file the run left, however deep, but not in the files the runner gave it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-leak-scan-'));
    try {
      const secrets = secretsOf({ kubeconfig: 'clusters: []\nusers:\n- user:\n    token: kube-token-0123456789' }, {});
      expect(secrets).toContain('token: kube-token-0123456789');
      const given = join(dir, 'output');
      await writeFile(given, 'token: kube-token-0123456789');
      await expect(scanDiskForLeaks(secrets, dir, new Set([given]))).resolves.toBeUndefined();
      await mkdir(join(dir, 'tmp', 'kube'), { recursive: true });
      await writeFile(join(dir, 'tmp', 'kube', 'config'), 'users:\n- user:\n    token: kube-token-0123456789\n');
      await expect(scanDiskForLeaks(secrets, dir, new Set([given]))).rejects.toThrow(
        `a secret was left on disk in ${join('tmp', 'kube', 'config')}: toke… (28 characters)`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the harness's inputs", () => {
  it('are every action.yml default, as a runner passes them, with the job token in github-token', () => {
    expect(ACTION_DEFAULTS).toMatchObject({
      runtime: 'none',
      'deploy-when': 'always',
      timeout: '30m',
      'wait-timeout': '600',
      'health-timeout': '60',
      'k8s-rollback': 'true',
      'github-token': RUNNER_TOKEN,
    });
  });
});
