// The Kubeflow registry's prototypes, rendered with our Jsonnet engine: the objects and fields
// each parameter controls, the errors for bad values, and the headers' consistency.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveParamValues, splitGenerateArgv } from '../../src/app/generate.js';
import {
  REQUIRED,
  evaluateLibrary,
  matrix,
  prototypeHeader,
  prototypeRef,
  prototypeText,
  PROTOTYPES,
  renderObjects,
  renderPrototype,
  type KubeObject,
  type Params,
} from './render-prototype.js';

const render = (name: string, values: Params = {}, envNamespace = 'default') =>
  renderObjects(name, { ...REQUIRED[name], ...values }, envNamespace);
const renderError = (name: string, values: Params): string => {
  try {
    renderPrototype(name, { ...REQUIRED[name], ...values });
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error(`${name} ${JSON.stringify(values)} rendered without an error`);
};
const find = (objects: KubeObject[], kind: string, name: string): any => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found;
};
const tfJob = (name: string, values: Params = {}): any => {
  const objects = render(name, values);
  expect(objects).toHaveLength(1);
  expect(objects[0]).toMatchObject({ apiVersion: 'kubeflow.org/v1', kind: 'TFJob' });
  return objects[0];
};
const container = (replica: any) => replica.template.spec.containers[0];

describe('prototype headers', () => {
  it.each(PROTOTYPES.map((p) => p.name))('%s declares exactly the parameters its body reads', (name) => {
    const ref = prototypeRef(name);
    const declared = prototypeHeader(ref)
      .params.map((p) => p.name)
      .sort();
    const read = [...prototypeText(ref).matchAll(/import '(param):\/\/(\w+)'/g)].map((m) => m[2]).sort();
    expect(read).toEqual(declared);
    expect(prototypeText(ref)).toContain("import 'env://namespace'");
  });

  it.each(PROTOTYPES.map((p) => p.name))(
    '%s has no string "null" default and documents every parameter',
    (name) => {
      const header = prototypeHeader(prototypeRef(name));
      expect(header.name).toBe(`io.ksonnet.pkg.${name}`);
      expect(header.shortDescription.length).toBeGreaterThan(10);
      for (const p of header.params) {
        expect(['string', 'number', 'numberOrString', 'boolean', 'object', 'array']).toContain(p.type);
        expect(p.description.length, `${name} ${p.name}`).toBeGreaterThan(10);
        if (p.required || p.default === null) continue;
        const expected = { string: 'string', number: 'number', boolean: 'boolean' } as Record<string, string>;
        if (p.type in expected) expect(typeof p.default, `${name} ${p.name} default`).toBe(expected[p.type]);
      }
    },
  );

  it('keeps the parameter names of the 2017 story', () => {
    const names = (proto: string) => prototypeHeader(prototypeRef(proto)).params.map((p) => p.name);
    expect(names('tf-cnn')).toEqual(
      expect.arrayContaining(['name', 'num_gpus', 'num_workers', 'num_ps', 'batch_size', 'model']),
    );
    expect(names('tf-serving')).toEqual(
      expect.arrayContaining(['name', 'namespace', 'model_path', 'model_name']),
    );
    expect(names('kubeflow-core')).toEqual(
      expect.arrayContaining(['name', 'namespace', 'cloud', 'jupyterHubServiceType']),
    );
  });
});

describe('no rendered value is the string "null"', () => {
  it.each(matrix().map((c) => [c.label, c]))('%s', (_label, c) => {
    const json = JSON.stringify(renderPrototype(c.prototype, c.values));
    expect(json).not.toMatch(/"null"/);
  });
});

