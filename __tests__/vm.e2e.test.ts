/**
 * The VM runtime through the bundled action: a real OpenSSH server on 127.0.0.1 and real
 * containers (Podman with runc behind the real docker CLI) on "the VM", which is this machine.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnnotations, runAction } from './helpers/action.js';
import { freePort, ROOT, rawManifest, skopeo, startRegistry, type Registry } from './helpers/services.js';
import { startVm, type Vm } from './helpers/vm.js';
import { DEPLOY_SCRIPT, shellJoin, shellQuote } from '../src/runtimes/vm/script.js';

const sh = promisify(execFile);
const PASSWORD = 'pull-secret-9f3';

let vm: Vm;
let registry: Registry;
let source: Registry;
let work: string;
let httpPort: number;
/** A loopback port held by another process, as a host port already in use. */
let busyPort: number;
let busy: Server;
/** Keys the test server does not know: another host's key, another user's key. */
const other = { hostKey: '', userKey: '' };
const images: Record<'one' | 'two' | 'broken', { ref: string; digest: string }> = {} as never;

/** The VM inputs, with the image and container of one scenario. */
const inputs = (image: string, extra: Record<string, string> = {}) => ({
  image,
  destination: `${registry.addr}/web/app`,
  'registry-username': 'deployer',
  'registry-password': PASSWORD,
  runtime: 'vm',
  'ssh-host': '127.0.0.1',
  'ssh-port': String(vm.port),
  'ssh-user': vm.user,
  'ssh-private-key': vm.privateKey,
  'ssh-known-hosts': vm.knownHosts,
  'container-name': 'pd-web',
  ports: `127.0.0.1:${httpPort}:8080`,
  'container-args': '--label=portable-deploy-test=1',
  'health-check': `http://127.0.0.1:${httpPort}/`,
  'health-timeout': '15',
  ...extra,
});

const page = async () => (await fetch(`http://127.0.0.1:${httpPort}/`)).text();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-vmtest-'));
  [registry, source] = await Promise.all([startRegistry({ htpasswd: `deployer:${PASSWORD}` }), startRegistry()]);
  vm = await startVm([registry.addr]);
  httpPort = await freePort();
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as AddressInfo).port;
  for (const name of ['host', 'user'])
    await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(work, `other-${name}`)]);
  other.hostKey = (await sh('cut', ['-d', ' ', '-f1,2', join(work, 'other-host.pub')])).stdout.trim();
  other.userKey = (await import('node:fs')).readFileSync(join(work, 'other-user'), 'utf8');
  for (const [name, text] of [
    ['one', 'version one'],
    ['two', 'version two'],
    ['broken', 'version broken'],
  ] as const) {
    const { stdout } = await sh(join(ROOT, 'scripts/make-busybox-layout.sh'), [join(work, name), '1.0', text]);
    images[name] = { ref: `${source.addr}/built/${name}:1.0`, digest: stdout.trim() };
    await skopeo('copy', '--dest-tls-verify=false', `oci:${join(work, name)}:1.0`, `docker://${images[name].ref}`);
  }
}, 120_000);

afterAll(async () => {
  await vm?.docker('rm', '-f', 'pd-web', 'pd-web-previous').catch(() => '');
  busy?.close();
  await Promise.all([vm?.stop(), registry?.stop(), source?.stop()]);
  await rm(work, { recursive: true, force: true });
});

