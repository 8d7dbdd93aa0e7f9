/**
 * Azure Container Apps as a runtime, by digest, through @azure/arm-appcontainers: an existing app's
 * container gets the new image (only it and the given fields change; everything else set on the app
 * is kept), and the step waits for the new revision by name to be Provisioned, Running and Healthy
 * and to be the app's latest ready revision. In Multiple revision mode traffic stays where it is
 * until then, and moves (or gets a label) only once the new revision is healthy.
 */
import type { ContainerApp, ContainerAppsAPIClient, Revision, TrafficWeight } from '@azure/arm-appcontainers';
import type { Log } from '../../oci/log.js';
import { boundOf } from '../../deadline.js';
import type { Session } from './session.js';
import type { DeployResult, DeployTarget, PreparedDeployment, Runtime } from '../runtime.js';
import type { ArmAccess } from './arm.js';
import { AzureError } from '../../clouds/azure.js';
import { armErrorFields, explainArmError } from '../../clouds/azure-arm.js';
import { APPS_READER_ROLE, CONTAINER_APPS_ROLE } from './errors.js';
import { checkSecretRefs, connect } from './connect.js';
import type { ContainerAppsInputs } from './inputs.js';
import { prepareCreation, type CreationContext } from './creation.js';
import { pullWarnings } from './pull.js';
import {
  deployedUrl,
  describeTraffic,
  finalTraffic,
  holdTraffic,
  isMultipleMode,
  renderTemplate,
  revisionState,
  sameTraffic,
  trafficPlan,
  type RenderedTemplate,
} from './render.js';

export function containerAppsRuntime(inputs: ContainerAppsInputs, access: ArmAccess): Runtime {
  return new ContainerAppsRuntime(inputs, access);
}

class ContainerAppsRuntime implements Runtime {
  readonly name = 'container-apps';

  constructor(
    private readonly inputs: ContainerAppsInputs,
    private readonly access: ArmAccess,
  ) {}

  async prepare(target: DeployTarget, log: Log): Promise<PreparedDeployment> {
    const { app: name, resourceGroup } = this.inputs;
    const { client, subscriptionId, label } = await connect(
      this.access,
      target,
      `Container App ${name}`,
      resourceGroup,
      APPS_READER_ROLE,
    );
    const app = await this.readApp(client, label);
    if (!app) return prepareCreation(this.creation(), { client, subscriptionId, label }, target, log);
    if (this.inputs.create)
      log(
        `${label} exists: container-apps-environment, -target-port, -ingress and -identity apply only when creating it; its own settings are kept`,
      );
    const rendered = renderTemplate(app, this.inputs, target.image);
    const multiple = isMultipleMode(app);
    this.checkMode(app, multiple, label);
    checkSecretRefs(this.inputs.env, app.configuration?.secrets, label, ' (add one with az containerapp secret set)');
    if (rendered.revisionName && rendered.changes.length > 0)
      await this.checkSuffixFree(client, rendered.revisionName, label);
    log(`${label} exists (${multiple ? 'Multiple' : 'Single'} revision mode); serving ${describeTraffic(app)}`);

    const plan = rendered.changes.length
      ? [
          `would update ${label}, creating a new revision:`,
          ...rendered.changes.map((c) => `  ${c}`),
          ...(multiple ? trafficPlan(app, this.inputs).map((line) => `  ${line}`) : []),
        ]
      : [`${label} already runs ${target.image} as asked: no new revision`];
    return {
      plan,
      warnings: pullWarnings(app, target),
      deploy: (deployLog) =>
        this.deploy(
          {
            client,
            label,
            // Cut to end before the run's timeout, so this runtime's own failure is what the step says.
            ...boundOf(this.inputs.waitTimeoutSeconds, 'wait-timeout'),
            location: app.location,
            log: deployLog,
          },
          app,
          rendered,
        ),
    };
  }

  /** What creating a missing app needs of this runtime: its inputs, and the update's wait. */
  private creation(): CreationContext {
    return {
      inputs: this.inputs,
      update: {
        waitForRevision: (session, revisionName, failed) => this.waitForRevision(session, revisionName, failed),
        readAppNow: (session) => this.readAppNow(session),
        acceptedDespite: (session, before, error) => this.acceptedDespite(session, before, error),
        readRevision: (session, revisionName) => this.readRevision(session, revisionName),
        result: (app, revision, what) => this.result(app, revision, what),
      },
      pollIntervalMs: this.access.pollIntervalMs ?? 2_000,
    };
  }

