#!/usr/bin/env bash
# npm run demo: the bundled action (dist/index.js) run as GitHub runs it, on local services.
#  1. A real multi-platform image (esbuild for linux/amd64 and linux/arm64) goes from a "source" to
#     a "destination" registry: a plan on an open pull request, the deploy when it is merged, and
#     the same again (already up to date); skopeo checks the digests.
#  2. A real runnable image (busybox httpd) is deployed to "a VM" over SSH: a real sshd on this
#     machine, and real containers (Podman with runc behind the docker CLI); then it is served.
#  3. The same image is pushed to an ECR stand-in (a local registry that only accepts ECR's token)
#     and deployed to an ECS service on moto_server.
#  4. And to an Artifact Registry stand-in (a local registry that only accepts the access token
#     Workload Identity Federation hands out), then deployed to Cloud Run: a new service, then a
#     preview revision without traffic. Google has no emulator: its APIs are our local stand-in
#     (scripts/google-api.sh), reached by the official client libraries.
#  5. And to Azure: signed in by workload identity federation (GitHub's OIDC token for a Microsoft
#     Entra ID token, no secret, no az), pushed to an Azure Container Registry stand-in and deployed
#     to a Container App (pulling with its managed identity): the app, then a labelled preview
#     revision without traffic. Azure has no emulator either: scripts/azure-api.sh is our stand-in.
#  6. And to Kubernetes: a Deployment updated by digest and rolled out, an image that crashes
#     undone (the previous template serves again), and a Job run from a Job. No API server can run
#     here: scripts/kubernetes-api.sh is our stand-in (controllers and a kubelet simulated); the
#     real kubectl shows the result.
# Everything it starts, it stops.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
"$root/scripts/install-test-deps.sh"
export PATH="$root/node_modules/.bin:$PATH" # Node 24, the action's runtime
demo=$(mktemp -d "${TMPDIR:-/tmp}/portable-deploy-demo.XXXXXX")
cleanup() {
  for service in source destination ecr gar; do "$root/scripts/registry.sh" stop "$demo/$service" || true; done
  "$root/scripts/moto.sh" stop "$demo/moto" || true
  "$root/scripts/google-api.sh" stop "$demo/google" || true
  "$root/scripts/azure-api.sh" stop "$demo/azure" || true
  "$root/scripts/kubernetes-api.sh" stop "$demo/kubernetes" || true
  [ -n "${DOCKER_HOST:-}" ] && DOCKER_HOST=$DOCKER_HOST docker rm -f demo-web demo-web-previous >/dev/null 2>&1 || true
  "$root/scripts/sshd.sh" stop "$demo/sshd" || true
  "$root/scripts/podman.sh" stop "$demo/podman" || true
  rm -rf "$demo"
}
trap cleanup EXIT

start_registry() { "$root/scripts/registry.sh" start "$demo/$1" "${@:2}" | sed -n 's/^REGISTRY_ADDR=//p'; }
source_addr=$(start_registry source)
destination_addr=$(start_registry destination)
echo "registries: source $source_addr, destination $destination_addr"

multi=$("$root/scripts/make-multiplatform-layout.sh" "$demo/esbuild" 0.25.12)
skopeo --insecure-policy copy -q --all --dest-tls-verify=false "oci:$demo/esbuild:0.25.12" "docker://$source_addr/tools/esbuild:0.25.12"
echo "built $source_addr/tools/esbuild:0.25.12 = $multi (linux/amd64, linux/arm64)"

run_action() { # run_action TITLE EVENT_NAME REF EVENT_JSON [NAME=VALUE…]: the rest become the environment
  local title=$1 event_name=$2 ref=$3 payload=$4
  shift 4
  echo
  echo "=== $title"
  printf '%s' "$payload" >"$demo/event.json"
  : >"$demo/output"
  : >"$demo/summary"
  env -i PATH="$PATH" HOME="$demo" GITHUB_EVENT_NAME="$event_name" GITHUB_REF="$ref" GITHUB_EVENT_PATH="$demo/event.json" \
    GITHUB_REPOSITORY=octo/app GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 \
    GITHUB_OUTPUT="$demo/output" GITHUB_STEP_SUMMARY="$demo/summary" "$@" \
    node "$root/dist/index.js" | sed 's/^::add-mask::.*/::add-mask::(a token: the runner masks it from now on)/' ||
    if [ -n "${EXPECT_FAILURE:-}" ]; then echo "(the action failed, as this run should)"; else echo "(the action failed)"; fi
  echo "--- outputs"
  # GITHUB_OUTPUT holds name<<DELIMITER, value lines, DELIMITER.
  awk '/<</ { split($0, a, "<<"); name = a[1]; delim = a[2]; value = ""; next }
       $0 == delim { printf "  %-24s %s\n", name, value; next }
       { value = value (value == "" ? "" : " | ") $0 }' "$demo/output"
  echo "--- job summary"
  cat "$demo/summary"
}

