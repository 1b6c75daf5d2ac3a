import { describe, expect, it } from 'vitest';
import {
  compareCodePoints,
  escapeStringJson,
  goJsonString,
  manifestJson,
  manifestJsonEx,
  manifestJsonMinified,
  manifestJsonOutput,
  manifestSingleLine,
  sortCodePoints,
  sortedKeys,
} from '../../../src/jsonnet/std-pure/json.js';

// Expected strings are C++ jsonnet v0.22.0 output.
describe('key order', () => {
  it('sorts by Unicode code point, not UTF-16 unit', () => {
    // U+FB01 (ﬁ) is below U+1F600 (😀) as a code point, but above its UTF-16 surrogates.
    expect(sortedKeys({ '😀': 1, ﬁ: 2, a: 3, B: 4, '': 5 })).toEqual(['', 'B', 'a', 'ﬁ', '😀']);
    expect(compareCodePoints('\uffff', '\u{10000}')).toBeLessThan(0);
    expect(compareCodePoints('\u{10000}', '\u{10001}')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });

  it('sortCodePoints agrees with compareCodePoints, with and without units from U+D800 up', () => {
    const plain = ['b', 'a', 'é', '', 'B', 'ab', 'a\u0000', '\ud7ff'];
    expect(sortCodePoints([...plain])).toEqual([...plain].sort(compareCodePoints));
    const high = [...plain, '\uffff', '\u{10000}', 'ﬁ', '😀', '\ue000'];
    expect(sortCodePoints([...high])).toEqual([...high].sort(compareCodePoints));
    expect(sortCodePoints(['😀', 'ﬁ'])).toEqual(['ﬁ', '😀']);
  });
});

describe('escaping through JSON.stringify', () => {
  it('gives the same text as the character-by-character escaping, for every UTF-16 unit', () => {
    // A DEL (Jsonnet) or U+2028 (Go) turns the JSON.stringify path off: its escape is cut back out.
    for (let c = 0; c < 0x10000; c++) {
      const s = `a"${String.fromCharCode(c)}b`;
      const jsonnet = escapeStringJson(s + '\u007f');
      expect(escapeStringJson(s)).toBe(jsonnet.slice(0, -'\\u007f"'.length) + '"');
      const go = goJsonString(s + '\u2028');
      expect(goJsonString(s)).toBe(go.slice(0, -'\\u2028"'.length) + '"');
    }
  });
});

describe('escapeStringJson', () => {
  it('escapes quotes, backslashes and control characters; leaves other text raw', () => {
    expect(escapeStringJson('\b\f\n\r\t"\\/\u001f\u007f\u009f\u00a0😀')).toBe(
      '"\\b\\f\\n\\r\\t\\"\\\\/\\u001f\\u007f\\u009f\u00a0😀"',
    );
    expect(escapeStringJson('é\u0001\u0080\u2028')).toBe('"é\\u0001\\u0080\u2028"');
    expect(escapeStringJson('')).toBe('""');
    expect(escapeStringJson('plain')).toBe('"plain"');
  });
});

describe('CLI output', () => {
  it('indents with 3 spaces and prints empty containers with a space', () => {
    expect(manifestJsonOutput({ a: [], b: {}, c: [1, { d: 0.1 }] })).toBe(
      '{\n   "a": [ ],\n   "b": { },\n   "c": [\n      1,\n      {\n         "d": 0.10000000000000001\n      }\n   ]\n}',
    );
    expect(manifestJsonOutput([])).toBe('[ ]');
    expect(manifestJsonOutput('x')).toBe('"x"');
    expect(() => manifestJsonOutput({ f: () => 1 })).toThrow("couldn't manifest function in JSON output.");
  });
});

// std.manifestJsonEx and what is built on it follow go-jsonnet v0.22 (its native builtin).
describe('std.manifestJsonEx and friends', () => {
  it('prints empty containers with a blank line and strings as the Go JSON encoder does', () => {
    expect(manifestJsonEx({ a: [], b: {}, c: [1, { d: 'é\u0001\u007f\u0080\u00a0\u2028' }] }, '  ')).toBe(
      '{\n  "a": [\n\n  ],\n  "b": {\n\n  },\n  "c": [\n    1,\n    {\n      "d": "é\\u0001\u007f\u0080\u00a0\\u2028"\n    }\n  ]\n}',
    );
    expect(manifestJsonEx([[]], '  ', '')).toBe('[  [  ]]');
    expect(manifestJsonEx(1, '  ')).toBe('1');
  });

  it('manifestJson uses 4 spaces, manifestJsonMinified none', () => {
    expect(manifestJson({ a: [], b: 1.5 })).toBe('{\n    "a": [\n\n    ],\n    "b": 1.5\n}');
    expect(manifestJsonMinified({ a: [], b: {}, c: [1, { d: 0.1 }] })).toBe(
      '{"a":[],"b":{},"c":[1,{"d":0.1}]}',
    );
  });

  it('prints numbers in the shortest form that reads back, never with an exponent', () => {
    expect(manifestJsonMinified([0.6, 1e-7, 1 / 3, 1.42, 1e21, -0, 5e-324, 1e100])).toBe(
      '[0.6,0.0000001,0.3333333333333333,1.42,1000000000000000000000,-0,0.' +
        '0'.repeat(323) +
        '5,1' +
        '0'.repeat(100) +
        ']',
    );
  });

  it('reports the path of a function', () => {
    expect(() => manifestJsonEx({ a: () => 1 }, '  ')).toThrow('Tried to manifest function at ["a"]');
    expect(() => manifestJsonEx([1, [() => 1]], '  ')).toThrow('Tried to manifest function at [1, 0]');
  });
});

describe('single-line form (std.toString)', () => {
  it('matches the reference', () => {
    expect(manifestSingleLine([1, 'a', null, true, { b: 0.5 }])).toBe('[1, "a", null, true, {"b": 0.5}]');
    expect(manifestSingleLine([])).toBe('[ ]');
    expect(manifestSingleLine({})).toBe('{ }');
    expect(manifestSingleLine({ z: 1, a: [[]] })).toBe('{"a": [[ ]], "z": 1}');
  });
});
