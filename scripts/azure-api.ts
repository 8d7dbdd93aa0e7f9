/**
 * Azure for the tests and the demo: one local HTTPS server following Azure's public APIs for the
 * calls the action and az make, since Azure has no emulator for them. Its routes are modules in
 * scripts/azure/ (entra.ts: Entra ID and GitHub's OIDC token; acr.ts: ACR's token endpoints in front
 * of a local docker-registry that trusts only this server's tokens; container-apps.ts: Container Apps
 * as Resource Manager serves it, taking only Entra tokens this server issued for the Resource
 * Manager audience); more mount through `handlers`. POST /stand-in/container-apps/apps seeds an
 * app (a SeedOptions body): a switch for the demo, not an ARM route. It serves TLS with a throwaway CA made by openssl at start (trust it with
 * NODE_EXTRA_CA_CERTS or REQUESTS_CA_BUNDLE), records every request, and can deny (403, in each
 * service's error shape) or throttle (429 with Retry-After) any route.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { makeServerCertificate } from './throwaway-ca.ts';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ACR_ISSUER, acrHandler, loginServerOf, registryProxy, type AcrState } from './azure/acr.ts';
import { createAksFake, SEED_AKS_PATH, type AksFake, type SeedCluster } from './azure/aks.ts';
import { createContainerAppsFake, type ContainerAppsFake, type SeedOptions } from './azure/container-apps.ts';
import {
  CLIENT_ID,
  entraHandler,
  entraState,
  OIDC_REQUEST_TOKEN,
  SUBSCRIPTION_ID,
  TENANT_ID,
  type EntraState,
} from './azure/entra.ts';
import {
  armError,
  entraError,
  registryError,
  Signer,
  type StandInHandler,
  type StandInReply,
  type StandInRequest,
} from './azure/http.ts';

export { ACR_NULL_USER } from './azure/acr.ts';
export { AKS_SERVER_APP_ID, type SeedCluster } from './azure/aks.ts';
export { CLIENT_ID, CLIENT_SECRET, OIDC_REQUEST_TOKEN, SUBSCRIPTION_ID, TENANT_ID } from './azure/entra.ts';
export type { StandInHandler } from './azure/http.ts';

const run = promisify(execFile);
const SCRIPTS = resolve(fileURLToPath(import.meta.url), '..');

/** Which service a path belongs to, for faults and the record. */
export type AzureRoute =
  'github-oidc' | 'entra' | 'entra-token' | 'acr-exchange' | 'acr-token' | 'registry' | 'arm' | 'stand-in';

/** Where the stand-in's own switches live (not Azure's API). */
const SEED_APP_PATH = '/stand-in/container-apps/apps';

export function routeOf(path: string): AzureRoute {
  if (path.startsWith('/stand-in/')) return 'stand-in';
  if (path.startsWith('/github-oidc/')) return 'github-oidc';
  if (path === '/oauth2/exchange') return 'acr-exchange';
  if (path === '/oauth2/token') return 'acr-token';
  if (path === '/v2' || path.startsWith('/v2/')) return 'registry';
  if (/^\/[^/]+\/oauth2(\/v2\.0)?\/token$/.test(path)) return 'entra-token';
  if (path.startsWith('/subscriptions') || path.startsWith('/tenants') || path.startsWith('/providers')) return 'arm';
  return 'entra';
}

export interface RecordedAzureRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly route: AzureRoute;
  readonly query: Record<string, string>;
  /** The form fields of a form POST (grant_type, service, scope, …). */
  readonly form: Record<string, string>;
  readonly status: number;
}

export interface Fault {
  readonly status: 403 | 429;
  /** How many more requests get it. */
  times: number;
}

export interface AzureApi {
  readonly url: string;
  readonly port: number;
  /** The CA that signed the server's certificate: NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE. */
  readonly caPath: string;
  readonly requests: RecordedAzureRequest[];
  /** Per route: answer 403 (in that service's error shape) or 429 + Retry-After: 1, this many times. */
  readonly faults: Map<AzureRoute, Fault>;
  readonly entra: EntraState;
  readonly acr: AcrState;
  /** Container Apps ARM (always mounted): seed apps and jobs, fail revisions, read its record. */
  readonly containerApps: ContainerAppsFake;
  /** AKS managedClusters (always mounted): seed clusters whose API server is the Kubernetes stand-in. */
  readonly aks: AksFake;
  /** More route modules (Container Apps ARM), asked after Entra ID and ACR. */
  readonly handlers: StandInHandler[];
  /** The environment that points the action and az at this server. */
  environment(): Record<string, string>;
  close(): Promise<void>;
}

