// Every object the Kubeflow prototypes render, over a matrix of parameters, validated offline
// against the Kubernetes OpenAPI schemas (and TFJobs against the CRD that kubeflow-core renders).
import { describe, expect, it } from 'vitest';
import { formatProblem, validateObjects } from '../../src/render/validate.js';
import { matrix, REQUIRED, renderObjects } from './render-prototype.js';

let crd: unknown;
/** The TFJob CRD as kubeflow-core renders it. */
const tfJobCrd = () =>
  (crd ??= renderObjects('kubeflow-core', REQUIRED['kubeflow-core']).find(
    (o) => o.kind === 'CustomResourceDefinition',
  ));

describe('rendered objects match the Kubernetes OpenAPI schemas', () => {
  it.each(matrix().map((c) => [c.label, c]))('%s', (_label, c) => {
    const objects = renderObjects(c.prototype, c.values);
    expect(objects.length).toBeGreaterThan(0);
    const problems = validateObjects(objects as never, { crds: [tfJobCrd() as never] }).map(formatProblem);
    expect(problems).toEqual([]);
  });

  it('catches a TFJob the CRD schema forbids (the check is not vacuous)', () => {
    const [job] = renderObjects('tf-cnn', REQUIRED['tf-cnn']) as any[];
    job.spec.runPolicy.cleanPodPolicy = 'Sometimes';
    delete job.spec.tfReplicaSpecs.Worker.template.spec.containers[0].image;
    const problems = validateObjects([job], { crds: [tfJobCrd() as never] })
      .map(formatProblem)
      .join('\n');
    expect(problems).toMatch(/cleanPodPolicy/);
    expect(problems).toMatch(/image/);
  });

  it('catches a Deployment field in the wrong place (container-level fsGroup)', () => {
    const objects = renderObjects('tf-serving', REQUIRED['tf-serving']) as any[];
    objects[1].spec.template.spec.containers[0].securityContext = { fsGroup: 1000 };
    expect(validateObjects(objects).map(formatProblem).join('\n')).toMatch(/fsGroup/);
  });
});
