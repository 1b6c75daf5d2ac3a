// The engine's builtinImports (files held in memory, found by their exact import path before the
// importer and the files, as go-jsonnet importers chain loaders: Tanka's `import 'tk'`) and
// fallbackImports (found after them: kubecfg's `import 'kubecfg.libsonnet'`), the frames of a native
// function's argument, and its per-ext-var-set caches keeping the sets used last.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, JsonnetError } from '../../src/jsonnet/index.js';
import { tempDir } from '../helpers/run-kf.js';

const TK = { tk: { foundAt: '<internal>/tk.libsonnet', content: '{ env: std.extVar("e") }\n' } };

describe('Engine builtinImports', () => {
  it('are found before the importer and a file of the same name, for every import kind, without the import policy', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tk'), '{ env: "the file" }');
    const main = join(dir, 'main.jsonnet');
    writeFileSync(main, "{ env: (import 'tk').env, text: importstr 'tk', other: import 'other.libsonnet' }");
    writeFileSync(join(dir, 'other.libsonnet'), '"a file"');
    const asked: string[] = [];
    const engine = new Engine({
      builtinImports: TK,
      importer: (_from, path) =>
        path === 'tk' ? { foundHere: '/x/tk', content: '"the importer"' } : undefined,
      importPolicy: (file) => {
        asked.push(file);
        return undefined;
      },
    });
    expect(engine.evaluateFile(main, { extVars: { e: { kind: 'string', value: 'ext' } } })).toEqual({
      env: 'ext',
      text: TK.tk.content,
      other: 'a file',
    });
    expect(asked).toEqual([join(dir, 'other.libsonnet')]);
    // not a file: a component that is `import 'tk'` names none
    expect(engine.importedFile(main, 'tk')).toBeUndefined();
    expect(engine.importedFile(main, 'other.libsonnet')).toBe(join(dir, 'other.libsonnet'));
    // errors name it by foundAt
    expect(() => engine.evaluateFile(main)).toThrow(/<internal>\/tk\.libsonnet/);
    // only the exact path, and no inherited property
    const bare = new Engine({ builtinImports: TK });
    expect(() => bare.evaluateSnippet('/nowhere/s', "importstr './tk'")).toThrow(
      /couldn't open import "\.\/tk"/,
    );
    expect(() => bare.evaluateSnippet('/nowhere/s', "importstr 'toString'")).toThrow(
      /couldn't open import "toString"/,
    );
  });
});

describe('Engine fallbackImports', () => {
  it('are found only when no importer, file beside the importer or library path has the name', () => {
    const dir = tempDir();
    const lib = tempDir();
    const main = join(dir, 'main.jsonnet');
    writeFileSync(main, "{ lib: import 'kubecfg.libsonnet', text: importstr 'kubecfg.libsonnet' }");
    const fallback = {
      'kubecfg.libsonnet': { foundAt: '<internal>/kubecfg.libsonnet', content: '"built in"' },
    };
    const engine = () => new Engine({ fallbackImports: fallback, jpath: [lib] });
    expect(engine().evaluateFile(main)).toEqual({ lib: 'built in', text: '"built in"' });
    writeFileSync(join(lib, 'kubecfg.libsonnet'), '"on the library path"');
    expect(engine().evaluateFile(main)).toMatchObject({ lib: 'on the library path' });
    writeFileSync(join(dir, 'kubecfg.libsonnet'), '"beside"');
    expect(engine().evaluateFile(main)).toMatchObject({ lib: 'beside' });
    const imported = new Engine({
      fallbackImports: fallback,
      importer: (_from, path) =>
        path === 'kubecfg.libsonnet' ? { foundHere: '/x/k', content: '"importer"' } : undefined,
    });
    expect(imported.evaluateSnippet(join(tempDir(), 's'), "import 'kubecfg.libsonnet'")).toBe('importer');
  });
});

describe('Engine native functions', () => {
  it("name the field and element of an argument whose manifestation fails, as go-jsonnet's frames do", () => {
    const engine = new Engine({ nativeFunctions: { id: { params: ['x'], fn: (x) => x } } });
    let trace: string[] = [];
    try {
      engine.evaluateSnippet('s', "std.native('id')({ values: { a: [1, { b: error 'boom' }] } })");
    } catch (e) {
      trace = (e as JsonnetError).trace.map((t) => t.raw ?? '');
    }
    // go-jsonnet v0.22 (Tanka's tk eval of the same call to helmTemplate) lists these, innermost first
    expect(trace.filter((raw) => /^(Field|Array element)/.test(raw))).toEqual([
      'Field "b"',
      'Array element 1',
      'Field "a"',
      'Field "values"',
    ]);
  });
});

describe('Engine caches per ext-var set', () => {
  it('keep the set used last: a library evaluated under set A stays cached while 8 other sets come and go', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'lib.libsonnet'), "std.trace('evaluated', std.extVar('v'))");
    const main = join(dir, 'main.jsonnet');
    writeFileSync(main, "import 'lib.libsonnet'");
    const traces: string[] = [];
    const engine = new Engine({ traceOut: (line) => traces.push(line) });
    const set = (v: string) => ({ extVars: { v: { kind: 'string' as const, value: v } } });
    for (let i = 0; i < 9; i++) {
      expect(engine.evaluateFile(main, set('a'))).toBe('a');
      expect(engine.evaluateFile(main, set(`other-${i}`))).toBe(`other-${i}`);
    }
    // once for 'a', once for each other set
    expect(traces).toHaveLength(10);
  });
});
