// `%` and std.format: forces the values into plain data and calls the pure formatter.
import { getField } from '../evaluator.js';
import { toPlain } from '../manifest.js';
import { JsonnetError } from '../errors.js';
import { formatFrames, stdError, withStdFrames } from '../std-frames.js';
import { codeOfKey, codeOfValue, format, FormatError, formatMappingKeys } from '../std-pure/format.js';
import type { PlainObject, PlainValue } from '../std-pure/plain-value.js';
import { StdError } from '../std-pure/std-error.js';
import { JArray, JObject, type Value } from '../values.js';

/**
 * std.format(fmt, vals). An error of the formatting has the frames of go-jsonnet's std.format
 * (Jsonnet code) where kf knows them (std-frames.ts), the caller adds its own.
 */
export function formatValues(fmt: string, vals: Value): string {
  let plain: PlainValue | undefined;
  try {
    plain = vals instanceof JObject ? mappedFields(fmt, vals) : toPlain(vals);
    return format(fmt, plain);
  } catch (e) {
    if (plain === undefined) throw valueFailure(e, fmt, vals);
    if (!(e instanceof StdError)) throw e;
    const frames = e instanceof FormatError ? formatFrames(e.failure, valsKind(vals)) : [];
    throw stdError(e.message, frames);
  }
}

/**
 * A value failed: go-jsonnet forces each when its code formats it, so the first element or field
 * whose value fails (forced again: the error path only) gets the frames of its code. A failure
 * deeper in a value (a field of an element) keeps no frames of std.format's.
 */
function valueFailure(e: unknown, fmt: string, vals: Value): unknown {
  if (!(e instanceof JsonnetError) || e.kind !== 'runtime') return e;
  const fails = (get: () => Value): unknown => {
    try {
      get();
      return undefined;
    } catch (inner) {
      return inner;
    }
  };
  try {
    if (vals instanceof JArray) {
      for (let j = 0; j < vals.length; j++) {
        const inner = fails(() => vals.get(j));
        const code = inner === undefined ? undefined : codeOfValue(fmt, j);
        if (inner !== undefined) return code ? withStdFrames(inner, formatFrames(code, 'array')) : inner;
      }
    } else if (vals instanceof JObject) {
      for (const key of formatMappingKeys(fmt)) {
        if (vals.fieldVisible(key) === undefined) continue;
        const inner = fails(() => getField(vals, key, undefined));
        const code = inner === undefined ? undefined : codeOfKey(fmt, key);
        if (inner !== undefined) return code ? withStdFrames(inner, formatFrames(code, 'object')) : inner;
      }
    }
  } catch {
    // The format string does not parse: no frames.
  }
  return e;
}

function valsKind(vals: Value): 'array' | 'object' | 'single' {
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
      fields[key] = toPlain(getField(obj, key, undefined));
  return fields;
}
