// The confirmation before kf changes a cluster: names environment, context, server and namespace.
// --yes skips it; without a terminal there is nobody to ask, so --yes is required.
import { createInterface } from 'node:readline/promises';
import { UserError } from '../errors.js';

export interface ConfirmTarget {
  action: string;
  envName: string;
  context: string;
  server: string;
  namespace: string;
}

export function describeTarget(target: Omit<ConfirmTarget, 'action'>): string {
  return `environment ${target.envName} (context ${target.context}, server ${target.server}, namespace ${target.namespace})`;
}

export async function confirmTarget(
  target: ConfirmTarget,
  options: {
    yes: boolean;
    input?: NodeJS.ReadableStream & { isTTY?: boolean };
    output?: NodeJS.WritableStream;
  },
): Promise<void> {
  if (options.yes) return;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stderr;
  if (!input.isTTY) {
    throw new UserError(`refusing to ${target.action} ${describeTarget(target)} without confirmation`, {
      hint: 'not running on a terminal; pass --yes to confirm',
    });
  }
  const rl = createInterface({ input, output });
  try {
    const answer = await rl.question(
      `${target.action[0].toUpperCase()}${target.action.slice(1)} ${describeTarget(target)}? [y/N] `,
    );
    if (!/^y(es)?$/i.test(answer.trim())) throw new UserError('cancelled; nothing was changed');
  } finally {
    rl.close();
  }
}
