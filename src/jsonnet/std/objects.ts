// std: object functions. Results built here are value layers whose fields stay lazy.
import { allFields, equals, getField, visibleFields } from '../evaluator.js';
import { rtError } from '../runtime.js';
import {
  checkedArg,
  expectedObject,
  forced,
  MERGE_PATCH,
  OBJECT_VALUE,
  OBJECT_VALUE_ALL,
  objectValuesFrames,
} from '../std-checks.js';
import {
  callForElement,
  framed,
  MAP_WITH_KEY_CALL,
  MAP_WITH_KEY_FIELD,
  OBJECT_FIELDS,
  OBJECT_FIELDS_ALL,
  OBJECT_HAS,
  OBJECT_HAS_ALL,
  OBJECT_KEYS_VALUES,
  OBJECT_KEYS_VALUES_ALL,
  PRUNE,
  stdError,
  withStdFrames,
  type StdFrame,
} from '../std-frames.js';
import {
  JArray,
  JFunction,
  JObject,
  RemovalLayer,
  Thunk,
  makeObject,
  typeOf,
  type Slot,
  type Value,
} from '../values.js';
import { bool, call, def, obj, str, val, type Args, type Builtin } from './args.js';
import { forcedFirst } from './forced-first.js';

/** The object argument of std.objectValues and friends (go-jsonnet: a std.objectFields call). */
function objectOf(a: Args, fn: string): JObject {
  const o = val(a[0]);
  if (o instanceof JObject) return o;
  throw stdError(expectedObject(o), objectValuesFrames(fn));
}

/** A field read lazily by go-jsonnet's Jsonnet at `frames` (its error carries them). */
function framedField(o: JObject, k: string, frames: readonly StdFrame[]): Thunk {
  return Thunk.lazy(() => framed(() => getField(o, k, undefined), frames));
}

function fields(o: JObject, includeHidden: boolean): string[] {
  return includeHidden ? allFields(o) : visibleFields(o).slice();
}

/** go-jsonnet's `[{ key: k, value: o[k] } for k in …]`: a failing value has its `o[k]` frame. */
function keysValues(o: JObject, includeHidden: boolean): Value {
  const frames = includeHidden ? OBJECT_KEYS_VALUES_ALL : OBJECT_KEYS_VALUES;
  return new JArray(
    fields(o, includeHidden).map((k) =>
      makeObject([
        ['key', k],
        ['value', framedField(o, k, frames)],
      ]),
    ),
  );
}

/**
 * go-jsonnet's `[std.prune(x) for x in a if isContent($.prune(x))]` of an array, and the object
 * comprehension of the same for an object's fields: an error has the frames of each level.
 */
function prune(v: Value): Value {
  if (v instanceof JArray) {
    const out: Slot[] = [];
    for (let i = 0; i < v.length; i++) {
      const p = prunedPart(v, i);
      if (!isEmptyish(p)) out.push(p);
    }
    return new JArray(out);
  }
  if (v instanceof JObject) {
    const out = new Map<string, Slot>();
    for (const k of visibleFields(v)) {
      const p = prunedPart(v, k);
      if (!isEmptyish(p)) out.set(k, p);
    }
    return makeObject(out, v);
  }
  return v;
}

/** Element `at` of an array, or field `at` of an object, pruned (try/catch: no closure per part). */
function prunedPart(v: JArray | JObject, at: number | string): Value {
  const element = typeof at === 'number';
  try {
    let part: Value;
    try {
      part = element ? (v as JArray).get(at) : getField(v as JObject, at, undefined);
    } catch (e) {
      throw withStdFrames(e, element ? PRUNE.element : PRUNE.field);
    }
    return prune(part);
  } catch (e) {
    throw withStdFrames(e, element ? PRUNE.elementLevel : PRUNE.fieldLevel);
  }
}

function isEmptyish(v: Value): boolean {
  if (v === null) return true;
  if (v instanceof JArray) return v.length === 0;
  if (v instanceof JObject) return visibleFields(v).length === 0;
  return false;
}

/**
 * std.mergePatch of an object patch, as go-jsonnet's Jsonnet builds it: every field of the patch
 * is read at once (its `null_fields`), the result's fields are read when used (a target's field,
 * and a field of both merged then, the target's read first); errors carry its `<std>` frames.
 */
