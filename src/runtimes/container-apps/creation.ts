/**
 * Creating a Container App that does not exist, when container-apps-environment says where:
 * prepare reads the environment (its location and domain) and decides how the app pulls, writing
 * nothing; deploy PUTs the app and waits for its first revision as an update waits for a new one.
 */
import type { ContainerApp, ManagedEnvironment, Revision } from '@azure/arm-appcontainers';
import type { Log } from '../../oci/log.js';
import { boundOf } from '../../deadline.js';
import type { DeployResult, DeployTarget, PreparedDeployment } from '../runtime.js';
import { AzureError } from '../../clouds/azure.js';
import { armErrorFields, explainArmError } from '../../clouds/azure-arm.js';
import type { Connected } from './connect.js';
import { APPS_READER_ROLE, CONTAINER_APPS_ROLE } from './errors.js';
import type { ContainerAppsInputs, CreateSettings } from './inputs.js';
import type { Session } from './session.js';
import { choosePullAccess, createPlan, renderNewApp } from './create-render.js';

/** The update's steps a creation reuses: the same wait, reads and result. */
export interface UpdateSteps {
  waitForRevision(
    session: Session,
    revisionName: string,
    failed: (revisionName: string, reason: string) => Promise<AzureError>,
  ): Promise<{ app: ContainerApp; revision: Revision }>;
  readAppNow(session: Session): Promise<ContainerApp>;
  acceptedDespite(
    session: Session,
    before: Pick<ContainerApp, 'latestRevisionName'>,
    error: unknown,
  ): Promise<ContainerApp | undefined>;
  readRevision(session: Session, revisionName: string): Promise<Revision>;
  result(app: ContainerApp, revision: Revision, what: string): DeployResult;
}

export interface CreationContext {
  readonly inputs: ContainerAppsInputs;
  readonly update: UpdateSteps;
  readonly pollIntervalMs: number;
}

export async function prepareCreation(
  ctx: CreationContext,
  connected: Connected,
  target: DeployTarget,
  log: Log,
): Promise<PreparedDeployment> {
  const { inputs } = ctx;
  const create = inputs.create!;
  const { label } = connected;
  for (const [input, given] of [
    ['no-traffic', inputs.noTraffic],
    ['revision-tag', inputs.label !== undefined],
  ] as const)
    if (given)
      throw new AzureError(
        `${input}: ${label} does not exist yet, and a new app is created in Single revision mode, where its first revision takes all traffic: create it without ${input}, then set its revision mode to Multiple for previews`,
      );
  const secretRefs = Object.entries(inputs.env).filter(([, value]) => 'secretRef' in value);
  if (secretRefs.length > 0)
    throw new AzureError(
      `container-apps-env: ${secretRefs.map(([name]) => name).join(', ')} ${secretRefs.length === 1 ? 'refers' : 'refer'} to secrets, but ${label} does not exist yet and a new app has none: give plain values, or create the app with its secrets first (az containerapp create --secrets)`,
    );
  const pull = choosePullAccess(create, target);
  const environment = await readEnvironment(connected, create);
  const body = renderNewApp(inputs, create, environment, pull, target.image, target.registry);
  log(`${label} does not exist; environment ${environment.name} is in ${environment.location}`);
  return {
    plan: createPlan(label, inputs, create, environment, pull, target.image, target.registry),
    warnings: [],
    deploy: (deployLog) =>
      deployCreation(
        ctx,
        {
          client: connected.client,
          label,
          ...boundOf(inputs.waitTimeoutSeconds, 'wait-timeout'),
          location: environment.location,
          log: deployLog,
        },
        body,
      ),
  };
}

