// Collects CustomResourceDefinitions from files (vendor/ of the app, or paths given with
// --crds) so custom resources can be validated against them offline.
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as yamlModule from 'yaml';
import { parseAllDocuments } from 'yaml';
import { documentValue, yamlV2Options, YamlV2Error } from '../jsonnet/yaml-v2.js';
import { UserError } from '../errors.js';
import type { KubeObject } from '../kube-object.js';
import { isCrd } from './validate-crds.js';

const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** CRDs found in YAML/JSON files under `path` (a file or a directory, searched recursively). */
export function readCrds(path: string, { required }: { required: boolean }): KubeObject[] {
  if (!existsSync(path)) {
    if (required)
      throw new UserError(`${path} does not exist`, {
        hint: 'pass a CRD file or a directory of them to --crds',
      });
    return [];
  }
  const out: KubeObject[] = [];
  // jsonnet-bundler's legacy links (vendor/<name> -> github.com/<org>/<repo>/<subdir>) show each
  // package twice: read every file once, by its real path.
  const seen = new Set<string>();
  const visit = (p: string): void => {
    const real = realpathSync(p);
    if (seen.has(real)) return;
    seen.add(real);
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) visit(join(p, name));
    } else if (MANIFEST_FILE.test(p)) {
      out.push(...crdsInFile(p, required));
    }
  };
  visit(path);
  return out;
}

function crdsInFile(file: string, strict: boolean): KubeObject[] {
  const text = readFileSync(file, 'utf8');
  // Most vendored files are not CRDs; skip the parse unless the text mentions one.
  if (!text.includes('CustomResourceDefinition')) return [];
  const out: KubeObject[] = [];
  if (file.endsWith('.json')) {
    // JSON as kubectl reads it, with a JSON parser (the YAML one took ~30 ms a megabyte)
    try {
      keepCrds([JSON.parse(text)], out);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      if (strict) throw new UserError(`not valid JSON: ${error.message}`, { location: { file } });
    }
    return out;
  }
  // YAML as kubectl reads it (1.1), as YAML components are (jsonnet/yaml-v2.ts)
  for (const doc of parseAllDocuments(text, yamlV2Options())) {
    if (doc.errors.length > 0) {
      if (strict) {
        const pos = doc.errors[0].linePos?.[0];
        throw new UserError(doc.errors[0].message.split('\n')[0], {
          location: { file, line: pos?.line, column: pos?.col },
        });
      }
      continue;
    }
    let value: unknown;
    try {
      value = documentValue(yamlModule, doc, text);
    } catch (error) {
      if (!(error instanceof YamlV2Error)) throw error;
      if (strict) throw new UserError(`not valid YAML: ${error.message}`, { location: { file } });
      continue;
    }
    keepCrds([value], out);
  }
  return out;
}

/** The CRDs among `values`, lists (`kind: List`) unwrapped. */
function keepCrds(values: unknown[], out: KubeObject[]): void {
  for (const value of values) {
    const items =
      value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'List'
        ? ((value as { items?: unknown[] }).items ?? [])
        : [value];
    for (const item of items) {
      if (item && typeof item === 'object' && isCrd(item as KubeObject)) out.push(item as KubeObject);
    }
  }
}
