// chartfile.yaml, Tanka's file of chart repositories and required charts (version 1: repositories,
// requires, directory), read with errors that name the line and edited in place (comments kept).
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { isLoopbackHost } from './registry-uri.js';
import { loadRepositoryTls, type TlsField, type TlsFile } from './repository-tls.js';
import { isPlainObject, lineOf, parseYamlFile, yamlFieldError, type YamlFile } from './yaml-file.js';
import { docsFile } from '../util/package-root.js';

export const CHARTFILE = 'chartfile.yaml';
const DEFAULT_DIRECTORY = 'charts';
const hint = () => `see ${docsFile('app-format.md')}#vendoring-charts for the format of ${CHARTFILE}`;

export interface ChartRepository {
  name: string;
  url: string;
  /** caFile, certFile and keyFile, as Tanka's chartfile has them (resolved against the chartfile's folder) */
  tlsFiles?: TlsFile[];
}

const TLS_FIELDS: TlsField[] = ['caFile', 'certFile', 'keyFile'];

export interface ChartRequirement {
  /** `<repository>/<chart>` */
  chart: string;
  version: string;
  /** folder under the charts directory (default: the chart's name) */
  directory?: string;
}

export interface Chartfile {
  repositories: ChartRepository[];
  requires: ChartRequirement[];
  /** where charts go, relative to the app (default `charts`) */
  directory: string;
}

/** `repo/name@version` or `repo/name@version:directory`, as `tk tool charts add` takes it. */
export function parseChartReference(reference: string): ChartRequirement {
  const m = /^([\w+./-]+)@([^:\s]+)(?::([\w. -]+))?$/.exec(reference);
  if (m === null || !/^[\w-]+\/[^/]+$/.test(m[1] as string))
    throw new UserError(`'${reference}' is not a chart reference`, {
      hint: 'write <repository>/<chart>@<version>, optionally :<folder>, e.g. stable/grafana@6.1.0',
      exitCode: 2,
    });
  const requirement: ChartRequirement = { chart: m[1] as string, version: m[2] as string };
  if (m[3] !== undefined) requirement.directory = m[3];
  return requirement;
}

export function chartName(requirement: ChartRequirement): string {
  return requirement.chart.slice(requirement.chart.indexOf('/') + 1);
}

/** The error for a chart whose repository chartfile.yaml does not list. */
export function missingRepository(name: string): UserError {
  return new UserError(`no chart repository named '${name}' in ${CHARTFILE}`, {
    hint: `add it first: kf chart add-repo ${name} <url>`,
  });
}

/** The repository part of `<repository>/<chart>`. */
export function chartRepositoryName(requirement: ChartRequirement): string {
  return requirement.chart.slice(0, requirement.chart.indexOf('/'));
}

export function chartFolder(requirement: ChartRequirement): string {
  return requirement.directory ?? chartName(requirement);
}

