/**
 * The layers point down: oci/ (the distribution client) knows nothing of registries, runtimes,
 * clouds or GitHub, and no module imports itself back through others. Inside oci/, only the
 * registry operations and the upload requests send through the transport.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/services.js';

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every relative import of a file, static or dynamic, type-only or not, as a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((m) =>
    relative(SRC, normalize(join(dirname(file), m[1]!.replace(/\.js$/, '.ts')))),
  );
}

const graph = new Map(sourceFiles(SRC).map((file) => [relative(SRC, file), importsOf(file)]));

describe('layering', () => {
  it('oci/ imports nothing from registries/, runtimes/, clouds/ or github/', () => {
    const upward = [...graph]
      .filter(([file]) => file.startsWith('oci/'))
      .flatMap(([file, imports]) =>
        imports.filter((target) => /^(registries|runtimes|clouds|github)\//.test(target)).map((t) => `${file} → ${t}`),
      );
    expect(upward).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('sends registry requests only from the operations (client.ts) and the upload requests', () => {
    const protocol = ['oci/client.ts', 'oci/upload-requests.ts'];
    const reachTransport = [...graph]
      .filter(([, imports]) => imports.includes('oci/registry-transport.ts') || imports.includes('oci/http.ts'))
      .map(([file]) => file)
      .sort();
    // ACR's token exchange (POST /oauth2/exchange) is no registry request, but reaches the registry's
    // host the way its requests do (registry-endpoints, proxies).
    expect(reachTransport).toEqual([...protocol, 'oci/registry-transport.ts', 'registries/acr-api.ts'].sort());
    // http.ts calls Node's own request(); everyone else in oci/ asks an operation (getBlob, not request).
    const callers = [...graph.keys()]
      .filter((file) => file.startsWith('oci/') && file !== 'oci/http.ts')
      .filter((file) => /\.request\(/.test(readFileSync(join(SRC, file), 'utf8')))
      .sort();
    expect(callers).toEqual(protocol);
  });
});