  /** The app, or undefined when it is missing and container-apps-environment says to create it. */
  private async readApp(client: ContainerAppsAPIClient, label: string): Promise<ContainerApp | undefined> {
    try {
      return await client.containerApps.get(this.inputs.resourceGroup, this.inputs.app);
    } catch (error) {
      const { statusCode, code } = armErrorFields(error);
      if (statusCode === 404 && code !== 'ResourceGroupNotFound' && this.inputs.create) return undefined;
      if (statusCode === 404) {
        throw new AzureError(
          code === 'ResourceGroupNotFound'
            ? `${label}: the resource group ${this.inputs.resourceGroup} does not exist in this subscription (azure-resource-group)`
            : `${label} does not exist: set container-apps-environment to create it in that managed environment, or check container-apps-app, azure-resource-group and the subscription`,
          { cause: error },
        );
      }
      throw explainArmError(error, `Reading ${label}`, APPS_READER_ROLE);
    }
  }

  private checkMode(app: ContainerApp, multiple: boolean, label: string): void {
    for (const [input, given] of [
      ['no-traffic', this.inputs.noTraffic],
      ['revision-tag', this.inputs.label !== undefined],
    ] as const) {
      if (!given) continue;
      if (!multiple)
        throw new AzureError(
          `${input}: ${label} is in Single revision mode, where the new revision takes all traffic once healthy; set its revision mode to Multiple (az containerapp revision set-mode --mode multiple) for a preview`,
        );
      // Traffic weights and labels live on ingress: an app without one has neither.
      if (!app.configuration?.ingress)
        throw new AzureError(
          `${input}: ${label} has no ingress, so it has no traffic to hold back and no label URL; enable ingress (az containerapp ingress enable --target-port PORT) for a preview, or deploy without ${input}`,
        );
    }
  }

  /** Every secretref: names a secret the app has (GET shows secret names, never values). */
  /** A revision name is taken for good (even by an inactive revision): found now, not after the push. */
  private async checkSuffixFree(client: ContainerAppsAPIClient, revisionName: string, label: string): Promise<void> {
    try {
      await client.containerAppsRevisions.getRevision(this.inputs.resourceGroup, this.inputs.app, revisionName);
    } catch (error) {
      if (armErrorFields(error).statusCode === 404) return;
      throw explainArmError(error, `Reading revision ${revisionName} of ${label}`, APPS_READER_ROLE);
    }
    throw new AzureError(
      `revision-suffix: ${label} already has a revision ${revisionName}, and a revision name cannot be reused: use another suffix (e.g. the commit SHA and the run attempt)`,
    );
  }

  private async deploy(session: Session, before: ContainerApp, rendered: RenderedTemplate): Promise<DeployResult> {
    const { label, log } = session;
    const multiple = isMultipleMode(before);
    if (rendered.changes.length === 0) return this.alreadyRunning(session, before);
    const held = multiple ? holdTraffic(before) : undefined;
    // Flattened model: `properties` is the SDK's to add. Only the template (whole, since PATCH
    // replaces arrays) and, in Multiple mode, the traffic pinned where it is now.
    const patch: Omit<ContainerApp, 'location'> = {
      template: rendered.template,
      ...(held && { configuration: { ingress: { traffic: held } } }),
    };
    log(`updating ${label}; waiting up to ${this.inputs.waitTimeoutSeconds} s for the new revision to be healthy`);
    let updated: ContainerApp;
    try {
      updated = await this.update(session, patch, 'Updating');
    } catch (error) {
      // Refused while following the operation, after Azure took the update: the revision is what counts.
      const accepted = await this.acceptedDespite(session, before, error);
      if (!accepted) throw await this.failure(session, before, error);
      updated = accepted;
    }
    const revisionName = rendered.revisionName ?? updated.latestRevisionName;
    if (!revisionName || (!rendered.revisionName && revisionName === before.latestRevisionName)) {
      throw new AzureError(
        `${label}: the update succeeded but Azure made no new revision (latest is still ${before.latestRevisionName ?? 'none'}); deploy again with a revision-suffix`,
      );
    }
    log(`new revision ${revisionName}; waiting for it to be Provisioned, Running and Healthy`);
    const { app, revision } = await this.waitForRevision(session, revisionName);
    const final = multiple ? await this.moveTraffic(session, app, revisionName) : app;
    return this.result(final, revision, 'updated');
  }

