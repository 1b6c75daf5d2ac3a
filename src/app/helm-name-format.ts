// The keys helmTemplate gives the objects of a chart: Tanka's `nameFormat`, a Go text/template
// with Sprig's functions, evaluated on each object (default `{{ print .kind "_" .metadata.name |
// snakecase }}`: `deployment_grafana`). Libraries index the result by these keys, so they must be
// Tanka's exactly; Sprig's snakecase is huandu/xstrings v1.5.0's ToSnakeCase, ported below. The
// template language covers what name formats use: actions with pipelines of field chains, string
// literals and the functions in FUNCTIONS.

export const DEFAULT_NAME_FORMAT = '{{ print .kind "_" .metadata.name | snakecase }}';

/** A missing field (Go's zero reflect.Value): printed as "<no value>", "<nil>" inside print. */
const MISSING = Symbol('missing');
type TemplateValue = unknown;

/** Go's fmt.Sprint of one value as text/template prints data decoded from YAML. */
function sprint(value: TemplateValue): string {
  if (value === MISSING || value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatGoFloat(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(sprint).join(' ')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((k) => `${k}:${sprint((value as Record<string, unknown>)[k])}`);
  return `map[${entries.join(' ')}]`;
}

/** Go's %v of a float64 (strconv 'g' with the shortest precision, exponent at 21 digits). */
function formatGoFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [mantissa, e] = n.toExponential().split('e') as [string, string];
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

function asString(value: TemplateValue, fn: string): string {
  if (typeof value === 'string') return value;
  if (value === MISSING || value === null || value === undefined)
    throw new Error(`error calling ${fn}: invalid value; expected string`);
  throw new Error(`wrong type for value; expected string; got ${typeof value}`);
}

const FUNCTIONS: Record<string, (args: TemplateValue[]) => TemplateValue> = {
  // fmt.Sprint: a space between operands when neither is a string
  print: (args) =>
    args
      .map(
        (a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + sprint(a),
      )
      .join(''),
  printf: ([format, ...args]) => {
    let next = 0;
    return asString(format, 'printf').replace(/%([%svdq])/g, (_, verb: string) => {
      if (verb === '%') return '%';
      const arg = args[next++];
      return verb === 'q' ? JSON.stringify(sprint(arg)) : sprint(arg);
    });
  },
  lower: ([s]) => asString(s, 'lower').toLowerCase(),
  upper: ([s]) => asString(s, 'upper').toUpperCase(),
  trim: ([s]) => asString(s, 'trim').trim(),
  trimPrefix: ([prefix, s]) => {
    const text = asString(s, 'trimPrefix');
    const p = asString(prefix, 'trimPrefix');
    return text.startsWith(p) ? text.slice(p.length) : text;
  },
  trimSuffix: ([suffix, s]) => {
    const text = asString(s, 'trimSuffix');
    const p = asString(suffix, 'trimSuffix');
    return p !== '' && text.endsWith(p) ? text.slice(0, -p.length) : text;
  },
  replace: ([old, replacement, s]) =>
    asString(s, 'replace').replaceAll(asString(old, 'replace'), asString(replacement, 'replace')),
  snakecase: ([s]) => toSnakeCase(asString(s, 'snakecase'), '_'),
  kebabcase: ([s]) => toSnakeCase(asString(s, 'kebabcase'), '-'),
  // Sprig's empty: nil, "", 0, false and an empty list or map
  default: ([fallback, given]) =>
    given === MISSING ||
    given === null ||
    given === undefined ||
    given === '' ||
    given === false ||
    given === 0 ||
    (typeof given === 'object' && Object.keys(given).length === 0)
      ? fallback
      : given,
};

type Operand =
  { kind: 'field'; path: string[] } | { kind: 'string'; value: string } | { kind: 'call'; name: string };
type Command = Operand[];

/** A parsed name format: call it with an object to get its key. */
export type NameFormat = (object: Record<string, unknown>) => string;

/** Parses a Tanka nameFormat. Throws an Error naming what is not understood. */
export function compileNameFormat(format: string): NameFormat {
  const parts: Array<string | Command[]> = [];
  let rest = format;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) break;
    let text = rest.slice(0, open);
    let body = rest.slice(open + 2);
    // `{{- ` and ` -}}` trim the white space around the action
    if (body.startsWith('- ')) {
      text = text.trimEnd();
      body = body.slice(2);
    }
    const close = body.indexOf('}}');
    if (close < 0) throw new Error(`parsing name format: unclosed action in ${JSON.stringify(format)}`);
    let action = body.slice(0, close);
    rest = body.slice(close + 2);
    if (action.endsWith(' -')) {
      action = action.slice(0, -2);
      rest = rest.trimStart();
    }
    parts.push(text, parsePipeline(action.trim(), format));
  }
  parts.push(rest);
  return (object) =>
    parts
      .map((part) => {
        if (typeof part === 'string') return part;
        const value = runPipeline(part, object);
        return value === MISSING ? '<no value>' : sprint(value);
      })
      .join('');
}

function parsePipeline(action: string, format: string): Command[] {
  const tokens = action.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+/g) ?? [];
  const commands: Command[] = [[]];
  for (const token of tokens) {
    const current = commands[commands.length - 1] as Command;
    if (token === '|') {
      if (current.length === 0)
        throw new Error(`parsing name format: missing command before | in ${JSON.stringify(format)}`);
      commands.push([]);
    } else if (token.startsWith('"')) current.push({ kind: 'string', value: JSON.parse(token) as string });
    else if (token.startsWith('`')) current.push({ kind: 'string', value: token.slice(1, -1) });
    else if (token.startsWith('.'))
      current.push({ kind: 'field', path: token === '.' ? [] : token.slice(1).split('.') });
    else if (token in FUNCTIONS) current.push({ kind: 'call', name: token });
    else
      throw new Error(
        `parsing name format ${JSON.stringify(format)}: function "${token}" is not supported by kf (supported: ${Object.keys(FUNCTIONS).join(', ')})`,
      );
  }
  if ((commands[commands.length - 1] as Command).length === 0)
    throw new Error(`parsing name format: empty command in ${JSON.stringify(format)}`);
  return commands;
}

