// Helm charts vendored into an app for helmTemplate, as Tanka's `tk tool charts` does, from
// chartfile.yaml (chartfile.ts). Vendoring reads each repository's index.yaml
// (chart-repository.ts), downloads the chart archive, checks its sha256 against the index's
// digest (or pulls it from an OCI registry by its layer digest), checks every entry (archive.ts)
// and unpacks it next to the old copy before swapping the two, so an interrupted or refused
// download never leaves a broken chart. Helm itself is not needed.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { downloadArchive, extractArchive } from './archive.js';
import {
  CHARTFILE,
  chartFolder,
  chartName,
  chartRepositoryName,
  editChartfile,
  missingRepository,
  readChartfile,
  type ChartRequirement,
} from './chartfile.js';
import { chartSources, compareSemver, isSemver, semverParts, type ChartLocation } from './chart-repository.js';

export { addChartRepository, CHARTFILE, parseChartReference } from './chartfile.js';

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

/**
 * Requires a chart at a version in chartfile.yaml (replacing the requirement of the same chart and
 * folder) after vendoring it: a chart that cannot be downloaded or verified changes nothing.
 */
export async function addChart(root: string, requirement: ChartRequirement): Promise<VendoredChart> {
  const current = readChartfile(root);
  const repoName = chartRepositoryName(requirement);
  if (current === undefined || !current.chartfile.repositories.some((r) => r.name === repoName))
    throw missingRepository(repoName);
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
    const location = await chartSources(chartfile.repositories)(requirement).locate(requirement);
    await vendorOne(join(root, chartfile.directory), folder, requirement, location);
    action = 'vendored';
  }
  const at = chartfile.requires.findIndex((r) => r.chart === requirement.chart && chartFolder(r) === folder);
  editChartfile(root, (doc) => {
    if (at >= 0) doc.setIn(['requires', at], requirement);
    else doc.addIn(['requires'], requirement);
  });
  return { chart: requirement.chart, version: requirement.version, path, action };
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
  const sourceOf = chartSources(chartfile.repositories);
  const charts: VendoredChart[] = [];
  for (const requirement of chartfile.requires) {
    const folder = chartFolder(requirement);
    const target = join(chartsDir, folder);
    const path = join(chartfile.directory, folder);
    if (vendoredVersion(target) === requirement.version) {
      charts.push({ chart: requirement.chart, version: requirement.version, path, action: 'present' });
      continue;
    }
    await vendorOne(chartsDir, folder, requirement, await sourceOf(requirement).locate(requirement));
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
  location: ChartLocation,
): Promise<void> {
  const label = `${requirement.chart}@${requirement.version} (${location.url})`;
  // a staging folder beside the target, so the final rename stays on one file system
  const staging = join(chartsDir, `.${folder.replace(/[\\/]/g, '_')}.${process.pid}.partial`);
  mkdirSync(chartsDir, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  try {
    const archive = `${staging}.tgz`;
    const digest = await downloadArchive(location.url, archive, {
      headers: location.headers,
      unauthorizedHint: location.unauthorizedHint,
      tls: location.tls,
    });
    if (location.digest !== undefined && digest !== `sha256:${location.digest.toLowerCase()}`)
      throw new UserError(`${label}: the archive's sha256 is ${digest.slice(7)}, ${location.digestFrom ?? 'the repository'} says ${location.digest}`, {
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
  const sourceOf = chartSources(chartfile.repositories);
  const out: ChartStatus[] = [];
  for (const requirement of chartfile.requires) {
    const path = join(chartfile.directory, chartFolder(requirement));
    const status: ChartStatus = { chart: requirement.chart, version: requirement.version, path };
    const vendored = vendoredVersion(join(root, path));
    if (vendored !== undefined) status.vendored = vendored;
    if (options.latest) {
      const versions = (await sourceOf(requirement).versions(requirement)).filter(isSemver);
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

