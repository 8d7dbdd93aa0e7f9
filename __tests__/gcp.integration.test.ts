/**
 * Google Cloud end to end through the bundled action: Application Default Credentials by Workload
 * Identity Federation (as google-github-actions/auth leaves them), Artifact Registry repositories,
 * and Cloud Run services and jobs, all through the official clients on their REST transport against
 * a local server following Google's REST API. The Artifact Registry data plane is a local
 * distribution registry that only accepts the ADC access token.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from './helpers/action.js';
import { ACCESS_TOKEN, startGoogleApi, type GoogleApi } from '../scripts/google-api.js';
import { imageManifest, randomLayer, singlePlatformLayout, writeLayout, type Layout } from './helpers/image.js';
import { rawManifest, skopeo, standIns, startRegistry, type Registry } from './helpers/services.js';

const AR_HOST = 'us-central1-docker.pkg.dev';
const PROJECT = 'demo-project';
const REPOSITORY = `projects/${PROJECT}/locations/us-central1/repositories/apps`;
const SERVICES = `projects/${PROJECT}/locations/europe-west1/services`;
const JOBS = `projects/${PROJECT}/locations/europe-west1/jobs`;
const DESTINATION = `${AR_HOST}/${PROJECT}/apps/web`;

let google: GoogleApi;
let arData: Registry;
let source: Registry;
let work: string;
let layout: Layout;
let sourceRef: string;
let adc: Record<string, string>;

const act = (inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> =>
  runAction(
    {
      image: sourceRef,
      destination: DESTINATION,
      'gcp-region': 'europe-west1',
      ...standIns({ [AR_HOST]: arData.addr }),
      ...inputs,
    },
    { env: { ...adc, ...env } },
  );

const cloudRun = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  act({ runtime: 'cloud-run', 'cloud-run-service': 'web', ...inputs }, env);

/** A service as someone set it up in the console: settings this action must not lose. */
function existingService(name = 'web'): Record<string, unknown> {
  return {
    name: `${SERVICES}/${name}`,
    etag: '"etag-0"',
    generation: '1',
    labels: { team: 'payments' },
    ingress: 2,
    template: {
      serviceAccount: 'runtime@demo-project.iam.gserviceaccount.com',
      vpcAccess: { connector: 'projects/demo-project/locations/europe-west1/connectors/vpc' },
      containers: [
        {
          image: `${DESTINATION}@sha256:${'0'.repeat(64)}`,
          env: [
            { name: 'KEEP', value: 'kept' },
            { name: 'LEVEL', value: 'debug' },
          ],
          resources: { limits: { cpu: '1', memory: '512Mi' }, cpuIdle: true, startupCpuBoost: true },
          ports: [{ name: 'http1', containerPort: 8080 }],
        },
      ],
      scaling: { maxInstanceCount: 10 },
      timeout: '300s',
      maxInstanceRequestConcurrency: 80,
    },
    latestReadyRevision: `${SERVICES}/${name}/revisions/${name}-00001-old`,
    latestCreatedRevision: `${SERVICES}/${name}/revisions/${name}-00001-old`,
    traffic: [{ type: 1, percent: 100 }],
    trafficStatuses: [{ type: 1, revision: `${name}-00001-old`, percent: 100 }],
    observedGeneration: '1',
    reconciling: false,
    terminalCondition: { type: 'Ready', state: 4 },
  };
}

