/**
 * The deploy script's swap, run by a real sh against a stand-in docker: every way the swap can end
 * once the running container is touched, and what it then leaves on "the VM".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markersOf, outcomeOf } from '../src/runtimes/vm/outcome.js';
import { EXIT } from '../src/runtimes/vm/script.js';
import { fakeVm, type FakeVm } from './helpers/vm-fake-docker.js';

let vm: FakeVm;
beforeEach(async () => {
  vm = await fakeVm();
});
afterEach(async () => {
  await vm.remove();
});

const OLD = 'registry.test/app@sha256:old';
const NEW = 'registry.test/app@sha256:new';
const context = { containerName: 'web', image: NEW, healthTimeoutSeconds: 5 };
const messageOf = (run: { code: number | null; stdout: string; stderr: string }) => {
  const outcome = outcomeOf({ host: 'vm1', code: run.code ?? 255, stdout: run.stdout, stderr: run.stderr }, context, [
    '--memory=lots',
  ]);
  return outcome.ok ? '(ok)' : outcome.message;
};

describe('the swap', () => {
  it('replaces the running container and removes the backup once the new one is healthy', async () => {
    await vm.container('web', 'running', OLD);
    const run = await vm.deploy({ name: 'web', image: NEW });
    expect(run.code).toBe(0);
    expect(markersOf(run.stdout)).toContain('deployed');
    expect(await vm.containers()).toEqual({ web: `running ${NEW} 0` });
  });

  it('puts the previous container back, running, when docker run refuses the new one', async () => {
    await vm.container('web', 'running', OLD);
    const run = await vm.deploy(
      { name: 'web', image: NEW },
      { FAKE_RUN: 'refuse', FAKE_REFUSAL: `invalid argument "lots" for "-m, --memory" flag: invalid size: 'lots'` },
    );
    expect(run.code).toBe(EXIT.runFailed);
    expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
    expect(markersOf(run.stdout)).toContain('restored running');
    expect(messageOf(run)).toBe(
      `docker run on vm1 refused the new container: invalid argument "lots" for "-m, --memory" flag: invalid size: 'lots'; ` +
        'most likely cause: container-args (--memory=lots); the previous container runs again as "web"',
    );
  });

  it('stops waiting as soon as the new container exits, shows its logs and puts the previous one back', async () => {
    await vm.container('web', 'running', OLD);
    const started = Date.now();
    const run = await vm.deploy({ name: 'web', image: NEW, timeout: 60 }, { FAKE_RUN: 'exit' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(EXIT.healthFailed);
    expect(markersOf(run.stdout)).toEqual(expect.arrayContaining(['exited 3', 'log a log line of web']));
    expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
    expect(messageOf(run)).toBe(
      'the new container on vm1 exited (code 3) before it was healthy; its last log lines are above; ' +
        'the previous container runs again as "web"',
    );
  });

  it('says plainly that the service is down, and how to bring it back, when the restore fails too', async () => {
    await vm.container('web', 'running', OLD);
    const run = await vm.deploy(
      { name: 'web', image: NEW },
      { FAKE_RUN: 'refuse', FAKE_REFUSAL: 'unknown flag: --frobnicate', FAKE_FAIL: 'rename web-previous web' },
    );
    expect(run.code).toBe(EXIT.runFailed);
    expect(await vm.containers()).toEqual({ 'web-previous': `exited ${OLD} 0` });
    expect(messageOf(run)).toBe(
      'docker run on vm1 refused the new container: unknown flag: --frobnicate; most likely cause: container-args (--frobnicate); ' +
        'restoring the previous container failed too (Error: injected failure of docker rename web-previous web): ' +
        'the service on vm1 is DOWN. Bring it back on vm1 with: docker rm -f web; docker rename web-previous web && docker start web',
    );
  });

  it("tries the previous container's start again while the engine still holds its ports", async () => {
    await vm.container('web', 'running', OLD);
    const run = await vm.deploy(
      { name: 'web', image: NEW },
      { FAKE_RUN: 'refuse', FAKE_REFUSAL: 'bad', FAKE_FAIL: 'start web', FAKE_FAIL_TIMES: '3', FAKE_NO_SLEEP: '1' },
    );
    expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
    expect((await vm.calls()).filter((call) => call === 'start web')).toHaveLength(4);
    expect(messageOf(run)).toMatch(/; the previous container runs again as "web"$/);
  });

  it('says the service is down, and how to start it, when the previous container does not start again', async () => {
    await vm.container('web', 'running', OLD);
    const run = await vm.deploy(
      { name: 'web', image: NEW },
      { FAKE_RUN: 'refuse', FAKE_REFUSAL: 'bad', FAKE_FAIL: 'start web', FAKE_NO_SLEEP: '1' },
    );
    expect(await vm.containers()).toEqual({ web: `exited ${OLD} 0` });
    // Tried for at most 30 s, once a second.
    expect((await vm.calls()).filter((call) => call === 'start web')).toHaveLength(30);
    expect(messageOf(run)).toMatch(
      /; the previous container is back as "web" but did not start again \(Error: injected failure of docker start web\): the service on vm1 is DOWN\. Start it on vm1 with: docker start web \(docker logs web says why it stops\)$/,
    );
  });

  it('restores when a step of the swap itself fails (set -e), e.g. stopping the previous container', async () => {
    await vm.container('web', 'running', OLD);
    const run = await vm.deploy({ name: 'web', image: NEW }, { FAKE_FAIL: 'stop web-previous' });
    expect(run.code).toBe(1);
    expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
    expect(messageOf(run)).toBe(
      'the deploy on vm1 failed (exit 1): Error: injected failure of docker stop web-previous; the previous container runs again as "web"',
    );
  });

  it.each(['SIGHUP', 'SIGINT', 'SIGTERM'] as const)(
    'puts the previous container back when %s arrives during the health check',
    async (signal) => {
      await vm.container('web', 'running', OLD);
      // sh runs its trap once the sleep it waits for ends: a short one keeps the test short.
      const run = await vm.deploy(
        { name: 'web', image: NEW, health: ['command', 'false'], timeout: 30 },
        { FAKE_SLEEP_SECONDS: '0.05' },
        (text, control) => {
          if (text.includes('PD:waiting') && !text.includes('PD:interrupted')) control.signal(signal);
        },
      );
      expect(run.code).toBe({ SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[signal]);
      expect(markersOf(run.stdout)).toEqual(
        expect.arrayContaining([`interrupted ${signal.slice(3)}`, 'restored running']),
      );
      expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
    },
  );

  it('puts the previous container back when the connection is gone (the next write fails)', async () => {
    await vm.container('web', 'running', OLD);
    let hungUp = false;
    await vm.deploy({ name: 'web', image: NEW, health: ['command', 'false'], timeout: 30 }, {}, (text, control) => {
      if (!hungUp && text.includes('PD:started')) {
        hungUp = true;
        control.hangUp();
      }
    });
    expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
    expect(await vm.calls()).toContain('rename web-previous web');
  });

  it('leaves a previous container that was stopped stopped, under its name', async () => {
    await vm.container('web', 'exited', OLD);
    const run = await vm.deploy({ name: 'web', image: NEW }, { FAKE_RUN: 'refuse', FAKE_REFUSAL: 'bad' });
    expect(await vm.containers()).toEqual({ web: `exited ${OLD} 0` });
    expect(messageOf(run)).toContain('the previous container is back as "web", stopped, as it was before the deploy');
  });

  it('removes a failed first container: nothing was there before', async () => {
    const run = await vm.deploy({ name: 'web', image: NEW }, { FAKE_RUN: 'exit' });
    expect(await vm.containers()).toEqual({});
    expect(messageOf(run)).toContain('there was no previous "web" to restore, and the new one was removed');
  });

  it('never removes a container it did not create, even when it could not see the running one', async () => {
    await vm.container('web', 'running', OLD);
    // The look at "web" before the swap fails once: to the script there is no previous container.
    const run = await vm.deploy(
      { name: 'web', image: NEW },
      { FAKE_FAIL: 'inspect --format {{.State.Running}} web', FAKE_FAIL_TIMES: '1' },
    );
    expect(run.code).toBe(EXIT.runFailed);
    expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
  });

  it('keeps a NAME-previous left by an earlier failed restore when this deploy fails too', async () => {
    await vm.container('web-previous', 'exited', OLD);
    await vm.deploy({ name: 'web', image: NEW }, { FAKE_RUN: 'exit' });
    expect(await vm.containers()).toEqual({ 'web-previous': `exited ${OLD} 0` });
  });

  it('touches nothing when the pull fails', async () => {
    await vm.container('web', 'running', OLD);
    const run = await vm.deploy({ name: 'web', image: NEW }, { FAKE_FAIL: '*pull*' });
    expect(run.code).toBe(EXIT.pullFailed);
    expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
    expect(messageOf(run)).toMatch(/^vm1 could not pull .*; the running "web" was not touched$/);
  });

  it('keeps the previous container running under its name when renaming it fails', async () => {
    await vm.container('web', 'running', OLD);
    const run = await vm.deploy({ name: 'web', image: NEW }, { FAKE_FAIL: 'rename web web-previous' });
    expect(run.code).toBe(1);
    expect(await vm.containers()).toEqual({ web: `running ${OLD} 0` });
  });
});
