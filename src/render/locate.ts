// Where in the app's Jsonnet a rendered object's field is written (the line to change), for the
// messages of validate and apply: `spec.replicas` of a Deployment that a vendored library builds
// and a component patches is found in whichever file wrote the value that won. Evaluates the
// components again, so it runs only for objects something is reported about.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { App } from '../app/app.js';
import { environmentDir } from '../app/app.js';
import { appLocation } from '../app/jsonnet-engine.js';
import { COMPONENTS_EXT_VAR } from '../app/params.js';
import type { Location } from '../errors.js';
import type { FieldSource } from '../jsonnet/index.js';
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
 * component, a Tanka inline environment, a value built from data such as std.parseYaml's).
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
  // its line is the one that counts. It sees the components as data, which has no lines.
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
    const sources = engine.fieldSources(file, paths(indexes), {
      extVars: own === undefined ? extVars : { ...extVars, ...own },
      tlas,
    });
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
