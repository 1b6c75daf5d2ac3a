// YAML as Grafana Tanka v0.38 writes and reads it. Tanka's native functions manifestYamlFromJson
// and parseYaml (pkg/jsonnet/native/funcs.go) use gopkg.in/yaml.v3 v3.0.1, and users compare kf's
// renders with Tanka's byte for byte, so this is a port of yaml.v3 rather than a YAML library of
// our own taste. Its pieces in yaml-v3/ follow yaml.v3's files, with Go's names in comments:
// emitter.ts (encode.go, emitterc.go, sorter.go), resolve.ts (resolve.go), scanner.ts
// (scannerc.go, readerc.go), parser.ts (parserc.go) and decoder.ts (decode.go, and encoding/json).
import { Decoder, TreeBuilder, YamlV3Error } from './yaml-v3/decoder.js';
import { marshal } from './yaml-v3/emitter.js';
import { Parser } from './yaml-v3/parser.js';
import { Scanner } from './yaml-v3/scanner.js';

export { YamlV3Error };

/** Tanka's manifestYamlFromJson of JSON.stringify(value): yaml.Marshal of what json.Unmarshal reads. */
export function manifestYamlV3(value: unknown): string {
  return marshal(value);
}

/**
 * Tanka's parseYaml: the value of every document of `text`, as JSON data. Throws YamlV3Error,
 * with Go's message ("parsing yaml: yaml: line 3: ..."), where Tanka fails.
 */
export function parseYamlV3(text: string): unknown[] {
  // a Jsonnet string reaches Go as UTF-8, where a lone surrogate is U+FFFD
  const tree = new TreeBuilder(
    new Parser(new Scanner((text as string & { toWellFormed(): string }).toWellFormed())),
  );
  const values: unknown[] = [];
  for (let root = tree.document(); root !== undefined; root = tree.document())
    values.push(new Decoder().document(root));
  return values;
}
