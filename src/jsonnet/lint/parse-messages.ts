// kf's parser words syntax errors as C++ jsonnet does; the linter prints go-jsonnet's words and
// locations (internal/parser/parser.go). The tokens around the error tell which one go-jsonnet's
// parser would have reported.
import type { Loc } from '../ast.js';
import { lex, type Token } from '../lexer.js';
import { SourceLines, SpanLoc } from '../span-loc.js';
import type { LintError } from './report.js';

const SAME_WORDS: Record<string, string> = {
  'Cannot use text blocks in import statements.': 'Block string literals not allowed in imports',
  'computed imports are not allowed.': 'Computed imports are not allowed',
};

/** Errors go-jsonnet reports at the comprehension's `for`. */
const AT_FOR = new Set([
  'Object comprehension cannot have asserts.',
  'Object comprehension can only have one field.',
  'Object comprehensions cannot have hidden fields.',
  'Object comprehensions can only have [e] fields.',
]);

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

/** The go-jsonnet message and location of a syntax error kf's parser reported. */
export function goSyntaxError(detail: string, loc: Loc | undefined, source: string): LintError {
  const same = SAME_WORDS[detail];
  if (same !== undefined) return { message: same, loc };
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
  return { message: detail, loc };
}
