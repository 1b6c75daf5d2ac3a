// The native functions ksonnet 0.13 registered on every VM (pkg/util/jsonnet/vm.go), so ksonnet
// apps calling std.native('parseYaml') etc. keep working. Its regular expressions were Go's, as
// Tanka's are (tanka-natives.ts); its parseYaml read YAML 1.1 with go-yaml v2.
import * as yamlModule from 'yaml';
import { yamlDocuments } from '../jsonnet/yaml-v2.js';
import type { NativeFunction } from '../jsonnet/index.js';
import { goRegexpNatives, parseJsonNative } from './tanka-natives.js';

export function ksonnetNatives(): Record<string, NativeFunction> {
  return {
    parseJson: parseJsonNative(),
    parseYaml: {
      params: ['yaml'],
      // ksonnet read YAML with go-yaml v2 (ghodss/yaml): YAML 1.1, jsonnet/yaml-v2.ts
      fn: (yaml) => {
        if (typeof yaml !== 'string') throw new Error('parseYaml: yaml must be a string');
        return yamlDocuments(yamlModule, yaml).filter((doc) => doc !== null && doc !== undefined);
      },
    },
    ...goRegexpNatives(),
  };
}
