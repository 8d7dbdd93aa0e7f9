/**
 * The registry family table: every kind has its module and its place in the detection order, the
 * credentials of every registry resolve through one chain (inputs → family → docker config →
 * anonymous), and nothing outside src/registries/ decides by a family's name.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseRepository } from '../src/oci/reference.js';
import { registryAccess } from '../src/registries/access.js';
import { credentialChain } from '../src/registries/credential-chain.js';
import { prepareDestination } from '../src/registries/destination.js';
import {
  DETECTION_ORDER,
  detectRegistry,
  REGISTRY_FAMILIES,
  registryQuirks,
  registryTraits,
  type FamilyKind,
} from '../src/registries/index.js';
import { ROOT } from './helpers/services.js';

const KINDS = Object.keys(REGISTRY_FAMILIES) as FamilyKind[];
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** A destination of each family; typed by FamilyKind, so a new family needs its line here too. */
const SAMPLES: Record<FamilyKind, string> = {
  ecr: `${ECR}/app`,
  'ecr-public': 'public.ecr.aws/alias/app',
  'artifact-registry': 'europe-west1-docker.pkg.dev/proj/repo/app',
  gcr: 'eu.gcr.io/proj/app',
  acr: 'myreg.azurecr.io/app',
  ghcr: 'ghcr.io/octo/app',
  'docker-hub': 'octo/app',
  generic: 'registry.example.com/app',
};

const detect = (destination: string) => detectRegistry(parseRepository(destination));

describe('the registry family table', () => {
  it.each(KINDS)('has a whole module for %s, under its own kind', (kind) => {
    const module = REGISTRY_FAMILIES[kind];
    expect(module.kind).toBe(kind);
    for (const name of ['detect', 'describe', 'shapeProblem', 'credentials', 'prepareRepository', 'traits'] as const)
      expect(typeof module[name], `${kind}.${name}`).toBe('function');
    expect(typeof module.quirks.chunkedUploads).toBe('boolean');
  });

  it('tries every family once, generic (which takes any host) last', () => {
    expect([...DETECTION_ORDER].sort()).toEqual([...KINDS].sort());
    expect(new Set(DETECTION_ORDER).size).toBe(DETECTION_ORDER.length);
    expect(DETECTION_ORDER.at(-1)).toBe('generic');
    expect(REGISTRY_FAMILIES.generic.detect('anything.example', 'a')).toEqual({ kind: 'generic' });
  });

  it.each(KINDS)('detects its sample of %s as that family, and describes it', (kind) => {
    const family = detect(SAMPLES[kind]);
    expect(family.kind).toBe(kind);
    expect(REGISTRY_FAMILIES[kind].describe(family as never)).not.toBe('');
  });

  it('keeps the quirks each family had: no chunked uploads to ECR and ECR Public only', () => {
    const chunked = Object.fromEntries(
      KINDS.map((kind) => [kind, registryQuirks(detect(SAMPLES[kind])).chunkedUploads]),
    );
    expect(chunked).toEqual({
      ecr: false,
      'ecr-public': false,
      'artifact-registry': true,
      gcr: true,
      acr: true,
      ghcr: true,
      'docker-hub': true,
      generic: true,
    });
  });

  it('tells runtimes which cloud serves a registry, where, and whether it is a public hub', () => {
    expect(registryTraits(detect(SAMPLES.ecr))).toEqual({
      cloud: 'aws',
      owner: '123456789012',
      region: 'us-east-1',
      pullsWithCloudIdentity: true,
      publicHub: false,
    });
    expect(registryTraits(detect(SAMPLES['ecr-public']))).toMatchObject({
      cloud: 'aws',
      pullsWithCloudIdentity: false,
    });
    expect(registryTraits(detect(SAMPLES['artifact-registry']))).toMatchObject({
      cloud: 'google',
      owner: 'proj',
      region: 'europe-west1',
    });
    expect(registryTraits(detect(SAMPLES.gcr))).toMatchObject({ cloud: 'google', owner: 'proj', region: 'europe' });
    expect(registryTraits(detect(SAMPLES.acr))).toMatchObject({ cloud: 'azure' });
    expect(registryTraits(detect(SAMPLES['docker-hub']))).toMatchObject({ cloud: undefined, publicHub: true });
    for (const kind of ['ghcr', 'generic'] as const)
      expect(registryTraits(detect(SAMPLES[kind]))).toMatchObject({ cloud: undefined, publicHub: false });
  });

  it('knows nothing of a repository where the registry has no API for it, and calls nothing', async () => {
    for (const kind of ['ecr-public', 'ghcr', 'docker-hub', 'generic'] as const) {
      const destination = parseRepository(SAMPLES[kind]);
      const state = await prepareDestination(
        {
          destination,
          destinationFamily: detectRegistry(destination),
          createRepository: true,
          ecr: { imageTagMutability: 'IMMUTABLE', scanOnPush: false, lifecyclePolicy: undefined },
        },
        false,
        () => {},
      );
      expect(state, kind).toEqual({ immutableTags: false });
    }
  });
});

