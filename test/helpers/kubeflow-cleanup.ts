// Integration files that apply kubeflow-core leave the shared test clusters as they found them:
// kubeflow-core's cluster-scoped objects (the TFJob CRD, ClusterRoles, the webhook configuration)
// belong to the ApplySet of the app that applied them, and the next file's app would (rightly)
// be refused to take them over. `kf delete` every environment, then wait until the CRD is gone
// (a terminating CRD cannot be applied again).
import { execa } from 'execa';
import { runKf } from './run-kf.js';

const CRD = 'tfjobs.kubeflow.org';

export async function deleteKubeflowApp(
  app: string,
  environments: { env: string; context: string }[],
  kubeconfig: string,
): Promise<void> {
  for (const { env } of environments) {
    const deleted = await runKf(['delete', env, '--yes'], { cwd: app, env: { KUBECONFIG: kubeconfig } });
    if (deleted.exitCode !== 0) throw new Error(`kf delete ${env} failed:\n${deleted.stderr}`);
  }
  for (const { context } of environments) {
    const gone = await execa(
      'kubectl',
      [
        '--kubeconfig',
        kubeconfig,
        '--context',
        context,
        'wait',
        '--for=delete',
        `crd/${CRD}`,
        '--timeout=120s',
      ],
      { reject: false },
    );
    if (gone.exitCode !== 0 && !/not ?found/i.test(gone.stderr))
      throw new Error(`CRD ${CRD} still there in ${context}: ${gone.stderr}`);
  }
}