function mergePatch(target: Value, patch: JObject): Value {
  const t = target instanceof JObject ? target : null;
  const out = new Map<string, Slot>();
  const tFields = t ? visibleFields(t) : [];
  const pFields = visibleFields(patch);
  const pv = new Map<string, Value>();
  for (const k of pFields)
    pv.set(
      k,
      framed(() => getField(patch, k, undefined), MERGE_PATCH.nullFields),
    );
  for (const k of tFields)
    if (!pv.has(k))
      out.set(
        k,
        Thunk.lazy(() => framed(() => getField(t as JObject, k, undefined), MERGE_PATCH.target)),
      );
  for (const k of pFields) {
    const v = pv.get(k) as Value;
    if (v === null) continue;
    if (t !== null && t.fieldVisible(k)) {
      out.set(
        k,
        Thunk.lazy(() => {
          const tv = framed(() => getField(t, k, undefined), MERGE_PATCH.both);
          return v instanceof JObject ? mergePatch(tv, v) : v;
        }),
      );
    } else out.set(k, v instanceof JObject ? Thunk.lazy(() => mergePatch(null, v)) : v);
  }
  const sorted = [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return makeObject(sorted);
}

export const objectBuiltins: Builtin[] = [
  // go-jsonnet's objectHas, objectHasAll, objectFields and objectFieldsAll are Jsonnet calls of
  // its objectHasEx and objectFieldsEx: their frames.
  forcedFirst(
    'objectHas',
    ['o', 'f'],
    OBJECT_HAS,
    (a) => obj(a, 0, 'objectHas').fieldVisible(str(a, 1, 'objectHas')) === true,
  ),
  forcedFirst('objectHasAll', ['o', 'f'], OBJECT_HAS_ALL, (a) =>
    obj(a, 0, 'objectHasAll').has(str(a, 1, 'objectHasAll')),
  ),
  def('objectHasEx', ['o', 'f', 'inc_hidden'], (a) => {
    const o = obj(a, 0, 'objectHasEx');
    const vis = o.fieldVisible(str(a, 1, 'objectHasEx'));
    const incHidden = bool(a, 2, 'objectHasEx');
    return vis === undefined ? false : vis || incHidden;
  }),
  forcedFirst(
    'objectFields',
    ['o'],
    OBJECT_FIELDS,
    (a) => new JArray(visibleFields(obj(a, 0, 'objectFields')).slice()),
  ),
  forcedFirst(
    'objectFieldsAll',
    ['o'],
    OBJECT_FIELDS_ALL,
    (a) => new JArray(allFields(obj(a, 0, 'objectFieldsAll'))),
  ),
  def(
    'objectFieldsEx',
    ['o', 'inc_hidden'],
    (a) => new JArray(fields(obj(a, 0, 'objectFieldsEx'), bool(a, 1, 'objectFieldsEx'))),
  ),
  def('objectValues', ['o'], (a) => {
    const o = objectOf(a, 'objectValues');
    return new JArray(visibleFields(o).map((k) => framedField(o, k, OBJECT_VALUE)));
  }),
  def('objectValuesAll', ['o'], (a) => {
    const o = objectOf(a, 'objectValuesAll');
    return new JArray(allFields(o).map((k) => framedField(o, k, OBJECT_VALUE_ALL)));
  }),
  def('objectKeysValues', ['o'], (a) => keysValues(objectOf(a, 'objectKeysValues'), false)),
  def('objectKeysValuesAll', ['o'], (a) => keysValues(objectOf(a, 'objectKeysValuesAll'), true)),
  def('objectRemoveKey', ['obj', 'key'], (a) => {
    const o = obj(a, 0, 'objectRemoveKey');
    const key = str(a, 1, 'objectRemoveKey');
    return new JObject([...o.layers, new RemovalLayer(key, o.layers.length)]);
  }),
  def('mapWithKey', ['func', 'obj'], (a) => {
    const f = checkedArg(a, 'mapWithKey', 0) as JFunction;
    const o = checkedArg(a, 'mapWithKey', 1) as JObject;
    const out = new Map<string, Slot>();
    for (const k of visibleFields(o))
      out.set(
        k,
        Thunk.lazy(() =>
          callForElement(() => call(f, k, framedField(o, k, MAP_WITH_KEY_FIELD)), MAP_WITH_KEY_CALL, false),
        ),
      );
    return makeObject(out);
  }),
  def('prune', ['a'], (a) => prune(forced(a, 0, PRUNE.value))),
  def('mergePatch', ['target', 'patch'], (a) => {
    const patch = forced(a, 1, MERGE_PATCH.patch);
    return patch instanceof JObject ? mergePatch(forced(a, 0, MERGE_PATCH.targetArg), patch) : patch;
  }),
];

export function checkObject(v: Value): JObject {
  if (!(v instanceof JObject)) throw rtError(`Unexpected type ${typeOf(v)}, expected object`);
  return v;
}

export { equals };
