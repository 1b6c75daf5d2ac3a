// `kf tool importers`: which environments, and which of their components, a change to some files
// can change the render of — what Tanka's `tk tool importers` answers for a CI that exports only
// the environments a commit touched — and `kf tool imports`, the files an environment reads. Tanka
// guesses from file names; kf follows each environment's components through their imports as that
// environment resolves them (lib/, vendor/, installed packages, the environment's own libraries),
// so a file counts exactly where some render can read it.
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  COMPONENTS_DIR,
  ENVIRONMENTS_DIR,
  compareCodePoints,
  componentParamsFile,
  environmentComponents,
  findEnvironment,
  listRenders,
  loadApp,
  type App,
  type Component,
} from '../app/app.js';
import { APP_FILE } from '../app/app-file.js';
import { appImportPath } from '../app/jsonnet-engine.js';
import { COMPONENTS_EXT_VAR } from '../app/params.js';
import { TK_IMPORT } from '../app/tanka-tk.js';
import { UserError } from '../errors.js';
import { importStatements, type ImportStatement } from '../jsonnet/index.js';
import { selectComponents } from '../render/pipeline/select-components.js';
import { isInside } from '../util/path-guard.js';

export interface ImportersOptions {
  /** the changed files, relative to `cwd` or absolute; `deleted:<path>` for one the change removed */
  files: string[];
  /** app directory, or a directory inside it (default: the working directory); files are relative to it */
  cwd?: string;
  /** extra library directories (`-J`), as the render is given them */
  jpath?: string[];
}

export interface AffectedEnvironment {
  name: string;
  /** its components whose render the files can change (every one when an environment-wide file changed) */
  components: string[];
}

export interface ImportersResult {
  /** every environment some file reaches, in code-point order of their names */
  environments: AffectedEnvironment[];
  /** each file as given, with the environments it reaches */
  files: { file: string; environments: AffectedEnvironment[] }[];
}

const PREFIX = 'deleted:';
const COMPONENT_FILE = /^(.+)\.(jsonnet|ya?ml|json)$/;
/** Tanka's natives that read a folder (a Helm chart, a kustomization) no import names */
const FOLDER_NATIVES = /\b(helmTemplate|kustomizeBuild)\b/;
const FOLDER_MARKERS = ['Chart.yaml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization'];

interface Changed {
  /** the path as resolved, and its real path when it exists */
  keys: string[];
  deleted: boolean;
  /** inside a Helm chart or a kustomization: read by helmTemplate / kustomizeBuild, not by imports */
  inToolFolder: boolean;
}

export function importers(options: ImportersOptions): ImportersResult {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const app = loadApp(cwd);
  const changed = options.files.map((file) => changedFile(app, cwd, file));
  const graph = new ImportGraph(app, options.jpath ?? []);
  const byFile = changed.map(() => new Map<string, string[]>());
  const environments: AffectedEnvironment[] = [];
  for (const env of Object.keys(app.spec.environments).sort(compareCodePoints)) {
    const reached = reachedComponents(app, env, changed, graph);
    const union = new Set(reached.flat());
    if (union.size > 0) environments.push({ name: env, components: [...union].sort(compareCodePoints) });
    reached.forEach((components, i) => {
      if (components.length > 0) byFile[i]!.set(env, components);
    });
  }
  return {
    environments,
    files: options.files.map((file, i) => ({
      file,
      environments: [...byFile[i]!].map(([name, components]) => ({ name, components })),
    })),
  };
}

export interface ImportsOptions {
  env: string;
  /** only these components' files (`-c`), besides those every component sees */
  components?: string[];
  /** app directory, or a directory inside it (default: the working directory) */
  cwd?: string;
  /** extra library directories (`-J`), as the render is given them */
  jpath?: string[];
}

/**
 * `kf tool imports`: every file an environment's render reads through Jsonnet (app.yaml, the
 * parameters, the environment's folder, its components and what they import, importstr'd files),
 * absolute, in code-point order. The folders helmTemplate / kustomizeBuild read are not listed.
 */
export function imports(options: ImportsOptions): string[] {
  const app = loadApp(path.resolve(options.cwd ?? process.cwd()));
  findEnvironment(app, options.env);
  const components = selectComponents(
    environmentComponents(app, options.env),
    options.components,
    app.components,
    options.env,
  );
  const graph = new ImportGraph(app, options.jpath ?? []);
  const files = graph.closure(options.env, [
    ...environmentWideFiles(app, options.env),
    ...components.map((c) => c.file),
  ]).files;
  return [...files].sort(compareCodePoints);
}

/** Files every component of an environment sees: app.yaml, the parameters, the environment's folder. */
function environmentWideFiles(app: App, env: string): string[] {
  return [
    path.join(app.root, APP_FILE),
    componentParamsFile(app.root),
    ...filesIn(environmentFolder(app, env)),
  ];
}

