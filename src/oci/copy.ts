/**
 * The copy plan: move an image (index, manifests, blobs) from a source to a destination
 * repository, moving no byte the destination already has, and keeping every digest.
 */
import type { ManifestDescriptor, RegistryClient } from './client.js';
import { RegistryError, sha256, type Manifest } from './client.js';
import { parseManifest, type Descriptor } from './manifest.js';
import { newStats, startProgress, type CopyStats } from './progress.js';
import type { ImageSource, RelatedArtifacts, StreamableImage } from './sources/index.js';
import type { BlobOutcome, StreamedResult } from './upload.js';
import type { Log } from './log.js';

export interface CopyTarget {
  readonly client: RegistryClient;
  readonly repository: string;
}

export interface CopyOptions {
  readonly source: ImageSource;
  readonly target: CopyTarget;
  readonly tags: readonly string[];
  readonly log?: Log;
  readonly progressIntervalMs?: number;
  /** Bring signatures, SBOMs and attestations along (OCI referrers, cosign tags). Default true. */
  readonly copyReferrers?: boolean;
  /**
   * What the destination's `tags` hold, when the caller already asked (alongside reading the
   * source, so the two registries answer in parallel); otherwise asked here.
   */
  readonly current?: Promise<readonly (ManifestDescriptor | undefined)[]>;
  /** The destination never moves these tags to another image (all, or per tag: ECR exclusion filters): fail before pushing anything. */
  readonly immutableTags?: boolean | ((tag: string) => boolean);
}

export interface CopyResult {
  readonly digest: string;
  readonly mediaType: string;
  /** Tags whose manifest was written (or already matched). */
  readonly tags: readonly string[];
  /** True when every tag already had this digest: nothing was written. */
  readonly upToDate: boolean;
  readonly stats: CopyStats;
  /** Referrer manifests copied, and the signature / tag-schema tags written. */
  readonly related: { readonly referrers: number; readonly tags: readonly string[] };
}

