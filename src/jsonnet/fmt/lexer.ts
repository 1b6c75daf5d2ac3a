// The Jsonnet lexer the formatter uses: tokens keep the fodder (whitespace, comments) before them.
// Port of go-jsonnet v0.22 internal/parser/lexer.go (Apache-2.0), plus the StaticError of
// internal/errors/static_error.go.
//
// Like Go, the lexer works on the UTF-8 bytes of the input: columns are byte offsets + 1, as
// jsonnetfmt reports them.
import type { Loc, Pos } from '../ast.js';
import { staticError, type JsonnetError } from '../errors.js';
import {
  type Fodder,
  FodderKind,
  Location,
  LocationRange,
  type Source,
  buildSource,
  fodderAppend,
  makeFodderElement,
  makeLocationRange,
} from './ast.js';

// ---------------------------------------------------------------------------
// Static errors

/**
 * go-jsonnet's errors.StaticError while lexing and parsing: a message and a LocationRange.
 * The public entry points turn it into kf's JsonnetError (toJsonnetError).
 */
export class StaticError extends Error {
  constructor(
    readonly msg: string,
    readonly loc: LocationRange,
  ) {
    super(msg);
    this.name = 'StaticError';
    this.message = this.error();
  }

  /** A new StaticError with context after the message: "<msg> while <context>". */
  withContext(context: string): StaticError {
    return new StaticError(`${this.msg} while ${context}`, this.loc);
  }

  /** Go's Error(): "<loc> <msg>", as jsonnetfmt prints it. */
  error(): string {
    const loc = this.loc.isSet() ? this.loc.toString() : '';
    return `${loc} ${this.msg}`;
  }
}

