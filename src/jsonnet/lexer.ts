// Jsonnet lexer: turns source text into tokens with source spans; comments and whitespace are skipped.
import type { Loc, StringKind } from './ast.js';
import { staticError } from './errors.js';
import { SourceLines, SpanLoc } from './span-loc.js';

/** The location from `from` to `to` (default: the point `from`) of the file being lexed. */
type Span = (from: number, to?: number) => Loc;

export type TokenKind = 'id' | 'kw' | 'num' | 'str' | 'op' | 'punct' | 'dollar' | 'eof';

export interface Token {
  kind: TokenKind;
  value: string;
  /** Numeric value of a `num` token. */
  num: number | undefined;
  strKind: StringKind | undefined;
  /** UTF-16 offset of the token's first unit (see span-loc.ts). */
  start: number;
  /** UTF-16 offset just past its last unit. */
  end: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
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
  'tailstrict',
  'then',
  'self',
  'super',
  'true',
]);
const OP_CHARS = '!$:~+-&|^=<>*/%';
const PUNCT = '{}[](),.;';
/** 1 at the UTF-16 units of PUNCT. */
const IS_PUNCT = new Uint8Array(128);
for (const p of PUNCT) IS_PUNCT[p.charCodeAt(0)] = 1;

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
/** A letter, `_` or digit, of a UTF-16 unit. */
function isIdCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

function token(
  kind: TokenKind,
  value: string,
  start: number,
  end: number,
  num?: number,
  strKind?: StringKind,
): Token {
  return { kind, value, num, strKind, start, end };
}

export function lex(source: string, file: string): Token[] {
  const lexer = new Lexer(source, file);
  const tokens: Token[] = [];
  let t: Token;
  do tokens.push((t = lexer.next()));
  while (t.kind !== 'eof');
  return tokens;
}

/**
 * The tokens of a file one at a time (`next`), for the parser: a token it has taken is garbage at
 * once, where an array of the whole file's tokens kept them all alive, to be copied by the garbage
 * collector, until the parse ended.
 */
export class Lexer {
  private i = 0;
  private readonly n: number;
  /** Error locations, over the file's line table (made only when there is an error). */
  private lines: SourceLines | undefined = undefined;
  /**
   * The next backslash at or after the string being lexed (-1: none left), looked for again only
   * once passed: each part of the file is searched once.
   */
  private backslash: number;
  readonly span: Span = (from, to = from) =>
    new SpanLoc((this.lines ??= new SourceLines(this.file, this.source)), from, to);

  constructor(
    private readonly source: string,
    private readonly file: string,
  ) {
    this.n = source.length;
    this.backslash = source.indexOf('\\');
  }

  /** The next token; `eof` at the end, and again after it. */
  next(): Token {
    const source = this.source;
    const n = this.n;
    let i = this.i;
    while (i < n) {
      const code = source.charCodeAt(i);
      // Whitespace
      if (code === 32 || code === 9 || code === 13 || code === 10) {
        i++;
        continue;
      }
      const c = source[i];
      // Comments
      if (c === '#' || (c === '/' && source[i + 1] === '/')) {
        const eol = source.indexOf('\n', i);
        i = eol === -1 ? n : eol;
        continue;
      }
      if (c === '/' && source[i + 1] === '*') {
        const close = source.indexOf('*/', i + 2);
        if (close === -1) throw staticError('multi-line comment has no terminating */.', this.span(i));
        i = close + 2;
        continue;
      }
      const t = this.token(i, code, c);
      this.i = t.end;
      return t;
    }
    this.i = n;
    return { kind: 'eof', value: '', num: undefined, strKind: undefined, start: n, end: n };
  }

