#!/usr/bin/env bash
# Starts or stops a container engine for the VM runtime's tests: Podman (as root, with runc; crun
# fails here) serving the Docker API on a unix socket, so the real docker CLI runs real containers.
#
#   scripts/podman.sh start DIR [REGISTRY…]   prints DOCKER_HOST; each REGISTRY (host:port) is reached
#                                             over plain HTTP, as local test registries need
#   scripts/podman.sh stop DIR    (removes the containers it ran)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command=${1:?usage: podman.sh start|stop DIR}
dir=${2:?usage: podman.sh start|stop DIR}
export CONTAINERS_CONF=$dir/containers.conf CONTAINERS_REGISTRIES_CONF=$dir/registries.conf
case $command in
stop)
  if [ -S "$dir/podman.sock" ]; then
    DOCKER_HOST=unix://$dir/podman.sock docker ps -aq --filter label=portable-deploy-test 2>/dev/null | xargs -r env DOCKER_HOST="unix://$dir/podman.sock" docker rm -f >/dev/null 2>&1 || true
  fi
  stop_pid_file "$dir/podman.pid"
  exit 0
  ;;
start) ;;
*) echo "podman.sh: unknown command $command (start or stop)" >&2; exit 2 ;;
esac

"$here/install-test-deps.sh" podman runc
command -v docker >/dev/null || { echo "podman.sh: the docker CLI is needed (it talks to Podman's Docker API)" >&2; exit 1; }
mkdir -p "$dir"
cat >"$dir/containers.conf" <<CONF
[engine]
runtime = "runc"
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
CONF
shift 2
# Local test registries speak plain HTTP; Podman needs each host:port named to log in to it.
{
  echo 'unqualified-search-registries = []'
  for registry in 127.0.0.1 "$@"; do printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$registry"; done
} >"$dir/registries.conf"
rm -f "$dir/podman.sock"
podman system service --time=0 "unix://$dir/podman.sock" >"$dir/podman.log" 2>&1 &
echo $! >"$dir/podman.pid"
for ((i = 0; i < 100; i++)); do
  if [ -S "$dir/podman.sock" ] && DOCKER_HOST=unix://$dir/podman.sock docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "DOCKER_HOST=unix://$dir/podman.sock"
    exit 0
  fi
  sleep 0.1
done
echo "podman.sh: the Podman service did not start; its log:" >&2
cat "$dir/podman.log" >&2
stop_pid_file "$dir/podman.pid"
exit 1
