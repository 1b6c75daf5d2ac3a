// The user story of ../shared/brief/walkthrough.md as data: used by `npm run demo` (scripts/demo.js)
// and by test/e2e/walkthrough.test.ts, so the demo and the test cannot drift apart.

/**
 * @param {{ registry: string, cluster: boolean }} options registry: path of the kubeflow registry;
 *   cluster: whether live control planes are available (apply/diff/delete steps need them).
 * @returns {{ id: string, args: string[], cwd: 'parent' | 'app', live?: boolean, expectFailure?: boolean, note: string }[]}
 */
export function walkthroughSteps({ registry, cluster }) {
  const steps = [
    { id: 'init', cwd: 'parent', args: ['init', 'my-kubeflow'], note: 'create the app (offline)' },
    {
      id: 'registry-add',
      cwd: 'app',
      args: ['registry', 'add', 'kubeflow', registry],
      note: 'add the Kubeflow registry',
    },
    {
      id: 'pkg-install',
      cwd: 'app',
      args: ['pkg', 'install', 'kubeflow/core', 'kubeflow/tf-job', 'kubeflow/tf-serving'],
      note: 'vendor packages, pinned in kf.lock',
    },
    {
      id: 'generate-core',
      cwd: 'app',
      args: ['generate', 'core', 'kubeflow-core', '--name=kubeflow-core'],
      note: 'JupyterHub, the TFJob CRD and its operator',
    },
    {
      id: 'env-minikube',
      cwd: 'app',
      args: ['env', 'add', 'minikube', '--context=minikube'],
      note: 'one environment per kube context',
    },
    { id: 'env-gke', cwd: 'app', args: ['env', 'add', 'gke', '--context=gke'], note: '' },
    {
      id: 'apply-core-minikube',
      cwd: 'app',
      live: true,
      args: ['apply', 'minikube', '-c', 'kubeflow-core', '--wait', '--timeout', '4m', '--yes'],
      note: 'server-side apply, CRDs first; --wait: JupyterHub Ready, the training operator Available',
    },
    {
      id: 'apply-core-gke',
      cwd: 'app',
      live: true,
      args: ['apply', 'gke', '-c', 'kubeflow-core', '--wait', '--timeout', '4m', '--yes'],
      note: '',
    },
    {
      id: 'generate-cnn',
      cwd: 'app',
      args: ['generate', 'tf-cnn', 'cnn', '--name=cnn'],
      note: "TensorFlow's CNN benchmark as a TFJob",
    },
    {
      id: 'apply-cnn-minikube',
      cwd: 'app',
      live: true,
      args: ['apply', 'minikube', '-c', 'cnn', '--wait', '--timeout', '3m', '--yes'],
      note: 'waits until the training operator runs the TFJob',
    },
    { id: 'prototype-list', cwd: 'app', args: ['prototype', 'list'], note: '' },
    { id: 'prototype-describe', cwd: 'app', args: ['prototype', 'describe', 'tf-cnn'], note: '' },
    {
      id: 'param-gpus',
      cwd: 'app',
      args: ['param', 'set', '--env=gke', 'cnn', 'num_gpus', '1'],
      note: 'override for gke only',
    },
    {
      id: 'param-workers',
      cwd: 'app',
      args: ['param', 'set', '--env=gke', 'cnn', 'num_workers', '1'],
      note: '',
    },
    {
      id: 'apply-cnn-gke',
      cwd: 'app',
      live: true,
      args: ['apply', 'gke', '-c', 'cnn', '--wait', '--timeout', '3m', '--yes'],
      note: 'the gke worker asks for nvidia.com/gpu and runs on the GPU node',
    },
    {
      id: 'typo',
      cwd: 'app',
      expectFailure: true,
      args: [
        'generate',
        'tf-serving',
        'inception',
        '--name=inception',
        '---namespace=default',
        '--model_path=gs://kubeflow-models/inception',
      ],
      note: "the seed's own typo: a clear error, no file changed",
    },
    {
      id: 'generate-inception',
      cwd: 'app',
      args: [
        'generate',
        'tf-serving',
        'inception',
        '--name=inception',
        '--namespace=default',
        '--model_path=gs://kubeflow-models/inception',
      ],
      note: 'TF Serving for the inception model',
    },
    {
      id: 'apply-inception-gke',
      cwd: 'app',
      live: true,
      args: ['apply', 'gke', '-c', 'inception', '--wait', '--timeout', '3m', '--yes'],
      note: 'TF Serving Available in gke only',
    },
    {
      id: 'status-cnn-minikube',
      cwd: 'app',
      live: true,
      args: ['status', 'minikube', '-c', 'cnn', '--watch', '--timeout', '3m'],
      note: 'until the TFJob has finished',
    },
    {
      id: 'status-gke',
      cwd: 'app',
      live: true,
      args: ['status', 'gke', '--watch', '--timeout', '3m'],
      note: 'is my stack up? every object Current, the TFJob Succeeded',
    },
    {
      id: 'show-gke',
      cwd: 'app',
      args: ['show', 'gke', '-c', 'cnn'],
      note: 'what kf renders for gke (cnn only, to keep it short)',
    },
    {
      id: 'diff-gke',
      cwd: 'app',
      live: true,
      args: ['diff', 'gke'],
      note: 'nothing differs after apply (exit 0)',
    },
    {
      id: 'export',
      cwd: 'app',
      args: ['export', '--all', 'rendered'],
      note: 'one file per object, for GitOps',
    },
    {
      id: 'export-check',
      cwd: 'app',
      args: ['export', '--check', 'rendered', '--all'],
      note: 'the CI drift gate',
    },
    {
      id: 'fmt-check',
      cwd: 'app',
      args: ['fmt', '--test'],
      note: 'the CI format gate: every file kf wrote is already formatted as jsonnetfmt would (exit 0)',
    },
    {
      id: 'lint',
      cwd: 'app',
      args: ['lint'],
      note: "the CI lint gate: go-jsonnet's linter (tk lint's) finds nothing in what kf wrote (exit 0)",
    },
    {
      id: 'delete-cnn-gke',
      cwd: 'app',
      live: true,
      args: ['delete', 'gke', '-c', 'cnn', '--yes'],
      note: 'removes the cnn TFJob from gke only; garbage collection removes its pods',
    },
    {
      id: 'status-cnn-gke-deleted',
      cwd: 'app',
      live: true,
      expectFailure: true,
      args: ['status', 'gke', '-c', 'cnn'],
      note: 'NotFound: exit code 1',
    },
  ];
  return steps.filter((step) => cluster || !step.live);
}
