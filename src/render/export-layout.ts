// Where each exported object goes: a file path from a name template, one object per file, and
// the collision check (two objects, one path → error, never an overwrite). Pure.
import { UserError, didYouMean } from '../errors.js';
import type { RenderedObject } from '../kube-object.js';
import { toYamlV2 } from '../jsonnet/goyaml-v2/writer.js';
import { toJson } from './output.js';

/**
 * Template variables: {env} {component} {namespace} ("_cluster" for cluster-scoped objects)
 * {group} ("core" for the core API group) {version} {kind} {name} {apiVersion} (group-version,
 * "/" → "_"). `{var|lower}` lower-cases. A "/" in the template makes directories.
 */
export const DEFAULT_TEMPLATE = '{env}/{namespace}/{group}_{version}_{kind}_{name}.yaml';
export const TEMPLATE_VARIABLES = [
  'env',
  'component',
  'namespace',
  'group',
  'version',
  'kind',
  'name',
  'apiVersion',
] as const;
export const MANIFEST_FILE = 'manifest.json';
export const CLUSTER_SCOPE_DIR = '_cluster';
export const CORE_GROUP = 'core';

type Variable = (typeof TEMPLATE_VARIABLES)[number];
type Part = { text: string } | { variable: Variable; lower: boolean };
export interface FileTemplate {
  source: string;
  parts: Part[];
}

/** What manifest.json records for each file. */
export interface ExportEntry {
  environment: string;
  component: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface PlannedFile {
  /** relative path, "/"-separated */
  path: string;
  content: string;
  entry: ExportEntry;
}

export function parseTemplate(source: string): FileTemplate {
  const parts: Part[] = [];
  const pattern = /\{([^{}]*)\}/g;
  let last = 0;
  for (const match of source.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: source.slice(last, match.index) });
    const [name, modifier, extra] = match[1].split('|').map((s) => s.trim());
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      throw new UserError(`--format: unknown variable {${name}}`, {
        hint:
          didYouMean(name, TEMPLATE_VARIABLES) ??
          `variables: ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')}`,
        exitCode: 2,
      });
    }
    if ((modifier !== undefined && modifier !== 'lower') || extra !== undefined) {
      throw new UserError(`--format: unknown modifier in {${match[1]}}`, {
        hint: 'the only modifier is |lower, as in {kind|lower}',
        exitCode: 2,
      });
    }
    parts.push({ variable: name as Variable, lower: modifier === 'lower' });
    last = match.index + match[0].length;
  }
  if (last < source.length) parts.push({ text: source.slice(last) });
  if (/[{}]/.test(parts.map((p) => ('text' in p ? p.text : '')).join(''))) {
    throw new UserError(`--format: unbalanced braces in ${JSON.stringify(source)}`, {
      hint: `write variables as {name}, e.g. ${DEFAULT_TEMPLATE}`,
      exitCode: 2,
    });
  }
  if (source.startsWith('/') || source.split('/').some((s) => s === '..' || s === '.')) {
    throw new UserError(
      `--format: ${JSON.stringify(source)} must be a relative path inside the export directory`,
      { exitCode: 2 },
    );
  }
  if (!parts.some((p) => 'variable' in p && p.variable === 'name')) {
    throw new UserError(
      `--format: ${JSON.stringify(source)} does not use {name}, so every object would get the same file`,
      { exitCode: 2 },
    );
  }
  return { source, parts };
}

/** Files for one environment's objects, in the objects' order. */
export function layoutFiles(
  environment: string,
  objects: RenderedObject[],
  template: FileTemplate,
): PlannedFile[] {
  return objects.map(({ component, object }) => {
    const slash = object.apiVersion.indexOf('/');
    const group = slash < 0 ? '' : object.apiVersion.slice(0, slash);
    const version = slash < 0 ? object.apiVersion : object.apiVersion.slice(slash + 1);
    const namespace =
      typeof object.metadata.namespace === 'string' && object.metadata.namespace !== ''
        ? object.metadata.namespace
        : undefined;
    const values: Record<Variable, string> = {
      env: environment,
      component,
      namespace: namespace ?? CLUSTER_SCOPE_DIR,
      group: group === '' ? CORE_GROUP : group,
      version,
      kind: object.kind,
      name: object.metadata.name,
      apiVersion: `${group === '' ? CORE_GROUP : group}_${version}`,
    };
    let path = '';
    for (const part of template.parts) {
      if ('text' in part) path += part.text;
      else {
        const raw = values[part.variable];
        // {env} may nest ("us-west/staging"); every other value is one path segment.
        const safe = part.variable === 'env' ? raw.split('/').map(safeSegment).join('/') : safeSegment(raw);
        path += part.lower ? safe.toLowerCase() : safe;
      }
    }
    if (!/\.(ya?ml|json)$/.test(path)) path += '.yaml';
    const entry: ExportEntry = {
      environment,
      component,
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
    };
    if (namespace !== undefined) entry.namespace = namespace;
    const content = path.endsWith('.json') ? `${toJson(object)}\n` : toYamlV2(object);
    return { path, content, entry };
  });
}

/**
 * Throws when two objects map to one path, also when the paths differ only in letter case
 * (they would overwrite each other on macOS and Windows).
 */
export function checkCollisions(files: PlannedFile[]): void {
  const seen = new Map<string, PlannedFile>();
  for (const file of files) {
    const key = file.path.toLowerCase();
    const other = seen.get(key);
    if (key === MANIFEST_FILE) {
      throw new UserError(
        `--format puts ${describeEntry(file.entry)} at ${file.path}, the index file's name`,
        { hint: 'use a template with a directory or a different name' },
      );
    }
    if (other) {
      const same =
        other.path === file.path
          ? `the same file ${file.path}`
          : `${other.path} and ${file.path}, which differ only in letter case`;
      throw new UserError(
        `${describeEntry(other.entry)} and ${describeEntry(file.entry)} export to ${same}`,
        {
          hint: 'rename one of the objects, or pass a --format that tells them apart (e.g. with {namespace}, {group} and {component})',
        },
      );
    }
    seen.set(key, file);
  }
}

export function describeEntry(entry: ExportEntry): string {
  return `${entry.environment}/${entry.component}: ${entry.apiVersion} ${entry.kind} ${entry.namespace ? `${entry.namespace}/` : ''}${entry.name}`;
}

/** manifest.json's bytes: file → entry, keys in code-point order. */
export function manifestContent(entries: Map<string, ExportEntry>): string {
  return `${toJson(Object.fromEntries(entries))}\n`;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Characters that are unsafe in file names on some system ("/", ":", "\", ...) become "-".
function safeSegment(value: string): string {
  const safe = value.replace(/[^A-Za-z0-9._-]/g, '-');
  return safe === '' || safe === '.' || safe === '..' ? `-${safe}` : safe;
}
