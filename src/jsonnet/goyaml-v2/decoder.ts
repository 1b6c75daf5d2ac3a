// goyaml.v2's decode.go (Apache-2.0, Copyright 2011-2016 Canonical Ltd) for std.parseYaml, with
// what go-jsonnet does to its result folded in. Its parser half turns the first document's events
// into nodes (yaml.v2's Unmarshal reads one document and stops); its decoder decodes them into an
// interface{}: mappings into map[interface{}]interface{}, merge keys (`<<`) in document order, so
// that a later key, or a later merge, overwrites an earlier one. Then sigs.k8s.io/yaml v1.4.0's
// YAMLToJSON (yaml.go, Apache-2.0, Copyright 2021 The Kubernetes Authors) makes every key a string
// (convertToJSONableObject: an int as Itoa, a float as FormatFloat(f, 'g', -1, 32), a bool as
// true/false; null and uint64 keys are errors) and json.Marshal refuses NaN and the infinities;
// encoding/json's Unmarshal of that JSON makes every number a float64.
import { type Parser, type YamlEvent } from '../yaml-v3/parser.js';
import { YamlSyntaxError } from '../yaml-v3/scanner.js';
import { aliasRatio, decodeBase64, setField } from '../yaml-v3/decoder.js';
import { formatFloat, type GoMap, goSyntax, goType, type GoValue } from './go-fmt.js';
import { BINARY, MERGE, resolve, ResolveError, type Resolved, STR } from './resolve.js';

/**
 * An error of sigs.k8s.io/yaml's yamlToJSONTarget ("yaml: line 3: ...", "unsupported map key ...",
 * "json: unsupported value: NaN"), which its Unmarshal prefixes with "error converting YAML to JSON: ".
 */
export class YamlToJsonError extends Error {}

/** A node of decode.go's tree (its node type); tags are long, '' where the document gives none. */
export interface V2Node {
  kind: 'scalar' | 'mapping' | 'sequence' | 'alias';
  tag: string;
  /** a scalar's text; an alias's anchor name */
  value: string;
  /** the event's plain_implicit: a plain scalar without a tag, or with the non-specific `!` */
  implicit: boolean;
  /** a mapping's keys and values, alternately, or a sequence's items */
  children: V2Node[];
  alias?: V2Node;
}

/** The children of every scalar and alias (only a collection's are added to). */
const NO_CHILDREN: V2Node[] = [];

/** parser.fail's text: the problem's line (+1 for a scanner error), else the context's. */
function syntaxErrorText(e: YamlSyntaxError): string {
  let line = 0;
  if (e.problemMark !== undefined && e.problemMark.line !== 0)
    line = e.problemMark.line + (e.kind === 'scanner' ? 1 : 0);
  else if (e.contextMark !== undefined && e.contextMark.line !== 0) line = e.contextMark.line;
  return `${line !== 0 ? `line ${line}: ` : ''}${e.problem || 'unknown problem parsing YAML content'}`;
}

/** The parser half of decode.go (parser.parse, .document, .scalar, .alias ...): events to nodes. */
export class TreeBuilder {
  private event: YamlEvent | undefined;
  /** the document's anchors (p.doc.anchors) */
  private readonly anchors = new Map<string, V2Node>();

  constructor(private readonly parser: Parser) {}

