// Helm charts vendored into an app for helmTemplate, as Tanka's `tk tool charts` does and with its
// chartfile.yaml (version 1: repositories, requires, directory), so a Tanka project's file works
// as it is. Vendoring reads each repository's index.yaml, downloads the chart archive, checks its
// sha256 against the index's digest, checks every entry (archive.ts) and unpacks it next to the
// old copy before swapping the two, so an interrupted or refused download never leaves a broken
// chart. Helm itself is not needed; OCI repositories are not supported.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml, parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { downloadArchive, extractArchive } from './archive.js';
import { isLoopbackHost } from './registry-uri.js';
import { isPlainObject, parseYamlFile, yamlFieldError, type YamlFile } from './yaml-file.js';

export const CHARTFILE = 'chartfile.yaml';
const DEFAULT_DIRECTORY = 'charts';
const HINT = `see docs/app-format.md#vendoring-charts for the format of ${CHARTFILE}`;

export interface ChartRepository {
  name: string;
  url: string;
}

export interface ChartRequirement {
  /** `<repository>/<chart>` */
  chart: string;
  version: string;
  /** folder under the charts directory (default: the chart's name) */
  directory?: string;
}

export interface Chartfile {
  version: number;
  repositories: ChartRepository[];
  requires: ChartRequirement[];
  /** where charts go, relative to the app (default `charts`) */
  directory: string;
}

export interface VendoredChart {
  chart: string;
  version: string;
  /** relative to the app */
  path: string;
  /** downloaded now, or already there at that version */
  action: 'vendored' | 'present';
}

export interface VendorResult {
  charts: VendoredChart[];
  /** folders removed by --prune, relative to the app */
  pruned: string[];
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

function chartName(requirement: ChartRequirement): string {
  return requirement.chart.slice(requirement.chart.indexOf('/') + 1);
}

function chartFolder(requirement: ChartRequirement): string {
  return requirement.directory ?? chartName(requirement);
}

/** Reads chartfile.yaml; undefined when the app has none. Unknown fields are errors (as in Tanka). */
export function readChartfile(root: string): { yaml: YamlFile; chartfile: Chartfile } | undefined {
  const file = join(root, CHARTFILE);
  if (!existsSync(file)) return undefined;
  const yaml = parseYamlFile(readFileSync(file, 'utf8'), file, HINT);
  const data = yaml.data ?? {};
  if (!isPlainObject(data)) throw yamlFieldError(yaml, [], `${CHARTFILE} must be a mapping`, HINT);
  const fail = (path: (string | number)[], message: string) => yamlFieldError(yaml, path, message, HINT);
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
            ['caFile', 'certFile', 'keyFile', 'username', 'password'].includes(field)
              ? `'${field}': kf does not use credentials or client certificates for chart repositories`
              : `unknown field '${field}'`,
          );
    });
  only('repositories', ['name', 'url']);
  only('requires', ['chart', 'version', 'directory']);
  const repositories = list('repositories').map((r, i) => ({
    name: text(['repositories', i, 'name'], r.name, true) as string,
    url: text(['repositories', i, 'url'], r.url, true) as string,
  }));
  const requires = list('requires').map((r, i) => {
    const requirement: ChartRequirement = {
      chart: text(['requires', i, 'chart'], r.chart, true) as string,
      version: text(['requires', i, 'version'], typeof r.version === 'number' ? String(r.version) : r.version, true) as string,
    };
    const directory = text(['requires', i, 'directory'], r.directory, false);
    if (directory !== undefined) requirement.directory = directory;
    if (!/^[\w-]+\/[^/]+$/.test(requirement.chart))
      throw fail(['requires', i, 'chart'], `'${requirement.chart}' is not <repository>/<chart>`);
    if (!repositories.some((repo) => repo.name === requirement.chart.split('/')[0]))
      throw fail(['requires', i, 'chart'], `repository '${requirement.chart.split('/')[0]}' of ${requirement.chart} is not in 'repositories'`);
    if (/(^|[\\/])\.\.([\\/]|$)|^[\\/]/.test(chartFolder(requirement)))
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
  if (/(^|[\\/])\.\.([\\/]|$)|^[\\/]/.test(directory)) throw fail(['directory'], "'directory' must stay inside the app");
  return { yaml, chartfile: { version: Number(data.version ?? 1), repositories, requires, directory } };
}

/** The repository URL kf will fetch from: https, or plain http on a loopback address. */
function checkRepositoryUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`'${url}' is not a URL`, { hint: 'give the chart repository URL, e.g. https://charts.example.com', exitCode: 2 });
  }
  if (parsed.protocol === 'oci:')
    throw new UserError(`${url}: OCI chart repositories are not supported`, {
      hint: 'use the chart repository URL that serves index.yaml, or pull the chart with `helm pull --untar` into charts/',
    });
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))
    throw new UserError(`${url}: chart repositories are fetched over https (plain http only on loopback addresses)`, {
      exitCode: 2,
    });
}

