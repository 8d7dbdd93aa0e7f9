/**
 * The copy benchmark: ours (the bundled action, as a process) against `skopeo copy --all` and a raw
 * streamed curl GET→PUT of the same blobs, interleaved run by run, between two local registries.
 *
 *   on loopback: cold copy to a new registry; a new repository on the same registry; destination
 *   already up to date; a retag in the same repository; a cold copy of a 4-platform index; a
 *   `docker save` tarball (~246 MB of real content: the Node binary and JavaScript packages).
 *   at a round trip of BENCH_RTT_MS (default 40 ms; both registries behind a delay proxy,
 *   scripts/delay-proxy.ts): a cold 4-platform index, a cold 150 MB image, up to date, a new
 *   repository on the same registry (mounts), a retag.
 *
 * Prints medians with their spread (min–max), ours/skopeo and ours/raw ratios with the goal and
 * whether it is met, request counts (from the registries' access logs, the same way for every
 * tool), and our peak RSS. BENCH_RUNS sets the runs per cell (default 5), BENCH_ONLY picks
 * scenarios by a word of their name (e.g. BENCH_ONLY=cold,retag,rtt,archive).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { startDelayProxy } from './delay-proxy.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LAYER_MB = Number(process.env.BENCH_LAYER_MB ?? 50);
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 40);
const SKOPEO_CACHE = '/var/lib/containers/cache/blob-info-cache-v1.boltdb';
/** Its name, also read to decide whether the tarball is built (BENCH_ONLY=archive or =docker save). */
const ARCHIVE_SCENARIO = 'docker save tarball (docker-archive:) to a registry';

interface Registry {
  readonly addr: string;
  readonly dir: string;
  stop(): void;
}

interface Blob {
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
}

interface Measure {
  readonly seconds: number;
  readonly requests: number;
  readonly rssMb?: number;
  readonly pushSeconds?: number;
}

const sh = (file: string, args: string[], env?: NodeJS.ProcessEnv) =>
  execFileSync(file, args, { encoding: 'utf8', env: env ?? process.env });

function startRegistry(dir: string): Registry {
  const out = sh(join(ROOT, 'scripts/registry.sh'), ['start', dir]);
  const addr = /REGISTRY_ADDR=(\S+)/.exec(out)![1]!;
  return { addr, dir, stop: () => sh(join(ROOT, 'scripts/registry.sh'), ['stop', dir]) };
}

