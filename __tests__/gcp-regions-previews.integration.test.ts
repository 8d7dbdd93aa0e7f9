/**
 * Cloud Run in depth, through the bundled action against the local Google API server and the local
 * GitHub API: one image to several regions in one step (prepared before the push, deployed in
 * parallel, a failure in one region leaving the others reported), and pull request previews on
 * GitHub's event payloads (opened, synchronize, closed merged, closed unmerged, a fork's).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type ActionRun, type EventSpec } from './helpers/action.js';
import { startGitHubApi, type GitHubApi } from './helpers/github-api.js';
import { ACCESS_TOKEN, startGoogleApi, type GoogleApi } from '../scripts/google-api.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { ROOT, rawManifest, skopeo, standIns, startRegistry, type Registry } from './helpers/services.js';

const AR_HOST = 'us-central1-docker.pkg.dev';
const PROJECT = 'demo-project';
const REPOSITORY = `projects/${PROJECT}/locations/us-central1/repositories/apps`;
const DESTINATION = `${AR_HOST}/${PROJECT}/apps/web`;
const services = (region: string) => `projects/${PROJECT}/locations/${region}/services`;
const MERGE_SHA = 'e5bd3914e2e596debea16f433f57875b5b90bcd6';

let google: GoogleApi;
let github: GitHubApi;
let arData: Registry;
let source: Registry;
let work: string;
let layout: Layout;
let sourceRef: string;
let adc: Record<string, string>;

/** An event as the runner presents it: the payload file, with GITHUB_REF and GITHUB_SHA to match. */
function event(fixture: string): EventSpec {
  const payload = JSON.parse(readFileSync(join(ROOT, '__tests__/fixtures/events', `${fixture}.json`), 'utf8')) as {
    ref?: string;
    after?: string;
    number?: number;
  };
  if (fixture.startsWith('push')) return { name: 'push', ref: payload.ref!, sha: payload.after!, payload };
  return { name: 'pull_request', ref: `refs/pull/${payload.number}/merge`, sha: MERGE_SHA, payload };
}

const cloudRun = (inputs: Record<string, string>, fixture = 'push-main'): Promise<ActionRun> =>
  runAction(
    {
      image: sourceRef,
      destination: DESTINATION,
      runtime: 'cloud-run',
      'cloud-run-service': 'web',
      'github-token': 'ghs_test',
      ...standIns({ [AR_HOST]: arData.addr }),
      ...inputs,
    },
    { event: event(fixture), env: { ...adc, GITHUB_API_URL: github.url } },
  );

/** A service serving its first revision, with extra traffic entries (e.g. earlier previews' tags). */
function seedService(region: string, extraTraffic: Record<string, unknown>[] = []): void {
  const name = `${services(region)}/web`;
  const revisions = [
    `${name}/revisions/web-00001-old`,
    ...extraTraffic.map((t) => `${name}/revisions/${String(t.revision)}`),
  ];
  for (const revision of revisions)
    google.revisions.set(revision, { name: revision, conditions: [{ type: 'Ready', state: 4 }] });
  const traffic = [
    { type: extraTraffic.length ? 2 : 1, ...(extraTraffic.length && { revision: 'web-00001-old' }), percent: 100 },
    ...extraTraffic,
  ];
  google.services.set(name, {
    name,
    etag: '"etag-0"',
    generation: '1',
    template: {
      containers: [
        {
          image: `${DESTINATION}@sha256:${'0'.repeat(64)}`,
          resources: { limits: { cpu: '1000m', memory: '512Mi' }, cpuIdle: true, startupCpuBoost: true },
          ports: [{ name: 'http1', containerPort: 8080 }],
        },
      ],
      scaling: { maxInstanceCount: 100 },
      timeout: '300s',
      maxInstanceRequestConcurrency: 80,
      serviceAccount: '123456789-compute@developer.gserviceaccount.com',
    },
    ingress: 1,
    launchStage: 4,
    uri: 'https://web-4ppk6fjnxq-uc.a.run.app',
    latestReadyRevision: `${name}/revisions/web-00001-old`,
    latestCreatedRevision: `${name}/revisions/web-00001-old`,
    traffic,
    trafficStatuses: traffic.map((t) => ({
      ...t,
      revision: t.revision ?? 'web-00001-old',
      ...(t.tag ? { uri: `https://${String(t.tag)}---web-4ppk6fjnxq-uc.a.run.app` } : {}),
    })),
    observedGeneration: '1',
    reconciling: false,
    terminalCondition: { type: 'Ready', state: 4 },
  });
}

