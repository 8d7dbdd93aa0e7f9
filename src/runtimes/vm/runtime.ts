/**
 * A plain VM over SSH: pull the image by digest, swap the container behind a health check, and
 * put the previous one back if the new one is not healthy. Uses the runner's OpenSSH client; the
 * host key is always verified against ssh-known-hosts.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VmInputs } from './inputs.js';
import type { DeployResult, DeployTarget, PreparedDeployment, Runtime } from '../runtime.js';
import { markersOf, outcomeOf } from './outcome.js';
import { DEPLOY_SCRIPT, shellJoin, shellQuote } from './script.js';
import { UserError } from '../../oci/user-error.js';
import type { Log } from '../../oci/log.js';
import { leftAsIs, reportReserveMs, runDeadline, runSignal, waitBound } from '../../deadline.js';

export class VmError extends UserError {
  constructor(message: string) {
    super(message, 'VM over SSH');
    this.name = 'VmError';
  }
}

interface SshResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Why ssh itself failed (exit 255), in words that say what to fix. */
function explainSshFailure(host: string, port: number, user: string, stderr: string): string {
  const where = `${user}@${host}:${port}`;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|No .* host key is known/i.test(stderr)) {
    return `the host key of ${host}:${port} does not match ssh-known-hosts (or is not in it); check the key out of band (ssh-keyscan -p ${port} ${host}) and update ssh-known-hosts; the host was not trusted`;
  }
  if (/Permission denied/i.test(stderr))
    return `${where} refused the key: ssh-private-key is not authorized for ${user} on ${host}`;
  if (
    /Connection refused|timed out|No route to host|Network is unreachable|Could not resolve|Name or service not known|Connection closed/i.test(
      stderr,
    )
  ) {
    return `cannot reach ${host}:${port} over SSH (${stderr.trim().split('\n').pop()}); check ssh-host, ssh-port and that the VM is up`;
  }
  return `ssh to ${where} failed: ${stderr.trim().split('\n').slice(-2).join(' ')}`;
}

export function vmRuntime(inputs: VmInputs): Runtime {
  return new VmRuntime(inputs);
}

class VmRuntime implements Runtime {
  readonly name = 'vm';
  constructor(private readonly inputs: VmInputs) {}

