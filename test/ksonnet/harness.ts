// Compares kf's rendering of real ksonnet artifacts with go-jsonnet evaluating the same components
// the way ksonnet 0.13 did (pkg/pipeline, pkg/env, pkg/params, pkg/component): params.libsonnet
// with `__ksonnet/environments`, globals merged, the environment's params.libsonnet over them, then
// the environment's main.jsonnet with `__ksonnet/components` (every component, inline), `__ksonnet/params`
// and `__ksonnet/environments` = {server, namespace}, on ksonnet's library path. go-jsonnet runs as
// one batch process (test/ksonnet/go-eval); kf renders in-process.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadApp, type App } from '../../src/app/app.js';
import { generateComponent, resolveParamValues } from '../../src/app/generate.js';
import { createAppEngine } from '../../src/app/jsonnet-engine.js';
import { ksonnetLibDirs } from '../../src/app/ksonnet-app.js';
import { parsePrototype, type Prototype } from '../../src/app/prototype.js';
import type { JsonValue } from '../../src/app/jsonnet-literal.js';
import { evaluateEnvironment } from '../../src/render/render.js';
import { flattenObjects } from '../../src/render/pipeline/flatten.js';
import { REPO_ROOT } from '../helpers/run-kf.js';

const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
export const ARTIFACTS = process.env.KF_KSONNET_ARTIFACTS ?? join(cache, 'kf', 'ksonnet-artifacts');
const GO_EVAL_SRC = join(REPO_ROOT, 'test', 'ksonnet', 'go-eval');
const GO_BIN_DIR = join(cache, 'kf', 'go-jsonnet-v0.22.0', 'bin');

/** Runs test/ksonnet/assemble.sh; returns why the artifacts are missing, or undefined when present. */
export function assembleArtifacts(): string | undefined {
  const r = spawnSync('bash', [join(REPO_ROOT, 'test', 'ksonnet', 'assemble.sh')], {
    encoding: 'utf8',
    env: { ...process.env, KF_KSONNET_ARTIFACTS: ARTIFACTS },
  });
  if (r.status === 0) return undefined;
  return (r.stderr || r.stdout || `assemble.sh exited with ${r.status}`).trim();
}

