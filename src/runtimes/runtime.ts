/**
 * What every runtime provides. prepare() does only reads (describe, render, validate) and runs
 * before anything is pushed, so a bad setup fails with nothing changed; deploy() makes the changes.
 */
import type { RegistryFamily } from '../registries/detect.js';
import type { Log } from '../oci/log.js';

export interface DeployTarget {
  /** The image by digest: DESTINATION@sha256:…. */
  readonly image: string;
  readonly registry: string;
  readonly family: RegistryFamily;
  /** Only planning: read what the cloud allows reading, touch nothing, reach no host. */
  readonly planning: boolean;
  /** Credentials the runtime may hand on for pulling the image (the VM's docker login). */
  readonly pullCredentials: () => Promise<{ readonly username?: string; readonly password?: string } | undefined>;
  /** The platforms the image has (os/architecture[/variant]); empty when it does not say. */
  readonly platforms: () => Promise<readonly string[]>;
}

export interface DeployResult {
  /** Step outputs this runtime sets (kebab-case names, as in action.yml). */
  readonly outputs: Readonly<Record<string, string>>;
  /** One line for the summary: the revision, service or task that now runs the image. */
  readonly detail: string;
  readonly url?: string;
}

export interface PreparedDeployment {
  /** What deploy() will do, line by line: the plan. */
  readonly plan: readonly string[];
  /** Things that may keep the runtime from running the image (e.g. it cannot pull it). */
  readonly warnings: readonly string[];
  deploy(log: Log): Promise<DeployResult>;
}

export interface Runtime {
  readonly name: string;
  prepare(target: DeployTarget, log: Log): Promise<PreparedDeployment>;
}
