// Converts plain JS data (from native functions, parsers, the pure std helpers) into values.
import { rtError } from '../runtime.js';
import { JArray, JFunction, JObject, ValueLayer, type Value, type ValueField } from '../values.js';

export function fromPlain(v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw rtError(Number.isNaN(v) ? 'Not a number' : 'Overflow');
      return v;
    case 'bigint':
      return Number(v);
  }
  if (v instanceof JArray || v instanceof JObject || v instanceof JFunction) return v;
  if (Array.isArray(v)) return new JArray(v.map(fromPlain));
  if (v instanceof Uint8Array) return new JArray(Array.from(v));
  if (typeof v === 'object') {
    const fields = new Map<string, ValueField>();
    for (const k of Object.keys(v as object))
      fields.set(k, { vis: ':', slot: fromPlain((v as Record<string, unknown>)[k]) });
    return new JObject([new ValueLayer(fields)]);
  }
  throw rtError(`cannot convert ${typeof v} to a Jsonnet value`);
}