  /** The token that starts at `startOffset` (not a space or comment), whose first unit is `code` (`c`). */
  private token(startOffset: number, code: number, c: string): Token {
    const source = this.source;
    if (code < 128 && IS_PUNCT[code] === 1) return token('punct', c, startOffset, startOffset + 1);
    if (code >= 48 && code <= 57) {
      const end = lexNumber(source, startOffset, this.span, startOffset);
      const text = source.slice(startOffset, end);
      return token('num', text, startOffset, end, Number(text.replace(/_/g, '')));
    }
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95) {
      const n = this.n;
      let i = startOffset + 1;
      while (i < n && isIdCode(source.charCodeAt(i))) i++;
      const text = source.slice(startOffset, i);
      return token(KEYWORDS.has(text) ? 'kw' : 'id', text, startOffset, i);
    }
    if (c === '"' || c === "'") return this.quoted(startOffset, c);
    if (c === '@' && (source[startOffset + 1] === '"' || source[startOffset + 1] === "'"))
      return verbatim(source, startOffset, this.span);
    if (c === '$') return token('dollar', '$', startOffset, startOffset + 1);
    if (OP_CHARS.includes(c)) return operator(source, startOffset, this.span);
    throw staticError(`Could not lex the character ${JSON.stringify(c)}`, this.span(startOffset));
  }

  /**
   * A '…' or "…" literal from `startOffset`, its quote `c`: a function of its own, as are the other
   * long token kinds, so that the main loop stays small, which V8 optimises sooner and for less
   * (lexing Tempo's 83 files in a fresh process, with the search for quotes and backslashes below:
   * 772 → 275 M instructions).
   */
  private quoted(startOffset: number, c: string): Token {
    const source = this.source;
    const n = this.n;
    const span = this.span;
    let i = startOffset + 1;
    const quote = c.charCodeAt(0);
    // The text between escapes is taken in runs (slices), found by indexOf: most of a library's
    // text is in strings (the docs of k8s-libsonnet), and a unit-at-a-time loop was most of lexing.
    let out = '';
    let run = i;
    let closed = false;
    let backslash = this.backslash;
    if (backslash !== -1 && backslash < i) backslash = source.indexOf('\\', i);
    while (i < n) {
      const close = source.indexOf(c, i);
      if (close === -1) break;
      if (backslash === -1 || backslash > close) {
        out += source.slice(run, close);
        closed = true;
        i = close + 1;
        break;
      }
      // An escape before the quote.
      i = backslash;
      out += source.slice(run, i);
      const e = source[i + 1];
      if (e === undefined) break;
      i += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case "'":
          out += "'";
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          let code = readHex4(source, i, span, startOffset, c);
          i += 4;
          if (code >= 0xd800 && code < 0xe000) {
            // go-jsonnet's StringUnescape: any surrogate takes the next \uXXXX with it; a pair that
            // is not high + low is U+FFFD (utf16.DecodeRune), a missing one an error.
            const fail = (message: string) => unterminatedOr(source, i, c, span, startOffset, message);
            if (rawBytesBefore(source, i, quote) < 6)
              throw fail('Truncated unicode surrogate pair escape sequence in string literal.');
            if (source[i] !== '\\' || source[i + 1] !== 'u')
              throw fail('Unicode surrogate pair escape sequence missing low surrogate in string literal.');
            const low = /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))
              ? parseInt(source.slice(i + 2, i + 6), 16)
              : -1;
            if (low < 0)
              // (Go names the string's first four bytes, not the escape's)
              throw fail(
                `Unicode low surrogate escape sequence was malformed: ${source.slice(startOffset + 1, startOffset + 5)}`,
              );
            code =
              code < 0xdc00 && low >= 0xdc00 && low < 0xe000
                ? 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
                : 0xfffd;
            i += 6;
          }
          out += String.fromCodePoint(code);
          break;
        }
        case '\n':
          throw unterminatedOr(
            source,
            i,
            c,
            span,
            startOffset,
            `Unknown escape sequence in string literal: '\\n'`,
          );
        default:
          throw unterminatedOr(
            source,
            i,
            c,
            span,
            startOffset,
            `Unknown escape sequence in string literal: '${e}'`,
          );
      }
      run = i;
      if (backslash < i) backslash = source.indexOf('\\', i);
    }
    this.backslash = backslash;
    if (!closed) throw staticError('unterminated string', span(startOffset));
    return token('str', out, startOffset, i, undefined, c === '"' ? 'double' : 'single');
  }
}

