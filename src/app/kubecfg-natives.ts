// The native functions kubecfg v0.34 registers on its Jsonnet VM (utils/nativefuncs.go), which its
// kubecfg.libsonnet (kubecfg-lib.ts) wraps, as kf's own code: each gives kubecfg's value (checked
// against kubecfg itself by test/app/kubecfg-compat.test.ts). resolveImage is kubecfg's default
// noop resolver (no registry is ever asked); parseHelmChart is not offered (its error says what to
// do instead).
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import type { NativeFunction } from '../jsonnet/index.js';
import { manifestYamlViaJson, parseYamlDocuments } from '../jsonnet/goyaml-v2.js';
import { goJsonMarshalIndent } from './go-json.js';
import { normalizeImageName } from './image-reference.js';
import { asString, goRegexpNatives, parseJsonNative } from './tanka-natives.js';

/** The natives under kubecfg's names (`kf eval --kubecfg`). */
export function kubecfgNatives(): Record<string, NativeFunction> {
  return {
    parseJson: parseJsonNative(),
    parseYaml: kubecfgParseYaml(),
    ...goRegexpNatives(),
    ...kubecfgOwnNatives(),
  };
}

/** kubecfg's parseYaml: always an array of the documents (Tanka's parseYaml reads YAML otherwise). */
export function kubecfgParseYaml(): NativeFunction {
  return { params: ['yaml'], fn: (yaml) => parseYamlDocuments(asString(yaml, 'parseYaml', 'yaml')) };
}

/** The natives only kubecfg has: no other tool kf follows gives these names another meaning. */
export function kubecfgOwnNatives(): Record<string, NativeFunction> {
  return {
    manifestJson: {
      params: ['json', 'indent'],
      fn: (json, indent) => {
        if (typeof indent !== 'number') throw new Error('manifestJson: indent must be a number');
        const spaces = Math.trunc(indent);
        if (spaces < 0) throw new Error('manifestJson: indent must not be negative');
        return goJsonMarshalIndent(json, ' '.repeat(spaces)) + '\n';
      },
    },
    manifestYaml: { params: ['json'], fn: (json) => manifestYamlViaJson(json) },
    resolveImage: {
      params: ['image'],
      fn: (image) => normalizeImageName(asString(image, 'resolveImage', 'image')),
    },
    parseHelmChart: {
      params: ['releaseName', 'namespace', 'chartData', 'values', 'capabilities'],
      fn: () => {
        throw new Error(
          "parseHelmChart: kf does not render Helm charts inside Jsonnet (kubecfg links Helm's engine in); in a kf app, vendor the chart (kf chart vendor) and render it with Tanka's helm.template (std.native('helmTemplate'))",
        );
      },
    },
    validateJSONSchema: {
      params: ['obj', 'schema'],
      fn: (obj, schema) => validateJsonSchema(obj, schema),
    },
  };
}

/** ajv is loaded by the first validateJSONSchema call only. */
const requireHere = createRequire(import.meta.url);

/**
 * kubecfg's validateJSONSchema (santhosh-tekuri/jsonschema v5): draft 2020-12 unless the schema's
 * $schema names 2019-09 or draft-07/06; format is an annotation, not asserted; a $ref is never
 * fetched. true, or an error that says why the object is invalid.
 */
function validateJsonSchema(obj: unknown, schema: unknown): boolean {
  const draft =
    schema !== null &&
    typeof schema === 'object' &&
    typeof (schema as { $schema?: unknown }).$schema === 'string'
      ? (schema as { $schema: string }).$schema
      : '';
  const module = /draft-0[67]\//.test(draft)
    ? 'ajv'
    : /2019-09/.test(draft)
      ? 'ajv/dist/2019'
      : 'ajv/dist/2020';
  const AjvClass = (requireHere(module) as { default: new (options: object) => Ajv }).default;
  const ajv = new AjvClass({ strict: false, validateFormats: false, logger: false });
  let validate: ReturnType<Ajv['compile']>;
  try {
    validate = ajv.compile(schema as object);
  } catch (error) {
    throw new Error(`unable to compile jsonschema: ${(error as Error).message}`);
  }
  if (!validate(obj))
    throw new Error(
      `object is invalid against the schema: ${ajv.errorsText(validate.errors, { dataVar: 'object' })}`,
    );
  return true;
}
