#!/usr/bin/env bash
# npm run demo: a real run of the bundled action (dist/index.js), as GitHub runs it, on local services.
# Builds a runnable busybox image, puts it in a "source" registry, and lets the action copy it by
# digest to a "destination" registry: first a plan (an open pull request), then the deploy (a push
# to main), then the same again (already up to date). Everything it starts, it stops.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
ensure_package skopeo skopeo
demo=$(mktemp -d "${TMPDIR:-/tmp}/portable-deploy-demo.XXXXXX")
cleanup() {
  "$root/scripts/registry.sh" stop "$demo/source" || true
  "$root/scripts/registry.sh" stop "$demo/destination" || true
  rm -rf "$demo"
}
trap cleanup EXIT

source_addr=$("$root/scripts/registry.sh" start "$demo/source" | sed -n 's/^REGISTRY_ADDR=//p')
destination_addr=$("$root/scripts/registry.sh" start "$demo/destination" | sed -n 's/^REGISTRY_ADDR=//p')
echo "source registry:      $source_addr"
echo "destination registry: $destination_addr"

digest=$("$root/scripts/make-busybox-layout.sh" "$demo/layout" 1.0.0)
skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$demo/layout:1.0.0" "docker://$source_addr/demo/app:1.0.0"
echo "built $source_addr/demo/app:1.0.0 = $digest"

run_action() { # run_action TITLE EVENT_NAME REF EVENT_JSON
  local title=$1
  echo
  echo "=== $title"
  printf '%s' "$4" >"$demo/event.json"
  : >"$demo/output"
  : >"$demo/summary"
  env -i PATH="$PATH" HOME="$demo" \
    GITHUB_EVENT_NAME="$2" GITHUB_REF="$3" GITHUB_EVENT_PATH="$demo/event.json" GITHUB_REPOSITORY=octo/app \
    GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 GITHUB_OUTPUT="$demo/output" GITHUB_STEP_SUMMARY="$demo/summary" \
    INPUT_IMAGE="$source_addr/demo/app:1.0.0" INPUT_DESTINATION="$destination_addr/prod/app" \
    INPUT_TAGS="1.0.0, latest" INPUT_DEPLOY-WHEN=merged-pull-request INPUT_RUNTIME=none \
    node "$root/dist/index.js"
  echo "--- outputs"
  # GITHUB_OUTPUT holds name<<DELIMITER, value lines, DELIMITER.
  awk '/<</ { split($0, a, "<<"); name = a[1]; delim = a[2]; value = ""; next }
       $0 == delim { printf "  %-15s %s\n", name, value; next }
       { value = value (value == "" ? "" : " | ") $0 }' "$demo/output"
  echo "--- job summary"
  cat "$demo/summary"
}

repo='{"full_name":"octo/app","default_branch":"main","name":"app","owner":{"login":"octo"}}'
pr() { printf '{"action":"%s","number":5,"repository":%s,"pull_request":{"number":5,"merged":%s,"base":{"ref":"main","repo":%s},"head":{"ref":"feature","repo":%s}}}' "$1" "$repo" "$2" "$repo" "$repo"; }

run_action "pull request #5 opened: plan only" pull_request refs/pull/5/merge "$(pr opened false)"
run_action "pull request #5 merged: deploy" pull_request refs/pull/5/merge "$(pr closed true)"
run_action "the same again: already up to date" pull_request refs/pull/5/merge "$(pr closed true)"

echo
echo "=== check, with skopeo: the digest at the destination"
pushed=$(skopeo inspect --raw --tls-verify=false "docker://$destination_addr/prod/app:1.0.0" | sha256sum | cut -d' ' -f1)
echo "source      $digest"
echo "destination sha256:$pushed"
[ "sha256:$pushed" = "$digest" ] && echo "identical"
