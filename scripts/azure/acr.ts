/**
 * Azure Container Registry in front of a local docker-registry that takes only this stand-in's
 * tokens (its token auth trusts the stand-in's certificate):
 * - POST /oauth2/exchange: an Entra ID access token (grant_type=access_token) → a refresh token, a
 *   JWT with exp (about 3 hours, as ACR's);
 * - /oauth2/token: POST with grant_type=refresh_token, or GET with Basic (the admin user, or the
 *   null GUID with a refresh token, as docker login sends it) → an access token whose `access`
 *   claim lists the actions granted: pull and push with AcrPush, pull only once push is denied;
 *   the password grant answers 400, as ACR does;
 * - /v2/…: proxied to the registry, its challenge's realm on the host the client used and its
 *   upload Location relative, as ACR sends them;
 * - ARM's registry list and resource, which `az acr login` reads for the login server.
 */
import { request as httpRequest } from 'node:http';
import { SUBSCRIPTION_ID } from './entra.ts';
import {
  armError,
  form,
  registryError,
  type Signer,
  type StandInHandler,
  type StandInReply,
  type StreamingHandler,
} from './http.ts';

export const ACR_ISSUER = 'Azure Container Registry';
export const ACR_NULL_USER = '00000000-0000-0000-0000-000000000000';
export const ACR_RESOURCE_GROUP = 'rg-deploy';

export interface AcrState {
  /** The registry's name: NAME.azurecr.io is its login server (and the token's service). */
  readonly name: string;
  /** The local docker-registry behind it (host:port). */
  upstream: string;
  /** Identities (object IDs) whose tokens get pull only: AcrPush not granted. */
  readonly pullOnly: Set<string>;
  /** Deny push to every identity (AcrPull only). */
  denyPush: boolean;
  /** The admin user, when enabled. */
  admin: { username: string; password: string } | undefined;
  /** Lifetime of the refresh tokens /oauth2/exchange issues, in seconds (ACR's: about 3 hours). */
  refreshTokenSeconds: number;
  /** The login server `az acr login` is told (the host it can reach). */
  loginServer: () => string;
  /** Refresh and access tokens issued, for the tests' leak checks (never printed by the action). */
  readonly issued: string[];
}

export const loginServerOf = (state: Pick<AcrState, 'name'>) => `${state.name}.azurecr.io`;

function scopesOf(fields: URLSearchParams): string[] {
  return fields.getAll('scope').flatMap((scope) => scope.split(' ').filter(Boolean));
}

