/** The GitHub event as the gate reads it: the parts of @actions/github's Context it uses. */

export interface GateEvent {
  readonly eventName: string;
  readonly ref: string;
  readonly sha: string;
  readonly payload: EventPayload;
}

interface RepoPayload {
  readonly full_name?: string;
  readonly default_branch?: string;
  readonly fork?: boolean;
}

export interface EventPayload {
  readonly action?: string;
  readonly deleted?: boolean;
  readonly repository?: RepoPayload;
  readonly pull_request?: {
    readonly number: number;
    readonly merged?: boolean;
    readonly base?: { readonly ref?: string; readonly repo?: RepoPayload | null };
    readonly head?: { readonly ref?: string; readonly repo?: RepoPayload | null };
  };
  readonly release?: { readonly tag_name?: string };
  readonly [key: string]: unknown;
}
