// The terminal side of confirmation before kf changes a cluster: names environment, context,
// server and namespace. --yes skips it; without a terminal there is nobody to ask, so --yes is
// required (checked before anything is rendered or contacted).
import { createInterface } from 'node:readline/promises';
import { UserError } from '../errors.js';
import type { ClusterTarget, Confirm, ConfirmRequest } from '../workflow/events.js';

export function describeTarget(target: ClusterTarget): string {
  return `environment ${target.envName} (context ${target.context}, server ${target.server}, namespace ${target.namespace})`;
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
