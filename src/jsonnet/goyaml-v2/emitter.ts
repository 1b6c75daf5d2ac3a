// goyaml.v2's emitterc.go (libyaml's emitter; MIT, Copyright 2006-2010 Kirill Simonov, 2011-2016
// Canonical Ltd) for the events ./encoder.ts sends: one implicit document of block collections,
// empty ones in flow style, and scalars. Settings as yaml.v2 v2.4.0's Marshal leaves them: 2-space
// indentation, unicode output, and a line width of 80, past which plain and quoted scalars fold
// at a space (literal ones never do). Unlike yaml.v3 (../yaml-v3/emitter.ts), a block sequence
// that is a mapping's value is not indented under its key, and a tab makes a scalar
// double-quoted. Anchors, tags and comments, which JSON data never has, are left out. Function
// names are Go's.
import {
  codePoints,
  doubleQuotedEscape,
  isBlank,
  isBlankOrBreakOrNul,
  isBreak,
  isPrintable,
  needsDoubleQuotedEscape,
} from '../libyaml-chars.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';
export type ScalarEvent = { type: 'scalar'; value: string; style: ScalarStyle };
/** The events of yaml_emitter_emit (`empty`: the collection's end event comes next). */
export type EmitterEvent =
  | ScalarEvent
  | { type: 'sequence-start' | 'mapping-start'; empty: boolean }
  | { type: 'sequence-end' | 'mapping-end' | 'document-end' };

type State =
  | 'document-content'
  | 'document-end'
  | 'end'
  | 'flow-empty'
  | 'block-sequence-first-item'
  | 'block-sequence-item'
  | 'block-mapping-first-key'
  | 'block-mapping-key'
  | 'block-mapping-simple-value'
  | 'block-mapping-value';

/** What yaml_emitter_analyze_scalar finds out about a scalar (in block context). */
interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, on code points. */
export function analyzeScalar(value: number[]): ScalarAnalysis {
  if (value.length === 0)
    return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const [c0, c1, c2] = value;
  let blockIndicators =
    (c0 === 0x2d && c1 === 0x2d && c2 === 0x2d) || (c0 === 0x2e && c1 === 0x2e && c2 === 0x2e);
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as number;
    const first = i === 0;
    const last = i === value.length - 1;
    const followedByWhitespace = last || isBlank(value[i + 1]);
    if (first) {
      if ('#,[]{}&*!|>\'"%@`'.includes(String.fromCodePoint(c))) blockIndicators = true;
      if ((c === 0x3f || c === 0x3a || c === 0x2d) && followedByWhitespace) blockIndicators = true; // ? : -
    } else {
      if (c === 0x3a && followedByWhitespace) blockIndicators = true; // ':'
      if (c === 0x23 && precededByWhitespace) blockIndicators = true; // '#'
    }
    if (!isPrintable(c)) specialCharacters = true; // a tab too
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
  const edges = leadingSpace || leadingBreak || trailingSpace || trailingBreak;
  return {
    multiline: lineBreaks,
    blockPlainAllowed: !(
      edges ||
      breakSpace ||
      spaceBreak ||
      specialCharacters ||
      lineBreaks ||
      blockIndicators
    ),
    singleQuotedAllowed: !(breakSpace || spaceBreak || specialCharacters),
    blockAllowed: !(trailingSpace || spaceBreak || specialCharacters),
  };
}

/**
 * yaml_emitter_select_scalar_style for the style the encoder asks for (`simpleKey`: a mapping's
 * key, which stays on one line).
 */
