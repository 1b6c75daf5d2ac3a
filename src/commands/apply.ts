import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { connectionFlags, dryRunFlag } from '../connection-flags.js';
import { UserError } from '../errors.js';
import { parseDuration } from '../cluster/duration.js';
import { kubectlRef } from '../kube-object.js';
import { describeReadiness } from '../cluster/wait.js';
import { terminalConfirm, describeTarget } from '../cli/confirm.js';
import { createProgress, summaryLine } from '../cli/progress.js';
import { apply } from '../workflow/apply.js';
import { renderFlags, renderSelection } from '../render-flags.js';
import { applyJson, printJson } from '../cli/json-output.js';
import { textOrJsonFlag } from '../output-flag.js';

export default class Apply extends KfCommand {
  static override description = `Render an environment and server-side apply it to the environment's cluster

Objects are applied in waves (Namespaces and CRDs, waiting until the CRDs are Established; other cluster-scoped objects; namespaced objects; webhooks) with field manager "kf". The environment keeps an ApplySet inventory (a Secret kf-<app>-<env>-<app id> in its namespace) so --prune deletes exactly the objects it applied earlier and no longer renders. An object that belongs to another app's ApplySet is not taken over without --adopt.

Objects whose apiVersion the cluster does not serve (extensions/v1beta1 and apps/v1beta1 on a current Kubernetes, a CRD that is not installed) stop the apply before anything is sent: each is listed with its component file and the version(s) that serve its kind. Fix them, or apply the other components with -c.

On a terminal without --yes, apply first shows what it would change (the server-side dry run of kf diff: counts of objects to create, change and leave unchanged, and the names of those that change), then asks.`;

  static override examples = [
    '<%= config.bin %> apply minikube -c kubeflow-core',
    '<%= config.bin %> apply gke --prune --wait --timeout 10m --yes',
    '<%= config.bin %> apply gke --dry-run=server',
  ];

  static override args = {
    env: Args.string({ description: 'environment to apply', required: true }),
  };

  static override flags = {
    'dry-run': dryRunFlag(
      'client: print the plan, contact no cluster; server: let the API server validate without persisting',
    ),
    adopt: Flags.boolean({
      description: "take over objects that belong to another app's (or tool's) ApplySet",
      default: false,
    }),
    'force-conflicts': Flags.boolean({
      description: 'take ownership of fields another field manager owns',
      default: false,
    }),
    prune: Flags.boolean({
      description: 'delete objects this environment applied before and no longer renders',
      default: false,
    }),
    wait: Flags.boolean({
      description: 'wait until every applied object is ready (kstatus rules)',
      default: false,
    }),
    timeout: Flags.string({
      description:
        'how long to wait for CRDs to be Established and, with --wait, for objects to be ready (e.g. 90s, 5m)',
      default: '5m',
    }),
    yes: Flags.boolean({
      char: 'y',
      description: 'do not ask for confirmation (required without a terminal)',
      default: false,
    }),
    ...renderFlags(),
    ...connectionFlags(),
    output: textOrJsonFlag(),
    concurrency: Flags.integer({
      description: 'requests in flight at once within a wave',
      default: 16,
      min: 1,
      max: 64,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Apply);
    const timeoutMs = parseDuration(flags.timeout);
    const dryRun = flags['dry-run'];
    const json = flags.output === 'json';
    const progress = createProgress(process.stderr, { dryRun: dryRun === 'server' });
    const result = await apply({
      env: args.env,
      ...renderSelection(flags),
      kubeconfig: flags.kubeconfig,
      forceContext: flags['force-context'],
      dryRun,
      forceConflicts: flags['force-conflicts'],
      adopt: flags.adopt,
      prune: flags.prune,
      wait: flags.wait,
      timeoutMs,
      concurrency: flags.concurrency,
      confirm: terminalConfirm({ yes: flags.yes }),
      // -o json keeps stderr quiet but for the objects a refusal's error line says are listed above.
      onEvent: json
        ? (event) => event.type === 'unserved' && process.stderr.write(`${event.message}\n`)
        : (event) => progress.onEvent(event),
      // Lines held for plan order are printed even when the run ends in an error.
    }).finally(() => progress.finish());
    if (json) printJson(applyJson(result));

    if (dryRun === 'client' && !json) {
      let wave = '';
      for (const entry of result.plan) {
        if (entry.wave !== wave) this.log(`wave ${(wave = entry.wave)}:`);
        this.log(`  would apply ${kubectlRef(entry.object)} (component ${entry.component})`);
      }
      this.log(
        `${result.plan.length} object(s) would be applied to environment ${args.env} (client dry run; no cluster contacted)`,
      );
      return;
    }
    if (dryRun === 'client') return;

    if (result.pruneSkipped && !json) progress.line(`prune skipped: ${result.pruneSkipped}`);
    if (!json)
      this.log(
        `${dryRun === 'server' ? 'dry run: ' : ''}${describeTarget(result.target!)}: ${summaryLine(result.counts)}`,
      );
    if (result.counts.failed > 0) {
      const total = result.objects.length + result.pruned.length;
      const failed = result.counts.failed;
      throw new UserError(
        failed === total
          ? `${failed === 1 ? 'the object' : `all ${total} objects`} failed (listed above)`
          : `${failed} of ${total} objects failed (listed above); the others ${dryRun === 'server' ? "passed the server's dry run (nothing was applied)" : 'were applied'}`,
        {
          hint:
            dryRun === 'server'
              ? 'fix the cause and run it again'
              : 'fix the cause and rerun: apply converges',
        },
      );
    }
    const waited = result.readiness;
    if (!waited) return;
    for (const bad of [...waited.failed, ...waited.timedOut])
      progress.line(`not ready: ${describeReadiness(bad)}`);
    if (waited.failed.length > 0 || waited.timedOut.length > 0) {
      const parts = [
        waited.failed.length > 0 ? `${waited.failed.length} object(s) failed` : '',
        waited.timedOut.length > 0
          ? `${waited.timedOut.length} object(s) not ready after ${flags.timeout}`
          : '',
      ].filter(Boolean);
      throw new UserError(parts.join(' and '), {
        hint: 'the objects were applied; see the lines above for what is not ready',
      });
    }
    if (!json) this.log(`all ${waited.ready} object(s) ready`);
  }
}
