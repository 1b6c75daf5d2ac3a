// A Helm chart repository's index.yaml: fetched (https, or plain http on loopback), and the entry of
// a chart version found in it; SemVer 2 ordering of chart versions.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { downloadArchive } from './archive.js';
import {
  CHARTFILE,
  chartName,
  chartRepositoryName,
  checkRepositoryUrl,
  missingRepository,
  type ChartRepository,
  type ChartRequirement,
} from './chartfile.js';
import { isPlainObject } from './yaml-file.js';

interface IndexEntry {
  version?: unknown;
  urls?: unknown;
  digest?: unknown;
}

export type RepositoryIndex = { repository: ChartRepository; entries: Record<string, IndexEntry[]> };

export async function fetchIndex(repository: ChartRepository): Promise<RepositoryIndex> {
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

/**
 * The index of a requirement's repository, each repository's index.yaml fetched at most once per
 * call of this function (one command). The repository must be in `repositories`.
 */
export function indexesOf(repositories: readonly ChartRepository[]): (requirement: ChartRequirement) => Promise<RepositoryIndex> {
  const fetched = new Map<string, Promise<RepositoryIndex>>();
  return (requirement) => {
    const name = chartRepositoryName(requirement);
    let index = fetched.get(name);
    if (index === undefined) {
      const repository = repositories.find((r) => r.name === name);
      if (repository === undefined) return Promise.reject(missingRepository(name));
      fetched.set(name, (index = fetchIndex(repository)));
    }
    return index;
  };
}

export function findEntry(index: RepositoryIndex, requirement: ChartRequirement): { url: string; digest?: string } {
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

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

export function semverParts(version: string): [number, number, number, string | undefined] | undefined {
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