/** An operator, or a text block (|||), from `i`. */
function operator(source: string, i: number, span: Span): Token {
  const n = source.length;
  if (source[i] === '|' && source.startsWith('|||', i)) {
    const r = lexTextBlock(source, i, span, i);
    return token('str', r.value, i, r.end, undefined, 'block');
  }
  let j = i;
  while (j < n && OP_CHARS.includes(source[j])) {
    if (j > i && source[j] === '/' && (source[j + 1] === '/' || source[j + 1] === '*')) break;
    if (j > i && source[j] === '|' && source.startsWith('|||', j)) break;
    j++;
  }
  // A multi-character operator may not end in + - ~ ! $ (so `a+-b` is `+` then `-`).
  while (j - i > 1 && '+-~!$'.includes(source[j - 1])) j--;
  return token('op', source.slice(i, j), i, j);
}

/** A @'…' or @"…" literal from `startOffset`. */
function verbatim(source: string, startOffset: number, span: Span): Token {
  const n = source.length;
  let i = startOffset;
  const q = source[i + 1];
  const quote = q.charCodeAt(0);
  i += 2;
  let out = '';
  let run = i;
  let closed = false;
  while (i < n) {
    const close = source.indexOf(q, i);
    if (close === -1) break;
    if (source.charCodeAt(close + 1) === quote) {
      // A doubled quote is one quote: the run ends with the first of the two.
      out += source.slice(run, close + 1);
      i = close + 2;
      run = i;
      continue;
    }
    out += source.slice(run, close);
    closed = true;
    i = close + 1;
    break;
  }
  if (!closed) throw staticError('unterminated string', span(startOffset));
  return token('str', out, startOffset, i, undefined, q === '"' ? 'verbatimDouble' : 'verbatimSingle');
}

function readHex4(source: string, at: number, span: Span, start: number, quote: string): number {
  let code = 0;
  for (let k = 0; k < 4; k++) {
    const h = source[at + k];
    if (h === undefined || h === quote) {
      throw unterminatedOr(
        source,
        at + k,
        quote,
        span,
        start,
        'Truncated unicode escape sequence in string literal.',
      );
    }
    const v = parseInt(h, 16);
    if (Number.isNaN(v)) {
      throw unterminatedOr(
        source,
        at + k,
        quote,
        span,
        start,
        `Malformed unicode escape character, should be hex: '${h}'`,
      );
    }
    code = code * 16 + v;
  }
  return code;
}

/**
 * How many UTF-8 bytes of the literal's raw text (escapes as written) lie between `at` and its
 * closing quote, counted up to 6: go-jsonnet measures what follows a surrogate escape in bytes.
 */
