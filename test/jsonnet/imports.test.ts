// importStatements (src/jsonnet/imports.ts) scans for imports without the lexer; here it must find
// exactly the imports the lexer's tokens show (an import keyword followed by a string literal that
// is no text block) in every Jsonnet file of the real-world set: google/jsonnet's and go-jsonnet's
// test suites (every kind of string, comment and text block) and the ecosystem's libraries.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importStatements, type ImportStatement } from '../../src/jsonnet/imports.js';
import { lex } from '../../src/jsonnet/lexer.js';
import { REALWORLD } from '../tanka/harness.js';

function byTokens(source: string): ImportStatement[] | undefined {
  let tokens;
  try {
    tokens = lex(source, 'file');
  } catch {
    return undefined; // not Jsonnet: nothing to compare with
  }
  const found: ImportStatement[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [t, next] = [tokens[i]!, tokens[i + 1]!];
    if (
      t.kind === 'kw' &&
      /^import(str|bin)?$/.test(t.value) &&
      next.kind === 'str' &&
      next.strKind !== 'block'
    )
      found.push({ kind: t.value as ImportStatement['kind'], path: next.value });
  }
  return found;
}

function jsonnetFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) jsonnetFiles(file, out);
    else if (/\.(jsonnet|libsonnet)$/.test(entry.name) && statSync(file).size < 4 << 20) out.push(file);
  }
  return out;
}

describe('importStatements', () => {
  it('reads paths in every kind of string, escapes decoded, and skips comments and text blocks', () => {
    const source = [
      "local a = import 'a.libsonnet';  // import 'commented.libsonnet'",
      '# import "hashed.libsonnet"',
      '/* import "block-comment.libsonnet" */',
      "local b = importstr \"dir/b\\u0041.txt\", c = importbin @'c''s.bin';",
      'local s = \'import "in-a-string.libsonnet"\', v = @"import \'verbatim\'";',
      'local t = |||',
      "  import 'in-a-text-block.libsonnet'",
      '|||;',
      "local d = import /* comment */ 'd.jsonnet', e = import",
      "  'e.jsonnet', f = (import 'f.libsonnet').x, g = importstr 'g\\'s';",
      '{ x: import_thing, y: self.importer }',
    ].join('\n');
    expect(importStatements(source)).toEqual([
      { kind: 'import', path: 'a.libsonnet' },
      { kind: 'importstr', path: 'dir/bA.txt' },
      { kind: 'importbin', path: "c's.bin" },
      { kind: 'import', path: 'd.jsonnet' },
      { kind: 'import', path: 'e.jsonnet' },
      { kind: 'import', path: 'f.libsonnet' },
      { kind: 'importstr', path: "g's" },
    ]);
    expect(byTokens(source)).toEqual(importStatements(source));
  });

  it("finds what the lexer's tokens show in the real-world set's Jsonnet", () => {
    const roots = [
      'google+jsonnet',
      'google+go-jsonnet',
      'prometheus-operator+kube-prometheus',
      'kubernetes-monitoring+kubernetes-mixin',
      'grafana+grafonnet',
      'grafana+tempo',
      'grafana+loki',
      'bitnami-labs+kube-libsonnet',
      'ksonnet+ksonnet-lib',
    ].map((name) => join(REALWORLD, name));
    const missing = roots.filter((dir) => {
      try {
        return !statSync(dir).isDirectory();
      } catch {
        return true;
      }
    });
    expect(missing, `the real-world set (test/setup/realworld.ts assembles it in ${REALWORLD})`).toEqual([]);
    let compared = 0;
    let imports = 0;
    for (const root of roots)
      for (const file of jsonnetFiles(root)) {
        const source = readFileSync(file, 'utf8');
        const expected = byTokens(source);
        if (expected === undefined) continue;
        expect(importStatements(source), file).toEqual(expected);
        compared++;
        imports += expected.length;
      }
    expect(compared).toBeGreaterThan(3000);
    expect(imports).toBeGreaterThan(3500);
  }, 120_000);
});
