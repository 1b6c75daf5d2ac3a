// gopkg.in/yaml.v3's decode.go for Tanka's parseYaml: its parser half turns events into yaml.v3's
// node tree (anchors kept from one document to the next), its decoder decodes a document into an
// interface{}, and encoding/json's Marshal and Unmarshal of the result are folded in: numbers
// become float64, timestamps RFC 3339 strings, while NaN, the infinities and mappings with a
// non-string key (which decode into map[interface{}]interface{}) make json.Marshal fail.
import { type EventType, type Parser, type YamlEvent } from './parser.js';
import { BINARY, GoTime, MERGE, resolvableTag, resolve, type Resolved, shortTag, STR } from './resolve.js';
import { YamlSyntaxError } from './scanner.js';

export class YamlV3Error extends Error {}

/** A node of yaml.v3's tree (its Node type): its tag is short and set, as the parser sets it. */
export interface V3Node {
  kind: 'scalar' | 'mapping' | 'sequence' | 'alias';
  tag: string;
  /** a scalar's text; an alias's anchor name; '' for collections */
  value: string;
  line: number;
  /** a mapping's keys and values, alternately, or a sequence's items */
  content: V3Node[];
  alias?: V3Node;
}

/** parser.fail's text: the context's line (else the problem's; 0-based for parser errors, as in Go). */
function syntaxErrorText(e: YamlSyntaxError): string {
  const scanner = e.kind === 'scanner' ? 1 : 0;
  let line = 0;
  if (e.contextMark !== undefined && e.contextMark.line !== 0) line = e.contextMark.line + scanner;
  else if (e.problemMark !== undefined && e.problemMark.line !== 0) line = e.problemMark.line + scanner;
  return `${line !== 0 ? `line ${line}: ` : ''}${e.problem}`;
}

/** The parser half of decode.go (parser.parse, .document, .scalar, .alias ...): events to nodes. */
export class TreeBuilder {
  private event: YamlEvent | undefined;
  /** parser.anchors: kept from one document to the next */
  private readonly anchors = new Map<string, V3Node>();

  constructor(private readonly parser: Parser) {
    this.expect('STREAM-START');
  }

  /** The next document's root node, or undefined at the end of the stream. */
  document(): V3Node | undefined {
    if (this.peek().type === 'STREAM-END') return undefined;
    this.expect('DOCUMENT-START');
    const root = this.node();
    this.expect('DOCUMENT-END');
    return root;
  }

  private peek(): YamlEvent {
    try {
      return (this.event ??= this.parser.parse());
    } catch (error) {
      if (error instanceof YamlSyntaxError) fail(syntaxErrorText(error)); // parser.fail
      throw error;
    }
  }

  private expect(type: EventType): YamlEvent {
    const event = this.peek();
    if (event.type === 'STREAM-END') fail('attempted to go past the end of stream; corrupted value?');
    if (event.type !== type) {
      const problem = `expected ${type} event but got ${event.type}`;
      fail(syntaxErrorText(new YamlSyntaxError(problem, 'parser', event.start)));
    }
    this.event = undefined;
    return event;
  }

  private node(): V3Node {
    const event = this.peek();
    const line = event.start.line + 1;
    const explicit =
      event.tag !== undefined && event.tag !== '' && event.tag !== '!' ? shortTag(event.tag) : undefined;
    let n: V3Node;
    if (event.type === 'ALIAS') {
      const alias = this.anchors.get(event.anchor as string);
      if (alias === undefined) fail(`unknown anchor '${event.anchor}' referenced`);
      this.expect('ALIAS');
      return { kind: 'alias', tag: '', value: event.anchor as string, line, content: [], alias };
    }
    if (event.type === 'SCALAR') {
      const value = event.value as string;
      // parser.scalar: a quoted or block scalar is a !!str, a plain `<<` a merge key, others resolve
      const implicit = event.style !== 'plain' ? STR : value === '<<' ? MERGE : resolve('', value)?.tag;
      n = { kind: 'scalar', tag: explicit ?? (implicit as string), value, line, content: [] };
    } else {
      const kind = event.type === 'MAPPING-START' ? 'mapping' : 'sequence';
      n = { kind, tag: explicit ?? (kind === 'mapping' ? '!!map' : '!!seq'), value: '', line, content: [] };
    }
    if (event.anchor !== undefined) this.anchors.set(event.anchor, n); // before the children: `&a [*a]` is itself
    this.expect(event.type);
    if (n.kind !== 'scalar') {
      const end = n.kind === 'mapping' ? 'MAPPING-END' : 'SEQUENCE-END';
      while (this.peek().type !== end) n.content.push(this.node());
      this.expect(end);
    }
    return n;
  }
}

