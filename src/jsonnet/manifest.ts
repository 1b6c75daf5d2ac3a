// Manifestation: turning evaluated values into output text (reference JSON layout, single-line
// form, string/YAML-stream/multi modes) or into plain JS data for the library API.
import { JsonnetError } from './errors.js';
import { heapTick, rt, rtError, nameFrame, pushSite } from './runtime.js';
import {
  escapeStringJson,
  jsonEx,
  plainJsonString,
  pushGoJsonString,
  sortCodePoints,
  writeJsonExScalar,
  writePlainJsonEx,
  type JsonEx,
} from './std-pure/json.js';
import { formatNumber } from './std-pure/number-format.js';
import type { PlainValue } from './std-pure/plain-value.js';
import { checkAssertions, fieldLoc, getField, visibleFields } from './evaluator.js';
import { markCanonical, parsedJsonOf, plainOrigin } from './json-data.js';
import { compareStrings, JArray, JFunction, JObject, Thunk, type Value } from './values.js';

const FUNCTION_ERROR = "couldn't manifest function as JSON";

function forceElement(arr: JArray, i: number): Value {
  const s = arr.slot(i);
  if (s instanceof Thunk) {
    try {
      return s.force();
    } catch (e) {
      nameFrame(e, 'thunk <array_element>');
      throw e;
    }
  }
  return s;
}

/** The CLI's JSON output: 3-space indentation, `[ ]`/`{ }` for empty containers, no final newline. */
export function manifestJson(v: Value, indentUnit = '   '): string {
  const out = new JsonSink();
  writeJson(v, '', indentUnit, out);
  return out.text();
}

/**
 * manifestJson's text, then `end` (the CLI's final newline: appended to a multi-megabyte string it
 * would cost a copy), as consecutive pieces of a few kilobytes each.
 */
export function manifestJsonChunks(v: Value, indentUnit = '   ', end = ''): string[] {
  const out = new JsonSink();
  writeJson(v, '', indentUnit, out);
  out.parts.push(end);
  return out.chunkList();
}

/**
 * The pieces of a JSON text being written, joined into chunks every few thousand pieces: a big
 * output's millions of small strings then die young, instead of living (and being copied by
 * every scavenge) until the end.
 */
class JsonSink {
  parts: string[] = [];
  private readonly chunks: string[] = [];

  /** Called between values: joins the pieces so far once there are many. */
  settle(): void {
    if (this.parts.length >= 4096) {
      this.chunks.push(this.parts.join(''));
      this.parts = [];
    }
  }

  text(): string {
    const last = this.parts.join('');
    if (this.chunks.length === 0) return last;
    this.chunks.push(last);
    return this.chunks.join('');
  }

  chunkList(): string[] {
    this.chunks.push(this.parts.join(''));
    this.parts = [];
    return this.chunks;
  }
}

/** The scalar cases both writers share; false (nothing written) for anything else. */
function writeScalar(v: unknown, out: JsonSink): boolean {
  if (v === null) out.parts.push('null');
  else if (v === true) out.parts.push('true');
  else if (v === false) out.parts.push('false');
  else if (typeof v === 'number') out.parts.push(formatNumber(v));
  else if (typeof v === 'string') pushString(v, out);
  else return false;
  return true;
}

/**
 * Enters one level of nested output (the caller leaves it with `rt.depth--`): the memory check and
 * the stack limit, as for a call (a self-containing object never ends). For an object field,
 * `field` is true and `obj`/`key` name it (its location is looked up only for the error).
 */
function enterNested(field = false, obj?: JObject, key?: string): void {
  heapTick();
  if (++rt.depth > rt.maxStack) {
    rt.depth--;
    const err = rtError('max stack frames exceeded.', obj && fieldLoc(obj, key as string));
    if (field) nameFrame(err, 'object <anonymous>');
    throw err;
  }
}

