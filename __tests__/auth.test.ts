import { describe, expect, it, vi } from 'vitest';
import { mergeScopes, parseChallenges, RegistryAuth, repositoryScope, type Fetch } from '../src/oci/auth.js';

describe('parseChallenges', () => {
  it.each([
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://auth.docker.io/token',
            service: 'registry.docker.io',
            scope: 'repository:library/nginx:pull',
          },
        },
      ],
    ],
    ['Basic realm="Registry Realm"', [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]],
    // Quoted commas and escaped quotes stay inside the value.
    [
      'Bearer realm="https://x/token",scope="repository:a:pull,push repository:b:pull",error="insufficient_scope"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'https://x/token',
            scope: 'repository:a:pull,push repository:b:pull',
            error: 'insufficient_scope',
          },
        },
      ],
    ],
    ['Bearer realm="a\\"b"', [{ scheme: 'bearer', params: { realm: 'a"b' } }]],
    // Two challenges in one header; unknown schemes are dropped.
    [
      'Negotiate, Basic realm="r", Bearer realm="https://t", service=svc',
      [
        { scheme: 'basic', params: { realm: 'r' } },
        { scheme: 'bearer', params: { realm: 'https://t', service: 'svc' } },
      ],
    ],
    ['BEARER Realm = "https://t"', [{ scheme: 'bearer', params: { realm: 'https://t' } }]],
    ['', []],
  ])('%s', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });
});

describe('scopes', () => {
  it('formats and merges per repository', () => {
    expect(repositoryScope('a/b', ['push', 'pull'])).toBe('repository:a/b:pull,push');
    expect(mergeScopes(['repository:a:pull', 'repository:b:pull', 'repository:a:push', 'repository:a:pull'])).toEqual([
      'repository:a:pull,push',
      'repository:b:pull',
    ]);
  });
});

describe('RegistryAuth', () => {
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

  it('caches a token until shortly before it expires, then fetches a new one', async () => {
    let now = 1_000_000;
    let issued = 0;
    const fetchFn = vi.fn<Fetch>(async () => json({ token: `t${++issued}`, expires_in: 60 }));
    const auth = new RegistryAuth(
      'reg',
      async () => undefined,
      fetchFn,
      () => now,
    );
    auth.learn('Bearer realm="http://127.0.0.1/token",service="reg"');
    const scopes = ['repository:a:pull'];
    expect(await auth.authorization(scopes)).toBe('Bearer t1');
    now += 45_000;
    expect(await auth.authorization(scopes)).toBe('Bearer t1');
    now += 10_000; // within the 10 s safety margin of expiry
    expect(await auth.authorization(scopes)).toBe('Bearer t2');
    expect(fetchFn).toHaveBeenCalledTimes(2);
    const url = new URL(String(fetchFn.mock.calls[0]![0]));
    expect(url.searchParams.get('service')).toBe('reg');
    expect(url.searchParams.getAll('scope')).toEqual(['repository:a:pull']);
  });

  it('shares one fetch among concurrent requests, and refreshes after invalidate()', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let issued = 0;
    const fetchFn = vi.fn<Fetch>(async () => {
      await gate;
      return json({ access_token: `t${++issued}` });
    });
    const auth = new RegistryAuth('reg', async () => ({ username: 'u', password: 'p' }), fetchFn);
    auth.learn('Bearer realm="http://127.0.0.1/token"');
    const pending = Array.from({ length: 8 }, () => auth.authorization(['repository:a:pull']));
    release();
    expect(new Set(await Promise.all(pending))).toEqual(new Set(['Bearer t1']));
    expect(fetchFn).toHaveBeenCalledTimes(1);
    // A password goes to the OAuth2 endpoint first, by the password grant.
    const init = fetchFn.mock.calls[0]![1]!;
    expect(init.method).toBe('POST');
    expect(Object.fromEntries(init.body as URLSearchParams)).toMatchObject({
      grant_type: 'password',
      username: 'u',
      password: 'p',
      scope: 'repository:a:pull',
    });
    // A refusal of a request sent without the token (before the challenge was known) keeps it.
    auth.invalidate(['repository:a:pull'], undefined);
    expect(await auth.authorization(['repository:a:pull'])).toBe('Bearer t1');
    auth.invalidate(['repository:a:pull'], 'Bearer t1');
    expect(await auth.authorization(['repository:a:pull'])).toBe('Bearer t2');
    // A refusal of the older token keeps the newer one.
    auth.invalidate(['repository:a:pull'], 'Bearer t1');
    expect(await auth.authorization(['repository:a:pull'])).toBe('Bearer t2');
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });

  it('sends Basic credentials when the registry asks for Basic', async () => {
    const auth = new RegistryAuth('reg', async () => ({ username: 'u', password: 'p:w' }), vi.fn<Fetch>());
    auth.learn('Basic realm="x"');
    expect(await auth.authorization([])).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
  });

  it('sends a registry token from docker config as is', async () => {
    const fetchFn = vi.fn<Fetch>();
    const auth = new RegistryAuth('reg', async () => ({ registryToken: 'rt' }), fetchFn);
    auth.learn('Bearer realm="http://127.0.0.1/token"');
    expect(await auth.authorization(['repository:a:pull'])).toBe('Bearer rt');
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('rejects a realm that is not a URL', async () => {
    const auth = new RegistryAuth('reg', async () => undefined, vi.fn<Fetch>());
    auth.learn('Bearer realm="not a url"');
    await expect(auth.authorization([])).rejects.toThrow('reg sent a token realm that is not a URL: not a url');
  });
});

describe('token fetch fallbacks', () => {
  it.each([400, 401, 404, 405])(
    'falls back from the OAuth2 POST to GET with Basic when the POST answers %i',
    async (status) => {
      const fetchFn = vi.fn<Fetch>(async (_url, init) =>
        init?.method === 'POST'
          ? new Response('no', { status })
          : new Response(JSON.stringify({ token: 'via-get' }), { status: 200 }),
      );
      const auth = new RegistryAuth('reg', async () => ({ username: 'u', password: 'p' }), fetchFn);
      auth.learn('Bearer realm="http://127.0.0.1/token",service="svc"');
      expect(await auth.authorization(['repository:a:pull'])).toBe('Bearer via-get');
      expect(fetchFn.mock.calls.map((c) => c[1]?.method ?? 'GET')).toEqual(['POST', 'GET']);
      expect((fetchFn.mock.calls[1]![1]!.headers as Record<string, string>).authorization).toBe(
        `Basic ${Buffer.from('u:p').toString('base64')}`,
      );
    },
  );

  it('does not fall back when the POST fails otherwise, and says so', async () => {
    const fetchFn = vi.fn<Fetch>(async () => new Response('denied', { status: 403 }));
    const auth = new RegistryAuth('reg', async () => ({ username: 'u', password: 'p' }), fetchFn);
    auth.learn('Bearer realm="http://127.0.0.1/token"');
    await expect(auth.authorization(['repository:a:push'])).rejects.toThrow(
      'reg refused a token for repository:a:push (HTTP 403 from 127.0.0.1)',
    );
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('asks anonymously by GET when there are no credentials', async () => {
    const fetchFn = vi.fn<Fetch>(async () => new Response(JSON.stringify({ token: 'anon' }), { status: 200 }));
    const auth = new RegistryAuth('reg', async () => undefined, fetchFn);
    auth.learn('Bearer realm="http://127.0.0.1/token"');
    expect(await auth.authorization(['repository:a:pull'])).toBe('Bearer anon');
    expect(fetchFn.mock.calls[0]![1]!.headers).toEqual({});
  });
});
