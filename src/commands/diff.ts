import { Args, Flags } from '@oclif/core';
import pc from 'picocolors';
import { KfCommand } from '../base-command.js';
import { connectionFlags } from '../connection-flags.js';
import { asUserError } from '../cluster/api-error.js';
import { UserError } from '../errors.js';
import { diffAgainstCluster, diffRenders, type ObjectDiff } from '../cluster/diff.js';
import { inventoryFor, renderTarget } from '../cluster/env-session.js';
import { connectEnvironment } from '../cluster/kubeconfig.js';
import { describeObject } from '../cluster/kube-object.js';
import { colorizeDiff } from '../cluster/object-diff.js';

/** Exit code when differences were found (0 = none, 1 = error). */
export const DIFF_EXIT_CODE = 3;

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
    component: Flags.string({ char: 'c', description: 'only this component (repeatable)', multiple: true }),
    'with-prune': Flags.boolean({
      description: 'also show objects an apply --prune would delete',
      default: false,
    }),
    summarize: Flags.boolean({
      char: 's',
      description: 'list changed objects instead of full diffs',
      default: false,
    }),
    ...connectionFlags(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Diff);
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    const colors = pc.createColors(color);
    let diffs: ObjectDiff[];
    if (args.other) {
      const left = renderTarget(args.env, { components: flags.component });
      const right = renderTarget(args.other, { components: flags.component });
      diffs = diffRenders(
        { name: args.env, namespace: left.env.namespace, objects: left.objects.map((o) => o.object) },
        { name: args.other, namespace: right.env.namespace, objects: right.objects.map((o) => o.object) },
      );
    } else {
      const target = renderTarget(args.env, { components: flags.component });
      const connection = await connectEnvironment(args.env, target.env, {
        kubeconfig: flags.kubeconfig,
        forceContext: flags['force-context'],
      });
      try {
        diffs = await diffAgainstCluster(connection, target.plan, {
          withPrune: flags['with-prune'],
          inventory: inventoryFor(target, this.config.version),
        });
      } catch (error) {
        throw asUserError(error, connection.context);
      } finally {
        connection.client.close();
      }
    }
    const errors = diffs.filter((d) => d.change === 'error');
    const changed = diffs.filter((d) => d.change !== 'none' && d.change !== 'error');
    for (const d of changed) {
      if (flags.summarize) this.log(`${d.change} ${describeObject(d.object)}`);
      else process.stdout.write(`${colorizeDiff(d.text, colors)}${d.text.endsWith('\n') ? '' : '\n'}`);
    }
    for (const e of errors) process.stderr.write(`kf: cannot diff ${describeObject(e.object)}: ${e.text}\n`);
    if (errors.length > 0)
      throw new UserError(`${errors.length} object(s) could not be compared (listed above)`);
    process.stderr.write(changed.length === 0 ? 'no differences\n' : `${changed.length} object(s) differ\n`);
    if (changed.length > 0) this.exit(DIFF_EXIT_CODE);
  }
}
