#!/usr/bin/env node
// Build step (after tsc): esbuild bundles of the start-up fast paths, so a command loads a few
// files instead of hundreds of modules. Usage: node scripts/bundle.js [dist directory]
// - dist/cli/eval.bundle.cjs: `kf eval` (the evaluator alone, no oclif).
// - dist/fast/commands.cjs: `kf env list`, `kf show`, `kf export`, … (src/cli/fast-run.ts and the
//   commands it lists); `@oclif/core` resolves to src/cli/oclif-slim.ts.
// - dist/fast/ids.cjs: which command lines the fast path takes (src/cli/fast-commands.ts).
// - dist/fast/render-worker.js: the worker thread of parallel rendering (export, validate), bundled too.
// - dist/lazy/goyaml-v2.cjs: std.parseYaml's YAML code, loaded by the two bundles above when first called.
// - dist/lazy/kubecfg.cjs: what `kf eval --kubecfg` adds, loaded by the eval bundle then.
// bin/run.js runs the .cjs bundles with a V8 code cache.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path, { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = `${resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)))}/`;
const slim = `${dist}cli/oclif-slim.js`;
const configStub = `${dist}cli/oclif-config-stub.js`;

// The engine build's identity for the on-disk compile cache (src/jsonnet/compile-cache.ts): a hash of
// every compiled engine module, so an entry written by another engine build is never read.
const engineFiles = readdirSync(`${dist}jsonnet`, { recursive: true })
  .filter((f) => f.endsWith('.js'))
  .sort();
const engineHash = createHash('sha256');
for (const f of engineFiles)
  engineHash
    .update(f)
    .update('\0')
    .update(readFileSync(join(`${dist}jsonnet`, f)));
const define = { __KF_ENGINE_ID__: JSON.stringify(engineHash.digest('hex')) };

// The bundles are pure ASCII and without comments or indentation (names are kept): Node reads a file
// with one non-ASCII character (a comment's arrow) as UTF-16, which doubles what it reads and scans.
const compact = { minifyWhitespace: true, charset: 'ascii' };
// CommonJS bundles run by the CommonJS bin/run.js without Node's ES-module loader, with a V8 code
// cache; import.meta.url becomes the bundle's own file URL (the bundles sit one folder below dist/,
// like the modules they are built from, so relative URLs resolve the same).
const commonJs = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
  ...compact,
  define: { ...define, 'import.meta.url': '__kfImportMetaUrl' },
  banner: { js: "const __kfImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

// go-jsonnet's YAML code, ported (src/jsonnet/goyaml-v2.ts: std.parseYaml, manifestYamlV2), is a
// bundle of its own, dist/lazy/goyaml-v2.cjs, loaded by the first program that calls it: in the eval
// and the commands' bundles a stand-in takes its place. Every program would pay for it otherwise
// (a larger script and V8 code cache to load: ~1 ms of a trivial `kf eval`). bin/run.js loads it
// with a V8 code cache of its own (kf.requireBundle); without bin/run.js, with require().
const lazyGoyaml = 'lazy/goyaml-v2.cjs';
await build({ ...commonJs, entryPoints: [`${dist}jsonnet/goyaml-v2.js`], outfile: `${dist}${lazyGoyaml}` });
const goyamlStandIn = `const path = require('node:path');
let real;
const load = () =>
  (real ??=
    globalThis[Symbol.for('kf.requireBundle')]?.(${JSON.stringify(`dist/${lazyGoyaml}`)}, 'goyaml-v2') ??
    require(path.join(__dirname, '..', ${JSON.stringify(lazyGoyaml)})));
exports.parseYaml = (text) => load().parseYaml(text);
exports.manifestYamlV2 = (value) => load().manifestYamlV2(value);
exports.manifestYamlViaJson = (value) => load().manifestYamlViaJson(value);
exports.parseYamlDocuments = (text) => load().parseYamlDocuments(text);
// Only the real module throws it: an error is one when it is the real class's.
exports.ParseYamlError = class ParseYamlError extends Error {
  static [Symbol.hasInstance](error) {
    return real !== undefined && error instanceof real.ParseYamlError;
  }
};`;
// The stand-in replaces ./goyaml-v2.js wherever the engine imports it (std/parsing.js,
// std-pure/parse.js); both bundles sit one folder below dist/, as the stand-in's path assumes.
const lazyGoyamlPlugin = {
  name: 'lazy-goyaml-v2',
  setup(builder) {
    builder.onResolve({ filter: /(^|\/)goyaml-v2\.js$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === `${dist}jsonnet/goyaml-v2.js`
        ? { path: 'goyaml-v2', namespace: 'kf-lazy-goyaml' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'kf-lazy-goyaml' }, () => ({
      contents: goyamlStandIn,
      loader: 'js',
      resolveDir: dist,
    }));
  },
};

// What `kf eval --kubecfg` adds (src/cli/kubecfg-environment.ts: kubecfg's natives and library,
// ~17 KB) is a bundle of its own too, dist/lazy/kubecfg.cjs, loaded as goyaml-v2.cjs is.
const lazyKubecfg = 'lazy/kubecfg.cjs';
await build({
  ...commonJs,
  entryPoints: [`${dist}cli/kubecfg-environment.js`],
  outfile: `${dist}${lazyKubecfg}`,
  plugins: [lazyGoyamlPlugin],
});
const lazyKubecfgPlugin = {
  name: 'lazy-kubecfg',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/kubecfg-environment\.js$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === `${dist}cli/kubecfg-environment.js`
        ? { path: 'kubecfg-environment', namespace: 'kf-lazy-kubecfg' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'kf-lazy-kubecfg' }, () => ({
      contents: `const path = require('node:path');
exports.kubecfgEnvironment = () =>
  (globalThis[Symbol.for('kf.requireBundle')]?.(${JSON.stringify(`dist/${lazyKubecfg}`)}, 'kubecfg') ??
    require(path.join(__dirname, '..', ${JSON.stringify(lazyKubecfg)}))).kubecfgEnvironment();`,
      loader: 'js',
      resolveDir: dist,
    }));
  },
};

