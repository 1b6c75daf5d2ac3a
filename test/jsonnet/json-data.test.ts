import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/jsonnet/index.js';

/** A temporary main.jsonnet that imports a lib.libsonnet of `lib`; returns main's path. */
function mainImportingLib(lib: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kf-json-data-'));
  writeFileSync(join(dir, 'lib.libsonnet'), lib);
  writeFileSync(join(dir, 'main.jsonnet'), 'import "lib.libsonnet"');
  return join(dir, 'main.jsonnet');
}

describe("ext vars and top-level arguments of kind 'json'", () => {
  it('read like the same data given as JSON code', () => {
    const data = {
      b: [1, 'two', null, { c: true }],
      a: { 'x y': -0.5, n: Number.NaN, u: undefined, s: new String('boxed'), d: new Date(0) },
      e: [],
    };
    const program = 'local d = std.extVar("d"); [d, std.objectFields(d.a), std.length(d.b), d.b[3].c]';
    const asJson = new Engine().evaluateSnippet('x', program, {
      extVars: { d: { kind: 'json', value: data } },
    });
    const asCode = new Engine().evaluateSnippet('x', program, {
      extVars: { d: { kind: 'code', value: JSON.stringify(data) } },
    });
    expect(asJson).toEqual(asCode);
    expect(asJson).toEqual([
      {
        a: { d: '1970-01-01T00:00:00.000Z', n: null, s: 'boxed', 'x y': -0.5 },
        b: [1, 'two', null, { c: true }],
        e: [],
      },
      ['d', 'n', 's', 'x y'],
      4,
      true,
    ]);
  });

  it('come back as the same objects where the program passes them through unchanged', () => {
    const spec = { replicas: 2, selector: { app: 'web' } };
    const data = { metadata: { labels: { app: 'web' }, name: 'web' }, spec };
    const engine = new Engine();
    const out = engine.evaluateSnippet(
      'x',
      'local d = std.extVar("d"); { same: d, patched: d + { metadata+: { name: "w" } } }',
      {
        extVars: { d: { kind: 'json', value: data } },
      },
    ) as { same: unknown; patched: { metadata: unknown; spec: unknown } };
    expect(out.same).toBe(data);
    expect(out.patched.spec).toBe(spec);
    expect(out.patched.metadata).toEqual({ labels: { app: 'web' }, name: 'w' });
    expect(out.patched.metadata).not.toBe(data.metadata);
  });

  it('are copied in Jsonnet field order when the data is not already in it', () => {
    const data = { b: 1, a: { d: 1, c: 2 } };
    const out = new Engine().evaluateSnippet('x', 'std.extVar("d")', {
      extVars: { d: { kind: 'json', value: data } },
    }) as Record<string, unknown>;
    expect(out).not.toBe(data);
    expect(Object.keys(out)).toEqual(['a', 'b']);
    expect(Object.keys(out.a as object)).toEqual(['c', 'd']);
  });

  it('are passed as top-level arguments', () => {
    const out = new Engine().evaluateSnippet('x', 'function(p) p.n * 2', {
      tlas: { p: { kind: 'json', value: { n: 21 } } },
    });
    expect(out).toBe(42);
  });

  it('are cached per data object: imports see each distinct value', () => {
    const main = mainImportingLib('std.extVar("d").n');
    const engine = new Engine();
    const run = (n: number) => engine.evaluateFile(main, { extVars: { d: { kind: 'json', value: { n } } } });
    expect([run(1), run(2), run(1)]).toEqual([1, 2, 1]);
  });
});

describe('compiled files shared by engines', () => {
  it('a second engine sees a rewritten file, not the first engine’s program', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-shared-programs-'));
    const file = join(dir, 'main.jsonnet');
    writeFileSync(file, '{ v: 1 }');
    expect(new Engine().evaluateFile(file)).toEqual({ v: 1 });
    writeFileSync(file, '{ v: 2, w: 3 }');
    expect(new Engine().evaluateFile(file)).toEqual({ v: 2, w: 3 });
  });
});

describe('withStableFiles', () => {
  it('looks at each file once inside, and sees a rewritten file again after it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-stable-files-'));
    const lib = join(dir, 'lib.libsonnet');
    const main = join(dir, 'main.jsonnet');
    writeFileSync(lib, '1');
    writeFileSync(main, 'import "lib.libsonnet"');
    const engine = new Engine();
    const inside = engine.withStableFiles(() => {
      const first = engine.evaluateFile(main);
      writeFileSync(lib, '22');
      return [first, engine.evaluateFile(main)];
    });
    expect(inside).toEqual([1, 1]);
    expect(engine.evaluateFile(main)).toBe(22);
  });
});

describe('ext-var sets', () => {
  it('keep apart values that differ, also after thousands of distinct strings', () => {
    const main = mainImportingLib('std.extVar("v")');
    const engine = new Engine();
    const run = (v: string) => engine.evaluateFile(main, { extVars: { v: { kind: 'string', value: v } } });
    for (let i = 0; i < 5000; i++) expect(run(`value ${i}`)).toBe(`value ${i}`);
    expect(run('value 0')).toBe('value 0');
    expect(run('value 4999')).toBe('value 4999');
  });
});
