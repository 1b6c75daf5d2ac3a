import { describe, expect, it } from 'vitest';
import { err, ev } from './helpers.js';

describe('jsonnet language', () => {
  it('evaluates literals, arithmetic and string forms', () => {
    expect(ev('1 + 2 * 3 - 4 / 2')).toBe(5);
    expect(ev('7 % 3')).toBe(1);
    expect(ev('1_000_000 + 0.000_1')).toBe(1000000.0001);
    expect(ev(`'a' + "b" + @'c''d' + @"e""f"`)).toBe('abc\'de"f');
    expect(ev('"\\u00e9\\ud83d\\ude00\\t"')).toBe('é😀\t');
    expect(ev('|||\n  line1\n    line2\n|||')).toBe('line1\n  line2\n');
    expect(ev('|||-\n  chomped\n|||')).toBe('chomped');
    expect(ev('1 << 3 | 1 & 3 ^ 2')).toBe(11);
    expect(ev('~5')).toBe(-6);
    expect(ev('!true || false && true')).toBe(false);
    expect(ev('"abc" < "abd" && [1, 2] < [1, 3] && 2 >= 2')).toBe(true);
    expect(ev('"x" in {x: 1}')).toBe(true);
  });

  it('reads string literals whatever lies between their escapes: comments, other strings, quotes', () => {
    // The lexer looks for the next backslash once per part of the file: one in a comment, a
    // verbatim string or a text block comes before strings that have none, or after them.
    const code = String.raw`// a \ in a comment, then strings without one
['a', "b", @'c\d', 'e"f', |||
  g\h
|||, 'i\'j', "k\"\\l", '', 'm\u00e9n\t', @"o""p", 'q', /* \ */ "r"]`;
    expect(ev(code)).toEqual([
      'a',
      'b',
      'c\\d',
      'e"f',
      'g\\h\n',
      "i'j",
      'k"\\l',
      '',
      'mén\t',
      'o"p',
      'q',
      'r',
    ]);
    expect(err("'abc\\'")).toMatch(/Unterminated String/);
    expect(err("@'abc''")).toMatch(/Unterminated String/);
  });

  it('supports locals, functions, default and named arguments, closures', () => {
    expect(ev('local f(a, b=a + 1) = [a, b]; [f(1), f(1, 5), f(b=3, a=2)]')).toEqual([
      [1, 2],
      [1, 5],
      [2, 3],
    ]);
    expect(ev('local add(x) = function(y) x + y; add(2)(3)')).toBe(5);
    expect(ev('local a = b + 1, b = 2; a')).toBe(3);
    expect(
      ev('local sum(n, acc) = if n == 0 then acc else sum(n - 1, acc + n) tailstrict; sum(20000, 0)'),
    ).toBe(200010000);
  });

  it('evaluates objects with self, super, $, visibility and +: inheritance', () => {
    const base = `local Base = { name: 'b', greet: 'hi ' + self.name, hidden:: 1, forced::: 2, nested: { top: $.name } };`;
    expect(ev(base + 'Base { name: "c" }')).toEqual({
      name: 'c',
      greet: 'hi c',
      forced: 2,
      nested: { top: 'c' },
    });
    expect(ev('{ a: { x: 1 } } + { a+: { y: 2 } }')).toEqual({ a: { x: 1, y: 2 } });
    expect(ev('{ a: 1 } + { a: super.a + 10 } + { a: super.a * 2 }')).toEqual({ a: 22 });
    expect(ev('{ a:: 1 } + { a: 2 }')).toEqual({});
    expect(ev('{ a:: 1 } + { a::: 2 }')).toEqual({ a: 2 });
    expect(ev('{ a: 1 } + { b: "a" in super, c: "z" in super }')).toEqual({ a: 1, b: true, c: false });
    expect(ev('{ local x = 3, y: x * self.z, z: 2 }')).toEqual({ y: 6, z: 2 });
    expect(ev('local o = { f(x):: x * 2 }; o.f(4)')).toBe(8);
    expect(ev('{ ["k" + i]: i for i in [1, 2] }')).toEqual({ k1: 1, k2: 2 });
    expect(ev('{ [null]: 1, b: 2 }')).toEqual({ b: 2 });
  });

  it('evaluates comprehensions, slices and indexing', () => {
    expect(ev('[x * y for x in [1, 2] for y in [10, 20] if x * y != 20]')).toEqual([10, 40]);
    expect(ev('[0, 1, 2, 3, 4, 5][1:5:2]')).toEqual([1, 3]);
    expect(ev('[0, 1, 2, 3, 4, 5][-2:]')).toEqual([4, 5]);
    expect(ev('"héllo😀"[1:4]')).toBe('éll');
    expect(ev('"a😀b"[1]')).toBe('😀');
    expect(ev('std.length("a😀b")')).toBe(3);
  });

  it("reads \\u surrogate escapes as go-jsonnet's StringUnescape does (values and errors checked with go-jsonnet v0.22)", () => {
    expect(ev('"\\ud83d\\ude00"')).toBe('\u{1F600}');
    expect(ev("'\\ud800\\udc00'")).toBe('\u{10000}');
    // a surrogate takes the next escape with it; a pair that is not high + low is U+FFFD
    expect(ev('"\\ud800\\u0041"')).toBe('\uFFFD');
    expect(ev('"\\udc00\\ud800"')).toBe('\uFFFD');
    expect(err('"\\ud800"')).toMatch(
      / Truncated unicode surrogate pair escape sequence in string literal\.\n/,
    );
    expect(err('"\\udc00"')).toMatch(
      / Truncated unicode surrogate pair escape sequence in string literal\.\n/,
    );
    expect(err('"\\ud800abc"')).toMatch(/Truncated unicode surrogate pair/);
    // what follows is measured in UTF-8 bytes: four 'é' are 8 bytes, enough for an escape
    expect(err('"\\ud800\u00e9\u00e9\u00e9\u00e9"')).toMatch(
      / Unicode surrogate pair escape sequence missing low surrogate in string literal\.\n/,
    );
    expect(err('"\\ud800xyzabc"')).toMatch(/missing low surrogate/);
    expect(err('"\\ud800\\uzzzz"')).toMatch(/ Unicode low surrogate escape sequence was malformed: \\ud8\n/);
  });

  it('adds a `[k]+:` comprehension field to the same field below it, as go-jsonnet does', () => {
    // grafana/jsonnet-libs' grafana/configmaps.libsonnet shards dashboards with `['%s-%d' % …]+: { … } for …`.
    expect(
      ev(
        "{ a: { x: 1 }, b: [1] } + { local n = 2, [k]+: if k == 'a' then { y: n } else [n] for k in ['a', 'b', 'c'] }",
      ),
    ).toEqual({ a: { x: 1, y: 2 }, b: [1, 2], c: [2] });
    expect(ev("{ m: { a: 'x' } } + { m+: { [k]+: '-' + k for k in ['a', 'b'] } }")).toEqual({
      m: { a: 'x-a', b: '-b' },
    });
    expect(ev("{ [k]+: { z: k } for k in ['p'] }")).toEqual({ p: { z: 'p' } });
  });

  it('builds an array of literals once and shares it, unchanged by what is made from it', () => {
    // 20 elements: `+` may append in place to an array of 16 or more that nothing else extends.
    const big = Array.from({ length: 20 }, (_, i) => i);
    const lit = JSON.stringify(big);
    expect(
      ev(
        `local f(x) = ${lit} + [x]; local a = f('a'), b = f('b'); [a[20], b[20], std.length(a), std.length(b)]`,
      ),
    ).toEqual(['a', 'b', 21, 21]);
    expect(ev(`local f(x) = ${lit} + [x]; [f(i)[20] for i in std.range(0, 3)]`)).toEqual([0, 1, 2, 3]);
    // What is made from the shared array extends it again, and the literal stays as written.
    expect(
      ev(
        `local f() = ${lit}; local a = f() + [1], b = a + [2], c = f() + [3]; [std.length(f()), b[20], b[21], c[20]]`,
      ),
    ).toEqual([20, 1, 2, 3]);
    expect(
      ev(`local f() = [3, 1, 2]; [std.sort(f()), std.reverse(f()), f(), std.set(f() + [1]), f()]`),
    ).toEqual([
      [1, 2, 3],
      [2, 1, 3],
      [3, 1, 2],
      [1, 2, 3],
      [3, 1, 2],
    ]);
    // Elements that are not literals are evaluated every time.
    expect(ev(`local f(x) = [1, x]; [f(1), f(2)]`)).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(ev(`[[i, [i]] for i in [1, 2]]`)).toEqual([
      [1, [1]],
      [2, [2]],
    ]);
  });

  it('is lazy: unused failing fields, elements and locals do not fail', () => {
    expect(ev('local x = error "no"; { a: 1, b:: error "hidden" }')).toEqual({ a: 1 });
    expect(ev('std.length([error "a", error "b"])')).toBe(2);
    expect(ev('{ a: error "x", b: 2 }.b')).toBe(2);
    expect(ev('local f(x) = 1; f(error "unused")')).toBe(1);
  });

  it('runs object assertions when a field is read and at output, not for std.length', () => {
    expect(err('{ assert self.a > 1 : "too small", a: 1 }.a')).toContain('RUNTIME ERROR: too small');
    expect(err('{ assert false }')).toContain('Object assertion failed.');
    expect(ev('std.length({ assert false, a: 1 })')).toBe(1);
    expect(ev('std.objectHas({ assert false, a: 1 }, "a")')).toBe(true);
    expect(ev('({ assert self.a == 2, a: 1 } + { a: 2 }).a')).toBe(2);
  });

  it('imports files relative to the importing file', async () => {
    const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { Engine } = await import('../../src/jsonnet/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'kf-jsonnet-'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'a.libsonnet'), '{ v: import "b.libsonnet", s: importstr "t.txt" }');
    writeFileSync(join(dir, 'lib', 'b.libsonnet'), '40 + 2');
    writeFileSync(join(dir, 'lib', 't.txt'), 'text');
    writeFileSync(join(dir, 'lib', 'bin.dat'), Buffer.from([0, 255]));
    writeFileSync(
      join(dir, 'main.jsonnet'),
      'local a = import "lib/a.libsonnet"; [a.v, a.s, importbin "lib/bin.dat", std.thisFile]',
    );
    const engine = new Engine();
    expect(engine.evaluateFile(join(dir, 'main.jsonnet'))).toEqual([
      42,
      'text',
      [0, 255],
      join(dir, 'main.jsonnet'),
    ]);
    const viaJpath = new Engine({ jpath: [join(dir, 'lib')] });
    expect(viaJpath.evaluateSnippet('x.jsonnet', '(import "a.libsonnet").v')).toBe(42);
    expect(err('import "nope.libsonnet"')).toContain('couldn\'t open import "nope.libsonnet"');
  });

  it('passes ext vars, top-level arguments and native functions', async () => {
    const { Engine } = await import('../../src/jsonnet/index.js');
    const engine = new Engine({
      extVars: { s: { kind: 'string', value: 'str' }, c: { kind: 'code', value: '{ n: 1 + 1 }' } },
      nativeFunctions: { double: { params: ['x'], fn: (x) => (x as number) * 2 } },
    });
    expect(
      engine.evaluateSnippet('x', '[std.extVar("s"), std.extVar("c").n, std.native("double")(21)]'),
    ).toEqual(['str', 2, 42]);
    expect(
      engine.evaluateSnippet('x', 'function(a, b = 2) a + b', { tlas: { a: { kind: 'code', value: '40' } } }),
    ).toBe(42);
    expect(engine.evaluateSnippet('x', 'std.native("missing")')).toBe(null);
  });
});

describe('engine caches', () => {
  it('sees a file rewritten between two evaluations with the same engine', async () => {
    const { mkdtempSync, writeFileSync, utimesSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { Engine } = await import('../../src/jsonnet/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'kf-jsonnet-cache-'));
    const lib = join(dir, 'lib.libsonnet');
    writeFileSync(lib, '{ v: 1 }');
    writeFileSync(join(dir, 'main.jsonnet'), '(import "lib.libsonnet").v');
    const engine = new Engine();
    expect(engine.evaluateFile(join(dir, 'main.jsonnet'))).toBe(1);
    writeFileSync(lib, '{ v: 22 }');
    utimesSync(lib, new Date(), new Date(Date.now() + 5000));
    expect(engine.evaluateFile(join(dir, 'main.jsonnet'))).toBe(22);
    expect(() => engine.evaluateSnippet(join(dir, 'x.jsonnet'), `import "new.libsonnet"`)).toThrow(
      /couldn.t open import/,
    );
    writeFileSync(join(dir, 'new.libsonnet'), '7');
    expect(engine.evaluateSnippet(join(dir, 'x.jsonnet'), `import "new.libsonnet"`)).toBe(7);
  });
});
