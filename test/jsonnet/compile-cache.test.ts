import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine, forgetCompiledPrograms, JsonnetError, parse, type Loc } from '../../src/jsonnet/index.js';
import { plainLoc } from '../../src/jsonnet/errors.js';
import { SpanLoc } from '../../src/jsonnet/span-loc.js';
import { deserialize, serialize } from 'node:v8';
import { decodeProgram, encodeProgram } from '../../src/jsonnet/ir-codec.js';
import { compile } from '../../src/jsonnet/static.js';
import { CompileCache, crc32, crc32Computed, fingerprint } from '../../src/jsonnet/compile-cache.js';

// Every IR node kind, nested inside object fields (stored lazily) and outside them.
const PROGRAM = `
local lib = {
  a: 1, 'b c':: 'two', c::: [1, 2.5, -0, 1e300, true, false, null],
  [if true then 'd' else 'x']: self.a + 1,
  e+: { f: $.a },
  g(x, y=2):: x * y,
  h: [i * i for i in std.range(1, 5) if i % 2 == 1],
  j: { [k]: k + '!' for k in ['p', 'q'] },
  jp: { p: 'x' } + { [k]+: k + '!' for k in ['p', 'q'] },
  k: 'abcdef'[1:4:2],
  l: !(1 < 2) || (3 >= 2 && 'x' in { x: 1 }),
  m: ~5 & 3 | 8 ^ 1 << 2 >> 1,
  n: std.thisFile,
  o: assert self.a == 1 : 'a is 1'; local z = self.a; z + super.q,
  p: if 'q' in super then 1 else 0,
  assert self.a > 0 : 'positive',
  local hidden = 'h',
  r: hidden + "\\u00e9\\ud83d\\ude00" + |||
    block
  |||,
  s: std.foldl(function(acc, v) acc + v, [1, 2, 3], 0) tailstrict,
  t: importstr 'data.txt',
  u: (import 'lib.libsonnet').x,
  v(n):: if n == 0 then error 'bottom' else self.v(n - 1),
};
{ q: 10 } + lib + { all: [lib.g(3), lib.g(3, y=4), lib['b c'], lib.c] }
`;

describe('compile cache encoding', () => {
  it('round-trips every node kind: re-encoding the decoded program gives the same bytes', () => {
    const program = compile(parse(PROGRAM, 'main.jsonnet'));
    const first = encodeProgram(program);
    const again = encodeProgram(decodeProgram(first, PROGRAM));
    expect(again.strings).toEqual(first.strings);
    expect(Buffer.from(again.code).equals(Buffer.from(first.code))).toBe(true);
  });

  it('stores parsed locations as offsets into the text, and any other location in full', () => {
    const text = 'local a = 1;\n{ b: a }';
    const parsed = compile(parse(text, 'x.jsonnet'));
    const decoded = decodeProgram(encodeProgram(parsed), text);
    expect(plainLoc(decoded.ir.loc)).toEqual(plainLoc(parsed.ir.loc));
    const body = (decoded.ir as { body: { loc: Loc } }).body.loc;
    expect(plainLoc(body)).toEqual({
      file: 'x.jsonnet',
      start: { line: 2, column: 1, offset: 13 },
      end: { line: 2, column: 9, offset: 21 },
    });
    // Offsets, worked out against the text given to decodeProgram (not lines and columns): read
    // against another text, the same bytes are other lines and columns.
    const shifted = decodeProgram(encodeProgram(parsed), '\n' + text);
    const shiftedBody = (shifted.ir as { body: { loc: Loc } }).body.loc;
    expect(shiftedBody.start).toEqual({ line: 2, column: 13, offset: 13 });
    // A location of another parse (another file) in the program: stored in full.
    const outer = parse('[1, 2]', 'a.jsonnet') as unknown as { elements: unknown[] };
    outer.elements[1] = parse('\n\n  3', 'b.jsonnet');
    const mixed = decodeProgram(encodeProgram(compile(outer as never)), '[1, 2]');
    const [one, three] = (mixed.ir as unknown as { elems: { loc: Loc }[] }).elems;
    expect(plainLoc(one.loc)?.start).toEqual({ line: 1, column: 2, offset: 1 });
    expect(plainLoc(three.loc)).toEqual({
      file: 'b.jsonnet',
      start: { line: 3, column: 3, offset: 4 },
      end: { line: 3, column: 4, offset: 5 },
    });
    // A program whose locations are not the parse's (built by hand): each location as it was.
    const plain: Loc = {
      file: 'y.jsonnet',
      start: { line: 3, column: 4, offset: 50 },
      end: { line: 3, column: 9, offset: 55 },
    };
    const handMade = compile({ type: 'String', value: 's', kind: 'double', loc: plain } as never);
    const back = decodeProgram(encodeProgram(handMade), '');
    expect(plainLoc(back.ir.loc)).toEqual(plain);
  });
});

