// std: manifest* functions. Values are forced to plain data and printed by the pure helpers.
import { toPlain } from '../manifest.js';
import { rtError } from '../runtime.js';
import * as J from '../std-pure/json.js';
import type { PlainValue } from '../std-pure/plain-value.js';
import { def, opt, str, val, type Builtin } from './args.js';

function pure<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && e.name === 'StdError') throw rtError(e.message);
    throw e;
  }
}

function plainArg(a: (unknown | undefined)[], i: number): PlainValue {
  return toPlain(val(a[i] as never));
}

export const manifestBuiltins: Builtin[] = [
  def('manifestJsonEx', ['value', 'indent', opt('newline'), opt('key_val_sep')], (a) => {
    const v = plainArg(a, 0);
    const indent = str(a, 1, 'manifestJsonEx');
    const newline = a[2] === undefined ? '\n' : str(a, 2, 'manifestJsonEx');
    const sep = a[3] === undefined ? ': ' : str(a, 3, 'manifestJsonEx');
    return pure(() => J.manifestJsonEx(v, indent, newline, sep));
  }),
  def('manifestJson', ['value'], (a) => pure(() => J.manifestJson(plainArg(a, 0)))),
  def('manifestJsonMinified', ['value'], (a) => pure(() => J.manifestJsonMinified(plainArg(a, 0)))),
];
