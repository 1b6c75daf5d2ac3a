import { Args } from '@oclif/core';
import { relative } from 'node:path';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { removeComponent } from '../../app/parameters.js';

export default class ComponentRm extends KfCommand {
  static override description =
    'Remove a component: its file and its parameters in components/ and every environment (the cluster is not touched)';

  static override aliases = ['component:remove'];

  static override args = {
    component: Args.string({ description: 'component name', required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(ComponentRm);
    const app = loadApp();
    const changed = removeComponent(app, args.component);
    this.log(
      `Removed component '${args.component}' (${changed.map((f) => relative(app.root, f)).join(', ')})`,
    );
  }
}