/**
 * go-jsonnet's frames of the JSON output (the CLI's and std.toString's): `Array element N` and
 * `Field "name"` for each level the error is in, `Checking object assertions` for an assertion.
 */
function withFrame(e: unknown, raw: string): unknown {
  if (e instanceof JsonnetError && e.kind === 'runtime') e.trace.push({ loc: undefined, name: '', raw });
  return e;
}

function elementFrame(e: unknown, i: number): unknown {
  return withFrame(e, `Array element ${i}`);
}

function fieldFrame(e: unknown, key: string): unknown {
  return withFrame(e, `Field ${JSON.stringify(key)}`);
}

/** An object's assertions, run before its fields are written (as go-jsonnet does). */
function checkAssertionsFirst(obj: JObject): void {
  if (obj.assertState === 2) return;
  try {
    checkAssertions(obj);
  } catch (e) {
    throw withFrame(e, 'Checking object assertions');
  }
}

function writeJson(v: Value, indent: string, unit: string, out: JsonSink): void {
  if (writeScalar(v, out)) return;
  if (v instanceof JArray) {
    const parsed = parsedJsonOf(v);
    if (parsed !== undefined) {
      writeParsedJson(parsed, indent, unit, out);
      return;
    }
    if (v.length === 0) {
      out.parts.push('[ ]');
      return;
    }
    const inner = indent + unit;
    out.parts.push('[\n');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.parts.push(',\n');
      out.parts.push(inner);
      enterNested();
      try {
        writeJson(forceElement(v, i), inner, unit, out);
      } catch (e) {
        throw elementFrame(e, i);
      } finally {
        rt.depth--;
      }
      out.settle();
    }
    out.parts.push('\n', indent, ']');
  } else if (v instanceof JObject) {
    const parsed = parsedJsonOf(v);
    if (parsed !== undefined) {
      writeParsedJson(parsed, indent, unit, out);
      return;
    }
    const keys = visibleFields(v);
    checkAssertionsFirst(v);
    if (keys.length === 0) {
      out.parts.push('{ }');
      return;
    }
    const inner = indent + unit;
    out.parts.push('{\n');
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out.parts.push(',\n');
      out.parts.push(inner);
      pushString(keys[i], out, '": ');
      try {
        const fv = getField(v, keys[i], undefined);
        if (fv !== null && typeof fv === 'object') {
          enterNested();
          try {
            writeJson(fv, inner, unit, out);
          } finally {
            rt.depth--;
          }
        } else {
          writeJson(fv, inner, unit, out);
        }
      } catch (e) {
        throw fieldFrame(e, keys[i]);
      }
      out.settle();
    }
    out.parts.push('\n', indent, '}');
  } else {
    throw rtError(FUNCTION_ERROR);
  }
}

/** A JSON string (then `after`, or the closing quote) as pieces: no copy of a string without escapes. */
function pushString(s: string, out: JsonSink, after = '"'): void {
  if (plainJsonString(s)) out.parts.push('"', s, after);
  else out.parts.push(escapeStringJson(s), after.slice(1));
}

/** Keys in code-point order; JSON files often have them so already, which costs a look, not a sort. */
function sortedKeys(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++)
    if (compareStrings(keys[i - 1], keys[i]) > 0) return sortCodePoints(keys);
  return keys;
}

/**
 * writeJson for the data of a value read from a JSON file (json-data.ts valueOfJsonText): the same
 * text, depth limit and memory checks, without making Jsonnet values of it. It repeats writeJson's
 * loops on purpose: one writer walking both Jsonnet values and plain data would see both kinds of
 * array and object at every access, on the path every byte of output takes.
 */
