/**
 * CodeDeploy for ECS blue/green, as far as moto 5.2.1 lacks it. moto keeps applications,
 * deployment groups and deployments (and checks that they exist), but a deployment stays `Created`
 * forever, has no errorInformation or rollbackInfo, touches no ECS task set, and moto has no
 * StopDeployment, ContinueDeployment, ListDeploymentTargets or BatchGetDeploymentTargets.
 *
 * This stand-in sits in front of moto (AWS_ENDPOINT_URL_CODEDEPLOY points at it): every call goes
 * on to moto, and it adds what moto lacks, following the public API reference:
 * - CreateDeployment: the AppSpecContent is checked (JSON only here; CodeDeploy also takes YAML):
 *   its sha256, version 0.0, one AWS::ECS::Service resource with TaskDefinition and
 *   LoadBalancerInfo; a malformed one is InvalidRevisionException. One deployment at a time per group
 *   (DeploymentLimitExceededException).
 * - The deployment moves on as it is polled (GetDeployment): Created → InProgress (a replacement
 *   task set of the AppSpec's task definition is created in moto's ECS) → the outcome the test
 *   set: Succeeded (the replacement becomes PRIMARY and the original task set is deleted), Ready
 *   (waiting for ContinueDeployment), InProgress with the termination wait started (traffic
 *   moved, original kept), Failed with errorInformation and rollback (the replacement deleted,
 *   the original still PRIMARY), Failed without rollback after traffic moved, or stuck.
 *   A LoadBalancerInfo that does not name the service's load balancer container and port fails
 *   the deployment, as CodeDeploy does.
 * - StopDeployment (with autoRollbackEnabled), ContinueDeployment, ListDeploymentTargets and
 *   BatchGetDeploymentTargets (the ECS target, its lifecycle events and task sets).
 */
import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';

export type Outcome = 'succeed' | 'serving' | 'ready' | 'fail' | 'fail-after-shift' | 'stall';

export interface Scenario {
  readonly outcome: Outcome;
  /** GetDeployment polls before the outcome (after InProgress). */
  readonly polls?: number;
  readonly error?: { readonly code: string; readonly message: string };
  /** A lifecycle hook that failed (outcome fail). */
  readonly hook?: { readonly event: string; readonly message: string; readonly logTail?: string };
}

interface Tracked {
  id: string;
  application: string;
  group: string;
  scenario: Scenario;
  status: string;
  polls: number;
  taskDefinition: string;
  spec: AppSpec;
  cluster: string;
  service: string;
  greenTaskSet?: string;
  blueTaskSet?: string;
  error?: { code: string; message: string };
  rollbackId?: string;
  terminationWaitStarted: boolean;
  lifecycle: { lifecycleEventName: string; status: string; diagnostics?: Record<string, string> }[];
}

export interface CodeDeployStandIn {
  readonly endpoint: string;
  /** What the next CreateDeployment plays. */
  next: Scenario;
  /** The AppSpec contents received, newest last. */
  readonly appSpecs: string[];
  readonly deployments: Map<string, Tracked>;
  stop(): Promise<void>;
}

const ACTIVE = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];
const EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
];

/** Calls moto's JSON 1.1 API (ECS or CodeDeploy) directly. */
async function motoCall(endpoint: string, target: string, body: unknown): Promise<Record<string, unknown>> {
  // moto routes by the signing scope's service name.
  const service = target.startsWith('CodeDeploy') ? 'codedeploy' : 'ecs';
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=x`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto ${target}: ${response.status} ${text}`);
  return JSON.parse(text || '{}') as Record<string, unknown>;
}
const ecsCall = (endpoint: string, op: string, body: unknown) =>
  motoCall(endpoint, `AmazonEC2ContainerServiceV20141113.${op}`, body);

