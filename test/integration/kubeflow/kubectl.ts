// kubectl against the test control planes, and the TFJob CRD the Kubeflow live tests need: each
// test file applies the CRD that kubeflow-core renders (server-side, for real) unless it exists,
// waits until it is Established, and deletes it afterwards (waiting until it is gone) if it
// created it.
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { REQUIRED, renderObjects, type KubeObject } from '../../kubeflow/render-prototype.js';

export const FIELD_MANAGER = 'kf-kubeflow-test';
const CRD = 'tfjobs.kubeflow.org';

export async function kubectl(context: string, args: string[], input?: string) {
  return execa('kubectl', ['--kubeconfig', process.env.KUBECONFIG!, '--context', context, ...args], {
    input,
    reject: false,
    timeout: 60_000,
  });
}

export async function apply(context: string, objects: KubeObject[], dryRun = false) {
  return kubectl(
    context,
    [
      'apply',
      '--server-side',
      ...(dryRun ? ['--dry-run=server'] : []),
      `--field-manager=${FIELD_MANAGER}`,
      // Cluster-scoped objects (CRD, ClusterRole, webhook configuration) are shared with other
      // integration files that apply kubeflow-core under field manager "kf": take ownership
      // instead of failing on a conflict that says nothing about the objects' validity.
      '--force-conflicts',
      '-f',
      '-',
    ],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  );
}

export interface TfJobCluster {
  context: string;
  /** a fresh namespace for this file's objects */
  namespace: string;
  /** deletes the CRD when this file created it */
  cleanup(): Promise<void>;
}

/** A fresh namespace and the TFJob CRD, Established. Throws with kubectl's message on failure. */
export async function prepareTfJobCluster(context: string): Promise<TfJobCluster> {
  const namespace = `kf-kubeflow-${randomBytes(4).toString('hex')}`;
  const created = await kubectl(context, ['create', 'namespace', namespace]);
  if (created.exitCode !== 0) throw new Error(created.stderr);
  const existed = (await kubectl(context, ['get', 'crd', CRD])).exitCode === 0;
  const crd = renderObjects('kubeflow-core', REQUIRED['kubeflow-core']).find(
    (o) => o.kind === 'CustomResourceDefinition',
  )!;
  // An existing CRD is another file's (applied by kf, in its app's ApplySet): use it as it is, so
  // no field manager of this file is left on it for the next app to find.
  if (!existed) {
    const applied = await apply(context, [crd]);
    if (applied.exitCode !== 0) throw new Error(applied.stderr);
  }
  // Polled rather than `kubectl wait --for=condition=Established`: kubectl 1.37 fails ("accessor
  // error: <nil> ... expected []interface{}") instead of waiting when it reads the CRD before the
  // API server has given it any condition, which a just-created CRD sometimes is.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await kubectl(context, [
      'get',
      `crd/${CRD}`,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Established")].status}',
    ]);
    if (status.exitCode === 0 && status.stdout.trim() === 'True') break;
    if (Date.now() > deadline)
      throw new Error(`CRD ${CRD} not Established after 60 s: ${status.stderr || status.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    context,
    namespace,
    async cleanup() {
      if (!existed) await kubectl(context, ['delete', 'crd', CRD, '--timeout=120s']);
    },
  };
}
