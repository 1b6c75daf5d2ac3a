// What `kf param set|delete` and `kf component rm` change on disk: picks the params file and scope
// (component entry, global, environment override, environment global), checks names, and applies
// the surgical edit from params-file.ts.
import { existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError, closestMatch } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { componentParamsFile, environmentDir, findComponent, findEnvironment, type App } from './app.js';
import type { JsonValue } from './jsonnet-literal.js';
import {
  componentEntryKeys,
  deleteParam,
  parseParamsSource,
  readParamsFile,
  removeComponentEntry,
  setParam,
  type ParamsScope,
} from './params-file.js';

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
      hint: 'restore it (see docs/app-format.md for its default content)',
    });
  }
}

export function setParameter(app: App, target: ParamTarget, key: string, value: JsonValue): string {
  const path = splitKey(key);
  const { file, scope, extend } = locate(app, target);
  requireFile(app, file);
  const before = readParamsFile(file);
  if (target.component !== undefined) checkKnownKey(app, target.component, path[0]);
  const after = setParam(before, file, scope, path, value, { extend });
  if (after !== before) {
    parseParamsSource(after, file);
    writeFileAtomic(file, after);
  }
  return file;
}

export function deleteParameter(app: App, target: ParamTarget, key: string): string {
  const path = splitKey(key);
  const { file, scope } = locate(app, target);
  requireFile(app, file);
  const before = readParamsFile(file);
  const after = deleteParam(before, relative(app.root, file), scope, path);
  parseParamsSource(after, file);
  writeFileAtomic(file, after);
  return file;
}

/**
 * A key that is not among the component's parameters but is one typo away from one is almost
 * always a mistake (`num_gpu` for `num_gpus`); new keys far from every known one are allowed.
 */
function checkKnownKey(app: App, component: string, key: string): void {
  const known = componentKeys(app, component);
  if (known === undefined || known.includes(key)) return;
  const close = closestMatch(key, known);
  if (close !== undefined && close !== key) {
    throw new UserError(`unknown parameter '${key}' for component '${component}'`, {
      hint: `did you mean '${close}'?`,
    });
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
  const edits: Array<{ file: string; after: string }> = [];
  const files = [
    componentParamsFile(app.root),
    ...Object.keys(app.spec.environments).map((env) =>
      join(environmentDir(app.root, env), 'params.libsonnet'),
    ),
  ];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const before = readParamsFile(file);
    const after = removeComponentEntry(before, file, name);
    if (after !== before) {
      parseParamsSource(after, file);
      edits.push({ file, after });
    }
  }
  for (const edit of edits) writeFileAtomic(edit.file, edit.after);
  rmSync(component.file);
  return [...edits.map((e) => e.file), component.file];
}