/** Reads chartfile.yaml; undefined when the app has none. Unknown fields are errors (as in Tanka). */
export function readChartfile(root: string): { yaml: YamlFile; chartfile: Chartfile } | undefined {
  const file = join(root, CHARTFILE);
  if (!existsSync(file)) return undefined;
  const yaml = parseYamlFile(readFileSync(file, 'utf8'), file, hint());
  const data = yaml.data ?? {};
  if (!isPlainObject(data)) throw yamlFieldError(yaml, [], `${CHARTFILE} must be a mapping`, hint());
  const fail = (path: (string | number)[], message: string) => yamlFieldError(yaml, path, message, hint());
  for (const key of Object.keys(data))
    if (!['version', 'repositories', 'requires', 'directory'].includes(key)) throw fail([key], `unknown field '${key}'`);
  const list = (key: string): Record<string, unknown>[] => {
    const value = data[key] ?? [];
    if (!Array.isArray(value) || !value.every(isPlainObject)) throw fail([key], `'${key}' must be a list of mappings`);
    return value;
  };
  const text = (path: (string | number)[], value: unknown, required: boolean): string | undefined => {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value === '') throw fail(path, `'${path.join('.')}' must be a non-empty string`);
    return value;
  };
  const only = (key: string, allowed: string[]) =>
    list(key).forEach((entry, i) => {
      for (const field of Object.keys(entry))
        if (!allowed.includes(field))
          throw fail(
            [key, i, field],
            ['username', 'password'].includes(field)
              ? `'${field}': kf keeps credentials out of ${CHARTFILE}; it reads those Helm stores (helm repo add --username, helm registry login)`
              : `unknown field '${field}'`,
          );
    });
  only('repositories', ['name', 'url', ...TLS_FIELDS]);
  only('requires', ['chart', 'version', 'directory']);
  const repositories = list('repositories').map((r, i) => {
    const repository: ChartRepository = {
      name: text(['repositories', i, 'name'], r.name, true) as string,
      url: text(['repositories', i, 'url'], r.url, true) as string,
    };
    // file names, not secrets; relative to the chartfile's folder, which is where Tanka's
    // `tk tool charts` runs (it reads chartfile.yaml from its working directory) and so where the
    // helm it starts resolves them; '' is no file, as in Tanka and Helm
    const tlsFiles = TLS_FIELDS.flatMap((field) => {
      const path = text(['repositories', i, field], r[field] === '' ? undefined : r[field], false);
      return path === undefined ? [] : [{ field, path: resolve(root, path), location: { file, line: lineOf(yaml, ['repositories', i, field]) } }];
    });
    if (tlsFiles.length > 0) repository.tlsFiles = tlsFiles;
    return repository;
  });
  const requires = list('requires').map((r, i) => {
    const requirement: ChartRequirement = {
      chart: text(['requires', i, 'chart'], r.chart, true) as string,
      version: text(['requires', i, 'version'], typeof r.version === 'number' ? String(r.version) : r.version, true) as string,
    };
    const directory = text(['requires', i, 'directory'], r.directory, false);
    if (directory !== undefined) requirement.directory = directory;
    if (!/^[\w-]+\/[^/]+$/.test(requirement.chart))
      throw fail(['requires', i, 'chart'], `'${requirement.chart}' is not <repository>/<chart>`);
    if (!repositories.some((repo) => repo.name === chartRepositoryName(requirement)))
      throw fail(['requires', i, 'chart'], `repository '${chartRepositoryName(requirement)}' of ${requirement.chart} is not in 'repositories'`);
    if (leavesFolder(chartFolder(requirement)))
      throw fail(['requires', i], `the folder of ${requirement.chart} must stay inside the charts directory`);
    return requirement;
  });
  const folders = new Map<string, string>();
  for (const [i, r] of requires.entries()) {
    const other = folders.get(chartFolder(r));
    if (other !== undefined)
      throw fail(['requires', i], `${r.chart} and ${other} would both be vendored into '${chartFolder(r)}'; give one a folder (<chart>@<version>:<folder>)`);
    folders.set(chartFolder(r), r.chart);
  }
  const directory = text(['directory'], data.directory, false) ?? DEFAULT_DIRECTORY;
  if (leavesFolder(directory)) throw fail(['directory'], "'directory' must stay inside the app");
  if (data.version !== undefined && data.version !== 1)
    throw fail(['version'], "'version' must be 1, the chartfile format kf (and Tanka) read");
  return { yaml, chartfile: { repositories, requires, directory } };
}

/** An absolute path, or one with a `..` segment. */
function leavesFolder(path: string): boolean {
  return /(^|[\\/])\.\.([\\/]|$)|^[\\/]/.test(path);
}

export function isOciUrl(url: string): boolean {
  return /^oci:\/\//i.test(url);
}

/**
 * The repository URL kf will fetch from: https, or plain http on a loopback address; or an OCI
 * registry, `oci://host[:port]/namespace` (https; plain http only to a loopback registry without TLS).
 */
