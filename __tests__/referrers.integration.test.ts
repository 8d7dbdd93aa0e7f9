/**
 * Signatures, SBOMs and attestations travel with the image: cosign tags, OCI referrers through the
 * tag schema (what distribution 2.8 offers) and through the referrers API (a proxy adds it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/oci/client.js';
import { copyImage } from '../src/oci/copy.js';
import { RegistrySource } from '../src/oci/sources/index.js';
import { parseReference } from '../src/oci/reference.js';
import { singlePlatformLayout, type Layout } from './helpers/image.js';
import { pushCosignSignature, pushReferrer, pushSchemaIndex, type Pushed } from './helpers/raw-push.js';
import { rawManifest, skopeo, startRegistry, type Registry } from './helpers/services.js';

let work: string;
let a: Registry;
let b: Registry;
let layout: Layout;
let signature: Pushed;
let sbom: Pushed;
let sbomSignature: Pushed;

const client = (addr: string) => new RegistryClient(addr, { credentials: async () => undefined });
const schemaTag = (digest: string) => digest.replace(':', '-');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pd-referrers-'));
  [a, b] = await Promise.all([startRegistry(), startRegistry()]);
  layout = await singlePlatformLayout(join(work, 'layout'), 'v1', [30_000]);
  await skopeo('copy', '--dest-tls-verify=false', `oci:${layout.dir}:v1`, `docker://${a.addr}/signed/app:v1`);
  const root = layout.root;
  signature = await pushCosignSignature(a.addr, 'signed/app', root.digest);
  sbom = await pushReferrer(a.addr, 'signed/app', root, 'application/spdx+json', '{"spdxVersion":"SPDX-2.3"}');
  sbomSignature = await pushReferrer(
    a.addr,
    'signed/app',
    sbom,
    'application/vnd.dev.sigstore.bundle.v0.3+json',
    '{"sig":"x"}',
  );
  await pushSchemaIndex(a.addr, 'signed/app', root.digest, [{ ...sbom, artifactType: 'application/spdx+json' }]);
  await pushSchemaIndex(a.addr, 'signed/app', sbom.digest, [sbomSignature]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await rm(work, { recursive: true, force: true });
});

describe('copy-referrers', () => {
  it('copies the cosign signature tag, the referrers (two levels deep) and their tag-schema indexes', async () => {
    const result = await copyImage({
      source: new RegistrySource(parseReference(`${a.addr}/signed/app:v1`), client(a.addr)),
      target: { client: client(b.addr), repository: 'copy/app' },
      tags: ['v1'],
    });
    expect(result.related.referrers).toBe(2);
    expect([...result.related.tags].sort()).toEqual(
      [`${schemaTag(layout.root.digest)}.sig`, schemaTag(layout.root.digest), schemaTag(sbom.digest)].sort(),
    );
    expect(await rawManifest(`${b.addr}/copy/app:${schemaTag(layout.root.digest)}.sig`)).toBe(
      signature.bytes.toString(),
    );
    expect(await rawManifest(`${b.addr}/copy/app@${sbom.digest}`)).toBe(sbom.bytes.toString());
    expect(await rawManifest(`${b.addr}/copy/app@${sbomSignature.digest}`)).toBe(sbomSignature.bytes.toString());
    const index = JSON.parse(await rawManifest(`${b.addr}/copy/app:${schemaTag(layout.root.digest)}`)) as {
      manifests: { digest: string }[];
    };
    expect(index.manifests.map((m) => m.digest)).toEqual([sbom.digest]);
  });

  it('copies none of them with copy-referrers false', async () => {
    const result = await copyImage({
      source: new RegistrySource(parseReference(`${a.addr}/signed/app:v1`), client(a.addr)),
      target: { client: client(b.addr), repository: 'bare/app' },
      tags: ['v1'],
      copyReferrers: false,
    });
    expect(result.related).toEqual({ referrers: 0, tags: [] });
    await expect(rawManifest(`${b.addr}/bare/app:${schemaTag(layout.root.digest)}.sig`)).rejects.toThrow();
    await expect(rawManifest(`${b.addr}/bare/app@${sbom.digest}`)).rejects.toThrow();
  });

  it('merges the tag-schema index with referrers the destination already lists', async () => {
    const theirs = await pushReferrer(b.addr, 'merge/app', layout.root, 'application/vnd.example.scan', 'scan');
    await pushSchemaIndex(b.addr, 'merge/app', layout.root.digest, [theirs]);
    await copyImage({
      source: new RegistrySource(parseReference(`${a.addr}/signed/app:v1`), client(a.addr)),
      target: { client: client(b.addr), repository: 'merge/app' },
      tags: ['v1'],
    });
    const index = JSON.parse(await rawManifest(`${b.addr}/merge/app:${schemaTag(layout.root.digest)}`)) as {
      manifests: { digest: string }[];
    };
    expect(index.manifests.map((m) => m.digest)).toEqual([theirs.digest, sbom.digest]);
  });

  it('uses the referrers API where the registry offers it', async () => {
    // A registry front that answers the referrers API for the image (from what it knows) and proxies the rest.
    const seen: string[] = [];
    const api: Server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === `/v2/signed/app/referrers/${layout.root.digest}`) {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
        res.end(
          JSON.stringify({
            schemaVersion: 2,
            mediaType: 'application/vnd.oci.image.index.v1+json',
            manifests: [{ mediaType: sbom.mediaType, digest: sbom.digest, size: sbom.size }],
          }),
        );
        return;
      }
      if (req.url?.includes('/referrers/')) {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
        res.end(
          JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }),
        );
        return;
      }
      const [host, port] = a.addr.split(':');
      const forward = request(
        { host, port: Number(port), method: req.method, path: req.url, headers: req.headers },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const addr = `127.0.0.1:${(api.address() as { port: number }).port}`;
      const result = await copyImage({
        source: new RegistrySource(parseReference(`${addr}/signed/app:v1`), client(addr)),
        target: { client: client(b.addr), repository: 'api/app' },
        tags: ['v1'],
      });
      // The API answered, so the tag-schema index was not read (only the cosign tag was).
      expect(seen).toContain(`GET /v2/signed/app/referrers/${layout.root.digest}`);
      expect(seen).not.toContain(`GET /v2/signed/app/manifests/${schemaTag(layout.root.digest)}`);
      expect(result.related.referrers).toBe(1);
      expect(await rawManifest(`${b.addr}/api/app@${sbom.digest}`)).toBe(sbom.bytes.toString());
    } finally {
      api.close();
    }
  });
});
