// Reads and edits app.yaml, the root of a kf app. Edits go through the yaml Document API so the
// user's comments and key order survive, and every write is atomic.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, type Document } from 'yaml';
import { UserError, closestMatch, type Location } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { fileSystemUserError } from '../util/fs-error.js';
import {
  isKsonnetAppYaml,
  ksonnetConventions,
  readKsonnetAppSpec,
  type KsonnetAppInfo,
} from './ksonnet-app.js';
import { decodeText, encodeText, fromFileView, inFileView, type TextFile } from '../util/text-file.js';
import {
  componentListProblem,
  environmentNameProblem,
  isValidName,
  libraryProblem,
  type LibraryFields,
} from './app-names.js';
import { nodeCrypto } from '../jsonnet/lazy-builtin.js';
import { docsFile } from '../util/package-root.js';

export const APP_FILE = 'app.yaml';
export const APP_API_VERSION = 'kf.dev/v1alpha1';

export interface EnvironmentSpec {
  /** kube context the environment is bound to (may be absent when there was no kubeconfig). */
  context?: string;
  /** API server URL seen when the environment was added; apply refuses if the context moved. */
  server?: string;
  /** Default namespace for namespaced objects that name none. */
  namespace: string;
  /** Which Tanka inline environment (its metadata.name) a component holding several renders. */
  tankaEnvironment?: string;
  /**
   * The components this environment renders: names, or only `!name`s to leave those out; every
   * component of components/ when absent (see environmentComponents in app.ts).
   */
  components?: string[];
  /** Optional Kubernetes version (e.g. "1.36") used for offline schema validation. */
  k8sVersion?: string;
  /** Folder (relative to the app) holding ksonnet-lib's k.libsonnet, for apps upgraded from ksonnet. */
  ksonnetLib?: string;
}

export interface RegistrySpec {
  uri: string;
}

export interface LibrarySpec {
  registry: string;
  /** package name inside the registry */
  name: string;
  version: string;
  /** when set, the package is only visible to these environments */
  envs?: string[];
}

export interface AppSpec {
  apiVersion: string;
  kind: 'App';
  name: string;
  /**
   * Random id written by `kf init` (or by the first `kf apply` of an older app): makes the app's
   * ApplySet on a cluster its own, so two apps that share a name never prune each other.
   */
  id?: string;
  environments: Record<string, EnvironmentSpec>;
  registries: Record<string, RegistrySpec>;
  /** keyed by "<registry>/<package>" */
  libraries: Record<string, LibrarySpec>;
  /**
   * Set when components get ksonnet 0.13's contract: app.yaml is a ksonnet app (read as it is), or
   * a kf app.yaml with `conventions: ksonnet` (what `kf upgrade` writes). See docs/ksonnet.md.
   */
  ksonnet?: KsonnetAppInfo;
}

/** Walks up from `start` to the directory holding app.yaml. */
export function findAppRoot(start: string = process.cwd()): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, APP_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new UserError(`no ${APP_FILE} found in ${resolve(start)} or any parent directory`, {
        hint: "run 'kf init <app>' to create an app, or cd into one",
      });
    }
    dir = parent;
  }
}

/** Where a value of app.yaml is: the line of the node at `keys`, else of its nearest parent. */
type Locate = (keys: readonly string[]) => Location;

/** Where the node at `keys` of app.yaml is (its line and column), for a message about it. */
export function appFileLocation(
  root: string,
  keys: (string | number)[],
): { file: string; line?: number; column?: number } {
  const { path, doc, lineCounter } = loadDocument(root);
  const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
  if (node?.range === undefined) return { file: path };
  const { line, col } = lineCounter.linePos(node.range[0]);
  return { file: path, line, column: col };
}

