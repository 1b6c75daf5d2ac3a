// go-jsonnet's rendering of a static error as the linter writes it (internal/errors,
// error_formatter.go, ast/location.go): `file:line:col-col message`, a blank line, the source
// lines the location covers, two blank lines. Columns are UTF-8 byte offsets, as go-jsonnet's lexer
// counts them, and the source lines are cut by bytes.
import type { Loc } from '../ast.js';

export interface LintError {
  message: string;
  /** Unset for code desugaring made up (go-jsonnet prints no location then). */
  loc?: Loc;
}

export interface GoLoc {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The sources errors point into, by the file name their locations carry. */
export class Sources {
  private readonly texts = new Map<string, string>();
  private readonly lines = new Map<string, Buffer[]>();

  add(file: string, code: string): void {
    if (!this.texts.has(file)) this.texts.set(file, code);
  }

  private fileLines(file: string): Buffer[] {
    let lines = this.lines.get(file);
    if (lines === undefined) {
      const text = this.texts.get(file) ?? '';
      const parts = text.split('\n');
      // Every line keeps its newline; the last one gets one.
      lines = parts.map((p, i) => Buffer.from(i < parts.length - 1 ? p + '\n' : p + '\n', 'utf8'));
      this.lines.set(file, lines);
    }
    return lines;
  }

  /** A location as go-jsonnet prints it: lines and UTF-8 byte columns, from 1. */
  goLoc(loc: Loc): GoLoc {
    const text = this.texts.get(loc.file) ?? '';
    const col = (line: number, column: number, offset: number): number => {
      const lineStart = offset - (column - 1);
      return Buffer.byteLength(text.slice(lineStart, offset), 'utf8') + 1;
    };
    const { start, end } = loc;
    return {
      file: loc.file,
      line: start.line,
      column: col(start.line, start.column, start.offset),
      endLine: end.line,
      endColumn: col(end.line, end.column, end.offset),
    };
  }

  /** Go's StaticError.Error(): the location, a space, the message. */
  errorText(message: string, loc: Loc | undefined): string {
    if (loc === undefined) return ` ${message}`;
    const g = this.goLoc(loc);
    const prefix = g.file.length > 0 ? g.file + ':' : '';
    let where: string;
    if (g.line === g.endLine) {
      where =
        g.column === g.endColumn
          ? `${prefix}${g.line}:${g.column}`
          : `${prefix}${g.line}:${g.column}-${g.endColumn}`;
    } else where = `${prefix}(${g.line}:${g.column})-(${g.endLine}:${g.endColumn})`;
    return `${where} ${message}`;
  }

  /** What LintSnippet writes for one error. */
  format(e: LintError): string {
    let out = this.errorText(e.message, e.loc) + '\n';
    if (e.loc !== undefined) {
      const g = this.goLoc(e.loc);
      const lines = this.fileLines(g.file);
      const lineLen = (l: number): number => (lines[l - 1] as Buffer).length;
      const snippet = (bl: number, bc: number, el: number, ec: number): string => {
        const parts: Buffer[] = [];
        for (let i = bl; i <= el; i++) {
          const from = i === bl ? bc : 1;
          const to = i === el ? ec : lineLen(i);
          parts.push((lines[i - 1] as Buffer).subarray(from - 1, Math.max(from - 1, to - 1)));
          if (i !== el) parts.push(Buffer.from('\n'));
        }
        return Buffer.concat(parts).toString('utf8');
      };
      out += '\n';
      out += snippet(g.line, 1, g.line, g.column);
      out += snippet(g.line, g.column, g.endLine, g.endColumn);
      out += snippet(g.endLine, g.endColumn, g.endLine, lineLen(g.endLine));
      out += '\n';
    }
    return out + '\n\n';
  }
}

/** Go's %#v of a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else if (!isGoPrintable(c))
      out += c < 0x10000 ? '\\u' + c.toString(16).padStart(4, '0') : '\\U' + c.toString(16).padStart(8, '0');
    else out += ch;
  }
  return out + '"';
}

/** An approximation of unicode.IsPrint for what file names and field names hold. */
function isGoPrintable(c: number): boolean {
  if (c >= 0x80 && c < 0xa0) return false;
  if (c === 0xad) return false;
  if (c === 0x2028 || c === 0x2029 || c === 0xfeff) return false;
  return (
    !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(String.fromCodePoint(c)) &&
    !(/\p{Zs}/u.test(String.fromCodePoint(c)) && c !== 0x20)
  );
}