/** The go-jsonnet v0.22.0 batch evaluator, built (like bench/jsonnet/run.js builds go-jsonnet) when missing. */
export function goEvalBinary(): string {
  const hash = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(GO_EVAL_SRC, f)));
  const bin = join(GO_BIN_DIR, `ksonnet-eval-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(bin)) return bin;
  mkdirSync(GO_BIN_DIR, { recursive: true });
  process.stderr.write(`building go-jsonnet v0.22.0 batch evaluator into ${bin}\n`);
  const r = spawnSync('nice', ['go', 'build', '-o', bin, '.'], { cwd: GO_EVAL_SRC, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`go build of ${GO_EVAL_SRC} failed: ${r.stderr}`);
  return bin;
}

export interface GoJob {
  id: string;
  file: string;
  snippet?: string;
  jpath: string[];
  extCode?: Record<string, string>;
  extCodeFrom?: Record<string, string>;
}

export function runGoBatch(jobs: GoJob[]): Map<string, { value?: unknown; error?: string }> {
  const r = spawnSync(goEvalBinary(), [], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`ksonnet-eval failed: ${r.stderr}`);
  const results = JSON.parse(r.stdout) as Array<{ id: string; value?: unknown; error?: string }>;
  return new Map(results.map((x) => [x.id, x]));
}

/** What one environment needs for ksonnet-way evaluation of its components in go-jsonnet. */
function ksonnetJobs(app: App, envName: string, components: string[], prefix: string): GoJob[] {
  const env = app.spec.ksonnet?.environments[envName];
  if (env === undefined) throw new Error(`${app.root}: ${envName} is not a ksonnet environment`);
  const root = app.root;
  const envCode = JSON.stringify({ server: env.server, namespace: env.namespace });
  const envDir = join(root, 'environments', ...env.path.split('/'));
  const libPath = ksonnetLibDirs(root, env)[0] ?? join(root, 'lib', 'ksonnet-lib', env.k8sVersion ?? '');
  const componentsCode = `{${app.components
    .map((c) => {
      const path = JSON.stringify(c.file);
      const value =
        c.format === 'jsonnet'
          ? `import ${path}`
          : c.format === 'json'
            ? `import ${path}`
            : `std.parseYaml(importstr ${path})`;
      return `${JSON.stringify(c.name)}: ${value}`;
    })
    .join(', ')}}`;
  const jobs: GoJob[] = [
    // component.FilesystemModule.ResolvedParams: vendor, lib; __ksonnet/environments.
    {
      id: `${prefix}params`,
      file: join(root, 'components', 'params.libsonnet'),
      jpath: [join(root, 'vendor'), join(root, 'lib')],
      extCode: { '__ksonnet/environments': envCode },
    },
    // component/params.go applyGlobals
    {
      id: `${prefix}globals`,
      file: 'applyGlobals',
      snippet:
        'local params = std.extVar("params"); local applyGlobal = function(key, value) std.mergePatch(value, params.global); { components: std.mapWithKey(applyGlobal, params.components) }',
      jpath: [],
      extCodeFrom: { params: `${prefix}params` },
    },
  ];
  const envParamsFile = join(envDir, 'params.libsonnet');
  let paramsJob = `${prefix}globals`;
  if (existsSync(envParamsFile)) {
    // params.EvaluateEnv: the environment's params.libsonnet over the module's params (root module keys).
    jobs.push(
      {
        id: `${prefix}envparams`,
        file: envParamsFile,
        jpath: [libPath, join(root, 'lib'), join(root, 'vendor'), envDir],
        extCodeFrom: { '__ksonnet/params': `${prefix}globals` },
      },
      {
        id: `${prefix}rootparams`,
        file: 'params-for-module',
        snippet:
          'local p = std.extVar("p"); { components: { [k]: p.components[k] for k in std.objectFields(p.components) if std.length(std.split(k, ".")) == 1 } }',
        jpath: [],
        extCodeFrom: { p: `${prefix}envparams` },
      },
    );
    paramsJob = `${prefix}rootparams`;
  }
  // env.evaluateMain: library path in ksonnet's order (the last one wins in go-jsonnet's importer).
  const jpath = [
    join(root, 'environments'),
    envDir,
    join(root, 'vendor'),
    join(root, 'lib'),
    libPath,
    revendoredDir(app),
    join(root, 'components'),
  ];
  const main = join(envDir, 'main.jsonnet');
  for (const name of components) {
    const component = app.components.find((c) => c.name === name);
    // ksonnet patched YAML/JSON components with their environment params (params.PatchJSON).
    const patch = component !== undefined && component.format !== 'jsonnet';
    jobs.push({
      id: `${prefix}component:${name}`,
      file: main,
      snippet: `local main = import ${JSON.stringify(main)}; local v = main[${JSON.stringify(name)}];\n${
        patch
          ? `local p = std.extVar("__ksonnet/params").components; if std.objectHas(p, ${JSON.stringify(name)}) then std.mergePatch(v, p[${JSON.stringify(name)}]) else v`
          : 'v'
      }`,
      jpath,
      extCode: { '__ksonnet/environments': envCode, '__ksonnet/components': componentsCode },
      extCodeFrom: { '__ksonnet/params': paramsJob },
    });
  }
  return jobs;
}

/**
 * ksonnet copied each versioned package vendor/<reg>/<pkg>@<ver>/ to a temp dir as <reg>/<pkg>/
 * (env.revendorPackages). The copy is made once per app under the artifacts' scratch folder.
 */
function revendoredDir(app: App): string {
  const dir = join(
    dirname(app.root),
    `.revendored-${createHash('sha256').update(app.root).digest('hex').slice(0, 8)}`,
  );
  if (existsSync(dir)) return dir;
  mkdirSync(dir, { recursive: true });
  const vendor = join(app.root, 'vendor');
  if (existsSync(vendor)) {
    for (const registry of readdirSync(vendor)) {
      if (!existsSync(join(vendor, registry)) || registry.startsWith('.')) continue;
      for (const entry of readdirSync(join(vendor, registry))) {
        const at = entry.indexOf('@');
        if (at > 0)
          cpSync(join(vendor, registry, entry), join(dir, registry, entry.slice(0, at)), { recursive: true });
      }
    }
  }
  return dir;
}

export type Outcome =
  | { kind: 'identical'; objects: number }
  | { kind: 'different'; detail: string }
  | { kind: 'both-fail'; error: string }
  | { kind: 'kf-fails'; error: string }
  | { kind: 'go-fails'; error: string };

export interface ComponentResult {
  group: string;
  env: string;
  component: string;
  outcome: Outcome;
}

export interface PlannedComparison {
  jobs: GoJob[];
  /** renders with kf and compares with the batch's results */
  finish: (go: Map<string, { value?: unknown; error?: string }>) => ComponentResult[];
}

/** Plans the go-jsonnet jobs for each component of each environment; `finish` renders with kf and compares. */
export function planComparison(
  group: string,
  app: App,
  envNames: string[],
  components: string[] = app.components.map((c) => c.name),
): PlannedComparison {
  const jobs: GoJob[] = [];
  for (const env of envNames) jobs.push(...ksonnetJobs(app, env, components, `${group}/${env}/`));
  const finish = (go: Map<string, { value?: unknown; error?: string }>): ComponentResult[] => {
    const results: ComponentResult[] = [];
    for (const env of envNames) {
      const engine = createAppEngine(app, { envName: env });
      for (const component of components) {
        results.push({
          group,
          env,
          component,
          outcome: compareComponent(
            app,
            env,
            component,
            engine,
            go.get(`${group}/${env}/component:${component}`),
          ),
        });
      }
    }
    return results;
  };
  return { jobs, finish };
}

function compareComponent(
  app: App,
  env: string,
  component: string,
  engine: ReturnType<typeof createAppEngine>,
  g: { value?: unknown; error?: string } | undefined,
): Outcome {
  let kf: unknown[] | undefined;
  let kfError: string | undefined;
  try {
    kf = evaluateEnvironment(app, env, { components: [component], engine }).map((o) => o.object);
  } catch (error) {
    kfError = firstLine(error instanceof Error ? error.message : String(error));
  }
  let goObjects: unknown[] | undefined;
  let goError = g?.error !== undefined ? firstLine(g.error) : g === undefined ? 'no result' : undefined;
  if (goError === undefined) {
    try {
      goObjects = flattenObjects([{ component, file: component, value: wrapArray(g?.value) }]).map(
        (o) => o.object,
      );
    } catch (error) {
      goError = `not Kubernetes objects: ${firstLine((error as Error).message)}`;
    }
  }
  if (kfError !== undefined && goError !== undefined) return { kind: 'both-fail', error: goError };
  if (kfError !== undefined) return { kind: 'kf-fails', error: kfError };
  if (goError !== undefined) return { kind: 'go-fails', error: goError };
  return compareObjects(kf ?? [], goObjects ?? []);
}

/** ksonnet wrapped an array component into a v1 List (env.upgradeArray); flattening is the same. */
function wrapArray(value: unknown): unknown {
  return Array.isArray(value) ? { apiVersion: 'v1', kind: 'List', items: value } : value;
}

function compareObjects(kf: unknown[], go: unknown[]): Outcome {
  if (kf.length !== go.length)
    return { kind: 'different', detail: `kf ${kf.length} objects, go-jsonnet ${go.length}` };
  for (let i = 0; i < kf.length; i++) {
    const diff = firstDifference(kf[i], go[i], '');
    if (diff !== undefined) return { kind: 'different', detail: `object ${i}${diff}` };
  }
  return { kind: 'identical', objects: kf.length };
}

function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join('\0') !== kb.join('\0'))
      return `${path}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
    for (const k of ka) {
      const d = firstDifference(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) || a === b ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 240) ?? text
  );
}