const service = (region: string) => google.services.get(`${services(region)}/web`)!;
const tagsOf = (region: string) =>
  ((service(region).trafficStatuses as { tag?: string }[] | undefined) ?? []).flatMap((t) => (t.tag ? [t.tag] : []));
const mutatedPaths = () => google.mutations().map((r) => `${r.method} ${r.path}`);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-gcp-fanout-'));
  google = await startGoogleApi();
  [arData, source, github] = await Promise.all([
    startRegistry({ htpasswd: `oauth2accesstoken:${ACCESS_TOKEN}` }),
    startRegistry(),
    startGitHubApi(),
  ]);
  adc = await google.adcEnvironment(work, PROJECT);
  layout = await singlePlatformLayout(join(work, 'layout'), '4.0.0', [25_000]);
  sourceRef = `${source.addr}/app:4.0.0`;
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:4.0.0`, `docker://${sourceRef}`);
});

afterAll(async () => {
  await Promise.all([google?.close(), arData?.stop(), source?.stop(), github?.close()]);
  await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  google.requests.length = 0;
  google.services.clear();
  google.revisions.clear();
  google.denied.clear();
  google.failRevisions.clear();
  google.failNextRevision = undefined;
  google.pollsUntilDone = 2;
  google.repositories.clear();
  google.repositories.set(REPOSITORY, { name: REPOSITORY, format: 1, mode: 1 });
  github.requests.length = 0;
  github.comments.clear();
  github.pullStates.clear();
});

