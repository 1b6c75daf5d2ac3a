// `%` and std.format: forces the values into plain data and calls the pure formatter.
import type { Loc } from '../ast.js';
import { getField } from '../evaluator.js';
import { toPlain } from '../manifest.js';
import { rtError } from '../runtime.js';
import { format, formatMappingKeys } from '../std-pure/format.js';
import type { PlainObject } from '../std-pure/plain-value.js';
import { JObject, type Value } from '../values.js';

export function formatValues(fmt: string, vals: Value, loc: Loc | undefined): string {
  const plain = vals instanceof JObject ? mappedFields(fmt, vals) : toPlain(vals);
  try {
    return format(fmt, plain);
  } catch (e) {
    if (e instanceof Error && e.name === 'StdError') throw rtError(e.message, loc);
    throw e;
  }
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
