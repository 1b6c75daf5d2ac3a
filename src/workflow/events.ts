// What the workflow functions report while they run (printers subscribe: text on a terminal or
// in CI logs, nothing for -o json) and how they ask before changing a cluster.
import type { ObjectResult, PruneResult } from '../cluster/apply.js';
import type { WaveName } from '../cluster/apply-plan.js';
import type { DeleteResult } from '../cluster/delete.js';

export type WorkflowEvent =
  /** apply starts a wave of objects */
  | { type: 'wave'; wave: WaveName; count: number }
  /** one object was applied (or failed); `done` of `total`; `index`: its position in the plan */
  | { type: 'applied'; result: ObjectResult; done: number; total: number; index: number }
  | { type: 'pruned'; result: PruneResult }
  /** one object was deleted, found gone or failed; `done` of `total`; `index`: its place in deletion order */
  | { type: 'deleted'; result: DeleteResult; done: number; total: number; index: number }
  /** a request is retried (throttling, 5xx, dropped connections) */
  | { type: 'retry'; request: string; attempt: number; reason: string }
  /** apply --wait polled readiness: `ready` of `total`, and the first object still pending */
  | { type: 'readiness'; ready: number; total: number; failed: number; waitingFor?: string }
  /** waits, skipped steps and other remarks worth a line */
  | { type: 'note'; message: string }
  /**
   * apply refuses to start: one object whose apiVersion the cluster does not serve (the error that
   * follows says "listed above", so printers show these even with -o json, on stderr)
   */
  | { type: 'unserved'; message: string };

export type EventSink = (event: WorkflowEvent) => void;

/** Where a workflow is about to change a cluster; shown when asking for confirmation. */
export interface ClusterTarget {
  envName: string;
  context: string;
  server: string;
  namespace: string;
}

export interface ConfirmRequest extends ClusterTarget {
  action: 'apply to' | 'delete from';
  /**
   * apply: what it would change, from a server-side dry run (the `kf diff` path). Computed only
   * when called, so an asker that cannot ask (no terminal) sends no extra requests.
   */
  changes?: () => Promise<ChangeSummary>;
}

/** What an apply would do to each object, as `kf diff` sees it: counts and kubectl names. */
export interface ChangeSummary {
  created: number;
  changed: number;
  unchanged: number;
  /** objects the dry run rejected (the apply would fail on them too) */
  failed: number;
  createdObjects: string[];
  changedObjects: string[];
  failedObjects: string[];
}

/**
 * Asked once before a cluster is changed; resolve true to go ahead. Without one the workflow goes
 * ahead (a library caller or `--yes` has decided already).
 */
export type Confirm = (request: ConfirmRequest) => Promise<boolean>;
