// The drift check behind `kf export --check`: what the export folder should hold (rendered in
// memory) against what it holds, as missing, extra and changed files with unified diffs. Pure.
import { unifiedDiff } from '../util/unified-diff.js';
import {
  compare,
  MANIFEST_FILE,
  manifestContent,
  type ExportEntry,
  type PlannedFile,
} from './export-layout.js';

export interface Drift {
  /** rendered but not in the folder */
  missing: string[];
  /** in the folder but not rendered (and not another, unchecked environment's) */
  extra: string[];
  /** those of `extra` manifest.json does not list: kf did not write them, and an export keeps them */
  unowned: string[];
  /** in both with different bytes, with a unified diff from the folder's to the rendered bytes */
  changed: Array<{ path: string; diff: string }>;
}

export function isClean(drift: Drift): boolean {
  return drift.missing.length === 0 && drift.extra.length === 0 && drift.changed.length === 0;
}

/**
 * `actual` is every file under the folder (relative path → text); `existingManifest` its
 * manifest.json (entries of environments not being checked are left alone).
 */
export function findDrift(
  planned: PlannedFile[],
  checkedEnvs: ReadonlySet<string>,
  actual: ReadonlyMap<string, string>,
  existingManifest: ReadonlyMap<string, ExportEntry> | undefined,
): Drift {
  const expected = new Map<string, string>(planned.map((f) => [f.path, f.content]));
  const others = new Map<string, ExportEntry>();
  for (const [path, entry] of existingManifest ?? [])
    if (!checkedEnvs.has(entry.environment)) others.set(path, entry);
  expected.set(MANIFEST_FILE, mergedManifest(others, planned));

  const drift: Drift = { missing: [], extra: [], unowned: [], changed: [] };
  for (const path of [...expected.keys()].sort(compare)) {
    const want = expected.get(path) as string;
    const have = actual.get(path);
    if (have === undefined) drift.missing.push(path);
    else if (have !== want) drift.changed.push({ path, diff: fileDiff(path, have, want) });
  }
  for (const path of [...actual.keys()].sort(compare)) {
    if (expected.has(path) || others.has(path)) continue;
    drift.extra.push(path);
    if (!existingManifest?.has(path)) drift.unowned.push(path);
  }
  return drift;
}

/** manifest.json after exporting `planned` over a folder whose other environments are `others`. */
export function mergedManifest(others: ReadonlyMap<string, ExportEntry>, planned: PlannedFile[]): string {
  const entries = new Map(others);
  for (const file of planned) entries.set(file.path, file.entry);
  return manifestContent(entries);
}

function fileDiff(path: string, have: string, want: string): string {
  return unifiedDiff(`a/${path}`, `b/${path}`, have, want, {
    oldHeader: 'in the folder',
    newHeader: 'rendered',
  });
}

/** The report `kf export --check` prints. */
export function formatDrift(drift: Drift, dir: string): string {
  const lines: string[] = [];
  for (const path of drift.missing) lines.push(`missing: ${dir}/${path}`);
  const unowned = new Set(drift.unowned);
  for (const path of drift.extra)
    lines.push(
      `extra:   ${dir}/${path}${unowned.has(path) ? ' (not written by kf: remove it by hand)' : ''}`,
    );
  for (const { path } of drift.changed) lines.push(`changed: ${dir}/${path}`);
  for (const { diff } of drift.changed) lines.push('', diff.trimEnd());
  return `${lines.join('\n')}\n`;
}
