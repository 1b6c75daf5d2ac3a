import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { formatObjects, type OutputFormat } from '../render/output.js';
import { renderFlags, renderSelection } from '../render-flags.js';
import { show } from '../workflow/show.js';

export default class Show extends KfCommand {
  static override description =
    "Print an environment's objects as YAML documents (---) or a JSON v1 List; never touches a cluster";

  static override examples = ['<%= config.bin %> show gke', '<%= config.bin %> show gke -c cnn -o json'];

  static override args = {
    env: Args.string({ description: 'environment (default: the current environment)' }),
  };

  static override flags = {
    ...renderFlags(),
    output: Flags.string({
      char: 'o',
      description: 'output format',
      options: ['yaml', 'json'],
      default: 'yaml',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Show);
    const objects = show({ env: args.env, ...renderSelection(flags) });
    process.stdout.write(formatObjects(objects, flags.output as OutputFormat));
  }
}
