// std: parseJson and parseYaml.
import { createRequire } from 'node:module';
import { rtError } from '../runtime.js';
import { def, str, type Builtin } from './args.js';
import { fromPlain } from './plain.js';
import { parseYamlValue, YamlV2Error } from '../yaml-v2.js';

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
    // YAML 1.1 as go-jsonnet reads it (go-yaml v2): yaml-v2.ts
    try {
      return fromPlain(parseYamlValue(yaml(), str(a, 0, 'parseYaml')));
    } catch (e) {
      if (e instanceof YamlV2Error) throw rtError(`YAML error: ${e.message}`);
      throw e;
    }
  }),
];