/** Source files outside src/registries/, with their text. */
async function filesOutsideRegistries(dir = join(ROOT, 'src')): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return path === join(ROOT, 'src', 'registries') ? [] : filesOutsideRegistries(path);
      return entry.name.endsWith('.ts') ? [{ path: relative(ROOT, path), text: await readFile(path, 'utf8') }] : [];
    }),
  );
  return nested.flat();
}

describe('outside src/registries/', () => {
  it('nothing decides by a family name: no kind compared, switched on or extracted', async () => {
    const kinds = KINDS.map((kind) => kind.replace(/-/g, '\\-')).join('|');
    const byName = new RegExp(`(?:===|!==|case)\\s*'(?:${kinds})'|[Ff]amily\\??\\.kind\\b|kind:\\s*'(?:${kinds})'`);
    const found = (await filesOutsideRegistries()).flatMap(({ path, text }) =>
      text
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => byName.test(line))
        .map(({ line, index }) => `${path}:${index + 1}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});

describe('the credential chain', () => {
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-chain-'));
    const auth = (text: string) => ({ auth: Buffer.from(text).toString('base64') });
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'public.ecr.aws': auth('docker:public'),
          'ghcr.io': auth('octo:ghcr'),
          'europe-west1-docker.pkg.dev': auth('_json_key:key'),
          [ECR]: auth('docker:ecr'),
        },
      }),
    );
    process.env.DOCKER_CONFIG = dir;
    // Any call to AWS or Google fails at once here: no credentials, no metadata server to probe.
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_PROFILE;
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'none');
    process.env.AWS_CONFIG_FILE = join(dir, 'none');
    process.env.METADATA_SERVER_DETECTION = 'none';
    process.env.CLOUDSDK_CONFIG = join(dir, 'no-gcloud');
  });

  afterAll(async () => {
    process.env = saved;
    await rm(dir, { recursive: true, force: true });
  });

  const access = (destination: string, explicit?: { username: string; password: string }) =>
    registryAccess({
      destination: parseRepository(destination),
      destinationCredentials: explicit,
      insecureRegistries: [],
      registryEndpoints: new Map(),
    });

  it('takes the first source that has credentials, and asks no further', async () => {
    const later = vi.fn(async () => ({ username: 'later' }));
    const chain = credentialChain(
      async () => undefined,
      async (registry) => ({ username: `first for ${registry}` }),
      later,
    );
    expect(await chain('r.example')).toEqual({ username: 'first for r.example' });
    expect(later).not.toHaveBeenCalled();
    expect(await credentialChain(async () => undefined)('r.example')).toBeUndefined();
  });

  it('gives the explicit inputs for the destination before asking its family (no ECR token)', async () => {
    const run = access(`${ECR}/app`, { username: 'me', password: 'given' });
    expect(await run.credentialsFor(ECR)).toEqual({ username: 'me', password: 'given' });
    await run.close();
  });

  it('gives the explicit inputs to the destination only: a source registry goes on down the chain', async () => {
    const run = access('registry.example.com/app', { username: 'me', password: 'given' });
    expect(await run.credentialsFor('ghcr.io')).toEqual({ username: 'octo', password: 'ghcr' });
    expect(await run.credentialsFor('registry.example.com')).toEqual({ username: 'me', password: 'given' });
    await run.close();
  });

  it('asks AWS for ECR Public only as the destination; as a source, docker config serves it', async () => {
    const run = access('registry.example.com/app');
    expect(await run.credentialsFor('public.ecr.aws')).toEqual({ username: 'docker', password: 'public' });
    await run.close();
    const pushing = access('public.ecr.aws/alias/app');
    await expect(pushing.credentialsFor('public.ecr.aws')).rejects.toThrow(
      'ecr-public:GetAuthorizationToken (us-east-1) needs AWS credentials and found none',
    );
    await pushing.close();
  });

  it('asks AWS for a private ECR host even when docker config has it (the family source comes first)', async () => {
    const run = access('registry.example.com/app');
    await expect(run.credentialsFor(ECR)).rejects.toThrow('ecr:GetAuthorizationToken (account 123456789012');
    await run.close();
  });

  it('goes on to docker config when Google has no Application Default Credentials', async () => {
    const run = access('europe-west1-docker.pkg.dev/proj/repo/app');
    expect(await run.credentialsFor('europe-west1-docker.pkg.dev')).toEqual({
      username: '_json_key',
      password: 'key',
    });
    await run.close();
  });

  it('is anonymous where no source has credentials', async () => {
    const run = access('registry.example.com/app');
    expect(await run.credentialsFor('quay.io')).toBeUndefined();
    await run.close();
  });
});
