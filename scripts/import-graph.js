#!/usr/bin/env node
// Prints which folder of src/ imports which (from the import/export statements of the code), to
// show the layering: `node scripts/import-graph.js` (text) or `--json`. Files directly under src/
// count as the folder "(root)". test/layering.test.ts fails on a forbidden edge.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function folderOf(srcDir, file) {
  const rel = relative(srcDir, file);
  const parts = rel.split(sep);
  return parts.length === 1 ? '(root)' : parts[0];
}

/** Every edge between src/ folders: Map<from, Map<to, files importing>> (same-folder imports left out). */
export function importGraph(srcDir) {
  const graph = new Map();
  for (const file of sourceFiles(srcDir)) {
    const from = folderOf(srcDir, file);
    if (!graph.has(from)) graph.set(from, new Map());
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(srcDir + sep)) continue;
      const to = folderOf(srcDir, target);
      if (to === from) continue;
      const edges = graph.get(from);
      if (!edges.has(to)) edges.set(to, new Set());
      edges.get(to).add(relative(srcDir, file));
    }
  }
  return graph;
}

function main() {
  const srcDir = resolve(fileURLToPath(new URL('../src', import.meta.url)));
  const graph = importGraph(srcDir);
  const folders = [...graph.keys()].sort();
  if (process.argv.includes('--json')) {
    const out = {};
    for (const from of folders) out[from] = [...graph.get(from).keys()].sort();
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  const width = Math.max(...folders.map((f) => f.length));
  for (const from of folders) {
    const edges = graph.get(from);
    const targets = [...edges.keys()].sort().map((to) => `${to} (${edges.get(to).size})`);
    process.stdout.write(`${from.padEnd(width)} -> ${targets.join(', ') || '(nothing)'}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