export function makeStaticError(msg: string, lr: LocationRange): StaticError {
  return new StaticError(msg, lr);
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** kf's position for a Go location: same line and (byte) column, plus the UTF-16 offset. */
function posFromLocation(source: Source | null, l: Location): Pos {
  let offset = 0;
  if (source !== null && l.line >= 1) {
    for (let i = 0; i < l.line - 1 && i < source.lines.length; i++) {
      offset += source.lines[i].length;
    }
    const line = source.lines[l.line - 1] ?? '';
    const bytes = utf8Encoder.encode(line).subarray(0, Math.max(0, l.column - 1));
    offset += utf8Decoder.decode(bytes).length;
  }
  return { line: l.line, column: l.column, offset };
}

/** kf's Loc (1-based, end exclusive) for a Go LocationRange. */
export function locFromLocationRange(lr: LocationRange): Loc {
  const file = lr.file !== null ? lr.file.diagnosticFileName : lr.fileName;
  return { file, start: posFromLocation(lr.file, lr.begin), end: posFromLocation(lr.file, lr.end) };
}

/** kf's static JsonnetError carrying go-jsonnet's message and location. */
export function toJsonnetError(err: StaticError): JsonnetError {
  return staticError(err.msg, locFromLocationRange(err.loc));
}

// ---------------------------------------------------------------------------
// Token

export enum TokenKind {
  // Symbols
  tokenBraceL,
  tokenBraceR,
  tokenBracketL,
  tokenBracketR,
  tokenComma,
  tokenDollar,
  tokenDot,
  tokenParenL,
  tokenParenR,
  tokenSemicolon,

  // Arbitrary length lexemes
  tokenIdentifier,
  tokenNumber,
  tokenOperator,
  tokenStringBlock,
  tokenStringDouble,
  tokenStringSingle,
  tokenVerbatimStringDouble,
  tokenVerbatimStringSingle,

  // Keywords
  tokenAssert,
  tokenElse,
  tokenError,
  tokenFalse,
  tokenFor,
  tokenFunction,
  tokenIf,
  tokenImport,
  tokenImportStr,
  tokenImportBin,
  tokenIn,
  tokenLocal,
  tokenNullLit,
  tokenSelf,
  tokenSuper,
  tokenTailStrict,
  tokenThen,
  tokenTrue,

  /** Holds the line/column of the end of the file and the fodder before it. */
  tokenEndOfFile,
}

const tokenKindStrings: string[] = [
  '"{"',
  '"}"',
  '"["',
  '"]"',
  '","',
  '"$"',
  '"."',
  '"("',
  '")"',
  '";"',

  'IDENTIFIER',
  'NUMBER',
  'OPERATOR',
  'STRING_BLOCK',
  'STRING_DOUBLE',
  'STRING_SINGLE',
  'VERBATIM_STRING_DOUBLE',
  'VERBATIM_STRING_SINGLE',

  'assert',
  'else',
  'error',
  'false',
  'for',
  'function',
  'if',
  'import',
  'importstr',
  'importbin',
  'in',
  'local',
  'null',
  'self',
  'super',
  'tailstrict',
  'then',
  'true',

  'end of file',
];

function tokenHasContent(kind: TokenKind): boolean {
  return kind >= TokenKind.tokenIdentifier && kind <= TokenKind.tokenVerbatimStringSingle;
}

/** Go's tokenKind.String(). */
export function tokenKindString(tk: TokenKind): string {
  if (tk < 0 || tk >= tokenKindStrings.length) {
    throw new Error(`INTERNAL ERROR: Unknown token kind:: ${tk}`);
  }
  return tokenKindStrings[tk];
}

export class Token {
  // Declared, not class fields: a class field is defined (as undefined) by an initialiser V8 calls
  // before the constructor, a call per token while the lexer is not optimised yet.
  /** Any fodder that occurs before this token. */
  declare fodder: Fodder;
  /** Content of the token if it is not a keyword. */
  declare data: string;
  /** For tokenStringBlock: the whitespace that indented the block. */
  declare stringBlockIndent: string;
  /** For tokenStringBlock: always fewer whitespace characters than stringBlockIndent. */
  declare stringBlockTermIndent: string;
  declare loc: LocationRange;
  declare kind: TokenKind;

  constructor(
    fodder: Fodder,
    data: string,
    stringBlockIndent: string,
    stringBlockTermIndent: string,
    loc: LocationRange,
    kind: TokenKind,
  ) {
    this.fodder = fodder;
    this.data = data;
    this.stringBlockIndent = stringBlockIndent;
    this.stringBlockTermIndent = stringBlockTermIndent;
    this.loc = loc;
    this.kind = kind;
  }

  toString(): string {
    if (this.data === '') return tokenKindString(this.kind);
    if (tokenHasContent(this.kind)) return `(${tokenKindString(this.kind)}, "${this.data}")`;
    return `"${this.data}"`;
  }
}

export type Tokens = Token[];

// ---------------------------------------------------------------------------
// Helpers

function isUpper(r: number): boolean {
  return r >= 0x41 && r <= 0x5a;
}

function isLower(r: number): boolean {
  return r >= 0x61 && r <= 0x7a;
}

function isNumber(r: number): boolean {
  return r >= 0x30 && r <= 0x39;
}

function isIdentifierFirst(r: number): boolean {
  return isUpper(r) || isLower(r) || r === 0x5f;
}

function isIdentifier(r: number): boolean {
  return isIdentifierFirst(r) || isNumber(r);
}

function isSymbol(r: number): boolean {
  switch (r) {
    case 0x21: // !
    case 0x24: // $
    case 0x3a: // :
    case 0x7e: // ~
    case 0x2b: // +
    case 0x2d: // -
    case 0x26: // &
    case 0x7c: // |
    case 0x5e: // ^
    case 0x3d: // =
    case 0x3c: // <
    case 0x3e: // >
    case 0x2a: // *
    case 0x2f: // /
    case 0x25: // %
      return true;
    default:
      return false;
  }
}

function isHorizontalWhitespace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d;
}

function isWhitespace(r: number): boolean {
  return r === 0x0a || isHorizontalWhitespace(r);
}

/**
 * Strips horizontal whitespace from both ends of s, but only up to margin on the left:
 * stripWhitespace("  foo ", 1) === " foo".
 */
function stripWhitespace(s: string, margin: number): string {
  const runes = [...s];
  if (s.length === 0) return s;
  let i = 0;
  while (i < runes.length && isHorizontalWhitespace(runes[i].codePointAt(0) ?? 0) && i < margin) {
    i++;
  }
  let j = runes.length;
  while (j > i && isHorizontalWhitespace(runes[j - 1].codePointAt(0) ?? 0)) j--;
  return runes.slice(i, j).join('');
}

/** Splits s by \n and strips left (up to margin) and right whitespace from each line. */
function lineSplit(s: string, margin: number): string[] {
  return s.split('\n').map((line) => stripWhitespace(line, margin));
}

/**
 * If b has at least the same whitespace prefix as a, the length of that prefix; otherwise 0
 * (also 0 if a has no whitespace prefix). Works on bytes, as Go's does.
 */
