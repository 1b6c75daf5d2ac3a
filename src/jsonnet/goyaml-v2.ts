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

/**
 * ghodss/yaml v1.0.0's Marshal (kubecfg's manifestYaml): json.Marshal, then yaml.v2's Unmarshal of
 * that JSON text into interface{}, which reads a number written without fraction or exponent as an
 * int (a uint64 above int64), and yaml.v2's Marshal of the result: 1000000 is `1000000`, not
 * manifestYamlV2's `1e+06`.
 */
export function manifestYamlViaJson(value: unknown): string {
  return marshal(integersAsInts(value));
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function integersAsInts(value: unknown): unknown {
  if (typeof value === 'number') {
    // json.Marshal writes an integral float64 below 1e21 as its digits (JavaScript's String gives
    // the same shortest digits); ParseInt, then ParseUint, must take them
    if (!Number.isInteger(value) || Math.abs(value) >= 1e21) return value;
    const int = BigInt(String(value));
    return int >= INT64_MIN && int <= UINT64_MAX ? int : value;
  }
  if (Array.isArray(value)) return value.map(integersAsInts);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, integersAsInts(v)]));
  return value;
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
 * kubecfg's parseYaml: k8s.io/apimachinery v0.29.1's YAMLToJSONDecoder, whose YAMLReader is newer
 * than go-jsonnet's copy: a line that starts with `---` ends a document (and is dropped) unless
 * nothing precedes it, and must be followed by nothing but white space or a comment. Always an
 * array, one value per document (null for a document of white space or comments); throws where
 * kubecfg fails, in its words.
 */
export function parseYamlDocuments(text: string): unknown[] {
  const wellFormed = (text as string & { toWellFormed(): string }).toWellFormed();
  const lines = wellFormed.split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // the LineReader's last line is the text's end
  const documents: string[] = [];
  let document = '';
  for (const raw of lines) {
    const line = (raw.endsWith('\r') ? raw.slice(0, -1) : raw) + '\n';
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest !== '' && !rest.startsWith('#')) throw new Error(`invalid Yaml document separator: ${rest}`);
      if (document !== '') {
        documents.push(document);
        document = '';
        continue;
      }
    }
    document += line;
  }
  if (document !== '') documents.push(document);
  return documents.map((doc) => {
    try {
      return yamlToJson(doc);
    } catch (error) {
      if (error instanceof YamlToJsonError)
        throw new Error(`error converting YAML to JSON: ${error.message}`);
      throw error;
    }
  });
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
