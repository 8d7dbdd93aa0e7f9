/** The ECS runtime as the runtime table names it. */
import type { RuntimeModule } from '../runtime.js';
import { readEcsInputs, type EcsInputs } from './inputs.js';
import { describeScheduledTask } from './options.js';

export const ecsModule: RuntimeModule<EcsInputs> = {
  readInputs: (ctx, common) => readEcsInputs(ctx, common.destinationFamily),
  load: async (inputs) => (await import('./runtime.js')).ecsRuntime(inputs),
  describeLeg: ({ cluster, mode }) =>
    `ecs ${cluster}/${mode.kind === 'service' ? mode.service : mode.kind === 'scheduled' ? describeScheduledTask(mode.schedule) : 'task'}`,
};