function checkWhitespace(a: Uint8Array, b: Uint8Array): number {
  let i = 0;
  for (; i < a.length; i++) {
    if (a[i] !== 0x20 && a[i] !== 0x09) {
      // a has run out of whitespace and b matched up to this point.
      return i;
    }
    // We ran off the edge of b while a still has whitespace.
    if (i >= b.length) return 0;
    // a has whitespace but b does not.
    if (a[i] !== b[i]) return 0;
  }
  // We ran off the end of a and b kept up.
  return i;
}

/** Go's strconv.QuoteRuneToASCII. */
export function quoteRuneToASCII(r: number): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  let body: string;
  switch (r) {
    case 0x27:
      body = "\\'";
      break;
    case 0x5c:
      body = '\\\\';
      break;
    case 0x07:
      body = '\\a';
      break;
    case 0x08:
      body = '\\b';
      break;
    case 0x0c:
      body = '\\f';
      break;
    case 0x0a:
      body = '\\n';
      break;
    case 0x0d:
      body = '\\r';
      break;
    case 0x09:
      body = '\\t';
      break;
    case 0x0b:
      body = '\\v';
      break;
    default:
      if (r >= 0x20 && r < 0x7f) body = String.fromCharCode(r);
      else if (r < 0x20 || r === 0x7f) body = `\\x${hex(r, 2)}`;
      else if (r < 0x10000) body = `\\u${hex(r, 4)}`;
      else body = `\\U${hex(r, 8)}`;
  }
  return `'${body}'`;
}

/** Decodes the UTF-8 rune at byte i: [rune, width]; invalid bytes give U+FFFD, width 1. */
export function decodeRune(s: Uint8Array, i: number): [number, number] {
  const b0 = s[i];
  if (b0 < 0x80) return [b0, 1];
  const cont = (k: number): number => {
    const b = s[i + k];
    return b !== undefined && (b & 0xc0) === 0x80 ? b & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 < 0xe0) {
    const c1 = cont(1);
    if (c1 >= 0) return [((b0 & 0x1f) << 6) | c1, 2];
  } else if (b0 >= 0xe0 && b0 < 0xf0) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 >= 0 && c2 >= 0) {
      const r = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
      if (r >= 0x800 && (r < 0xd800 || r > 0xdfff)) return [r, 3];
    }
  } else if (b0 >= 0xf0 && b0 < 0xf5) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
      const r = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
      if (r >= 0x10000 && r <= 0x10ffff) return [r, 4];
    }
  }
  return [0xfffd, 1];
}

// ---------------------------------------------------------------------------
// Lexer

const lexEOF = -1;

interface Position {
  /** Byte position of last rune read. */
  byteNo: number;
  lineNo: number;
  /** Byte position of the last newline. */
  lineStart: number;
}

class Lexer {
  /** The file name being lexed, only used for errors. */
  readonly diagnosticFilename: string;
  /** Imported filename, used for resolving relative imports. */
  readonly importedFilename: string;
  /** The input, as UTF-8. */
  readonly input: Uint8Array;
  readonly source: Source;

  /** The tokens that we've generated so far. */
  tokens: Tokens = [];

  // Information about the token we are working on right now.
  fodder: Fodder = [];
  tokenStart = 0;
  // Go's tokenStartLoc, as numbers: the lexer resets it after each token and again after the
  // whitespace before the next, so a Location is only made for the token (or an error).
  tokenStartLine = 1;
  tokenStartColumn = 1;

  /** Was the last rune the first rune on a line (ignoring initial whitespace). */
  freshLine = true;

  /** Current position in input. */
  pos: Position = { byteNo: 0, lineNo: 1, lineStart: 0 };

  constructor(diagnosticFilename: string, importedFilename: string, input: string) {
    this.diagnosticFilename = diagnosticFilename;
    this.importedFilename = importedFilename;
    this.input = utf8Encoder.encode(input);
    this.text = input;
    this.ascii = this.input.length === input.length;
    this.source = buildSource(diagnosticFilename, input);
  }

  /** The input as given, and whether it is all ASCII (byte positions are then string indexes). */
  private readonly text: string;
  private readonly ascii: boolean;

  /** The input between two byte positions, as a string. */
  slice(begin: number, end: number): string {
    return this.ascii ? this.text.slice(begin, end) : utf8Decoder.decode(this.input.subarray(begin, end));
  }

  hasPrefixAt(pos: number, prefix: string): boolean {
    for (let i = 0; i < prefix.length; i++) {
      if (this.input[pos + i] !== prefix.charCodeAt(i)) return false;
    }
    return true;
  }

