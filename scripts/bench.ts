/**
 * npm run bench: the figures we hold ourselves to, measured on local services.
 *   - bundle: size of dist/ and which cloud SDKs it would load for a generic-registry run
 *   - start-up: process start to the action's first log line, and to its first request to the
 *     registry (goal: 60 ms), for a generic-registry run
 * Run with Node 24 (npm scripts put it first on PATH); plain TypeScript, no imports from src/.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function startRegistry(dir: string): { addr: string; stop: () => void } {
  const out = execFileSync(join(ROOT, 'scripts/registry.sh'), ['start', dir], { encoding: 'utf8' });
  const addr = /REGISTRY_ADDR=(\S+)/.exec(out)?.[1];
  if (!addr) throw new Error(`registry.sh printed no address: ${out}`);
  return { addr, stop: () => execFileSync(join(ROOT, 'scripts/registry.sh'), ['stop', dir]) };
}

/** Milliseconds from spawning `node dist/index.js` to its first line on stdout. */
function timeToFirstLine(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(ROOT, 'dist/index.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let measured: number | undefined;
    child.stdout.on('data', () => {
      measured ??= Number(process.hrtime.bigint() - started) / 1e6;
    });
    child.on('error', fail);
    child.on('close', () => (measured === undefined ? fail(new Error('the action printed nothing')) : done(measured)));
  });
}

/**
 * Milliseconds from spawning `node dist/index.js` to its first connection to the source registry
 * (a listener that only notes the moment; the run is then stopped).
 */
async function timeToFirstRequest(env: NodeJS.ProcessEnv, script = join(ROOT, 'dist/index.js')): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise<number>((done, fail) => {
      const started = process.hrtime.bigint();
      const child = spawn(process.execPath, [script], {
        env: {
          ...env,
          INPUT_IMAGE: `127.0.0.1:${port}/bench/app:1`,
          INPUT_DESTINATION: `127.0.0.1:${port}/bench/copy`,
        },
        stdio: 'ignore',
      });
      let measured: number | undefined;
      server.once('connection', (socket) => {
        measured = Number(process.hrtime.bigint() - started) / 1e6;
        socket.destroy();
        child.kill();
      });
      child.on('error', fail);
      child.on('close', () =>
        measured === undefined ? fail(new Error('the action made no request')) : done(measured),
      );
    });
  } finally {
    server.close();
  }
}

function bundleFigures(): void {
  const files = readdirSync(join(ROOT, 'dist')).filter((f) => f.endsWith('.js') || f.endsWith('.cjs'));
  let total = 0;
  for (const file of files) total += statSync(join(ROOT, 'dist', file)).size;
  console.log(`bundle: ${files.length} JavaScript files, ${(total / 1024 / 1024).toFixed(2)} MB (${files.join(', ')})`);
}

async function startupFigures(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'pd-bench-'));
  const registry = startRegistry(join(work, 'registry'));
  try {
    const eventPath = join(work, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ repository: { default_branch: 'main', full_name: 'octo/app' } }));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REPOSITORY: 'octo/app',
      INPUT_IMAGE: `${registry.addr}/bench/app:1`,
      INPUT_DESTINATION: `${registry.addr}/bench/copy`,
      'INPUT_DRY-RUN': 'true',
    };
    // Scripts that only start Node, for the floor this runtime sets: one prints, one connects.
    const bare = join(work, 'bare.mjs');
    writeFileSync(bare, 'console.log("ready")');
    const bareConnect = join(work, 'bare-connect.mjs');
    writeFileSync(
      bareConnect,
      'import { connect } from "node:net"; const [host, port] = process.env.INPUT_IMAGE.split("/")[0].split(":"); connect(Number(port), host).on("error", () => {});',
    );
    const bareTimes: number[] = [];
    const actionTimes: number[] = [];
    const requestTimes: number[] = [];
    const bareRequestTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so both see the same machine state.
      bareTimes.push(
        await new Promise<number>((done) => {
          const started = process.hrtime.bigint();
          const child = spawn(process.execPath, [bare], { stdio: ['ignore', 'pipe', 'inherit'] });
          child.stdout.once('data', () => done(Number(process.hrtime.bigint() - started) / 1e6));
        }),
      );
      actionTimes.push(await timeToFirstLine(env));
      requestTimes.push(await timeToFirstRequest(env));
      bareRequestTimes.push(await timeToFirstRequest(env, bareConnect));
    }
    const action = median(actionTimes) / 1000;
    console.log(`start-up (process start to first log line, median of ${RUNS}, ${process.version}):`);
    console.log(
      `  action: ${action.toFixed(3)} s   bare node: ${(median(bareTimes) / 1000).toFixed(3)} s   target: <= 0.250 s  ${action <= 0.25 ? 'OK' : 'OVER'}`,
    );
    const request = median(requestTimes);
    const spread = `${Math.min(...requestTimes).toFixed(0)}–${Math.max(...requestTimes).toFixed(0)}`;
    console.log(
      `  process start to first request: ${request.toFixed(0)} ms (${spread})   goal: <= 60 ms  ${request <= 60 ? 'met' : 'NOT met'}`,
    );
    const bareRequest = median(bareRequestTimes);
    console.log(
      `  bare node to its first connection: ${bareRequest.toFixed(0)} ms, so the action's own share is ${(request - bareRequest).toFixed(0)} ms`,
    );
  } finally {
    registry.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

bundleFigures();
await startupFigures();
