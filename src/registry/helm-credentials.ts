// Credentials for chart repositories, read from Helm's own configuration so they stay out of the
// app: `helm repo add NAME URL --username … --ca-file … --cert-file … --key-file …` writes
// repositories.yaml, `helm registry login HOST` writes the registry config. kf reads both where
// Helm does ($HELM_REPOSITORY_CONFIG, $HELM_REGISTRY_CONFIG, else under $HELM_CONFIG_HOME or the
// platform's config folder) and never writes them.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../errors.js';
import { parseJsonText } from '../util/json-text.js';
import type { TlsFile } from './repository-tls.js';
import { isPlainObject } from './yaml-file.js';

export interface Credentials {
  username: string;
  password: string;
  /** the file they come from, for messages */
  file: string;
}

/** Helm's configuration folder (helm.sh/helm/v4/pkg/helmpath). */
function helmConfigHome(): string {
  if (process.env.HELM_CONFIG_HOME) return process.env.HELM_CONFIG_HOME;
  if (process.env.XDG_CONFIG_HOME) return join(process.env.XDG_CONFIG_HOME, 'helm');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Preferences', 'helm');
  if (process.platform === 'win32' && process.env.APPDATA) return join(process.env.APPDATA, 'helm');
  return join(homedir(), '.config', 'helm');
}

export function repositoryConfigFile(): string {
  return process.env.HELM_REPOSITORY_CONFIG || join(helmConfigHome(), 'repositories.yaml');
}

export function registryConfigFile(): string {
  return process.env.HELM_REGISTRY_CONFIG || join(helmConfigHome(), 'registry', 'config.json');
}

/** What `helm repo add` stored for a repository: its login, and the files of its CA and client certificate. */
export interface RepositorySettings {
  credentials?: Credentials;
  tlsFiles: TlsFile[];
}

/** What `helm repo add` stored for the repository at `url` (none when Helm has no entry for it). */
export function repositorySettings(url: string): RepositorySettings {
  const file = repositoryConfigFile();
  if (!existsSync(file)) return { tlsFiles: [] };
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: ${(error as Error).message.split('\n')[0]}`, { hint: "fix Helm's repository file, or remove it" });
  }
  const entries = isPlainObject(data) && Array.isArray(data.repositories) ? data.repositories.filter(isPlainObject) : [];
  const trim = (u: unknown) => String(u).replace(/\/+$/, '');
  const entry = entries.find((e) => trim(e.url) === trim(url));
  if (entry === undefined) return { tlsFiles: [] };
  // `helm repo add` stores the paths as given; helm resolves a relative one against its working directory
  const tlsFiles = (['caFile', 'certFile', 'keyFile'] as const).flatMap((field) => {
    const path = entry[field];
    return typeof path === 'string' && path !== '' ? [{ field, path: resolve(path), location: { file } }] : [];
  });
  if (typeof entry.username !== 'string' || entry.username === '') return { tlsFiles };
  return { credentials: { username: entry.username, password: typeof entry.password === 'string' ? entry.password : '', file }, tlsFiles };
}

/** The login `helm registry login` stored for `host` (`name[:port]`), if any (Docker's config.json format; credential helpers are not run). */
export function registryCredentials(host: string): Credentials | undefined {
  const file = registryConfigFile();
  if (!existsSync(file)) return undefined;
  const json = parseJsonText(readFileSync(file, 'utf8'));
  if ('error' in json) {
    const { message, line, column } = json.error;
    throw new UserError(`not JSON: ${message}`, {
      location: { file, line, column },
      hint: 'log in again with helm registry login',
    });
  }
  const data = json.value;
  const auths = isPlainObject(data) && isPlainObject(data.auths) ? data.auths : {};
  // keys are `host[:port]`, sometimes written as a URL (`https://host/v1/`); Docker Hub's registry
  // host logs in as `https://index.docker.io/v1/`
  const hosts = ['registry-1.docker.io', 'docker.io'].includes(host) ? [host, 'index.docker.io'] : [host];
  const key = Object.keys(auths).find((k) => hosts.includes(k.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '')));
  const entry = key === undefined ? undefined : auths[key];
  if (!isPlainObject(entry)) return undefined;
  if (typeof entry.username === 'string' && entry.username !== '')
    return { username: entry.username, password: typeof entry.password === 'string' ? entry.password : '', file };
  if (typeof entry.auth !== 'string' || entry.auth === '') return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new UserError(`${file}: the login for ${host} is not user:password`, { hint: `log in again: helm registry login ${host}` });
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), file };
}

export function basicAuthorization(credentials: Credentials): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` };
}
