#!/usr/bin/env bash
# The one place that installs the system packages the tests, the demo and the service scripts need.
#
#   scripts/install-test-deps.sh             every package the integration tests need
#   scripts/install-test-deps.sh PACKAGE…    only these Debian packages
#
# A package is installed only when what it provides is missing, so a machine that has everything
# installs nothing. Callers may run at the same time (test files, service scripts): a lock file makes
# them take turns, and apt waits for the dpkg lock instead of failing on it. Without apt-get, or
# without root (or password-less sudo), it installs nothing and says what to install.
set -euo pipefail

# What each package provides, as a shell test: the package is missing when the test fails.
declare -A PROVIDES=(
  [docker-registry]='command -v docker-registry'                                 # the CNCF registry
  [apache2-utils]='command -v htpasswd'                                          # registry passwords
  [skopeo]='command -v skopeo'                                                   # the independent copier the tests check with
  [openssh-server]='[ -x /usr/sbin/sshd ]'                                       # the VM runtime's sshd
  [openssh-client]='command -v ssh && command -v ssh-keygen && command -v ssh-keyscan'
  [podman]='command -v podman'                                                   # the VM's container engine
  [runc]='command -v runc || [ -x /usr/sbin/runc ]'                              # Podman's runtime (crun fails here)
  [busybox-static]='[ -x /bin/busybox ]'                                         # the runnable test image
  [curl]='command -v curl'
  [openssl]='command -v openssl'                                                 # the token server's keys
  [azure-cli]='command -v az'                                                    # a real Azure client to check the Azure stand-in with
)
ALL=(docker-registry apache2-utils skopeo openssh-server openssh-client podman runc busybox-static curl openssl azure-cli)

present() {
  if [ -n "${PROVIDES[$1]:-}" ]; then
    bash -c "${PROVIDES[$1]}" >/dev/null 2>&1
  else
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
  fi
}

missing() {
  local package
  for package in "$@"; do present "$package" || echo "$package"; done
}

# Tools that no Debian package here provides: checked, never installed.
check_tools() {
  local problems=()
  command -v python3 >/dev/null || problems+=('python3 (the service scripts pick free ports with it)')
  command -v docker >/dev/null || problems+=("the docker CLI (it talks to Podman's Docker API: Debian's docker.io, or Docker's docker-ce-cli)")
  command -v moto_server >/dev/null || problems+=("moto_server (the AWS emulator: pip install 'moto[server]')")
  [ ${#problems[@]} -eq 0 ] && return 0
  echo "install-test-deps: the integration tests need, and this script cannot install:" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  return 1
}

if [ $# -eq 0 ]; then
  packages=("${ALL[@]}")
  check_tools
else
  packages=("$@")
fi

mapfile -t need < <(missing "${packages[@]}")
[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "install-test-deps: missing ${need[*]}, and this machine has no apt-get." >&2
  echo "  Install the equivalent packages with your package manager, then run the tests again." >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "install-test-deps: missing ${need[*]}; installing them needs root." >&2
    echo "  Run: sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

# One installer at a time; the others wait here (at most 10 min), then find the packages present.
if command -v flock >/dev/null; then
  exec 9>"${TMPDIR:-/tmp}/portable-deploy-install.lock"
  flock -w 600 9 || { echo "install-test-deps: another install held the lock for 10 minutes" >&2; exit 1; }
fi
mapfile -t need < <(missing "${packages[@]}")
[ ${#need[@]} -eq 0 ] && exit 0

echo "install-test-deps: installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt=("${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 -y -qq)
# The package lists may be absent or stale on a fresh machine: update them only when needed.
if ! "${apt[@]}" install "${need[@]}" >/dev/null 2>&1; then
  "${apt[@]}" update >/dev/null
  "${apt[@]}" install "${need[@]}" >/dev/null
fi

mapfile -t still < <(missing "${need[@]}")
if [ ${#still[@]} -gt 0 ]; then
  echo "install-test-deps: ${still[*]} still missing after apt-get install" >&2
  exit 1
fi
