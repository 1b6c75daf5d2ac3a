// Loads kubeconfig the kubectl way and connects an environment to its recorded context:
// --kubeconfig, else every file of KUBECONFIG merged (the first definition of a name wins, as in
// kubectl), else ~/.kube/config. Relative certificate paths resolve against the file that names
// them. Tokens, token files, client certificates and basic auth are read here directly; exec
// credential plugins and auth providers go through client-node's KubeConfig, imported only then
// (importing client-node costs more than the rest of an apply's start-up).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { createSecureContext } from 'node:tls';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { UserError, didYouMean } from '../errors.js';
import type { EnvironmentSpec } from '../app/app-file.js';
import { importPackage } from '../util/import-package.js';
import { ClusterClient, type ClientOptions, type Credentials } from './client.js';
import { proxyFor } from './proxy.js';
import { isObjectRecord } from '../kube-object.js';
import { fileSystemUserError } from '../util/fs-error.js';
import { sameServer } from '../util/server-url.js';

export { sameServer };

export interface KubeconfigOptions {
  /** the --kubeconfig flag: one file, overriding KUBECONFIG */
  kubeconfig?: string;
}

type Entry = Record<string, unknown>;

export interface NamedEntry {
  name: string;
  /** the entry's fields as written (`server`, `token`, `exec`, …), paths made absolute */
  fields: Entry;
}

/** Merged kubeconfig: clusters, users and contexts by name, and the current context. */
export interface Kubeconfig {
  files: string[];
  clusters: Map<string, NamedEntry>;
  users: Map<string, NamedEntry>;
  contexts: Map<string, { name: string; cluster: string; user: string; namespace?: string }>;
  currentContext?: string;
}

/** Kubeconfig files in kubectl's order of precedence. */
export function kubeconfigFiles(options: KubeconfigOptions, env: NodeJS.ProcessEnv = process.env): string[] {
  if (options.kubeconfig) return [options.kubeconfig];
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((f) => f.length > 0);
  return [join(homedir(), '.kube', 'config')];
}

const PATH_FIELDS = ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile'];

function absolutePaths(fields: Entry, base: string): Entry {
  const out: Entry = { ...fields };
  for (const key of PATH_FIELDS) {
    const value = out[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) out[key] = join(base, value);
  }
  if (
    isObjectRecord(out.exec) &&
    typeof out.exec.command === 'string' &&
    out.exec.command.includes('/') &&
    !isAbsolute(out.exec.command)
  ) {
    out.exec = { ...out.exec, command: join(base, out.exec.command) };
  }
  return out;
}

/** The merged kubeconfig; fails when there is none at all. */
export async function loadKubeConfig(options: KubeconfigOptions = {}): Promise<Kubeconfig> {
  const merged = readKubeconfig(options);
  if (merged.files.length === 0) {
    throw new UserError(`no kubeconfig found (looked at ${kubeconfigFiles(options).join(', ')})`, {
      hint: 'set KUBECONFIG or pass --kubeconfig',
    });
  }
  return merged;
}

