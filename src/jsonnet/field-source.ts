// Where a value's field is written: given a path into what a program evaluates to (object field
// names, array indexes), the source span of the expression that defines each step: the layer
// that wins (`a + b`: b's field when b has it). For error messages that point at the line to
// change, not the file that started the evaluation. Runs only when something is reported.
import type { Loc } from './ast.js';
import { fieldLoc, getField } from './evaluator.js';
import { JArray, JObject, ValueLayer, type Value } from './values.js';

export type PathSegment = string | number;

export interface FieldSource {
  /** how many segments of the path exist in the value */
  reached: number;
  /** the span of the deepest segment reached, undefined when data wrote it (JSON, a builtin's result) */
  loc: Loc | undefined;
  /** the deepest segment reached that has a span, and its depth */
  nearest: { loc: Loc; depth: number } | undefined;
}

/** Follows `path` in `root` as far as it exists, forcing only the fields on it. */
export function fieldSource(root: Value, path: readonly PathSegment[]): FieldSource {
  let value = root;
  let loc: Loc | undefined;
  let nearest: FieldSource['nearest'];
  let reached = 0;
  for (const segment of path) {
    if (typeof segment === 'string' && value instanceof JObject) {
      if (value.fieldVisible(segment) === undefined) break;
      loc = writtenAt(value, segment);
      value = getField(value, segment, undefined);
    } else if (typeof segment === 'number' && value instanceof JArray) {
      if (segment < 0 || segment >= value.length) break;
      // An element's span is its expression's; the array holds none, so the step keeps the array's.
      value = value.get(segment);
    } else {
      break;
    }
    reached++;
    if (loc !== undefined) nearest = { loc, depth: reached };
  }
  return { reached, loc: reached === 0 ? undefined : loc, nearest };
}

/** fieldLoc, through the copies builtins make (std.prune's objects know the object they copy). */
function writtenAt(obj: JObject, name: string): Loc | undefined {
  const layer = obj.layers[obj.findLayer(name, obj.layers.length - 1)];
  if (layer instanceof ValueLayer && layer.from !== undefined) return writtenAt(layer.from, name);
  return fieldLoc(obj, name);
}
