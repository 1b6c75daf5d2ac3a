import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { connectionFlags, dryRunFlag } from '../connection-flags.js';
import { kubectlRef } from '../kube-object.js';
import { UserError } from '../errors.js';
import { terminalConfirm, describeTarget } from '../cli/confirm.js';
import { createProgress } from '../cli/progress.js';
import { deleteEnvironment, type Propagation } from '../workflow/delete.js';
import { renderFlags, renderSelection } from '../render-flags.js';
import { deleteJson, printJson } from '../cli/json-output.js';
import { textOrJsonFlag } from '../output-flag.js';

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
    'dry-run': dryRunFlag(
      'client: list what would be deleted, contact no cluster; server: let the API server check each delete, delete nothing',
    ),
    ...renderFlags(),
    ...connectionFlags(),
    output: textOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Delete);
    const dryRun = flags['dry-run'];
    const json = flags.output === 'json';
    const progress = createProgress(process.stderr, { dryRun: dryRun === 'server' });
    const result = await deleteEnvironment({
      env: args.env,
      ...renderSelection(flags),
      kubeconfig: flags.kubeconfig,
      forceContext: flags['force-context'],
      propagation: PROPAGATION[flags.cascade],
      dryRun,
      confirm: terminalConfirm({ yes: flags.yes }),
      onEvent: json ? undefined : (event) => progress.onEvent(event),
      // Lines held for plan order are printed even when the run ends in an error.
    }).finally(() => progress.finish());
    const { counts } = result;
    if (json) printJson(deleteJson(result));
    else if (dryRun === 'client') {
      for (const entry of result.plan ?? [])
        this.log(`would delete ${kubectlRef(entry.object)} (component ${entry.component})`);
      this.log(
        `${result.plan?.length ?? 0} object(s) would be deleted from environment ${args.env} (client dry run; no cluster contacted)`,
      );
    } else
      this.log(
        `${dryRun === 'server' ? 'dry run: ' : ''}${describeTarget(result.target!)}: ${counts.deleted} deleted, ${counts.gone} already gone, ${counts.failed} failed`,
      );
    if (counts.failed > 0)
      throw new UserError(`${counts.failed} object(s) could not be deleted (listed above)`, {
        hint: 'fix the cause and rerun',
      });
  }
}