function writeParsedJson(d: unknown, indent: string, unit: string, out: JsonSink): void {
  if (writeScalar(d, out)) return;
  if (Array.isArray(d)) {
    if (d.length === 0) {
      out.parts.push('[ ]');
      return;
    }
    const inner = indent + unit;
    out.parts.push('[\n');
    for (let i = 0; i < d.length; i++) {
      if (i > 0) out.parts.push(',\n');
      out.parts.push(inner);
      try {
        checkParsedDepth();
        enterNested();
        try {
          writeParsedJson(d[i], inner, unit, out);
        } finally {
          rt.depth--;
        }
      } catch (e) {
        throw elementFrame(e, i);
      }
      out.settle();
    }
    out.parts.push('\n', indent, ']');
  } else {
    const keys = sortedKeys(Object.keys(d as object));
    if (keys.length === 0) {
      out.parts.push('{ }');
      return;
    }
    const inner = indent + unit;
    out.parts.push('{\n');
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out.parts.push(',\n');
      out.parts.push(inner);
      pushString(keys[i], out, '": ');
      const fv = (d as Record<string, unknown>)[keys[i]];
      try {
        checkParsedDepth();
        if (fv !== null && typeof fv === 'object') {
          enterNested(true);
          try {
            writeParsedJson(fv, inner, unit, out);
          } finally {
            rt.depth--;
          }
        } else {
          writeParsedJson(fv, inner, unit, out);
        }
      } catch (e) {
        throw fieldFrame(e, keys[i]);
      }
      out.settle();
    }
    out.parts.push('\n', indent, '}');
  }
}

/**
 * Parsed JSON data (an imported .json file, std.parseJson's result): go-jsonnet manifests each
 * element and field value as a call of its own, so a value at the stack limit's depth is one too
 * many (the values of Jsonnet code count their thunks' evaluation instead).
 */
function checkParsedDepth(): void {
  if (rt.depth + 1 >= rt.maxStack) throw rtError('max stack frames exceeded.');
}

/**
 * `std.manifestJsonEx` (and `manifestJson`, `manifestJsonMinified`) written straight from the
 * value, as go-jsonnet v0.22 does: fields are forced as the walk reaches them, so the first problem
 * in output order is the one reported, and a function is "tried to manifest function at [a 1 b]".
 */
export function manifestJsonExValue(v: Value, indent: string, newline: string, keyValSep: string): string {
  const ex = jsonEx(indent, newline, keyValSep);
  writeJsonEx(v, '', ex, rt.maxStack);
  return ex.out.join('');
}

function writeJsonEx(v: Value, cindent: string, ex: JsonEx, depth: number): void {
  if (depth <= 0) throw rtError(MANIFEST_DEPTH);
  if (writeJsonExScalar(v, ex.out)) return;
  if (v instanceof JFunction) throw rtError(`tried to manifest function at [${ex.path.join(' ')}]`);
  // JSON data that reached here unchanged (an imported JSON file, an ext var) is written as data.
  const data = parsedJsonOf(v) ?? plainOrigin(v);
  if (data !== undefined) {
    writePlainJsonEx(data as PlainValue, cindent, ex);
    return;
  }
  const inner = cindent + ex.indent;
  if (v instanceof JArray) {
    ex.out.push('[', ex.newline);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) ex.out.push(ex.comma);
      ex.out.push(inner);
      ex.path.push(i);
      heapTick();
      writeJsonEx(forceElement(v, i), inner, ex, depth - 1);
      ex.path.pop();
    }
    ex.out.push(ex.newline, cindent, ']');
    return;
  }
  // Assertions run when a field is read (an object without visible fields runs none, as in go-jsonnet).
  const keys = visibleFields(v);
  ex.out.push('{', ex.newline);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (i > 0) ex.out.push(ex.comma);
    ex.out.push(inner);
    pushGoJsonString(ex.out, k, ex.keyValSep);
    ex.path.push(k);
    heapTick();
    writeJsonEx(getField(v, k, undefined), inner, ex, depth - 1);
    ex.path.pop();
  }
  ex.out.push(ex.newline, cindent, '}');
}

