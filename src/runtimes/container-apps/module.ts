/** The Azure Container Apps runtime (an app, or a job) as the runtime table names it. */
import type { RuntimeModule } from '../runtime.js';
import { readContainerAppsInputs, type ContainerAppsTarget } from './inputs.js';

export const containerAppsModule: RuntimeModule<ContainerAppsTarget> = {
  readInputs: (ctx, common) => readContainerAppsInputs(ctx, common),
  load: async (inputs) => {
    const { defaultArmAccess } = await import('./default-access.js');
    if (inputs.kind === 'job')
      return (await import('./job-runtime.js')).containerAppsJobRuntime(inputs, defaultArmAccess(inputs.account));
    return (await import('./runtime.js')).containerAppsRuntime(inputs, defaultArmAccess(inputs.account));
  },
  describeLeg: (inputs) =>
    `container-apps ${inputs.resourceGroup}/${inputs.kind === 'job' ? `job ${inputs.job}` : inputs.app}`,
};