describe('compile cache on disk', () => {
  let dir: string;
  let cache: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kf-compile-cache-'));
    cache = path.join(dir, 'cache');
    writeFileSync(path.join(dir, 'main.jsonnet'), PROGRAM);
    writeFileSync(path.join(dir, 'data.txt'), 'text');
    writeFileSync(path.join(dir, 'lib.libsonnet'), '{ x: 42, y: error "never" }');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = (extra = {}) => ({
    compileCache: { dir: cache, engineId: 'test', minLength: 0, ...extra },
  });
  const entries = () => (existsSync(cache) ? readdirSync(cache).filter((f) => f.endsWith('.kfir')) : []);
  // Each evaluation as a new process would run it: nothing compiled in memory, only the disk cache.
  const evalWith = (opts: ConstructorParameters<typeof Engine>[0], file = 'main.jsonnet') => {
    forgetCompiledPrograms();
    return new Engine(opts).evaluateFileToJson(path.join(dir, file));
  };
  const failWith = (opts: ConstructorParameters<typeof Engine>[0], code: string) => {
    writeFileSync(path.join(dir, 'fail.jsonnet'), code);
    try {
      evalWith(opts, 'fail.jsonnet');
    } catch (e) {
      expect(e).toBeInstanceOf(JsonnetError);
      return (e as JsonnetError).message;
    }
    throw new Error('expected an error');
  };

  it('gives the same output from a cold and a warm cache as without one', () => {
    const plain = evalWith({});
    expect(evalWith(options())).toBe(plain);
    expect(entries()).toHaveLength(2); // main.jsonnet and lib.libsonnet
    expect(evalWith(options())).toBe(plain);
    expect(plain).toContain('"n": "');
  });

  it('reports errors inside lazily decoded fields at the same places', () => {
    const code = `local o = { a: { b: [1, 2][5] }, f(n):: if n == 0 then error 'bottom' else self.f(n - 1) };
      [o.f(3), o.a.b]`;
    const plain = failWith({}, code);
    expect(failWith(options(), code)).toBe(plain);
    expect(failWith(options(), code)).toBe(plain);
    expect(plain).toMatch(/bottom/);
  });

  it('gives decoded programs locations that read, print and copy like parsed ones', () => {
    const code = `{ a: 1,\n  b: error 'here' }.b`;
    const locationOf = (opts: ConstructorParameters<typeof Engine>[0]): Loc => {
      writeFileSync(path.join(dir, 'fail.jsonnet'), code);
      forgetCompiledPrograms();
      try {
        new Engine(opts).evaluateFileToJson(path.join(dir, 'fail.jsonnet'));
      } catch (e) {
        return (e as JsonnetError).trace.find((t) => t.loc !== undefined)?.loc as Loc;
      }
      throw new Error('expected an error');
    };
    const parsed = locationOf({});
    locationOf(options()); // writes the entry
    const decoded = locationOf(options());
    expect(decoded).not.toBe(parsed);
    // Read back from the cache: the encoded form, whose file, start and end are not stored fields;
    // parsed: offsets into the file (span-loc.ts), whose line and column are worked out when read.
    expect(Object.keys(decoded)).not.toContain('start');
    expect(parsed).toBeInstanceOf(SpanLoc);
    expect(Object.keys(parsed)).not.toContain('start');
    expect([decoded.file, decoded.start, decoded.end]).toEqual([parsed.file, parsed.start, parsed.end]);
    expect(JSON.parse(JSON.stringify(decoded))).toEqual(JSON.parse(JSON.stringify(parsed)));
    expect(deserialize(serialize(plainLoc(decoded)))).toEqual(plainLoc(parsed));
    expect(decoded.start.line).toBe(2);
  });

  it('never reads an entry of another file text, engine build or display name', () => {
    evalWith(options());
    writeFileSync(path.join(dir, 'lib.libsonnet'), '{ x: 43 }');
    expect(evalWith(options())).toContain('43');
    expect(evalWith(options({ engineId: 'other' }))).toContain('43');
    expect(entries()).toHaveLength(5);
  });

  it('uses an entry only when it holds the very text of the file (a fingerprint collision is a miss)', () => {
    const lib = path.join(dir, 'lib.libsonnet');
    const disk = new CompileCache({ dir: cache, engineId: 'test', minLength: 0 });
    evalWith(options());
    const old = disk.entryFor(lib, '{ x: 42, y: error "never" }').path;
    expect(existsSync(old)).toBe(true);
    // The entry of the old text, under the name of the new text's entry.
    writeFileSync(lib, '{ x: 43 }');
    const renamed = disk.entryFor(lib, '{ x: 43 }').path;
    renameSync(old, renamed);
    expect(evalWith(options())).toContain('43');
    // and the new text's entry replaced it
    forgetCompiledPrograms();
    expect(disk.load(disk.entryFor(lib, '{ x: 43 }'))).toBeDefined();
    expect(disk.load(disk.entryFor(lib, '{ x: 42, y: error "never" }'))).toBeUndefined();
  });

  it('names entries of files from 256 KiB by SHA-256, without their text, and tells same-length edits apart', () => {
    const big = (x: number) => `{ x: ${x}, pad: '${'a'.repeat(300_000)}' }`;
    writeFileSync(path.join(dir, 'big.jsonnet'), big(1));
    expect(JSON.parse(evalWith(options(), 'big.jsonnet')).x).toBe(1);
    const [entry] = entries();
    expect(entry).toMatch(/^[0-9a-f]{64}\.kfir$/);
    // header, no text, the strings (the padding once) and the code
    expect(statSync(path.join(cache, entry)).size).toBeLessThan(300_000 + 4096);
    writeFileSync(path.join(dir, 'big.jsonnet'), big(2));
    expect(JSON.parse(evalWith(options(), 'big.jsonnet')).x).toBe(2);
    expect(entries()).toHaveLength(2);
    expect(JSON.parse(evalWith(options(), 'big.jsonnet')).x).toBe(2);
  });

  it('names entries by a fingerprint that tells texts, names and part boundaries apart', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(fingerprint(['engine', 'file.jsonnet', `{ a: ${i} }`]));
    expect(seen.size).toBe(20_000);
    expect(fingerprint(['ab', 'c'])).not.toBe(fingerprint(['a', 'bc']));
    expect(fingerprint(['x', 'é'])).not.toBe(fingerprint(['x', 'e\u0301']));
    expect(fingerprint(['x'])).toMatch(/^[0-9a-f]{16}$/);
  });

  it('compiles again when an entry is damaged', () => {
    const plain = evalWith({});
    evalWith(options());
    for (const e of entries()) truncateSync(path.join(cache, e), 20);
    expect(evalWith(options())).toBe(plain);
    for (const e of entries()) writeFileSync(path.join(cache, e), 'garbage');
    expect(evalWith(options())).toBe(plain);
  });

  it('compiles again when an entry keeps its length but bytes in its code changed (was: an error in a lazy field)', () => {
    const plain = evalWith({});
    evalWith(options());
    for (const e of entries()) {
      const file = path.join(cache, e);
      const bytes = readFileSync(file);
      const at = bytes.length - Math.floor(bytes.length / 4); // in the encoded code, at the end
      bytes.fill(0xff, at, at + 8);
      writeFileSync(file, bytes);
    }
    expect(evalWith(options())).toBe(plain);
    expect(evalWith(options())).toBe(plain); // from the entries written again
  });

  it("sums entries with zlib's CRC-32, computed the same without node:zlib's", () => {
    for (const text of ['', '123456789', PROGRAM]) {
      const bytes = Buffer.from(text);
      expect(crc32Computed(bytes)).toBe(crc32(bytes));
    }
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('skips files below the size threshold', () => {
    evalWith(options({ minLength: 100 }));
    expect(entries()).toHaveLength(1);
  });

  it('keeps the folder within its size bound, dropping the least recently used entries', () => {
    const byFile = new Map<string, string>();
    for (let i = 0; i < 4; i++) {
      writeFileSync(path.join(dir, `f${i}.jsonnet`), `{ v: ${i} }`);
      const before = new Set(entries());
      evalWith(options(), `f${i}.jsonnet`);
      const [entry] = entries().filter((e) => !before.has(e));
      byFile.set(`f${i}`, entry);
      // Distinct recency regardless of the file system's time resolution.
      utimesSync(path.join(cache, entry), 1000 + i, 1000 + i);
    }
    // Reading an entry makes it recent: f0 survives, f1, f2 and f3 go.
    evalWith(options(), 'f0.jsonnet');
    const size = statSync(path.join(cache, byFile.get('f3') as string)).size;
    const bounded = options({ maxBytes: 4 * size + size / 2 });
    // Within ten minutes of the last look at the folder (the time of its marker file), a write does
    // not look again: the folder may exceed its bound until then.
    writeFileSync(path.join(dir, 'last.jsonnet'), '{ v: 9 }');
    evalWith(bounded, 'last.jsonnet');
    expect(entries()).toHaveLength(5);
    const marker = path.join(cache, 'last-trim');
    const minutesAgo = (m: number) => Date.now() / 1000 - m * 60;
    utimesSync(marker, minutesAgo(9), minutesAgo(9));
    writeFileSync(path.join(dir, 'next.jsonnet'), '{ v: 10 }');
    evalWith(bounded, 'next.jsonnet');
    expect(entries()).toHaveLength(6);
    // Later, the first write of a process trims.
    utimesSync(marker, minutesAgo(11), minutesAgo(11));
    writeFileSync(path.join(dir, 'later.jsonnet'), '{ v: 11 }');
    evalWith(bounded, 'later.jsonnet');
    const left = new Set(entries());
    expect(left.size).toBe(4);
    expect(left.has(byFile.get('f0') as string)).toBe(true);
    for (const f of ['f1', 'f2', 'f3']) expect(left.has(byFile.get(f) as string)).toBe(false);
    expect(statSync(marker).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a marker file from the future (a clock set back) does not put trimming off', () => {
    writeFileSync(path.join(dir, 'a.jsonnet'), '{ v: 1 }');
    evalWith(options(), 'a.jsonnet');
    const size = statSync(path.join(cache, entries()[0])).size;
    const tomorrow = Date.now() / 1000 + 24 * 3600;
    utimesSync(path.join(cache, 'last-trim'), tomorrow, tomorrow);
    writeFileSync(path.join(dir, 'b.jsonnet'), '{ v: 2 }');
    evalWith(options({ maxBytes: size + size / 2 }), 'b.jsonnet');
    expect(entries()).toHaveLength(1);
  });
});
