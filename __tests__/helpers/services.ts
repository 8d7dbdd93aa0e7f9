/** Starts and stops the local test services through the project's own scripts. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');

export interface Registry {
  readonly addr: string;
  readonly dir: string;
  readonly accessLog: () => Promise<string>;
  readonly stop: () => Promise<void>;
}

export async function startRegistry(
  options: { htpasswd?: string; token?: [string, string, string, string] } = {},
): Promise<Registry> {
  const dir = await mkdtemp(join(tmpdir(), 'pd-registry-'));
  const args = ['start', dir];
  if (options.htpasswd) args.push('--htpasswd', options.htpasswd);
  if (options.token) args.push('--token', ...options.token);
  const { stdout } = await run(join(ROOT, 'scripts/registry.sh'), args);
  const vars = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const addr = vars.REGISTRY_ADDR;
  if (!addr) throw new Error(`registry.sh printed no address: ${stdout}`);
  return {
    addr,
    dir,
    accessLog: () => readFile(join(dir, 'registry.log'), 'utf8'),
    stop: async () => {
      await run(join(ROOT, 'scripts/registry.sh'), ['stop', dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** skopeo as an independent reference implementation: copies and inspects without our code. */
export async function skopeo(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('skopeo', ['--insecure-policy', ...args], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    // The integration tier's setup installs it; a unit test that calls this belongs in that tier.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        'skopeo is not installed: run scripts/install-test-deps.sh (or name the test *.integration.test.ts)',
        { cause: error },
      );
    throw error;
  }
}

/** The raw manifest bytes at a registry reference, as skopeo reads them. */
export async function rawManifest(ref: string, creds?: string): Promise<string> {
  return skopeo('inspect', '--raw', '--tls-verify=false', ...(creds ? ['--creds', creds] : []), `docker://${ref}`);
}

/** A 127.0.0.1 port that was free a moment ago: bound, then released (nothing listens on it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The inputs that stand local registries in for cloud hosts: each host is reached at its local
 * address (registry-endpoints, as a private endpoint would be) over plain HTTP (insecure-registries).
 */
export function standIns(hosts: Record<string, string>): Record<string, string> {
  return {
    'registry-endpoints': Object.entries(hosts)
      .map(([host, address]) => `${host}=${address}`)
      .join('\n'),
    'insecure-registries': Object.keys(hosts).join('\n'),
  };
}
