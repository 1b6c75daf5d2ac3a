// kf's formatter against go-jsonnet v0.22's jsonnetfmt on files nobody here wrote: every
// testdata/*.jsonnet of the go-jsonnet module (718 files, odd syntax and invalid programs included)
// and this repository's own Jsonnet (registry, prototypes, examples). jsonnetfmt is built from its
// Go module into ~/.cache/kf (bench/jsonnet/peers.js); the module's source is the Go module cache's.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureGoJsonnet } from '../../../bench/jsonnet/peers.js';
import { JsonnetError } from '../../../src/jsonnet/errors.js';
import { formatJsonnet, type FormatOptions } from '../../../src/jsonnet/fmt/index.js';
import { REPO_ROOT } from '../../helpers/run-kf.js';

interface Case {
  file: string;
  source: string;
  /** jsonnetfmt's output with default options, or undefined when it refused the file. */
  expected: string | undefined;
}

let jsonnetfmt: string;
let cases: Case[];
let scratch: string;

beforeAll(() => {
  const bin = ensureGoJsonnet('jsonnetfmt');
  if (bin === undefined)
    throw new Error("could not build go-jsonnet's jsonnetfmt (needs Go and the module proxy)");
  jsonnetfmt = bin;
  const goJsonnet = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', 'github.com/google/go-jsonnet@v0.22.0'], {
      cwd: tmpdir(),
      encoding: 'utf8',
    }),
  ) as { Dir: string };
  const files = [
    ...jsonnetFiles(path.join(goJsonnet.Dir, 'testdata'), false),
    ...['registry', 'prototypes', 'examples'].flatMap((d) => jsonnetFiles(path.join(REPO_ROOT, d), true)),
  ];
  cases = files.map((file) => {
    const r = spawnSync(jsonnetfmt, ['--', file], { encoding: 'utf8' });
    return { file, source: readFileSync(file, 'utf8'), expected: r.status === 0 ? r.stdout : undefined };
  });
  scratch = mkdtempSync(path.join(tmpdir(), 'kf-fmt-parity-'));
}, 300_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function jsonnetFiles(dir: string, recursive: boolean): string[] {
  return readdirSync(dir, { recursive, withFileTypes: false })
    .map(String)
    .filter((f) => /\.(jsonnet|libsonnet)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

function kfFormat(c: Case, options?: Partial<FormatOptions>): string | undefined {
  try {
    return formatJsonnet(c.file, c.source, options);
  } catch (error) {
    if (error instanceof JsonnetError) return undefined;
    throw new Error(`${c.file}: ${String(error)}`, { cause: error });
  }
}

describe('kf fmt is byte-identical to jsonnetfmt v0.22', () => {
  it('on the whole corpus with default options, and refuses what jsonnetfmt refuses', () => {
    expect(cases.length).toBeGreaterThan(700);
    expect(cases.filter((c) => c.expected !== undefined).length).toBeGreaterThan(600);
    const differing = cases.filter((c) => kfFormat(c) !== c.expected).map((c) => path.basename(c.file));
    expect(differing).toEqual([]);
  });

  // Each option set in one jsonnetfmt process: the files it formats by default, copied and
  // rewritten in place.
  const optionSets: { flags: string[]; options: Partial<FormatOptions> }[] = [
    { flags: ['--indent', '4', '--max-blank-lines', '0'], options: { indent: 4, maxBlankLines: 0 } },
    {
      flags: ['--string-style', 'd', '--comment-style', 'h', '--pad-arrays', '--no-pad-objects'],
      options: { stringStyle: 'd', commentStyle: 'h', padArrays: true, padObjects: false },
    },
    {
      flags: ['--string-style', 'l', '--comment-style', 'l', '--no-pretty-field-names', '--no-sort-imports'],
      options: { stringStyle: 'l', commentStyle: 'l', prettyFieldNames: false, sortImports: false },
    },
    { flags: ['--no-use-implicit-plus', '--indent', '0'], options: { useImplicitPlus: false, indent: 0 } },
  ];
  for (const { flags, options } of optionSets) {
    it(`with ${flags.join(' ')}`, () => {
      const dir = mkdtempSync(path.join(scratch, 'set-'));
      const valid = cases.filter((c) => c.expected !== undefined);
      const copies = valid.map((c, i) => {
        const copy = path.join(dir, `${i}-${path.basename(c.file)}`);
        copyFileSync(c.file, copy);
        return copy;
      });
      execFileSync(jsonnetfmt, ['-i', ...flags, '--', ...copies]);
      const differing = valid
        .filter((c, i) => kfFormat(c, options) !== readFileSync(copies[i], 'utf8'))
        .map((c) => path.basename(c.file));
      expect(differing).toEqual([]);
    });
  }
});
