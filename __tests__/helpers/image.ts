/**
 * Builds real images as OCI image layouts on disk: gzip tar layers of chosen sizes, configs,
 * manifests, and multi-platform indexes with shared layers and a buildx-style attestation.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Blob {
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
  readonly bytes: Buffer;
  /** For a layer: the digest of its uncompressed tar, which the config lists in rootfs.diff_ids. */
  readonly diffId?: string;
}

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function blob(bytes: Buffer, mediaType: string, diffId?: string): Blob {
  return { digest: digestOf(bytes), size: bytes.length, mediaType, bytes, ...(diffId && { diffId }) };
}

/** A one-file tar archive (ustar) holding `content` at `name`. */
export function tarOf(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, pad, Buffer.alloc(1024)]);
}

/** A gzip layer of about `size` bytes of random (incompressible) content. */
export function randomLayer(size: number, name = 'data.bin'): Blob {
  const tar = tarOf(name, randomBytes(size));
  return blob(gzipSync(tar, { level: 1 }), 'application/vnd.oci.image.layer.v1.tar+gzip', digestOf(tar));
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export interface BuiltImage {
  readonly manifest: Blob;
  readonly config: Blob;
  readonly layers: readonly Blob[];
}

export function imageManifest(platform: Platform, layers: readonly Blob[], label = ''): BuiltImage {
  const config = blob(
    Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant && { variant: platform.variant }),
        config: { Labels: { test: label } },
        rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId ?? l.digest) },
      }),
    ),
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
        layers: layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })),
      }),
    ),
    'application/vnd.oci.image.manifest.v1+json',
  );
  return { manifest, config, layers };
}

/** A buildx-style attestation manifest for `subject`, listed in the index as unknown/unknown. */
export function attestation(subject: Blob): BuiltImage {
  const statement = blob(
    Buffer.from(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v0.1',
        predicateType: 'https://spdx.dev/Document',
        subject: [{ digest: subject.digest }],
      }),
    ),
    'application/vnd.in-toto+json',
  );
  const image = imageManifest({ os: 'unknown', architecture: 'unknown' }, [statement], 'attestation');
  return image;
}

export interface Layout {
  readonly dir: string;
  readonly root: Blob;
  readonly images: readonly BuiltImage[];
  /** Every distinct blob (configs, layers, manifests). */
  readonly blobs: readonly Blob[];
}

async function writeBlobs(dir: string, blobs: readonly Blob[]): Promise<void> {
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await Promise.all(blobs.map((b) => writeFile(join(dir, 'blobs', 'sha256', b.digest.slice(7)), b.bytes)));
}

/** Writes an OCI layout whose index.json names `root` under `tag`. */
export async function writeLayout(
  dir: string,
  tag: string,
  root: Blob,
  images: readonly BuiltImage[],
  extra: readonly Blob[] = [],
): Promise<Layout> {
  const all = new Map<string, Blob>();
  for (const b of [root, ...extra, ...images.flatMap((i) => [i.manifest, i.config, ...i.layers])]) all.set(b.digest, b);
  await writeBlobs(dir, [...all.values()]);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: root.mediaType,
          digest: root.digest,
          size: root.size,
          annotations: { 'org.opencontainers.image.ref.name': tag },
        },
      ],
    }),
  );
  return { dir, root, images, blobs: [...all.values()] };
}

export async function singlePlatformLayout(dir: string, tag: string, layerSizes: readonly number[]): Promise<Layout> {
  const image = imageManifest(
    { os: 'linux', architecture: 'amd64' },
    layerSizes.map((size, i) => randomLayer(size, `layer${i}`)),
  );
  return writeLayout(dir, tag, image.manifest, [image]);
}

/**
 * A multi-platform index in memory: every platform shares `sharedLayers` layers, adds one of its
 * own, and (unless `attestation: false`) the first platform has an attestation.
 */
export function multiPlatformImage(
  platforms: readonly Platform[],
  sharedSize = 64 * 1024,
  ownSize = 32 * 1024,
  options: { readonly sharedLayers?: number; readonly attestation?: boolean } = {},
): { readonly root: Blob; readonly images: readonly BuiltImage[] } {
  const shared = Array.from({ length: options.sharedLayers ?? 1 }, (_, i) =>
    randomLayer(sharedSize, i === 0 ? 'shared' : `shared${i}`),
  );
  const images = platforms.map((p, i) =>
    imageManifest(p, [...shared, randomLayer(ownSize, `own${i}`)], `${p.os}/${p.architecture}`),
  );
  const attestations = options.attestation === false ? [] : images.slice(0, 1).map((img) => attestation(img.manifest));
  const index = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          ...images.map((img, i) => ({
            mediaType: img.manifest.mediaType,
            digest: img.manifest.digest,
            size: img.manifest.size,
            platform: platforms[i],
          })),
          ...attestations.map((att, i) => ({
            mediaType: att.manifest.mediaType,
            digest: att.manifest.digest,
            size: att.manifest.size,
            platform: { os: 'unknown', architecture: 'unknown' },
            annotations: {
              'vnd.docker.reference.type': 'attestation-manifest',
              'vnd.docker.reference.digest': images[i]!.manifest.digest,
            },
          })),
        ],
      }),
    ),
    'application/vnd.oci.image.index.v1+json',
  );
  return { root: index, images: [...images, ...attestations] };
}

/** The multi-platform index of `multiPlatformImage`, written as an OCI layout. */
export async function multiPlatformLayout(
  dir: string,
  tag: string,
  platforms: readonly Platform[],
  sharedSize = 64 * 1024,
  ownSize = 32 * 1024,
): Promise<Layout> {
  const { root, images } = multiPlatformImage(platforms, sharedSize, ownSize);
  return writeLayout(dir, tag, root, images);
}
