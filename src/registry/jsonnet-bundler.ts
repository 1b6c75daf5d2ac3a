// jsonnet-bundler's `jb install` and `jb update` (github.com/jsonnet-bundler/jsonnet-bundler v0.6.0,
// Apache-2.0; function names are jb's), so a Tanka project's jsonnetfile.json and
// jsonnetfile.lock.json are installed into vendor/ exactly as jb installs them — the same folders,
// files, legacy links and lock file, byte for byte (test/registry/jsonnet-bundler.test.ts runs
// the real jb beside kf) — without jb. Differences, all deliberate: kf fetches with git only (jb
// first tries a GitHub archive download, which leaves out export-ignore'd files); it writes the
// two files atomically; and where jb removes every folder of vendor/ that no lock names, kf
// leaves the folders it is told to keep (a kf app's own registries' packages).
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  closeSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { findAppRoot, readAppSpec } from '../app/app-file.js';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { guardedPath } from '../util/path-guard.js';
import { git } from './git.js';
import {
  compareBytes,
  dependencyName,
  formatJsonnetFile,
  JSONNETFILE,
  JSONNETFILE_LOCK,
  legacyName,
  parseGit,
  parseJsonnetFile,
  remote,
  sameFile,
  sourceLegacyName,
  type Dependency,
  type GitSource,
  type JsonnetFile,
  type Ordered,
} from './jsonnetfile.js';

/** git fetches at once (jb runs one at a time) */
const DOWNLOADS_AT_ONCE = 4;

// --- the vendor folder --------------------------------------------------------------------------

/**
 * hashDir: sha256 over the contents of every file under `dir` in filepath.Walk's order (names
 * sorted, links not followed as folders but read as files), base64. As in jb, the walk stops at
 * the first entry it cannot read as a file (a link to a folder, a dangling link).
 */
export function hashDir(dir: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 16);
  const walk = (path: string): boolean => {
    let info;
    try {
      info = lstatSync(path);
    } catch {
      return false;
    }
    if (info.isDirectory()) {
      const names = readdirSync(path).sort(compareBytes);
      for (const name of names) if (!walk(join(path, name))) return false;
      return true;
    }
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return false;
    }
    try {
      for (;;) {
        let n: number;
        try {
          n = readSync(fd, buffer, 0, buffer.length, null);
        } catch {
          return false; // EISDIR: a link to a folder
        }
        if (n === 0) return true;
        hash.update(buffer.subarray(0, n));
      }
    } finally {
      closeSync(fd);
    }
  };
  if (existsSync(dir)) walk(dir);
  return hash.digest('base64');
}

export interface InstallOptions {
  /** package URIs to add (`jb install URI…`) */
  uris?: string[];
  /** top-level folders of vendor/ that are not jb's and must stay (a kf app's registries) */
  keep?: string[];
  onEvent?: (event: { action: 'fetched' | 'present' | 'linked' | 'removed' | 'warning'; name: string; detail?: string }) => void;
}

export interface InstallResult {
  /** the lock's dependencies, sorted by name */
  locked: { name: string; version: string }[];
  jsonnetfileWritten: boolean;
  lockWritten: boolean;
}

/** `jb install [URI…]` in `root` (the folder of jsonnetfile.json), vendoring into root/vendor. */
export async function jbInstall(root: string, options: InstallOptions = {}): Promise<InstallResult> {
  const { file, lock, fileText, lockText } = readFiles(root);
  const lockPath = join(root, JSONNETFILE_LOCK);
  for (const uri of options.uris ?? []) {
    const d = parseUri(root, uri);
    const name = dependencyName(d);
    const current = file.dependencies.get(name);
    if (current === undefined || current.version !== d.version || JSON.stringify(current.source) !== JSON.stringify(d.source)) {
      file.dependencies.set(name, d);
      lock.dependencies.delete(name); // install the version asked for, not the locked one
    }
  }
  const locked = await ensure(root, file, lock.dependencies, options);
  cleanLegacyName(file.dependencies);
  const jsonnetfileWritten = writeChanged(root, JSONNETFILE, fileText, file);
  const lockWritten = writeChanged(root, JSONNETFILE_LOCK, lockText, { dependencies: locked, legacyImports: false }, lockPath);
  return { locked: summary(locked), jsonnetfileWritten, lockWritten };
}

