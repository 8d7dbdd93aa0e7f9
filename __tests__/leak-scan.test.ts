/** The leak scan every end-to-end run goes through must itself be able to fail. */
import { describe, expect, it } from 'vitest';
import { scanForLeaks, secretsOf } from './helpers/action.js';

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
