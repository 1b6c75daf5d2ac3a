// `%` and std.format: forces the values into plain data and calls the pure formatter.
import { getField } from '../evaluator.js';
import { formatParseFailure } from '../format-parse-frames.js';
import { manifestSingleLine, toPlain } from '../manifest.js';
import { JsonnetError } from '../errors.js';
import { formatFrames, formatParseFrames, stdError, withStdFrames } from '../std-frames.js';
import {
  codeOfKey,
  codeOfValue,
  format,
  FormatError,
  FormatSyntaxError,
  formatMappingKeys,
  onlyPrinted,
  valuesRead,
  type FormatFailure,
} from '../std-pure/format.js';
import type { PlainObject, PlainValue } from '../std-pure/plain-value.js';
import { StdError } from '../std-pure/std-error.js';
import { force, JArray, JFunction, JObject, type Value } from '../values.js';

/**
 * std.format(fmt, vals). An error of the formatting has the frames of go-jsonnet's std.format
 * (Jsonnet code) where kf knows them (std-frames.ts), the caller adds its own.
 */
export function formatValues(fmt: string, vals: Value): string {
  try {
    return format(
      fmt,
      vals instanceof JArray
        ? plainElements(fmt, vals)
        : vals instanceof JObject
          ? mappedFields(fmt, vals)
          : vals instanceof JFunction
            ? printed(vals, codeOfValue(fmt, 0), 'single')
            : vals,
    );
  } catch (e) {
    if (!(e instanceof StdError)) throw e;
    if (e instanceof FormatSyntaxError) {
      const failure = formatParseFailure(fmt, e.code);
      if (failure !== undefined)
        throw stdError(failure.message, formatParseFrames(failure.frames, valsKind(vals)));
    }
    throw stdError(e.message, e instanceof FormatError ? formatFrames(e.failure, valsKind(vals)) : []);
  }
}

/**
 * The elements, forced in order as go-jsonnet's codes force them: one that fails gets the frames
 * of the code that formats it, as does a failure deeper in an array or object it prints.
 */
function plainElements(fmt: string, vals: JArray): PlainValue[] {
  const out: PlainValue[] = new Array(vals.length).fill(null);
  const read = Math.min(vals.length, valuesRead(fmt));
  for (let j = 0; j < read; j++) {
    let v: Value;
    try {
      v = force(vals.slot(j));
    } catch (e) {
      throw forcedFailure(e, 'array', () => codeOfValue(fmt, j));
    }
    out[j] = v !== null && typeof v === 'object' ? printed(v, codeOfValue(fmt, j), 'array') : v;
  }
  return out;
}

/**
 * An array, object or function as the code reading it needs it: `%s` prints it as go-jsonnet's
 * std.toString does (a failure inside it with its frames: `Array element N`, `Field "k"`, then
 * format_code's); any other code refuses its type without reading it, as go-jsonnet's.
 */
function printed(
  v: JArray | JObject | JFunction,
  code: FormatFailure | undefined,
  vals: 'array' | 'object' | 'single',
): PlainValue {
  if (code?.type !== 's')
    return v instanceof JArray
      ? []
      : v instanceof JObject
        ? (Object.create(null) as PlainObject)
        : toPlain(v);
  try {
    return manifestSingleLine(v);
  } catch (e) {
    throw withStdFrames(e, formatFrames({ ...code, step: 'printed' }, vals));
  }
}

function forcedFailure(e: unknown, vals: 'array' | 'object', code: () => FormatFailure | undefined): unknown {
  if (!(e instanceof JsonnetError) || e.kind !== 'runtime') return e;
  let failure: FormatFailure | undefined;
  try {
    failure = code();
  } catch (syntax) {
    // go-jsonnet parses the format string before it reads a value: that error comes first.
    if (syntax instanceof FormatSyntaxError) return syntax;
  }
  return failure === undefined ? e : withStdFrames(e, formatFrames(failure, vals));
}

export function valsKind(vals: Value): 'array' | 'object' | 'single' {
  return vals instanceof JArray ? 'array' : vals instanceof JObject ? 'object' : 'single';
}

/**
 * The fields `fmt`'s `%(key)` codes read, as the reference's std.format reads them (`vals[key]`):
 * hidden fields too, and no other field evaluated (an unused field may be costly, or an error).
 */
function mappedFields(fmt: string, obj: JObject): PlainObject {
  const fields: PlainObject = Object.create(null) as PlainObject;
  for (const key of formatMappingKeys(fmt))
    if (obj.fieldVisible(key) !== undefined && !Object.prototype.hasOwnProperty.call(fields, key))
      fields[key] = plainField(fmt, forcedField(fmt, obj, key), key);
  return fields;
}

/** A field's value for the codes naming it (the first reads it first: printed if a `%(key)s`). */
function plainField(fmt: string, v: Value, key: string): PlainValue {
  if (v === null || typeof v !== 'object') return v;
  const text = printed(v, codeOfKey(fmt, key), 'object');
  return typeof text !== 'string' || onlyPrinted(fmt, key) ? text : toPlain(v);
}

function forcedField(fmt: string, obj: JObject, key: string): Value {
  try {
    return getField(obj, key, undefined);
  } catch (e) {
    throw forcedFailure(e, 'object', () => codeOfKey(fmt, key));
  }
}
