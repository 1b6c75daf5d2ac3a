// std: manifest* functions. The JSON ones write the value as they force it; the others force it to
// plain data first and print that with the pure helpers.
import { manifestJsonExValue, toPlain } from '../manifest.js';
import { rt, rtError } from '../runtime.js';
import {
  MANIFEST_JSON,
  MANIFEST_JSON_MINIFIED,
  stdError,
  withStdFrames,
  YAML_STREAM,
} from '../std-frames.js';
import * as Y from '../std-pure/yaml.js';
import { JArray, typeOf, type Value } from '../values.js';
import type { PlainValue } from '../std-pure/plain-value.js';
import { bool, def, opt, str, val, type Args, type Builtin } from './args.js';
import { forcedFirst } from './forced-first.js';

/** Runs a std-pure function, its StdError a Jsonnet runtime error. */
export function pure<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && e.name === 'StdError') throw rtError(e.message);
    throw e;
  }
}

/** The value to manifest, as deep as go-jsonnet's manifest builtins go (its stack limit). */
function plainArg(a: (unknown | undefined)[], i: number): PlainValue {
  return toPlain(val(a[i] as never), rt.maxStack);
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
      // go-jsonnet's is Jsonnet: std.manifestYamlDoc (and its depth limit) for each document.
      let v: Value;
      try {
        v = val(a[0] as never);
      } catch (e) {
        throw withStdFrames(e, YAML_STREAM.value);
      }
      if (!(v instanceof JArray))
        throw stdError('manifestYamlStream only takes arrays, got ' + typeOf(v), YAML_STREAM.notArray);
      let docs: string[];
      try {
        const indent = optBool(a, 1, 'manifestYamlStream', false);
        const quote = optBool(a, 3, 'manifestYamlStream', true);
        docs = [];
        for (let i = 0; i < v.length; i++) {
          let e: Value;
          try {
            e = v.get(i);
          } catch (err) {
            throw withStdFrames(err, YAML_STREAM.element);
          }
          const doc = toPlain(e, rt.maxStack);
          docs.push(pure(() => Y.manifestYamlDoc(doc, indent, quote)));
        }
      } catch (e) {
        throw withStdFrames(e, YAML_STREAM.documents);
      }
      const end = optBool(a, 2, 'manifestYamlStream', true);
      return '---\n' + docs.join('\n---\n') + (end ? '\n...\n' : '\n');
    },
  ),
  def('manifestJsonEx', ['value', 'indent', opt('newline'), opt('key_val_sep')], (a) => {
    const indent = str(a, 1, 'manifestJsonEx');
    const newline = a[2] === undefined ? '\n' : str(a, 2, 'manifestJsonEx');
    const sep = a[3] === undefined ? ': ' : str(a, 3, 'manifestJsonEx');
    return manifestJsonExValue(val(a[0] as never), indent, newline, sep);
  }),
  // go-jsonnet's call std.manifestJsonEx from its std.jsonnet.
  forcedFirst('manifestJson', ['value'], MANIFEST_JSON, (a) =>
    manifestJsonExValue(val(a[0] as never), '    ', '\n', ': '),
  ),
  forcedFirst('manifestJsonMinified', ['value'], MANIFEST_JSON_MINIFIED, (a) =>
    manifestJsonExValue(val(a[0] as never), '', '', ':'),
  ),
];
