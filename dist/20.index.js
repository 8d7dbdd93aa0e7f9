export const id = 20;
export const ids = [20];
export const modules = {

/***/ 75020:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  VmError: () => (/* binding */ VmError),
  vmRuntime: () => (/* binding */ vmRuntime)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/runtimes/vm/script.ts
/**
 * What runs on the VM. The script is a constant of ours; every input value reaches it as a
 * separate, single-quoted argument, so no value (with ";", "$(…)", quotes or newlines) can become
 * shell. The registry password comes on stdin, never on a command line: the script writes it (as
 * `docker login` would) into a temporary DOCKER_CONFIG that only the pull uses, removed whatever
 * happens. Writing the file, rather than calling `docker login`, works the same on every engine
 * (Podman's Docker API refuses logins to plain-HTTP registries) and costs no round trip.
 */
/** Quotes one argument for a POSIX shell: '…', with each ' written as '\''. */
function shellQuote(value) {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
function shellJoin(args) {
    return args.map(shellQuote).join(' ');
}
/** Exit codes of the deploy script that mean something to the runtime. */
const EXIT = { healthFailed: 3, pullFailed: 4, runFailed: 5 };
/**
 * The deploy script (POSIX sh, run as `sh -c SCRIPT deploy ARGS…`).
 * Arguments: registry, image (repo@digest), container name, registry user (empty: anonymous pull),
 * health kind (url|command|none), health target, health timeout (s), then the docker run options.
 * It prints marker lines (`PD:…`) the runtime reads (see outcome.ts).
 *
 * Once the running container is touched (renamed to NAME-previous and stopped), one EXIT trap
 * covers the whole swap: whatever ends the script before the new container is healthy (a failed
 * `docker run`, an exited container, a failed health check, a `set -e` failure, SIGHUP/INT/TERM,
 * or SIGPIPE when the SSH connection is gone and the script writes its next line) removes the new
 * container and gives the previous one its name back, running as it was. It says which happened.
 */
const DEPLOY_SCRIPT = `set -eu
registry=$1 image=$2 name=$3 login_user=$4 health_kind=$5 health=$6 timeout=$7
shift 7
backup="$name-previous"
# What a failure must put back: nothing touched yet (none), no container before (new), or $backup (swapped).
previous=none was_running=false signal=
config=$(mktemp -d "\${TMPDIR:-/tmp}/portable-deploy-login.XXXXXXXX")
say() { printf 'PD:%s\\n' "$*"; }
oneline() { printf '%s' "$*" | tr '\\n' ' '; }
# Podman frees the ports of a container that failed to start a few seconds after it is removed, so
# the previous container's start is tried again, once a second for at most 30 s. Sets $error.
retry() {
  tries=1
  until error=$("$@" 2>&1 >/dev/null); do
    [ "$tries" -lt 30 ] || return 1
    tries=$((tries + 1))
    sleep 1
  done
}
# The container this run created, by the id docker run wrote (never by name: that may be the previous one).
remove_new() {
  if [ -s "$config/cid" ]; then docker rm -f "$(cat "$config/cid")" >/dev/null 2>&1; fi
}
put_back() {
  case $previous in
  none) say untouched; return ;;
  new) remove_new; say no-previous; return ;;
  esac
  if docker inspect "$backup" >/dev/null 2>&1; then
    remove_new
    if ! error=$(docker rename "$backup" "$name" 2>&1); then say "restore-failed rename $(oneline "$error")"; return; fi
  fi
  if [ "$was_running" = true ]; then
    if ! retry docker start "$name"; then say "restore-failed start $(oneline "$error")"; return; fi
    if [ "$(docker inspect --format '{{.State.Running}}' "$name" 2>&1)" != true ]; then
      say "restore-failed start $name was started but does not stay running"
      return
    fi
    say "restored running"
  else
    say "restored stopped"
  fi
}
finish() {
  status=$?
  # Nothing may cut the restore short; writes to a closed connection just fail.
  trap '' HUP INT TERM PIPE
  set +e
  if [ "$status" -ne 0 ]; then
    [ -z "$signal" ] || say "interrupted $signal" 2>/dev/null
    put_back 2>/dev/null
  fi
  rm -rf "$config"
  exit "$status"
}
trap finish EXIT
trap 'signal=HUP; exit 129' HUP
trap 'signal=INT; exit 130' INT
trap 'signal=TERM; exit 143' TERM
trap 'signal=PIPE; exit 141' PIPE
if [ -n "$login_user" ]; then
  IFS= read -r password || true
  umask 077
  # printf is a shell builtin and base64 reads a pipe: the password is in no process's arguments.
  auth=$(printf '%s:%s' "$login_user" "$password" | base64 | tr -d '\\n')
  printf '{"auths":{"%s":{"auth":"%s"}}}\\n' "$registry" "$auth" >"$config/config.json"
  password= auth=
fi
if [ "$(docker inspect --format '{{.State.Running}} {{.Config.Image}}' "$name" 2>/dev/null)" = "true $image" ]; then
  say unchanged
  exit 0
fi
if ! error=$(docker --config "$config" pull --quiet "$image" 2>&1 >/dev/null); then
  say "pull-failed $(oneline "$(printf '%s\\n' "$error" | tail -n 3)")"
  exit ${EXIT.pullFailed}
fi
rm -f "$config/config.json"
if was_running=$(docker inspect --format '{{.State.Running}}' "$name" 2>/dev/null); then
  if docker inspect "$backup" >/dev/null 2>&1; then docker rm -f "$backup" >/dev/null; fi
  previous=swapped
  docker rename "$name" "$backup"
  docker stop "$backup" >/dev/null
else
  # A NAME-previous without NAME (left by a run whose restore failed) stays as it is until a deploy succeeds.
  was_running=false previous=new
fi
if ! error=$(docker run --detach --cidfile "$config/cid" --name "$name" "$@" "$image" 2>&1 >/dev/null); then
  printf '%s\\n' "$error" | sed 's/^/PD:run-error /'
  exit ${EXIT.runFailed}
fi
say started
healthy() {
  case "$health_kind" in
    url) wget -q -O /dev/null -T 5 "$health" 2>/dev/null || curl -fsS -o /dev/null -m 5 "$health" 2>/dev/null ;;
    command) docker exec "$name" sh -c "$health" >/dev/null 2>&1 ;;
    *) [ "$(docker inspect --format '{{.State.Running}}' "$name")" = true ] ;;
  esac
}
# Stopped by itself, with no restart policy to bring it back: waiting out the timeout would change nothing.
exited() {
  case "$(docker inspect --format '{{.State.Status}} {{.HostConfig.RestartPolicy.Name}}' "$name" 2>/dev/null)" in
    "exited no" | "exited " | "dead no" | "dead ") return 0 ;;
  esac
  return 1
}
show_logs() { docker logs --tail 30 "$name" 2>&1 | sed 's/^/PD:log /'; }
deadline=$(( $(date +%s) + timeout ))
until healthy; do
  if exited; then
    say "exited $(docker inspect --format '{{.State.ExitCode}}' "$name" 2>&1)"
    show_logs
    exit ${EXIT.healthFailed}
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    say unhealthy
    show_logs
    exit ${EXIT.healthFailed}
  fi
  # Also a heartbeat: once the connection is gone this write fails, and the trap puts the previous container back.
  say waiting
  sleep 1
done
previous=done
docker rm -f "$backup" >/dev/null 2>&1 || say "warning could not remove $backup"
say deployed
`;

;// CONCATENATED MODULE: ./src/runtimes/vm/outcome.ts
/**
 * What one run of the deploy script on one host came to, read from its marker lines (`PD:…`), and
 * the words for it: what failed, which input most likely caused it, and in what state the
 * previous container was left.
 */

/** The marker lines of a run, without their `PD:` prefix. */
function markersOf(stdout) {
    return stdout
        .split('\n')
        .filter((line) => line.startsWith('PD:'))
        .map((line) => line.slice(3));
}
/** What followed a marker's word (`pull-failed why…` → `why…`) on its first line, or undefined. */
function said(markers, word) {
    const line = markers.find((m) => m === word || m.startsWith(`${word} `));
    return line?.slice(word.length).trim();
}
/** docker's refusal without its usage text ("Usage: …", "Run 'docker run --help' …"), on one line. */
function dockerRefusal(lines) {
    const text = lines
        .map((line) => line.trim())
        .filter((line) => line && !/^Usage:/.test(line) && !/^(?:Run|See) 'docker[^']*--help'/.test(line))
        .map((line) => line.replace(/^docker: /, ''))
        .join(' ');
    return text.length > 400 ? `${text.slice(0, 400)}…` : text || 'no reason given';
}
const FLAG_INPUT = {
    '-p': 'ports',
    '--publish': 'ports',
    '-e': 'container-env',
    '--env': 'container-env',
};
/** Which input most likely holds what docker refused, from the words of its refusal. */
function likelyInput(refusal, runOptions) {
    const flagMessage = /(?:unknown (?:shorthand )?flag|flag needs an argument|invalid argument .* for)\b(.*)/i.exec(refusal);
    const flags = flagMessage ? [...flagMessage[1].matchAll(/(?<![\w-])--?[a-zA-Z][\w-]*/g)].map((m) => m[0]) : [];
    const mapped = flags.map((flag) => FLAG_INPUT[flag]).find((input) => input !== undefined);
    if (mapped)
        return mapped;
    if (flags.length > 0) {
        const long = flags.find((flag) => flag.startsWith('--')) ?? flags[0];
        const given = runOptions.find((option) => option === long || option.startsWith(`${long}=`));
        return `container-args (${given ?? long})`;
    }
    if (/\bport\b|hostport|containerport|bind|address already in use|already allocated/i.test(refusal))
        return 'ports (a host port that is in use, or not allowed on this host)';
    if (/\bexec\b|executable file not found|no such file or directory|entrypoint/i.test(refusal))
        return "the image's command (or --entrypoint in container-args)";
    if (/\benv/i.test(refusal))
        return 'container-env';
    return 'container-args, ports or container-env';
}
/** In what state the failed run left the previous container, as a sentence with what to do. */
function previousState(markers, host, name) {
    const failed = said(markers, 'restore-failed');
    if (failed?.startsWith('start ')) {
        return (`the previous container is back as "${name}" but did not start again (${failed.slice(6)}): the service on ${host} is DOWN. ` +
            `Start it on ${host} with: docker start ${name} (docker logs ${name} says why it stops)`);
    }
    if (failed !== undefined) {
        return (`restoring the previous container failed too (${failed.replace(/^rename /, '')}): the service on ${host} is DOWN. ` +
            `Bring it back on ${host} with: docker rm -f ${name}; docker rename ${name}-previous ${name} && docker start ${name}`);
    }
    if (said(markers, 'restored') === 'running')
        return `the previous container runs again as "${name}"`;
    if (said(markers, 'restored') === 'stopped')
        return `the previous container is back as "${name}", stopped, as it was before the deploy`;
    if (said(markers, 'no-previous') !== undefined)
        return `there was no previous "${name}" to restore, and the new one was removed`;
    if (said(markers, 'untouched') !== undefined)
        return `the running "${name}" was not touched`;
    return (`the state of "${name}" on ${host} is unknown (the script ended without saying; it puts the previous ` +
        `container back on any failure, a lost connection included); check it with: docker ps -a --filter name=${name}`);
}
/** Reads one host's run: success, or the error message for the step. */
function outcomeOf(run, context, runOptions) {
    const { host } = run;
    const name = context.containerName;
    const markers = markersOf(run.stdout);
    if (run.code === 0 && said(markers, 'deployed') !== undefined)
        return { ok: true, unchanged: false, warnings: warningsOf(markers) };
    if (run.code === 0 && said(markers, 'unchanged') !== undefined)
        return { ok: true, unchanged: true, warnings: [] };
    const state = previousState(markers, host, name);
    const signal = said(markers, 'interrupted');
    let what;
    if (run.code === EXIT.pullFailed) {
        what = `${host} could not pull ${context.image}: ${said(markers, 'pull-failed') || 'no reason given'}`;
    }
    else if (run.code === EXIT.runFailed) {
        const refusal = dockerRefusal(markers.filter((m) => m.startsWith('run-error ')).map((m) => m.slice(10)));
        what = `docker run on ${host} refused the new container: ${refusal}; most likely cause: ${likelyInput(refusal, runOptions)}`;
    }
    else if (said(markers, 'exited') !== undefined) {
        what = `the new container on ${host} exited (code ${said(markers, 'exited')}) before it was healthy; its last log lines are above`;
    }
    else if (run.code === EXIT.healthFailed) {
        what = `the new container on ${host} failed its health check within ${context.healthWithin ?? `${context.healthTimeoutSeconds} s`}; its last log lines are above`;
    }
    else if (signal) {
        what = `the deploy on ${host} was interrupted (SIG${signal})`;
    }
    else if (run.code === 255) {
        what = `the SSH connection to ${host} ended during the deploy (${lastLines(run.stderr, 1) || 'no reason given'})`;
    }
    else {
        what = `the deploy on ${host} failed (exit ${run.code}): ${lastLines(run.stderr || run.stdout, 3) || 'no reason given'}`;
    }
    return { ok: false, message: `${what}; ${state}` };
}
function warningsOf(markers) {
    return markers.filter((m) => m.startsWith('warning ')).map((m) => m.slice(8));
}
function lastLines(text, count) {
    return text.trim().split('\n').slice(-count).join(' ').trim();
}

// EXTERNAL MODULE: ./src/oci/user-error.ts
var user_error = __webpack_require__(37373);
// EXTERNAL MODULE: ./src/deadline.ts
var deadline = __webpack_require__(86683);
;// CONCATENATED MODULE: ./src/runtimes/vm/runtime.ts
/**
 * A plain VM over SSH: pull the image by digest, swap the container behind a health check, and
 * put the previous one back if the new one is not healthy. Uses the runner's OpenSSH client; the
 * host key is always verified against ssh-known-hosts.
 */








class VmError extends user_error/* UserError */.y {
    constructor(message) {
        super(message, 'VM over SSH');
        this.name = 'VmError';
    }
}
/** Why ssh itself failed (exit 255), in words that say what to fix. */
function explainSshFailure(host, port, user, stderr) {
    const where = `${user}@${host}:${port}`;
    if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|No .* host key is known/i.test(stderr)) {
        return `the host key of ${host}:${port} does not match ssh-known-hosts (or is not in it); check the key out of band (ssh-keyscan -p ${port} ${host}) and update ssh-known-hosts; the host was not trusted`;
    }
    if (/Permission denied/i.test(stderr))
        return `${where} refused the key: ssh-private-key is not authorized for ${user} on ${host}`;
    if (/Connection refused|timed out|No route to host|Network is unreachable|Could not resolve|Name or service not known|Connection closed/i.test(stderr)) {
        return `cannot reach ${host}:${port} over SSH (${stderr.trim().split('\n').pop()}); check ssh-host, ssh-port and that the VM is up`;
    }
    return `ssh to ${where} failed: ${stderr.trim().split('\n').slice(-2).join(' ')}`;
}
function vmRuntime(inputs) {
    return new VmRuntime(inputs);
}
class VmRuntime {
    inputs;
    name = 'vm';
    constructor(inputs) {
        this.inputs = inputs;
    }
    /** Runs a remote command with the key and known hosts in a private temporary directory, removed after. */
    async ssh(host, remoteCommand, stdin) {
        const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'portable-deploy-ssh-'));
        try {
            await (0,promises_.chmod)(dir, 0o700);
            const key = (0,external_node_path_.join)(dir, 'key');
            const knownHosts = (0,external_node_path_.join)(dir, 'known_hosts');
            await (0,promises_.writeFile)(key, this.inputs.privateKey.replace(/\r\n/g, '\n').trimEnd() + '\n', { mode: 0o600 });
            await (0,promises_.writeFile)(knownHosts, this.inputs.knownHosts.trim() + '\n', { mode: 0o600 });
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
            return await new Promise((resolve, reject) => {
                // The run's timeout ends ssh: the remote script then puts the previous container back.
                const signal = (0,deadline/* runSignal */.KF)();
                const child = (0,external_node_child_process_.spawn)('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'], ...(signal && { signal }) });
                let stdout = '';
                let stderr = '';
                child.stdout.on('data', (c) => (stdout += c.toString()));
                child.stderr.on('data', (c) => (stderr += c.toString()));
                child.on('error', (error) => reject(error.name === 'AbortError'
                    ? error
                    : new VmError(`the ssh client could not run (${error.message}); the runner needs OpenSSH`)));
                child.on('close', (code) => resolve({ code: code ?? 255, stdout, stderr }));
                child.stdin.end(stdin);
            });
        }
        finally {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
        }
    }
    scriptArgs(target, loginUser, healthSeconds = this.inputs.healthTimeoutSeconds) {
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
    async prepare(target, log) {
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
                if (result.code === 255)
                    throw new VmError(explainSshFailure(host, port, user, result.stderr));
                if (result.code !== 0)
                    throw new VmError(`docker on ${host} does not answer (${result.stderr.trim().split('\n').pop()}); install Docker and give ${user} access to it`);
                log(`${host}: SSH host key verified, Docker ${result.stdout.trim()}`);
            }
        }
        return { plan, warnings: [], deploy: (deployLog) => this.deploy(target, deployLog) };
    }
    async deploy(target, log) {
        const credentials = await target.pullCredentials();
        const login = credentials?.username && credentials.password !== undefined ? credentials : undefined;
        let unchanged = 0;
        const done = [];
        let current;
        // Should the run's timeout fire anyway, it says which hosts run the new image and which restores its previous container.
        const forget = (0,deadline/* leftAsIs */.ii)(() => {
            const lines = done.map((h) => `- ${h}: "${this.inputs.containerName}" runs ${target.image} (deployed by this run)`);
            if (current)
                lines.push(`- ${current}: the deploy was under way; its script puts the previous "${this.inputs.containerName}" back when its SSH connection ends (the run ends it). Check: ssh ${this.inputs.user}@${current} docker ps -a --filter name=${this.inputs.containerName}`);
            return lines.length ? lines.join('\n') : undefined;
        });
        try {
            for (const host of this.inputs.hosts) {
                log(`${host}: deploying ${target.image} as "${this.inputs.containerName}"`);
                // The health check's wait is cut to end before the run's timeout, leaving time for the pull
                // before it (the script counts from the check's start) and the restore after it: a quarter of
                // the run's timeout, at most a minute, at least twice the report's reserve.
                const run = (0,deadline/* runDeadline */.qT)();
                const bound = (0,deadline/* waitBound */.OW)(this.inputs.healthTimeoutSeconds, 'health-timeout', run && Math.max(2 * (0,deadline/* reportReserveMs */.n1)(run.seconds), Math.min(60_000, run.seconds * 250)), 'the pull and the restore');
                const healthSeconds = Math.max(1, Math.floor((bound.deadline - Date.now()) / 1000));
                const command = `sh -c ${shellQuote(DEPLOY_SCRIPT)} deploy ${shellJoin(this.scriptArgs(target, login?.username ?? '', Math.min(this.inputs.healthTimeoutSeconds, healthSeconds)))}`;
                current = host;
                const result = await this.ssh(host, command, login ? `${login.password}\n` : '');
                current = undefined;
                const markers = markersOf(result.stdout);
                for (const line of markers.filter((m) => m.startsWith('log ')))
                    log(`${host}: ${line.slice(4)}`);
                if (result.code === 255 && markers.length === 0)
                    throw new VmError(explainSshFailure(host, this.inputs.port, this.inputs.user, result.stderr));
                const outcome = outcomeOf({ host, ...result }, { ...this.inputs, image: target.image, ...(bound.byRun && { healthWithin: bound.said }) }, this.inputs.runOptions);
                if (!outcome.ok)
                    throw new VmError(outcome.message);
                for (const warning of outcome.warnings)
                    log(`${host}: warning: ${warning}`);
                if (outcome.unchanged) {
                    unchanged++;
                    log(`${host}: "${this.inputs.containerName}" already runs ${target.image}; nothing to do`);
                }
                else {
                    log(`${host}: "${this.inputs.containerName}" now runs ${target.image}${this.inputs.healthCheck ? ' and is healthy' : ''}`);
                }
                done.push(host);
            }
        }
        finally {
            forget();
        }
        const url = this.inputs.healthCheck?.kind === 'url' ? this.inputs.healthCheck.url : undefined;
        const hosts = this.inputs.hosts.join(', ');
        return {
            outputs: {},
            detail: unchanged === this.inputs.hosts.length
                ? `${hosts}: already running this digest`
                : `${hosts}: "${this.inputs.containerName}" replaced`,
            ...(url && { url }),
        };
    }
}


/***/ })

};

//# sourceMappingURL=20.index.js.map