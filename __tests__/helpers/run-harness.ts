/**
 * For in-process tests of run(): a runner that records what the run told it (log, groups,
 * outputs, summary, annotations, exit code), GitHub events, and a registry on loopback just big
 * enough for one push (no auth, no mount, no referrers) that counts its requests and can hold one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunEvent, RunnerIO } from '../../src/main.js';
import { ROOT } from './services.js';

export interface RecordedRun {
  /** Every log line, with ::group::NAME / ::endgroup:: around groups. */
  readonly log: string[];
  readonly outputs: Record<string, string>;
  summary: string;
  readonly notices: string[];
  readonly warnings: string[];
  readonly errors: { readonly message: string; readonly title: string }[];
  readonly secrets: string[];
  exitCode: number | undefined;
  exitSoon: number;
}

/** A runner given these inputs, and what the run told it. */
export function recordingRunner(inputs: Record<string, string>): { io: RunnerIO; run: RecordedRun } {
  const run: RecordedRun = {
    log: [],
    outputs: {},
    summary: '',
    notices: [],
    warnings: [],
    errors: [],
    secrets: [],
    exitCode: undefined,
    exitSoon: 0,
  };
  const io: RunnerIO = {
    getInput: (name) => (inputs[name] ?? '').trim(),
    setSecret: (value) => void run.secrets.push(value),
    info: (message) => void run.log.push(message),
    notice: (message) => void run.notices.push(message),
    debug: () => {},
    warning: (message, { title }) => void run.warnings.push(title ? `${title}: ${message}` : message),
    error: (message, { title }) => void run.errors.push({ message, title }),
    group: async (name, work) => {
      run.log.push(`::group::${name}`);
      try {
        return await work();
      } finally {
        run.log.push('::endgroup::');
      }
    },
    startGroup: (name) => void run.log.push(`::group::${name}`),
    endGroup: () => void run.log.push('::endgroup::'),
    setOutput: (name, value) => void (run.outputs[name] = value),
    appendSummary: async (markdown) => void (run.summary += markdown),
    setExitCode: (code) => void (run.exitCode = code),
    exitSoon: () => void run.exitSoon++,
  };
  return { io, run };
}

/** A push of commit `sha` to main of octo/app (the default branch), or the payload given. */
export function pushEvent(payload: Record<string, unknown> = {}): RunEvent {
  return {
    eventName: 'push',
    ref: 'refs/heads/main',
    sha: '0123456789abcdef0123456789abcdef01234567',
    payload: { ref: 'refs/heads/main', repository: { full_name: 'octo/app', default_branch: 'main' }, ...payload },
    repo: { owner: 'octo', repo: 'app' },
  };
}

/** A pull request event from __tests__/fixtures/events. */
export function pullRequestEvent(fixture: string): RunEvent {
  const payload = JSON.parse(readFileSync(join(ROOT, '__tests__/fixtures/events', `${fixture}.json`), 'utf8')) as {
    number: number;
  };
  return {
    eventName: 'pull_request',
    ref: `refs/pull/${payload.number}/merge`,
    sha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6',
    payload,
    repo: { owner: 'octo', repo: 'app' },
  };
}

export interface LoopbackRegistry {
  /** host:port */
  readonly addr: string;
  /** METHOD PATH of every request, in order. */
  readonly requests: string[];
  /** Manifests by repository:reference. */
  readonly manifests: Map<string, { readonly digest: string; readonly mediaType: string }>;
  /** Requests matching this are never answered (until close). */
  hold(match: (method: string, path: string) => boolean): Promise<string>;
  close(): Promise<void>;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startLoopbackRegistry(): Promise<LoopbackRegistry> {
  const requests: string[] = [];
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { digest: string; mediaType: string; bytes: Buffer }>();
  const uploads = new Map<string, Buffer>();
  let held: { match: (method: string, path: string) => boolean; seen: (what: string) => void } | undefined;

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://registry');
    requests.push(`${method} ${url.pathname}`);
    if (held?.match(method, url.pathname)) return held.seen(`${method} ${url.pathname}`);
    const send = (status: number, headers: Record<string, string> = {}, body?: Buffer) => {
      response.writeHead(status, { 'content-length': String(body?.length ?? 0), ...headers });
      response.end(method === 'HEAD' ? undefined : body);
    };
    if (url.pathname === '/v2/') return send(200);
    const upload = /^\/v2\/(.+)\/blobs\/uploads\/(.*)$/.exec(url.pathname);
    if (upload) {
      const [, name, id] = upload;
      const bytes = await bodyOf(request);
      if (method === 'POST') {
        const session = randomUUID();
        uploads.set(session, Buffer.alloc(0));
        return send(202, { location: `/v2/${name}/blobs/uploads/${session}` });
      }
      const sofar = uploads.get(id!);
      if (!sofar) return send(404);
      const all = Buffer.concat([sofar, bytes]);
      uploads.set(id!, all);
      if (method === 'PATCH') return send(202, { location: url.pathname, range: `0-${all.length - 1}` });
      const digest = url.searchParams.get('digest') ?? '';
      if (sha256(all) !== digest) return send(400);
      blobs.set(digest, all);
      uploads.delete(id!);
      return send(201, { location: `/v2/${name}/blobs/${digest}`, 'docker-content-digest': digest });
    }
    const item = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!item) return send(404);
    const [, name, kind, reference] = item;
    if (kind === 'blobs') {
      const blob = blobs.get(reference!);
      return blob ? send(200, { 'docker-content-digest': reference! }, blob) : send(404);
    }
    if (method === 'PUT') {
      const bytes = await bodyOf(request);
      const stored = { digest: sha256(bytes), mediaType: request.headers['content-type'] ?? '', bytes };
      manifests.set(`${name}:${reference}`, stored);
      manifests.set(`${name}:${stored.digest}`, stored);
      return send(201, { 'docker-content-digest': stored.digest });
    }
    const manifest = manifests.get(`${name}:${reference}`);
    if (!manifest) return send(404);
    return send(200, { 'content-type': manifest.mediaType, 'docker-content-digest': manifest.digest }, manifest.bytes);
  };

  const server = createServer((request, response) => {
    answer(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    addr: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    manifests,
    hold: (match) => new Promise((seen) => (held = { match, seen })),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
