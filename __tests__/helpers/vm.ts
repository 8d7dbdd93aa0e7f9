/** The VM runtime's test services, through the project's scripts: Podman behind the docker CLI, and sshd. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './services.js';

const run = promisify(execFile);

function vars(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

export interface Vm {
  readonly port: number;
  readonly user: string;
  readonly privateKey: string;
  readonly knownHosts: string;
  readonly dockerHost: string;
  /** Runs the docker CLI against the VM's engine. */
  docker(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the engine and sshd; the VM may pull from `registries` (host:port) over plain HTTP. */
export async function startVm(registries: readonly string[] = []): Promise<Vm> {
  const dir = await mkdtemp(join(tmpdir(), 'pd-vm-'));
  const podman = vars(
    (await run(join(ROOT, 'scripts/podman.sh'), ['start', join(dir, 'podman'), ...registries])).stdout,
  );
  const dockerHost = podman.DOCKER_HOST!;
  const sshd = vars((await run(join(ROOT, 'scripts/sshd.sh'), ['start', join(dir, 'sshd'), dockerHost])).stdout);
  return {
    port: Number(sshd.SSH_PORT),
    user: sshd.SSH_USER!,
    privateKey: await readFile(sshd.SSH_KEY!, 'utf8'),
    knownHosts: await readFile(sshd.SSH_KNOWN_HOSTS!, 'utf8'),
    dockerHost,
    docker: async (...args) =>
      (await run('docker', args, { env: { ...process.env, DOCKER_HOST: dockerHost } })).stdout.trim(),
    stop: async () => {
      await run(join(ROOT, 'scripts/sshd.sh'), ['stop', join(dir, 'sshd')]);
      await run(join(ROOT, 'scripts/podman.sh'), ['stop', join(dir, 'podman')]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
