// What `kf param set|delete` and `kf component rm` change on disk: picks the params file and scope
// (component entry, global, environment override, environment global), checks names, and applies
// the surgical edit from params-file.ts.
import { accessSync, constants, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UserError, editDistance } from '../errors.js';
import { writeFileAtomic, writeFilesAtomic } from '../util/atomic-write.js';
import { fileSystemUserError } from '../util/fs-error.js';
import { componentParamsFile, environmentDir, findComponent, findEnvironment, type App } from './app.js';
import { APP_FILE, updateAppFile } from './app-file.js';
import type { JsonValue } from './jsonnet-literal.js';
import { encodeText, inFileView, readTextFile, type TextFile } from '../util/text-file.js';
import {
  componentEntryKeys,
  deleteParam,
  parseParamsSource,
  readParamsFile,
  removeComponentEntry,
  setParam,
  type ParamsScope,
} from './params-file.js';
import { docsFile } from '../util/package-root.js';
import { lex } from '../jsonnet/lexer.js';

export interface ParamTarget {
  /** absent: a global parameter */
  component?: string;
  /** absent: components/params.libsonnet */
  env?: string;
}

export function splitKey(key: string): string[] {
  const path = key.split('.');
  if (path.some((p) => p === ''))
    throw new UserError(`invalid parameter key '${key}'`, {
      hint: 'use dotted keys such as metadata.labels',
      exitCode: 2,
    });
  return path;
}

interface Located {
  file: string;
  scope: ParamsScope;
  extend: boolean;
}

function locate(app: App, target: ParamTarget): Located {
  if (target.component !== undefined) findComponent(app, target.component);
  if (target.env === undefined) {
    const file = componentParamsFile(app.root);
    return {
      file,
      scope:
        target.component === undefined
          ? { kind: 'global' }
          : { kind: 'component', component: target.component },
      extend: false,
    };
  }
  findEnvironment(app, target.env);
  const dir = environmentDir(app.root, target.env);
  if (target.component === undefined)
    return { file: join(dir, 'globals.libsonnet'), scope: { kind: 'top' }, extend: true };
  return {
    file: join(dir, 'params.libsonnet'),
    scope: { kind: 'component', component: target.component },
    extend: true,
  };
}

function requireFile(app: App, file: string): void {
  if (!existsSync(file)) {
    throw new UserError(`${relative(app.root, file)} does not exist`, {
      hint: `restore it (see ${docsFile('app-format.md')} for its default content)`,
    });
  }
}

export function setParameter(app: App, target: ParamTarget, key: string, value: JsonValue): string {
  const path = splitKey(key);
  const { file, scope, extend } = locate(app, target);
  requireFile(app, file);
  const source = readTextFile(file);
  const view = (text: string) => inFileView(source, text);
  if (target.component !== undefined) checkKnownKey(app, target.component, path[0]);
  const after = setParam(
    source.text,
    relative(app.root, file),
    scopeInView(scope, view),
    path.map(view),
    valueInView(value, view),
    {
      extend,
    },
  );
  if (after !== source.text) writeParamsFile(app, file, source, after);
  return file;
}

export function deleteParameter(app: App, target: ParamTarget, key: string): string {
  const path = splitKey(key);
  const { file, scope } = locate(app, target);
  requireFile(app, file);
  const source = readTextFile(file);
  const view = (text: string) => inFileView(source, text);
  const after = deleteParam(source.text, relative(app.root, file), scopeInView(scope, view), path.map(view));
  writeParamsFile(app, file, source, after);
  return file;
}

/** Writes an edited params file after checking it still parses, in its own encoding and line endings. */
function writeParamsFile(app: App, file: string, source: TextFile, after: string): void {
  parseParamsSource(after, file);
  writeFileAtomic(file, encodeText(source, after), { root: app.root, what: relative(app.root, file) });
}

function scopeInView(scope: ParamsScope, view: (text: string) => string): ParamsScope {
  return scope.kind === 'component' ? { kind: 'component', component: view(scope.component) } : scope;
}

function valueInView(value: JsonValue, view: (text: string) => string): JsonValue {
  if (typeof value === 'string') return view(value);
  if (Array.isArray(value)) return value.map((v) => valueInView(v, view));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [view(k), valueInView(v, view)]));
  }
  return value;
}

/**
 * A key that is not among the component's parameters but is one typo away from one is almost
 * always a mistake (`num_gpu` for `num_gpus`). A key the component's file names is not: ksonnet
 * components keep defaults there (`gpuImage: null, cpuImage: '…'} + params`), and two real
 * parameters can be one letter apart. New keys far from every known one are allowed.
 */
