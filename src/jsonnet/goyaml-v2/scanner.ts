// goyaml.v2's scanner (sigs.k8s.io/yaml v1.4.0's fork of gopkg.in/yaml.v2: scannerc.go, with
// readerc.go's input buffer): YAML text to tokens, for std.parseYaml (../goyaml-v2.ts). It is
// libyaml's scanner, ported to Go by Canonical (libyaml: MIT, Copyright (c) 2006 Kirill Simonov;
// the Go port: Apache-2.0, Copyright 2011-2016 Canonical Ltd). yaml.v3's scanner
// (../yaml-v3/scanner.ts) grew out of it; this one differs where v2 does:
// - comments are skipped to the end of their line, nothing more (v3 consumes them with the token
//   before them, which lets a tab stand before a comment where v2 stops);
// - a token is fetched only when the queue is empty or its head may still be a simple key (v3
//   keeps two tokens of lookahead), which matters because v2 reads one document and stops;
// - the input is decoded as Go decodes it, 512 bytes at a time when the scanner asks for more
//   (`cache`, Go's `parser.unread < n && !yaml_parser_update_buffer(parser, n)`): a control
//   character is an error only once its block is read, so one after the first document may never
//   be, and is_bom looks at the start of the buffer, which moves when the buffer is refilled.
// Function names are Go's, without their yaml_parser_ prefix.
import {
  asHex,
  ESCAPES,
  foldBreaks,
  is,
  isAlpha,
  isBlank,
  isBlankz,
  isBreak,
  isBreakz,
  isDigit,
  isHex,
  type Mark,
  MAX_FLOW_LEVEL,
  MAX_INDENTS,
  type SimpleKey,
  type Token,
  type TokenType,
  URI_CHARACTERS,
  utf8Width,
  YamlSyntaxError,
} from '../yaml-v3/scanner.js';

/**
 * The first character readerc.go refuses (yaml-v3's CONTROL_CHARACTER), for a well-formed text (the
 * only kind ../goyaml-v2.ts gives): there a surrogate is half of a pair, a character beyond the
 * BMP, which is allowed. Without the /u flag: ~4× faster on a text that is not all Latin-1.
 */
const CONTROL_CHARACTER = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/;

/** yaml_parser_update_raw_buffer's read size (input_raw_buffer_size) */
const RAW_BUFFER_SIZE = 512;

export class Scanner {
  private readonly text: string;
  /**
   * For a text with characters beyond the BMP (two UTF-16 units each): its code points, then
   * zeros, and where each starts in the text (to copy runs of characters at once). Other texts
   * are read by UTF-16 unit, which is then a character.
   */
  private readonly codePoints: Uint32Array | undefined;
  private readonly offsets: Uint32Array | undefined;
  /** where each block the reader decodes ends (character indexes); empty when reading in blocks changes nothing */
  private readonly blockEnds: number[] = [];
  private block = 0;
  /** characters decoded so far, plus the NULs appended at the end; Infinity when there are no blocks to model */
  private decoded = 0;
  /** the first character readerc.go refuses, or -1 */
  private readonly controlCharacter: number = -1;
  /** is_bom's view: whether the read buffer starts with U+FEFF */
  private bomAtBufferStart = false;
  private pos = 0;
  private mark: Mark = { index: 0, line: 0, column: 0 };
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly simpleKeysByToken = new Map<number, number>();
  private tokens: Token[] = [];
  private tokensHead = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;

