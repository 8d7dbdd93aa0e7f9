/** The `registry-endpoints` input: registry hosts reached at another address (private endpoints). */
import type { InputContext } from '../input-reader.js';
import type { RegistryEndpoints } from '../oci/endpoints.js';

const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const ENDPOINT =
  /^(?:\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(?::(?<port>\d{1,5}))?$/;
const EXAMPLE = 'us-docker.pkg.dev=10.10.0.5 or 123456789012.dkr.ecr.us-east-1.amazonaws.com=10.0.3.17:443';

/** `HOST=ENDPOINT` lines: every request for HOST (registry and token service) connects to ENDPOINT. */
export function readRegistryEndpoints(ctx: InputContext): RegistryEndpoints {
  const endpoints = new Map<string, string>();
  for (const line of ctx.list('registry-endpoints')) {
    const [host = '', endpoint = '', ...rest] = line.split('=').map((part) => part.trim().toLowerCase());
    const port = ENDPOINT.exec(endpoint)?.groups?.port;
    if (rest.length > 0 || !HOST_NAME.test(host) || !ENDPOINT.test(endpoint) || (port && Number(port) > 65535)) {
      ctx.problem(
        'registry-endpoints',
        `"${line}" is not HOST=ENDPOINT (a registry host name, then the address to connect to: host, IP or [IPv6], with an optional port), e.g. ${EXAMPLE}`,
      );
    } else if (endpoints.has(host)) {
      ctx.problem('registry-endpoints', `${host} is given twice`);
    } else {
      endpoints.set(host, endpoint);
    }
  }
  return endpoints;
}
