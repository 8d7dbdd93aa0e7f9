/**
 * Why an ECS task of a failed deployment or run stopped, beyond its stoppedReason and exit codes:
 * the last lines its containers wrote to CloudWatch Logs when they log with awslogs (the stream is
 * PREFIX/CONTAINER/TASK-ID), or a link to the task in the ECS console when they do not. Reading
 * logs needs logs:GetLogEvents; without it the error says so and links the console instead.
 */
import * as ecs from '@aws-sdk/client-ecs';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsClientConfig } from '../../clouds/aws.js';

export interface LogStream {
  readonly container: string;
  readonly group: string;
  readonly region: string;
  readonly stream: string;
}

/** Where a container of a task writes its log with the awslogs driver; undefined without awslogs or a stream prefix. */
export function awslogsStream(
  container: Pick<ecs.ContainerDefinition, 'name' | 'logConfiguration'> | undefined,
  taskArn: string,
  defaultRegion: string,
): LogStream | undefined {
  const config = container?.logConfiguration;
  if (!container?.name || config?.logDriver !== 'awslogs') return undefined;
  const options = config.options ?? {};
  const group = options['awslogs-group'];
  const prefix = options['awslogs-stream-prefix'];
  // Without a prefix the stream is named after the Docker container id, which ECS does not report.
  if (!group || !prefix) return undefined;
  return {
    container: container.name,
    group,
    region: options['awslogs-region'] ?? defaultRegion,
    stream: `${prefix}/${container.name}/${taskArn.split('/').pop()}`,
  };
}

/** The task's page in the ECS console, where its logs are when this step cannot read them. */
export function consoleTaskLink(region: string, cluster: string, taskArn: string): string {
  const id = taskArn.split('/').pop();
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${cluster.split('/').pop()}/tasks/${id}/logs?region=${region}`;
}

/** The last `max` log lines, each cut at 500 characters, indented under their header. */
export function logTail(messages: readonly (string | undefined)[], max = 20): string[] {
  return messages
    .flatMap((m) => (m ?? '').replace(/\n$/, '').split('\n'))
    .slice(-max)
    .map((line) => `    | ${line.length > 500 ? `${line.slice(0, 500)}…` : line}`);
}

/** The containers worth reading: those that failed (non-zero or no exit code), else all; at most two. */
export function failedContainers(task: ecs.Task): string[] {
  const containers = task.containers ?? [];
  const failed = containers.filter((c) => c.exitCode !== 0);
  return (failed.length ? failed : containers)
    .map((c) => c.name ?? '')
    .filter(Boolean)
    .slice(0, 2);
}

export class TaskDiagnostics {
  private readonly logClients = new Map<string, CloudWatchLogsClient>();
  private readonly definitions = new Map<string, ecs.TaskDefinition | undefined>();

  constructor(
    private readonly ecsClient: ecs.ECSClient,
    private readonly region: string,
    private readonly cluster: string,
  ) {}

  /** For the newest task of `tasks`: its failed containers' last log lines, or where to see them. */
  async logLines(tasks: readonly ecs.Task[]): Promise<string[]> {
    const time = (t: ecs.Task) => (t.stoppedAt ? new Date(t.stoppedAt).getTime() : 0);
    const task = [...tasks].sort((a, b) => time(b) - time(a))[0];
    if (!task?.taskArn) return [];
    const definition = await this.definition(task.taskDefinitionArn);
    const lines: string[] = [];
    let unread = false;
    for (const name of failedContainers(task)) {
      const container = definition?.containerDefinitions?.find((c) => c.name === name);
      const source = awslogsStream(container, task.taskArn, this.region);
      if (!source) {
        unread = true;
        continue;
      }
      const header = `Last log lines of container ${name} (task ${task.taskArn.split('/').pop()}, log group ${source.group}, stream ${source.stream})`;
      try {
        const answer = await this.logs(source.region).send(
          new GetLogEventsCommand({
            logGroupName: source.group,
            logStreamName: source.stream,
            limit: 20,
            startFromHead: false,
          }),
        );
        const events = answer.events ?? [];
        lines.push(events.length ? `${header}:` : `${header}: none`, ...logTail(events.map((e) => e.message)));
      } catch (error) {
        const name = (error as { name?: string }).name;
        lines.push(
          name === 'ResourceNotFoundException'
            ? `${header}: the stream does not exist (the container wrote nothing, or never started)`
            : `${header}: could not be read (${name ?? 'Error'}: ${(error as Error).message}; logs:GetLogEvents)`,
        );
        unread = true;
      }
    }
    if (unread || lines.length === 0)
      lines.push(`The task's logs in the console: ${consoleTaskLink(this.region, this.cluster, task.taskArn)}`);
    return lines;
  }

  close(): void {
    for (const client of this.logClients.values()) client.destroy();
    this.logClients.clear();
  }

  private logs(region: string): CloudWatchLogsClient {
    let client = this.logClients.get(region);
    if (!client) {
      client = new CloudWatchLogsClient({ region, ...awsClientConfig() });
      this.logClients.set(region, client);
    }
    return client;
  }

  private async definition(arn: string | undefined): Promise<ecs.TaskDefinition | undefined> {
    if (!arn) return undefined;
    if (!this.definitions.has(arn)) {
      try {
        const described = await this.ecsClient.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: arn }));
        this.definitions.set(arn, described.taskDefinition);
      } catch {
        this.definitions.set(arn, undefined);
      }
    }
    return this.definitions.get(arn);
  }
}
