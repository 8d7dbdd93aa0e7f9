#!/usr/bin/env bash
# Builds a real, runnable linux/amd64 image (Debian's static busybox, with httpd) as an OCI image
# layout, using only tar, gzip and sha256sum: an image made independently of our code.
#
#   scripts/make-busybox-layout.sh DIR TAG
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
dir=${1:?usage: make-busybox-layout.sh DIR TAG}
tag=${2:?usage: make-busybox-layout.sh DIR TAG}

[ -x /bin/busybox ] || ensure_package busybox busybox-static
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/bin" "$work/rootfs/www" "$dir/blobs/sha256"
cp /bin/busybox "$work/rootfs/bin/busybox"
for applet in sh ls cat echo httpd sleep wget; do ln -s busybox "$work/rootfs/bin/$applet"; done
echo "hello from portable-deploy" >"$work/rootfs/www/index.html"

# Fixed owner and times, so the same busybox always gives the same digest.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/rootfs" -cf "$work/layer.tar" .
diff_id=sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n -c "$work/layer.tar" >"$work/layer.tar.gz"

put_blob() { # put_blob FILE -> prints "digest size"
  local digest size
  digest=$(sha256sum "$1" | cut -d' ' -f1)
  size=$(stat -c %s "$1")
  cp "$1" "$dir/blobs/sha256/$digest"
  echo "sha256:$digest $size"
}
read -r layer_digest layer_size < <(put_blob "$work/layer.tar.gz")

printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/httpd","-f","-p","8080","-h","/www"],"ExposedPorts":{"8080/tcp":{}}},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$diff_id" >"$work/config.json"
read -r config_digest config_size < <(put_blob "$work/config.json")

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%s}]}' \
  "$config_digest" "$config_size" "$layer_digest" "$layer_size" >"$work/manifest.json"
read -r manifest_digest manifest_size < <(put_blob "$work/manifest.json")

printf '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest_digest" "$manifest_size" "$tag" >"$dir/index.json"
echo "$manifest_digest"
