#!/usr/bin/env bash
# Starts or stops our local Kubernetes API server (scripts/kubernetes-api.ts), since no real one can
# run here: HTTPS on a free 127.0.0.1 port with a throwaway CA and a bearer token, simulated
# controllers and kubelet.
#
#   scripts/kubernetes-api.sh start DIR   writes DIR/kubeconfig (cluster "stand-in": server URL and
#                                         certificate-authority-data; user with a bearer token;
#                                         context "stand-in" with namespace default, or
#                                         $KUBERNETES_STAND_IN_NAMESPACE), DIR/url, DIR/token,
#                                         DIR/ca.pem, DIR/pid, DIR/env, and prints DIR/env as
#                                         NAME=VALUE lines (KUBECONFIG, KUBERNETES_API_URL,
#                                         KUBERNETES_API_TOKEN, KUBERNETES_API_CA)
#   scripts/kubernetes-api.sh stop DIR
# Its switches (image rules, faults, the request record) are under $KUBERNETES_API_URL/stand-in/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

command=${1:?usage: kubernetes-api.sh start|stop DIR}
dir=${2:?usage: kubernetes-api.sh start|stop DIR}
case $command in
stop)
  stop_pid_file "$dir/pid"
  exit 0
  ;;
start) ;;
*) echo "kubernetes-api.sh: unknown command $command (start or stop)" >&2; exit 2 ;;
esac

ensure_package openssl openssl
mkdir -p "$dir"
rm -f "$dir/env" "$dir/kubeconfig" "$dir/url" "$dir/token"
PATH="$here/../node_modules/.bin:$PATH" node "$here/kubernetes-api.ts" "$dir" >"$dir/kubernetes-api.log" 2>&1 &
echo $! >"$dir/pid"
for ((i = 0; i < 300; i++)); do
  [ -s "$dir/env" ] && break
  kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$dir/env" ]; then
  stop_pid_file "$dir/pid"
  echo "kubernetes-api.sh: the server did not start; its log:" >&2
  cat "$dir/kubernetes-api.log" >&2
  exit 1
fi
cat "$dir/env"
