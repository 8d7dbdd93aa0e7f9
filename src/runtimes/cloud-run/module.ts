/** The Cloud Run runtime (a service, or a job) as the runtime table names it. */
import type { RuntimeModule } from '../runtime.js';
import { readCloudRunInputs, type CloudRunInputs } from './inputs.js';

export const cloudRunModule: RuntimeModule<CloudRunInputs> = {
  readInputs: (ctx) => readCloudRunInputs(ctx),
  load: async (inputs) => {
    const [{ cloudRunRuntime }, { cloudRunRegions }] = await Promise.all([
      import('./runtime.js'),
      import('./regions.js'),
    ]);
    return cloudRunRegions(inputs, cloudRunRuntime);
  },
  describeLeg: ({ region, regions, target }) =>
    `cloud-run ${(regions ?? [region]).join(',')}/${target.kind === 'job' ? `job ${target.name}` : target.name}`,
};
