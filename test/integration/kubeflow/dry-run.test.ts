// The Kubeflow prototypes' objects, over the same parameter matrix as the offline checks, sent to
// the real test API servers with a server-side dry-run apply. The TFJob CRD that kubeflow-core
// renders is applied for real first, so the API server validates the TFJob instances against
// its schema (OpenAPI and CEL rules) as it would in a cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  matrix,
  REQUIRED,
  renderObjects,
  renderPrototype,
  type KubeObject,
} from '../../kubeflow/render-prototype.js';
import { apply, prepareTfJobCluster, type TfJobCluster } from './kubectl.js';

const dryRunApply = (context: string, objects: KubeObject[]) => apply(context, objects, true);
const clusters: Record<string, TfJobCluster> = {};
const namespaces: Record<string, string> = {};

beforeAll(async () => {
  for (const context of ['minikube', 'gke']) {
    clusters[context] = await prepareTfJobCluster(context);
    namespaces[context] = clusters[context].namespace;
  }
}, 180_000);

afterAll(async () => {
  for (const cluster of Object.values(clusters)) await cluster.cleanup();
});

const inNamespace = (context: string, values: Record<string, unknown>) => ({
  ...values,
  namespace: namespaces[context],
});

describe('server-side dry-run apply on the minikube API server', () => {
  it.each(matrix().map((c) => [c.label, c]))('%s', async (_label, c) => {
    const objects = renderObjects(c.prototype, inNamespace('minikube', c.values));
    const result = await dryRunApply('minikube', objects);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    // one "serverside-applied (server dry run)" line per object
    expect(result.stdout.trim().split('\n')).toHaveLength(objects.length);
    expect(result.stdout).toContain('(server dry run)');
  });
});

describe('the walkthrough components on the gke API server', () => {
  it.each([
    ['kubeflow-core', {}],
    ['tf-cnn', { num_gpus: 1, num_workers: 1 }],
    ['tf-serving', {}],
  ] as const)('%s %j', async (name, values) => {
    const objects = renderObjects(name, inNamespace('gke', { ...REQUIRED[name], ...values }));
    const result = await dryRunApply('gke', objects);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});

describe('the API server validates TFJobs against the CRD schema', () => {
  const job = () =>
    renderPrototype('tf-job', inNamespace('minikube', { ...REQUIRED['tf-job'], num_workers: 2 })) as any;

  it('rejects a replica without a container named tensorflow', async () => {
    const bad = job();
    bad.spec.tfReplicaSpecs.Worker.template.spec.containers[0].name = 'trainer';
    const result = await dryRunApply('minikube', [bad]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('every TFJob replica needs a container named tensorflow');
  });

  it('rejects two chiefs and an unknown replica type (CEL rules)', async () => {
    const bad = job();
    bad.spec.tfReplicaSpecs.Chief.replicas = 2;
    bad.spec.tfReplicaSpecs.Trainer = bad.spec.tfReplicaSpecs.Worker;
    const result = await dryRunApply('minikube', [bad]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('a TFJob has at most one Chief');
    expect(result.stderr).toContain('replica types are PS, Worker, Chief, Master and Evaluator');
  });

  it('rejects an unknown cleanPodPolicy and restartPolicy (OpenAPI enums)', async () => {
    const bad = job();
    bad.spec.runPolicy.cleanPodPolicy = 'Sometimes';
    bad.spec.tfReplicaSpecs.Worker.restartPolicy = 'Maybe';
    const result = await dryRunApply('minikube', [bad]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('spec.runPolicy.cleanPodPolicy: Unsupported value: "Sometimes"');
    expect(result.stderr).toContain('spec.tfReplicaSpecs.Worker.restartPolicy: Unsupported value: "Maybe"');
  });

  it('rejects a name that is not a DNS-1035 label', async () => {
    const bad = job();
    bad.metadata.name = '9-jobs';
    const result = await dryRunApply('minikube', [bad]);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('DNS-1035');
  });
});
