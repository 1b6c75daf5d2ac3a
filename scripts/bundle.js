#!/usr/bin/env node
// Build step (after tsc): esbuild bundles of the start-up fast paths, so a command loads a few
// files instead of hundreds of modules. Usage: node scripts/bundle.js [dist directory]
// - dist/jsonnet/cli.bundle.js: `kf eval` (the evaluator alone, no oclif).
// - dist/fast/: `kf env list`, `kf show`, … (src/fast-run.ts), one chunk per command plus shared
//   chunks; `@oclif/core` resolves to src/oclif-slim.ts (Command, Args, Errors, Flags only).
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = `${resolve(process.argv[2] ?? fileURLToPath(new URL('../dist', import.meta.url)))}/`;
const slim = `${dist}oclif-slim.js`;

await build({
  entryPoints: [`${dist}jsonnet/cli.js`],
  outfile: `${dist}jsonnet/cli.bundle.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});

await build({
  entryPoints: [`${dist}fast-run.js`],
  outdir: `${dist}fast`,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
  // oclif requires typescript only to run a plugin's .ts sources, which kf never has.
  external: ['typescript'],
  // Bundled CommonJS packages call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);" },
  plugins: [
    {
      name: 'oclif-slim',
      setup(builder) {
        builder.onResolve({ filter: /^@oclif\/core$/ }, (args) => (args.importer === slim ? undefined : { path: slim }));
      },
    },
  ],
});