async function makeCertificates(
  dir: string,
): Promise<Record<'ca' | 'tlsKey' | 'tlsCert' | 'tokenKey' | 'tokenCert', string>> {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args);
  const server = await makeServerCertificate(dir, {
    ca: 'Portable Deploy Azure stand-in CA',
    server: 'localhost',
    subjectAltNames: ['DNS:localhost', 'IP:127.0.0.1', 'DNS:*.azurecr.io', 'DNS:*.azurecr.cn', 'DNS:*.azurecr.us'],
  });
  // The tokens' own self-signed certificate: the registry trusts it (rootcertbundle) through x5c.
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    path('token.key'),
    '-out',
    path('token.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Portable Deploy Azure stand-in tokens',
  );
  return {
    ca: server.ca,
    tlsKey: server.key,
    tlsCert: server.cert,
    tokenKey: path('token.key'),
    tokenCert: path('token.pem'),
  };
}

function faultReply(route: AzureRoute, status: 403 | 429, path: string): StandInReply {
  if (status === 429) {
    const reply =
      route === 'registry' || route.startsWith('acr')
        ? registryError(429, 'TOOMANYREQUESTS', 'too many requests')
        : route.startsWith('entra')
          ? entraError(
              429,
              'temporarily_unavailable',
              50196,
              'The server terminated an operation because it encountered a client request loop.',
            )
          : armError(429, 'TooManyRequests', 'The request is being throttled.');
    return { ...reply, headers: { 'retry-after': '1' } };
  }
  if (route === 'registry' || route.startsWith('acr'))
    return registryError(
      403,
      'DENIED',
      `client with IP '127.0.0.1' is not allowed access. Refer https://aka.ms/acr/firewall to grant access.`,
    );
  if (route.startsWith('entra') || route === 'github-oidc')
    return entraError(403, 'access_denied', 53003, 'Access has been blocked by Conditional Access policies.');
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${CLIENT_ID}' with object id '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' does not have authorization to perform action 'GET' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

export async function startAzureApi(options: { dir: string; registryName?: string }): Promise<AzureApi> {
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const files = await makeCertificates(dir);
  const signer = new Signer(await readFile(files.tokenKey, 'utf8'), await readFile(files.tokenCert, 'utf8'));
  let port = 0;
  const url = () => `https://127.0.0.1:${port}`;
  const acr: AcrState = {
    name: options.registryName ?? 'myreg',
    upstream: '',
    pullOnly: new Set(),
    denyPush: false,
    admin: undefined,
    refreshTokenSeconds: 3 * 3600,
    loginServer: () => `localhost:${port}`,
    issued: [],
  };
  // ARM takes only tokens this server's Entra ID issued for ARM's audience: the action asks for the
  // endpoint's own origin (AZURE_RESOURCE_MANAGER_ENDPOINT); az for the custom cloud's
  // active-directory-resource-id, registered as the public one (azure-cli.integration.test.ts).
  const armAudiences = () => [url(), `${url()}/`, 'https://management.core.windows.net/'];
  const containerApps = createContainerAppsFake({
    clientId: CLIENT_ID,
    acceptToken: (token) => armAudiences().includes(String(signer.verify(token)?.aud)),
  });
  const aks = createAksFake({
    clientId: CLIENT_ID,
    acceptToken: (token) => armAudiences().includes(String(signer.verify(token)?.aud)),
  });
  const api = {
    aks,
    requests: [] as RecordedAzureRequest[],
    faults: new Map<AzureRoute, Fault>(),
    entra: entraState(),
    acr,
    containerApps,
    handlers: [] as StandInHandler[],
  };
  const handlers = () => [entraHandler(api.entra, signer, url), acrHandler(acr, signer), aks.handler, ...api.handlers];
  const proxy = registryProxy(acr);

  const server: Server = createServer(
    { key: await readFile(files.tlsKey), cert: await readFile(files.tlsCert) },
    (req, res) => {
      void (async () => {
        const parsed = new URL(req.url ?? '/', 'https://x');
        const route = routeOf(parsed.pathname);
        const host = req.headers.host ?? '';
        const base = { method: req.method ?? 'GET', host, path: parsed.pathname, query: parsed.searchParams };
        const record = (status: number, text = '') => {
          const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
          api.requests.push({
            ...base,
            route,
            query: Object.fromEntries(parsed.searchParams),
            form: isForm ? Object.fromEntries(new URLSearchParams(text)) : {},
            status,
          });
        };
        const send = (reply: StandInReply, text = '') => {
          record(reply.status, text);
          res.writeHead(reply.status, {
            'content-type': 'application/json; charset=utf-8',
            'x-ms-request-id': crypto.randomUUID(),
            ...reply.headers,
          });
          res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
        };
        try {
          const fault = api.faults.get(route);
          if (fault && fault.times > 0) {
            fault.times--;
            req.resume();
            return send(faultReply(route, fault.status, parsed.pathname));
          }
          if ((await proxy({ ...base, headers: req.headers, raw: req, response: res })) === 'handled')
            return record(res.statusCode);
          // The Container Apps fake reads the body itself; it leaves every other path alone.
          if (await containerApps.handle(req, res)) return record(res.statusCode);
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          const text = Buffer.concat(chunks).toString('utf8');
          const request: StandInRequest = { ...base, headers: req.headers, text, raw: req, response: res };
          if (base.method === 'POST' && parsed.pathname === SEED_APP_PATH) {
            const app = containerApps.seedApp({ ...(JSON.parse(text) as SeedOptions), subscription: SUBSCRIPTION_ID });
            return send({ status: 201, json: app }, text);
          }
          if (base.method === 'POST' && parsed.pathname === SEED_AKS_PATH) {
            const cluster = aks.seedCluster({
              subscription: SUBSCRIPTION_ID,
              ...(JSON.parse(text) as Omit<SeedCluster, 'subscription'>),
            });
            return send({ status: 201, json: cluster }, text);
          }
          for (const handler of handlers()) {
            const reply = await handler(request);
            if (reply === 'handled') return record(res.statusCode, text);
            if (reply) return send(reply, text);
          }
          send(
            route === 'arm'
              ? armError(404, 'InvalidResourceType', `no route for ${base.method} ${parsed.pathname}`)
              : {
                  status: 404,
                  json: { error: 'not_found', error_description: `no route for ${base.method} ${parsed.pathname}` },
                },
            text,
          );
        } catch (error) {
          if (!res.headersSent)
            send({ status: 500, json: { error: { code: 'InternalServerError', message: String(error) } } });
        }
      })();
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;

  // The registry behind ACR: token auth, trusting only this server's token certificate.
  const registryDir = join(dir, 'registry');
  await mkdir(registryDir, { recursive: true });
  const { stdout } = await run(join(SCRIPTS, 'registry.sh'), [
    'start',
    registryDir,
    '--token',
    `https://${loginServerOf(acr)}/oauth2/token`,
    ACR_ISSUER,
    loginServerOf(acr),
    files.tokenCert,
  ]);
  acr.upstream = /REGISTRY_ADDR=(\S+)/.exec(stdout)?.[1] ?? '';
  if (!acr.upstream) throw new Error(`registry.sh printed no address: ${stdout}`);

  return Object.assign(api, {
    url: url(),
    port,
    caPath: files.ca,
    environment: () => ({
      AZURE_API_URL: url(),
      AZURE_API_CA: files.ca,
      NODE_EXTRA_CA_CERTS: files.ca,
      REQUESTS_CA_BUNDLE: files.ca,
      AZURE_AUTHORITY_HOST: url(),
      AZURE_API_TENANT_ID: TENANT_ID,
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION_ID,
      AZURE_RESOURCE_MANAGER_ENDPOINT: url(),
      AZURE_SEED_APP_URL: `${url()}${SEED_APP_PATH}`,
      AZURE_SEED_AKS_URL: `${url()}${SEED_AKS_PATH}`,
      AZURE_API_TOKEN_CERT: files.tokenCert,
      AZURE_API_CLIENT_ID: CLIENT_ID,
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url()}/github-oidc/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: OIDC_REQUEST_TOKEN,
      ACR_LOGIN_SERVER: loginServerOf(acr),
      ACR_ENDPOINT: `${loginServerOf(acr)}=127.0.0.1:${port}`,
    }),
    close: async () => {
      await new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
      await run(join(SCRIPTS, 'registry.sh'), ['stop', registryDir]);
    },
  });
}

/**
 * `node scripts/azure-api.ts DIR` (what scripts/azure-api.sh runs): serves on a free 127.0.0.1
 * port, writes DIR/env (the environment that points the action and az at it) and runs until stopped.
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node scripts/azure-api.ts DIR');
  const api = await startAzureApi({ dir });
  await writeFile(
    join(dir, 'env'),
    Object.entries(api.environment())
      .map(([name, value]) => `${name}=${value}\n`)
      .join(''),
  );
  const stop = () => void api.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
