import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { connectionFlags } from '../connection-flags.js';
import { asUserError } from '../cluster/api-error.js';
import { UserError } from '../errors.js';
import { countOutcomes, applyPlan } from '../cluster/apply.js';
import { planEntries } from '../cluster/apply-plan.js';
import { confirmTarget, describeTarget } from '../cluster/confirm.js';
import { parseDuration } from '../cluster/duration.js';
import { inventoryFor, renderTarget } from '../cluster/env-session.js';
import { connectEnvironment } from '../cluster/kubeconfig.js';
import { describeObject } from '../cluster/kube-object.js';
import { createProgress, summaryLine } from '../cluster/progress.js';
import { waitUntilCurrent, describeReadiness } from '../cluster/wait.js';
import { RestMapper } from '../cluster/discovery.js';

export default class Apply extends KfCommand {
  static override description = `Render an environment and server-side apply it to the environment's cluster

Objects are applied in waves (Namespaces and CRDs, waiting until the CRDs are Established; other cluster-scoped objects; namespaced objects; webhooks) with field manager "kf". The environment keeps an ApplySet inventory (a Secret kf-<app>-<env> in its namespace) so --prune deletes exactly the objects it applied earlier and no longer renders.`;

  static override examples = [
    '<%= config.bin %> apply minikube -c kubeflow-core',
    '<%= config.bin %> apply gke --prune --wait --timeout 10m --yes',
    '<%= config.bin %> apply gke --dry-run=server',
  ];

  static override args = {
    env: Args.string({ description: 'environment to apply', required: true }),
  };

  static override flags = {
    component: Flags.string({ char: 'c', description: 'only this component (repeatable)', multiple: true }),
    'dry-run': Flags.option({
      options: ['client', 'server'] as const,
      description:
        'client: print the plan, contact no cluster; server: let the API server validate without persisting',
    })(),
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
    ...connectionFlags(),
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
    const target = renderTarget(args.env, { components: flags.component });
    const dryRun = flags['dry-run'];

    if (dryRun === 'client') {
      for (const wave of target.plan.waves) {
        this.log(`wave ${wave.name}:`);
        for (const entry of wave.entries)
          this.log(`  would apply ${describeObject(entry.object)} (component ${entry.component})`);
      }
      this.log(
        `${planEntries(target.plan).length} object(s) would be applied to environment ${args.env} (client dry run; no cluster contacted)`,
      );
      return;
    }

    const progress = createProgress(process.stderr, { dryRun: dryRun === 'server' });
    const connection = await connectEnvironment(args.env, target.env, {
      kubeconfig: flags.kubeconfig,
      forceContext: flags['force-context'],
      maxSockets: flags.concurrency,
      // A server that refuses connections outright gets one error line at the end, not a retry log.
      onRetry: (what, attempt, reason) => {
        if (!reason.includes('ECONNREFUSED'))
          progress.line(`retrying ${what} (attempt ${attempt + 1}): ${reason}`);
      },
    });
    try {
      if (dryRun !== 'server') await confirmTarget({ action: 'apply to', ...connection }, { yes: flags.yes });
      const result = await applyPlan(connection, target.plan, {
        serverDryRun: dryRun === 'server',
        forceConflicts: flags['force-conflicts'],
        prune: flags.prune,
        concurrency: flags.concurrency,
        crdTimeoutMs: timeoutMs,
        inventory: inventoryFor(target, this.config.version),
        events: progress,
      });
      progress.finish();
      if (result.pruneSkipped) progress.line(`prune skipped: ${result.pruneSkipped}`);
      const counts = countOutcomes(result);
      this.log(
        `${dryRun === 'server' ? 'dry run: ' : ''}${describeTarget(connection)}: ${summaryLine(counts)}`,
      );
      if (counts.failed > 0) {
        throw new UserError(
          `${counts.failed} of ${result.results.length + result.pruned.length} object(s) failed (listed above); the others were applied`,
          {
            hint: 'fix the cause and rerun: apply converges',
          },
        );
      }
      if (flags.wait && dryRun !== 'server') {
        const objects = result.results.filter((r) => r.outcome !== 'skipped').map((r) => r.object);
        progress.line(`waiting up to ${flags.timeout} for ${objects.length} object(s) to become ready`);
        let lastPending = -1;
        const waited = await waitUntilCurrent(connection.client, new RestMapper(connection.client), objects, {
          timeoutMs,
          onProgress: (pending, total) => {
            if (pending.length === lastPending) return;
            lastPending = pending.length;
            progress.line(
              `ready ${total - pending.length}/${total}${pending.length > 0 ? `; waiting for ${describeReadiness(pending[0])}` : ''}`,
            );
          },
        });
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
        this.log(`all ${objects.length} object(s) ready`);
      }
    } catch (error) {
      throw asUserError(error, connection.context);
    } finally {
      connection.client.close();
    }
  }
}
