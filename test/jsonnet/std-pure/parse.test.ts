import { describe, expect, it } from 'vitest';
import * as P from '../../../src/jsonnet/std-pure/parse.js';

// Expected values are C++ jsonnet v0.22.0 output, and go-jsonnet's testdata/parseYaml golden.
describe('parseInt / parseOctal / parseHex', () => {
  it('parses like the reference, accumulating in floating point', () => {
    expect([
      P.parseInt('-123'),
      P.parseInt('007'),
      P.parseOctal('755'),
      P.parseHex('ff'),
      P.parseHex('DEADbeef'),
    ]).toEqual([-123, 7, 493, 255, 3735928559]);
    expect(P.parseInt('123456789012345678901234567890')).toBe(123456789012345660285533552640);
  });

  it('rejects bad digits with the reference messages', () => {
    expect(() => P.parseInt('')).toThrow('Not an integer: ""');
    expect(() => P.parseInt('-')).toThrow('Not an integer: "-"');
    expect(() => P.parseInt('1a')).toThrow('1a is not a base 10 integer');
    expect(() => P.parseInt('+1')).toThrow('+1 is not a base 10 integer');
    expect(() => P.parseInt(' 1')).toThrow(' 1 is not a base 10 integer');
    expect(() => P.parseOctal('8')).toThrow('8 is not a base 8 integer');
    expect(() => P.parseOctal('-7')).toThrow('-7 is not a base 8 integer');
    expect(() => P.parseHex('g')).toThrow('g is not a base 16 integer');
    expect(() => P.parseHex('-ff')).toThrow('-ff is not a base 16 integer');
  });
});

describe('parseJson', () => {
  it('parses standard JSON into plain data', () => {
    const v = P.parseJson('{"a": [1, 2.5, "x", null, true], "b": {"c": 1e2}, "__proto__": 1}') as Record<
      string,
      unknown
    >;
    expect(Object.keys(v).sort()).toEqual(['__proto__', 'a', 'b']);
    expect(v.a).toEqual([1, 2.5, 'x', null, true]);
    expect(P.parseJson('{"a": 1, "a": 2}')).toEqual({ a: 2 });
    expect(P.parseJson('  [1]  ')).toEqual([1]);
    expect(P.parseJson('"\\ud83d\\ude00"')).toBe('😀');
    expect(Object.is(P.parseJson('-0'), 0)).toBe(true);
  });

  it('rejects invalid JSON, digit separators and out-of-range numbers', () => {
    expect(() => P.parseJson('1_0')).toThrow(/^failed to parse JSON/);
    expect(() => P.parseJson('[1,]')).toThrow(/^failed to parse JSON/);
    expect(() => P.parseJson('')).toThrow(/^failed to parse JSON/);
    expect(() => P.parseJson('1e400')).toThrow('failed to parse JSON: number out of range');
  });
});

describe('parseYaml', () => {
  it('returns a single document or, for an explicit stream, an array of documents', () => {
    expect(P.parseYaml('foo: bar\naaa: {}\nąę: ćż\nxxx:\n- 42\n- asdf\n- {}\n')).toEqual({
      foo: 'bar',
      aaa: {},
      ąę: 'ćż',
      xxx: [42, 'asdf', {}],
    });
    expect(P.parseYaml('---\na: 1\n---\na: 2\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(P.parseYaml('a: 1\n---\na: 2\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(P.parseYaml('---   \na: 1\n---\na: 2\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(P.parseYaml('a: 1\n---a: 2\na---: 3\n')).toEqual({ a: 1, '---a': 2, 'a---': 3 });
    expect(P.parseYaml('a: 1\n--- >\n  hello\n  world\n--- 3\n')).toEqual([{ a: 1 }, 'hello world\n', 3]);
    expect(P.parseYaml('a: 1\n---\n--- 2\n')).toEqual([{ a: 1 }, null, 2]);
    expect(P.parseYaml('---')).toEqual([null]);
    expect(P.parseYaml('1\n---')).toEqual([1, null]);
  });

  it('handles empty input, scalars and block strings', () => {
    expect(P.parseYaml('')).toBe(null);
    expect(P.parseYaml('   \n')).toBe(null);
    expect(P.parseYaml('{}')).toEqual({});
    expect(P.parseYaml('- 1\n- 2\n- 3\n')).toEqual([1, 2, 3]);
    expect(P.parseYaml('foo:\n  bar:\n  - true\n  - 42\n  - 1.0\n')).toEqual({ foo: { bar: [true, 42, 1] } });
    expect(P.parseYaml('f1: |\n  a\n  b\nf2: "a\\nb\\n"\n')).toEqual({ f1: 'a\nb\n', f2: 'a\nb\n' });
    expect(P.parseYaml('version: 1.2.3')).toEqual({ version: '1.2.3' });
    expect(P.parseYaml('id: "12345"')).toEqual({ id: '12345' });
  });

  it('reports YAML errors', () => {
    expect(() => P.parseYaml('a: b:')).toThrow(
      /^failed to parse YAML: error converting YAML to JSON: yaml: mapping values are not allowed in this context$/,
    );
  });
});
