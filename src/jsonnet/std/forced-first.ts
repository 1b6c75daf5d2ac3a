// Builtins go-jsonnet writes in Jsonnet as a call of another builtin: their errors carry the frames
// of that call (std-frames.ts), at the parameter that failed to evaluate or at the call itself.
import { builtinCallError, type BuiltinCall } from '../std-frames.js';
import type { Value } from '../values.js';
import { def, val, type Builtin } from './args.js';

/**
 * A builtin whose parameters are forced in order, then `body` runs; an error carries the frames of
 * go-jsonnet's call (`frames`) at the parameter that failed, or at the call for one in `body`.
 */
export function forcedFirst(
  name: string,
  params: string[],
  frames: BuiltinCall,
  body: (a: Parameters<Builtin['impl']>[0]) => Value,
): Builtin {
  return def(name, params, (a) => {
    let at = 0;
    try {
      for (; at < params.length; at++) val(a[at]);
      at = -1;
      return body(a);
    } catch (e) {
      throw builtinCallError(e, frames, at);
    }
  });
}
