/**
 * docker save tarballs and the Docker daemon as sources: archives written by skopeo (independently
 * of our code), layers gzip-compressed on the fly, and digests that decompress back to the
 * config's diff_ids. The daemon is a shim `docker` CLI, since no Docker engine runs here.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient, sha256 } from '../src/oci/client.js';
import { copyImage } from '../src/oci/copy.js';
import { DockerArchiveSource } from '../src/oci/sources/docker-archive.js';
import { saveFromDaemon } from '../src/oci/sources/docker-daemon.js';
import { parseReference } from '../src/oci/reference.js';
import { singlePlatformLayout } from './helpers/image.js';
import { rawManifest, skopeo, startRegistry, type Registry } from './helpers/services.js';

const sh = promisify(execFile);
let work: string;
let registry: Registry;
let archive: string;
let twoImages: string;

const client = () => new RegistryClient(registry.addr, { credentials: async () => undefined });

async function registryBlob(repository: string, digest: string): Promise<Buffer> {
  const response = await fetch(`http://${registry.addr}/v2/${repository}/blobs/${digest}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-archive-'));
  registry = await startRegistry();
  const one = await singlePlatformLayout(join(work, 'one'), 'v1', [400_000, 100_000, 5_000]);
  const two = await singlePlatformLayout(join(work, 'two'), 'v2', [20_000]);
  archive = join(work, 'app.tar');
  await skopeo('copy', `oci:${one.dir}:v1`, `docker-archive:${archive}:team/app:1.0`);
  // A two-image archive, as `docker save a b` writes: both trees, one manifest.json listing both.
  const merged = join(work, 'merged');
  await mkdir(merged);
  await skopeo('copy', `oci:${two.dir}:v2`, `docker-archive:${join(work, 'other.tar')}:team/other:2.0`);
  await sh('tar', ['-xf', archive, '-C', merged]);
  const firstList = JSON.parse(await readFile(join(merged, 'manifest.json'), 'utf8')) as unknown[];
  await sh('tar', ['-xf', join(work, 'other.tar'), '-C', merged]);
  const secondList = JSON.parse(await readFile(join(merged, 'manifest.json'), 'utf8')) as unknown[];
  await writeFile(join(merged, 'manifest.json'), JSON.stringify([...firstList, ...secondList]));
  twoImages = join(work, 'two-images.tar');
  await sh('tar', ['-cf', twoImages, '-C', merged, '.']);
});

afterAll(async () => {
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('docker-archive source', () => {
  it('pushes a docker save tarball with gzip layers whose content is the original layers', async () => {
    const logged: string[] = [];
    const source = new DockerArchiveSource(archive, undefined, { log: (line) => logged.push(line) });
    const result = await copyImage({ source, target: { client: client(), repository: 'archive/app' }, tags: ['1.0'] });
    await source.close();
    expect(source.defaultTag).toBe('1.0');
    expect(result.stats.uploaded).toBe(4);
    const manifestText = await rawManifest(`${registry.addr}/archive/app:1.0`);
    expect(sha256(Buffer.from(manifestText))).toBe(result.digest);
    const manifest = JSON.parse(manifestText) as {
      mediaType: string;
      config: { digest: string };
      layers: { digest: string; mediaType: string }[];
    };
    expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    const config = JSON.parse((await registryBlob('archive/app', manifest.config.digest)).toString()) as {
      rootfs: { diff_ids: string[] };
    };
    // Each pushed layer is gzip of the original tar: it decompresses to the config's diff_id.
    expect(manifest.layers).toHaveLength(3);
    for (const [i, layer] of manifest.layers.entries()) {
      expect(layer.mediaType).toBe('application/vnd.docker.image.rootfs.diff.tar.gzip');
      const compressed = await registryBlob('archive/app', layer.digest);
      expect(sha256(compressed)).toBe(layer.digest);
      expect(sha256(gunzipSync(compressed))).toBe(config.rootfs.diff_ids[i]);
    }
    // The resulting digests are reported.
    expect(logged.filter((line) => line.includes('→ gzip'))).toHaveLength(3);
    for (const layer of manifest.layers) expect(logged.join('\n')).toContain(layer.digest);
  });

  it('gives the same digest every time, so a second push is up to date', async () => {
    const first = new DockerArchiveSource(archive, parseReference('team/app:1.0'));
    const again = await copyImage({
      source: first,
      target: { client: client(), repository: 'archive/app' },
      tags: ['1.0'],
    });
    await first.close();
    expect(again.upToDate).toBe(true);
  });

  it('chooses an image by name in a multi-image archive, and says which exist', async () => {
    const chosen = new DockerArchiveSource(twoImages, parseReference('team/other:2.0'));
    const result = await copyImage({
      source: chosen,
      target: { client: client(), repository: 'archive/other' },
      tags: ['2.0'],
    });
    await chosen.close();
    expect(result.stats.uploaded).toBe(2);
    const unnamed = new DockerArchiveSource(twoImages, undefined);
    await expect(unnamed.root()).rejects.toThrow(
      'the archive holds 2 images; choose one as docker-archive:PATH:NAME:TAG (docker.io/team/app:1.0, docker.io/team/other:2.0)',
    );
    const missing = new DockerArchiveSource(twoImages, parseReference('team/app:9'));
    await expect(missing.root()).rejects.toThrow(
      'the archive has no image tagged team/app:9; it has docker.io/team/app:1.0, docker.io/team/other:2.0',
    );
    await Promise.all([unnamed.close(), missing.close()]);
  });

  it('explains a missing file and a file that is not a docker save tarball', async () => {
    await expect(new DockerArchiveSource(join(work, 'nope.tar'), undefined).root()).rejects.toThrow(
      `docker-archive:${join(work, 'nope.tar')}: cannot open`,
    );
    const notTar = join(work, 'not.tar');
    await writeFile(notTar, Buffer.alloc(2048, 7));
    await expect(new DockerArchiveSource(notTar, undefined).root()).rejects.toThrow('is not a tar archive');
    const plainTar = join(work, 'plain.tar');
    await sh('tar', ['-cf', plainTar, '-C', work, 'not.tar']);
    await expect(new DockerArchiveSource(plainTar, undefined).root()).rejects.toThrow(
      'has no file "manifest.json"; is it a `docker save` tarball?',
    );
  });
});

describe('docker-daemon source (through a docker CLI shim)', () => {
  let shimDir: string;
  let runnerTemp: string;
  let savedPath: string | undefined;
  let savedTemp: string | undefined;

  beforeAll(async () => {
    shimDir = join(work, 'bin');
    runnerTemp = join(work, 'runner-temp');
    await mkdir(shimDir);
    await mkdir(runnerTemp);
    // Behaves like `docker image save --output FILE NAME` against an engine holding team/app:1.0.
    await writeFile(
      join(shimDir, 'docker'),
      `#!/bin/sh
echo "$@" >> "${join(work, 'docker-calls')}"
[ "$1 $2 $3" = "image save --output" ] || { echo "unexpected: $*" >&2; exit 2; }
case "$5" in
  team/app:1.0) cp "${archive}" "$4" ;;
  # An engine that names its images its own way (Podman saves app:v1 as localhost/app:v1).
  app:v1) cp "${archive}" "$4" ;;
  *) echo "Error response from daemon: reference does not exist" >&2; exit 1 ;;
esac
`,
    );
    await chmod(join(shimDir, 'docker'), 0o755);
    savedPath = process.env.PATH;
    savedTemp = process.env.RUNNER_TEMP;
    process.env.PATH = `${shimDir}${delimiter}${savedPath}`;
    process.env.RUNNER_TEMP = runnerTemp;
  });

  afterAll(() => {
    process.env.PATH = savedPath;
    if (savedTemp === undefined) delete process.env.RUNNER_TEMP;
    else process.env.RUNNER_TEMP = savedTemp;
  });

  it('saves the image, pushes it like the archive, and removes the saved tarball', async () => {
    const source = await saveFromDaemon(parseReference('team/app:1.0'));
    expect((await readdir(runnerTemp)).length).toBe(1);
    const result = await copyImage({ source, target: { client: client(), repository: 'daemon/app' }, tags: ['1.0'] });
    await source.close();
    const fromArchive = new DockerArchiveSource(archive, undefined);
    expect(result.digest).toBe((await fromArchive.root()).digest);
    await fromArchive.close();
    expect(await readdir(runnerTemp)).toEqual([]);
    expect(await readFile(join(work, 'docker-calls'), 'utf8')).toMatch(
      /^image save --output \S+portable-deploy-[0-9a-f-]+\.tar team\/app:1\.0$/m,
    );
  });

  it('takes the one image of the save whatever name the engine gave it', async () => {
    const source = await saveFromDaemon(parseReference('app:v1'));
    const fromArchive = new DockerArchiveSource(archive, undefined);
    expect((await source.root()).digest).toBe((await fromArchive.root()).digest);
    expect(source.defaultTag).toBe('v1');
    await Promise.all([source.close(), fromArchive.close()]);
  });

  it('passes on what the engine said when the image is missing', async () => {
    await expect(saveFromDaemon(parseReference('team/ghost:1'))).rejects.toThrow(
      'docker-daemon:team/ghost:1: `docker image save team/ghost:1` failed (exit 1): Error response from daemon: reference does not exist. Check that the image exists locally',
    );
  });
});