function loadDocument(root: string): {
  path: string;
  doc: Document;
  source: TextFile;
  locate: Locate;
  lineCounter: LineCounter;
} {
  const path = join(root, APP_FILE);
  let source: TextFile;
  try {
    source = decodeText(readFileSync(path));
  } catch (error) {
    throw (
      fileSystemUserError(error, path) ??
      new UserError(`cannot read ${path}: ${(error as Error).message}`, { cause: error })
    );
  }
  const text = source.text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
    // The yaml package's own words for a second document name its API (parseAllDocuments).
    const message =
      err.code === 'MULTIPLE_DOCS'
        ? "app.yaml holds more than one YAML document (a '---' line starts a second one)"
        : err.message.split('\n')[0];
    throw new UserError(message, {
      location: { file: path, line: pos?.line, column: pos?.col },
      hint:
        err.code === 'MULTIPLE_DOCS' ? 'keep only the app in app.yaml' : 'fix the YAML syntax in app.yaml',
    });
  }
  if (!isMap(doc.contents)) {
    throw new UserError('app.yaml must be a YAML mapping', { location: { file: path, line: 1 } });
  }
  const locate: Locate = (keys) => {
    for (let n = keys.length; n > 0; n--) {
      const parent = n === 1 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
      if (!isMap(parent)) continue;
      // The key's line: a mapping value starts on the line after it, a missing one has no place.
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === keys[n - 1]);
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range !== undefined) return { file: path, line: lineCounter.linePos(range[0]).line };
    }
    return { file: path };
  };
  return { path, doc, source, locate, lineCounter };
}

export function readAppSpec(root: string): AppSpec {
  const { path, doc, source, locate } = loadDocument(root);
  const raw = specView(doc, source);
  if (isKsonnetAppYaml(raw)) return readKsonnetAppSpec(raw, root, path);
  return validateAppSpec(raw, path, locate);
}

/** The document as plain data, strings decoded when the file is edited in its Latin-1 view. */
function specView(doc: Document, source: TextFile): Record<string, unknown> {
  const data = doc.toJS() as Record<string, unknown>;
  return source.encoding === 'utf8'
    ? data
    : (JSON.parse(fromFileView(source, JSON.stringify(data))) as Record<string, unknown>);
}

