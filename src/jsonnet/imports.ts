// The imports a Jsonnet file makes: an import's path is always a string literal (never computed),
// so this is every file it can read, on branches taken or not, and it works on a file that does
// not parse. A scanner of its own, not the lexer: it jumps from one place that can start a string,
// a comment or an import to the next (a library of megabytes is read in milliseconds), and finds
// what the lexer's tokens say (test/jsonnet/imports.test.ts compares them on real libraries).

export interface ImportStatement {
  kind: 'import' | 'importstr' | 'importbin';
  /** the path as written, escapes decoded */
  path: string;
}

/** What can start something the scan must step over or read: strings, comments, text blocks, imports. */
const START = /["'#]|\/[/*]|@["']|\|\|\||\bimport(?:str|bin)?\b/g;
/** The line that ends a text block: its first non-blank characters are `|||`. */
const BLOCK_END = /\n[ \t]*\|\|\|/g;
const SPACE_OR_COMMENT = /(?:\s+|\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/)*/y;

/** Every `import`, `importstr` and `importbin` of `source` with a string literal, in order. */
export function importStatements(source: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  START.lastIndex = 0;
  for (let m = START.exec(source); m !== null; m = START.exec(source)) {
    const at = m.index;
    const token = m[0];
    let next: number;
    if (token === '"' || token === "'") next = quotedEnd(source, at + 1, token).end;
    else if (token === '@"' || token === "@'") next = verbatimEnd(source, at + 2, token[1]!).end;
    else if (token === '#' || token === '//') next = lineEnd(source, at);
    else if (token === '/*') {
      const close = source.indexOf('*/', at + 2);
      next = close < 0 ? source.length : close + 2;
    } else if (token === '|||') {
      BLOCK_END.lastIndex = at + 3;
      const close = BLOCK_END.exec(source);
      next = close === null ? source.length : close.index + close[0].length;
    } else {
      // `import`: a string literal after blanks and comments is the path; anything else is no
      // import a file can have (a text block or a computed path, which the parser refuses).
      SPACE_OR_COMMENT.lastIndex = at + token.length;
      SPACE_OR_COMMENT.exec(source);
      const start = SPACE_OR_COMMENT.lastIndex;
      const quote = source[start];
      let literal: { end: number; value: string } | undefined;
      if (quote === '"' || quote === "'") literal = quotedEnd(source, start + 1, quote);
      else if (quote === '@' && (source[start + 1] === '"' || source[start + 1] === "'"))
        literal = verbatimEnd(source, start + 2, source[start + 1]!);
      if (literal === undefined) next = at + token.length;
      else {
        found.push({ kind: token as ImportStatement['kind'], path: literal.value });
        next = literal.end;
      }
    }
    START.lastIndex = next;
  }
  return found;
}

function lineEnd(source: string, from: number): number {
  const end = source.indexOf('\n', from);
  return end < 0 ? source.length : end;
}

/** A "…" or '…' string from after its quote: where it ends and its value, escapes decoded. */
function quotedEnd(source: string, from: number, quote: string): { end: number; value: string } {
  let i = from;
  let escaped = false;
  for (;;) {
    const close = source.indexOf(quote, i);
    const slash = source.indexOf('\\', i);
    if (close < 0) return { end: source.length, value: '' };
    if (slash >= 0 && slash < close) {
      escaped = true;
      i = slash + 2;
      continue;
    }
    const raw = source.slice(from, close);
    return { end: close + 1, value: escaped ? unescape(raw) : raw };
  }
}

/** A @"…" or @'…' string from after its quote: a doubled quote is one quote, nothing else escapes. */
function verbatimEnd(source: string, from: number, quote: string): { end: number; value: string } {
  let i = from;
  for (;;) {
    const close = source.indexOf(quote, i);
    if (close < 0) return { end: source.length, value: '' };
    if (source[close + 1] === quote) {
      i = close + 2;
      continue;
    }
    return {
      end: close + 1,
      value: source
        .slice(from, close)
        .split(quote + quote)
        .join(quote),
    };
  }
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Jsonnet's escapes in a quoted string: \" \' \\ \/ \b \f \n \r \t \uXXXX. */
function unescape(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}
