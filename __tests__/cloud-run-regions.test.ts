/**
 * Cloud Run's fan-out over regions and its previews, without a cloud: the inputs (every problem
 * named), regions.ts over stand-in region runtimes, and the pure preview traffic edits.
 */
import { describe, expect, it } from 'vitest';
import { InputError, readInputs, type Inputs } from '../src/inputs.js';
import type { CloudRunInputs } from '../src/runtimes/cloud-run/inputs.js';
import {
  previewNumbers,
  previewPullRequest,
  previewSuffix,
  withoutPreviewTags,
  closedPreviews,
} from '../src/runtimes/cloud-run/previews.js';
import { cloudRunRegions, type RegionRuntime } from '../src/runtimes/cloud-run/regions.js';
import { partialResult, type DeployResult, type DeployTarget } from '../src/runtimes/runtime.js';
import { UserError } from '../src/oci/user-error.js';

const AR = 'us-central1-docker.pkg.dev/demo-project/apps/web';
const base = {
  image: 'ghcr.io/o/app:1',
  destination: AR,
  runtime: 'cloud-run',
  'gcp-region': 'us-central1',
  'cloud-run-service': 'web',
};
const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';

function problems(values: Record<string, string>): string[] {
  try {
    readInputs(read({ ...base, ...values }));
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.input}: ${p.message}`);
    throw error;
  }
  return [];
}
function cloudRun(values: Record<string, string>): CloudRunInputs {
  const inputs = readInputs(read({ ...base, ...values })) as Extract<Inputs, { runtime: 'cloud-run' }>;
  return inputs.runtimeInputs;
}

describe('gcp-region as a list', () => {
  it('reads one region as before, and several in the order given (newlines or commas, repeats once)', () => {
    expect(cloudRun({})).toMatchObject({ region: 'us-central1' });
    expect(cloudRun({}).regions).toBeUndefined();
    expect(cloudRun({ 'gcp-region': 'europe-west1\nus-east1, asia-northeast1\nus-east1' })).toMatchObject({
      region: 'europe-west1',
      regions: ['europe-west1', 'us-east1', 'asia-northeast1'],
    });
  });

  it('names every malformed region, and still requires one', () => {
    expect(problems({ 'gcp-region': 'europe-west1\nUS East, us_central1' })).toEqual([
      'gcp-region: "US East" is not a region name, e.g. us-central1 or europe-west1',
      'gcp-region: "us_central1" is not a region name, e.g. us-central1 or europe-west1',
    ]);
    expect(problems({ 'gcp-region': ' \n# none\n' })).toEqual([
      'gcp-region: is required with runtime cloud-run, e.g. us-central1',
    ]);
  });
});

describe('preview', () => {
  it('is read with deploy-when: always (or its default) on a service', () => {
    expect(cloudRun({ preview: 'true' }).preview).toBe(true);
    expect(cloudRun({ preview: 'true', 'deploy-when': 'always' }).preview).toBe(true);
    expect(cloudRun({ preview: 'false' }).preview).toBeUndefined();
  });

  it('refuses what contradicts it, each problem named', () => {
    expect(problems({ preview: 'yes' })).toEqual(['preview: "yes" is not a boolean; use true or false']);
    expect(problems({ preview: 'true', 'deploy-when': 'merged-pull-request' })).toEqual([
      'preview: needs deploy-when: always (it is "merged-pull-request"): a preview deploys while the pull request is open and is taken down when it closes',
    ]);
    expect(problems({ preview: 'true', 'revision-tag': 'beta' })).toEqual([
      'preview: tags the revision pr-NUMBER itself: leave revision-tag out',
    ]);
    // action.yml gives no-traffic the default false, so it says nothing: a preview never takes traffic.
    expect(cloudRun({ preview: 'true', 'no-traffic': 'false' }).preview).toBe(true);
    expect(problems({ preview: 'true', 'cloud-run-service': '', 'cloud-run-job': 'migrate' })).toEqual([
      'preview: applies to a Cloud Run service (cloud-run-service), not to a job',
    ]);
  });

  it('is for a pull request event only', () => {
    expect(() => previewPullRequest(undefined)).toThrow(/this run is not for a pull_request event/);
    expect(previewPullRequest({ number: 3, closed: false, sha: 'abc' }).number).toBe(3);
  });

  it('names the revision for the pull request within 63 characters', () => {
    expect(previewSuffix('web', 42, 'a1b2c3d4')).toBe('pr42-a1b2c3d4');
    const long = 'a'.repeat(49);
    const suffix = previewSuffix(long, 123456, 'a1b2c3d4');
    expect(`${long}-${suffix}`.length).toBeLessThanOrEqual(63);
    expect(suffix).toMatch(/^pr123456-[0-9a-f]{3,}$/);
    expect(`${long}-${previewSuffix(long, 1)}`).toMatch(/^a{49}-pr1-[0-9a-f]+$/);
  });

  const traffic = [
    { type: 2, revision: 'web-1', percent: 100 },
    { type: 2, revision: 'web-pr7-a', percent: 0, tag: 'pr-7' },
    { type: 2, revision: 'web-pr8-b', percent: 0, tag: 'pr-8' },
    { type: 2, revision: 'web-beta', percent: 0, tag: 'beta' },
  ];

  it('finds the pull requests with preview tags, and removes only the ones asked', () => {
    expect(previewNumbers(traffic)).toEqual([7, 8]);
    expect(withoutPreviewTags(traffic, [7])).toEqual([traffic[0], traffic[2], traffic[3]]);
    expect(withoutPreviewTags(traffic, [9])).toBeUndefined();
  });

  it('keeps the percent of a preview someone promoted, dropping only its tag: no request moves', () => {
    const promoted = [
      { type: 2, revision: 'web-1', percent: 60 },
      { type: 2, revision: 'web-pr7-a', percent: 40, tag: 'pr-7' },
    ];
    expect(withoutPreviewTags(promoted, [7])).toEqual([
      { type: 2, revision: 'web-1', percent: 60 },
      { type: 2, revision: 'web-pr7-a', percent: 40 },
    ]);
  });

  it("asks GitHub about other pull requests' tags only, and keeps them when it cannot ask", async () => {
    const asked: number[][] = [];
    const pr = {
      number: 8,
      closed: false,
      sha: 'abc',
      closedAmong: async (numbers: readonly number[]) => {
        asked.push([...numbers]);
        return numbers.filter((n) => n === 7);
      },
    };
    expect(await closedPreviews(traffic, pr)).toEqual({ closed: [7] });
    expect(asked).toEqual([[7]]);
    expect(await closedPreviews(traffic, { number: 8, closed: false, sha: 'abc' })).toEqual({
      closed: [],
      warning: expect.stringContaining('without "github-token": their tags stay') as string,
    });
    const failing = {
      ...pr,
      closedAmong: () => Promise.reject(new Error('GitHub answered HTTP 403')),
    };
    expect((await closedPreviews(traffic, failing)).warning).toContain('pr-7 stay: GitHub answered HTTP 403');
  });
});

class Refused extends UserError {
  constructor(message: string, access?: 'denied') {
    super(message, 'Cloud Run', access ? { access } : undefined);
  }
}

/** Region runtimes that prepare and deploy as told, recording the order of events. */
function standInRegions(behaviour: Record<string, { prepare?: Error; deploy?: Error; delayMs?: number }>) {
  const events: string[] = [];
  const runtime: RegionRuntime = (inputs) => ({
    async prepare() {
      const region = inputs.region;
      events.push(`prepare ${region}`);
      const told = behaviour[region] ?? {};
      if (told.prepare) throw told.prepare;
      return {
        plan: [`would update web in ${region}`],
        warnings: ['shared warning'],
        close: async () => void events.push(`close ${region}`),
        deploy: async (log): Promise<DeployResult> => {
          events.push(`deploy ${region} start`);
          log('rolling out');
          await new Promise((resolve) => setTimeout(resolve, told.delayMs ?? 0));
          events.push(`deploy ${region} end`);
          if (told.deploy) throw told.deploy;
          return {
            outputs: { revision: `web-${region}` },
            detail: `web in ${region} serves web-${region}`,
            url: `https://web-${region}.run.app`,
          };
        },
      };
    },
  });
  return { events, runtime };
}

