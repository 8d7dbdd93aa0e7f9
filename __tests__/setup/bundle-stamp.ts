/**
 * Whether dist/ is the bundle of the current source, without rebuilding (a build takes ~30 s): a
 * stamp kept outside the repository records the hash of the build's inputs and of the dist/ it
 * built. Any change to either (an edited src/ file, a checkout, a hand-edited dist/) means a rebuild.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/services.js';

/** What `npm run build` reads (node_modules follows package-lock.json). */
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** The files at these paths (a file, or every file under a folder), absolute, sorted. */
function filesAt(paths: string[]): string[] {
  return paths
    .map((path) => join(ROOT, path))
    .filter((full) => existsSync(full))
    .flatMap((full) =>
      statSync(full).isDirectory()
        ? readdirSync(full, { withFileTypes: true, recursive: true })
            .filter((entry) => entry.isFile())
            .map((entry) => join(entry.parentPath, entry.name))
        : [full],
    )
    .sort();
}

function hashOf(paths: string[]): string {
  const hash = createHash('sha256');
  for (const file of filesAt(paths))
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const stampFile = () =>
  join(tmpdir(), `portable-deploy-bundle-${createHash('sha256').update(ROOT).digest('hex').slice(0, 16)}.json`);

const current = () => ({ inputs: hashOf(INPUTS), dist: hashOf(['dist']) });

export function bundleIsCurrent(): boolean {
  if (!existsSync(stampFile())) return false;
  const stamp = JSON.parse(readFileSync(stampFile(), 'utf8')) as { inputs?: string; dist?: string };
  const now = current();
  return stamp.inputs === now.inputs && stamp.dist === now.dist;
}

export function recordBundle(): void {
  writeFileSync(stampFile(), JSON.stringify(current()));
}