  /** Returns the next rune in the input and consumes it. */
  next(): number {
    const pos = this.pos;
    if (pos.byteNo >= this.input.length) return lexEOF;
    // ASCII fast path: no [rune, width] tuple to allocate and destructure per character.
    let r = this.input[pos.byteNo];
    if (r < 0x80) {
      pos.byteNo++;
    } else {
      const rw = decodeRune(this.input, pos.byteNo);
      r = rw[0];
      pos.byteNo += rw[1];
    }
    if (r === 0x0a) {
      pos.lineStart = pos.byteNo;
      pos.lineNo++;
      this.freshLine = true;
    } else if (this.freshLine) {
      if (!isWhitespace(r)) this.freshLine = false;
    }
    return r;
  }

  acceptN(n: number): void {
    for (let i = 0; i < n; i++) this.next();
  }

  /** Returns but does not consume the next rune in the input. */
  peek(): number {
    const byteNo = this.pos.byteNo;
    if (byteNo >= this.input.length) return lexEOF;
    const b = this.input[byteNo];
    return b < 0x80 ? b : decodeRune(this.input, byteNo)[0];
  }

  location(): Location {
    return new Location(this.pos.lineNo, this.pos.byteNo - this.pos.lineStart + 1);
  }

  /**
   * Resets the current working token start to the current cursor position. This may throw
   * away some characters, but not any accumulated fodder.
   */
  resetTokenStart(): void {
    this.tokenStart = this.pos.byteNo;
    this.tokenStartLine = this.pos.lineNo;
    this.tokenStartColumn = this.pos.byteNo - this.pos.lineStart + 1;
  }

  get tokenStartLoc(): Location {
    return new Location(this.tokenStartLine, this.tokenStartColumn);
  }

  emitFullToken(
    kind: TokenKind,
    data: string,
    stringBlockIndent: string,
    stringBlockTermIndent: string,
  ): void {
    this.tokens.push(
      new Token(
        this.fodder,
        data,
        stringBlockIndent,
        stringBlockTermIndent,
        makeLocationRange(this.importedFilename, this.source, this.tokenStartLoc, this.location()),
        kind,
      ),
    );
    this.fodder = [];
  }

  emitToken(kind: TokenKind): void {
    this.emitFullToken(kind, this.slice(this.tokenStart, this.pos.byteNo), '', '');
    this.resetTokenStart();
  }

  addFodder(kind: FodderKind, blanks: number, indent: number, comment: string[]): void {
    this.fodder.push(makeFodderElement(kind, blanks, indent, comment));
  }

  addFodderSafe(kind: FodderKind, blanks: number, indent: number, comment: string[]): void {
    fodderAppend(this.fodder, makeFodderElement(kind, blanks, indent, comment));
  }

  makeStaticErrorPoint(msg: string, loc: Location): StaticError {
    return makeStaticError(msg, makeLocationRange(this.importedFilename, this.source, loc, loc));
  }

  /**
   * Consumes all whitespace and returns the number of \n and the number of spaces after the
   * last \n. A \t counts as 8 spaces.
   */
  lexWhitespace(): [number, number] {
    // Go's peek()/next() loop, on the bytes directly: whitespace is ASCII, and a whitespace
    // rune only changes the position (and freshLine, on '\n'). This is the lexer's hottest loop.
    const input = this.input;
    const pos = this.pos;
    let indent = 0;
    let newLines = 0;
    let i = pos.byteNo;
    for (; i < input.length; i++) {
      const r = input[i];
      if (r === 0x0d) {
        // Ignore.
      } else if (r === 0x0a) {
        indent = 0;
        newLines++;
        pos.lineStart = i + 1;
        pos.lineNo++;
        this.freshLine = true;
      } else if (r === 0x20) {
        indent++;
      } else if (r === 0x09) {
        // This only works for \t at the beginning of lines, but we strip it everywhere else
        // anyway. The only case where this will cause a problem is spaces followed by \t at
        // the beginning of a line, which is rare and fixed by re-indentation.
        indent += 8;
      } else {
        break;
      }
    }
    pos.byteNo = i;
    return [newLines, indent];
  }

  /**
   * Consumes all text until the end of the line; returns it, the number of blank lines after
   * it and the next indent.
   */
  lexUntilNewline(): [string, number, number] {
    const start = this.pos.byteNo;
    let lastNonSpace = start;
    for (let r = this.peek(); r !== lexEOF && r !== 0x0a; r = this.peek()) {
      this.next();
      if (!isHorizontalWhitespace(r)) lastNonSpace = this.pos.byteNo;
    }
    // Trim whitespace off the end.
    const text = this.slice(start, lastNonSpace);

    // Consume the '\n' and following indent.
    const ws = this.lexWhitespace();
    const newLines = ws[0];
    const blanks = newLines > 0 ? newLines - 1 : 0;
    return [text, blanks, ws[1]];
  }

