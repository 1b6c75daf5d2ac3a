// `kf apply` as a function: render the environment, connect, ask, server-side apply wave by wave,
// optionally prune and wait; returns every object's outcome (in plan order) and reports progress
// through events.
import {
  applyPlan,
  countOutcomes,
  type ObjectResult,
  type PruneResult,
  type Outcome,
} from '../cluster/apply.js';
import type { WaveName } from '../cluster/apply-plan.js';
import { RestMapper } from '../cluster/discovery.js';
import type { Readiness } from '../cluster/status.js';
import { describeReadiness, waitUntilCurrent } from '../cluster/wait.js';
import type { KubeObject } from '../kube-object.js';
import { confirmOrCancel, withConnection, type ConnectionOptions } from './connection.js';
import type { ClusterTarget, Confirm, EventSink } from './events.js';
import { diffTarget, summarizeChanges } from './diff.js';
import { inventoryFor, renderTarget, type TargetOptions } from './target.js';
import { rejectedFieldPlace } from './places.js';
import { refuseUnserved } from './unserved.js';

/** `none` changes the cluster; `client` plans without contacting it; `server` asks it to validate only. */
export type DryRun = 'none' | 'client' | 'server';

export interface ApplyOptions extends TargetOptions, ConnectionOptions {
  dryRun?: DryRun;
  /** take ownership of fields another field manager owns */
  forceConflicts?: boolean;
  /** take over objects that are members of another app's (or tool's) ApplySet */
  adopt?: boolean;
  /** delete objects this environment applied before and no longer renders */
  prune?: boolean;
  /** wait until every applied object is ready (kstatus rules) */
  wait?: boolean;
  /** bound on the wait for CRDs to be Established and, with `wait`, for readiness (default 5 min) */
  timeoutMs?: number;
  /** requests in flight at once within a wave (default 16) */
  concurrency?: number;
  confirm?: Confirm;
  onEvent?: EventSink;
}

export interface PlannedApply {
  wave: WaveName;
  component: string;
  object: KubeObject;
}

export type ApplyCounts = Record<Outcome | 'pruned', number>;

export interface ReadinessReport {
  ready: number;
  failed: { object: KubeObject; readiness: Readiness }[];
  timedOut: { object: KubeObject; readiness: Readiness }[];
}

export interface ApplyResult {
  envName: string;
  dryRun: DryRun;
  /** the plan, wave by wave (what a client dry run reports) */
  plan: PlannedApply[];
  /** the cluster; absent for a client dry run */
  target?: ClusterTarget;
  objects: ObjectResult[];
  pruned: PruneResult[];
  /** why prune did not run although asked */
  pruneSkipped?: string;
  counts: ApplyCounts;
  /** with `wait`, after a successful apply */
  readiness?: ReadinessReport;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** Rejected objects whose messages name the line that writes the rejected field. */
const MAX_PLACED = 20;

export async function apply(options: ApplyOptions): Promise<ApplyResult> {
  const target = renderTarget(options);
  const dryRun = options.dryRun ?? 'none';
  const emit: EventSink = options.onEvent ?? (() => undefined);
  const plan = target.plan.waves.flatMap((wave) =>
    wave.entries.map((e) => ({ wave: wave.name, component: e.component, object: e.object })),
  );
  const result: ApplyResult = {
    envName: target.envName,
    dryRun,
    plan,
    objects: [],
    pruned: [],
    counts: countOutcomes({ results: [], pruned: [], applied: [] }),
  };
  if (dryRun === 'client') return result;

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withConnection(
    target,
    { ...options, maxSockets: options.concurrency, onEvent: emit },
    async (connection) => {
      result.target = {
        envName: connection.envName,
        context: connection.context,
        server: connection.server,
        namespace: connection.namespace,
      };
      // Objects the cluster cannot take stop the run before anything is sent: before the question
      // when the asker shows what would change, else right after it (a "no" sends nothing).
      let served: Promise<void> | undefined;
      const refuse = (): Promise<void> =>
        (served ??= refuseUnserved(
          connection,
          target,
          emit,
          dryRun === 'server' ? 'nothing was sent for the dry run' : 'nothing was applied',
        ));
      // A rejected object's message ends with the line that writes the field the server named:
      // each evaluates its component again, so only the first few are placed.
      const placed = new Map<ObjectResult, ObjectResult>();
      const withPlace = (r: ObjectResult): ObjectResult => {
        if (r.outcome !== 'failed' || r.fields === undefined) return r;
        let out = placed.get(r);
        if (out === undefined && placed.size >= MAX_PLACED) return r;
        if (out === undefined) {
          const place = rejectedFieldPlace(target, r.object, r.fields);
          out =
            place === undefined ? r : { ...r, message: `${r.message} (component ${r.component}, ${place})` };
          placed.set(r, out);
        }
        return out;
      };
      if (dryRun !== 'server')
        await confirmOrCancel(options.confirm, {
          action: 'apply to',
          ...result.target,
          changes: async () => {
            await refuse();
            return summarizeChanges(await diffTarget(connection, target));
          },
        });
      await refuse();
      const applied = await applyPlan(connection, target.plan, {
        serverDryRun: dryRun === 'server',
        forceConflicts: options.forceConflicts,
        adopt: options.adopt,
        prune: options.prune,
        concurrency: options.concurrency,
        crdTimeoutMs: timeoutMs,
        inventory: inventoryFor(target, {
          assignId: dryRun !== 'server',
          onNote: (message) => emit({ type: 'note', message }),
        }),
        events: {
          onWave: (wave, count) => emit({ type: 'wave', wave, count }),
          onObject: (r, done, total, index) =>
            emit({ type: 'applied', result: withPlace(r), done, total, index }),
          onPrune: (r) => emit({ type: 'pruned', result: r }),
          onNote: (message) => emit({ type: 'note', message }),
        },
      });
      result.objects = applied.results.map(withPlace);
      result.pruned = applied.pruned;
      result.pruneSkipped = applied.pruneSkipped;
      result.counts = countOutcomes(applied);
      if (options.wait && dryRun !== 'server' && result.counts.failed === 0) {
        const objects = applied.results.filter((r) => r.outcome !== 'skipped').map((r) => r.object);
        emit({
          type: 'note',
          message: `waiting up to ${formatMs(timeoutMs)} for ${objects.length} object(s) to become ready`,
        });
        let last = '';
        const reported = new Set<string>();
        const waited = await waitUntilCurrent(connection.client, new RestMapper(connection.client), objects, {
          timeoutMs,
          onProgress: (pending, total, failed) => {
            // What the pods show is wrong (unschedulable, image pull errors): a note each, once.
            for (const problem of pending.flatMap((p) => p.problems ?? [])) {
              if (reported.has(problem)) continue;
              reported.add(problem);
              emit({ type: 'note', message: `  ${problem}` });
            }
            // A line whenever the count or the first pending object's state (e.g. TFJob replica
            // counts) changes.
            const waitingFor =
              pending.length > 0 ? describeReadiness({ ...pending[0]!, problems: undefined }) : undefined;
            const key = `${pending.length} ${failed} ${waitingFor ?? ''}`;
            if (key === last) return;
            last = key;
            emit({ type: 'readiness', ready: total - pending.length - failed, total, failed, waitingFor });
          },
        });
        result.readiness = { ready: waited.ready.length, failed: waited.failed, timedOut: waited.timedOut };
      }
      return result;
    },
  );
}

function formatMs(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
