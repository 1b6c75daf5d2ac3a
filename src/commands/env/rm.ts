import { Args } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { removeEnvironment } from '../../app/environments.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';

export default class EnvRm extends KfCommand {
  static override description = 'Remove an environment and its files (the cluster is not touched)';

  static override aliases = ['env:remove'];

  static override args = {
    env: Args.string({ description: 'environment name', required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(EnvRm);
    const root = findAppRoot();
    await withAppLock(root, () => removeEnvironment(loadApp(root), args.env));
    this.log(`Removed environment '${args.env}'`);
  }
}
