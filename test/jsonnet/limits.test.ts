import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine, JsonnetError } from '../../src/jsonnet/index.js';
import { ensureBuilt, runKf } from '../helpers/run-kf.js';
import { goJsonnetBinary } from './go-errors.js';

function run(code: string, options: ConstructorParameters<typeof Engine>[0] = {}): string {
  return new Engine(options).evaluateSnippetToJson('t.jsonnet', code);
}

function failure(code: string, options: ConstructorParameters<typeof Engine>[0] = {}): string {
  try {
    run(code, options);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonnetError);
    return (e as JsonnetError).message;
  }
  throw new Error(`expected ${code} to fail`);
}

// Issue 17: resource exhaustion is a Jsonnet error, never a V8 abort or a misleading message.
describe('resource limits', () => {
  it('refuses arrays beyond the element limit before allocating them', () => {
    expect(failure('std.range(0, 1e9)')).toMatch(
      /^RUNTIME ERROR: std.range: the result would have 1000000001 elements, more than the limit of 16777216\./,
    );
    expect(failure('std.makeArray(1e9, function(i) i)')).toMatch(
      /^RUNTIME ERROR: std.makeArray: the result would have 1000000000 elements/,
    );
    expect(failure('std.repeat([1, 2], 1e9)')).toMatch(
      /^RUNTIME ERROR: std.repeat: the result would have 2000000000 elements/,
    );
    expect(run('std.length(std.range(1, 100000))')).toBe('100000\n');
  });

  it('refuses strings longer than V8 allows, from a builtin or from concatenation', () => {
    expect(failure("std.repeat('x', 1e9)")).toMatch(
      /^RUNTIME ERROR: std.repeat: the result would be 1000000000 characters long, more than the limit of 536870888\./,
    );
    expect(failure("local s = std.repeat('x', 100000000); std.length(s + s + s + s + s + s)")).toMatch(
      /^RUNTIME ERROR: string too long: the result would exceed 536870888 characters\./,
    );
    // go-jsonnet's std.repeat joins std.makeArray(count, …), which makes no element for a negative
    // count (C++'s std.makeArray fails there, as kf did).
    expect(run("std.repeat('x', -1)")).toBe('""\n');
    expect(run('std.repeat([1], -2)')).toBe('[ ]\n');
    expect(run("std.length(std.repeat('ab', 1000))")).toBe('2000\n');
  });
});

// Issue 17: a heap that fills up is a Jsonnet error naming the limit, not V8's fatal abort (which
// no code can catch). The heap limit is per process, so this runs `kf eval` with a small one.
describe('heap exhaustion', () => {
  const programs = {
    'held by the evaluation':
      'local big = [std.makeArray(10000, function(j) {k: j}) for i in std.range(1, 100000)]; std.foldl(function(a, x) a + std.length(x), big, 0)',
    'while writing the output': '[{a: std.range(1, 100000)} for i in std.range(1, 10000)]',
    'grown by tail calls':
      'local f(n, acc) = if n == 0 then std.length(acc) else f(n - 1, acc + [{x: n, y: [n, n]}]) tailstrict; f(20000000, [])',
  };
  for (const [what, code] of Object.entries(programs))
    it(`ends in "out of memory" with the heap's size: ${what}`, { timeout: 180_000 }, async () => {
      ensureBuilt();
      const result = await runKf(['eval', '-e', code], {
        env: { NODE_OPTIONS: '--max-old-space-size=256' },
      });
      expect(result.stderr).not.toContain('FATAL ERROR');
      expect(result.stderr).toMatch(
        /^RUNTIME ERROR: out of memory: the evaluation holds \d+ MB of a \d+ MB heap \(to allow more: NODE_OPTIONS=--max-old-space-size=<MB>\)\.\n/,
      );
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe('');
    });
});

describe('host heap tuning', () => {
  it('tuneHostHeap stops the young generation growing once an evaluation is big; off by default', () => {
    // A process of its own for each: the setting is process-wide.
    const index = join(dirname(ensureBuilt()), '..', 'dist', 'jsonnet', 'index.js');
    const youngGenerationMb = (tune: boolean): number => {
      const script = `import { Engine } from ${JSON.stringify(pathToFileURL(index).href)};
        import { getHeapSpaceStatistics } from 'node:v8';
        new Engine({ tuneHostHeap: ${tune} }).evaluateSnippet('x.jsonnet', ${JSON.stringify(
          'local o = { ["f" + i]: { v: i, s: std.toString(i) } for i in std.range(1, 100000) }; [o[k].s for k in std.objectFields(o)]',
        )});
        process.stdout.write(String(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20));`;
      return Number(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
      );
    };
    expect(youngGenerationMb(false)).toBeGreaterThanOrEqual(16);
    expect(youngGenerationMb(true)).toBeLessThanOrEqual(8);
  }, 120_000);
});

