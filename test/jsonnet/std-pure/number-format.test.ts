import { describe, expect, it } from 'vitest';
import {
  exactDecimal,
  formatE,
  formatF,
  formatG,
  formatNumber,
  formatNumberShortest,
} from '../../../src/jsonnet/std-pure/number-format.js';

// Expected strings are C++ jsonnet v0.22.0 output (`jsonnet -e <n>`) and C printf.
describe('formatNumber (manifest output)', () => {
  it('prints whole numbers in full, never with an exponent', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('-0');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(-7)).toBe('-7');
    expect(formatNumber(1e21)).toBe('1000000000000000000000');
    expect(formatNumber(1e17)).toBe('100000000000000000');
    expect(formatNumber(Number('12345678901234567890'))).toBe('12345678901234567168');
    expect(formatNumber(1e100)).toBe(
      '10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104',
    );
    expect(formatNumber(-(2 ** 53) - 2)).toBe('-9007199254740994');
  });

  it('prints other numbers like C %.17g', () => {
    expect(formatNumber(0.1)).toBe('0.10000000000000001');
    expect(formatNumber(1 / 3)).toBe('0.33333333333333331');
    expect(formatNumber(1.42)).toBe('1.4199999999999999');
    expect(formatNumber(1e-14)).toBe('1e-14');
    expect(formatNumber(1e-7)).toBe('9.9999999999999995e-08');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(-2.5)).toBe('-2.5');
    expect(formatNumber(1e-5)).toBe('1.0000000000000001e-05');
    expect(formatNumber(0.0001)).toBe('0.0001');
    expect(formatNumber(5e-324)).toBe('4.9406564584124654e-324');
    expect(formatNumber(123456789012345.25)).toBe('123456789012345.25');
    expect(formatNumber(Math.PI)).toBe('3.1415926535897931');
  });
});

describe('C-style %e / %f / %g', () => {
  it('rounds ties on the exact binary value half to even, like glibc', () => {
    expect(formatF(2.5, 0, false)).toBe('2');
    expect(formatF(0.5, 0, false)).toBe('0');
    expect(formatF(1.5, 0, false)).toBe('2');
    expect(formatF(0.125, 2, false)).toBe('0.12');
    expect(formatF(0.375, 2, false)).toBe('0.38');
    expect(formatE(2.5, 0, false)).toBe('2e+00');
    // 123456789012345.25 has 17 significant digits; at 16 the tie goes to the even digit.
    expect(formatG(123456789012345.25, 16, false)).toBe('123456789012345.2');
  });

  it('formats exponents with a sign and at least two digits', () => {
    expect(formatE(12345.6789, 3, false)).toBe('1.235e+04');
    expect(formatE(1e-300, 2, false, true)).toBe('1.00E-300');
    expect(formatE(0, 3, false)).toBe('0.000e+00');
    expect(formatE(3, 0, true)).toBe('3.e+00');
  });

  it('chooses fixed or exponent form for %g and strips zeros unless #', () => {
    expect(formatG(100000, 6, false)).toBe('100000');
    expect(formatG(1000000, 6, false)).toBe('1e+06');
    expect(formatG(0.0001, 6, false)).toBe('0.0001');
    expect(formatG(0.00001, 6, false)).toBe('1e-05');
    expect(formatG(1, 6, true)).toBe('1.00000');
    expect(formatG(-0, 17, false)).toBe('-0');
    expect(formatG(0, 0, false)).toBe('0');
  });

  it('prints %f of big numbers exactly', () => {
    expect(formatF(1e21, 2, false)).toBe('1000000000000000000000.00');
    expect(formatF(0.1, 20, false)).toBe('0.10000000000000000555');
  });

  it('expands doubles exactly', () => {
    expect(exactDecimal(0.5)).toEqual({ digits: '5', exp: -1 });
    expect(exactDecimal(0.1).digits).toBe('1000000000000000055511151231257827021181583404541015625');
    expect(exactDecimal(1024)).toEqual({ digits: '1024', exp: 3 });
  });
});

// Expected strings are go-jsonnet v0.22 std.manifestJsonEx output (Go strconv 'f', -1).
describe('formatNumberShortest (go-jsonnet manifestJsonEx / manifestYamlDoc)', () => {
  it('prints the shortest digits that read back, without an exponent', () => {
    expect(formatNumberShortest(0)).toBe('0');
    expect(formatNumberShortest(-0)).toBe('-0');
    expect(formatNumberShortest(0.6)).toBe('0.6');
    expect(formatNumberShortest(1e-7)).toBe('0.0000001');
    expect(formatNumberShortest(1e-5)).toBe('0.00001');
    expect(formatNumberShortest(1 / 3)).toBe('0.3333333333333333');
    expect(formatNumberShortest(-0.5)).toBe('-0.5');
    expect(formatNumberShortest(123456.789)).toBe('123456.789');
    expect(formatNumberShortest(1.5e-3)).toBe('0.0015');
    expect(formatNumberShortest(Number('12345678901234567890'))).toBe('12345678901234567000');
    expect(formatNumberShortest(1e22)).toBe('1' + '0'.repeat(22));
    expect(formatNumberShortest(2 ** 53 - 1)).toBe('9007199254740991');
    expect(formatNumberShortest(-(2 ** 60))).toBe('-1152921504606847000');
    expect(formatNumberShortest(1.7976931348623157e308)).toBe('17976931348623157' + '0'.repeat(292));
  });
});
