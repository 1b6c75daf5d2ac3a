// kf's port of gopkg.in/yaml.v3 (src/jsonnet/yaml-v3.ts) against yaml.v3 itself, through the Go
// oracle in test/tanka/go-yamlv3 (test/tanka/harness.ts builds it; without Go this
// suite fails). manifestYamlV3 must write what Tanka's manifestYamlFromJson writes, byte for byte;
// parseYamlV3 must read what Tanka's parseYaml reads, and fail exactly where it fails. The cases
// (yaml-v3-corpus.ts) are this repository's data files and generated corpora.
import { describe, expect, it } from 'vitest';
import { manifestYamlV3, parseYamlV3 } from '../../src/jsonnet/yaml-v3.js';
import { runYamlV3Oracle, type OracleCase, type OracleResult } from '../tanka/harness.js';
import { dataFiles, dataObjects, marshalCorpus, parseCorpus, RAW_JSON } from './yaml-v3-corpus.js';

/** JSON text with sorted keys and -0 kept, to compare decoded documents. */
function canonical(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function kfParse(text: string): string {
  try {
    return canonical(parseYamlV3(text));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const goParse = (r: OracleResult): string =>
  r.error !== undefined ? `error: ${r.error}` : canonical(JSON.parse(r.out) as unknown);

const same = (go: string, kf: string) => (go.startsWith('error: ') ? kf.startsWith('error: ') : go === kf);

interface Cases {
  marshalTexts: string[];
  marshalResults: OracleResult[];
  parseDocs: string[];
  parseResults: OracleResult[];
}

let cases: Cases | undefined;

/**
 * The cases and the oracle's answers, one oracle process per kind (made by the first test that
 * needs them, so that a missing Go fails the tests rather than skipping them). The documents to
 * read include a fifth of yaml.v3's own output.
 */
function oracleCases(): Cases {
  if (cases !== undefined) return cases;
  const files = dataFiles();
  const marshalTexts = [
    ...[...dataObjects(files), ...marshalCorpus()].map((v) => JSON.stringify(v)),
    ...RAW_JSON,
  ];
  const marshalResults = runYamlV3Oracle(marshalTexts.map((json): OracleCase => ({ op: 'marshal', json })));
  const written = marshalResults.flatMap((r, i) => (i % 5 === 0 && r.out !== undefined ? [r.out] : []));
  const parseDocs = parseCorpus(written, files);
  const parseResults = runYamlV3Oracle(parseDocs.map((yaml): OracleCase => ({ op: 'parse', yaml })));
  return (cases = { marshalTexts, marshalResults, parseDocs, parseResults });
}

describe('yaml.v3 port, against yaml.v3 v3.0.1 itself', () => {
  it("writes yaml.v3's format and reads its YAML (an example)", () => {
    const yaml =
      'a9: ""\na10: 1\nb:\n    - 1e+06\n    - "yes"\n    - |-\n      two\n      lines\n    - c: []\n';
    expect(manifestYamlV3({ b: [1e6, 'yes', 'two\nlines', { c: [] }], a10: 1, a9: '' })).toBe(yaml);
    expect(parseYamlV3('a: 0777\nb: yes\nc: 2001-12-14\n---\n- 1_000\n')).toEqual([
      { a: 511, b: 'yes', c: '2001-12-14T00:00:00Z' },
      [1000],
    ]);
    expect(() => parseYamlV3('a: .nan')).toThrow('converting yaml to json: json: unsupported value: NaN');
  });

  it('manifestYamlV3 writes what yaml.Marshal writes, byte for byte', () => {
    const { marshalTexts, marshalResults } = oracleCases();
    expect(marshalTexts.length).toBeGreaterThan(15_000);
    const differing: { json: string; go: string; kf: string }[] = [];
    marshalTexts.forEach((json, i) => {
      const r = marshalResults[i] as OracleResult;
      const kf = manifestYamlV3(JSON.parse(json));
      if (r.out !== kf) differing.push({ json, go: r.out ?? `error: ${r.error}`, kf });
    });
    expect({ differing: differing.length, first: differing.slice(0, 5) }).toEqual({
      differing: 0,
      first: [],
    });
  });

  it('parseYamlV3 reads what parseYaml reads, and fails exactly where it fails', () => {
    const { parseDocs, parseResults } = oracleCases();
    expect(parseDocs.length).toBeGreaterThan(10_000);
    expect(parseResults.filter((r) => r.error !== undefined).length).toBeGreaterThan(2_000); // error paths too
    const differing: { yaml: string; go: string; kf: string }[] = [];
    parseDocs.forEach((yaml, i) => {
      const go = goParse(parseResults[i] as OracleResult);
      const kf = kfParse(yaml);
      if (!same(go, kf)) differing.push({ yaml, go, kf });
    });
    expect({ differing: differing.length, first: differing.slice(0, 5) }).toEqual({
      differing: 0,
      first: [],
    });
  });
});
