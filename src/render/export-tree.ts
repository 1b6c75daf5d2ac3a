// Reads and replaces an export folder. A new export is built in a temporary sibling folder
// (unchanged files hard-linked, new ones written) which then takes the folder's place by two
// renames (old folder aside, new folder in), so the folder is never a mix of old and new files
// and a failure before the swap changes nothing (a failed second rename puts the old one back).
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { makeDirs } from '../util/make-dirs.js';
import { removeTree } from '../util/remove-tree.js';
import { mergedManifest } from './export-check.js';
import { FileWriter } from './export-writer.js';
import { parseJsonText } from '../util/json-text.js';
import {
  compare,
  describeEntry,
  MANIFEST_FILE,
  type ExportEntry,
  type PlannedFile,
} from './export-layout.js';

export type MergeStrategy = 'fail' | 'replace-envs';
export const MERGE_STRATEGIES: readonly MergeStrategy[] = ['fail', 'replace-envs'];

/** Every regular file under `dir` ("/"-separated relative path → text); empty when `dir` is absent. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(d, entry.name), path);
      else if (entry.isFile()) out.set(path, readFileSync(join(d, entry.name), 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out;
}

export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(d, entry.name), path);
      else out.push(path);
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out.sort(compare);
}

/** The folder's manifest.json, or undefined when it has none. */
export function readManifest(dir: string, text?: string): Map<string, ExportEntry> | undefined {
  const file = join(dir, MANIFEST_FILE);
  if (text === undefined) {
    if (!existsSync(file)) return undefined;
    text = readFileSync(file, 'utf8');
  }
  const json = parseJsonText(text);
  if ('error' in json) {
    const { message, line, column } = json.error;
    throw new UserError(`${MANIFEST_FILE} is not valid JSON: ${message}`, {
      location: { file, line, column },
      hint: 'restore it from git, or export into an empty directory',
    });
  }
  const parsed = json.value;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UserError(`${MANIFEST_FILE} must map file paths to entries`, { location: { file } });
  }
  const entries = new Map<string, ExportEntry>();
  for (const [path, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const env = (entry as { environment?: unknown } | null)?.environment;
    if (typeof env !== 'string') {
      throw new UserError(`${MANIFEST_FILE}: entry ${JSON.stringify(path)} names no environment`, {
        location: { file },
      });
    }
    entries.set(path, entry as ExportEntry);
  }
  return entries;
}

/** Refuses folders that must never be swapped out: the app itself or a git work tree. */
export function checkExportDir(dir: string): void {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UserError(`${dir} exists and is not a directory`, { hint: 'pass a directory to export into' });
  }
  for (const marker of ['app.yaml', '.git']) {
    if (existsSync(join(target, marker))) {
      throw new UserError(`${dir} holds ${marker}; kf export replaces its output directory as a whole`, {
        hint: 'export into a sub-directory of its own, e.g. out/',
      });
    }
  }
  // Every file at the top of an app's components/ is a component: manifest.json (and YAML files
  // with a --format that puts them there) would be rendered on the next run, and break it.
  if (basename(target) === 'components' && existsSync(join(dirname(target), 'app.yaml'))) {
    throw new UserError(
      `${dir} is the components folder of the app at ${dirname(target)}: what kf export writes there would be read as components`,
      { hint: 'export into a folder of its own, e.g. out/' },
    );
  }
}

/**
 * Writes `planned` (the files of `envs`) into `dir` according to `strategy`:
 * - fail: refuse when the folder already holds any of `envs` or any planned path;
 * - replace-envs: drop the files manifest.json lists for `envs`, keep everything else.
 * A planned path that would overwrite a file kf does not own for these envs is always an error.
 */
export function writeExport(
  dir: string,
  planned: PlannedFile[],
  envs: ReadonlySet<string>,
  strategy: MergeStrategy,
): { written: number; removed: number } {
  const stage = ExportStage.begin(dir, envs, strategy);
  try {
    stage.add(planned);
  } catch (error) {
    stage.abort();
    throw error;
  }
  return stage.finish(planned);
}

/**
 * writeExport in steps, so files can be written while other environments still render: begin
 * checks the folder and prepares the temporary sibling, add writes files into it (checking each
 * against files kf does not own), finish writes manifest.json and swaps the folder in; abort
 * removes the temporary folder. Every step that throws has left the folder as it was.
 * Begun with `background`, add hands the files to a writer thread: settle waits for it (before
 * finish), discard stops it (instead of abort).
 */