/** Adds a repository to chartfile.yaml (creating the file); the same name with another URL is an error. */
export function addChartRepository(root: string, repository: ChartRepository): boolean {
  if (!/^[\w-]+$/.test(repository.name))
    throw new UserError(`'${repository.name}' is not a repository name`, { hint: 'use letters, digits, - and _', exitCode: 2 });
  checkRepositoryUrl(repository.url);
  const current = readChartfile(root);
  const existing = current?.chartfile.repositories.find((r) => r.name === repository.name);
  if (existing !== undefined) {
    if (existing.url === repository.url) return false;
    throw new UserError(`repository '${repository.name}' is already ${existing.url} in ${CHARTFILE}`, {
      hint: 'edit the URL in chartfile.yaml, or choose another name',
    });
  }
  editChartfile(root, (doc) => doc.addIn(['repositories'], repository));
  return true;
}

/**
 * Requires a chart at a version in chartfile.yaml (replacing the requirement of the same chart and
 * folder) after vendoring it: a chart that cannot be downloaded or verified changes nothing.
 */
export async function addChart(root: string, requirement: ChartRequirement): Promise<VendoredChart> {
  const current = readChartfile(root);
  const repoName = requirement.chart.split('/')[0] as string;
  const repository = current?.chartfile.repositories.find((r) => r.name === repoName);
  if (current === undefined || repository === undefined)
    throw new UserError(`no chart repository named '${repoName}' in ${CHARTFILE}`, {
      hint: `add it first: kf chart add-repo ${repoName} <url>`,
    });
  const folder = chartFolder(requirement);
  const { chartfile } = current;
  const clash = chartfile.requires.find((r) => chartFolder(r) === folder && r.chart !== requirement.chart);
  if (clash !== undefined)
    throw new UserError(`${clash.chart} is already vendored into '${join(chartfile.directory, folder)}'`, {
      hint: `give ${requirement.chart} another folder: ${requirement.chart}@${requirement.version}:<folder>`,
    });
  const path = join(chartfile.directory, folder);
  let action: VendoredChart['action'] = 'present';
  if (vendoredVersion(join(root, path)) !== requirement.version) {
    const entry = findEntry(await fetchIndex(repository), requirement);
    await vendorOne(join(root, chartfile.directory), folder, requirement, entry);
    action = 'vendored';
  }
  const at = chartfile.requires.findIndex((r) => r.chart === requirement.chart && chartFolder(r) === folder);
  editChartfile(root, (doc) => {
    if (at >= 0) doc.setIn(['requires', at], requirement);
    else doc.addIn(['requires'], requirement);
  });
  return { chart: requirement.chart, version: requirement.version, path, action };
}