describe('tf-cnn', () => {
  const cpuArgs = ['--num_gpus=1', '--local_parameter_device=cpu', '--device=cpu', '--data_format=NHWC'];
  const base = ['--batch_size=32', '--model=resnet50', '--variable_update=parameter_server'];

  it('defaults to 1 worker and 1 parameter server on CPU', () => {
    const job = tfJob('tf-cnn');
    expect(job.metadata).toEqual({ name: 'cnn', namespace: 'default' });
    expect(Object.keys(job.spec.tfReplicaSpecs).sort()).toEqual(['PS', 'Worker']);
    expect(job.spec.runPolicy).toEqual({ cleanPodPolicy: 'Running' });
    for (const type of ['PS', 'Worker']) {
      const replica = job.spec.tfReplicaSpecs[type];
      expect(replica.replicas).toBe(1);
      expect(replica.restartPolicy).toBe('OnFailure');
      expect(container(replica).name).toBe('tensorflow');
      expect(container(replica).image).toBe('tensorflow/tensorflow:2.20.0');
      expect(container(replica).args).toEqual([...base, ...cpuArgs]);
      expect(container(replica).resources).toBeUndefined();
      expect(container(replica).workingDir).toBe('/opt/tf-benchmarks/scripts/tf_cnn_benchmarks');
      expect(replica.template.spec.initContainers[0].command.at(-2)).toMatch(
        /^https:\/\/github\.com\/tensorflow\/benchmarks\/archive\/[0-9a-f]{40}\.tar\.gz$/,
      );
    }
  });

  it('puts GPUs and the GPU image on workers only (kf param set --env=gke cnn num_gpus 1)', () => {
    const job = tfJob('tf-cnn', { num_gpus: 1 });
    const worker = container(job.spec.tfReplicaSpecs.Worker);
    expect(worker.image).toBe('tensorflow/tensorflow:2.20.0-gpu');
    expect(worker.resources).toEqual({ limits: { 'nvidia.com/gpu': 1 } });
    expect(worker.args).toEqual([...base, '--num_gpus=1']);
    const ps = container(job.spec.tfReplicaSpecs.PS);
    expect(ps.image).toBe('tensorflow/tensorflow:2.20.0');
    expect(ps.args).toEqual([...base, ...cpuArgs]);
    expect(ps.resources).toBeUndefined();
  });

  it('maps 2 GPUs, 3 workers and 2 parameter servers', () => {
    const job = tfJob('tf-cnn', { num_gpus: 2, num_workers: 3, num_ps: 2, batch_size: 64, model: 'vgg16' });
    expect(job.spec.tfReplicaSpecs.Worker.replicas).toBe(3);
    expect(job.spec.tfReplicaSpecs.PS.replicas).toBe(2);
    expect(container(job.spec.tfReplicaSpecs.Worker).args).toEqual([
      '--batch_size=64',
      '--model=vgg16',
      '--variable_update=parameter_server',
      '--num_gpus=2',
    ]);
    expect(container(job.spec.tfReplicaSpecs.Worker).resources.limits['nvidia.com/gpu']).toBe(2);
  });

  it('accepts numbers typed as strings and rejects words', () => {
    expect(tfJob('tf-cnn', { num_gpus: '1' })).toEqual(tfJob('tf-cnn', { num_gpus: 1 }));
    expect(renderError('tf-cnn', { num_gpus: 'one' })).toContain(
      'tf-cnn: parameter num_gpus must be a number, got "one"',
    );
  });

  it.each([
    ['num_ps', 0],
    ['num_workers', 0],
    ['num_ps', -1],
  ])('refuses %s = %d with a clear error', (param, value) => {
    expect(renderError('tf-cnn', { [param]: value })).toContain(
      `tf-cnn: parameter ${param} must be at least 1, got ${value}`,
    );
  });

  it('uses the namespace parameter, else the environment namespace', () => {
    expect(render('tf-cnn', {}, 'kubeflow')[0].metadata.namespace).toBe('kubeflow');
    expect(render('tf-cnn', { namespace: 'team-a' }, 'kubeflow')[0].metadata.namespace).toBe('team-a');
  });

  it('adds image pull secrets to every pod', () => {
    const job = tfJob('tf-cnn', { image_pull_secrets: 'a, b' });
    for (const type of ['PS', 'Worker'])
      expect(job.spec.tfReplicaSpecs[type].template.spec.imagePullSecrets).toEqual([
        { name: 'a' },
        { name: 'b' },
      ]);
  });
});

