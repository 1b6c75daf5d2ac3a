// kf's Jsonnet error output is go-jsonnet v0.22's, byte for byte: the official suite's error tests
// and go-jsonnet's own error cases, kf's engine in this process against the `jsonnet` binary
// (test/jsonnet/go-errors.ts). The cases that still differ are listed below, each with the reason;
// a listed case that becomes identical fails the test too, so the list stays true.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compare,
  goErrorCases,
  goJsonnetBinary,
  goJsonnetModule,
  officialErrorCases,
  officialSuite,
  removeSuite,
  type Comparison,
} from './go-errors.js';

/** Official error tests whose output still differs from go-jsonnet's. */
const OFFICIAL_DIFFERENT: string[] = [];

/** go-jsonnet testdata error cases whose output still differs. */
const GO_DIFFERENT: string[] = [];

function diffReport(result: Comparison): string {
  return result.different
    .map(
      (d) =>
        `${d.name}\n--- go (exit ${d.go.status})\n${d.go.stderr}--- kf (exit ${d.kf.status})\n${d.kf.stderr}`,
    )
    .join('\n');
}

describe('Jsonnet error output: identical with go-jsonnet v0.22', () => {
  let bin: string;
  let scratch: string;

  beforeAll(() => {
    bin = goJsonnetBinary();
    scratch = officialSuite();
  }, 600_000);

  afterAll(() => {
    if (scratch) removeSuite(scratch);
  });

  it('google/jsonnet test_suite error.*.jsonnet', () => {
    const cases = officialErrorCases(scratch);
    expect(cases.length).toBe(106);
    const result = compare(bin, cases);
    const unexpected = result.different.filter((d) => !OFFICIAL_DIFFERENT.includes(d.name));
    expect(
      unexpected.map((d) => d.name),
      diffReport({ identical: [], different: unexpected }),
    ).toEqual([]);
    expect(result.identical.filter((name) => OFFICIAL_DIFFERENT.includes(name))).toEqual([]);
  }, 300_000);

  it("go-jsonnet's testdata error cases", () => {
    const cases = goErrorCases(goJsonnetModule());
    expect(cases.length).toBe(226);
    const result = compare(bin, cases);
    const unexpected = result.different.filter((d) => !GO_DIFFERENT.includes(d.name));
    expect(
      unexpected.map((d) => d.name),
      diffReport({ identical: [], different: unexpected }),
    ).toEqual([]);
    expect(result.identical.filter((name) => GO_DIFFERENT.includes(name))).toEqual([]);
  }, 300_000);
});
