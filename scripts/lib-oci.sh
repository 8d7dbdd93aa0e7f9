# Writing OCI image layouts with tar, gzip and sha256sum only: images made independently of our
# code, for the demo and tests. Sourced, not run. Every function writes into $OCI_DIR.

# oci_init DIR: starts a layout in DIR.
oci_init() {
  OCI_DIR=$1
  mkdir -p "$OCI_DIR/blobs/sha256"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$OCI_DIR/oci-layout"
}

# oci_blob FILE: stores FILE as a blob; sets BLOB_DIGEST and BLOB_SIZE.
oci_blob() {
  BLOB_DIGEST=sha256:$(sha256sum "$1" | cut -d' ' -f1)
  BLOB_SIZE=$(stat -c %s "$1")
  cp "$1" "$OCI_DIR/blobs/sha256/${BLOB_DIGEST#sha256:}"
}

# oci_layer ROOTFS WORK: a gzip layer of ROOTFS, with fixed owners and times so the same files
# always give the same digest; sets LAYER_DIGEST, LAYER_SIZE and DIFF_ID.
oci_layer() {
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$1" -cf "$2/layer.tar" .
  DIFF_ID=sha256:$(sha256sum "$2/layer.tar" | cut -d' ' -f1)
  gzip -n -c "$2/layer.tar" >"$2/layer.tar.gz"
  oci_blob "$2/layer.tar.gz"
  LAYER_DIGEST=$BLOB_DIGEST LAYER_SIZE=$BLOB_SIZE
}

# oci_image ARCH CONFIG_JSON WORK: config (architecture ARCH, "config" CONFIG_JSON, the last layer)
# and manifest; sets MANIFEST_DIGEST and MANIFEST_SIZE.
oci_image() {
  printf '{"architecture":"%s","os":"linux","config":%s,"rootfs":{"type":"layers","diff_ids":["%s"]}}' "$1" "$2" "$DIFF_ID" >"$3/config.json"
  oci_blob "$3/config.json"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%s}]}' \
    "$BLOB_DIGEST" "$BLOB_SIZE" "$LAYER_DIGEST" "$LAYER_SIZE" >"$3/manifest.json"
  oci_blob "$3/manifest.json"
  MANIFEST_DIGEST=$BLOB_DIGEST MANIFEST_SIZE=$BLOB_SIZE
}

# oci_tag MEDIA_TYPE DIGEST SIZE TAG: names the root of the layout in index.json.
oci_tag() {
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"%s","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$1" "$2" "$3" "$4" >"$OCI_DIR/index.json"
}
