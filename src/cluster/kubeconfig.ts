// Loads kubeconfig the kubectl way and connects an environment to its recorded context:
// --kubeconfig, else every file of KUBECONFIG merged (first definition of a name wins, as in
// kubectl), else ~/.kube/config. client-node is imported lazily so offline commands start fast.
import type { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError, didYouMean } from '../errors.js';
import type { EnvironmentSpec } from '../app/app-file.js';
import { ClusterClient, type ClientOptions } from './client.js';

export interface KubeconfigOptions {
  /** the --kubeconfig flag: one file, overriding KUBECONFIG */
  kubeconfig?: string;
}

/** Kubeconfig files in kubectl's order of precedence. */
export function kubeconfigFiles(options: KubeconfigOptions, env: NodeJS.ProcessEnv = process.env): string[] {
  if (options.kubeconfig) return [options.kubeconfig];
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((f) => f.length > 0);
  return [join(homedir(), '.kube', 'config')];
}

export async function loadKubeConfig(options: KubeconfigOptions = {}): Promise<KubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const files = kubeconfigFiles(options);
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: '' });
  let loaded = 0;
  for (const file of files) {
    if (!existsSync(file)) {
      // kubectl ignores missing files listed in KUBECONFIG, but an explicit --kubeconfig must exist.
      if (options.kubeconfig)
        throw new UserError(`kubeconfig ${file} does not exist`, { hint: 'check the --kubeconfig path' });
      continue;
    }
    const single = new KubeConfig();
    try {
      single.loadFromFile(file);
    } catch (error) {
      throw new UserError(`cannot load kubeconfig ${file}: ${(error as Error).message.split('\n')[0]}`, {
        location: { file },
      });
    }
    loaded++;
    if (!merged.getCurrentContext() && single.getCurrentContext())
      merged.setCurrentContext(single.getCurrentContext());
    for (const cluster of single.getClusters())
      if (!merged.getCluster(cluster.name)) merged.addCluster(cluster);
    for (const user of single.getUsers()) if (!merged.getUser(user.name)) merged.addUser(user);
    for (const context of single.getContexts())
      if (!merged.getContextObject(context.name)) merged.addContext(context);
  }
  if (loaded === 0) {
    throw new UserError(`no kubeconfig found (looked at ${files.join(', ')})`, {
      hint: 'set KUBECONFIG or pass --kubeconfig',
    });
  }
  return merged;
}

/** Server URLs compare equal regardless of a trailing slash, case of the host or a default port. */
export function sameServer(a: string, b: string): boolean {
  const normalize = (url: string): string => {
    try {
      const parsed = new URL(url);
      return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
    } catch {
      return url.replace(/\/+$/, '');
    }
  };
  return normalize(a) === normalize(b);
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
  if (!env.context) {
    throw new UserError(`environment ${envName} has no kube context`, {
      hint: `set one with 'kf env set ${envName} --context <name>'`,
    });
  }
  const kubeConfig = await loadKubeConfig(options);
  const context = kubeConfig.getContextObject(env.context);
  if (!context) {
    const suggestion = didYouMean(
      env.context,
      kubeConfig.getContexts().map((c) => c.name),
    );
    throw new UserError(
      `environment ${envName} uses kube context ${env.context}, which is not in the kubeconfig`,
      {
        hint:
          suggestion ??
          `contexts: ${
            kubeConfig
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none'
          }`,
      },
    );
  }
  const cluster = kubeConfig.getCluster(context.cluster);
  if (!cluster)
    throw new UserError(
      `kube context ${env.context} names cluster ${context.cluster}, which is not in the kubeconfig`,
    );
  if (env.server && !sameServer(env.server, cluster.server) && !options.forceContext) {
    throw new UserError(
      `context ${env.context} now points at ${cluster.server}, but environment ${envName} was added for ${env.server}`,
      {
        hint: 'pass --force-context to use it anyway, or update the environment with kf env set',
      },
    );
  }
  const client = await ClusterClient.create(kubeConfig, env.context, options);
  return { envName, context: env.context, server: cluster.server, namespace: env.namespace, client };
}