function rawBytesBefore(source: string, at: number, quote: number): number {
  let bytes = 0;
  for (let j = at; j < source.length && bytes < 6; j++) {
    const d = source.charCodeAt(j);
    if (d === quote) break;
    if (d === 92 && j + 1 < source.length) {
      bytes += 1 + utf8Length(source.codePointAt(j + 1) as number);
      j += source.codePointAt(j + 1)! > 0xffff ? 2 : 1;
      continue;
    }
    const cp = source.codePointAt(j) as number;
    bytes += utf8Length(cp);
    if (cp > 0xffff) j++;
  }
  return bytes;
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** A bad escape: the error spans the whole string literal if it is terminated, else reports an unterminated string. */
function unterminatedOr(
  source: string,
  at: number,
  quote: string,
  span: Span,
  start: number,
  message: string,
) {
  let j = at;
  while (j < source.length && source[j] !== quote) {
    if (source[j] === '\\') j++;
    j++;
  }
  if (j >= source.length) return staticError('unterminated string', span(start));
  return staticError(message, span(start, j + 1));
}

function lexNumber(source: string, i: number, span: Span, start: number): number {
  const n = source.length;
  const digits = (): void => {
    while (i < n) {
      if (isDigit(source[i])) i++;
      else if (source[i] === '_' && isDigit(source[i - 1]) && isDigit(source[i + 1] ?? '')) i++;
      else break;
    }
  };
  if (source[i] === '0') {
    i++;
  } else {
    digits();
  }
  if (source[i] === '.' && isDigit(source[i + 1] ?? '')) {
    i++;
    digits();
  } else if (source[i] === '.') {
    throw staticError(
      `Couldn't lex number, junk after decimal point: ${JSON.stringify(source[i + 1] ?? '')}`,
      span(start),
    );
  }
  if (source[i] === 'e' || source[i] === 'E') {
    i++;
    if (source[i] === '+' || source[i] === '-') i++;
    if (!isDigit(source[i] ?? '')) {
      throw staticError(
        `Couldn't lex number, junk after 'E': ${JSON.stringify(source[i] ?? '')}`,
        span(start),
      );
    }
    digits();
  }
  return i;
}

function lexTextBlock(source: string, i: number, span: Span, start: number): { end: number; value: string } {
  const n = source.length;
  i += 3;
  let chomp = false;
  if (source[i] === '-') {
    chomp = true;
    i++;
  }
  while (source[i] === ' ' || source[i] === '\t' || source[i] === '\r') i++;
  if (source[i] !== '\n') throw staticError('text block syntax requires new line after |||.', span(start));
  i++;
  // Skip leading blank lines (they are kept as empty lines).
  let out = '';
  while (source[i] === '\n') {
    i++;
    out += '\n';
  }
  let w = 0;
  while (source[i + w] === ' ' || source[i + w] === '\t') w++;
  if (w === 0) {
    if (i >= n) throw staticError('unexpected EOF', span(start));
    throw staticError("text block's first line must start with whitespace.", span(start));
  }
  const indent = source.slice(i, i + w);
  for (;;) {
    // At the start of a line with the indent.
    i += w;
    const eol = source.indexOf('\n', i);
    out += source.slice(i, eol === -1 ? n : eol);
    i = eol === -1 ? n : eol;
    if (i >= n) throw staticError('unexpected EOF', span(start));
    out += '\n';
    i++;
    // Blank lines
    while (source[i] === '\n') {
      i++;
      out += '\n';
    }
    if (source.startsWith(indent, i)) continue;
    // End of block: whitespace then |||
    let j = i;
    while (source[j] === ' ' || source[j] === '\t') j++;
    if (source.startsWith('|||', j)) {
      if (j === i || isPrefixWhitespace(source.slice(i, j), indent)) {
        // fine
      }
      i = j + 3;
      if (chomp && out.endsWith('\n')) out = out.slice(0, -1);
      return { end: i, value: out };
    }
    if (i >= n) throw staticError('text block not terminated with |||', span(start));
    const found = source.slice(i, j);
    if (found.length > 0 && j < n && source[j] !== '\n') {
      throw staticError(
        `text block indentation mismatch: expected at least ${describeWs(indent)}, found ${describeWs(found)}`,
        span(start),
      );
    }
    throw staticError('text block not terminated with |||', span(start));
  }
}

function isPrefixWhitespace(a: string, b: string): boolean {
  return b.startsWith(a);
}

function describeWs(ws: string): string {
  const spaces = [...ws].filter((c) => c === ' ').length;
  const tabs = ws.length - spaces;
  const parts: string[] = [];
  if (spaces > 0) parts.push(`${spaces} space${spaces === 1 ? '' : 's'}`);
  if (tabs > 0) parts.push(`${tabs} tab${tabs === 1 ? '' : 's'}`);
  return parts.join(', ');
}
