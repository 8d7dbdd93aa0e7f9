/**
 * On a runner every input action.yml gives a default arrives set to it, as if the workflow had
 * written it. A reader that treats "given" as "set by the user" then refuses an ordinary step (a
 * task-only input "given" to a service update). Each runtime's usual steps, with every default
 * applied as the runner applies it, must read without a problem.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError, readInputs } from '../src/inputs.js';
import { RUNTIME_NAMES } from '../src/runtimes/index.js';
import { clearWarnings, warningsSoFar } from '../src/warnings.js';

const action = parse(readFileSync(join(import.meta.dirname, '..', 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: unknown }>;
};
// The runner substitutes expressions in defaults (github-token's ${{ github.token }}).
const DEFAULTS = Object.fromEntries(
  Object.entries(action.inputs).map(([name, input]) => [
    name,
    String(input.default ?? '').replace(/\$\{\{[^}]*\}\}/g, 'ghs_token'),
  ]),
);

const COMMON = { image: 'ghcr.io/org/app:1.2' };

/** A usual step of each runtime (as the README shows them), by name. */
const STEPS: Record<string, Record<string, string>> = {
  'push only': { destination: '127.0.0.1:5000/app' },
  'ecs service': {
    destination: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app',
    runtime: 'ecs',
    'ecs-cluster': 'prod',
    'ecs-service': 'web',
  },
  'ecs task': {
    destination: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app',
    runtime: 'ecs',
    'ecs-cluster': 'prod',
    'ecs-run-task': 'true',
    'ecs-task-definition': 'migrate',
  },
  'ecs scheduled task': {
    destination: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app',
    runtime: 'ecs',
    'ecs-cluster': 'cron',
    'ecs-scheduled-task': 'schedule/reports/daily',
  },
  vm: {
    destination: '127.0.0.1:5000/app',
    runtime: 'vm',
    'ssh-host': 'vm.example.com',
    'ssh-user': 'deploy',
    'ssh-private-key': '-----BEGIN OPENSSH PRIVATE KEY-----\nkey\n-----END OPENSSH PRIVATE KEY-----',
    'ssh-known-hosts':
      'vm.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    'container-name': 'web',
  },
  'cloud run service': {
    destination: 'us-docker.pkg.dev/p/r/app',
    runtime: 'cloud-run',
    'gcp-project': 'my-project',
    'gcp-region': 'us-central1',
    'cloud-run-service': 'web',
  },
  'cloud run job': {
    destination: 'us-docker.pkg.dev/p/r/app',
    runtime: 'cloud-run',
    'gcp-project': 'my-project',
    'gcp-region': 'us-central1',
    'cloud-run-job': 'migrate',
  },
  'container apps app': {
    destination: 'myreg.azurecr.io/app',
    runtime: 'container-apps',
    'azure-resource-group': 'rg',
    'container-apps-app': 'web',
  },
  'container apps job': {
    destination: 'myreg.azurecr.io/app',
    runtime: 'container-apps',
    'azure-resource-group': 'rg',
    'container-apps-job': 'migrate',
  },
  kubernetes: {
    destination: 'ghcr.io/org/app',
    runtime: 'kubernetes',
    'k8s-workload': 'deployment/web',
  },
};

function problemsWithDefaults(step: Record<string, string>): string[] {
  const values: Record<string, string> = { ...DEFAULTS, ...COMMON, ...step };
  try {
    readInputs(
      (name) => values[name] ?? '',
      () => {},
    );
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.input}: ${p.message}`);
    throw error;
  }
}

describe('every action.yml default, as the runner sets them', () => {
  it.each(Object.keys(STEPS))('a usual %s step reads without a problem', (name) => {
    expect(problemsWithDefaults(STEPS[name]!)).toEqual([]);
  });

  it('covers every runtime', () => {
    const covered = new Set(Object.values(STEPS).map((step) => step.runtime ?? 'none'));
    expect(RUNTIME_NAMES.filter((runtime) => !covered.has(runtime))).toEqual([]);
  });
});

describe("a runtime's own wait against the run's timeout, with every default applied", () => {
  function warningsWith(step: Record<string, string>): readonly string[] {
    clearWarnings(() => {});
    const values: Record<string, string> = { ...DEFAULTS, ...COMMON, ...step };
    readInputs(
      (name) => values[name] ?? '',
      () => {},
    );
    return warningsSoFar();
  }

  it.each(Object.keys(STEPS))('a usual %s step with the default timeout warns of nothing', (name) => {
    expect(warningsWith(STEPS[name]!).filter((w) => w.includes('timeout'))).toEqual([]);
  });

  it('an ECS step that waits for nothing (a scheduled task, wait-for-stability false) is not warned', () => {
    for (const step of [STEPS['ecs scheduled task']!, { ...STEPS['ecs service']!, 'wait-for-stability': 'false' }])
      expect(warningsWith({ ...step, timeout: '5m', 'wait-timeout': '600' })).toEqual([]);
  });

  it.each(Object.keys(STEPS).filter((name) => name !== 'push only' && name !== 'ecs scheduled task'))(
    "a %s step whose own wait is not shorter than the run's timeout is warned, naming both inputs",
    (name) => {
      const step = STEPS[name]!;
      const input = step.runtime === 'vm' ? 'health-timeout' : 'wait-timeout';
      const warnings = warningsWith({ ...step, timeout: '5m', [input]: '300' });
      expect(warnings).toEqual([
        `${input} and timeout: ${input} (300 s) is not shorter than timeout (5m), the whole run's limit: ` +
          `the deploy's waits are cut to end before the run's timeout (leaving time to undo, or to say what is left), so the step may fail before ${input}. ` +
          `Raise timeout above ${input}, or lower ${input}`,
      ]);
      expect(warningsWith({ ...step, timeout: '5m', [input]: '299' })).toEqual([]);
    },
  );
});
