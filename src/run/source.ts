/** The source stage: the image's root manifest (its digest), and the references it gets at the destination. */
import type { Inputs } from '../inputs.js';
import { AuthError } from '../oci/auth.js';
import { RegistryError, type Manifest } from '../oci/client.js';
import type { Log } from '../oci/log.js';
import { describePlatform, parseManifest } from '../oci/manifest.js';
import { openSource, SourceError, type ImageSource } from '../oci/sources/index.js';
import { repositoryName } from '../oci/reference.js';
import type { RegistryAccess } from '../registries/access.js';
import type { RunnerIO } from './io.js';

export interface DestinationRefs {
  readonly tags: readonly string[];
  /** DESTINATION:TAG for each tag. */
  readonly refs: readonly string[];
}

/** `pushes`: this run uploads what it reads (it is not a plan). */
export function openImageSource(
  inputs: Inputs,
  access: RegistryAccess,
  log: Log,
  pushes: boolean,
): Promise<ImageSource> {
  return openSource(inputs.source, { clientFor: access.clientFor, log, keepCompressedLayers: pushes }).catch(
    explainSourceCredentials(inputs),
  );
}

/** Reads the root manifest, telling its digest and platforms in the log's Source group. */
export function readRoot(inputs: Inputs, source: ImageSource, io: Pick<RunnerIO, 'group' | 'info'>): Promise<Manifest> {
  return io.group('Source', async () => {
    const manifest = await source.root().catch(explainSourceCredentials(inputs));
    io.info(`${source.description} is ${manifest.digest} (${manifest.mediaType})`);
    const parsed = parseManifest(manifest.bytes, manifest.mediaType, source.description);
    if (parsed.children.length) io.info(`platforms: ${parsed.children.map(describePlatform).join(', ')}`);
    return manifest;
  });
}

/**
 * Whether the push learns the image's digest (a `docker save` tarball: each layer compressed once,
 * as it uploads) instead of being told it: only when nothing before the push needs the digest —
 * no runtime to render, no plan to show, no GitHub deployment to describe. The root is then read
 * after the push.
 */
export function digestLearntByPushing(inputs: Inputs, planning: boolean, source: ImageSource): boolean {
  return (
    !planning &&
    inputs.runtime === 'none' &&
    !(inputs.githubToken && inputs.environment) &&
    source.streamable !== undefined
  );
}

/** Whether the tags to push are known (the input's, or the source's own). */
export function destinationTagsKnown(inputs: Inputs, source: ImageSource): boolean {
  return (inputs.tags ?? (source.defaultTag !== undefined ? [source.defaultTag] : [])).length > 0;
}

/** The tags to push (the input's, or the source's own) as destination references. */
export function destinationRefs(inputs: Inputs, source: ImageSource): DestinationRefs {
  const tags = inputs.tags ?? (source.defaultTag !== undefined ? [source.defaultTag] : []);
  if (tags.length === 0)
    throw new SourceError(`${source.description} has no tag to reuse at the destination; set the "tags" input`);
  const destination = repositoryName(inputs.destination);
  return { tags, refs: tags.map((tag) => `${destination}:${tag}`) };
}

/**
 * A source registry that wants credentials gets them from docker config only (registry-username and
 * registry-password are the destination's): say so, instead of pointing at those inputs.
 */
function explainSourceCredentials(inputs: Inputs): (error: unknown) => never {
  return (error) => {
    const fromSource =
      (error instanceof AuthError || error instanceof RegistryError) && error.registry !== inputs.destination.registry;
    const refused = fromSource ? error.access : undefined;
    if (fromSource && refused) {
      const { registry } = error;
      throw new AuthError(
        `${registry} (the source image's registry) ${refused === 'missing' ? 'asks for credentials and none were found' : 'refused the credentials found for it'}. ` +
          `Credentials for a source come from docker config: log in to ${registry} before this step (docker/login-action); ` +
          'registry-username and registry-password are for the destination only' +
          (refused === 'denied' ? ` (${error.message})` : ''),
        registry,
        refused,
      );
    }
    throw error;
  };
}