  /**
   * Consumes a number and emits a token; the next rune must be a digit. Negative numbers are
   * a unary operator and a number, so x-1 is not <identifier> <number>.
   */
  lexNumber(): void {
    const enum S {
      numBegin,
      numAfterZero,
      numAfterOneToNine,
      numAfterIntUnderscore,
      numAfterDot,
      numAfterDigit,
      numAfterFracUnderscore,
      numAfterE,
      numAfterExpSign,
      numAfterExpDigit,
      numAfterExpUnderscore,
    }
    const isDigit = (r: number): boolean => r >= 0x30 && r <= 0x39;
    const junk = (what: string, r: number): StaticError =>
      this.makeStaticErrorPoint(
        `Couldn't lex number, junk after ${what}: ${quoteRuneToASCII(r)}`,
        this.location(),
      );

    let cb = '';
    let state: S = S.numBegin;
    for (;;) {
      const r = this.peek();
      let done = false;
      switch (state) {
        case S.numBegin:
          if (r === 0x30) state = S.numAfterZero;
          else if (r >= 0x31 && r <= 0x39) state = S.numAfterOneToNine;
          // The caller should ensure the first rune is a digit.
          else throw new Error("Couldn't lex number");
          break;
        case S.numAfterZero:
          if (r === 0x2e) state = S.numAfterDot;
          else if (r === 0x65 || r === 0x45) state = S.numAfterE;
          else if (r === 0x5f) {
            throw this.makeStaticErrorPoint(
              "Couldn't lex number, _ not allowed after leading 0",
              this.location(),
            );
          } else done = true;
          break;
        case S.numAfterOneToNine:
          if (r === 0x2e) state = S.numAfterDot;
          else if (r === 0x65 || r === 0x45) state = S.numAfterE;
          else if (isDigit(r)) state = S.numAfterOneToNine;
          else if (r === 0x5f) state = S.numAfterIntUnderscore;
          else done = true;
          break;
        case S.numAfterIntUnderscore:
          // The only valid transition out of _ is to a digit.
          if (isDigit(r)) state = S.numAfterOneToNine;
          else throw junk("'_'", r);
          break;
        case S.numAfterDot:
          if (isDigit(r)) state = S.numAfterDigit;
          else throw junk('decimal point', r);
          break;
        case S.numAfterDigit:
          if (r === 0x65 || r === 0x45) state = S.numAfterE;
          else if (isDigit(r)) state = S.numAfterDigit;
          else if (r === 0x5f) state = S.numAfterFracUnderscore;
          else done = true;
          break;
        case S.numAfterFracUnderscore:
          if (isDigit(r)) state = S.numAfterDigit;
          else throw junk("'_'", r);
          break;
        case S.numAfterE:
          if (r === 0x2b || r === 0x2d) state = S.numAfterExpSign;
          else if (isDigit(r)) state = S.numAfterExpDigit;
          else throw junk("'E'", r);
          break;
        case S.numAfterExpSign:
          if (isDigit(r)) state = S.numAfterExpDigit;
          else throw junk('exponent sign', r);
          break;
        case S.numAfterExpDigit:
          if (isDigit(r)) state = S.numAfterExpDigit;
          else if (r === 0x5f) state = S.numAfterExpUnderscore;
          else done = true;
          break;
        case S.numAfterExpUnderscore:
          if (isDigit(r)) state = S.numAfterExpDigit;
          else throw junk("'_'", r);
          break;
      }
      if (done) break;
      // Every rune accepted here is ASCII.
      if (r !== 0x5f) cb += String.fromCharCode(r);
      this.next();
    }

    this.emitFullToken(TokenKind.tokenNumber, cb, '', '');
    this.resetTokenStart();
  }

  /** Consumes an identifier or keyword and emits a token; the next rune must not be a digit. */
  lexIdentifier(): void {
    const input = this.input;
    let i = this.pos.byteNo;
    if (!isIdentifierFirst(input[i])) throw new Error('Unexpected character in lexIdentifier');
    // Go's peek()/next() loop on the bytes directly: identifier runes are ASCII, never '\n'.
    while (i < input.length && isIdentifier(input[i])) i++;
    this.pos.byteNo = i;
    this.freshLine = false;
    this.emitToken(getTokenKindFromID(this.slice(this.tokenStart, this.pos.byteNo)));
  }

