import { Args } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { removeRegistry } from '../../registry/registries.js';
import { withAppLock } from '../../app/app-lock.js';

export default class RegistryRm extends KfCommand {
  static override description = 'Remove a registry from the app (refused while packages from it are installed)';

  static override args = {
    name: Args.string({ description: 'registry name', required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(RegistryRm);
    const root = findAppRoot();
    await withAppLock(root, () => removeRegistry(root, args.name));
    this.log(`Removed registry '${args.name}'`);
  }
}
