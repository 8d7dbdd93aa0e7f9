/**
 * Where registry credentials come from: explicit inputs first, else the docker config.json that
 * docker/login-action (or `docker login`) wrote: `auths`, `credHelpers`, `credsStore`.
 */
// fs.promises is read at the call, so runs without a docker config never load that module (start-up).
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as core from '../runner/workflow-commands.js';
import { UserError } from './user-error.js';

export interface Credentials {
  readonly username?: string;
  readonly password?: string;
  /** An OAuth2 refresh token (docker config "identitytoken"). */
  readonly identityToken?: string;
  /** A bearer token to send as is (docker config "registrytoken"). */
  readonly registryToken?: string;
  /** When to ask for these credentials again (ms since the epoch): they stop working soon after (ACR's refresh token). */
  readonly renewAt?: number;
}

interface DockerConfigAuth {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface DockerConfig {
  auths?: Record<string, DockerConfigAuth>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** docker.io credentials live under this legacy key in config.json. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

/** docker config.json cannot be read or makes no sense: the file is named, and what to do. */
export class DockerConfigError extends UserError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message, `Docker config ${path}`);
    this.name = 'DockerConfigError';
  }
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

export async function readDockerConfig(path = dockerConfigPath()): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new DockerConfigError(
      path,
      `cannot read ${path} (${code === 'EISDIR' ? 'it is a directory' : (error as Error).message}); fix it, or point DOCKER_CONFIG at the folder that holds config.json`,
    );
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (error) {
    throw new DockerConfigError(path, `${path} is not valid JSON (${(error as Error).message}); fix or remove it`);
  }
}

function keysFor(registry: string): string[] {
  return registry === 'docker.io' ? DOCKER_HUB_KEYS : [registry];
}

/** Normalises a config.json `auths` key: `https://host/v1/` and `host` both mean `host`. */
function normaliseKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

function fromAuthEntry(entry: DockerConfigAuth, registry: string): Credentials | undefined {
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
      throw new DockerConfigError(
        dockerConfigPath(),
        `${dockerConfigPath()}: the "auth" entry for ${registry} is not base64 of user:password; log in again (docker login ${registry})`,
      );
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  const credentials: Credentials = {
    ...(username && { username }),
    ...(password && { password }),
    ...(entry.identitytoken && { identityToken: entry.identitytoken }),
    ...(entry.registrytoken && { registryToken: entry.registrytoken }),
  };
  return Object.keys(credentials).length > 0 ? credentials : undefined;
}

export type HelperRunner = (
  helper: string,
  registry: string,
) => Promise<{ Username: string; Secret: string } | undefined>;

/** Runs `docker-credential-<helper> get` with the server on stdin, as the docker CLI does. */
const runCredentialHelper: HelperRunner = async (helper, serverUrl) => {
  // Loaded only here: most runs have no helper, and child_process is start-up every run would pay.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(`docker-credential-${helper}`, ['get'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) =>
      reject(
        new DockerConfigError(
          dockerConfigPath(),
          `credential helper docker-credential-${helper} could not run (${dockerConfigPath()} names it): ${error.message}`,
        ),
      ),
    );
    child.on('close', (code) => {
      const output = (stdout || stderr).trim();
      if (code !== 0) {
        // Helpers say this when they hold nothing for the server: not an error, just no credentials.
        if (/credentials not found/i.test(output)) return resolve(undefined);
        return reject(
          new DockerConfigError(
            dockerConfigPath(),
            `docker-credential-${helper} get failed for ${serverUrl} (exit ${code}): ${output.slice(0, 200)}`,
          ),
        );
      }
      try {
        resolve(JSON.parse(stdout) as { Username: string; Secret: string });
      } catch {
        reject(
          new DockerConfigError(
            dockerConfigPath(),
            `docker-credential-${helper} get printed something that is not JSON for ${serverUrl}`,
          ),
        );
      }
    });
    child.stdin.end(serverUrl);
  });
};

/** Looks up a registry's credentials in a docker config, running helpers where configured. */
export async function credentialsFromDockerConfig(
  config: DockerConfig,
  registry: string,
  runHelper: HelperRunner = runCredentialHelper,
): Promise<Credentials | undefined> {
  const keys = keysFor(registry);
  const helper = keys.map((key) => config.credHelpers?.[key]).find(Boolean) ?? config.credsStore;
  if (helper) {
    for (const key of keys) {
      const found = await runHelper(helper, key);
      if (found) {
        // "<token>" as the user name means the secret is an identity (refresh) token.
        const credentials: Credentials =
          found.Username === '<token>'
            ? { identityToken: found.Secret }
            : { username: found.Username, password: found.Secret };
        maskCredentials(credentials);
        return credentials;
      }
    }
    if (config.credHelpers && keys.some((key) => config.credHelpers?.[key])) return undefined;
  }
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    if (keys.includes(key) || keys.includes(normaliseKey(key))) {
      const credentials = fromAuthEntry(entry, registry);
      if (credentials) {
        maskCredentials(credentials);
        return credentials;
      }
    }
  }
  return undefined;
}

function maskCredentials(credentials: Credentials): void {
  for (const secret of [credentials.password, credentials.identityToken, credentials.registryToken]) {
    if (secret) core.setSecret(secret);
  }
}

/** A function that gives a registry's credentials, looked up once per registry. */
export type CredentialProvider = (registry: string) => Promise<Credentials | undefined>;

/**
 * Explicit credentials for the listed registries, docker config.json for the rest.
 * The config file is read at most once.
 */
export function credentialProvider(
  explicit: ReadonlyMap<string, Credentials>,
  configPath = dockerConfigPath(),
): CredentialProvider {
  let config: Promise<DockerConfig | undefined> | undefined;
  return async (registry) => {
    const given = explicit.get(registry);
    if (given) return given;
    config ??= readDockerConfig(configPath);
    const loaded = await config;
    return loaded ? credentialsFromDockerConfig(loaded, registry) : undefined;
  };
}
