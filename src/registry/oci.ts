// Helm charts in OCI registries (`helm push`; an `oci://` repository in chartfile.yaml, which Tanka
// hands to `helm pull`): the distribution API's manifests, blobs and tag lists, with the bearer
// tokens registries give out: anonymous ones, as public registries (ghcr.io, Docker Hub,
// public.ecr.aws) do, or for the login `helm registry login` stored (helm-credentials.ts); and the
// chartfile's CA and client certificate for the registry (repository-tls.ts).
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import { useExtraCaCerts } from '../util/extra-ca-certs.js';
import { fetchFollowingSafely } from './archive.js';
import { basicAuthorization, registryConfigFile, registryCredentials, type Credentials } from './helm-credentials.js';
import { isLoopbackHost } from './registry-uri.js';
import { httpsGet, isRefusedByServer, isUntrustedCertificate, tlsFailureHint, type RepositoryTls } from './repository-tls.js';

/** The layer `helm push` writes, and the one Helm 3.0–3.7 wrote. */
const CHART_LAYER_TYPES = ['application/vnd.cncf.helm.chart.content.v1.tar+gzip', 'application/tar+gzip'];
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_TAG_PAGES = 100;
const PROBE_TIMEOUT_MS = 10_000;

export interface OciChart {
  /** the blob holding the chart archive */
  url: string;
  /** its sha256, hex */
  digest: string;
  /** the authorization the blob needs, if the registry asked for one */
  headers: Record<string, string>;
  /** what to do when the blob is refused */
  unauthorizedHint: string;
  /** the registry's CA and client certificate, if it has its own */
  tls?: RepositoryTls;
}

export interface OciRepository {
  /** the chart's archive at `version`; undefined when the registry has no such tag */
  locate(chart: string, version: string): Promise<OciChart | undefined>;
  /** the chart's versions, from its tags */
  versions(chart: string): Promise<string[]>;
}

/** `oci://host[:port]/namespace` as the registry's host and the namespace charts sit in. */
export function parseOciUrl(url: string): { host: string; hostname: string; namespace: string } {
  const parsed = new URL(url.replace(/^oci:/i, 'https:'));
  return { host: parsed.host, hostname: parsed.hostname.replace(/^\[|\]$/g, ''), namespace: parsed.pathname.replace(/^\/+|\/+$/g, '') };
}

/**
 * Where the registry's API is: https, except that a registry on a loopback address that does not
 * speak TLS is spoken to in plain http (Docker's rule for localhost; Helm wants `--plain-http`
 * for it). A loopback registry whose certificate is not trusted, or that refuses kf's client
 * certificate (or the lack of one), is an error, never a fallback; and so is any failure of one
 * the chartfile gives a caFile or client certificate: that one speaks TLS.
 */
async function registryOrigin(host: string, hostname: string, tls: RepositoryTls | undefined): Promise<string> {
  const https = `https://${host}`;
  if (!isLoopbackHost(hostname) || tls !== undefined) return https;
  useExtraCaCerts();
  try {
    // node:https, not fetch: a registry that wants a client certificate says so in a TLS alert
    const probe = await httpsGet(new URL(`${https}/v2/`), {}, AbortSignal.timeout(PROBE_TIMEOUT_MS));
    await probe.body?.cancel();
    return https;
  } catch (error) {
    const code = String((error as { cause?: { code?: unknown } }).cause?.code ?? '');
    if (isUntrustedCertificate(code))
      throw new UserError(`${https}: the registry's TLS certificate is not trusted (${code})`, { hint: tlsFailureHint(code, undefined) });
    if (isRefusedByServer(code))
      throw new UserError(`${https}: the registry refused the TLS connection (${code})`, { hint: tlsFailureHint(code, undefined) });
    if (code === 'ECONNREFUSED') throw new UserError(`cannot reach the registry at ${host}: nothing listens there (ECONNREFUSED)`);
    return `http://${host}`;
  }
}

