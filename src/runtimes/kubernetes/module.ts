/** The Kubernetes runtime as the runtime table names it. */
import type { RuntimeModule } from '../runtime.js';
import { describeCluster, readKubernetesInputs, workloadLabel, type KubernetesInputs } from './inputs.js';

export const kubernetesModule: RuntimeModule<KubernetesInputs> = {
  readInputs: (ctx, common) => readKubernetesInputs(ctx, common),
  load: async (inputs) => (await import('./runtime.js')).kubernetesRuntime(inputs),
  describeLeg: (inputs) =>
    `kubernetes ${describeCluster(inputs.cluster)}${inputs.namespace ? `/${inputs.namespace}` : ''} ${inputs.workloads.map(workloadLabel).join(', ')}`,
};
