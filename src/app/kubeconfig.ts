// Reads just enough of the user's kubeconfig (KUBECONFIG or ~/.kube/config) to bind an
// environment to a context: the current context, and each context's server and namespace.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { UserError, didYouMean } from '../errors.js';

export interface KubeContextInfo {
  name: string;
  server?: string;
  namespace?: string;
}

export interface KubeconfigSummary {
  /** files that were read (empty when there is no kubeconfig) */
  files: string[];
  currentContext?: string;
  contexts: Map<string, KubeContextInfo>;
}

interface RawKubeconfig {
  'current-context'?: unknown;
  contexts?: Array<{ name?: unknown; context?: { cluster?: unknown; namespace?: unknown } }>;
  clusters?: Array<{ name?: unknown; cluster?: { server?: unknown } }>;
}

export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== '') return list.split(delimiter).filter((p) => p !== '');
  return [join(env.HOME ?? homedir(), '.kube', 'config')];
}

/** Merges kubeconfig files like kubectl: the first file to set a value wins. */
export function readKubeconfig(env: NodeJS.ProcessEnv = process.env): KubeconfigSummary {
  const summary: KubeconfigSummary = { files: [], contexts: new Map() };
  const clusters = new Map<string, string | undefined>();
  const contextClusters = new Map<string, string | undefined>();
  for (const file of kubeconfigPaths(env)) {
    if (!existsSync(file)) continue;
    let raw: RawKubeconfig;
    try {
      raw = (parse(readFileSync(file, 'utf8')) ?? {}) as RawKubeconfig;
    } catch (error) {
      throw new UserError(`cannot read kubeconfig: ${(error as Error).message.split('\n')[0]}`, {
        location: { file },
        hint: 'fix the file or point KUBECONFIG elsewhere',
      });
    }
    summary.files.push(file);
    if (
      summary.currentContext === undefined &&
      typeof raw['current-context'] === 'string' &&
      raw['current-context'] !== ''
    ) {
      summary.currentContext = raw['current-context'];
    }
    for (const c of raw.clusters ?? []) {
      if (typeof c?.name === 'string' && !clusters.has(c.name)) {
        clusters.set(c.name, typeof c.cluster?.server === 'string' ? c.cluster.server : undefined);
      }
    }
    for (const c of raw.contexts ?? []) {
      if (typeof c?.name !== 'string' || summary.contexts.has(c.name)) continue;
      summary.contexts.set(c.name, {
        name: c.name,
        namespace: typeof c.context?.namespace === 'string' ? c.context.namespace : undefined,
      });
      contextClusters.set(c.name, typeof c.context?.cluster === 'string' ? c.context.cluster : undefined);
    }
  }
  for (const [name, info] of summary.contexts) {
    const cluster = contextClusters.get(name);
    if (cluster !== undefined) info.server = clusters.get(cluster);
  }
  return summary;
}

/**
 * The context an environment binds to: the named one (which must exist when there is a
 * kubeconfig), else the current context, else none.
 */
export function resolveContext(
  requested: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): KubeContextInfo | undefined {
  const kubeconfig = readKubeconfig(env);
  if (requested === undefined) {
    return kubeconfig.currentContext === undefined
      ? undefined
      : (kubeconfig.contexts.get(kubeconfig.currentContext) ?? { name: kubeconfig.currentContext });
  }
  const found = kubeconfig.contexts.get(requested);
  if (found !== undefined) return found;
  if (kubeconfig.files.length === 0) return { name: requested };
  const names = [...kubeconfig.contexts.keys()];
  throw new UserError(`kube context '${requested}' is not in ${kubeconfig.files.join(', ')}`, {
    hint:
      didYouMean(requested, names) ??
      (names.length > 0 ? `contexts: ${names.join(', ')}` : 'the kubeconfig defines no contexts'),
  });
}
