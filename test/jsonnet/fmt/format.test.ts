// formatJsonnet against what go-jsonnet v0.22's jsonnetfmt printed for the same small inputs
// (every expected string was produced by the jsonnetfmt binary).
import { describe, expect, it } from 'vitest';
import { JsonnetError } from '../../../src/jsonnet/errors.js';
import { formatJsonnet, type FormatOptions } from '../../../src/jsonnet/fmt/index.js';

function fmt(source: string, options: Partial<FormatOptions> = {}): string {
  return formatJsonnet('test.jsonnet', source, options);
}

describe('formatJsonnet with the default options', () => {
  it('pads objects and unquotes field names', () => {
    expect(fmt('{a:1,"b":2,["c"]:3}')).toBe('{ a: 1, b: 2, c: 3 }\n');
  });

  it('sorts the imports at the top of the file', () => {
    expect(fmt('local b = import "b.libsonnet"; local a = import "a.libsonnet"; a + b')).toBe(
      "local a = import 'a.libsonnet';\nlocal b = import 'b.libsonnet';\na + b\n",
    );
  });

  it('expands a list split over lines and adds the trailing comma', () => {
    expect(fmt('[1,2,\n3]')).toBe('[\n  1,\n  2,\n  3,\n]\n');
  });

  it('drops the plus before an object', () => {
    expect(fmt('x + {a: 1}')).toBe('x { a: 1 }\n');
  });

  it('prefers single quotes unless the string holds one', () => {
    expect(fmt('{a: \'it\\\'s\', b: "q\'", c: "plain\\n"}')).toBe(
      '{ a: "it\'s", b: "q\'", c: \'plain\\n\' }\n',
    );
  });

  it('fixes commas, parens, plus, slices, field names, strings and comments of one file together', () => {
    // LocalStyle makes these seven passes' changes in one walk: each must see the others' result.
    const source = [
      '#!/usr/bin/env jsonnet',
      '# one',
      'local f = (  # two',
      ' (  # three',
      '  "x"));',
      '{ ["a"]: [1,2,], "b": x + {c: "d", # four',
      '}, e: y[1:: # five',
      '], g: x["h"], i: [ # six',
      '], j: {}, k: [x for x in [1,]], l: {[x]: 1, for x in ["m"]}, "n o": f, ["p"](q): (((q))) }',
    ].join('\n');
    expect(fmt(source)).toBe(
      [
        '#!/usr/bin/env jsonnet',
        '// one',
        'local f =  // two',
        '  (  // three',
        "    'x'",
        '  );',
        '{ a: [1, 2], b: x {',
        "  c: 'd',  // four",
        '}, e: y[1:  // five',
        '], g: x.h, i: [  // six',
        "], j: {}, k: [x for x in [1]], l: { [x]: 1 for x in ['m'] }, 'n o': f, p(q): ((q)) }",
        '',
      ].join('\n'),
    );
  });

  it('turns # comments into // but keeps the hashbang', () => {
    expect(fmt('#!/usr/bin/env jsonnet\n# comment\n{}')).toBe('#!/usr/bin/env jsonnet\n// comment\n{}\n');
  });

  it('lines up parameters and arguments continued on the next line', () => {
    expect(fmt('local f(x,\ny) = x; f(1,\n2)')).toBe(
      'local f(x,\n        y) = x; f(1,\n                  2)\n',
    );
    expect(fmt('std.foo(a=1,\n  b=2)')).toBe('std.foo(a=1,\n        b=2)\n');
  });

  it('removes a redundant slice colon and double parentheses', () => {
    expect(fmt('a[1::]')).toBe('a[1:]\n');
    expect(fmt('((1))')).toBe('(1)\n');
  });

  it('uses .f where the index is an identifier', () => {
    expect(fmt('x["foo"] + x["a-b"]')).toBe("x.foo + x['a-b']\n");
  });

  it('re-indents text blocks', () => {
    expect(fmt('{\na: |||\n  text\n|||,\n}')).toBe('{\n  a: |||\n    text\n  |||,\n}\n');
  });

  it('indents a then branch on its own line', () => {
    expect(fmt('if x then\ny else z')).toBe('if x then\n  y else z\n');
  });

  it('spaces binary operators and keeps one-line forms', () => {
    expect(fmt('function(a, b=1) a+b')).toBe('function(a, b=1) a + b\n');
    expect(fmt('local x = 1, y = 2; x')).toBe('local x = 1, y = 2; x\n');
    expect(fmt("{ assert self.a > 0 : 'msg', a: 1 }")).toBe("{ assert self.a > 0 : 'msg', a: 1 }\n");
    expect(fmt('[x for x in [1,2] if x > 1]')).toBe('[x for x in [1, 2] if x > 1]\n');
  });

  it('sorts each group of imports on its own', () => {
    const source =
      'local c = import "c.libsonnet";\nlocal a = import "a.libsonnet";\n\n// group two\n' +
      'local z = import "z.libsonnet";\nlocal y = import "y.libsonnet";\n{}';
    expect(fmt(source)).toBe(
      "local a = import 'a.libsonnet';\nlocal c = import 'c.libsonnet';\n\n// group two\n" +
        "local y = import 'y.libsonnet';\nlocal z = import 'z.libsonnet';\n{}\n",
    );
  });

  it("keeps imports of one file in their order within a group of up to 12, as Go's sort does", () => {
    // jsonnetfmt v0.22's output. Go's sort.Slice is an insertion sort up to 12 elements (stable);
    // kf's is stable at any size (docs/jsonnet.md).
    const keys = 'bbabbbbbbaab';
    const source = [...keys].map((k, i) => `local v${i} = import "${k}";\n`).join('') + 'null\n';
    const order = [2, 9, 10, 0, 1, 3, 4, 5, 6, 7, 8, 11];
    expect(fmt(source)).toBe(order.map((i) => `local v${i} = import '${keys[i]}';\n`).join('') + 'null\n');
  });

  it('does not re-indent the condition of a comprehension if (as go-jsonnet)', () => {
    expect(fmt('[\n  x\n  for x in [1]\n  if x >\n0\n]')).toBe('[\n  x\n  for x in [1]\n  if x >\n0\n]\n');
  });

  it('adds a trailing comma when an object spans lines and drops it otherwise', () => {
    expect(fmt('{a: 1,\nb: 2}')).toBe('{\n  a: 1,\n  b: 2,\n}\n');
    expect(fmt('local x = {a: 1,}; x')).toBe('local x = { a: 1 }; x\n');
  });

  it('throws the parser error for a source that does not parse', () => {
    expect(() => fmt('{a: 1 b: 2}')).toThrow(JsonnetError);
  });
});

