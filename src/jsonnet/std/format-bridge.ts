// `%` and std.format: forces the values into plain data and calls the pure formatter.
import { getField } from '../evaluator.js';
import { toPlain } from '../manifest.js';
import { formatFrames, stdError } from '../std-frames.js';
import { format, FormatError, formatMappingKeys } from '../std-pure/format.js';
import type { PlainObject } from '../std-pure/plain-value.js';
import { StdError } from '../std-pure/std-error.js';
import { JArray, JObject, type Value } from '../values.js';

/**
 * std.format(fmt, vals). An error of the formatting has the frames of go-jsonnet's std.format
 * (Jsonnet code) where kf knows them (std-frames.ts), the caller adds its own.
 */
export function formatValues(fmt: string, vals: Value): string {
  const plain = vals instanceof JObject ? mappedFields(fmt, vals) : toPlain(vals);
  try {
    return format(fmt, plain);
  } catch (e) {
    if (!(e instanceof StdError)) throw e;
    const frames = e instanceof FormatError ? formatFrames(e.failure, valsKind(vals)) : [];
    throw stdError(e.message, frames);
  }
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
