/** The inputs of the VM runtime: hosts reached over SSH, and the container to run there. */
import { isIPv4, isIPv6 } from 'node:net';
import type { InputContext } from '../../input-reader.js';
import { maskSecret } from '../../secret-mask.js';

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
const RUN_FLAG = /^--?[a-zA-Z][a-zA-Z0-9-]*(?:=[^\n\r]*)?$/;
/** Flags the runtime sets itself; a second value would fight with it. */
const RESERVED_FLAGS = [
  '--name',
  '--cidfile',
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
  maskSecret(privateKey);
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
  const published: PortMapping[] = [];
  for (const text of ctx.list('ports')) {
    const mapping = parsePortMapping(text);
    const clash = typeof mapping === 'string' ? undefined : published.find((other) => overlaps(other, mapping));
    if (typeof mapping === 'string') ctx.problem('ports', mapping);
    else if (clash) ctx.problem('ports', `"${text}" publishes a host port that "${clash.text}" publishes already`);
    else {
      published.push(mapping);
      runOptions.push('--publish', text);
    }
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
  const healthCheck = health === undefined ? undefined : parseHealthCheck(health);
  if (typeof healthCheck === 'string') ctx.problem('health-check', healthCheck);
  const healthTimeoutSeconds = ctx.integer('health-timeout', 60, 1, 3600, 'seconds');
  if (!user || !privateKey || !knownHosts || !containerName || hosts.length === 0) return undefined;
  return {
    hosts,
    port,
    user,
    privateKey,
    knownHosts,
    containerName,
    runOptions,
    healthCheck: typeof healthCheck === 'string' ? undefined : healthCheck,
    healthTimeoutSeconds,
  };
}

/** One `ports` line, checked as docker would take it: [IP:]HOST:CONTAINER[/PROTOCOL], each side a port or a range. */
export interface PortMapping {
  readonly text: string;
  /** Empty for every address. */
  readonly ip: string;
  readonly host: readonly [number, number];
  readonly protocol: string;
}

const MAPPING_FORM = /^(?:(\d+\.\d+\.\d+\.\d+|\[[^\]]*\]):)?(\d+(?:-\d+)?):(\d+(?:-\d+)?)(?:\/(.*))?$/;
const PROTOCOLS = ['tcp', 'udp', 'sctp'];

/** The mapping, or what is wrong with it. */
export function parsePortMapping(text: string): PortMapping | string {
  const match = MAPPING_FORM.exec(text);
  if (!match) {
    return `"${text}" is not HOST_PORT:CONTAINER_PORT (optionally IP: in front, /tcp, /udp or /sctp behind, ranges as 8000-8010:8000-8010), e.g. 80:8080`;
  }
  const [, ip = '', hostText, containerText, protocol = 'tcp'] = match;
  if (ip.startsWith('[') ? !isIPv6(ip.slice(1, -1)) : ip !== '' && !isIPv4(ip))
    return `"${text}": ${ip} is not an IPv4 address or a bracketed IPv6 address ([::1])`;
  if (!PROTOCOLS.includes(protocol)) return `"${text}": "${protocol}" is not tcp, udp or sctp`;
  const host = portRange(hostText!);
  const container = portRange(containerText!);
  for (const [side, range, rangeText] of [
    ['host', host, hostText],
    ['container', container, containerText],
  ] as const) {
    if (typeof range === 'string') return `"${text}": the ${side} port ${range}`;
    if (range[0] > range[1]) return `"${text}": the ${side} port range ${rangeText} runs backwards`;
  }
  const [hostFrom, hostTo] = host as [number, number];
  const [containerFrom, containerTo] = container as [number, number];
  if (hostTo - hostFrom !== containerTo - containerFrom)
    return `"${text}": the host range ${hostText} and the container range ${containerText} are not the same length`;
  return { text, ip, host: [hostFrom, hostTo], protocol };
}

function portRange(text: string): [number, number] | string {
  const ends = text.split('-').map(Number);
  const bad = ends.find((port) => !Number.isInteger(port) || port < 1 || port > 65_535);
  if (bad !== undefined) return `${bad} is not from 1 to 65535`;
  return [ends[0]!, ends[ends.length - 1]!];
}

const EVERY_ADDRESS = ['', '0.0.0.0', '[::]'];

/** Two mappings that would bind the same host port (docker would refuse the second). */
function overlaps(a: PortMapping, b: PortMapping): boolean {
  const sameAddress = a.ip === b.ip || EVERY_ADDRESS.includes(a.ip) || EVERY_ADDRESS.includes(b.ip);
  return a.protocol === b.protocol && sameAddress && a.host[0] <= b.host[1] && b.host[0] <= a.host[1];
}

/**
 * The health check: an http(s):// URL (fetched from the VM), or else a command run in the
 * container. A value that starts like another URL (file:, gopher://, ftp://, or host:port without
 * a scheme) is neither, so it is refused rather than run as a command.
 */
export function parseHealthCheck(value: string): HealthCheck | string {
  const firstWord = value.split(/\s/, 1)[0]!;
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (url.hostname) return { kind: 'url', url: url.toString() };
    } catch {
      // Reported below.
    }
    return `"${value}" is not a valid http(s) URL (it needs a host, e.g. http://127.0.0.1:8080/healthz)`;
  }
  if (firstWord.includes(':') && !firstWord.includes('=')) {
    const hint = /^[\w.-]+:\d+(?:\/|$)/.test(firstWord) ? ` (did you mean http://${value}?)` : '';
    return (
      `"${value}" is neither an http:// or https:// URL nor a command${hint}: give a URL the VM can fetch, ` +
      'or a command to run in the container, e.g. wget -q -O /dev/null http://127.0.0.1:8080/healthz'
    );
  }
  return { kind: 'command', command: value };
}
