import { describe, expect, it } from 'vitest';
import { format } from '../../../src/jsonnet/std-pure/format.js';
import type { PlainValue } from '../../../src/jsonnet/std-pure/plain-value.js';
import { FORMAT_CASES } from './format-cases.js';

// Expected strings below come from C++ jsonnet v0.22.0 (`jsonnet -e "'<fmt>' % <vals>"`).
describe('std.format', () => {
  it.each(FORMAT_CASES)('%s of %j', (fmt, vals, expected) => {
    expect(format(fmt, vals as PlainValue[])).toBe(expected);
  });

  it('handles integers, flags, width and precision', () => {
    expect(format('%5d|%-5d|%05d|%+d|% d', [42, 42, 42, 42, 42])).toBe('   42|42   |00042|+42| 42');
    expect(format('%.3d', [7])).toBe('007');
    expect(format('%d %d', [3.7, -3.7])).toBe('3 -3');
    expect(format('%d', [-0.5])).toBe('0');
    expect(format('%i %u', [-5, -5])).toBe('-5 -5');
    expect(format('%ld %hd %Ld', [1, 2, 3])).toBe('1 2 3');
    // One length modifier only, as the reference's parser: a second is read as the conversion type.
    expect(() => format('%lld', [1])).toThrow('Unrecognised conversion type: l');
    // A `*` precision is read by numeric conversions only, after the value; null is the default.
    expect(format('%.*s|%.*c|%.*%', ['a', 'x', 'b', 66, 'c'])).toBe('x|B|%');
    expect(format('%.*d|%.*f', [null, 1, null, 1.5])).toBe('1|1.500000');
    expect(() => format('%.*d', ['a', 1])).toThrow('std.max second param expected number, got string');
    expect(() => format('%.*f', [true, 1])).toThrow('Unexpected type boolean, expected number');
    expect(() => format('%.*d', [])).toThrow('Not enough values to format: 0, expected more than 1');
    expect(format('% 5d|%+5d|% 05d|%+05d|%-+5d|% -5d', [1, 1, 1, 1, 1, 1])).toBe(
      '    1|   +1| 0001|+0001|+1   | 1   ',
    );
    expect(format('%-05d|', [5])).toBe('5    |');
  });

  it('handles octal and hex with the alternate form', () => {
    expect(format('%x %X %#x %#X %o %#o', [255, 255, 255, 255, 8, 8])).toBe('ff FF 0xff 0XFF 10 010');
    expect(format('%#x|%#o|%#5x|%#05x|%x|%x|%o', [0, 0, 1, 1, -255, 3.7, 8.5])).toBe(
      '0x0|0|  0x1|0x001|-ff|3|10',
    );
    expect(format('%#x|%#X|%#o|%+#x', [-255, -255, -8, 255])).toBe('-0xff|-0XFF|-010|+0xff');
    expect(format('%#06x|%#06o|%06x', [-1, -1, -1])).toBe('-0x001|-00001|-00001');
    expect(format('%.3x|%#.3x|%8.3x|%-#8x|', [10, 10, 10, 10])).toBe('00a|0x00a|     00a|0xa     |');
    expect(format('%x', [-3.7])).toBe('-4');
    expect(format('%#x', [1e20])).toBe('0x56bc75e2d63100000');
  });

  it('reproduces the reference floating-point rendering, quirks included', () => {
    expect(format('%e', [12345.6789])).toBe('1.234568e+04');
    expect(format('%.2e', [9.999])).toBe('10.00e+00');
    expect(format('%.2f', [0.999])).toBe('1.00');
    expect(format('%.0f %.0f %.0f', [0.5, 1.5, 2.5])).toBe('1 2 3');
    expect(format('%g %g %g %g', [0.0001, 0.00001, 123456, 1234567])).toBe('0.0001 1e-05 123456 1.23457e+06');
    expect(format('%#g %#.3g', [1.0, 1.0])).toBe('1.00000 1.00');
    expect(format('%10.3f|%-10.3f|%010.3f', [3.14159, 3.14159, -3.14159])).toBe(
      '     3.142|3.142     |-00003.142',
    );
    expect(format('%f', [1e20])).toBe('100000000000000000000.729344');
    expect(format('%.20f', [0.1])).toBe('0.10000000000000000000');
    expect(format('%e|%e', [1000, 1e15])).toBe('10.000000e+02|10.000000e+14');
    // go-jsonnet's (C++ jsonnet prints 5.000000e-324: its log of a subnormal is another)
    expect(format('%e|%e|%e', [1e300, 1e-300, 5e-324])).toBe('10.000000e+299|1.000000e-300|0.000000e-308');
    expect(format('%.0g|%.0g|%.0g', [1, 5, 12345])).toBe('5e+00|10.0.09999999999999995e+00|6e+04');
    expect(format('%.0g|%#.0g', [0, 0])).toBe('0e+00|0.0e+00');
    expect(format('%#.0f %#.0e', [3, 3])).toBe('3. 3.e+00');
    expect(format('%E %G %F', [1e-10, 1e-10, 1.5])).toBe('1.000000E-10 1E-10 1.500000');
    expect(format('%010g|%-010g|%010.3e', [1.5, 1.5, -1.5])).toBe('    0001.5|1.5       |-1.500e+00');
    expect(format('%f|%g|%e', [-0, -0, -0])).toBe('0.000000|0|0.000000e+00');
    expect(format('%.f|%.d', [1.5, 3])).toBe('2|3');
    expect(() => format('%.17f', [1e300])).toThrow('Overflow');
  });

  it('prints huge integers digit by digit in floating point, like the reference', () => {
    expect(format('%d', [1e20])).toBe('100000000000000000000');
    expect(format('%d', [Number('9007199254740993')])).toBe('9007199254740992');
    expect(format('%d', [1e300]).slice(0, 30)).toBe('100000000000000080820288064406');
  });

  it('handles %c, %s, %% and Unicode widths', () => {
    expect(format('%c%c', [65, 'B'])).toBe('AB');
    expect(format('%c', [128512])).toBe('😀');
    expect(format('%c', [3.5])).toBe('\u0003');
    expect(format('%5s|%-5s|%.2s', ['ab', 'ab', 'abcdef'])).toBe('   ab|ab   |abcdef');
    expect(format('%05s|%5c|%-3c|', ['ab', 65, 66])).toBe('   ab|    A|B  |');
    expect(format('%5s|', ['é'])).toBe('    é|');
    expect(format('%5s|', ['😀'])).toBe('    😀|');
    expect(format('%s', [[{ a: [1, { b: null }] }, 'q"\n']])).toBe('[{"a": [1, {"b": null}]}, "q\\"\\n"]');
    expect(format('%s|%s|%s', [[], {}, null])).toBe('[ ]|{ }|null');
    expect(format('%s', [0.1])).toBe('0.10000000000000001');
    expect(format('%%|%5%', [])).toBe('%|    %');
  });

  it('takes * width and precision from the values', () => {
    expect(format('%*d|%.*f', [5, 42, 2, 3.14159])).toBe('   42|3.14');
    expect(format('%*.*f', [10, 3, 1.5])).toBe('     1.500');
  });

  it('wraps a single non-array value', () => {
    expect(format('%s', 'x')).toBe('x');
    expect(format('%d', 3)).toBe('3');
  });

  it('formats from an object with mapping keys', () => {
    expect(format('%(a)s %(b)05d', { a: 'x', b: 3 })).toBe('x 00003');
    expect(format('%% %(a)s', { a: 1 })).toBe('% 1');
    // With an array, mapping keys are ignored.
    expect(format('%(a)s', [1])).toBe('1');
  });

  it('reports errors with the reference messages', () => {
    expect(() => format('%', [])).toThrow('Truncated format code.');
    for (const f of ['%(a', '%(a)', '%.', '%5', '%.5', '%d %', '%#']) {
      expect(() => format(f, [1])).toThrow('Truncated format code.');
    }
    expect(() => format('%z', [1])).toThrow('Unrecognised conversion type: z');
    expect(() => format('%r', [1])).toThrow('Unrecognised conversion type: r');
    expect(() => format('%d %d', [1])).toThrow('Not enough values to format: 1, expected more than 1');
    expect(() => format('%s', [])).toThrow('Not enough values to format: 0, expected more than 0');
    expect(() => format('%d', [1, 2])).toThrow('Too many values to format: 2, expected 1');
    expect(() => format('abc', [1])).toThrow('Too many values to format: 1, expected 0');
    expect(() => format('%d', ['x'])).toThrow('Format required number at 0, got string');
    expect(() => format('%x', [true])).toThrow('Format required number at 0, got boolean');
    expect(() => format('%(a)d', { a: 'x' })).toThrow('Format required number at a, got string');
    expect(() => format('%s', { a: 1 })).toThrow('Mapping keys required.');
    expect(() => format('%(a)d %d', { a: 1 })).toThrow('Mapping keys required.');
    expect(() => format('%(a)*d', { a: 1 })).toThrow('Cannot use * field width with object.');
    expect(() => format('%(x)d', {})).toThrow('No such field: x');
    expect(() => format('%c', ['ab'])).toThrow('%c expected 1-sized string got: 2');
    expect(() => format('%c', [true])).toThrow('%c expected number / string, got: boolean');
    expect(() => format('%c', [-1])).toThrow('Codepoints must be >= 0, got -1');
    expect(() => format('%c', [1114112])).toThrow('Invalid unicode codepoint, got 1.114112e+06');
  });

  it('formats 6,000 %d conversions quickly (parsed format strings are cached)', () => {
    const start = performance.now();
    let out = '';
    for (let j = 0; j < 6000; j++) out += format('%d', j);
    expect(out.length).toBe(22890);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