// ---------------------------------------------------------------------------------------------
// Registries: one ksonnet app per registry with every prototype generated with its defaults.

const KSONNET_ENV_FILES: Record<string, string> = {
  'environments/base.libsonnet':
    'local components = std.extVar("__ksonnet/components");\ncomponents + {\n  // Insert user-specified overrides here.\n}\n',
  'environments/default/main.jsonnet': 'local base = import "base.libsonnet";\n\nbase + {\n}\n',
  'environments/default/params.libsonnet': `local params = std.extVar("__ksonnet/params");
local globals = import "globals.libsonnet";
local envParams = params + {
  components +: {
  },
};

{
  components: {
    [x]: envParams.components[x] + globals, for x in std.objectFields(envParams.components)
  },
}
`,
  'environments/default/globals.libsonnet': '{\n}',
  'components/params.libsonnet': '{\n  global: {\n  },\n  components: {\n  },\n}\n',
};

export interface GeneratedPrototype {
  prototype: string;
  component: string;
  /** required parameters other than `name` given a placeholder value (ksonnet would have refused) */
  placeholders: string[];
  error?: string;
}

/**
 * Builds a ksonnet 0.3.0 app at `root` with every package of the registry folder vendored (the
 * ksonnet ≤ 0.11 unversioned layout) and every prototype generated by kf with its defaults.
 */
