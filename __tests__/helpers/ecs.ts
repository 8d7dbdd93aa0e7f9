/** ECS runtime inputs for tests that build them by hand instead of reading them. */
import type { EcsSettings } from '../../src/runtimes/ecs/settings-inputs.js';

/** No container settings: only the image changes, in the named containers (none: the only one). */
export function ecsSettings(containers: readonly string[] = []): EcsSettings {
  return {
    containers,
    secrets: {},
    command: undefined,
    logConfig: undefined,
    taskRoleArn: undefined,
    executionRoleArn: undefined,
    cpu: undefined,
    memory: undefined,
  };
}
