/** The changes the Kubernetes runtime makes, pure: the image patch, its undo, the diff, a Job from a Job. */
import { describe, expect, it } from 'vitest';
import {
  chooseContainer,
  imagePatch,
  jobFromJob,
  jobRunName,
  objectPath,
  runsImage,
  selectorString,
  templateDiff,
  undoPatch,
  type ChosenContainer,
  type KubeObject,
} from '../src/runtimes/kubernetes/workload.js';

const IMAGE = 'registry.example.com/app@sha256:' + 'b'.repeat(64);
const template = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'app', image: 'registry.example.com/app:1', imagePullPolicy: 'IfNotPresent' },
      { name: 'proxy', image: 'envoy:1' },
    ],
    initContainers: [{ name: 'migrate', image: 'registry.example.com/app:1' }],
    restartPolicy: 'Always',
  },
};
const deployment: KubeObject = {
  metadata: { name: 'web', resourceVersion: '42', annotations: { 'kubernetes.io/change-cause': 'kubectl set image' } },
  spec: { template, selector: { matchLabels: { app: 'web' } } },
};

describe('the container', () => {
  it('is the one named, among containers or init containers', () => {
    expect(chooseContainer(template, 'proxy', 'deployment/web')).toEqual({
      list: 'containers',
      index: 1,
      name: 'proxy',
      image: 'envoy:1',
    });
    expect(chooseContainer(template, 'migrate', 'deployment/web')).toMatchObject({ list: 'initContainers', index: 0 });
  });
  it('must be named when there are several, and must exist', () => {
    expect(chooseContainer(template, undefined, 'deployment/web')).toBe(
      'deployment/web has 2 containers (app, proxy): set k8s-container to the one that runs this image (the others keep their images)',
    );
    expect(chooseContainer(template, 'api', 'deployment/web')).toBe(
      'deployment/web has no container "api" (k8s-container); its containers are: app, proxy',
    );
    expect(chooseContainer({ spec: { containers: [{ name: 'only', image: 'x' }] } }, undefined, 'd')).toMatchObject({
      name: 'only',
      index: 0,
    });
  });
});

describe('is the digest already running', () => {
  it.each([
    [IMAGE, IMAGE, true],
    [`registry.example.com/app:1.2@sha256:${'b'.repeat(64)}`, IMAGE, true],
    ['registry.example.com/app:1', IMAGE, false],
    [`registry.example.com/other@sha256:${'b'.repeat(64)}`, IMAGE, false],
    [`nginx@sha256:${'c'.repeat(64)}`, `docker.io/library/nginx@sha256:${'c'.repeat(64)}`, true],
    [`localhost:5000/app@sha256:${'c'.repeat(64)}`, `localhost:5000/app@sha256:${'c'.repeat(64)}`, true],
  ])('%s runs %s: %s', (running, image, expected) => {
    expect(runsImage(running, image)).toBe(expected);
  });
});

describe('the image patch', () => {
  const container = chooseContainer(template, 'app', 'deployment/web') as ChosenContainer;

  it('names only the container and its image, the change-cause and the resourceVersion read', () => {
    expect(imagePatch('deployment', deployment, container, IMAGE, 'cause')).toEqual({
      metadata: { resourceVersion: '42', annotations: { 'kubernetes.io/change-cause': 'cause' } },
      spec: { template: { spec: { containers: [{ name: 'app', image: IMAGE }] } } },
    });
  });

  it("reaches a CronJob's job template, and init containers", () => {
    const init = chooseContainer(template, 'migrate', 'x') as ChosenContainer;
    expect(imagePatch('cronjob', deployment, init, IMAGE, 'c').spec).toEqual({
      jobTemplate: { spec: { template: { spec: { initContainers: [{ name: 'migrate', image: IMAGE }] } } } },
    });
  });
});

