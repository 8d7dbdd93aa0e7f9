#!/usr/bin/env bash
# Starts or stops a CNCF distribution registry (Debian docker-registry) on a free 127.0.0.1 port.
#
#   scripts/registry.sh start DIR [--htpasswd USER:PASSWORD] [--token REALM ISSUER SERVICE CERT]
#   scripts/registry.sh stop DIR
#
# start prints shell assignments: REGISTRY_ADDR, REGISTRY_PID, REGISTRY_LOG (the access log).
# Everything the registry keeps (storage, config, PID, log) lives in DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

command=${1:?usage: registry.sh start|stop DIR [options]}
dir=${2:?usage: registry.sh start|stop DIR [options]}
shift 2

case $command in
stop)
  stop_pid_file "$dir/registry.pid"
  exit 0
  ;;
start) ;;
*) echo "registry.sh: unknown command $command (start or stop)" >&2; exit 2 ;;
esac

htpasswd_user='' token_realm=''
while [ $# -gt 0 ]; do
  case $1 in
  --htpasswd) htpasswd_user=${2:?--htpasswd needs USER:PASSWORD}; shift 2 ;;
  --token) token_realm=$2 token_issuer=$3 token_service=$4 token_cert=$5; shift 5 ;;
  *) echo "registry.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

"$here/install-test-deps.sh" docker-registry
mkdir -p "$dir/storage"
auth=''
if [ -n "$htpasswd_user" ]; then
  "$here/install-test-deps.sh" apache2-utils
  htpasswd -Bbn "${htpasswd_user%%:*}" "${htpasswd_user#*:}" >"$dir/htpasswd"
  auth="auth:
  htpasswd:
    realm: portable-deploy-test
    path: $dir/htpasswd"
elif [ -n "$token_realm" ]; then
  auth="auth:
  token:
    realm: $token_realm
    issuer: $token_issuer
    service: $token_service
    rootcertbundle: $token_cert"
fi

for attempt in 1 2 3; do
  port=$(free_port)
  cat >"$dir/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: false
  formatter: text
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: portable-deploy-test-secret
$auth
YAML
  docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  echo $! >"$dir/registry.pid"
  if wait_http "http://127.0.0.1:$port/v2/" 100 && kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null; then
    echo "REGISTRY_ADDR=127.0.0.1:$port"
    echo "REGISTRY_PID=$(cat "$dir/registry.pid")"
    echo "REGISTRY_LOG=$dir/registry.log"
    exit 0
  fi
  stop_pid_file "$dir/registry.pid"
done
echo "registry.sh: the registry did not start; its log:" >&2
cat "$dir/registry.log" >&2
exit 1
