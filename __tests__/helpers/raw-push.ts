/** Pushes blobs and manifests with plain fetch calls, independently of our client, to set up fixtures. */
import { createHash } from 'node:crypto';

export interface Pushed {
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
  readonly bytes: Buffer;
}

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

export async function pushBlob(addr: string, repository: string, bytes: Buffer, mediaType: string): Promise<Pushed> {
  const start = await fetch(`http://${addr}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`POST upload: ${start.status}`);
  const location = new URL(start.headers.get('location')!, `http://${addr}`);
  const digest = digestOf(bytes);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream' },
  });
  if (put.status !== 201) throw new Error(`PUT blob: ${put.status}`);
  return { digest, size: bytes.length, mediaType, bytes };
}

export async function pushManifest(
  addr: string,
  repository: string,
  reference: string | undefined,
  json: unknown,
  mediaType: string,
): Promise<Pushed> {
  const bytes = Buffer.from(JSON.stringify(json));
  const digest = digestOf(bytes);
  const response = await fetch(`http://${addr}/v2/${repository}/manifests/${reference ?? digest}`, {
    method: 'PUT',
    body: new Uint8Array(bytes),
    headers: { 'content-type': mediaType },
  });
  if (response.status !== 201)
    throw new Error(`PUT manifest ${reference ?? digest}: ${response.status} ${await response.text()}`);
  return { digest, size: bytes.length, mediaType, bytes };
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const EMPTY = 'application/vnd.oci.empty.v1+json';

/** An OCI 1.1 artifact (empty config, one layer) whose subject is `subject`, pushed by digest. */
export async function pushReferrer(
  addr: string,
  repository: string,
  subject: { digest: string; size: number; mediaType: string },
  artifactType: string,
  content: string,
): Promise<Pushed> {
  const config = await pushBlob(addr, repository, Buffer.from('{}'), EMPTY);
  const layer = await pushBlob(addr, repository, Buffer.from(content), artifactType);
  return pushManifest(
    addr,
    repository,
    undefined,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType,
      config: { mediaType: EMPTY, digest: config.digest, size: config.size },
      layers: [{ mediaType: artifactType, digest: layer.digest, size: layer.size }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    },
    OCI_MANIFEST,
  );
}

/** The referrers tag-schema index (`sha256-<hex>`) listing `referrers`, as oras and cosign maintain it. */
export async function pushSchemaIndex(
  addr: string,
  repository: string,
  subjectDigest: string,
  referrers: readonly (Pushed & { artifactType?: string })[],
): Promise<Pushed> {
  return pushManifest(
    addr,
    repository,
    subjectDigest.replace(':', '-'),
    {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: referrers.map((r) => ({
        mediaType: r.mediaType,
        digest: r.digest,
        size: r.size,
        ...(r.artifactType && { artifactType: r.artifactType }),
      })),
    },
    OCI_INDEX,
  );
}

/** A cosign-style signature: an image manifest with the simple-signing payload, tagged sha256-<hex>.sig. */
export async function pushCosignSignature(addr: string, repository: string, subjectDigest: string): Promise<Pushed> {
  const payload = Buffer.from(
    JSON.stringify({
      critical: { image: { 'docker-manifest-digest': subjectDigest }, type: 'cosign container image signature' },
    }),
  );
  const config = await pushBlob(
    addr,
    repository,
    Buffer.from('{"architecture":"","os":"","rootfs":{"type":"layers","diff_ids":[]}}'),
    'application/vnd.oci.image.config.v1+json',
  );
  const layer = await pushBlob(addr, repository, payload, 'application/vnd.dev.cosign.simplesigning.v1+json');
  return pushManifest(
    addr,
    repository,
    `${subjectDigest.replace(':', '-')}.sig`,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
      layers: [
        {
          mediaType: layer.mediaType,
          digest: layer.digest,
          size: layer.size,
          annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ-test' },
        },
      ],
    },
    OCI_MANIFEST,
  );
}
