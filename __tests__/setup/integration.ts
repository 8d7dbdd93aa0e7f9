/**
 * The integration tier's global setup, run once before any of its test files starts:
 * 1. installs the system packages the services need, in one serialised step (test files that each
 *    ran `apt-get install` raced for the dpkg lock on a fresh machine);
 * 2. builds dist/ when it is not the bundle of the current source, since the end-to-end tests run
 *    dist/index.js and must never test a stale bundle.
 */
import { execFileSync } from 'node:child_process';
import { bundleIsCurrent, recordBundle } from './bundle-stamp.js';
import { ROOT } from '../helpers/services.js';

function step(what: string, command: string, args: string[]): void {
  try {
    execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`integration tests: ${what} failed (${detail}); see the messages above`, { cause: error });
  }
}

export default function setup(): void {
  step('installing the test services (scripts/install-test-deps.sh)', 'bash', ['scripts/install-test-deps.sh']);
  if (bundleIsCurrent()) return;
  console.log('integration tests: building dist/ (npm run build), which the end-to-end tests run');
  step('building dist/ (npm run build)', 'npm', ['run', 'build', '--silent']);
  recordBundle();
}
