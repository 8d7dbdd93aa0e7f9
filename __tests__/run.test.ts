/**
 * run() in-process: the stages composed, with a recording runner in place of @actions/core, an
 * OCI layout on disk as the source and a loopback registry (or a loopback ECR API) as destination.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RunTimeoutError } from '../src/deadline.js';
import { run, type RunEvent } from '../src/main.js';
import { RunJournal } from '../src/run/journal.js';
import { failureMessage } from '../src/run/outcome.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import {
  pullRequestEvent,
  pushEvent,
  recordingRunner,
  startLoopbackRegistry,
  type LoopbackRegistry,
} from './helpers/run-harness.js';

/** A runner env: the summary is written (to the recording runner). */
const ENV = { GITHUB_STEP_SUMMARY: 'summary.md' };

let work: string;
let layout: Layout;
let source: string;
let registry: LoopbackRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-run-'));
  layout = await singlePlatformLayout(join(work, 'layout'), '1.0.0', [20_000, 5_000]);
  source = `oci-layout:${layout.dir}:1.0.0`;
  registry = await startLoopbackRegistry();
});

afterAll(async () => {
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function runWith(inputs: Record<string, string>, event: RunEvent = pushEvent()) {
  const { io, run: recorded } = recordingRunner(inputs);
  await run({ io, event, env: ENV });
  return recorded;
}

describe('run() in-process', () => {
  it('reports every input problem in one error titled with the inputs, and sends no request', async () => {
    const before = registry.requests.length;
    const done = await runWith({
      image: `${registry.addr}/source/app:1.0.0`,
      destination: '',
      tags: 'not a tag!',
      'deploy-when': 'sometimes',
    });
    expect(done.errors).toHaveLength(1);
    expect(done.errors[0]!.title).toBe('Invalid inputs destination, tags, deploy-when');
    expect(done.errors[0]!.message).toMatch(/^3 inputs are invalid:\n- "destination": is required/);
    expect(done.exitCode).toBe(1);
    expect(done.outputs).toMatchObject({ digest: '', image: '', refs: '', deployed: 'false' });
    expect(done.outputs['skipped-reason']).toBe(done.errors[0]!.message);
    expect(done.summary).toContain('| Gate | the run failed before the gate |');
    expect(registry.requests.length).toBe(before);
  });

  it('skips a deleted branch with a notice, outputs and summary saying why, and no request', async () => {
    const before = registry.requests.length;
    const done = await runWith(
      { image: `${registry.addr}/source/app:1.0.0`, destination: `${registry.addr}/skipped/app` },
      pushEvent({ deleted: true }),
    );
    expect(done.notices).toEqual(['Skipped: refs/heads/main was deleted; there is nothing to deploy']);
    expect(done.outputs).toMatchObject({
      deployed: 'false',
      digest: '',
      'skipped-reason': 'refs/heads/main was deleted; there is nothing to deploy',
    });
    expect(done.summary).toContain('| Result | skipped |');
    expect(done.exitCode).toBeUndefined();
    expect(registry.requests.length).toBe(before);
  });

  it('plans an open pull request: the digest and refs it would push, in the log and summary, nothing pushed', async () => {
    const before = registry.requests.length;
    const done = await runWith(
      { image: source, destination: `${registry.addr}/planned/app`, 'deploy-when': 'merged-pull-request' },
      pullRequestEvent('pull-request-opened'),
    );
    expect(done.errors).toEqual([]);
    expect(done.outputs).toMatchObject({ digest: layout.root.digest, image: '', refs: '', deployed: 'false' });
    expect(done.outputs['skipped-reason']).toContain('pull request #42 is not merged yet');
    const plan = done.log.slice(done.log.indexOf('::group::Plan'));
    expect(plan.slice(0, 4)).toEqual([
      '::group::Plan',
      `would push ${layout.root.digest} to OCI registry as:`,
      `  ${registry.addr}/planned/app:1.0.0`,
      'would deploy: nothing (runtime "none")',
    ]);
    expect(done.summary).toContain('| Result | planned |');
    expect(done.summary).toContain(`| Would push | \`${registry.addr}/planned/app:1.0.0\` |`);
    expect(done.summary).toContain('<details><summary>Plan</summary>');
    expect(registry.requests.length).toBe(before);
  });

  it('pushes from an OCI layout: outputs, refs, figures and timings in the summary', async () => {
    const done = await runWith({
      image: source,
      destination: `${registry.addr}/pushed/app`,
      'copy-referrers': 'false',
    });
    expect(done.errors).toEqual([]);
    expect(done.outputs).toEqual({
      digest: layout.root.digest,
      image: `${registry.addr}/pushed/app@${layout.root.digest}`,
      refs: `${registry.addr}/pushed/app:1.0.0`,
      deployed: 'true',
      'skipped-reason': '',
    });
    expect(registry.manifests.get('pushed/app:1.0.0')?.digest).toBe(layout.root.digest);
    expect(done.log).toContain('runtime "none": nothing to deploy beyond the push');
    expect(done.summary).toContain('| Result | deployed |');
    expect(done.summary).toMatch(/\| Timings \| prepare \d+\.\d s · push \d+\.\d s \|/);
    expect(done.summary).toContain('Blobs: 3 uploaded');
  });
});

describe('run() plans past access problems only', () => {
  let ecr: Server;
  /** The error the loopback ECR API answers every call with. */
  let ecrError: { __type: string; message: string };

  beforeAll(async () => {
    ecr = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(ecrError));
      });
    });
    await new Promise<void>((resolve) => ecr.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => ecr.close(() => resolve())));

  function stubAws(): void {
    vi.stubEnv('AWS_ENDPOINT_URL', `http://127.0.0.1:${(ecr.address() as AddressInfo).port}`);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret-key');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  }
  const destination = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app';
  const planning = { image: source, destination, 'dry-run': 'true' };

  it('goes on past a denied repository check, with a warning, and still plans', async () => {
    stubAws();
    ecrError = {
      __type: 'AccessDeniedException',
      message: 'User: ci is not authorized to perform ecr:DescribeRepositories',
    };
    const done = await runWith({ ...planning, image: source });
    expect(done.errors).toEqual([]);
    expect(done.summary).toContain('| Result | planned |');
    expect(done.warnings).toEqual([
      expect.stringMatching(
        /^could not check the destination repository for the plan: ecr:DescribeRepositories .* was denied/,
      ),
    ]);
    expect(done.summary).toContain('could not check the destination repository for the plan: ecr:DescribeRepositories');
    expect(done.outputs.digest).toBe(layout.root.digest);
  });

  it('fails the plan on any other error: a missing repository', async () => {
    stubAws();
    ecrError = { __type: 'RepositoryNotFoundException', message: 'The repository does not exist' };
    const done = await runWith({ ...planning, image: source });
    expect(done.errors).toHaveLength(1);
    expect(done.errors[0]!.title).toBe('AWS');
    expect(done.errors[0]!.message).toContain('the ECR repository "app" does not exist');
    expect(done.exitCode).toBe(1);
    expect(done.summary).toContain('| Result | failed |');
  });

  it('keeps the digest but reports nothing pushed when a deploying run fails before the push', async () => {
    stubAws();
    ecrError = { __type: 'RepositoryNotFoundException', message: 'The repository does not exist' };
    const done = await runWith({ image: source, destination });
    expect(done.outputs).toMatchObject({ digest: layout.root.digest, image: '', refs: '', deployed: 'false' });
    expect(done.summary).toContain(`| Not pushed | \`${destination}:1.0.0\` |`);
    expect(done.summary).toMatch(/\| Timings \| prepare \d+\.\d s \|/);
  });
});