describe('tf-job', () => {
  it('defaults to one Chief running the image in a container named tensorflow', () => {
    const job = tfJob('tf-job');
    expect(Object.keys(job.spec.tfReplicaSpecs)).toEqual(['Chief']);
    const chief = job.spec.tfReplicaSpecs.Chief;
    expect(chief).toMatchObject({ replicas: 1, restartPolicy: 'OnFailure' });
    expect(chief.template.spec.containers).toEqual([
      { name: 'tensorflow', image: 'tensorflow/tensorflow:2.20.0' },
    ]);
  });

  it('gives workers nvidia.com/gpu and image_gpu when num_gpus > 0', () => {
    const job = tfJob('tf-job', {
      num_workers: 4,
      num_ps: 2,
      num_gpus: 1,
      image_gpu: 'tensorflow/tensorflow:2.20.0-gpu',
      args: '--a=1,--b=2',
    });
    const spec = job.spec.tfReplicaSpecs;
    expect(Object.keys(spec).sort()).toEqual(['Chief', 'PS', 'Worker']);
    expect(spec.Worker.replicas).toBe(4);
    expect(container(spec.Worker)).toEqual({
      name: 'tensorflow',
      image: 'tensorflow/tensorflow:2.20.0-gpu',
      args: ['--a=1', '--b=2'],
      resources: { limits: { 'nvidia.com/gpu': 1 } },
    });
    expect(container(spec.Chief).resources).toBeUndefined();
    expect(container(spec.PS)).toEqual({
      name: 'tensorflow',
      image: 'tensorflow/tensorflow:2.20.0',
      args: ['--a=1', '--b=2'],
    });
  });

  it('falls back to image for GPU workers when image_gpu is null, and takes args as an array', () => {
    const job = tfJob('tf-job', {
      num_masters: 0,
      num_workers: 1,
      num_gpus: 2,
      args: ['python', 'train.py'],
    });
    expect(container(job.spec.tfReplicaSpecs.Worker)).toMatchObject({
      image: 'tensorflow/tensorflow:2.20.0',
      args: ['python', 'train.py'],
    });
  });

  it('refuses two chiefs and a job without chief or worker', () => {
    expect(renderError('tf-job', { num_masters: 2 })).toContain(
      'tf-job: parameter num_masters must be 0 or 1',
    );
    expect(renderError('tf-job', { num_masters: 0 })).toContain('tf-job: the job needs a chief or a worker');
  });
});

