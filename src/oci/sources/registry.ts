/** An image in a registry, read over the Distribution API; its referrers and cosign tags come along. */
import { formatReference, type ImageReference } from '../reference.js';
import type { Manifest, RegistryClient } from '../client.js';
import { parseManifest, type Descriptor } from '../manifest.js';
import { SourceError, type BlobStream, type ImageSource, type RelatedArtifacts } from './source.js';

const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'] as const;

export class RegistrySource implements ImageSource {
  readonly description: string;
  readonly defaultTag: string | undefined;
  readonly location: { registry: string; repository: string };
  private rootManifest: Promise<Manifest> | undefined;
  private tagList: Promise<string[]> | undefined;
  /** Whether the registry answers the referrers API; unknown until first asked. */
  private referrersApi: boolean | undefined;

  constructor(
    private readonly ref: ImageReference,
    private readonly client: RegistryClient,
  ) {
    this.description = formatReference(ref);
    this.defaultTag = ref.tag;
    this.location = { registry: ref.registry, repository: ref.repository };
  }

  root(): Promise<Manifest> {
    this.rootManifest ??= (async () => {
      const reference = this.ref.digest ?? this.ref.tag ?? 'latest';
      const manifest = await this.client.getManifest(this.ref.repository, reference);
      if (!manifest) {
        throw new SourceError(
          `${this.description} was not found: ${this.ref.registry} has no manifest ${reference} in ${this.ref.repository}; check the image name and tag`,
        );
      }
      return manifest;
    })();
    return this.rootManifest;
  }

  async manifest(digest: string): Promise<Manifest> {
    const manifest = await this.client.getManifest(this.ref.repository, digest);
    if (!manifest)
      throw new SourceError(
        `${this.description} refers to manifest ${digest}, which ${this.ref.registry} does not have`,
      );
    return manifest;
  }

  async blob(digest: string, size: number): Promise<BlobStream> {
    const { stream } = await this.client.getBlob(this.ref.repository, digest);
    // The size the manifest gives: the upload's verifier holds the bytes to it.
    return { size, stream };
  }

  async related(digests: readonly string[]): Promise<RelatedArtifacts> {
    const { repository } = this.ref;
    // The tag list and the referrers API are asked at once.
    this.tagList ??= this.client.listTags(repository);
    this.tagList.catch(() => {}); // awaited below
    // Ask the referrers API until the registry shows it has none (then the tag schema is the truth):
    // about the first manifest alone while that is unknown, then about all the others at once.
    const fromApi = new Map<string, Descriptor[] | undefined>();
    const ask = async (digest: string): Promise<void> => {
      const found = this.referrersApi === false ? undefined : await this.client.referrers(repository, digest);
      this.referrersApi ??= found !== undefined;
      fromApi.set(digest, found);
    };
    const [head, ...rest] = digests;
    if (head !== undefined && this.referrersApi === undefined) await ask(head);
    await Promise.all((head !== undefined && fromApi.has(head) ? rest : digests).map(ask));
    const tags = new Set(await this.tagList);
    const byTag = async (tag: string): Promise<Manifest> => {
      const manifest = await this.client.getManifest(repository, tag);
      if (!manifest) throw new SourceError(`${this.description}: tag ${tag} vanished while it was being copied`);
      return manifest;
    };
    // The tagged manifests each digest has, fetched at once, listed in the order of the digests.
    const perDigest = await Promise.all(
      digests.map(async (digest) => {
        const schemaTag = digest.replace(':', '-');
        const found = fromApi.get(digest);
        const referrers: Descriptor[] = found ?? [];
        const wanted = [
          ...(found === undefined && tags.has(schemaTag) ? [schemaTag] : []),
          ...COSIGN_SUFFIXES.map((suffix) => `${schemaTag}.${suffix}`).filter((tag) => tags.has(tag)),
        ];
        const related = await Promise.all(wanted.map(async (tag) => ({ tag, manifest: await byTag(tag) })));
        if (related[0]?.tag === schemaTag) {
          const index = related[0].manifest;
          referrers.push(...parseManifest(index.bytes, index.mediaType, `${this.description} ${schemaTag}`).children);
        }
        return { referrers, related };
      }),
    );
    return { referrers: perDigest.flatMap((d) => d.referrers), tags: perDigest.flatMap((d) => d.related) };
  }

  async close(): Promise<void> {}
}