// `kf eval`: the evaluator alone.
await build({
  ...commonJs,
  entryPoints: [`${dist}cli/eval.js`],
  outfile: `${dist}cli/eval.bundle.cjs`,
  plugins: [lazyGoyamlPlugin, lazyKubecfgPlugin],
});

// The fast-path commands: the runner plus a static import of each fast command, so esbuild sees them
// all; one file (with its code cache, only the functions a command ran are compiled when it starts).
const { fastCommands } = await import(pathToFileURL(`${dist}cli/fast-run.js`).href);
const loaders = Object.keys(fastCommands)
  .map(
    (id) =>
      `  ${JSON.stringify(id)}: () => import(${JSON.stringify(`./commands/${id.replace(/:/g, '/')}.js`)}),`,
  )
  .join('\n');
const entry = `${dist}fast-entry.js`;
writeFileSync(
  entry,
  `export { fastCommandId, runFast } from './cli/fast-run.js';\nconst loaders = {\n${loaders}\n};\nexport const load = (id) => loaders[id]();\n`,
);
// Modules of oclif that a fast-path command never runs but whose loading costs (what they require
// at load time: node:tty, node:fs/promises, …), replaced by stand-ins that load the real module on
// first use. The real module is still in the bundle, so behaviour is oclif's whenever it is used.
const lazyStandIns = {
  // oclif's loggers: no-ops unless DEBUG is set (the debug package reads DEBUG when it loads, too).
  debug: `const real = () => require('debug');
module.exports = function createDebug(namespace) {
  if (process.env.DEBUG) return real()(namespace);
  const debug = () => {};
  debug.enabled = false;
  debug.namespace = namespace;
  debug.extend = (sub, delimiter) => createDebug(namespace + (delimiter === undefined ? ':' : delimiter) + sub);
  return debug;
};`,
  // The error handler shows help only when oclif's Config is loaded, which the fast path never does.
  // (handle.js uses the Help class alone.)
  help: `Object.defineProperty(exports, 'Help', { enumerable: true, get: () => require('@oclif/core/help').Help });`,
  // Node's readline (flag values read from stdin) and fs/promises (oclif's async file helpers): with
  // their own dependencies ~10 of Node's modules, loaded only when a property is first read.
  ...Object.fromEntries(
    ['node:readline', 'node:fs/promises'].map((id) => [
      id,
      `module.exports = new Proxy({}, { get: (_, key) => require(${JSON.stringify(id)})[key] });`,
    ]),
  ),
};
const oclifSlim = {
  name: 'oclif-slim',
  setup(builder) {
    builder.onResolve({ filter: /^@oclif\/core$/ }, () => ({ path: slim }));
    // Command's only use of oclif's config module is its static run(), never called here.
    builder.onResolve({ filter: /^\.\/config$/ }, (args) =>
      /[\\/]@oclif[\\/]core[\\/]lib[\\/]command\.js$/.test(args.importer) ? { path: configStub } : undefined,
    );
    builder.onResolve({ filter: /^debug$/ }, (args) =>
      /[\\/]@oclif[\\/]core[\\/]lib[\\/]logger\.js$/.test(args.importer)
        ? { path: 'debug', namespace: 'kf-lazy' }
        : undefined,
    );
    builder.onResolve({ filter: /^\.\.\/help\/index$/ }, (args) =>
      /[\\/]@oclif[\\/]core[\\/]lib[\\/]errors[\\/]handle\.js$/.test(args.importer)
        ? { path: 'help', namespace: 'kf-lazy' }
        : undefined,
    );
    builder.onResolve({ filter: /^node:(readline|fs\/promises)$/ }, (args) =>
      /[\\/]@oclif[\\/]core[\\/]lib[\\/]/.test(args.importer) ? { path: args.path, namespace: 'kf-lazy' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'kf-lazy' }, (args) => ({
      contents: lazyStandIns[args.path],
      loader: 'js',
      resolveDir: dist,
    }));
  },
};
await build({
  ...commonJs,
  entryPoints: [entry],
  outfile: `${dist}fast/commands.cjs`,
  // oclif requires typescript only to run a plugin's .ts sources, which kf never has. execa and tar
  // (a quarter of the bundle) are imported when a git or archive registry is fetched: from
  // node_modules then, instead of being compiled by every command.
  external: ['typescript', 'execa', 'tar', '@kubernetes/client-node'],
  plugins: [oclifSlim, lazyGoyamlPlugin],
});

