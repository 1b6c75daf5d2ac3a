// Executes an apply plan against one cluster: server-side apply (field manager `kf`) wave by wave
// with bounded parallelism, CRDs waited on until Established before later waves, the ApplySet
// inventory widened before and shrunk after pruning, and per-object outcomes for the summary.
import { UserError } from '../errors.js';
import { ApiError, UnreachableError, describeClusterError, invalidFields } from './api-error.js';
import {
  BUILTIN_CLUSTER_SCOPED,
  isCrd,
  placeInNamespaces,
  planEntries,
  planGroupKinds,
  planNamespaces,
  type ApplyPlan,
  type PlanEntry,
  type Scope,
  type WaveName,
} from './apply-plan.js';
import { applySetId, labelMember, widenScope } from './applyset.js';
import { mapBounded } from './bounded.js';
import { RestMapper, type ResourceMapping } from './discovery.js';
import {
  EMPTY_SCOPE,
  claimLegacySet,
  legacySet,
  pruneMembers,
  readInventory,
  retireLegacySet,
  writeParent,
  type InventoryOptions,
  type OwnedSet,
  type PruneResult,
} from './inventory.js';
import { adoptionRefused, findForeignMembers } from './ownership.js';
import type { Connection } from './kubeconfig.js';
import { groupKindString, objectKey, type KubeObject } from '../kube-object.js';
import { sameObject } from './object-diff.js';
import { dryRunEntry } from './dry-run.js';
import { listObjects, serverSideApply } from './resources.js';
import { applyOutcome } from './apply-outcome.js';
import { describeReadiness, waitForCrds } from './wait.js';

export type { InventoryOptions, PruneResult } from './inventory.js';

export type Outcome = 'created' | 'configured' | 'unchanged' | 'failed' | 'skipped';

export interface ObjectResult {
  component: string;
  object: KubeObject;
  outcome: Outcome;
  message?: string;
  /** the fields the API server named in rejecting it (`spec.ports[0].port`) */
  fields?: string[];
}

export interface ApplyEvents {
  onWave?(wave: WaveName, count: number): void;
  /** `index`: the object's position in the plan (results complete in any order) */
  onObject?(result: ObjectResult, done: number, total: number, index: number): void;
  onPrune?(result: PruneResult): void;
  /** waits, skipped steps and other remarks worth a line */
  onNote?(message: string): void;
}

export interface ApplyOptions {
  serverDryRun?: boolean;
  forceConflicts?: boolean;
  /** take over objects that are members of another ApplySet (implied by forceConflicts) */
  adopt?: boolean;
  prune?: boolean;
  /** requests in flight at once within a wave */
  concurrency?: number;
  crdTimeoutMs?: number;
  inventory?: InventoryOptions;
  events?: ApplyEvents;
}

export interface ApplyResult {
  results: ObjectResult[];
  pruned: PruneResult[];
  /** why prune did not run although asked */
  pruneSkipped?: string;
  /** the applied objects as placed (namespaces defaulted, membership labels added) */
  applied: KubeObject[];
}

export function countOutcomes(result: ApplyResult): Record<Outcome | 'pruned', number> {
  const counts = { created: 0, configured: 0, unchanged: 0, failed: 0, skipped: 0, pruned: 0 };
  for (const r of result.results) counts[r.outcome]++;
  for (const p of result.pruned) {
    if (p.outcome === 'pruned') counts.pruned++;
    else counts.failed++;
  }
  return counts;
}

const gvkKey = (gvk: PlanEntry['gvk']): string => `${gvk.group}/${gvk.version}/${gvk.kind}`;

/** Resolves each kind's scope: from discovery, or from the run's CRDs for kinds they introduce. */
async function resolveScopes(
  mapper: RestMapper,
  plan: ApplyPlan,
): Promise<{ scopeOf: (gvk: PlanEntry['gvk']) => Scope; unknown: Set<string> }> {
  const scopes = new Map<string, Scope>();
  const unknown = new Set<string>();
  const kinds = new Map(planEntries(plan).map((e) => [gvkKey(e.gvk), e.gvk]));
  await Promise.all(
    [...kinds].map(async ([key, gvk]) => {
      const fromRun = plan.runCrdKinds.get(groupKindString(gvk));
      const found = fromRun === undefined ? await mapper.find(gvk) : undefined;
      if (fromRun !== undefined) scopes.set(key, fromRun);
      else if (found) scopes.set(key, found.scope);
      else unknown.add(key);
    }),
  );
  // A kind the server does not serve at this version keeps the scope Kubernetes gives it (a
  // rbac v1beta1 ClusterRole is no namespaced object, whatever its apiVersion).
  const fallback = (gvk: PlanEntry['gvk']): Scope =>
    BUILTIN_CLUSTER_SCOPED.has(groupKindString(gvk)) ? 'Cluster' : 'Namespaced';
  return { scopeOf: (gvk) => scopes.get(gvkKey(gvk)) ?? fallback(gvk), unknown };
}

export interface PreparedPlan {
  plan: ApplyPlan;
  /** kinds (`group/version/kind`) the server does not serve and no CRD of the run introduces */
  unknownKinds: Set<string>;
  mapper: RestMapper;
}

