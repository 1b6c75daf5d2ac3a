import { relative } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { jpathFlag } from '../../render-flags.js';
import { textOrJsonFlag } from '../../output-flag.js';
import { KfCommand } from '../../base-command.js';
import { printJson } from '../../cli/json-output.js';
import { imports } from '../../workflow/importers.js';

export default class ToolImports extends KfCommand {
  static override description = `List the files an environment's render reads, as tk tool imports does

app.yaml, the parameters, the environment's folder, its components (all, or the -c ones) and every file they import or importstr, at any depth, resolved as that environment resolves them. One path per line, relative to the working directory (the folders helmTemplate and kustomizeBuild read are not listed). kf tool importers answers the inverse question.`;

  static override examples = [
    '<%= config.bin %> tool imports gke',
    '<%= config.bin %> tool imports gke -c cnn',
  ];

  static override args = {
    env: Args.string({ description: 'environment', required: true }),
  };

  static override flags = {
    component: Flags.string({
      char: 'c',
      description: 'only this component (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
    jpath: jpathFlag('extra Jsonnet library directory, as given to the render (repeatable)'),
    output: textOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ToolImports);
    const files = imports({ env: args.env, components: flags.component, jpath: flags.jpath }).map(
      (file) => relative(process.cwd(), file) || file,
    );
    if (flags.output === 'json') printJson({ kind: 'ImportsResult', environment: args.env, files });
    else for (const file of files) this.log(file);
  }
}