describe('run() past its timeout', () => {
  it('names the step under way and the request it waits for; nothing reported pushed', async () => {
    const held = registry.hold((method, path) => method === 'PUT' && path.startsWith('/v2/slow/app/manifests/'));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { io, run: done } = recordingRunner({
      image: source,
      destination: `${registry.addr}/slow/app`,
      'copy-referrers': 'false',
      timeout: '10s',
    });
    const running = run({ io, event: pushEvent(), env: ENV });
    await held;
    await vi.advanceTimersByTimeAsync(10_000);
    await running;
    expect(done.errors).toHaveLength(1);
    expect(done.errors[0]!.title).toBe('Timed out (input "timeout")');
    expect(done.errors[0]!.message).toMatch(
      new RegExp(
        String.raw`^the run did not finish within timeout \(10s\): still in the push step, waiting for .*` +
          `PUT ${registry.addr}/v2/slow/app/manifests/1.0.0 ` +
          String.raw`\(for \d+ s\)`,
      ),
    );
    expect(done.exitSoon).toBe(1);
    expect(done.outputs).toMatchObject({ digest: layout.root.digest, image: '', refs: '', deployed: 'false' });
  });

  it("names a step's last log line", async () => {
    const journal = new RunJournal(recordingRunner({}).io);
    const said = await journal.timed('deploy', async () => {
      journal.log('waiting for the service to be stable');
      return journal.stillWaiting(['GET ecs.example/DescribeServices (for 3 s)']);
    });
    expect(said).toBe(
      'still in the deploy step (its last log line: "waiting for the service to be stable"), ' +
        'waiting for GET ecs.example/DescribeServices (for 3 s)',
    );
  });

  it('says a deploy that had started may still finish or roll back', () => {
    const timeout = new RunTimeoutError('the run did not finish within timeout (10s)');
    expect(failureMessage(timeout, 'deploy')).toMatch(/The deploy had started: the runtime may still finish it/);
    expect(failureMessage(timeout, 'push')).toBe(timeout.message);
    expect(failureMessage(new Error('boom'), 'deploy')).toBe('boom');
  });
});
