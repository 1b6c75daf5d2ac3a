// Unified diffs of two texts (kf fmt --diff, kf export --check, kf diff, kf upgrade --dry-run)
// that take bounded time. jsdiff's Myers diff costs (lines of both) × (lines that differ): a
// 4,000-line file whose every line changed took 2.7 s, a 20,000-line one 229 s (a re-indented
// generated library, a regenerated dashboard in a ConfigMap). Past a budget of that product the
// diff is one hunk from the first line that differs to the last, which is what such a diff says
// anyway, at the cost of showing lines in between that did not change.
import { createTwoFilesPatch, formatPatch, type StructuredPatch } from 'diff';

/** Lines × differing lines that the exact diff may cost (~0.4 s here). */
const BUDGET = 30_000_000;

export interface UnifiedDiffOptions {
  oldHeader?: string;
  newHeader?: string;
  context?: number;
  /** lines × differing lines the exact diff may cost (default BUDGET) */
  budget?: number;
}

export function unifiedDiff(
  oldName: string,
  newName: string,
  before: string,
  after: string,
  options: UnifiedDiffOptions = {},
): string {
  const context = options.context ?? 3;
  const lines = lineCount(before) + lineCount(after);
  const maxEditLength = Math.max(1, Math.floor((options.budget ?? BUDGET) / Math.max(lines, 1)));
  const exact = createTwoFilesPatch(oldName, newName, before, after, options.oldHeader, options.newHeader, {
    context,
    maxEditLength,
  });
  if (exact !== undefined) return exact;
  return formatPatch(onePatch(oldName, newName, before, after, options, context));
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Lines with their line ends, as jsdiff splits them (the last may lack one). */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** The patch of one hunk: the common first and last lines kept as context, everything between replaced. */
function onePatch(
  oldName: string,
  newName: string,
  before: string,
  after: string,
  options: UnifiedDiffOptions,
  context: number,
): StructuredPatch {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const lead = Math.min(context, head);
  const trail = Math.min(context, tail);
  const lines: string[] = [];
  const add = (mark: string, line: string) => {
    if (line.endsWith('\n')) lines.push(mark + line.slice(0, -1));
    else lines.push(mark + line, '\\ No newline at end of file');
  };
  for (let i = head - lead; i < head; i++) add(' ', a[i]);
  for (let i = head; i < a.length - tail; i++) add('-', a[i]);
  for (let i = head; i < b.length - tail; i++) add('+', b[i]);
  for (let i = a.length - tail; i < a.length - tail + trail; i++) add(' ', a[i]);
  const oldLines = lead + (a.length - tail - head) + trail;
  const newLines = lead + (b.length - tail - head) + trail;
  return {
    oldFileName: oldName,
    newFileName: newName,
    oldHeader: options.oldHeader,
    newHeader: options.newHeader,
    hunks: [{ oldStart: head - lead + 1, oldLines, newStart: head - lead + 1, newLines, lines }],
  };
}
