/**
 * `kill -9` in the middle of an upload, then a re-run: the bundled action (dist/index.js) copies a
 * few MiB through a slow link, is killed while the blobs are on the wire, and the next run ends
 * with the exact digest at the destination. Nothing is tagged by the killed run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from './helpers/action.js';
import { startFaultyProxy, type FaultyProxy, type ProxyOptions } from './helpers/faulty-proxy.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { rawManifest, ROOT, skopeo, startRegistry, type Registry } from './helpers/services.js';

let work: string;
let registry: Registry;
let layout: Layout;
let proxy: FaultyProxy;
/** A slow link in front of the destination: 1 MiB/s, so 6 MiB of blobs take seconds to upload. */
const link: ProxyOptions = { bytesPerSecond: 1024 * 1024 };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-kill-'));
  registry = await startRegistry();
  layout = await singlePlatformLayout(join(work, 'layout'), 'v1', [4 * 1024 * 1024, 2 * 1024 * 1024, 100_000]);
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:v1`, `docker://${registry.addr}/source/big:v1`);
  // The destination is the same registry under another name (the proxy's), so blobs are uploaded, not mounted.
  proxy = await startFaultyProxy(registry.addr, [], link);
});

afterAll(async () => {
  await proxy?.close();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Starts the bundled action as the runner does, without waiting for it. */
async function startAction(inputs: Record<string, string>) {
  const event = join(work, 'event.json');
  await writeFile(event, JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'octo/app' } }));
  await Promise.all(['output', 'summary'].map((name) => writeFile(join(work, name), '')));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    RUNNER_TEMP: work,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    GITHUB_EVENT_PATH: event,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REPOSITORY: 'octo/app',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [join(ROOT, 'dist/index.js')], { env, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  return { child, exited };
}

describe('kill -9 mid-upload', () => {
  it('leaves no tag behind, and a re-run ends with the same digest at the destination', async () => {
    const inputs = {
      image: `${registry.addr}/source/big:v1`,
      destination: `${proxy.addr}/killed/big`,
      tags: 'v1',
      'deploy-when': 'always',
    };
    const { child, exited } = await startAction(inputs);
    // Wait (bounded) until a good part of a blob is on the wire, then kill without warning.
    for (let waited = 0; proxy.bytesUp() < 1024 * 1024; waited += 50) {
      if (waited > 20_000) throw new Error('the upload never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(proxy.bytesUp()).toBeLessThan(6 * 1024 * 1024);
    await expect(rawManifest(`${registry.addr}/killed/big:v1`)).rejects.toThrow();

    link.bytesPerSecond = undefined;
    const rerun = await runAction(inputs);
    expect(rerun.errorText).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.outputs.digest).toBe(layout.root.digest);
    expect(await rawManifest(`${registry.addr}/killed/big:v1`)).toBe(layout.root.bytes.toString());
    // Every blob reads back whole, checked by skopeo against its digest.
    await skopeo(
      'copy',
      '--src-tls-verify=false',
      `docker://${registry.addr}/killed/big:v1`,
      `oci:${join(work, 'check')}:v1`,
    );
  });
});