function seedService(name = 'web'): void {
  const service = existingService(name);
  google.services.set(String(service.name), service);
  google.revisions.set(String(service.latestReadyRevision), {
    name: service.latestReadyRevision,
    conditions: [{ type: 'Ready', state: 4 }],
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-gcp-'));
  google = await startGoogleApi();
  [arData, source] = await Promise.all([
    startRegistry({ htpasswd: `oauth2accesstoken:${ACCESS_TOKEN}` }),
    startRegistry(),
  ]);
  adc = await google.adcEnvironment(work, PROJECT);
  layout = await singlePlatformLayout(join(work, 'layout'), '3.0.0', [30_000]);
  sourceRef = `${source.addr}/app:3.0.0`;
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:3.0.0`, `docker://${sourceRef}`);
});

afterAll(async () => {
  await Promise.all([google?.close(), arData?.stop(), source?.stop()]);
  await rm(work, { recursive: true, force: true });
});

beforeEach(() => {
  google.requests.length = 0;
  google.services.clear();
  google.revisions.clear();
  google.jobs.clear();
  google.executions.clear();
  google.repositories.clear();
  google.denied.clear();
  google.unavailable.clear();
  google.failOnce.clear();
  google.beforeOnce.clear();
  google.pollsUntilDone = 2;
  google.failNextRevision = undefined;
  google.failNextExecution = undefined;
  google.nextExecution = undefined;
  google.repositories.set(REPOSITORY, { name: REPOSITORY, format: 1, mode: 1 });
});

describe('Artifact Registry', () => {
  it('pushes with the ADC access token as the registry password, and masks it', async () => {
    const run = await act({});
    expect(run.errorText).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.digest).toBe(layout.root.digest);
    expect(
      JSON.parse(await rawManifest(`${arData.addr}/${PROJECT}/apps/web:3.0.0`, `oauth2accesstoken:${ACCESS_TOKEN}`)),
    ).toMatchObject({ config: { digest: layout.images[0]!.config.digest } });
    expect(run.stdout).toContain(`::add-mask::${ACCESS_TOKEN}`);
    expect(run.stdout.replace(`::add-mask::${ACCESS_TOKEN}`, '')).not.toContain(ACCESS_TOKEN);
    expect(google.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/${REPOSITORY}`]);
  });

  it('names project, location and repository when the repository is missing, before any byte moves', async () => {
    google.repositories.clear();
    const before = await arData.accessLog();
    const run = await act({ destination: `${AR_HOST}/${PROJECT}/missing/web` });
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Google Cloud');
    expect(run.errorText).toContain(
      'the Artifact Registry repository "missing" (project demo-project, location us-central1) does not exist',
    );
    expect(run.errorText).toContain('create-repository: true');
    expect((await arData.accessLog()).length).toBe(before.length);
  });

  it('creates a missing Docker repository with create-repository, waiting for the operation', async () => {
    google.repositories.clear();
    const run = await act({ destination: `${AR_HOST}/${PROJECT}/fresh/web`, 'create-repository': 'true' });
    expect(run.errorText).toBe('');
    const created = google.requests.find((r) => r.method === 'POST');
    expect(created?.path).toBe(`/v1/projects/${PROJECT}/locations/us-central1/repositories`);
    expect(created?.body).toMatchObject({ format: 1 });
    expect(google.repositories.get(`projects/${PROJECT}/locations/us-central1/repositories/fresh`)).toBeDefined();
    expect(google.requests.some((r) => r.path.includes('/operations/'))).toBe(true);
  });

  it('only plans the creation in a dry run', async () => {
    google.repositories.clear();
    const run = await act({
      destination: `${AR_HOST}/${PROJECT}/fresh/web`,
      'create-repository': 'true',
      'dry-run': 'true',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('would create the Artifact Registry Docker repository "fresh"');
    expect(google.mutations()).toEqual([]);
  });

  it('refuses a repository that is not for Docker images, and explains a denied check', async () => {
    google.repositories.set(REPOSITORY, { name: REPOSITORY, format: 3, mode: 1 });
    const npm = await act({});
    expect(npm.errorText).toContain('holds NPM packages, not Docker images');
    google.repositories.set(REPOSITORY, { name: REPOSITORY, format: 1, mode: 1 });
    google.denied.add('artifactregistry.repositories.get');
    const denied = await act({});
    expect(denied.errorText).toContain("was denied: Permission 'artifactregistry.repositories.get' denied");
    expect(denied.errorText).toContain('roles/artifactregistry.reader');
  });

  it('checks the gcr.io repository Artifact Registry serves a gcr.io host from', async () => {
    const repository = `projects/${PROJECT}/locations/europe/repositories/eu.gcr.io`;
    google.repositories.set(repository, { name: repository, format: 1, mode: 1 });
    const run = await act({ destination: `eu.gcr.io/${PROJECT}/web`, ...standIns({ 'eu.gcr.io': arData.addr }) });
    expect(run.errorText).toBe('');
    expect(google.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/${repository}`]);
    expect(await rawManifest(`${arData.addr}/${PROJECT}/web:3.0.0`, `oauth2accesstoken:${ACCESS_TOKEN}`)).toContain(
      layout.images[0]!.config.digest,
    );
  });

  it('promotes an image from one Artifact Registry location to another, reading the source with ADC too', async () => {
    expect((await act({})).errorText).toBe('');
    const europe = 'europe-west1-docker.pkg.dev';
    const repository = `projects/${PROJECT}/locations/europe-west1/repositories/apps`;
    google.repositories.set(repository, { name: repository, format: 1, mode: 1 });
    const run = await act({
      image: `${DESTINATION}:3.0.0`,
      destination: `${europe}/${PROJECT}/apps/web-eu`,
      ...standIns({ [AR_HOST]: arData.addr, [europe]: arData.addr }),
    });
    expect(run.errorText).toBe('');
    expect(run.outputs.digest).toBe(layout.root.digest);
  });

  it('honours immutable tags in the repository', async () => {
    google.repositories.set(REPOSITORY, {
      name: REPOSITORY,
      format: 1,
      mode: 1,
      dockerConfig: { immutableTags: true },
    });
    const run = await act({ tags: 'immutable-1' });
    expect(run.errorText).toBe('');
    expect(run.stdout).toContain('its tags are immutable');
  });
});