/** The environment, read-only: it must exist (in the run's subscription); the app is created in its location. */
async function readEnvironment(
  { client, subscriptionId }: Connected,
  create: CreateSettings,
): Promise<ManagedEnvironment & { id: string; location: string; name: string }> {
  const { environment } = create;
  const where = `managed environment ${environment.name} (resource group ${environment.resourceGroup}, subscription ${environment.subscriptionId ?? subscriptionId})`;
  if (environment.subscriptionId && environment.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase())
    throw new AzureError(
      `container-apps-environment: ${where} is not in the subscription the app is created in (${subscriptionId}): use an environment in that subscription`,
    );
  let found: ManagedEnvironment;
  try {
    found = await client.managedEnvironments.get(environment.resourceGroup, environment.name);
  } catch (error) {
    if (armErrorFields(error).statusCode === 404)
      throw new AzureError(
        `container-apps-environment: ${where} does not exist, so the app cannot be created in it: check the name and resource group (az containerapp env list), or create it (az containerapp env create)`,
        { cause: error },
      );
    throw explainArmError(error, `Reading ${where}`, APPS_READER_ROLE);
  }
  if (!found.id || !found.location) throw new AzureError(`${where}: Azure returned it without an id or location`);
  return { ...found, id: found.id, location: found.location, name: found.name ?? environment.name };
}

async function deployCreation(ctx: CreationContext, session: Session, body: ContainerApp): Promise<DeployResult> {
  const { inputs, update } = ctx;
  const { label, log } = session;
  log(`creating ${label}; waiting up to ${inputs.waitTimeoutSeconds} s for its first revision to be healthy`);
  const poller = session.client.containerApps.createOrUpdate(inputs.resourceGroup, inputs.app, body, {
    updateIntervalInMs: ctx.pollIntervalMs,
    abortSignal: AbortSignal.timeout(Math.max(1, session.deadline - Date.now())),
  });
  let created: ContainerApp;
  try {
    created = await poller.pollUntilDone();
  } catch (error) {
    // Refused while following the operation, after Azure created the app: its revision is what counts.
    const accepted = await update.acceptedDespite(session, {}, error);
    if (!accepted) throw await creationFailed(ctx, session, error);
    created = accepted;
  }
  const revisionName = inputs.revisionSuffix ? `${inputs.app}--${inputs.revisionSuffix}` : created.latestRevisionName;
  if (!revisionName) throw new AzureError(`${label} was created, but Azure names no revision for it`);
  log(`first revision ${revisionName}; waiting for it to be Provisioned, Running and Healthy`);
  const { app, revision } = await update.waitForRevision(session, revisionName, async (name, reason) =>
    notRunning(label, name, reason),
  );
  return update.result(app, revision, 'created');
}

function notRunning(label: string, revisionName: string | undefined, reason: string): AzureError {
  return new AzureError(
    `${label} was created, but its first revision${revisionName ? ` ${revisionName}` : ''} is not running: ${reason.replace(/\.$/, '')}. Fix the cause and deploy again (the app is then updated in place), or delete it (az containerapp delete)`,
  );
}

/** The PUT or its operation failed: refused (nothing created), or the app exists but its first revision does not run. */
async function creationFailed(ctx: CreationContext, session: Session, error: unknown): Promise<Error> {
  const { label } = session;
  const name = (error as Error).name;
  if (name === 'AbortError' || name === 'TimeoutError')
    return new AzureError(`Creating ${label} was not done within ${session.within}; it may still finish in Azure`, {
      cause: error,
    });
  const { statusCode, code, message } = armErrorFields(error);
  if (statusCode === 401 || statusCode === 403 || statusCode === 429)
    return explainArmError(error, `Creating ${label} (nothing was created)`, CONTAINER_APPS_ROLE);
  const reason = `${code && !message.includes(code) ? `${code}: ` : ''}${message}`;
  let app: ContainerApp | undefined;
  try {
    app = await ctx.update.readAppNow(session);
  } catch {
    // Not there (or not readable): the request's own error says what failed.
  }
  if (!app?.latestRevisionName)
    return new AzureError(`Creating ${label} failed, and nothing was created: ${reason}`, { cause: error });
  let provisioningError = '';
  try {
    provisioningError = (await ctx.update.readRevision(session, app.latestRevisionName)).provisioningError ?? '';
  } catch {
    // The operation's message still says what failed.
  }
  return notRunning(
    label,
    app.latestRevisionName,
    `${reason}${provisioningError && !message.includes(provisioningError) ? ` (${provisioningError})` : ''}`,
  );
}