// Issue 18: depth is bounded by maxStack, not by Node's stack (the retry runs in a child process).
describe('deep recursion', () => {
  const f = (n: number) => `local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(${n})`;

  it('evaluates beyond the host stack when maxStack allows it', { timeout: 180_000 }, () => {
    expect(run(f(2000), { maxStack: 100_000 })).toBe('2000\n');
    // The deepest go-jsonnet allows: the file's own frame, f(n)'s n + 1 calls and the `n` forced in
    // the last one make n + 3 frames.
    expect(run(f(99_997), { maxStack: 100_000 })).toBe('99997\n');
    expect(failure(f(99_998), { maxStack: 100_000 })).toMatch(/^RUNTIME ERROR: max stack frames exceeded\./);
  });

  it('evaluates a failing value once, however deep the std calls it fails under', () => {
    // The std functions with go-jsonnet's <std> frames must not evaluate a failed argument again to
    // place the error: nested 40 deep, that would be 2^40 evaluations.
    for (const call of [
      'std.isNumber(X)',
      "std.objectHas({a: X}, 'a') && std.objectHas(X, 'a')",
      "std.get({}, 'a', X)",
      "std.get(X, 'a')",
      'std.manifestJson(X)',
      'std.assertEqual(X, 1)',
      "'%s' % [X]",
      "std.format('%(a)s', {a: X})",
      // The set functions replay go-jsonnet's order on an error (std/set-replay.ts), from keys kept.
      'std.setMember(X, [1])',
      'std.setMember(1, [X], function(v) v)',
      'std.setUnion([X], [1])',
      'std.setInter([1], [X], function(v) v)',
      'std.setDiff([X], [1])',
      'std.uniq([1, X])',
      'std.set([X, 1])',
      'std.mergePatch({a: 1}, {a: X})',
      'std.startsWith(X, "a")',
      'std.map(function(v) v, [X])[0]',
      "'%s' % X",
      '1 % X',
    ]) {
      const lines: string[] = [];
      const code = `local f(n) = if n == 0 then std.trace('bottom', error 'x') else ${call.replaceAll('X', 'f(n - 1)')}; f(40)`;
      expect(failure(code, { traceOut: (l) => lines.push(l) }), call).toMatch(/^RUNTIME ERROR: x\n/);
      expect(lines, call).toEqual(['TRACE: t.jsonnet:1 bottom']);
    }
  });

  it('re-runs, rather than forces again, an argument of a std function whose recursion outran the host stack', () => {
    // std.isNumber and std.get force their arguments again on the error path, for go-jsonnet's
    // frames: never when the host stack ran out (the evaluation is re-run with a bigger one).
    const code =
      "local f(n) = if n == 0 then 0 else (if std.isNumber(f(n - 1)) then 1 else 0) + std.get({a: 1}, 'a') + n; f(20000)";
    expect(run(code, { maxStack: 100_000 })).toBe('20002\n');
  });

  it('still ends in a clean "max stack frames exceeded" at the limit', { timeout: 180_000 }, () => {
    expect(failure(f(2000))).toMatch(
      // go-jsonnet v0.22's trace: the call over the limit is not made, the error is where `n` is forced
      /^RUNTIME ERROR: max stack frames exceeded\.\n\tt.jsonnet:1:17-18\tfunction <f>\n\tt.jsonnet:1:40-48\tfunction <f>\n/,
    );
    expect(failure(f(100_000), { maxStack: 100_000 })).toMatch(/^RUNTIME ERROR: max stack frames exceeded\./);
  });

  it(
    'reaches at least as deep as go-jsonnet through builtins and passed-on variables',
    { timeout: 120_000 },
    () => {
      const bin = goJsonnetBinary();
      const goPasses = (code: string) => {
        try {
          execFileSync(bin, ['-e', code], { stdio: 'pipe' });
          return true;
        } catch {
          return false;
        }
      };
      const kfPasses = (code: string) => {
        try {
          run(code);
          return true;
        } catch {
          return false;
        }
      };
      /** The largest n below 600 for which the program succeeds at the default --max-stack of 500. */
      const deepest = (passes: (code: string) => boolean, program: (n: number) => string) => {
        let [lo, hi] = [1, 600];
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (passes(program(mid))) lo = mid;
          else hi = mid;
        }
        return lo;
      };
      const reach = {
        // a builtin's call is no frame in go-jsonnet, the calls it makes back into Jsonnet are
        foldl: (n: number) =>
          `local f(n) = if n == 0 then 0 else std.foldl(function(a, b) f(n - 1), [1], 0); f(${n})`,
        sort: (n: number) => `local f(n) = if n == 0 then 0 else std.sort([f(n - 1)])[0]; f(${n})`,
        makeArray: (n: number) =>
          `local f(n) = if n == 0 then 0 else std.makeArray(1, function(i) f(n - 1))[0]; f(${n})`,
        // each call passes on a variable not yet forced: forcing it at the bottom goes through n thunks
        chain: (n: number) =>
          `local f(n, acc) = if n == 0 then acc + 0 else f(n - 1, acc); f(${n}, std.length([1]))`,
      };
      const found = Object.fromEntries(
        Object.entries(reach).map(([name, program]) => [
          name,
          [deepest(kfPasses, program), deepest(goPasses, program)],
        ]),
      );
      for (const [name, [kf, go]] of Object.entries(found)) {
        expect(kf, `${name}: kf ${kf}, go-jsonnet ${go}`).toBeGreaterThanOrEqual(go);
        // and not by ignoring frames go-jsonnet counts
        expect(kf, `${name}: kf ${kf}, go-jsonnet ${go}`).toBeLessThanOrEqual(go + 2);
      }
    },
  );

  it('prints each std.trace line once when the evaluation is retried', { timeout: 180_000 }, () => {
    const lines: string[] = [];
    const code = `local f(n) = if n == 0 then 0 else std.trace('at ' + n, 1 + f(n - 1)); f(3000)`;
    expect(run(code, { maxStack: 10_000, traceOut: (l) => lines.push(l) })).toBe('3000\n');
    expect(lines.length).toBe(3000);
    expect(lines[0]).toBe('TRACE: t.jsonnet:1 at 3000');
    expect(lines[2999]).toBe('TRACE: t.jsonnet:1 at 1');
    expect(new Set(lines).size).toBe(3000);
  });
});
