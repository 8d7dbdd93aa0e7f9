/**
 * For the demo: an ECS cluster "demo" with a service "web" on moto_server (AWS_ENDPOINT_URL), whose
 * task definition the action will update to the pushed image.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';

const ecs = new ECSClient({ region: process.env.AWS_REGION ?? 'us-east-1' });
await ecs.send(new CreateClusterCommand({ clusterName: 'demo' }));
await ecs.send(
  new RegisterTaskDefinitionCommand({
    family: 'web',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      { name: 'app', image: 'nginx:1.27', memory: 128, essential: true, portMappings: [{ containerPort: 8080 }] },
    ],
  }),
);
await ecs.send(
  new CreateServiceCommand({ cluster: 'demo', serviceName: 'web', taskDefinition: 'web', desiredCount: 1 }),
);
ecs.destroy();
console.log('ECS on moto: cluster demo, service web running web:1 (nginx:1.27)');
