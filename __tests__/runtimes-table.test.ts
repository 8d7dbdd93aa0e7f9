/**
 * Every runtime the action declares has a module that reads its inputs, loads and labels its leg:
 * a name added to action.yml or to RuntimeInputsMap without its folder and table line fails here
 * (and the second also fails to compile).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../src/inputs.js';
import { legOf } from '../src/main.js';
import { loadRuntime, RUNTIME_NAMES, type RuntimeName } from '../src/runtimes/index.js';
import { ROOT } from './helpers/services.js';

/** The runtime names action.yml's `runtime` input lists, each in backquotes. */
async function declaredRuntimes(): Promise<string[]> {
  const action = await readFile(join(ROOT, 'action.yml'), 'utf8');
  const input = action.slice(action.indexOf('\n  runtime:\n')).split(/\n {2}(?=\S)/)[1]!;
  return [...input.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!);
}

/** Valid inputs for each runtime; typed by RuntimeName, so a new runtime needs its line here too. */
const SAMPLES: Record<RuntimeName, Record<string, string>> = {
  none: {},
  ecs: { 'aws-region': 'eu-west-1', 'ecs-cluster': 'main', 'ecs-service': 'web' },
  vm: {
    'ssh-host': 'vm1.example.com',
    'ssh-user': 'deploy',
    'ssh-private-key': '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----',
    'ssh-known-hosts': 'vm1.example.com ssh-ed25519 AAAA',
    'container-name': 'app',
  },
  'cloud-run': { 'gcp-project': 'demo-project', 'gcp-region': 'us-central1', 'cloud-run-service': 'web' },
  'container-apps': { 'azure-resource-group': 'apps-rg', 'container-apps-app': 'web' },
  kubernetes: { 'k8s-workload': 'deployment/web', 'k8s-namespace': 'prod' },
};

describe('the runtime table', () => {
  it('has a module for every runtime action.yml declares, and no other', async () => {
    const declared = await declaredRuntimes();
    expect(declared).toContain('none');
    expect([...RUNTIME_NAMES].sort()).toEqual([...declared].sort());
  });

  it.each(RUNTIME_NAMES)('reads, loads and labels runtime %s', async (name) => {
    const values: Record<string, string> = {
      image: 'ghcr.io/o/app:1',
      destination: 'registry.example.com/app',
      runtime: name,
      ...SAMPLES[name],
    };
    const inputs = readInputs((input) => values[input] ?? '');
    expect(inputs.runtime).toBe(name);
    const runtime = await loadRuntime(inputs);
    if (name === 'none') {
      expect(runtime).toBeUndefined();
      expect(legOf(inputs)).toBe('registry.example.com/app');
    } else {
      expect(runtime?.name).toBe(name);
      expect(legOf(inputs)).toMatch(new RegExp(`^registry\\.example\\.com/app → ${name} \\S`));
    }
  });
});