/** Reads and merges the kubeconfig files; `files` is empty when none exists. */
export function readKubeconfig(options: KubeconfigOptions = {}): Kubeconfig {
  const files = kubeconfigFiles(options);
  const merged: Kubeconfig = { files: [], clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const file of files) {
    if (!existsSync(file)) {
      // kubectl ignores missing files listed in KUBECONFIG, but an explicit --kubeconfig must exist.
      if (options.kubeconfig)
        throw new UserError(`kubeconfig ${file} does not exist`, { hint: 'check the --kubeconfig path' });
      continue;
    }
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      const fsError = fileSystemUserError(error, file);
      if (fsError !== undefined) throw fsError;
      // The yaml package's message ends in its own " at line 2, column 1:" and a source excerpt.
      const pos = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
      const message = (error as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new UserError(`cannot load the kubeconfig: ${message}`, {
        location: { file, line: pos?.line, column: pos?.col },
        hint: 'fix its YAML syntax, or pass another file with --kubeconfig',
      });
    }
    if (doc === null || doc === undefined) continue;
    if (!isObjectRecord(doc))
      throw new UserError(`kubeconfig ${file} is not a YAML mapping`, { location: { file } });
    merged.files.push(file);
    const base = dirname(file);
    const list = (key: string): Entry[] =>
      Array.isArray(doc[key]) ? (doc[key] as unknown[]).filter(isObjectRecord) : [];
    for (const item of list('clusters')) {
      if (typeof item.name === 'string' && !merged.clusters.has(item.name) && isObjectRecord(item.cluster)) {
        merged.clusters.set(item.name, { name: item.name, fields: absolutePaths(item.cluster, base) });
      }
    }
    for (const item of list('users')) {
      if (typeof item.name === 'string' && !merged.users.has(item.name)) {
        merged.users.set(item.name, {
          name: item.name,
          fields: absolutePaths(isObjectRecord(item.user) ? item.user : {}, base),
        });
      }
    }
    for (const item of list('contexts')) {
      if (typeof item.name === 'string' && !merged.contexts.has(item.name) && isObjectRecord(item.context)) {
        const c = item.context;
        merged.contexts.set(item.name, {
          name: item.name,
          cluster: String(c.cluster ?? ''),
          user: String(c.user ?? ''),
          namespace: typeof c.namespace === 'string' ? c.namespace : undefined,
        });
      }
    }
    const current = doc['current-context'];
    if (merged.currentContext === undefined && typeof current === 'string' && current !== '')
      merged.currentContext = current;
  }
  return merged;
}

/** What `kf init` and `kf env add` record of a context: its name, server and namespace. */
export interface KubeContextInfo {
  name: string;
  server?: string;
  namespace?: string;
  /** named, and not in the kubeconfig there is (allowed with `allowUnlisted`) */
  unlisted?: boolean;
}

/**
 * The context an environment binds to: the named one, else the current context, else none. A
 * named context must be in the kubeconfig when there is one, unless `allowUnlisted`: with
 * --server the cluster is known without it, and the context may be another machine's (CI's).
 */
export function resolveContext(
  requested: string | undefined,
  options: KubeconfigOptions & { allowUnlisted?: boolean } = {},
): KubeContextInfo | undefined {
  const config = readKubeconfig(options);
  const info = (name: string): KubeContextInfo | undefined => {
    const context = config.contexts.get(name);
    if (!context) return undefined;
    const server = config.clusters.get(context.cluster)?.fields.server;
    return { name, server: typeof server === 'string' ? server : undefined, namespace: context.namespace };
  };
  if (requested === undefined) {
    return config.currentContext === undefined
      ? undefined
      : (info(config.currentContext) ?? { name: config.currentContext });
  }
  const found = info(requested);
  if (found !== undefined) return found;
  if (config.files.length === 0) return { name: requested };
  if (options.allowUnlisted) return { name: requested, unlisted: true };
  const names = [...config.contexts.keys()];
  const known =
    didYouMean(requested, names) ??
    (names.length > 0 ? `contexts: ${names.join(', ')}` : 'the kubeconfig defines no contexts');
  throw new UserError(`kube context '${requested}' is not in ${config.files.join(', ')}`, {
    hint: `${known}; to bind a context that only another machine's kubeconfig has, give its API server with --server`,
  });
}

/**
 * What `kf init`, `kf env add` and `kf env set` record for an environment: the context (named or
 * current) and a server. A `--server` that differs from the context's cluster server is refused,
 * as apply would refuse it later, unless `forceContext` (`--force-context`) says it is meant.
 */
export function bindContext(
  requested: string | undefined,
  options: KubeconfigOptions & { server?: string; forceContext?: boolean },
): { context?: KubeContextInfo; server?: string } {
  const context = resolveContext(requested, { ...options, allowUnlisted: options.server !== undefined });
  const server = options.server ?? context?.server;
  if (
    options.server !== undefined &&
    context?.server !== undefined &&
    !sameServer(options.server, context.server) &&
    !options.forceContext
  ) {
    throw new UserError(
      `context ${context.name} points at ${context.server}, not at --server ${options.server}`,
      { hint: 'pass --force-context to record that server anyway, or leave --server out', exitCode: 2 },
    );
  }
  return { context, server };
}

