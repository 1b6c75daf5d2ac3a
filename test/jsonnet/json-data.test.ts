import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/jsonnet/index.js';
import { valueOfJsonText } from '../../src/jsonnet/json-data.js';

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

describe('imported .json files', () => {
  /** The same text imported as f.json (read as data when it is plain JSON) and as f.jsonnet (compiled). */
  function both(text: string, use = 'x', maxStack?: number) {
    const dir = mkdtempSync(join(tmpdir(), 'kf-json-import-'));
    writeFileSync(join(dir, 'f.json'), text);
    writeFileSync(join(dir, 'f.jsonnet'), text);
    const run = (file: string) => {
      writeFileSync(join(dir, 'main.jsonnet'), `local x = import '${file}'; ${use}`);
      try {
        return { out: new Engine({ maxStack }).evaluateFileToJson(join(dir, 'main.jsonnet')) };
      } catch (e) {
        return { error: (e as Error).message.split('\n')[0].replace(file, 'F') };
      }
    };
    return { json: run('f.json'), jsonnet: run('f.jsonnet') };
  }

  it('give what the same text compiled as Jsonnet gives', () => {
    const texts = [
      '{"b": [1, 2.5, -0, 1E5, 1e-7, 0.1, 123456789012345678901234567890], "a": {"z": null, "y": true}}',
      '{"s": "\\u00e9\\ud83d\\ude00\\/\\n\\t\\"\\\\\\u0000\\u007f", "__proto__": {"x": 1}, "e": {}, "f": []}',
      '[{"k": "v"}, [[]], "x", 1, false, null]',
      ' "just a string" ',
      '{"ü": 1, "u": 2, "😀": 3, "～": 4}',
    ];
    const uses = [
      'x',
      'std.objectFields(x)',
      'x + { extra: std.length(std.objectFieldsAll(x)) }',
      'if std.isObject(x) then std.mapWithKey(function(k, v) [k, v], x) else x',
      "std.manifestJsonEx(x, '  ')",
      'std.manifestYamlDoc(x)',
    ];
    for (const text of texts)
      for (const use of uses) {
        const { json, jsonnet } = both(text, use);
        expect(json, `${text} / ${use}`).toEqual(jsonnet);
      }
    // and the plain case really is read as data: the output is that of the whole text
    expect(JSON.parse(both(texts[0]).json.out as string)).toEqual(JSON.parse(texts[0]));
  });

  it('fall back to Jsonnet for what JSON.parse reads differently or not at all', () => {
    for (const text of [
      '{"a": 1, "a": 2}', // Jsonnet: duplicate field
      '{"a": {"b": 1, "b": 1}}',
      '[1e400]', // Jsonnet: overflow
      '{"a": 1, /* comment */ "b": 2}', // Jsonnet, not JSON
      '{"a": 1,}',
      '{"a": "colon: inside", "b": "\\": not a key"}',
    ]) {
      const { json, jsonnet } = both(text);
      expect(json, text).toEqual(jsonnet);
    }
    expect(both('{"a": 1, "a": 2}').json.error).toMatch(/duplicate field/);
  });

  it('are read as data exactly when the text is plain JSON Jsonnet reads the same way', () => {
    expect(valueOfJsonText('{"a": [1, {"b": "c"}]}')).toBeDefined();
    expect(valueOfJsonText('"s"')).toBe('s');
    expect(valueOfJsonText('{"a": "x:", "b": "\\": "}')).toBeDefined();
    for (const text of ['{"a": 1, "a": 2}', '[1e400]', '{"a": 1, /* c */ "b": 2}', '', '\ufeff{}'])
      expect(valueOfJsonText(text), text).toBeUndefined();
    // A repeated key is told from a colon in a string, whatever the layout around the colons.
    for (const text of ['{"a":":b","c":1}', '[":"]', '":x"', '{"x\\\\":1,"y":"\\":"}', '{"a" :1, "b" : ":"}'])
      expect(valueOfJsonText(text), text).toBeDefined();
    for (const text of [
      '{"a":1,"a":2}',
      '{"a":{"b":1,"b":1}}',
      '{"a" :1, "a":2}',
      '{"a":":","a":1}',
      '{"x\\\\":1,"x\\\\":2}',
    ])
      expect(valueOfJsonText(text), text).toBeUndefined();
  });

  it('keep the stack limit on deeply nested data', () => {
    const deep = '['.repeat(40) + '1' + ']'.repeat(40);
    expect(both(deep, 'x', 30).json.error).toMatch(/max stack frames exceeded/);
    expect(both(deep, 'x', 30).jsonnet.error).toMatch(/max stack frames exceeded/);
    expect(both(deep, 'x', 100).json).toEqual(both(deep, 'x', 100).jsonnet);
  });
});
