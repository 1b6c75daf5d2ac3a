import { Args } from '@oclif/core';
import { relative } from 'node:path';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { removeComponent } from '../../app/parameters.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';

export default class ComponentRm extends KfCommand {
  static override description =
    'Remove a component: its file and its parameters in components/ and every environment (the cluster is not touched)';

  static override aliases = ['component:remove'];

  static override args = {
    component: Args.string({ description: 'component name', required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(ComponentRm);
    const root = findAppRoot();
    const changed = await withAppLock(root, () => removeComponent(loadApp(root), args.component));
    this.log(`Removed component '${args.component}' (${changed.map((f) => relative(root, f)).join(', ')})`);
  }
}
