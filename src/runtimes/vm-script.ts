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
export const EXIT = { healthFailed: 3, pullFailed: 4 } as const;

/**
 * The deploy script (POSIX sh, run as `sh -c SCRIPT deploy ARGS…`).
 * Arguments: registry, image (repo@digest), container name, registry user (empty: anonymous pull),
 * health kind (url|command|none), health target, health timeout (s), then the docker run options.
 * It prints marker lines (`PD:…`) the runtime reads.
 */
export const DEPLOY_SCRIPT = `set -eu
registry=$1 image=$2 name=$3 login_user=$4 health_kind=$5 health=$6 timeout=$7
shift 7
config=$(mktemp -d "\${TMPDIR:-/tmp}/portable-deploy-login.XXXXXXXX")
trap 'rm -rf "$config"' EXIT INT TERM HUP
if [ -n "$login_user" ]; then
  IFS= read -r password || true
  umask 077
  # printf is a shell builtin and base64 reads a pipe: the password is in no process's arguments.
  auth=$(printf '%s:%s' "$login_user" "$password" | base64 | tr -d '\\n')
  printf '{"auths":{"%s":{"auth":"%s"}}}\\n' "$registry" "$auth" >"$config/config.json"
  password= auth=
fi
if [ "$(docker inspect --format '{{.State.Running}} {{.Config.Image}}' "$name" 2>/dev/null)" = "true $image" ]; then
  echo "PD:unchanged"
  exit 0
fi
if ! docker --config "$config" pull --quiet "$image" >"$config/pull.out" 2>&1; then
  echo "PD:pull-failed $(tail -n 3 "$config/pull.out" | tr '\\n' ' ')"
  exit ${EXIT.pullFailed}
fi
rm -rf "$config"
backup="$name-previous"
docker rm -f "$backup" >/dev/null 2>&1 || true
had_previous=no
if docker inspect "$name" >/dev/null 2>&1; then
  docker rename "$name" "$backup"
  docker stop "$backup" >/dev/null
  had_previous=yes
fi
docker run --detach --name "$name" "$@" "$image" >/dev/null
echo "PD:started"
healthy() {
  case "$health_kind" in
    url) wget -q -O /dev/null -T 5 "$health" 2>/dev/null || curl -fsS -o /dev/null -m 5 "$health" 2>/dev/null ;;
    command) docker exec "$name" sh -c "$health" >/dev/null 2>&1 ;;
    *) [ "$(docker inspect --format '{{.State.Running}}' "$name")" = true ] ;;
  esac
}
deadline=$(( $(date +%s) + timeout ))
until healthy; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "PD:unhealthy"
    docker logs --tail 30 "$name" 2>&1 | sed 's/^/PD:log /'
    docker rm -f "$name" >/dev/null
    if [ "$had_previous" = yes ]; then
      docker rename "$backup" "$name"
      docker start "$name" >/dev/null
      echo "PD:rolled-back"
    fi
    exit ${EXIT.healthFailed}
  fi
  sleep 1
done
docker rm -f "$backup" >/dev/null 2>&1 || true
echo "PD:deployed"
`;
