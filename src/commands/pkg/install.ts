import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { installPackage } from '../../registry/install.js';

export default class PkgInstall extends KfCommand {
  static override description =
    'Vendor a package into vendor/<registry>/<pkg>@<version>/ and record it in app.yaml and kf.lock; a no-op when already installed and intact';

  static override examples = [
    '<%= config.bin %> pkg install kubeflow/core',
    '<%= config.bin %> pkg install kubeflow/tf-job@0.1.0 --env dev',
    '<%= config.bin %> pkg install kubeflow/core --force',
  ];

  static override args = {
    package: Args.string({ description: '<registry>/<package>[@<version>]', required: true }),
  };

  static override flags = {
    env: Flags.string({ description: 'make the package available to this environment only' }),
    force: Flags.boolean({
      description:
        'reinstall from the registry even if vendored (repairs a modified vendor folder, accepts changed registry content)',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PkgInstall);
    const result = await installPackage(findAppRoot(), args.package, { env: flags.env, force: flags.force });
    this.log(result.message);
  }
}