export function acrHandler(state: AcrState, signer: Signer): StandInHandler {
  const service = () => loginServerOf(state);

  /** An access token for these scopes, granting what the identity may. */
  const accessToken = (subject: string, scopes: readonly string[], mayPush: boolean): StandInReply => {
    const access = scopes.map((scope) => {
      const [type = '', ...rest] = scope.split(':');
      const actions = (rest.pop() ?? '').split(',').filter(Boolean);
      const granted = actions.filter((action) => action === 'pull' || (action === 'push' && mayPush));
      return { type, name: rest.join(':'), actions: granted };
    });
    const token = signer.sign({ iss: ACR_ISSUER, sub: subject, aud: service(), version: '1.0', access }, 4500);
    state.issued.push(token);
    return { status: 200, json: { access_token: token } };
  };

  const mayPush = (objectId: string) => !state.denyPush && !state.pullOnly.has(objectId);

  /** The identity behind a refresh token this registry issued; undefined when it is not one. */
  const refreshIdentity = (refreshToken: string): string | undefined => {
    const claims = signer.verify(refreshToken);
    return claims?.grant_type === 'refresh_token' && claims.aud === service() ? String(claims.sub) : undefined;
  };

  return async (request) => {
    const { method, path } = request;
    if (method === 'POST' && path === '/oauth2/exchange') {
      const fields = form(request);
      if (fields.get('grant_type') !== 'access_token')
        return registryError(400, 'UNSUPPORTED', `grant_type ${fields.get('grant_type')} is not supported`);
      if (fields.get('service') !== service())
        return registryError(400, 'UNSUPPORTED', `service ${fields.get('service')} is not this registry`);
      const claims = signer.verify(fields.get('access_token') ?? '');
      if (!claims || typeof claims.oid !== 'string')
        return registryError(401, 'UNAUTHORIZED', 'the access token is not valid or has expired');
      const refreshToken = signer.sign(
        {
          iss: ACR_ISSUER,
          sub: claims.oid,
          aud: service(),
          grant_type: 'refresh_token',
          tenant: claims.tid,
          permissions: { actions: ['read', 'write', 'delete'], notActions: null },
          roles: [],
        },
        state.refreshTokenSeconds,
      );
      state.issued.push(refreshToken);
      return { status: 200, json: { refresh_token: refreshToken } };
    }
    if (path === '/oauth2/token') {
      if (method === 'POST') {
        const fields = form(request);
        if (fields.get('grant_type') !== 'refresh_token')
          return registryError(400, 'UNSUPPORTED', `grant_type ${fields.get('grant_type')} is not supported`);
        const identity = refreshIdentity(fields.get('refresh_token') ?? '');
        if (!identity) return registryError(401, 'UNAUTHORIZED', 'the refresh token is not valid or has expired');
        return accessToken(identity, scopesOf(fields), mayPush(identity));
      }
      if (method === 'GET') {
        const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
        const decoded = basic ? Buffer.from(basic, 'base64').toString('utf8') : '';
        const colon = decoded.indexOf(':');
        const [user, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
        if (colon > 0 && user === ACR_NULL_USER) {
          const identity = refreshIdentity(secret);
          if (identity) return accessToken(identity, scopesOf(request.query), mayPush(identity));
        } else if (colon > 0 && state.admin && user === state.admin.username && secret === state.admin.password) {
          return accessToken(user, scopesOf(request.query), true);
        }
        return registryError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization');
      }
    }
    const registries = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.ContainerRegistry/registries`;
    const resourceId = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${ACR_RESOURCE_GROUP}/providers/Microsoft.ContainerRegistry/registries/${state.name}`;
    const resource = {
      id: resourceId,
      name: state.name,
      type: 'Microsoft.ContainerRegistry/registries',
      location: 'eastus',
      sku: { name: 'Standard', tier: 'Standard' },
      properties: { loginServer: state.loginServer(), provisioningState: 'Succeeded', adminUserEnabled: !!state.admin },
    };
    if (method === 'GET' && path === registries) return { status: 200, json: { value: [resource] } };
    // az acr finds a registry by name through the generic resource list, then reads it.
    if (method === 'GET' && path === `/subscriptions/${SUBSCRIPTION_ID}/resources`) {
      const { id, name, type, location } = resource;
      return { status: 200, json: { value: [{ id, name, type, location }] } };
    }
    if (method === 'GET' && path.toLowerCase() === resourceId.toLowerCase()) return { status: 200, json: resource };
    if (method === 'GET' && path.startsWith(`${registries}/`))
      return armError(404, 'ResourceNotFound', `The Resource '${path}' was not found.`);
    return undefined;
  };
}

/** /v2/… passed to the registry as a stream, with ACR's realm and relative upload Locations. */
export function registryProxy(state: AcrState): StreamingHandler {
  return async ({ method, host, raw, response }) => {
    if (!raw.url?.startsWith('/v2/') && raw.url !== '/v2') return undefined;
    const headers = { ...raw.headers, host: state.upstream };
    await new Promise<void>((resolve) => {
      const upstream = httpRequest(
        {
          host: state.upstream.split(':')[0],
          port: Number(state.upstream.split(':')[1]),
          method,
          path: raw.url,
          headers,
        },
        (answer) => {
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) out[name] = value;
          if (typeof out['www-authenticate'] === 'string')
            out['www-authenticate'] = out['www-authenticate'].replace(
              /realm="[^"]*"/,
              `realm="https://${host}/oauth2/token"`,
            );
          if (typeof out.location === 'string' && /^https?:\/\//.test(out.location)) {
            const location = new URL(out.location);
            out.location = `${location.pathname}${location.search}`;
          }
          response.writeHead(answer.statusCode ?? 502, out);
          answer.pipe(response);
          answer.on('end', resolve);
          answer.on('error', resolve);
        },
      );
      upstream.on('error', (error) => {
        response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: error.message }] }));
        resolve();
      });
      raw.pipe(upstream);
    });
    return 'handled';
  };
}
