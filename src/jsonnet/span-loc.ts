// Source locations of a parsed file as offsets: a token carries the offsets of its first unit and
// just past its last, and an AST node's location is a SpanLoc over the file's line table, whose
// line and column are worked out when read (errors, traces, the compile cache's encoding). Lexing
// a 3 MB library makes ~200k tokens; as objects with two positions each they were most of what a
// cold parse allocated, and the garbage collector copied them all.
import type { Loc, Pos } from './ast.js';

/**
 * A file's line starts (offsets), worked out when a position is first asked for: a program read
 * from the compile cache rarely asks (errors and traces).
 */
export class SourceLines {
  private lineStarts: Uint32Array | undefined = undefined;
  /**
   * The lines last found, one for starts and one for ends of locations: they are mostly read in
   * source order (lint, fmt), so the next is mostly on the same line or a few lines on.
   */
  private readonly hints = [0, 0];

  constructor(
    readonly file: string,
    private readonly source: string,
  ) {}

  private starts(): Uint32Array {
    if (this.lineStarts !== undefined) return this.lineStarts;
    const starts = [0];
    const source = this.source;
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    return (this.lineStarts = Uint32Array.from(starts));
  }

  /** The position of `offset`; `hint` picks the remembered line to search from. */
  pos(offset: number, hint: 0 | 1 = 0): Pos {
    const starts = this.starts();
    const last = starts.length - 1;
    let k = this.hints[hint];
    if (starts[k] <= offset) {
      // A few lines on, then a binary search.
      for (let step = 0; k < last && starts[k + 1] <= offset; step++) {
        if (step === 8) {
          k = lineOf(starts, offset, k, last);
          break;
        }
        k++;
      }
    } else {
      k = lineOf(starts, offset, 0, k);
    }
    this.hints[hint] = k;
    return { line: k + 1, column: offset - starts[k] + 1, offset };
  }
}

/** The last line from `lo` to `hi` that starts at or before `offset`. */
function lineOf(starts: Uint32Array, offset: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The location from offset `from` to `to` (exclusive) of a parsed file. */
export class SpanLoc implements Loc {
  constructor(
    readonly lines: SourceLines,
    readonly from: number,
    readonly to: number,
  ) {}

  get file(): string {
    return this.lines.file;
  }

  get start(): Pos {
    return this.lines.pos(this.from, 0);
  }

  get end(): Pos {
    return this.lines.pos(this.to, 1);
  }

  toJSON(): Loc {
    return { file: this.file, start: this.start, end: this.end };
  }
}
