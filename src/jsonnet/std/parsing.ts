// std: parseJson and parseYaml.
import { parseAllDocuments } from 'yaml';
import { rtError } from '../runtime.js';
import { def, str, type Builtin } from './args.js';
import { fromPlain } from './plain.js';

export const parsingBuiltins: Builtin[] = [
  def('parseJson', ['str'], (a) => {
    const s = str(a, 0, 'parseJson');
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch (e) {
      throw rtError(`failed to parse JSON: ${(e as Error).message}`);
    }
    return fromPlain(parsed);
  }),
  def('parseYaml', ['str'], (a) => {
    const s = str(a, 0, 'parseYaml');
    const docs = parseAllDocuments(s);
    const values: unknown[] = [];
    for (const d of docs) {
      if ('errors' in d && d.errors.length > 0) throw rtError(`YAML error: ${d.errors[0].message}`);
      values.push(d.toJS({ maxAliasCount: -1 }));
    }
    if (docs.length === 0) return null;
    if (docs.length === 1) return fromPlain(values[0]);
    return fromPlain(values);
  }),
];
