import { Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findEnvironment, loadApp } from '../../app/app.js';
import { readCurrentEnv, writeCurrentEnv } from '../../app/current-env.js';
import { withAppLock } from '../../app/app-lock.js';

export default class EnvCurrent extends KfCommand {
  static override description =
    'Show, set or unset the current environment (kept in the git-ignored .kf/ directory)';

  static override flags = {
    set: Flags.string({ description: 'make this environment the current one', exclusive: ['unset'] }),
    unset: Flags.boolean({ description: 'clear the current environment', exclusive: ['set'] }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EnvCurrent);
    const app = loadApp();
    if (flags.set !== undefined) {
      const env = flags.set;
      await withAppLock(app.root, () => {
        findEnvironment(loadApp(app.root), env);
        writeCurrentEnv(app.root, env);
      });
      this.log(`Current environment is now '${flags.set}'`);
      return;
    }
    if (flags.unset) {
      writeCurrentEnv(app.root, undefined);
      this.log('Current environment unset');
      return;
    }
    const current = readCurrentEnv(app.root);
    if (current !== undefined) this.log(current);
  }
}
