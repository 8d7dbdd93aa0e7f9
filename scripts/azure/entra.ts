/**
 * Microsoft Entra ID as the clients reach it, and GitHub's OIDC token service:
 * - GitHub: the ID token core.getIDToken() asks for (ACTIONS_ID_TOKEN_REQUEST_URL + `&audience=`,
 *   Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN), signed by this stand-in;
 * - Entra ID: /TID/v2.0/.well-known/openid-configuration (MSAL reads it first; its issuer is on
 *   the same host), /TID/oauth2/v2.0/token (client_credentials with a client secret, or a
 *   client_assertion: a GitHub OIDC token it verifies), and the same under /adfs for az, whose
 *   MSAL skips instance discovery for an ADFS authority;
 * - ARM's subscription list, which az login reads.
 */
import { constants, createPublicKey, verify } from 'node:crypto';
import { entraError, form, type Json, type Signer, type StandInHandler, type StandInReply } from './http.ts';

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SUBSCRIPTION_ID = 'b2a0d8a4-7c1e-4c8e-9f51-0f1e2d3c4b5a';
/** The application (client) the tests sign in as: federated with GitHub, and with a client secret. */
export const CLIENT_ID = '0b8c9f3e-5d6a-4e2b-8c1d-2f3e4a5b6c7d';
export const CLIENT_SECRET = 'stand-in-client-secret-Qx8~value';
export const OIDC_REQUEST_TOKEN = 'stand-in-github-oidc-request-token';
const GITHUB_SUBJECT = 'repo:octo/app:ref:refs/heads/main';
const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

export interface EntraApp {
  readonly clientId: string;
  readonly objectId: string;
  /** The client secret it takes, if any. */
  readonly secret: string | undefined;
  /** GitHub OIDC subjects with a federated credential on it. */
  readonly federatedSubjects: readonly string[];
  /** Certificates (PEM) whose keys may sign its client assertions (AZURE_CLIENT_CERTIFICATE_PATH). */
  readonly certificates: string[];
}

export interface EntraState {
  readonly apps: Map<string, EntraApp>;
  /** Access tokens issued, for the tests (never printed by the action). */
  readonly issued: string[];
}

export function entraState(): EntraState {
  return {
    apps: new Map([
      [
        CLIENT_ID,
        {
          clientId: CLIENT_ID,
          objectId: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
          secret: CLIENT_SECRET,
          federatedSubjects: [GITHUB_SUBJECT],
          certificates: [],
        },
      ],
    ]),
    issued: [],
  };
}

/** The OpenID configuration MSAL reads; `authority` is `https://HOST/TID` or `https://HOST/adfs`. */
function openIdConfiguration(authority: string, adfs: boolean): Json {
  const v2 = adfs ? '' : '/v2.0';
  return {
    issuer: adfs ? authority : `${authority}/v2.0`,
    authorization_endpoint: `${authority}/oauth2${v2}/authorize`,
    token_endpoint: `${authority}/oauth2${v2}/token`,
    device_authorization_endpoint: `${authority}/oauth2${v2}/devicecode`,
    jwks_uri: `${authority}/discovery${v2}/keys`,
    end_session_endpoint: `${authority}/oauth2${v2}/logout`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    tenant_region_scope: 'NA',
  };
}

/** The resource a scope names: `https://containerregistry.azure.net/.default` → `https://containerregistry.azure.net`. */
function resourceOf(scope: string | null): string {
  return (
    (scope ?? '')
      .split(' ')
      .find((s) => s.endsWith('/.default'))
      ?.replace(/\/\.default$/, '') ?? ''
  );
}

