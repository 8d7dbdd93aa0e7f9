/**
 * The request timeline of the action at a simulated round trip: both registries (and, with
 * TIMELINE_AUTH=token, their token service) behind logging delay proxies (scripts/delay-proxy.ts),
 * and every connection opened and every request sent by our process printed with its time since
 * the process started, its connection, and when its answer reached us. It ends with the serial
 * round trips on the critical path: the time from the first request to the last answer, in RTTs.
 *
 *   node scripts/rtt-timeline.ts            (dist/index.js; TIMELINE_BUNDLE=path for another build)
 *   TIMELINE_RTT_MS=40 TIMELINE_ONLY=retag,uptodate TIMELINE_AUTH=token node scripts/rtt-timeline.ts
 *
 * Scenarios as in scripts/bench-copy.ts: a cold 4-platform index, destination up to date, a new
 * repository on the same registry (mounts), a retag in one repository.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { multiPlatformImage, writeLayout } from '../__tests__/helpers/image.ts';
import { startTokenServer, ISSUER, SERVICE } from '../__tests__/helpers/token-server.ts';
import { startDelayProxy, type DelayProxy } from './delay-proxy.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RTT = Number(process.env.TIMELINE_RTT_MS ?? 40);
const BUNDLE = process.env.TIMELINE_BUNDLE ?? join(ROOT, 'dist/index.js');
const AUTH = process.env.TIMELINE_AUTH === 'token';
const run = promisify(execFile);

interface Event {
  readonly at: number;
  readonly line: string;
}

interface Registry {
  readonly addr: string;
  readonly dir: string;
}

async function startRegistry(dir: string, token?: [string, string, string, string]): Promise<Registry> {
  const { stdout } = await run(join(ROOT, 'scripts/registry.sh'), [
    'start',
    dir,
    ...(token ? ['--token', ...token] : []),
  ]);
  return { addr: /REGISTRY_ADDR=(\S+)/.exec(stdout)![1]!, dir };
}

/** A logging proxy: what the client sends is stamped when sent, what comes back when it reaches the client. */
async function loggingProxy(name: string, target: string, events: () => Event[], zero: () => number) {
  const pending = new Map<number, string>();
  return startDelayProxy(target, RTT, {
    onConnection: (id) => events().push({ at: performance.now() - zero(), line: `${name}#${id} connect` }),
    onData: (id, direction, chunk) => {
      const head = chunk.subarray(0, 4096).toString('latin1');
      if (direction === 'request') {
        const m = /^(GET|HEAD|PUT|POST|PATCH|DELETE) (\S+) HTTP\/1\.1\r\n/.exec(head);
        if (!m) return;
        const path = m[2]!.replace(/sha256:([0-9a-f]{8})[0-9a-f]{56}/g, 'sha256:$1…').replace(/\?.*$/, '?…');
        const expect = /\r\nexpect: 100-continue/i.test(head) ? ' (Expect: 100-continue)' : '';
        pending.set(id, `${m[1]} ${path}`);
        events().push({ at: performance.now() - zero(), line: `${name}#${id} → ${m[1]} ${path}${expect}` });
      } else {
        const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
        if (!m) return;
        const what = m[1] === '100' ? '100 Continue' : `${m[1]} for ${pending.get(id) ?? '?'}`;
        events().push({ at: performance.now() - zero(), line: `${name}#${id} ← ${what}` });
      }
    },
  });
}