/**
 * A session with one OCI repository: tokens are asked for once per chart and reused. The login
 * `helm registry login` stored for the registry, if any, goes to the registry's token service (or,
 * for a registry that asks for Basic authentication, to the registry itself).
 */
export function openOciRepository(repositoryUrl: string, tls?: RepositoryTls): OciRepository {
  const { host, hostname, namespace } = parseOciUrl(repositoryUrl);
  const credentials = registryCredentials(host);
  let resolved: Promise<string> | undefined;
  const originOf = () => (resolved ??= registryOrigin(host, hostname, tls));
  const authorizations = new Map<string, Record<string, string>>();
  const nameOf = (chart: string) => (namespace === '' ? chart : `${namespace}/${chart}`);
  const auth = (scope: string) => authorizations.get(scope) ?? {};

  /** GET `<origin><path>` for repository `name`, authenticating on the first 401. */
  async function get(name: string, path: string, accept: string): Promise<Response> {
    const url = `${await originOf()}${path}`;
    const scope = `repository:${name}:pull`;
    let response = await fetchFollowingSafely(url, { accept, ...auth(scope) }, tls);
    if (response.status === 401 && !authorizations.has(scope)) {
      const challenge = response.headers.get('www-authenticate') ?? '';
      await response.body?.cancel();
      if (/^bearer\s/i.test(challenge)) authorizations.set(scope, await bearerToken(challenge, scope, url, credentials, tls));
      else if (/^basic\b/i.test(challenge) && credentials !== undefined) authorizations.set(scope, basicAuthorization(credentials));
      else throw refused(url, host, challenge || 'HTTP 401', credentials);
      response = await fetchFollowingSafely(url, { accept, ...auth(scope) }, tls);
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw refused(url, host, `HTTP ${response.status}`, credentials);
    }
    return response;
  }

  return {
    async locate(chart, version) {
      const name = nameOf(chart);
      // OCI tags cannot hold '+': Helm writes a version's build metadata with '_'
      const url = `/v2/${name}/manifests/${version.replaceAll('+', '_')}`;
      const response = await get(name, url, MANIFEST_TYPE);
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      const origin = await originOf();
      const body = await readBody(response, origin + url);
      const declared = response.headers.get('docker-content-digest');
      const actual = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      if (declared?.startsWith('sha256:') && declared !== actual)
        throw new UserError(`${origin}${url}: the manifest's sha256 is ${actual.slice(7)}, the registry says ${declared.slice(7)}`, {
          hint: 'the download was altered; nothing was changed',
        });
      const layer = chartLayer(body, `${repositoryUrl}/${chart}:${version}`);
      return {
        url: `${origin}/v2/${name}/blobs/${layer}`,
        digest: layer.slice('sha256:'.length),
        headers: auth(`repository:${name}:pull`),
        unauthorizedHint: refusalHint(host, credentials),
        tls,
      };
    },

    async versions(chart) {
      const name = nameOf(chart);
      const origin = await originOf();
      const tags: string[] = [];
      // n: registries that page (ECR, distribution's maxtags) then return the rest through `Link`
      let next: string | undefined = `/v2/${name}/tags/list?n=1000`;
      for (let page = 0; next !== undefined && page < MAX_TAG_PAGES; page++) {
        const response = await get(name, next, 'application/json');
        if (response.status === 404) {
          await response.body?.cancel();
          break;
        }
        const list = (await readJson<{ tags?: unknown }>(response, origin + next)).tags;
        if (Array.isArray(list)) tags.push(...list.filter((t): t is string => typeof t === 'string'));
        // `Link: </v2/…/tags/list?last=x&n=y>; rel="next"`, relative to the registry
        const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
        next = link === undefined ? undefined : new URL(link, origin).pathname + new URL(link, origin).search;
      }
      return tags.map((t) => t.replaceAll('_', '+'));
    },
  };
}