export function checkRepositoryUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(isOciUrl(url) ? url.replace(/^oci:/i, 'https:') : url);
  } catch {
    throw new UserError(`'${url}' is not a URL`, {
      hint: 'give the chart repository URL, e.g. https://charts.example.com or oci://ghcr.io/example/charts',
      exitCode: 2,
    });
  }
  if (parsed.username !== '' || parsed.password !== '')
    throw new UserError(`${url}: kf keeps credentials out of ${CHARTFILE}`, {
      hint: 'remove them from the URL, and store them with `helm repo add … --username` or `helm registry login`: kf reads what Helm stores',
      exitCode: 2,
    });
  if (isOciUrl(url)) {
    if (parsed.search !== '' || parsed.hash !== '' || !/^[a-z0-9._/-]*$/.test(parsed.pathname))
      throw new UserError(`${url} is not an OCI repository`, {
        hint: 'write oci://<registry>[:port]/<namespace> in lower case, e.g. oci://ghcr.io/example/charts',
        exitCode: 2,
      });
    return;
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))
    throw new UserError(`${url}: chart repositories are fetched over https (plain http only on loopback addresses)`, {
      exitCode: 2,
    });
}

/** Adds a repository to chartfile.yaml (creating the file); the same name with another URL is an error. */
/**
 * Adds a repository to chartfile.yaml ('present' when it is there already, with these TLS files if
 * any are given). `tls`: absolute paths of the repository's caFile, certFile and keyFile, checked here
 * and written relative to the chartfile's folder when inside it; given for a repository that is
 * already there, they replace its TLS fields.
 */
export function addChartRepository(
  root: string,
  repository: { name: string; url: string; tls?: Partial<Record<TlsField, string>> },
): 'added' | 'updated' | 'present' {
  if (!/^[\w-]+$/.test(repository.name))
    throw new UserError(`'${repository.name}' is not a repository name`, { hint: 'use letters, digits, - and _', exitCode: 2 });
  checkRepositoryUrl(repository.url);
  const tls = Object.entries(repository.tls ?? {}).filter((e): e is [TlsField, string] => e[1] !== undefined);
  loadRepositoryTls(tls.map(([field, path]) => ({ field, path, location: { file: flagOf(field) } })));
  const fields = Object.fromEntries(tls.map(([field, path]) => [field, chartfilePath(root, path)]));
  const current = readChartfile(root);
  const index = current?.chartfile.repositories.findIndex((r) => r.name === repository.name) ?? -1;
  if (index >= 0) {
    const existing = current!.chartfile.repositories[index];
    if (existing.url !== repository.url)
      throw new UserError(`repository '${repository.name}' is already ${existing.url} in ${CHARTFILE}`, {
        hint: 'edit the URL in chartfile.yaml, or choose another name',
      });
    const same = (field: TlsField) =>
      existing.tlsFiles?.find((f) => f.field === field)?.path === (fields[field] === undefined ? undefined : resolve(root, fields[field]));
    if (tls.length === 0 || TLS_FIELDS.every(same)) return 'present';
    editChartfile(root, (doc) => {
      for (const field of TLS_FIELDS)
        if (fields[field] === undefined) doc.deleteIn(['repositories', index, field]);
        else doc.setIn(['repositories', index, field], fields[field]);
    });
    return 'updated';
  }
  editChartfile(root, (doc) => doc.addIn(['repositories'], { name: repository.name, url: repository.url, ...fields }));
  return 'added';
}

function flagOf(field: TlsField): string {
  return { caFile: '--ca-file', certFile: '--cert-file', keyFile: '--key-file' }[field];
}

/** `path` as the chartfile names it: relative to its folder (the app) when inside, else absolute. */
function chartfilePath(root: string, path: string): string {
  const rel = relative(resolve(root), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
}

export function editChartfile(root: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
  const file = join(root, CHARTFILE);
  const doc = parseDocument(existsSync(file) ? readFileSync(file, 'utf8') : 'version: 1\nrepositories: []\nrequires: []\n');
  for (const key of ['repositories', 'requires'])
    if (!doc.has(key) || (doc.get(key) as { items?: unknown[] } | null)?.items?.length === 0) doc.set(key, doc.createNode([]));
  edit(doc);
  // block style for the lists this edit filled (an empty list was written `[]`)
  for (const key of ['repositories', 'requires']) {
    const node = doc.get(key, true) as { flow?: boolean; items?: unknown[] } | undefined;
    if (node?.items !== undefined && node.items.length > 0) node.flow = false;
  }
  writeFileAtomic(file, doc.toString());
}
