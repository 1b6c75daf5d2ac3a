// `kf lint`: go-jsonnet v0.22's linter (the one Tanka's `tk lint` and jsonnet-lint run) over Jsonnet
// files. Folders are searched as `kf fmt` searches them. Each file's imports resolve as they do
// where the file is used: inside a kf (or ksonnet) app as the app's components see them; elsewhere
// as Tanka resolves them for `tk lint` (the file's folder, <root>/lib, <folder>/vendor,
// <root>/vendor, the root holding tkrc.yaml or jsonnetfile.json).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadApp, ENVIRONMENTS_DIR, type App } from '../app/app.js';
import { findAppRoot } from '../app/app-file.js';
import { appImportPath } from '../app/jsonnet-engine.js';
import { TK_IMPORT } from '../app/tanka-tk.js';
import { kubecfgImport } from '../app/kubecfg-lib.js';
import {
  jpathImporter,
  LintCache,
  LintInternalError,
  lintSnippets,
  type LintImporter,
  type LintProblem,
} from '../jsonnet/lint/index.js';
import { UserError } from '../errors.js';
import { isInside } from '../util/path-guard.js';
import { readBytes } from '../util/fs-error.js';
import { decodeSource, jsonnetFilesIn } from './fmt.js';

export interface LintFilesOptions {
  /** Files and folders. A file named here is linted whatever its name and the excludes. */
  paths: string[];
  /** Globs matched against each path found in a folder, relative to it. Default: as kf fmt. */
  exclude?: string[];
  /** Library directories searched before the ones the file's place gives (-J). */
  jpath?: string[];
}

export interface LintedFile {
  path: string;
  /** What go-jsonnet's linter writes for the file: each problem, its location and source lines. */
  output: string;
  /**
   * What was reported, in order (a syntax error is one; a panic of go-jsonnet's linter is one, with
   * no location): the file failed when there is any.
   */
  problems: LintProblem[];
}

export interface LintFilesResult {
  files: LintedFile[];
}

/** Lints `paths` (files and folders searched for Jsonnet files), in the order found. */
export function lintFiles(options: LintFilesOptions): LintFilesResult {
  const resolver = new ImportResolver(options.jpath ?? []);
  // Every importer reads a file at one path alike: each imported file is analysed once per run.
  const cache = new LintCache();
  const files: LintedFile[] = [];
  for (const file of jsonnetFilesIn(options.paths, options.exclude)) {
    let code: string;
    try {
      code = decodeSource(readBytes(file), file);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      files.push({
        path: file,
        output: `${error.format()}\n`,
        problems: [{ message: error.format() }],
      });
      continue;
    }
    let result;
    try {
      result = lintSnippets([{ fileName: file, code }], resolver.importerFor(path.resolve(file)), cache);
    } catch (error) {
      // The parser and the analysis recurse per nesting level, where go-jsonnet's Go stack grows:
      // a file nested deeper than the host stack is that file's problem, as it is for kf fmt.
      if (error instanceof RangeError && /call stack/.test(error.message)) {
        const message = 'too deeply nested to lint (the host stack ran out)';
        const location = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
        files.push({ path: file, output: `${file}:1:1 ${message}\n\n`, problems: [{ message, location }] });
        continue;
      }
      // Where go-jsonnet's linter panics (two files that import each other), tk lint reports the
      // panic after what was written before it, and goes on with the other files: so does kf.
      if (!(error instanceof LintInternalError)) throw error;
      const panic = `caught a panic while linting ${file}: ${error.message}`;
      const output = `${error.output}${panic}\n\n`;
      files.push({ path: file, output, problems: [...error.problems, { message: panic }] });
      continue;
    }
    files.push({ path: file, output: result.output, problems: result.problems });
  }
  return { files };
}

/** One importer per place: an app (per environment folder), or a Tanka-style project root. */
class ImportResolver {
  private readonly apps = new Map<string, App>();
  private readonly importers = new Map<string, LintImporter>();

  constructor(private readonly jpath: readonly string[]) {}

  importerFor(file: string): LintImporter {
    const dir = path.dirname(file);
    const app = this.appOf(dir);
    const key = app === undefined ? `tanka:${dir}` : `app:${app.root}:${environmentOf(app, file) ?? ''}`;
    let importer = this.importers.get(key);
    if (importer === undefined) {
      importer = withBuiltins(app === undefined ? this.tankaImporter(dir) : this.appImporter(app, file), {
        tk: app?.spec.ksonnet === undefined,
        kubecfg: app !== undefined,
      });
      this.importers.set(key, importer);
    }
    return importer;
  }