repo='{"full_name":"octo/app","default_branch":"main","name":"app","owner":{"login":"octo"}}'
pr() { printf '{"action":"%s","number":5,"repository":%s,"pull_request":{"number":5,"merged":%s,"base":{"ref":"main","repo":%s},"head":{"ref":"feature","repo":%s}}}' "$1" "$repo" "$2" "$repo" "$repo"; }
copy_inputs=("INPUT_IMAGE=$source_addr/tools/esbuild:0.25.12" "INPUT_DESTINATION=$destination_addr/mirror/esbuild" "INPUT_TAGS=0.25.12, latest" "INPUT_DEPLOY-WHEN=merged-pull-request")

run_action "pull request #5 opened: plan only" pull_request refs/pull/5/merge "$(pr opened false)" "${copy_inputs[@]}"
run_action "pull request #5 merged: deploy" pull_request refs/pull/5/merge "$(pr closed true)" "${copy_inputs[@]}"
run_action "the same again: already up to date" pull_request refs/pull/5/merge "$(pr closed true)" "${copy_inputs[@]}"

echo
echo "=== check, with skopeo: the digests at the destination"
pushed=$(skopeo inspect --raw --tls-verify=false "docker://$destination_addr/mirror/esbuild:0.25.12" | sha256sum | cut -d' ' -f1)
echo "source      $multi"
echo "destination sha256:$pushed"
[ "sha256:$pushed" = "$multi" ] && echo "identical"
skopeo inspect --raw --tls-verify=false "docker://$destination_addr/mirror/esbuild:0.25.12" |
  node -e 'for (const m of JSON.parse(require("fs").readFileSync(0, "utf8")).manifests) console.log(`  ${m.platform.os}/${m.platform.architecture}: ${m.digest}`)'

echo
echo "=== a VM over SSH: this machine, with sshd and Podman"
busybox=$("$root/scripts/make-busybox-layout.sh" "$demo/busybox" 1.0.0)
skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$demo/busybox:1.0.0" "docker://$source_addr/web/app:1.0.0"
DOCKER_HOST=$("$root/scripts/podman.sh" start "$demo/podman" "$destination_addr" | sed -n 's/^DOCKER_HOST=//p')
eval "$("$root/scripts/sshd.sh" start "$demo/sshd" "$DOCKER_HOST")" # SSH_PORT, SSH_USER, SSH_KEY, SSH_KNOWN_HOSTS
web_port=$(free_port)
run_action "deploy busybox to the VM, behind a health check" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "INPUT_IMAGE=$source_addr/web/app:1.0.0" "INPUT_DESTINATION=$destination_addr/web/app" INPUT_RUNTIME=vm \
  INPUT_SSH-HOST=127.0.0.1 "INPUT_SSH-PORT=$SSH_PORT" "INPUT_SSH-USER=$SSH_USER" \
  "INPUT_SSH-PRIVATE-KEY=$(cat "$SSH_KEY")" "INPUT_SSH-KNOWN-HOSTS=$(cat "$SSH_KNOWN_HOSTS")" \
  INPUT_CONTAINER-NAME=demo-web "INPUT_PORTS=127.0.0.1:$web_port:8080" \
  "INPUT_HEALTH-CHECK=http://127.0.0.1:$web_port/" INPUT_HEALTH-TIMEOUT=20
echo "GET http://127.0.0.1:$web_port/ -> $(curl -s "http://127.0.0.1:$web_port/")"