  /** Nothing to change is no success unless the revision running now is healthy and the latest ready one. */
  private async alreadyRunning(session: Session, app: ContainerApp): Promise<DeployResult> {
    const latest = app.latestRevisionName;
    if (!latest) throw new AzureError(`${session.label} has no revision yet`);
    const revision = await this.readRevision(session, latest);
    const state = revisionState(revision);
    if (state.kind !== 'ready' || app.latestReadyRevisionName !== latest) {
      throw new AzureError(
        `${session.label} already asks for this image, but its revision ${latest} is not healthy (${state.kind === 'failed' ? state.reason : state.kind === 'pending' ? state.state : 'not the latest ready revision'}); traffic: ${describeTraffic(app)}. This run changed nothing: fix the cause, then deploy again with a new revision-suffix`,
      );
    }
    const final = isMultipleMode(app) ? await this.moveTraffic(session, app, latest) : app;
    return this.result(final, revision, 'already running');
  }

  /** Multiple mode, the new revision healthy: traffic as asked (100% to it, or a label), when it is not already. */
  private async moveTraffic(session: Session, app: ContainerApp, revisionName: string): Promise<ContainerApp> {
    // Without ingress there is no traffic to set: every active revision just runs.
    if (!app.configuration?.ingress) return app;
    const current: TrafficWeight[] = app.configuration.ingress.traffic ?? [];
    const wanted = finalTraffic(current, revisionName, this.inputs);
    if (sameTraffic(current, wanted, revisionName)) return app;
    session.log(
      `traffic: ${wanted.map((t) => `${t.weight ?? 0}% to ${t.revisionName}${t.label ? ` (label ${t.label})` : ''}`).join(', ')}`,
    );
    try {
      return await this.update(session, { configuration: { ingress: { traffic: wanted } } }, 'Setting the traffic of');
    } catch (error) {
      throw explainArmError(
        error,
        `Setting the traffic of ${session.label} to revision ${revisionName} (healthy; traffic not moved)`,
        CONTAINER_APPS_ROLE,
      );
    }
  }

  /** A PATCH (JSON Merge Patch) through the SDK's poller: Location or Azure-AsyncOperation, Retry-After, bounded by the deadline. */
  private async update(session: Session, changes: Omit<ContainerApp, 'location'>, verb: string): Promise<ContainerApp> {
    const patch: ContainerApp = { location: session.location, ...changes };
    const remaining = Math.max(1, session.deadline - Date.now());
    const poller = session.client.containerApps.update(this.inputs.resourceGroup, this.inputs.app, patch, {
      updateIntervalInMs: this.access.pollIntervalMs ?? 2_000,
      abortSignal: AbortSignal.timeout(remaining),
    });
    try {
      return await poller.pollUntilDone();
    } catch (error) {
      if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError')
        throw new AzureError(
          `${verb} ${session.label} was not done within ${session.within}; it may still finish in Azure`,
          { cause: error },
        );
      throw error;
    }
  }

  private async readRevision(session: Session, revisionName: string): Promise<Revision> {
    try {
      return await session.client.containerAppsRevisions.getRevision(
        this.inputs.resourceGroup,
        this.inputs.app,
        revisionName,
      );
    } catch (error) {
      throw explainArmError(error, `Reading revision ${revisionName} of ${session.label}`, APPS_READER_ROLE);
    }
  }

  private async readAppNow(session: Session): Promise<ContainerApp> {
    try {
      return await session.client.containerApps.get(this.inputs.resourceGroup, this.inputs.app);
    } catch (error) {
      throw explainArmError(error, `Reading ${session.label}`, APPS_READER_ROLE);
    }
  }

  /**
   * A 401, 403 or 429 after the request was taken: the poller follows the operation at the
   * subscription-scoped status URL, which a role on the resource group alone may not read. When the
   * app's latest revision moved, Azure accepted the change: say why the operation could not be
   * followed, and go on to watch the revision itself (which needs only the app). Otherwise undefined.
   */
  private async acceptedDespite(
    session: Session,
    before: Pick<ContainerApp, 'latestRevisionName'>,
    error: unknown,
  ): Promise<ContainerApp | undefined> {
    const { statusCode } = armErrorFields(error);
    if (statusCode !== 401 && statusCode !== 403 && statusCode !== 429) return undefined;
    let now: ContainerApp;
    try {
      now = await this.readAppNow(session);
    } catch {
      return undefined;
    }
    if (!now.latestRevisionName || now.latestRevisionName === before.latestRevisionName) return undefined;
    session.log(
      `Azure accepted the change (revision ${now.latestRevisionName} exists), but its operation could not be followed (HTTP ${statusCode}: ${armErrorFields(error).message}); watching the revision instead`,
    );
    return now;
  }

