/**
 * A local server following the GitHub REST API for the calls the action makes: pull requests of a
 * commit, issue comments (paginated), deployments and their statuses. It records every request
 * and can answer 403 ("Resource not accessible by integration") on chosen routes.
 */
import { createServer, type Server } from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown> | undefined;
  readonly authorization: string | undefined;
}

export interface GitHubApi {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Comments per issue number, as GitHub would hold them. */
  readonly comments: Map<number, { id: number; body: string }[]>;
  readonly deployments: { id: number; ref: string; environment: string; statuses: Record<string, unknown>[] }[];
  /** Routes ("POST /repos/o/r/deployments") that answer 403. */
  readonly forbidden: Set<string>;
  /** Merged pull requests GitHub links to a commit. */
  readonly pullsForCommit: Map<string, { number: number; merged_at: string | null; base: { ref: string } }[]>;
  /** Pull requests by number: the full name of the head repository (null: deleted). */
  readonly pullHeads: Map<number, string | null>;
  /** Pull requests by number: open or closed (a number here but not in pullHeads has head octo/app). */
  readonly pullStates: Map<number, 'open' | 'closed'>;
  close(): Promise<void>;
}

export async function startGitHubApi(): Promise<GitHubApi> {
  const state = {
    requests: [] as RecordedRequest[],
    comments: new Map<number, { id: number; body: string }[]>(),
    deployments: [] as GitHubApi['deployments'],
    forbidden: new Set<string>(),
    pullsForCommit: new Map<string, { number: number; merged_at: string | null; base: { ref: string } }[]>(),
    pullHeads: new Map<number, string | null>(),
    pullStates: new Map<number, 'open' | 'closed'>(),
  };
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.concat(chunks).toString();
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      const method = req.method ?? 'GET';
      state.requests.push({ method, path: url.pathname + url.search, body, authorization: req.headers.authorization });
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(json));
      };
      const route = `${method} ${url.pathname}`;
      if (state.forbidden.has(route)) {
        return reply(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
        });
      }
      let m: RegExpExecArray | null;
      if ((m = /^GET \/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/.exec(route)))
        return reply(200, state.pullsForCommit.get(m[1]!) ?? []);
      if ((m = /^GET \/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(route))) {
        const number = Number(m[1]);
        if (!state.pullHeads.has(number) && !state.pullStates.has(number)) return reply(404, { message: 'Not Found' });
        const head = state.pullHeads.has(number) ? state.pullHeads.get(number)! : 'octo/app';
        return reply(200, {
          number,
          state: state.pullStates.get(number) ?? 'open',
          head: { ref: 'feature', repo: head === null ? null : { full_name: head } },
        });
      }
      if ((m = /^GET \/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(route))) {
        const all = state.comments.get(Number(m[1])) ?? [];
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return reply(200, all.slice((page - 1) * perPage, page * perPage));
      }
      if ((m = /^POST \/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(route))) {
        const comment = { id: nextId++, body: String(body?.body) };
        state.comments.set(Number(m[1]), [...(state.comments.get(Number(m[1])) ?? []), comment]);
        return reply(201, comment);
      }
      if ((m = /^PATCH \/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(route))) {
        for (const list of state.comments.values()) {
          const found = list.find((c) => c.id === Number(m![1]));
          if (found) {
            found.body = String(body?.body);
            return reply(200, found);
          }
        }
        return reply(404, { message: 'Not Found' });
      }
      if (/^POST \/repos\/[^/]+\/[^/]+\/deployments$/.test(route)) {
        const deployment = {
          id: nextId++,
          ref: String(body?.ref),
          environment: String(body?.environment),
          statuses: [],
        };
        state.deployments.push(deployment);
        return reply(201, { id: deployment.id, ref: deployment.ref, environment: deployment.environment });
      }
      if ((m = /^POST \/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(route))) {
        const deployment = state.deployments.find((d) => d.id === Number(m![1]));
        if (!deployment) return reply(404, { message: 'Not Found' });
        deployment.statuses.push(body ?? {});
        return reply(201, { id: nextId++, state: body?.state });
      }
      reply(404, { message: `Not Found: ${route}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
