/** The VM runtime (docker run over SSH) as the runtime table names it. */
import type { RuntimeModule } from '../runtime.js';
import { readVmInputs, type VmInputs } from './inputs.js';

export const vmModule: RuntimeModule<VmInputs> = {
  readInputs: (ctx) => readVmInputs(ctx),
  load: async (inputs) => (await import('./runtime.js')).vmRuntime(inputs),
  describeLeg: ({ hosts }) => `vm ${hosts.join(', ')}`,
};
