// Reads a ksonnet app.yaml (apiVersion 0.0.1 – 0.3.0, kind ksonnet.io/app) as it is, into kf's
// app model. Nothing here writes: a ksonnet app stays readable by `ks` until `kf upgrade`.
//
// ksonnet's shapes (ksonnet/ksonnet v0.13 pkg/app schema*.go):
//   environments: <env>: {destination: {server, namespace}, k8sVersion, path, targets, libraries}
//     (0.0.1 / 0.1.0 apps may instead keep environments/<env>/spec.json = {server, namespace})
//   registries:   <name>: {protocol: github|fs|helm, uri, gitVersion?}
//   libraries:    <registry/name | name>: {name, registry, version}
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { parseJsonText } from '../util/json-text.js';
import type { AppSpec, EnvironmentSpec, LibrarySpec, RegistrySpec } from './app-file.js';
import { docsFile } from '../util/package-root.js';

export const KSONNET_APP_KIND = 'ksonnet.io/app';
export const KSONNET_API_VERSIONS = ['0.0.1', '0.1.0', '0.2.0', '0.3.0'] as const;

/** What ksonnet knew about an environment beyond kf's EnvironmentSpec. */
export interface KsonnetEnvironment {
  /** `destination.server`, passed to components as `__ksonnet/environments`.server */
  server: string;
  namespace: string;
  /** e.g. v1.10.0; selects lib/ksonnet-lib/<k8sVersion>/ */
  k8sVersion?: string;
  /** directory under environments/ (usually the environment's name) */
  path: string;
  /** ksonnet-lib folder relative to the app, when app.yaml names it (upgraded apps) */
  libDir?: string;
  /** where the environment came from, for messages */
  source: 'app.yaml' | 'spec.json';
}

export interface KsonnetAppInfo {
  /** the ksonnet app.yaml apiVersion, or kf's for an upgraded app with `conventions: ksonnet` */
  apiVersion: string;
  /** true when app.yaml itself is in ksonnet's format (kf then never rewrites it) */
  ksonnetFormat: boolean;
  environments: Record<string, KsonnetEnvironment>;
}

/** True when app.yaml's content is a ksonnet app rather than a kf one. */
export function isKsonnetAppYaml(raw: Record<string, unknown>): boolean {
  return (
    raw.kind === KSONNET_APP_KIND ||
    (KSONNET_API_VERSIONS as readonly string[]).includes(String(raw.apiVersion))
  );
}

/** Converts a parsed ksonnet app.yaml into kf's AppSpec (with the ksonnet details kept aside). */
export function readKsonnetAppSpec(raw: Record<string, unknown>, root: string, path: string): AppSpec {
  const fail = (message: string): never => {
    throw new UserError(message, { location: { file: path }, hint: `see ${docsFile('ksonnet.md')}` });
  };
  const apiVersion = String(raw.apiVersion);
  if (!(KSONNET_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    fail(
      `unsupported ksonnet app apiVersion ${JSON.stringify(raw.apiVersion)} (kf reads ${KSONNET_API_VERSIONS.join(', ')})`,
    );
  }
  if (raw.kind !== undefined && raw.kind !== KSONNET_APP_KIND)
    fail(`kind must be ${KSONNET_APP_KIND}, found ${JSON.stringify(raw.kind)}`);
  const mapping = (key: string): Record<string, unknown> => {
    const value = raw[key];
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) fail(`${key} must be a mapping`);
    return value as Record<string, unknown>;
  };

  const ksEnvironments: Record<string, KsonnetEnvironment> = {};
  const libraries: Record<string, LibrarySpec> = {};
  for (const [name, value] of Object.entries(mapping('environments'))) {
    const env = (value ?? {}) as Record<string, unknown>;
    const destination = (env.destination ?? {}) as Record<string, unknown>;
    ksEnvironments[name] = {
      server: typeof destination.server === 'string' ? destination.server : '',
      namespace:
        typeof destination.namespace === 'string' && destination.namespace !== ''
          ? destination.namespace
          : 'default',
      k8sVersion: typeof env.k8sVersion === 'string' && env.k8sVersion !== '' ? env.k8sVersion : undefined,
      path: typeof env.path === 'string' && env.path !== '' ? env.path : name,
      source: 'app.yaml',
    };
    // Env-scoped packages (ksonnet 0.12+).
    for (const [key, lib] of Object.entries((env.libraries ?? {}) as Record<string, unknown>)) {
      const spec = librarySpec(key, lib, root);
      const id = `${spec.registry}/${spec.name}`;
      const existing = libraries[id];
      libraries[id] =
        existing === undefined
          ? { ...spec, envs: [name] }
          : { ...existing, envs: [...(existing.envs ?? []), name] };
    }
  }
  // ksonnet 0.8 (and apps never migrated since): environments/<env>/spec.json.
  for (const [name, found] of Object.entries(specJsonEnvironments(root))) {
    if (!Object.hasOwn(ksEnvironments, name)) ksEnvironments[name] = found;
  }
  for (const [key, lib] of Object.entries(mapping('libraries'))) {
    const spec = librarySpec(key, lib, root);
    libraries[`${spec.registry}/${spec.name}`] = spec;
  }

  const registries: Record<string, RegistrySpec> = {};
  for (const [name, value] of Object.entries(mapping('registries'))) {
    const registry = (value ?? {}) as Record<string, unknown>;
    const uri = typeof registry.uri === 'string' ? registry.uri : '';
    if (uri === '') continue; // ksonnet wrote empty placeholders ({protocol: "", uri: ""}) for unused registries
    // github.com/<owner>/<repo>/tree/<ref>/<path> is mapped to a git URL by src/registry/registry-uri.ts.
    registries[name] = { uri };
  }

  const environments: Record<string, EnvironmentSpec> = {};
  for (const [name, env] of Object.entries(ksEnvironments)) {
    environments[name] = { namespace: env.namespace, ...(env.server !== '' ? { server: env.server } : {}) };
  }
  return {
    apiVersion,
    kind: 'App',
    name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : 'app',
    environments,
    registries,
    libraries,
    ksonnet: { apiVersion, ksonnetFormat: true, environments: ksEnvironments },
  };
}

