// Jsonnet errors: static (lexing, parsing, static checks) and runtime (with an evaluation trace).
// The message is the full reference-style text, ready to print.
import type { Loc } from './ast.js';

export interface TraceEntry {
  loc: Loc | undefined;
  name: string;
  /**
   * A line without a location, e.g. `During evaluation` or `Field "x"` (go-jsonnet prints them as
   * frames whose location is this text), or `''` for a frame of go-jsonnet's without a location
   * (its name printed when `named`).
   */
  raw?: string;
  /**
   * go-jsonnet raises this error from a node its desugarer made (an `assert`'s error, a
   * comprehension's iteration), which has no context: the frame keeps an empty name.
   */
  unnamed?: boolean;
  /**
   * Named already, not by its expression's context: a frame in go-jsonnet's Jsonnet standard
   * library (`<std>`, std-frames.ts), a `+:` field's frame.
   */
  named?: boolean;
}

/** Trace lines an error's message shows (go-jsonnet's and C++ jsonnet's default). */
export const DEFAULT_MAX_TRACE = 20;

export class JsonnetError extends Error {
  readonly kind: 'static' | 'runtime';
  readonly location?: Loc;
  /** The message without the `RUNTIME ERROR:` prefix or trace. */
  readonly detail: string;
  readonly trace: TraceEntry[];
  /** A static error's source text: its lines are printed under the message. */
  source?: string;
  /**
   * Set when the error stands for the host (V8) stack running out before `maxStack` Jsonnet
   * frames: Engine then re-runs the evaluation with a stack sized for the limit.
   */
  hostStack = false;
  /**
   * Set by the evaluator while the error leaves a call whose caller's site is not to be added: a
   * tail call of a function called tailstrict (go-jsonnet drops that frame), or added already.
   */
  skipCallSite = false;

  constructor(kind: 'static' | 'runtime', detail: string, location?: Loc, trace: TraceEntry[] = []) {
    super(detail);
    this.name = 'JsonnetError';
    this.kind = kind;
    this.detail = detail;
    this.location = location;
    this.trace = trace;
    this.message = this.render();
  }

  /** Re-renders the message after the trace has grown. */
  refresh(): void {
    this.message = this.render();
  }

  /**
   * The text go-jsonnet's error formatter makes of the error (ending in a newline), with a trace
   * of at most `maxTrace` lines (0: all of them): the first half and the last half, with `...`
   * between, as `jsonnet --max-trace` prints it. `message` has 20, without the final newlines.
   */
  format(maxTrace: number): string {
    return this.text(maxTrace);
  }

  private render(): string {
    // No regular expression: an error is built with the host stack nearly exhausted too (hostError),
    // where compiling one (V8 may have flushed its code) overflows into a SyntaxError.
    const text = this.text(DEFAULT_MAX_TRACE);
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 0x0a) end--;
    return text.slice(0, end);
  }

  private text(maxTrace: number): string {
    if (this.kind === 'static') {
      const loc = this.location && byteColumns(this.location, this.source);
      const head = loc ? `${formatLoc(loc)} ${this.detail}\n` : `${this.detail}\n`;
      return head + sourceLines(this.location, this.source) + '\n';
    }
    let out = `RUNTIME ERROR: ${this.detail}\n`;
    const entries = this.trace.filter((t) => t.loc !== undefined || t.raw !== undefined);
    const above = Math.floor(maxTrace / 2);
    const below = maxTrace - above;
    const shown =
      maxTrace > 0 && entries.length > maxTrace
        ? [...entries.slice(0, above), undefined, ...entries.slice(entries.length - below)]
        : entries;
    for (const t of shown) {
      if (t === undefined) out += '\t...\n';
      else if (t.raw !== undefined) out += `\t${t.raw}\t${t.named ? t.name : ''}\n`;
      else out += `\t${formatLoc(t.loc as Loc)}\t${t.name}\n`;
    }
    return out;
  }
}

/** The lines a static error's location spans, as go-jsonnet prints them under the message. */
function sourceLines(loc: Loc | undefined, source: string | undefined): string {
  if (loc === undefined || source === undefined) return '';
  const lines = source.split('\n');
  return '\n' + lines.slice(loc.start.line - 1, loc.end.line).join('\n') + '\n';
}

/**
 * A location with go-jsonnet's columns, counted in UTF-8 bytes (kf counts UTF-16 units): the same
 * location on an ASCII line or when the source is not known.
 */
export function byteColumns(loc: Loc, source: string | undefined): Loc {
  if (source === undefined) return loc;
  const column = (p: Loc['start']): number => {
    const lineStart = p.offset - (p.column - 1);
    const before = source.slice(lineStart, p.offset);
    // eslint-disable-next-line no-control-regex
    return /^[\u0000-\u007f]*$/.test(before) ? p.column : Buffer.byteLength(before, 'utf8') + 1;
  };
  const start = column(loc.start);
  const end = column(loc.end);
  if (start === loc.start.column && end === loc.end.column) return loc;
  return {
    file: loc.file,
    start: { ...loc.start, column: start },
    end: { ...loc.end, column: end },
  };
}

/** A location as plain data (`{ file, start, end }`), whatever object carries it. */
export function plainLoc(loc: Loc | undefined): Loc | undefined {
  if (loc === undefined) return undefined;
  return { file: loc.file, start: { ...loc.start }, end: { ...loc.end } };
}

export function formatLoc(loc: Loc): string {
  const { start, end } = loc;
  if (start.line === end.line) {
    if (end.column === start.column) return `${loc.file}:${start.line}:${start.column}`;
    return `${loc.file}:${start.line}:${start.column}-${end.column}`;
  }
  return `${loc.file}:(${start.line}:${start.column})-(${end.line}:${end.column})`;
}

/** What `kf eval` prints on standard error for a Jsonnet error (as the jsonnet command does). */
export function errorOutput(error: JsonnetError, maxTrace: number): string {
  return error.format(maxTrace) + '\n';
}

export function staticError(message: string, loc?: Loc): JsonnetError {
  return new JsonnetError('static', message, loc);
}
