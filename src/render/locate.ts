// Where in the app's Jsonnet a rendered object's field is written (the line to change), for the
// messages of validate and apply: `spec.replicas` of a Deployment that a vendored library builds
// and a component patches is found in whichever file wrote the value that won. Evaluates the
// components again, so it runs only for objects something is reported about.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { App } from '../app/app.js';
import { environmentDir } from '../app/app.js';
import { appLocation } from '../app/jsonnet-engine.js';
import { COMPONENTS_EXT_VAR } from '../app/params.js';
import type { Location } from '../errors.js';
import type { FieldSource, Loc } from '../jsonnet/index.js';
import { yamlV2Options } from '../jsonnet/yaml-v2.js';
import { valueAt } from './validate-errors.js';
import type { PathSegment, RenderedObject } from '../kube-object.js';
import { environmentContext, ownExtVarsOf, type RenderOptions } from './render.js';
import { findStaticEnvironments } from './pipeline/tanka-environment.js';

export interface FieldRequest {
  object: RenderedObject;
  /** the field inside the object, e.g. ['spec', 'replicas']; [] for the object itself */
  field: readonly PathSegment[];
}

/**
 * For each request, the file, line and column of the expression that gives the field (or its
 * deepest part that exists, for a missing field); undefined where it cannot be traced (a YAML
 * component, a value built from data such as std.parseYaml's).
 */
export function locateFields(
  app: App,
  envName: string,
  requests: readonly FieldRequest[],
  options: RenderOptions = {},
): (Location | undefined)[] {
  const out: (Location | undefined)[] = requests.map(() => undefined);
  const byFile = new Map<string, { component: string; indexes: number[] }>();
  requests.forEach(({ object }, i) => {
    if (object.source === undefined) return;
    const entry = byFile.get(object.source.file) ?? { component: object.component, indexes: [] };
    entry.indexes.push(i);
    byFile.set(object.source.file, entry);
  });
  if (byFile.size === 0) return out;
  const { engine, extVars, tlas } = environmentContext(app, envName, options);
  const components = app.components.filter((c) => byFile.has(c.file));
  const statics = findStaticEnvironments(components, { root: app.root, engine });
  const paths = (indexes: number[]) =>
    indexes.map((i) => {
      const { object, field } = requests[i] as FieldRequest;
      return [...(object.source?.path ?? []), ...field];
    });
  // environments/<env>/main.jsonnet may patch what a component rendered; where it wrote the field,
  // its line is the one that counts. It is given no components here: what it did not write
  // itself is not found in it.
  const main = join(environmentDir(app.root, envName), 'main.jsonnet');
  const mainSources = existsSync(main)
    ? engine.fieldSources(
        main,
        [...byFile.values()].flatMap(({ component, indexes }) =>
          paths(indexes).map((p) => [component, ...p]),
        ),
        { extVars: { ...extVars, [COMPONENTS_EXT_VAR]: { kind: 'json', value: {} } }, tlas },
      )
    : undefined;
  let m = 0;
  for (const [file, { component, indexes }] of byFile) {
    const own = ownExtVarsOf(app, statics, component);
    const format = app.components.find((c) => c.file === file)?.format;
    const sources =
      format === 'jsonnet'
        ? engine.fieldSources(file, paths(indexes), {
            extVars: own === undefined ? extVars : { ...extVars, ...own },
            tlas,
          })
        : manifestSources(
            file,
            paths(indexes),
            indexes.map((i) =>
              valueAt((requests[i] as FieldRequest).object.object, (requests[i] as FieldRequest).field),
            ),
          );
    indexes.forEach((requestIndex, k) => {
      const fromMain = mainSources?.[m++];
      const fromComponent = sources?.[k];
      out[requestIndex] = appLocation(app.root, chooseSource(fromMain, fromComponent));
    });
  }
  return out;
}

function chooseSource(fromMain: FieldSource | undefined, fromComponent: FieldSource | undefined) {
  // main.jsonnet's path starts with the component's name: one segment more.
  if (fromMain?.loc !== undefined && fromMain.reached - 1 >= (fromComponent?.reached ?? 0))
    return fromMain.loc;
  return fromComponent?.loc ?? fromComponent?.nearest?.loc;
}

/**
 * The node at `path`, mapping keys compared as the rendered object has them: toJS makes every key
 * a string, so the YAML 1.1 key `on` is the field "true" (Document.getIn would look for a string).
 * The last of duplicate keys wins, as in the render.
 */
function nodeAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (isMap(node))
      node = node.items.findLast(
        (pair) => String(isScalar(pair.key) ? pair.key.value : pair.key) === String(segment),
      )?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return node;
}

/**
 * fieldSources for a YAML or JSON component: the node at each path (its deepest part that exists)
 * in the document it is (the n-th that is not empty, as evaluate-components.ts counts them). A
 * value the environment's params patched is not the file's: no place is given for it.
 */
function manifestSources(
  file: string,
  paths: readonly (readonly PathSegment[])[],
  rendered: readonly unknown[],
): FieldSource[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, ...yamlV2Options() });
  const filled = (Array.isArray(documents) ? documents : [documents]).filter(
    (d) => d.errors.length === 0 && d.contents !== null && d.toJS() !== null,
  );
  const locOf = (node: { range?: [number, number, number] | null }): Loc | undefined => {
    if (!node.range) return undefined;
    const { line, col } = lineCounter.linePos(node.range[0]);
    const pos = { line, column: col, offset: node.range[0] };
    return { file, start: pos, end: pos };
  };
  return paths.map(([index, ...path], i) => {
    const doc = typeof index === 'number' ? filled[index] : undefined;
    if (doc === undefined) return { reached: 0, loc: undefined, nearest: undefined };
    for (let depth = path.length; depth >= 0; depth--) {
      const node = nodeAt(doc.contents, path.slice(0, depth));
      if (node === undefined || node === null || !isNode(node)) continue;
      const loc = locOf(node);
      // A value the file does not hold (a field the params added, a scalar they changed) is not its.
      const patched =
        depth === path.length
          ? isScalar(node) && JSON.stringify(node.toJSON()) !== JSON.stringify(rendered[i])
          : rendered[i] !== undefined;
      if (patched || loc === undefined) return { reached: depth + 1, loc: undefined, nearest: undefined };
      return { reached: depth + 1, loc, nearest: { loc, depth: depth + 1 } };
    }
    return { reached: 0, loc: undefined, nearest: undefined };
  });
}