/**
 * Places every object in its namespace (scopes from discovery or from the run's CRDs) and, with an
 * inventory, adds the ApplySet membership labels — exactly what apply sends, so diff can reuse it.
 */
export async function preparePlan(
  connection: Connection,
  rawPlan: ApplyPlan,
  inventory?: InventoryOptions,
): Promise<PreparedPlan> {
  const mapper = new RestMapper(connection.client);
  const { scopeOf, unknown } = await resolveScopes(mapper, rawPlan);
  let plan = placeInNamespaces(rawPlan, scopeOf, connection.namespace);
  if (inventory) {
    const id = applySetId(inventory.parent);
    plan = {
      ...plan,
      waves: plan.waves.map((w) => ({
        ...w,
        entries: w.entries.map((e) => ({ ...e, object: labelMember(e.object, id, e.component) })),
      })),
    };
  }
  return { plan, unknownKinds: unknown, mapper };
}

export async function applyPlan(
  connection: Connection,
  rawPlan: ApplyPlan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const { client } = connection;
  const events = options.events ?? {};
  const inventory = options.inventory;
  const prepared = await preparePlan(connection, rawPlan, inventory);
  const { mapper, unknownKinds: unknown } = prepared;
  let plan = prepared.plan;
  // Everything this run renders stays in the set, including a Namespace applied early for the parent.
  const applied = planEntries(plan).map((e) => e.object);
  const results: ObjectResult[] = [];
  const total = planEntries(plan).length;
  const position = new Map(planEntries(plan).map((e, i) => [objectKey(e.object), i]));
  const record = (result: ObjectResult): void => {
    results.push(result);
    events.onObject?.(result, results.length, total, position.get(objectKey(result.object)) ?? -1);
  };

  // Inventory: widen the parent before anything is applied, so an interrupted run leaks nothing.
  let recorded = EMPTY_SCOPE;
  let next = EMPTY_SCOPE;
  let legacy: OwnedSet | undefined;
  if (inventory) {
    recorded = await readInventory(connection, inventory);
    legacy = await legacySet(connection, inventory);
    const own = new Set([applySetId(inventory.parent), ...(legacy ? [legacy.id] : [])]);
    const foreign = await findForeignMembers(connection, mapper, plan, own);
    if (foreign.length > 0 && !options.adopt && !options.forceConflicts)
      throw await adoptionRefused(connection, foreign);
    if (foreign.length > 0) events.onNote?.(`adopting ${foreign.length} object(s) from other ApplySets`);
    if (legacy && !options.serverDryRun) await claimLegacySet(connection, inventory, legacy);
    next = { groupKinds: planGroupKinds(plan), namespaces: planNamespaces(plan) };
    if (!options.serverDryRun) {
      const ensured = await writeParent(connection, inventory, widenScope(recorded, next), plan);
      if (ensured) {
        record({ component: ensured.component, object: ensured.object, outcome: ensured.outcome });
        plan = {
          ...plan,
          waves: plan.waves.map((w) => ({ ...w, entries: w.entries.filter((e) => e !== ensured.entry) })),
        };
      }
    }
  }

  let unreachable: UnreachableError | undefined;
  for (const wave of plan.waves) {
    if (wave.entries.length === 0) continue;
    events.onWave?.(wave.name, wave.entries.length);
    const baseline = options.serverDryRun
      ? new Map<string, KubeObject>()
      : await liveObjects(mapper, connection, wave.entries);
    await mapBounded(wave.entries, options.concurrency ?? 16, async (entry) => {
      if (unreachable) {
        record({
          component: entry.component,
          object: entry.object,
          outcome: 'failed',
          message: `not attempted: ${unreachable.message}`,
        });
        return;
      }
      const { result, error } = await applyEntry(
        connection,
        mapper,
        entry,
        baseline,
        options,
        unknown.has(gvkKey(entry.gvk)),
      );
      // Once the server is unreachable (after retries), do not wait out the retries of every object.
      if (error instanceof UnreachableError) unreachable ??= error;
      record(result);
    });
    const crds = wave.entries.filter(
      (e) => isCrd(e.object) && results.some((r) => r.object === e.object && r.outcome !== 'failed'),
    );
    if (crds.length > 0 && !options.serverDryRun && !unreachable) {
      events.onNote?.(`waiting for ${crds.length} CustomResourceDefinition(s) to be Established`);
      const wait = await waitForCrds(
        client,
        mapper,
        crds.map((e) => e.object),
        options.crdTimeoutMs ?? 60_000,
      );
      for (const bad of [...wait.failed, ...wait.timedOut]) {
        const result = results.find((r) => r.object === bad.object)!;
        result.outcome = 'failed';
        result.message = `not established: ${describeReadiness(bad)}`;
        events.onNote?.(`FAILED ${result.message}`);
      }
      mapper.invalidate();
    }
  }

  // Outcomes in plan order, whatever order the requests completed in.
  results.sort(
    (a, b) => (position.get(objectKey(a.object)) ?? -1) - (position.get(objectKey(b.object)) ?? -1),
  );
  const outcome: ApplyResult = { results, pruned: [], applied };
  if (!options.prune || !inventory) return outcome;
  const failures = results.filter((r) => r.outcome === 'failed').length;
  if (failures > 0) {
    outcome.pruneSkipped = `${failures} object(s) failed to apply; nothing was pruned (rerun once they apply)`;
    return outcome;
  }
  outcome.pruned = await pruneMembers(connection, mapper, inventory, widenScope(recorded, next), applied, {
    serverDryRun: options.serverDryRun,
    concurrency: options.concurrency,
    onPrune: events.onPrune,
    more: legacy ? [legacy] : [],
  });
  const pruneFailures = outcome.pruned.some((p) => p.outcome === 'failed');
  // Shrink only when the whole environment was applied and pruned: then the set is exactly `next`.
  if (
    !options.serverDryRun &&
    !pruneFailures &&
    inventory.components === undefined &&
    inventory.selector === undefined
  ) {
    await writeParent(connection, inventory, next, plan);
    // Every member of the pre-id set is now in this app's own set or pruned.
    if (legacy) await retireLegacySet(connection, legacy);
  }
  return outcome;
}