  /**
   * Lexes a token that starts with a symbol: a C or C++ comment, a text block or an operator.
   * The next rune must be the first rune of the new token.
   */
  lexSymbol(): void {
    // freshLine is reset by next() so cache it here.
    const freshLine = this.freshLine;
    let r = this.next();

    // Single line C++ style comment.
    if (r === 0x23 || (r === 0x2f && this.peek() === 0x2f)) {
      const line = this.lexUntilNewline();
      const k = freshLine ? FodderKind.FodderParagraph : FodderKind.FodderLineEnd;
      this.addFodder(k, line[1], line[2], [String.fromCharCode(r) + line[0]]);
      return;
    }

    // C style comment (could be interstitial or paragraph comment).
    if (r === 0x2f && this.peek() === 0x2a) {
      const margin = this.pos.byteNo - this.pos.lineStart - 1;
      const commentStartLoc = this.tokenStartLoc;

      this.next(); // consume the initial '*'
      for (r = this.next(); r !== 0x2a || this.peek() !== 0x2f; r = this.next()) {
        if (r === lexEOF) {
          throw this.makeStaticErrorPoint('Multi-line comment has no terminating */', commentStartLoc);
        }
      }

      this.next(); // Consume trailing '/'
      // Includes the "/*" and "*/".
      const comment = this.slice(this.tokenStart, this.pos.byteNo);

      const ws = this.lexWhitespace();
      let newLinesAfter = ws[0];
      let indentAfter = ws[1];
      if (!comment.includes('\n')) {
        this.addFodder(FodderKind.FodderInterstitial, 0, 0, [comment]);
        if (newLinesAfter > 0) {
          this.addFodder(FodderKind.FodderLineEnd, newLinesAfter - 1, indentAfter, []);
        }
      } else {
        const lines = lineSplit(comment, margin);
        if (lines[0][0] !== '/') {
          throw new Error(`Invalid parsing of C style comment ${JSON.stringify(lines)}`);
        }
        // Little hack to support FodderParagraphs with * down the LHS: add a space to lines
        // that start with a '*'.
        let allStar = true;
        for (const line of lines) {
          if (line.length === 0 || line[0] !== '*') allStar = false;
        }
        if (allStar) {
          for (let i = 0; i < lines.length; i++) {
            if (lines[i][0] === '*') lines[i] = ' ' + lines[i];
          }
        }
        if (newLinesAfter === 0) {
          // Ensure a line end after the paragraph.
          newLinesAfter = 1;
          indentAfter = 0;
        }
        this.addFodderSafe(FodderKind.FodderParagraph, newLinesAfter - 1, indentAfter, lines);
      }
      return;
    }

    if (r === 0x7c && this.hasPrefixAt(this.pos.byteNo, '||')) {
      this.lexTextBlock();
      return;
    }

    // Assume any string of symbols is a single operator.
    for (r = this.peek(); isSymbol(r); r = this.peek()) {
      // Not allowed // in operators. (As in Go, the check is on the rune itself, so no '/'
      // follows the first rune of an operator.)
      if (r === 0x2f && this.hasPrefixAt(this.pos.byteNo, '/')) break;
      // Not allowed /* in operators.
      if (r === 0x2f && this.hasPrefixAt(this.pos.byteNo, '*')) break;
      // Not allowed ||| in operators (accounts for |||-).
      if (r === 0x7c && this.hasPrefixAt(this.pos.byteNo, '||')) break;
      this.next();
    }

    // Operators are not allowed to end with + - ~ ! unless they are one rune long, so wind
    // back, stopping at the first rune. As in Go, r is the operator's last rune and is not
    // re-read while winding back.
    r = this.input[this.pos.byteNo - 1];
    for (; this.pos.byteNo > this.tokenStart + 1; this.pos.byteNo--) {
      if (r === 0x2b || r === 0x2d || r === 0x7e || r === 0x21 || r === 0x24) continue;
      break;
    }

    if (this.slice(this.tokenStart, this.pos.byteNo) === '$') {
      this.emitToken(TokenKind.tokenDollar);
    } else {
      this.emitToken(TokenKind.tokenOperator);
    }
  }

