// Parses a registry URI into one of the four source kinds kf can fetch from. Pure: no I/O.
//
//   builtin:<name>                           a registry shipped inside kf (registry/<name>)
//   /abs/path, ./rel/path, file:///abs/path  a local registry folder
//   <git-url>//<subdir>?ref=<tag|branch|sha> a git repository; <git-url> ends in .git or starts with git+
//   https://host/file.tar.gz//<subdir>       a .tar.gz of a registry folder (subdir optional; also
//                                            file:// or a plain path)
//   github.com/<owner>/<repo>/tree/<ref>/<path>  ksonnet's form, read as the git URL it names
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { ksonnetRegistryUri } from './ksonnet-registry-uri.js';
import { docsFile } from '../util/package-root.js';

export type RegistrySource =
  | { kind: 'builtin'; name: string }
  | { kind: 'folder'; path: string }
  | { kind: 'git'; url: string; subdir: string; ref?: string }
  | { kind: 'archive'; url: string; subdir: string };

export type RegistryKind = RegistrySource['kind'];

function fail(uri: string, why: string): never {
  throw new UserError(`invalid registry URI '${uri}': ${why}`, {
    hint: `registry URIs are described in ${docsFile('registry-format.md')}`,
    exitCode: 2,
  });
}

/** Resolves `uri` (as stored in app.yaml) to a source; relative folder paths are relative to `appRoot`. */
export function parseRegistryUri(uri: string, appRoot: string): RegistrySource {
  const text = ksonnetRegistryUri('github', uri.trim());
  if (text === '') fail(uri, 'it is empty');

  const builtin = /^builtin:(.*)$/.exec(text);
  if (builtin) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(builtin[1])) fail(uri, 'builtin registry names look like builtin:kubeflow');
    return { kind: 'builtin', name: builtin[1] };
  }

  const scpLike = /^[\w.-]+@[\w.-]+:(?!\/\/)/.test(text);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (!scheme && !scpLike) {
    // A plain path. Windows-style drive letters are not a concern (Node 20 on POSIX), but keep it simple.
    const archive = splitLocalArchivePath(text);
    if (archive) {
      checkSubdir(archive.subdir, uri);
      return { kind: 'archive', url: pathToFileURL(resolve(appRoot, archive.path)).href, subdir: archive.subdir };
    }
    return { kind: 'folder', path: isAbsolute(text) ? resolve(text) : resolve(appRoot, text) };
  }

  const { base, subdir, query } = splitSubdirAndQuery(text, scpLike ? 0 : text.indexOf('://') + 3, uri);
  const ref = query.get('ref') ?? undefined;
  for (const key of query.keys()) if (key !== 'ref') fail(uri, `unknown query parameter '${key}' (only ?ref= is supported)`);
  if (query.has('ref') && !ref) fail(uri, '?ref= needs a tag, branch or commit');
  if (ref !== undefined && (!/^[A-Za-z0-9][A-Za-z0-9._/+-]*$/.test(ref) || ref.includes('..'))) {
    fail(uri, `'${ref}' is not a valid git ref`);
  }

  const isGit = scpLike || scheme?.startsWith('git+') || scheme === 'ssh' || scheme === 'git' || /\.git\/?$/.test(base);
  if (isGit) {
    const url = scheme?.startsWith('git+') ? base.slice(4) : base;
    checkTransport(url, uri);
    return { kind: 'git', url, subdir, ref };
  }
  if (ref !== undefined) fail(uri, '?ref= only applies to git repositories (URLs ending in .git)');

  if (/\.(tar\.gz|tgz)$/.test(base)) {
    checkTransport(base, uri);
    return { kind: 'archive', url: base, subdir };
  }
  if (scheme === 'file') {
    if (subdir) fail(uri, 'a folder URI has no //subdir part; write the full path');
    return { kind: 'folder', path: fileURLToPath(base) };
  }
  return fail(uri, 'an http(s) registry must be a git repository (…/repo.git) or a .tar.gz archive');
}

/** Splits `<base>//<subdir>?<query>`; the `//` search starts after the scheme's own `://`. */
function splitSubdirAndQuery(text: string, from: number, uri: string) {
  const q = text.indexOf('?', from);
  const beforeQuery = q === -1 ? text : text.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : text.slice(q + 1));
  // file:///abs has an empty host: skip the path's leading slash so it is not read as a separator.
  const start = beforeQuery.startsWith('file:///') ? from + 1 : from;
  const sep = beforeQuery.indexOf('//', start);
  const base = sep === -1 ? beforeQuery : beforeQuery.slice(0, sep);
  const subdir = sep === -1 ? '' : beforeQuery.slice(sep + 2).replace(/\/+$/, '');
  checkSubdir(subdir, uri);
  return { base, subdir, query };
}

/**
 * A plain path to a local archive, `<path>.tar.gz[//<subdir>]`, split in two (path.resolve would
 * read the `//` as one `/`); undefined for any other path.
 */
export function splitLocalArchivePath(text: string): { path: string; subdir: string } | undefined {
  const match = /^(.+?\.(?:tar\.gz|tgz))(?:\/\/(.*))?$/.exec(text);
  return match ? { path: match[1]!, subdir: (match[2] ?? '').replace(/\/+$/, '') } : undefined;
}

function checkSubdir(subdir: string, uri: string): void {
  if (subdir === '') return;
  const parts = subdir.split('/');
  if (subdir.startsWith('/') || parts.some((p) => p === '..' || p === '.' || p === '')) {
    fail(uri, `sub-folder '${subdir}' must be a plain relative path without '.' or '..'`);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Refuses unencrypted transports except on loopback (where tests serve registries). */
function checkTransport(url: string, uri: string): void {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'git') {
    const host = new URL(scheme === 'git' ? url.replace(/^git:/i, 'http:') : url).hostname;
    if (!isLoopbackHost(host)) fail(uri, `plain ${scheme}:// is not allowed except on loopback addresses; use https://`);
  }
  if (scheme !== undefined && !['http', 'https', 'file', 'ssh', 'git'].includes(scheme)) {
    fail(uri, `unsupported scheme '${scheme}://'`);
  }
}

/** One-line human description of a source, for list/describe output. */
export function describeSource(source: RegistrySource): string {
  switch (source.kind) {
    case 'builtin':
      return `registry shipped with kf (${source.name})`;
    case 'folder':
      return `folder ${source.path}`;
    case 'git':
      return `git ${source.url}${source.subdir ? ` folder ${source.subdir}` : ''}${source.ref ? ` at ${source.ref}` : ''}`;
    case 'archive':
      return `archive ${source.url}${source.subdir ? ` folder ${source.subdir}` : ''}`;
  }
}
