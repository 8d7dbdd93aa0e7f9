/** Which platforms an image runs on: an index's entries, or a single image's config. */
import { describePlatform, parseManifest, type Descriptor } from './manifest.js';
import { DOCKER_CONFIG, OCI_CONFIG } from './media-types.js';
import type { Manifest } from './client.js';
import type { ImageSource } from './sources/index.js';

const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

function isRunnable(descriptor: Descriptor): boolean {
  const platform = descriptor.platform;
  return Boolean(platform?.os && platform.os !== 'unknown' && platform.architecture !== 'unknown');
}

/**
 * The os/architecture[/variant] entries the image has, e.g. ["linux/amd64", "linux/arm64/v8"];
 * empty when the image does not say (an artifact, a config without a platform).
 */
export async function imagePlatforms(source: ImageSource, root: Manifest): Promise<string[]> {
  const parsed = parseManifest(root.bytes, root.mediaType, source.description);
  if (parsed.children.length) return parsed.children.filter(isRunnable).map(describePlatform);
  const config = parsed.blobs[0];
  if (!config || ![OCI_CONFIG, DOCKER_CONFIG].includes(config.mediaType) || config.size > MAX_CONFIG_BYTES) return [];
  const { stream } = await source.blob(config.digest, config.size);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  try {
    const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Descriptor['platform'];
    return isRunnable({ ...config, ...(json && { platform: json }) })
      ? [describePlatform({ ...config, platform: json })]
      : [];
  } catch {
    return [];
  }
}
