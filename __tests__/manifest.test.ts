import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/oci/manifest.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const digest = `sha256:${'a'.repeat(64)}`;

describe('parseManifest', () => {
  it('parses the bytes of one manifest once, however many steps read it', () => {
    const bytes = Buffer.from(
      JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: MANIFEST, digest, size: 1 }] }),
    );
    const first = parseManifest(bytes, INDEX, 'root');
    expect(parseManifest(bytes, INDEX, 'root again')).toBe(first);
    // The same text in another buffer is parsed on its own (nothing is shared by content).
    expect(parseManifest(Buffer.from(bytes), INDEX, 'copy')).not.toBe(first);
    expect(first.children.map((c) => c.digest)).toEqual([digest]);
  });

  it('still reports a broken manifest every time it is read', () => {
    const bytes = Buffer.from('{not json');
    expect(() => parseManifest(bytes, MANIFEST, 'source')).toThrow('source: the manifest is not valid JSON');
    expect(() => parseManifest(bytes, MANIFEST, 'source')).toThrow('source: the manifest is not valid JSON');
  });
});