describe('tf-serving', () => {
  it('renders a Service and a Deployment serving the model (the walkthrough inception)', () => {
    const objects = render('tf-serving');
    expect(
      objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`),
    ).toEqual(['v1 Service default/inception', 'apps/v1 Deployment default/inception']);
    const service = find(objects, 'Service', 'inception');
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: { app: 'inception' },
      ports: [
        { name: 'grpc-tf-serving', port: 8500, targetPort: 'grpc' },
        { name: 'http-tf-serving', port: 8501, targetPort: 'http' },
      ],
    });
    const deployment = find(objects, 'Deployment', 'inception');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
    const c = pod.containers[0];
    expect(c.securityContext).toBeUndefined();
    expect(c.image).toBe('tensorflow/serving:2.20.0');
    expect(c.command).toEqual(['tensorflow_model_server']);
    expect(c.args).toEqual([
      '--port=8500',
      '--rest_api_port=8501',
      '--model_name=inception',
      '--model_base_path=gs://kubeflow-models/inception',
    ]);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/v1/models/inception', port: 'http' });
    expect(c.env).toBeUndefined();
    expect(c.resources.limits['nvidia.com/gpu']).toBeUndefined();
  });

  it('serves under model_name and scales with replicas, GPU image and limit with num_gpus', () => {
    const deployment = find(
      render('tf-serving', { model_name: 'v3', replicas: 3, num_gpus: 2, service_type: 'LoadBalancer' }),
      'Deployment',
      'inception',
    );
    const c = deployment.spec.template.spec.containers[0];
    expect(deployment.spec.replicas).toBe(3);
    expect(c.args).toContain('--model_name=v3');
    expect(c.readinessProbe.httpGet.path).toBe('/v1/models/v3');
    expect(c.image).toBe('tensorflow/serving:2.20.0-gpu');
    expect(c.resources.limits['nvidia.com/gpu']).toBe(2);
    expect(
      find(render('tf-serving', { service_type: 'LoadBalancer' }), 'Service', 'inception').spec.type,
    ).toBe('LoadBalancer');
  });

  it('mounts the Google credentials Secret and sets GOOGLE_APPLICATION_CREDENTIALS for cloud gcp', () => {
    const pod = find(render('tf-serving', { cloud: 'gcp' }), 'Deployment', 'inception').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'gcp-credentials', secret: { secretName: 'user-gcp-sa' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'gcp-credentials', mountPath: '/secret/gcp-credentials', readOnly: true },
    ]);
    expect(pod.containers[0].env).toEqual([
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/secret/gcp-credentials/user-gcp-sa.json' },
    ]);
  });

  it('renders the S3 settings (the 2018 S3 branch never rendered)', () => {
    const env = find(
      render('tf-serving', {
        s3_enable: true,
        s3_secret_name: 'aws',
        s3_use_https: false,
        s3_endpoint: 'minio:9000',
        s3_aws_region: 'eu-west-1',
      }),
      'Deployment',
      'inception',
    ).spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'aws', key: 'AWS_ACCESS_KEY_ID' } } },
      {
        name: 'AWS_SECRET_ACCESS_KEY',
        valueFrom: { secretKeyRef: { name: 'aws', key: 'AWS_SECRET_ACCESS_KEY' } },
      },
      { name: 'AWS_REGION', value: 'eu-west-1' },
      { name: 'S3_REGION', value: 'eu-west-1' },
      { name: 'S3_ENDPOINT', value: 'minio:9000' },
      { name: 'S3_USE_HTTPS', value: '0' },
      { name: 'S3_VERIFY_SSL', value: '1' },
    ]);
  });

  it('combines Google credentials and S3 settings, and cloud aws turns S3 on', () => {
    const both = find(
      render('tf-serving', { cloud: 'gcp', s3_enable: 'true', s3_secret_name: 'aws' }),
      'Deployment',
      'inception',
    );
    expect(both.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual([
      'GOOGLE_APPLICATION_CREDENTIALS',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_REGION',
      'S3_REGION',
      'S3_ENDPOINT',
      'S3_USE_HTTPS',
      'S3_VERIFY_SSL',
    ]);
    const aws = find(
      render('tf-serving', { cloud: 'aws', s3_secret_name: 'aws' }),
      'Deployment',
      'inception',
    );
    expect(aws.spec.template.spec.containers[0].env).toHaveLength(7);
  });

  it('explains missing or wrong settings', () => {
    expect(renderError('tf-serving', { s3_enable: true })).toContain(
      'tf-serving: parameter s3_secret_name is required',
    );
    expect(renderError('tf-serving', { s3_enable: 'yes' })).toContain(
      'tf-serving: parameter s3_enable must be true or false, got "yes"',
    );
    expect(renderError('tf-serving', { cloud: 'gke' })).toContain(
      'tf-serving: parameter cloud must be one of null, "gcp", "aws", got "gke"',
    );
    expect(renderError('tf-serving', { service_type: 'External' })).toContain(
      'parameter service_type must be one of',
    );
    expect(renderError('tf-serving', { model_path: '' })).toContain(
      'tf-serving: parameter model_path is required',
    );
  });
});

describe('kubeflow-core', () => {
  let objects: KubeObject[];
  beforeAll(() => {
    objects = render('kubeflow-core');
  });

  it('renders JupyterHub, the TFJob CRD and the training operator on current APIs', () => {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'v1 ConfigMap jupyterhub-config',
      'v1 ServiceAccount jupyter-hub',
      'rbac.authorization.k8s.io/v1 Role jupyter-role',
      'rbac.authorization.k8s.io/v1 RoleBinding jupyter-role',
      'v1 Service tf-hub-0',
      'v1 Service tf-hub-lb',
      'apps/v1 StatefulSet tf-hub',
      'apiextensions.k8s.io/v1 CustomResourceDefinition tfjobs.kubeflow.org',
      'v1 ServiceAccount training-operator',
      'rbac.authorization.k8s.io/v1 ClusterRole training-operator',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding training-operator',
      'v1 Secret training-operator-webhook-cert',
      'v1 Service training-operator',
      'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration validator.training-operator.kubeflow.org',
      'apps/v1 Deployment training-operator',
    ]);
    const clusterScoped = [
      'CustomResourceDefinition',
      'ClusterRole',
      'ClusterRoleBinding',
      'ValidatingWebhookConfiguration',
    ];
    for (const o of objects) {
      expect(o.metadata.namespace).toBe(clusterScoped.includes(o.kind) ? undefined : 'default');
      expect(o.metadata.labels?.['app.kubernetes.io/instance']).toBe('kubeflow-core');
    }
  });

  it('runs the hub as a StatefulSet with a selector, behind tf-hub-0 (headless) and tf-hub-lb', () => {
    const hub = find(objects, 'StatefulSet', 'tf-hub');
    expect(hub.spec.selector.matchLabels).toEqual({ app: 'tf-hub' });
    expect(hub.spec.template.metadata.labels).toMatchObject(hub.spec.selector.matchLabels);
    expect(hub.spec.serviceName).toBe('tf-hub-0');
    expect(hub.spec.template.spec.serviceAccountName).toBe('jupyter-hub');
    const [hubContainer, proxy] = hub.spec.template.spec.containers;
    expect(hubContainer.command).toEqual(['jupyterhub', '--config', '/etc/config/jupyterhub_config.py']);
    expect(proxy.ports).toEqual([{ name: 'proxy-public', containerPort: 8000 }]);
    const headless = find(objects, 'Service', 'tf-hub-0');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.ports[0]).toEqual({ name: 'hub', port: 8000, targetPort: 'proxy-public' });
    expect(find(objects, 'Service', 'tf-hub-lb').spec.type).toBe('ClusterIP');
    expect(
      find(render('kubeflow-core', { jupyterHubServiceType: 'LoadBalancer' }), 'Service', 'tf-hub-lb').spec
        .type,
    ).toBe('LoadBalancer');
  });

  it('configures KubeSpawner from the parameters through the hub environment', () => {
    const config = find(objects, 'ConfigMap', 'jupyterhub-config').data['jupyterhub_config.py'];
    expect(config).toContain('class KubeFormSpawner(KubeSpawner)');
    expect(config).toContain('extra_resource_limits');
    const env = (values: Params) =>
      Object.fromEntries(
        find(render('kubeflow-core', values), 'StatefulSet', 'tf-hub')
          .spec.template.spec.containers[0].env.filter((e: any) => 'value' in e)
          .map((e: any) => [e.name, e.value]),
      );
    expect(env({})).toEqual({
      KF_HUB_SERVICE: 'tf-hub-0',
      KF_PROXY_TOKEN_FILE: '/run/kf-proxy/token',
      KF_AUTHENTICATOR: 'dummy',
      KF_NOTEBOOK_IMAGE: 'quay.io/jupyter/tensorflow-notebook:2026-07-28',
      KF_NOTEBOOK_GPU_IMAGE: 'quay.io/jupyter/tensorflow-notebook:cuda-2026-07-28',
    });
    expect(
      env({ cloud: 'gke', jupyterHubAuthenticator: 'iap', jupyterNotebookPVCMount: '/home/jovyan' }),
    ).toMatchObject({
      KF_AUTHENTICATOR: 'iap',
      CLOUD_NAME: 'gke',
      NOTEBOOK_PVC_MOUNT: '/home/jovyan',
    });
  });

  it('limits the hub to pods, PVCs and events in its namespace', () => {
    expect(find(objects, 'Role', 'jupyter-role').rules).toEqual([
      {
        apiGroups: [''],
        resources: ['pods', 'persistentvolumeclaims'],
        verbs: ['get', 'watch', 'list', 'create', 'delete'],
      },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'watch', 'list'] },
    ]);
    const binding = find(objects, 'RoleBinding', 'jupyter-role');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'jupyter-hub', namespace: 'default' }]);
  });

  it('defines TFJob kubeflow.org/v1 with a schema for tfReplicaSpecs, runPolicy and successPolicy', () => {
    const crd = find(objects, 'CustomResourceDefinition', 'tfjobs.kubeflow.org');
    expect(crd.spec).toMatchObject({
      group: 'kubeflow.org',
      scope: 'Namespaced',
      names: { kind: 'TFJob', plural: 'tfjobs' },
    });
    expect(crd.spec.versions).toHaveLength(1);
    const [v1] = crd.spec.versions;
    expect(v1).toMatchObject({ name: 'v1', served: true, storage: true, subresources: { status: {} } });
    const spec = v1.schema.openAPIV3Schema.properties.spec;
    expect(spec.required).toEqual(['tfReplicaSpecs']);
    expect(Object.keys(spec.properties).sort()).toEqual([
      'enableDynamicWorker',
      'runPolicy',
      'successPolicy',
      'tfReplicaSpecs',
    ]);
    expect(spec.properties.runPolicy.properties.cleanPodPolicy.enum).toEqual(['All', 'Running', 'None']);
  });

  it('runs the training operator for TFJobs with its service account and webhook', () => {
    const deployment = find(objects, 'Deployment', 'training-operator');
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    const c = deployment.spec.template.spec.containers[0];
    expect(c.image).toBe('kubeflow/training-operator:v1-04f9f13');
    expect(c.args).toEqual(['--enable-scheme=tfjob']);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('training-operator');
    expect(find(objects, 'ClusterRoleBinding', 'training-operator').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'training-operator', namespace: 'default' },
    ]);
    const webhook = find(
      objects,
      'ValidatingWebhookConfiguration',
      'validator.training-operator.kubeflow.org',
    ).webhooks[0];
    expect(webhook.clientConfig.service).toEqual({
      name: 'training-operator',
      namespace: 'default',
      path: '/validate-kubeflow-org-v1-tfjob',
    });
    expect(webhook.failurePolicy).toBe('Ignore');
  });

  it('reports usage only when reportUsage is true', () => {
    expect(objects.some((o) => o.metadata.name.startsWith('spartakus'))).toBe(false);
    for (const reportUsage of [true, 'true', 'True']) {
      const volunteer = find(
        render('kubeflow-core', { reportUsage, usageId: 'abc' }),
        'Deployment',
        'spartakus-volunteer',
      );
      expect(volunteer.spec.template.spec.containers[0].args).toContain('--cluster-id=abc');
    }
  });

  it('puts everything in the namespace parameter and checks cloud and authenticator', () => {
    const inKubeflow = render('kubeflow-core', { namespace: 'kubeflow' }, 'default');
    expect(find(inKubeflow, 'StatefulSet', 'tf-hub').metadata.namespace).toBe('kubeflow');
    expect(find(inKubeflow, 'ClusterRoleBinding', 'training-operator').subjects[0].namespace).toBe(
      'kubeflow',
    );
    expect(renderError('kubeflow-core', { cloud: 'gce' })).toContain(
      'kubeflow-core: parameter cloud must be one of null, "gke"',
    );
    expect(renderError('kubeflow-core', { jupyterHubAuthenticator: 'github' })).toContain(
      'parameter jupyterHubAuthenticator must be one of "dummy", "iap"',
    );
  });
});

describe('libraries evaluate directly from a params object', () => {
  it('tf-cnn.libsonnet renders what the prototype renders', () => {
    const direct = evaluateLibrary(`
      (import 'kubeflow/tf-job/tf-cnn.libsonnet').render({
        name: 'cnn', namespace: null, batch_size: 32, model: 'resnet50', num_gpus: 1, num_ps: 1, num_workers: 2,
        image: 'tensorflow/tensorflow:2.20.0', image_gpu: 'tensorflow/tensorflow:2.20.0-gpu',
        benchmarks_archive: 'https://github.com/tensorflow/benchmarks/archive/8fb79079265933ad39bea628b777af662f5bf15d.tar.gz',
      }, 'default')`);
    expect(direct).toEqual(renderPrototype('tf-cnn', { name: 'cnn', num_gpus: 1, num_workers: 2 }));
  });

  it('the TFJob CRD is a plain object', () => {
    const crd = evaluateLibrary(`(import 'kubeflow/core/tfjob-crd.libsonnet').crd`) as KubeObject;
    expect(crd.metadata.name).toBe('tfjobs.kubeflow.org');
  });
});

describe("the walkthrough's kf generate commands", () => {
  // The flags parsed and typed by kf generate's own functions, then rendered.
  const generate = (commandLine: string) => {
    const argv = splitGenerateArgv(commandLine.split(' '));
    const [prototype, component] = argv.positionals;
    const values = resolveParamValues(prototypeHeader(prototypeRef(prototype)), component, argv.paramFlags);
    return renderObjects(prototype, values, 'default');
  };

  it('kf generate core kubeflow-core --name=kubeflow-core', () => {
    const objects = generate('kubeflow-core kubeflow-core --name=kubeflow-core');
    expect(objects.map((o) => o.kind)).toContain('StatefulSet');
  });

  it('kf generate tf-cnn cnn --name=cnn, then num_gpus 1 for gke', () => {
    const [cpu] = generate('tf-cnn cnn --name=cnn') as any[];
    expect(container(cpu.spec.tfReplicaSpecs.Worker).resources).toBeUndefined();
    const [gpu] = generate('tf-cnn cnn --name=cnn --num_gpus=1 --num_workers=1') as any[];
    expect(container(gpu.spec.tfReplicaSpecs.Worker).resources.limits).toEqual({ 'nvidia.com/gpu': 1 });
  });

  it('kf generate tf-serving inception --name=inception --namespace=default --model_path=gs://kubeflow-models/inception', () => {
    const objects = generate(
      'tf-serving inception --name=inception --namespace=default --model_path=gs://kubeflow-models/inception',
    );
    const deployment = find(objects, 'Deployment', 'inception');
    expect(deployment.metadata.namespace).toBe('default');
    expect(deployment.spec.template.spec.containers[0].args).toContain(
      '--model_base_path=gs://kubeflow-models/inception',
    );
  });
});
