// YAML much as go-yaml v2 reads it (through sigs.k8s.io/yaml), with the `yaml` package: the YAML
// of kubectl and ksonnet, for ksonnet's parseYaml native and the render pipeline's readers, which
// need the package's documents. (std.parseYaml is go-jsonnet's exactly: goyaml-v2.ts ports the Go
// code.) That is YAML 1.1, not the 1.2 the `yaml` package reads by default:
// `0644` is 420 (octal), `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `1_000` is 1000, `0b101` is
// 5, `<<` merges a mapping; timestamps and `1:20` stay strings; a number too large for a double
// (`1e400`) stays a string; `!!binary` is the decoded text and `!!set` a mapping to nulls; an
// anchor that contains itself, or aliases that multiply a document (a "billion laughs"), are
// refused with go-yaml's own rule.
import type {
  CollectionTag,
  Document,
  DocumentOptions,
  Node as YamlNode,
  ParseOptions,
  ScalarTag,
  SchemaOptions,
} from 'yaml';

type YamlModule = typeof import('yaml');
type Tag = ScalarTag | CollectionTag;

/** Options for parseDocument / parseAllDocuments that read YAML as go-yaml v2 does. */
export function yamlV2Options(): ParseOptions & DocumentOptions & SchemaOptions {
  return {
    version: '1.1',
    merge: true,
    uniqueKeys: false, // the last of duplicate keys wins
    customTags: (tags) => v2Tags(tags.filter((t): t is Tag => typeof t !== 'string')),
  };
}

/** go-yaml v2's number rule (resolve.go): Go's ParseInt / ParseUint with base 0, then ParseFloat. */
function resolveNumber(source: string): number | string {
  const plain = source.replaceAll('_', '');
  const int = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(plain);
  if (int !== null) {
    const [, sign, digits] = int as unknown as [string, string, string];
    const literal = /^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits;
    const magnitude = BigInt(literal.replace(/^0([XBO])/, (_, p: string) => `0${p.toLowerCase()}`));
    const value = sign === '-' ? -magnitude : magnitude;
    // int64, or (no sign) uint64; a number beyond both is read as a float below
    if (value >= -(2n ** 63n) && value < 2n ** 64n && !(sign !== '' && value >= 2n ** 63n))
      return Number(value);
  }
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return value;
  }
  return source; // as Go's ParseFloat failing with a range error: the text stays a string
}

const NUMBER_LIKE = /^[-+]?\.?[0-9][0-9a-zA-Z_.+-]*$/;

function v2Tags(tags: Tag[]): Tag[] {
  const named = (tag: string) => tags.filter((t) => t.tag === `tag:yaml.org,2002:${tag}`);
  const number = (tag: 'int' | 'float'): ScalarTag => ({
    tag: `tag:yaml.org,2002:${tag}`,
    default: true,
    test: NUMBER_LIKE,
    resolve: (source: string) => resolveNumber(source),
    stringify: (item) => String(item.value),
  });
  const specialFloats = named('float').filter(
    (t) => !('format' in t && t.format) && String('test' in t ? t.test : '').includes('inf'),
  );
  return [
    ...named('map'),
    ...named('seq'),
    ...named('str'),
    ...named('null'),
    ...named('bool'),
    number('int'),
    number('float'),
    ...specialFloats,
    ...named('binary'),
    ...named('merge'),
    ...named('omap'),
    ...named('pairs'),
    ...named('set'),
    // left out: sexagesimal numbers (`1:20`) and timestamps, which go-yaml v2 leaves as strings
  ];
}

export class YamlV2Error extends Error {}

/**
 * A parsed document's value as go-yaml v2 gives it (`source`: the text it was parsed from). Throws YamlV2Error for an anchor that contains
 * itself or for excessive aliasing (go-yaml's rule: past 100 aliased and 1,000 decoded nodes, no
 * more than 99 % of the nodes may come from aliases, falling to 10 % for very large documents).
 */
export function documentValue(yaml: YamlModule, doc: Document, source: string): unknown {
  // No `*` in its text, no alias in the document: the walk is skipped (~3 % of parsing a big CRD).
  const [start, , end] = doc.range ?? [0, 0, source.length];
  const star = source.indexOf('*', start);
  if (star !== -1 && star < end) checkAliases(yaml, doc);
  return plainValue(doc.toJS({ maxAliasCount: -1 }));
}

/** Every document of `text` as go-yaml v2 gives it; the first syntax error is a YamlV2Error. */
export function yamlDocuments(yaml: YamlModule, text: string): unknown[] {
  const values: unknown[] = [];
  for (const doc of yaml.parseAllDocuments(text, yamlV2Options())) {
    const error = doc.errors[0];
    if (error !== undefined) throw new YamlV2Error(error.message);
    values.push(documentValue(yaml, doc, text));
  }
  return values;
}

function allowedAliasRatio(decodes: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodes <= low) return 0.99;
  if (decodes >= high) return 0.1;
  return 0.99 - (0.89 * (decodes - low)) / (high - low);
}

function checkAliases(yaml: YamlModule, doc: Document): void {
  let decodes = 1; // the document node
  let aliased = 0;
  const expanding: YamlNode[] = [];
  const visit = (node: unknown): void => {
    decodes++;
    if (expanding.length > 0) aliased++;
    if (aliased > 100 && decodes > 1000 && aliased / decodes > allowedAliasRatio(decodes))
      throw new YamlV2Error('document contains excessive aliasing');
    if (yaml.isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) return;
      if (expanding.includes(target) || containsNode(yaml, target, node))
        throw new YamlV2Error(`anchor '${node.source}' value contains itself`);
      expanding.push(target);
      visit(target);
      expanding.pop();
    } else if (yaml.isMap(node)) {
      for (const pair of node.items) {
        visit(pair.key);
        visit(pair.value);
      }
    } else if (yaml.isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(doc.contents);
}

/** Whether `inner` is within `outer` (without following aliases). */
function containsNode(yaml: YamlModule, outer: unknown, inner: unknown): boolean {
  if (outer === inner) return true;
  if (yaml.isMap(outer))
    return outer.items.some((p) => containsNode(yaml, p.key, inner) || containsNode(yaml, p.value, inner));
  if (yaml.isSeq(outer)) return outer.items.some((item) => containsNode(yaml, item, inner));
  return false;
}

const utf8 = new TextDecoder('utf-8');

/** toJS's special values as go-yaml v2 gives them: bytes as text, sets as mappings to null, ordered maps as lists of one-key mappings. */
function plainValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return utf8.decode(v);
  if (v instanceof Set) return Object.fromEntries([...v].map((k) => [String(k), null]));
  if (v instanceof Map) return [...v].map(([k, value]) => ({ [String(k)]: plainValue(value) }));
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = plainValue(v[i]);
    return v;
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = plainValue(o[k]);
  }
  return v;
}
