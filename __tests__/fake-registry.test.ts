/**
 * The fake registry itself, spoken to with plain fetch: the distribution spec's answers (status,
 * headers, error codes) and each quirk switch. It is compared with the CNCF registry and used by
 * skopeo in fake-registry.integration.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { digestOf, FakeRegistry, type FakeRegistryOptions } from './helpers/fake-registry.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const CONFIG = 'application/vnd.oci.image.config.v1+json';
const WRONG = `sha256:${'0'.repeat(64)}`;

const started: FakeRegistry[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((registry) => registry.close()));
});

async function fake(options: FakeRegistryOptions = {}) {
  const registry = await FakeRegistry.start(options);
  started.push(registry);
  const call = (
    method: string,
    path: string,
    init: { body?: string | Buffer; headers?: Record<string, string> } = {},
  ) =>
    fetch(new URL(path, `http://${registry.addr}`), {
      method,
      headers: init.headers ?? {},
      ...(init.body !== undefined && { body: new Uint8Array(Buffer.from(init.body)) }),
    });
  return { registry, call };
}

const codeOf = async (response: Response) =>
  ((await response.json()) as { errors: { code: string }[] }).errors.map((e) => e.code);

function manifestFor(config: Buffer, extra: Record<string, unknown> = {}) {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: CONFIG, digest: digestOf(config), size: config.length },
      layers: [],
      ...extra,
    }),
  );
}

describe('the fake registry, by the distribution spec', () => {
  it('answers the ping with the API version header', async () => {
    const { call } = await fake();
    const response = await call('GET', '/v2/');
    expect(response.status).toBe(200);
    expect(response.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('takes a chunked upload in order, refuses a chunk at the wrong offset with 416, and checks the digest', async () => {
    const { registry, call } = await fake();
    const start = await call('POST', '/v2/app/blobs/uploads/', { headers: { 'content-length': '0' } });
    expect(start.status).toBe(202);
    expect(start.headers.get('range')).toBe('0-0');
    const first = await call('PATCH', start.headers.get('location')!, {
      body: 'hello',
      headers: { 'content-range': '0-4', 'content-type': 'application/octet-stream' },
    });
    expect([first.status, first.headers.get('range')]).toEqual([202, '0-4']);
    const location = first.headers.get('location')!;
    const outOfOrder = await call('PATCH', location, { body: 'world', headers: { 'content-range': '10-14' } });
    expect([outOfOrder.status, outOfOrder.headers.get('range')]).toEqual([416, '0-4']);
    const status = await call('GET', location);
    expect([status.status, status.headers.get('range')]).toEqual([204, '0-4']);
    const wrong = await call('PUT', `${location}?digest=${WRONG}`, {
      body: 'world',
      headers: { 'content-range': '5-9' },
    });
    expect([wrong.status, await codeOf(wrong)]).toEqual([400, ['DIGEST_INVALID']]);
    // As in distribution, the session survives a wrong digest (the bytes sent with it were kept).
    const digest = digestOf(Buffer.from('helloworld'));
    const done = await call('PUT', `${location}?digest=${digest}`);
    expect([done.status, done.headers.get('docker-content-digest')]).toEqual([201, digest]);
    expect(registry.hasBlob('app', digest)).toBe(true);
    const head = await call('HEAD', `/v2/app/blobs/${digest}`);
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '10']);
    const range = await call('GET', `/v2/app/blobs/${digest}`, { headers: { range: 'bytes=5-' } });
    expect([range.status, await range.text()]).toEqual([206, 'world']);
  });

  it('takes a monolithic upload in one POST, verifying its digest', async () => {
    const { call } = await fake();
    const bytes = Buffer.from('one post');
    const wrong = await call('POST', `/v2/app/blobs/uploads/?digest=${WRONG}`, { body: bytes });
    expect([wrong.status, await codeOf(wrong)]).toEqual([400, ['DIGEST_INVALID']]);
    const right = await call('POST', `/v2/app/blobs/uploads/?digest=${digestOf(bytes)}`, { body: bytes });
    expect([right.status, right.headers.get('location')]).toEqual([201, `/v2/app/blobs/${digestOf(bytes)}`]);
  });

  it('stores manifests byte for byte, checks what they name, and serves them by tag and digest', async () => {
    const { registry, call } = await fake();
    const config = Buffer.from('{}');
    const manifest = manifestFor(config);
    const digest = digestOf(manifest);
    const put = (reference: string, type = OCI_MANIFEST, body = manifest) =>
      call('PUT', `/v2/app/manifests/${reference}`, { body, headers: { 'content-type': type } });
    const missing = await put('v1');
    expect([missing.status, await codeOf(missing)]).toEqual([400, ['MANIFEST_BLOB_UNKNOWN']]);
    registry.seedBlob('app', config);
    expect(await codeOf(await put(WRONG))).toEqual(['DIGEST_INVALID']);
    expect(await codeOf(await put('v1', OCI_INDEX))).toEqual(['MANIFEST_INVALID']);
    expect(await codeOf(await put('v1', OCI_MANIFEST, Buffer.from('not json')))).toEqual(['MANIFEST_INVALID']);
    const created = await put('v1');
    expect([created.status, created.headers.get('docker-content-digest')]).toEqual([201, digest]);
    for (const reference of ['v1', digest]) {
      const got = await call('GET', `/v2/app/manifests/${reference}`);
      expect(got.headers.get('content-type')).toBe(OCI_MANIFEST);
      expect(got.headers.get('docker-content-digest')).toBe(digest);
      expect(Buffer.from(await got.arrayBuffer()).equals(manifest)).toBe(true);
    }
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [{ mediaType: OCI_MANIFEST, digest: WRONG, size: 1 }],
      }),
    );
    expect(await codeOf(await put('multi', OCI_INDEX, index))).toEqual(['MANIFEST_BLOB_UNKNOWN']);
    expect((await call('DELETE', '/v2/app/manifests/v1')).status).toBe(202);
    const gone = await call('GET', '/v2/app/manifests/v1');
    expect([gone.status, await codeOf(gone)]).toEqual([404, ['MANIFEST_UNKNOWN']]);
    expect((await call('HEAD', `/v2/app/manifests/${digest}`)).status).toBe(200);
  });

  it('lists tags in order, n at a time, with a Link to the next page', async () => {
    const { registry, call } = await fake();
    const bytes = manifestFor(Buffer.from('{}'));
    registry.seedManifest('app', bytes, OCI_MANIFEST, ['e', 'a', 'd', 'c', 'b']);
    const pages: string[][] = [];
    let path: string | undefined = '/v2/app/tags/list?n=2';
    for (let i = 0; path && i < 10; i++) {
      const response: Response = await call('GET', path);
      pages.push(((await response.json()) as { tags: string[] }).tags);
      path = /<([^>]+)>; rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    const none = await call('GET', '/v2/app/tags/list?n=0');
    expect([await none.json(), none.headers.get('link')]).toEqual([{ name: 'app', tags: [] }, null]);
    const unknown = await call('GET', '/v2/nope/tags/list');
    expect([unknown.status, await codeOf(unknown)]).toEqual([404, ['NAME_UNKNOWN']]);
  });

  it('lists referrers of a digest, filtered by artifactType, and answers 404 when the API is off', async () => {
    const { registry, call } = await fake();
    const subject = { mediaType: OCI_MANIFEST, digest: WRONG, size: 1 };
    const sig = registry.seedManifest(
      'app',
      manifestFor(Buffer.from('{}'), { artifactType: 'sig', subject }),
      OCI_MANIFEST,
    );
    const sbom = registry.seedManifest('app', manifestFor(Buffer.from('{ }'), { subject }), OCI_MANIFEST);
    const all = await call('GET', `/v2/app/referrers/${WRONG}`);
    expect(all.headers.get('content-type')).toBe(OCI_INDEX);
    const listed = ((await all.json()) as { manifests: { digest: string; artifactType: string }[] }).manifests;
    expect(listed.map((d) => [d.digest, d.artifactType]).sort()).toEqual(
      [
        [sig, 'sig'],
        [sbom, CONFIG],
      ].sort(),
    );
    const filtered = await call('GET', `/v2/app/referrers/${WRONG}?artifactType=sig`);
    expect(filtered.headers.get('oci-filters-applied')).toBe('artifactType');
    expect(((await filtered.json()) as { manifests: unknown[] }).manifests).toHaveLength(1);
    expect((await call('GET', '/v2/app/referrers/sha256:nothex')).status).toBe(400);
    registry.quirks.referrersApi = false;
    expect((await call('GET', `/v2/app/referrers/${WRONG}`)).status).toBe(404);
  });

  it('mounts a blob the source repository has (201), and opens a session when it cannot (202)', async () => {
    const { registry, call } = await fake();
    const digest = registry.seedBlob('src', Buffer.from('layer'));
    const mount = (from: string) =>
      call('POST', `/v2/dst/blobs/uploads/?mount=${digest}&from=${from}`, { headers: { 'content-length': '0' } });
    expect((await mount('elsewhere')).status).toBe(202);
    const mounted = await mount('src');
    expect([mounted.status, mounted.headers.get('location')]).toEqual([201, `/v2/dst/blobs/${digest}`]);
    registry.quirks.mount = false;
    const refused = await call('POST', `/v2/other/blobs/uploads/?mount=${digest}&from=src`);
    expect([refused.status, refused.headers.get('location')]).toEqual([
      202,
      expect.stringMatching(/^\/v2\/other\/blobs\/uploads\//),
    ]);
  });
});

describe('the quirk switches', () => {
  it('no chunked uploads: PATCH is refused with UNSUPPORTED', async () => {
    const { call } = await fake({ quirks: { chunkedUploads: false } });
    const start = await call('POST', '/v2/app/blobs/uploads/');
    const patch = await call('PATCH', start.headers.get('location')!, {
      body: 'x',
      headers: { 'content-range': '0-0' },
    });
    expect([patch.status, await codeOf(patch)]).toEqual([405, ['UNSUPPORTED']]);
  });

  it('a request size limit: a larger body is refused with 413', async () => {
    const { call } = await fake({ quirks: { maxRequestBytes: 4 } });
    const start = await call('POST', '/v2/app/blobs/uploads/');
    const put = await call('PUT', `${start.headers.get('location')!}?digest=${digestOf(Buffer.from('12345'))}`, {
      body: '12345',
    });
    expect(put.status).toBe(413);
  });

  it("immutable tags: moving one fails with ECR's TAG_INVALID; a new tag is taken", async () => {
    const { registry, call } = await fake({ quirks: { immutableTags: (_repo, tag) => tag !== 'latest' } });
    registry.seedBlob('app', Buffer.from('{}'));
    registry.seedBlob('app', Buffer.from('{ }'));
    const put = (tag: string, config: string) =>
      call('PUT', `/v2/app/manifests/${tag}`, {
        body: manifestFor(Buffer.from(config)),
        headers: { 'content-type': OCI_MANIFEST },
      });
    expect((await put('v1', '{}')).status).toBe(201);
    const moved = await put('v1', '{ }');
    expect([moved.status, await codeOf(moved)]).toEqual([400, ['TAG_INVALID']]);
    expect((await put('latest', '{}')).status).toBe(201);
    expect((await put('latest', '{ }')).status).toBe(201);
  });

  it('a manifest not yet visible: unknown to the first N reads after it is written', async () => {
    const { registry, call } = await fake({ quirks: { manifestVisibleAfterReads: 2 } });
    registry.seedBlob('app', Buffer.from('{}'));
    const body = manifestFor(Buffer.from('{}'));
    expect(
      (await call('PUT', '/v2/app/manifests/v1', { body, headers: { 'content-type': OCI_MANIFEST } })).status,
    ).toBe(201);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('HEAD', '/v2/app/manifests/v1')).status);
    expect(statuses).toEqual([404, 404, 200]);
  });

  it('429 with Retry-After for the first N requests of a kind, and a log of every request', async () => {
    const { registry, call } = await fake({ quirks: { throttle: [{ kind: 'manifest', first: 2, retryAfter: '3' }] } });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const response = await call('GET', '/v2/app/manifests/v1');
      statuses.push([response.status, response.headers.get('retry-after')]);
    }
    expect(statuses).toEqual([
      [429, '3'],
      [429, '3'],
      [404, null],
    ]);
    expect((await call('GET', '/v2/')).status).toBe(200);
    expect(registry.lines()).toEqual([
      'GET /v2/app/manifests/v1 429',
      'GET /v2/app/manifests/v1 429',
      'GET /v2/app/manifests/v1 404',
      'GET /v2/ 200',
    ]);
    expect(registry.requests({ status: 429 }).map((r) => r.code)).toEqual(['TOOMANYREQUESTS', 'TOOMANYREQUESTS']);
  });
});

describe('authentication', () => {
  it('basic: 401 with a Basic challenge, then the request with the right user', async () => {
    const { call } = await fake({ auth: { scheme: 'basic', users: { ci: 'secret' } } });
    const anonymous = await call('GET', '/v2/');
    expect([anonymous.status, anonymous.headers.get('www-authenticate'), await codeOf(anonymous)]).toEqual([
      401,
      'Basic realm="fake-registry"',
      ['UNAUTHORIZED'],
    ]);
    const basic = (user: string) => ({ authorization: `Basic ${Buffer.from(user).toString('base64')}` });
    expect((await call('GET', '/v2/', { headers: basic('ci:wrong') })).status).toBe(401);
    expect((await call('GET', '/v2/', { headers: basic('ci:secret') })).status).toBe(200);
  });

  it('bearer: a challenge naming the token endpoint and scope; a token grants what it was asked for', async () => {
    const { registry, call } = await fake({ auth: { scheme: 'bearer', users: { ci: 'secret' } } });
    const challenge = (await call('POST', '/v2/app/blobs/uploads/')).headers.get('www-authenticate');
    expect(challenge).toBe(
      `Bearer realm="http://${registry.addr}/token",service="fake-registry",scope="repository:app:pull,push"`,
    );
    const user = { authorization: `Basic ${Buffer.from('ci:secret').toString('base64')}` };
    expect((await call('GET', '/token?service=fake-registry&scope=repository:app:pull')).status).toBe(401);
    const answer = await call('GET', '/token?service=fake-registry&scope=repository:app:pull', { headers: user });
    const { token } = (await answer.json()) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await call('GET', '/v2/app/tags/list', { headers: bearer })).status).toBe(404);
    const push = await call('POST', '/v2/app/blobs/uploads/', { headers: bearer });
    expect(push.status).toBe(401);
    expect(push.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });
});
