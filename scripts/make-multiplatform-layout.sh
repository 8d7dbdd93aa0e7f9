#!/usr/bin/env bash
# Builds a real multi-platform image, linux/amd64 and linux/arm64, of esbuild's official static
# binaries (the @esbuild/linux-x64 and @esbuild/linux-arm64 packages from the npm registry), as an
# OCI image index in an image layout. Prints the index digest.
#
#   scripts/make-multiplatform-layout.sh DIR TAG
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib-oci.sh"
dir=${1:?usage: make-multiplatform-layout.sh DIR TAG}
tag=${2:?usage: make-multiplatform-layout.sh DIR TAG}
version=0.25.12

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
oci_init "$dir"
entries=()
for arch in amd64 arm64; do
  npm_arch=$([ "$arch" = amd64 ] && echo x64 || echo arm64)
  mkdir -p "$work/$arch/rootfs/usr/local/bin"
  (cd "$work/$arch" && npm pack -q "@esbuild/linux-$npm_arch@$version" >/dev/null 2>&1)
  tar -xzf "$work/$arch"/esbuild-linux-*.tgz -C "$work/$arch" package/bin/esbuild
  install -m 0755 "$work/$arch/package/bin/esbuild" "$work/$arch/rootfs/usr/local/bin/esbuild"
  oci_layer "$work/$arch/rootfs" "$work/$arch"
  oci_image "$arch" '{"Entrypoint":["/usr/local/bin/esbuild"],"Cmd":["--version"]}' "$work/$arch"
  entries+=("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"$MANIFEST_DIGEST\",\"size\":$MANIFEST_SIZE,\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"}}")
done
(IFS=,; printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s]}' "${entries[*]}") >"$work/index.json"
oci_blob "$work/index.json"
oci_tag application/vnd.oci.image.index.v1+json "$BLOB_DIGEST" "$BLOB_SIZE" "$tag"
echo "$BLOB_DIGEST"
