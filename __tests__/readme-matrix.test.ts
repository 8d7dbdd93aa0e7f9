/**
 * The README's "A matrix over clouds" example, leg by leg: one `with:` block for every cloud, so each
 * leg's inputs must read without errors, and each leg gets its own runtime (the Azure leg deploys to
 * Container Apps); inputs for the other legs' runtimes are not read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from '../src/inputs.js';
import { ROOT } from './helpers/services.js';

interface MatrixExample {
  jobs: {
    deploy: {
      strategy: { matrix: { include: Record<string, string>[] } };
      steps: { uses?: string; with?: Record<string, string> }[];
    };
  };
}

function matrixExample(): MatrixExample {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### A matrix over clouds'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (!yaml) throw new Error('no yaml block in the README section "A matrix over clouds"');
  return parse(yaml) as MatrixExample;
}

/** The step's inputs for one leg: `${{ matrix.X }}` replaced by the leg's value, `github.repository` and `github.sha` by samples. */
function legInputs(leg: Record<string, string>, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(given).map(([name, value]) => [
      name,
      String(value)
        .replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key: string) => leg[key] ?? '')
        .replace(/\$\{\{\s*github\.repository\s*\}\}/g, 'octo/app')
        .replace(/\$\{\{\s*github\.sha\s*\}\}/g, '0123456789abcdef0123456789abcdef01234567'),
    ]),
  );
}

describe('the README matrix example', () => {
  const example = matrixExample();
  const step = example.jobs.deploy.steps.find((s) => s.uses?.startsWith('portable-deploy/'))!;
  const legs = example.jobs.deploy.strategy.matrix.include;

  it('gives each cloud its runtime: ECS, Cloud Run, Container Apps, and a Kubernetes cluster', () => {
    expect(legs.map((l) => [l.cloud, l.runtime])).toEqual([
      ['aws', 'ecs'],
      ['gcp', 'cloud-run'],
      ['azure', 'container-apps'],
      ['gke', 'kubernetes'],
    ]);
  });

  it.each(legs.map((leg) => [leg.cloud!, leg] as const))('the %s leg reads its inputs without errors', (_, leg) => {
    const values = legInputs(leg, step.with ?? {});
    const inputs = readInputs((name) => values[name] ?? '');
    expect(inputs.runtime).toBe(leg.runtime);
  });
});
