/** `npm run demo`, the README's second command, keeps working: it runs whole, as a newcomer would. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/services.js';

describe('npm run demo', () => {
  it('copies the multi-platform image by digest and deploys to a VM, ECS on moto, Cloud Run, Container Apps and Kubernetes, leaving nothing running', async () => {
    const { stdout } = await promisify(execFile)('bash', ['scripts/demo.sh'], {
      cwd: ROOT,
      timeout: 300_000,
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
    // Azure: OIDC federation, push to the ACR stand-in, the app, then a labelled preview revision.
    const [, acrDigest] = /=== push to ACR with OIDC[\s\S]*?pushed (sha256:[0-9a-f]{64})/.exec(stdout) ?? [];
    expect(acrDigest).toBeDefined();
    expect(stdout).toContain(`image                    myreg.azurecr.io/web@${acrDigest}`);
    expect(stdout).toContain('Container App web updated: revision web--v1; traffic 100% to web--v1 at https://web.');
    expect(stdout).toMatch(
      /Container App web updated: revision web--pr-5; traffic 100% to web--v1, 0% to web--pr-5 \(label pr-5\) at https:\/\/web---pr-5\./,
    );
    expect(stdout).toMatch(/url +https:\/\/web---pr-5\.\S+\.azurecontainerapps\.io\n/);
    // Kubernetes: a rollout, a crashing release undone, a Job run.
    expect(stdout).toMatch(/deployment\/web rolled out 127\.0\.0\.1:\d+\/web\/app@sha256:[0-9a-f]{64} \(revision 2\)/);
    expect(stdout).toMatch(
      /=== a release whose pods crash: undone[\s\S]*?deployment\/web: restored the pod template it had before/,
    );
    expect(stdout).toContain('(the action failed, as this run should)');
    expect(stdout).toMatch(/job\/migrate-\w{5} \(from job\/migrate\) completed on /);
    // Tokens reach the runner only to be masked: the demo shows none.
    expect(stdout).not.toMatch(/eyJ[\w-]{20,}\.[\w-]{20,}/);
    expect(stdout).not.toContain('(the action failed)');
    // Its registries and moto_server were stopped: nothing runs from its work directory any more.
    const running = await promisify(execFile)('pgrep', ['-f', 'portable-deploy-demo']).then(
      (r) => r.stdout,
      () => '',
    );
    expect(running).toBe('');
  }, 320_000);
});
