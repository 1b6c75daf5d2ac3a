// kf's linter (src/jsonnet/lint) against go-jsonnet v0.22's: every linter golden of the go-jsonnet
// module, run as its linter_test.go runs them (read from the Go module cache, never copied here),
// and jsonnet-lint itself (built into ~/.cache/kf by bench/jsonnet/peers.js) on real library files
// nobody here wrote: the real-world set (~/.cache/kf/realworld, assembled by test/setup/realworld.ts) and
// google/jsonnet's test suite (from its mirror). Outputs must be byte-identical.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGoJsonnet } from '../../bench/jsonnet/peers.js';
import {
  jpathImporter,
  LintInternalError,
  lintSnippets,
  type LintSnippet,
} from '../../src/jsonnet/lint/index.js';
import { REALWORLD_DIR } from '../../bench/jsonnet/realworld-assemble.js';

const REALWORLD = REALWORLD_DIR;
const JSONNET_MIRROR = path.join(process.env.KF_MIRROR ?? '/work/.mirror', 'google+jsonnet', 'repo');

function goJsonnetModule(): string {
  const out = execFileSync('go', ['mod', 'download', '-json', 'github.com/google/go-jsonnet@v0.22.0'], {
    cwd: tmpdir(),
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { Dir: string }).Dir;
}

function jsonnetFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(jsonnet|libsonnet)$/.test(f))
    .sort();
}

describe('the linter goldens of go-jsonnet v0.22 (linter/testdata and testdata)', () => {
  let linterDir: string;
  let cases: { name: string; input: string; golden: string }[];

  beforeAll(() => {
    linterDir = path.join(goJsonnetModule(), 'linter');
    // linter_test.go: testdata/*.jsonnet and ../testdata/*.jsonnet, named without the extension,
    // run from the linter directory; escaped file names (with %) skipped.
    cases = ['testdata', '../testdata'].flatMap((dir) =>
      readdirSync(path.join(linterDir, dir))
        .filter((f) => f.endsWith('.jsonnet') && !f.includes('%'))
        .sort()
        .map((f) => {
          const name = `${dir}/${f.replace(/\.jsonnet$/, '')}`;
          return {
            name,
            input: readFileSync(path.join(linterDir, `${name}.jsonnet`), 'utf8'),
            golden: readFileSync(path.join(linterDir, `${name}.linter.golden`), 'utf8'),
          };
        }),
    );
  }, 120_000);

  it('every case gives its golden output, and failed exactly when there is output', () => {
    expect(cases.length).toBeGreaterThan(780);
    const importer = jpathImporter([], linterDir);
    const differing: string[] = [];
    for (const c of cases) {
      const r = lintSnippets([{ fileName: c.name, code: c.input }], importer);
      if (r.output !== c.golden || r.failed !== (r.output !== '')) differing.push(c.name);
    }
    expect(differing).toEqual([]);
    // Some goldens report problems of every kind; most report none.
    expect(cases.filter((c) => c.golden !== '').length).toBeGreaterThan(80);
  });

  it('all cases linted together report every problem of each (linter_test.go "passing multiple input files")', () => {
    const snippets = cases.map((c) => ({ fileName: c.name, code: c.input }));
    const r = lintSnippets(snippets, jpathImporter([], linterDir));
    expect(r.failed).toBe(true);
    // Each golden's text appears in the combined output (parse errors first, then each file's).
    for (const c of cases) if (c.golden !== '') expect(r.output).toContain(c.golden);
  });
});

/**
 * Programs written here to reach go-jsonnet's quirks, each compared with jsonnet-lint's output
 * (not with an expectation written here): a widened object shares its field map with the one it
 * copied (a1, a2: `a.y` goes unreported once `a` was widened with `{ y: 2 }`), widened functions
 * count optional parameters as required ones (q1), a function bind loses its location (a3's unused
 * `f`), byte columns after non-ASCII text and go's rune quoting (q2, q5), arrays and `+` (q3, s1-s3).
 */
