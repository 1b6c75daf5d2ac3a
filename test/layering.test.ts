// The layering of src/ (see the guide: command → workflow → render / cluster / registry → app →
// jsonnet), checked on the real import graph that scripts/import-graph.js prints.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/run-kf.js';
// @ts-expect-error: a plain JavaScript script without types
import { importGraph } from '../scripts/import-graph.js';

const graph = importGraph(resolve(REPO_ROOT, 'src')) as Map<string, Map<string, Set<string>>>;

/** Which folders each folder may import ((root) holds errors.ts, kube-object.ts and friends). */
const ALLOWED: Record<string, string[]> = {
  jsonnet: [],
  util: ['(root)'],
  '(root)': ['util'],
  app: ['(root)', 'util', 'jsonnet'],
  registry: ['(root)', 'util', 'app', 'jsonnet'],
  render: ['(root)', 'util', 'app', 'jsonnet', 'registry'],
  cluster: ['(root)', 'util', 'app', 'jsonnet'],
  completion: ['(root)', 'util', 'app', 'registry'],
  hooks: ['(root)', 'util'],
  workflow: ['(root)', 'util', 'app', 'jsonnet', 'registry', 'render', 'cluster'],
  cli: ['(root)', 'util', 'app', 'jsonnet', 'registry', 'render', 'cluster', 'workflow'],
  commands: [
    '(root)',
    'util',
    'app',
    'jsonnet',
    'registry',
    'render',
    'cluster',
    'workflow',
    'cli',
    'completion',
  ],
};

function edges(): { from: string; to: string; files: string[] }[] {
  return [...graph].flatMap(([from, targets]) =>
    [...targets].map(([to, files]) => ({ from, to, files: [...files].sort() })),
  );
}

describe('src/ layering', () => {
  it('reads a real graph (the commands import the workflow layer)', () => {
    expect(graph.get('commands')?.has('workflow')).toBe(true);
    expect(graph.get('workflow')?.has('render')).toBe(true);
    expect(graph.get('workflow')?.has('cluster')).toBe(true);
  });

  it('render and cluster do not import each other', () => {
    expect(
      edges().filter(
        (e) => `${e.from}>${e.to}` === 'render>cluster' || `${e.from}>${e.to}` === 'cluster>render',
      ),
    ).toEqual([]);
  });

  it('nothing imports the oclif commands', () => {
    expect(edges().filter((e) => e.to === 'commands')).toEqual([]);
  });

  it('the Jsonnet engine imports nothing of kf', () => {
    expect(edges().filter((e) => e.from === 'jsonnet')).toEqual([]);
  });

  it('every edge goes down the layers', () => {
    const unknown = [...graph.keys()].filter((folder) => !(folder in ALLOWED));
    expect(unknown, 'a new src/ folder needs its place in ALLOWED').toEqual([]);
    expect(edges().filter((e) => !ALLOWED[e.from].includes(e.to))).toEqual([]);
  });
});