export function buildRegistryApp(
  registryDir: string,
  registryName: string,
  root: string,
): { app: App; generated: GeneratedPrototype[] } {
  const index = parseYaml(readFileSync(join(registryDir, 'registry.yaml'), 'utf8')) as {
    libraries?: Record<string, { path?: string }>;
  };
  const packages = Object.entries(index.libraries ?? {}).map(([name, lib]) => ({
    name,
    dir: join(registryDir, lib.path ?? name),
  }));
  mkdirSync(root, { recursive: true });
  const libraries = Object.fromEntries(
    packages.map((p) => [`${registryName}/${p.name}`, { name: p.name, registry: registryName, version: '' }]),
  );
  writeFileSync(
    join(root, 'app.yaml'),
    `apiVersion: 0.3.0
kind: ksonnet.io/app
name: ${registryName}-prototypes
environments:
  default:
    destination:
      namespace: default
      server: https://127.0.0.1:6443
    k8sVersion: v1.9.7
    path: default
libraries: ${JSON.stringify(libraries)}
registries:
  ${registryName}:
    protocol: fs
    uri: ${registryDir}
version: 0.0.1
`,
  );
  for (const [file, content] of Object.entries(KSONNET_ENV_FILES)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), content);
  }
  cpSync(join(ARTIFACTS, 'ksonnet-lib', 'v1.9.7'), join(root, 'lib', 'ksonnet-lib', 'v1.9.7'), {
    recursive: true,
  });
  for (const p of packages) {
    if (existsSync(p.dir)) cpSync(p.dir, join(root, 'vendor', registryName, p.name), { recursive: true });
  }
  const generated: GeneratedPrototype[] = [];
  const used = new Set<string>();
  for (const p of packages) {
    for (const file of prototypeFiles(join(root, 'vendor', registryName, p.name, 'prototypes'))) {
      let prototype: Prototype;
      try {
        prototype = parsePrototype(readFileSync(file, 'utf8'), file, {
          kind: 'package',
          registry: registryName,
          pkg: p.name,
          version: '',
        });
      } catch (error) {
        generated.push({ prototype: file, component: '', placeholders: [], error: (error as Error).message });
        continue;
      }
      let component = prototype.name
        .replace(/^io\.ksonnet\.pkg\./, '')
        .replace(/[^A-Za-z0-9-]/g, '-')
        .toLowerCase();
      if (used.has(component)) component = `${p.name}-${component}`;
      used.add(component);
      const placeholders = prototype.params.filter((x) => x.required && x.name !== 'name');
      const fromFile: Record<string, JsonValue> = Object.fromEntries(
        placeholders.map((x) => [x.name, placeholder(x.type, x.name)]),
      );
      try {
        const values = resolveParamValues(prototype, component, [], fromFile, 'ksonnet');
        generateComponent(loadApp(root), prototype, component, values);
        generated.push({
          prototype: prototype.name,
          component,
          placeholders: placeholders.map((x) => x.name),
        });
      } catch (error) {
        generated.push({
          prototype: prototype.name,
          component,
          placeholders: [],
          error: (error as Error).message,
        });
      }
    }
  }
  return { app: loadApp(root), generated };
}

function placeholder(type: string, name: string): JsonValue {
  switch (type) {
    case 'number':
      return 1;
    case 'object':
      return {};
    case 'array':
      return [];
    case 'boolean':
      return false;
    default:
      return `${name}-value`;
  }
}

function prototypeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...prototypeFiles(path));
    else if (entry.name.endsWith('.jsonnet')) out.push(path);
  }
  return out;
}

/** One row per group: how many components, identical, shared failures, kf-only problems. */
export function summarize(results: ComponentResult[]): string[] {
  const groups = [...new Set(results.map((r) => r.group))];
  const rows = [
    '| group | components | identical to go-jsonnet | fail in both (upstream) | differ / kf-only / go-only |',
    '|---|---|---|---|---|',
  ];
  for (const group of groups) {
    const rs = results.filter((r) => r.group === group);
    const count = (kind: Outcome['kind']) => rs.filter((r) => r.outcome.kind === kind).length;
    rows.push(
      `| ${group} | ${rs.length} | ${count('identical')} | ${count('both-fail')} | ${count('different')} / ${count('kf-fails')} / ${count('go-fails')} |`,
    );
  }
  return rows;
}
