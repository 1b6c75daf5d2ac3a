import { describe, expect, it } from 'vitest';
import * as M from '../../../src/jsonnet/std-pure/math.js';

// Expected values are C++ jsonnet v0.22.0 output.
describe('NaN and infinity are errors', () => {
  it('uses the reference messages', () => {
    expect(() => M.pow(-1, 0.5)).toThrow('Not a number');
    expect(() => M.pow(10, 400)).toThrow('Overflow');
    expect(() => M.pow(0, -1)).toThrow('Overflow');
    expect(() => M.log(0)).toThrow('Overflow');
    expect(() => M.log(-1)).toThrow('Not a number');
    expect(() => M.exp(1000)).toThrow('Overflow');
    expect(() => M.sqrt(-1)).toThrow('Not a number');
    expect(() => M.log2(0)).toThrow('Overflow');
    expect(() => M.log10(-1)).toThrow('Not a number');
    expect(() => M.hypot(1e300, 1e300)).toThrow('Overflow');
    expect(() => M.modulo(5, 0)).toThrow('Division by zero.');
    expect(() => M.divide(1, 0)).toThrow('Division by zero.');
    expect(M.exp(-1000)).toBe(0);
  });
});

describe('arithmetic', () => {
  it('modulo keeps the sign of the dividend', () => {
    expect([M.modulo(-5, 3), M.modulo(5, -3), M.modulo(5.5, 2)]).toEqual([-2, 2, 1.5]);
    expect(Object.is(M.modulo(-0, 3), -0)).toBe(true);
  });

  it('logarithms divide like the reference', () => {
    expect(M.log2(8)).toBe(3);
    expect(M.log10(1000)).toBe(2.9999999999999996);
    expect(M.log10(7)).toBe(0.8450980400142567);
    // V8's Math.log(3) is one ulp below glibc's correctly rounded 1.0986122886681098.
    expect(M.log(3)).toBe(1.0986122886681098);
    expect(M.log2(3)).toBe(1.5849625007211563);
    expect(M.log(1e-300)).toBe(-690.77552789821368);
    expect(M.log(5e-324)).toBe(-744.44007192138122);
    expect(M.log(1)).toBe(0);
    expect(M.hypot(3, 4)).toBe(5);
    expect(M.deg2rad(180)).toBe(Math.PI);
    expect(M.rad2deg(1)).toBe(57.29577951308232);
  });

  it('mantissa and exponent follow frexp', () => {
    expect([M.mantissa(8), M.exponent(8)]).toEqual([0.5, 4]);
    expect([M.mantissa(0), M.exponent(0)]).toEqual([0, 0]);
    expect([M.mantissa(-0.75), M.exponent(-0.75)]).toEqual([-0.75, 0]);
    expect([M.mantissa(5e-324), M.exponent(5e-324)]).toEqual([0.5, -1073]);
    expect(M.frexp(1e300)).toEqual([0.7466108948025751, 997]);
    expect(M.ldexp(0.5, -1073)).toBe(5e-324);
    expect(M.ldexp(0.7466108948025751, 997)).toBe(1e300);
  });
});

describe('rounding and predicates', () => {
  it('round is floor(x + 0.5)', () => {
    expect([M.round(2.5), M.round(-2.5), M.round(0.49999999999999994), M.round(-0.5)]).toEqual([3, -2, 1, 0]);
    expect(Object.is(M.round(-0.4), 0)).toBe(true);
    expect(Object.is(M.ceil(-0.4), -0)).toBe(true);
    expect(M.floor(-0.5)).toBe(-1);
  });

  it('isEven/isOdd/isInteger/isDecimal round first', () => {
    expect([M.isEven(2), M.isEven(2.5), M.isOdd(-3), M.isOdd(3.5), M.isEven(3.5), M.isOdd(2.5)]).toEqual([
      true,
      false,
      true,
      false,
      true,
      true,
    ]);
    expect([M.isInteger(1e20), M.isInteger(2.5), M.isInteger(-0), M.isDecimal(1.5), M.isDecimal(2)]).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    expect([M.isEven(-2), M.isOdd(-2), M.isEven(1e300), M.isEven(-0)]).toEqual([true, false, true, true]);
  });

  it('abs, sign and clamp', () => {
    expect(Object.is(M.abs(-0), 0)).toBe(true);
    expect([M.sign(-3), M.sign(0), M.sign(-0), M.abs(-3)]).toEqual([-1, 0, 0, 3]);
    expect([M.clamp(5, 1, 3), M.clamp(-1, 1, 3), M.clamp(2, 1, 3)]).toEqual([3, 1, 2]);
    expect(Object.is(M.clamp(-0, 0, 1), -0)).toBe(true);
  });
});
