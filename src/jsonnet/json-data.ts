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
/** Values made by valueOfJsonText: their data is plain JSON (what JSON.parse returns, checked). */
const parsedOrigins = new WeakMap<JObject | JArray, object>();
/** Whether data is already what toPlain would produce (memo per object; false also for non-JSON). */
const canonical = new WeakMap<object, boolean>();
let anyOrigins = false;

/** The value `JSON.parse(JSON.stringify(data))` would give, as Jsonnet (nested values lazily). */
export function fromJsonData(data: unknown): Value {
  const v = jsonOf(data);
  return v === undefined ? null : v;
}

/**
 * One JSON value as JSON.stringify sees it: undefined for what it leaves out (undefined, functions).
 * `parsed`: the data is JSON.parse's output from valueOfJsonText (its values are recorded as such).
 */
function jsonOf(data: unknown, parsed = false): Value | undefined {
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
  let value: JObject | JArray;
  if (Array.isArray(data)) {
    const slots: Slot[] = new Array(data.length);
    for (let i = 0; i < data.length; i++) slots[i] = lazySlot(data[i], true, parsed) as Slot;
    value = new JArray(slots);
  } else {
    const fields = new Map<string, ValueField>();
    for (const key of Object.keys(data as object)) {
      const slot = lazySlot((data as Record<string, unknown>)[key], false, parsed);
      if (slot !== undefined) fields.set(key, { vis: ':', slot });
    }
    value = new JObject([new ValueLayer(fields)]);
  }
  origins.set(value, data as object);
  if (parsed) parsedOrigins.set(value, data as object);
  return value;
}

function lazySlot(data: unknown, inArray: boolean, parsed: boolean): Slot | undefined {
  if (data !== null && typeof data === 'object') return Thunk.lazy(() => jsonOf(data, parsed) ?? null);
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

/**
 * The value of a file's text when it is plain JSON that Jsonnet reads the same way, as lazy JSON
 * data (no lexing, parsing or compiling; a 850 KB CRD is one JSON.parse); undefined otherwise, and
 * the file is then compiled as Jsonnet. Jsonnet refuses two things JSON.parse lets through: an
 * object with a repeated key (JSON.parse keeps the last) and a number beyond a double (Infinity).
 */
export function valueOfJsonText(text: string): Value | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined; // comments, trailing commas, …: Jsonnet's own parser decides
  }
  const keys = countKeys(data);
  if (keys < 0 || keys !== countKeysInText(text)) return undefined;
  return jsonOf(data, true) ?? null;
}

/**
 * The JSON.parse output a value was made from by valueOfJsonText (unchanged: values are immutable),
 * for writers that print it without converting it; undefined for any other value.
 */
export function parsedJsonOf(v: JObject | JArray): unknown {
  return anyOrigins ? parsedOrigins.get(v) : undefined;
}

/** The number of object keys in parsed JSON, or -1 when it holds a number that is not finite. */
function countKeys(data: unknown): number {
  if (typeof data === 'number') return Number.isFinite(data) ? 0 : -1;
  if (data === null || typeof data !== 'object') return 0;
  let n = 0;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const k = countKeys(data[i]);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  for (const key of Object.keys(data)) {
    const k = countKeys((data as Record<string, unknown>)[key]);
    if (k < 0) return -1;
    n += k + 1;
  }
  return n;
}

/**
 * The number of keys written in a JSON text (which JSON.parse accepted): outside its strings JSON
 * has no quote, so going from quote to quote finds the strings in order, and a key is a string
 * followed by a colon.
 */
function countKeysInText(text: string): number {
  let n = 0;
  for (let open = text.indexOf('"'); open >= 0;) {
    // the closing quote: the next one not escaped (preceded by an even number of backslashes)
    let close = text.indexOf('"', open + 1);
    for (;;) {
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    let next = close + 1;
    for (let c = text.charCodeAt(next); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;)
      c = text.charCodeAt(++next);
    if (text.charCodeAt(next) === 0x3a) n++;
    open = text.indexOf('"', next);
  }
  return n;
}
