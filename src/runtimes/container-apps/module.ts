/** The Azure Container Apps runtime as the runtime table names it. */
import type { RuntimeModule } from '../runtime.js';
import { readContainerAppsInputs, type ContainerAppsInputs } from './inputs.js';

export const containerAppsModule: RuntimeModule<ContainerAppsInputs> = {
  readInputs: (ctx) => readContainerAppsInputs(ctx),
  load: async (inputs) => {
    const [{ containerAppsRuntime }, { defaultArmAccess }] = await Promise.all([
      import('./runtime.js'),
      import('./default-access.js'),
    ]);
    return containerAppsRuntime(inputs, defaultArmAccess());
  },
  describeLeg: ({ resourceGroup, app }) => `container-apps ${resourceGroup}/${app}`,
};
