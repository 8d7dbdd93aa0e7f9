/**
 * The Cloud Run runtime's traffic splits, common settings and diagnostics, run as the action runs
 * it (inputs read, prepare, deploy) through the official client (@google-cloud/run, REST transport)
 * against the local Google API server, which models traffic, tags, a revision failing in one service
 * or region, and Cloud Logging's entries:list.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, startGoogleApi, type GoogleApi } from '../scripts/google-api.js';
import { InputContext } from '../src/input-reader.js';
import { InputError } from '../src/inputs.js';
import { readCloudRunInputs } from '../src/runtimes/cloud-run/inputs.js';
import { cloudRunRuntime } from '../src/runtimes/cloud-run/runtime.js';
import { SplitInputError } from '../src/runtimes/cloud-run/split.js';
import { detectRegistry } from '../src/registries/index.js';
import { parseRepository } from '../src/oci/reference.js';
import type { DeployTarget } from '../src/runtimes/runtime.js';

const PROJECT = 'demo-project';
const REGION = 'europe-west1';
const SERVICES = `projects/${PROJECT}/locations/${REGION}/services`;
const JOBS = `projects/${PROJECT}/locations/${REGION}/jobs`;
const REPOSITORY = `us-central1-docker.pkg.dev/${PROJECT}/apps/web`;
const IMAGE = `${REPOSITORY}@sha256:${'1'.repeat(64)}`;
const OLD_IMAGE = `${REPOSITORY}@sha256:${'0'.repeat(64)}`;
const SHA = '0123456789abcdef0123456789abcdef01234567';

let google: GoogleApi;
let work: string;
const saved = { ...process.env };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-cr-depth-'));
  google = await startGoogleApi();
  Object.assign(process.env, await google.adcEnvironment(work, PROJECT), { GITHUB_SHA: SHA });
});
afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) Reflect.deleteProperty(process.env, key);
  Object.assign(process.env, saved);
  await google?.close();
  await rm(work, { recursive: true, force: true });
});
beforeEach(() => {
  google.requests.length = 0;
  google.services.clear();
  google.revisions.clear();
  google.jobs.clear();
  google.denied.clear();
  google.failRevisions.clear();
  google.logEntries.length = 0;
  google.failNextRevision = undefined;
  google.pollsUntilDone = 1;
});

function target(image = IMAGE): DeployTarget {
  const ref = parseRepository(REPOSITORY);
  return {
    image,
    registry: ref.registry,
    family: detectRegistry(ref),
    planning: false,
    pullCredentials: () => Promise.resolve(undefined),
    platforms: () => Promise.resolve(['linux/amd64']),
  };
}

/** Reads the inputs as the action does, then prepares (the plan) and, unless planning, deploys. */
async function run(values: Record<string, string>, options: { image?: string; plan?: boolean } = {}) {
  const ctx = new InputContext((name) => ({ 'gcp-project': PROJECT, 'gcp-region': REGION, ...values })[name] ?? '');
  const inputs = readCloudRunInputs(ctx, process.env);
  if (!inputs) throw new InputError(ctx.problems);
  const log: string[] = [];
  const prepared = await cloudRunRuntime(inputs).prepare(target(options.image), (line) => log.push(line));
  if (options.plan) return { plan: prepared.plan, warnings: prepared.warnings, log, result: undefined };
  const result = await prepared.deploy((line) => log.push(line));
  return { plan: prepared.plan, warnings: prepared.warnings, log, result };
}
const service = (values: Record<string, string> = {}, options = {}) =>
  run({ 'cloud-run-service': 'web', ...values }, options);
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

/** A service serving revision web-00001-old (100%, following LATEST), and a tagged preview web-00002-pr. */
function seed(options: { image?: string; region?: string } = {}): string {
  const services = `projects/${PROJECT}/locations/${options.region ?? REGION}/services`;
  const name = `${services}/web`;
  const image = options.image ?? OLD_IMAGE;
  google.services.set(name, {
    name,
    etag: '"etag-0"',
    generation: '2',
    labels: { 'managed-by': 'github-actions', 'commit-sha': SHA },
    template: {
      containers: [
        { image, resources: { limits: { cpu: '1000m', memory: '512Mi' } }, ports: [{ containerPort: 8080 }] },
      ],
    },
    latestReadyRevision: `${name}/revisions/web-00002-pr`,
    latestCreatedRevision: `${name}/revisions/web-00002-pr`,
    traffic: [
      { type: 2, revision: 'web-00001-old', percent: 100 },
      { type: 2, revision: 'web-00002-pr', percent: 0, tag: 'pr-5' },
    ],
    trafficStatuses: [
      { type: 2, revision: 'web-00001-old', percent: 100 },
      { type: 2, revision: 'web-00002-pr', percent: 0, tag: 'pr-5', uri: 'https://pr-5---web-4ppk6fjnxq-uc.a.run.app' },
    ],
    observedGeneration: '2',
    reconciling: false,
    terminalCondition: { type: 'Ready', state: 4 },
  });
  for (const revision of ['web-00001-old', 'web-00002-pr'])
    google.revisions.set(`${name}/revisions/${revision}`, {
      name: `${name}/revisions/${revision}`,
      conditions: [{ type: 'Ready', state: 4 }],
    });
  return name;
}

