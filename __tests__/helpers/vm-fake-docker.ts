/**
 * A stand-in `docker` for the deploy script's own logic: a shell script on PATH that keeps each
 * container as a small state file, logs every call, and fails the calls a test names. Only for
 * the paths the real engine cannot be made to take on demand (a restore that fails, a signal at a
 * chosen moment); everything else is tested against Podman in vm.e2e.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_SCRIPT } from '../../src/runtimes/vm/script.js';

const FAKE_DOCKER = `#!/bin/sh
# state: $FAKE_STATE/containers/NAME holds "status image exitcode"
set -u
c=$FAKE_STATE/containers
echo "$*" >>"$FAKE_STATE/calls"
# FAKE_FAIL: a glob; the calls it matches fail (the first FAKE_FAIL_TIMES of them, if set)
case "$*" in \${FAKE_FAIL:-})
  if [ -n "\${FAKE_FAIL:-}" ] && [ "$(grep -c . "$FAKE_STATE/failed")" -lt "\${FAKE_FAIL_TIMES:-99999}" ]; then
    echo "$*" >>"$FAKE_STATE/failed"
    echo "Error: injected failure of docker $*" >&2
    exit 1
  fi ;;
esac
[ "$1" = --config ] && shift 2
get() { [ -f "$c/$1" ] || { echo "Error: no such object: $1" >&2; exit 1; }; read -r status image code <"$c/$1"; }
case $1 in
pull) exit 0 ;;
inspect)
  if [ "$2" = --format ]; then get "$4"; else get "$2"; exit 0; fi
  running=false; [ "$status" = running ] && running=true
  case $3 in
  *Config.Image*) echo "$running $image" ;;
  *State.Status*) echo "$status no" ;;
  *ExitCode*) echo "$code" ;;
  *) echo "$running" ;;
  esac ;;
rm) [ -f "$c/$3" ] || { echo "Error: no such container: $3" >&2; exit 1; }; rm -f "$c/$3" ;;
rename) get "$2"; [ ! -f "$c/$3" ] || { echo "Error: name $3 already in use" >&2; exit 1; }; mv "$c/$2" "$c/$3" ;;
stop) get "$2"; echo "exited $image 0" >"$c/$2" ;;
start) get "$2"; echo "running $image 0" >"$c/$2" ;;
logs) echo "a log line of $4" ;;
exec) exit 1 ;;
run)
  shift 2
  cidfile=/dev/null
  [ "$1" = --cidfile ] && { cidfile=$2; shift 2; }
  name=$2; shift 2
  [ ! -f "$c/$name" ] || { echo "Error: name $name already in use" >&2; exit 125; }
  while [ $# -gt 1 ]; do shift; done
  echo "$name" >"$cidfile" # the fake's ids are the names
  case \${FAKE_RUN:-ok} in
  refuse) echo "created $1 0" >"$c/$name"; printf 'docker: %s\\n\\nRun %s for more information\\n' "$FAKE_REFUSAL" "'docker run --help'" >&2; exit 125 ;;
  exit) echo "exited $1 3" >"$c/$name" ;;
  *) echo "running $1 0" >"$c/$name" ;;
  esac
  echo 0123456789ab ;;
*) echo "fake docker: $1 is not faked" >&2; exit 2 ;;
esac
`;

export interface FakeVm {
  readonly state: string;
  /** Puts a container in place: NAME → "status image exitcode". */
  container(name: string, status: 'running' | 'exited', image: string): Promise<void>;
  /** Every container, as NAME → "status image exitcode". */
  containers(): Promise<Record<string, string>>;
  calls(): Promise<string[]>;
  /** Runs the deploy script; `onStdout` sees its output as it comes (to send a signal at a chosen line). */
  deploy(
    args: { name: string; image: string; health?: [kind: string, target: string]; timeout?: number },
    env?: Record<string, string>,
    onStdout?: (text: string, control: { signal(name: NodeJS.Signals): void; hangUp(): void }) => void,
  ): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  remove(): Promise<void>;
}

export async function fakeVm(): Promise<FakeVm> {
  const state = await mkdtemp(join(tmpdir(), 'pd-fake-docker-'));
  await mkdir(join(state, 'containers'));
  await mkdir(join(state, 'bin'));
  await writeFile(join(state, 'bin', 'docker'), FAKE_DOCKER, { mode: 0o755 });
  await writeFile(join(state, 'calls'), '');
  await writeFile(join(state, 'failed'), '');
  // With FAKE_NO_SLEEP, waits (between retries, in the health loop) take no time; with
  // FAKE_SLEEP_SECONDS, each wait is a real sleep of that length (a signal still lands in one).
  await writeFile(
    join(state, 'bin', 'sleep'),
    '#!/bin/sh\n[ -n "${FAKE_NO_SLEEP:-}" ] || exec /bin/sleep "${FAKE_SLEEP_SECONDS:-$1}"\n',
    { mode: 0o755 },
  );
  return {
    state,
    container: (name, status, image) => writeFile(join(state, 'containers', name), `${status} ${image} 0\n`),
    containers: async () => {
      const names = await readdir(join(state, 'containers'));
      const entries = await Promise.all(
        names.map(async (n) => [n, (await readFile(join(state, 'containers', n), 'utf8')).trim()] as const),
      );
      return Object.fromEntries(entries);
    },
    calls: async () => (await readFile(join(state, 'calls'), 'utf8')).trim().split('\n'),
    deploy: (args, env = {}, onStdout) =>
      new Promise((resolve, reject) => {
        const [kind, target] = args.health ?? ['none', ''];
        const child = spawn(
          'sh',
          [
            '-c',
            DEPLOY_SCRIPT,
            'deploy',
            'registry.test',
            args.image,
            args.name,
            '',
            kind,
            target,
            String(args.timeout ?? 5),
            '--label=x=1',
          ],
          {
            env: { ...process.env, PATH: `${join(state, 'bin')}:${process.env.PATH}`, FAKE_STATE: state, ...env },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          onStdout?.(stdout, {
            signal: (name) => child.kill(name),
            // What a dropped SSH connection is to the remote shell: its stdout has no reader any more.
            hangUp: () => child.stdout.destroy(),
          });
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
      }),
    remove: () => rm(state, { recursive: true, force: true }),
  };
}
