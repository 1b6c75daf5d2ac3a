// Unified diffs in bounded time: the exact (Myers) diff within a budget of lines × differing lines,
// past it one hunk from the first differing line to the last. Either way the patch applies.
import { applyPatch, createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/util/unified-diff.js';

const numbered = (n: number, line: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => `${line(i)}\n`).join('');

describe('unifiedDiff', () => {
  it('is jsdiff’s diff within the budget', () => {
    const before = numbered(200, (i) => `line ${i}`);
    const after = numbered(200, (i) => (i % 20 === 0 ? `changed ${i}` : `line ${i}`));
    const exact = createTwoFilesPatch('a/f', 'b/f', before, after, 'x', 'y', { context: 3 });
    expect(unifiedDiff('a/f', 'b/f', before, after, { oldHeader: 'x', newHeader: 'y' })).toBe(exact);
  });

  it('past the budget: one hunk, the same as jsdiff’s where the change is one block', () => {
    const before = numbered(50, (i) => `line ${i}`);
    const after = numbered(50, (i) => (i >= 20 && i < 30 ? `changed ${i}` : `line ${i}`));
    const exact = createTwoFilesPatch('a/f', 'b/f', before, after, undefined, undefined, { context: 3 });
    expect(unifiedDiff('a/f', 'b/f', before, after, { budget: 1 })).toBe(exact);
  });

  it('a 20,000-line file whose every line changed takes well under a second (jsdiff alone: 229 s)', () => {
    const before = numbered(20_000, (i) => `{a:${i},   b:"x"},`);
    const after = numbered(20_000, (i) => `  { a: ${i}, b: 'x' },`);
    const start = performance.now();
    const patch = unifiedDiff('a/f', 'b/f', before, after);
    expect(performance.now() - start).toBeLessThan(5_000);
    expect(applyPatch(before, patch)).toBe(after);
    expect(patch.split('\n').filter((l) => l.startsWith('@@'))).toEqual(['@@ -1,20000 +1,20000 @@']);
  });

  it('past the budget the patch applies, with context, missing final newlines and empty sides', () => {
    const cases: [string, string][] = [
      [numbered(40, (i) => `l${i}`), numbered(40, (i) => (i === 5 || i === 33 ? `x${i}` : `l${i}`))],
      ['a\nb\nc', 'a\nb\nd'],
      ['a\nb\nc\n', 'a\nb\nc'],
      ['a\nb\nc', 'a\nb\nc\n'],
      ['', 'a\nb\n'],
      ['a\nb\n', ''],
      ['same\nx\nsame\n', 'same\ny\nz\nsame\n'],
    ];
    for (const [before, after] of cases) {
      const patch = unifiedDiff('a/f', 'b/f', before, after, { budget: 1 });
      expect(applyPatch(before, patch), JSON.stringify([before, after])).toBe(after);
    }
    // the lines around the change are context, as in every unified diff
    const [before, after] = cases[0];
    const lines = unifiedDiff('a/f', 'b/f', before, after, { budget: 1 }).split('\n');
    expect(lines.filter((l) => l.startsWith('@@'))).toEqual(['@@ -3,35 +3,35 @@']);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBe(6);
  });
});