/** In front of `forwardTo` (moto, or the proxy before it); ECS effects go to moto at `motoEndpoint`. */
export async function startCodeDeploy(forwardTo: string, motoEndpoint: string): Promise<CodeDeployStandIn> {
  const upstream = new URL(forwardTo);
  const deployments = new Map<string, Tracked>();
  const appSpecs: string[] = [];
  const self = { next: { outcome: 'succeed', polls: 1 } as Scenario };

  const forward = (headers: Record<string, unknown>, method: string, path: string, body: Buffer) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const req = request(
        { host: upstream.hostname, port: upstream.port, method, path, headers: headers as Record<string, string> },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const fail = (type: string, message: string) => ({
    status: 400,
    body: Buffer.from(JSON.stringify({ __type: type, message })),
  });
  const ok = (body: unknown) => ({ status: 200, body: Buffer.from(JSON.stringify(body)) });

  async function groupService(application: string, group: string) {
    const info = (
      await motoCall(motoEndpoint, 'CodeDeploy_20141006.GetDeploymentGroup', {
        applicationName: application,
        deploymentGroupName: group,
      })
    ).deploymentGroupInfo as { ecsServices?: { serviceName: string; clusterName: string }[] };
    return info.ecsServices?.[0];
  }

  async function describeService(cluster: string, service: string) {
    const answer = await ecsCall(motoEndpoint, 'DescribeServices', { cluster, services: [service] });
    return (answer.services as Record<string, unknown>[])[0] as {
      loadBalancers?: { targetGroupArn?: string; containerName?: string; containerPort?: number }[];
      taskSets?: { taskSetArn: string; status: string; taskDefinition: string }[];
    };
  }

  /** One poll's step of the deployment's life, with its effects on moto's ECS. */
  async function advance(d: Tracked): Promise<void> {
    const { outcome } = d.scenario;
    if (!ACTIVE.includes(d.status)) return;
    if (d.status === 'Created') {
      d.status = 'InProgress';
      const service = await describeService(d.cluster, d.service);
      d.blueTaskSet = service.taskSets?.find((s) => s.status === 'PRIMARY')?.taskSetArn;
      // The replacement task set registers with the other target group of the pair.
      const info = d.spec.Resources?.[0]?.TargetService?.Properties?.LoadBalancerInfo;
      const created = await ecsCall(motoEndpoint, 'CreateTaskSet', {
        cluster: d.cluster,
        service: d.service,
        taskDefinition: d.taskDefinition,
        externalId: d.id,
        loadBalancers: (service.loadBalancers ?? []).map((lb) => ({
          targetGroupArn: `${lb.targetGroupArn}-green`,
          containerName: info?.ContainerName,
          containerPort: info?.ContainerPort,
        })),
      });
      d.greenTaskSet = (created.taskSet as { taskSetArn: string }).taskSetArn;
      d.lifecycle = EVENTS.map((name) => ({ lifecycleEventName: name, status: 'Pending' }));
      d.lifecycle[0]!.status = 'Succeeded';
      return;
    }
    if (d.status === 'Ready') return; // until ContinueDeployment
    if (outcome === 'stall') return;
    d.polls++;
    if (d.polls < (d.scenario.polls ?? 1)) return;
    if (d.terminationWaitStarted) return; // serving: stays InProgress through the termination wait
    const service = await describeService(d.cluster, d.service);
    const balanced = service.loadBalancers?.[0];
    const info = d.spec.Resources?.[0]?.TargetService?.Properties?.LoadBalancerInfo;
    if (info?.ContainerName !== balanced?.containerName || info?.ContainerPort !== balanced?.containerPort) {
      return failWith(d, {
        code: 'ECS_UPDATE_ERROR',
        message: `The ELB could not be updated due to the following error: the container ${info?.ContainerName}:${info?.ContainerPort} does not match the service's load balancer (${balanced?.containerName}:${balanced?.containerPort})`,
      });
    }
    switch (outcome) {
      case 'ready':
        d.status = 'Ready';
        markEvents(d, 'AfterAllowTestTraffic', 'Succeeded');
        return;
      case 'serving':
        await shift(d);
        d.terminationWaitStarted = true;
        markEvents(d, 'AfterAllowTraffic', 'Succeeded');
        return;
      case 'succeed':
        await shift(d);
        if (d.blueTaskSet)
          await ecsCall(motoEndpoint, 'DeleteTaskSet', {
            cluster: d.cluster,
            service: d.service,
            taskSet: d.blueTaskSet,
          });
        markEvents(d, 'AfterAllowTraffic', 'Succeeded');
        d.terminationWaitStarted = true;
        d.status = 'Succeeded';
        return;
      case 'fail-after-shift':
        await shift(d);
        markEvents(d, 'AllowTraffic', 'Succeeded');
        d.lifecycle[EVENTS.indexOf('AfterAllowTraffic')]!.status = 'Failed';
        d.status = 'Failed';
        d.error = d.scenario.error ?? { code: 'HEALTH_CONSTRAINTS', message: 'The overall deployment failed.' };
        return;
      case 'fail':
        return failWith(
          d,
          d.scenario.error ?? { code: 'HEALTH_CONSTRAINTS', message: 'The overall deployment failed.' },
        );
    }
  }

  function markEvents(d: Tracked, through: string, status: string) {
    for (const event of d.lifecycle.slice(0, EVENTS.indexOf(through) + 1)) event.status = status;
  }

  async function shift(d: Tracked) {
    await ecsCall(motoEndpoint, 'UpdateServicePrimaryTaskSet', {
      cluster: d.cluster,
      service: d.service,
      primaryTaskSet: d.greenTaskSet,
    });
  }

  /** Failed before traffic moved, with automatic rollback: the replacement task set goes, the original serves. */
  async function failWith(d: Tracked, error: { code: string; message: string }) {
    const hook = d.scenario.hook;
    const failedAt = hook ? EVENTS.indexOf(hook.event) : EVENTS.indexOf('Install');
    markEvents(d, EVENTS[Math.max(0, failedAt - 1)]!, 'Succeeded');
    d.lifecycle[failedAt]!.status = 'Failed';
    if (hook)
      d.lifecycle[failedAt]!.diagnostics = {
        errorCode: 'ScriptFailed',
        scriptName: 'arn:aws:lambda:us-east-1:123456789012:function:validate',
        message: hook.message,
        ...(hook.logTail && { logTail: hook.logTail }),
      };
    for (const event of d.lifecycle.slice(failedAt + 1)) event.status = 'Skipped';
    if (d.greenTaskSet)
      await ecsCall(motoEndpoint, 'DeleteTaskSet', { cluster: d.cluster, service: d.service, taskSet: d.greenTaskSet });
    d.status = 'Failed';
    d.error = error;
    d.rollbackId = `d-ROLLBACK${d.id.slice(0, 4).toUpperCase()}`;
  }

  function overlay(info: Record<string, unknown>): void {
    const d = deployments.get(info.deploymentId as string);
    if (!d) return;
    info.status = d.status;
    info.instanceTerminationWaitTimeStarted = d.terminationWaitStarted;
    if (d.error) info.errorInformation = d.error;
    if (d.rollbackId)
      info.rollbackInfo = {
        rollbackDeploymentId: d.rollbackId,
        rollbackMessage: `Deployment ${d.id} failed; CodeDeploy rolled back to the original task set`,
      };
  }

  function targets(d: Tracked) {
    return {
      deploymentTargetType: 'ECSTarget',
      ecsTarget: {
        deploymentId: d.id,
        targetId: `${d.cluster}:${d.service}`,
        targetArn: `arn:aws:ecs:us-east-1:123456789012:service/${d.cluster}/${d.service}`,
        status: d.status === 'Failed' ? 'Failed' : d.status === 'Succeeded' ? 'Succeeded' : 'InProgress',
        lifecycleEvents: d.lifecycle,
        taskSetsInfo: [
          ...(d.blueTaskSet
            ? [
                {
                  identifer: d.blueTaskSet.split('/').pop(),
                  taskSetLabel: 'Blue',
                  status: 'PRIMARY',
                  desiredCount: 1,
                  runningCount: 1,
                  trafficWeight: d.status === 'Succeeded' ? 0 : 100,
                },
              ]
            : []),
          ...(d.greenTaskSet
            ? [
                {
                  identifer: d.greenTaskSet.split('/').pop(),
                  taskSetLabel: 'Green',
                  status: 'ACTIVE',
                  desiredCount: 1,
                  runningCount: d.status === 'Failed' ? 0 : 1,
                  trafficWeight: d.status === 'Succeeded' ? 100 : 0,
                },
              ]
            : []),
        ],
      },
    };
  }

  async function handle(
    operation: string,
    input: Record<string, unknown>,
    pass: () => Promise<{ status: number; body: Buffer }>,
  ) {
    switch (operation) {
      case 'CreateDeployment': {
        const revision = input.revision as {
          revisionType?: string;
          appSpecContent?: { content?: string; sha256?: string };
        };
        const content = revision?.appSpecContent?.content ?? '';
        if (revision?.revisionType !== 'AppSpecContent' || !content)
          return fail('InvalidRevisionException', 'The revision must be AppSpecContent for an ECS deployment.');
        const sha = revision.appSpecContent?.sha256;
        if (sha && sha !== createHash('sha256').update(content).digest('hex'))
          return fail('InvalidRevisionException', 'The SHA-256 of the AppSpec content does not match its sha256.');
        let spec: AppSpec;
        try {
          spec = JSON.parse(content) as AppSpec;
        } catch {
          return fail('InvalidRevisionException', 'The AppSpec content is not valid JSON or YAML.');
        }
        const properties = spec.Resources?.[0]?.TargetService?.Properties;
        if (
          String(spec.version) !== '0' ||
          spec.Resources?.length !== 1 ||
          spec.Resources[0]?.TargetService?.Type !== 'AWS::ECS::Service' ||
          !properties?.TaskDefinition ||
          !properties.LoadBalancerInfo?.ContainerName ||
          typeof properties.LoadBalancerInfo.ContainerPort !== 'number'
        )
          return fail('InvalidRevisionException', 'The AppSpec file is not valid for an ECS deployment.');
        const application = input.applicationName as string;
        const group = input.deploymentGroupName as string;
        const busy = [...deployments.values()].find(
          (d) => d.application === application && d.group === group && ACTIVE.includes(d.status),
        );
        if (busy)
          return fail(
            'DeploymentLimitExceededException',
            `The Deployment Group '${group}' already has an active Deployment '${busy.id}'`,
          );
        const answer = await pass();
        if (answer.status !== 200) return answer;
        const id = (JSON.parse(answer.body.toString()) as { deploymentId: string }).deploymentId;
        const service = await groupService(application, group);
        appSpecs.push(content);
        deployments.set(id, {
          id,
          application,
          group,
          scenario: self.next,
          status: 'Created',
          polls: 0,
          taskDefinition: properties.TaskDefinition,
          spec,
          cluster: service!.clusterName,
          service: service!.serviceName,
          terminationWaitStarted: false,
          lifecycle: [],
        });
        return answer;
      }
      case 'GetDeployment': {
        const d = deployments.get(input.deploymentId as string);
        if (d) await advance(d);
        const answer = await pass();
        if (answer.status !== 200) return answer;
        const body = JSON.parse(answer.body.toString()) as { deploymentInfo: Record<string, unknown> };
        overlay(body.deploymentInfo);
        return ok(body);
      }
      case 'BatchGetDeployments': {
        const answer = await pass();
        if (answer.status !== 200) return answer;
        const body = JSON.parse(answer.body.toString()) as { deploymentsInfo: Record<string, unknown>[] };
        for (const info of body.deploymentsInfo ?? []) overlay(info);
        return ok(body);
      }
      case 'ListDeployments': {
        const answer = await pass();
        if (answer.status !== 200) return answer;
        const body = JSON.parse(answer.body.toString()) as { deployments: string[] };
        const statuses = input.includeOnlyStatuses as string[] | undefined;
        if (statuses?.length)
          body.deployments = body.deployments.filter((id) =>
            statuses.includes(deployments.get(id)?.status ?? 'Created'),
          );
        return ok(body);
      }
      case 'StopDeployment': {
        const d = deployments.get(input.deploymentId as string);
        if (!d)
          return fail('DeploymentDoesNotExistException', `The deployment ${String(input.deploymentId)} does not exist`);
        if (!ACTIVE.includes(d.status))
          return fail('DeploymentAlreadyCompletedException', 'The deployment is already completed.');
        if (input.autoRollbackEnabled && d.greenTaskSet) {
          const service = await describeService(d.cluster, d.service);
          if (d.blueTaskSet && service.taskSets?.some((s) => s.taskSetArn === d.blueTaskSet))
            await ecsCall(motoEndpoint, 'UpdateServicePrimaryTaskSet', {
              cluster: d.cluster,
              service: d.service,
              primaryTaskSet: d.blueTaskSet,
            });
          await ecsCall(motoEndpoint, 'DeleteTaskSet', {
            cluster: d.cluster,
            service: d.service,
            taskSet: d.greenTaskSet,
          });
        }
        d.status = 'Stopped';
        d.error = { code: 'MANUAL_STOP', message: 'A user stopped the deployment.' };
        return ok({ status: 'Pending', statusMessage: 'Stopping Pending. Stopping to be attempted.' });
      }
      case 'ContinueDeployment': {
        const d = deployments.get(input.deploymentId as string);
        if (!d)
          return fail('DeploymentDoesNotExistException', `The deployment ${String(input.deploymentId)} does not exist`);
        if (d.status !== 'Ready')
          return fail('DeploymentIsNotInReadyStateException', 'The deployment is not in Ready state.');
        await shift(d);
        d.status = 'Succeeded';
        return ok({});
      }
      case 'ListDeploymentTargets': {
        const d = deployments.get(input.deploymentId as string);
        if (!d)
          return fail('DeploymentDoesNotExistException', `The deployment ${String(input.deploymentId)} does not exist`);
        return ok({ targetIds: d.lifecycle.length ? [`${d.cluster}:${d.service}`] : [] });
      }
      case 'BatchGetDeploymentTargets': {
        const d = deployments.get(input.deploymentId as string);
        if (!d)
          return fail('DeploymentDoesNotExistException', `The deployment ${String(input.deploymentId)} does not exist`);
        return ok({ deploymentTargets: d.lifecycle.length ? [targets(d)] : [] });
      }
      default:
        return pass();
    }
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const input = JSON.parse(body.toString() || '{}') as Record<string, unknown>;
      const pass = async () => epochTimes(await forward(req.headers, req.method ?? 'POST', req.url ?? '/', body));
      handle(operation, input, pass)
        .then((answer) => {
          res.writeHead(answer.status, {
            'content-type': 'application/x-amz-json-1.1',
            'content-length': String(answer.body.length),
          });
          res.end(answer.body);
        })
        .catch((error: Error) => {
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify({ __type: 'InternalFailure', message: error.message }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return Object.assign(self, {
    endpoint,
    appSpecs,
    deployments,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

const TIME_FIELDS = new Set(['createTime', 'startTime', 'completeTime', 'endTime', 'lastUpdatedAt']);

/**
 * moto writes CodeDeploy's timestamps as ISO strings; the API (and so the SDK, which fails to parse
 * anything else) has epoch seconds.
 */
function epochTimes(answer: { status: number; body: Buffer }): { status: number; body: Buffer } {
  if (answer.status !== 200 || answer.body.length === 0) return answer;
  const fix = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fix);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => [
          key,
          TIME_FIELDS.has(key) && typeof v === 'string' ? Date.parse(v.replace(' ', 'T')) / 1000 : fix(v),
        ]),
      );
    return value;
  };
  return { status: 200, body: Buffer.from(JSON.stringify(fix(JSON.parse(answer.body.toString())))) };
}

interface AppSpec {
  version?: unknown;
  Resources?: {
    TargetService?: {
      Type?: string;
      Properties?: {
        TaskDefinition?: string;
        LoadBalancerInfo?: { ContainerName?: string; ContainerPort?: number };
      };
    };
  }[];
}
