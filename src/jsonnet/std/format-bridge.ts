// `%` and std.format: forces the values into plain data and calls the pure formatter.
import type { Loc } from '../ast.js';
import { toPlain } from '../manifest.js';
import { rtError } from '../runtime.js';
import { format } from '../std-pure/format.js';
import type { Value } from '../values.js';

export function formatValues(fmt: string, vals: Value, loc: Loc | undefined): string {
  const plain = toPlain(vals);
  try {
    return format(fmt, plain);
  } catch (e) {
    if (e instanceof Error && e.name === 'StdError') throw rtError(e.message, loc);
    throw e;
  }
}
