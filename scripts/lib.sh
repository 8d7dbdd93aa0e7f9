# Shared helpers for the local test services. Sourced, not run.

# ensure_package COMMAND PACKAGE: installs the Debian package when the command is missing, through
# install-test-deps.sh (the one place that installs packages, one caller at a time).
ensure_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  "$(dirname "${BASH_SOURCE[0]}")/install-test-deps.sh" "$2"
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is still missing after installing $2" >&2; return 1; }
}

# free_port: prints a TCP port free on 127.0.0.1 right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL TRIES: waits until URL answers any HTTP status, at most TRIES × 0.1 s.
wait_http() {
  local url=$1 tries=$2 i
  for ((i = 0; i < tries; i++)); do
    if curl -s -o /dev/null -m 1 "$url"; then return 0; fi
    sleep 0.1
  done
  return 1
}

# stop_pid_file FILE: stops the process whose PID the file holds (TERM, then KILL after 5 s).
stop_pid_file() {
  local file=$1 pid i
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}
