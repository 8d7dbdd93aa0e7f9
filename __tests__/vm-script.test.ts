import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEPLOY_SCRIPT, shellJoin, shellQuote } from '../src/runtimes/vm/script.js';

/** What a real POSIX shell makes of a quoted command line: the argv it would run. */
function argvThroughShell(commandLine: string): string[] {
  const out = execFileSync('sh', ['-c', `set -- ${commandLine}; for a; do printf '%s\\0' "$a"; done`], {
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('shell quoting', () => {
  const hostile = [
    'plain',
    '',
    "it's",
    'a; rm -rf /',
    '$(touch /tmp/pwned)',
    '`id`',
    '"double" and \\back\\slash',
    'line\nbreak',
    "'; echo injected; '",
    '$HOME ${PATH} *',
    '--flag=value with spaces',
  ];
  it('passes every value through sh as exactly one argument, unchanged', () => {
    expect(argvThroughShell(shellJoin(hostile))).toEqual(hostile);
  });
  it('quotes with single quotes only', () => {
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});

describe('the deploy script', () => {
  it('is valid POSIX sh', () => {
    expect(() => execFileSync('sh', ['-n', '-c', DEPLOY_SCRIPT])).not.toThrow();
  });
  it('never puts the password on a command line: stdin in, a private config file out', () => {
    expect(DEPLOY_SCRIPT).toContain('IFS= read -r password');
    expect(DEPLOY_SCRIPT).toContain('umask 077');
    expect(DEPLOY_SCRIPT).not.toMatch(/--password[ =]|-p "\$password"/);
  });

  it('writes the credentials docker reads, and nothing else, for the pull', () => {
    const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    // The login part of the script alone, run against a fake TMPDIR, reading the password on stdin.
    const login = DEPLOY_SCRIPT.slice(
      0,
      DEPLOY_SCRIPT.indexOf(`if [ "$(docker inspect --format '{{.State.Running}} {{.Config.Image}}'`),
    );
    const script = `${login}\ncat "$config/config.json"; ls -l "$config/config.json" | cut -c1-10; trap - EXIT`;
    const out = execFileSync(
      'sh',
      ['-c', script, 'deploy', '127.0.0.1:5000', 'img', 'name', 'deployer', 'none', '', '1'],
      {
        input: "p@ss w'rd$(id)\n",
        encoding: 'utf8',
        env: { ...process.env, TMPDIR: dir },
      },
    );
    const [json, mode] = out.trim().split('\n');
    expect(JSON.parse(json!)).toEqual({
      auths: { '127.0.0.1:5000': { auth: Buffer.from("deployer:p@ss w'rd$(id)").toString('base64') } },
    });
    expect(mode).toBe('-rw-------');
  });
});
