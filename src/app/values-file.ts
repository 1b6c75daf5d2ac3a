// `kf generate --values-file F`: a Jsonnet (or JSON) file that evaluates to an object of
// prototype parameter values.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { App } from './app.js';
import { createAppEngine, evaluateObjectFile } from './jsonnet-engine.js';
import type { JsonValue } from './jsonnet-literal.js';

export function readValuesFile(app: App, file: string): Record<string, JsonValue> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UserError(`values file ${file} does not exist`, { exitCode: 2 });
  try {
    return evaluateObjectFile(createAppEngine(app), path, 'values file', process.cwd()) as Record<
      string,
      JsonValue
    >;
  } catch (error) {
    // Helm's habit: values.yaml. Only the YAML that is also JSON (flow style) reads as Jsonnet.
    if (!(error instanceof UserError) || !/\.ya?ml$/i.test(file) || error.hint !== undefined) throw error;
    throw new UserError(error.message, {
      location: error.location,
      hint: 'a values file is Jsonnet or JSON, not YAML: write it as { key: value, ... }',
      cause: error,
    });
  }
}