/** `jb update [URI…]`: those dependencies (all without URIs) at their newest version for the version jsonnetfile.json asks. */
export async function jbUpdate(root: string, options: InstallOptions = {}): Promise<InstallResult> {
  const { file, lock } = readFiles(root);
  let locks = lock.dependencies;
  for (const uri of options.uris ?? []) locks.delete(dependencyName(parseUri(root, uri)));
  if ((options.uris ?? []).length === 0) locks = new Map();
  const locked = await ensure(root, file, locks, options);
  writeFileAtomic(join(root, JSONNETFILE_LOCK), formatJsonnetFile({ dependencies: locked, legacyImports: false }), {
    root,
  });
  return { locked: summary(locked), jsonnetfileWritten: false, lockWritten: true };
}

function summary(locked: Ordered): InstallResult['locked'] {
  return [...locked.values()]
    .map((d) => ({ name: dependencyName(d), version: d.version }))
    .sort((a, b) => compareBytes(a.name, b.name));
}

function readFiles(root: string): { file: JsonnetFile; lock: JsonnetFile; fileText: string; lockText: string } {
  const path = join(root, JSONNETFILE);
  if (!existsSync(path))
    throw new UserError(`no ${JSONNETFILE} in ${root}`, {
      hint: `create one (e.g. {"version": 1, "dependencies": []}) or run from the folder that has it`,
    });
  const fileText = readFileSync(path, 'utf8');
  const lockPath = join(root, JSONNETFILE_LOCK);
  const lockText = existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : '';
  return { file: parseJsonnetFile(fileText, path), lock: parseJsonnetFile(lockText, lockPath), fileText, lockText };
}

function parseUri(root: string, uri: string): Dependency {
  const git = parseGit(uri);
  if (git !== undefined) return git;
  // A folder as the user typed it, from where they stand (a kf app's root may be above it),
  // recorded relative to jsonnetfile.json's folder, as jb records it.
  const abs = resolve(uri);
  const clean = relative(root, abs) || '.';
  if (existsSync(abs) && statSync(abs).isDirectory()) return { source: { local: { directory: clean } }, version: '' };
  throw new UserError(`unable to parse package URI \`${uri}\``, {
    hint: 'give a git URI such as github.com/grafana/jsonnet-libs/ksonnet-util@master, or a local folder',
    exitCode: 2,
  });
}

/** writeChangedJsonnetFile: written only when its parsed content changed. */
function writeChanged(root: string, name: string, originalText: string, modified: JsonnetFile, path = join(root, name)): boolean {
  if (sameFile(parseJsonnetFile(originalText, path), modified)) return false;
  writeFileAtomic(path, formatJsonnetFile(modified), { root });
  return true;
}

function cleanLegacyName(list: Ordered): void {
  for (const d of list.values()) if (d.legacyNameCompat === sourceLegacyName(d)) delete d.legacyNameCompat;
}

