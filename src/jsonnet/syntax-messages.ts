// kf's parser words syntax errors as C++ jsonnet does; kf eval and the linter print go-jsonnet's
// words and locations (internal/parser/parser.go). The tokens around the error tell which one
// go-jsonnet's parser would have reported.
import type { Loc } from './ast.js';
import { lex, type Token } from './lexer.js';
import { SourceLines, SpanLoc } from './span-loc.js';

/** A syntax error as go-jsonnet reports it. */
export interface GoSyntaxError {
  message: string;
  loc: Loc | undefined;
}

const SAME_WORDS: Record<string, string> = {
  'Cannot use text blocks in import statements.': 'Block string literals not allowed in imports',
  'computed imports are not allowed.': 'Computed imports are not allowed',
  'unterminated string': 'Unterminated String',
  'unexpected EOF': 'Unexpected EOF',
  'text block syntax requires new line after |||.': 'Text block requires new line after |||.',
  "text block's first line must start with whitespace.": "Text block's first line must start with whitespace",
  'text block not terminated with |||': 'Text block not terminated with |||',
  'multi-line comment has no terminating */.': 'Multi-line comment has no terminating */',
};

/** Errors go-jsonnet reports at the token where kf reports a point. */
const AT_TOKEN = [/^duplicate local var: /, /^Positional argument after a named argument is not allowed$/];

/** Errors go-jsonnet reports at the comprehension's `for`. */
const AT_FOR = new Set([
  'Object comprehension cannot have asserts.',
  'Object comprehension can only have one field.',
  'Object comprehensions cannot have hidden fields.',
  'Object comprehensions can only have [e] fields.',
]);

/** Go's strconv.QuoteRuneToASCII. */
function quoteRuneToASCII(ch: string): string {
  const c = ch.codePointAt(0) as number;
  const named: Record<number, string> = {
    7: 'a',
    8: 'b',
    9: 't',
    10: 'n',
    11: 'v',
    12: 'f',
    13: 'r',
    39: "'",
    92: '\\',
  };
  if (named[c] !== undefined) return `'\\${named[c]}'`;
  if (c >= 0x20 && c < 0x7f) return `'${ch}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c < 0x10000) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'\\U${c.toString(16).padStart(8, '0')}'`;
}

/** go-jsonnet's token.String(). */
function goToken(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of file';
    case 'id':
      return `(IDENTIFIER, "${t.value}")`;
    case 'num':
      return `(NUMBER, "${t.value}")`;
    case 'op':
      return `(OPERATOR, "${t.value}")`;
    case 'str': {
      const kind = {
        double: 'STRING_DOUBLE',
        single: 'STRING_SINGLE',
        block: 'STRING_BLOCK',
        verbatimDouble: 'VERBATIM_STRING_DOUBLE',
        verbatimSingle: 'VERBATIM_STRING_SINGLE',
      }[t.strKind ?? 'double'];
      return `(${kind}, "${t.value}")`;
    }
    default:
      return `"${t.value}"`;
  }
}

/** A token that can end an expression. */
function endsExpression(t: Token): boolean {
  if (t.kind === 'id' || t.kind === 'num' || t.kind === 'str' || t.kind === 'dollar') return true;
  if (t.kind === 'kw') return ['true', 'false', 'null', 'self', 'tailstrict'].includes(t.value);
  return t.kind === 'punct' && [')', ']', '}'].includes(t.value);
}

/** What go-jsonnet's parser says when the file ends too early. */
function endOfFile(tokens: Token[]): string {
  const body = tokens.filter((t) => t.kind !== 'eof');
  const last = body[body.length - 1];
  if (last === undefined || !endsExpression(last)) {
    if (last?.kind === 'punct' && last.value === '{')
      return 'Unexpected: end of file while parsing field definition';
    return 'Unexpected end of file';
  }
  const open: { token: Token; before?: Token }[] = [];
  body.forEach((t, i) => {
    if (t.kind === 'punct' && ['(', '[', '{'].includes(t.value)) open.push({ token: t, before: body[i - 1] });
    else if (t.kind === 'kw' && t.value === 'local') open.push({ token: t });
    else if (t.kind === 'punct' && [')', ']', '}'].includes(t.value)) {
      while (open.length > 0 && (open[open.length - 1] as { token: Token }).token.value === 'local')
        open.pop();
      open.pop();
    } else if (t.kind === 'punct' && t.value === ';' && open[open.length - 1]?.token.value === 'local')
      open.pop();
  });
  const top = open[open.length - 1];
  if (top === undefined) return 'Unexpected end of file';
  switch (top.token.value) {
    case 'local':
      return 'Expected , or ; but got end of file';
    case '[':
      return 'Expected a comma before next array element';
    case '{':
      return 'Expected a comma before next field';
    default:
      if (top.before?.kind === 'kw' && top.before.value === 'function')
        return 'Expected a comma before next function parameter, got end of file';
      if (top.before !== undefined && endsExpression(top.before))
        return 'Expected a comma before next function argument, got end of file';
      return 'Expected token ")" but got end of file';
  }
}

