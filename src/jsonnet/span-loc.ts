// Source locations of a parsed file as offsets: a token carries the offsets of its first unit and
// just past its last, and an AST node's location is a SpanLoc over the file's line table, whose
// line and column are worked out when read (errors, traces, the compile cache's encoding). Lexing
// a 3 MB library makes ~200k tokens; as objects with two positions each they were most of what a
// cold parse allocated, and the garbage collector copied them all.
import type { Loc, Pos } from './ast.js';

/** A file's line starts (offsets), made once per parse. */
export class SourceLines {
  private readonly starts: Uint32Array;
  /** The line of the last offset asked: locations are mostly read in source order. */
  private last = 0;

  constructor(
    readonly file: string,
    source: string,
  ) {
    const starts = [0];
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = Uint32Array.from(starts);
  }

  pos(offset: number): Pos {
    const starts = this.starts;
    let k = this.last;
    if (!(starts[k] <= offset && (k + 1 === starts.length || offset < starts[k + 1]))) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      k = lo;
      this.last = k;
    }
    return { line: k + 1, column: offset - starts[k] + 1, offset };
  }
}

/** The location from offset `from` to `to` (exclusive) of a parsed file. */
export class SpanLoc implements Loc {
  constructor(
    private readonly lines: SourceLines,
    readonly from: number,
    readonly to: number,
  ) {}

  get file(): string {
    return this.lines.file;
  }

  get start(): Pos {
    return this.lines.pos(this.from);
  }

  get end(): Pos {
    return this.lines.pos(this.to);
  }

  toJSON(): Loc {
    return { file: this.file, start: this.start, end: this.end };
  }
}