describe('Cloud Run service', () => {
  it('creates a missing service from the image by digest, and outputs its URL and revision', async () => {
    const run = await cloudRun({ 'cloud-run-env': 'LEVEL=info', 'cloud-run-flags': 'memory=1Gi\nport=9000' });
    expect(run.errorText).toBe('');
    const create = google.requests.find((r) => r.method === 'POST');
    expect(create?.path).toBe(`/v2/projects/${PROJECT}/locations/europe-west1/services`);
    const service = google.services.get(`${SERVICES}/web`)!;
    const container = (service.template as { containers: Record<string, unknown>[] }).containers[0]!;
    expect(container.image).toBe(`${DESTINATION}@${layout.root.digest}`);
    expect(container.env).toEqual([{ name: 'LEVEL', value: 'info' }]);
    expect(container.resources).toMatchObject({ limits: { memory: '1Gi' } });
    expect(container.ports).toEqual([{ name: 'http1', containerPort: 9000 }]);
    expect(run.outputs.url).toBe('https://web-4ppk6fjnxq-uc.a.run.app');
    expect(run.outputs.revision).toMatch(/^web-00001-/);
    expect(run.summary).toContain('cloud-run europe-west1/web');
  });
});

describe('Cloud Run service update', () => {
  const servicePatch = () => google.requests.filter((r) => r.method === 'PATCH');

  it('changes only the image and the fields given, keeping everything else, and routes traffic to the new revision', async () => {
    seedService();
    const run = await cloudRun({
      'cloud-run-env': 'LEVEL=info',
      'cloud-run-secrets': 'API_KEY=api-key:3',
      'cloud-run-flags': 'memory=2Gi\nmin-instances=1',
    });
    expect(run.errorText).toBe('');
    expect(servicePatch()).toHaveLength(1);
    expect(servicePatch()[0]!.body).toMatchObject({ etag: '"etag-0"' });
    const service = google.services.get(`${SERVICES}/web`)!;
    expect(service).toMatchObject({ labels: { team: 'payments' }, ingress: 2 });
    const template = service.template as Record<string, unknown> & { containers: Record<string, unknown>[] };
    expect(template).toMatchObject({
      serviceAccount: 'runtime@demo-project.iam.gserviceaccount.com',
      vpcAccess: { connector: 'projects/demo-project/locations/europe-west1/connectors/vpc' },
      scaling: { maxInstanceCount: 10, minInstanceCount: 1 },
    });
    expect(template.containers[0]).toMatchObject({
      image: `${DESTINATION}@${layout.root.digest}`,
      env: [
        { name: 'KEEP', value: 'kept' },
        { name: 'LEVEL', value: 'info' },
        { name: 'API_KEY', valueSource: { secretKeyRef: { secret: 'api-key', version: '3' } } },
      ],
      resources: { limits: { cpu: '1', memory: '2Gi' } },
      ports: [{ name: 'http1', containerPort: 8080 }],
    });
    expect(run.outputs.revision).toMatch(/^web-00002-/);
    expect(run.outputs.revision).toBe(String(service.latestReadyRevision).split('/').pop());
    expect(run.stdout).toContain(`revision ${run.outputs.revision} serves 100% of traffic`);
    expect(run.outputs.url).toBe('https://web-4ppk6fjnxq-uc.a.run.app');
  });

  it('changes nothing when the service already runs the digest as asked', async () => {
    seedService();
    expect((await cloudRun({ 'cloud-run-env': 'LEVEL=info' })).errorText).toBe('');
    google.requests.length = 0;
    const again = await cloudRun({ 'cloud-run-env': 'LEVEL=info' });
    expect(again.errorText).toBe('');
    expect(google.mutations()).toEqual([]);
    expect(again.stdout).toContain('Cloud Run service web already running: revision web-00002-');
    expect(again.outputs.revision).toMatch(/^web-00002-/);
  });

  it('plans the fields it would change and calls nothing that changes anything', async () => {
    seedService();
    const run = await cloudRun({ 'dry-run': 'true', 'cloud-run-env': 'LEVEL=info\nNEW=1', 'cloud-run-flags': 'cpu=2' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`would update Cloud Run service web (project ${PROJECT}, region europe-west1):`);
    expect(run.stdout).toContain(
      `image: ${DESTINATION}@sha256:${'0'.repeat(64)} → ${DESTINATION}@${layout.root.digest}`,
    );
    expect(run.stdout).toContain('env LEVEL: changed');
    expect(run.stdout).toContain('env NEW: set');
    expect(run.stdout).toContain('cpu: 1 → 2');
    expect(run.summary).toContain('cpu: 1 → 2');
    expect(google.mutations()).toEqual([]);
    expect(google.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('deploys without traffic under a tag: traffic stays on the serving revision, url is the tagged one', async () => {
    seedService();
    const run = await cloudRun({ 'no-traffic': 'true', 'revision-tag': 'pr-7', 'revision-suffix': 'c0ffee1' });
    expect(run.errorText).toBe('');
    const service = google.services.get(`${SERVICES}/web`)!;
    expect(service.traffic).toMatchObject([
      { type: 2, revision: 'web-00001-old', percent: 100 },
      { type: 2, revision: 'web-c0ffee1', percent: 0, tag: 'pr-7' },
    ]);
    expect(run.outputs.revision).toBe('web-c0ffee1');
    expect(run.outputs.url).toBe('https://pr-7---web-4ppk6fjnxq-uc.a.run.app');
    expect(run.stdout).toContain('revision web-c0ffee1 serves 0% of traffic');
  });

  it('refuses a revision-suffix that is already taken, before anything is pushed', async () => {
    seedService();
    expect((await cloudRun({ 'revision-suffix': 'v1' })).errorText).toBe('');
    google.requests.length = 0;
    const again = await cloudRun({ 'revision-suffix': 'v1', 'cloud-run-env': 'CHANGED=1' });
    expect(again.code).toBe(1);
    expect(again.errorText).toContain('already has a revision named web-v1, and a revision cannot change');
    expect(google.mutations()).toEqual([]);
  });

  it('plans without credentials to read the service (a fork), saying what it could not read', async () => {
    seedService();
    google.denied.add('run.services.get');
    const run = await cloudRun({ 'dry-run': 'true' });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/::warning::could not read the cloud-run setup for the plan: .*run\.services\.get/);
    expect(google.mutations()).toEqual([]);
  });

  it('refuses no-traffic for a service that does not exist yet, before anything is pushed', async () => {
    const before = await arData.accessLog();
    const run = await cloudRun({ 'no-traffic': 'true' });
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Cloud Run');
    expect(run.errorText).toContain('does not exist yet, and no-traffic needs one');
    expect(google.mutations()).toEqual([]);
    expect((await arData.accessLog()).length).toBe(before.length);
  });

  it("reports a revision that fails to start in Cloud Run's words, and leaves traffic where it was", async () => {
    seedService();
    google.failNextRevision =
      'The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable.';
    const run = await cloudRun({});
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Cloud Run');
    expect(run.errorText).toContain(
      'failed: Ready (HEALTH_CHECK_CONTAINER_ERROR): The user-provided container failed to start and listen on the port',
    );
    expect(run.errorText).toContain('Traffic stays where it was (100% to web-00001-old)');
    const service = google.services.get(`${SERVICES}/web`)!;
    expect(String(service.latestReadyRevision)).toMatch(/web-00001-old$/);
    expect(run.outputs.deployed).toBe('false');
    // The push succeeded before the deploy failed: the outputs and the summary say both.
    expect(run.outputs.image).toMatch(/^us-central1-docker\.pkg\.dev\/\S+@sha256:[0-9a-f]{64}$/);
    expect(run.outputs.refs).not.toBe('');
    expect(run.outputs['skipped-reason']).toBe(run.errorText);
    expect(run.summary).toMatch(/\| Pushed \| `us-central1-docker\.pkg\.dev\//);
    expect(run.summary).toContain('| Gate | deploy: deploy-when is "always" |');
    expect(run.summary).toContain('| Error | ');
  });

  it('fails before anything is pushed when it may not read the service, naming permission and role', async () => {
    seedService();
    google.denied.add('run.services.get');
    const before = await arData.accessLog();
    const run = await cloudRun({});
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Google Cloud');
    expect(run.errorText).toContain("Permission 'run.services.get' denied");
    expect(run.errorText).toContain('roles/run.viewer');
    expect((await arData.accessLog()).length).toBe(before.length);
  });

  it('explains a denied update', async () => {
    seedService();
    google.denied.add('run.services.update');
    const run = await cloudRun({});
    expect(run.code).toBe(1);
    expect(run.errorText).toContain('Updating Cloud Run service web (project demo-project, region europe-west1) (');
    expect(run.errorText).toContain('roles/run.developer');
    expect(google.services.get(`${SERVICES}/web`)?.generation).toBe('1');
  });

  it('explains the 409s of a concurrent change: a service created meanwhile, a service changed meanwhile', async () => {
    google.failOnce.set('run.services.create', {
      status: 409,
      statusName: 'ALREADY_EXISTS',
      message: "Resource 'web' already exists.",
    });
    const created = await cloudRun({});
    expect(created.code).toBe(1);
    expect(created.errorText).toContain("Resource 'web' already exists.");
    expect(created.errorText).toContain('run the step again');
    seedService();
    google.failOnce.set('run.services.update', {
      status: 409,
      statusName: 'ABORTED',
      message: 'The resource was modified since it was read: etag mismatch',
    });
    const updated = await cloudRun({});
    expect(updated.code).toBe(1);
    expect(updated.errorText).toContain('it was changed by someone else since this run read it (etag "etag-0")');
    expect(google.services.get(`${SERVICES}/web`)?.generation).toBe('1');
  });

  it('sends the etag it read: a change made meanwhile fails the update clearly and is kept', async () => {
    seedService();
    google.beforeOnce.set('run.services.update', () => {
      const service = google.services.get(`${SERVICES}/web`)!;
      Object.assign(service, { etag: '"etag-console"', labels: { team: 'search' } });
    });
    const run = await cloudRun({ 'cloud-run-env': 'LEVEL=info' });
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Cloud Run');
    expect(run.errorText).toContain(
      'Updating Cloud Run service web (project demo-project, region europe-west1) was refused: it was changed by someone else since this run read it (etag "etag-0"), and this run changed nothing',
    );
    expect(run.errorText).toContain('Run the step again to deploy over the current version');
    expect(google.services.get(`${SERVICES}/web`)).toMatchObject({ labels: { team: 'search' }, generation: '1' });
  });

  it('sends an updateMask naming only the fields it changed, so settings its client does not know survive', async () => {
    const service = existingService();
    // Fields Cloud Run added after the pinned client: it cannot decode them, so it cannot send them back.
    Object.assign(service, { futureSetting: { mode: 'strict' } });
    Object.assign(service.template as object, { futureTemplateSetting: 'kept' });
    google.services.set(String(service.name), service);
    const run = await cloudRun({ 'cloud-run-env': 'LEVEL=info', 'cloud-run-flags': 'min-instances=1' });
    expect(run.errorText).toBe('');
    const patch = google.requests.find((r) => r.method === 'PATCH');
    // labels: the defaults google-github-actions/deploy-cloudrun sets too (managed-by, commit-sha).
    expect(patch?.query.updateMask).toBe('template.containers,template.scaling.minInstanceCount,labels');
    expect(patch?.body).not.toHaveProperty('futureSetting');
    const stored = google.services.get(`${SERVICES}/web`)!;
    expect(stored).toMatchObject({
      futureSetting: { mode: 'strict' },
      labels: { team: 'payments' },
      template: { futureTemplateSetting: 'kept', scaling: { maxInstanceCount: 10, minInstanceCount: 1 } },
    });
  });

  it('re-runs as "nothing to change" against what a real GET shows (Cloud Run fills in its defaults)', async () => {
    const first = await cloudRun({ 'cloud-run-flags': 'memory=512Mi\nport=8080\nconcurrency=80' });
    expect(first.errorText).toBe('');
    const container = (google.services.get(`${SERVICES}/web`)!.template as { containers: object[] }).containers[0];
    expect(container).toMatchObject({
      resources: { limits: { cpu: '1000m', memory: '512Mi' } },
      ports: [{ name: 'http1', containerPort: 8080 }],
    });
    expect(google.services.get(`${SERVICES}/web`)!.template).toMatchObject({
      timeout: '300s',
      maxInstanceRequestConcurrency: 80,
    });
    google.requests.length = 0;
    const again = await cloudRun({ 'cloud-run-flags': 'memory=512Mi\nport=8080\nconcurrency=80' });
    expect(again.errorText).toBe('');
    expect(google.mutations()).toEqual([]);
    expect(again.outputs.revision).toBe(first.outputs.revision);
  });
});

describe('Cloud Run service re-run with nothing to change', () => {
  it("fails after a failed rollout with Cloud Run's reasons, instead of reporting the old revision", async () => {
    seedService();
    google.failNextRevision = 'The user-provided container failed to start and listen on the port.';
    expect((await cloudRun({})).code).toBe(1);
    const plan = await cloudRun({ 'dry-run': 'true' });
    expect(plan.code).toBe(1);
    expect(plan.errorText).toContain('This run changed nothing');
    google.requests.length = 0;
    const again = await cloudRun({});
    expect(again.code).toBe(1);
    expect(again.errors[0]?.title).toBe('Cloud Run');
    expect(again.errorText).toMatch(
      /its newest revision web-00002-\S+ is not ready \(Revision 'web-00002-\S+' is not ready/,
    );
    expect(again.errorText).toContain('traffic stays on web-00001-old');
    expect(again.errorText).toContain(
      'Ready (HEALTH_CHECK_CONTAINER_ERROR): The user-provided container failed to start and listen on the port.',
    );
    expect(again.errorText).toContain('This run changed nothing');
    expect(again.errorText).toContain('deploy again with a new revision-suffix');
    expect(again.outputs.deployed).toBe('false');
    expect(again.outputs.revision ?? '').toBe('');
    expect(google.mutations()).toEqual([]);
    // Refused in prepare, before the push.
    expect(again.stdout).not.toContain('::group::Push');
  });

  it('never reports a new service whose first revision failed as deployed, with an empty revision', async () => {
    google.failNextRevision = 'Image not found.';
    expect((await cloudRun({})).code).toBe(1);
    const again = await cloudRun({});
    expect(again.code).toBe(1);
    expect(again.errorText).toContain('traffic stays on no revision');
    expect(again.errorText).toContain('Image not found.');
    expect(again.outputs.deployed).toBe('false');
    expect(again.outputs.revision ?? '').toBe('');
  });

  it('waits while a rollout is in progress, then reports the revision it rolled out', async () => {
    seedService();
    google.pollsUntilDone = 1000;
    const first = await cloudRun({ 'wait-timeout': '1' });
    expect(first.errorText).toContain('was not ready within wait-timeout');
    expect(google.services.get(`${SERVICES}/web`)).toMatchObject({ reconciling: true });
    google.setPendingPolls(3);
    google.requests.length = 0;
    const again = await cloudRun({});
    expect(again.errorText).toBe('');
    expect(again.stdout).toContain('is rolling out a change; waiting up to 600 s for it to finish');
    expect(again.outputs.revision).toMatch(/^web-00002-/);
    expect(again.stdout).toMatch(/already running: revision web-00002-\S+ serves 100% of traffic/);
    expect(google.mutations()).toEqual([]);
  });

  it('stops waiting for a rollout in progress at wait-timeout, having changed nothing', async () => {
    seedService();
    google.pollsUntilDone = 1000;
    expect((await cloudRun({ 'wait-timeout': '1' })).code).toBe(1);
    google.requests.length = 0;
    const again = await cloudRun({ 'wait-timeout': '2' });
    expect(again.code).toBe(1);
    expect(again.errorText).toContain(
      'was still rolling out a change after wait-timeout (2 s); this run changed nothing',
    );
    expect(google.mutations()).toEqual([]);
  });

  it('fails when traffic does not serve the ready revision as the service asks', async () => {
    seedService();
    const first = await cloudRun({});
    expect(first.errorText).toBe('');
    const service = google.services.get(`${SERVICES}/web`)!;
    service.trafficStatuses = [{ type: 2, revision: 'web-00001-old', percent: 100 }];
    const again = await cloudRun({});
    expect(again.code).toBe(1);
    expect(again.errorText).toContain(
      `its traffic does not serve as asked: asked 100% to ${first.outputs.revision}; serving 100% to web-00001-old`,
    );
  });
});

describe('Cloud Run without credentials', () => {
  it('fails a dry run to a destination Cloud Run cannot pull from, even without Google credentials', async () => {
    const run = await cloudRun(
      { destination: `${source.addr}/elsewhere/web`, 'dry-run': 'true' },
      {
        // A fork's run: no google-github-actions/auth, so neither credentials nor a project.
        GOOGLE_APPLICATION_CREDENTIALS: '',
        GOOGLE_CLOUD_PROJECT: '',
        CLOUDSDK_CORE_PROJECT: '',
        CLOUDSDK_CONFIG: join(work, 'no-gcloud-config'),
      },
    );
    expect(run.errorText).toContain(`Cloud Run cannot pull from ${source.addr}`);
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Cloud Run');
    expect(google.requests).toEqual([]);
  });

  it('stops waiting at wait-timeout, saying the revision may still be starting', async () => {
    seedService();
    google.pollsUntilDone = 1000;
    const run = await cloudRun({ 'wait-timeout': '1' });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain(
      'the new revision was not ready within wait-timeout (1 s); it may still be starting',
    );
  });

  it("stops waiting before the run's timeout (shorter than wait-timeout), saying where traffic stays and how to keep it there", async () => {
    seedService();
    google.pollsUntilDone = 1000;
    const run = await cloudRun({ timeout: '10s', 'wait-timeout': '600' });
    expect(run.code).toBe(1);
    // The runtime's own failure, not the run's timeout: it says what the service is left as.
    expect(run.errors.map((e) => e.title)).toEqual(['Cloud Run']);
    expect(run.errorText).toMatch(
      /the new revision was not ready within the run's timeout \(10s; wait-timeout is 600 s, cut to \d+ s to leave 1 s before the run ends\); it may still be starting/,
    );
    expect(run.errorText).toContain(
      'Traffic stays as it was (100% LATEST (web-00001-old)) while the new revision starts; Cloud Run moves the LATEST share to it if it becomes ready. ' +
        'To keep web-00001-old serving: gcloud run services update-traffic web --project demo-project --region europe-west1 --to-revisions web-00001-old=100',
    );
    expect(run.stdout).toMatch(
      /::warning title=wait-timeout and timeout::wait-timeout \(600 s\) is not shorter than timeout \(10s\)/,
    );
    // As the stand-in has it: still rolling out, the old revision the latest ready one, all traffic on it.
    const service = google.services.get(`${SERVICES}/web`) as Record<string, unknown>;
    expect(service.reconciling).toBe(true);
    expect(service.latestReadyRevision).toBe(`${SERVICES}/web/revisions/web-00001-old`);
    expect(service.latestCreatedRevision).not.toBe(service.latestReadyRevision);
  });

  it('rides out a server that is briefly unavailable, reading and polling', async () => {
    seedService();
    google.unavailable.set('run.services.get', 1);
    google.unavailable.set('run.operations.get', 1);
    const run = await cloudRun({});
    expect(run.errorText).toBe('');
    expect(google.requests.filter((r) => r.permission === 'run.services.get').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a destination Cloud Run cannot pull from, before anything is pushed', async () => {
    const before = await source.accessLog();
    const run = await cloudRun({ destination: `${source.addr}/elsewhere/web` });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain(`Cloud Run cannot pull from ${source.addr}`);
    expect(run.errorText).toContain('Push to an Artifact Registry repository instead');
    const pushed = (await source.accessLog()).slice(before.length);
    expect(pushed).not.toMatch(/"(PUT|POST|PATCH) /);
  });

  it('refuses an image without linux/amd64, which Cloud Run cannot run, before anything is pushed', async () => {
    const arm = imageManifest({ os: 'linux', architecture: 'arm64', variant: 'v8' }, [randomLayer(1000)]);
    const armLayout = await writeLayout(join(work, 'arm'), 'arm', arm.manifest, [arm]);
    const before = await arData.accessLog();
    const run = await cloudRun({ image: `oci-layout:${armLayout.dir}:arm` });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain('Cloud Run runs linux/amd64 images, and');
    expect(run.errorText).toContain('is for linux/arm64/v8 only');
    expect(google.requests).toEqual([]);
    expect((await arData.accessLog()).length).toBe(before.length);
  });

  it('says what to do without Google credentials', async () => {
    const run = await cloudRun({}, { GOOGLE_APPLICATION_CREDENTIALS: join(work, 'none.json') });
    expect(run.code).toBe(1);
    expect(run.errors[0]?.title).toBe('Google Cloud');
    expect(run.errorText).toContain('Google Application Default Credentials could not be loaded');
    expect(run.errorText).toContain('Add google-github-actions/auth (Workload Identity Federation) before this step');
    expect(run.stderr).toBe('');
  });
});

describe('Cloud Run job', () => {
  const seedJob = () =>
    google.jobs.set(`${JOBS}/migrate`, {
      name: `${JOBS}/migrate`,
      etag: '"etag-0"',
      labels: { kind: 'migration' },
      template: {
        taskCount: 1,
        template: {
          maxRetries: 2,
          timeout: '600s',
          containers: [{ image: 'old', args: ['migrate', 'up'], env: [{ name: 'KEEP', value: '1' }] }],
        },
      },
    });

  it('updates the job keeping its settings, executes it and waits, outputting the execution', async () => {
    seedJob();
    const run = await act({
      runtime: 'cloud-run',
      'cloud-run-job': 'migrate',
      'execute-job': 'true',
      'cloud-run-env': 'STEP=2',
    });
    expect(run.errorText).toBe('');
    const job = google.jobs.get(`${JOBS}/migrate`)!;
    expect(job).toMatchObject({
      labels: { kind: 'migration' },
      template: {
        template: {
          maxRetries: 2,
          containers: [
            {
              image: `${DESTINATION}@${layout.root.digest}`,
              args: ['migrate', 'up'],
              env: [
                { name: 'KEEP', value: '1' },
                { name: 'STEP', value: '2' },
              ],
            },
          ],
        },
      },
    });
    expect(google.requests.map((r) => r.permission)).toContain('run.jobs.run');
    expect(run.outputs.execution).toBe('migrate-00001');
    expect(run.stdout).toContain('execution migrate-00001 finished, 1 of 1 tasks succeeded');
  });

  it('fails the step when the execution fails, with its reason and log link', async () => {
    seedJob();
    google.failNextExecution = 'The container exited with an exit code of 3.';
    const run = await act({ runtime: 'cloud-run', 'cloud-run-job': 'migrate', 'execute-job': 'true' });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain('execution migrate-00001 failed');
    expect(run.errorText).toContain('exit code of 3');
    expect(run.errorText).toContain('https://console.cloud.google.com/logs/viewer?execution=migrate-00001');
  });

  it('fails the step when the execution was cancelled', async () => {
    seedJob();
    google.nextExecution = {
      succeededCount: 0,
      failedCount: 0,
      cancelledCount: 1,
      conditions: [{ type: 'Completed', state: 3, executionReason: 3 }],
    };
    const run = await act({ runtime: 'cloud-run', 'cloud-run-job': 'migrate', 'execute-job': 'true' });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain(
      'execution migrate-00001 was cancelled before it finished (0 of 1 tasks succeeded, 0 failed, 1 cancelled)',
    );
    expect(run.outputs.deployed).toBe('false');
  });

  it('fails the step when not every task succeeded', async () => {
    seedJob();
    google.nextExecution = { taskCount: 3, succeededCount: 2, failedCount: 0, cancelledCount: 0 };
    const run = await act({ runtime: 'cloud-run', 'cloud-run-job': 'migrate', 'execute-job': 'true' });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain(
      'execution migrate-00001 did not finish every task (2 of 3 tasks succeeded, 0 failed, 0 cancelled)',
    );
  });

  it('fails a re-run with nothing to change when the job is not ready, instead of "already up to date"', async () => {
    google.jobs.set(`${JOBS}/migrate`, {
      name: `${JOBS}/migrate`,
      etag: '"etag-0"',
      // The labels an earlier run of this commit set: nothing is left to change.
      labels: { 'managed-by': 'github-actions', 'commit-sha': '0123456789abcdef0123456789abcdef01234567' },
      template: { taskCount: 1, template: { containers: [{ image: `${DESTINATION}@${layout.root.digest}` }] } },
      terminalCondition: { type: 'Ready', state: 3, message: "Secret 'projects/1/secrets/db' was not found" },
    });
    const run = await act({ runtime: 'cloud-run', 'cloud-run-job': 'migrate' });
    expect(run.code).toBe(1);
    expect(run.errorText).toContain('already asks for us-central1-docker.pkg.dev/demo-project/apps/web@sha256:');
    expect(run.errorText).toContain(
      "but is not ready: Secret 'projects/1/secrets/db' was not found. This run changed nothing",
    );
    expect(google.mutations()).toEqual([]);
  });

  it('creates a missing job without executing it, and plans an execution without running one', async () => {
    const plan = await act({
      runtime: 'cloud-run',
      'cloud-run-job': 'report',
      'execute-job': 'true',
      'dry-run': 'true',
    });
    expect(plan.stdout).toContain('would create Cloud Run job report');
    expect(plan.stdout).toContain('would execute Cloud Run job report');
    expect(google.mutations()).toEqual([]);
    const run = await act({ runtime: 'cloud-run', 'cloud-run-job': 'report' });
    expect(run.errorText).toBe('');
    expect(google.jobs.get(`${JOBS}/report`)).toMatchObject({
      template: { template: { containers: [{ image: `${DESTINATION}@${layout.root.digest}` }] } },
    });
    expect(google.requests.map((r) => r.permission)).not.toContain('run.jobs.run');
  });
});