function validateAppSpec(raw: Record<string, unknown>, path: string, locate?: Locate): AppSpec {
  /** `at`: the keys of the value at fault, for its line (app.yaml as read; an edited one has none). */
  const fail = (message: string, at: readonly string[] = []): never => {
    throw new UserError(message, {
      location: at.length > 0 && locate !== undefined ? locate(at) : { file: path },
      hint: `see ${docsFile('app-format.md')}`,
    });
  };
  if (raw.apiVersion !== APP_API_VERSION)
    fail(`apiVersion must be ${APP_API_VERSION}, ${found(raw.apiVersion)}`, ['apiVersion']);
  if (raw.kind !== 'App') fail(`kind must be App, ${found(raw.kind)}`, ['kind']);
  if (typeof raw.name !== 'string' || raw.name === '')
    fail(`name must be a non-empty string, ${found(raw.name)}`, ['name']);
  if (raw.id !== undefined && (typeof raw.id !== 'string' || !APP_ID.test(raw.id)))
    fail(`id must be 8 to 32 lower-case letters and digits, ${found(raw.id)}`, ['id']);
  // Other keys are kept as they are (an app upgraded from ksonnet keeps its version, description…),
  // but one a typo away from a key app.yaml lacks would silently drop that whole section.
  for (const key of Object.keys(raw)) {
    if ((APP_KEYS as readonly string[]).includes(key)) continue;
    const meant = closestMatch(
      key,
      APP_KEYS.filter((known) => raw[known] === undefined),
    );
    if (meant !== undefined) {
      throw new UserError(`unknown key '${key}'`, {
        location: locate?.([key]) ?? { file: path },
        hint: `did you mean '${meant}'? Without it, app.yaml has no ${meant}`,
      });
    }
  }
  for (const key of ['environments', 'registries', 'libraries'] as const) {
    const value = raw[key];
    if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      fail(`${key} must be a mapping`, [key]);
    }
  }
  const environments = (raw.environments ?? {}) as Record<string, EnvironmentSpec>;
  for (const [name, env] of Object.entries(environments)) {
    const problem = environmentNameProblem(name);
    if (problem !== undefined) {
      fail(`environment name ${JSON.stringify(name)} is invalid${problem === 'bad' ? '' : `: ${problem}`}`, [
        'environments',
        name,
      ]);
    }
    if (env === null || typeof env !== 'object' || Array.isArray(env))
      fail(`environment ${name} must be a mapping`, ['environments', name]);
    // As at the top level: a key a typo away from one the environment lacks would be ignored
    // (`component: [web]` rendered every component).
    for (const key of Object.keys(env)) {
      if ((ENVIRONMENT_KEYS as readonly string[]).includes(key)) continue;
      const meant = closestMatch(
        key,
        ENVIRONMENT_KEYS.filter((known) => env[known] === undefined),
      );
      if (meant !== undefined) {
        throw new UserError(`environment ${name}: unknown key '${key}'`, {
          location: locate?.(['environments', name, key]) ?? { file: path },
          hint: `did you mean '${meant}'? kf ignores a key it does not know`,
        });
      }
    }
    if (env.namespace === undefined || env.namespace === null)
      fail(`environment ${name} needs a namespace`, ['environments', name]);
    // Strings, as kf writes them: a number or a list here failed later, far from app.yaml.
    for (const field of ['context', 'server', 'namespace', 'k8sVersion', 'ksonnetLib'] as const) {
      const value = env[field];
      if (value !== undefined && typeof value !== 'string')
        fail(`environment ${name}: ${field} must be a string, ${found(value)}`, [
          'environments',
          name,
          field,
        ]);
    }
    if (
      env.tankaEnvironment !== undefined &&
      (typeof env.tankaEnvironment !== 'string' || env.tankaEnvironment === '')
    )
      fail(
        `environment ${name}: tankaEnvironment must be a non-empty string (a Tanka Environment's metadata.name)`,
        ['environments', name, 'tankaEnvironment'],
      );
    if (env.components !== undefined) {
      const problem = componentListProblem(env.components);
      if (problem !== undefined)
        fail(`environment ${name}: components ${problem}`, ['environments', name, 'components']);
    }
  }
  for (const [name, registry] of Object.entries((raw.registries ?? {}) as Record<string, unknown>)) {
    if (!isValidName(name))
      fail(`registry name ${JSON.stringify(name)} is invalid (letters, digits, . _ -)`, ['registries', name]);
    const uri = (registry as { uri?: unknown } | null)?.uri;
    if (registry === null || typeof registry !== 'object' || Array.isArray(registry))
      fail(`registries.${name} must be a mapping with a uri`, ['registries', name]);
    if (typeof uri !== 'string' || uri.trim() === '')
      fail(`registries.${name}.uri must be a non-empty string, ${found(uri)}`, ['registries', name, 'uri']);
  }
  for (const [key, library] of Object.entries((raw.libraries ?? {}) as Record<string, LibraryFields>)) {
    const problem = libraryProblem(key, library);
    if (problem !== undefined) fail(problem, ['libraries', key, ...libraryField(problem, key)]);
  }
  if (raw.conventions !== undefined && raw.conventions !== 'kf' && raw.conventions !== 'ksonnet')
    fail(`conventions must be kf or ksonnet, ${found(raw.conventions)}`, ['conventions']);
  const spec: AppSpec = {
    apiVersion: raw.apiVersion as string,
    kind: 'App',
    name: raw.name as string,
    ...(raw.id === undefined ? {} : { id: raw.id as string }),
    environments,
    registries: (raw.registries ?? {}) as Record<string, RegistrySpec>,
    libraries: (raw.libraries ?? {}) as Record<string, LibrarySpec>,
  };
  // An app upgraded from ksonnet keeps ksonnet's contract for its components (docs/ksonnet.md).
  if (raw.conventions === 'ksonnet') spec.ksonnet = ksonnetConventions(environments);
  return spec;
}