echo
echo "=== AWS on moto: push to ECR and update an ECS service"
ecr_host=123456789012.dkr.ecr.us-east-1.amazonaws.com
ecr_addr=$(start_registry ecr --htpasswd 'AWS:123456789012-auth-token') # moto's ECR token
moto_endpoint=$("$root/scripts/moto.sh" start "$demo/moto" | sed -n 's/^MOTO_ENDPOINT=//p')
aws_env=(AWS_ENDPOINT_URL="$moto_endpoint" AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true)
env "${aws_env[@]}" node "$root/scripts/demo-ecs-setup.ts"
# moto keeps reporting the old task definition in a service's deployments after an update, so the
# demo does not wait for stability (the tests put a proxy in front of moto that behaves like ECS).
run_action "push to ECR ($ecr_host stands for $ecr_addr) and update ECS service web" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "${aws_env[@]}" "INPUT_REGISTRY-ENDPOINTS=$ecr_host=$ecr_addr" "INPUT_INSECURE-REGISTRIES=$ecr_host" \
  "INPUT_IMAGE=$source_addr/web/app:1.0.0" "INPUT_DESTINATION=$ecr_host/web" INPUT_CREATE-REPOSITORY=true \
  INPUT_RUNTIME=ecs INPUT_ECS-CLUSTER=demo INPUT_ECS-SERVICE=web "INPUT_ECS-ENVIRONMENT=RELEASE=1.0.0" INPUT_WAIT-FOR-STABILITY=false

echo
echo "=== Google Cloud: push to Artifact Registry and deploy to Cloud Run"
google_env=()
while IFS= read -r line; do google_env+=("$line"); done < <(GOOGLE_CLOUD_PROJECT=demo-project "$root/scripts/google-api.sh" start "$demo/google")
google_value() { printf '%s\n' "${google_env[@]}" | sed -n "s/^$1=//p"; }
ar_host=us-central1-docker.pkg.dev
ar_addr=$(start_registry gar --htpasswd "oauth2accesstoken:$(google_value GOOGLE_API_ACCESS_TOKEN)")
adc_env=()
for line in "${google_env[@]}"; do [[ $line == GOOGLE_API_* ]] || adc_env+=("$line"); done
echo "Google APIs (our stand-in): $(google_value GOOGLE_API_URL); $ar_host stands for $ar_addr"
gcp_inputs=("INPUT_IMAGE=$source_addr/web/app:1.0.0" "INPUT_DESTINATION=$ar_host/demo-project/apps/web" INPUT_CREATE-REPOSITORY=true
  INPUT_RUNTIME=cloud-run INPUT_GCP-REGION=us-central1 INPUT_CLOUD-RUN-SERVICE=web "INPUT_CLOUD-RUN-FLAGS=memory=256Mi")
run_action "push to Artifact Registry and create Cloud Run service web" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "${adc_env[@]}" "INPUT_REGISTRY-ENDPOINTS=$ar_host=$ar_addr" "INPUT_INSECURE-REGISTRIES=$ar_host" "${gcp_inputs[@]}" "INPUT_CLOUD-RUN-ENV=RELEASE=1.0.0"
run_action "a preview revision: no traffic, tagged pr-5" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "${adc_env[@]}" "INPUT_REGISTRY-ENDPOINTS=$ar_host=$ar_addr" "INPUT_INSECURE-REGISTRIES=$ar_host" "${gcp_inputs[@]}" "INPUT_CLOUD-RUN-ENV=RELEASE=1.0.0-pr5" \
  INPUT_NO-TRAFFIC=true INPUT_REVISION-TAG=pr-5

echo
echo "=== Azure: push to Azure Container Registry and deploy to Container Apps"
azure_env=()
while IFS= read -r line; do azure_env+=("$line"); done < <("$root/scripts/azure-api.sh" start "$demo/azure")
azure_value() { printf '%s\n' "${azure_env[@]}" | sed -n "s/^$1=//p"; }
acr_host=$(azure_value ACR_LOGIN_SERVER)
echo "Azure APIs (our stand-in): $(azure_value AZURE_API_URL); $acr_host stands for it too"
# The Container App as someone set it up in the portal: Multiple revision mode, pulling from the
# registry with its system-assigned identity. (Seeding is the stand-in's own route, not ARM's.)
curl -sf --cacert "$(azure_value AZURE_API_CA)" -H 'content-type: application/json' "$(azure_value AZURE_SEED_APP_URL)" \
  -d "{\"resourceGroup\":\"apps-rg\",\"name\":\"web\",\"mode\":\"Multiple\",\"identity\":{\"type\":\"SystemAssigned\"},
       \"containers\":[{\"name\":\"web\",\"image\":\"mcr.microsoft.com/k8se/quickstart:latest\"}],
       \"registries\":[{\"server\":\"$acr_host\",\"identity\":\"system\"}]}" >/dev/null