  private appOf(dir: string): App | undefined {
    let root: string;
    try {
      root = findAppRoot(dir);
    } catch {
      return undefined;
    }
    let app = this.apps.get(root);
    if (app === undefined) {
      app = loadApp(root);
      this.apps.set(root, app);
    }
    return app;
  }

  /**
   * As the app's components see their imports: its -J, lib/, vendor/ and environments/ folders and
   * its installed packages, with the environment's own libraries for a file in its folder. A
   * ksonnet app's components get the first environment's ksonnet-lib (k.libsonnet).
   */
  private appImporter(app: App, file: string): LintImporter {
    const envName =
      environmentOf(app, file) ??
      (app.spec.ksonnet === undefined ? undefined : Object.keys(app.spec.ksonnet.environments)[0]);
    const { jpath, importer } = appImportPath(app, { envName, jpath: [...this.jpath] });
    const search = jpathImporter(jpath);
    return (fromFile, importPath) => {
      const found = importer(path.dirname(fromFile), importPath);
      if (found === undefined) return search(fromFile, importPath);
      const code =
        typeof found.content === 'string' ? found.content : Buffer.from(found.content).toString('utf8');
      return { foundAt: found.foundHere, code };
    };
  }

  /**
   * Tanka's `tk lint` import path (jpath.Resolve): the file's folder, <root>/lib, <folder>/vendor,
   * <root>/vendor, where the root is the nearest folder up holding tkrc.yaml, else
   * jsonnetfile.json. With no root, only the file's folder (as jsonnet-lint), where tk lint fails.
   */
  private tankaImporter(dir: string): LintImporter {
    const root = findParentWith('tkrc.yaml', dir) ?? findParentWith('jsonnetfile.json', dir);
    const jpath =
      root === undefined
        ? [...this.jpath]
        : [...this.jpath, dir, path.join(root, 'lib'), path.join(dir, 'vendor'), path.join(root, 'vendor')];
    return jpathImporter(jpath);
  }
}

/**
 * Imports that are not files. A prototype's holes, `import 'param://x'` and `import 'env://x'`, are
 * parameters that kf generate (as ksonnet) fills in: they read as a value of any type, as
 * std.extVar's. And `import 'tk'` is Tanka's built-in tk.libsonnet (its tkLoader runs before the
 * file importer), except in a ksonnet app; in an app, `import 'kubecfg.libsonnet'` that finds no
 * file is kubecfg's library (kubecfg-lib.ts), as the app's engine gives it.
 */
function withBuiltins(importer: LintImporter, builtins: { tk: boolean; kubecfg: boolean }): LintImporter {
  const kubecfg = builtins.kubecfg ? kubecfgImport() : {};
  return (fromFile, importPath) => {
    if (/^(param|env):\/\//.test(importPath))
      return { foundAt: importPath, code: `std.extVar(${JSON.stringify(importPath)})` };
    const builtin = builtins.tk && Object.hasOwn(TK_IMPORT, importPath) ? TK_IMPORT[importPath] : undefined;
    if (builtin !== undefined) return { foundAt: builtin.foundAt, code: builtin.content };
    const found = importer(fromFile, importPath);
    const fallback = 'error' in found && Object.hasOwn(kubecfg, importPath) ? kubecfg[importPath] : undefined;
    return fallback === undefined ? found : { foundAt: fallback.foundAt, code: fallback.content };
  };
}

/** The environment whose folder holds `file`, if any. */
function environmentOf(app: App, file: string): string | undefined {
  const envsDir = path.join(app.root, ENVIRONMENTS_DIR);
  if (!isInside(envsDir, file)) return undefined;
  if (app.spec.ksonnet !== undefined) {
    for (const [name, env] of Object.entries(app.spec.ksonnet.environments)) {
      if (isInside(path.join(envsDir, ...env.path.split('/')), file)) return name;
    }
    return undefined;
  }
  const first = path.relative(envsDir, file).split(path.sep)[0]!;
  return Object.hasOwn(app.spec.environments, first) ? first : undefined;
}

function findParentWith(name: string, start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate) && statSync(candidate).isFile()) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
