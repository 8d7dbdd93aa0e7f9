/**
 * The copy plan: move an image (index, manifests, blobs) from a source to a destination
 * repository, moving no byte the destination already has, and keeping every digest.
 */
import type { RegistryClient } from './client.js';
import { RegistryError, type Manifest } from './client.js';
import { parseManifest, type Descriptor } from './manifest.js';
import { newStats, startProgress, type CopyStats } from './progress.js';
import { isTransientNetworkError } from './retry.js';
import type { ImageSource } from './sources.js';
import { DigestMismatchError, verifyingStream } from './verify.js';

export interface CopyTarget {
  readonly client: RegistryClient;
  readonly repository: string;
}

export interface CopyOptions {
  readonly source: ImageSource;
  readonly target: CopyTarget;
  readonly tags: readonly string[];
  readonly log?: (line: string) => void;
  readonly progressIntervalMs?: number;
}

export interface CopyResult {
  readonly digest: string;
  readonly mediaType: string;
  /** Tags whose manifest was written (or already matched). */
  readonly tags: readonly string[];
  /** True when every tag already had this digest: nothing was written. */
  readonly upToDate: boolean;
  readonly stats: CopyStats;
}

const UPLOAD_ATTEMPTS = 3;

interface Node {
  readonly manifest: Manifest;
  readonly blobs: readonly Descriptor[];
  readonly children: readonly Node[];
}

export async function copyImage(options: CopyOptions): Promise<CopyResult> {
  const { source, target, tags } = options;
  const client = target.client;
  const stats = newStats();
  const sameRegistry = source.location?.registry === client.registry;
  const sameRepository = sameRegistry && source.location?.repository === target.repository;
  client.willPush(target.repository);
  const root = await source.root();

  // A retag inside one repository: every blob and child is already there; PUT the manifest per tag.
  if (sameRepository) {
    for (const tag of tags) await client.putManifest(target.repository, tag, root);
    return { digest: root.digest, mediaType: root.mediaType, tags, upToDate: false, stats };
  }

  const current = await Promise.all(tags.map((tag) => client.headManifest(target.repository, tag)));
  if (tags.length > 0 && current.every((found) => found?.digest === root.digest)) {
    return { digest: root.digest, mediaType: root.mediaType, tags, upToDate: true, stats };
  }

  const tree = await loadTree(source, root);
  const unique = new Map<string, Descriptor>();
  collectBlobs(tree, unique);
  for (const blob of unique.values()) stats.bytesTotal += blob.size;

  const stopProgress = startProgress(stats, options.log ?? (() => {}), options.progressIntervalMs);
  try {
    // Start every blob now, largest first; the destination's pool bounds how many run at once.
    const transfers = new Map<string, Promise<void>>();
    for (const blob of [...unique.values()].sort((a, b) => b.size - a.size)) {
      const transfer = client.pool.run(() => ensureBlob(blob, options, stats, sameRegistry));
      transfer.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
      transfers.set(blob.digest, transfer);
    }
    await pushNode(tree, transfers, target);
    for (const tag of tags) await client.putManifest(target.repository, tag, root);
  } finally {
    stopProgress();
  }
  return { digest: root.digest, mediaType: root.mediaType, tags, upToDate: false, stats };
}

async function loadTree(source: ImageSource, manifest: Manifest): Promise<Node> {
  const parsed = parseManifest(manifest.bytes, manifest.mediaType, `${source.description} (${manifest.digest})`);
  // Platforms load in parallel; a nested index recurses.
  const children = await Promise.all(
    parsed.children.map(async (child) => loadTree(source, await source.manifest(child.digest))),
  );
  return { manifest, blobs: parsed.blobs, children };
}

function collectBlobs(node: Node, into: Map<string, Descriptor>): void {
  for (const blob of node.blobs) if (!into.has(blob.digest)) into.set(blob.digest, blob);
  for (const child of node.children) collectBlobs(child, into);
}

/** Pushes a manifest once its blobs and children are in place: children by digest before their index. */
async function pushNode(node: Node, transfers: ReadonlyMap<string, Promise<void>>, target: CopyTarget): Promise<void> {
  await Promise.all([
    ...node.blobs.map((blob) => transfers.get(blob.digest)),
    ...node.children.map((child) => pushNode(child, transfers, target)),
  ]);
  await target.client.putManifest(target.repository, node.manifest.digest, node.manifest);
}

async function ensureBlob(
  blob: Descriptor,
  options: CopyOptions,
  stats: CopyStats,
  sameRegistry: boolean,
): Promise<void> {
  const { source, target } = options;
  let uploadUrl: string | undefined;
  if (sameRegistry && source.location) {
    const mount = await target.client.mountBlob(target.repository, blob.digest, source.location.repository);
    if (mount.mounted) {
      stats.mounted++;
      stats.bytesDone += blob.size;
      return;
    }
    uploadUrl = mount.uploadUrl;
  } else if ((await target.client.headBlob(target.repository, blob.digest)) !== undefined) {
    stats.skipped++;
    stats.bytesDone += blob.size;
    return;
  }
  await uploadBlob(blob, options, stats, uploadUrl);
  stats.uploaded++;
}

/** Streams one blob from the source into the destination, verifying it; restarts cleanly on transient failures. */
async function uploadBlob(
  blob: Descriptor,
  options: CopyOptions,
  stats: CopyStats,
  openedUrl: string | undefined,
): Promise<void> {
  const { source, target } = options;
  let uploadUrl = openedUrl;
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const verifier = verifyingStream(blob.digest, blob.size, source.description);
    try {
      uploadUrl ??= await target.client.startUpload(target.repository);
      const { stream } = await source.blob(blob.digest, blob.size);
      const counted = stream.pipeThrough(verifier.stream).pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            sent += chunk.byteLength;
            stats.bytesDone += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
      await target.client.putBlob(target.repository, uploadUrl, blob.digest, blob.size, counted);
      return;
    } catch (error) {
      stats.bytesDone -= sent;
      const mismatch = verifier.failure();
      if (mismatch) {
        throw new DigestMismatchError(
          `${mismatch.message}; the upload to ${target.client.registry}/${target.repository} was aborted`,
        );
      }
      const retryable =
        isTransientNetworkError(error) ||
        (error instanceof RegistryError &&
          (error.status === undefined || error.status >= 500 || error.status === 408 || error.status === 429));
      if (!retryable || attempt >= UPLOAD_ATTEMPTS) throw error;
      uploadUrl = undefined; // a failed session is abandoned; the next attempt opens a fresh one
    }
  }
}