const patches = () => google.requests.filter((r) => r.method === 'PATCH');

describe('traffic pinned by a preview', () => {
  it('a plain deploy says its new revision will serve nothing; LATEST=100 moves all traffic to it, the preview tag kept', async () => {
    seed();
    const plain = await service({}, { plan: true });
    expect(plain.warnings).toEqual([
      expect.stringMatching(
        /^Cloud Run service web .*: its traffic is pinned to named revisions \(.*web-00001-old.*\), so the new revision will serve none of it; add cloud-run-traffic: LATEST=100 to this step/,
      ),
    ]);
    const moved = await service({ 'cloud-run-traffic': 'LATEST=100' });
    expect(moved.warnings).toEqual([]);
    const stored = google.services.get(`${SERVICES}/web`)!;
    const latest = String(stored.latestReadyRevision).split('/').pop();
    expect(moved.result?.detail).toContain(`revision ${latest} serves 100% of traffic`);
    expect(JSON.stringify(stored.traffic)).toContain('"tag":"pr-5"');
  });
});

describe('cloud-run-traffic', () => {
  it('deploys the new revision without traffic, then sets exactly the split once it is ready', async () => {
    const name = seed();
    const { plan, result } = await service({ 'cloud-run-traffic': 'LATEST=10\nweb-00001-old=90' });
    expect(plan).toContain('  traffic before: 100% web-00001-old, tag pr-5 → web-00002-pr');
    expect(plan).toContain(
      '  traffic after the new revision is ready: 10% LATEST (the new revision), 90% web-00001-old, tag pr-5 → web-00002-pr',
    );
    const [deploy, split] = patches();
    // The rollout keeps the traffic as it was: the new revision gets none until it is ready.
    // (The client sends enums as numbers: 1 LATEST, 2 REVISION.)
    const sent = (deploy?.body?.traffic as { tag?: string }[]).map((t) => ({ ...t, tag: t.tag || undefined }));
    expect(sent).toEqual([
      { type: 2, revision: 'web-00001-old', percent: 100 },
      { type: 2, revision: 'web-00002-pr', percent: 0, tag: 'pr-5' },
    ]);
    expect(split?.query.updateMask).toBe('traffic');
    expect(split?.body).toMatchObject({ etag: expect.stringMatching(/^"etag-/) });
    const stored = google.services.get(name)!;
    const created = String(stored.latestReadyRevision).split('/').pop();
    expect(created).toMatch(/^web-00003-/);
    expect(stored.trafficStatuses).toEqual([
      { type: 1, revision: created, percent: 10 },
      { type: 2, revision: 'web-00001-old', percent: 90 },
      {
        type: 2,
        revision: 'web-00002-pr',
        percent: 0,
        tag: 'pr-5',
        uri: 'https://pr-5---web-4ppk6fjnxq-uc.a.run.app',
      },
    ]);
    expect(result?.outputs.revision).toBe(created);
    expect(result?.detail).toContain(`updated, traffic set: revision ${created} serves 10% of traffic`);
  });

  it('promote: moves all traffic to the revision a tag points to, in one traffic update', async () => {
    const name = seed({ image: IMAGE });
    const { plan, result } = await service({ promote: 'pr-5' });
    expect(plan).toEqual([
      `Cloud Run service web (project ${PROJECT}, region ${REGION}) already runs ${IMAGE} as asked: nothing to change`,
      '  traffic before: 100% web-00001-old, tag pr-5 → web-00002-pr',
      '  traffic after: 100% web-00002-pr, tag pr-5 → web-00002-pr',
    ]);
    expect(patches().map((p) => p.query.updateMask)).toEqual(['traffic']);
    expect(google.services.get(name)!.traffic).toEqual([
      { type: 2, revision: 'web-00002-pr', percent: 100, tag: 'pr-5' },
    ]);
    expect(result?.detail).toContain('already running, traffic set: revision web-00002-pr serves 100% of traffic');
    expect(result?.detail).toMatch(/; traffic: 100% web-00002-pr, tag pr-5 → web-00002-pr$/);
    // Again: nothing to do, nothing sent.
    google.requests.length = 0;
    await service({ promote: 'pr-5' });
    expect(google.mutations()).toEqual([]);
  });

  it('refuses an unknown revision or tag, or a revision that is not ready, in prepare', async () => {
    const name = seed();
    google.revisions.set(`${name}/revisions/web-00000-bad`, {
      name: `${name}/revisions/web-00000-bad`,
      conditions: [{ type: 'Ready', state: 3, message: 'Image not found.' }],
    });
    const error = await failure(
      service({ 'cloud-run-traffic': 'web-00099-gone=50\nTAG=pr-9:25\nweb-00000-bad=25' }, { plan: true }),
    );
    expect(error).toBeInstanceOf(SplitInputError);
    expect((error as SplitInputError).title).toBe('Invalid input cloud-run-traffic');
    expect(error.message).toBe(
      [
        '3 problems with input "cloud-run-traffic":',
        `- revision web-00099-gone does not exist in Cloud Run service web (project ${PROJECT}, region ${REGION}); revisions with traffic or a tag: web-00001-old, web-00002-pr`,
        `- tag pr-9 does not exist on Cloud Run service web (project ${PROJECT}, region ${REGION}); its tags: pr-5`,
        '- revision web-00000-bad is not ready (Ready: Image not found.): it cannot take traffic',
      ].join('\n'),
    );
    expect((await failure(service({ promote: 'pr-6' }))).message).toContain('Input "promote": tag pr-6 does not exist');
    expect(google.mutations()).toEqual([]);
  });

  it('sets no traffic when the new revision fails, and says why with its last log lines', async () => {
    const name = seed();
    google.failRevisions.set(name, {
      message:
        'The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout.',
      logs: ['Starting server', 'Error: connect ECONNREFUSED 10.0.0.5:5432', '    at TCPConnectWrap.afterConnect'],
    });
    const error = await failure(service({ 'cloud-run-traffic': 'LATEST=100' }));
    expect(patches()).toHaveLength(1);
    expect(google.services.get(name)!.traffic).toEqual([
      { type: 2, revision: 'web-00001-old', percent: 100 },
      { type: 2, revision: 'web-00002-pr', percent: 0, tag: 'pr-5' },
    ]);
    const revision = String(google.services.get(name)!.latestCreatedRevision).split('/').pop()!;
    expect(error.message).toContain(
      `the new revision ${revision} failed: Ready (HEALTH_CHECK_CONTAINER_ERROR): The user-provided container failed to start and listen on the port`,
    );
    expect(error.message).toContain('Traffic stays where it was (100% to web-00001-old)');
    expect(error.message).toMatch(
      /Its last 4 log lines:\n {2}\S+Z Starting server\n {2}\S+Z Error: connect ECONNREFUSED/,
    );
    expect(error.message).toContain('ERROR Default STARTUP TCP probe failed 1 time consecutively');
    expect(error.message).toContain(`All its logs: https://console.cloud.google.com/logs/viewer?project=${PROJECT}`);
    const list = google.requests.find((r) => r.path === '/v2/entries:list');
    expect(list?.body).toMatchObject({
      resourceNames: [`projects/${PROJECT}`],
      orderBy: 'timestamp desc',
      pageSize: 20,
      filter: expect.stringContaining(`resource.labels.revision_name="${revision}"`),
    });
  });

  it('says the new revision is ready and where traffic stayed when the split itself is refused', async () => {
    const name = seed();
    // The second read of the service is the one before the split: the update after it is refused.
    google.beforeOnce.set('run.services.get', () =>
      google.beforeOnce.set('run.services.get', () =>
        google.failOnce.set('run.services.update', {
          status: 403,
          statusName: 'PERMISSION_DENIED',
          message: "Permission 'run.services.update' denied",
        }),
      ),
    );
    const error = await failure(service({ 'cloud-run-traffic': 'LATEST=50\nweb-00001-old=50' }));
    const created = String(google.services.get(name)!.latestReadyRevision).split('/').pop();
    expect(error.message).toContain(
      `Cloud Run service web (project ${PROJECT}, region ${REGION}): revision ${created} is ready, but setting the traffic split (LATEST=50, web-00001-old=50) failed:`,
    );
    expect(error.message).toContain('Traffic stays as it was: 100% web-00001-old, tag pr-5 → web-00002-pr');
    expect(google.services.get(name)!.traffic).toEqual([
      { type: 2, revision: 'web-00001-old', percent: 100 },
      { type: 2, revision: 'web-00002-pr', percent: 0, tag: 'pr-5' },
    ]);
  });

  it('links the logs when Cloud Logging may not be read, naming the role', async () => {
    seed();
    google.failRevisions.set(`projects/${PROJECT}/locations/${REGION}`, { message: 'Image not found.', kind: 'image' });
    google.denied.add('logging.logEntries.list');
    const error = await failure(service({}));
    expect(error.message).toContain('failed: Ready (CONTAINER_MISSING): Image not found.');
    expect(error.message).toMatch(
      /Its logs: https:\/\/console\.cloud\.google\.com\/logs\/viewer\?\S+ \(reading them from Cloud Logging was denied \(grant roles\/logging\.viewer to read them here\)\)/,
    );
  });

  it('fails a revision in one region only, as the failure is scoped', async () => {
    seed({ region: 'us-east1' });
    google.failRevisions.set(`projects/${PROJECT}/locations/us-east1`, { message: 'boom' });
    expect((await failure(run({ 'cloud-run-service': 'web', 'gcp-region': 'us-east1' }))).message).toContain('boom');
    seed();
    expect((await service({})).result?.outputs.revision).toMatch(/^web-00003-/);
  });
});

describe('every common setting, through the official client', () => {
  const FLAGS = [
    'timeout=15m',
    'command=/app/server',
    'args=--port,8080',
    'vpc-connector=conn',
    'vpc-egress=all-traffic',
    'cloudsql-instances=demo-project:europe-west1:db',
    'execution-environment=gen2',
    'cpu-boost=false',
    'session-affinity=true',
    'ingress=internal',
    'labels=team=payments',
  ].join('\n');

  it('creates a service with each, and a re-run finds nothing to change', async () => {
    await service({
      'cloud-run-flags': FLAGS,
      'cloud-run-secrets': 'API_KEY=api-key:3\n/etc/secrets/tls.key=tls:latest',
    });
    const stored = google.services.get(`${SERVICES}/web`)!;
    expect(stored).toMatchObject({
      ingress: 2, // INGRESS_TRAFFIC_INTERNAL_ONLY
      labels: { 'managed-by': 'github-actions', 'commit-sha': SHA, team: 'payments' },
      template: {
        timeout: '900s',
        executionEnvironment: 2, // EXECUTION_ENVIRONMENT_GEN2
        sessionAffinity: true,
        vpcAccess: { connector: `projects/${PROJECT}/locations/${REGION}/connectors/conn`, egress: 1 }, // ALL_TRAFFIC
        volumes: [
          { name: 'secret-etc-secrets', secret: { secret: 'tls', items: [{ path: 'tls.key', version: 'latest' }] } },
          { name: 'cloudsql', cloudSqlInstance: { instances: ['demo-project:europe-west1:db'] } },
        ],
        containers: [
          {
            image: IMAGE,
            command: ['/app/server'],
            args: ['--port', '8080'],
            volumeMounts: [
              { name: 'secret-etc-secrets', mountPath: '/etc/secrets' },
              { name: 'cloudsql', mountPath: '/cloudsql' },
            ],
          },
        ],
      },
    });
    // cpu-boost=false: a proto3 bool left out on the wire.
    expect((stored.template as { containers: { resources: object }[] }).containers[0]!.resources).not.toHaveProperty(
      'startupCpuBoost',
    );
    google.requests.length = 0;
    const again = await service({
      'cloud-run-flags': FLAGS,
      'cloud-run-secrets': 'API_KEY=api-key:3\n/etc/secrets/tls.key=tls:latest',
    });
    expect(again.plan[0]).toContain('nothing to change');
    expect(google.mutations()).toEqual([]);
  });

  it('overwrites the environment when asked, with an updateMask naming each changed field', async () => {
    const name = seed({ image: IMAGE });
    const stored = google.services.get(name)!;
    (stored.template as { containers: { env?: object[] }[] }).containers[0]!.env = [
      { name: 'OLD', value: '1' },
      { name: 'KEEP', value: '2' },
    ];
    await service({ 'cloud-run-env': 'KEEP=2', 'cloud-run-env-update': 'overwrite', 'cloud-run-flags': 'timeout=60' });
    expect(patches()[0]?.query.updateMask).toBe('template.containers,template.timeout');
    expect((google.services.get(name)!.template as { containers: { env: object[] }[] }).containers[0]!.env).toEqual([
      { name: 'KEEP', value: '2' },
    ]);
  });

  it('refuses egress without VPC access as Cloud Run would, before anything changes', async () => {
    seed();
    const error = await failure(service({ 'cloud-run-flags': 'vpc-egress=all-traffic' }, { plan: true }));
    expect(error.message).toBe(
      'cloud-run-flags: vpc-egress needs VPC access: add vpc-connector, or network/subnet (Direct VPC egress), to cloud-run-flags',
    );
  });

  it('updates a job with the job settings, keeping Cloud Run defaults, and a re-run changes nothing', async () => {
    const flags = 'tasks=4\nparallelism=2\nmax-retries=1\ntask-timeout=2h\nnetwork=default\nsubnet=jobs';
    await run({ 'cloud-run-job': 'migrate', 'cloud-run-flags': flags });
    expect(google.jobs.get(`${JOBS}/migrate`)).toMatchObject({
      labels: { 'managed-by': 'github-actions', 'commit-sha': SHA },
      template: {
        taskCount: 4,
        parallelism: 2,
        template: {
          maxRetries: 1,
          timeout: '7200s',
          vpcAccess: { networkInterfaces: [{ network: 'default', subnetwork: 'jobs' }] },
        },
      },
    });
    google.requests.length = 0;
    await run({ 'cloud-run-job': 'migrate', 'cloud-run-flags': flags });
    expect(google.mutations()).toEqual([]);
  });
});

describe('the local server models traffic as Cloud Run Admin API v2 does', () => {
  const patch = (name: string, body: object) =>
    fetch(`${google.url}/v2/${name}?updateMask=traffic`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses percentages that do not add up to 100 and unknown revisions, naming the field', async () => {
    const name = seed();
    const short = await patch(name, { traffic: [{ type: 1, percent: 90 }] });
    expect(short.status).toBe(400);
    expect(await short.json()).toEqual({
      error: {
        code: 400,
        message: 'Traffic percentages must add up to 100, but they add up to 90.',
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [
              {
                field: 'service.traffic',
                description: 'Traffic percentages must add up to 100, but they add up to 90.',
              },
            ],
          },
        ],
      },
    });
    const unknown = await patch(name, { traffic: [{ type: 2, revision: 'web-09999-x', percent: 100 }] });
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      "Revision 'web-09999-x' referenced in traffic not found in service 'web'.",
    );
    const twice = await patch(name, {
      traffic: [
        { type: 1, percent: 100, tag: 'a' },
        { type: 2, revision: 'web-00001-old', percent: 0, tag: 'a' },
      ],
    });
    expect(((await twice.json()) as { error: { message: string } }).error.message).toBe(
      "Tag 'a' is used more than once.",
    );
  });

  it('takes revision failures through its control route too (for scripts/google-api.sh)', async () => {
    const control = (method: string, body?: object) =>
      fetch(`${google.url}/control/fail-revisions`, { method, body: body && JSON.stringify(body) });
    const scope = `projects/${PROJECT}/locations/us-east1`;
    expect(await (await control('POST', { scope, message: 'boom', logs: ['panic'] })).json()).toEqual({
      scopes: [scope],
    });
    expect(google.failRevisions.get(scope)).toMatchObject({ message: 'boom', logs: ['panic'] });
    expect(await (await control('DELETE')).json()).toEqual({ scopes: [] });
  });

  it('answers entries:list with the project, filter, order and page size asked', async () => {
    google.logEntries.push(
      ...[1, 2, 3].map((i) => ({
        logName: `projects/${PROJECT}/logs/run.googleapis.com%2Fstdout`,
        resource: { type: 'cloud_run_revision', labels: { revision_name: i === 2 ? 'other' : 'web-1' } },
        textPayload: `line ${i}`,
        timestamp: `2026-01-01T00:00:0${i}Z`,
      })),
    );
    const response = await fetch(`${google.url}/v2/entries:list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceNames: [`projects/${PROJECT}`],
        filter: 'resource.type="cloud_run_revision" AND resource.labels.revision_name="web-1"',
        orderBy: 'timestamp desc',
        pageSize: 5,
      }),
    });
    expect(
      ((await response.json()) as { entries: { textPayload: string }[] }).entries.map((e) => e.textPayload),
    ).toEqual(['line 3', 'line 1']);
  });
});
