import { describe, expect, it } from 'vitest';
import { Engine, manifestJson } from '../../src/jsonnet/index.js';
import { err, json } from './helpers.js';

describe('jsonnet output', () => {
  it('prints 3-space JSON with code-point key order and empty containers', () => {
    expect(json('{ b: [], a: {}, c: [1, { d: null }] }')).toBe(
      '{\n   "a": { },\n   "b": [ ],\n   "c": [\n      1,\n      {\n         "d": null\n      }\n   ]\n}\n',
    );
    // U+FF5E sorts before U+1F600 by code point (UTF-16 order would reverse them).
    expect(json('{ "😀": 1, "～": 2, "a": 3 }')).toBe('{\n   "a": 3,\n   "～": 2,\n   "😀": 1\n}\n');
  });

  it('prints large outputs (written in chunks) exactly as small ones', () => {
    // 3-space JSON of non-empty containers is JSON.stringify's with an indent of 3.
    const code =
      "[{ name: 'item-%d' % i, tags: [i, i * 2, { deep: [i] }], meta: { a: 'x', b: null } } for i in std.range(1, 3000)]";
    const expected = Array.from({ length: 3000 }, (_, k) => ({
      meta: { a: 'x', b: null },
      name: `item-${k + 1}`,
      tags: [k + 1, (k + 1) * 2, { deep: [k + 1] }],
    }));
    const text = json(code);
    expect(text.length).toBeGreaterThan(400_000);
    expect(text).toBe(JSON.stringify(expected, null, 3) + '\n');
    // in pieces (what kf eval writes), the same text
    const pieces = new Engine().evaluateSnippetToChunks('test.jsonnet', code);
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(text);
    for (const [mode, program, expected] of [
      ['string', '"a\nb"', 'a\nb\n'],
      ['yaml-stream', '["a", { b: 1 }]', '---\n"a"\n---\n{\n   "b": 1\n}\n...\n'],
    ] as const) {
      expect(new Engine().evaluateSnippetToChunks('t', program, mode).join('')).toBe(
        new Engine().evaluateSnippetToString('t', program, mode),
      );
      // (evaluateSnippetToString joins the same pieces: the text itself is checked here)
      expect(new Engine().evaluateSnippetToChunks('t', program, mode).join('')).toBe(expected);
    }
  });

  it('formats numbers like the reference', () => {
    expect(json('[0.1, 1/3, 1e100, -0, 1e-7, 100000000000000000000000, 2.5]')).toBe(
      '[\n   0.10000000000000001,\n   0.33333333333333331,\n   ' +
        '10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104,\n' +
        '   -0,\n   9.9999999999999995e-08,\n   99999999999999991611392,\n   2.5\n]\n',
    );
  });

  it('escapes strings like the reference', () => {
    expect(json('"a\\"b\\\\c\\n\\u0001\\u007f é😀"')).toBe('"a\\"b\\\\c\\n\\u0001\\u007f é😀"\n');
  });

  it('supports string, YAML stream and multi output', () => {
    const engine = new Engine();
    expect(engine.evaluateSnippetToString('x', '"raw\\ntext"', 'string')).toBe('raw\ntext\n');
    expect(engine.evaluateSnippetToString('x', '[1, {a: 2}]', 'yaml-stream')).toBe(
      '---\n1\n---\n{\n   "a": 2\n}\n...\n',
    );
    expect(engine.evaluateSnippetToString('x', '[]', 'yaml-stream')).toBe('');
    const multi = engine.evaluateMulti(
      { filename: 'x', code: '{ "a.json": { v: 1 }, "b.txt": "t" }' },
      false,
    );
    expect([...multi.entries()]).toEqual([
      ['a.json', '{\n   "v": 1\n}\n'],
      ['b.txt', '"t"\n'],
    ]);
  });

  it("multi output fails as go-jsonnet's: the whole object first, with its frames, then string mode's types", () => {
    const engine = new Engine();
    const failure = (code: string, stringMode: boolean): string => {
      try {
        engine.evaluateMulti({ filename: 'x', code }, stringMode);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(failure('{ a: 1, b: "x" }', true)).toBe(
      "RUNTIME ERROR: multi mode: top-level object's key a has a value of type float64, should be a string\n\tDuring manifestation\t",
    );
    for (const [value, type] of [
      ['[1]', '[]interface {}'],
      ['{}', 'map[string]interface {}'],
      ['null', '<nil>'],
      ['true', 'bool'],
    ])
      expect(failure(`{ a: ${value} }`, true)).toContain(`key a has a value of type ${type}, should`);
    // an error anywhere in the object comes before string mode's check, under the field's frame
    expect(failure('{ a: 1, b: error "x" }', true)).toBe(
      'RUNTIME ERROR: x\n\tx:1:12-21\tobject <anonymous>\n\tField "b"\t\n\tDuring manifestation\t',
    );
    expect(failure('{ a: [function(x) x] }', false)).toBe(
      'RUNTIME ERROR: couldn\'t manifest function as JSON\n\tArray element 0\t\n\tField "a"\t\n\tDuring manifestation\t',
    );
    expect(failure('{ a: 1, assert false }', false)).toBe(
      'RUNTIME ERROR: Object assertion failed.\n\tx:1:9-21\t\n\tChecking object assertions\t\n\tDuring manifestation\t',
    );
  });

  it('exports manifestJson for plain data', () => {
    expect(manifestJson({ b: 1, a: [true, 'x'] })).toBe(
      '{\n   "a": [\n      true,\n      "x"\n   ],\n   "b": 1\n}',
    );
  });

  it('rejects functions and non-finite numbers in output', () => {
    expect(err('function(x) x + 1')).toContain(
      'RUNTIME ERROR: Missing argument: x\n\tTop-level function call\t',
    );
    expect(err('{ f: function() 1 }')).toContain("couldn't manifest function");
    expect(err('1e308 * 10')).toContain('RUNTIME ERROR: Overflow');
    expect(err('std.sqrt(-1)')).toContain('RUNTIME ERROR: Not a number');
  });
});
