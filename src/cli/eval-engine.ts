// What `kf eval` uses of the engine, re-exported by name: src/cli/eval.ts imports this module
// dynamically, and a dynamic import keeps every export of its target in a bundle, so importing
// ../jsonnet/index.js itself would put all of it (the formatter of `kf fmt` too) in the eval bundle
// (scripts/bundle.js). Through this module esbuild keeps only what these names need.
export { Engine, JsonnetError, defaultCompileCache, restoreHostFlags } from '../jsonnet/index.js';
export { errorOutput } from '../jsonnet/errors.js';