echo "Container App apps-rg/web exists (Multiple revision mode, pulls from $acr_host with its managed identity)"
# What a job with `permissions: id-token: write` has: GitHub's OIDC variables; no Azure secret.
job_env=()
for name in NODE_EXTRA_CA_CERTS AZURE_AUTHORITY_HOST AZURE_RESOURCE_MANAGER_ENDPOINT AZURE_SUBSCRIPTION_ID \
  ACTIONS_ID_TOKEN_REQUEST_URL ACTIONS_ID_TOKEN_REQUEST_TOKEN; do job_env+=("$name=$(azure_value "$name")"); done
aca_inputs=("INPUT_IMAGE=$source_addr/web/app:1.0.0" "INPUT_DESTINATION=$acr_host/web" "INPUT_REGISTRY-ENDPOINTS=$(azure_value ACR_ENDPOINT)"
  "INPUT_AZURE-CLIENT-ID=$(azure_value AZURE_API_CLIENT_ID)" "INPUT_AZURE-TENANT-ID=$(azure_value AZURE_API_TENANT_ID)"
  INPUT_RUNTIME=container-apps INPUT_AZURE-RESOURCE-GROUP=apps-rg INPUT_CONTAINER-APPS-APP=web)
run_action "push to ACR with OIDC federation and deploy to Container App web" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "${job_env[@]}" "${aca_inputs[@]}" INPUT_REVISION-SUFFIX=v1 "INPUT_CONTAINER-APPS-ENV=RELEASE=1.0.0"
run_action "a labelled preview revision: no traffic, label pr-5" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "${job_env[@]}" "${aca_inputs[@]}" INPUT_REVISION-SUFFIX=pr-5 INPUT_NO-TRAFFIC=true INPUT_REVISION-TAG=pr-5 \
  "INPUT_CONTAINER-APPS-ENV=RELEASE=1.0.0-pr5"

echo
echo "=== Kubernetes: deploy to a Deployment, undo a crashing image, run a Job"
"$root/scripts/kubernetes-api.sh" start "$demo/kubernetes" >/dev/null
kube_url=$(cat "$demo/kubernetes/url")
kubectl() { command kubectl --kubeconfig "$demo/kubernetes/kubeconfig" --cache-dir "$demo/kubectl-cache" "$@"; }
# (kubectl create -f sends JSON; its typed generators would send protobuf, which the stand-in does not speak)
pod_template() { printf '{"metadata":{"labels":{"app":"%s"}},"spec":{"containers":[{"name":"app","image":"%s"}]%s}}' "$1" "$destination_addr/web/app:1.0.0" "$2"; }
kubectl create -f - >/dev/null <<JSON
{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":$(pod_template web '')}}
JSON
kubectl create -f - >/dev/null <<JSON
{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate"},
 "spec":{"backoffLimit":0,"template":$(pod_template migrate ',"restartPolicy":"Never"')}}
JSON
kubectl rollout status deployment/web --timeout=60s
# The esbuild image stands for a release that crashes on start: the stand-in's kubelet is told so.
curl -sf --cacert "$demo/kubernetes/ca.pem" -X POST "$kube_url/stand-in/images" -H 'content-type: application/json' \
  -d "{\"digest\":\"$multi\",\"outcome\":\"crash\",\"exitCode\":1,\"logs\":[\"starting\",\"panic: no DATABASE_URL\"]}" >/dev/null
k8s_inputs=("KUBECONFIG=$demo/kubernetes/kubeconfig" INPUT_RUNTIME=kubernetes INPUT_WAIT-TIMEOUT=60)
run_action "deploy busybox to deployment/web" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "${k8s_inputs[@]}" "INPUT_IMAGE=$source_addr/web/app:1.0.0" "INPUT_DESTINATION=$destination_addr/web/app" INPUT_K8S-WORKLOAD=deployment/web
EXPECT_FAILURE=1 run_action "a release whose pods crash: undone" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "${k8s_inputs[@]}" "INPUT_IMAGE=$source_addr/tools/esbuild:0.25.12" "INPUT_DESTINATION=$destination_addr/web/app" INPUT_K8S-WORKLOAD=deployment/web
echo "--- kubectl rollout status / history after the undo"
kubectl rollout status deployment/web --timeout=10s
kubectl rollout history deployment/web
run_action "run job/migrate with the image" push refs/heads/main \
  '{"repository":{"full_name":"octo/app","default_branch":"main"}}' \
  "${k8s_inputs[@]}" "INPUT_IMAGE=$source_addr/web/app:1.0.0" "INPUT_DESTINATION=$destination_addr/web/app" INPUT_K8S-WORKLOAD=job/migrate
kubectl get jobs
echo "the busybox image is $busybox"
