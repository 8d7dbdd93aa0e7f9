import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/services.js';

describe('the runtime the action declares', () => {
  it('declares node24 and dist/index.js', async () => {
    const action = await readFile(join(ROOT, 'action.yml'), 'utf8');
    expect(action).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js$/m);
  });

  it('is the runtime these tests run on', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('documents every input and output of action.yml in the README', async () => {
    const action = await readFile(join(ROOT, 'action.yml'), 'utf8');
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const section = (name: string) => action.slice(action.indexOf(`${name}:\n`)).split(/\n(?=\S)/)[0]!;
    const names = (text: string) => [...text.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]!);
    const declared = [...names(section('inputs')), ...names(section('outputs'))];
    expect(declared.length).toBeGreaterThan(10);
    for (const name of declared) expect(readme, name).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|`));
  });
});
