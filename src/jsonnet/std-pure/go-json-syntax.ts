// Why a text is not JSON, in the words of Go's encoding/json (go-jsonnet's std.parseJson says
// "failed to parse JSON: " + these): its scanner's states, walked over the UTF-8 bytes until the
// first byte none of them accepts. Only asked once JSON.parse has refused the text.

type State = (c: number) => State | string | undefined;

/** Go's encoding/json nesting limit. */
const MAX_DEPTH = 10000;

/** The message of Go's json.Unmarshal for `text`, or undefined when Go's scanner accepts it. */
export function goJsonSyntaxError(text: string): string | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const stack: ('object-key' | 'object-value' | 'array')[] = [];

  const fail = (c: number, context: string): string => `invalid character ${quoteChar(c)} ${context}`;
  const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

  const push = (c: number, kind: 'object-key' | 'array', next: State): State | string => {
    stack.push(kind);
    return stack.length > MAX_DEPTH ? fail(c, 'exceeded max depth') : next;
  };

  const beginValue: State = (c) => {
    if (isSpace(c)) return beginValue;
    switch (c) {
      case 0x7b: // {
        return push(c, 'object-key', beginStringOrEmpty);
      case 0x5b: // [
        return push(c, 'array', beginValueOrEmpty);
      case 0x22: // "
        return inString;
      case 0x2d: // -
        return neg;
      case 0x30:
        return zero;
      case 0x74: // t
        return literal('true', 1);
      case 0x66: // f
        return literal('false', 1);
      case 0x6e: // n
        return literal('null', 1);
    }
    if (c >= 0x31 && c <= 0x39) return digits;
    return fail(c, 'looking for beginning of value');
  };
  const beginValueOrEmpty: State = (c) => {
    if (isSpace(c)) return beginValueOrEmpty;
    if (c === 0x5d) return endValue(c);
    return beginValue(c);
  };
  const beginStringOrEmpty: State = (c) => {
    if (isSpace(c)) return beginStringOrEmpty;
    if (c === 0x7d) {
      stack[stack.length - 1] = 'object-value';
      return endValue(c);
    }
    return beginString(c);
  };
  const beginString: State = (c) => {
    if (isSpace(c)) return beginString;
    if (c === 0x22) return inString;
    return fail(c, 'looking for beginning of object key string');
  };
  const endValue: State = (c) => {
    const top = stack[stack.length - 1];
    if (top === undefined) return endTop(c);
    if (isSpace(c)) return endValue;
    if (top === 'object-key') {
      if (c === 0x3a) {
        stack[stack.length - 1] = 'object-value';
        return beginValue;
      }
      return fail(c, 'after object key');
    }
    if (top === 'object-value') {
      if (c === 0x2c) {
        stack[stack.length - 1] = 'object-key';
        return beginString;
      }
      if (c === 0x7d) {
        stack.pop();
        return endValue;
      }
      return fail(c, 'after object key:value pair');
    }
    if (c === 0x2c) return beginValue;
    if (c === 0x5d) {
      stack.pop();
      return endValue;
    }
    return fail(c, 'after array element');
  };
  const endTop: State = (c) => (isSpace(c) ? endTop : fail(c, 'after top-level value'));
  const inString: State = (c) => {
    if (c === 0x22) return endValue;
    if (c === 0x5c) return inStringEsc;
    if (c < 0x20) return fail(c, 'in string literal');
    return inString;
  };
  const inStringEsc: State = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) return inString;
    if (c === 0x75) return hexEscape(4);
    return fail(c, 'in string escape code');
  };
  const hexEscape =
    (left: number): State =>
    (c) => {
      if (!isHex(c)) return fail(c, 'in \\u hexadecimal character escape');
      return left === 1 ? inString : hexEscape(left - 1);
    };
  const neg: State = (c) => {
    if (c === 0x30) return zero;
    if (c >= 0x31 && c <= 0x39) return digits;
    return fail(c, 'in numeric literal');
  };
  const digits: State = (c) => (isDigit(c) ? digits : zero(c));
  const zero: State = (c) => {
    if (c === 0x2e) return dot;
    if (c === 0x65 || c === 0x45) return exponent;
    return endValue(c);
  };
  const dot: State = (c) => (isDigit(c) ? fraction : fail(c, 'after decimal point in numeric literal'));
  const fraction: State = (c) => {
    if (isDigit(c)) return fraction;
    if (c === 0x65 || c === 0x45) return exponent;
    return endValue(c);
  };
  const exponent: State = (c) => (c === 0x2b || c === 0x2d ? exponentSign : exponentSign(c));
  const exponentSign: State = (c) =>
    isDigit(c) ? exponentDigits : fail(c, 'in exponent of numeric literal');
  const exponentDigits: State = (c) => (isDigit(c) ? exponentDigits : endValue(c));
  const literal =
    (word: string, at: number): State =>
    (c) => {
      if (c !== word.charCodeAt(at)) return fail(c, `in literal ${word} (expecting '${word[at]}')`);
      return at === word.length - 1 ? endValue : literal(word, at + 1);
    };

  let state: State = beginValue;
  for (const c of bytes) {
    const next = state(c);
    if (typeof next === 'string') return next;
    state = next as State;
  }
  // The end: only a complete value (a number ends at a space) is fine.
  if (state === endTop) return undefined;
  // Go's scanner steps a space at the end: what that refuses is the message.
  const last = state(0x20);
  if (last === endTop) return undefined;
  return typeof last === 'string' ? last : 'unexpected end of JSON input';
}

const NUMBER = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Go's json.Unmarshal's message for valid JSON with a number out of float64's range (JSON.parse
 * made it an infinity): the first such number as written, or undefined when there is none.
 */
export function goJsonRangeError(text: string): string | undefined {
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m !== null; m = NUMBER.exec(text)) {
    const literal = m[0];
    if (literal[0] !== '"' && !Number.isFinite(Number(literal)))
      return `json: cannot unmarshal number ${literal} into Go value of type float64`;
  }
  return undefined;
}

/** A byte as Go's encoding/json quotes it in a message: strconv.Quote of the rune, in single quotes. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  return `'${goQuoteRune(c)}'`;
}

/** strconv.Quote's text of the rune U+00XX (a byte taken as a rune), without the quotes. */
function goQuoteRune(c: number): string {
  const named: Record<number, string> = {
    7: '\\a',
    8: '\\b',
    12: '\\f',
    10: '\\n',
    13: '\\r',
    9: '\\t',
    11: '\\v',
  };
  if (c === 0x5c) return '\\\\';
  if (named[c] !== undefined) return named[c];
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  // C1 controls and the no-break space are not printable for Go; U+00AD (soft hyphen) neither.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `\\u00${c.toString(16).padStart(2, '0')}`;
  return String.fromCharCode(c);
}
