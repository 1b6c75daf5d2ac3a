// Escaping and unescaping of Jsonnet string literals, as the formatter's string-style pass needs.
// Port of go-jsonnet v0.22 internal/parser/string_util.go (Apache-2.0).
//
// Like Go, unescaping reads the UTF-8 bytes of the literal, so lengths and the (odd) text of
// the malformed-escape messages match go-jsonnet's.
import type { LocationRange } from './ast.js';
import { decodeRune, makeStaticError } from './lexer.js';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Go's hex.DecodeString for exactly two bytes' worth of hex digits; null if malformed. */
function decodeHex4(s: Uint8Array, i: number): [number, number] | null {
  const text = utf8Decoder.decode(s.subarray(i, i + 4));
  if (!/^[0-9a-fA-F]{4}$/.test(text)) return null;
  return [parseInt(text.slice(0, 2), 16), parseInt(text.slice(2, 4), 16)];
}

function isSurrogate(r: number): boolean {
  return r >= 0xd800 && r < 0xe000;
}

/** Go's utf16.DecodeRune: the code point of a surrogate pair, or U+FFFD. */
function decodeSurrogatePair(r1: number, r2: number): number {
  if (r1 >= 0xd800 && r1 < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000) {
    return (((r1 - 0xd800) << 10) | (r2 - 0xdc00)) + 0x10000;
  }
  return 0xfffd;
}

/** Go's bytes.Buffer.WriteRune: an invalid rune (e.g. a lone surrogate) writes U+FFFD. */
function runeString(r: number): string {
  if (r < 0 || r > 0x10ffff || isSurrogate(r)) return '\ufffd';
  return String.fromCodePoint(r);
}

/**
 * Compiles out the escape codes in the string; throws a StaticError at loc (Go's
 * StringUnescape). Its error() text is what the parser wraps into its own message.
 */
/** What stringUnescape must look at: a backslash or a surrogate (UTF-16 units: no u flag). */
const UNESCAPE_NEEDED = /[\\\uD800-\uDFFF]/;
/** What stringEscape must change: a quote of the kind, a backslash, a control or C1 character, a surrogate. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const ESCAPE_NEEDED_SINGLE = /['\\\x00-\x1F\x7F-\x9F\uD800-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const ESCAPE_NEEDED_DOUBLE = /["\\\x00-\x1F\x7F-\x9F\uD800-\uDFFF]/;

export function stringUnescape(loc: LocationRange, str: string): string {
  // Fast path: without a backslash or a surrogate (which UTF-8 encoding and decoding could turn
  // into U+FFFD), every rune is copied as it is. Most literals take it. (A regular expression
  // looks in native code; a loop here would run unoptimised in a formatter run.)
  if (!UNESCAPE_NEEDED.test(str)) return str;

  const s = utf8Encoder.encode(str);
  let buf = '';
  // Read one rune at a time.
  for (let i = 0; i < s.length;) {
    const [r, w] = decodeRune(s, i);
    i += w;
    if (r !== 0x5c) {
      buf += runeString(r);
      continue;
    }
    if (i >= s.length) {
      throw makeStaticError('Truncated escape sequence in string literal.', loc);
    }
    const [r2, w2] = decodeRune(s, i);
    i += w2;
    switch (r2) {
      case 0x22: // "
        buf += '"';
        break;
      case 0x27: // '
        buf += "'";
        break;
      case 0x5c:
        buf += '\\';
        break;
      case 0x2f: // See json.org, \/ is a valid escape.
        buf += '/';
        break;
      case 0x62: // b
        buf += '\b';
        break;
      case 0x66: // f
        buf += '\f';
        break;
      case 0x6e: // n
        buf += '\n';
        break;
      case 0x72: // r
        buf += '\r';
        break;
      case 0x74: // t
        buf += '\t';
        break;
      case 0x75: {
        // u
        if (i + 4 > s.length) {
          throw makeStaticError('Truncated unicode escape sequence in string literal.', loc);
        }
        const codeBytes = decodeHex4(s, i);
        if (codeBytes === null) {
          // Go reports the literal's first 4 bytes, not the escape's.
          throw makeStaticError(
            `Unicode escape sequence was malformed: ${utf8Decoder.decode(s.subarray(0, 4))}`,
            loc,
          );
        }
        i += 4;
        let code = codeBytes[0] * 256 + codeBytes[1];
        if (isSurrogate(code)) {
          const highSurrogate = code;
          if (i + 6 > s.length) {
            throw makeStaticError('Truncated unicode surrogate pair escape sequence in string literal.', loc);
          }
          if (s[i] !== 0x5c || s[i + 1] !== 0x75) {
            throw makeStaticError(
              'Unicode surrogate pair escape sequence missing low surrogate in string literal.',
              loc,
            );
          }
          i += 2;
          const lowBytes = decodeHex4(s, i);
          if (lowBytes === null) {
            throw makeStaticError(
              `Unicode low surrogate escape sequence was malformed: ${utf8Decoder.decode(s.subarray(0, 4))}`,
              loc,
            );
          }
          i += 4;
          const lowSurrogate = lowBytes[0] * 256 + lowBytes[1];
          code = decodeSurrogatePair(highSurrogate, lowSurrogate);
        }
        buf += runeString(code);
        break;
      }
      default:
        throw makeStaticError(`Unknown escape sequence in string literal: \\${runeString(r2)}`, loc);
    }
  }
  return buf;
}

/** Does the opposite of stringUnescape, for a single- or double-quoted literal. */
export function stringEscape(s: string, single: boolean): string {
  // Fast path: a string with nothing to escape (no quote of the kind, backslash, control or
  // C1 character, or surrogate) is its own escape.
  if (!(single ? ESCAPE_NEEDED_SINGLE : ESCAPE_NEEDED_DOUBLE).test(s)) return s;

  let buf = '';
  // Read one code point at a time.
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        if (!single) buf += '\\';
        buf += ch;
        break;
      case "'":
        if (single) buf += '\\';
        buf += ch;
        break;
      case '\\':
        buf += '\\\\';
        break;
      case '\b':
        buf += '\\b';
        break;
      case '\f':
        buf += '\\f';
        break;
      case '\n':
        buf += '\\n';
        break;
      case '\r':
        buf += '\\r';
        break;
      case '\t':
        buf += '\\t';
        break;
      case '\u0000':
        buf += '\\u0000';
        break;
      default:
        if (r < 0x20 || (r >= 0x7f && r <= 0x9f)) {
          buf += `\\u${r.toString(16).padStart(4, '0')}`;
        } else {
          // A lone surrogate cannot come out of Go's UTF-8 decoding: it would be U+FFFD.
          buf += isSurrogate(r) ? '\ufffd' : ch;
        }
    }
  }
  return buf;
}
