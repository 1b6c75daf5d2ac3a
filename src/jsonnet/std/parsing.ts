// std: parseJson and parseYaml.
import { rtError } from '../runtime.js';
import { goJsonRangeError, goJsonSyntaxError } from '../std-pure/go-json-syntax.js';
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
      // go-jsonnet's message is Go's encoding/json's.
      throw rtError(`failed to parse JSON: ${goJsonSyntaxError(s) ?? (e as Error).message}`);
    }
    try {
      return fromPlain(parsed);
    } catch (e) {
      // A number out of range (JSON.parse's infinity): go-jsonnet's message is Go's.
      const range = goJsonRangeError(s);
      if (range !== undefined) throw rtError(`failed to parse JSON: ${range}`);
      throw e;
    }
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