/** Objects without visible fields still run their assertions when manifested. */
function getFieldsAsserted(obj: JObject): void {
  if (obj.assertState !== 2) checkAssertions(obj);
}

/** `{"a": 1, "b": [1, 2]}`: the form of `std.toString` and string concatenation. */
export function manifestSingleLine(v: Value): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return escapeStringJson(v);
  if (v instanceof JArray) {
    if (v.length === 0) return '[ ]';
    const parts: string[] = [];
    for (let i = 0; i < v.length; i++) {
      try {
        parts.push(manifestSingleLine(forceElement(v, i)));
      } catch (e) {
        throw elementFrame(e, i);
      }
    }
    return '[' + parts.join(', ') + ']';
  }
  if (v instanceof JObject) {
    const keys = visibleFields(v);
    checkAssertionsFirst(v);
    if (keys.length === 0) return '{ }';
    const parts = keys.map((k) => {
      try {
        return escapeStringJson(k) + ': ' + manifestSingleLine(getField(v, k, undefined));
      } catch (e) {
        throw fieldFrame(e, k);
      }
    });
    return '{' + parts.join(', ') + '}';
  }
  throw rtError(FUNCTION_ERROR);
}

/**
 * Forces a value completely into plain JS data; functions are an error (as in JSON output).
 * `frames`: an error names the field and element it came from (`Field "a"`, `Array element 0`), as
 * go-jsonnet's manifestation of a native function's arguments does.
 */
export function toJsonData(v: Value, frames = false): PlainValue {
  const seen = { fn: false, deferErrors: false, frames };
  const plain = convert(v, seen, Infinity);
  // After forcing everything, as before: an error elsewhere in the value takes precedence.
  if (seen.fn) throw rtError(FUNCTION_ERROR);
  markCanonical(plain);
  return plain;
}

/** Forces a value completely into plain JS data (objects keep visible fields only). */
/**
 * go-jsonnet's manifest builtins (std.manifestJsonEx, std.manifestYamlDoc, std.manifestTomlEx) go
 * at most its stack limit deep into a value, then fail with this (a cyclic value's end).
 */
const MANIFEST_DEPTH = 'max manifest depth exceeded, possible infinite recursion';

/** A value as plain data, at most `maxDepth` levels deep (go-jsonnet's manifest builtins' limit). */
export function toPlain(v: Value, maxDepth = Infinity): PlainValue {
  return convert(v, { fn: false, deferErrors: false }, maxDepth);
}

/**
 * As toPlain, but a part that fails is a property that throws its error when read: a writer of the
 * plain data meets the errors in its own order, as go-jsonnet's writers that force the value as
 * they write it (std.manifestTomlEx). Not for data read twice (the second read finds it too).
 */
export function toPlainAsRead(v: Value, maxDepth = Infinity): PlainValue {
  return convert(v, { fn: false, deferErrors: true }, maxDepth);
}

/** A property of `out` that throws `e` when read. */
function failing(out: PlainValue[] | Record<string, PlainValue>, key: number | string, e: unknown): void {
  Object.defineProperty(out, key, {
    enumerable: true,
    get() {
      throw e;
    },
  });
}

