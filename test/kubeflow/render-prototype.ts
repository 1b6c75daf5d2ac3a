// Renders the Kubeflow registry's prototypes with our Jsonnet engine as components: the source is
// what `kf generate` writes (the app model's componentSource: `import 'param://x'` becomes
// `params.x`, `import 'env://namespace'` becomes `env.namespace`, with `params` and `env` read
// from ksonnet's ext vars), and the ext vars carry the component's params and the environment.
import { join } from 'node:path';
import { Engine } from '../../src/jsonnet/index.js';
import { componentSource } from '../../src/app/prototype.js';
import {
  componentParams,
  prototypeHeader,
  prototypeRef,
  registryRoot,
  repoRoot,
  type KubeObject,
  type Params,
} from './registry-prototypes.js';

export * from './registry-prototypes.js';

let engine: Engine | undefined;
function getEngine(): Engine {
  engine ??= new Engine({ jpath: [registryRoot] });
  return engine;
}

/** Renders a prototype; `values` are the parameters given to `kf generate` / `kf param set`. */
export function renderPrototype(name: string, values: Params, envNamespace = 'default'): unknown {
  const ref = prototypeRef(name);
  const component = String(values.name ?? name);
  return getEngine().evaluateSnippet(
    join(repoRoot, 'components', `${component}.jsonnet`),
    componentSource(prototypeHeader(ref), component),
    {
      extVars: {
        '__ksonnet/environments': {
          kind: 'code',
          value: JSON.stringify({ namespace: envNamespace, server: 'https://127.0.0.1:6443' }),
        },
        '__ksonnet/params': {
          kind: 'code',
          value: JSON.stringify({ components: { [component]: componentParams(ref, values) } }),
        },
      },
    },
  );
}

/** Evaluates Jsonnet that imports the registry's libraries directly (`kubeflow/<pkg>/...`). */
export function evaluateLibrary(snippet: string): unknown {
  return getEngine().evaluateSnippet(join(repoRoot, 'components', 'library-test.jsonnet'), snippet);
}

/** The objects of a rendered component: a v1 List is flattened, a single object is one. */
export function objectsOf(rendered: unknown): KubeObject[] {
  const value = rendered as { kind?: string; items?: KubeObject[] };
  if (value.kind === 'List') return value.items ?? [];
  return [rendered as KubeObject];
}

export function renderObjects(name: string, values: Params, envNamespace = 'default'): KubeObject[] {
  return objectsOf(renderPrototype(name, values, envNamespace));
}

/** The required parameters every test render needs. */
export const REQUIRED: Record<string, Params> = {
  'kubeflow-core': { name: 'kubeflow-core' },
  'tf-job': { name: 'myjob', image: 'tensorflow/tensorflow:2.20.0' },
  'tf-cnn': { name: 'cnn' },
  'tf-serving': { name: 'inception', namespace: 'default', model_path: 'gs://kubeflow-models/inception' },
};

/** Parameter combinations rendered by the offline and the live checks. */
export function matrix(): Array<{ prototype: string; label: string; values: Params }> {
  const cases: Array<{ prototype: string; label: string; values: Params }> = [];
  const add = (prototype: string, values: Params) =>
    cases.push({
      prototype,
      label: `${prototype} ${JSON.stringify(values)}`,
      values: { ...REQUIRED[prototype], ...values },
    });
  for (const name of Object.keys(REQUIRED)) add(name, {});
  for (const gpus of [0, 1, 4]) {
    for (const workers of [1, 4])
      add('tf-cnn', { num_gpus: gpus, num_workers: workers, num_ps: workers === 4 ? 2 : 1 });
    for (const workers of [0, 1, 4])
      add('tf-job', { num_gpus: gpus, num_workers: workers, num_ps: workers > 0 ? 1 : 0 });
    add('tf-serving', { num_gpus: gpus, replicas: gpus === 0 ? 0 : 2 });
  }
  add('tf-job', {
    num_masters: 0,
    num_workers: 2,
    args: '--steps=100,--data=/data',
    image_gpu: 'tensorflow/tensorflow:2.20.0-gpu',
    image_pull_secrets: 'regcred,other',
    num_gpus: 2,
  });
  add('tf-cnn', { image_pull_secrets: 'regcred', model: 'inception3', batch_size: 64, namespace: 'team-a' });
  for (const cloud of [null, 'gke', 'aks', 'aws', 'minikube']) add('kubeflow-core', { cloud });
  add('kubeflow-core', {
    jupyterHubServiceType: 'LoadBalancer',
    jupyterHubAuthenticator: 'iap',
    jupyterNotebookPVCMount: '/home/jovyan',
    reportUsage: true,
    usageId: 'a1b2c3',
    tfJobWebhookFailurePolicy: 'Fail',
  });
  add('kubeflow-core', { jupyterHubServiceType: 'NodePort', namespace: 'kubeflow' });
  for (const cloud of [null, 'gcp', 'aws']) add('tf-serving', { cloud, s3_secret_name: 's3-credentials' });
  add('tf-serving', {
    s3_enable: true,
    s3_secret_name: 's3-credentials',
    s3_use_https: false,
    s3_endpoint: 'minio.minio:9000',
    service_type: 'LoadBalancer',
    model_name: 'inception-v3',
  });
  add('tf-serving', { cloud: 'gcp', s3_enable: 'true', s3_secret_name: 's3', num_gpus: '1', replicas: '3' });
  return cases;
}