describe('several regions in one step', () => {
  const REGIONS = 'europe-west1\nus-east1, asia-northeast1';

  it('pushes once and deploys every region in parallel: outputs per region, the first in url and revision, a summary row each', async () => {
    for (const region of ['europe-west1', 'us-east1', 'asia-northeast1']) seedService(region);
    const before = (await arData.accessLog()).length;
    const run = await cloudRun({ 'gcp-region': REGIONS, tags: 'regions-1' });
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    // Pushed once: every write of this run is to a path of its own, and the tag is written once.
    const writes = (await arData.accessLog())
      .slice(before)
      .split('\n')
      .flatMap((line) => /"PUT (\S+)/.exec(line)?.slice(1) ?? []);
    expect(writes.filter((path) => path.includes('/manifests/regions-1'))).toHaveLength(1);
    expect(new Set(writes).size).toBe(writes.length);
    const updates = google.mutations().map((r) => r.path);
    expect(updates.sort()).toEqual(
      ['asia-northeast1', 'europe-west1', 'us-east1'].map((region) => `/v2/${services(region)}/web`),
    );
    const revisions: Record<string, string> = {};
    for (const region of ['europe-west1', 'us-east1', 'asia-northeast1']) {
      const deployed = service(region);
      const container = (deployed.template as { containers: { image: string }[] }).containers[0]!;
      expect(container.image).toBe(`${DESTINATION}@${layout.root.digest}`);
      revisions[region] = String(deployed.latestReadyRevision).split('/').pop()!;
      expect(revisions[region]).not.toBe('web-00001-old');
    }
    expect(run.outputs.revisions).toBe(
      `europe-west1=${revisions['europe-west1']}\nus-east1=${revisions['us-east1']}\nasia-northeast1=${revisions['asia-northeast1']}`,
    );
    expect(run.outputs.revision).toBe(revisions['europe-west1']);
    expect(run.outputs.urls!.split('\n').map((l) => l.split('=')[0])).toEqual([
      'europe-west1',
      'us-east1',
      'asia-northeast1',
    ]);
    expect(run.outputs.url).toBe(run.outputs.urls!.split('\n')[0]!.split('=')[1]);
    expect(run.summary).toContain('cloud-run europe-west1,us-east1,asia-northeast1/web');
    for (const region of ['europe-west1', 'us-east1', 'asia-northeast1']) {
      expect(run.summary).toMatch(
        new RegExp(
          `\\| ${region} \\| Cloud Run service web updated: revision ${revisions[region]} serves 100% of traffic`,
        ),
      );
    }
    // The log tells each region's lines apart.
    expect(run.stdout).toMatch(/\[us-east1\] updating Cloud Run service web/);
  });

  it('plans each region', async () => {
    seedService('europe-west1');
    const run = await cloudRun({ 'gcp-region': 'europe-west1,us-east1', 'dry-run': 'true' });
    expect(run.code).toBe(0);
    const plan = run.stdout.slice(run.stdout.indexOf('::group::Plan'));
    expect(plan).toContain('2 regions, deployed in parallel: europe-west1, us-east1');
    expect(plan).toMatch(
      /europe-west1:\n {2}would update Cloud Run service web \(project demo-project, region europe-west1\)/,
    );
    expect(plan).toMatch(/us-east1:\n {2}would create Cloud Run service web \(project demo-project, region us-east1\)/);
    expect(google.mutations()).toEqual([]);
  });

  it('prepares every region before anything is pushed: one that cannot be deployed stops the step with nothing changed anywhere', async () => {
    seedService('europe-west1');
    const before = await arData.accessLog();
    // no-traffic needs an existing service: us-east1 has none.
    const run = await cloudRun({ 'gcp-region': 'europe-west1\nus-east1', 'no-traffic': 'true', tags: 'regions-2' });
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Cloud Run');
    expect(run.errorText).toContain('Cloud Run service web (project demo-project, region us-east1) does not exist yet');
    expect(google.mutations()).toEqual([]);
    expect(await arData.accessLog()).toBe(before);
    await expect(
      rawManifest(`${arData.addr}/${PROJECT}/apps/web:regions-2`, `oauth2accesstoken:${ACCESS_TOKEN}`),
    ).rejects.toThrow();
  });

  it("fails the step when one region fails, saying which deployed; their traffic and the failed region's stay as they are", async () => {
    for (const region of ['europe-west1', 'us-east1']) seedService(region);
    google.failRevisions.set(`projects/${PROJECT}/locations/us-east1`, {
      message: 'The user-provided container failed to start and listen on the port.',
    });
    const run = await cloudRun({ 'gcp-region': 'europe-west1\nus-east1', tags: 'regions-3' });
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Cloud Run');
    const deployed = String(service('europe-west1').latestReadyRevision).split('/').pop()!;
    expect(deployed).not.toBe('web-00001-old');
    expect(run.errorText).toContain('Cloud Run deployed in europe-west1');
    expect(run.errorText).toContain('failed in us-east1');
    expect(run.errorText).toContain(
      `europe-west1: deployed: Cloud Run service web updated: revision ${deployed} serves 100% of traffic`,
    );
    expect(run.errorText).toMatch(
      /us-east1: failed: .*failed to start and listen on the port.*Traffic stays where it was \(100% to web-00001-old\)/,
    );
    // The region that deployed keeps its new revision serving; the failed one still serves its old one.
    expect(service('europe-west1').trafficStatuses).toEqual([
      expect.objectContaining({ revision: deployed, percent: 100 }),
    ]);
    expect(String(service('us-east1').latestReadyRevision)).toMatch(/web-00001-old$/);
    expect(run.outputs.deployed).toBe('false');
    expect(run.summary).toContain('| Error | Cloud Run deployed in europe-west1');
    // The region that deployed is still reported: its outputs, and a summary row per region.
    expect(run.outputs.revisions).toBe(`europe-west1=${deployed}`);
    expect(run.outputs.revision).toBeUndefined();
    expect(run.summary).toContain(
      `| europe-west1 | Cloud Run service web updated: revision ${deployed} serves 100% of traffic`,
    );
    expect(run.summary).toMatch(
      /\| us-east1 \| failed: Cloud Run service web \(project demo-project, region us-east1\): the new revision/,
    );
  });

  it('updates and executes a job in each region, with an execution per region', async () => {
    for (const region of ['europe-west1', 'us-east1']) {
      const name = `projects/${PROJECT}/locations/${region}/jobs/migrate`;
      google.jobs.set(name, {
        name,
        etag: '"etag-0"',
        template: { taskCount: 1, template: { containers: [{ image: 'old', args: ['migrate'] }] } },
      });
    }
    const run = await cloudRun({
      'cloud-run-service': '',
      'cloud-run-job': 'migrate',
      'execute-job': 'true',
      'gcp-region': 'europe-west1, us-east1',
      tags: 'regions-job',
    });
    expect(run.errorText).toBe('');
    for (const region of ['europe-west1', 'us-east1']) {
      const job = google.jobs.get(`projects/${PROJECT}/locations/${region}/jobs/migrate`)!;
      expect(job).toMatchObject({
        template: { template: { containers: [{ image: `${DESTINATION}@${layout.root.digest}`, args: ['migrate'] }] } },
      });
    }
    expect(run.outputs.execution).toBe('migrate-00001');
    expect(run.outputs.executions).toBe('europe-west1=migrate-00001\nus-east1=migrate-00001');
    expect(run.summary).toMatch(
      /\| us-east1 \| Cloud Run job migrate \(project demo-project, region us-east1\): execution migrate-00001 finished/,
    );
  });

  it('refuses a malformed region in the list, naming it', async () => {
    const run = await cloudRun({ 'gcp-region': 'europe-west1\nUS East' });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain('Input "gcp-region": "US East" is not a region name');
    expect(google.requests).toEqual([]);
  });
});

describe('pull request previews', () => {
  const preview = (fixture: string, inputs: Record<string, string> = {}) =>
    cloudRun({ 'gcp-region': 'europe-west1', preview: 'true', tags: `pr-${fixture}`, ...inputs }, fixture);

  it("opened: deploys a revision without traffic tagged pr-42, with its URL in the pull request comment, and takes down closed pull requests' previews", async () => {
    seedService('europe-west1', [
      { type: 2, revision: 'web-pr7-aaaa', percent: 0, tag: 'pr-7' },
      { type: 2, revision: 'web-pr8-bbbb', percent: 0, tag: 'pr-8' },
    ]);
    github.pullStates.set(7, 'closed');
    github.pullStates.set(8, 'open');
    const run = await preview('pull-request-opened');
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.url).toBe('https://pr-42---web-4ppk6fjnxq-uc.a.run.app');
    expect(run.outputs.revision).toMatch(/^web-pr42-[0-9a-f]+$/);
    const traffic = service('europe-west1').traffic as Record<string, unknown>[];
    expect(traffic).toEqual([
      expect.objectContaining({ type: 2, revision: 'web-00001-old', percent: 100 }),
      expect.objectContaining({ type: 2, revision: 'web-pr8-bbbb', percent: 0, tag: 'pr-8' }),
      expect.objectContaining({ type: 2, revision: run.outputs.revision, percent: 0, tag: 'pr-42' }),
    ]);
    expect(tagsOf('europe-west1').sort()).toEqual(['pr-42', 'pr-8']);
    // One update: the new revision, its tag, and the closed pull request's tag gone.
    expect(mutatedPaths()).toEqual([`PATCH /v2/${services('europe-west1')}/web`]);
    expect(run.stdout).toContain('traffic tags pr-7 belong to closed pull requests; the deploy removes them');
    // GitHub was asked about the other pull requests' tags only.
    expect(
      github.requests
        .filter((r) => r.path.includes('/pulls/'))
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/repos/octo/app/pulls/7', '/repos/octo/app/pulls/8']);
    const comments = github.comments.get(42)!;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('| URL | https://pr-42---web-4ppk6fjnxq-uc.a.run.app |');
    expect(comments[0]!.body).toContain('<!-- portable-deploy plan:');
  });

  it('synchronize: moves pr-42 to the new revision, keeps production traffic, and updates the same comment', async () => {
    seedService('europe-west1');
    const opened = await preview('pull-request-opened');
    expect(opened.errorText).toBe('');
    const first = opened.outputs.revision;
    const pushed = await preview('pull-request-synchronize', { 'cloud-run-env': 'PUSH=2' });
    expect(pushed.errorText).toBe('');
    expect(pushed.outputs.revision).not.toBe(first);
    const traffic = service('europe-west1').trafficStatuses as Record<string, unknown>[];
    expect(traffic).toEqual([
      expect.objectContaining({ revision: 'web-00001-old', percent: 100 }),
      expect.objectContaining({ revision: pushed.outputs.revision, percent: 0, tag: 'pr-42' }),
    ]);
    expect(github.comments.get(42)).toHaveLength(1);
    expect(github.comments.get(42)![0]!.body).toContain(pushed.outputs.revision);
  });

  for (const fixture of ['pull-request-closed-merged', 'pull-request-closed-unmerged']) {
    it(`${fixture.replace('pull-request-', '')}: removes the pr-42 tag, pushing and deploying nothing`, async () => {
      seedService('europe-west1', [
        { type: 2, revision: 'web-pr42-cccc', percent: 0, tag: 'pr-42' },
        { type: 2, revision: 'web-pr9-dddd', percent: 0, tag: 'pr-9' },
        { type: 2, revision: 'web-pr11-eeee', percent: 0, tag: 'pr-11' },
      ]);
      github.pullStates.set(9, 'closed');
      github.pullStates.set(11, 'open');
      const before = await arData.accessLog();
      const deployments = github.deployments.length;
      const run = await preview(fixture, { environment: 'preview' });
      expect(run.errorText).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('nothing to push: pull request #42 is closed');
      expect(run.outputs.image).toBe('');
      expect(await arData.accessLog()).toBe(before);
      // Taking a preview down deploys no image: no GitHub deployment is recorded for it.
      expect(github.deployments.length).toBe(deployments);
      expect(mutatedPaths()).toEqual([`PATCH /v2/${services('europe-west1')}/web`]);
      expect(google.mutations()[0]!.query.updateMask).toBe('traffic');
      expect(tagsOf('europe-west1')).toEqual(['pr-11']);
      // No new revision: production traffic and the revision stay; only the tags went.
      expect(String(service('europe-west1').latestReadyRevision)).toMatch(/web-00001-old$/);
      expect(service('europe-west1').trafficStatuses).toEqual([
        expect.objectContaining({ revision: 'web-00001-old', percent: 100 }),
        expect.objectContaining({ revision: 'web-pr11-eeee', percent: 0, tag: 'pr-11' }),
      ]);
      expect(run.stdout).toContain('preview tags pr-9, pr-42 removed');
      expect(github.comments.get(42)![0]!.body).toContain('preview tags pr-9, pr-42 removed');
    });
  }

  it("a fork's pull request never deploys a preview: it plans, changing nothing", async () => {
    seedService('europe-west1');
    const run = await preview('pull-request-fork');
    expect(run.code).toBe(0);
    expect(run.outputs.deployed).toBe('false');
    expect(run.outputs['skipped-reason']).toContain('a pull request from a fork never deploys');
    expect(google.mutations()).toEqual([]);
    expect(tagsOf('europe-west1')).toEqual([]);
  });

  it('plans the takedown of a closed pull request without pushing or changing anything', async () => {
    seedService('europe-west1', [{ type: 2, revision: 'web-pr42-cccc', percent: 0, tag: 'pr-42' }]);
    const run = await preview('pull-request-closed-unmerged', { 'dry-run': 'true' });
    expect(run.code).toBe(0);
    const plan = run.stdout.slice(run.stdout.indexOf('::group::Plan'));
    expect(plan).toContain('would push nothing: pull request #42 is closed: its preview is taken down');
    expect(plan).toContain(
      'would remove traffic tags pr-42 from Cloud Run service web (project demo-project, region europe-west1) (revisions web-pr42-cccc)',
    );
    expect(google.mutations()).toEqual([]);
    expect(tagsOf('europe-west1')).toEqual(['pr-42']);
  });

  it('a preview needs the service to exist: its first revision would take all traffic', async () => {
    const run = await preview('pull-request-opened');
    expect(run.code).toBe(1);
    expect(run.errorText).toContain('does not exist yet, and a preview needs one');
    expect(google.mutations()).toEqual([]);
    expect(run.outputs.image).toBe('');
  });

  it('a preview outside a pull request is an error before anything is pushed', async () => {
    seedService('europe-west1');
    const run = await cloudRun({ 'gcp-region': 'europe-west1', preview: 'true' });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain('this run is not for a pull_request event');
    expect(google.mutations()).toEqual([]);
  });

  it('takes a preview down in every region', async () => {
    for (const region of ['europe-west1', 'us-east1'])
      seedService(region, [{ type: 2, revision: 'web-pr42-cccc', percent: 0, tag: 'pr-42' }]);
    const run = await preview('pull-request-closed-merged', { 'gcp-region': 'europe-west1\nus-east1' });
    expect(run.errorText).toBe('');
    expect(tagsOf('europe-west1')).toEqual([]);
    expect(tagsOf('us-east1')).toEqual([]);
    expect(run.outputs.image).toBe('');
  });
});
