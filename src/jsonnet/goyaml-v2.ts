// std.parseYaml as go-jsonnet v0.22.0 has it: a port of the Go code its builtinParseYAML runs
// (builtins.go; yaml.go's YAMLToJSONDecoder, Apache-2.0, Copyright 2019 Google Inc.), so that kf
// reads YAML exactly as go-jsonnet does, errors included. The text is cut into documents at lines
// that start with `---`; each is read by sigs.k8s.io/yaml v1.4.0's Unmarshal (YAML to JSON with
// its fork of go-yaml v2, then encoding/json), ported in goyaml-v2/: scanner.ts (scannerc.go,
// readerc.go), decoder.ts (decode.go and sigs.k8s.io/yaml's yaml.go), resolve.ts (resolve.go),
// go-fmt.ts (the fmt and strconv formatting of their messages and keys); its parserc.go is
// yaml.v3's without comments, so yaml-v3/parser.ts serves both.
// Also manifestYamlV2: gopkg.in/yaml.v2 v2.4.0's Marshal (the same resolve.go as that fork), which
// Grafana Tanka writes every manifest with (`tk show`, `tk export`), ported in goyaml-v2/:
// encoder.ts (encode.go), emitter.ts (emitterc.go), sorter.ts (sorter.go); and toYamlV2, the same
// text written directly (writer.ts), many times faster, which kf prints objects with.
// Not to be confused with yaml-v2.ts, which reads YAML 1.1 with the `yaml` package for the
// readers modelled on ksonnet and kubectl.
import { Decoder, TreeBuilder, YamlToJsonError } from './goyaml-v2/decoder.js';
import { marshal } from './goyaml-v2/encoder.js';
import { Scanner } from './goyaml-v2/scanner.js';
import { Parser } from './yaml-v3/parser.js';

export { toYamlV2, toYamlV2Stream } from './goyaml-v2/writer.js';

/**
 * Tanka's manifest text of JSON data (yaml.Marshal of what json.Unmarshal reads into interface{}:
 * every number a float64), byte for byte.
 */
export function manifestYamlV2(value: unknown): string {
  return marshal(value);
}

/** go-jsonnet's error for a document it cannot read ("failed to parse YAML: ..."). */
export class ParseYamlError extends Error {}

/**
 * builtinParseYAML's value as JSON data: null for no document, the one document's value, or (if
 * any line starts a document) an array of them. Throws ParseYamlError where go-jsonnet fails.
 */
export function parseYaml(text: string): unknown {
  // a Jsonnet string reaches Go as UTF-8, where a lone surrogate is U+FFFD (toWellFormed: ~6×
  // faster than a replace with a /u regular expression; Node 20 has it, ES2023's typings do not)
  const wellFormed = (text as string & { toWellFormed(): string }).toWellFormed();
  const { documents, stream } = splitDocuments(wellFormed);
  const values: unknown[] = [];
  for (const document of documents) {
    try {
      values.push(yamlToJson(document));
    } catch (error) {
      if (error instanceof YamlToJsonError)
        throw new ParseYamlError(`failed to parse YAML: error converting YAML to JSON: ${error.message}`);
      throw error;
    }
  }
  if (values.length === 0) return null;
  return stream ? values : values[0];
}

/**
 * yaml.go's YAMLReader over its LineReader (bufio's ReadLine): lines end at LF, a CR before it
 * dropped, the last one given an LF; a line that starts with `---` and then a space, a tab or its
 * end starts a document (unless it is the first line of one), and makes the text a stream.
 */
function splitDocuments(text: string): { documents: string[]; stream: boolean } {
  if (text === '') return { documents: [], stream: false };
  let lines = text.replaceAll('\r\n', '\n');
  if (!lines.endsWith('\n')) lines += '\n';
  const isMarker = (at: number) => lines.startsWith('---', at) && ' \t\n'.includes(lines[at + 3] as string);
  const documents: string[] = [];
  let stream = isMarker(0);
  let start = 0;
  for (let at = lines.indexOf('\n---'); at !== -1; at = lines.indexOf('\n---', at + 1)) {
    if (!isMarker(at + 1)) continue;
    stream = true;
    documents.push(lines.slice(start, at + 1));
    start = at + 1;
  }
  documents.push(lines.slice(start));
  return { documents, stream };
}

/** sigs.k8s.io/yaml's Unmarshal into an interface{}: the first YAML document of `text`, as JSON data. */
function yamlToJson(text: string): unknown {
  const root = new TreeBuilder(new Parser(new Scanner(text))).document();
  return root === undefined ? null : new Decoder().document(root);
}
