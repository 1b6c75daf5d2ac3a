// `kf upgrade`: converts a ksonnet app's app.yaml in place to kf's format. Only app.yaml changes:
// components, params files, environments/ and lib/ are already in a shape kf reads, and the app
// keeps ksonnet's contract for its components (`conventions: ksonnet`), so it renders the same.
// The edit goes through the yaml Document API, so comments and key order survive.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { App } from './app.js';
import { APP_API_VERSION, APP_FILE } from './app-file.js';
import { expectedKsonnetLibDir, ksonnetLibDirs } from './ksonnet-app.js';

export interface UpgradePlan {
  file: string;
  before: string;
  after: string;
  /** what the user should know beyond the diff */
  notes: string[];
}

export function planUpgrade(app: App): UpgradePlan {
  const info = app.spec.ksonnet;
  if (info === undefined || !info.ksonnetFormat) {
    throw new UserError(`${APP_FILE} is already in kf's format (${app.spec.apiVersion})`, {
      location: { file: join(app.root, APP_FILE) },
      hint: 'nothing to upgrade',
    });
  }
  const file = join(app.root, APP_FILE);
  const before = readFileSync(file, 'utf8');
  const doc = parseDocument(before);
  const notes: string[] = [];
  const raw = doc.toJS() as Record<string, unknown>;

  for (const [name, env] of Object.entries(info.environments)) {
    if (env.path !== name) {
      throw new UserError(`environment '${name}' keeps its files in environments/${env.path}/`, {
        location: { file },
        hint: `kf keeps them in environments/${name}/: move the folder and set path: ${name}, then run kf upgrade again`,
      });
    }
  }

  doc.set('apiVersion', APP_API_VERSION);
  doc.set('kind', 'App');
  if (typeof raw.name !== 'string' || raw.name === '') doc.set('name', app.spec.name);
  doc.set('conventions', 'ksonnet');

  const rawEnvs = (raw.environments ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, env] of Object.entries(info.environments)) {
    const targets = rawEnvs[name]?.targets;
    if (Array.isArray(targets) && targets.some((t) => t !== '/' && t !== '')) {
      notes.push(
        `environment ${name} targets modules ${targets.join(', ')}: kf renders every component in components/`,
      );
    }
    if (env.source === 'spec.json') {
      notes.push(
        `environment ${name} moves from environments/${name}/spec.json into app.yaml (spec.json is left in place; kf ignores it)`,
      );
    }
    // ksonnet-lib stays where ksonnet kept it; app.yaml names the folder (k8sVersion is left out:
    // kf's k8sVersion selects validation schemas, which 2018 versions do not have). An app that
    // lacks it gets the folder ksonnet would have kept it in: without k8sVersion, ksonnetLib is
    // the only way kf finds the files the user copies there after the upgrade.
    const libDir = ksonnetLibDirs(app.root, env)[0];
    const ksonnetLib =
      libDir !== undefined
        ? relative(app.root, libDir).split('\\').join('/')
        : env.k8sVersion !== undefined
          ? expectedKsonnetLibDir(env).replace(/\/$/, '')
          : undefined;
    const spec = {
      ...(env.server !== '' ? { server: env.server } : {}),
      namespace: env.namespace,
      ...(ksonnetLib !== undefined ? { ksonnetLib } : {}),
    };
    if (libDir === undefined)
      notes.push(
        `environment ${name}: no ksonnet-lib found (${expectedKsonnetLibDir(env)}); components importing k.libsonnet need it`,
      );
    if (!isMap(doc.get('environments', true))) doc.set('environments', doc.createNode({}));
    doc.setIn(['environments', name], doc.createNode(spec));
    notes.push(
      `environment ${name} has no kube context: kf uses the context whose server is ${env.server || '(none)'}; bind one with 'kf env set ${name} --context <name>'`,
    );
  }

  const registries = (raw.registries ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, registry] of Object.entries(registries)) {
    const uri = typeof registry?.uri === 'string' ? registry.uri : '';
    if (uri === '') {
      doc.deleteIn(['registries', name]);
      notes.push(`registry ${name} had no URI and is dropped`);
      continue;
    }
    if (registry.protocol === 'helm')
      notes.push(`registry ${name} is a Helm chart repository, which kf does not read`);
    doc.setIn(['registries', name], doc.createNode({ uri }));
  }

  // Libraries: top-level and env-scoped ones, keyed "<registry>/<name>" as kf (and ksonnet 0.13) do.
  if (doc.has('libraries')) doc.delete('libraries');
  const libraries = Object.entries(app.spec.libraries);
  if (libraries.length > 0) {
    doc.set(
      'libraries',
      doc.createNode(
        Object.fromEntries(
          libraries.map(([key, lib]) => [
            key,
            {
              registry: lib.registry,
              name: lib.name,
              version: lib.version,
              ...(lib.envs !== undefined ? { envs: lib.envs } : {}),
            },
          ]),
        ),
      ),
    );
  }
  for (const key of ['environments', 'registries', 'libraries']) {
    const node = doc.get(key, true);
    if (isMap(node)) node.flow = false;
  }
  orderKeys(doc);
  const after = doc.toString();
  return { file, before, after, notes };
}

export function applyUpgrade(plan: UpgradePlan): void {
  writeFileAtomic(plan.file, plan.after);
}

/** Puts kf's keys first, in kf's order; other keys (ksonnet's `version`, `description`, …) follow. */
function orderKeys(doc: Document): void {
  const map = doc.contents;
  if (!isMap(map)) return;
  const order = ['apiVersion', 'kind', 'name', 'conventions', 'environments', 'registries', 'libraries'];
  const keyOf = (pair: (typeof map.items)[number]) => String(isScalar(pair.key) ? pair.key.value : pair.key);
  const rank = (pair: (typeof map.items)[number]) => {
    const i = order.indexOf(keyOf(pair));
    return i < 0 ? order.length : i;
  };
  map.items = map.items
    .map((pair, index) => ({ pair, index }))
    .sort((a, b) => rank(a.pair) - rank(b.pair) || a.index - b.index)
    .map((x) => x.pair);
}