/** Referrers of referrers (a signature on an SBOM) are followed this many levels deep. */
const REFERRER_DEPTH = 3;
const NO_RELATED = { referrers: 0, tags: [] } as const;

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
  if (sameRegistry && !sameRepository) client.willRead(source.location!.repository);
  // A source that makes its blobs as they are read (docker save layers) makes each once, as it uploads.
  const streamable = sameRepository ? undefined : await source.streamable?.();
  if (streamable) {
    const streamed = await copyStreamed(options, streamable);
    if (streamed) return streamed;
  }
  // The destination's tags are asked while the source is read.
  const lookup = sameRepository
    ? undefined
    : (options.current ?? Promise.all(tags.map((tag) => client.headManifest(target.repository, tag))));
  lookup?.catch(() => {}); // awaited below, once the source has answered
  const root = await source.root();

  // A retag inside one repository: every blob and child is already there; PUT the manifest per tag.
  if (!lookup) {
    for (const tag of tags) await client.putManifest(target.repository, tag, root);
    return { digest: root.digest, mediaType: root.mediaType, tags, upToDate: false, stats, related: NO_RELATED };
  }

  const current = await lookup;
  if (options.immutableTags) {
    const immutable = options.immutableTags === true ? () => true : options.immutableTags;
    const taken = tags.filter(
      (tag, i) => immutable(tag) && current[i] !== undefined && current[i]!.digest !== root.digest,
    );
    if (taken.length > 0) throw immutableTagsTaken(target, taken, current[tags.indexOf(taken[0]!)]!.digest);
  }
  if (tags.length > 0 && current.every((found) => found?.digest === root.digest)) {
    return { digest: root.digest, mediaType: root.mediaType, tags, upToDate: true, stats, related: NO_RELATED };
  }

  // Connections for the blob requests to come open while the manifests load.
  client.preconnect(Math.min(expectedBlobs(root), PRECONNECT_AT_MOST));
  // The referrers are looked up while the platforms' manifests load.
  const loading = loadTree(source, root);
  const relatedLoading =
    options.copyReferrers !== false && source.related ? loadRelated(source, root, loading) : undefined;
  relatedLoading?.catch(() => {}); // awaited below, after the tree
  const tree = await loading;
  const related = await relatedLoading;
  const unique = new Map<string, Descriptor>();
  collectBlobs(tree, unique);
  for (const node of [...(related?.referrers ?? []), ...(related?.tagged.map((t) => t.node) ?? [])])
    collectBlobs(node, unique);
  for (const blob of unique.values()) stats.bytesTotal += blob.size;

  const stopProgress = startProgress(stats, options.log ?? (() => {}), options.progressIntervalMs);
  try {
    // Start every blob now, largest first; the destination's pool bounds how many run at once.
    const transfers = new Map<string, Promise<void>>();
    const mountFrom = sameRegistry ? source.location?.repository : undefined;
    for (const blob of [...unique.values()].sort((a, b) => b.size - a.size)) {
      const transfer = client.uploads
        .ensure(blob, {
          repository: target.repository,
          origin: source,
          ...(mountFrom !== undefined && { mountFrom }),
          onBytes: (bytes) => {
            stats.bytesDone += bytes;
          },
          ...(options.log && { log: options.log }),
        })
        .then((outcome) => tally(stats, blob, outcome));
      transfer.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
      transfers.set(blob.digest, transfer);
    }
    const toTag = tags.filter((tag, i) => current[i]?.digest !== root.digest);
    const hasRelated =
      related !== undefined &&
      (related.referrers.length > 0 || related.tagged.length > 0 || related.schemaIndexes.length > 0);
    // The root goes up by digest first only when something must refer to it before its tags are
    // written (referrers) or no tag will carry it; otherwise its first tag PUT stores it.
    if (hasRelated || toTag.length === 0) await pushNode(tree, transfers, target);
    else await pushChildren(tree, transfers, target);
    // Referrers after their subject; the image's own tags last, so they never point at a partial copy.
    if (related) {
      await Promise.all(related.referrers.map((node) => pushNode(node, transfers, target)));
      for (const { tag, node } of related.tagged) {
        await pushNode(node, transfers, target);
        await client.putManifest(target.repository, tag, node.manifest);
      }
      for (const { tag, manifest } of related.schemaIndexes) await mergeSchemaIndex(target, tag, manifest);
    }
    // Tags that already hold this digest are left alone (an immutable repository refuses even a same-image PUT).
    for (const tag of toTag) await client.putManifest(target.repository, tag, root);
  } finally {
    stopProgress();
  }
  const relatedTags = [
    ...(related?.tagged.map((t) => t.tag) ?? []),
    ...(related?.schemaIndexes.map((t) => t.tag) ?? []),
  ];
  return {
    digest: root.digest,
    mediaType: root.mediaType,
    tags,
    upToDate: false,
    stats,
    related: { referrers: related?.referrers.length ?? 0, tags: relatedTags },
  };
}

function immutableTagsTaken(target: CopyTarget, taken: readonly string[], firstHolds: string): RegistryError {
  const { client, repository } = target;
  return new RegistryError(
    `${client.registry}/${repository} has immutable tags, and ${taken.map((t) => `"${t}"`).join(', ')} already ` +
      `${taken.length > 1 ? 'hold other images' : `holds ${firstHolds}`}; push under a new tag (e.g. the commit SHA)`,
    client.registry,
  );
}

/** Layers compressed and uploaded at once in a streamed copy (each keeps the thread pool busy on its own). */
const STREAMED_LAYERS_IN_PARALLEL = 2;

/**
 * The copy of an image whose layers are made as they upload: the config and every layer go up
 * first, each layer in one streamed upload whose digest is computed on the way, and the manifest
 * (known only then) after them. Undefined when the digests are better learnt first: a tag
 * already holds an image with this config (most likely this very image: a re-run then compresses
 * once and uploads nothing), or holds something that cannot be compared.
 */
