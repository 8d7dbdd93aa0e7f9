/**
 * The copy benchmark: ours (the bundled action, as a process) against `skopeo copy --all` and a raw
 * streamed curl GET→PUT of the same blobs, interleaved run by run, between two local registries.
 *
 *   scenarios: cold copy to a new registry; a new repository on the same registry; destination
 *   already up to date; a retag in the same repository; a cold copy of a 4-platform index.
 *
 * Prints medians, ours/skopeo and ours/raw ratios, request counts (from the registries' access
 * logs, the same way for every tool), and our peak RSS. BENCH_RUNS sets the runs per cell (default 5),
 * BENCH_ONLY picks scenarios by a word of their name (e.g. BENCH_ONLY=cold,retag).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LAYER_MB = Number(process.env.BENCH_LAYER_MB ?? 50);
const SKOPEO_CACHE = '/var/lib/containers/cache/blob-info-cache-v1.boltdb';

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
): Promise<{ big: string; multi: string; bigBytes: number; multiBlobs: number }> {
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
    multi,
    bigBytes: layers.reduce((n, l) => n + l.size, 0),
    multiBlobs: shared.length + platforms.length * 2,
  };
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

async function skopeo(source: string, destination: string): Promise<{ seconds: number }> {
  // A fresh runner has no blob-info cache, so skopeo cannot know which repositories hold a blob.
  rmSync(SKOPEO_CACHE, { force: true });
  const started = process.hrtime.bigint();
  await timed(
    'skopeo',
    [
      '--insecure-policy',
      'copy',
      '-q',
      '--all',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      `docker://${source}`,
      `docker://${destination}`,
    ],
    process.env,
  );
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
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

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time'))
    sh('bash', ['-c', `. ${join(ROOT, 'scripts/lib.sh')} && ensure_package /usr/bin/time time`]);
  const work = mkdtempSync(join(tmpdir(), 'pd-bench-copy-'));
  const a = startRegistry(join(work, 'registry-a'));
  const b = startRegistry(join(work, 'registry-b'));
  try {
    process.stdout.write(`building the images (6 × ${LAYER_MB} MB layers; a 4-platform index)… `);
    const images = await buildImages(work);
    sh('skopeo', [
      '--insecure-policy',
      'copy',
      '-q',
      '--dest-tls-verify=false',
      `oci:${images.big}:v1`,
      `docker://${a.addr}/bench/big:v1`,
    ]);
    sh('skopeo', [
      '--insecure-policy',
      'copy',
      '-q',
      '--all',
      '--dest-tls-verify=false',
      `oci:${images.multi}:v1`,
      `docker://${a.addr}/bench/multi:v1`,
    ]);
    const bigDigest = await digestAt(a.addr, 'bench/big', 'v1');
    const multiDigest = await digestAt(a.addr, 'bench/multi', 'v1');
    console.log(
      `done: ${(images.bigBytes / 1024 / 1024).toFixed(0)} MB single-platform, ${images.multiBlobs} distinct blobs in the index`,
    );

    interface Scenario {
      readonly name: string;
      readonly tools: readonly Tool[];
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
      from: Registry,
      repo: string,
      toRegistry: Registry,
      toRepo: string,
      tag: string,
      digest: string,
    ) => {
      const result =
        tool === 'ours'
          ? await ours(`${from.addr}/${repo}:v1`, `${toRegistry.addr}/${toRepo}`, tag)
          : tool === 'skopeo'
            ? await skopeo(`${from.addr}/${repo}:v1`, `${toRegistry.addr}/${toRepo}:${tag}`)
            : await raw({ addr: from.addr, repo, tag: 'v1' }, { addr: toRegistry.addr, repo: toRepo, tag });
      return { ...result, check: expectDigest(toRegistry.addr, toRepo, tag, digest) };
    };
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
    ];

    // BENCH_ONLY=cold,retag runs only the scenarios whose names contain one of these words.
    const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
    for (const scenario of scenarios.filter((s) => only.length === 0 || only.some((word) => s.name.includes(word)))) {
      for (const tool of scenario.tools) await scenario.prepare?.(tool);
      const measures = new Map<Tool, Measure[]>(scenario.tools.map((t) => [t, []]));
      for (let i = 0; i < RUNS; i++) {
        for (const tool of scenario.tools) {
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
      console.log(`\n${scenario.name} (median of ${RUNS})`);
      for (const tool of scenario.tools) {
        const pushes = measures.get(tool)!.flatMap((m) => (m.pushSeconds === undefined ? [] : [m.pushSeconds]));
        const inProcess = tool === 'ours' && pushes.length ? ` (push itself ${median(pushes).toFixed(3)} s)` : '';
        const rss =
          tool === 'ours'
            ? `${inProcess}, peak RSS ${Math.max(...measures.get(tool)!.map((m) => m.rssMb ?? 0)).toFixed(0)} MB`
            : '';
        console.log(
          `  ${tool.padEnd(7)} ${med(tool, 'seconds').toFixed(3)} s, ${med(tool, 'requests')} requests${rss}`,
        );
      }
      const ratio = (other: Tool) =>
        scenario.tools.includes(other)
          ? `ours/${other} ${(med('ours', 'seconds') / med(other, 'seconds')).toFixed(2)}×`
          : '';
      console.log(`  ${[ratio('skopeo'), ratio('raw')].filter(Boolean).join('   ')}`);
    }
    console.log(
      `\nrequests counted from both registries' access logs (source and destination), ours including its own process start.`,
    );
  } finally {
    a.stop();
    b.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
