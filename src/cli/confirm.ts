// The terminal side of confirmation before kf changes a cluster: shows what an apply would change
// (as Tanka shows the diff first), names environment, context, server and namespace. --yes skips it; without a terminal there is nobody to ask, so --yes is
// required (checked before anything is rendered or contacted).
import { createInterface } from 'node:readline/promises';
import { UserError } from '../errors.js';
import type { ChangeSummary, ClusterTarget, Confirm, ConfirmRequest } from '../workflow/events.js';

export function describeTarget(target: ClusterTarget): string {
  return `environment ${target.envName} (context ${target.context}, server ${target.server}, namespace ${target.namespace})`;
}

const LISTED = 20;

/** The short diff summary shown before asking: counts, then the objects that would change. */
export function formatChanges(changes: ChangeSummary): string {
  const counts = [
    `${changes.created} to create`,
    `${changes.changed} to change`,
    `${changes.unchanged} unchanged`,
    ...(changes.failed > 0 ? [`${changes.failed} rejected by the server dry run`] : []),
  ];
  const lines = [
    ...changes.createdObjects.map((name) => `  + ${name}`),
    ...changes.changedObjects.map((name) => `  ~ ${name}`),
    ...changes.failedObjects.map((name) => `  ! ${name}`),
  ];
  const shown = lines.slice(0, LISTED);
  if (lines.length > LISTED) shown.push(`  … and ${lines.length - LISTED} more (kf diff shows them all)`);
  return `${counts.join(', ')}\n${shown.map((l) => `${l}\n`).join('')}`;
}

type Input = NodeJS.ReadableStream & { isTTY?: boolean };

/** The confirm callback the commands pass to the workflow (undefined with --yes). */
export function terminalConfirm(options: {
  yes: boolean;
  input?: Input;
  output?: NodeJS.WritableStream;
}): Confirm | undefined {
  if (options.yes) return undefined;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  return async (request: ConfirmRequest) => {
    if (!input.isTTY) {
      throw new UserError(`refusing to ${request.action} ${describeTarget(request)} without confirmation`, {
        hint: 'not running on a terminal; pass --yes to confirm',
      });
    }
    if (request.changes) output.write(formatChanges(await request.changes()));
    const rl = createInterface({ input, output });
    try {
      const answer = await rl.question(
        `${request.action[0].toUpperCase()}${request.action.slice(1)} ${describeTarget(request)}? [y/N] `,
      );
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