  /** The rest of lexSymbol for a text block: the first '|' is consumed, "||" follows. */
  lexTextBlock(): void {
    const commentStartLoc = this.tokenStartLoc;
    this.acceptN(2); // Skip "||"

    let chompTrailingNl = false;
    if (this.peek() === 0x2d) {
      chompTrailingNl = true;
      this.next();
    }

    let cb = '';

    // Skip whitespace.
    let r = this.next();
    while (r === 0x20 || r === 0x09 || r === 0x0d) r = this.next();

    // Skip \n.
    if (r !== 0x0a) {
      throw this.makeStaticErrorPoint('Text block requires new line after |||.', commentStartLoc);
    }

    // Process leading blank lines before calculating stringBlockIndent.
    for (r = this.peek(); r === 0x0a; r = this.peek()) {
      this.next();
      cb += '\n';
    }
    const rest = (): Uint8Array => this.input.subarray(this.pos.byteNo);
    let numWhiteSpace = checkWhitespace(rest(), rest());
    const stringBlockIndentBytes = this.input.subarray(this.pos.byteNo, this.pos.byteNo + numWhiteSpace);
    const stringBlockIndent = utf8Decoder.decode(stringBlockIndentBytes);
    if (numWhiteSpace === 0) {
      throw this.makeStaticErrorPoint("Text block's first line must start with whitespace", commentStartLoc);
    }

    for (;;) {
      if (numWhiteSpace <= 0) throw new Error('Unexpected value for numWhiteSpace');
      this.acceptN(numWhiteSpace);
      const lineStart = this.pos.byteNo;
      for (r = this.next(); r !== 0x0a; r = this.next()) {
        if (r === lexEOF) throw this.makeStaticErrorPoint('Unexpected EOF', commentStartLoc);
      }
      // The line's runes and its '\n'.
      cb += this.slice(lineStart, this.pos.byteNo);

      // Skip any blank lines.
      for (r = this.peek(); r === 0x0a; r = this.peek()) {
        this.next();
        cb += '\n';
      }

      // Look at the next line.
      numWhiteSpace = checkWhitespace(stringBlockIndentBytes, rest());
      if (numWhiteSpace === 0) {
        // End of the text block.
        let stringBlockTermIndent = '';
        for (r = this.peek(); r === 0x20 || r === 0x09; r = this.peek()) {
          this.next();
          stringBlockTermIndent += String.fromCharCode(r);
        }
        if (!this.hasPrefixAt(this.pos.byteNo, '|||')) {
          throw this.makeStaticErrorPoint('Text block not terminated with |||', commentStartLoc);
        }
        this.acceptN(3); // Skip '|||'

        let str = cb;
        if (chompTrailingNl) str = str.slice(0, -1);

        this.emitFullToken(TokenKind.tokenStringBlock, str, stringBlockIndent, stringBlockTermIndent);
        this.resetTokenStart();
        return;
      }
    }
  }

  /** A '"' or '\'' string; the next rune is the quote. */
  lexQuotedString(quote: number, kind: TokenKind): void {
    const stringStartLoc = this.location();
    this.next();
    for (let r = this.next(); ; r = this.next()) {
      if (r === lexEOF) throw this.makeStaticErrorPoint('Unterminated String', stringStartLoc);
      if (r === quote) {
        // Don't include the quotes in the token data.
        this.emitFullToken(kind, this.slice(this.tokenStart + 1, this.pos.byteNo - 1), '', '');
        this.resetTokenStart();
        return;
      }
      if (r === 0x5c && this.peek() !== lexEOF) this.next();
    }
  }

  /**
   * A verbatim string; the next rune is '@'. Doubled quotes are resolved here, unlike escapes
   * in other strings: no information is lost, so the formatter can restore the original form.
   */
  lexVerbatimString(): void {
    const stringStartLoc = this.location();
    this.next();
    let data = '';
    const quot = this.next();
    let kind: TokenKind;
    if (quot === 0x22) {
      kind = TokenKind.tokenVerbatimStringDouble;
    } else if (quot === 0x27) {
      kind = TokenKind.tokenVerbatimStringSingle;
    } else {
      // Go formats the rune with %v: its number.
      throw this.makeStaticErrorPoint(
        `Couldn't lex verbatim string, junk after '@': ${quot}`,
        stringStartLoc,
      );
    }
    for (let r = this.next(); ; r = this.next()) {
      if (r === lexEOF) {
        throw this.makeStaticErrorPoint('Unterminated String', stringStartLoc);
      } else if (r === quot) {
        if (this.peek() === quot) {
          this.next();
          data += String.fromCodePoint(r);
        } else {
          this.emitFullToken(kind, data, '', '');
          this.resetTokenStart();
          return;
        }
      } else {
        data += String.fromCodePoint(r);
      }
    }
  }
}

