import { describe, expect, it } from 'vitest';
import * as S from '../../../src/jsonnet/std-pure/strings.js';

// Expected values are C++ jsonnet v0.22.0 output (go-jsonnet where C++ misbehaves, as noted).
describe('code points', () => {
  it('counts and splits by code point', () => {
    expect(S.codePointLength('a😀b')).toBe(3);
    expect(S.stringChars('a😀b')).toEqual(['a', '😀', 'b']);
    expect(S.stringChars('')).toEqual([]);
  });

  it('char and codepoint handle astral characters', () => {
    expect(S.char(128512)).toBe('😀');
    expect(S.char(3.5) + S.char(65.9)).toBe('\u0003A');
    expect(S.codepoint('😀')).toBe(128512);
    expect(() => S.char(-1)).toThrow('Codepoints must be >= 0, got -1');
    expect(() => S.char(1114112)).toThrow('Invalid unicode codepoint, got 1.114112e+06');
    expect(() => S.codepoint('ab')).toThrow('codepoint takes a string of length 1, got length 2');
    expect(() => S.codepoint('')).toThrow('codepoint takes a string of length 1, got length 0');
  });

  it('substr counts code points and floors its arguments', () => {
    expect(S.substr('héllo😀x', 1, 5)).toBe('éllo😀');
    expect(S.substr('abc', 5, 2)).toBe('');
    expect(S.substr('abc', 1.5, 2)).toBe('bc');
    expect(S.substr('abc', 1, 1.5)).toBe('b');
    expect(() => S.substr('abc', -1, 2)).toThrow(
      'substr second parameter should be greater than zero, got -1',
    );
    expect(() => S.substr('abc', 1, -1)).toThrow(
      'substr third parameter should be greater than zero, got -1',
    );
  });

  it('findSubstr returns overlapping code-point indices', () => {
    expect(S.findSubstr('aa', 'aaaa')).toEqual([0, 1, 2]);
    expect(S.findSubstr('', 'aaaa')).toEqual([]);
    expect(S.findSubstr('😀', 'a😀b😀')).toEqual([1, 3]);
  });
});

describe('replacing and splitting', () => {
  it('strReplace replaces left to right without overlap', () => {
    expect(S.strReplace('aaa', 'aa', 'b')).toBe('ba');
    expect(() => S.strReplace('aaa', '', 'b')).toThrow("'from' string must not be zero length.");
  });

  it('splitLimit and splitLimitR', () => {
    expect(S.splitLimit('a,b,c,d', ',', 2)).toEqual(['a', 'b', 'c,d']);
    expect(S.splitLimitR('a,b,c,d', ',', 2)).toEqual(['a,b', 'c', 'd']);
    expect(S.splitLimit('a::b::c', '::', -1)).toEqual(['a', 'b', 'c']);
    expect(S.splitLimitR('a,,b', ',', 1)).toEqual(['a,', 'b']);
    expect(S.splitLimit('a,b', ',', 0)).toEqual(['a,b']);
    expect(S.splitLimit('aaa', 'aa', -1)).toEqual(['', 'a']);
    expect(S.splitLimitR('aaa', 'aa', -1)).toEqual(['', 'a']);
    // go-jsonnet v0.22 refuses a negative limit other than -1.
    expect(() => S.splitLimit('a,b,c', ',', -2)).toThrow(
      'std.splitLimit third parameter should be -1 or non-negative, got -2',
    );
    expect(() => S.splitLimitR('a,b,c', ',', -2)).toThrow(
      'std.splitLimitR third parameter should be -1 or non-negative, got -2',
    );
    expect(S.split('a😀b', '😀')).toEqual(['a', 'b']);
    // C++ loops forever here; go-jsonnet's message.
    expect(() => S.splitLimit('abc', '', -1)).toThrow(
      'std.splitLimit second parameter should have length 1 or greater, got 0',
    );
    expect(() => S.splitLimitR('abc', '', 1)).toThrow(
      'std.splitLimitR second parameter should have length 1 or greater, got 0',
    );
    expect(() => S.split('abc', '')).toThrow(
      'std.split second parameter must have length 1 or greater, got 0',
    );
  });
});

describe('trimming and case', () => {
  it('trim strips the reference whitespace set only', () => {
    expect(S.trim(' \t\n\f\r\u0085\u00a0x\u2000 \u000b')).toBe('x\u2000 \u000b');
    expect(S.trim('')).toBe('');
  });

  it('strip*Chars take a string or an array of characters', () => {
    expect(S.lstripChars('aabca', 'a')).toBe('bca');
    expect(S.rstripChars('aabcaa', ['a', 'c'])).toBe('aab');
    expect(S.stripChars('xyx', 'xy')).toBe('');
    expect(S.lstripChars('abc', 'x')).toBe('abc');
    expect(S.stripChars('😀a😀', '😀')).toBe('a');
  });

  it('ASCII case functions leave other letters alone', () => {
    expect(S.asciiUpper('aébz') + S.asciiLower('AÉBZ')).toBe('AéBZaÉbz');
    expect(S.equalsIgnoreCase('ABC', 'abc')).toBe(true);
    // go-jsonnet's std.equalsIgnoreCase is Go's strings.EqualFold (C++ jsonnet's compares asciiLower)
    expect(S.equalsIgnoreCase('É', 'é')).toBe(true);
    expect(S.equalsIgnoreCase('İ', 'i')).toBe(false);
  });

  it('predicates', () => {
    expect(S.isEmpty('')).toBe(true);
    expect(S.isEmpty(' ')).toBe(false);
    expect(S.startsWith('abc', 'ab') && S.endsWith('abc', 'bc') && !S.startsWith('a', 'ab')).toBe(true);
  });
});

describe('escaping', () => {
  it('matches the reference', () => {
    expect(S.escapeStringBash("it's")).toBe(`'it'"'"'s'`);
    expect(S.escapeStringDollars('$a$$')).toBe('$$a$$$$');
    expect(S.escapeStringPython('a"\n')).toBe('"a\\"\\n"');
    expect(S.escapeStringXml(`<a & "b" 'c'>`)).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
  });
});

describe('toString', () => {
  it('leaves strings alone and prints the rest on one line', () => {
    expect(S.toString('x"')).toBe('x"');
    expect(S.toString([1, 'a', null, true, { b: 0.5 }])).toBe('[1, "a", null, true, {"b": 0.5}]');
    expect(S.toString(0.1)).toBe('0.10000000000000001');
    expect(S.toString(-0)).toBe('-0');
  });
});
