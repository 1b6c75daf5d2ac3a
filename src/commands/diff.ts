import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { connectionFlags } from '../connection-flags.js';
import { UserError } from '../errors.js';
import { describeObject, kubectlRef } from '../kube-object.js';
import { colorizeDiff } from '../cluster/object-diff.js';
import { diff } from '../workflow/diff.js';
import { renderFlags, renderSelection } from '../render-flags.js';
import { DIFF_EXIT_CODE } from '../exit-codes.js';
import { colorsFor } from '../util/color.js';
import { diffJson, printJson } from '../cli/json-output.js';
import { textOrJsonFlag } from '../output-flag.js';

export default class Diff extends KfCommand {
  static override description = `Show what applying an environment would change, or how two environments differ

With one environment, each rendered object is server-side applied as a dry run and compared with the live object (server-managed fields such as managedFields, resourceVersion, uid, generation, timestamps and status are left out; Secret values are masked). With two environments, their renders are compared without contacting a cluster.

Exit status: 0 when nothing differs, ${DIFF_EXIT_CODE} when something differs, 1 on error.`;

  static override examples = [
    '<%= config.bin %> diff minikube',
    '<%= config.bin %> diff gke -c cnn --with-prune',
    '<%= config.bin %> diff minikube gke',
  ];

  static override args = {
    env: Args.string({ description: 'environment to compare with its cluster', required: true }),
    other: Args.string({ description: 'second environment: compare the two renders instead (no cluster)' }),
  };

  static override flags = {
    'with-prune': Flags.boolean({
      description: 'also show objects an apply --prune would delete',
      default: false,
    }),
    summarize: Flags.boolean({
      char: 's',
      description: 'list changed objects instead of full diffs',
      default: false,
    }),
    ...renderFlags(),
    ...connectionFlags(),
    output: textOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Diff);
    const colors = colorsFor(process.stdout);
    const result = await diff({
      env: args.env,
      other: args.other,
      ...renderSelection(flags),
      withPrune: flags['with-prune'],
      kubeconfig: flags.kubeconfig,
      forceContext: flags['force-context'],
    });
    if (flags.output === 'json') {
      printJson(diffJson(result));
      if (result.errors > 0) throw new UserError(`${result.errors} object(s) could not be compared`);
      if (result.changed > 0) this.exit(DIFF_EXIT_CODE);
      return;
    }
    for (const d of result.objects) {
      if (d.change === 'none' || d.change === 'error') continue;
      if (flags.summarize) this.log(`${d.change} ${kubectlRef(d.object)}`);
      else process.stdout.write(`${colorizeDiff(d.text, colors)}${d.text.endsWith('\n') ? '' : '\n'}`);
    }
    for (const e of result.objects.filter((d) => d.change === 'error'))
      process.stderr.write(`kf: cannot diff ${describeObject(e.object)}: ${e.text}\n`);
    if (result.errors > 0)
      throw new UserError(`${result.errors} object(s) could not be compared (listed above)`);
    process.stderr.write(result.changed === 0 ? 'no differences\n' : `${result.changed} object(s) differ\n`);
    if (result.changed > 0) this.exit(DIFF_EXIT_CODE);
  }
}
