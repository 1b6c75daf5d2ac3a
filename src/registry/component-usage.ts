// Finds components generated from a package's prototypes, by the header line `kf generate`
// writes: `// kf: generated from prototype <name> (<registry>/<pkg>@<version> | builtin)`.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const HEADER = /^\/\/ kf: generated from prototype (\S+) \(([^)]*)\)/m;

export interface ComponentUse {
  /** path under components/, e.g. "kubeflow-core.jsonnet" */
  component: string;
  prototype: string;
}

export function componentsUsingPackage(appRoot: string, packageKey: string): ComponentUse[] {
  const dir = join(appRoot, 'components');
  if (!existsSync(dir)) return [];
  const uses: ComponentUse[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.jsonnet')) {
        const head = readFileSync(join(dir, path), 'utf8').slice(0, 2000);
        const match = HEADER.exec(head);
        if (match && match[2].split('@')[0].trim() === packageKey) uses.push({ component: path, prototype: match[1] });
      }
    }
  };
  walk('');
  return uses.sort((a, b) => (a.component < b.component ? -1 : 1));
}