  /** parser.parse at the top: the first document's root, or undefined if the stream has none. */
  document(): V2Node | undefined {
    this.expect('STREAM-START');
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

  private expect(type: YamlEvent['type']): void {
    const event = this.peek();
    if (event.type === 'STREAM-END') fail('attempted to go past the end of stream; corrupted value?');
    if (event.type !== type) fail(`expected ${type} event but got ${event.type}`);
    this.event = undefined;
  }

  /**
   * parser.parse below the document: a node and its children. Go recurses; this keeps the open
   * collections on a stack of its own, so that only the scanner's limit (10,000 levels) applies.
   */
  private node(): V2Node {
    const open: V2Node[] = [];
    while (true) {
      const event = this.peek();
      const parent = open[open.length - 1];
      if (event.type === 'MAPPING-END' || event.type === 'SEQUENCE-END') {
        this.expect(event.type);
        open.pop();
        if (open.length === 0) return parent as V2Node;
        continue;
      }
      const n = this.start(event);
      parent?.children.push(n);
      if (n.kind === 'mapping' || n.kind === 'sequence') open.push(n);
      else if (parent === undefined) return n;
    }
  }

  /** parser.alias, .scalar, or the start of .mapping or .sequence (its event consumed). */
  private start(event: YamlEvent): V2Node {
    if (event.type === 'ALIAS') {
      const alias = this.anchors.get(event.anchor as string);
      if (alias === undefined) fail(`unknown anchor '${event.anchor}' referenced`);
      this.expect('ALIAS');
      const value = event.anchor as string;
      return { kind: 'alias', tag: '', value, implicit: false, children: NO_CHILDREN, alias };
    }
    const tag = event.tag ?? '';
    const n: V2Node =
      event.type === 'SCALAR'
        ? {
            kind: 'scalar',
            tag,
            value: event.value as string,
            implicit: (tag === '' && event.style === 'plain') || tag === '!',
            children: NO_CHILDREN,
          }
        : {
            kind: event.type === 'MAPPING-START' ? 'mapping' : 'sequence',
            tag,
            value: '',
            implicit: false,
            children: [],
          };
    if (event.anchor !== undefined) this.anchors.set(event.anchor, n); // before the children: `&a [*a]` is itself
    this.expect(event.type);
    return n;
  }
}

/** A key convertToJSONableObject cannot make a string: its Go type and %+#v text. */
interface UnsupportedKey {
  type: string;
  text: string;
}

/** decoder: unmarshal into interface{}, then YAMLToJSON's conversion and encoding/json's round trip. */
export class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly aliases = new Set<V2Node>();
  /** convertToJSONableObject's error, which comes after decoding has finished */
  private keyError: string | undefined;
  /** whether a NaN or an infinity was decoded, which json.Marshal then refuses */
  private nonFinite = false;

  document(root: V2Node): unknown {
    this.count(); // the document node
    const value = this.unmarshal(root);
    if (this.keyError !== undefined) throw new YamlToJsonError(this.keyError);
    if (this.nonFinite) {
      const bad = firstNonFinite(value);
      if (bad !== undefined)
        throw new YamlToJsonError(
          `json: unsupported value: ${Number.isNaN(bad) ? 'NaN' : bad > 0 ? '+Inf' : '-Inf'}`,
        );
    }
    return value;
  }

