import { jpathFlag } from '../../render-flags.js';
import { textOrJsonFlag } from '../../output-flag.js';
import { KfCommand } from '../../base-command.js';
import { UserError } from '../../errors.js';
import { printJson } from '../../cli/json-output.js';
import { importers } from '../../workflow/importers.js';

export default class ToolImporters extends KfCommand {
  static override description = `List the environments whose render the given files can change, as tk tool importers does

For a CI that exports or diffs only what a change touched: each environment's components are followed through their imports as that environment resolves them (lib/, vendor/, installed packages, the environment's own libraries, -J folders), so a file counts exactly where a render can read it. app.yaml and components/params.libsonnet count for every environment, a file in environments/<env>/ for that one, a file in a Helm chart or kustomization for the components that call helmTemplate or kustomizeBuild, and a component that reads std.extVar('__ksonnet/components') reads every component of its environment. A file the change removed is given as deleted:<path>. Prints one environment per line (nothing when none: skip the export or diff then, as kf export given no environment is a usage error); -o json adds which components, and what each file reaches.`;

  static override examples = [
    '<%= config.bin %> tool importers lib/utils.libsonnet',
    '<%= config.bin %> tool importers $(git diff --name-only --diff-filter=d main) $(git diff --name-only --diff-filter=D main | sed s/^/deleted:/)',
    '<%= config.bin %> export $(kf tool importers components/cnn.jsonnet) rendered --merge-strategy replace-envs',
  ];

  static override strict = false;
  static override usage = 'tool importers FILE...';

  static override flags = {
    jpath: jpathFlag('extra Jsonnet library directory, as given to the render (repeatable)'),
    output: textOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(ToolImporters);
    const files = argv as string[];
    if (files.length === 0)
      throw new UserError('missing argument FILE', { hint: 'kf tool importers FILE...', exitCode: 2 });
    const result = importers({ files, jpath: flags.jpath });
    if (flags.output === 'json')
      printJson({ kind: 'ImportersResult', environments: result.environments, files: result.files });
    else for (const env of result.environments) this.log(env.name);
  }
}
