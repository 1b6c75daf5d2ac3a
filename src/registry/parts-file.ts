// parts.yaml: a package's metadata, as ksonnet had it (JSON is valid YAML, and ksonnet's were JSON).
// Unknown fields (apiVersion, kind, contributors, repository, bugs, version) are accepted and ignored.
import { isPlainObject, parseYamlFile, yamlFieldError } from './yaml-file.js';
import { docsFile } from '../util/package-root.js';

export const PARTS_FILE = 'parts.yaml';

export interface QuickStart {
  prototype?: string;
  componentName?: string;
  flags?: Record<string, string>;
  comment?: string;
}

export interface PartsSpec {
  name?: string;
  description?: string;
  author?: string;
  keywords: string[];
  prototypes: string[];
  quickStart?: QuickStart;
  license?: string;
}

const hint = () => `see ${docsFile('registry-format.md')} for the parts.yaml format`;

export function parsePartsFile(text: string, file: string): PartsSpec {
  const yaml = parseYamlFile(text, file, hint());
  const fail = (path: (string | number)[], message: string) => yamlFieldError(yaml, path, message, hint());
  const data = yaml.data ?? {};
  if (!isPlainObject(data)) throw fail([], 'parts.yaml must be a mapping');

  const optionalString = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw fail([key], `${key} must be a string`);
    return value;
  };
  const stringList = (key: string): string[] => {
    const value = data[key];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw fail([key], `${key} must be a list of strings`);
    value.forEach((item, i) => {
      if (typeof item !== 'string') throw fail([key, i], `${key}[${i}] must be a string`);
    });
    return value as string[];
  };

  let quickStart: QuickStart | undefined;
  if (data.quickStart !== undefined && data.quickStart !== null) {
    const q = data.quickStart;
    if (!isPlainObject(q)) throw fail(['quickStart'], 'quickStart must be a mapping');
    for (const key of ['prototype', 'componentName', 'comment']) {
      if (q[key] !== undefined && typeof q[key] !== 'string') throw fail(['quickStart', key], `quickStart.${key} must be a string`);
    }
    let flags: Record<string, string> | undefined;
    if (q.flags !== undefined && q.flags !== null) {
      if (!isPlainObject(q.flags)) throw fail(['quickStart', 'flags'], 'quickStart.flags must be a mapping');
      flags = Object.fromEntries(Object.entries(q.flags).map(([k, v]) => [k, String(v)]));
    }
    quickStart = {
      prototype: q.prototype as string | undefined,
      componentName: q.componentName as string | undefined,
      flags,
      comment: q.comment as string | undefined,
    };
  }

  return {
    name: optionalString('name'),
    description: optionalString('description')?.trim(),
    author: optionalString('author'),
    keywords: stringList('keywords'),
    prototypes: stringList('prototypes'),
    quickStart,
    license: optionalString('license'),
  };
}
