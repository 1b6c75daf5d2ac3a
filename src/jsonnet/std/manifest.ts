// std: manifest* functions. The JSON ones write the value as they force it; the others force it to
// plain data first and print that with the pure helpers.
import { manifestJsonExValue, toPlain } from '../manifest.js';
import { rtError } from '../runtime.js';
import * as Y from '../std-pure/yaml.js';
import type { PlainValue } from '../std-pure/plain-value.js';
import { bool, def, opt, str, val, type Args, type Builtin } from './args.js';

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

function optBool(a: Args, i: number, fn: string, dflt: boolean): boolean {
  return a[i] === undefined ? dflt : bool(a, i, fn);
}

export const manifestBuiltins: Builtin[] = [
  def('manifestYamlDoc', ['value', opt('indent_array_in_object'), opt('quote_keys')], (a) => {
    const v = plainArg(a, 0);
    const indent = optBool(a, 1, 'manifestYamlDoc', false);
    const quote = optBool(a, 2, 'manifestYamlDoc', true);
    return pure(() => Y.manifestYamlDoc(v, indent, quote));
  }),
  def(
    'manifestYamlStream',
    ['value', opt('indent_array_in_object'), opt('c_document_end'), opt('quote_keys')],
    (a) => {
      const v = plainArg(a, 0);
      const indent = optBool(a, 1, 'manifestYamlStream', false);
      const end = optBool(a, 2, 'manifestYamlStream', true);
      const quote = optBool(a, 3, 'manifestYamlStream', true);
      return pure(() => Y.manifestYamlStream(v, indent, end, quote));
    },
  ),
  def('manifestJsonEx', ['value', 'indent', opt('newline'), opt('key_val_sep')], (a) => {
    const indent = str(a, 1, 'manifestJsonEx');
    const newline = a[2] === undefined ? '\n' : str(a, 2, 'manifestJsonEx');
    const sep = a[3] === undefined ? ': ' : str(a, 3, 'manifestJsonEx');
    return manifestJsonExValue(val(a[0] as never), indent, newline, sep);
  }),
  def('manifestJson', ['value'], (a) => manifestJsonExValue(val(a[0] as never), '    ', '\n', ': ')),
  def('manifestJsonMinified', ['value'], (a) => manifestJsonExValue(val(a[0] as never), '', '', ':')),
];
