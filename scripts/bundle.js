#!/usr/bin/env node
// Build step (after tsc): esbuild bundles of the start-up fast paths, so a command loads a few
// files instead of hundreds of modules. Usage: node scripts/bundle.js [dist directory]
// - dist/cli/eval.bundle.cjs: `kf eval` (the evaluator alone, no oclif).
// - dist/fast/entry.js: `kf env list`, `kf show`, `kf export`, … (src/cli/fast-run.ts and the commands
//   it lists), one chunk per command plus shared chunks; `@oclif/core` resolves to src/cli/oclif-slim.ts.
// - dist/fast/render-worker.js: the worker thread of parallel rendering (export, validate), bundled too.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
for (const f of engineFiles) engineHash.update(f).update('\0').update(readFileSync(join(`${dist}jsonnet`, f)));
const define = { __KF_ENGINE_ID__: JSON.stringify(engineHash.digest('hex')) };

// CommonJS, so the CommonJS bin/run.js loads it without Node's ES-module loader (and with a V8 code
// cache); import.meta.url becomes the bundle's own file URL.
await build({
  entryPoints: [`${dist}cli/eval.js`],
  outfile: `${dist}cli/eval.bundle.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
  define: { ...define, 'import.meta.url': '__kfImportMetaUrl' },
  banner: { js: "const __kfImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The entry: the runner plus a static import of each fast command, so esbuild sees them all.
const { fastCommands } = await import(pathToFileURL(`${dist}cli/fast-run.js`).href);
const loaders = Object.keys(fastCommands)
  .map((id) => `  ${JSON.stringify(id)}: () => import(${JSON.stringify(`./commands/${id.replace(/:/g, '/')}.js`)}),`)
  .join('\n');
const entry = `${dist}fast-entry.js`;
writeFileSync(
  entry,
  `export { fastCommandId, runFast } from './cli/fast-run.js';\nconst loaders = {\n${loaders}\n};\nexport const load = (id) => loaders[id]();\n`,
);

await build({
  // The render worker sits next to the chunks, where export-parallel's `new URL('./render-worker.js',
  // import.meta.url)` finds it from a bundled chunk (unbundled, it finds dist/render/render-worker.js).
  entryPoints: { entry, 'render-worker': `${dist}render/render-worker.js` },
  outdir: `${dist}fast`,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
  define,
  // oclif requires typescript only to run a plugin's .ts sources, which kf never has.
  external: ['typescript'],
  // Bundled CommonJS packages call require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'oclif-slim',
      setup(builder) {
        builder.onResolve({ filter: /^@oclif\/core$/ }, () => ({ path: slim }));
        // Command's only use of oclif's config module is its static run(), never called here.
        builder.onResolve({ filter: /^\.\/config$/ }, (args) =>
          /[\\/]@oclif[\\/]core[\\/]lib[\\/]command\.js$/.test(args.importer) ? { path: configStub } : undefined,
        );
      },
    },
  ],
});