/** pkg.Ensure */
async function ensure(root: string, direct: JsonnetFile, oldLocks: Ordered, options: InstallOptions): Promise<Ordered> {
  const vendorDir = join(root, 'vendor');
  const temp = join(vendorDir, `.tmp-kf-${randomBytes(4).toString('hex')}`);
  mkdirSync(temp, { recursive: true });
  let locks: Ordered;
  try {
    locks = await ensureLevel(direct.dependencies, vendorDir, root, oldLocks, temp, options);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  cleanLegacyName(locks);
  removeUnknown(vendorDir, locks, options);
  cleanLegacySymlinks(vendorDir, locks, options.keep ?? []);
  if (direct.legacyImports) linkLegacy(vendorDir, locks, options);
  return locks;
}

async function ensureLevel(
  direct: Ordered,
  vendorDir: string,
  parentModule: string,
  locks: Ordered,
  temp: string,
  options: InstallOptions,
): Promise<Ordered> {
  const deps: Ordered = new Map();
  // What jb does one package after the other; the downloads run a few at a time (kf is faster than
  // jb so), unless one package's folder holds another's, whose check must then see the first in place.
  const pending: Array<{ d: Dependency; name: string; expectedSum: string }> = [];
  for (const original of direct.values()) {
    const d: Dependency = structuredClone(original);
    const name = dependencyName(d);
    const l = locks.get(name);
    if (l !== undefined) d.version = l.version;
    pending.push({ d, name, expectedSum: l?.sum ?? '' });
  }
  const names = pending.map((p) => p.name);
  const nested = names.some((a) => names.some((b) => a !== b && b.startsWith(a)));
  const results = new Map<string, Dependency>();
  const settle = async ({ d, name, expectedSum }: (typeof pending)[number]): Promise<void> => {
    const l = locks.get(name);
    if (l !== undefined && check(l, vendorDir)) {
      results.set(name, l);
      options.onEvent?.({ action: 'present', name, detail: l.version });
      return;
    }
    rmSync(packageDir(vendorDir, name, d.source.local !== undefined), { recursive: true, force: true });
    const lockedDep = await download(d, vendorDir, parentModule, temp, options);
    if (expectedSum !== '' && lockedDep.sum !== expectedSum)
      throw new UserError(`checksum mismatch for ${name}: expected ${expectedSum} but got ${lockedDep.sum}`, {
        hint: `${JSONNETFILE_LOCK} pins content the source no longer serves at ${d.version}; check the source, or run 'kf jb update' to take what it serves now`,
      });
    results.set(name, lockedDep);
  };
  if (nested) for (const p of pending) await settle(p);
  else {
    let next = 0;
    const worker = async () => {
      while (next < pending.length) await settle(pending[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, pending.length) }, worker));
  }
  for (const { name } of pending) {
    const result = results.get(name)!;
    deps.set(name, result);
    locks.set(name, result);
  }
  for (const d of [...deps.values()]) {
    if (d.single) continue;
    const dir = packageDir(vendorDir, dependencyName(d), d.source.local !== undefined);
    const nestedFile = join(dir, JSONNETFILE);
    if (!existsSync(nestedFile)) continue;
    const nestedSpec = parseJsonnetFile(readFileSync(nestedFile, 'utf8'), nestedFile);
    const nested = await ensureLevel(nestedSpec.dependencies, vendorDir, realpath(dir), locks, temp, options);
    for (const [name, n] of nested) if (!deps.has(name)) deps.set(name, n);
  }
  return deps;
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** vendor/<name>; a local package's name is one folder name, its link may lead anywhere. */
function packageDir(vendorDir: string, name: string, local = false): string {
  if (!local) return guardedPath(vendorDir, [name], `package ${name}`);
  if (name === '' || name === '.' || name === '..' || name.includes('/'))
    throw new UserError(`local package name '${name}' is not a folder name`, { hint: `fix its directory in ${JSONNETFILE}` });
  return join(vendorDir, name);
}

function check(d: Dependency, vendorDir: string): boolean {
  const dir = packageDir(vendorDir, dependencyName(d), d.source.local !== undefined);
  if (d.source.local !== undefined) return existsSync(dir);
  if (!d.sum) return false;
  return hashDir(dir) === d.sum;
}

async function download(
  d: Dependency,
  vendorDir: string,
  parentModule: string,
  temp: string,
  options: InstallOptions,
): Promise<Dependency> {
  const name = dependencyName(d);
  const dest = packageDir(vendorDir, name, d.source.local !== undefined);
  if (d.source.git !== undefined) {
    const version = await installGit(d.source.git, d.version, dest, temp);
    options.onEvent?.({ action: 'fetched', name, detail: version });
    return { ...d, version, sum: hashDir(dest) };
  }
  if (d.source.local !== undefined) {
    // Relative to the jsonnetfile that names it (jb: to the working directory at the top level).
    const target = resolve(parentModule, d.source.local.directory);
    if (!existsSync(target))
      throw new UserError(`local dependency ${d.source.local.directory}: ${target} does not exist`, {
        hint: `fix its directory in ${JSONNETFILE}`,
      });
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dirname(dest), { recursive: true });
    symlinkSync(relative(vendorDir, target), dest);
    options.onEvent?.({ action: 'linked', name, detail: target });
    const { sum: _sum, ...rest } = d;
    return { ...rest, version: '' };
  }
  throw new UserError(`dependency ${name || '(unnamed)'} has neither a git nor a local source`, {
    hint: `fix it in ${JSONNETFILE}`,
  });
}

