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
import { rawManifest, skopeo, startRegistry, type Registry } from './helpers/services.js';

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
    { image: sourceRef, destination: DESTINATION, 'gcp-region': 'europe-west1', ...inputs },
    { env: { ...adc, PORTABLE_DEPLOY_TEST_REGISTRY_ENDPOINTS: `${AR_HOST}=${arData.addr}`, ...env } },
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
          resources: { limits: { cpu: '1', memory: '512Mi' } },
          ports: [{ name: 'http1', containerPort: 8080 }],
        },
      ],
      scaling: { maxInstanceCount: 10 },
    },
    latestReadyRevision: `${SERVICES}/${name}/revisions/${name}-00001-old`,
    latestCreatedRevision: `${SERVICES}/${name}/revisions/${name}-00001-old`,
    traffic: [{ type: 1, percent: 100 }],
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
  google.pollsUntilDone = 2;
  google.failNextRevision = undefined;
  google.failNextExecution = undefined;
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
    const run = await act(
      { destination: `eu.gcr.io/${PROJECT}/web` },
      { PORTABLE_DEPLOY_TEST_REGISTRY_ENDPOINTS: `eu.gcr.io=${arData.addr}` },
    );
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
    const run = await act(
      { image: `${DESTINATION}:3.0.0`, destination: `${europe}/${PROJECT}/apps/web-eu` },
      { PORTABLE_DEPLOY_TEST_REGISTRY_ENDPOINTS: `${AR_HOST}=${arData.addr},${europe}=${arData.addr}` },
    );
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
      'failed: Ready: The user-provided container failed to start and listen on the port',
    );
    expect(run.errorText).toContain('Traffic stays where it was (100% to web-00001-old)');
    const service = google.services.get(`${SERVICES}/web`)!;
    expect(String(service.latestReadyRevision)).toMatch(/web-00001-old$/);
    expect(run.outputs.deployed).toBe('false');
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
    expect(updated.errorText).toContain('conflicted with another change made at the same time');
    expect(google.services.get(`${SERVICES}/web`)?.generation).toBe('1');
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