/** The keyword kind of an identifier string, or tokenIdentifier. */
function getTokenKindFromID(str: string): TokenKind {
  switch (str) {
    case 'assert':
      return TokenKind.tokenAssert;
    case 'else':
      return TokenKind.tokenElse;
    case 'error':
      return TokenKind.tokenError;
    case 'false':
      return TokenKind.tokenFalse;
    case 'for':
      return TokenKind.tokenFor;
    case 'function':
      return TokenKind.tokenFunction;
    case 'if':
      return TokenKind.tokenIf;
    case 'import':
      return TokenKind.tokenImport;
    case 'importstr':
      return TokenKind.tokenImportStr;
    case 'importbin':
      return TokenKind.tokenImportBin;
    case 'in':
      return TokenKind.tokenIn;
    case 'local':
      return TokenKind.tokenLocal;
    case 'null':
      return TokenKind.tokenNullLit;
    case 'self':
      return TokenKind.tokenSelf;
    case 'super':
      return TokenKind.tokenSuper;
    case 'tailstrict':
      return TokenKind.tokenTailStrict;
    case 'then':
      return TokenKind.tokenThen;
    case 'true':
      return TokenKind.tokenTrue;
    default:
      return TokenKind.tokenIdentifier;
  }
}

/** True if the string could be a valid identifier (and is not a keyword). */
export function isValidIdentifier(str: string): boolean {
  if (str.length === 0) return false;
  let first = true;
  for (const ch of str) {
    const r = ch.codePointAt(0) ?? 0;
    if (first ? !isIdentifierFirst(r) : !isIdentifier(r)) return false;
    first = false;
  }
  return getTokenKindFromID(str) === TokenKind.tokenIdentifier;
}

/** The tokens of input, ending with tokenEndOfFile; throws StaticError (Go's Lex). */
export function lexTokens(diagnosticFilename: string, importedFilename: string, input: string): Tokens {
  const l = new Lexer(diagnosticFilename, importedFilename, input);

  for (;;) {
    const ws = l.lexWhitespace();
    const newLines = ws[0];
    const indent = ws[1];
    // If it's the end of the file, discard final whitespace.
    if (l.peek() === lexEOF) {
      l.next();
      l.resetTokenStart();
      break;
    }
    if (newLines > 0) {
      // Otherwise store whitespace in fodder.
      l.addFodder(FodderKind.FodderLineEnd, newLines - 1, indent, []);
    }
    l.resetTokenStart(); // Don't include whitespace in actual token.
    const r = l.peek();
    switch (r) {
      case 0x7b: // {
        l.next();
        l.emitToken(TokenKind.tokenBraceL);
        break;
      case 0x7d: // }
        l.next();
        l.emitToken(TokenKind.tokenBraceR);
        break;
      case 0x5b: // [
        l.next();
        l.emitToken(TokenKind.tokenBracketL);
        break;
      case 0x5d: // ]
        l.next();
        l.emitToken(TokenKind.tokenBracketR);
        break;
      case 0x2c: // ,
        l.next();
        l.emitToken(TokenKind.tokenComma);
        break;
      case 0x2e: // .
        l.next();
        l.emitToken(TokenKind.tokenDot);
        break;
      case 0x28: // (
        l.next();
        l.emitToken(TokenKind.tokenParenL);
        break;
      case 0x29: // )
        l.next();
        l.emitToken(TokenKind.tokenParenR);
        break;
      case 0x3b: // ;
        l.next();
        l.emitToken(TokenKind.tokenSemicolon);
        break;
      case 0x22: // "
        l.lexQuotedString(0x22, TokenKind.tokenStringDouble);
        break;
      case 0x27: // '
        l.lexQuotedString(0x27, TokenKind.tokenStringSingle);
        break;
      case 0x40: // @
        l.lexVerbatimString();
        break;
      default:
        if (isNumber(r)) {
          l.lexNumber();
        } else if (isIdentifierFirst(r)) {
          l.lexIdentifier();
        } else if (isSymbol(r) || r === 0x23) {
          l.lexSymbol();
        } else {
          throw l.makeStaticErrorPoint(`Could not lex the character ${quoteRuneToASCII(r)}`, l.location());
        }
    }
  }

  // We are at the EOF. Emit a special token to capture any trailing fodder.
  l.emitToken(TokenKind.tokenEndOfFile);
  return l.tokens;
}

/** Go's Lex, throwing kf's static JsonnetError on a lexing error. */
export function lex(diagnosticFilename: string, importedFilename: string, input: string): Tokens {
  try {
    return lexTokens(diagnosticFilename, importedFilename, input);
  } catch (e) {
    if (e instanceof StaticError) throw toJsonnetError(e);
    throw e;
  }
}
