// The native functions Grafana Tanka v0.38 gives every Jsonnet program (pkg/jsonnet/native,
// pkg/helm), which the ecosystem's libraries call through std.native: ksonnet-util's
// manifestYaml (manifestYamlFromJson), tanka-util's helm.template and kustomize.build, regular
// expressions, YAML and JSON. Each gives Tanka's output byte for byte; kf apps get them all.
import { createHash } from 'node:crypto';
import type { NativeFunction } from '../jsonnet/index.js';
import { manifestYamlV3, parseYamlV3 } from '../jsonnet/yaml-v3.js';
import { goMatch, goReplaceAll, quoteMeta } from './go-regexp.js';
import type { ExternalRenderContext } from './external-render.js';
import { helmTemplateNative } from './helm-template.js';
import { kustomizeBuildNative } from './kustomize-build.js';

/** A native's string argument, or the error that names the function and the parameter. */
export const asString = (value: unknown, fn: string, param: string): string => {
  if (typeof value !== 'string') throw new Error(`${fn}: ${param} must be a string`);
  return value;
};

/** escapeStringRegex, regexMatch, regexSubst with Go's regexp: ksonnet 0.13 registered the same. */
export function goRegexpNatives(): Record<string, NativeFunction> {
  return {
    escapeStringRegex: { params: ['str'], fn: (str) => quoteMeta(asString(str, 'escapeStringRegex', 'str')) },
    regexMatch: {
      params: ['regex', 'string'],
      fn: (regex, string) =>
        goMatch(asString(regex, 'regexMatch', 'regex'), asString(string, 'regexMatch', 'string')),
    },
    regexSubst: {
      params: ['regex', 'src', 'repl'],
      fn: (regex, src, repl) =>
        goReplaceAll(
          asString(regex, 'regexSubst', 'regex'),
          asString(src, 'regexSubst', 'src'),
          asString(repl, 'regexSubst', 'repl'),
        ),
    },
  };
}

/** parseJson: Go's json.Unmarshal into interface{} (numbers are doubles, as JSON.parse reads them). */
export function parseJsonNative(): NativeFunction {
  return { params: ['json'], fn: (json) => JSON.parse(asString(json, 'parseJson', 'json')) as unknown };
}

export function tankaNatives(context: ExternalRenderContext): Record<string, NativeFunction> {
  return {
    parseJson: parseJsonNative(),
    parseYaml: {
      params: ['yaml'],
      fn: (yaml) => notTooDeep('parseYaml', () => parseYamlV3(asString(yaml, 'parseYaml', 'yaml'))),
    },
    manifestJsonFromJson: {
      params: ['json', 'indent'],
      fn: (json, indent) => {
        if (typeof indent !== 'number') throw new Error('manifestJsonFromJson: indent must be a number');
        return indentJson(
          asString(json, 'manifestJsonFromJson', 'json').trim(),
          ' '.repeat(Math.max(0, Math.trunc(indent))),
        );
      },
    },
    manifestYamlFromJson: {
      params: ['json'],
      fn: (json) =>
        notTooDeep('manifestYamlFromJson', () =>
          manifestYamlV3(JSON.parse(asString(json, 'manifestYamlFromJson', 'json'))),
        ),
    },
    ...goRegexpNatives(),
    sha256: {
      params: ['str'],
      fn: (str) =>
        createHash('sha256')
          .update(asString(str, 'sha256', 'str'), 'utf8')
          .digest('hex'),
    },
    helmTemplate: helmTemplateNative(context),
    kustomizeBuild: kustomizeBuildNative(context),
  };
}

/** Runs `fn`; a document nested beyond the host stack is an error that says so. */
function notTooDeep<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError)
      throw new Error(`${name}: the document is nested too deeply (yaml.v3 allows 10,000 levels; kf fewer)`);
    throw e;
  }
}

/**
 * Go's json.Indent(dst, src, "", indent) plus a newline: the JSON text keeps its own tokens (number
 * spellings, string escapes); only the white space between them changes.
 */
function indentJson(text: string, indent: string): string {
  JSON.parse(text); // the same syntax errors Go's scanner reports, in JavaScript's words
  let out = '';
  let depth = 0;
  let needIndent = false;
  const newline = () => '\n' + indent.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (needIndent && c !== '}' && c !== ']') {
      needIndent = false;
      depth += 1;
      out += newline();
    }
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === '{' || c === '[') {
      out += c;
      needIndent = true;
    } else if (c === ',') {
      out += c + newline();
    } else if (c === ':') {
      out += ': ';
    } else if (c === '}' || c === ']') {
      if (needIndent) needIndent = false;
      else {
        depth -= 1;
        out += newline();
      }
      out += c;
    } else out += c;
  }
  return out + '\n';
}
