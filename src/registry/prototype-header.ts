// Reads the ksonnet header of a prototype file (leading `// @directive value` lines) far enough
// for listings: the full name and the one-line description. Full parsing (params, types) belongs
// to the app model's prototype code.

export interface PrototypeSummary {
  name: string;
  shortDescription?: string;
  /** file name relative to the package's prototypes/ folder */
  file: string;
}

export function readPrototypeSummary(text: string, file: string): PrototypeSummary {
  const directives = new Map<string, string>();
  let current: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('//')) break;
    const body = line.replace(/^\/\/\s?/, '');
    const directive = /^@(\w+)\s*(.*)$/.exec(body);
    if (directive) {
      current = directive[1];
      if (!directives.has(current)) directives.set(current, directive[2].trim());
    } else if (current !== undefined && body.trim() !== '') {
      directives.set(current, `${directives.get(current)} ${body.trim()}`.trim());
    }
  }
  const fallback = file.replace(/\.jsonnet$/, '').split('/').pop() ?? file;
  const description = directives.get('description');
  return {
    name: directives.get('name') || fallback,
    shortDescription: directives.get('shortDescription') || description?.split(/(?<=\.)\s/)[0] || undefined,
    file,
  };
}
