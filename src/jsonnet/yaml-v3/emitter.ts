// gopkg.in/yaml.v3's encoder (encode.go, sorter.go) and the part of its libyaml emitter
// (emitterc.go) that JSON data reaches: yaml.Marshal of nil, bool, float64, string, []interface{}
// and map[string]interface{}, in block style with 4-space indentation, unicode output on and a
// line width of 1<<31-1 (best_width -1), so none of the emitter's line-folding branches can fire.
// Comments and anchors, which JSON data never has, are left out. Function names are Go's.
import {
  codePoints,
  doubleQuotedEscape,
  isBase60Float,
  isBlank,
  isBlankOrBreakOrNul,
  isBreak,
  isPrintable,
  keyLess,
  needsDoubleQuotedEscape,
} from '../libyaml-chars.js';
import { resolve, STR } from './resolve.js';

const BEST_INDENT = 4;

/** yaml.Marshal of JSON data (as json.Unmarshal gives it to Go: every number a float64). */
export function marshal(value: unknown): string {
  const emitter = new Emitter();
  emitter.node(value, false); // yaml_emitter_emit_document_content: the root node
  emitter.writeIndent(); // yaml_emitter_emit_document_end (implicit: no "...")
  return emitter.text();
}

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

/** The event yaml.v3's encoder emits for a scalar: its text and the style it asks for. */
function scalarEvent(value: unknown): [string, ScalarStyle] {
  if (value === null || value === undefined) return ['null', 'plain']; // nilv
  if (typeof value === 'boolean') return [String(value), 'plain']; // boolv
  if (typeof value === 'number') return [formatFloat(value), 'plain']; // floatv
  const s = String(value).replace(/[\uD800-\uDFFF]/gu, '\uFFFD'); // as json.Unmarshal reads lone surrogates
  // stringv: plain unless the text would read back as another type (or as a YAML 1.1 one)
  const canUsePlain = resolve('', s)?.tag === STR && !isBase60Float(s) && !isOldBool(s);
  return [s, s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double'];
}

/** strconv.FormatFloat(f, 'g', -1, 64), with floatv's names for the infinities and NaN. */
function formatFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  const sign = f < 0 || Object.is(f, -0) ? '-' : '';
  // toExponential() gives the shortest digits that read back as f, as Go's shortest formatting does
  const [mantissa, exponent] = Math.abs(f).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) {
    // %e when the exponent is < -4 or >= the precision, which is 6 for the shortest form
    const e = String(Math.abs(exp)).padStart(2, '0');
    return `${sign}${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const fraction = digits.slice(exp + 1);
  return `${sign}${digits.slice(0, exp + 1).padEnd(exp + 1, '0')}${fraction && '.' + fraction}`;
}

function isOldBool(s: string): boolean {
  return /^(y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF)$/.test(s);
}

/** What yaml_emitter_analyze_scalar finds out about a scalar (flow context left out: JSON data never reaches it). */
interface ScalarAnalysis {
  /** in characters (code points) */
  length: number;
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyzeScalar(value: string): ScalarAnalysis {
  if (value === '')
    return {
      length: 0,
      multiline: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  let length = 0;
  for (let i = 0; i < value.length; length++) {
    const c = value.codePointAt(i) as number;
    const first = i === 0;
    i += c > 0xffff ? 2 : 1;
    const last = i >= value.length;
    const followedByWhitespace = last || isBlank(value.charCodeAt(i));
    if (first) {
      if ('#,[]{}&*!|>\'"%@`'.includes(value[0] as string)) blockIndicators = true;
      if ((c === 0x3f || c === 0x3a || c === 0x2d) && followedByWhitespace) blockIndicators = true; // ? : -
    } else {
      if (c === 0x3a && followedByWhitespace) blockIndicators = true; // ':'
      if (c === 0x23 && precededByWhitespace) blockIndicators = true; // '#'
    }
    if (c === 0x09) tabCharacters = true;
    else if (!isPrintable(c)) specialCharacters = true;
    if (c === 0x20) {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else previousSpace = previousBreak = false;
    precededByWhitespace = isBlankOrBreakOrNul(c);
  }
  const noPlain =
    leadingSpace ||
    leadingBreak ||
    trailingSpace ||
    trailingBreak ||
    breakSpace ||
    spaceBreak ||
    tabCharacters;
  return {
    length,
    multiline: lineBreaks,
    blockPlainAllowed: !(noPlain || specialCharacters || lineBreaks || blockIndicators),
    singleQuotedAllowed: !(breakSpace || spaceBreak || tabCharacters || specialCharacters),
    blockAllowed: !(trailingSpace || spaceBreak || specialCharacters),
  };
}

/** The libyaml emitter's state while it writes one document of block-style events. */
class Emitter {
  private out = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;

  text(): string {
    return this.out;
  }

  /** yaml_emitter_emit_node for one value; `inSequence`: it is an item of a block sequence. */
  node(value: unknown, inSequence: boolean): void {
    if (Array.isArray(value)) {
      if (value.length === 0) return this.emptyFlowCollection('[', ']');
      this.increaseIndent(false, inSequence); // yaml_emitter_emit_block_sequence_item, first
      for (const item of value) {
        this.writeIndent();
        this.writeIndicator('-', true, false, true);
        this.node(item, true);
      }
      this.indent = this.indents.pop() as number;
    } else if (value !== null && typeof value === 'object') {
      const map = value as Record<string, unknown>;
      const keys = Object.keys(map).map((key) => ({ key, chars: codePoints(key) }));
      if (keys.length === 0) return this.emptyFlowCollection('{', '}');
      keys.sort((x, y) => (keyLess(x.chars, y.chars, true) ? -1 : keyLess(y.chars, x.chars, true) ? 1 : 0)); // mapv: sort.Sort(keyList)
      this.increaseIndent(false, inSequence); // yaml_emitter_emit_block_mapping_key, first
      for (const { key } of keys) this.mappingEntry(key, map[key]);
      this.indent = this.indents.pop() as number;
    } else {
      const [text, style] = scalarEvent(value);
      this.scalar(text, style, inSequence, false);
    }
  }

