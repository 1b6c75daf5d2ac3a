// A copy of the fixture app (fixtures/app: two environments, a web component built with a
// shared library, a cluster-scoped ClusterRole, a CRD and a custom resource) in a temp dir.
import { cpSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/run-kf.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/app', import.meta.url));

export function fixtureApp(files: Record<string, string> = {}): string {
  const root = join(tempDir('kf-gitops-'), 'app');
  cpSync(FIXTURE, root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}