/** GitPackage.Install's git path: the package's subfolder at `version`, moved into `dest`; returns the commit. */
async function installGit(source: GitSource, version: string, dest: string, temp: string): Promise<string> {
  const url = remote(source);
  const where = `${url}${version ? ` at ${version}` : ''}`;
  const work = join(temp, randomBytes(6).toString('hex'));
  await git(['init', '--quiet', work], where);
  if (source.subdir !== '') {
    // jb's sparse checkout of the subdir (`git config core.sparsecheckout true`, one process fewer)
    appendFileSync(join(work, '.git', 'config'), '[core]\n\tsparseCheckout = true\n');
    writeFileSync(join(work, '.git', 'info', 'sparse-checkout'), `${source.subdir}/*\n`);
  }
  let commit: string;
  try {
    // The commit `version` names, fetched alone and checked out: what jb's `fetch --depth 1 origin
    // <version>` + `checkout <version>` check out, in fewer git processes (and without every tag).
    await git(['-C', work, 'fetch', '--quiet', '--depth', '1', url, version], where);
    await git(['-C', work, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', 'FETCH_HEAD'], where);
    commit = (await git(['-C', work, 'rev-parse', 'HEAD'], where)).trim();
  } catch {
    // jb's fallback: the whole repository, then `version` resolved by checkout (a branch, a tag, a
    // commit the server would not send alone)
    await git(['-C', work, 'remote', 'add', 'origin', url], where);
    await git(['-C', work, 'fetch', '--quiet', 'origin'], where);
    await git(['-C', work, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', version], where);
    commit = (await git(['-C', work, 'rev-parse', 'HEAD'], where)).trim();
  }
  rmSync(join(work, '.git'), { recursive: true, force: true });
  const from = join(work, source.subdir);
  if (!existsSync(from))
    throw new UserError(`${where} has no folder ${source.subdir.slice(1)}`, {
      hint: `check the dependency's subdir in ${JSONNETFILE}`,
    });
  mkdirSync(dirname(dest), { recursive: true });
  rmSync(dest, { recursive: true, force: true });
  renameSync(from, dest);
  return commit;
}

/** Folders of vendor/ that no lock names (and no `keep` covers) are removed, as jb does. */
function removeUnknown(vendorDir: string, locks: Ordered, options: InstallOptions): void {
  const names = [...locks.values()].map(dependencyName);
  const known = (p: string) => names.some((k) => p.startsWith(k) || k.startsWith(p));
  const keep = new Set(options.keep ?? []);
  const dirs: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareBytes(a.name, b.name))) {
      if (!entry.isDirectory()) continue;
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (rel === '' && keep.has(entry.name)) continue;
      dirs.push(path);
      walk(join(dir, entry.name), path);
    }
  };
  if (!existsSync(vendorDir)) return;
  walk(vendorDir, '');
  for (const path of dirs) {
    if (known(path)) continue;
    const full = join(vendorDir, path);
    if (!existsSync(full)) continue;
    rmSync(full, { recursive: true, force: true });
    if (!path.startsWith('.tmp')) options.onEvent?.({ action: 'removed', name: `vendor/${path}` });
  }
}

/** Every link under vendor/ goes (local packages' own links and `keep` folders aside); linkLegacy adds back the legacy ones. */
function cleanLegacySymlinks(vendorDir: string, locks: Ordered, keep: string[]): void {
  const locals = new Set(
    [...locks.values()].filter((d) => d.source.local !== undefined).map((d) => join(vendorDir, dependencyName(d))),
  );
  const kept = new Set(keep.map((k) => join(vendorDir, k)));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (locals.has(path) || kept.has(path)) continue;
      if (entry.isSymbolicLink()) rmSync(path, { force: true });
      else if (entry.isDirectory()) walk(path);
    }
  };
  if (existsSync(vendorDir)) walk(vendorDir);
}

function linkLegacy(vendorDir: string, locks: Ordered, options: InstallOptions): void {
  for (const d of locks.values()) {
    if (d.source.local !== undefined) continue;
    const link = join(vendorDir, legacyName(d));
    const target = dependencyName(d);
    let existing;
    try {
      existing = lstatSync(link);
    } catch {
      existing = undefined;
    }
    if (existing !== undefined) {
      const by = existing.isSymbolicLink() ? `package '${readlinkSync(link)}' already uses that name` : 'the file/directory already exists';
      options.onEvent?.({
        action: 'warning',
        name: target,
        detail: `cannot link '${target}' to '${link}', because ${by}. The absolute import still works`,
      });
      continue;
    }
    symlinkSync(target, link);
  }
}

/**
 * Where jb's files are: the kf app around `cwd` (whose registries' folders of vendor/ are kept), or
 * else `cwd` itself, as for jb (a Tanka project that is not a kf app).
 */
export function jbProject(cwd: string = process.cwd()): { root: string; keep: string[] } {
  let root: string;
  try {
    root = findAppRoot(cwd);
  } catch {
    return { root: resolve(cwd), keep: [] };
  }
  const spec = readAppSpec(root);
  const registries = [...Object.keys(spec.registries), ...Object.keys(spec.libraries).map((k) => k.split('/')[0])];
  return { root, keep: [...new Set(registries)] };
}
