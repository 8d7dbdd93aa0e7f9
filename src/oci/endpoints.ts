/**
 * Host name → the address to connect to instead (`host`, `host:port`, `[v6]:port`), as curl's
 * `--connect-to`: TLS still checks the registry's own name and the Host header still names it, so
 * a private endpoint (PrivateLink, Private Service Connect, Private Link) serving the registry's
 * certificate is reached without changing the runner's DNS.
 */
export type RegistryEndpoints = ReadonlyMap<string, string>;