  /** The start of decoder.unmarshal: counts the node and refuses excessive aliasing. */
  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > aliasRatio(this.decodeCount)
    )
      fail('document contains excessive aliasing');
  }

  /** decoder.alias around `decode` of the anchored node. */
  private alias<T>(n: V2Node, decode: (target: V2Node) => T): T {
    if (this.aliases.has(n)) fail(`anchor '${n.value}' value contains itself`);
    this.aliases.add(n);
    this.aliasDepth++;
    const value = decode(n.alias as V2Node);
    this.aliasDepth--;
    this.aliases.delete(n);
    return value;
  }

  private unmarshal(n: V2Node): unknown {
    this.count();
    switch (n.kind) {
      case 'alias':
        return this.alias(n, (target) => this.unmarshal(target));
      case 'scalar': {
        const value = this.scalar(n).value;
        if (typeof value === 'number' && !Number.isFinite(value)) this.nonFinite = true;
        return value;
      }
      case 'mapping': {
        const out: Record<string, unknown> = {};
        this.mapping(n, out);
        return out;
      }
      case 'sequence':
        return n.children.map((item) => this.unmarshal(item));
    }
  }

  /** decoder.scalar's value: a quoted or block scalar without a tag is a string, others resolve. */
  private scalar(n: V2Node): Resolved {
    if (n.tag === '' && !n.implicit) return { tag: STR, value: n.value };
    let resolved: Resolved;
    try {
      resolved = resolve(n.tag, n.value);
    } catch (error) {
      if (error instanceof ResolveError) fail(error.message);
      throw error;
    }
    if (resolved.tag !== BINARY) return resolved;
    const text = decodeBase64(resolved.value as string);
    if (text === undefined) fail('!!binary value contains invalid base64 data');
    return { tag: BINARY, value: text };
  }

  /** decoder.mapping into `out` (a new map, or the one a merge adds to); keys as JSON's strings. */
  private mapping(n: V2Node, out: Record<string, unknown>): void {
    for (let i = 0; i < n.children.length; i += 2) {
      const k = n.children[i] as V2Node;
      const v = n.children[i + 1] as V2Node;
      if (isMerge(k)) {
        this.merge(v, out);
        continue;
      }
      const key = this.key(k);
      const value = this.unmarshal(v);
      if (typeof key === 'string') setField(out, key, value);
      else
        this.keyError ??= `unsupported map key of type: ${key.type}, key: ${key.text}, value: ${goSyntax(this.goValue(v), false)}`;
    }
  }

  /** A key decoded into interface{}, then convertToJSONableObject's string for it. */
  private key(n: V2Node): string | UnsupportedKey {
    if (n.kind === 'mapping' || n.kind === 'sequence') {
      this.unmarshal(n);
      fail(`invalid map key: ${goSyntax(this.goValue(n), false)}`);
    }
    this.count();
    if (n.kind === 'alias') return this.alias(n, (target) => this.key(target));
    const resolved = this.scalar(n);
    const value = resolved.value;
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean') return String(value);
    if (value === null) return { type: '%!s(<nil>)', text: '<nil>' };
    if (resolved.uint64) return { type: 'uint64', text: `0x${(resolved.int as bigint).toString(16)}` };
    if (resolved.int !== undefined) return resolved.int.toString();
    const text = formatFloat(value, 32);
    return text === '+Inf' ? '.inf' : text === '-Inf' ? '-.inf' : text === 'NaN' ? '.nan' : text;
  }

  /** decoder.merge: a mapping, an alias of one, or a sequence of them (the first one winning). */
  private merge(n: V2Node, out: Record<string, unknown>): void {
    const isMapping = (m: V2Node) => (m.kind === 'alias' ? m.alias?.kind : m.kind) === 'mapping';
    if (n.kind === 'sequence') {
      for (let i = n.children.length - 1; i >= 0; i--) {
        const item = n.children[i] as V2Node;
        if (!isMapping(item)) fail('map merge requires map or sequence of maps as the value');
        this.unmarshalInto(item, out);
      }
    } else if (isMapping(n)) this.unmarshalInto(n, out);
    else fail('map merge requires map or sequence of maps as the value');
  }

  /** decoder.unmarshal of a mapping (or an alias of one) into the map `out`. */
  private unmarshalInto(n: V2Node, out: Record<string, unknown>): void {
    this.count();
    if (n.kind === 'alias') this.alias(n, (target) => this.unmarshalInto(target, out));
    else this.mapping(n, out);
  }

  /** A node already decoded without error, decoded again as Go holds it, for fmt's %#v. */
  private goValue(n: V2Node): GoValue {
    if (n.kind === 'alias') return this.goValue(n.alias as V2Node);
    if (n.kind === 'scalar') return this.scalar(n);
    if (n.kind === 'sequence') return n.children.map((item) => this.goValue(item));
    const map: GoMap = new Map();
    const add = (m: V2Node) => {
      for (let i = 0; i < m.children.length; i += 2) {
        const [k, v] = [m.children[i] as V2Node, m.children[i + 1] as V2Node];
        if (isMerge(k)) {
          const sources = v.kind === 'sequence' ? [...v.children].reverse() : [v];
          for (const source of sources) add(source.kind === 'alias' ? (source.alias as V2Node) : source);
        } else {
          const key = this.goValue(k) as Resolved;
          // Go's map: keys equal by type and value; NaN equals nothing
          const id = Number.isNaN(key.value) ? Symbol('NaN') : `${goType(key)}:${key.int ?? key.value}`;
          map.set(id, [key, this.goValue(v)]);
        }
      }
    };
    add(n);
    return map;
  }
}

/** isMerge: a `<<` key, plain or tagged !!merge. */
function isMerge(n: V2Node): boolean {
  return n.kind === 'scalar' && n.value === '<<' && (n.implicit || n.tag === MERGE);
}

/** The first NaN or infinity json.Marshal meets (it writes a map's keys in byte order). */
function firstNonFinite(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = firstNonFinite(item);
      if (bad !== undefined) return bad;
    }
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
      const bad = firstNonFinite(o[key]);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

function fail(message: string): never {
  throw new YamlToJsonError(`yaml: ${message}`);
}