describe('formatJsonnet with other options', () => {
  it('indent 4', () => {
    expect(fmt('{a: {b: [1,\n2]}}', { indent: 4 })).toBe('{ a: { b: [\n    1,\n    2,\n] } }\n');
  });

  it('double quotes, leaving verbatim strings alone', () => {
    expect(fmt("{a: 'it\\'s', b: 'q\"', c: \"plain\", d: @'v''s'}", { stringStyle: 'd' })).toBe(
      "{ a: \"it's\", b: 'q\"', c: \"plain\", d: @'v''s' }\n",
    );
  });

  it('hash comments', () => {
    expect(fmt('// hi\n{a: 1}  // trailing', { commentStyle: 'h' })).toBe('# hi\n{ a: 1 }  # trailing\n');
  });

  it('padded arrays, unpadded objects', () => {
    expect(fmt('{a: [1, 2], b: {c: 3}}', { padArrays: true, padObjects: false })).toBe(
      '{a: [ 1, 2 ], b: {c: 3}}\n',
    );
  });

  it('explicit plus, with the parentheses the call needs', () => {
    expect(fmt('x {a: 1}(1)', { useImplicitPlus: false })).toBe('(x + { a: 1 })(1)\n');
  });

  it('at most one blank line', () => {
    expect(fmt('1 +\n\n\n\n2', { maxBlankLines: 1 })).toBe('1 +\n\n2\n');
  });

  it('at most one blank line where lists are expanded (capped in the same walk)', () => {
    const source =
      'local a = 1;\n\n\n\n\nlocal b = [1,\n\n\n\n2, # c\n\n\n\n\n];\n{ x: a,\n\n\n\n y: [b for b in b\n\n\n\n if b > 1], z: f(1,\n\n\n\n 2)\n\n\n\n}\n';
    expect(fmt(source, { maxBlankLines: 1 })).toBe(
      'local a = 1;\n\nlocal b = [\n  1,\n\n  2,  // c\n\n];\n{\n  x: a,\n\n  y: [\n    b\n    for b in b\n\n    if b > 1\n  ],\n  z: f(1,\n\n       2),\n\n}\n',
    );
  });
});
