/**
 * What runs on the VM. The script is a constant of ours; every input value reaches it as a
 * separate, single-quoted argument, so no value (with ";", "$(…)", quotes or newlines) can become
 * shell. The registry password comes on stdin, never on a command line: the script writes it (as
 * `docker login` would) into a temporary DOCKER_CONFIG that only the pull uses, removed whatever
 * happens. Writing the file, rather than calling `docker login`, works the same on every engine
 * (Podman's Docker API refuses logins to plain-HTTP registries) and costs no round trip.
 */

/** Quotes one argument for a POSIX shell: '…', with each ' written as '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/** Exit codes of the deploy script that mean something to the runtime. */
export const EXIT = { healthFailed: 3, pullFailed: 4, runFailed: 5 } as const;

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
export const DEPLOY_SCRIPT = `set -eu
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
