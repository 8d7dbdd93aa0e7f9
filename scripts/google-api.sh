#!/usr/bin/env bash
# Starts or stops our local stand-in for Google's APIs (scripts/google-api.ts: Workload Identity
# Federation, Cloud Run Admin v2, Artifact Registry v1), since Google has no emulator for them.
#
#   scripts/google-api.sh start DIR    prints GOOGLE_API_URL, GOOGLE_API_ACCESS_TOKEN (the token
#                                      its Workload Identity Federation hands out) and the environment
#                                      to run the action with (GOOGLE_APPLICATION_CREDENTIALS, the
#                                      endpoint overrides…), as NAME=VALUE lines
#   scripts/google-api.sh stop DIR
# GOOGLE_CLOUD_PROJECT, when set, is exported as the project ADC names.
# Every new revision of a service (projects/P/locations/R/services/S) or of a whole region
# (projects/P/locations/R) can be made to fail, writing its log lines to Cloud Logging:
#   curl -X POST "$GOOGLE_API_URL/control/fail-revisions" \
#     -d '{"scope":"projects/P/locations/us-east1","message":"container failed to start","logs":["panic: no DB"]}'
#   curl -X DELETE "$GOOGLE_API_URL/control/fail-revisions"   (stops that)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

command=${1:?usage: google-api.sh start|stop DIR}
dir=${2:?usage: google-api.sh start|stop DIR}
case $command in
stop)
  stop_pid_file "$dir/google-api.pid"
  exit 0
  ;;
start) ;;
*) echo "google-api.sh: unknown command $command (start or stop)" >&2; exit 2 ;;
esac

mkdir -p "$dir"
rm -f "$dir/env"
PATH="$here/../node_modules/.bin:$PATH" node "$here/google-api.ts" "$dir" >"$dir/google-api.log" 2>&1 &
echo $! >"$dir/google-api.pid"
for ((i = 0; i < 100; i++)); do
  [ -s "$dir/env" ] && break
  kill -0 "$(cat "$dir/google-api.pid")" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$dir/env" ]; then
  stop_pid_file "$dir/google-api.pid"
  echo "google-api.sh: the server did not start; its log:" >&2
  cat "$dir/google-api.log" >&2
  exit 1
fi
cat "$dir/env"
