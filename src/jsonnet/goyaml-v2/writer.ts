// The YAML kf writes objects in: gopkg.in/yaml.v2's Marshal of the object as json.Unmarshal reads
// it, as Grafana Tanka writes it (`tk show`, `tk export`; kubectl's YAML is of the same style):
// keys in yaml.v2's natural order (`a9` before `a10`), sequences not indented under their key,
// numbers as Go's float64 `g` format (`1e+06`), long lines folded at 80 columns, `|-` literal
// blocks, YAML 1.1 look-alikes quoted. manifestYamlV2 (../goyaml-v2.ts) is an exact port of that
// Marshal, event by event (./encoder.ts, ./emitter.ts); this writes the same text directly,
// several times faster. It keeps the emitter's position (column, and its whitespace and indention
// flags) and asks the port for what it does not write itself: a scalar that folds where it stands
// or has odd line breaks (Emitter.scalarAt, from the same position), and a document with a key
// that does not fit on one line (the whole port). test/jsonnet/goyaml-v2-writer.test.ts checks
// that both agree byte for byte, goyaml-v2-marshal.test.ts this writer against Go's yaml.v2 itself.
import { codePoints, doubleQuotedEscape, isBreak, needsDoubleQuotedEscape } from '../libyaml-chars.js';
import {
  analyzeScalar,
  blockScalarHints,
  Emitter,
  selectScalarStyle,
  type ScalarPosition,
} from './emitter.js';
import { marshal, scalarEvent } from './encoder.js';
import { sortKeys } from './sorter.js';

/** yaml.v2's BEST_WIDTH: at a space past this column, a plain or quoted scalar is folded. */
const WIDTH = 80;

/** A scalar as written on the line of its key or `-`: its text after the separating space. */
interface InlineScalar {
  kind: 'inline';
  text: string;
  /** in code points (each one column) */
  width: number;
  /** code point index of the text's last space (where it could fold), -1 for none */
  lastSpace: number;
}
/** A literal block (`|`) whose only line break is LF: header, then lines at the scalar's indent. */
interface LiteralScalar {
  kind: 'literal';
  header: string;
  lines: string[];
  /** code points of the last line ('' when the text ends in a line break) */
  lastWidth: number;
}
/** Left to the port's emitter, at the position it comes at. */
interface PortScalar {
  kind: 'port';
}
type Scalar = InlineScalar | LiteralScalar | PortScalar;
const PORT: PortScalar = { kind: 'port' };

/** A mapping key as written (in the simple key context nothing folds, so the text is fixed). */
interface Key {
  text: string;
  width: number;
}

/** A document the direct writer leaves to the port (a key over 128 bytes or with a line break). */
class ComplexKey extends Error {}

// Per-string decisions, which repeat a lot across objects (keys, label values, images). Pure
// functions of the string, bounded so that a long-lived process does not grow without end.
const CACHE_LIMIT = 50_000;
/** Longer strings (descriptions, scripts) rarely repeat: not kept. */
const LONG_STRING = 256;
const scalars = new Map<string, Scalar>();
const keys = new Map<string, Key | null>();
const keyOrders = new Map<string, string[]>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** yaml.Marshal of JSON data, byte for byte what manifestYamlV2 gives. */
export function toYamlV2(value: unknown): string {
  if (value === null || typeof value !== 'object') return marshal(value);
  const size = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (size === 0) return marshal(value);
  try {
    const writer = new Writer();
    writer.node(value, -1, false);
    writer.writeIndent(0); // the implicit document end
    return writer.out;
  } catch (error) {
    if (error instanceof ComplexKey) return marshal(value);
    throw error;
  }
}

/**
 * The documents as yaml.v2's Encoder writes them one after another (Tanka's `tk show`): each
 * document after the first starts with `---`; nothing for none.
 */
export function toYamlV2Stream(values: unknown[]): string {
  return values.map(toYamlV2).join('---\n');
}

const PADDING = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));
const pad = (n: number) => PADDING[n] ?? ' '.repeat(n);

/** The emitter's output and position for one document of block collections. */
class Writer {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;

