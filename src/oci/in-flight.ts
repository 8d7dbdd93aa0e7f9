/**
 * The requests waiting on a registry or token service right now, so a run stopped by its time
 * limit can say what it was still waiting for.
 */
const active = new Map<number, { readonly what: string; readonly since: number }>();
let next = 0;

/** Records `what` (e.g. `GET host/v2/app/blobs/sha256:…`) as in flight; call the result when it is done. */
export function trackInFlight(what: string, now: () => number = Date.now): () => void {
  const id = next++;
  active.set(id, { what, since: now() });
  return () => active.delete(id);
}

/** What is in flight, oldest first, each with how long it has waited: `GET host/path (for 12 s)`. */
export function inFlightRequests(now: () => number = Date.now): string[] {
  return [...active.values()]
    .sort((a, b) => a.since - b.since)
    .map(({ what, since }) => `${what} (for ${Math.round((now() - since) / 1000)} s)`);
}
