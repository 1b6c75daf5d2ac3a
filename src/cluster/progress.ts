// What apply, delete and wait print while they run: on a terminal a single updating count line,
// otherwise one line per object (CI logs). Failures always get their own line; a summary ends.
import type { ApplyEvents, ObjectResult, PruneResult } from './apply.js';
import { describeObject } from './kube-object.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress extends ApplyEvents {
  /** clears the count line (call before printing the summary) */
  finish(): void;
  line(text: string): void;
}

const VERB: Record<ObjectResult['outcome'], string> = {
  created: 'created',
  configured: 'configured',
  unchanged: 'unchanged',
  failed: 'FAILED',
  skipped: 'skipped',
};

export function createProgress(
  stream: ProgressStream,
  options: { dryRun?: boolean; verb?: string } = {},
): Progress {
  const tty = stream.isTTY === true;
  let countLine = '';
  const suffix = options.dryRun ? ' (server dry run)' : '';
  const clear = (): void => {
    if (tty && countLine) {
      stream.write(`\r\x1b[2K`);
      countLine = '';
    }
  };
  const line = (text: string): void => {
    const pending = countLine;
    clear();
    stream.write(`${text}\n`);
    if (pending) {
      countLine = pending;
      stream.write(countLine);
    }
  };
  return {
    line,
    finish: clear,
    onWave(wave, count) {
      if (!tty) line(`wave ${wave}: ${count} object(s)`);
    },
    onObject(result, done, total) {
      const what = `${VERB[result.outcome]} ${describeObject(result.object)}${result.message ? `: ${result.message}` : ''}${suffix}`;
      if (!tty || result.outcome === 'failed') line(what);
      if (tty) {
        clear();
        countLine = `${options.verb ?? 'applying'}: ${done}/${total}`;
        stream.write(countLine);
      }
    },
    onPrune(result: PruneResult) {
      line(
        `${result.outcome === 'pruned' ? 'pruned' : 'FAILED to prune'} ${describeObject(result.object)}${result.message ? `: ${result.message}` : ''}${suffix}`,
      );
    },
    onNote(message) {
      line(message);
    },
  };
}

/** "3 created, 1 configured, 296 unchanged, 0 failed" (+ pruned/skipped when non-zero). */
export function summaryLine(counts: Record<string, number>): string {
  const parts = [
    `${counts.created ?? 0} created`,
    `${counts.configured ?? 0} configured`,
    `${counts.unchanged ?? 0} unchanged`,
    `${counts.failed ?? 0} failed`,
  ];
  if (counts.pruned) parts.push(`${counts.pruned} pruned`);
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  return parts.join(', ');
}
