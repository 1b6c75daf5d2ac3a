import { describe, expect, it } from 'vitest';
import { parse, type Loc, type Node } from '../../src/jsonnet/index.js';
import { SourceLines, SpanLoc } from '../../src/jsonnet/span-loc.js';

/** Line and column by counting, as the lexer did before locations became offsets. */
function naive(source: string, offset: number): { line: number; column: number; offset: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1, offset };
}

const SOURCE = [
  '// comment\r\n',
  'local a = "multi\nline";  /* block\n comment */\n',
  "local b = @'verbatim\n''x';\n",
  '{\n  t: |||\n    text\n\n    block\n  |||,\n',
  '\ty: a + b }', // no final newline
].join('');

describe('locations as offsets', () => {
  it('works out the same line and column as counting, at every offset, in any order', () => {
    const lines = new SourceLines('f.jsonnet', SOURCE);
    const offsets = Array.from({ length: SOURCE.length + 1 }, (_, i) => i);
    const shuffled = offsets
      .map((o) => [(o * 7919) % 1013, o])
      .sort((a, b) => a[0] - b[0])
      .map(([, o]) => o);
    for (const order of [offsets, [...offsets].reverse(), offsets.filter((o) => o % 7 === 3), shuffled]) {
      for (const o of order) {
        expect(lines.pos(o, 0)).toEqual(naive(SOURCE, o));
        expect(lines.pos(order[order.length - 1 - order.indexOf(o)], 1)).toEqual(
          naive(SOURCE, order[order.length - 1 - order.indexOf(o)]),
        );
      }
    }
  });

  it('gives every node of a parse a location that reads like a plain one', () => {
    const ast = parse(SOURCE, 'f.jsonnet');
    const locs: Loc[] = [];
    const blocks: Node[] = [];
    const visit = (v: unknown): void => {
      if (v === null || typeof v !== 'object') return;
      if (v instanceof SpanLoc) return void locs.push(v);
      if ((v as { kind?: unknown }).kind === 'block') blocks.push(v as Node);
      for (const x of Object.values(v)) visit(x);
    };
    visit(ast);
    expect(locs.length).toBeGreaterThan(10);
    for (const loc of locs) {
      expect(loc.file).toBe('f.jsonnet');
      expect(loc.start).toEqual(naive(SOURCE, loc.start.offset));
      expect(loc.end).toEqual(naive(SOURCE, loc.end.offset));
      expect(JSON.parse(JSON.stringify(loc))).toEqual({ file: loc.file, start: loc.start, end: loc.end });
    }
    // The text block runs from line 8 (its opening |||) to line 12 (the closing one).
    expect(blocks.map((b) => [b.loc.start.line, b.loc.end.line])).toEqual([[8, 12]]);
  });

  it('reports a syntax error at the same place as before', () => {
    expect(() => parse('{\n  a: 1,\n  b: ]\n}', 'bad.jsonnet')).toThrow(/unexpected/);
    try {
      parse('{\n  a: 1,\n  b: ]\n}', 'bad.jsonnet');
    } catch (e) {
      const loc = (e as { location: Loc }).location;
      expect([loc.file, loc.start.line, loc.start.column, loc.end.column]).toEqual(['bad.jsonnet', 3, 6, 7]);
    }
  });
});
