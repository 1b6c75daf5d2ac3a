// goyaml.v2's encode.go (Apache-2.0, Copyright 2011-2016 Canonical Ltd): the events yaml.Marshal
// hands its emitter (./emitter.ts) for JSON data as json.Unmarshal gives it to Go: nil, bool,
// float64, string, []interface{} and map[string]interface{} (and int and uint64, as bigints, for
// what yaml.v2 itself reads back from JSON text). Function names are Go's.
import { isBase60Float } from '../libyaml-chars.js';
import { Emitter, type ScalarEvent } from './emitter.js';
import { formatFloat } from './go-fmt.js';
import { resolve, STR } from './resolve.js';
import { sortKeys } from './sorter.js';

/** yaml.Marshal of JSON data (every number a float64, as json.Unmarshal gives it). */
export function marshal(value: unknown): string {
  const emitter = new Emitter(); // stream and implicit document start write nothing
  encode(emitter, value); // marshalDoc
  emitter.emit({ type: 'document-end' }); // implicit; finish's stream end writes nothing more
  return emitter.text();
}

/** encoder.marshal */
function encode(emitter: Emitter, value: unknown): void {
  if (Array.isArray(value)) {
    // slicev
    emitter.emit({ type: 'sequence-start', empty: value.length === 0 });
    for (const item of value) encode(emitter, item);
    emitter.emit({ type: 'sequence-end' });
  } else if (value !== null && typeof value === 'object') {
    // mapv
    const map = value as Record<string, unknown>;
    const keys = sortKeys(Object.keys(map));
    emitter.emit({ type: 'mapping-start', empty: keys.length === 0 });
    for (const key of keys) {
      emitter.emit(stringv(key));
      encode(emitter, map[key]);
    }
    emitter.emit({ type: 'mapping-end' });
  } else emitter.emit(scalarEvent(value));
}

/** The scalar event of a value that is not an array or an object. */
export function scalarEvent(value: unknown): ScalarEvent {
  if (value === null || value === undefined) return { type: 'scalar', value: 'null', style: 'plain' }; // nilv
  if (typeof value === 'boolean') return { type: 'scalar', value: String(value), style: 'plain' }; // boolv
  if (typeof value === 'number') return { type: 'scalar', value: floatv(value), style: 'plain' };
  // intv, uintv: an integer as yaml.v2's Unmarshal reads one (manifestYamlViaJson's numbers)
  if (typeof value === 'bigint') return { type: 'scalar', value: value.toString(), style: 'plain' };
  return stringv(String(value));
}

/** floatv: strconv.FormatFloat(f, 'g', -1, 64), with YAML's names for the infinities and NaN. */
function floatv(f: number): string {
  const s = formatFloat(f, 64);
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}

/**
 * stringv: plain unless the text would read back as another YAML 1.1 type (`yes`, `0644`, `~`, a
 * timestamp...) or is a base 60 float; literal if it has a line break. Lone surrogates are U+FFFD,
 * as json.Unmarshal reads them, so the text is always valid UTF-8 (never the !!binary branch).
 */
function stringv(text: string): ScalarEvent {
  const s = text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
  const canUsePlain = resolve('', s).tag === STR && !isBase60Float(s);
  return { type: 'scalar', value: s, style: s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double' };
}