function runPipeline(commands: Command[], object: Record<string, unknown>): TemplateValue {
  let piped: TemplateValue[] = [];
  for (const [first, ...args] of commands) {
    const values = args.map((a) => operandValue(a, object));
    let result: TemplateValue;
    if (first?.kind === 'call')
      result = (FUNCTIONS[first.name] as (a: TemplateValue[]) => TemplateValue)([...values, ...piped]);
    else {
      if (values.length > 0 || piped.length > 0)
        throw new Error(
          `can't give argument to non-function ${first?.kind === 'field' ? '.' + first.path.join('.') : 'a string'}`,
        );
      result = operandValue(first as Operand, object);
    }
    piped = [result];
  }
  return piped[0];
}

function operandValue(operand: Operand, object: Record<string, unknown>): TemplateValue {
  if (operand.kind === 'string') return operand.value;
  if (operand.kind === 'call') return (FUNCTIONS[operand.name] as (a: TemplateValue[]) => TemplateValue)([]);
  let value: TemplateValue = object;
  for (const [i, key] of operand.path.entries()) {
    if (value === MISSING || value === null || value === undefined) {
      throw new Error(`nil pointer evaluating interface {}.${operand.path.slice(i).join('.')}`);
    }
    if (typeof value !== 'object' || Array.isArray(value))
      throw new Error(
        `can't evaluate field ${key} in type ${Array.isArray(value) ? '[]interface {}' : typeof value}`,
      );
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : MISSING;
  }
  return value;
}

// ---- xstrings v1.5.0 camelCaseToLowerCase (convert.go), on code points ----

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

const isUpper = (r: string) => /\p{Lu}/u.test(r);
const isLetter = (r: string) => /\p{L}/u.test(r);
const isNumber = (r: string) => /\p{N}/u.test(r);
const isPunct = (r: string) => /\p{P}/u.test(r);
const isConnector = (r: string) =>
  r === '-' || r === '_' || /[\t\n\v\f\r \u0085\u00a0\p{White_Space}]/u.test(r);
const RUNE_ERROR = '\ufffd';

function isAlphabet(r: string): boolean {
  if (!isLetter(r)) return false;
  const c = r.codePointAt(0) as number;
  if (c < 0x3400) return true;
  if (c >= 0x4e00 && c <= 0x9fcc) return false;
  if (c >= 0x3400 && c <= 0x4d85) return false;
  if (c >= 0x20000 && c <= 0x2b81d) return false;
  return true;
}

/** nextValidRune: the next rune that is not U+FFFD (and how many runes were read), or `prev`. */
function nextValidRune(runes: string[], at: number, prev: string): [string, number] {
  let size = 0;
  for (let i = at; i < runes.length; i++) {
    size += 1;
    if (runes[i] !== RUNE_ERROR) return [runes[i] as string, size];
  }
  return [prev, size];
}