// Which command lines the fast path takes, for bin/run.js to ask before it loads the commands' bundle.
await build({ ...commonJs, entryPoints: [`${dist}cli/fast-commands.js`], outfile: `${dist}fast/ids.cjs` });

// The worker thread of parallel rendering (export, validate), an ES module next to the commands'
// bundle, where export-parallel's `new URL('./render-worker.js', import.meta.url)` finds it (unbundled,
// it finds dist/render/render-worker.js).
await build({
  entryPoints: [`${dist}render/render-worker.js`],
  outfile: `${dist}fast/render-worker.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
  ...compact,
  define,
  external: ['typescript'],
  // Bundled CommonJS packages call require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);",
  },
  plugins: [oclifSlim],
});

// A bundle runs as a script compiled from a V8 code cache (bin/run.js), where Node 20 cannot run a
// dynamic import(): packages left external are imported through src/util/import-package.ts. An
// import() of a package name left in a bundle would fail only at run time, so it fails the build.
for (const file of [
  `${dist}cli/eval.bundle.cjs`,
  `${dist}fast/commands.cjs`,
  `${dist}${lazyGoyaml}`,
  `${dist}${lazyKubecfg}`,
]) {
  const direct = readFileSync(file, 'utf8').match(/\bimport\(\s*["'`][^"'`]*["'`]\s*\)/g);
  if (direct !== null)
    throw new Error(`${file}: ${direct.join(', ')}: import packages through src/util/import-package.ts`);
}

// esbuild's ASCII charset escapes strings but not regular-expression literals (or legal comments):
// what is left is escaped here, the same character in both.
for (const file of [
  `${dist}cli/eval.bundle.cjs`,
  `${dist}fast/commands.cjs`,
  `${dist}fast/render-worker.js`,
  `${dist}${lazyGoyaml}`,
  `${dist}${lazyKubecfg}`,
]) {
  const text = readFileSync(file, 'utf8');
  const nonAscii = /[^\u0000-\u007f]/g; // eslint-disable-line no-control-regex
  if (nonAscii.test(text))
    writeFileSync(
      file,
      text.replace(nonAscii, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
}
