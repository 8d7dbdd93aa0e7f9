/**
 * The runtimes, one table. A runtime is a folder (inputs, render, runtime, module) plus one line
 * here and one in RuntimeInputsMap: a name with no module, or a module whose inputs type does not
 * fit its name, does not compile.
 */
import type { InputContext } from '../input-reader.js';
import { cloudRunModule } from './cloud-run/module.js';
import { containerAppsModule } from './container-apps/module.js';
import type { ContainerAppsTarget } from './container-apps/inputs.js';
import type { CloudRunInputs } from './cloud-run/inputs.js';
import { ecsModule } from './ecs/module.js';
import type { EcsInputs } from './ecs/inputs.js';
import type { Runtime, RuntimeInputContext, RuntimeModule } from './runtime.js';
import { kubernetesModule } from './kubernetes/module.js';
import type { KubernetesInputs } from './kubernetes/inputs.js';
import { vmModule } from './vm/module.js';
import type { VmInputs } from './vm/inputs.js';

/** Each runtime's name and the type of its own inputs. */
export interface RuntimeInputsMap {
  none: undefined;
  ecs: EcsInputs;
  vm: VmInputs;
  'cloud-run': CloudRunInputs;
  'container-apps': ContainerAppsTarget;
  kubernetes: KubernetesInputs;
}

export type RuntimeName = keyof RuntimeInputsMap;

type RuntimeTable = { readonly [NAME in RuntimeName]: RuntimeModule<RuntimeInputsMap[NAME]> };

/** The runtime a run deploys to, with its inputs: `runtimeInputs` has the type its name says. */
export type RuntimeSelection<NAME extends RuntimeName = RuntimeName> = {
  [N in NAME]: { readonly runtime: N; readonly runtimeInputs: RuntimeInputsMap[N] };
}[NAME];

// Declared with the mapped type (not only `satisfies` it) so that RUNTIMES[name] keeps the link
// between a name and its inputs type in the generic functions below.
export const RUNTIMES: RuntimeTable = {
  // Push only: no inputs, nothing to load, nothing to add to the leg.
  none: { readInputs: () => undefined, load: async () => undefined, describeLeg: () => undefined },
  ecs: ecsModule,
  vm: vmModule,
  'cloud-run': cloudRunModule,
  'container-apps': containerAppsModule,
  kubernetes: kubernetesModule,
};

/** Every runtime name, in the table's order (the order error messages list them in). */
export const RUNTIME_NAMES = Object.keys(RUNTIMES) as readonly RuntimeName[];

export function isRuntimeName(text: string): text is RuntimeName {
  return Object.hasOwn(RUNTIMES, text);
}

/** Reads the inputs of runtime NAME; problems go to ctx, and the result is meant only when there are none. */
export function readRuntimeInputs<NAME extends RuntimeName>(
  runtime: NAME,
  ctx: InputContext,
  common: RuntimeInputContext,
): RuntimeSelection<NAME> {
  const module: RuntimeModule<RuntimeInputsMap[NAME]> = RUNTIMES[runtime];
  // undefined only when ctx has a problem, and then the caller throws instead of using it
  const runtimeInputs = module.readInputs(ctx, common) as RuntimeInputsMap[NAME];
  return { runtime, runtimeInputs } as RuntimeSelection<NAME>;
}

/** The runtime for this run, loaded only when used; undefined for push only. */
export function loadRuntime<NAME extends RuntimeName>(selection: RuntimeSelection<NAME>): Promise<Runtime | undefined> {
  const { runtime, runtimeInputs } = selection as { runtime: NAME; runtimeInputs: RuntimeInputsMap[NAME] };
  const module: RuntimeModule<RuntimeInputsMap[NAME]> = RUNTIMES[runtime];
  return module.load(runtimeInputs);
}

/** Where the run deploys, for the leg label; undefined for push only. */
export function describeLeg<NAME extends RuntimeName>(selection: RuntimeSelection<NAME>): string | undefined {
  const { runtime, runtimeInputs } = selection as { runtime: NAME; runtimeInputs: RuntimeInputsMap[NAME] };
  const module: RuntimeModule<RuntimeInputsMap[NAME]> = RUNTIMES[runtime];
  return module.describeLeg(runtimeInputs);
}
