/**
 * The shape of fetch that the token services are called through (auth.ts, ACR's exchange):
 * http.ts's fetchThrough gives it over the registry's own connections, and Node's fetch fits it.
 */
/** A request to a token service: the part of fetch's RequestInit its callers use. */
export interface FetchInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: URLSearchParams | string;
  readonly signal?: AbortSignal;
}

/** A token service's answer, read whole: the part of fetch's Response its callers use. */
export interface FetchAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** fetch's shape for the token services; Node's own fetch fits it too. */
export type FetchLike = (input: string | URL, init?: FetchInit) => Promise<FetchAnswer>;
