#!/usr/bin/env bash
# Starts or stops moto_server (the preinstalled Python moto: an AWS emulator for ECR and ECS) on a
# free 127.0.0.1 port.
#
#   scripts/moto.sh start DIR      prints MOTO_ENDPOINT and MOTO_PID
#   scripts/moto.sh stop DIR
#
# MOTO_ECS_SERVICE_RUNNING=1 makes moto report a service's tasks as running (its service waiter
# needs it); the task state machine is switched to manual progression by the tests themselves.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

command=${1:?usage: moto.sh start|stop DIR}
dir=${2:?usage: moto.sh start|stop DIR}
case $command in
stop)
  stop_pid_file "$dir/moto.pid"
  exit 0
  ;;
start) ;;
*) echo "moto.sh: unknown command $command (start or stop)" >&2; exit 2 ;;
esac

if ! command -v moto_server >/dev/null 2>&1; then
  echo "moto.sh: moto_server is not installed; it comes with Python's moto[server] (pip install 'moto[server]')" >&2
  exit 1
fi
mkdir -p "$dir"
for attempt in 1 2 3; do
  port=$(free_port)
  MOTO_ECS_SERVICE_RUNNING=1 moto_server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 &
  echo $! >"$dir/moto.pid"
  if wait_http "http://127.0.0.1:$port/moto-api/" 300 && kill -0 "$(cat "$dir/moto.pid")" 2>/dev/null; then
    echo "MOTO_ENDPOINT=http://127.0.0.1:$port"
    echo "MOTO_PID=$(cat "$dir/moto.pid")"
    exit 0
  fi
  stop_pid_file "$dir/moto.pid"
done
echo "moto.sh: moto_server did not start; its log:" >&2
cat "$dir/moto.log" >&2
exit 1
