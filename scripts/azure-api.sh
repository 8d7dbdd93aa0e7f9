#!/usr/bin/env bash
# Starts or stops our local stand-in for Azure (scripts/azure-api.ts: Microsoft Entra ID, GitHub's
# OIDC token, Azure Container Registry's token endpoints in front of a local docker-registry,
# Container Apps as Resource Manager serves it), over HTTPS with a throwaway CA, since Azure has no
# emulator for them.
#
#   scripts/azure-api.sh start DIR    prints, as NAME=VALUE lines, AZURE_API_URL, AZURE_API_CA (the CA
#                                     to trust: also as NODE_EXTRA_CA_CERTS and REQUESTS_CA_BUNDLE),
#                                     AZURE_AUTHORITY_HOST, the GitHub OIDC variables
#                                     (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN), ACR_LOGIN_SERVER and
#                                     ACR_ENDPOINT (a registry-endpoints line),
#                                     AZURE_RESOURCE_MANAGER_ENDPOINT, AZURE_SUBSCRIPTION_ID and
#                                     AZURE_SEED_APP_URL (POST a Container App to create, as JSON:
#                                     resourceGroup, name, containers, registries, identity, mode…)
#   scripts/azure-api.sh stop DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

command=${1:?usage: azure-api.sh start|stop DIR}
dir=${2:?usage: azure-api.sh start|stop DIR}
case $command in
stop)
  stop_pid_file "$dir/azure-api.pid"
  exit 0
  ;;
start) ;;
*) echo "azure-api.sh: unknown command $command (start or stop)" >&2; exit 2 ;;
esac

"$here/install-test-deps.sh" openssl docker-registry
mkdir -p "$dir"
rm -f "$dir/env"
PATH="$here/../node_modules/.bin:$PATH" node "$here/azure-api.ts" "$dir" >"$dir/azure-api.log" 2>&1 &
echo $! >"$dir/azure-api.pid"
for ((i = 0; i < 300; i++)); do
  [ -s "$dir/env" ] && break
  kill -0 "$(cat "$dir/azure-api.pid")" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$dir/env" ]; then
  stop_pid_file "$dir/azure-api.pid"
  echo "azure-api.sh: the server did not start; its log:" >&2
  cat "$dir/azure-api.log" >&2
  exit 1
fi
cat "$dir/env"
