/** The inputs of the VM runtime: hosts reached over SSH, and the container to run there. */
import * as core from '@actions/core';
import type { InputContext } from './input-reader.js';

export type HealthCheck =
  { readonly kind: 'url'; readonly url: string } | { readonly kind: 'command'; readonly command: string };

export interface VmInputs {
  readonly hosts: readonly string[];
  readonly port: number;
  readonly user: string;
  readonly privateKey: string;
  readonly knownHosts: string;
  readonly containerName: string;
  /** `docker run` options built from ports, env and extra args, each one argument. */
  readonly runOptions: readonly string[];
  readonly healthCheck: HealthCheck | undefined;
  readonly healthTimeoutSeconds: number;
}

const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9a-fA-F:]+\]?)$/;
const USER = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const CONTAINER = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;
const PORT_MAPPING = /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?\d{1,5}:\d{1,5}(?:\/(?:tcp|udp|sctp))?$/;
const RUN_FLAG = /^--?[a-zA-Z][a-zA-Z0-9-]*(?:=[^\n\r]*)?$/;
/** Flags the runtime sets itself; a second value would fight with it. */
const RESERVED_FLAGS = [
  '--name',
  '-d',
  '--detach',
  '--rm',
  '-p',
  '--publish',
  '-e',
  '--env',
  '--env-file',
  '-i',
  '-t',
  '--interactive',
  '--tty',
];

export function readVmInputs(ctx: InputContext): VmInputs | undefined {
  const privateKey = ctx.read('ssh-private-key');
  if (privateKey) core.setSecret(privateKey);
  const hosts = ctx.list('ssh-host');
  if (hosts.length === 0)
    ctx.problem('ssh-host', 'is required with runtime vm: one host, or several (newline- or comma-separated)');
  for (const host of hosts) if (!HOST.test(host)) ctx.problem('ssh-host', `"${host}" is not a host name or IP address`);
  const port = ctx.integer('ssh-port', 22, 1, 65_535, 'port');
  const user = ctx.text('ssh-user') ?? ctx.problem('ssh-user', 'is required with runtime vm');
  if (user !== undefined && !USER.test(user)) ctx.problem('ssh-user', `"${user}" is not a user name`);
  if (!privateKey)
    ctx.problem(
      'ssh-private-key',
      'is required with runtime vm: the private key (PEM or OpenSSH format) of ssh-user, from a secret',
    );
  else if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(privateKey))
    ctx.problem('ssh-private-key', 'is not a private key (it should start with -----BEGIN … PRIVATE KEY-----)');
  const knownHosts = ctx.read('ssh-known-hosts');
  if (!knownHosts) {
    ctx.problem(
      'ssh-known-hosts',
      'is required: the host keys to trust, as `ssh-keyscan HOST` prints them (verify them out of band); an unknown host is never trusted',
    );
  }
  const containerName =
    ctx.text('container-name') ??
    ctx.problem('container-name', 'is required with runtime vm: the name of the container to replace');
  if (containerName !== undefined && !CONTAINER.test(containerName))
    ctx.problem('container-name', `"${containerName}" is not a container name (letters, digits, "_", "." and "-")`);

  const runOptions: string[] = [];
  for (const mapping of ctx.list('ports')) {
    if (!PORT_MAPPING.test(mapping))
      ctx.problem(
        'ports',
        `"${mapping}" is not HOST_PORT:CONTAINER_PORT (optionally IP: in front and /udp behind), e.g. 80:8080`,
      );
    else runOptions.push('--publish', mapping);
  }
  for (const [name, value] of Object.entries(ctx.keyValues('container-env')))
    runOptions.push('--env', `${name}=${value}`);
  for (const flag of ctx
    .read('container-args')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))) {
    const name = flag.split('=')[0]!;
    if (!RUN_FLAG.test(flag))
      ctx.problem('container-args', `"${flag}" is not one docker run flag (--flag or --flag=value, one per line)`);
    else if (RESERVED_FLAGS.includes(name))
      ctx.problem('container-args', `${name} is set by the action (use container-name, ports or container-env)`);
    else runOptions.push(flag);
  }

  const health = ctx.text('health-check');
  let healthCheck: HealthCheck | undefined;
  if (health !== undefined) {
    if (/^https?:\/\//.test(health)) {
      try {
        healthCheck = { kind: 'url', url: new URL(health).toString() };
      } catch {
        ctx.problem('health-check', `"${health}" is not a valid URL`);
      }
    } else {
      healthCheck = { kind: 'command', command: health };
    }
  }
  const healthTimeoutSeconds = ctx.integer('health-timeout', 60, 1, 3600, 'seconds');
  if (!user || !privateKey || !knownHosts || !containerName || hosts.length === 0) return undefined;
  return { hosts, port, user, privateKey, knownHosts, containerName, runOptions, healthCheck, healthTimeoutSeconds };
}
