// kubeflow-core's TFJob webhook configuration, applied for real: with the default failurePolicy
// Ignore, TFJobs can be created while the training operator is not (yet) running, as right after
// `kf apply -c kubeflow-core` or on a control plane without nodes; with Fail they are refused.
// The webhook gets a unique name here, since the test clusters are shared by other test files.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REQUIRED, renderObjects, type KubeObject } from '../../kubeflow/render-prototype.js';
import { apply, kubectl, prepareTfJobCluster, type TfJobCluster } from './kubectl.js';

const context = 'minikube';
let cluster: TfJobCluster;
let webhook: any;

beforeAll(async () => {
  cluster = await prepareTfJobCluster(context);
  const objects = renderObjects('kubeflow-core', {
    ...REQUIRED['kubeflow-core'],
    namespace: cluster.namespace,
  });
  webhook = objects.find((o) => o.kind === 'ValidatingWebhookConfiguration');
  webhook.metadata.name = `validator-${randomBytes(4).toString('hex')}.kf.test`;
}, 180_000);

afterAll(async () => {
  if (webhook) await kubectl(context, ['delete', 'validatingwebhookconfiguration', webhook.metadata.name]);
  await cluster?.cleanup();
});

const job = (name: string): KubeObject[] => renderObjects('tf-cnn', { name, namespace: cluster.namespace });

it('creates TFJobs while the operator is not running (failurePolicy Ignore, the default)', async () => {
  expect(webhook.webhooks[0].failurePolicy).toBe('Ignore');
  const configured = await apply(context, [webhook]);
  expect(configured.stderr).toBe('');
  const created = await apply(context, job('cnn-ignore'));
  expect(created.stderr).toBe('');
  expect(created.exitCode).toBe(0);
  const found = await kubectl(context, ['get', 'tfjob', 'cnn-ignore', '-n', cluster.namespace, '-o', 'name']);
  expect(found.stdout.trim()).toBe('tfjob.kubeflow.org/cnn-ignore');
});

it('refuses TFJobs while the operator is not running with tfJobWebhookFailurePolicy Fail', async () => {
  const strict = { ...webhook, webhooks: [{ ...webhook.webhooks[0], failurePolicy: 'Fail' }] };
  const configured = await apply(context, [strict]);
  expect(configured.stderr).toBe('');
  const refused = await apply(context, job('cnn-fail'));
  expect(refused.exitCode).not.toBe(0);
  expect(refused.stderr).toContain('failed calling webhook "validator.tfjob.training-operator.kubeflow.org"');
});
