// Tanka's `import 'tk'` and the ext var behind it (Tanka v0.38 pkg/jsonnet/implementations/goimpl:
// tkLoader and tk.libsonnet.go; pkg/tanka/static.go and inline.go set the ext var).
import type { BuiltinImport, ExtValue } from '../jsonnet/index.js';

/** The ext var `(import 'tk').env` reads: a Tanka static environment's spec (tanka-environment.ts). */
export const TANKA_ENVIRONMENT_EXT_VAR = 'tanka.dev/environment';

/** Tanka's tk.libsonnet, text and name as its tkLoader gives them: found before any file, so an app's own `tk` never is. */
export const TK_IMPORT: Record<string, BuiltinImport> = {
  tk: {
    foundAt: '<internal>/tk.libsonnet',
    content: '\n{\n  env: std.extVar("tanka.dev/environment"),\n}\n',
  },
};

/**
 * What every component that is not a Tanka static environment sees: Tanka's error for an inline
 * environment (kf cannot tell one before evaluating it), and the rule kf follows.
 */
export const NOT_STATIC_ENVIRONMENT: ExtValue = {
  kind: 'code',
  value: `error ${JSON.stringify(
    "Using tk.env and std.extVar('tanka.dev/environment') is only supported for static environments. Directly access this data using standard Jsonnet instead." +
      " (kf sets it in a component that is one import of a Tanka environment's main.jsonnet with spec.json beside it)",
  )}`,
};