export class ExportStage {
  private readonly made = new Set<string>();
  private finished = false;
  private writer: FileWriter | undefined;

  private constructor(
    private readonly dir: string,
    private readonly target: string,
    private readonly temp: string,
    private readonly owned: Set<string>,
    private readonly others: Map<string, ExportEntry>,
    private readonly existingSet: Set<string>,
    private readonly manifest: Map<string, ExportEntry>,
    private readonly dirs: string[],
  ) {}

  static begin(
    dir: string,
    envs: ReadonlySet<string>,
    strategy: MergeStrategy,
    options: { background?: boolean } = {},
  ): ExportStage {
    checkExportDir(dir);
    const target = resolve(dir);
    recoverInterruptedExport(target);
    const manifest = readManifest(dir) ?? new Map<string, ExportEntry>();
    const existing = listTree(target);
    const owned = new Set(
      [...manifest].filter(([, entry]) => envs.has(entry.environment)).map(([path]) => path),
    );
    if (strategy === 'fail' && owned.size > 0) {
      const present = [
        ...new Set([...manifest.values()].map((e) => e.environment).filter((e) => envs.has(e))),
      ].sort(compare);
      throw new UserError(
        `${dir} already holds environment${present.length > 1 ? 's' : ''} ${present.join(', ')} (see ${MANIFEST_FILE})`,
        {
          hint: 'pass --merge-strategy replace-envs to replace them, or export into an empty directory',
        },
      );
    }
    const others = new Map([...manifest].filter(([path]) => !owned.has(path)));
    const temp = join(
      dirname(target),
      `.${basename(target)}.kf-export-${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    const dirs = existsSync(target) ? listDirs(target) : [];
    const stage = new ExportStage(
      dir,
      target,
      temp,
      owned,
      others,
      new Set(existing.map((p) => p.toLowerCase())),
      manifest,
      dirs,
    );
    // Before the folder exists: a signal without a handler ends the process on the spot.
    removedOnInterrupt(stage);
    try {
      makeDirs(temp);
      // Empty folders are not kf's (its folders hold its files): they stay.
      for (const path of dirs) {
        if (readdirSync(join(target, ...path.split('/'))).length === 0) {
          makeDirs(join(temp, ...path.split('/')));
        }
      }
      for (const path of existing) {
        if (owned.has(path) || path === MANIFEST_FILE) continue;
        const to = join(temp, ...path.split('/'));
        stage.folderFor(to);
        linkOrCopy(join(target, ...path.split('/')), to);
      }
    } catch (error) {
      stage.abort();
      throw translateFsError(error, dir);
    }
    if (options.background) stage.writer = new FileWriter();
    return stage;
  }

  /** Writes files into the temporary folder (refusing any that would overwrite a file kf does not own). */
  add(files: PlannedFile[]): void {
    for (const file of files) {
      if (this.existingSet.has(file.path.toLowerCase()) && !this.owned.has(file.path)) {
        const other = this.manifest.get(file.path);
        throw new UserError(
          `${describeEntry(file.entry)} would overwrite ${this.dir}/${file.path}${other ? `, which belongs to environment ${other.environment}` : ', which kf did not write'}`,
          { hint: 'kf export never overwrites files it does not own: remove the file or export elsewhere' },
        );
      }
    }
    try {
      const queued: [string, string][] = [];
      for (const file of files) {
        const to = join(this.temp, ...file.path.split('/'));
        this.folderFor(to);
        if (this.writer) queued.push([to, file.content]);
        else writeFileSync(to, file.content);
      }
      this.writer?.write(queued);
    } catch (error) {
      throw translateFsError(error, this.dir);
    }
  }

  /** Waits for the writer thread to write every file added; a failed write aborts the stage. */
  async settle(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    try {
      await writer?.close();
    } catch (error) {
      this.abort();
      throw translateFsError(error, this.dir);
    }
  }

  /** abort, after stopping the writer thread (so nothing is written into the folder it removes). */
  async discard(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    await writer?.terminate();
    this.abort();
  }

  /** Writes manifest.json for `planned` (every file added) and puts the folder in place. */
  finish(planned: PlannedFile[]): { written: number; removed: number } {
    const { target, temp } = this;
    try {
      writeFileSync(join(temp, MANIFEST_FILE), mergedManifest(this.others, planned));
      // Folders that stay keep their modes (a 700 folder must not become 755).
      for (const path of existsSync(target) ? ['', ...this.dirs] : []) {
        const copy = join(temp, ...path.split('/'));
        if (existsSync(copy)) chmodSync(copy, statSync(join(target, ...path.split('/'))).mode & 0o7777);
      }
      swapInto(temp, target);
      this.finished = true;
      settled(this);
    } catch (error) {
      this.abort();
      throw translateFsError(error, this.dir);
    }
    const plannedPaths = new Set(planned.map((f) => f.path));
    return {
      written: planned.length,
      removed: [...this.owned].filter((p) => !plannedPaths.has(p)).length,
    };
  }

  /**
   * abort on a signal, where nothing asynchronous runs any more: the writer threads are told to
   * stop at once, and a file one of them was still writing may need the removal tried again.
   */
  abandon(): void {
    void this.writer?.terminate();
    for (let attempt = 1; ; attempt++) {
      try {
        this.abort();
        return;
      } catch (error) {
        if (attempt === 5) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
  }

  abort(): void {
    settled(this);
    if (!this.finished) removeTree(this.temp);
  }

  /** Thousands of files share a few folders: each folder is made once. */
  private folderFor(to: string): void {
    const folder = dirname(to);
    if (this.made.has(folder)) return;
    makeDirs(folder);
    this.made.add(folder);
  }
}

/** Every folder under `dir`, parents before children ("/"-separated relative paths). */
function listDirs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => compare(a.name, b.name))) {
      if (!entry.isDirectory()) continue;
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      out.push(path);
      walk(join(d, entry.name), path);
    }
  };
  walk(dir, '');
  return out;
}

/**
 * Stages begun and neither finished nor aborted. Ctrl-C (or a kill) while an export writes would
 * leave the hidden temporary folder beside the output until the next export (where `git add -A`
 * picks it up): the signal removes it first. The swap is synchronous, so no signal lands in it.
 */
const unfinished = new Set<ExportStage>();
const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removedOnInterrupt(stage: ExportStage): void {
  if (unfinished.size === 0) for (const signal of INTERRUPTS) process.on(signal, interrupted);
  unfinished.add(stage);
}

function settled(stage: ExportStage): void {
  if (unfinished.delete(stage) && unfinished.size === 0)
    for (const signal of INTERRUPTS) process.off(signal, interrupted);
}

function interrupted(signal: NodeJS.Signals): void {
  for (const stage of [...unfinished]) {
    try {
      stage.abandon();
    } catch {
      // a writer thread still adding files: the next export removes what is left (recoverInterruptedExport)
    }
  }
  for (const s of INTERRUPTS) process.off(s, interrupted);
  // Ends the process as the signal would have.
  process.kill(process.pid, signal);
}

const EXPORT_TEMP = /^\.(.+)\.kf-export-(\d+)-[0-9a-f]+(\.old)?$/;

/**
 * Folders an export killed mid-way left beside `target` (its process is gone): the old folder
 * moved aside goes back when the new one never took its place; everything else is removed.
 */
function recoverInterruptedExport(target: string): void {
  const parent = dirname(target);
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const match = EXPORT_TEMP.exec(name);
    if (match === null || match[1] !== basename(target) || processAlive(Number(match[2]))) continue;
    const leftover = join(parent, name);
    if (match[3] !== undefined && !existsSync(target)) renameSync(leftover, target);
    else removeTree(leftover);
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

function swapInto(temp: string, target: string): void {
  if (!existsSync(target)) {
    makeDirs(dirname(target));
    renameSync(temp, target);
    return;
  }
  const old = `${temp}.old`;
  renameSync(target, old);
  try {
    renameSync(temp, target);
  } catch (error) {
    renameSync(old, target);
    throw error;
  }
  // The export is in place: a folder moved aside that cannot be removed is left for the next
  // export to remove (recoverInterruptedExport), not reported as a failed export.
  try {
    removeTree(old);
  } catch {
    // left for the next export
  }
}

function translateFsError(error: unknown, dir: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UserError(`cannot write ${dir}: permission denied`, {
      hint: `check that ${dir} and its parent directory are writable`,
      cause: error,
    });
  }
  if (code === 'ENOSPC')
    return new UserError(`cannot write ${dir}: no space left on device`, { cause: error });
  if (code === 'EBUSY')
    return new UserError(`cannot replace ${dir}: it is busy (a mount point?)`, {
      hint: `export into a sub-directory of ${dir}`,
      cause: error,
    });
  return error;
}
