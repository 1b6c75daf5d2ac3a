// Pipeline step: environments/<env>/main.jsonnet sees the evaluated components as the ext var
// `__ksonnet/components` (via base.libsonnet) and may patch them per environment, as in ksonnet.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { environmentDir } from '../../app/app.js';
import { evaluating } from '../../app/jsonnet-engine.js';
import { COMPONENTS_EXT_VAR } from '../../app/params.js';
import { UserError } from '../../errors.js';
import type { Engine, ExtValue } from '../../jsonnet/index.js';
import type { ComponentValue } from './flatten.js';

export function applyEnvironmentMain(
  values: ComponentValue[],
  context: {
    root: string;
    envName: string;
    engine: Engine;
    extVars: Record<string, ExtValue>;
    tlas: Record<string, ExtValue>;
  },
): ComponentValue[] {
  const file = join(environmentDir(context.root, context.envName), 'main.jsonnet');
  if (!existsSync(file) || values.length === 0) return values;
  const components = Object.fromEntries(values.map((v) => [v.component, v.value]));
  const extVars = {
    ...context.extVars,
    // JSON data: a component main.jsonnet leaves alone comes back as the very same object.
    [COMPONENTS_EXT_VAR]: { kind: 'json' as const, value: components },
  };
  const result = evaluating(`environment '${context.envName}' main.jsonnet`, context.root, () =>
    context.engine.evaluateFile(file, { extVars, tlas: context.tlas }),
  );
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new UserError(
      `environment '${context.envName}' main.jsonnet must evaluate to an object of components`,
      { location: { file } },
    );
  }
  const patched = result as Record<string, unknown>;
  // Only the components that were evaluated: a patch for a component filtered out by -c would
  // otherwise appear as a partial object.
  return values.map((v) => (Object.hasOwn(patched, v.component) ? { ...v, value: patched[v.component] } : v));
}