function changedFile(app: App, cwd: string, given: string): Changed {
  const deleted = given.startsWith(PREFIX);
  const file = path.resolve(cwd, deleted ? given.slice(PREFIX.length) : given);
  if (deleted) return { keys: [file], deleted, inToolFolder: inToolFolder(app, file) };
  if (!existsSync(file))
    throw new UserError(`${given}: no such file`, {
      hint: `a file the change removed is given as ${PREFIX}${given}, as tk tool importers takes it`,
      exitCode: 2,
    });
  const real = realpathSync.native(file);
  return { keys: real === file ? [file] : [file, real], deleted, inToolFolder: inToolFolder(app, real) };
}

/** Whether a folder between `file` and the app's root is a Helm chart or a kustomization. */
function inToolFolder(app: App, file: string): boolean {
  for (let dir = path.dirname(file); isInside(app.root, dir); dir = path.dirname(dir)) {
    if (FOLDER_MARKERS.some((marker) => existsSync(path.join(dir, marker)))) return true;
    if (dir === app.root) break;
  }
  return false;
}

/** For each changed file, the components of environment `env` whose render it can change. */
function reachedComponents(app: App, env: string, changed: Changed[], graph: ImportGraph): string[][] {
  let rendered: Component[];
  try {
    rendered = environmentComponents(app, env);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // Its components list names a component that is gone: the environment does not render at all
    // now, whatever changed.
    return changed.map(() => app.components.map((c) => c.name));
  }
  const dir = environmentFolder(app, env);
  const envWide = graph.closure(env, environmentWideFiles(app, env));
  const reads = rendered.map((component) => graph.closure(env, [component.file]));
  return changed.map((c) => {
    if (matches(c, envWide, graph) || (c.deleted && path.dirname(c.keys[0]!) === dir))
      return rendered.map((r) => r.name);
    const names = rendered
      .filter(
        (_, i) =>
          matches(c, reads[i]!, graph) ||
          (c.inToolFolder && reads[i]!.usesFolderNatives) ||
          // it reads the other components (Kubeflow's `application` prototype does)
          (reads[i]!.readsComponents && reads.some((other) => matches(c, other, graph))),
      )
      .map((r) => r.name);
    // A component file the change removed: gone from the environments that rendered it.
    const removed = c.deleted ? removedComponent(app, c.keys[0]!) : undefined;
    if (removed !== undefined && listRenders(app.spec.environments[env]?.components, removed)) {
      names.push(removed);
      names.push(...rendered.filter((_, i) => reads[i]!.readsComponents).map((r) => r.name));
    }
    return [...new Set(names)].sort(compareCodePoints);
  });
}

/**
 * Whether a changed file is one `reads` reads: by its path, by its real path (jsonnet-bundler's
 * vendor/1.32 is a link to vendor/github.com/…/1.32: git names the file at the second, imports
 * read it at the first), or, removed, where an import looked for it.
 */
function matches(changed: Changed, reads: Closure, graph: ImportGraph): boolean {
  return changed.keys.some(
    (key) =>
      reads.files.has(key) || graph.realPaths(reads).has(key) || (changed.deleted && reads.missing.has(key)),
  );
}

/** The name of the component a removed file of components/ was, unless another file still is it. */
function removedComponent(app: App, file: string): string | undefined {
  if (path.dirname(file) !== path.join(app.root, COMPONENTS_DIR)) return undefined;
  const name = COMPONENT_FILE.exec(path.basename(file))?.[1];
  return name === undefined || app.components.some((c) => c.name === name) ? undefined : name;
}

/** The folder of an environment's files (a ksonnet app's keeps it under its `path`). */
function environmentFolder(app: App, env: string): string {
  const ksonnet = app.spec.ksonnet?.environments[env];
  return path.join(app.root, ENVIRONMENTS_DIR, ...(ksonnet?.path ?? env).split('/'));
}

/** The files directly in `dir` (a nested environment's folder is not the parent's). */
function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(dir, entry.name));
}

/** Where an import of `importPath` in file `from` is read from, and where it was looked for. */
type Resolve = (from: string, importPath: string) => { found?: string; tried: string[] };

interface Closure {
  /** every file read, the starting ones included */
  files: Set<string>;
  /** where imports that found no file looked first (a file the change removed would be there) */
  missing: Set<string>;
  /** some file calls helmTemplate or kustomizeBuild */
  usesFolderNatives: boolean;
  /** some file reads std.extVar('__ksonnet/components'): every component of the environment */
  readsComponents: boolean;
}

/**
 * What a file's own text says: its imports, whether it calls helmTemplate / kustomizeBuild, and
 * whether it reads the other components (`__ksonnet/components`).
 */
