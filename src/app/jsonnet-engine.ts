// Jsonnet evaluation for an app: an Engine whose import path is -J dirs, lib/ and vendor/, with an
// importer that maps `<registry>/<pkg>/...` imports of installed packages to their versioned
// vendor directory; and one conversion of Jsonnet errors into a user-facing error line.
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  defaultCompileCache,
  Engine,
  JsonnetError,
  type ExtValue,
  type Importer,
  type Loc,
} from '../jsonnet/index.js';
import { UserError, type Location } from '../errors.js';
import { docsFile } from '../util/package-root.js';
import { COMPONENTS_DIR, ENVIRONMENTS_DIR, listWithout, loadAppIfAny, type App } from './app.js';
import { expectedKsonnetLibDir, ksonnetLibDirs, type KsonnetEnvironment } from './ksonnet-app.js';
import { ksonnetNatives } from './ksonnet-natives.js';
import { tankaNatives } from './tanka-natives.js';
import { TK_IMPORT } from './tanka-tk.js';
import { kubecfgImport } from './kubecfg-lib.js';
import { kubecfgOwnNatives, kubecfgParseYaml } from './kubecfg-natives.js';
import { isInside } from '../util/path-guard.js';
import { vendorPackageDir } from './prototypes.js';
import { readAppSpec, type AppSpec, type LibrarySpec } from './app-file.js';

/** The native an app's kubecfg.libsonnet reads YAML with: `parseYaml` is Tanka's (or ksonnet's) there. */
const KUBECFG_PARSE_YAML = 'kubecfgParseYaml';

export interface AppEngineOptions {
  /** environment whose env-scoped libraries are visible (all global ones always are) */
  envName?: string;
  jpath?: string[];
  extVars?: Record<string, ExtValue>;
  /** lift the confinement of imports to the app and the -J directories */
  allowImportsOutsideApp?: boolean;
  /** where std.trace lines go (default: stderr) */
  traceOut?: (line: string) => void;
}

export function createAppEngine(app: App, options: AppEngineOptions = {}): Engine {
  const { jpath, importer, confinedTo } = appImportPath(app, options);
  const policy = options.allowImportsOutsideApp ? undefined : confineImports(app.root, confinedTo);
  return new Engine({
    importPolicy: policy,
    jpath,
    // Tanka's `import 'tk'`; ksonnet had none
    ...(app.spec.ksonnet === undefined ? { builtinImports: TK_IMPORT } : {}),
    // kubecfg's `import 'kubecfg.libsonnet'`, when the app has no file of that name
    fallbackImports: kubecfgImport(KUBECFG_PARSE_YAML),
    extVars: options.extVars,
    traceOut: options.traceOut ?? ((line) => process.stderr.write(`${inApp(line, app.root)}\n`)),
    importer,
    nativeFunctions: {
      ...(app.spec.ksonnet !== undefined
        ? ksonnetNatives()
        : // Tanka's natives: the ecosystem's libraries (ksonnet-util, tanka-util) call them; a chart
          // or a kustomization, like an import, must be inside the app or a -J directory.
          tankaNatives({ pathPolicy: policy && ((dir) => policy(dir, dir)) })),
      // kubecfg's, under its names where no other tool's has the name; its parseYaml under another
      [KUBECFG_PARSE_YAML]: kubecfgParseYaml(),
      ...kubecfgOwnNatives(),
    },
    compileCache: defaultCompileCache(),
  });
}

export interface AppImportPath {
  /** Searched in order after the importing file's directory. */
  jpath: string[];
  /** Tried first: `<registry>/<pkg>/…` imports of installed packages. */
  importer: Importer;
  /** The directories besides the app's root that imports may read (the -J ones, ksonnet-lib). */
  confinedTo: string[];
}

