/** The matrix leg a run is, as the report, the plan comment and a GitHub deployment name it. */
import type { Inputs } from '../inputs.js';
import { repositoryName } from '../oci/reference.js';
import { describeLeg } from '../runtimes/index.js';

/** Its destination, and where it deploys. */
export function legOf(inputs: Inputs): string {
  const destination = repositoryName(inputs.destination);
  const deploysTo = describeLeg(inputs);
  return deploysTo === undefined ? destination : `${destination} → ${deploysTo}`;
}
