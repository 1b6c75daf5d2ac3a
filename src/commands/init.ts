import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { createApp } from '../app/create-app.js';
import { bindContext } from '../cluster/kubeconfig.js';
import { connectionFlags } from '../connection-flags.js';

export default class Init extends KfCommand {
  static override description =
    'Create a new app directory with a default environment bound to the current kube context (works offline)';

  static override examples = [
    '<%= config.bin %> init my-kubeflow',
    '<%= config.bin %> init my-app --env dev --context minikube --namespace ml',
  ];

  static override args = {
    app: Args.string({
      description:
        'directory to create, or an empty one (its name is the app name; . for the current directory)',
      required: true,
    }),
  };

  static override flags = {
    env: Flags.string({ description: 'name of the first environment', default: 'default' }),
    context: Flags.string({
      description: 'kube context of the first environment (default: the current context)',
    }),
    namespace: Flags.string({
      char: 'n',
      description: "namespace of the first environment (default: the context's, else 'default')",
    }),
    server: Flags.string({ description: "API server URL (default: the context's cluster server)" }),
    ...connectionFlags(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Init);
    const { context, server } = bindContext(flags.context, {
      kubeconfig: flags.kubeconfig,
      server: flags.server,
      forceContext: flags['force-context'],
    });
    const dir = createApp(args.app, {
      envName: flags.env,
      env: {
        context: context?.name,
        server,
        namespace: flags.namespace ?? context?.namespace ?? 'default',
      },
    });
    const binding =
      context === undefined ? 'no kube context: no kubeconfig found' : `context '${context.name}'`;
    this.log(`Created app ${dir} with environment '${flags.env}' (${binding})`);
  }
}