  /** Polls the revision (and the app) until it is ready and the app's latest ready one, fails, or the deadline passes. */
  private async waitForRevision(
    session: Session,
    revisionName: string,
    failed: (revisionName: string, reason: string) => Promise<AzureError> = (name, reason) =>
      this.revisionFailed(session, name, reason),
  ): Promise<{ app: ContainerApp; revision: Revision }> {
    let delay = this.access.pollIntervalMs ?? 2_000;
    for (;;) {
      const revision = await this.readRevision(session, revisionName);
      const state = revisionState(revision);
      if (state.kind === 'failed') throw await failed(revisionName, state.reason);
      if (state.kind === 'ready') {
        const app = await this.readAppNow(session);
        if (app.latestReadyRevisionName === revisionName) return { app, revision };
      }
      if (Date.now() >= session.deadline) {
        const now = state.kind === 'pending' ? state.state : `ready, but the app's latest ready revision is not it yet`;
        throw await this.stillStarting(session, revisionName, now);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, session.deadline - Date.now()))));
      delay = Math.min(delay * 1.5, 10_000);
    }
  }

  /**
   * Past wait-timeout the revision has not failed: Azure goes on starting it, and in Single mode
   * moves all traffic to it once it is ready. Say so, where traffic is now, and how to stop it.
   */
  private async stillStarting(session: Session, revisionName: string, now: string): Promise<AzureError> {
    let where = '';
    try {
      where = ` Traffic now: ${describeTraffic(await this.readAppNow(session))}.`;
    } catch {
      // What the revision was doing still says enough.
    }
    const { app, resourceGroup } = this.inputs;
    return new AzureError(
      `${session.label}: the new revision ${revisionName} was not healthy within ${session.within}: ${now}.${where} ` +
        `Azure goes on starting it, and in Single revision mode moves all traffic to it once it is ready; ` +
        `to stop it: az containerapp revision deactivate -n ${app} -g ${resourceGroup} --revision ${revisionName}. ` +
        `A longer ${session.within.startsWith('wait-timeout') ? 'wait-timeout' : 'timeout'} lets the step see it through`,
    );
  }

  /** The new revision failed: Azure's reasons, and where traffic is now (it was not moved). */
  private async revisionFailed(
    session: Session,
    revisionName: string | undefined,
    reason: string,
  ): Promise<AzureError> {
    let where = '';
    try {
      const app = await this.readAppNow(session);
      where = ` Traffic stays where it was: ${describeTraffic(app)}; the latest ready revision is ${app.latestReadyRevisionName ?? 'none'}.`;
    } catch {
      // The reason alone still says what failed.
    }
    const what = revisionName ? `the new revision ${revisionName} failed` : 'the update failed';
    return new AzureError(`${session.label}: ${what}: ${reason.replace(/\.$/, '')}.${where}`);
  }

  /**
   * The update failed: refused (401, 403, 429: said as such), or its long-running operation failed
   * (a plain Error with Azure's code and message, or the Location poll's error). Nothing moved
   * traffic, so the message says where it is, with the new revision's provisioningError if any.
   */
  private async failure(session: Session, before: ContainerApp, error: unknown): Promise<Error> {
    if (error instanceof AzureError) return error;
    const { statusCode, code, message } = armErrorFields(error);
    if (statusCode === 401 || statusCode === 403 || statusCode === 429)
      return explainArmError(error, `Updating ${session.label}`, CONTAINER_APPS_ROLE);
    let revision: string | undefined;
    let provisioningError = '';
    try {
      // A new revision exists only when the app's latest one moved; a refused request made none.
      const latest = (await this.readAppNow(session)).latestRevisionName;
      if (latest && latest !== before.latestRevisionName) revision = latest;
      if (revision) provisioningError = (await this.readRevision(session, revision)).provisioningError ?? '';
    } catch {
      // The operation's own message still says what failed.
    }
    const reason = `${code && !message.includes(code) ? `${code}: ` : ''}${message}`;
    return this.revisionFailed(
      session,
      revision,
      `${reason}${provisioningError && !message.includes(provisioningError) ? ` (${provisioningError})` : ''}`,
    );
  }

  private result(app: ContainerApp, revision: Revision, what: string): DeployResult {
    const name = revision.name ?? app.latestReadyRevisionName ?? '';
    const url = deployedUrl(app, revision, this.inputs);
    return {
      outputs: { revision: name },
      detail: `Container App ${this.inputs.app} ${what}: revision ${name}; traffic ${describeTraffic(app)}${url ? ` at ${url}` : ''}`,
      ...(url && { url }),
    };
  }
}