interface Scan {
  imports: ImportStatement[];
  folderNatives: boolean;
  readsComponents: boolean;
}

/** Scans by file, kept while the file's modification time and size stay (the lexer is the cost). */
const scans = new Map<string, { stamp: string; scan: Scan | undefined }>();

/** A Jsonnet file's scan; undefined for a file that is no Jsonnet to scan (YAML, JSON, binary). */
function scanFile(file: string): Scan | undefined {
  if (!/\.(jsonnet|libsonnet)$/.test(file) && /\.\w+$/.test(path.basename(file))) return undefined;
  let stamp: string;
  try {
    const stat = statSync(file);
    stamp = `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
  const known = scans.get(file);
  if (known?.stamp === stamp) return known.scan;
  let scan: Scan | undefined;
  try {
    const text = readFileSync(file, 'utf8');
    scan = {
      imports: importStatements(text),
      folderNatives: FOLDER_NATIVES.test(text),
      readsComponents: text.includes(COMPONENTS_EXT_VAR),
    };
  } catch {
    scan = undefined;
  }
  scans.set(file, { stamp, scan });
  return scan;
}

/** The app's files and their imports, resolved per environment as its render resolves them. */
class ImportGraph {
  private readonly resolvers = new Map<string, Resolve>();
  private readonly reals = new Map<string, string>();
  private readonly realSets = new WeakMap<Closure, Set<string>>();

  constructor(
    private readonly app: App,
    private readonly jpath: string[],
  ) {}

  /** The real paths of a closure's files (symbolic links resolved). */
  realPaths(closure: Closure): Set<string> {
    let set = this.realSets.get(closure);
    if (set === undefined) {
      set = new Set();
      for (const file of closure.files) {
        let real = this.reals.get(file);
        if (real === undefined) {
          real = realpathSync.native(file);
          this.reals.set(file, real);
        }
        set.add(real);
      }
      this.realSets.set(closure, set);
    }
    return set;
  }

  /** Everything the files `roots` read in environment `env`, through imports at any depth. */
  closure(env: string, roots: string[]): Closure {
    const resolve = this.resolver(env);
    const result: Closure = {
      files: new Set(),
      missing: new Set(),
      usesFolderNatives: false,
      readsComponents: false,
    };
    const pending = roots.filter((file) => existsSync(file));
    for (const file of pending) result.files.add(file);
    while (pending.length > 0) {
      const file = pending.pop()!;
      // A spec.json beside a file makes it a Tanka static environment: its spec is read too.
      const spec = path.join(path.dirname(file), 'spec.json');
      if (!result.files.has(spec) && existsSync(spec)) result.files.add(spec);
      const scan = scanFile(file);
      if (scan === undefined) continue;
      if (scan.folderNatives) result.usesFolderNatives = true;
      if (scan.readsComponents) result.readsComponents = true;
      for (const statement of scan.imports) {
        const { found, tried } = resolve(file, statement.path);
        if (found === undefined) {
          for (const candidate of tried) result.missing.add(candidate);
          continue;
        }
        if (result.files.has(found)) continue;
        result.files.add(found);
        // importstr / importbin read a file's bytes, which import nothing
        if (statement.kind === 'import') pending.push(found);
      }
    }
    return result;
  }

  /**
   * An import as environment `env`'s engine resolves it: Tanka's built-in 'tk' and a prototype's
   * holes are no files; then installed packages; then the importing file's folder and the import path.
   */
  private resolver(env: string): Resolve {
    let resolve = this.resolvers.get(env);
    if (resolve !== undefined) return resolve;
    const { jpath, importer } = appImportPath(this.app, { envName: env, jpath: this.jpath });
    const builtins = this.app.spec.ksonnet === undefined ? TK_IMPORT : {};
    const known = new Map<string, { found?: string; tried: string[] }>();
    const lookUp: Resolve = (from, importPath) => {
      if (/^(param|env):\/\//.test(importPath) || Object.hasOwn(builtins, importPath)) return { tried: [] };
      const vendored = importer(path.dirname(from), importPath);
      if (vendored !== undefined) return { found: vendored.foundHere, tried: [] };
      const candidates = path.isAbsolute(importPath)
        ? [importPath]
        : [path.dirname(from), ...jpath].map((dir) => path.join(dir, importPath));
      const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
      return { found, tried: candidates };
    };
    resolve = (from, importPath) => {
      const key = `${path.dirname(from)}\0${importPath}`;
      let answer = known.get(key);
      if (answer === undefined) {
        answer = lookUp(from, importPath);
        known.set(key, answer);
      }
      return answer;
    };
    this.resolvers.set(env, resolve);
    return resolve;
  }
}
