// std: parseJson and parseYaml.
import { rtError } from '../runtime.js';
import { def, str, type Builtin } from './args.js';
import { fromPlain } from './plain.js';
import { parseYaml, ParseYamlError } from '../goyaml-v2.js';

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
    // go-jsonnet's own YAML reading, ported: ../goyaml-v2.ts
    try {
      return fromPlain(parseYaml(str(a, 0, 'parseYaml')));
    } catch (e) {
      if (e instanceof ParseYamlError) throw rtError(e.message);
      if (e instanceof RangeError)
        throw rtError(
          'failed to parse YAML: the document is nested too deeply (go-yaml allows 10,000 levels; kf fewer)',
        );
      throw e;
    }
  }),
];