/** nextWord: the type of the word starting at `at` and where it ends (runes). */
function nextWord(runes: string[], at: number): [WordType, number] {
  if (at >= runes.length) return ['invalid', at];
  let offset = at;
  let [r, size] = nextValidRune(runes, at, RUNE_ERROR);
  offset += size;
  if (r === RUNE_ERROR) return ['invalid', offset];
  let remaining = offset;
  const consumeWhile = (test: (r: string) => boolean) => {
    while (remaining < runes.length) {
      [r, size] = nextValidRune(runes, remaining, r);
      if (!test(r)) break;
      offset += size;
      remaining += size;
    }
  };
  if (isConnector(r)) {
    consumeWhile(isConnector);
    return ['connector', offset];
  }
  if (isPunct(r)) {
    consumeWhile(isPunct);
    return ['punct', offset];
  }
  if (isUpper(r)) {
    if (remaining >= runes.length) return ['upper', offset];
    [r, size] = nextValidRune(runes, remaining, r);
    if (isUpper(r)) {
      let prevSize = size;
      offset += size;
      remaining += size;
      while (remaining < runes.length) {
        [r, size] = nextValidRune(runes, remaining, r);
        if (!isUpper(r)) break;
        prevSize = size;
        offset += size;
        remaining += size;
      }
      // "HTTPStatus" is "HTTP" and "Status": the S belongs to the next word
      if (remaining < runes.length && isAlphabet(r)) offset -= prevSize;
    } else if (isAlphabet(r)) {
      offset += size;
      remaining += size;
      consumeWhile((x) => isAlphabet(x) && !isUpper(x));
    }
    return ['upper', offset];
  }
  if (isAlphabet(r)) {
    consumeWhile((x) => isAlphabet(x) && !isUpper(x));
    return ['alphabet', offset];
  }
  if (isNumber(r)) {
    consumeWhile(isNumber);
    return ['number', offset];
  }
  consumeWhile((x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  return ['other', offset];
}

function lowerWord(wt: WordType, word: string[], connector: string): string {
  if (wt !== 'upper' && wt !== 'connector') return word.join('');
  return word
    .map((r) => (isConnector(r) ? connector : isUpper(r) ? (r === '\u0130' ? 'i' : r.toLowerCase()) : r))
    .join('');
}

/** xstrings.ToSnakeCase (connector `_`) and ToKebabCase (`-`). */
export function toSnakeCase(text: string, connector: '_' | '-'): string {
  const runes = [...text];
  if (runes.length === 0) return '';
  // the current word: its type and [start, end) in runes; read through wt(), which advance() changes
  const at: { wt: WordType; start: number; end: number } = { wt: 'invalid', start: 0, end: 0 };
  const advance = () => {
    at.start = at.end;
    [at.wt, at.end] = nextWord(runes, at.start);
  };
  const wt = (): WordType => at.wt;
  const word = () => runes.slice(at.start, at.end);
  const lower = () => lowerWord(at.wt, word(), connector);
  const isWordy = () => wt() === 'alphabet' || wt() === 'number';
  let out = '';
  advance();
  while (at.end < runes.length) {
    if (wt() !== 'connector') out += lower();
    const prev = wt();
    const last = word();
    advance();
    switch (prev) {
      case 'number':
        while (isWordy()) {
          out += lower();
          advance();
        }
        if (wt() !== 'invalid' && wt() !== 'punct' && wt() !== 'connector') out += connector;
        break;
      case 'connector':
        out += lowerWord(prev, last, connector);
        break;
      case 'punct':
        break;
      default: {
        if (wt() !== 'number') {
          if (wt() !== 'connector' && wt() !== 'punct') out += connector;
          break;
        }
        if (at.end >= runes.length) break;
        const number = word();
        advance();
        // a number followed by no letters belongs to the previous word: "Bld4Floor" is "bld4_floor"
        if (wt() !== 'alphabet') {
          out += lowerWord('number', number, connector);
          if (wt() !== 'connector' && wt() !== 'punct') out += connector;
          break;
        }
        // lower-case letters after a number start a word there: "HTTP2xx" is "http_2xx"
        out += connector + lowerWord('number', number, connector);
        while (isWordy()) {
          out += lower();
          advance();
        }
        if (wt() !== 'invalid' && wt() !== 'connector' && wt() !== 'punct') out += connector;
      }
    }
  }
  return out + lower();
}
