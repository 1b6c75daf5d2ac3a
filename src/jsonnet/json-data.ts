// JSON data handed to Jsonnet as a value (ext vars and TLAs of kind 'json'), converted lazily:
// a nested object or array becomes a Jsonnet value only when a program reaches it. An object or
// array that comes out of the program unchanged is returned as the very data it was made from
// (toPlain asks `plainOrigin`), so a large value passing through (kf hands every rendered
// component to an environment's main.jsonnet) costs neither conversion nor copy.
import {
  compareStrings,
  JArray,
  JObject,
  Thunk,
  ValueLayer,
  type Slot,
  type Value,
  type ValueField,
} from './values.js';

const origins = new WeakMap<JObject | JArray, object>();
/** Whether data is already what toPlain would produce (memo per object; false also for non-JSON). */
const canonical = new WeakMap<object, boolean>();
let anyOrigins = false;

/** The value `JSON.parse(JSON.stringify(data))` would give, as Jsonnet (nested values lazily). */
export function fromJsonData(data: unknown): Value {
  const v = jsonOf(data);
  return v === undefined ? null : v;
}

/** One JSON value as JSON.stringify sees it: undefined for what it leaves out (undefined, functions). */
function jsonOf(data: unknown): Value | undefined {
  if (data === null) return null;
  switch (typeof data) {
    case 'boolean':
    case 'string':
      return data;
    case 'number':
      return Number.isFinite(data) ? data : null;
    case 'object':
      break;
    default:
      return undefined;
  }
  const json = (data as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return jsonOf((json as () => unknown).call(data));
  // Boxed primitives (new String('x')) are their values to JSON.stringify.
  if (data instanceof Number || data instanceof String || data instanceof Boolean)
    return jsonOf(data.valueOf());
  anyOrigins = true;
  if (Array.isArray(data)) {
    const slots: Slot[] = new Array(data.length);
    for (let i = 0; i < data.length; i++) slots[i] = lazySlot(data[i], true) as Slot;
    const array = new JArray(slots);
    origins.set(array, data);
    return array;
  }
  const fields = new Map<string, ValueField>();
  for (const key of Object.keys(data as object)) {
    const slot = lazySlot((data as Record<string, unknown>)[key], false);
    if (slot !== undefined) fields.set(key, { vis: ':', slot });
  }
  const object = new JObject([new ValueLayer(fields)]);
  origins.set(object, data as object);
  return object;
}

function lazySlot(data: unknown, inArray: boolean): Slot | undefined {
  if (data !== null && typeof data === 'object') return Thunk.lazy(() => fromJsonData(data));
  const v = jsonOf(data);
  return v === undefined && inArray ? null : v;
}

/**
 * The data a value was made from by fromJsonData, when that data is exactly what toPlain would
 * build (keys in code-point order, JSON values only); otherwise undefined.
 */
export function plainOrigin(v: JObject | JArray): object | undefined {
  if (!anyOrigins) return undefined;
  const data = origins.get(v);
  return data !== undefined && isCanonical(data) ? data : undefined;
}

/**
 * Records that `data` is in toPlain's form (toJsonData's results are): handed back as JSON data,
 * it is returned as it is without walking it first.
 */
export function markCanonical(data: unknown): void {
  if (data !== null && typeof data === 'object') canonical.set(data, true);
}

function isCanonical(data: object): boolean {
  // Remembered for the data asked about only: a memo per nested object costs more than the walk.
  const known = canonical.get(data);
  if (known !== undefined) return known;
  const ok = canonicalObject(data);
  canonical.set(data, ok);
  return ok;
}

function canonicalObject(data: object): boolean {
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) if (!canonicalValue(data[i])) return false;
    return true;
  }
  if (typeof (data as { toJSON?: unknown }).toJSON === 'function') return false;
  const keys = Object.keys(data);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && compareStrings(keys[i - 1], keys[i]) >= 0) return false;
    if (!canonicalValue((data as Record<string, unknown>)[keys[i]])) return false;
  }
  return true;
}

function canonicalValue(x: unknown): boolean {
  if (x === null) return true;
  switch (typeof x) {
    case 'boolean':
    case 'string':
      return true;
    case 'number':
      return Number.isFinite(x);
    case 'object':
      return canonicalObject(x as object);
    default:
      return false;
  }
}
