// `%` and std.format: forces the values into plain data and calls the pure formatter.
import { getField } from '../evaluator.js';
import { formatParseFailure } from '../format-parse-frames.js';
import { toPlain } from '../manifest.js';
import { JsonnetError } from '../errors.js';
import { formatFrames, formatParseFrames, stdError, withStdFrames } from '../std-frames.js';
import {
  codeOfKey,
  codeOfValue,
  format,
  FormatError,
  FormatSyntaxError,
  formatMappingKeys,
  type FormatFailure,
} from '../std-pure/format.js';
import type { PlainObject } from '../std-pure/plain-value.js';
import { StdError } from '../std-pure/std-error.js';
import { JArray, JObject, Thunk, type Value } from '../values.js';

/**
 * std.format(fmt, vals). An error of the formatting has the frames of go-jsonnet's std.format
 * (Jsonnet code) where kf knows them (std-frames.ts), the caller adds its own.
 */
export function formatValues(fmt: string, vals: Value): string {
  try {
    if (vals instanceof JArray) forceElements(fmt, vals);
    return format(fmt, vals instanceof JObject ? mappedFields(fmt, vals) : toPlain(vals));
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
 * of the code that formats it (a failure deeper in an element, when it is printed, gets none).
 */
function forceElements(fmt: string, vals: JArray): void {
  let j = 0;
  try {
    for (; j < vals.length; j++) {
      const s = vals.slot(j);
      if (s instanceof Thunk) s.force();
    }
  } catch (e) {
    throw forcedFailure(e, 'array', () => codeOfValue(fmt, j));
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
      fields[key] = toPlain(forcedField(fmt, obj, key));
  return fields;
}

function forcedField(fmt: string, obj: JObject, key: string): Value {
  try {
    return getField(obj, key, undefined);
  } catch (e) {
    throw forcedFailure(e, 'object', () => codeOfKey(fmt, key));
  }
}
