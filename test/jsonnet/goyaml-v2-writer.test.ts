// kf's direct yaml.v2 writer (toYamlV2, src/jsonnet/goyaml-v2/writer.ts) against the port of yaml.v2's
// Marshal it must equal byte for byte (manifestYamlV2, proven against Go itself by
// test/jsonnet/goyaml-v2-marshal.test.ts): generated objects, the Marshal tests' corpora, text
// placed at and around the fold at column 80 at every depth, multi-line and unicode text, numbers,
// keys, and Tempo's committed `tk export` files; and against Go's yaml.v2 itself (the oracle of
// test/tanka/harness.ts) on the real-world set's expected outputs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestYamlV2, parseYaml, toYamlV2, toYamlV2Stream } from '../../src/jsonnet/goyaml-v2.js';
import { HARD_WORDS, KEY_WORDS, randomData, rng } from './yaml-data-gen.js';
import { runYamlV2Oracle } from '../tanka/harness.js';
import { v2Corpus } from './yaml-v2-corpus.js';
import { dataFiles, dataObjects, marshalCorpus, RAW_JSON } from './yaml-v3-corpus.js';
import { REALWORLD_DIR } from '../../bench/jsonnet/realworld-assemble.js';

/** The values on which the writer and the port differ (none), with both texts. */
function differing(values: unknown[]): { value: string; fast: string; port: string }[] {
  const out: { value: string; fast: string; port: string }[] = [];
  for (const value of values) {
    const fast = toYamlV2(value);
    const port = manifestYamlV2(value);
    if (fast !== port && out.length < 5) out.push({ value: JSON.stringify(value), fast, port });
  }
  return out;
}

/** `text` as a value at each depth of maps and sequences, after keys of each length. */
function placed(text: string): unknown[] {
  const values: unknown[] = [];
  for (let depth = 0; depth < 6; depth++) {
    for (const keyLength of [1, 7, 30, 60]) {
      let inMap: unknown = { ['k'.repeat(keyLength)]: text };
      let inSeq: unknown = [text, { ['k'.repeat(keyLength)]: text }];
      for (let d = 0; d < depth; d++) {
        inMap = { metadata: inMap, z: [inMap] };
        inSeq = [inSeq, { a: inSeq }];
      }
      values.push(inMap, inSeq);
    }
  }
  return values;
}

/** Texts with a space at each column around 80 (and two spaces, and a space at the end), in every quoting style. */
function foldTexts(): string[] {
  const texts: string[] = [];
  for (const prefix of ['', '*', 'yes ', '"', "'", '\t', '\ufeff', '- ', 'é', '😀'])
    for (let before = 50; before <= 100; before++)
      for (const gap of [' ', '  ', ' \t'])
        for (const after of ['y', 'yy yy', ' z', ''])
          texts.push(`${prefix}${'x'.repeat(before)}${gap}${after}`);
  for (let words = 1; words < 40; words++) texts.push('ab cd '.repeat(words).trim(), 'a '.repeat(words * 3));
  return texts;
}

/** Multi-line texts: blank lines, leading and trailing spaces, chomping, other line breaks. */
const MULTILINE = [
  'a\nb',
  'a\nb\n',
  'a\nb\n\n',
  'a\n\n\nb',
  '\na',
  '\n\na\n',
  ' a\nb',
  '  a\n  b\n',
  'a \nb',
  'a\n b',
  'a\nb ',
  'a\n ',
  '\n',
  '\n\n',
  ' \n',
  'a\n\tb\n',
  'a\r\nb\n',
  'a\u2028b\n',
  'a\u2029b',
  'a\u0085b\n',
  `${'word '.repeat(30)}\nnext\n`,
  `#!/bin/sh\nset -e\n\n${'echo "a long line" && '.repeat(8)}true\n`,
  '---\na: b\n...\n',
  'é\n日本\n😀\n',
];

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.1,
  0.5,
  1.5e-7,
  1e-7,
  1e-4,
  1e-5,
  999999,
  1e6,
  -1e6,
  1234567,
  123456789012,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  1e20,
  1e21,
  1e22,
  5e-324,
  1.7976931348623157e308,
  -1.5e-300,
  123.456,
  1e100,
  Infinity,
  -Infinity,
  NaN,
];

const KEYS = [
  ...HARD_WORDS,
  'a9',
  'a10',
  'a2',
  'a1B',
  'x'.repeat(128),
  'x'.repeat(129),
  'é'.repeat(64),
  'é'.repeat(65),
  'key with spaces '.repeat(8),
  '\0',
  'a\0b',
];

