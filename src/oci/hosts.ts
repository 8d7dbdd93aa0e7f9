/** What the OCI client needs to know about a registry host by its name alone. */

/** Hosts Docker talks to over plain HTTP without being told: loopback only. */
export function isLoopbackHost(registry: string): boolean {
  const lower = registry.toLowerCase();
  const host = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.split(':')[0];
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host ?? '');
}