/**
 * Where an app's Jsonnet finds its imports (shared by evaluation and `kf lint`). A kf app: the -J
 * directories, lib/, vendor/ and environments/ (which lets every environment's main.jsonnet
 * `import 'base.libsonnet'` at any depth). A ksonnet app gets ksonnet 0.13's import path
 * (pkg/env/env.go evaluateMain; the last directory ksonnet added wins there, so this list is that
 * order reversed): components/, ksonnet-lib for the environment's k8sVersion, lib/, vendor/,
 * environments/<env>/, environments/; `-J` first.
 */
export function appImportPath(
  app: App,
  options: Pick<AppEngineOptions, 'envName' | 'jpath'> = {},
): AppImportPath {
  const jpath = (options.jpath ?? []).map((p) => resolve(p));
  const importer = vendorImporter(app, options.envName);
  if (app.spec.ksonnet === undefined) {
    return {
      jpath: [...jpath, join(app.root, 'lib'), join(app.root, 'vendor'), join(app.root, ENVIRONMENTS_DIR)],
      importer,
      confinedTo: jpath,
    };
  }
  const env = options.envName === undefined ? undefined : app.spec.ksonnet.environments[options.envName];
  const envDir = env === undefined ? [] : [join(app.root, ENVIRONMENTS_DIR, ...env.path.split('/'))];
  const libDirs = env === undefined ? [] : ksonnetLibDirs(app.root, env);
  return {
    jpath: [
      ...jpath,
      join(app.root, COMPONENTS_DIR),
      ...libDirs,
      join(app.root, 'lib'),
      join(app.root, 'vendor'),
      ...envDir,
      join(app.root, ENVIRONMENTS_DIR),
    ],
    importer,
    confinedTo: [...jpath, ...libDirs],
  };
}

/**
 * Jsonnet evaluated for an app may read only files inside the app (components, environments, lib,
 * vendor) and the -J directories the user gave, symlinks followed: a package from a registry is
 * untrusted code, and `importstr '/etc/passwd'` would otherwise end up in a ConfigMap.
 */
export function confineImports(
  root: string,
  jpath: readonly string[],
): (file: string, importPath: string) => string | undefined {
  const allowed = [root, ...jpath].map(realOrResolved);
  return (file) => {
    const real = realOrResolved(file);
    if (allowed.some((dir) => isInside(dir, real))) return undefined;
    return `${real} is outside the app${jpath.length > 0 ? ' and the -J directories' : ''} (pass --allow-imports-outside-app to permit it)`;
  };
}

function realOrResolved(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** Maps `<registry>/<pkg>/<file>` to `vendor/<registry>/<pkg>@<version>/<file>`. */
export function vendorImporter(app: App, envName: string | undefined): Importer {
  const packages = new Map<string, string>();
  for (const [key, lib] of Object.entries(app.spec.libraries)) {
    if (
      lib.envs !== undefined &&
      lib.envs.length > 0 &&
      (envName === undefined || !lib.envs.includes(envName))
    )
      continue;
    packages.set(key, vendorPackageDir(app.root, lib.registry, lib.name, lib.version));
  }
  const read = (file: string) =>
    existsSync(file) && statSync(file).isFile()
      ? { foundHere: file, content: readFileSync(file, 'utf8') }
      : undefined;
  return (fromDir, importPath) => {
    // Files this importer returned are known to the engine as `custom:<path>`; resolve their
    // relative imports next to the real file.
    if (fromDir.startsWith('custom:') && !isAbsolute(importPath)) {
      const found = read(join(fromDir.slice('custom:'.length), importPath));
      if (found) return found;
    }
    if (isAbsolute(importPath)) return undefined;
    const segments = importPath.split('/');
    if (segments.length < 3) return undefined;
    const dir = packages.get(`${segments[0]}/${segments[1]}`);
    if (dir === undefined) return undefined;
    return read(join(dir, ...segments.slice(2)));
  };
}

/** The component an evaluation renders, and for which environment: hints can name both. */
export interface Rendering {
  env: string;
  component: string;
}

/** Runs an evaluation, turning Jsonnet errors into one UserError line with file:line:column. */
export function evaluating<T>(
  what: string,
  root: string,
  run: () => T,
  evaluated?: string,
  rendering?: Rendering,
): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof JsonnetError) throw jsonnetUserError(error, what, root, evaluated, rendering);
    throw error;
  }
}

