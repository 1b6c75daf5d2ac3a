// jsonnet-bundler's jsonnetfile.json and jsonnetfile.lock.json (jb v0.6.0's spec and deps
// packages): dependencies and their git URIs, the names of their vendor/ folders and legacy links,
// and reading and writing the two files as jb does. Installing them is jsonnet-bundler.ts's.
import { basename, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { parseJsonText } from '../util/json-text.js';

export const JSONNETFILE = 'jsonnetfile.json';
export const JSONNETFILE_LOCK = 'jsonnetfile.lock.json';

const SSH = 'ssh://git@';
const HTTPS = 'https://';

export interface GitSource {
  scheme: typeof SSH | typeof HTTPS;
  host: string;
  user: string;
  repo: string;
  /** '' or '/'-prefixed */
  subdir: string;
}

export interface Dependency {
  source: { git?: GitSource; local?: { directory: string } };
  version: string;
  sum?: string;
  single?: boolean;
  /** the older schema's `name`: the legacy link's name when it is not the default */
  legacyNameCompat?: string;
}

/** Dependencies by name, in insertion order (Go's orderedmap: setting a known key keeps its place). */
export type Ordered = Map<string, Dependency>;

export interface JsonnetFile {
  dependencies: Ordered;
  legacyImports: boolean;
}

// deps/git.go's patterns, unanchored as Go's MatchString uses them.
const GIT_SSH = String.raw`ssh://git@(?<host>.+)/(?<user>.+)/(?<repo>.+).git`;
const GIT_SCP = String.raw`^git@(?<host>.+):(?<user>.+)/(?<repo>.+).git`;
const GIT_HTTPS_SUBGROUP = String.raw`(?<host>[a-zA-Z0-9][a-zA-Z0-9-\.]{1,61}[a-zA-Z0-9]\.[a-zA-Z]{2,})/(?<user>[-_~a-zA-Z0-9/\.]+)/(?<repo>[-_a-zA-Z0-9\.]+)\.git`;
const GIT_HTTPS = String.raw`(?<host>[a-zA-Z0-9][a-zA-Z0-9-\.]{1,61}[a-zA-Z0-9]\.[a-zA-Z]{2,})/(?<user>[-_~a-zA-Z0-9\.]+)/(?<repo>[-_a-zA-Z0-9\.]+)`;

/** deps.parseGit: a git URI (`github.com/org/repo/sub/dir@version`, `https://…/repo.git`, ssh forms) or undefined. */
export function parseGit(uri: string): Dependency | undefined {
  const forms: Array<[string, GitSource['scheme']]> = [
    [GIT_SSH, SSH],
    [GIT_SCP, SSH],
    [GIT_HTTPS_SUBGROUP, HTTPS],
    [GIT_HTTPS, HTTPS],
  ];
  for (const [exp, scheme] of forms) {
    if (!new RegExp(exp).test(uri)) continue;
    const { source, version } = match(uri, exp);
    const git: GitSource = { scheme, ...source, subdir: source.subdir === '' ? '' : `/${source.subdir}` };
    return { source: { git }, version: version === '' ? 'master' : version };
  }
  return undefined;
}

function match(uri: string, exp: string): { source: Omit<GitSource, 'scheme'>; version: string } {
  for (const suffix of [String.raw`/(?<subdir>.*)@(?<version>.*)`, String.raw`/(?<subdir>.*)`, String.raw`@(?<version>.*)`, '']) {
    const m = new RegExp(exp + suffix).exec(uri);
    if (m === null) continue;
    const g = m.groups ?? {};
    return {
      source: { host: g.host ?? '', user: g.user ?? '', repo: g.repo ?? '', subdir: g.subdir ?? '' },
      version: g.version ?? '',
    };
  }
  return { source: { host: '', user: '', repo: '', subdir: '' }, version: '' };
}

export function remote(g: GitSource): string {
  return `${g.scheme}${g.host}/${g.user}/${g.repo}.git`;
}

/** The package's folder under vendor/: host/user/repo/subdir, or a local folder's base name. */
export function dependencyName(d: Dependency): string {
  const { git: g } = d.source;
  if (g !== undefined) return `${g.host}/${g.user}/${trimGit(g.repo)}${g.subdir}`;
  return d.source.local === undefined ? '' : sourceLegacyName(d);
}

function trimGit(repo: string): string {
  return repo.endsWith('.git') ? repo.slice(0, -4) : repo;
}

export function sourceLegacyName(d: Dependency): string {
  const { git: g, local } = d.source;
  if (g !== undefined) return basename(trimGit(g.repo) + g.subdir);
  return local === undefined ? '' : basename(resolve(local.directory));
}

export function legacyName(d: Dependency): string {
  return d.legacyNameCompat || sourceLegacyName(d);
}

/** jsonnetfile.Unmarshal: version 0 (no `version`) and 1 files; an empty file has no dependencies. */
export function parseJsonnetFile(text: string, file: string): JsonnetFile {
  const result: JsonnetFile = { dependencies: new Map(), legacyImports: true };
  if (text.length === 0) return result;
  const parsed = parseJsonText(text);
  if ('error' in parsed) {
    const { message, line, column } = parsed.error;
    throw new UserError(`not valid JSON: ${message}`, { location: { file, line, column } });
  }
  const raw = parsed.value;
  const bad = (what: string) =>
    new UserError(what, { location: { file }, hint: "see jsonnet-bundler's jsonnetfile format" });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad('expected a JSON object');
  const spec = raw as { version?: unknown; dependencies?: unknown; legacyImports?: unknown };
  const version = spec.version ?? 0;
  if (version !== 0 && version !== 1) throw bad(`jsonnetfile version ${JSON.stringify(version)} unknown (jb knows 0 and 1)`);
  if (spec.dependencies !== undefined && spec.dependencies !== null && !Array.isArray(spec.dependencies))
    throw bad('"dependencies" must be a list');
  if (version === 1 && typeof spec.legacyImports === 'boolean') result.legacyImports = spec.legacyImports;
  for (const [i, item] of ((spec.dependencies as unknown[] | null) ?? []).entries()) {
    const d = parseDependency(item, version, (what) => bad(`dependencies[${i}]: ${what}`));
    result.dependencies.set(dependencyName(d), d);
  }
  return result;
}

function parseDependency(item: unknown, version: 0 | 1, bad: (what: string) => UserError): Dependency {
  if (item === null || typeof item !== 'object') throw bad('expected an object');
  const d = item as { source?: { git?: { remote?: unknown; subdir?: unknown }; local?: { directory?: unknown } } } & Record<string, unknown>;
  const str = (v: unknown, what: string): string => {
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') throw bad(`${what} must be a string`);
    return v;
  };
  const out: Dependency = { source: {}, version: str(d.version, '"version"') };
  const sum = str(d.sum, '"sum"');
  if (sum !== '') out.sum = sum;
  if (version === 1 && d.single === true) out.single = true;
  const name = str(d.name, '"name"');
  const git = d.source?.git;
  const local = d.source?.local;
  if (git !== undefined && git !== null) {
    const remoteText = str(git.remote, '"source.git.remote"');
    const subdir = str(git.subdir, '"source.git.subdir"');
    const parsed = parseGit(remoteText)?.source.git;
    if (parsed === undefined) throw bad(`unable to parse git url \`${remoteText}\``);
    if (version === 1) parsed.subdir = subdir === '' ? '' : `/${subdir.replace(/^\//, '')}`;
    // v0 (spec/v1/v0.go): the subdir cleaned as a path under "/"
    else if (subdir !== '') parsed.subdir = cleanSlash(`/${subdir}`);
    out.source.git = parsed;
  } else if (local !== undefined && local !== null) {
    out.source.local = { directory: str(local.directory, '"source.local.directory"') };
  }
  // v0 files name every dependency; v1 keeps a `name` as the legacy link's name
  if (name !== '') out.legacyNameCompat = name;
  return out;
}

/** Go's path.Clean of an absolute path. */
function cleanSlash(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** json.MarshalIndent(v1.JsonnetFile, "", "  ") + "\n": dependencies sorted by name, Go's escaping. */
export function formatJsonnetFile(file: JsonnetFile): string {
  const deps = [...file.dependencies.values()].sort((a, b) => compareBytes(dependencyName(a), dependencyName(b)));
  const json = {
    version: 1,
    dependencies: deps.map((d) => {
      const source = d.source.git
        ? { git: { remote: remote(d.source.git), subdir: d.source.git.subdir.replace(/^\//, '') } }
        : d.source.local
          ? { local: { directory: d.source.local.directory } }
          : {};
      return {
        source,
        version: d.version,
        ...(d.sum ? { sum: d.sum } : {}),
        ...(d.single ? { single: true } : {}),
        ...(d.legacyNameCompat ? { name: d.legacyNameCompat } : {}),
      };
    }),
    legacyImports: file.legacyImports,
  };
  // encoding/json escapes <, >, & and U+2028/9 in strings
  return `${JSON.stringify(json, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** reflect.DeepEqual of two parsed files (order of dependencies included). */
export function sameFile(a: JsonnetFile, b: JsonnetFile): boolean {
  const key = (f: JsonnetFile) => JSON.stringify([f.legacyImports, [...f.dependencies.entries()]]);
  return key(a) === key(b);
}