describe('the undo', () => {
  const container = chooseContainer(template, 'app', 'deployment/web') as ChosenContainer;

  it('tests the image this run set, then restores the exact template and the change-cause', () => {
    expect(undoPatch('deployment', deployment, container, IMAGE)).toEqual([
      { op: 'test', path: '/spec/template/spec/containers/0/image', value: IMAGE },
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations/kubernetes.io~1change-cause', value: 'kubectl set image' },
    ]);
  });

  it('removes the change-cause when there was none, and reaches a CronJob template', () => {
    const cronjob: KubeObject = { metadata: {}, spec: { jobTemplate: { spec: { template } } } };
    expect(undoPatch('cronjob', cronjob, container, IMAGE)).toEqual([
      { op: 'test', path: '/spec/jobTemplate/spec/template/spec/containers/0/image', value: IMAGE },
      { op: 'replace', path: '/spec/jobTemplate/spec/template', value: template },
      { op: 'remove', path: '/metadata/annotations/kubernetes.io~1change-cause' },
    ]);
  });
});

describe('the rest', () => {
  it('shows the image, and nothing else, in the plan', () => {
    const container = chooseContainer(template, 'app', 'deployment/web') as ChosenContainer;
    expect(templateDiff('deployment/web', container, IMAGE)).toEqual([
      'deployment/web, container app:',
      '  - image: registry.example.com/app:1',
      `  + image: ${IMAGE}`,
    ]);
  });

  it('writes label selectors as the API takes them', () => {
    expect(
      selectorString({
        matchLabels: { app: 'web', tier: 'front' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'NotIn', values: ['c'] },
          { key: 'y', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,tier=front,env in (a,b),x notin (c),y,!z');
  });

  it('paths', () => {
    expect(objectPath({ kind: 'cronjob', name: 'n' }, 'prod')).toBe('/apis/batch/v1/namespaces/prod/cronjobs/n');
    expect(objectPath({ kind: 'statefulset', name: 'db' }, 'default')).toBe(
      '/apis/apps/v1/namespaces/default/statefulsets/db',
    );
  });

  it('makes a new Job from a Job: no selector or controller labels, the image set, the rest kept', () => {
    const source: KubeObject = {
      metadata: {
        name: 'migrate',
        uid: 'u1',
        resourceVersion: '9',
        labels: { app: 'm', 'batch.kubernetes.io/controller-uid': 'u1', 'job-name': 'migrate' },
      },
      spec: {
        backoffLimit: 2,
        suspend: true,
        manualSelector: false,
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } },
        template: {
          metadata: {
            labels: {
              app: 'm',
              'controller-uid': 'u1',
              'batch.kubernetes.io/controller-uid': 'u1',
              'batch.kubernetes.io/job-name': 'migrate',
              'job-name': 'migrate',
            },
          },
          spec: { containers: [{ name: 'app', image: 'app:1', args: ['migrate'] }], restartPolicy: 'Never' },
        },
      },
    };
    const container = chooseContainer(source.spec!.template, undefined, 'job/migrate') as ChosenContainer;
    const job = jobFromJob(source, 'migrate-abcde', container, IMAGE, 'cause');
    expect(job).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'migrate-abcde',
        labels: { app: 'm' },
        annotations: { 'kubernetes.io/change-cause': 'cause', 'portable-deploy/source-job': 'migrate' },
      },
      spec: {
        backoffLimit: 2,
        template: {
          metadata: { labels: { app: 'm' } },
          spec: { containers: [{ name: 'app', image: IMAGE, args: ['migrate'] }], restartPolicy: 'Never' },
        },
      },
    });
    // The source is left as it was.
    expect(source.spec!.template!.spec!.containers![0]!.image).toBe('app:1');
  });

  it('names Job runs NAME-XXXXX', () => {
    expect(jobRunName('migrate', () => 0)).toBe('migrate-bbbbb');
    expect(jobRunName('migrate')).toMatch(/^migrate-[a-z0-9]{5}$/);
  });
});