  constructor(input: string) {
    // yaml_parser_determine_encoding takes a UTF-8 BOM off the input (its bytes still count in
    // the first 512 read)
    const bom = input.startsWith('\ufeff');
    this.text = bom ? input.slice(1) : input;
    const control = this.text.search(CONTROL_CHARACTER);
    this.controlCharacter = control;
    let count = this.text.length;
    if (/[\uD800-\uDFFF]/.test(this.text)) {
      this.codePoints = new Uint32Array(this.text.length + 8);
      this.offsets = new Uint32Array(this.text.length + 8).fill(this.text.length);
      count = 0;
      for (let i = 0; i < this.text.length; count++) {
        const c = this.text.codePointAt(i) as number;
        if (i === control) this.controlCharacter = count;
        this.codePoints[count] = c;
        this.offsets[count] = i;
        i += c > 0xffff ? 2 : 1;
      }
    }
    // Without a control character or a U+FEFF, decoding in blocks is not observable.
    if (control === -1 && !this.text.includes('\ufeff')) {
      this.decoded = Infinity;
      return;
    }
    // yaml_parser_update_buffer decodes whole reads; a character cut by the end of one waits for
    // the next, which reads 512 bytes from that character on.
    let bytes = bom ? 3 : 0;
    let readEnd = RAW_BUFFER_SIZE;
    for (let n = 0; n < count; n++) {
      const c = this.codePoints?.[n] ?? this.text.charCodeAt(n);
      const width = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (bytes + width > readEnd) {
        this.blockEnds.push(n);
        readEnd = bytes + RAW_BUFFER_SIZE;
      }
      bytes += width;
    }
    this.blockEnds.push(count);
  }