  /** yaml_emitter_write_indent */
  writeIndent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.out += '\n';
      this.column = 0;
    }
    if (this.column < indent) {
      this.out += pad(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  /** A node in a collection whose indentation is `indent` (-1: the document's root). */
  node(value: unknown, indent: number, mappingContext: boolean): void {
    if (Array.isArray(value)) {
      if (value.length === 0) return this.emptyFlow('[]');
      // a sequence that is a mapping's value is not indented under its key
      const inner = indent < 0 ? 0 : mappingContext && !this.indention ? indent : indent + 2;
      for (const item of value) {
        this.writeIndent(inner);
        if (!this.whitespace) this.put(' ');
        this.put('-');
        this.whitespace = false;
        this.node(item, inner, false);
      }
    } else if (value !== null && typeof value === 'object') {
      const map = value as Record<string, unknown>;
      const names = Object.keys(map);
      if (names.length === 0) return this.emptyFlow('{}');
      const inner = indent < 0 ? 0 : indent + 2;
      for (const name of names.length === 1 ? names : keyOrder(names)) {
        this.writeIndent(inner);
        const key = keyText(name);
        this.out += key.text;
        this.column += key.width + 1;
        this.out += ':';
        this.whitespace = false;
        this.indention = false;
        this.node(map[name], inner, true);
      }
    } else this.scalar(value, indent);
  }

  private put(text: string): void {
    this.out += text;
    this.column += text.length;
  }

  /** An empty collection, in flow style (`[]`, `{}`). */
  private emptyFlow(text: string): void {
    if (!this.whitespace) this.put(' ');
    this.put(text);
    this.whitespace = false;
    this.indention = false;
  }

  /** A scalar after a key's `:` or an item's `-` (so after a space), in a collection at `indent`. */
  private scalar(value: unknown, indent: number): void {
    if (typeof value === 'string') return this.string(value, indent);
    let text: string;
    if (value === null || value === undefined) text = 'null';
    else if (typeof value === 'boolean') text = value ? 'true' : 'false';
    else if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      Math.abs(value) < 1e6 &&
      !Object.is(value, -0)
    )
      text = String(value); // what Go's 'g' format gives for these; from 1e6 on it is `1e+06`
    else if (typeof value === 'number')
      text = scalarEvent(value).value; // plain: `0.5`, `.inf`, `-0`
    else return this.string(String(value), indent);
    this.out += ' ';
    this.out += text;
    this.column += 1 + text.length;
    this.whitespace = false;
    this.indention = false;
  }

  private string(value: string, indent: number): void {
    const scalar =
      value.length > LONG_STRING
        ? classify(value)
        : (scalars.get(value) ?? remember(scalars, value, classify(value)));
    if (scalar.kind === 'inline' && this.column + 1 + scalar.lastSpace <= WIDTH) {
      this.out += ' ';
      this.out += scalar.text;
      this.column += 1 + scalar.width;
      this.whitespace = false;
      this.indention = false;
    } else if (scalar.kind === 'literal') this.literal(scalar, indent + 2);
    else this.fromPort(value, indent); // one that folds here, or odd line breaks
  }

  /** yaml_emitter_write_literal_scalar of a text whose line breaks are all LF. */
  private literal(scalar: LiteralScalar, indent: number): void {
    const padding = pad(indent);
    let text = ` ${scalar.header}\n`;
    for (let i = 0; i < scalar.lines.length; i++) {
      const line = scalar.lines[i] as string;
      if (i > 0) text += '\n';
      if (line !== '') text += padding + line;
    }
    this.out += text;
    this.whitespace = true;
    this.indention = scalar.lastWidth === 0;
    this.column = this.indention ? 0 : indent + scalar.lastWidth;
  }

  /** The port's emitter writes the scalar, from where this writer stands. */
  private fromPort(value: string, indent: number): void {
    const at: ScalarPosition = {
      column: this.column,
      indent,
      whitespace: this.whitespace,
      indention: this.indention,
      simpleKey: false,
    };
    const written = Emitter.scalarAt(scalarEvent(value), at);
    this.out += written.text;
    this.column = written.column;
    this.whitespace = written.whitespace;
    this.indention = written.indention;
  }
}

/** sortKeys (yaml.v2's sorter) of an object's keys, remembered for each list of keys. */
function keyOrder(names: string[]): string[] {
  if (names.some((name) => name.includes('\0'))) return sortKeys(names); // (NUL joins the list)
  const joined = names.join('\0');
  return keyOrders.get(joined) ?? remember(keyOrders, joined, sortKeys(names));
}

/** A key's text from the port's emitter (yaml_emitter_check_simple_key: one line, at most 128 bytes). */
function keyText(name: string): Key {
  let key = keys.get(name);
  if (key === undefined) {
    const event = scalarEvent(name);
    const simple = !analyzeScalar(codePoints(event.value)).multiline && Buffer.byteLength(event.value) <= 128;
    const at = { column: 0, indent: 0, whitespace: true, indention: true, simpleKey: true };
    const text = simple ? Emitter.scalarAt(event, at).text : undefined;
    key = remember(keys, name, text === undefined ? null : { text, width: codePoints(text).length });
  }
  if (key === null) throw new ComplexKey();
  return key;
}

/**
 * How a string value is written (outside a key), in the style the emitter selects for the one
 * encode.go's stringv asks for: the text of a plain, single- or double-quoted scalar (to be checked
 * against the fold where it stands), or the lines of a literal block.
 */
function classify(s: string): Scalar {
  const event = scalarEvent(s);
  const value = codePoints(event.value);
  const analysis = analyzeScalar(value);
  const style = selectScalarStyle(event.style, value, analysis, false);
  let text: string;
  if (style === 'plain') text = event.value;
  else if (style === 'single') {
    if (analysis.multiline) return PORT; // a line break the single-quoted writer copies (U+2028, U+2029)
    text = `'${event.value.replaceAll("'", "''")}'`;
  } else if (style === 'double') {
    const bom = value[0] === 0xfeff;
    text = '"';
    for (const c of value)
      text += needsDoubleQuotedEscape(c, bom) ? doubleQuotedEscape(c) : String.fromCodePoint(c);
    text += '"';
  } else {
    if (value.some((c) => c !== 0x0a && isBreak(c))) return PORT;
    const lines = event.value.split('\n');
    return {
      kind: 'literal',
      header: `|${blockScalarHints(value)}`,
      lines,
      lastWidth: codePoints(lines[lines.length - 1] as string).length,
    };
  }
  const chars = codePoints(text);
  return { kind: 'inline', text, width: chars.length, lastSpace: chars.lastIndexOf(0x20) };
}
