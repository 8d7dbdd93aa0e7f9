#!/usr/bin/env bash
# Starts or stops an OpenSSH server (Debian openssh-server) in the foreground on a free 127.0.0.1
# port, with a fresh host key and a fresh client key allowed in, for the VM runtime's tests.
#
#   scripts/sshd.sh start DIR [DOCKER_HOST]   prints SSH_PORT, SSH_USER, SSH_KEY (client private key file),
#                                             SSH_KNOWN_HOSTS (a known_hosts file for the server)
#   scripts/sshd.sh stop DIR
# With DOCKER_HOST, remote commands see it (sshd SetEnv), so `docker` there reaches that engine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command=${1:?usage: sshd.sh start|stop DIR [DOCKER_HOST]}
dir=${2:?usage: sshd.sh start|stop DIR [DOCKER_HOST]}
case $command in
stop)
  stop_pid_file "$dir/sshd.pid"
  exit 0
  ;;
start) ;;
*) echo "sshd.sh: unknown command $command (start or stop)" >&2; exit 2 ;;
esac
docker_host=${3:-}

"$here/install-test-deps.sh" openssh-server openssh-client
mkdir -p "$dir" /run/sshd
rm -f "$dir/host_key" "$dir/client_key"
ssh-keygen -q -t ed25519 -N '' -C portable-deploy-test-host -f "$dir/host_key"
ssh-keygen -q -t ed25519 -N '' -C portable-deploy-test-client -f "$dir/client_key"
cp "$dir/client_key.pub" "$dir/authorized_keys"
user=$(id -un)

for attempt in 1 2 3; do
  port=$(free_port)
  cat >"$dir/sshd_config" <<CONFIG
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
${docker_host:+SetEnv DOCKER_HOST=$docker_host}
CONFIG
  /usr/sbin/sshd -D -e -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1 &
  echo $! >"$dir/sshd.pid"
  for ((i = 0; i < 50; i++)); do
    if ssh-keyscan -p "$port" -t ed25519 127.0.0.1 >"$dir/known_hosts" 2>/dev/null && [ -s "$dir/known_hosts" ]; then
      # The server's key, as the test's trusted entry (what ssh-keyscan printed must be our host key).
      printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/host_key.pub")" >"$dir/known_hosts"
      echo "SSH_PORT=$port"
      echo "SSH_USER=$user"
      echo "SSH_KEY=$dir/client_key"
      echo "SSH_KNOWN_HOSTS=$dir/known_hosts"
      exit 0
    fi
    sleep 0.1
  done
  stop_pid_file "$dir/sshd.pid"
done
echo "sshd.sh: sshd did not start; its log:" >&2
cat "$dir/sshd.log" >&2
exit 1
