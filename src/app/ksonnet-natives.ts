// The native functions ksonnet 0.13 registered on every VM (pkg/util/jsonnet/vm.go), so ksonnet
// apps calling std.native('parseYaml') etc. keep working. Go's RE2 syntax is close to the
// JavaScript subset these were used with (label and image-name checks).
import * as yamlModule from 'yaml';
import { yamlDocuments } from '../jsonnet/yaml-v2.js';
import type { NativeFunction } from '../jsonnet/index.js';

const asString = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new Error(`${what} must be a string`);
  return value;
};

export function ksonnetNatives(): Record<string, NativeFunction> {
  return {
    parseJson: { params: ['json'], fn: (json) => JSON.parse(asString(json, 'json')) as unknown },
    parseYaml: {
      params: ['yaml'],
      // ksonnet read YAML with go-yaml v2 (ghodss/yaml): YAML 1.1, jsonnet/yaml-v2.ts
      fn: (yaml) =>
        yamlDocuments(yamlModule, asString(yaml, 'yaml')).filter((doc) => doc !== null && doc !== undefined),
    },
    escapeStringRegex: {
      params: ['str'],
      fn: (str) => asString(str, 'str').replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'),
    },
    regexMatch: {
      params: ['regex', 'string'],
      fn: (regex, string) => new RegExp(asString(regex, 'regex')).test(asString(string, 'string')),
    },
    regexSubst: {
      params: ['regex', 'src', 'repl'],
      // Go's ReplaceAllString expands $1 / ${name} like JavaScript's $1 / $<name>.
      fn: (regex, src, repl) =>
        asString(src, 'src').replace(
          new RegExp(asString(regex, 'regex'), 'g'),
          asString(repl, 'repl').replace(/\$\{(\w+)\}/g, (_, name: string) =>
            /^\d+$/.test(name) ? `$${name}` : `$<${name}>`,
          ),
        ),
    },
  };
}