const QUIRKS: Record<string, string> = {
  'a1.jsonnet': `local a = { x: 1 };
local b = if std.length([]) == 0 then a else { y: 2 };
[a.y, b.z]
`,
  'a2.jsonnet': `local a = { x: 1 };
local c = { y: 2 };
local b = if true then a else c;
[a.y, c.x, b.z]
`,
  'a3.jsonnet': `local f(o) = o;
local a = { x: 1 };
local b = [a, { y: 2 }];
[a.y, b[0].z, b[1].x]
`,
  'q1.jsonnet': `local g = if std.length([]) == 0 then function(x, y, z=1) x else function(p, q, r=2) p;
local h = if std.length([]) == 0 then function(x, y=1) x else function(x, y=1) y;
[g(), g(1), g(1, 2, 3, 4), h(), h(1, 2, 3), h(y=2)]
`,
  'q2.jsonnet': `local turtle = { full: 'ąę' };
local arr = [1, 'a', { k: 1 }];
{
  a: turtle.brak,
  b: arr[2].k + arr[0],
  c: -'x',
  d: !1,
  e: arr[1](),
  f: std.manifestJsonEx({}, '  ', '\\n', ': ', 5),
  g: [x for x in arr if x.missing],
  h: { [k]: 1 for k in ['a'] }.b,
  i: $.a.b,
}
`,
  'q3.jsonnet': `local xs = [[1], { a: 1 }];
local ys = xs + [function() 1];
local o = { a: [1, 2] } + { b: 'x' };
local p = { a: 1 } + { [std.toString(1)]: 2 };
[xs[0].a, ys[2](), ys[5](), o.a[0](), o.b(), o.c, p.zz, p.a()]
`,
  's1.jsonnet': `local a = [1, 'x'];
local b = if true then a else [function() 1, 2, 3];
local c = if true then a else [{}, null];
local d = if true then b else c;
[a[0](), a[1](), a[2](), b[0](), b[2](), c[0](), c[1](), d[0](), d[3]()]
`,
  's2.jsonnet': `local a = { x: [1], y: 'a' };
local b = if true then a else { x: ['s'], z: 1 };
local c = if true then a else { y: 1, w: null };
local e = if true then b else c;
[a.x[0](), a.y(), a.z, a.w, b.x[0](), b.w, c.z, c.x[0](), e.x[0](), e.q]
`,
  's3.jsonnet': `local f(x) = if x then [1, 2, 3, 4, 5, 6, 7] else [x, 'a'];
local g = f(true);
local h = [g, g[6], g + [null]];
[g[0](), g[1](), g[5](), h[0][0](), h[1](), h[2][7](), h[2][0]()]
`,
  'q5.jsonnet': `{ a: 1 }
€`,
};

/**
 * Files where kf knowingly differs: kf's parser stops at 500 nested levels (as C++ jsonnet does),
 * go-jsonnet's has no limit. Checked to still differ, so this list cannot go stale.
 */
const KNOWN_DIFFERENT = new Set(['test_suite/error.parse.deep_array_nesting.jsonnet']);

/** A library sample: files (relative to cwd) linted with these library paths (first wins). */
interface Sample {
  label: string;
  cwd: string;
  jpath: string[];
  files: string[];
}

