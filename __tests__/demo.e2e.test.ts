/** `npm run demo`, the README's second command, keeps working: it runs whole, as a newcomer would. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/services.js';

describe('npm run demo', () => {
  it('copies the multi-platform image by digest and deploys to a VM, ECS on moto and Cloud Run, leaving nothing running', async () => {
    const { stdout } = await promisify(execFile)('bash', ['scripts/demo.sh'], {
      cwd: ROOT,
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain('platforms: linux/amd64, linux/arm64');
    expect(stdout).toMatch(/=== the same again: already up to date[\s\S]*already at sha256:/);
    expect(stdout).toMatch(/source {6}(sha256:[0-9a-f]{64})\ndestination (\1)\nidentical/);
    expect(stdout).toMatch(/127\.0\.0\.1: "demo-web" now runs \S+ and is healthy/);
    expect(stdout).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/ -> hello from portable-deploy/);
    expect(stdout).toContain('created the ECR repository "web"');
    expect(stdout).toMatch(/updated service web to web:2/);
    expect(stdout).toMatch(/ecs-task-definition-arn +arn:aws:ecs:us-east-1:123456789012:task-definition\/web:2/);
    expect(stdout).toContain('created the Artifact Registry Docker repository "apps"');
    expect(stdout).toMatch(/Cloud Run service web created: revision (web-00001-\w+) serves 100% of traffic/);
    expect(stdout).toMatch(
      /Cloud Run service web updated: revision web-00002-\w+ serves 0% of traffic at https:\/\/pr-5---web-/,
    );
    expect(stdout).not.toContain('(the action failed)');
    // Its registries and moto_server were stopped: nothing runs from its work directory any more.
    const running = await promisify(execFile)('pgrep', ['-f', 'portable-deploy-demo']).then(
      (r) => r.stdout,
      () => '',
    );
    expect(running).toBe('');
  }, 200_000);
});
