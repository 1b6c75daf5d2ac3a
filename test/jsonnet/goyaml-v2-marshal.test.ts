// kf's port of gopkg.in/yaml.v2 v2.4.0's Marshal (manifestYamlV2, src/jsonnet/goyaml-v2.ts), which
// Grafana Tanka writes every manifest with, against yaml.v2 itself through the Go oracle in
// test/tanka/go-yamlv2 (test/tanka/harness.ts builds it; without Go this suite fails). The cases
// are yaml-v3.test.ts's marshal corpus and cases for what only yaml.v2 does: YAML 1.1 quoting
// (`yes`, `on`, `y`), 2-space indentation with sequences not indented under their key, tabs, and
// folding at 80 columns. Then Grafana Tempo's committed `tk export` output
// (~/.cache/kf/realworld), which kf must write again byte for byte.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { manifestYamlV2, parseYaml } from '../../src/jsonnet/goyaml-v2.js';
import { hasDefinedOrder } from '../../src/jsonnet/goyaml-v2/sorter.js';
import { runYamlV2Oracle, type OracleResult } from '../tanka/harness.js';
import { dataFiles, dataObjects, marshalCorpus, prng, RAW_JSON } from './yaml-v3-corpus.js';

const random = prng(20261206);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** Texts YAML 1.1 (yaml.v2's resolve.go) reads as something other than a string, and neighbours. */
const YAML11_WORDS = [
  ...'y Y yes Yes YES yEs n N no No NO on On ON oN off Off OFF true True TRUE false False FALSE'.split(' '),
  ...'~ null Null NULL nULL 0644 0777 0o17 0x1F 0b101 -0b101 0b2 1_000 +1 -1 .5 1e3 1.5e-3 1e400'.split(' '),
  ...'.inf -.inf .nan 1:20 -1:20:30.5 2001-12-14 2001-12-14t21:59:43.10-05:00 2001-12-14 21:59:43.10'.split(
    ' ',
  ),
  ...['2001-12-14 21:59:43.10', '2002-12-14', '<<', '=', ' yes', 'yes ', '', ' ', 'a: b', 'a #b', '- a'],
];

/** Words of random lengths with one to three spaces between them: text that folds at column 80. */
function longText(length: number): string {
  let text = pick(['', '', '', '*', '"', "'", ' ', '- ', 'yes ', '\ufeff', '\t']);
  while (text.length < length)
    text += 'x'.repeat(1 + Math.floor(random() * 12)) + pick([' ', ' ', ' ', '  ', '   ', "' ", '\t', 'é ']);
  return text + pick(['', '', 'end', ' ', '\n', '\u2028x', '\u0085']);
}

/** Values only yaml.v2 writes in its own way. */
function v2Corpus(): unknown[] {
  const texts = [
    ...YAML11_WORDS,
    ...YAML11_WORDS.map((w) => w.toUpperCase()),
    ...times(600, () => longText(40 + Math.floor(random() * 400))),
  ];
  const values: unknown[] = [];
  for (const s of texts) {
    values.push(s, { [s]: s, k: [s, [s, [s]], { [s]: [s] }], m: { n: { o: { p: s } } } });
    values.push([{ a: [{ b: s }], [s]: [[s]] }]);
  }
  // multi-line texts: literal style, its indentation and chomping indicators, and where not allowed
  for (const s of '|a|a\n|a\nb|a\nb\n|a\n\n|\n|\n\na| a\nb|a \nb|a\n b|\ta\n|a\r\nb|a\u2028b'.split('|'))
    values.push(s, { k: s }, [s], { [s]: [s] });
  // floats as strconv.FormatFloat(f, 'g', -1, 64) writes them (an int from 1e21 on is 1e+21)
  const numbers = '1e21 1e20 1e-7 1e-4 -0 0 9007199254740992 9007199254740994 9223372036854775808 1e6 999999'
    .concat(' 123456789012 100000 1234567 0.1 -1.5e-300 5e-324 1.7976931348623157e308 0.000001 -1')
    .split(' ')
    .map(Number);
  values.push(...numbers, { replicas: 1e8, port: 8080, ratio: 0.25, n: numbers });
  values.push(
    { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }], data: {} },
    [[], {}, [[]], [[[1]]], [{}], [[{ a: 1 }]]],
    { a: { b: { c: { d: { e: { f: [{ g: [{ h: 'x '.repeat(60) }] }] } } } } } },
  );
  return values;
}

/** Whether yaml.v2 writes the value one way only: no map's keys are in a cycle of keyList.Less. */
function deterministic(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(deterministic);
  if (value === null || typeof value !== 'object') return true;
  return hasDefinedOrder(Object.keys(value)) && Object.values(value).every(deterministic);
}

let cases: { texts: string[]; results: OracleResult[] } | undefined;

/** The cases and yaml.v2's answers, in one oracle process (made by the first test that needs them). */
function oracleCases() {
  if (cases !== undefined) return cases;
  const texts = [
    ...[...dataObjects(dataFiles()), ...marshalCorpus(), ...v2Corpus()].map((v) => JSON.stringify(v)),
    ...RAW_JSON,
  ];
  return (cases = { texts, results: runYamlV2Oracle(texts) });
}

const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
const realworld = process.env.KF_REALWORLD_DIR ?? path.join(cache, 'kf', 'realworld');
const tempoGen = path.join(realworld, 'grafana+tempo/operations/jsonnet-compiled/microservices/gen');

describe('yaml.v2 Marshal port, against gopkg.in/yaml.v2 v2.4.0 itself', () => {
  it("writes yaml.v2's format (an example)", () => {
    const yaml = 'a9: ""\na10: 1\nb:\n- 1e+06\n- "yes"\n- |-\n  two\n  lines\n- c: []\n  d:\n  - - "on"\n';
    expect(manifestYamlV2({ b: [1e6, 'yes', 'two\nlines', { c: [], d: [['on']] }], a10: 1, a9: '' })).toBe(
      yaml,
    );
  });

  it('manifestYamlV2 writes what yaml.Marshal writes, byte for byte', () => {
    const { texts, results } = oracleCases();
    expect(texts.length).toBeGreaterThan(20_000);
    const differing: { json: string; go: string; kf: string }[] = [];
    // where keyList.Less has a cycle, yaml.v2 writes the keys in a random order: only the data
    // must be the same there
    let cyclic = 0;
    texts.forEach((json, i) => {
      const r = results[i] as OracleResult;
      const value = JSON.parse(json) as unknown;
      const kf = manifestYamlV2(value);
      if (r.out === kf) return;
      if (r.out !== undefined && !deterministic(value)) {
        cyclic++;
        if (isDeepStrictEqual(parse(r.out), parse(kf))) return;
      }
      differing.push({ json, go: r.out ?? `error: ${r.error}`, kf });
    });
    expect({ differing: differing.length, first: differing.slice(0, 5) }).toEqual({
      differing: 0,
      first: [],
    });
    expect(cyclic).toBeLessThan(50);
  });

  // Tempo commits `tk export` output; its objects, read back, must be written again as they are.
  it.skipIf(!existsSync(tempoGen))("writes Grafana Tempo's tk export output again, byte for byte", () => {
    const files = readdirSync(tempoGen).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBe(52);
    const differing = files.filter((f) => {
      const text = readFileSync(path.join(tempoGen, f), 'utf8');
      return manifestYamlV2(parseYaml(text)) !== text;
    });
    expect(differing).toEqual([]);
  });
  if (!existsSync(tempoGen))
    process.stderr.write(`SKIPPED: Tempo's tk export check, ${tempoGen} is missing\n`);
});
