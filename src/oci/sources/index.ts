/**
 * Where an image comes from. Every source answers the same questions (source.ts): the root
 * manifest, any manifest or blob by digest, and the tag to use when none is given.
 */
import type { SourceReference } from '../reference.js';
import type { RegistryClient } from '../client.js';
import type { Log } from '../log.js';
import { OciLayoutSource } from './oci-layout.js';
import { RegistrySource } from './registry.js';
import type { ImageSource } from './source.js';

export {
  SourceError,
  type BlobStream,
  type ImageSource,
  type RelatedArtifacts,
  type StreamableBlob,
  type StreamableImage,
} from './source.js';
export { OciLayoutSource } from './oci-layout.js';
export { RegistrySource } from './registry.js';

export interface SourceContext {
  readonly clientFor: (registry: string) => RegistryClient;
  readonly log?: Log;
  /** An upload follows: a `docker save` tarball measured first keeps its compressed layers for it. */
  readonly keepCompressedLayers?: boolean;
}

export async function openSource(source: SourceReference, context: SourceContext): Promise<ImageSource> {
  switch (source.transport) {
    case 'registry':
      return new RegistrySource(source.ref, context.clientFor(source.ref.registry));
    case 'oci-layout':
      return new OciLayoutSource(source.path, source.tag);
    case 'docker-archive': {
      const { DockerArchiveSource } = await import('./docker-archive.js');
      return new DockerArchiveSource(source.path, source.ref, {
        keepCompressedLayers: context.keepCompressedLayers === true,
        ...(context.log && { log: context.log }),
      });
    }
    case 'docker-daemon': {
      const { saveFromDaemon } = await import('./docker-daemon.js');
      return saveFromDaemon(source.ref, context.log, context.keepCompressedLayers === true);
    }
  }
}
