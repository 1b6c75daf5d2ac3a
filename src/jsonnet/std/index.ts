// The std object: every builtin, implemented natively, as hidden fields of one shared object.
import { JFunction, JObject, ValueLayer, type ValueField } from '../values.js';
import type { Builtin } from './args.js';
import { arrayBuiltins } from './arrays.js';
import { encodingBuiltins } from './encoding.js';
import { manifestBuiltins } from './manifest.js';
import { iniManifestBuiltins } from './manifest-ini.js';
import { pythonManifestBuiltins } from './manifest-python.js';
import { tomlManifestBuiltins } from './manifest-toml.js';
import { xmlManifestBuiltins } from './manifest-xml.js';
import { mathBuiltins } from './math.js';
import { objectBuiltins } from './objects.js';
import { parsingBuiltins } from './parsing.js';
import { setBuiltins } from './sets.js';
import { stringBuiltins } from './strings.js';
import { typeBuiltins } from './types.js';

const groups: Builtin[][] = [
  typeBuiltins,
  arrayBuiltins,
  setBuiltins,
  objectBuiltins,
  mathBuiltins,
  stringBuiltins,
  encodingBuiltins,
  manifestBuiltins,
  tomlManifestBuiltins,
  iniManifestBuiltins,
  pythonManifestBuiltins,
  xmlManifestBuiltins,
  parsingBuiltins,
];

let stdObject: JObject | undefined;

export function stdLibrary(): JObject {
  if (stdObject) return stdObject;
  const fields = new Map<string, ValueField>();
  for (const group of groups) {
    for (const b of group)
      fields.set(b.name, { vis: '::', slot: JFunction.builtin(b.name, b.params, b.impl) });
  }
  fields.set('pi', { vis: '::', slot: Math.PI });
  stdObject = new JObject([new ValueLayer(fields)]);
  return stdObject;
}

export function registerBuiltins(list: Builtin[]): void {
  groups.push(list);
  stdObject = undefined;
}
