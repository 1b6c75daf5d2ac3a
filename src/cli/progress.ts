// Prints the events of apply and delete as they run: on a terminal a single updating count line,
// otherwise one line per object (CI logs), each wave's lines in plan order whatever order the
// requests completed in, so two runs' logs compare. Failures always get their own line.
import type { ObjectResult } from '../cluster/apply.js';
import { kubectlRef } from '../kube-object.js';
import type { WorkflowEvent } from '../workflow/events.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  onEvent(event: WorkflowEvent): void;
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
  // Object lines of the running wave (no terminal): printed in plan order when the wave ends.
  let held: { index: number; text: string }[] = [];
  const flush = (): void => {
    for (const { text } of held.sort((a, b) => a.index - b.index)) stream.write(`${text}\n`);
    held = [];
  };
  const count = (done: number, total: number): void => {
    clear();
    countLine = `${options.verb ?? 'applying'}: ${done}/${total}`;
    stream.write(countLine);
  };
  return {
    line: (text) => {
      flush();
      line(text);
    },
    finish: () => {
      flush();
      clear();
    },
    onEvent(event) {
      if (event.type !== 'applied' && event.type !== 'deleted') flush();
      switch (event.type) {
        case 'wave':
          if (!tty) line(`wave ${event.wave}: ${event.count} object(s)`);
          return;
        case 'applied': {
          const r = event.result;
          const what = `${VERB[r.outcome]} ${kubectlRef(r.object)}${r.message ? `: ${r.message}` : ''}${suffix}`;
          if (!tty) held.push({ index: event.index, text: what });
          else {
            if (r.outcome === 'failed') line(what);
            count(event.done, event.total);
          }
          return;
        }
        case 'pruned': {
          const r = event.result;
          line(
            `${r.outcome === 'pruned' ? 'pruned' : 'FAILED to prune'} ${kubectlRef(r.object)}${r.message ? `: ${r.message}` : ''}${suffix}`,
          );
          return;
        }
        case 'deleted': {
          const r = event.result;
          const verb =
            r.outcome === 'failed'
              ? 'FAILED'
              : r.outcome === 'gone'
                ? 'already gone'
                : options.dryRun
                  ? 'would delete'
                  : 'deleted';
          const what = `${verb} ${kubectlRef(r.object)}${r.message ? `: ${r.message}` : ''}`;
          if (!tty) held.push({ index: event.index, text: what });
          else line(what);
          return;
        }
        case 'retry':
          line(`retrying ${event.request} (attempt ${event.attempt}): ${event.reason}`);
          return;
        case 'readiness':
          line(
            `ready ${event.ready}/${event.total}${event.failed > 0 ? `, ${event.failed} failed` : ''}${event.waitingFor ? `; waiting for ${event.waitingFor}` : ''}`,
          );
          return;
        case 'note':
        case 'unserved':
          line(event.message);
          return;
      }
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
