import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { updateEnvironment } from '../../app/environments.js';
import { bindContext } from '../../cluster/kubeconfig.js';
import { connectionFlags, environmentComponentsFlag, parseComponentsFlag } from '../../connection-flags.js';
import { k8sVersionFlag, parseK8sVersionFlag } from '../../cli/k8s-version-flag.js';
import { UserError } from '../../errors.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';

export default class EnvSet extends KfCommand {
  static override description =
    'Rename an environment or change its context, server, namespace, components, Kubernetes version, Tanka inline environment or ksonnet-lib folder';

  static override examples = [
    '<%= config.bin %> env set dev --name staging',
    '<%= config.bin %> env set gke --namespace ml',
    "<%= config.bin %> env set prod --tanka-environment 'grafana/prod'",
    '<%= config.bin %> env set gke --components kubeflow-core,cnn,inception',
    "<%= config.bin %> env set minikube --components '!inception'",
    "<%= config.bin %> env set gke --components ''",
    '<%= config.bin %> env set default --ksonnet-lib lib/ksonnet-lib/v1.9.7',
    '<%= config.bin %> env set prod --k8s-version 1.34',
  ];

  static override args = {
    env: Args.string({ description: 'environment name', required: true }),
  };

  static override flags = {
    name: Flags.string({ description: 'new name' }),
    context: Flags.string({
      description: 'new kube context (also updates the server unless --server is given)',
    }),
    namespace: Flags.string({ char: 'n', description: 'new default namespace' }),
    server: Flags.string({ description: 'new API server URL' }),
    'tanka-environment': Flags.string({
      description:
        "the Tanka inline environment (its metadata.name) to render where a component holds several; '' removes it",
    }),
    components: environmentComponentsFlag(true),
    'k8s-version': k8sVersionFlag(true),
    'ksonnet-lib': Flags.string({
      description:
        "the folder holding ksonnet-lib (k.libsonnet, k8s.libsonnet), relative to the app, for code written for ksonnet (with 'conventions: ksonnet' in app.yaml); '' removes it",
    }),
    ...connectionFlags(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EnvSet);
    if (
      flags.name === undefined &&
      flags.context === undefined &&
      flags.namespace === undefined &&
      flags.server === undefined &&
      flags['tanka-environment'] === undefined &&
      flags.components === undefined &&
      flags['k8s-version'] === undefined &&
      flags['ksonnet-lib'] === undefined
    ) {
      throw new UserError('nothing to change', {
        hint: 'give --name, --context, --namespace, --server, --tanka-environment, --components, --k8s-version or --ksonnet-lib',
        exitCode: 2,
      });
    }
    const k8sVersion =
      flags['k8s-version'] === undefined ? undefined : parseK8sVersionFlag(flags['k8s-version']);
    const root = findAppRoot();
    const { context, server } =
      flags.context === undefined
        ? { context: undefined, server: flags.server }
        : bindContext(flags.context, {
            kubeconfig: flags.kubeconfig,
            server: flags.server,
            forceContext: flags['force-context'],
          });
    await withAppLock(root, () =>
      updateEnvironment(loadApp(root), args.env, {
        name: flags.name,
        context: context?.name,
        server,
        namespace: flags.namespace,
        tankaEnvironment: flags['tanka-environment'],
        components: flags.components === undefined ? undefined : parseComponentsFlag(flags.components),
        k8sVersion,
        ksonnetLib: flags['ksonnet-lib'],
      }),
    );
    this.log(`Updated environment '${flags.name ?? args.env}'`);
  }
}