/** A std.trace line naming a file of the app by its path in the app, as errors do. */
function inApp(line: string, root: string): string {
  const prefix = `TRACE: ${root}${sep}`;
  return line.startsWith(prefix) ? `TRACE: ${line.slice(prefix.length)}` : line;
}

/** The name of a source file in messages: relative to the app when it is in it. */
function appFile(root: string, file: string): string {
  const raw = file.replace(/^custom:/, '');
  return isAbsolute(raw) ? relative(root, raw) || raw : raw;
}

/** A span of the app's Jsonnet as a message's location. */
export function appLocation(root: string, loc: Loc | undefined): Location | undefined {
  return loc === undefined
    ? undefined
    : { file: appFile(root, loc.file), line: loc.start.line, column: loc.start.column };
}

/** `evaluated`: the file evaluated, named when the error has no place of its own (a top-level call). */
export function jsonnetUserError(
  error: JsonnetError,
  what: string,
  root: string,
  evaluated?: string,
  rendering?: Rendering,
): UserError {
  // An error raised in code that is no file (an ext var's, Tanka's <internal>/tk.libsonnet) is
  // shown where a file of the app reached it, when one did.
  const places = [error.location, ...error.trace.map((t) => t.loc)].filter((l) => l !== undefined);
  const loc = places.find((l) => !l.file.startsWith('<')) ?? places[0];
  const raw = loc === undefined ? evaluated : appFile(root, loc.file);
  const file = raw === undefined ? undefined : isAbsolute(raw) ? relative(root, raw) || raw : raw;
  const detail = error.detail.split('\n')[0];
  const ksonnetLib = /^couldn't open import "(k|k8s)\.libsonnet"/.exec(detail);
  if (ksonnetLib !== null && followsKfConventions(root)) {
    // A kf app whose package imports ksonnet-lib: a 2018 package, which also expects ksonnet's
    // environment ({server, namespace}: Kubeflow 0.4 merges it over its params) and "null" strings.
    return new UserError(
      `${ksonnetLib[1]}.libsonnet is ksonnet-lib, the Kubernetes library ksonnet generated per Kubernetes version, and code that imports it was written for ksonnet (this app follows kf's conventions)`,
      {
        location: file === undefined ? undefined : { file, line: loc?.start.line, column: loc?.start.column },
        hint: `add 'conventions: ksonnet' to app.yaml and give each environment its ksonnet-lib folder with 'kf env set <env> --ksonnet-lib <folder with k.libsonnet and k8s.libsonnet>', as kf upgrade writes them (see ${docsFile('ksonnet.md')}); -J <dir> finds the files but keeps kf's conventions, which such code misreads`,
        cause: error,
      },
    );
  }
  if (ksonnetLib !== null) {
    return new UserError(
      `${ksonnetLib[1]}.libsonnet is ksonnet-lib, the Kubernetes library ksonnet generated per Kubernetes version; ksonnet kept it in ${ksonnetLibHome(root)}, which this app lacks`,
      {
        location: file === undefined ? undefined : { file, line: loc?.start.line, column: loc?.start.column },
        hint: `copy k.libsonnet and k8s.libsonnet from a ksonnet app or ksonnet/ksonnet-lib into that folder, or pass its folder with -J <dir>`,
        cause: error,
      },
    );
  }
  // "components/params.libsonnet:3:7: components/params.libsonnet: ..." says the file twice.
  const message = file !== undefined && what.startsWith(file) ? detail : `${what}: ${detail}`;
  return new UserError(message, {
    location: file === undefined ? undefined : { file, line: loc?.start.line, column: loc?.start.column },
    hint: unvendoredPackageHint(detail, root, rendering) ?? topLevelParameterHint(error, detail),
    cause: error,
  });
}