describe('identical to jsonnet-lint v0.22 on real library files', () => {
  let jsonnetLint: string;
  let samples: Sample[];
  let scratch: string;

  beforeAll(() => {
    const bin = ensureGoJsonnet('jsonnet-lint');
    if (bin === undefined)
      throw new Error("could not build go-jsonnet's jsonnet-lint (needs Go and the module proxy)");
    jsonnetLint = bin;
    if (!existsSync(path.join(REALWORLD, 'programs.json'))) {
      throw new Error(
        `${REALWORLD} is missing: the test setup (test/setup/realworld.ts) assembles it from the mirrors in /work/.mirror (KF_MIRROR): fetch them`,
      );
    }
    if (!existsSync(JSONNET_MIRROR))
      throw new Error(`${JSONNET_MIRROR} (google/jsonnet's mirror) is missing`);
    scratch = mkdtempSync(path.join(tmpdir(), 'kf-lint-'));
    // google/jsonnet at the commit the real-world set pins.
    const { pins } = JSON.parse(readFileSync(path.join(REALWORLD, 'programs.json'), 'utf8')) as {
      pins: Record<string, string>;
    };
    const commit = pins['google/jsonnet'];
    if (commit === undefined) throw new Error(`${REALWORLD}/programs.json pins no google/jsonnet commit`);
    execFileSync('bash', [
      '-c',
      `git --git-dir=${JSONNET_MIRROR} archive ${commit} test_suite examples | tar -x -C ${scratch}`,
    ]);
    const rw = (dir: string): string => path.join(REALWORLD, dir);
    const kp = rw('prometheus-operator+kube-prometheus');
    samples = [
      {
        label: 'google/jsonnet test_suite + examples',
        cwd: scratch,
        jpath: [],
        files: jsonnetFiles(scratch),
      },
      {
        label: 'kube-libsonnet',
        cwd: rw('bitnami-labs+kube-libsonnet'),
        jpath: ['.'],
        files: jsonnetFiles(rw('bitnami-labs+kube-libsonnet')),
      },
      {
        // Its test/ folder vendors xtd again: files that import themselves by another path, where
        // jsonnet-lint panics (and kf throws LintInternalError with the same output before it).
        label: 'xtd (kube-prometheus vendor)',
        cwd: kp,
        jpath: ['vendor'],
        files: jsonnetFiles(path.join(kp, 'vendor/github.com/jsonnet-libs/xtd')).map(
          (f) => `vendor/github.com/jsonnet-libs/xtd/${f}`,
        ),
      },
      {
        label: 'kube-prometheus addons',
        cwd: kp,
        jpath: ['vendor'],
        files: jsonnetFiles(path.join(kp, 'jsonnet/kube-prometheus/addons')).map(
          (f) => `jsonnet/kube-prometheus/addons/${f}`,
        ),
      },
      {
        // Its dashboards import grafonnet whole (seconds each): the alerts and recording rules.
        label: 'kubernetes-mixin alerts and rules',
        cwd: rw('kubernetes-monitoring+kubernetes-mixin'),
        jpath: ['vendor'],
        files: jsonnetFiles(rw('kubernetes-monitoring+kubernetes-mixin')).filter((f) =>
          /^(alerts|rules|lib)\//.test(f),
        ),
      },
      {
        label: 'grafonnet v11.4.0 (without its vendor and docs)',
        cwd: rw('grafana+grafonnet'),
        jpath: ['lib', 'vendor'],
        files: jsonnetFiles(rw('grafana+grafonnet/gen/grafonnet-v11.4.0'))
          .filter((f) => !/^(vendor|docs)\//.test(f))
          .map((f) => `gen/grafonnet-v11.4.0/${f}`),
      },
    ];
  }, 600_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** jsonnet-lint's stderr for these files (up to its panic's first line when it panics). */
  function goLint(s: Sample, files: string[]): string {
    // jsonnet-lint's -J: the right-most wins.
    const jflags = [...s.jpath].reverse().flatMap((d) => ['-J', d]);
    const r = spawnSync(jsonnetLint, [...jflags, '--', ...files], {
      cwd: s.cwd,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const panic = r.stderr.indexOf('panic: ');
    if (panic !== -1) return r.stderr.slice(0, r.stderr.indexOf('\n', panic) + 1);
    expect(r.status, r.stderr).toBe(r.stderr === '' ? 0 : 2);
    return r.stderr;
  }

  function kfLint(s: Sample, files: string[]): string {
    const snippets: LintSnippet[] = files.map((f) => ({
      fileName: f,
      code: readFileSync(path.join(s.cwd, f), 'utf8'),
    }));
    try {
      const r = lintSnippets(snippets, jpathImporter(s.jpath, s.cwd));
      return r.output + (r.failed ? 'Problems found!\n' : '');
    } catch (e) {
      if (e instanceof LintInternalError) return `${e.output}panic: ${e.message}\n`;
      throw e;
    }
  }

  it("go-jsonnet's quirks, on programs written to reach them", () => {
    const dir = path.join(scratch, 'quirks');
    mkdirSync(dir);
    for (const [f, code] of Object.entries(QUIRKS)) writeFileSync(path.join(dir, f), code);
    const s: Sample = { label: 'quirks', cwd: dir, jpath: [], files: Object.keys(QUIRKS) };
    for (const f of s.files) expect(kfLint(s, [f]), f).toBe(goLint(s, [f]));
    expect(goLint(s, ['a1.jsonnet'])).not.toContain('no field "y"');
  });

  it('every file of each sample, in batches of files linted together', { timeout: 300_000 }, () => {
    let compared = 0;
    let withProblems = 0;
    const differing: string[] = [];
    for (const s of samples) {
      expect(s.files.length, s.label).toBeGreaterThan(10);
      for (const f of s.files.filter((x) => KNOWN_DIFFERENT.has(x)))
        expect(kfLint(s, [f])).not.toBe(goLint(s, [f]));
      const files = s.files.filter((f) => !KNOWN_DIFFERENT.has(f));
      for (let i = 0; i < files.length; i += 25) {
        const batch = files.slice(i, i + 25);
        const want = goLint(s, batch);
        if (kfLint(s, batch) !== want)
          differing.push(`${s.label}: ${batch[0]} .. ${batch[batch.length - 1]}`);
        compared += batch.length;
        if (want !== '') withProblems++;
      }
    }
    expect(differing).toEqual([]);
    expect(compared).toBeGreaterThan(400);
    expect(withProblems).toBeGreaterThan(5);
  });
});