async function main(): Promise<void> {
  const only = (process.env.TIMELINE_ONLY ?? '').split(',').filter(Boolean);
  const work = mkdtempSync(join(tmpdir(), 'pd-timeline-'));
  let events: Event[] = [];
  let zero = 0;
  const proxies: DelayProxy[] = [];
  const registries: Registry[] = [];
  const tokens = AUTH ? await startTokenServer(work, { user: 'secret-pass' }) : undefined;
  try {
    let token: [string, string, string, string] | undefined;
    let realmProxy: DelayProxy | undefined;
    if (tokens) {
      const realm = new URL(tokens.realm);
      realmProxy = await loggingProxy(
        'token',
        realm.host,
        () => events,
        () => zero,
      );
      proxies.push(realmProxy);
      token = [`http://${realmProxy.addr}${realm.pathname}`, ISSUER, SERVICE, tokens.certPath];
    }
    const a = await startRegistry(join(work, 'a'), token);
    const b = await startRegistry(join(work, 'b'), token);
    registries.push(a, b);
    const farA = await loggingProxy(
      'A',
      a.addr,
      () => events,
      () => zero,
    );
    const farB = await loggingProxy(
      'B',
      b.addr,
      () => events,
      () => zero,
    );
    proxies.push(farA, farB);

    // A 4-platform index as in the bench: two shared layers, one of each platform's own.
    const { root: index, images } = multiPlatformImage(
      ['amd64', 'arm64', 'ppc64le', 's390x'].map((architecture) => ({ os: 'linux', architecture })),
      256 * 1024,
      128 * 1024,
      { sharedLayers: 2, attestation: false },
    );
    const layoutDir = join(work, 'layout');
    await writeLayout(layoutDir, 'v1', index, images);
    const creds = tokens ? ['--dest-creds', 'user:secret-pass'] : [];
    await run('skopeo', [
      '--insecure-policy',
      'copy',
      '-q',
      '--all',
      '--dest-tls-verify=false',
      ...creds,
      `oci:${layoutDir}:v1`,
      `docker://${a.addr}/bench/multi:v1`,
    ]);
    await run('skopeo', [
      '--insecure-policy',
      'copy',
      '-q',
      '--all',
      '--dest-tls-verify=false',
      ...creds,
      `oci:${layoutDir}:v1`,
      `docker://${b.addr}/uptodate/multi:v1`,
    ]);

    const scenarios = [
      {
        name: 'cold',
        what: 'cold 4-platform index to another registry',
        from: farA,
        to: `${farB.addr}/cold/multi`,
        tag: 'v1',
      },
      { name: 'uptodate', what: 'destination up to date', from: farA, to: `${farB.addr}/uptodate/multi`, tag: 'v1' },
      {
        name: 'mounts',
        what: 'new repository on the same registry (mounts)',
        from: farA,
        to: `${farA.addr}/same/multi`,
        tag: 'v1',
      },
      { name: 'retag', what: 'retag in one repository', from: farA, to: `${farA.addr}/bench/multi`, tag: 'retagged' },
    ].filter((s) => only.length === 0 || only.includes(s.name));

    const event = join(work, 'event.json');
    writeFileSync(event, '{}');
    for (const scenario of scenarios) {
      events = [];
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: work,
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_EVENT_PATH: event,
        INPUT_IMAGE: `${scenario.from.addr}/bench/multi:v1`,
        INPUT_DESTINATION: scenario.to,
        INPUT_TAGS: scenario.tag,
        ...(tokens && { 'INPUT_REGISTRY-USERNAME': 'user', 'INPUT_REGISTRY-PASSWORD': 'secret-pass' }),
      };
      if (tokens) {
        // The source registry's credentials come from docker config.
        const auth = Buffer.from('user:secret-pass').toString('base64');
        const config = join(work, '.docker');
        rmSync(config, { recursive: true, force: true });
        mkdirSync(config, { recursive: true });
        writeFileSync(
          join(config, 'config.json'),
          JSON.stringify({ auths: { [farA.addr]: { auth }, [farB.addr]: { auth } } }),
        );
        env.DOCKER_CONFIG = config;
      }
      zero = performance.now();
      const nodeArgs = (process.env.TIMELINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
      const child = spawn(process.execPath, [...nodeArgs, BUNDLE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c));
      child.stderr.on('data', (c: Buffer) => (stdout += c));
      const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? 1)));
      const total = performance.now() - zero;
      if (code !== 0 || !stdout.includes('deployed')) throw new Error(`${scenario.name} failed:\n${stdout}`);
      events.sort((x, y) => x.at - y.at);
      console.log(`\n== ${scenario.what} (RTT ${RTT} ms)`);
      for (const e of events) console.log(`  ${e.at.toFixed(0).padStart(5)} ms  ${e.line}`);
      const requests = events.filter((e) => e.line.includes(' → ')).length;
      const connections = events.filter((e) => e.line.endsWith(' connect')).length;
      const first = events[0]?.at ?? 0;
      const last = [...events].reverse().find((e) => e.line.includes(' ← '))?.at ?? first;
      console.log(
        `  ${requests} requests on ${connections} connections; first connection at ${first.toFixed(0)} ms, ` +
          `last answer at ${last.toFixed(0)} ms: ${((last - first) / RTT).toFixed(1)} RTT on the wire; process ${total.toFixed(0)} ms`,
      );
    }
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
    for (const r of registries) await run(join(ROOT, 'scripts/registry.sh'), ['stop', r.dir]).catch(() => {});
    await tokens?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
