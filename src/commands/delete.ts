import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { connectionFlags } from '../connection-flags.js';
import { asUserError } from '../cluster/api-error.js';
import { UserError } from '../errors.js';
import { confirmTarget, describeTarget } from '../cluster/confirm.js';
import { deleteRendered } from '../cluster/delete.js';
import { inventoryFor, renderTarget } from '../cluster/env-session.js';
import { connectEnvironment } from '../cluster/kubeconfig.js';
import { describeObject } from '../cluster/kube-object.js';
import type { Propagation } from '../cluster/resources.js';

const PROPAGATION: Record<string, Propagation> = {
  background: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
};

export default class Delete extends KfCommand {
  static override description = `Delete what an environment (or some of its components) renders from its cluster

Objects are deleted in reverse apply order (webhooks, namespaced objects, cluster-scoped objects, Namespaces and CRDs last); objects that are already gone are fine. Dependents are removed by the cluster's garbage collector in the background (--cascade=foreground makes each object wait for its dependents; that needs a running garbage collector).`;

  static override examples = [
    '<%= config.bin %> delete minikube -c kubeflow-core',
    '<%= config.bin %> delete gke --yes',
  ];

  static override args = {
    env: Args.string({ description: 'environment to delete from', required: true }),
  };

  static override flags = {
    component: Flags.string({ char: 'c', description: 'only this component (repeatable)', multiple: true }),
    yes: Flags.boolean({
      char: 'y',
      description: 'do not ask for confirmation (required without a terminal)',
      default: false,
    }),
    cascade: Flags.option({
      options: ['background', 'foreground', 'orphan'] as const,
      default: 'background' as const,
      description: 'how dependents are deleted',
    })(),
    'dry-run': Flags.boolean({
      description: 'ask the API server what would be deleted, delete nothing',
      default: false,
    }),
    ...connectionFlags(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Delete);
    const target = renderTarget(args.env, { components: flags.component });
    const connection = await connectEnvironment(args.env, target.env, {
      kubeconfig: flags.kubeconfig,
      forceContext: flags['force-context'],
    });
    try {
      if (!flags['dry-run'])
        await confirmTarget({ action: 'delete from', ...connection }, { yes: flags.yes });
      const results = await deleteRendered(connection, target.plan, {
        propagation: PROPAGATION[flags.cascade],
        dryRun: flags['dry-run'],
        // The inventory goes too when the whole environment is deleted.
        inventory: target.components === undefined ? inventoryFor(target, this.config.version) : undefined,
        onObject: (r) =>
          process.stderr.write(
            `${r.outcome === 'failed' ? 'FAILED' : r.outcome === 'gone' ? 'already gone' : flags['dry-run'] ? 'would delete' : 'deleted'} ${describeObject(r.object)}${r.message ? `: ${r.message}` : ''}\n`,
          ),
      });
      const count = (o: string): number => results.filter((r) => r.outcome === o).length;
      this.log(
        `${flags['dry-run'] ? 'dry run: ' : ''}${describeTarget(connection)}: ${count('deleted')} deleted, ${count('gone')} already gone, ${count('failed')} failed`,
      );
      if (count('failed') > 0)
        throw new UserError(`${count('failed')} object(s) could not be deleted (listed above)`, {
          hint: 'fix the cause and rerun',
        });
    } catch (error) {
      throw asUserError(error, connection.context);
    } finally {
      connection.client.close();
    }
  }
}