async function applyEntry(
  connection: Connection,
  mapper: RestMapper,
  entry: PlanEntry,
  baseline: Map<string, KubeObject>,
  options: ApplyOptions,
  unknownKind: boolean,
): Promise<{ result: ObjectResult; error?: unknown }> {
  const { client } = connection;
  const base = { component: entry.component, object: entry.object };
  const done = (result: ObjectResult): { result: ObjectResult } => ({ result });
  try {
    let mapping = await mapper.find(entry.gvk);
    // Discovery can trail a CRD's Established condition by a moment.
    for (let i = 0; !mapping && entry.kindFromRunCrd && !options.serverDryRun && i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      mapping = await mapper.find(entry.gvk);
    }
    if (!mapping) {
      if (options.serverDryRun && entry.kindFromRunCrd) {
        return done({
          ...base,
          outcome: 'skipped',
          message: 'its CRD is created by this apply; a dry run cannot check it',
        });
      }
      const apiVersion = entry.object.apiVersion;
      return done({
        ...base,
        outcome: 'failed',
        message:
          unknownKind || !entry.kindFromRunCrd
            ? `the server does not serve ${entry.gvk.kind} in ${apiVersion} (is its CRD installed?)`
            : `kind ${entry.gvk.kind} in ${apiVersion} did not appear after its CRD was applied`,
      });
    }
    if (options.serverDryRun) {
      const answer = await dryRunEntry(connection, mapper, entry, { force: options.forceConflicts });
      if (answer.kind === 'missing-namespace')
        return done({ ...base, outcome: 'created', message: 'its namespace is created by this apply' });
      if (answer.kind === 'rejected') throw answer.error;
      if (answer.kind === 'unknown-kind') throw new Error('unreachable: the kind was mapped above');
      const { live, merged } = answer;
      return done({
        ...base,
        outcome: !live ? 'created' : sameObject(live, merged) ? 'unchanged' : 'configured',
      });
    }
    const { created, object } = await serverSideApply(client, mapping, entry.object, {
      force: options.forceConflicts,
    });
    if (created) return done({ ...base, outcome: 'created' });
    return done({
      ...base,
      outcome: applyOutcome(baseline.get(objectKey(entry.object)), object, entry.object),
    });
  } catch (error) {
    if (error instanceof UserError)
      return { result: { ...base, outcome: 'failed', message: error.message }, error };
    if (error instanceof ApiError || error instanceof UnreachableError) {
      const fields = error instanceof ApiError ? invalidFields(error) : [];
      return {
        result: {
          ...base,
          outcome: 'failed',
          message: describeClusterError(error, connection.context),
          ...(fields.length > 0 ? { fields } : {}),
        },
        error,
      };
    }
    throw error;
  }
}

/** resourceVersions of the wave's objects before applying, from metadata-only lists (best effort). */
/** The live objects of a wave's kinds and namespaces before it is applied (to tell unchanged ones). */
async function liveObjects(
  mapper: RestMapper,
  connection: Connection,
  entries: readonly PlanEntry[],
): Promise<Map<string, KubeObject>> {
  const groups = new Map<string, { mapping: ResourceMapping; namespace?: string }>();
  await Promise.all(
    entries.map(async (e) => {
      const mapping = await mapper.find(e.gvk).catch(() => undefined);
      if (!mapping) return;
      const namespace = mapping.scope === 'Namespaced' ? e.object.metadata.namespace : undefined;
      groups.set(`${groupKindString(mapping.gvk)}|${mapping.gvk.version}|${namespace ?? ''}`, {
        mapping,
        namespace,
      });
    }),
  );
  const live = new Map<string, KubeObject>();
  await Promise.all(
    [...groups.values()].map(async ({ mapping, namespace }) => {
      try {
        for (const item of await listObjects(connection.client, mapping, namespace))
          live.set(objectKey(item), item);
      } catch (error) {
        // A user who may apply but not list still gets an apply; outcomes then say "configured".
        if (!(error instanceof ApiError)) throw error;
      }
    }),
  );
  return live;
}