const target = {} as DeployTarget;
const inputsFor = (regions: string[]): CloudRunInputs => ({
  project: 'p',
  region: regions[0]!,
  regions,
  target: { kind: 'service', name: 'web', noTraffic: false, revisionTag: undefined, revisionSuffix: undefined },
  env: {},
  secrets: {},
  flags: {},
  waitTimeoutSeconds: 60,
});

describe('several regions', () => {
  it('prepares every region, plans each, and deploys them in parallel with REGION=VALUE outputs and a row each', async () => {
    const { events, runtime } = standInRegions({ 'us-east1': { delayMs: 30 } });
    const log: string[] = [];
    const prepared = await cloudRunRegions(inputsFor(['europe-west1', 'us-east1']), runtime).prepare(target, (l) =>
      log.push(l),
    );
    expect(prepared.plan).toEqual([
      '2 regions, deployed in parallel: europe-west1, us-east1',
      'europe-west1:',
      '  would update web in europe-west1',
      'us-east1:',
      '  would update web in us-east1',
    ]);
    expect(prepared.warnings).toEqual(['shared warning']);
    const result = await prepared.deploy((l) => log.push(l));
    // Both started before either ended.
    expect(events.indexOf('deploy us-east1 start')).toBeLessThan(events.indexOf('deploy europe-west1 end'));
    expect(log).toContain('[us-east1] rolling out');
    expect(result.outputs).toEqual({
      revision: 'web-europe-west1',
      revisions: 'europe-west1=web-europe-west1\nus-east1=web-us-east1',
      urls: 'europe-west1=https://web-europe-west1.run.app\nus-east1=https://web-us-east1.run.app',
    });
    expect(result.url).toBe('https://web-europe-west1.run.app');
    expect(result.rows).toEqual([
      { label: 'europe-west1', detail: 'web in europe-west1 serves web-europe-west1' },
      { label: 'us-east1', detail: 'web in us-east1 serves web-us-east1' },
    ]);
  });

  it('gives one region the per-region outputs too, and its own plan as it is', async () => {
    const { runtime } = standInRegions({});
    const prepared = await cloudRunRegions(inputsFor(['europe-west1']), runtime).prepare(target, () => {});
    expect(prepared.plan).toEqual(['would update web in europe-west1']);
    const result = await prepared.deploy(() => {});
    expect(result.outputs).toEqual({
      revision: 'web-europe-west1',
      revisions: 'europe-west1=web-europe-west1',
      urls: 'europe-west1=https://web-europe-west1.run.app',
    });
    expect(result.rows).toBeUndefined();
  });

  it('fails the prepare when any region cannot be deployed, naming each, and lets go of the others', async () => {
    const { events, runtime } = standInRegions({
      'us-east1': { prepare: new Refused('service web in us-east1 does not exist') },
      'asia-northeast1': { prepare: new Refused('may not read asia-northeast1') },
    });
    const failure = cloudRunRegions(inputsFor(['europe-west1', 'us-east1', 'asia-northeast1']), runtime).prepare(
      target,
      () => {},
    );
    await expect(failure).rejects.toThrow(
      '2 of 3 regions cannot be deployed; nothing was pushed or changed:\nus-east1: service web in us-east1 does not exist\nasia-northeast1: may not read asia-northeast1',
    );
    expect(events).toContain('close europe-west1');
    expect(events.filter((e) => e.startsWith('deploy'))).toEqual([]);
  });

  it('says an error every region shares once', async () => {
    const { runtime } = standInRegions({
      'europe-west1': { prepare: new Refused('Cloud Run cannot pull from ghcr.io') },
      'us-east1': { prepare: new Refused('Cloud Run cannot pull from ghcr.io') },
    });
    await expect(
      cloudRunRegions(inputsFor(['europe-west1', 'us-east1']), runtime).prepare(target, () => {}),
    ).rejects.toThrow(/^Cloud Run cannot pull from ghcr\.io$/);
  });

  it("keeps one region's error as it is (a plan goes on past a denied read), and marks several denied reads as one", async () => {
    const denied = new Refused('may not read', 'denied');
    const one = standInRegions({ 'us-east1': { prepare: denied } });
    await expect(
      cloudRunRegions(inputsFor(['europe-west1', 'us-east1']), one.runtime).prepare(target, () => {}),
    ).rejects.toBe(denied);
    const both = standInRegions({
      'europe-west1': { prepare: new Refused('may not read europe-west1', 'denied') },
      'us-east1': { prepare: new Refused('may not read us-east1', 'denied') },
    });
    await expect(
      cloudRunRegions(inputsFor(['europe-west1', 'us-east1']), both.runtime).prepare(target, () => {}),
    ).rejects.toMatchObject({ access: 'denied' });
  });

  it('waits for every region when one fails, and says which deployed and which failed', async () => {
    const { events, runtime } = standInRegions({
      'europe-west1': { deploy: new Refused('revision failed: exit 1. Traffic stays where it was') },
      'us-east1': { delayMs: 40 },
    });
    const prepared = await cloudRunRegions(inputsFor(['europe-west1', 'us-east1']), runtime).prepare(target, () => {});
    const failure = prepared.deploy(() => {});
    await expect(failure).rejects.toThrow(
      'Cloud Run deployed in us-east1 (kept: a failure elsewhere does not touch their traffic); failed in europe-west1:\n' +
        'europe-west1: failed: revision failed: exit 1. Traffic stays where it was\n' +
        'us-east1: deployed: web in us-east1 serves web-us-east1',
    );
    expect(events).toContain('deploy us-east1 end');
    // What did deploy stays reported: the per-region outputs of the regions that deployed, a row each.
    expect(partialResult(await failure.catch((error: unknown) => error))).toEqual({
      outputs: { revisions: 'us-east1=web-us-east1', urls: 'us-east1=https://web-us-east1.run.app' },
      detail: 'deployed in 1 of 2 regions',
      rows: [
        { label: 'europe-west1', detail: 'failed: revision failed: exit 1. Traffic stays where it was' },
        { label: 'us-east1', detail: 'web in us-east1 serves web-us-east1' },
      ],
    });
  });
});
