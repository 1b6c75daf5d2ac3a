import { describe, expect, it } from 'vitest';
import { Engine, JsonnetError } from '../../src/jsonnet/index.js';
import { arrayBuiltins } from '../../src/jsonnet/std/arrays.js';
import { withRuntime, type Runtime } from '../../src/jsonnet/runtime.js';
import { JArray, JFunction, Thunk, type Slot, type Value } from '../../src/jsonnet/values.js';

function run(code: string): string {
  return new Engine().evaluateSnippetToJson('t.jsonnet', code);
}

function failure(code: string): string {
  try {
    run(code);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonnetError);
    return (e as JsonnetError).message;
  }
  throw new Error(`expected ${code} to fail`);
}

/** A lazy array of `n` elements (element i is i * 10) that records which slots it made. */
function counted(n: number): { array: JArray; made: number[] } {
  const made: number[] = [];
  const array = JArray.lazy(n, (i) => {
    made.push(i);
    return Thunk.lazy(() => i * 10);
  });
  return { array, made };
}

function builtin(name: string): (args: Slot[]) => Value {
  const b = arrayBuiltins.find((x) => x.name === name);
  if (!b) throw new Error(`no builtin ${name}`);
  return b.impl;
}

/** Runs `fn` as an evaluation would: with a stack limit that forcing a thunk counts against. */
function evaluating(fn: () => void): void {
  withRuntime({ maxStack: 500, depth: 0, callLoc: undefined } as unknown as Runtime, fn);
}

describe('arrays whose elements are made when first read', () => {
  it('makes a slot once, on its first read, and the rest only when the whole buffer is needed', () => {
    evaluating(() => {
      const { array, made } = counted(5);
      expect(made).toEqual([]);
      expect(array.get(3)).toBe(30);
      expect(array.get(3)).toBe(30);
      expect(array.slot(1)).toBeInstanceOf(Thunk);
      expect(made).toEqual([3, 1]);
      expect(array.slots().map((s) => (s instanceof Thunk ? s.force() : s))).toEqual([0, 10, 20, 30, 40]);
      expect(made).toEqual([3, 1, 0, 2, 4]);
      expect(array.get(4)).toBe(40);
      expect(made).toHaveLength(5);
    });
  });

  it('concatenates lazy arrays on either side, element for element', () => {
    evaluating(() => {
      const left = counted(20);
      const right = counted(3);
      const both = left.array.concat(right.array);
      expect(both.length).toBe(23);
      expect(Array.from({ length: 23 }, (_, i) => both.get(i))).toEqual([
        ...Array.from({ length: 20 }, (_, i) => i * 10),
        0,
        10,
        20,
      ]);
      expect(left.made).toHaveLength(20);
      expect(right.made).toHaveLength(3);
      // the left one still reads its own 20 elements, not the appended ones
      expect(left.array.length).toBe(20);
      expect(left.array.slots()).toHaveLength(20);
    });
  });

  it('std.map and std.mapWithIndex read only the source elements that are read from the result', () => {
    evaluating(() => {
      const { array, made } = counted(100000);
      const plusOne = JFunction.builtin(
        'plusOne',
        ['x'],
        (args) => ((args[0] as Thunk).force() as number) + 1,
      );
      const mapped = builtin('map')([plusOne, array]) as JArray;
      expect(mapped.length).toBe(100000);
      expect(made).toEqual([]);
      expect(mapped.get(99999)).toBe(999991);
      expect(made).toEqual([99999]);

      const add = JFunction.builtin(
        'add',
        ['i', 'x'],
        (args) => (args[0] as number) + ((args[1] as Thunk).force() as number),
      );
      const indexed = builtin('mapWithIndex')([add, mapped]) as JArray;
      expect(indexed.get(7)).toBe(7 + 71);
      expect(made).toEqual([99999, 7]);
    });
  });

  it('std.makeArray makes no thunk for an element nobody reads', () => {
    evaluating(() => {
      const f = JFunction.builtin('f', ['i'], (args) => (args[0] as number) * 2);
      const made = builtin('makeArray')([3000000, f]) as JArray;
      expect(made.get(2999999)).toBe(5999998);
      expect(made.get(5)).toBe(10);
      // white box: the buffer holds the two slots read; the other 2,999,998 are holes, not thunks
      const buf = (made as unknown as { buf: Slot[] }).buf;
      expect(buf).toHaveLength(3000000);
      expect(Object.keys(buf)).toEqual(['5', '2999999']);
    });
  });

  it('keeps Jsonnet semantics: errors stay in the elements that hold them', () => {
    const program = `
      local made = std.makeArray(5, function(i) if i == 0 then error 'zero' else i);
      local mapped = std.map(function(x) if x == 2 then error 'two' else x * 3, made);
      local chars = std.map(function(c) c + '!', 'héllo');
      {
        one: mapped[1], four: mapped[4], len: std.length(mapped),
        slice: mapped[3:5], comp: [x for x in std.makeArray(3, function(i) i * i)],
        sum: std.foldl(function(a, b) a + b, std.makeArray(1000, function(i) i), 0),
        plus: std.makeArray(2, function(i) i) + std.map(function(x) -x, [1, 2]),
        chars: chars[1], indexed: std.mapWithIndex(function(i, x) i + x, std.makeArray(3, function(i) 10)),
        sorted: std.sort(std.map(function(x) -x, std.range(1, 4))),
        str: '%d-%d' % std.makeArray(2, function(i) i + 7),
      }`;
    expect(JSON.parse(run(program))).toEqual({
      one: 3,
      four: 12,
      len: 5,
      slice: [9, 12],
      comp: [0, 1, 4],
      sum: 499500,
      plus: [0, 1, -1, -2],
      chars: 'é!',
      indexed: [10, 11, 12],
      sorted: [-4, -3, -2, -1],
      str: '7-8',
    });
    expect(
      failure(`std.map(function(x) if x == 2 then error 'two' else x, std.makeArray(3, function(i) i))`),
    ).toMatch(/^RUNTIME ERROR: two/);
    expect(failure(`std.makeArray(3, function(i) if i == 1 then error 'one' else i)[1]`)).toMatch(
      /^RUNTIME ERROR: one/,
    );
  });
});