/** ksonnet's view of a kf app's environments, for an app with `conventions: ksonnet`. */
export function ksonnetConventions(environments: Record<string, EnvironmentSpec>): KsonnetAppInfo {
  return {
    apiVersion: 'kf.dev/v1alpha1',
    ksonnetFormat: false,
    environments: Object.fromEntries(
      Object.entries(environments).map(([name, env]) => [
        name,
        {
          server: env.server ?? '',
          namespace: env.namespace,
          ...(env.ksonnetLib !== undefined ? { libDir: env.ksonnetLib } : {}),
          path: name,
          source: 'app.yaml' as const,
        },
      ]),
    ),
  };
}

function librarySpec(key: string, value: unknown, root: string): LibrarySpec {
  const lib = (value ?? {}) as Record<string, unknown>;
  // 0.13 keys libraries `registry/name`; earlier versions by plain name.
  const name = typeof lib.name === 'string' && lib.name !== '' ? lib.name : (key.split('/').pop() ?? key);
  const registry =
    typeof lib.registry === 'string' && lib.registry !== ''
      ? lib.registry
      : key.includes('/')
        ? key.split('/')[0]
        : '';
  const version =
    typeof lib.version === 'string'
      ? lib.version
      : lib.version === undefined || lib.version === null
        ? ''
        : String(lib.version);
  if (registry === '') {
    throw new UserError(`library '${key}' names no registry`, {
      location: { file: join(root, 'app.yaml') },
      hint: 'ksonnet libraries look like {name: core, registry: kubeflow, version: <sha>}',
    });
  }
  return { registry, name, version };
}

/** environments/<env>/spec.json files (ksonnet 0.8 layout), keyed by environment name. */
function specJsonEnvironments(root: string): Record<string, KsonnetEnvironment> {
  const base = join(root, 'environments');
  const found: Record<string, KsonnetEnvironment> = {};
  if (!existsSync(base)) return found;
  const walk = (dir: string) => {
    const spec = join(dir, 'spec.json');
    if (existsSync(spec)) {
      const json = parseJsonText(readFileSync(spec, 'utf8'));
      if ('error' in json) {
        const { message, line, column } = json.error;
        throw new UserError(`not valid JSON: ${message}`, {
          location: { file: spec, line, column },
        });
      }
      const parsed = (json.value ?? {}) as Record<string, unknown>;
      const name = relative(base, dir).split('\\').join('/');
      found[name] = {
        server: typeof parsed.server === 'string' ? parsed.server : '',
        namespace:
          typeof parsed.namespace === 'string' && parsed.namespace !== '' ? parsed.namespace : 'default',
        path: name,
        source: 'spec.json',
      };
    }
    for (const entry of readdirSync(dir)) {
      const child = join(dir, entry);
      if (!entry.startsWith('.') && statSync(child).isDirectory()) walk(child);
    }
  };
  walk(base);
  return found;
}

/**
 * Directories holding ksonnet-lib (k.libsonnet, k8s.libsonnet) for an environment, as ksonnet
 * looked for them: lib/ksonnet-lib/<k8sVersion>/ (0.11+), lib/<k8sVersion>/ (0.9–0.10) and
 * environments/<env>/.metadata/ (0.8). Only existing directories are returned.
 */
export function ksonnetLibDirs(root: string, env: KsonnetEnvironment): string[] {
  const candidates: string[] = env.libDir !== undefined ? [join(root, env.libDir)] : [];
  if (env.k8sVersion !== undefined) {
    candidates.push(join(root, 'lib', 'ksonnet-lib', env.k8sVersion), join(root, 'lib', env.k8sVersion));
  }
  candidates.push(join(root, 'environments', ...env.path.split('/'), '.metadata'));
  return candidates.filter((dir) => existsSync(dir) && statSync(dir).isDirectory());
}

/** Where ksonnet would have kept k.libsonnet for this environment, for error messages. */
export function expectedKsonnetLibDir(env: KsonnetEnvironment | undefined): string {
  if (env?.libDir !== undefined) return `${env.libDir}/`;
  return env?.k8sVersion !== undefined
    ? `lib/ksonnet-lib/${env.k8sVersion}/`
    : 'lib/ksonnet-lib/<k8sVersion>/';
}