function editChartfile(root: string, edit: (doc: ReturnType<typeof parseDocument>) => void): void {
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

interface IndexEntry {
  version?: unknown;
  urls?: unknown;
  digest?: unknown;
}

type RepositoryIndex = { repository: ChartRepository; entries: Record<string, IndexEntry[]> };

async function fetchIndex(repository: ChartRepository): Promise<RepositoryIndex> {
  checkRepositoryUrl(repository.url);
  const url = `${repository.url.replace(/\/+$/, '')}/index.yaml`;
  const temp = mkdtempSync(join(tmpdir(), 'kf-chart-index-'));
  try {
    const file = join(temp, 'index.yaml');
    await downloadArchive(url, file);
    let data: unknown;
    try {
      data = parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: 1000 });
    } catch (error) {
      throw new UserError(`${url} is not a chart repository index: ${(error as Error).message.split('\n')[0]}`);
    }
    if (!isPlainObject(data) || !isPlainObject(data.entries))
      throw new UserError(`${url} is not a chart repository index (it has no 'entries')`, {
        hint: `check the URL of repository '${repository.name}' in ${CHARTFILE}`,
      });
    return { repository, entries: data.entries as Record<string, IndexEntry[]> };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function findEntry(index: RepositoryIndex, requirement: ChartRequirement): { url: string; digest?: string } {
  const name = chartName(requirement);
  const versions = Array.isArray(index.entries[name]) ? index.entries[name] : [];
  const entry = versions.find((e) => String(e.version) === requirement.version);
  if (entry === undefined) {
    const known = versions.map((e) => String(e.version)).slice(0, 8);
    throw new UserError(
      versions.length === 0
        ? `repository '${index.repository.name}' (${index.repository.url}) has no chart '${name}'`
        : `repository '${index.repository.name}' has no version ${requirement.version} of '${name}'`,
      { hint: known.length > 0 ? `versions it has: ${known.join(', ')}${versions.length > 8 ? ', …' : ''}` : 'check the chart name' },
    );
  }
  const first = Array.isArray(entry.urls) ? entry.urls[0] : undefined;
  if (typeof first !== 'string')
    throw new UserError(`repository '${index.repository.name}' lists no download URL for ${requirement.chart}@${requirement.version}`);
  const url = new URL(first, `${index.repository.url.replace(/\/+$/, '')}/`).href;
  return typeof entry.digest === 'string' ? { url, digest: entry.digest } : { url };
}

/** The version in a vendored chart's Chart.yaml, or undefined. */
function vendoredVersion(dir: string): string | undefined {
  try {
    const chart = parseYaml(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { version?: unknown } | null;
    return chart?.version === undefined ? undefined : String(chart.version);
  } catch {
    return undefined;
  }
}

/**
 * Makes the charts directory hold every required chart at its version. With `prune`, folders of
 * the charts directory that no requirement names are removed.
 */
export async function vendorCharts(root: string, options: { prune: boolean }): Promise<VendorResult> {
  const loaded = readChartfile(root);
  if (loaded === undefined)
    throw new UserError(`this app has no ${CHARTFILE}`, { hint: 'start one with: kf chart add-repo <name> <url>' });
  const { chartfile } = loaded;
  const chartsDir = join(root, chartfile.directory);
  const indexes = new Map<string, Promise<RepositoryIndex>>();
  const charts: VendoredChart[] = [];
  for (const requirement of chartfile.requires) {
    const folder = chartFolder(requirement);
    const target = join(chartsDir, folder);
    const path = join(chartfile.directory, folder);
    if (vendoredVersion(target) === requirement.version) {
      charts.push({ chart: requirement.chart, version: requirement.version, path, action: 'present' });
      continue;
    }
    const repoName = requirement.chart.split('/')[0] as string;
    const repository = chartfile.repositories.find((r) => r.name === repoName) as ChartRepository;
    let index = indexes.get(repoName);
    if (index === undefined) indexes.set(repoName, (index = fetchIndex(repository)));
    const entry = findEntry(await index, requirement);
    await vendorOne(chartsDir, folder, requirement, entry);
    charts.push({ chart: requirement.chart, version: requirement.version, path, action: 'vendored' });
  }
  const pruned: string[] = [];
  if (options.prune && existsSync(chartsDir)) {
    const wanted = new Set(chartfile.requires.map(chartFolder));
    for (const name of readdirSync(chartsDir).sort()) {
      if (wanted.has(name) || name.startsWith('.') || !statSync(join(chartsDir, name)).isDirectory()) continue;
      rmSync(join(chartsDir, name), { recursive: true, force: true });
      pruned.push(join(chartfile.directory, name));
    }
  }
  return { charts, pruned };
}

/** Downloads, verifies and unpacks one chart, then swaps it in for the old folder. */
async function vendorOne(
  chartsDir: string,
  folder: string,
  requirement: ChartRequirement,
  entry: { url: string; digest?: string },
): Promise<void> {
  const label = `${requirement.chart}@${requirement.version} (${entry.url})`;
  // a staging folder beside the target, so the final rename stays on one file system
  const staging = join(chartsDir, `.${folder.replace(/[\\/]/g, '_')}.${process.pid}.partial`);
  mkdirSync(chartsDir, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  try {
    const archive = `${staging}.tgz`;
    const digest = await downloadArchive(entry.url, archive);
    if (entry.digest !== undefined && digest !== `sha256:${entry.digest.toLowerCase()}`)
      throw new UserError(`${label}: the archive's sha256 is ${digest.slice(7)}, the repository index says ${entry.digest}`, {
        hint: 'the download was altered or the index is stale; nothing was changed',
      });
    await extractArchive(archive, staging, label, 'a chart archive holds one folder named after the chart');
    rmSync(archive, { force: true });
    const unpacked = join(staging, chartName(requirement));
    if (!existsSync(join(unpacked, 'Chart.yaml')))
      throw new UserError(`${label}: the archive has no ${chartName(requirement)}/Chart.yaml`, {
        hint: 'a chart archive holds one folder named after the chart',
      });
    const version = vendoredVersion(unpacked);
    if (version !== requirement.version)
      throw new UserError(`${label}: the archive holds version ${version ?? '(none)'}`, { hint: 'the repository index is wrong' });
    const target = join(chartsDir, folder);
    const old = `${staging}.old`;
    mkdirSync(dirname(target), { recursive: true });
    if (existsSync(target)) renameSync(target, old);
    renameSync(unpacked, target);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(`${staging}.tgz`, { force: true });
  }
}

export interface ChartStatus {
  chart: string;
  version: string;
  /** relative to the app */
  path: string;
  /** the version in the folder's Chart.yaml, or undefined when the folder has no chart */
  vendored?: string;
  /** with `latest`: the newest stable version in the repository, and the newest of the same major */
  latest?: string;
  latestSameMajor?: string;
}

/** The charts chartfile.yaml requires and what charts/ holds; with `latest`, what the repositories offer. */
export async function listCharts(root: string, options: { latest: boolean }): Promise<ChartStatus[]> {
  const loaded = readChartfile(root);
  if (loaded === undefined) return [];
  const { chartfile } = loaded;
  const indexes = new Map<string, Promise<RepositoryIndex>>();
  const out: ChartStatus[] = [];
  for (const requirement of chartfile.requires) {
    const path = join(chartfile.directory, chartFolder(requirement));
    const status: ChartStatus = { chart: requirement.chart, version: requirement.version, path };
    const vendored = vendoredVersion(join(root, path));
    if (vendored !== undefined) status.vendored = vendored;
    if (options.latest) {
      const repoName = requirement.chart.split('/')[0] as string;
      let index = indexes.get(repoName);
      if (index === undefined)
        indexes.set(
          repoName,
          (index = fetchIndex(chartfile.repositories.find((r) => r.name === repoName) as ChartRepository)),
        );
      const entries = (await index).entries[chartName(requirement)];
      const versions = (Array.isArray(entries) ? entries : []).map((e) => String(e.version)).filter(isSemver);
      const stable = versions.filter((v) => !v.includes('-'));
      const pick = (vs: string[]) => vs.sort(compareSemver).at(-1);
      const latest = pick(stable.length > 0 ? stable : versions);
      const major = semverParts(requirement.version)?.[0];
      const sameMajor = pick(stable.filter((v) => semverParts(v)?.[0] === major));
      if (latest !== undefined) status.latest = latest;
      if (sameMajor !== undefined) status.latestSameMajor = sameMajor;
    }
    out.push(status);
  }
  return out;
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

function semverParts(version: string): [number, number, number, string | undefined] | undefined {
  const m = SEMVER.exec(version);
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3]), m[4]];
}

/** SemVer 2 precedence (build metadata ignored; a pre-release sorts before its release). */
export function compareSemver(a: string, b: string): number {
  const pa = semverParts(a) as NonNullable<ReturnType<typeof semverParts>>;
  const pb = semverParts(b) as NonNullable<ReturnType<typeof semverParts>>;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  const [ra, rb] = [pa[3], pb[3]];
  if (ra === rb) return 0;
  if (ra === undefined) return 1;
  if (rb === undefined) return -1;
  const xa = ra.split('.');
  const xb = rb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const [x, y] = [xa[i], xb[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