/** A file that is a function, called without one of its parameters (no --tla-str / --tla-code). */
function topLevelParameterHint(error: JsonnetError, detail: string): string | undefined {
  const unbound = /^Missing argument: (\S+)$/.exec(detail);
  if (unbound === null || !error.trace.some((t) => t.raw === 'Top-level function call')) return undefined;
  return `the file is a function: give its parameter with --tla-str ${unbound[1]}=<value> or --tla-code ${unbound[1]}=<code>`;
}

/**
 * An import of `<registry>/<pkg>/…` that app.yaml lists as installed but whose vendor/ folder is
 * gone (deleted, not committed, a fresh clone without vendor/): kf pkg install puts it back. Or
 * one installed for other environments only: the environment rendered can leave the component
 * out, or get the package too.
 */
function unvendoredPackageHint(detail: string, root: string, rendering?: Rendering): string | undefined {
  const imported = /^couldn't open import "([^"/]+)\/([^"/]+)\/[^"]+"/.exec(detail);
  if (imported === null) return undefined;
  const [, registry, pkg] = imported;
  let library: LibrarySpec | undefined;
  let spec: AppSpec;
  try {
    spec = readAppSpec(root);
    library = spec.libraries[`${registry}/${pkg}`];
  } catch {
    return undefined; // no kf app.yaml there (a ksonnet app's libraries are other folders)
  }
  if (library === undefined) return undefined;
  if (!existsSync(vendorPackageDir(root, registry, pkg, library.version)))
    return `${registry}/${pkg} is installed in app.yaml but vendor/ lacks it: run 'kf pkg install' to restore it from kf.lock`;
  // installed for some environments only (kf pkg install --env): this one does not see it
  if (library.envs === undefined || library.envs.length === 0) return undefined;
  const installedFor = `${registry}/${pkg} is installed for ${library.envs.join(', ')} only`;
  if (rendering === undefined || spec.environments[rendering.env] === undefined)
    return `${installedFor}: make it available to another environment with 'kf pkg install ${registry}/${pkg} --env <env>'`;
  const { env, component } = rendering;
  const install = `'kf pkg install ${registry}/${pkg} --env ${env}'`;
  const list = listWithout(spec.environments[env].components, component);
  if (list === undefined) return `${installedFor}: make it available to ${env} with ${install}`;
  const joined = list.join(',');
  const components = joined.includes('!') ? `'${joined}'` : joined;
  return `${installedFor}: leave component ${component} out of ${env} with "kf env set ${env} --components ${components}", or make the package available to ${env} with ${install}`;
}

/** Evaluates a Jsonnet file that must produce an object (a values file, a params file). */
export function evaluateObjectFile(
  engine: Engine,
  file: string,
  what: string,
  root: string,
  extVars?: Record<string, ExtValue>,
): Record<string, unknown> {
  // The engine would say only "couldn't open" of a folder in the file's place.
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new UserError('expected a file, found a folder', {
      location: { file: relative(root, file) || file },
      hint: 'move the folder away',
    });
  }
  const value = evaluating(
    what,
    root,
    () => engine.evaluateFile(file, extVars ? { extVars } : undefined),
    file,
  );
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${what} must evaluate to an object`, {
      location: { file: relative(root, file) || file },
    });
  }
  return value as Record<string, unknown>;
}

/** Whether `root` holds a kf app with kf's own conventions (not a ksonnet app, nor `conventions: ksonnet`). */
function followsKfConventions(root: string): boolean {
  try {
    const app = loadAppIfAny(root);
    return app !== undefined && app.spec.ksonnet === undefined;
  } catch {
    return false;
  }
}

/** lib/ksonnet-lib/<k8sVersion>/ of the app at `root` (the version when every environment agrees). */
function ksonnetLibHome(root: string): string {
  let envs: KsonnetEnvironment[] = [];
  try {
    envs = Object.values(loadAppIfAny(root)?.spec.ksonnet?.environments ?? {});
  } catch {
    // the app itself is broken; the generic location is still right
  }
  const versions = new Set(envs.map((e) => e.k8sVersion));
  return expectedKsonnetLibDir(versions.size === 1 ? envs[0] : undefined);
}
