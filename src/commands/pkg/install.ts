import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { UserError } from '../../errors.js';
import { installAll, installPackage } from '../../registry/install.js';
import { withAppLock } from '../../app/app-lock.js';

export default class PkgInstall extends KfCommand {
  static override description =
    'Vendor a package into vendor/<registry>/<pkg>@<version>/ and record it in app.yaml and kf.lock; a no-op when already installed and intact';

  static override examples = [
    '<%= config.bin %> pkg install kubeflow/core',
    '<%= config.bin %> pkg install kubeflow/core kubeflow/tf-job kubeflow/tf-serving',
    '<%= config.bin %> pkg install kubeflow/tf-job@0.1.0 --env dev',
    '<%= config.bin %> pkg install kubeflow/core --force',
    '<%= config.bin %> pkg install   # after a fresh clone: vendor every package of app.yaml as locked',
  ];

  static override args = {
    package: Args.string({
      description:
        '<registry>/<package>[@<version>], one or more; omit to install every package of app.yaml as locked',
    }),
  };

  static override strict = false;
  static override usage = 'pkg install [PACKAGE...] [--env <value>] [--force]';

  static override flags = {
    env: Flags.string({ description: 'make the package available to this environment only' }),
    force: Flags.boolean({
      description:
        'reinstall from the registry even if vendored (repairs a modified vendor folder, accepts changed registry content)',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(PkgInstall);
    const refs = argv as string[];
    const root = findAppRoot();
    if (refs.length === 0) {
      if (flags.env)
        throw new UserError('--env needs a package', {
          hint: 'kf pkg install <registry>/<package> --env <env>',
          exitCode: 2,
        });
      const results = await withAppLock(root, () => installAll(root, { force: flags.force }));
      for (const result of results) this.log(result.message);
      if (results.length === 0) this.log('No packages in app.yaml; nothing to do');
      return;
    }
    // One at a time, in the order given: each install is complete (vendor folder, app.yaml, kf.lock)
    // before the next starts, so a failure leaves the packages before it installed.
    await withAppLock(root, async () => {
      for (const ref of refs) {
        const result = await installPackage(root, ref, { env: flags.env, force: flags.force });
        this.log(result.message);
      }
    });
  }
}