/**
 * A bad escape, which go-jsonnet finds when desugaring: its message carries the literal's
 * location once more. Go names a malformed \\u escape by the literal's first four bytes.
 */
function escapeError(
  detail: string,
  loc: Loc | undefined,
  source: string,
  locText: LocText,
): GoSyntaxError | undefined {
  let message: string | undefined;
  const unknown = /^Unknown escape sequence in string literal: '(.*)'$/.exec(detail);
  if (unknown)
    message = `Unknown escape sequence in string literal: \\${unknown[1] === '\\n' ? '\n' : unknown[1]}`;
  else if (detail.startsWith('Malformed unicode escape character')) {
    const raw = Buffer.from(source.slice((loc?.start.offset ?? 0) + 1, loc?.end.offset), 'utf8');
    message = `Unicode escape sequence was malformed: ${raw.subarray(0, 4).toString('utf8')}`;
  } else if (/escape sequence/.test(detail)) message = detail;
  return message === undefined ? undefined : { message: locText(message, loc), loc };
}

type LocText = (message: string, loc: Loc | undefined) => string;

/** The go-jsonnet message and location of a syntax error kf's parser reported. */
export function goSyntaxError(
  detail: string,
  loc: Loc | undefined,
  source: string,
  locText: LocText,
): GoSyntaxError {
  const same =
    SAME_WORDS[detail] ??
    (detail.startsWith('text block indentation mismatch') ? 'Text block not terminated with |||' : undefined);
  if (same !== undefined) return { message: same, loc };
  const badChar = /^Could not lex the character (".*")$/.exec(detail);
  if (badChar)
    return {
      message: `Could not lex the character ${quoteRuneToASCII(JSON.parse(badChar[1] as string) as string)}`,
      loc,
    };
  const escape = escapeError(detail, loc, source, locText);
  if (escape) return escape;
  let tokens: Token[];
  try {
    tokens = lex(source, loc?.file ?? '');
  } catch {
    return { message: detail, loc };
  }
  const at = loc?.start.offset ?? -1;
  const lines = new SourceLines(loc?.file ?? '', source);
  if (detail.startsWith('did not expect: ')) {
    const t = tokens.find((x) => x.start === at);
    return { message: t ? `Did not expect: ${goToken(t)}` : detail, loc };
  }
  if (AT_FOR.has(detail)) {
    let depth = 0;
    let i = tokens.findIndex((x) => x.start >= at);
    if (tokens[i]?.value === '{' && detail.includes('one field')) i++;
    for (; i >= 0 && i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (t.kind === 'punct' && ['(', '[', '{'].includes(t.value)) depth++;
      else if (t.kind === 'punct' && [')', ']', '}'].includes(t.value)) depth--;
      else if (depth === 0 && t.kind === 'kw' && t.value === 'for') {
        return { message: detail.slice(0, -1), loc: new SpanLoc(lines, t.start, t.end) };
      }
    }
    return { message: detail.slice(0, -1), loc };
  }
  if (detail === 'unexpected end of file.') return { message: endOfFile(tokens), loc };
  const token = tokens.find((x) => x.start === at);
  // go-jsonnet reports this one at the `super` before the token that is neither . nor [
  if (detail === 'Expected . or [ after super.') {
    const sup = tokens.filter((x) => x.start < at && x.kind === 'kw' && x.value === 'super').pop();
    const where = sup ? new SpanLoc(lines, sup.start, sup.end) : loc;
    return { message: 'Expected . or [ after super', loc: where };
  }
  // popExpect's words: the token as go-jsonnet prints it, its context (a parameter) after it
  const expectedId = /^expected token IDENTIFIER but got .*?( while parsing parameter)?$/.exec(detail);
  const noComma = /^expected a comma before next (function|method) parameter, got /.exec(detail);
  if (noComma && token)
    return { message: `Expected a comma before next ${noComma[1]} parameter, got ${goToken(token)}`, loc };
  if (expectedId && token)
    return { message: `Expected token IDENTIFIER but got ${goToken(token)}${expectedId[1] ?? ''}`, loc };
  const unexpected = /^unexpected: .* while parsing (.*)$/.exec(detail);
  if (unexpected && token)
    return { message: `Unexpected: ${goToken(token)} while parsing ${unexpected[1]}`, loc };
  const message = /^[a-z]/.test(detail)
    ? detail[0]?.toUpperCase() + detail.slice(1).replace(/\.$/, '')
    : detail;
  if (token && AT_TOKEN.some((re) => re.test(detail)) && loc && loc.start.offset === loc.end.offset) {
    return { message, loc: new SpanLoc(lines, token.start, token.end) };
  }
  return { message, loc };
}
