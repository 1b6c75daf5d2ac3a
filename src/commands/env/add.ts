import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { addEnvironment } from '../../app/environments.js';
import { bindContext } from '../../cluster/kubeconfig.js';
import { connectionFlags, environmentComponentsFlag, parseComponentsFlag } from '../../connection-flags.js';
import { k8sVersionFlag, parseK8sVersionFlag } from '../../cli/k8s-version-flag.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';

export default class EnvAdd extends KfCommand {
  static override description = 'Add an environment bound to a kube context (default: the current context)';

  static override examples = [
    '<%= config.bin %> env add minikube --context=minikube',
    '<%= config.bin %> env add us-west/staging --namespace=ml',
    '<%= config.bin %> env add gke --context=gke --components=kubeflow-core,cnn',
    '<%= config.bin %> env add legacy --context=old-cluster --k8s-version=1.33',
  ];

  static override args = {
    env: Args.string({ description: "environment name; '/' nests (us-west/staging)", required: true }),
  };

  static override flags = {
    context: Flags.string({ description: 'kube context (default: the current context)' }),
    namespace: Flags.string({
      char: 'n',
      description: "default namespace (default: the context's, else 'default')",
    }),
    server: Flags.string({ description: "API server URL (default: the context's cluster server)" }),
    'tanka-environment': Flags.string({
      description:
        'the Tanka inline environment (its metadata.name) to render where a component holds several',
    }),
    components: environmentComponentsFlag(false),
    'k8s-version': k8sVersionFlag(false),
    ...connectionFlags(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(EnvAdd);
    const k8sVersion =
      flags['k8s-version'] === undefined ? undefined : parseK8sVersionFlag(flags['k8s-version']);
    const root = findAppRoot();
    const components = flags.components === undefined ? null : parseComponentsFlag(flags.components);
    const { context, server } = bindContext(flags.context, {
      kubeconfig: flags.kubeconfig,
      server: flags.server,
      forceContext: flags['force-context'],
    });
    const entry = await withAppLock(root, () =>
      addEnvironment(loadApp(root), args.env, {
        context: context?.name,
        server,
        namespace: flags.namespace ?? context?.namespace ?? 'default',
        ...(flags['tanka-environment'] ? { tankaEnvironment: flags['tanka-environment'] } : {}),
        ...(components ? { components } : {}),
        ...(k8sVersion ? { k8sVersion } : {}),
      }),
    );
    const notes = [
      ...(context
        ? [
            `context '${context.name}'${context.unlisted ? ', which the kubeconfig here does not define' : ''}`,
          ]
        : []),
      ...(entry.ksonnetLib !== undefined
        ? [`ksonnet-lib ${entry.ksonnetLib}, as the other environments'`]
        : []),
    ];
    this.log(`Added environment '${args.env}'${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
  }
}
