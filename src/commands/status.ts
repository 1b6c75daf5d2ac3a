import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { connectionFlags } from '../connection-flags.js';
import { renderFlags, renderSelection } from '../render-flags.js';
import { tableOrJsonFlag } from '../output-flag.js';
import { statusJson } from '../cli/json-output.js';
import { UserError } from '../errors.js';
import { formatTable } from '../app/table.js';
import { parseDuration } from '../cluster/duration.js';
import { settled, status, watchStatus, type StatusResult } from '../workflow/status.js';

/** The tables `kf status` prints: every object, then the TFJobs' replicas, then pod problems. */
export function formatStatus(result: StatusResult): string {
  const name = (o: StatusResult['objects'][number]) => (o.namespace ? `${o.namespace}/${o.name}` : o.name);
  const rows = result.objects.map((o) => [
    o.kind,
    name(o),
    o.component,
    o.status,
    o.replicas ? `${o.replicas.ready}/${o.replicas.desired}` : o.tfJob ? o.tfJob.phase : '',
    o.message,
  ]);
  let text = formatTable(['KIND', 'NAME', 'COMPONENT', 'STATUS', 'READY', 'MESSAGE'], rows);
  const jobs = result.objects.filter((o) => o.tfJob);
  if (jobs.length > 0) {
    const jobRows = jobs.flatMap((o) =>
      o.tfJob!.replicas.map((r) => [
        name(o),
        o.tfJob!.phase,
        r.type,
        String(r.replicas),
        String(r.active),
        String(r.succeeded),
        String(r.failed),
      ]),
    );
    text += `\n${formatTable(['TFJOB', 'PHASE', 'REPLICA', 'DESIRED', 'ACTIVE', 'SUCCEEDED', 'FAILED'], jobRows)}`;
  }
  const problems = result.objects.flatMap((o) => (o.problems ?? []).map((p) => `${o.kind} ${name(o)}: ${p}`));
  if (problems.length > 0) text += `\n${problems.join('\n')}\n`;
  const c = result.counts;
  const summary = [
    `${c.Current} Current`,
    c.InProgress ? `${c.InProgress} InProgress` : '',
    c.Failed ? `${c.Failed} Failed` : '',
    c.Terminating ? `${c.Terminating} Terminating` : '',
    c.NotFound ? `${c.NotFound} NotFound` : '',
  ].filter(Boolean);
  return `${text}\nenvironment ${result.envName} (context ${result.context}): ${result.objects.length} object(s): ${summary.join(', ')}\n`;
}

export default class Status extends KfCommand {
  static override description = `Show whether every object of an environment is up

Reads every object the environment renders (or only some components) from its cluster and shows its kstatus: Current, InProgress, Failed, Terminating or NotFound, with the reason; ready/desired replicas for workloads; the phase and per-replica-type active/succeeded/failed counts for TFJobs; and why pods of a workload that is not ready are stuck (unschedulable, image pull errors). Exits 0 when everything is Current, 1 otherwise. With --watch it repeats, printing each change, until everything is Current and every TFJob has finished (Succeeded), something Failed, or --timeout passed.`;

  static override examples = [
    '<%= config.bin %> status gke',
    '<%= config.bin %> status gke -c cnn -o json',
    '<%= config.bin %> status minikube --watch --timeout 5m',
  ];

  static override args = {
    env: Args.string({ description: 'environment', required: true }),
  };

  static override flags = {
    output: tableOrJsonFlag(),
    watch: Flags.boolean({
      char: 'w',
      description:
        'poll, printing each change, until everything is Current and every TFJob finished, or something Failed',
    }),
    timeout: Flags.string({
      description: 'with --watch: give up after this long (e.g. 90s, 5m)',
      dependsOn: ['watch'],
    }),
    ...renderFlags(),
    ...connectionFlags(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Status);
    const options = {
      env: args.env,
      ...renderSelection(flags),
      kubeconfig: flags.kubeconfig,
      forceContext: flags['force-context'],
    };
    // A wrong duration is a usage error before any cluster is contacted.
    const timeoutMs = flags.timeout === undefined ? undefined : parseDuration(flags.timeout);
    const json = flags.output === 'json';
    const print = (result: StatusResult): void => {
      // --watch -o json: one document per line (JSON Lines), one line per change.
      if (json) this.log(JSON.stringify(statusJson(result), null, flags.watch ? undefined : 2));
      else this.log(formatStatus(result).trimEnd());
    };
    let result: StatusResult;
    if (flags.watch) {
      let first = true;
      result = await watchStatus({
        ...options,
        timeoutMs,
        onEvent: (event) => {
          if (!json && !first) this.log(`\n--- ${new Date().toISOString()}`);
          first = false;
          print(event.result);
        },
      });
    } else {
      result = await status(options);
      print(result);
    }
    if (flags.watch && !settled(result) && result.current) {
      throw new UserError(`TFJobs of ${result.envName} still running after ${flags.timeout}`, {
        hint: 'everything else is Current',
      });
    }
    if (!result.current) {
      const notCurrent = result.objects.length - result.counts.Current;
      throw new UserError(
        `${notCurrent} of ${result.objects.length} object(s) in ${result.envName} are not Current`,
        { hint: notCurrentHint(result, flags.watch ? flags.timeout : undefined) },
      );
    }
  }
}

/** What to do about objects that are not Current: the reason that needs a user first. */
function notCurrentHint(result: StatusResult, watched?: string): string {
  const { counts, envName: env } = result;
  if (counts.Failed > 0) return 'see the Failed rows above';
  const unserved = result.objects.filter((o) => o.servedAs !== undefined).length;
  if (unserved > 0)
    return `${unserved} with an apiVersion the cluster does not serve: change them as their rows say, then 'kf apply ${env}'`;
  if (counts.NotFound > 0)
    return `${counts.NotFound} not found in the cluster: create them with 'kf apply ${env}'`;
  if (watched !== undefined)
    return `still not Current after ${watched}: see the rows above, or raise --timeout`;
  return 'run again, or use --watch to wait';
}
