// JSON.parse with V8's syntax error turned into a place: V8 says "at position 414" (Node 22 adds
// "(line 13 column 1)"); users need the line and column of the file they open.

/** A JSON syntax error: V8's words without the offset, and its 1-based line and column. */
export interface JsonSyntaxError {
  message: string;
  line?: number;
  column?: number;
}

/** The parsed value, or the syntax error in words a message can use. */
export function parseJsonText(text: string): { value: unknown } | { error: JsonSyntaxError } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const raw = (error as Error).message;
    const message = raw.replace(/ (in JSON )?at position \d+.*$/, '');
    const at = /at position (\d+)/.exec(raw);
    if (at === null) return { error: { message } };
    return { error: { message, ...lineAndColumn(text, Number(at[1])) } };
  }
}

/** 1-based line and column of a UTF-16 offset into `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
