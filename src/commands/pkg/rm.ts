import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { removePackage } from '../../registry/remove.js';
import { withAppLock } from '../../app/app-lock.js';

export default class PkgRm extends KfCommand {
  static override description =
    'Remove an installed package (refused while components generated from its prototypes exist)';

  static override args = {
    package: Args.string({ description: '<registry>/<package>', required: true }),
  };

  static override flags = {
    force: Flags.boolean({ description: 'remove even if components were generated from it', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PkgRm);
    const root = findAppRoot();
    this.log(await withAppLock(root, () => removePackage(root, args.package, { force: flags.force })));
  }
}