async function copyStreamed(options: CopyOptions, image: StreamableImage): Promise<CopyResult | undefined> {
  const { source, target, tags } = options;
  const { client, repository } = target;
  const stats = newStats();
  const current = await Promise.all(
    tags.map(async (tag) =>
      (await client.headManifest(repository, tag)) ? await client.getManifest(repository, tag) : undefined,
    ),
  );
  const immutable =
    typeof options.immutableTags === 'function' ? options.immutableTags : () => options.immutableTags === true;
  for (const found of current) {
    if (!found) continue;
    let config: string | undefined;
    try {
      config = (JSON.parse(found.bytes.toString('utf8')) as { config?: { digest?: string } }).config?.digest;
    } catch {
      config = undefined;
    }
    if (config === undefined || config === image.config.digest) return undefined;
    // Another config means another image: an immutable tag holding it refuses this push.
    const taken = tags.filter((tag, j) => current[j] !== undefined && immutable(tag));
    if (taken.length > 0) throw immutableTagsTaken(target, taken, current[tags.indexOf(taken[0]!)]!.digest);
  }

  options.log?.(
    `${source.description}: ${image.layers.length} layer${image.layers.length === 1 ? '' : 's'} compressed as they upload, the manifest after them`,
  );
  const stopProgress = startProgress(stats, options.log ?? (() => {}), options.progressIntervalMs);
  try {
    stats.bytesTotal = image.config.size + image.layers.reduce((sum, layer) => sum + layer.sourceSize, 0);
    const config = client.uploads
      .ensure(image.config, { repository, origin: source, ...(options.log && { log: options.log }) })
      .then((outcome) => tally(stats, image.config, outcome));
    config.catch(() => {}); // awaited below
    const results: StreamedResult[] = new Array(image.layers.length);
    const order = image.layers
      .map((_, i) => i)
      .sort((a, b) => image.layers[b]!.sourceSize - image.layers[a]!.sourceSize);
    let sent = 0; // compressed bytes in place, for the report
    const worker = async (): Promise<void> => {
      for (let next = order.shift(); next !== undefined; next = order.shift()) {
        const layer = image.layers[next]!;
        let read = 0;
        const streamed = await client.uploads.stream({
          repository,
          description: layer.description,
          // A restarted upload reads the layer again: its progress starts over too.
          open: () => {
            stats.bytesDone -= read;
            read = 0;
            return layer.open((count) => {
              read += count;
              stats.bytesDone += count;
            });
          },
          ...(options.log && { log: options.log }),
        });
        if (streamed) {
          stats.uploaded++;
          results[next] = streamed;
        } else {
          // The registry takes only uploads of a known size: compress once to learn it, then send.
          const measured = await layer.measure();
          const blob = { mediaType: layer.mediaType, ...measured };
          const outcome = await client.uploads.ensure(blob, {
            repository,
            origin: source,
            ...(options.log && { log: options.log }),
          });
          if (outcome === 'uploaded') stats.uploaded++;
          else stats.skipped++;
          stats.bytesDone += layer.sourceSize - read;
          results[next] = measured;
        }
        sent += results[next]!.size;
      }
    };
    await Promise.all([config, ...Array.from({ length: STREAMED_LAYERS_IN_PARALLEL }, worker)]);
    const manifest = image.complete(results);
    if (tags.length === 0) await client.putManifest(repository, manifest.digest, manifest);
    for (const tag of tags) await client.putManifest(repository, tag, manifest);
    // The figures reported are those of the blobs as stored: compressed.
    stats.bytesTotal = stats.bytesDone = image.config.size + sent;
    return {
      digest: manifest.digest,
      mediaType: manifest.mediaType,
      tags,
      upToDate: false,
      stats,
      related: NO_RELATED,
    };
  } finally {
    stopProgress();
  }
}

interface Related {
  readonly referrers: Node[];
  /** cosign's signature, attestation and SBOM tags: whole manifests to copy and tag. */
  readonly tagged: { readonly tag: string; readonly node: Node }[];
  /** Referrers tag-schema indexes (`sha256-<hex>`), merged into the destination's own. */
  readonly schemaIndexes: { readonly tag: string; readonly manifest: Manifest }[];
}

/** What `first` found, and what the manifests of nested indexes have (asked only if there are any). */
async function relatedOfAll(
  source: ImageSource,
  first: Promise<RelatedArtifacts>,
  nested: readonly string[],
): Promise<RelatedArtifacts> {
  const found = await first;
  if (nested.length === 0) return found;
  const more = await source.related!(nested);
  return { referrers: [...found.referrers, ...more.referrers], tags: [...found.tags, ...more.tags] };
}

function manifestDigests(node: Node, into: string[] = []): string[] {
  into.push(node.manifest.digest);
  for (const child of node.children) manifestDigests(child, into);
  return into;
}

