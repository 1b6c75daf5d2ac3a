// std: parseJson and parseYaml.
import { createRequire } from 'node:module';
import { rtError } from '../runtime.js';
import { def, str, type Builtin } from './args.js';
import { fromPlain } from './plain.js';
import { documentValue, yamlV2Options, YamlV2Error } from '../yaml-v2.js';

// The YAML library is loaded on first use only: it is large and most programs never parse YAML.
let yamlModule: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}

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
    // YAML 1.1 as go-jsonnet reads it (go-yaml v2): yaml-v2.ts
    const docs = yaml().parseAllDocuments(s, yamlV2Options());
    const values: unknown[] = [];
    for (const d of docs) {
      if ('errors' in d && d.errors.length > 0) throw rtError(`YAML error: ${d.errors[0].message}`);
      try {
        values.push(documentValue(yaml(), d, s) ?? null);
      } catch (e) {
        if (e instanceof YamlV2Error) throw rtError(`YAML error: ${e.message}`);
        throw e;
      }
    }
    // An explicit `---` marker makes the input a stream: the result is then always an array.
    if (/^---(?:[ \t\r\n]|$)/m.test(s)) return fromPlain(values.length === 0 ? [null] : values);
    if (values.length === 0) return null;
    return fromPlain(values.length === 1 ? values[0] : values);
  }),
];
