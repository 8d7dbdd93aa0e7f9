import { defineConfig } from 'vitest/config';

/**
 * Two tiers, by file name:
 * - unit (`*.test.ts`): no services, no system packages, no dist/ bundle; runs in seconds.
 * - integration (`*.integration.test.ts`, `*.e2e.test.ts`): real registries, sshd, Podman, moto,
 *   skopeo, and the bundled action. Its global setup installs the system packages once and builds
 *   dist/ first when it is stale.
 * `vitest run FILE` runs a file in its own tier, with that tier's setup only.
 */
const INTEGRATION = ['__tests__/**/*.integration.test.ts', '__tests__/**/*.e2e.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start their own registries; two workers suit the 2-core machines.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Worker threads start faster than forked processes: about a quarter less CPU for the tier.
        test: { name: 'unit', include: ['__tests__/**/*.test.ts'], exclude: INTEGRATION, pool: 'threads' },
      },
      {
        extends: true,
        test: { name: 'integration', include: INTEGRATION, globalSetup: ['__tests__/setup/integration.ts'] },
      },
    ],
  },
});