function convert(
  v: Value,
  seen: { fn: boolean; deferErrors: boolean; frames?: boolean },
  depth: number,
): PlainValue {
  if (depth <= 0) throw rtError(MANIFEST_DEPTH);
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof JArray) {
    const origin = plainOrigin(v);
    if (origin !== undefined) return origin as PlainValue;
    const out: PlainValue[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (seen.frames)
        try {
          out[i] = convert(forceElement(v, i), seen, depth - 1);
        } catch (e) {
          throw elementFrame(e, i);
        }
      else if (!seen.deferErrors) out[i] = convert(forceElement(v, i), seen, depth - 1);
      else
        try {
          out[i] = convert(forceElement(v, i), seen, depth - 1);
        } catch (e) {
          failing(out, i, e);
        }
    }
    return out;
  }
  if (v instanceof JObject) {
    // JSON data that went through the program unchanged (ext vars of kind 'json') is its own plain form.
    const origin = plainOrigin(v);
    if (origin !== undefined) return origin as PlainValue;
    const out = Object.create(null) as Record<string, PlainValue>;
    const keys = visibleFields(v);
    if (keys.length === 0) getFieldsAsserted(v);
    for (const k of keys) {
      if (seen.frames)
        try {
          out[k] = convert(getField(v, k, undefined), seen, depth - 1);
        } catch (e) {
          throw fieldFrame(e, k);
        }
      else if (!seen.deferErrors) out[k] = convert(getField(v, k, undefined), seen, depth - 1);
      else
        try {
          out[k] = convert(getField(v, k, undefined), seen, depth - 1);
        } catch (e) {
          failing(out, k, e);
        }
    }
    return out;
  }
  seen.fn = true;
  const fn = v as JFunction;
  const stub = (): never => {
    throw rtError(`cannot call function ${fn.name} outside Jsonnet`);
  };
  return stub;
}

/** `-S`: the top-level value must be a string. */
export function manifestString(v: Value): string {
  if (typeof v !== 'string') throw rtError('expected string result, got: ' + typeOfValue(v));
  return v;
}

/** `-y`: a YAML stream of JSON documents. */
export function manifestYamlStream(v: Value): string {
  if (!(v instanceof JArray)) {
    throw rtError(
      'stream mode: top-level object was a ' +
        typeOfValue(v) +
        ', should be an array whose elements hold the JSON for each document in the stream.',
    );
  }
  if (v.length === 0) return '';
  const parts: string[] = [];
  for (let i = 0; i < v.length; i++) parts.push('---\n' + manifestJson(forceElement(v, i)) + '\n');
  return parts.join('') + '...\n';
}

/** `-m`: file name → content (JSON, or raw strings in string mode). */
export function manifestMulti(v: Value, stringMode: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, chunks] of manifestMultiChunks(v, stringMode)) out.set(name, chunks.join(''));
  return out;
}

/** manifestMulti with each file's text in pieces (see manifestJsonChunks), to write without joining. */
export function manifestMultiChunks(v: Value, stringMode: boolean): Map<string, string[]> {
  if (!(v instanceof JObject)) {
    throw rtError(
      'multi mode: top-level object was a ' +
        typeOfValue(v) +
        ', should be an object whose keys are filenames and values hold the JSON for that file.',
    );
  }
  // As go-jsonnet: the whole object is manifested first (its assertions, then each field in
  // order, an error under the field's frame); only then are string mode's values checked.
  checkAssertionsFirst(v);
  const out = new Map<string, string[]>();
  let notString: { key: string; value: Value } | undefined;
  for (const k of visibleFields(v)) {
    try {
      const fv = getField(v, k, undefined);
      if (stringMode && typeof fv === 'string') out.set(k, [fv, '\n']);
      else {
        out.set(k, manifestJsonChunks(fv, '   ', '\n'));
        if (stringMode) notString ??= { key: k, value: fv };
      }
    } catch (e) {
      throw fieldFrame(e, k);
    }
  }
  if (notString !== undefined)
    throw rtError(
      `multi mode: top-level object's key ${notString.key} has a value of type ${goTypeName(notString.value)}, should be a string`,
    );
  return out;
}

/** go-jsonnet prints the manifested value's Go type (`%T` of encoding/json's decoded form). */
function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  if (v instanceof JArray) return '[]interface {}';
  if (v instanceof JObject) return 'map[string]interface {}';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  return typeOfValue(v);
}

function typeOfValue(v: Value): string {
  if (v === null) return 'null';
  if (v instanceof JArray) return 'array';
  if (v instanceof JObject) return 'object';
  if (v instanceof JFunction) return 'function';
  return typeof v;
}

export { pushSite };