describe('runtime vm', () => {
  it('deploys by digest on the first run, behind a passing health check', async () => {
    const run = await runAction(
      inputs(images.one.ref, {
        'container-env': 'GREETING=hello world\nTRICKY=$(touch /tmp/pd-pwned-env); echo "x" `id` \'q\'',
      }),
    );
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('127.0.0.1: SSH host key verified, Docker');
    expect(run.stdout).toContain(
      `127.0.0.1: "pd-web" now runs ${registry.addr}/web/app@${images.one.digest} and is healthy`,
    );
    expect(run.outputs.url).toBe(`http://127.0.0.1:${httpPort}/`);
    expect(await page()).toBe('version one\n');
    expect(await vm.docker('inspect', '--format', '{{.Config.Image}}', 'pd-web')).toBe(
      `${registry.addr}/web/app@${images.one.digest}`,
    );
    // Every value arrived as it was written, and none ran on the VM.
    const env = JSON.parse(await vm.docker('inspect', '--format', '{{json .Config.Env}}', 'pd-web')) as string[];
    expect(env).toContain('TRICKY=$(touch /tmp/pd-pwned-env); echo "x" `id` \'q\'');
    expect(existsSync('/tmp/pd-pwned-env')).toBe(false);
  });

  it('does nothing when the container already runs the digest, and says so', async () => {
    const run = await runAction(inputs(images.one.ref));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`"pd-web" already runs ${registry.addr}/web/app@${images.one.digest}; nothing to do`);
    expect(run.summary).toContain('already running this digest');
  });

  it('replaces the container with a new digest and removes the backup', async () => {
    const run = await runAction(inputs(images.two.ref));
    expect(run.code).toBe(0);
    expect(await page()).toBe('version two\n');
    expect(await vm.docker('ps', '-a', '--format', '{{.Names}}', '--filter', 'name=pd-web')).toBe('pd-web');
  });

  it('restores the previous container when the new one fails its health check, and shows its logs', async () => {
    const run = await runAction(
      inputs(images.broken.ref, { 'health-check': 'test -f /www/missing.html', 'health-timeout': '3' }),
    );
    expect(run.code).not.toBe(0);
    expect(run.errors).toEqual([
      {
        title: 'VM over SSH',
        message:
          'the new container on 127.0.0.1 failed its health check within 3 s; its last log lines are above; ' +
          'the previous container runs again as "pd-web"',
      },
    ]);
    expect(await page()).toBe('version two\n');
    expect(await vm.docker('inspect', '--format', '{{.Config.Image}}', 'pd-web')).toBe(
      `${registry.addr}/web/app@${images.two.digest}`,
    );
    expect(await vm.docker('ps', '-a', '--format', '{{.Names}}', '--filter', 'name=pd-web')).toBe('pd-web');
  });

  it("restores the previous container before the run's timeout (shorter than health-timeout), and says so", async () => {
    const run = await runAction(
      inputs(images.broken.ref, {
        'health-check': 'test -f /www/missing.html',
        'health-timeout': '600',
        timeout: '20s',
      }),
    );
    expect(run.code).not.toBe(0);
    // The runtime's own failure, not the run's timeout: the previous container was put back first.
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]!.title).toBe('VM over SSH');
    expect(run.errors[0]!.message).toMatch(
      /^the new container on 127\.0\.0\.1 failed its health check within the run's timeout \(20s; health-timeout is 600 s, cut to \d+ s to leave 5 s before the run ends for the pull and the restore\); its last log lines are above; the previous container runs again as "pd-web"$/,
    );
    expect(run.stdout).toMatch(
      /::warning title=health-timeout and timeout::health-timeout \(600 s\) is not shorter than timeout \(20s\)/,
    );
    expect(await page()).toBe('version two\n');
    expect(await vm.docker('inspect', '--format', '{{.Config.Image}}', 'pd-web')).toBe(
      `${registry.addr}/web/app@${images.two.digest}`,
    );
  });

  it.each<[string, () => Record<string, string>, string[]]>([
    [
      'a host port already in use',
      () => ({ ports: `127.0.0.1:${httpPort}:8080\n127.0.0.1:${busyPort}:8081` }),
      ['address already in use', 'most likely cause: ports'],
    ],
    [
      'container-args that docker refuses (--memory=lots)',
      () => ({ 'container-args': '--memory=lots' }),
      [`invalid argument "lots" for "-m, --memory" flag`, 'most likely cause: container-args (--memory=lots)'],
    ],
    [
      'an image whose command does not exist',
      () => ({ 'container-args': '--entrypoint=/no/such/command' }),
      ['/no/such/command', "most likely cause: the image's command (or --entrypoint in container-args)"],
    ],
    [
      'an image that exits at once',
      // A health-timeout far beyond the test's own: the run must not wait it out once the container has exited.
      () => ({ 'container-args': '--entrypoint=/bin/sleep', 'health-timeout': '600' }),
      ['the new container on 127.0.0.1 exited (code 1) before it was healthy'],
    ],
  ])(
    'keeps the previous container serving after %s',
    async (_name, extra, parts) => {
      const run = await runAction(inputs(images.one.ref, extra()));
      expect(run.code).not.toBe(0);
      expect(run.errors).toHaveLength(1);
      for (const part of parts) expect(run.errors[0]!.message).toContain(part);
      expect(run.errors[0]!.message).toMatch(/; the previous container runs again as "pd-web"$/);
      expect(run.errors[0]!.message).not.toMatch(/Usage:|--help/);
      expect(await page()).toBe('version two\n');
      expect(await vm.docker('inspect', '--format', '{{.Config.Image}}', 'pd-web')).toBe(
        `${registry.addr}/web/app@${images.two.digest}`,
      );
      expect(await vm.docker('ps', '-a', '--format', '{{.Names}}', '--filter', 'name=pd-web')).toBe('pd-web');
    },
    120_000,
  );

  it('puts the previous container back when the SSH connection drops during the health check', async () => {
    // The remote command the action runs (with a health check that never passes), over ssh killed
    // once the new container has started: the script's next line goes nowhere, and its trap restores.
    const key = join(work, 'drop-key');
    const knownHosts = join(work, 'drop-known-hosts');
    await writeFile(key, vm.privateKey, { mode: 0o600 });
    await writeFile(knownHosts, vm.knownHosts);
    const image = `${registry.addr}/web/app@${images.one.digest}`;
    const args = [registry.addr, image, 'pd-web', 'deployer', 'command', 'false', '600'];
    const options = ['--publish', `127.0.0.1:${httpPort}:8080`, '--label=portable-deploy-test=1'];
    const ssh = spawn(
      'ssh',
      [
        ...['-F', 'none', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${knownHosts}`, '-o', `IdentityFile=${key}`],
        ...['-p', String(vm.port), '-l', vm.user, '127.0.0.1'],
        `sh -c ${shellQuote(DEPLOY_SCRIPT)} deploy ${shellJoin([...args, ...options])}`,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    ssh.stdin.end(`${PASSWORD}\n`);
    let stdout = '';
    const closed = new Promise((resolve) => ssh.on('close', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no PD:started within 60 s; stdout: ${stdout}`)), 60_000);
        ssh.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('PD:started')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    } finally {
      ssh.kill('SIGKILL');
      await closed;
    }
    // Restored within a bounded wait: the script's next heartbeat (once a second) finds no reader.
    const state = () =>
      vm.docker('inspect', '--format', '{{.State.Running}} {{.Config.Image}}', 'pd-web').catch(() => '');
    const restored = `true ${registry.addr}/web/app@${images.two.digest}`;
    let now = await state();
    for (let i = 0; i < 60 && now !== restored; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      now = await state();
    }
    expect(now).toBe(restored);
    expect(await page()).toBe('version two\n');
    expect(await vm.docker('ps', '-a', '--format', '{{.Names}}', '--filter', 'name=pd-web')).toBe('pd-web');
  }, 120_000);

  it.each([
    ['ports', '99999:8081', '"99999:8081": the host port 99999 is not from 1 to 65535'],
    ['health-check', 'file:///etc/passwd', '"file:///etc/passwd" is neither an http:// or https:// URL nor a command'],
  ])('refuses %s = %s as an input error: nothing pushed, nothing deployed', async (input, value, message) => {
    const run = await runAction(inputs(images.one.ref, { [input]: value, tags: 'never' }));
    expect(run.code).not.toBe(0);
    expect(run.errors).toEqual([{ title: expect.any(String), message: expect.stringContaining(message) }]);
    expect(run.errorText).toContain(input);
    await expect(rawManifest(`${registry.addr}/web/app:never`, `deployer:${PASSWORD}`)).rejects.toThrow();
    expect(await vm.docker('inspect', '--format', '{{.Config.Image}}', 'pd-web')).toBe(
      `${registry.addr}/web/app@${images.two.digest}`,
    );
    expect(await page()).toBe('version two\n');
  });

  it.each<[string, () => Record<string, string>, () => string]>([
    [
      'a wrong host key',
      () => ({ 'ssh-known-hosts': `[127.0.0.1]:${vm.port} ${other.hostKey}\n` }),
      () => 'does not match ssh-known-hosts',
    ],
    [
      'a wrong user key',
      () => ({ 'ssh-private-key': other.userKey }),
      () => `${vm.user}@127.0.0.1:${vm.port} refused the key`,
    ],
    ['a host that is down', () => ({ 'ssh-port': '1' }), () => 'cannot reach 127.0.0.1:1 over SSH'],
  ])('fails on %s before anything is pushed', async (_name, extra, message) => {
    const run = await runAction(inputs(images.one.ref, { ...extra(), tags: 'never' }));
    expect(run.code).not.toBe(0);
    expect(run.errors).toEqual([{ title: 'VM over SSH', message: expect.stringContaining(message()) }]);
    await expect(rawManifest(`${registry.addr}/web/app:never`, `deployer:${PASSWORD}`)).rejects.toThrow();
  });

  it.each([
    ['container-name', 'web; touch /tmp/pd-pwned-name', 'is not a container name'],
    ['ports', '80:8080; id', 'is not HOST_PORT:CONTAINER_PORT'],
    ['health-check', 'gopher://127.0.0.1:70/', 'is neither an http:// or https:// URL nor a command'],
    ['container-args', 'privileged', 'is not one docker run flag'],
    ['container-args', '--name=other', '--name is set by the action'],
    ['ssh-host', 'host;id', 'is not a host name or IP address'],
    ['ssh-user', 'root;id', 'is not a user name'],
  ])('refuses %s = %j as input, before any connection', async (input, value, message) => {
    const run = await runAction(inputs(images.one.ref, { [input]: value }));
    expect(run.code).not.toBe(0);
    expect(run.errorText).toContain(message);
  });

  it('passes hostile values in a label and a health command as data, never as shell on the VM', async () => {
    const label = `--label=note=a'b"c;$(touch /tmp/pd-pwned-arg)\`id\``;
    const run = await runAction(
      inputs(images.one.ref, {
        'container-args': `${label}\n--label=portable-deploy-test=1`,
        'health-check': 'test -f /www/index.html && echo "$(touch /tmp/pd-in-container)"',
      }),
    );
    expect(run.code).toBe(0);
    expect(await vm.docker('inspect', '--format', '{{index .Config.Labels "note"}}', 'pd-web')).toBe(
      `a'b"c;$(touch /tmp/pd-pwned-arg)\`id\``,
    );
    // The health command runs inside the container by design; nothing ran on the VM itself.
    expect(existsSync('/tmp/pd-pwned-arg')).toBe(false);
    expect(existsSync('/tmp/pd-in-container')).toBe(false);
  });

  it('keeps every secret out of the output and off both machines', async () => {
    const runnerTemp = await mkdtemp(join(tmpdir(), 'pd-runner-temp-'));
    try {
      const run = await runAction(inputs(images.two.ref), { env: { RUNNER_TEMP: runnerTemp } });
      expect(run.code).toBe(0);
      const printed =
        run.stdout
          .split('\n')
          .filter((l) => !l.startsWith('::add-mask::'))
          .join('\n') +
        run.stderr +
        run.summary;
      expect(printed).not.toContain(PASSWORD);
      expect(printed).not.toContain('PRIVATE KEY');
      expect(run.stdout).toContain(`::add-mask::${PASSWORD}`);
      // The key whole and each of its lines: the runner masks each registered value as given.
      const keyLines = vm.privateKey.split('\n').filter((line) => line.trim().length >= 4);
      expect(keyLines.length).toBeGreaterThan(3);
      for (const line of keyLines) expect(run.stdout).toContain(`::add-mask::${line.trim()}\n`);
      // No key or known_hosts file left on the runner, no login directory left on the VM.
      expect(readdirSync(runnerTemp)).toEqual([]);
      expect(readdirSync(tmpdir()).filter((f) => f.startsWith('portable-deploy-login.'))).toEqual([]);
    } finally {
      await rm(runnerTemp, { recursive: true, force: true });
    }
  });

  it('deploys to several hosts one after another', async () => {
    // 127.0.0.1 and localhost reach the same sshd: two hosts, each trusted by name.
    const knownHosts = `${vm.knownHosts.trim()}\n${vm.knownHosts.trim().replace('[127.0.0.1]', '[localhost]')}\n`;
    const run = await runAction(
      inputs(images.one.ref, { 'ssh-host': '127.0.0.1\nlocalhost', 'ssh-known-hosts': knownHosts }),
    );
    expect(run.code).toBe(0);
    const order = run.stdout
      .split('\n')
      .filter((l) => / (now runs|already runs) /.test(l))
      .map((l) => l.split(':')[0]);
    expect(order).toEqual(['127.0.0.1', 'localhost']);
    expect(run.summary).toContain('vm: 127.0.0.1, localhost');
    expect(await page()).toBe('version one\n');
  });

  it('plans without reaching any host, printing the remote commands with the password masked', async () => {
    const run = await runAction(inputs(images.one.ref, { 'ssh-port': '1', 'dry-run': 'true' }));
    expect(run.code).toBe(0);
    expect(run.outputs.deployed).toBe('false');
    expect(run.stdout).toContain(
      `would deploy ${registry.addr}/web/app@${images.one.digest} as container "pd-web" on ${vm.user}@127.0.0.1:1`,
    );
    expect(run.stdout).toContain('from stdin into a temporary DOCKER_CONFIG');
    expect(run.stdout).toContain(
      `sh -c "$DEPLOY_SCRIPT" deploy '${registry.addr}' '${registry.addr}/web/app@${images.one.digest}' 'pd-web'`,
    );
    expect(run.stdout).toContain(
      '    if ! error=$(docker run --detach --cidfile "$config/cid" --name "$name" "$@" "$image" 2>&1 >/dev/null); then',
    );
    expect(
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain(PASSWORD);
    expect(parseAnnotations(run.stdout, 'error')).toEqual([]);
  });
});