function accessLines(registry: Registry): number {
  return readFileSync(join(registry.dir, 'registry.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('" HTTP/1.1"') || / HTTP\/1\.1" \d{3} /.test(l)).length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ---------------------------------------------------------------------------------------------
// The synthetic images: real gzip layers of random (incompressible) data, in an OCI layout.

async function gzipLayer(dir: string, megabytes: number): Promise<Blob> {
  const tmp = join(dir, `layer-${randomBytes(4).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  await new Promise<void>((done, fail) => {
    const gzip = createGzip({ level: 1 });
    const out = createWriteStream(tmp);
    gzip.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    gzip.pipe(out);
    out.on('finish', done);
    out.on('error', fail);
    for (let i = 0; i < megabytes; i++) gzip.write(randomBytes(1024 * 1024));
    gzip.end();
  });
  const digest = `sha256:${hash.digest('hex')}`;
  execFileSync('mv', [tmp, join(dir, 'blobs/sha256', digest.slice(7))]);
  return { digest, size, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' };
}

function putJson(dir: string, json: unknown, mediaType: string): Blob & { bytes: Buffer } {
  const bytes = Buffer.from(JSON.stringify(json));
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  writeFileSync(join(dir, 'blobs/sha256', digest.slice(7)), bytes);
  return { digest, size: bytes.length, mediaType, bytes };
}

function imageManifest(dir: string, arch: string, layers: Blob[]): Blob {
  const config = putJson(
    dir,
    {
      architecture: arch,
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: { Labels: { arch } },
    },
    'application/vnd.oci.image.config.v1+json',
  );
  return putJson(
    dir,
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: config.mediaType, digest: config.digest, size: config.size },
      layers,
    },
    'application/vnd.oci.image.manifest.v1+json',
  );
}

function writeIndex(dir: string, root: Blob, tag: string): void {
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
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
}

async function buildImages(
  work: string,
): Promise<{ big: string; mid: string; multi: string; bigBytes: number; multiBlobs: number }> {
  const mid = join(work, 'mid');
  mkdirSync(join(mid, 'blobs/sha256'), { recursive: true });
  const midLayers: Blob[] = [];
  for (let i = 0; i < 6; i++) midLayers.push(await gzipLayer(mid, 25));
  writeIndex(mid, imageManifest(mid, 'amd64', midLayers), 'v1');

  const big = join(work, 'big');
  mkdirSync(join(big, 'blobs/sha256'), { recursive: true });
  const layers: Blob[] = [];
  for (let i = 0; i < 6; i++) layers.push(await gzipLayer(big, LAYER_MB));
  writeIndex(big, imageManifest(big, 'amd64', layers), 'v1');

  const multi = join(work, 'multi');
  mkdirSync(join(multi, 'blobs/sha256'), { recursive: true });
  const shared = [await gzipLayer(multi, 20), await gzipLayer(multi, 20)];
  const platforms = ['amd64', 'arm64', 'ppc64le', 's390x'];
  const manifests: (Blob & { platform: { os: string; architecture: string } })[] = [];
  for (const arch of platforms) {
    manifests.push({
      ...imageManifest(multi, arch, [...shared, await gzipLayer(multi, 10)]),
      platform: { os: 'linux', architecture: arch },
    });
  }
  writeIndex(
    multi,
    putJson(
      multi,
      { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests },
      'application/vnd.oci.image.index.v1+json',
    ),
    'v1',
  );
  return {
    big,
    mid,
    multi,
    bigBytes: layers.reduce((n, l) => n + l.size, 0),
    multiBlobs: shared.length + platforms.length * 2,
  };
}

/**
 * A `docker save` tarball of real content, about 246 MB: the Node binary running this script (a
 * native executable) in one layer, JavaScript packages from node_modules in another, and a small
 * third. Built with GNU tar in a fixed order and time, so every run compresses the same bytes.
 */
function buildArchive(work: string): { path: string; bytes: number } {
  const save = join(work, 'save');
  const tarFixed = ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner'];
  const layers: { dir: string; from: string; paths: string[] }[] = [
    { dir: 'l1', from: '/', paths: [process.execPath.slice(1)] },
    {
      dir: 'l2',
      from: ROOT,
      paths: ['@aws-sdk', '@azure', '@google-cloud', 'typescript', '@smithy', 'eslint', 'vitest', 'prettier']
        .map((name) => `node_modules/${name}`)
        .filter((path) => existsSync(join(ROOT, path))),
    },
    {
      dir: 'l3',
      from: ROOT,
      paths: ['@types', 'yaml', 'google-gax', 'protobufjs']
        .map((name) => `node_modules/${name}`)
        .filter((path) => existsSync(join(ROOT, path))),
    },
  ];
  const diffIds: string[] = [];
  for (const layer of layers) {
    mkdirSync(join(save, layer.dir), { recursive: true });
    const file = join(save, layer.dir, 'layer.tar');
    sh('tar', [...tarFixed, '-cf', file, '-C', layer.from, ...layer.paths]);
    diffIds.push(`sha256:${sh('sha256sum', [file]).slice(0, 64)}`);
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/usr/bin/node'] },
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  );
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
  writeFileSync(join(save, configName), config);
  writeFileSync(
    join(save, 'manifest.json'),
    JSON.stringify([
      { Config: configName, RepoTags: ['bench/app:1'], Layers: layers.map((l) => `${l.dir}/layer.tar`) },
    ]),
  );
  const path = join(work, 'app.tar');
  sh('tar', [...tarFixed, '-cf', path, '-C', save, '.']);
  rmSync(save, { recursive: true, force: true });
  return { path, bytes: Number(sh('stat', ['-c', '%s', path])) };
}

// ---------------------------------------------------------------------------------------------
// The three ways to copy.

function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; rssMb: number; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %e %M', command, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => {
      const match = /TIME ([\d.]+) (\d+)/.exec(stderr);
      if (code !== 0 || !match)
        return fail(new Error(`${command} failed (${code}): ${stderr.slice(-800)} ${stdout.slice(-800)}`));
      done({ seconds: Number(match[1]), rssMb: Number(match[2]) / 1024, stdout });
    });
  });
}

async function ours(
  source: string,
  destination: string,
  tag: string,
): Promise<{ seconds: number; rssMb: number; pushSeconds?: number }> {
  const event = join(tmpdir(), 'pd-bench-event.json');
  writeFileSync(event, '{}');
  const started = process.hrtime.bigint();
  const run = await timed(process.execPath, [join(ROOT, 'dist/index.js')], {
    PATH: process.env.PATH,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: event,
    INPUT_IMAGE: source,
    INPUT_DESTINATION: destination,
    INPUT_TAGS: tag,
  });
  if (!run.stdout.includes('::set-output name=deployed::true'))
    throw new Error(`our copy did not deploy:\n${run.stdout.slice(-1500)}`);
  // The action logs its push time without its process start: "pushed sha256:… in 0.912 s".
  const push = / in ([\d.]+) s: /.exec(run.stdout)?.[1];
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    rssMb: run.rssMb,
    ...(push && { pushSeconds: Number(push) }),
  };
}

async function skopeo(source: string, destination: string): Promise<{ seconds: number; rssMb: number }> {
  // A fresh runner has no blob-info cache, so skopeo cannot know which repositories hold a blob.
  rmSync(SKOPEO_CACHE, { force: true });
  const started = process.hrtime.bigint();
  const fromArchive = source.startsWith('docker-archive:');
  const run = await timed(
    'skopeo',
    [
      '--insecure-policy',
      'copy',
      '-q',
      ...(fromArchive ? [] : ['--all', '--src-tls-verify=false']),
      '--dest-tls-verify=false',
      fromArchive ? source : `docker://${source}`,
      `docker://${destination}`,
    ],
    process.env,
  );
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, rssMb: run.rssMb };
}

const MANIFEST_TYPES =
  'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

async function getManifest(addr: string, repo: string, ref: string): Promise<{ bytes: Buffer; type: string }> {
  const response = await fetch(`http://${addr}/v2/${repo}/manifests/${ref}`, { headers: { accept: MANIFEST_TYPES } });
  if (!response.ok) throw new Error(`GET manifest ${addr}/${repo}:${ref}: ${response.status}`);
  return { bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type')! };
}

/** The raw bound: every blob streamed GET → PUT through two curl processes, six at a time, then the manifests. */
async function raw(
  src: { addr: string; repo: string; tag: string },
  dst: { addr: string; repo: string; tag: string },
): Promise<{ seconds: number }> {
  const started = process.hrtime.bigint();
  const root = await getManifest(src.addr, src.repo, src.tag);
  const rootJson = JSON.parse(root.bytes.toString()) as { manifests?: Blob[] };
  const children = await Promise.all(
    (rootJson.manifests ?? []).map(async (d) => ({ d, m: await getManifest(src.addr, src.repo, d.digest) })),
  );
  const images = rootJson.manifests
    ? children.map((c) => JSON.parse(c.m.bytes.toString()) as { config: Blob; layers: Blob[] })
    : [JSON.parse(root.bytes.toString()) as { config: Blob; layers: Blob[] }];
  const blobs = new Map<string, Blob>();
  for (const image of images) for (const b of [image.config, ...image.layers]) blobs.set(b.digest, b);
  const queue = [...blobs.values()].sort((a, b) => b.size - a.size);
  const worker = async () => {
    for (let blob = queue.shift(); blob; blob = queue.shift()) {
      const start = await fetch(`http://${dst.addr}/v2/${dst.repo}/blobs/uploads/`, { method: 'POST' });
      const location = new URL(start.headers.get('location')!, `http://${dst.addr}`);
      location.searchParams.set('digest', blob.digest);
      const b = blob;
      await new Promise<void>((done, fail) => {
        const child = spawn('bash', [
          '-c',
          'curl -sf "$1" | curl -sf -o /dev/null -T - -H "Content-Type: application/octet-stream" -H "Content-Length: $2" "$3"',
          'raw',
          `http://${src.addr}/v2/${src.repo}/blobs/${b.digest}`,
          String(b.size),
          location.toString(),
        ]);
        child.on('close', (code) => (code === 0 ? done() : fail(new Error(`raw copy of ${b.digest} failed`))));
      });
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  for (const { d, m } of children)
    await fetch(`http://${dst.addr}/v2/${dst.repo}/manifests/${d.digest}`, {
      method: 'PUT',
      body: new Uint8Array(m.bytes),
      headers: { 'content-type': m.type },
    });
  await fetch(`http://${dst.addr}/v2/${dst.repo}/manifests/${dst.tag}`, {
    method: 'PUT',
    body: new Uint8Array(root.bytes),
    headers: { 'content-type': root.type },
  });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function digestAt(addr: string, repo: string, ref: string): Promise<string> {
  const { bytes } = await getManifest(addr, repo, ref);
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

// ---------------------------------------------------------------------------------------------

type Tool = 'ours' | 'skopeo' | 'raw';

interface Endpoint {
  /** Where the tools connect (a registry, or the delay proxy in front of it). */
  readonly addr: string;
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time'))
    sh('bash', ['-c', `. ${join(ROOT, 'scripts/lib.sh')} && ensure_package /usr/bin/time time`]);
  // BENCH_ONLY=cold,retag runs only the scenarios whose names contain one of these words.
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const wanted = (name: string) => only.length === 0 || only.some((word) => name.includes(word));
  const work = mkdtempSync(join(tmpdir(), 'pd-bench-copy-'));
  const a = startRegistry(join(work, 'registry-a'));
  const b = startRegistry(join(work, 'registry-b'));
  // Both registries also behind a delay proxy: "across the world" on loopback.
  const [farA, farB] = await Promise.all([startDelayProxy(a.addr, RTT_MS), startDelayProxy(b.addr, RTT_MS)]);
  try {
    process.stdout.write(`building the images (6 × ${LAYER_MB} MB layers; 6 × 25 MB; a 4-platform index)… `);
    const images = await buildImages(work);
    for (const [dir, repo, all] of [
      [images.big, 'bench/big', false],
      [images.mid, 'bench/mid', false],
      [images.multi, 'bench/multi', true],
    ] as const) {
      sh('skopeo', [
        '--insecure-policy',
        'copy',
        '-q',
        ...(all ? ['--all'] : []),
        '--dest-tls-verify=false',
        `oci:${dir}:v1`,
        `docker://${a.addr}/${repo}:v1`,
      ]);
    }
    const bigDigest = await digestAt(a.addr, 'bench/big', 'v1');
    const midDigest = await digestAt(a.addr, 'bench/mid', 'v1');
    const multiDigest = await digestAt(a.addr, 'bench/multi', 'v1');
    console.log(
      `done: ${(images.bigBytes / 1024 / 1024).toFixed(0)} MB single-platform, ${images.multiBlobs} distinct blobs in the index`,
    );
    let archive: { path: string; bytes: number } | undefined;
    if (wanted(ARCHIVE_SCENARIO)) {
      archive = buildArchive(work);
      console.log(
        `docker save tarball: ${(archive.bytes / 1e6).toFixed(0)} MB (the Node binary and JavaScript packages)`,
      );
    }

    interface Scenario {
      readonly name: string;
      readonly tools: readonly Tool[];
      /** ours/skopeo at most this (median against median). */
      readonly goal?: number;
      /** Our peak RSS at most this, in MB. */
      readonly rssGoalMb?: number;
      readonly prepare?: (tool: Tool) => Promise<void>;
      readonly run: (
        tool: Tool,
        i: number,
      ) => Promise<{ seconds: number; rssMb?: number; pushSeconds?: number; check: () => Promise<void> }>;
    }
    const expectDigest = (addr: string, repo: string, ref: string, digest: string) => async () => {
      const got = await digestAt(addr, repo, ref);
      if (got !== digest) throw new Error(`${addr}/${repo}:${ref} is ${got}, expected ${digest}`);
    };
    const copyWith = async (
      tool: Tool,
      from: Endpoint,
      repo: string,
      to: Endpoint,
      toRepo: string,
      tag: string,
      digest: string,
    ) => {
      const result =
        tool === 'ours'
          ? await ours(`${from.addr}/${repo}:v1`, `${to.addr}/${toRepo}`, tag)
          : tool === 'skopeo'
            ? await skopeo(`${from.addr}/${repo}:v1`, `${to.addr}/${toRepo}:${tag}`)
            : await raw({ addr: from.addr, repo, tag: 'v1' }, { addr: to.addr, repo: toRepo, tag });
      // Checked on loopback, so the check costs no simulated round trips.
      const direct = to === farA ? a : to === farB ? b : to;
      return { ...result, check: expectDigest(direct.addr, toRepo, tag, digest) };
    };
    /** The digest our first push of the archive gave: every later run must give the same. */
    let archiveDigest: string | undefined;
    const pushArchive = async (tool: Tool, i: number) => {
      const repo = `archive-${tool}-${i}/app`;
      const result =
        tool === 'ours'
          ? await ours(`docker-archive:${archive!.path}`, `${b.addr}/${repo}`, '1')
          : await skopeo(`docker-archive:${archive!.path}`, `${b.addr}/${repo}:1`);
      return {
        ...result,
        check: async () => {
          const digest = await digestAt(b.addr, repo, '1');
          if (tool !== 'ours') return;
          archiveDigest ??= digest;
          if (digest !== archiveDigest)
            throw new Error(`the same tarball gave ${digest}, and ${archiveDigest} before: not deterministic`);
        },
      };
    };
    const rtt = `${RTT_MS} ms RTT`;
    const scenarios: Scenario[] = [
      {
        name: 'cold copy, 300 MB, to another registry',
        tools: ['ours', 'skopeo', 'raw'],
        run: (t, i) => copyWith(t, a, 'bench/big', b, `cold-${t}-${i}/big`, 'v1', bigDigest),
      },
      {
        name: 'new repository on the same registry',
        tools: ['ours', 'skopeo', 'raw'],
        run: (t, i) => copyWith(t, a, 'bench/big', a, `same-${t}-${i}/big`, 'v1', bigDigest),
      },
      {
        name: 'destination already up to date',
        tools: ['ours', 'skopeo'],
        prepare: async (t) => void (await copyWith(t, a, 'bench/big', b, `uptodate-${t}/big`, 'v1', bigDigest)),
        run: (t) => copyWith(t, a, 'bench/big', b, `uptodate-${t}/big`, 'v1', bigDigest),
      },
      {
        name: 'retag in the same repository',
        tools: ['ours', 'skopeo', 'raw'],
        run: (t, i) => copyWith(t, a, 'bench/big', a, 'bench/big', `retag-${t}-${i}`, bigDigest),
      },
      {
        name: 'cold copy of a 4-platform index',
        tools: ['ours', 'skopeo', 'raw'],
        run: (t, i) => copyWith(t, a, 'bench/multi', b, `multi-${t}-${i}/multi`, 'v1', multiDigest),
      },
      {
        name: ARCHIVE_SCENARIO,
        tools: ['ours', 'skopeo'],
        goal: 1.2,
        rssGoalMb: 120,
        run: pushArchive,
      },
      {
        name: `${rtt}: cold copy of a 4-platform index`,
        tools: ['ours', 'skopeo'],
        goal: 0.5,
        run: (t, i) => copyWith(t, farA, 'bench/multi', farB, `far-multi-${t}-${i}/multi`, 'v1', multiDigest),
      },
      {
        name: `${rtt}: cold copy, 150 MB single-platform`,
        tools: ['ours', 'skopeo'],
        run: (t, i) => copyWith(t, farA, 'bench/mid', farB, `far-cold-${t}-${i}/mid`, 'v1', midDigest),
      },
      {
        name: `${rtt}: destination up to date`,
        tools: ['ours', 'skopeo'],
        goal: 0.12,
        prepare: async (t) =>
          void (await copyWith(t, a, 'bench/multi', b, `far-uptodate-${t}/multi`, 'v1', multiDigest)),
        run: (t) => copyWith(t, farA, 'bench/multi', farB, `far-uptodate-${t}/multi`, 'v1', multiDigest),
      },
      {
        name: `${rtt}: new repository on the same registry (mounts)`,
        tools: ['ours', 'skopeo'],
        goal: 0.15,
        run: (t, i) => copyWith(t, farA, 'bench/multi', farA, `far-same-${t}-${i}/multi`, 'v1', multiDigest),
      },
      {
        name: `${rtt}: retag in one repository`,
        tools: ['ours', 'skopeo'],
        goal: 0.12,
        run: (t, i) => copyWith(t, farA, 'bench/multi', farA, 'bench/multi', `far-retag-${t}-${i}`, multiDigest),
      },
    ];

    const table: string[] = [];
    for (const scenario of scenarios.filter((s) => wanted(s.name))) {
      for (const tool of scenario.tools) await scenario.prepare?.(tool);
      const measures = new Map<Tool, Measure[]>(scenario.tools.map((t) => [t, []]));
      for (let i = 0; i < RUNS; i++) {
        // Interleaved, and the order turned each run, so no tool always goes first on a warm cache.
        const order = i % 2 === 0 ? scenario.tools : [...scenario.tools].reverse();
        for (const tool of order) {
          const before = accessLines(a) + accessLines(b);
          const result = await scenario.run(tool, i);
          await new Promise((r) => setTimeout(r, 150)); // let the registries flush their access logs
          const requests = accessLines(a) + accessLines(b) - before;
          await result.check();
          measures.get(tool)!.push({
            seconds: result.seconds,
            requests,
            ...(result.rssMb !== undefined && { rssMb: result.rssMb }),
            ...(result.pushSeconds !== undefined && { pushSeconds: result.pushSeconds }),
          });
        }
      }
      const med = (tool: Tool, key: 'seconds' | 'requests') => median(measures.get(tool)!.map((m) => m[key]));
      const spread = (tool: Tool) => {
        const all = measures.get(tool)!.map((m) => m.seconds);
        return `${Math.min(...all).toFixed(3)}–${Math.max(...all).toFixed(3)}`;
      };
      const peakRss = (tool: Tool) => Math.max(...measures.get(tool)!.map((m) => m.rssMb ?? 0));
      console.log(`\n${scenario.name} (median of ${RUNS}, spread min–max)`);
      for (const tool of scenario.tools) {
        const pushes = measures.get(tool)!.flatMap((m) => (m.pushSeconds === undefined ? [] : [m.pushSeconds]));
        const inProcess = tool === 'ours' && pushes.length ? ` (push itself ${median(pushes).toFixed(3)} s)` : '';
        const rss = tool !== 'raw' ? `, peak RSS ${peakRss(tool).toFixed(0)} MB` : '';
        console.log(
          `  ${tool.padEnd(7)} ${med(tool, 'seconds').toFixed(3)} s (${spread(tool)}), ${med(tool, 'requests')} requests${inProcess}${rss}`,
        );
      }
      const ratioTo = (other: Tool) => med('ours', 'seconds') / med(other, 'seconds');
      const ratio = (other: Tool) =>
        scenario.tools.includes(other) ? `ours/${other} ${ratioTo(other).toFixed(2)}×` : '';
      const goal =
        scenario.goal === undefined
          ? ''
          : `goal ≤ ${scenario.goal}× skopeo: ${ratioTo('skopeo') <= scenario.goal ? 'met' : 'NOT met'}`;
      const rssGoal =
        scenario.rssGoalMb === undefined
          ? ''
          : `RSS goal ≤ ${scenario.rssGoalMb} MB: ${peakRss('ours') <= scenario.rssGoalMb ? 'met' : 'NOT met'}`;
      console.log(`  ${[ratio('skopeo'), ratio('raw'), goal, rssGoal].filter(Boolean).join('   ')}`);
      table.push(
        `| ${scenario.name} | ${med('ours', 'seconds').toFixed(3)} s | ${med('skopeo', 'seconds').toFixed(3)} s | ` +
          `${ratioTo('skopeo').toFixed(2)}× | ${scenario.tools.includes('raw') ? `${ratioTo('raw').toFixed(2)}×` : ''} | ` +
          `${scenario.goal === undefined ? '' : `≤ ${scenario.goal}× ${ratioTo('skopeo') <= scenario.goal ? 'met' : 'NOT met'}`} |`,
      );
    }
    console.log(
      `\nrequests counted from both registries' access logs (source and destination), ours including its own process start.`,
    );
    console.log('\n| scenario | ours | skopeo | ours/skopeo | ours/raw | goal |\n|---|---|---|---|---|---|');
    for (const row of table) console.log(row);
  } finally {
    await Promise.all([farA.close(), farB.close()]);
    a.stop();
    b.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
