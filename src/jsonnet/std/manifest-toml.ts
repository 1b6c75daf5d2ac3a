// std.manifestTomlEx and std.manifestToml: the value read as plain data, written by std-pure/toml.ts.
import { toPlainAsRead } from '../manifest.js';
import { rt } from '../runtime.js';
import { MANIFEST_TOML } from '../std-frames.js';
import * as M from '../std-pure/toml.js';
import { def, str, val, type Builtin } from './args.js';
import { forcedFirst } from './forced-first.js';
import { pure } from './manifest.js';

export const tomlManifestBuiltins: Builtin[] = [
  def('manifestTomlEx', ['value', 'indent'], (a) => {
    // As deep as go-jsonnet's manifest builtins go (its stack limit).
    const v = toPlainAsRead(val(a[0]), rt.maxStack);
    const indent = str(a, 1, 'manifestTomlEx');
    return pure(() => M.manifestTomlEx(v, indent, rt.maxStack));
  }),
  // go-jsonnet's calls std.manifestTomlEx from its std.jsonnet.
  forcedFirst('manifestToml', ['value'], MANIFEST_TOML, (a) =>
    pure(() => M.manifestToml(toPlainAsRead(val(a[0]), rt.maxStack), rt.maxStack)),
  ),
];
