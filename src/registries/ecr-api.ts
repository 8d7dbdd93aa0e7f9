/**
 * Amazon ECR's API: registry credentials from GetAuthorizationToken (the AWS SDK's default
 * credential chain, as aws-actions/configure-aws-credentials leaves it, OIDC included), and the
 * repository checked, or created, before any byte moves. The ECR and ECR Public family modules
 * import this file only when they call AWS, and it loads the SDK only then.
 */
import * as core from '../runner/workflow-commands.js';
import type { ECRClient } from '@aws-sdk/client-ecr';
import { AwsError, awsClientConfig, explainAwsError } from '../clouds/aws.js';
import type { Credentials } from '../oci/credentials.js';
import { describeTagMutability, immutableTagPredicate } from './ecr-tags.js';
import type { Log } from '../oci/log.js';

/** Which ECR registry: the account and region its host names, and whether the host is a FIPS endpoint. */
export interface EcrRegistry {
  readonly accountId: string;
  readonly region: string;
  readonly fips: boolean;
}

function decodeToken(token: string | undefined, registry: string): Credentials {
  const decoded = Buffer.from(token ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new AwsError(`ECR returned an authorization token for ${registry} that is not user:password`);
  const credentials = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  core.setSecret(credentials.password);
  core.setSecret(token ?? '');
  return credentials;
}

/**
 * A run's ECR API clients, one per region (and FIPS choice), shared by the registry credentials and
 * the repository check. Each is built on first use, so the SDK loads only when ECR is used; the run
 * destroys them at its end, closing their connections.
 */
export class EcrClients {
  private readonly clients = new Map<string, Promise<ECRClient>>();

  client(family: EcrRegistry): Promise<ECRClient> {
    const key = `${family.region}${family.fips ? ' (FIPS)' : ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = import('@aws-sdk/client-ecr').then(
        ({ ECRClient }) =>
          new ECRClient({
            region: family.region,
            ...(family.fips && { useFipsEndpoint: true }),
            ...awsClientConfig(),
          }),
      );
      this.clients.set(key, client);
    }
    return client;
  }

  async destroy(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    for (const built of await Promise.allSettled(clients)) if (built.status === 'fulfilled') built.value.destroy();
  }
}

/** Runs `use` with the run's client for this ECR region, or with one of its own, destroyed after. */
async function withEcrClient<T>(
  family: EcrRegistry,
  shared: EcrClients | undefined,
  use: (client: ECRClient) => Promise<T>,
): Promise<T> {
  const clients = shared ?? new EcrClients();
  try {
    return await use(await clients.client(family));
  } finally {
    if (!shared) await clients.destroy();
  }
}

/** Registry credentials for a private ECR host, from the caller's AWS identity. */
export async function ecrCredentials(
  registry: string,
  family: EcrRegistry,
  clients?: EcrClients,
): Promise<Credentials> {
  const { GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  return withEcrClient(family, clients, async (client) => {
    try {
      const output = await client.send(new GetAuthorizationTokenCommand({}));
      return decodeToken(output.authorizationData?.[0]?.authorizationToken, registry);
    } catch (error) {
      if (error instanceof AwsError) throw error;
      throw explainAwsError(error, 'ecr:GetAuthorizationToken', `account ${family.accountId}, region ${family.region}`);
    }
  });
}

/** Registry credentials for ECR Public (public.ecr.aws), from the caller's AWS identity. */
export async function ecrPublicCredentials(registry: string): Promise<Credentials> {
  // ECR Public's API lives in us-east-1 only.
  const { ECRPUBLICClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr-public');
  const client = new ECRPUBLICClient({ region: 'us-east-1', ...awsClientConfig() });
  try {
    const output = await client.send(new GetAuthorizationTokenCommand({}));
    return decodeToken(output.authorizationData?.authorizationToken, registry);
  } catch (error) {
    if (error instanceof AwsError) throw error;
    throw explainAwsError(error, 'ecr-public:GetAuthorizationToken', 'us-east-1');
  } finally {
    client.destroy();
  }
}

export interface RepositoryOptions {
  readonly create: boolean;
  readonly imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  readonly scanOnPush: boolean;
  readonly lifecyclePolicy: string | undefined;
}

export interface RepositoryState {
  /** Whether the repository refuses to move this tag, once it exists, to another image. */
  readonly immutableTag: (tag: string) => boolean;
  /** How its tags behave, in words: "mutable", "immutable", "immutable except latest", … */
  readonly tagMutability: string;
  readonly created: boolean;
}

/** The tag rules of a repository this run creates (or would create). */
function created(mutability: RepositoryOptions['imageTagMutability']): Omit<RepositoryState, 'created'> {
  return {
    immutableTag: immutableTagPredicate(mutability, undefined),
    tagMutability: describeTagMutability(mutability, undefined),
  };
}

/**
 * Checks that the destination repository exists (creating it when asked), before anything is
 * pushed. In a plan (`dryRun`), reports what it would create and creates nothing.
 */
export async function ensureEcrRepository(
  family: EcrRegistry,
  repository: string,
  options: RepositoryOptions,
  log: Log,
  dryRun = false,
  clients?: EcrClients,
): Promise<RepositoryState> {
  const ecr = await import('@aws-sdk/client-ecr');
  const where = `account ${family.accountId}, region ${family.region}`;
  return withEcrClient(family, clients, async (client) => {
    try {
      const found = await client.send(
        new ecr.DescribeRepositoriesCommand({ registryId: family.accountId, repositoryNames: [repository] }),
      );
      // Decided per tag before the push: with exclusion filters, some tags move and others do not.
      const { imageTagMutability, imageTagMutabilityExclusionFilters } = found.repositories?.[0] ?? {};
      const tagMutability = describeTagMutability(imageTagMutability, imageTagMutabilityExclusionFilters);
      log(
        `ECR repository "${repository}" (${where}) exists${tagMutability === 'mutable' ? '' : `; its tags are ${tagMutability}`}`,
      );
      return {
        immutableTag: immutableTagPredicate(imageTagMutability, imageTagMutabilityExclusionFilters),
        tagMutability,
        created: false,
      };
    } catch (error) {
      if ((error as { name?: string }).name !== 'RepositoryNotFoundException') {
        throw explainAwsError(error, `ecr:DescribeRepositories for "${repository}"`, where);
      }
    }
    if (!options.create) {
      throw new AwsError(
        `the ECR repository "${repository}" does not exist (${where}): create it, or set create-repository: true`,
      );
    }
    if (dryRun) {
      log(
        `would create the ECR repository "${repository}" (${where}), tags ${options.imageTagMutability.toLowerCase()}`,
      );
      return { ...created(options.imageTagMutability), created: false };
    }
    try {
      await client.send(
        new ecr.CreateRepositoryCommand({
          registryId: family.accountId,
          repositoryName: repository,
          imageTagMutability: options.imageTagMutability,
          imageScanningConfiguration: { scanOnPush: options.scanOnPush },
        }),
      );
      if (options.lifecyclePolicy) {
        await client.send(
          new ecr.PutLifecyclePolicyCommand({
            registryId: family.accountId,
            repositoryName: repository,
            lifecyclePolicyText: options.lifecyclePolicy,
          }),
        );
      }
    } catch (error) {
      throw explainAwsError(error, `ecr:CreateRepository for "${repository}"`, where);
    }
    log(
      `created the ECR repository "${repository}" (${where}), tags ${options.imageTagMutability.toLowerCase()}${options.scanOnPush ? ', scan on push' : ''}${options.lifecyclePolicy ? ', with a lifecycle policy' : ''}`,
    );
    return { ...created(options.imageTagMutability), created: true };
  });
}
