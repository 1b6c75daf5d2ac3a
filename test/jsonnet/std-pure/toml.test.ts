import { describe, expect, it } from 'vitest';
import * as M from '../../../src/jsonnet/std-pure/toml.js';
import type { PlainValue } from '../../../src/jsonnet/std-pure/plain-value.js';

// Expected strings are C++ jsonnet v0.22.0 output.
describe('std.manifestTomlEx', () => {
  it('prints keys, inline values, tables and arrays of tables', () => {
    const value: PlainValue = {
      key: 'value',
      num: 1.5,
      bool: true,
      arr: [1, 'two', [3], { x: 1 }],
      emptyArr: [],
      'quoted key': 1,
      'a.b': 2,
      obj: { inner: 1, deep: { z: 'q' }, emptyObj: {} },
      tables: [{ a: 1, sub: { b: 2 } }, {}, { arr: [{ c: 3 }] }],
      inlineObj: [{ a: 1 }, 2],
      emptySection: {},
      str: 'multi\nline"',
    };
    expect(M.manifestTomlEx(value, '  ')).toBe(
      '"a.b" = 2\narr = [\n  1,\n  "two",\n  [ 3 ],\n  { x = 1 }\n]\nbool = true\nemptyArr = []\ninlineObj = [\n  { a = 1 },\n  2\n]\nkey = "value"\nnum = 1.5\n"quoted key" = 1\nstr = "multi\\nline\\""\n\n[emptySection]\n\n[obj]\n  inner = 1\n\n  [obj.deep]\n    z = "q"\n\n  [obj.emptyObj]\n\n[[tables]]\n  a = 1\n\n  [tables.sub]\n    b = 2\n\n[[tables]]\n\n[[tables]]\n\n\n  [[tables.arr]]\n    c = 3',
    );
  });

  it('handles empty indents, tabs, empty tables and odd keys', () => {
    expect(M.manifestTomlEx({ a: { b: { c: 1 } } }, '')).toBe('\n\n[a]\n\n\n[a.b]\nc = 1');
    expect(M.manifestTomlEx({ a: [[1, 2], [{ b: 1 }]], c: [{}] }, '\t')).toBe(
      'a = [\n\t[ 1, 2 ],\n\t[ { b = 1 } ]\n]\n\n[[c]]',
    );
    expect(M.manifestToml({ a: 1, b: { c: [{ d: 1 }] } })).toBe('a = 1\n\n[b]\n\n\n  [[b.c]]\n    d = 1');
    expect(
      M.manifestTomlEx(
        { '': 1, é: 2, x: [{}, 1], y: [[]], z: [[{}]], w: [{ a: {} }, 2], v: [[1, [2, { b: [3] }]]] },
        '  ',
      ),
    ).toBe(
      ' = 1\nv = [\n  [ 1, [ 2, { b = [ 3 ] } ] ]\n]\nw = [\n  { a = {  } },\n  2\n]\nx = [\n  {  },\n  1\n]\ny = [\n  []\n]\nz = [\n  [ {  } ]\n]\n"é" = 2',
    );
    expect(M.manifestTomlEx({}, '  ')).toBe('');
    expect(M.manifestTomlEx({ s: {} }, '  ')).toBe('\n\n[s]');
  });

  it('reports null, functions and non-objects with their path', () => {
    expect(() => M.manifestTomlEx({ a: { b: [1, null] } }, ' ')).toThrow(
      'Tried to manifest "null" at [a b 1]',
    );
    expect(() => M.manifestTomlEx({ a: [{ b: null }] }, ' ')).toThrow('Tried to manifest "null" at [a 0 b]');
    expect(() => M.manifestTomlEx({ a: () => 1 }, ' ')).toThrow('Tried to manifest function at [a]');
    expect(() => M.manifestTomlEx([], ' ')).toThrow('TOML body must be an object. Got array');
  });
});
