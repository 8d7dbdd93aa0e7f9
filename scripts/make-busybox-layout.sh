#!/usr/bin/env bash
# Builds a real, runnable linux/amd64 image (Debian's static busybox, serving /www with httpd on
# port 8080) as an OCI image layout, with tar, gzip and sha256sum only. Prints the manifest digest.
# PAGE (default "hello from portable-deploy") is what /www/index.html says: another page, another digest.
#
#   scripts/make-busybox-layout.sh DIR TAG [PAGE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/lib-oci.sh"
dir=${1:?usage: make-busybox-layout.sh DIR TAG}
tag=${2:?usage: make-busybox-layout.sh DIR TAG [PAGE]}
page=${3:-hello from portable-deploy}

"$here/install-test-deps.sh" busybox-static
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/bin" "$work/rootfs/www"
cp /bin/busybox "$work/rootfs/bin/busybox"
for applet in sh ls cat echo httpd sleep wget; do ln -s busybox "$work/rootfs/bin/$applet"; done
echo "$page" >"$work/rootfs/www/index.html"

oci_init "$dir"
oci_layer "$work/rootfs" "$work"
oci_image amd64 '{"Cmd":["/bin/httpd","-f","-p","8080","-h","/www"],"ExposedPorts":{"8080/tcp":{}}}' "$work"
oci_tag application/vnd.oci.image.manifest.v1+json "$MANIFEST_DIGEST" "$MANIFEST_SIZE" "$tag"
echo "$MANIFEST_DIGEST"
