import { Engine, JsonnetError } from '../../src/jsonnet/index.js';

/** Evaluates a snippet to plain data. */
export function ev(code: string, engine = new Engine()): unknown {
  return engine.evaluateSnippet('test.jsonnet', code);
}

/** Evaluates a snippet to the reference JSON text. */
export function json(code: string, engine = new Engine()): string {
  return engine.evaluateSnippetToJson('test.jsonnet', code);
}

/** The full error text of a failing snippet. */
export function err(code: string, engine = new Engine()): string {
  try {
    engine.evaluateSnippet('test.jsonnet', code);
  } catch (e) {
    if (e instanceof JsonnetError) return e.message;
    throw e;
  }
  throw new Error(`expected an error from: ${code}`);
}