const APP_ID = /^[a-z0-9]{8,32}$/;

const APP_KEYS = [
  'apiVersion',
  'kind',
  'name',
  'id',
  'environments',
  'registries',
  'libraries',
  'conventions',
] as const;

const ENVIRONMENT_KEYS = [
  'context',
  'server',
  'namespace',
  'tankaEnvironment',
  'components',
  'k8sVersion',
  'ksonnetLib',
] as const satisfies readonly (keyof EnvironmentSpec)[];

/** `found "x"`, or `found nothing` for a key that is absent (JSON.stringify(undefined) is no JSON). */
function found(value: unknown): string {
  return value === undefined || value === null ? 'found nothing' : `found ${JSON.stringify(value)}`;
}

/** The field a libraryProblem message is about (`libraries.<key>.<field> …`), if it names one. */
function libraryField(problem: string, key: string): string[] {
  const field = /^\.(registry|name|version|envs)\b/.exec(problem.slice(`libraries.${key}`.length));
  return field === null ? [] : [field[1]];
}

/** A fresh app id: 12 hex digits (48 random bits). */
export function newAppId(): string {
  return nodeCrypto().randomBytes(6).toString('hex');
}

/**
 * The app's id, added to app.yaml (right after `name`, nothing else touched) when it has none:
 * the upgrade path for apps created before ids existed.
 */
export function ensureAppId(root: string): { id: string; added: boolean } {
  const existing = readAppSpec(root).id;
  if (existing !== undefined) return { id: existing, added: false };
  const id = newAppId();
  updateAppFile(root, (doc) => {
    const map = doc.contents;
    if (!isMap(map)) return;
    const at = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'name');
    map.items.splice(at + 1, 0, doc.createPair('id', id));
  });
  return { id, added: true };
}

export function initialAppYaml(name: string, id = newAppId()): string {
  return [
    `apiVersion: ${APP_API_VERSION}`,
    'kind: App',
    `name: ${name}`,
    // Quoted: a hex id can read as a number in YAML (123456789012, or 1234e5678901 = Infinity).
    `id: ${JSON.stringify(id)}`,
    'environments: {}',
    'registries: {}',
    'libraries: {}',
    '',
  ].join('\n');
}

/**
 * Applies `edit` to app.yaml's Document and writes it back atomically. The callback uses the
 * Document API (`doc.setIn`, `doc.deleteIn`) so untouched parts keep their formatting.
 */
export function updateAppFile(
  root: string,
  edit: (doc: Document, view: (text: string) => string) => void,
): AppSpec {
  const { path, doc, source } = loadDocument(root);
  refuseKsonnetEdit(doc.toJS() as Record<string, unknown>, path);
  edit(doc, (text) => inFileView(source, text));
  const spec = validateAppSpec(specView(doc, source), path);
  // Flow-style empty maps ("environments: {}") would keep new entries in flow style; make them
  // block once they have entries (an empty one stays "{}").
  for (const key of ['environments', 'registries', 'libraries']) {
    const node = doc.get(key, true);
    if (isMap(node) && node.items.length > 0) node.flow = false;
  }
  writeFileAtomic(path, encodeText(source, doc.toString()), { root });
  return spec;
}

/** kf never rewrites a ksonnet app.yaml behind the user's back: `ks` must still read it. */
function refuseKsonnetEdit(raw: Record<string, unknown>, path: string): void {
  if (!isKsonnetAppYaml(raw)) return;
  throw new UserError(
    `app.yaml is a ksonnet app (apiVersion ${String(raw.apiVersion)}); kf reads it as it is but does not change it`,
    {
      location: { file: path },
      hint: `run 'kf upgrade' to convert the app to kf's format first (see ${docsFile('ksonnet.md')})`,
    },
  );
}