function checkKnownKey(app: App, component: string, key: string): void {
  const known = componentKeys(app, component);
  if (known === undefined || known.includes(key)) return;
  const close = known.find((k) => editDistance(key, k) === 1);
  if (close === undefined || namesKey(findComponent(app, component).file, key)) return;
  throw new UserError(`unknown parameter '${key}' for component '${component}'`, {
    hint: `did you mean '${close}'? If '${key}' is a new parameter, add it to ${relative(app.root, componentParamsFile(app.root))} by hand first`,
  });
}

/**
 * Where a component reads `params.key` (or `params['key']`) outside comments and strings: its file
 * and the line of the first read, or undefined. After the key's deletion such a read fails to
 * render wherever no override sets the key again.
 */
export function parameterRead(
  app: App,
  component: string,
  key: string,
): { file: string; line: number } | undefined {
  const { file, format } = findComponent(app, component);
  if (format !== 'jsonnet') return undefined;
  const text = readOrUndefined(file);
  if (text === undefined) return undefined;
  let tokens: ReturnType<typeof lex>;
  try {
    tokens = lex(text, file);
  } catch {
    return undefined; // a file that does not lex is reported by the commands that render it
  }
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i].kind !== 'id' || tokens[i].value !== 'params') continue;
    const [next, name, close] = [tokens[i + 1], tokens[i + 2], tokens[i + 3]];
    const dotted = next.value === '.' && name.kind === 'id' && name.value === key;
    const indexed = next.value === '[' && name.kind === 'str' && name.value === key && close?.value === ']';
    if (dotted || indexed) return { file, line: text.slice(0, tokens[i].start).split('\n').length };
  }
  return undefined;
}

/** Whether the file names `key` as a whole word (a field, `params.key`, a string). */
function namesKey(file: string, key: string): boolean {
  const text = readOrUndefined(file);
  if (text === undefined) return false;
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`).test(text);
}

/** A component's text, or undefined when it cannot be read (the commands that render it say why). */
function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The top-level keys of a component's entry in components/params.libsonnet, if it has one. */
export function componentKeys(app: App, component: string): string[] | undefined {
  const file = componentParamsFile(app.root);
  return existsSync(file) ? componentEntryKeys(readParamsFile(file), file, component) : undefined;
}

/**
 * Removes a component: its entry from components/params.libsonnet and from every environment's
 * params.libsonnet, then its file. All edits are computed (and must parse) before any is written.
 */
export function removeComponent(app: App, name: string): string[] {
  const component = findComponent(app, name);
  const files = [
    componentParamsFile(app.root),
    ...Object.keys(app.spec.environments).map((env) =>
      join(environmentDir(app.root, env), 'params.libsonnet'),
    ),
  ];
  const edits: Array<{ file: string; source: TextFile; after: string }> = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const source = readTextFile(file);
    const after = removeComponentEntry(source.text, file, inFileView(source, name));
    if (after !== source.text) {
      parseParamsSource(after, file);
      edits.push({ file, source, after });
    }
  }
  // Written together: a folder kf cannot write (one environment's) leaves every file as it was,
  // instead of the component's entries gone from some files while the component stays.
  checkRemovable(component.file);
  writeFilesAtomic(
    edits.map(({ file, source, after }) => ({
      path: file,
      data: encodeText(source, after),
      options: { root: app.root, what: relative(app.root, file) },
    })),
  );
  const listed = dropFromComponentLists(app, name);
  rmSync(component.file);
  return [...edits.map((e) => e.file), ...listed, component.file];
}

/**
 * Takes a removed component out of the environments' components lists in app.yaml (else each
 * would name a component that no longer exists). A list of `!name`s left empty goes (every
 * component); a list of names left empty stays `[]`: that environment renders nothing, as before.
 */
function dropFromComponentLists(app: App, name: string): string[] {
  const envs = Object.entries(app.spec.environments).filter(([, env]) =>
    env.components?.some((entry) => entry.replace(/^!/, '') === name),
  );
  if (envs.length === 0) return [];
  updateAppFile(app.root, (doc) => {
    for (const [env, spec] of envs) {
      const list = spec.components ?? [];
      const index = list.findIndex((entry) => entry.replace(/^!/, '') === name);
      if (list.length === 1 && list[0].startsWith('!')) doc.deleteIn(['environments', env, 'components']);
      else doc.deleteIn(['environments', env, 'components', index]);
    }
  });
  return [join(app.root, APP_FILE)];
}

/** Fails (before anything is written) when the component's file cannot be deleted. */
function checkRemovable(file: string): void {
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch (error) {
    throw fileSystemUserError(error, dirname(file)) ?? error;
  }
}
