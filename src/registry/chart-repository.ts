// Chart repositories as sources of chart archives: a Helm repository's index.yaml (fetched over
// https, or plain http on loopback) or an OCI registry (oci.ts); SemVer 2 ordering of chart versions.
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
  isOciUrl,
  missingRepository,
  type ChartRepository,
  type ChartRequirement,
} from './chartfile.js';
import { basicAuthorization, repositoryConfigFile, repositorySettings } from './helm-credentials.js';
import { openOciRepository } from './oci.js';
import { loadRepositoryTls, type RepositoryTls } from './repository-tls.js';
import { isPlainObject } from './yaml-file.js';

interface IndexEntry {
  version?: unknown;
  urls?: unknown;
  digest?: unknown;
}

async function fetchIndex(repository: ChartRepository, access: Access): Promise<Record<string, IndexEntry[]>> {
  checkRepositoryUrl(repository.url);
  const url = `${repository.url.replace(/\/+$/, '')}/index.yaml`;
  const temp = mkdtempSync(join(tmpdir(), 'kf-chart-index-'));
  try {
    const file = join(temp, 'index.yaml');
    await downloadArchive(url, file, access);
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
    return data.entries as Record<string, IndexEntry[]>;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Where a chart version's archive is, and how to check it. */
export interface ChartLocation {
  url: string;
  /** sha256, hex, when the repository states it, and what states it */
  digest?: string;
  digestFrom?: string;
  /** sent with the download (credentials, an OCI registry's token) */
  headers?: Record<string, string>;
  /** what to do when the download is refused (401, 403) */
  unauthorizedHint?: string;
  /** the repository's CA and client certificate, for a download from its origin */
  tls?: RepositoryTls;
}

type Access = Pick<ChartLocation, 'headers' | 'unauthorizedHint' | 'tls'>;

/**
 * The credentials `helm repo add` stored for a repository, as request headers, and the hint for a
 * refusal; its CA and client certificate: the chartfile's caFile/certFile/keyFile when it names
 * any, else those of Helm's entry (the two sets are never mixed).
 */
function repositoryAccess(repository: ChartRepository): Access {
  const { credentials, tlsFiles } = repositorySettings(repository.url);
  const tls = loadRepositoryTls(repository.tlsFiles ?? tlsFiles);
  if (credentials === undefined)
    return {
      unauthorizedHint: `the repository wants credentials: store them with \`helm repo add ${repository.name} ${repository.url} --username …\`; kf reads Helm's ${repositoryConfigFile()}`,
      tls,
    };
  return {
    headers: basicAuthorization(credentials),
    unauthorizedHint: `the repository refused the credentials for ${repository.url} in ${credentials.file}`,
    tls,
  };
}

/** A chart repository as vendoring sees it: an index.yaml repository or an OCI registry. */
export interface ChartSource {
  /** the archive of the requirement's version; a UserError listing the versions there are when it has none */
  locate(requirement: ChartRequirement): Promise<ChartLocation>;
  /** every version of the requirement's chart the repository has */
  versions(requirement: ChartRequirement): Promise<string[]>;
}

/**
 * The source of a requirement's repository, one per repository per call of this function (one
 * command): each index.yaml is fetched at most once, each OCI token asked for once. The repository
 * must be in `repositories`.
 */
export function chartSources(repositories: readonly ChartRepository[]): (requirement: ChartRequirement) => ChartSource {
  const opened = new Map<string, ChartSource>();
  return (requirement) => {
    const name = chartRepositoryName(requirement);
    let source = opened.get(name);
    if (source === undefined) {
      const repository = repositories.find((r) => r.name === name);
      if (repository === undefined) throw missingRepository(name);
      opened.set(name, (source = isOciUrl(repository.url) ? ociSource(repository) : indexSource(repository)));
    }
    return source;
  };
}

function indexSource(repository: ChartRepository): ChartSource {
  const access = repositoryAccess(repository);
  let index: Promise<Record<string, IndexEntry[]>> | undefined;
  const entries = async (requirement: ChartRequirement) => {
    const versions = (await (index ??= fetchIndex(repository, access)))[chartName(requirement)];
    return Array.isArray(versions) ? versions : [];
  };
  return {
    async locate(requirement) {
      const versions = await entries(requirement);
      const entry = versions.find((e) => String(e.version) === requirement.version);
      if (entry === undefined)
        throw noSuchVersion(
          repository,
          requirement,
          versions.map((e) => String(e.version)),
        );
      const first = Array.isArray(entry.urls) ? entry.urls[0] : undefined;
      if (typeof first !== 'string')
        throw new UserError(`repository '${repository.name}' lists no download URL for ${requirement.chart}@${requirement.version}`);
      const url = new URL(first, `${repository.url.replace(/\/+$/, '')}/`);
      // credentials and certificates go to the repository's own origin only (Helm's
      // pass_credentials_all: false; Helm's TLS files go to any host the index names)
      const location: ChartLocation = url.origin === new URL(repository.url).origin ? { url: url.href, ...access } : { url: url.href };
      return typeof entry.digest === 'string' ? { ...location, digest: entry.digest, digestFrom: 'the repository index' } : location;
    },
    async versions(requirement) {
      return (await entries(requirement)).map((e) => String(e.version));
    },
  };
}

function ociSource(repository: ChartRepository): ChartSource {
  // Helm keeps no TLS files for OCI registries (`helm pull --ca-file …` takes them each time)
  const registry = openOciRepository(repository.url, loadRepositoryTls(repository.tlsFiles ?? []));
  return {
    async locate(requirement) {
      const found = await registry.locate(chartName(requirement), requirement.version);
      if (found === undefined)
        throw noSuchVersion(repository, requirement, (await registry.versions(chartName(requirement))).filter(isSemver).sort(compareSemver).reverse());
      return { ...found, digestFrom: "the chart's manifest" };
    },
    versions: (requirement) => registry.versions(chartName(requirement)),
  };
}

/** The error for a version a repository does not have, listing (up to 8 of) those it has, newest first. */
function noSuchVersion(repository: ChartRepository, requirement: ChartRequirement, versions: string[]): UserError {
  const name = chartName(requirement);
  const known = versions.slice(0, 8);
  return new UserError(
    versions.length === 0
      ? `repository '${repository.name}' (${repository.url}) has no chart '${name}'`
      : `repository '${repository.name}' has no version ${requirement.version} of '${name}'`,
    { hint: known.length > 0 ? `versions it has: ${known.join(', ')}${versions.length > 8 ? ', …' : ''}` : 'check the chart name' },
  );
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