  private mappingEntry(key: string, value: unknown): void {
    const [text, style] = scalarEvent(key);
    const analysis = analyzeScalar(text);
    this.writeIndent();
    // yaml_emitter_check_simple_key: one line, at most 128 bytes
    if (!analysis.multiline && Buffer.byteLength(text) <= 128) {
      this.scalar(text, style, false, true, analysis);
      this.writeIndicator(':', false, false, false); // yaml_emitter_emit_block_mapping_value, simple
    } else {
      this.writeIndicator('?', true, false, true);
      this.scalar(text, style, false, false, analysis);
      this.writeIndent(); // yaml_emitter_emit_block_mapping_value, not simple
      this.writeIndicator(':', true, false, true);
    }
    this.node(value, false);
  }

  /** An empty sequence or mapping, which the emitter writes in flow style. */
  private emptyFlowCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  /** yaml_emitter_emit_scalar: yaml_emitter_select_scalar_style, then yaml_emitter_process_scalar. */
  private scalar(
    text: string,
    requested: ScalarStyle,
    inSequence: boolean,
    simpleKey: boolean,
    a = analyzeScalar(text),
  ) {
    let style = requested;
    if (simpleKey && a.multiline) style = 'double';
    if (style === 'plain' && (!a.blockPlainAllowed || (text === '' && simpleKey))) style = 'single';
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
    this.increaseIndent(true, inSequence);
    if (style === 'plain') this.writePlainScalar(text, a.length);
    else if (style === 'single') this.writeSingleQuotedScalar(codePoints(text));
    else if (style === 'double') this.writeDoubleQuotedScalar(codePoints(text));
    else this.writeLiteralScalar(text);
    this.indent = this.indents.pop() as number;
  }

  /** yaml_emitter_increase_indent ([Go]'s variant: a sequence item's content only skips "- "). */
  private increaseIndent(flow: boolean, inSequence: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (inSequence) this.indent += 2;
    else this.indent = BEST_INDENT * Math.floor((this.indent + BEST_INDENT) / BEST_INDENT);
  }

  private put(c: string): void {
    this.out += c;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  /** write_break: '\n' as a line break, any other break character copied (and counted as one). */
  private writeBreak(c: number): void {
    if (c === 0x0a) return this.putBreak();
    this.put(String.fromCodePoint(c));
    this.column = 0;
    this.indention = true;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    if (this.column < indent) {
      this.out += ' '.repeat(indent - this.column);
      this.column = indent;
    }
    this.whitespace = true;
  }

  private writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ) {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.out += indicator;
    this.column += indicator.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** A plain scalar holds no break (analyze_scalar rules it out), so the text is copied as it is. */
  private writePlainScalar(text: string, length: number): void {
    if (length > 0 && !this.whitespace) this.put(' ');
    this.out += text;
    this.column += length;
    if (length > 0) this.whitespace = false;
    this.indention = false;
  }

  /** Single quotes hold no '\n' here (such text is a literal or double-quoted) but may hold LS or PS. */
  private writeSingleQuotedScalar(value: number[]): void {
    this.writeIndicator("'", true, false, false);
    let breaks = false;
    for (const c of value) {
      if (c === 0x20) this.put(' ');
      else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.put(String.fromCodePoint(c));
        this.indention = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuotedScalar(value: number[]): void {
    this.writeIndicator('"', true, false, false);
    const bom = value[0] === 0xfeff; // is_bom looks at the value's start, whatever the index
    let quoted = '';
    for (const c of value) {
      quoted += needsDoubleQuotedEscape(c, bom) ? doubleQuotedEscape(c) : String.fromCodePoint(c);
    }
    this.out += quoted;
    this.column += quoted.length; // only printable BMP characters are written unescaped: one unit each
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteralScalar(text: string): void {
    const value = codePoints(text);
    this.writeIndicator('|', true, false, false);
    // yaml_emitter_write_block_scalar_hints: an indentation indicator when the text starts with a
    // space or a break; "-" when it does not end in a break, "+" when it ends in two (or is one)
    if (value[0] === 0x20 || isBreak(value[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const n = value.length;
    if (!isBreak(value[n - 1])) this.writeIndicator('-', false, false, false);
    else if (n === 1 || isBreak(value[n - 2])) this.writeIndicator('+', false, false, false);
    this.whitespace = true;
    let breaks = true;
    // each run of characters between breaks is copied at once (`at` counts UTF-16 units in `text`)
    for (let i = 0, at = 0; i < n;) {
      const c = value[i] as number;
      if (isBreak(c)) {
        this.writeBreak(c);
        breaks = true;
        [i, at] = [i + 1, at + 1];
        continue;
      }
      if (breaks) this.writeIndent();
      const [start, from] = [i, at];
      for (; i < n && !isBreak(value[i] as number); i++) at += (value[i] as number) > 0xffff ? 2 : 1;
      this.out += text.slice(from, at);
      this.column += i - start;
      this.indention = false;
      breaks = false;
    }
  }
}