export function entraHandler(state: EntraState, signer: Signer, baseUrl: () => string): StandInHandler {
  const token = (app: EntraApp, tenant: string, resource: string): StandInReply => {
    const accessToken = signer.sign(
      {
        aud: resource,
        iss: `https://sts.windows.net/${tenant}/`,
        tid: tenant,
        oid: app.objectId,
        appid: app.clientId,
        sub: app.objectId,
        idtyp: 'app',
      },
      3600,
    );
    state.issued.push(accessToken);
    return {
      status: 200,
      json: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken, resource },
    };
  };

  return async (request) => {
    const { method, path, query } = request;
    if (method === 'GET' && path === '/github-oidc/token') {
      if (request.headers.authorization !== `Bearer ${OIDC_REQUEST_TOKEN}`)
        return { status: 401, json: { message: 'Bad credentials' } };
      const audience = query.get('audience') ?? `https://github.com/octo`;
      const value = signer.sign(
        {
          iss: `${baseUrl()}/github-oidc`,
          sub: GITHUB_SUBJECT,
          aud: audience,
          repository: 'octo/app',
          ref: 'refs/heads/main',
        },
        300,
      );
      return { status: 200, json: { count: 1, value } };
    }
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/([^/]+)(\/v2\.0)?\/\.well-known\/openid-configuration$/.exec(path))) {
      return { status: 200, json: openIdConfiguration(`${baseUrl()}/${m[1]}`, m[1] === 'adfs') };
    }
    if (method === 'GET' && /^\/[^/]+\/discovery(\/v2\.0)?\/keys$/.test(path))
      return { status: 200, json: signer.jwks() };
    if (method === 'POST' && (m = /^\/([^/]+)\/oauth2(\/v2\.0)?\/token$/.exec(path))) {
      const tenant = m[1] === 'adfs' ? TENANT_ID : m[1]!;
      const fields = form(request);
      if (fields.get('grant_type') !== 'client_credentials')
        return entraError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      const clientId = fields.get('client_id') ?? '';
      const app = state.apps.get(clientId);
      if (!app)
        return entraError(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
        );
      const resource = resourceOf(fields.get('scope')) || (fields.get('resource') ?? '');
      const assertion = fields.get('client_assertion');
      // An assertion the app signed itself (iss = its client ID) proves its certificate's key.
      if (assertion && assertionClaims(assertion)?.iss === clientId) {
        const signedBy = app.certificates.find((pem) => verifiesWith(assertion, pem));
        if (!signedBy)
          return entraError(
            401,
            'invalid_client',
            700027,
            'Client assertion failed signature validation. (No certificate registered on the application matches its key.)',
          );
        return token(app, tenant, resource);
      }
      if (assertion) {
        const claims = signer.verify(assertion);
        if (!claims)
          return entraError(400, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
        if (claims.aud !== FEDERATION_AUDIENCE || !app.federatedSubjects.includes(String(claims.sub)))
          return entraError(
            400,
            'invalid_request',
            70021,
            `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(claims.iss)}'. Assertion Subject: '${String(claims.sub)}'. Assertion Audience: '${String(claims.aud)}'.`,
          );
        return token(app, tenant, resource);
      }
      const secret = fields.get('client_secret');
      if (secret !== null && app.secret !== undefined && secret === app.secret) return token(app, tenant, resource);
      return entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    }
    if (method === 'GET' && path === '/subscriptions') {
      return {
        status: 200,
        json: {
          value: [
            {
              id: `/subscriptions/${SUBSCRIPTION_ID}`,
              subscriptionId: SUBSCRIPTION_ID,
              tenantId: TENANT_ID,
              displayName: 'Portable Deploy stand-in',
              state: 'Enabled',
              subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01' },
              authorizationSource: 'RoleBased',
            },
          ],
        },
      };
    }
    if (method === 'GET' && path === '/tenants') {
      return { status: 200, json: { value: [{ id: `/tenants/${TENANT_ID}`, tenantId: TENANT_ID }] } };
    }
    return undefined;
  };
}

function assertionClaims(assertion: string): Json | undefined {
  try {
    return JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString('utf8')) as Json;
  } catch {
    return undefined;
  }
}

/** Whether a JWT is signed by the key of this certificate (RS256, or PS256 as newer MSAL signs). */
function verifiesWith(jwt: string, certificatePem: string): boolean {
  const [header = '', body = '', signature = ''] = jwt.split('.');
  const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
  const key = createPublicKey(certificatePem);
  const pss =
    alg === 'PS256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : {};
  return verify('sha256', Buffer.from(`${header}.${body}`), { key, ...pss }, Buffer.from(signature, 'base64url'));
}
