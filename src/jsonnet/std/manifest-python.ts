// std.manifestPython and std.manifestPythonVars, over the value itself: go-jsonnet writes them in
// Jsonnet (a `%` format per field or element, joined), reading each field and element as it
// writes it, so an error met inside carries its `<std>` frames for each level (positions in
// go-jsonnet v0.22's std.jsonnet, as in std-frames.ts). The frames are only built on an error.
import { getField, visibleFields } from '../evaluator.js';
import { forced } from '../std-checks.js';
import { formatFrames, MOD_FORMAT, OBJECT_FIELDS, stdError, framed, type StdFrame } from '../std-frames.js';
import { escapeStringJson } from '../std-pure/json.js';
import { formatNumber } from '../std-pure/number-format.js';
import { JArray, JFunction, JObject, typeOf, type Value } from '../values.js';
import { def, type Builtin } from './args.js';

const ANON = 'function <anonymous>';
const IN_ANON = 'thunk from <function <anonymous>>';

/** `std.isObject(v)`, the first test of manifestPython(v), forcing `v`. */
const IS_OBJECT: readonly StdFrame[] = [
  [1321, 21, 22, IN_ANON],
  [33, 26, 27, IN_ANON],
  [33, 17, 28, ANON],
  [1321, 8, 23, ANON],
];

/** A `'…%s…' % [...]` whose `%s` of the value failed (std.format, then std.mod behind `%`). */
const FORMATTED: readonly StdFrame[] = [
  ...formatFrames({ step: 'forced', type: 's', left: false }, 'array'),
  ...MOD_FORMAT,
];

const FIELDS = 'thunk <fields> from <function <anonymous>>';
const VARS = 'thunk <vars> from <function <anonymous>>';

const FRAMES = {
  /** An object's `v[k]` in `std.manifestPython(v[k])`, then the field's line and the object's. */
  field: [[1323, 67, 71, `thunk from <thunk from <thunk from <${FIELDS}>>>`], ...IS_OBJECT],
  fieldLevel: [
    [1323, 48, 72, `thunk from <thunk from <${FIELDS}>>`],
    ...FORMATTED,
    [1323, 9, 73, ''],
    [1326, 17, 39, IN_ANON],
    ...FORMATTED,
    [1326, 7, 40, ''],
  ],
  /** An array's `v2` in `std.manifestPython(v2)`, then the element's text and the array's. */
  element: [[1328, 52, 54, `thunk from <thunk from <thunk from <${IN_ANON}>>>`], ...IS_OBJECT],
  elementLevel: [
    [1328, 33, 55, `thunk from <thunk from <${IN_ANON}>>`],
    [1328, 17, 69, IN_ANON],
    ...FORMATTED,
    [1328, 7, 70, ''],
  ],
  function: [[1332, 7, 39, ANON]],
  /** manifestPythonVars' `std.objectFields(conf)` in its `vars` local, joined by std.join. */
  vars: [
    [1343, 73, 95, VARS],
    [1343, 18, 96, ''],
    [1344, 20, 24, IN_ANON],
    [1344, 5, 32, ANON],
  ],
  conf: [[1343, 90, 94, `thunk from <${VARS}>`]],
  /** Its `conf[k]` in `std.manifestPython(conf[k])`, then the variable's line. */
  var: [[1343, 54, 61, `thunk from <thunk from <thunk from <${VARS}>>>`], ...IS_OBJECT],
  varLevel: [
    [1343, 35, 62, `thunk from <thunk from <${VARS}>>`],
    ...FORMATTED,
    [1343, 19, 63, ''],
    [1344, 5, 32, ANON],
  ],
} as const satisfies Record<string, readonly StdFrame[]>;

/** Reads a part of the value and writes it, an error with the frames of its read and its level. */
function part(read: () => Value, frames: readonly StdFrame[], level: readonly StdFrame[]): string {
  return framed(() => python(framed(read, frames)), level);
}

/** A Python literal: `True`, `None`, dicts with their keys in order. */
function python(v: Value): string {
  if (v instanceof JObject) {
    const fields = visibleFields(v).map(
      (k) =>
        `${escapeStringJson(k)}: ${part(() => getField(v, k, undefined), FRAMES.field, FRAMES.fieldLevel)}`,
    );
    return `{${fields.join(', ')}}`;
  }
  if (v instanceof JArray) {
    const elements: string[] = [];
    for (let i = 0; i < v.length; i++)
      elements.push(part(() => v.get(i), FRAMES.element, FRAMES.elementLevel));
    return `[${elements.join(', ')}]`;
  }
  if (typeof v === 'string') return escapeStringJson(v);
  if (v instanceof JFunction) throw stdError('cannot manifest function', FRAMES.function);
  if (typeof v === 'number') return formatNumber(v);
  return v === true ? 'True' : v === false ? 'False' : 'None';
}

export const pythonManifestBuiltins: Builtin[] = [
  def('manifestPython', ['v'], (a) => python(forced(a, 0, IS_OBJECT))),
  def('manifestPythonVars', ['conf'], (a) => {
    const conf = forced(a, 0, [...FRAMES.conf, ...(OBJECT_FIELDS.params[0] ?? []), ...FRAMES.vars]);
    if (!(conf instanceof JObject))
      throw stdError(`Unexpected type ${typeOf(conf)}, expected object`, [
        ...OBJECT_FIELDS.call,
        ...FRAMES.vars,
      ]);
    return visibleFields(conf)
      .map((k) => `${k} = ${part(() => getField(conf, k, undefined), FRAMES.var, FRAMES.varLevel)}\n`)
      .join('');
  }),
];