  /** peek_token's half: the next token (fetching as many as needed). */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.tokensHead] as Token;
  }

  /** skip_token */
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.tokensHead++;
    if (this.tokensHead > 512 && this.tokensHead * 2 > this.tokens.length) {
      this.tokens = this.tokens.slice(this.tokensHead);
      this.tokensHead = 0;
    }
  }

  /** The character `k` after the current one; past the end, NUL (libyaml's buffer is padded with zeros). */
  private at(k = 0): number {
    const i = this.pos + k;
    return this.codePoints === undefined ? this.text.charCodeAt(i) | 0 : (this.codePoints[i] ?? 0);
  }

  /** cache: at least `length` characters (or NULs past the end) are decoded from the current one. */
  private cache(length: number): void {
    if (this.pos + length > this.decoded) this.updateBuffer(length);
  }

  /**
   * yaml_parser_update_buffer: the unread characters move to the start of the buffer (where is_bom
   * looks), then blocks are decoded until there are enough, each checked whole; at the end of the
   * input each call adds a NUL.
   */
  private updateBuffer(length: number): void {
    this.bomAtBufferStart = this.at() === 0xfeff;
    while (this.pos + length > this.decoded) {
      const end = this.blockEnds[this.block];
      if (end === undefined) {
        this.decoded++;
        return;
      }
      if (this.controlCharacter !== -1 && this.controlCharacter < end)
        throw new YamlSyntaxError('control characters are not allowed', 'reader');
      this.block++;
      this.decoded = end;
    }
  }

  private copyMark(): Mark {
    return { index: this.mark.index, line: this.mark.line, column: this.mark.column };
  }

  /** A `---` or `...` at the start of a line, then a blank or a line break. */
  private atDocumentIndicator(): boolean {
    if (this.mark.column !== 0) return false;
    const c = this.at();
    return (c === 0x2d || c === 0x2e) && this.at(1) === c && this.at(2) === c && isBlankz(this.at(3));
  }

  /** yaml_parser_set_scanner_error */
  private error(context: string, contextMark: Mark, problem: string): never {
    throw new YamlSyntaxError(problem, 'scanner', this.copyMark(), context, contextMark);
  }

  /**
   * Whether the text is read by UTF-16 unit (no character beyond the BMP) and reading it in blocks
   * is not observable (no control character, no U+FEFF): then `cache` never has anything to do and
   * a run of characters can be stepped over at once (`advance`), where libyaml skips and caches
   * one character at a time. Most texts are so.
   */
  private get plainText(): boolean {
    return this.codePoints === undefined && this.decoded === Infinity;
  }

  /** `count` skips of characters on one line. */
  private advance(count: number): void {
    this.mark.index += count;
    this.mark.column += count;
    this.pos += count;
  }

  /** skip */
  private skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.pos++;
  }

  /** skip_line */
  private skipLine(): void {
    if (this.at() === 0x0d && this.at(1) === 0x0a) {
      this.mark.index += 2;
      this.pos += 2;
    } else if (isBreak(this.at())) {
      this.mark.index++;
      this.pos++;
    } else return;
    this.mark.column = 0;
    this.mark.line++;
  }

  /** read: copy a character to `s`. */
  private read(s: string): string {
    const c = this.at();
    this.skip();
    return s + String.fromCodePoint(c);
  }

  /** The characters from index `from` to the current one. */
  private since(from: number): string {
    if (this.offsets === undefined) return this.text.slice(from, this.pos);
    return this.text.slice(this.offsets[from], this.offsets[this.pos]);
  }

  /** read_line: a line break as the scalar keeps it (CR LF, CR and NEL as LF; LS and PS as they are). */
  private readLine(s: string): string {
    const c = this.at();
    if (c === 0x0d && this.at(1) === 0x0a) {
      this.pos += 2;
      this.mark.index++;
      s += '\n';
    } else if (c === 0x0d || c === 0x0a || c === 0x85) {
      this.pos++;
      s += '\n';
    } else if (c === 0x2028 || c === 0x2029) {
      this.pos++;
      s += String.fromCharCode(c);
    } else return s;
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
    return s;
  }

  /** yaml_insert_token: at `pos` places after the head, or at the end (-1). */
  private insertToken(pos: number, token: Token): void {
    if (pos < 0) this.tokens.push(token);
    else this.tokens.splice(this.tokensHead + pos, 0, token);
  }

  private fetchMoreTokens(): void {
    while (true) {
      // more tokens only while the queue is empty or its head may yet turn out to be a simple key
      if (this.tokensHead !== this.tokens.length) {
        const keyIndex = this.simpleKeysByToken.get(this.tokensParsed);
        if (keyIndex === undefined || !this.simpleKeyIsValid(this.simpleKeys[keyIndex] as SimpleKey)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    this.cache(1);
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    this.cache(4);
    const c = this.at();
    if (c === 0) return this.fetchStreamEnd();
    if (this.mark.column === 0 && c === 0x25) return this.fetchDirective(); // '%'
    if (this.atDocumentIndicator())
      return this.fetchDocumentIndicator(c === 0x2d ? 'DOCUMENT-START' : 'DOCUMENT-END');
    this.fetchToken(c);
  }

  private fetchToken(c: number): void {
    const next = this.at(1);
    if (c === 0x5b) return this.fetchFlowCollectionStart('FLOW-SEQUENCE-START'); // [
    if (c === 0x7b) return this.fetchFlowCollectionStart('FLOW-MAPPING-START'); // {
    if (c === 0x5d) return this.fetchFlowCollectionEnd('FLOW-SEQUENCE-END'); // ]
    if (c === 0x7d) return this.fetchFlowCollectionEnd('FLOW-MAPPING-END'); // }
    if (c === 0x2c) return this.fetchFlowEntry(); // ,
    if (c === 0x2d && isBlankz(next)) return this.fetchBlockEntry(); // -
    if (c === 0x3f && (this.flowLevel > 0 || isBlankz(next))) return this.fetchKey(); // ?
    if (c === 0x3a && (this.flowLevel > 0 || isBlankz(next))) return this.fetchValue(); // :
    if (c === 0x2a) return this.fetchAnchor('ALIAS'); // *
    if (c === 0x26) return this.fetchAnchor('ANCHOR'); // &
    if (c === 0x21) return this.fetchTag(); // !
    if (c === 0x7c && this.flowLevel === 0) return this.fetchBlockScalar(true); // |
    if (c === 0x3e && this.flowLevel === 0) return this.fetchBlockScalar(false); // >
    if (c === 0x27) return this.fetchFlowScalar(true); // '
    if (c === 0x22) return this.fetchFlowScalar(false); // "
    // A plain scalar starts with anything but a blank or an indicator; '-' (and, in the block
    // context, '?' and ':') also when a non-blank follows.
    if (
      !(isBlankz(c) || is(c, '-?:,[]{}#&*!|>\'"%@`')) ||
      (c === 0x2d && !isBlank(next)) ||
      (this.flowLevel === 0 && (c === 0x3f || c === 0x3a) && !isBlankz(next))
    )
      return this.fetchPlainScalar();
    this.error(
      'while scanning for the next token',
      this.copyMark(),
      'found character that cannot start any token',
    );
  }

  /** yaml_simple_key_is_valid: a key must be on one line and within 1024 characters. */
  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    if (key.mark.line < this.mark.line || key.mark.index + 1024 < this.mark.index) {
      if (key.required) this.error('while scanning a simple key', key.mark, "could not find expected ':'");
      key.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead),
        mark: this.copyMark(),
      };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = key;
      this.simpleKeysByToken.set(key.tokenNumber, this.simpleKeys.length - 1);
    }
  }

  private removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1] as SimpleKey;
    if (key.possible) {
      if (key.required) this.error('while scanning a simple key', key.mark, "could not find expected ':'");
      key.possible = false;
      this.simpleKeysByToken.delete(key.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    const mark = this.copyMark();
    const tokenNumber = this.tokensParsed + (this.tokens.length - this.tokensHead);
    this.simpleKeys.push({ possible: false, required: false, tokenNumber, mark });
    if (++this.flowLevel > MAX_FLOW_LEVEL)
      this.error('while increasing flow level', mark, `exceeded max depth of ${MAX_FLOW_LEVEL}`);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      this.simpleKeysByToken.delete((this.simpleKeys.pop() as SimpleKey).tokenNumber);
    }
  }

  /** roll_indent: a deeper block collection starts at `column`; its start token goes at `number`. */
  private rollIndent(column: number, number: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    if (this.indents.length > MAX_INDENTS)
      this.error(
        'while increasing indent level',
        (this.simpleKeys[this.simpleKeys.length - 1] as SimpleKey).mark,
        `exceeded max depth of ${MAX_INDENTS}`,
      );
    this.insertToken(number > -1 ? number - this.tokensParsed : -1, { type, start: mark, end: mark });
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      const mark = this.copyMark();
      this.insertToken(-1, { type: 'BLOCK-END', start: mark, end: mark });
      this.indent = this.indents.pop() as number;
    }
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.copyMark() });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insertToken(-1, { type: 'STREAM-START', start: this.copyMark(), end: this.copyMark() });
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, { type: 'STREAM-END', start: this.copyMark(), end: this.copyMark() });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: TokenType): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.simpleToken(type, 3);
  }

  /** Consumes `length` characters (already in the buffer) as a token of `type`. */
  private simpleToken(type: TokenType, length = 1): void {
    const start = this.copyMark();
    for (let i = 0; i < length; i++) this.skip();
    this.insertToken(-1, { type, start, end: this.copyMark() });
  }

  private fetchFlowCollectionStart(type: TokenType): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    this.simpleToken(type);
  }

  private fetchFlowCollectionEnd(type: TokenType): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    this.simpleToken(type);
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simpleToken('FLOW-ENTRY');
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed)
        this.error('', this.copyMark(), 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, 'BLOCK-SEQUENCE-START', this.copyMark());
    } // in a flow context the parser reports the '-'
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.simpleToken('BLOCK-ENTRY');
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed)
        this.error('', this.copyMark(), 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', this.copyMark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    this.simpleToken('KEY');
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1] as SimpleKey;
    if (this.simpleKeyIsValid(key)) {
      // the saved simple key was a key after all: KEY goes before its first token
      this.insertToken(key.tokenNumber - this.tokensParsed, { type: 'KEY', start: key.mark, end: key.mark });
      this.rollIndent(key.mark.column, key.tokenNumber, 'BLOCK-MAPPING-START', key.mark);
      key.possible = false;
      this.simpleKeysByToken.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      // the ':' of a complex key (after '?')
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed)
          this.error('', this.copyMark(), 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', this.copyMark());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.simpleToken('VALUE');
  }

  private fetchAnchor(type: 'ANCHOR' | 'ALIAS'): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  /** Eats blanks, comments and line breaks up to the next token. */
  private scanToNextToken(): void {
    while (true) {
      // "Allow the BOM mark to start a line": is_bom checks the start of the read buffer, not the
      // current character (see updateBuffer)
      this.cache(1);
      if (this.mark.column === 0 && this.bomAtBufferStart) this.skip();
      this.cache(1);
      // tabs are whitespace in a flow context and where no simple key may start
      while (this.at() === 0x20 || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.at() === 0x09)) {
        this.skip();
        this.cache(1);
      }
      if (this.at() === 0x23) this.skipToBreak(); // '#'
      if (!isBreak(this.at())) break;
      this.cache(2);
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  /** A comment, up to the line break. */
  private skipToBreak(): void {
    while (!isBreakz(this.at())) {
      this.skip();
      this.cache(1);
    }
  }

  private skipBlanks(): void {
    while (isBlank(this.at())) {
      this.skip();
      this.cache(1);
    }
  }

  /** Reads the characters of class `accept` (yaml.v2 caches one character after each). */
  private readWhile(accept: (c: number) => boolean): string {
    const from = this.pos;
    if (this.plainText) {
      // skip and cache, a character at a time, come to this (cache never reads a block here)
      const text = this.text;
      let p = from;
      while (accept(text.charCodeAt(p) | 0)) p++;
      this.advance(p - from);
      return text.slice(from, p);
    }
    while (accept(this.at())) {
      this.skip();
      this.cache(1);
    }
    return this.since(from);
  }

  private scanDirective(): Token {
    const start = this.copyMark();
    this.skip(); // '%'
    // scan_directive_name
    this.cache(1);
    const name = this.readWhile(isAlpha);
    if (name === '')
      this.error('while scanning a directive', start, 'could not find expected directive name');
    if (!isBlankz(this.at()))
      this.error('while scanning a directive', start, 'found unexpected non-alphabetical character');
    let token: Token;
    if (name === 'YAML') {
      // scan_version_directive_value
      this.cache(1);
      this.skipBlanks();
      const major = this.scanVersionDirectiveNumber(start);
      if (this.at() !== 0x2e)
        this.error('while scanning a %YAML directive', start, "did not find expected digit or '.' character");
      this.skip();
      const minor = this.scanVersionDirectiveNumber(start);
      token = { type: 'VERSION-DIRECTIVE', start, end: this.copyMark(), major, minor };
    } else if (name === 'TAG') {
      // scan_tag_directive_value
      this.cache(1);
      this.skipBlanks();
      const handle = this.scanTagHandle(true, start);
      this.cache(1);
      if (!isBlank(this.at()))
        this.error('while scanning a %TAG directive', start, 'did not find expected whitespace');
      this.skipBlanks();
      const prefix = this.scanTagUri(true, '', start);
      this.cache(1);
      if (!isBlankz(this.at()))
        this.error(
          'while scanning a %TAG directive',
          start,
          'did not find expected whitespace or line break',
        );
      token = { type: 'TAG-DIRECTIVE', start, end: this.copyMark(), value: handle, prefix };
    } else this.error('while scanning a directive', start, 'found unknown directive name');
    this.cache(1);
    this.skipBlanks();
    if (this.at() === 0x23) this.skipToBreak();
    if (!isBreakz(this.at()))
      this.error('while scanning a directive', start, 'did not find expected comment or line break');
    if (isBreak(this.at())) {
      this.cache(2);
      this.skipLine();
    }
    return token;
  }

  private scanVersionDirectiveNumber(start: Mark): number {
    this.cache(1);
    let value = 0;
    let length = 0;
    while (isDigit(this.at())) {
      if (++length > 2)
        this.error('while scanning a %YAML directive', start, 'found extremely long version number');
      value = value * 10 + this.at() - 0x30;
      this.skip();
      this.cache(1);
    }
    if (length === 0)
      this.error('while scanning a %YAML directive', start, 'did not find expected version number');
    return value;
  }

  private scanAnchor(type: 'ANCHOR' | 'ALIAS'): Token {
    const start = this.copyMark();
    this.skip();
    this.cache(1);
    const name = this.readWhile(isAlpha);
    const end = this.copyMark();
    if (name === '' || !(isBlankz(this.at()) || is(this.at(), '?:,]}%@`')))
      this.error(
        `while scanning an ${type === 'ANCHOR' ? 'anchor' : 'alias'}`,
        start,
        'did not find expected alphabetic or numeric character',
      );
    return { type, start, end, value: name };
  }

  private scanTag(): Token {
    const start = this.copyMark();
    let handle: string;
    let suffix: string;
    this.cache(2);
    if (this.at(1) === 0x3c) {
      // verbatim: !<uri>
      handle = '';
      this.skip();
      this.skip();
      suffix = this.scanTagUri(false, '', start);
      if (this.at() !== 0x3e) this.error('while scanning a tag', start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle.startsWith('!') && handle.endsWith('!'))
        suffix = this.scanTagUri(false, '', start);
      else {
        // not a handle after all: '!' and the rest of the tag; a lone '!' is the non-specific tag
        suffix = this.scanTagUri(false, handle, start);
        handle = '!';
        if (suffix === '') [handle, suffix] = ['', '!'];
      }
    }
    this.cache(1);
    if (!isBlankz(this.at()))
      this.error('while scanning a tag', start, 'did not find expected whitespace or line break');
    return { type: 'TAG', start, end: this.copyMark(), value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    const context = directive ? 'while parsing a %TAG directive' : 'while parsing a tag';
    this.cache(1);
    if (this.at() !== 0x21) this.error(context, start, "did not find expected '!'");
    const from = this.pos;
    this.skip();
    this.cache(1);
    this.readWhile(isAlpha);
    if (this.at() === 0x21) this.skip();
    else if (directive && this.pos - from !== 1) this.error(context, start, "did not find expected '!'");
    return this.since(from);
  }

  /** scan_tag_uri, with %-escapes decoded (each a UTF-8 character, checked as libyaml checks it). */
  private scanTagUri(directive: boolean, head: string, start: Mark): string {
    const context = directive ? 'while parsing a %TAG directive' : 'while parsing a tag';
    let s = head.slice(1);
    let hasTag = head.length > 0;
    this.cache(1);
    while (isAlpha(this.at()) || is(this.at(), URI_CHARACTERS)) {
      if (this.at() === 0x25) {
        // scan_uri_escapes
        const octets: number[] = [];
        for (let w = 1024; w > 0; w--) {
          this.cache(3);
          if (!(this.at() === 0x25 && isHex(this.at(1)) && isHex(this.at(2))))
            this.error(context, start, 'did not find URI escaped octet');
          const octet = (asHex(this.at(1)) << 4) + asHex(this.at(2));
          if (w === 1024) {
            w = utf8Width(octet);
            if (w === 0) this.error(context, start, 'found an incorrect leading UTF-8 octet');
          } else if ((octet & 0xc0) !== 0x80)
            this.error(context, start, 'found an incorrect trailing UTF-8 octet');
          octets.push(octet);
          this.skip();
          this.skip();
          this.skip();
        }
        s += Buffer.from(octets).toString('utf8');
      } else s = this.read(s);
      this.cache(1);
      hasTag = true;
    }
    if (!hasTag) this.error(context, start, 'did not find expected tag URI');
    return s;
  }

  private scanBlockScalar(literal: boolean): Token {
    const start = this.copyMark();
    this.skip(); // '|' or '>'
    this.cache(1);
    let chomping = 0;
    let increment = 0;
    const chomp = () => {
      chomping = this.at() === 0x2b ? 1 : -1;
      this.skip();
    };
    const indentation = () => {
      if (this.at() === 0x30)
        this.error('while scanning a block scalar', start, 'found an indentation indicator equal to 0');
      increment = this.at() - 0x30;
      this.skip();
    };
    if (this.at() === 0x2b || this.at() === 0x2d) {
      chomp();
      this.cache(1);
      if (isDigit(this.at())) indentation();
    } else if (isDigit(this.at())) {
      indentation();
      this.cache(1);
      if (this.at() === 0x2b || this.at() === 0x2d) chomp();
    }
    this.cache(1);
    this.skipBlanks();
    if (this.at() === 0x23) this.skipToBreak();
    if (!isBreakz(this.at()))
      this.error('while scanning a block scalar', start, 'did not find expected comment or line break');
    if (isBreak(this.at())) {
      this.cache(2);
      this.skipLine();
    }
    const state = {
      indent: increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0,
      breaks: '',
    };
    let end = this.scanBlockScalarBreaks(state, start);
    this.cache(1);
    let s = '';
    let leadingBreak = '';
    let leadingBlank = false;
    while (this.mark.column === state.indent && this.at() !== 0) {
      // at the start of a non-empty line
      const trailingBlank = isBlank(this.at());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
        if (state.breaks === '') s += ' ';
      } else s += leadingBreak;
      leadingBreak = '';
      s += state.breaks;
      state.breaks = '';
      leadingBlank = isBlank(this.at());
      s += this.readWhile((c) => !isBreakz(c));
      this.cache(2);
      leadingBreak = this.readLine(leadingBreak);
      end = this.scanBlockScalarBreaks(state, start);
    }
    if (chomping !== -1) s += leadingBreak;
    if (chomping === 1) s += state.breaks;
    return { type: 'SCALAR', start, end, value: s, style: literal ? 'literal' : 'folded' };
  }

  /** scan_block_scalar_breaks: indentation and empty lines; sets the indentation if not yet known. */
  private scanBlockScalarBreaks(state: { indent: number; breaks: string }, start: Mark): Mark {
    let end = this.copyMark();
    let maxIndent = 0;
    while (true) {
      this.cache(1);
      while ((state.indent === 0 || this.mark.column < state.indent) && this.at() === 0x20) {
        this.skip();
        this.cache(1);
      }
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((state.indent === 0 || this.mark.column < state.indent) && this.at() === 0x09)
        this.error(
          'while scanning a block scalar',
          start,
          'found a tab character where an indentation space is expected',
        );
      if (!isBreak(this.at())) break;
      this.cache(2);
      state.breaks = this.readLine(state.breaks);
      end = this.copyMark();
    }
    if (state.indent === 0) state.indent = Math.max(maxIndent, this.indent + 1, 1);
    return end;
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.copyMark();
    this.skip(); // the left quote
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    while (true) {
      this.cache(4);
      if (this.atDocumentIndicator())
        this.error('while scanning a quoted scalar', start, 'found unexpected document indicator');
      if (this.at() === 0)
        this.error('while scanning a quoted scalar', start, 'found unexpected end of stream');
      let leadingBlanks = false;
      let from = this.pos; // characters other than quotes and escapes are copied in runs
      while (!isBlankz(this.at())) {
        const c = this.at();
        if (single ? c !== 0x27 : c !== 0x22 && c !== 0x5c) {
          this.skip();
          this.cache(2);
          continue;
        }
        s += this.since(from);
        if (single && this.at(1) === 0x27) {
          s += "'"; // an escaped single quote
          this.skip();
          this.skip();
        } else if (c !== 0x5c)
          break; // the right quote
        else if (isBreak(this.at(1))) {
          this.cache(3);
          this.skip(); // an escaped line break
          this.skipLine();
          leadingBlanks = true;
          break;
        } else s += this.scanEscape(start);
        this.cache(2);
        from = this.pos;
      }
      if (!leadingBlanks && isBlankz(this.at())) s += this.since(from);
      this.cache(1);
      if (this.at() === (single ? 0x27 : 0x22)) break;
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) {
          if (!leadingBlanks) whitespaces = this.read(whitespaces);
          else this.skip();
        } else {
          this.cache(2);
          if (!leadingBlanks) {
            whitespaces = '';
            leadingBreak = this.readLine(leadingBreak);
            leadingBlanks = true;
          } else trailingBreaks = this.readLine(trailingBreaks);
        }
        this.cache(1);
      }
      if (leadingBlanks) {
        s += foldBreaks(leadingBreak, trailingBreaks);
        [leadingBreak, trailingBreaks] = ['', ''];
      } else {
        s += whitespaces;
        whitespaces = '';
      }
    }
    this.skip(); // the right quote
    return {
      type: 'SCALAR',
      start,
      end: this.copyMark(),
      value: s,
      style: single ? 'single-quoted' : 'double-quoted',
    };
  }

  /** A double-quoted scalar's escape sequence (libyaml's set: `\'` is one, `\/` is not). */
  private scanEscape(start: Mark): string {
    const simple = ESCAPES[String.fromCodePoint(this.at(1))];
    const length = { x: 2, u: 4, U: 8 }[String.fromCodePoint(this.at(1))] ?? 0;
    if (simple === undefined && length === 0)
      this.error('while parsing a quoted scalar', start, 'found unknown escape character');
    this.skip();
    this.skip();
    if (length === 0) return simple as string;
    this.cache(length);
    let value = 0;
    for (let k = 0; k < length; k++) {
      if (!isHex(this.at(k)))
        this.error('while parsing a quoted scalar', start, 'did not find expected hexdecimal number');
      value = value * 16 + asHex(this.at(k));
    }
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
      this.error('while parsing a quoted scalar', start, 'found invalid Unicode character escape code');
    for (let k = 0; k < length; k++) this.skip();
    return String.fromCodePoint(value);
  }

  private scanPlainScalar(): Token {
    const start = this.copyMark();
    let end = this.copyMark();
    const indent = this.indent + 1;
    let s = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    let leadingBlanks = false;
    /** Before a run's first character: the folded breaks, or the blanks, that came before it. */
    const flushSpacing = (): void => {
      if (leadingBlanks) {
        s += foldBreaks(leadingBreak, trailingBreaks);
        [leadingBreak, trailingBreaks, leadingBlanks] = ['', '', false];
      } else if (whitespaces !== '') {
        s += whitespaces;
        whitespaces = '';
      }
    };
    while (true) {
      this.cache(4);
      if (this.atDocumentIndicator()) break;
      if (this.at() === 0x23) break; // a comment
      const from = this.pos;
      if (this.plainText && this.flowLevel === 0) {
        // the loop below, a run at a time: up to a blank, a break, the end or ': '
        const text = this.text;
        let p = from;
        for (let c = text.charCodeAt(p) | 0; !isBlankz(c); c = text.charCodeAt(p) | 0) {
          if (c === 0x3a && isBlankz(text.charCodeAt(p + 1) | 0)) break;
          p++;
        }
        if (p > from) {
          flushSpacing();
          this.advance(p - from);
        }
      }
      while (!isBlankz(this.at())) {
        const c = this.at();
        if ((c === 0x3a && isBlankz(this.at(1))) || (this.flowLevel > 0 && is(c, ',?[]{}'))) break;
        if (this.pos === from) flushSpacing();
        this.skip();
        this.cache(2);
      }
      if (this.pos > from) {
        s += this.since(from);
        end = this.copyMark();
      }
      if (!(isBlank(this.at()) || isBreak(this.at()))) break;
      this.cache(1);
      while (isBlank(this.at()) || isBreak(this.at())) {
        if (isBlank(this.at())) {
          if (leadingBlanks && this.mark.column < indent && this.at() === 0x09)
            this.error(
              'while scanning a plain scalar',
              start,
              'found a tab character that violates indentation',
            );
          if (!leadingBlanks) whitespaces = this.read(whitespaces);
          else this.skip();
        } else {
          this.cache(2);
          if (!leadingBlanks) {
            whitespaces = '';
            leadingBreak = this.readLine(leadingBreak);
            leadingBlanks = true;
          } else trailingBreaks = this.readLine(trailingBreaks);
        }
        this.cache(1);
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: 'SCALAR', start, end, value: s, style: 'plain' };
  }
}
