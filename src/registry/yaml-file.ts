// Parses registry.yaml / parts.yaml text and turns problems into UserErrors that name the file and line.
import { LineCounter, parseDocument, type Document } from 'yaml';
import { UserError } from '../errors.js';

export interface YamlFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export function parseYamlFile(text: string, file: string, hint: string): YamlFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
    throw new UserError(error.message.split('\n')[0], {
      location: { file, line: pos?.line, column: pos?.col },
      hint,
    });
  }
  return { file, doc, lines, data: doc.toJS() };
}

/** Line of the node at `path` (or of its nearest existing ancestor). */
export function lineOf(yaml: YamlFile, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? yaml.doc.contents : yaml.doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return yaml.lines.linePos(range[0]).line;
  }
  return undefined;
}

export function yamlFieldError(
  yaml: YamlFile,
  path: readonly (string | number)[],
  message: string,
  hint: string,
): UserError {
  return new UserError(message, { location: { file: yaml.file, line: lineOf(yaml, path) }, hint });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
