/**
 * The runner's Docker engine as a source: `docker image save` into a temporary tarball (removed
 * when the run ends), read as a docker-archive. The engine is reached through the docker CLI, so
 * DOCKER_HOST, contexts and rootless setups work as they do for `docker` itself.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getExecOutput } from '@actions/exec';
import { familiarReference, type ImageReference } from '../reference.js';
import type { DockerArchiveSource } from './docker-archive.js';
import { SourceError } from './source.js';
import type { Log } from '../log.js';

export async function saveFromDaemon(
  ref: ImageReference,
  log?: Log,
  keepCompressedLayers = false,
): Promise<DockerArchiveSource> {
  const name = familiarReference(ref);
  const description = `docker-daemon:${name}`;
  const file = join(process.env.RUNNER_TEMP || tmpdir(), `portable-deploy-${randomUUID()}.tar`);
  let result;
  try {
    result = await getExecOutput('docker', ['image', 'save', '--output', file, name], {
      ignoreReturnCode: true,
      silent: true,
    });
  } catch (error) {
    throw new SourceError(
      `${description}: the docker CLI could not run (${(error as Error).message}); install Docker on the runner or use a registry reference`,
    );
  }
  if (result.exitCode !== 0) {
    const said = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
    throw new SourceError(
      `${description}: \`docker image save ${name}\` failed (exit ${result.exitCode}): ${said}. ` +
        'Check that the image exists locally (docker image ls) and that the Docker engine is running',
    );
  }
  log?.(`saved ${name} from the Docker engine`);
  // Loaded here, not at the top, so the bundle keeps one copy of it for both docker sources.
  const { DockerArchiveSource } = await import('./docker-archive.js');
  return new DockerArchiveSource(file, ref, {
    description,
    removeOnClose: true,
    savedByName: true,
    keepCompressedLayers,
    ...(log && { log }),
  });
}