/** The digest of the chart layer of an image manifest. */
function chartLayer(body: Buffer, what: string): string {
  const manifest = parseJson<{ layers?: { mediaType?: unknown; digest?: unknown }[] }>(body, `${what}: the manifest`);
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  const layer = layers.find((l) => typeof l.mediaType === 'string' && CHART_LAYER_TYPES.includes(l.mediaType));
  if (layer === undefined)
    throw new UserError(`${what} is not a Helm chart (its layers: ${layers.map((l) => String(l.mediaType)).join(', ') || 'none'})`, {
      hint: 'push charts with `helm push`; a container image cannot be vendored as a chart',
    });
  if (typeof layer.digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(layer.digest))
    throw new UserError(`${what}: the chart layer's digest '${String(layer.digest)}' is not a sha256 digest`);
  return layer.digest;
}

/**
 * The token a `Bearer realm=…,service=…` challenge's realm gives for `scope` (Docker's token
 * protocol, which every registry with accounts speaks): with the stored login, else anonymous. The
 * registry's CA and client certificate go to a token service on the registry's own origin only
 * (Harbor's /service/token); Helm uses them for any (one TLS configuration for the whole pull).
 */
async function bearerToken(
  challenge: string,
  scope: string,
  url: string,
  credentials: Credentials | undefined,
  tls: RepositoryTls | undefined,
): Promise<Record<string, string>> {
  const params = new Map<string, string>();
  for (const m of challenge.matchAll(/(\w+)="([^"]*)"/g)) params.set((m[1] as string).toLowerCase(), m[2] as string);
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(params.get('realm') ?? '');
  } catch {
    throw new UserError(`${url}: the registry asks for a token but names no usable realm (${challenge})`);
  }
  if (tokenUrl.protocol !== 'https:' && !(tokenUrl.protocol === 'http:' && isLoopbackHost(tokenUrl.hostname)))
    throw new UserError(`${url}: the registry's token service ${tokenUrl.origin} is not https; not asked`, {
      hint: 'plain http is used only on loopback addresses',
    });
  const service = params.get('service');
  if (service !== undefined) tokenUrl.searchParams.set('service', service);
  tokenUrl.searchParams.set('scope', params.get('scope') ?? scope);
  const response = await fetchFollowingSafely(
    tokenUrl.href,
    { accept: 'application/json', ...(credentials === undefined ? {} : basicAuthorization(credentials)) },
    tokenUrl.origin === new URL(url).origin ? tls : undefined,
  );
  if (!response.ok) {
    await response.body?.cancel();
    throw refused(url, new URL(url).host, `its token service answered HTTP ${response.status}`, credentials);
  }
  const body = await readJson<{ token?: unknown; access_token?: unknown }>(response, tokenUrl.origin + tokenUrl.pathname);
  const token = body.token ?? body.access_token;
  if (typeof token !== 'string' || token === '') throw new UserError(`${tokenUrl.origin}: the token service gave no token`);
  return { authorization: `Bearer ${token}` };
}

/** The error for a registry that refused us, with or without the stored login. */
function refused(url: string, host: string, answer: string, credentials: Credentials | undefined): UserError {
  return new UserError(
    credentials === undefined
      ? `${url}: the registry wants credentials (${answer})`
      : `${url}: the registry refused the login for ${host} in ${credentials.file} (${answer})`,
    { hint: refusalHint(host, credentials) },
  );
}

function refusalHint(host: string, credentials: Credentials | undefined): string {
  return credentials === undefined
    ? `log in with \`helm registry login ${host}\` (kf reads Helm's ${registryConfigFile()}); registries also answer so for a repository that does not exist`
    : `log in again with \`helm registry login ${host}\`, and check the repository URL`;
}

async function readBody(response: Response, url: string): Promise<Buffer> {
  if (!response.ok || response.body === null) {
    await response.body?.cancel();
    throw new UserError(`cannot read ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_MANIFEST_BYTES) throw new UserError(`${url} is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB; refused`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

async function readJson<T>(response: Response, url: string): Promise<Partial<T>> {
  return parseJson<T>(await readBody(response, url), url);
}

function parseJson<T>(body: Buffer, what: string): Partial<T> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new UserError(`${what} is not JSON`, { hint: 'is this an OCI registry?' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${what} is not a JSON object`);
  return value as Partial<T>;
}
