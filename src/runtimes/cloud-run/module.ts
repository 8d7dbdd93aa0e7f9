/** The Cloud Run runtime (a service, or a job) as the runtime table names it. */
import type { RuntimeModule } from '../runtime.js';
import { readCloudRunInputs, type CloudRunInputs } from './inputs.js';

export const cloudRunModule: RuntimeModule<CloudRunInputs> = {
  readInputs: (ctx) => readCloudRunInputs(ctx),
  load: async (inputs) => (await import('./runtime.js')).cloudRunRuntime(inputs),
  describeLeg: ({ region, target }) =>
    `cloud-run ${region}/${target.kind === 'job' ? `job ${target.name}` : target.name}`,
};
