/** One deploy's view of a Container App, shared by the update and the creation. */
import type { ContainerAppsAPIClient } from '@azure/arm-appcontainers';
import type { Log } from '../../oci/log.js';

/** One deploy's view of the app: the client, the names messages use, and the deadline. */
export interface Session {
  readonly client: ContainerAppsAPIClient;
  readonly label: string;
  readonly deadline: number;
  /** How that deadline is said in an error: "wait-timeout (600 s)", or the run's timeout that cut it. */
  readonly within: string;
  /** The app's location, which the SDK's model requires in every body (the same value changes nothing). */
  readonly location: string;
  readonly log: Log;
}
