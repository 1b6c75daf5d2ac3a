// What `kf eval --kubecfg` adds to the engine: kubecfg's natives and kubecfg.libsonnet. A bundle of
// its own in the build (dist/lazy/kubecfg.cjs, scripts/bundle.js), loaded by the first evaluation
// that asks for it: every other `kf eval` would pay for loading it.
import { kubecfgImport } from '../app/kubecfg-lib.js';
import { kubecfgNatives } from '../app/kubecfg-natives.js';
import type { BuiltinImport, NativeFunction } from '../jsonnet/index.js';

export function kubecfgEnvironment(): {
  nativeFunctions: Record<string, NativeFunction>;
  fallbackImports: Record<string, BuiltinImport>;
} {
  return { nativeFunctions: kubecfgNatives(), fallbackImports: kubecfgImport() };
}