export function selectScalarStyle(
  style: ScalarStyle,
  value: number[],
  a: ScalarAnalysis,
  simpleKey: boolean,
): ScalarStyle {
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && (!a.blockPlainAllowed || (value.length === 0 && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

/**
 * yaml_emitter_write_block_scalar_hints after a literal's `|`: an indentation indicator when the
 * text starts with a space or a break; "-" when it does not end in a break, "+" when it ends in
 * two (or is one).
 */
export function blockScalarHints(value: number[]): string {
  let hints = value[0] === 0x20 || isBreak(value[0]) ? String(BEST_INDENT) : '';
  const n = value.length;
  if (!isBreak(value[n - 1])) hints += '-';
  else if (n === 1 || isBreak(value[n - 2])) hints += '+';
  return hints;
}

/** Where a block collection's writer stands when a scalar comes (see Emitter.scalarAt). */
export interface ScalarPosition {
  column: number;
  /** the indentation of the collection the scalar is in */
  indent: number;
  whitespace: boolean;
  indention: boolean;
  /** a mapping's key (no folding, one line) */
  simpleKey: boolean;
}

/** The libyaml emitter's state machine, fed one event at a time by yaml_emitter_emit. */
export class Emitter {
  /**
   * yaml_emitter_emit_scalar on its own: the text this emitter writes for `event` at `at`, and where
   * it leaves the writer. For ./writer.ts, which writes the rest of the document itself.
   */
  static scalarAt(
    event: ScalarEvent,
    at: ScalarPosition,
  ): Omit<ScalarPosition, 'indent' | 'simpleKey'> & { text: string } {
    const emitter = new Emitter();
    emitter.column = at.column;
    emitter.indent = at.indent;
    emitter.whitespace = at.whitespace;
    emitter.indention = at.indention;
    emitter.simpleKeyContext = at.simpleKey;
    emitter.emitScalar(event);
    const { out: text, column, whitespace, indention } = emitter;
    return { text, column, whitespace, indention };
  }

  private out = '';
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private state: State = 'document-content';
  private readonly states: State[] = [];
  private whitespace = true;
  private indention = true;
  // yaml_emitter_emit_node's context of the current node
  private mappingContext = false;
  private simpleKeyContext = false;
  private closing = '';

  text(): string {
    return this.out;
  }

  /** yaml_emitter_state_machine */
  emit(event: EmitterEvent): void {
    switch (this.state) {
      case 'document-content': // yaml_emitter_emit_document_content
        this.states.push('document-end');
        return this.emitNode(event, false, false);
      case 'document-end': // yaml_emitter_emit_document_end, implicit
        if (event.type !== 'document-end') throw new Error('expected DOCUMENT-END');
        this.writeIndent();
        this.state = 'end';
        return;
      case 'flow-empty': // yaml_emitter_emit_flow_sequence_item / _mapping_key, at the end event
        this.popIndent();
        this.writeIndicator(this.closing, false, false, false);
        return this.popState();
      case 'block-sequence-first-item':
      case 'block-sequence-item':
        return this.emitBlockSequenceItem(event, this.state === 'block-sequence-first-item');
      case 'block-mapping-first-key':
      case 'block-mapping-key':
        return this.emitBlockMappingKey(event, this.state === 'block-mapping-first-key');
      case 'block-mapping-simple-value':
      case 'block-mapping-value':
        return this.emitBlockMappingValue(event, this.state === 'block-mapping-simple-value');
      case 'end':
        throw new Error('expected nothing after the document');
    }
  }

  private popIndent(): void {
    this.indent = this.indents.pop() as number;
  }

  private popState(): void {
    this.state = this.states.pop() as State;
  }

  /** yaml_emitter_emit_block_sequence_item */
  private emitBlockSequenceItem(event: EmitterEvent, first: boolean): void {
    if (first) this.increaseIndent(false, this.mappingContext && !this.indention);
    if (event.type === 'sequence-end') {
      this.popIndent();
      return this.popState();
    }
    this.writeIndent();
    this.writeIndicator('-', true, false, true);
    this.states.push('block-sequence-item');
    this.emitNode(event, false, false);
  }

  /** yaml_emitter_emit_block_mapping_key */
  private emitBlockMappingKey(event: EmitterEvent, first: boolean): void {
    if (first) this.increaseIndent(false, false);
    if (event.type === 'mapping-end') {
      this.popIndent();
      return this.popState();
    }
    this.writeIndent();
    if (checkSimpleKey(event)) {
      this.states.push('block-mapping-simple-value');
      return this.emitNode(event, true, true);
    }
    this.writeIndicator('?', true, false, true);
    this.states.push('block-mapping-value');
    this.emitNode(event, true, false);
  }

  /** yaml_emitter_emit_block_mapping_value */
  private emitBlockMappingValue(event: EmitterEvent, simple: boolean): void {
    if (simple) this.writeIndicator(':', false, false, false);
    else {
      this.writeIndent();
      this.writeIndicator(':', true, false, true);
    }
    this.states.push('block-mapping-key');
    this.emitNode(event, true, false);
  }

  /** yaml_emitter_emit_node, with yaml_emitter_emit_sequence_start and _mapping_start. */
  private emitNode(event: EmitterEvent, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    switch (event.type) {
      case 'scalar':
        return this.emitScalar(event);
      case 'sequence-start':
      case 'mapping-start':
        if (event.empty) {
          // yaml_emitter_emit_flow_sequence_item / _mapping_key, first
          this.writeIndicator(event.type === 'sequence-start' ? '[' : '{', true, true, false);
          this.increaseIndent(true, false);
          this.closing = event.type === 'sequence-start' ? ']' : '}';
          this.state = 'flow-empty';
        } else
          this.state =
            event.type === 'sequence-start' ? 'block-sequence-first-item' : 'block-mapping-first-key';
        return;
      default:
        throw new Error(`expected SCALAR, SEQUENCE-START or MAPPING-START, not ${event.type}`);
    }
  }

  /** yaml_emitter_emit_scalar: yaml_emitter_select_scalar_style, then yaml_emitter_process_scalar. */
  private emitScalar(event: ScalarEvent): void {
    const value = codePoints(event.value);
    const style = selectScalarStyle(event.style, value, analyzeScalar(value), this.simpleKeyContext);
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === 'plain') this.writePlainScalar(value, allowBreaks);
    else if (style === 'single') this.writeSingleQuotedScalar(value, allowBreaks);
    else if (style === 'double') this.writeDoubleQuotedScalar(value, allowBreaks);
    else this.writeLiteralScalar(value);
    this.popIndent();
    this.popState();
  }

  /** yaml_emitter_increase_indent */
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  /** put: one ASCII character */
  private put(c: string): void {
    this.out += c;
    this.column++;
  }

  /** put_break */
  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** write: one character of the value */
  private write(c: number): void {
    this.out += String.fromCodePoint(c);
    this.column++;
  }

  /** write_break: '\n' as a line break, any other break character copied (and counted as one). */
  private writeBreak(c: number): void {
    if (c === 0x0a) return this.putBreak();
    this.write(c);
    this.column = 0;
  }

  /** yaml_emitter_write_indent */
  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  /** yaml_emitter_write_indicator */
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

  /** yaml_emitter_write_plain_scalar (the analysis rules out breaks and trailing spaces) */
  private writePlainScalar(value: number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i] as number;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && value[i + 1] !== 0x20) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else {
        this.write(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  /** yaml_emitter_write_single_quoted_scalar */
  private writeSingleQuotedScalar(value: number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i] as number;
      if (c === 0x20) {
        const fold = allowBreaks && !spaces && this.column > BEST_WIDTH;
        if (fold && i > 0 && i < value.length - 1 && value[i + 1] !== 0x20) this.writeIndent();
        else this.put(' ');
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /** yaml_emitter_write_double_quoted_scalar */
  private writeDoubleQuotedScalar(value: number[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const bom = value[0] === 0xfeff; // is_bom looks at the value's start, whatever the index
    let spaces = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i] as number;
      if (needsDoubleQuotedEscape(c, bom)) {
        const escape = doubleQuotedEscape(c);
        this.out += escape;
        this.column += escape.length;
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < value.length - 1) {
          this.writeIndent();
          if (value[i + 1] === 0x20) this.put('\\');
        } else this.put(' ');
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /** yaml_emitter_write_literal_scalar, with yaml_emitter_write_block_scalar_hints */
  private writeLiteralScalar(value: number[]): void {
    this.writeIndicator(`|${blockScalarHints(value)}`, true, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of value) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** yaml_emitter_check_simple_key: a one-line scalar of at most 128 bytes, or an empty collection. */
function checkSimpleKey(event: EmitterEvent): boolean {
  if (event.type === 'scalar')
    return !analyzeScalar(codePoints(event.value)).multiline && Buffer.byteLength(event.value) <= 128;
  return (event.type === 'sequence-start' || event.type === 'mapping-start') && event.empty;
}
