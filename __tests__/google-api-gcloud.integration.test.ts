/**
 * The local Google API server checked against a Run v2 client that someone else wrote: the REST
 * client Google generates for gcloud (gapic_clients/run_v2, run by gcloud's bundled Python). It
 * reads a service with Cloud Run's defaults, updates it with an updateMask and the etag it read,
 * waits for the operation, and gets ABORTED for a stale etag. Skipped where gcloud is not installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, startGoogleApi, type GoogleApi } from '../scripts/google-api.js';

const SDK = '/usr/lib/google-cloud-sdk';
const PYTHON = `${SDK}/platform/bundledpythonunix/bin/python3`;
const NAME = 'projects/demo-project/locations/europe-west1/services/web';

// gcloud's client, talking plain HTTP to the local server with a fixed access token.
const SCRIPT = String.raw`
import json, sys
from google.oauth2.credentials import Credentials
from google.api_core import exceptions
from cloudsdk.google.protobuf import field_mask_pb2
from googlecloudsdk.generated_clients.gapic_clients.run_v2.services.services import client as services
from googlecloudsdk.generated_clients.gapic_clients.run_v2.services.services.transports import rest

host, token, name = sys.argv[1:4]
transport = rest.ServicesRestTransport(host=host, credentials=Credentials(token=token), url_scheme='http')
run = services.ServicesClient(transport=transport)
out = {}
service = run.get_service(name=name)
container = service.template.containers[0]
out['read'] = {
    'limits': dict(container.resources.limits),
    'ports': [[p.name, p.container_port] for p in container.ports],
    'timeout': service.template.timeout.total_seconds(),
    'concurrency': service.template.max_instance_request_concurrency,
    'reconciling': service.reconciling,
    'ready': service.terminal_condition.state.name,
    'etag': service.etag,
}
container.image = 'us-central1-docker.pkg.dev/demo-project/apps/web@sha256:' + 'b' * 64
service.template.max_instance_request_concurrency = 40
mask = field_mask_pb2.FieldMask(paths=['template.containers', 'template.max_instance_request_concurrency'])
operation = run.update_service(request={'service': service, 'update_mask': mask})
done = operation.result(timeout=30)
out['updated'] = {
    'image': done.template.containers[0].image,
    'concurrency': done.template.max_instance_request_concurrency,
    'reconciling': done.reconciling,
    'ready': done.terminal_condition.state.name,
    'revision': done.latest_ready_revision,
}
# Traffic and tags, as gcloud's update-traffic sends them: a split with a tag, then bad ones.
fresh = run.get_service(name=name)
new = fresh.latest_ready_revision.split('/')[-1]
fresh.traffic = [
    {'type_': 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', 'percent': 10, 'tag': 'canary'},
    {'type_': 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', 'revision': 'web-00001-old', 'percent': 90},
]
traffic_mask = field_mask_pb2.FieldMask(paths=['traffic'])
moved = run.update_service(request={'service': fresh, 'update_mask': traffic_mask}).result(timeout=30)
out['traffic'] = {
    'new': new,
    'latest': moved.latest_ready_revision.split('/')[-1],
    'statuses': [[s.type_.name, s.revision, s.percent, s.tag, s.uri] for s in moved.traffic_statuses],
}
out['refused'] = []
for bad in (
    [{'type_': 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', 'percent': 90}],
    [{'type_': 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', 'revision': 'web-09999-gone', 'percent': 100}],
):
    moved.traffic = bad
    try:
        run.update_service(request={'service': moved, 'update_mask': traffic_mask})
        out['refused'].append('accepted')
    except exceptions.GoogleAPICallError as error:
        out['refused'].append([type(error).__name__, error.code, error.message])
service.etag = '"stale"'
try:
    run.update_service(request={'service': service, 'update_mask': mask})
    out['stale'] = 'accepted'
except exceptions.GoogleAPICallError as error:
    out['stale'] = [type(error).__name__, error.code, error.message]
print(json.dumps(out))
`;

let google: GoogleApi;

beforeAll(async () => {
  google = await startGoogleApi();
});
afterAll(async () => {
  await google?.close();
});

describe.skipIf(!existsSync(PYTHON))("the local Google API server, through gcloud's Run v2 REST client", () => {
  it('serves defaults, an updateMask, a rollout and the etag check the way that client expects', async () => {
    google.services.set(NAME, {
      name: NAME,
      etag: '"etag-0"',
      generation: '1',
      template: { containers: [{ image: 'old', resources: { limits: { cpu: '1000m', memory: '512Mi' } } }] },
    });
    google.revisions.set(`${NAME}/revisions/web-00001-old`, { name: `${NAME}/revisions/web-00001-old` });
    // Fill in the defaults as the server does on every write, through the server itself.
    await fetch(`${google.url}/v2/${NAME}?updateMask=labels`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ labels: { team: 'payments' } }),
    });
    google.setPendingPolls(0);
    google.requests.length = 0;
    const host = google.url.replace('http://', '');
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        PYTHON,
        ['-c', SCRIPT, host, ACCESS_TOKEN, NAME],
        { env: { ...process.env, PYTHONPATH: `${SDK}/lib:${SDK}/lib/third_party` }, timeout: 60_000 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      ),
    );
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result.read).toEqual({
      limits: { cpu: '1000m', memory: '512Mi' },
      ports: [['http1', 8080]],
      timeout: 300,
      concurrency: 80,
      reconciling: false,
      ready: 'CONDITION_SUCCEEDED',
      etag: expect.stringMatching(/^"etag-\d+"$/),
    });
    expect(result.updated).toMatchObject({
      image: `us-central1-docker.pkg.dev/demo-project/apps/web@sha256:${'b'.repeat(64)}`,
      concurrency: 40,
      reconciling: false,
      ready: 'CONDITION_SUCCEEDED',
      revision: expect.stringContaining(`${NAME}/revisions/web-`),
    });
    const traffic = result.traffic as { new: string; latest: string; statuses: unknown[] };
    expect(traffic.latest).toBe(traffic.new);
    expect(traffic.statuses).toEqual([
      [
        'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST',
        traffic.new,
        10,
        'canary',
        'https://canary---web-4ppk6fjnxq-uc.a.run.app',
      ],
      ['TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', 'web-00001-old', 90, '', ''],
    ]);
    expect(result.refused).toEqual([
      // The client puts the method and URL before the server's message.
      ['BadRequest', 400, expect.stringMatching(/: Traffic percentages must add up to 100, but they add up to 90\.$/)],
      [
        'BadRequest',
        400,
        expect.stringMatching(/: Revision 'web-09999-gone' referenced in traffic not found in service 'web'\.$/),
      ],
    ]);
    expect(result.stale).toEqual([
      'Conflict',
      409,
      expect.stringContaining('Etag "stale" does not match the current etag'),
    ]);
    // The client sends the mask in JSON form (lowerCamelCase), which the server read.
    const patch = google.requests.find((r) => r.method === 'PATCH');
    expect(patch?.query.updateMask).toBe('template.containers,template.maxInstanceRequestConcurrency');
    expect(google.requests.some((r) => r.method === 'GET' && r.path.includes('/operations/'))).toBe(true);
    expect(google.services.get(NAME)).toMatchObject({
      labels: { team: 'payments' },
    });
  });
});
