// kf's corpus of failing programs (test/jsonnet/std-errors-corpus.ts), each run by kf's engine in
// this process and by go-jsonnet v0.22's binary: stderr and exit code identical, except for the
// programs listed below with the reason. A listed program that becomes identical fails the test, so
// the list stays true.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareParallel, diffReport, goJsonnetBinary, type ErrorCase } from './go-errors.js';
import { STD_ERROR_FILES, STD_ERROR_JPATH, STD_ERROR_PROGRAMS } from './std-errors-corpus.js';

/** Programs whose output still differs from go-jsonnet's, and why. */
const DIFFERENT: Record<string, string> = {
  "'%.*d' % ['a', 1]":
    "a `*` precision of the wrong type: go-jsonnet's message, without the frames of its render_int (std.max) calls",
  "'%.*g' % [true, 1]":
    "a `*` precision of the wrong type: go-jsonnet's message, without the frames of its format_code (%g's comparison)",
  "'%.*s' % [error 'p', 'x']":
    'go-jsonnet never reads the `*` precision of a `%s`: kf forces every value the codes name before formatting',
  'std.manifestYamlDoc(function() 1)':
    'go-jsonnet v0.22 prints "" for a function given to std.manifestYamlDoc (a bug); kf reports the function',
};

describe("std functions' errors: identical with go-jsonnet v0.22", () => {
  let bin: string;
  let dir: string;
  const cases = new Map<string, ErrorCase[]>();

  beforeAll(() => {
    bin = goJsonnetBinary();
    dir = mkdtempSync(join(tmpdir(), 'kf-std-errors-'));
    for (const [name, text] of Object.entries(STD_ERROR_FILES)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    let n = 0;
    for (const [area, programs] of Object.entries(STD_ERROR_PROGRAMS)) {
      cases.set(
        area,
        programs.map((program) => {
          const file = `case${n++}.jsonnet`;
          writeFileSync(join(dir, file), `${program}\n`);
          return { name: program, cwd: dir, file, extStr: {}, extCode: {} };
        }),
      );
    }
    cases.set(
      'library paths',
      STD_ERROR_JPATH.map(({ program, jpath }) => {
        const file = `case${n++}.jsonnet`;
        writeFileSync(join(dir, file), `${program}\n`);
        return {
          name: `-J ${jpath.join(' -J ')} ${program}`,
          cwd: dir,
          file,
          extStr: {},
          extCode: {},
          jpath,
        };
      }),
    );
  }, 600_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the corpus has no program twice and lists no program it does not hold', () => {
    const all = Object.values(STD_ERROR_PROGRAMS).flat();
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(DIFFERENT).filter((p) => !all.includes(p))).toEqual([]);
  });

  for (const area of [...Object.keys(STD_ERROR_PROGRAMS), 'library paths']) {
    it(
      area,
      async () => {
        const result = await compareParallel(bin, cases.get(area) ?? []);
        const unexpected = result.different.filter((d) => !(d.name in DIFFERENT));
        expect(
          unexpected.map((d) => d.name),
          diffReport({ identical: [], different: unexpected }),
        ).toEqual([]);
        expect(result.identical.filter((name) => name in DIFFERENT)).toEqual([]);
      },
      120_000,
    );
  }
});