/**
 * Finds what belongs with the image: referrers (and theirs, a few levels deep) and cosign tags.
 * The root and the manifests it lists are asked about at once, while `loading` fetches those
 * manifests; manifests of a nested index, known only once it has loaded, after.
 */
async function loadRelated(source: ImageSource, root: Manifest, loading: Promise<Node>): Promise<Related> {
  const related: Related = { referrers: [], tagged: [], schemaIndexes: [] };
  const listed = [root.digest, ...parseManifest(root.bytes, root.mediaType, root.digest).children.map((c) => c.digest)];
  const first = source.related!(listed);
  first.catch(() => {}); // awaited below, once the tree has loaded
  const tree = await loading;
  const seen = new Set(manifestDigests(tree));
  const nested = [...seen].filter((digest) => !listed.includes(digest));
  let subjects = [...seen];
  for (let depth = 0; depth < REFERRER_DEPTH && subjects.length > 0; depth++) {
    const found = depth > 0 ? await source.related!(subjects) : await relatedOfAll(source, first, nested);
    const next: Node[] = [];
    for (const descriptor of found.referrers) {
      if (seen.has(descriptor.digest)) continue;
      seen.add(descriptor.digest);
      next.push(await loadTree(source, await source.manifest(descriptor.digest)));
    }
    for (const { tag, manifest } of found.tags) {
      if (/^sha256-[0-9a-f]{64}$/.test(tag)) related.schemaIndexes.push({ tag, manifest });
      else if (!seen.has(manifest.digest)) {
        seen.add(manifest.digest);
        const node = await loadTree(source, manifest);
        related.tagged.push({ tag, node });
        next.push(node);
      }
    }
    related.referrers.push(...next.filter((node) => !related.tagged.some((t) => t.node === node)));
    subjects = next.flatMap((node) => manifestDigests(node));
  }
  return related;
}

/**
 * Writes a referrers tag-schema index at the destination, keeping referrers the destination
 * already lists there (another tool may have attached its own).
 */
async function mergeSchemaIndex(target: CopyTarget, tag: string, incoming: Manifest): Promise<void> {
  const existing = await target.client.getManifest(target.repository, tag);
  if (!existing) return target.client.putManifest(target.repository, tag, incoming);
  if (existing.digest === incoming.digest) return;
  const current = JSON.parse(existing.bytes.toString('utf8')) as { manifests?: Descriptor[] };
  const listed = new Set((current.manifests ?? []).map((d) => d.digest));
  const added = parseManifest(incoming.bytes, incoming.mediaType, tag).children.filter((d) => !listed.has(d.digest));
  if (added.length === 0) return;
  const bytes = Buffer.from(JSON.stringify({ ...current, manifests: [...(current.manifests ?? []), ...added] }));
  await target.client.putManifest(target.repository, tag, {
    bytes,
    mediaType: existing.mediaType,
    digest: sha256(bytes),
  });
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
  await pushChildren(node, transfers, target);
  await target.client.putManifest(target.repository, node.manifest.digest, node.manifest);
}

/** Puts in place what a manifest refers to: its blobs, and its children (in parallel), not the manifest itself. */
async function pushChildren(
  node: Node,
  transfers: ReadonlyMap<string, Promise<void>>,
  target: CopyTarget,
): Promise<void> {
  await Promise.all([
    ...node.blobs.map((blob) => transfers.get(blob.digest)),
    ...node.children.map((child) => pushNode(child, transfers, target)),
  ]);
}

/** Connections opened ahead for a copy's blob requests at most (the HTTP layer's per-host limit). */
const PRECONNECT_AT_MOST = 16;

/** How many blobs a copy of `root` likely moves, from the root alone: its own, or about four per platform. */
function expectedBlobs(root: Manifest): number {
  try {
    const parsed = parseManifest(root.bytes, root.mediaType, root.digest);
    return parsed.blobs.length + parsed.children.length * 4;
  } catch {
    return 1;
  }
}

/** Counts a blob in the copy's figures once it is in place. */
function tally(stats: CopyStats, blob: Descriptor, outcome: BlobOutcome): void {
  if (outcome === 'uploaded') {
    stats.uploaded++; // its bytes were counted as they streamed
    return;
  }
  if (outcome === 'mounted') stats.mounted++;
  else stats.skipped++;
  stats.bytesDone += blob.size;
}