describe('toYamlV2: yaml.v2 Marshal written directly', () => {
  it('writes an object as yaml.v2 does (an example)', () => {
    const object = {
      metadata: { name: 'web', labels: { a10: '1', a9: 'yes', b: 'y' } },
      spec: {
        replicas: 1e6,
        ports: [{ port: 80 }, { port: 0.5 }],
        args: ['--x', [], {}],
        text: 'two\nlines',
      },
    };
    expect(toYamlV2(object)).toBe(
      'metadata:\n  labels:\n    a9: "yes"\n    a10: "1"\n    b: "y"\n  name: web\nspec:\n  args:\n  - --x\n  - []\n  - {}\n' +
        '  ports:\n  - port: 80\n  - port: 0.5\n  replicas: 1e+06\n  text: |-\n    two\n    lines\n',
    );
  });

  it('equals manifestYamlV2 on generated objects full of YAML-hostile strings', () => {
    const random = rng(20261206);
    const values = [
      ...Array.from({ length: 4000 }, () => ({ a: randomData(random), b: [randomData(random)] })),
      ...Array.from({ length: 2000 }, () => ({ spec: randomData(random, KEY_WORDS, KEY_WORDS) })),
      ...Array.from({ length: 500 }, () => randomData(random)),
    ];
    expect(differing(values)).toEqual([]);
  });

  it("equals manifestYamlV2 on the Marshal tests' corpora (yaml.v3's and yaml.v2's cases, the repository's data)", () => {
    const values = [
      ...marshalCorpus(),
      ...v2Corpus(),
      ...dataObjects(dataFiles()),
      ...RAW_JSON.map((json) => JSON.parse(json) as unknown),
    ];
    expect(values.length).toBeGreaterThan(20_000);
    expect(differing(values)).toEqual([]);
  }, 300_000);

  it('equals manifestYamlV2 where text folds at column 80, at every depth and in every quoting style', () => {
    const texts = foldTexts();
    expect(texts.length).toBeGreaterThan(6000);
    const values = texts.flatMap((text) => [
      text,
      { k: text },
      ...placed(text).filter((_, i) => i % 13 === 0),
    ]);
    expect(differing(values)).toEqual([]);
    // the same long text at each indentation: some fold and some do not
    const long = `${'x'.repeat(70)} ${'y'.repeat(20)}`;
    const outputs = placed(long).map(toYamlV2);
    expect(outputs.some((text) => text.includes(`${'x'.repeat(70)}\n`))).toBe(true);
    expect(outputs.some((text) => text.includes(`${'x'.repeat(70)} y`))).toBe(true);
  }, 300_000);

  it('equals manifestYamlV2 on multi-line, unicode and number values, and on hard keys', () => {
    const values = [
      ...MULTILINE.flatMap(placed),
      ...NUMBERS.flatMap((n) => [n, { n }, [n], { a: [{ b: n }] }]),
      ...['é', '日本語', '😀', '\ufeffa', 'a\u00a0b', '\u0000', '\ud800', 'a\ud83d'].flatMap(placed),
      ...KEYS.map((key) => ({ [key]: key, z: { [key]: [key] } })),
      ...KEYS.map((key) => [{ [key]: { [key]: [] } }]),
      Object.fromEntries(KEYS.map((key) => [key, 1])),
      { a: undefined, b: [undefined, null] },
    ];
    expect(differing(values)).toEqual([]);
  });

  const realworld = REALWORLD_DIR;
  const expected = path.join(realworld, 'expected');
  const tempoGen = path.join(realworld, 'grafana+tempo/operations/jsonnet-compiled/microservices/gen');

  // Against Go's yaml.v2 itself: the port takes ~10 times as long over these 47 MB.
  it.skipIf(!existsSync(expected))(
    "equals yaml.v2's Marshal (Go) on the real-world set's expected outputs",
    () => {
      const files = readdirSync(expected).filter((f) => f.endsWith('.json'));
      expect(files.length).toBeGreaterThan(100);
      const texts = files.map((f) => readFileSync(path.join(expected, f), 'utf8'));
      const results = runYamlV2Oracle(texts);
      expect(files.filter((_, i) => results[i].out === undefined)).toEqual([]);
      expect(files.filter((_, i) => toYamlV2(JSON.parse(texts[i])) !== results[i].out)).toEqual([]);
    },
    300_000,
  );

  it.skipIf(!existsSync(tempoGen))(
    "writes Grafana Tempo's committed tk export files again, byte for byte",
    () => {
      const files = readdirSync(tempoGen).filter((f) => f.endsWith('.yaml'));
      expect(files.length).toBe(52);
      const texts = files.map((f) => readFileSync(path.join(tempoGen, f), 'utf8'));
      expect(files.filter((_, i) => toYamlV2(parseYaml(texts[i])) !== texts[i])).toEqual([]);
      // and as one stream, as tk show writes them one after another
      expect(toYamlV2Stream(texts.map((text) => parseYaml(text)))).toBe(texts.join('---\n'));
    },
  );
  if (!existsSync(expected) || !existsSync(tempoGen))
    process.stderr.write(
      `SKIPPED: real-world checks, ${realworld} is missing (assembled by test/setup/realworld.ts from the mirrors)\n`,
    );
});