const NOT_SET = Symbol('not set');
/** Where a node is decoded: an interface{}, a string (a key of a string map), or into an existing map (a merge). */
type Target = 'any' | 'string' | Record<string, unknown>;

/** decoder: unmarshal into interface{}, with encoding/json's conversion of each value folded in. */
export class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly aliases = new Set<V3Node>();
  private readonly typeErrors: string[] = [];
  private mergedFields: Set<unknown> | undefined;

  document(root: V3Node): unknown {
    this.decodeCount++; // the document node
    const value = this.unmarshal(root, 'any');
    if (this.typeErrors.length > 0)
      throw new YamlV3Error(`parsing yaml: yaml: unmarshal errors:\n  ${this.typeErrors.join('\n  ')}`);
    return value === NOT_SET ? null : value;
  }

  private unmarshal(n: V3Node, target: Target): unknown {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > aliasRatio(this.decodeCount)
    )
      fail('document contains excessive aliasing');
    if (n.kind === 'alias') {
      if (this.aliases.has(n)) fail(`anchor '${n.value}' value contains itself`);
      this.aliases.add(n);
      this.aliasDepth++;
      const value = this.unmarshal(n.alias as V3Node, target);
      this.aliasDepth--;
      this.aliases.delete(n);
      return value;
    }
    if (n.kind === 'scalar') return this.scalar(n, target);
    if (n.kind === 'mapping') return this.mapping(n, target);
    if (target !== 'any') return this.typeError(n, target);
    const items: unknown[] = [];
    for (const item of n.content) {
      const value = this.unmarshal(item, 'any');
      if (value !== NOT_SET) items.push(value);
    }
    return items;
  }

  private scalar(n: V3Node, target: Target): unknown {
    let resolved: unknown = n.value;
    if (resolvableTag(n.tag) && n.tag !== STR) {
      const r = resolve(n.tag, n.value);
      if (r === undefined)
        fail(`cannot decode ${(resolve('', n.value) as Resolved).tag} \`${n.value}\` as a ${n.tag}`);
      resolved = r.value;
    } else if (n.tag === BINARY) {
      resolved = decodeBase64(n.value);
      if (resolved === undefined) fail('!!binary value contains invalid base64 data');
    }
    if (resolved === null) return target === 'any' ? null : NOT_SET; // decoder.null
    if (target === 'string') return n.tag === BINARY ? resolved : n.value;
    if (target !== 'any') return this.typeError(n, target);
    if (typeof resolved === 'number' && !Number.isFinite(resolved))
      jsonFail(`json: unsupported value: ${Number.isNaN(resolved) ? 'NaN' : resolved > 0 ? '+Inf' : '-Inf'}`);
    if (resolved instanceof GoTime) {
      if (resolved.marshalError !== undefined)
        jsonFail(`json: error calling MarshalJSON for type time.Time: ${resolved.marshalError}`);
      return resolved.text;
    }
    return resolved;
  }

  private mapping(n: V3Node, target: Target): unknown {
    const errors = this.typeErrors.length;
    for (let i = 0; i < n.content.length; i += 2) {
      const ni = n.content[i] as V3Node;
      for (let j = i + 2; j < n.content.length; j += 2) {
        const nj = n.content[j] as V3Node;
        if (ni.kind === nj.kind && ni.value === nj.value)
          this.typeErrors.push(
            `line ${nj.line}: mapping key ${JSON.stringify(nj.value)} already defined at line ${ni.line}`,
          );
      }
    }
    if (this.typeErrors.length > errors) return NOT_SET;
    if (target === 'string') return this.typeError(n, target);
    if (target === 'any' && !isStringMap(n))
      jsonFail('json: unsupported type: map[interface {}]interface {}');
    const out: Record<string, unknown> = target === 'any' ? {} : target;
    const mergedFields = this.mergedFields;
    this.mergedFields = undefined;
    let mergeNode: V3Node | undefined;
    for (let i = 0; i < n.content.length; i += 2) {
      const [k, v] = [n.content[i] as V3Node, n.content[i + 1] as V3Node];
      if (k.kind === 'scalar' && k.value === '<<' && k.tag === MERGE) {
        mergeNode = v;
        continue;
      }
      const key = this.unmarshal(k, 'string');
      if (key === NOT_SET) continue;
      if (mergedFields !== undefined) {
        if (mergedFields.has(key)) continue;
        mergedFields.add(key);
      }
      const value = this.unmarshal(v, 'any');
      if (value !== NOT_SET) setField(out, key as string, value);
    }
    this.mergedFields = mergedFields;
    if (mergeNode !== undefined) this.merge(n, mergeNode, out);
    return out;
  }

  /** decoder.merge: the `<<` mapping(s) add the keys the mapping does not have, the first one winning. */
  private merge(parent: V3Node, merge: V3Node, out: Record<string, unknown>): void {
    const mergedFields = this.mergedFields;
    if (mergedFields === undefined) {
      this.mergedFields = new Set();
      for (let i = 0; i < parent.content.length; i += 2) {
        const key = this.unmarshal(parent.content[i] as V3Node, 'any');
        if (key !== NOT_SET) this.mergedFields.add(key);
      }
    }
    const isMapping = (m: V3Node) => (m.kind === 'alias' ? m.alias?.kind : m.kind) === 'mapping';
    const sources = merge.kind === 'sequence' ? merge.content : [merge];
    if (merge.kind === 'scalar' || !sources.every(isMapping))
      fail('map merge requires map or sequence of maps as the value');
    for (const source of sources) this.unmarshal(source, out);
    this.mergedFields = mergedFields;
  }

  private typeError(n: V3Node, target: Target): typeof NOT_SET {
    const value =
      n.kind === 'scalar' ? ` \`${n.value.length > 10 ? n.value.slice(0, 7) + '...' : n.value}\`` : '';
    const into = target === 'string' ? 'string' : 'map[string]interface {}';
    this.typeErrors.push(`line ${n.line}: cannot unmarshal ${n.tag}${value} into ${into}`);
    return NOT_SET;
  }
}

