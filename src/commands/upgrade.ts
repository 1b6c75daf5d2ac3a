import { Flags } from '@oclif/core';
import { unifiedDiff } from '../util/unified-diff.js';
import { KfCommand } from '../base-command.js';
import { loadApp } from '../app/app.js';
import { applyUpgrade, planUpgrade } from '../app/upgrade.js';
import { counted } from '../util/plural.js';

export default class Upgrade extends KfCommand {
  static override description =
    "Convert a ksonnet app's app.yaml in place to kf's format, printing the change; components, params and environment files stay as they are";

  static override examples = ['<%= config.bin %> upgrade --dry-run', '<%= config.bin %> upgrade'];

  static override flags = {
    'dry-run': Flags.boolean({ description: 'print the change without writing it' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Upgrade);
    const app = loadApp();
    const plan = planUpgrade(app);
    process.stdout.write(
      unifiedDiff('app.yaml', 'app.yaml', plan.before, plan.after, { oldHeader: 'ksonnet', newHeader: 'kf' }),
    );
    for (const note of plan.notes) process.stdout.write(`note: ${note}\n`);
    if (flags['dry-run']) {
      process.stdout.write('dry run: app.yaml not changed\n');
      return;
    }
    applyUpgrade(plan);
    process.stdout.write(
      `upgraded app.yaml to ${app.root === process.cwd() ? '' : app.root + '/'}kf's format; ${counted(app.components.length, 'component')}, their params and every environment's files are unchanged\n`,
    );
  }
}