/** Whether `url` is an https:// or http:// URL with a host (what a kubeconfig's server must be). */
function isHttpUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && hostname !== '';
  } catch {
    return false;
  }
}

function fileOrData(fields: Entry, fileKey: string, dataKey: string): Buffer | undefined {
  const file = fields[fileKey];
  if (typeof file === 'string' && file !== '') return readCredentialFile(fileKey, file);
  const data = fields[dataKey];
  return typeof data === 'string' && data !== '' ? Buffer.from(data, 'base64') : undefined;
}

function readCredentialFile(key: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UserError(
      `cannot read ${key} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** TLS material and auth headers for one context; plugin credentials go through client-node. */
export async function credentialsFor(
  config: Kubeconfig,
  contextName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials> {
  const context = config.contexts.get(contextName)!;
  const cluster = config.clusters.get(context.cluster)!.fields;
  const user = config.users.get(context.user)?.fields ?? {};
  const credentials: Credentials = {
    ca: fileOrData(cluster, 'certificate-authority', 'certificate-authority-data'),
    cert: fileOrData(user, 'client-certificate', 'client-certificate-data'),
    key: fileOrData(user, 'client-key', 'client-key-data'),
    rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true,
    servername: typeof cluster['tls-server-name'] === 'string' ? cluster['tls-server-name'] : undefined,
    headers: {},
    proxy: proxyFor(String(cluster.server), {
      proxyUrl: typeof cluster['proxy-url'] === 'string' ? cluster['proxy-url'] : undefined,
      env,
    }),
  };
  checkTlsMaterial(credentials, contextName);
  if (typeof user.as === 'string') credentials.headers['Impersonate-User'] = user.as;
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    credentials.headers = { ...credentials.headers, ...(await pluginHeaders(config, contextName)) };
  } else if (typeof user.token === 'string' && user.token !== '') {
    credentials.headers.Authorization = `Bearer ${user.token}`;
  } else if (typeof user.tokenFile === 'string') {
    credentials.headers.Authorization = `Bearer ${readCredentialFile('tokenFile', user.tokenFile).toString('utf8').trim()}`;
  } else if (typeof user.username === 'string') {
    credentials.headers.Authorization = `Basic ${Buffer.from(`${user.username}:${String(user.password ?? '')}`).toString('base64')}`;
  }
  return credentials;
}

/** Certificates and keys OpenSSL cannot read are refused here, naming the context, not at connect time. */
function checkTlsMaterial(credentials: Credentials, contextName: string): void {
  const { ca, cert, key } = credentials;
  if (ca === undefined && cert === undefined && key === undefined) return;
  try {
    createSecureContext({ ca, cert, key });
  } catch (error) {
    throw new UserError(
      `the TLS certificates or key of context ${contextName} cannot be used: ${(error as Error).message}`,
      {
        hint: 'check certificate-authority, client-certificate and client-key (or their -data) in the kubeconfig',
      },
    );
  }
}

/** Runs exec plugins / auth providers through client-node (imported only here). */
async function pluginHeaders(config: Kubeconfig, contextName: string): Promise<Record<string, string>> {
  const { KubeConfig } =
    await importPackage<typeof import('@kubernetes/client-node')>('@kubernetes/client-node');
  const context = config.contexts.get(contextName)!;
  const kc = new KubeConfig();
  kc.loadFromString(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: context.cluster, cluster: config.clusters.get(context.cluster)!.fields }],
      users: [{ name: context.user, user: config.users.get(context.user)!.fields }],
      contexts: [{ name: contextName, context: { cluster: context.cluster, user: context.user } }],
      'current-context': contextName,
    }),
  );
  const opts: { headers?: Record<string, unknown> } = {};
  try {
    await kc.applyToHTTPSOptions(opts);
  } catch (error) {
    const provider = config.users.get(context.user)!.fields['auth-provider'];
    if (provider !== undefined && config.users.get(context.user)!.fields.exec === undefined) {
      // client-node's providers fail with a TypeError on a config they cannot use.
      const name = isObjectRecord(provider) && typeof provider.name === 'string' ? provider.name : '?';
      const why =
        error instanceof TypeError ? 'its config is incomplete' : (error as Error).message.split('\n')[0];
      throw new UserError(`the auth provider ${name} of context ${contextName} failed: ${why}`, {
        hint: 'kubectl ≥ 1.26 signs in through exec credential plugins instead (gke-gcloud-auth-plugin, kubelogin): update the kubeconfig',
      });
    }
    const reason = (error as Error).message.trim().split('\n')[0] || 'it printed no reason';
    throw new UserError(`the credential plugin of context ${contextName} failed: ${reason}`, {
      hint: 'run the exec command of its user by hand to see why',
    });
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(opts.headers ?? {}))
    if (typeof value === 'string') headers[key] = value;
  return headers;
}

export interface Connection {
  envName: string;
  context: string;
  server: string;
  namespace: string;
  client: ClusterClient;
}

export interface ConnectOptions extends KubeconfigOptions, ClientOptions {
  /** act even when the context now points at a different server than the environment recorded */
  forceContext?: boolean;
}

/** Resolves an environment's context and returns a client for it, refusing a moved context. */
export async function connectEnvironment(
  envName: string,
  env: EnvironmentSpec,
  options: ConnectOptions = {},
): Promise<Connection> {
  const config = await loadKubeConfig(options);
  if (!env.context && env.server) {
    // A ksonnet environment names no context, only its server: like ksonnet, use the kubeconfig
    // context whose cluster has that server URL (the current context first). No match, no call.
    env = { ...env, context: contextForServer(config, env.server) };
    if (!env.context) {
      throw new UserError(
        `environment ${envName} is bound to server ${env.server}, which no kube context points at`,
        {
          hint: `add a context for it to your kubeconfig, or run 'kf upgrade' and bind the environment to a context`,
        },
      );
    }
  }
  if (!env.context) {
    throw new UserError(`environment ${envName} has no kube context`, {
      hint: `set one with 'kf env set ${envName} --context <name>'`,
    });
  }
  const context = config.contexts.get(env.context);
  if (!context) {
    const names = [...config.contexts.keys()];
    throw new UserError(
      `environment ${envName} uses kube context ${env.context}, which is not in the kubeconfig`,
      {
        // Which contexts there are, and the two ways out: another kubeconfig, another context.
        hint: `${didYouMean(env.context, names) ?? `contexts: ${names.join(', ') || 'none'};`} pass the kubeconfig that has it with --kubeconfig, or bind the environment to another context with 'kf env set ${envName} --context <name>'`,
      },
    );
  }
  const cluster = config.clusters.get(context.cluster);
  const server = cluster?.fields.server;
  if (!cluster || typeof server !== 'string') {
    throw new UserError(
      `kube context ${env.context} names cluster ${context.cluster}, which is not in the kubeconfig (or has no server)`,
      { hint: `add the cluster and its server to the kubeconfig, or fix the context's cluster name` },
    );
  }
  if (!isHttpUrl(server)) {
    throw new UserError(
      `kube context ${env.context}: cluster ${context.cluster} has server ${JSON.stringify(server)}, which is not an https:// or http:// URL`,
      {
        location: config.files.length === 1 ? { file: config.files[0] } : undefined,
        hint: 'fix the server of that cluster in the kubeconfig: a URL such as https://127.0.0.1:6443',
      },
    );
  }
  if (env.server && !sameServer(env.server, server) && !options.forceContext) {
    throw new UserError(
      `context ${env.context} now points at ${server}, but environment ${envName} was added for ${env.server}`,
      {
        hint: 'pass --force-context to use it anyway, or update the environment with kf env set',
      },
    );
  }
  const client = await ClusterClient.create(
    server,
    env.context,
    () => credentialsFor(config, env.context!),
    options,
  );
  return { envName, context: env.context, server, namespace: env.namespace, client };
}

/** The context (the current one when it matches) whose cluster's server is `server`. */
function contextForServer(config: Kubeconfig, server: string): string | undefined {
  const matches = [...config.contexts.values()].filter((c) => {
    const url = config.clusters.get(c.cluster)?.fields.server;
    return typeof url === 'string' && sameServer(url, server);
  });
  return (matches.find((c) => c.name === config.currentContext) ?? matches[0])?.name;
}