/** isStringMap: every key is a !!str (or a `<<`), so the mapping decodes into map[string]interface{}. */
function isStringMap(n: V3Node): boolean {
  for (let i = 0; i < n.content.length; i += 2) {
    let key = n.content[i] as V3Node;
    while (key.kind === 'alias') key = key.alias as V3Node;
    if (key.tag !== STR && key.tag !== MERGE) return false;
  }
  return true;
}

export function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

/** allowedAliasRatio (goyaml.v2 has the same rule) */
export function aliasRatio(decodes: number): number {
  if (decodes <= 400_000) return 0.99;
  if (decodes >= 4_000_000) return 0.1;
  return 0.99 - (0.89 * (decodes - 400_000)) / 3_600_000;
}

/**
 * base64.StdEncoding.DecodeString (which skips \r and \n), the bytes read as json.Marshal reads a
 * Go string; undefined where Go reports invalid data. (goyaml.v2's !!binary decodes the same way.)
 */
export function decodeBase64(text: string): string | undefined {
  const s = text.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined;
  const bytes = Buffer.from(s, 'base64');
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const [cp, size] = decodeRune(bytes, i);
    out += String.fromCodePoint(cp);
    i += size;
  }
  return out;
}

/** utf8.DecodeRune: an invalid or short sequence is one byte of U+FFFD. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i] as number;
  if (c0 < 0x80) return [c0, 1];
  const size = c0 >= 0xf0 && c0 <= 0xf4 ? 4 : c0 >= 0xe0 ? 3 : c0 >= 0xc2 && c0 < 0xe0 ? 2 : 0;
  if (size === 0 || i + size > b.length) return [0xfffd, 1];
  let cp = c0 & (size === 2 ? 0x1f : size === 3 ? 0x0f : 0x07);
  for (let k = 1; k < size; k++) {
    const c = b[i + k] as number;
    if ((c & 0xc0) !== 0x80) return [0xfffd, 1];
    cp = (cp << 6) | (c & 0x3f);
  }
  const min = size === 2 ? 0x80 : size === 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [0xfffd, 1];
  return [cp, size];
}

function fail(message: string): never {
  throw new YamlV3Error(`parsing yaml: yaml: ${message}`);
}

function jsonFail(message: string): never {
  throw new YamlV3Error(`converting yaml to json: ${message}`);
}
