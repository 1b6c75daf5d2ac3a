// registry.yaml: the index at a registry's root, in ksonnet's format plus kf's optional descriptions.
//
//   apiVersion: '0.1'
//   kind: ksonnet.io/registry
//   description: Kubeflow packages        # kf, optional
//   libraries:
//     core: {path: core, version: 0.1.0, description: …}   # description is kf's, optional
import { posix } from 'node:path';
import { isValidName, isValidVersion } from './names.js';
import { isPlainObject, parseYamlFile, yamlFieldError, type YamlFile } from './yaml-file.js';
import { docsFile } from '../util/package-root.js';

export const REGISTRY_FILE = 'registry.yaml';
export const REGISTRY_KIND = 'ksonnet.io/registry';
/** Version used when registry.yaml names none (ksonnet allowed that for folder registries). */
export const DEFAULT_PACKAGE_VERSION = 'latest';

export interface RegistryPackageEntry {
  name: string;
  /** folder of the package, relative to registry.yaml, POSIX separators, never escaping the registry */
  path: string;
  version: string;
  description?: string;
}

export interface RegistryIndex {
  apiVersion?: string;
  description?: string;
  /** sorted by name */
  packages: RegistryPackageEntry[];
}

const hint = () => `see ${docsFile('registry-format.md')} for the registry.yaml format`;

/**
 * A package's version as written: `version: 1.10` is YAML's number 1.1, but ksonnet (go-yaml v2
 * into a string field) read any scalar's text, 1.10. A list or mapping is no version (undefined).
 */
function packageVersion(yaml: YamlFile, path: (string | number)[], value: unknown): string | undefined {
  if (value === undefined || value === null) return DEFAULT_PACKAGE_VERSION;
  if (typeof value === 'string') return value;
  if (typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const source = (yaml.doc.getIn(path, true) as { source?: unknown } | undefined)?.source;
  return typeof source === 'string' ? source : String(value);
}

export function parseRegistryIndex(text: string, file: string): RegistryIndex {
  const yaml = parseYamlFile(text, file, hint());
  const fail = (path: (string | number)[], message: string) => yamlFieldError(yaml, path, message, hint());
  const data = yaml.data;
  if (!isPlainObject(data)) throw fail([], 'registry.yaml must be a YAML mapping');
  if (data.kind !== REGISTRY_KIND) {
    throw fail(['kind'], `kind must be ${REGISTRY_KIND}, found ${JSON.stringify(data.kind ?? null)}`);
  }
  if (data.apiVersion !== undefined && typeof data.apiVersion !== 'string' && typeof data.apiVersion !== 'number') {
    throw fail(['apiVersion'], 'apiVersion must be a string');
  }
  if (data.description !== undefined && typeof data.description !== 'string') {
    throw fail(['description'], 'description must be a string');
  }
  const libraries = data.libraries ?? {};
  if (!isPlainObject(libraries)) throw fail(['libraries'], 'libraries must be a mapping of package name to {path, version}');

  const packages: RegistryPackageEntry[] = [];
  for (const [name, raw] of Object.entries(libraries)) {
    const at = ['libraries', name];
    if (!isValidName(name)) throw fail(at, `invalid package name '${name}'`);
    const entry = raw ?? {};
    if (!isPlainObject(entry)) throw fail(at, `libraries.${name} must be a mapping with path and version`);
    const path = entry.path ?? name;
    if (typeof path !== 'string' || path === '') throw fail([...at, 'path'], `libraries.${name}.path must be a string`);
    const normal = posix.normalize(path.replace(/\/+$/, ''));
    if (posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../')) {
      throw fail([...at, 'path'], `libraries.${name}.path '${path}' points outside the registry`);
    }
    const version = packageVersion(yaml, [...at, 'version'], entry.version);
    if (version === undefined) throw fail([...at, 'version'], `libraries.${name}.version must be a string`);
    if (!isValidVersion(version)) {
      throw fail([...at, 'version'], `libraries.${name}.version '${version}' is not a valid version (letters, digits, . _ + -)`);
    }
    if (entry.description !== undefined && typeof entry.description !== 'string') {
      throw fail([...at, 'description'], `libraries.${name}.description must be a string`);
    }
    packages.push({ name, path: normal, version, description: entry.description as string | undefined });
  }
  packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    apiVersion: data.apiVersion === undefined ? undefined : String(data.apiVersion),
    description: data.description as string | undefined,
    packages,
  };
}