  /** Runs a remote command with the key and known hosts in a private temporary directory, removed after. */
  private async ssh(host: string, remoteCommand: string, stdin: string): Promise<SshResult> {
    const dir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'portable-deploy-ssh-'));
    try {
      await chmod(dir, 0o700);
      const key = join(dir, 'key');
      const knownHosts = join(dir, 'known_hosts');
      await writeFile(key, this.inputs.privateKey.replace(/\r\n/g, '\n').trimEnd() + '\n', { mode: 0o600 });
      await writeFile(knownHosts, this.inputs.knownHosts.trim() + '\n', { mode: 0o600 });
      const args = [
        '-F',
        'none',
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        '-o',
        'GlobalKnownHostsFile=/dev/null',
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        `IdentityFile=${key}`,
        '-o',
        'ConnectTimeout=10',
        '-o',
        'ServerAliveInterval=15',
        '-o',
        'LogLevel=ERROR',
        '-p',
        String(this.inputs.port),
        '-l',
        this.inputs.user,
        host,
        remoteCommand,
      ];
      return await new Promise<SshResult>((resolve, reject) => {
        // The run's timeout ends ssh: the remote script then puts the previous container back.
        const signal = runSignal();
        const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'], ...(signal && { signal }) });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('error', (error) =>
          reject(
            error.name === 'AbortError'
              ? error
              : new VmError(`the ssh client could not run (${error.message}); the runner needs OpenSSH`),
          ),
        );
        child.on('close', (code) => resolve({ code: code ?? 255, stdout, stderr }));
        child.stdin.end(stdin);
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private scriptArgs(
    target: DeployTarget,
    loginUser: string,
    healthSeconds = this.inputs.healthTimeoutSeconds,
  ): string[] {
    const health = this.inputs.healthCheck;
    return [
      target.registry,
      target.image,
      this.inputs.containerName,
      loginUser,
      health?.kind ?? 'none',
      health?.kind === 'url' ? health.url : (health?.command ?? ''),
      String(healthSeconds),
      ...this.inputs.runOptions,
    ];
  }

  async prepare(target: DeployTarget, log: Log): Promise<PreparedDeployment> {
    const { hosts, port, user, containerName } = this.inputs;
    const plan = [
      `would deploy ${target.image} as container "${containerName}" on ${hosts.map((h) => `${user}@${h}:${port}`).join(', then ')}, running on each:`,
      `  credentials for ${target.registry} (password ***, from stdin into a temporary DOCKER_CONFIG, removed after)`,
      `  sh -c "$DEPLOY_SCRIPT" deploy ${shellJoin(this.scriptArgs(target, '<user>'))}`,
      '  (pull by digest; keep the running container as a backup; start the new one; health check; remove the backup, or on any failure or interruption restore it)',
      '  where DEPLOY_SCRIPT is:',
      ...DEPLOY_SCRIPT.trimEnd()
        .split('\n')
        .map((line) => `    ${line}`),
    ];
    if (!target.planning) {
      // Reach every host and its Docker before anything is pushed: a wrong key or a host that is down stops the run here.
      for (const host of hosts) {
        const result = await this.ssh(host, shellJoin(['docker', 'version', '--format', '{{.Server.Version}}']), '');
        if (result.code === 255) throw new VmError(explainSshFailure(host, port, user, result.stderr));
        if (result.code !== 0)
          throw new VmError(
            `docker on ${host} does not answer (${result.stderr.trim().split('\n').pop()}); install Docker and give ${user} access to it`,
          );
        log(`${host}: SSH host key verified, Docker ${result.stdout.trim()}`);
      }
    }
    return { plan, warnings: [], deploy: (deployLog) => this.deploy(target, deployLog) };
  }

  private async deploy(target: DeployTarget, log: Log): Promise<DeployResult> {
    const credentials = await target.pullCredentials();
    const login = credentials?.username && credentials.password !== undefined ? credentials : undefined;
    let unchanged = 0;
    const done: string[] = [];
    let current: string | undefined;
    // Should the run's timeout fire anyway, it says which hosts run the new image and which restores its previous container.
    const forget = leftAsIs(() => {
      const lines = done.map(
        (h) => `- ${h}: "${this.inputs.containerName}" runs ${target.image} (deployed by this run)`,
      );
      if (current)
        lines.push(
          `- ${current}: the deploy was under way; its script puts the previous "${this.inputs.containerName}" back when its SSH connection ends (the run ends it). Check: ssh ${this.inputs.user}@${current} docker ps -a --filter name=${this.inputs.containerName}`,
        );
      return lines.length ? lines.join('\n') : undefined;
    });
    try {
      for (const host of this.inputs.hosts) {
        log(`${host}: deploying ${target.image} as "${this.inputs.containerName}"`);
        // The health check's wait is cut to end before the run's timeout, leaving time for the pull
        // before it (the script counts from the check's start) and the restore after it: a quarter of
        // the run's timeout, at most a minute, at least twice the report's reserve.
        const run = runDeadline();
        const bound = waitBound(
          this.inputs.healthTimeoutSeconds,
          'health-timeout',
          run && Math.max(2 * reportReserveMs(run.seconds), Math.min(60_000, run.seconds * 250)),
          'the pull and the restore',
        );
        const healthSeconds = Math.max(1, Math.floor((bound.deadline - Date.now()) / 1000));
        const command = `sh -c ${shellQuote(DEPLOY_SCRIPT)} deploy ${shellJoin(this.scriptArgs(target, login?.username ?? '', Math.min(this.inputs.healthTimeoutSeconds, healthSeconds)))}`;
        current = host;
        const result = await this.ssh(host, command, login ? `${login.password}\n` : '');
        current = undefined;
        const markers = markersOf(result.stdout);
        for (const line of markers.filter((m) => m.startsWith('log '))) log(`${host}: ${line.slice(4)}`);
        if (result.code === 255 && markers.length === 0)
          throw new VmError(explainSshFailure(host, this.inputs.port, this.inputs.user, result.stderr));
        const outcome = outcomeOf(
          { host, ...result },
          { ...this.inputs, image: target.image, ...(bound.byRun && { healthWithin: bound.said }) },
          this.inputs.runOptions,
        );
        if (!outcome.ok) throw new VmError(outcome.message);
        for (const warning of outcome.warnings) log(`${host}: warning: ${warning}`);
        if (outcome.unchanged) {
          unchanged++;
          log(`${host}: "${this.inputs.containerName}" already runs ${target.image}; nothing to do`);
        } else {
          log(
            `${host}: "${this.inputs.containerName}" now runs ${target.image}${this.inputs.healthCheck ? ' and is healthy' : ''}`,
          );
        }
        done.push(host);
      }
    } finally {
      forget();
    }
    const url = this.inputs.healthCheck?.kind === 'url' ? this.inputs.healthCheck.url : undefined;
    const hosts = this.inputs.hosts.join(', ');
    return {
      outputs: {},
      detail:
        unchanged === this.inputs.hosts.length
          ? `${hosts}: already running this digest`
          : `${hosts}: "${this.inputs.containerName}" replaced`,
      ...(url && { url }),
    };
  }
}
