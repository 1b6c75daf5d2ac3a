// The cases of yaml-v3.test.ts: this repository's YAML and JSON files, and generated corpora
// built to reach every rule of yaml.v3's emitter, resolver, scanner and parser (seeded, so every
// run makes the same cases).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../helpers/run-kf.js';

/** mulberry32: a small seeded PRNG, so the generated corpora are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20260101);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const words = (text: string) => text.split(' ');

// ---------------------------------------------------------------------------------------------
// The repository's own data: every YAML and JSON file of these folders, as objects.

const DATA_DIRS = ['registry', 'examples', 'test/fixtures', 'test/kubeflow/golden', 'test/gitops/fixtures'];

export function dataFiles(): { file: string; text: string }[] {
  const files = DATA_DIRS.flatMap((dir) =>
    readdirSync(path.join(REPO_ROOT, dir), { recursive: true })
      .map(String)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => path.join(dir, f)),
  );
  const schemas = readdirSync(path.join(REPO_ROOT, 'src/render/schemas'))
    .filter((f) => f.endsWith('.json.gz'))
    .map((f) => path.join('src/render/schemas', f));
  return [
    ...files.sort().map((file) => ({ file, text: readFileSync(path.join(REPO_ROOT, file), 'utf8') })),
    ...schemas.map((file) => ({
      file,
      text: gunzipSync(readFileSync(path.join(REPO_ROOT, file))).toString(),
    })),
    ...['package.json', 'package-lock.json', 'tsconfig.json'].map((file) => ({
      file,
      text: readFileSync(path.join(REPO_ROOT, file), 'utf8'),
    })),
  ];
}

/** The files' objects (a YAML file's documents, a JSON file and, for a big one, each of its members). */
export function dataObjects(files: { file: string; text: string }[]): unknown[] {
  const objects: unknown[] = [];
  for (const { file, text } of files) {
    if (file.includes('.json')) {
      const value = JSON.parse(text) as unknown;
      objects.push(value);
      if (value !== null && typeof value === 'object') objects.push(...Object.values(value));
      continue;
    }
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length === 0) objects.push(JSON.parse(JSON.stringify(doc.toJS() ?? null)));
    }
  }
  return objects;
}

// ---------------------------------------------------------------------------------------------
// Generated strings, keys and numbers, built to reach every rule of the emitter and the resolver.

const SPECIAL_CHARACTERS = [
  ...'\u0085\u00a0\u2028\u2029\ufeff\ufffe\uffff\ufffd\ue000\ud7ff\u0080\u009f\u00ff\u0100\u200b\u0301',
  ...['\u{1f600}', '\u{10000}', '\u{10ffff}', 'é', 'ß', '中', 'Ω', '٣', '５', '\u{1e5d0}', '\u{11bf0}'],
];
const ASCII = times(128, (i) => String.fromCharCode(i));
const FRAGMENTS = [
  ...ASCII,
  ...SPECIAL_CHARACTERS,
  ...[': ', ' #', '- ', '? ', '---', '...', '\r\n', '\n\n', ' \n', '\n ', '\t\n', '  ', 'a', 'b', 'xyz'],
  ...['0', '1', '12', '0x', '.5', 'e3', 'true', 'null', 'yes', '~', '2001-12-14', ':20'],
];

/** Texts every YAML reader has an opinion on: numbers, bools, nulls, timestamps, base 60 ... */
const TYPED_WORDS = [
  ...words('0 1 -1 +1 00 01 08 09 0777 -0777 0o17 0O17 -0o17 0o8 0x10 0X1f -0x10 +0x10 0x 0b101 0B11 -0b101'),
  ...words('0b2 1_000 _1 1_ 0x_1F 1__0 0b1_0 9223372036854775807 9223372036854775808 -9223372036854775808'),
  ...words('-9223372036854775809 18446744073709551615 18446744073709551616 99999999999999999999 1e400'),
  ...words('-1e400 1e-400 1.0 1. .5 -.5 +.5 .5_5 ._5 .e3 1e3 1E3 1e+3 1.e3 1.5e-3 0.1.2 -0 -0.0 +0 0.0 1e'),
  ...words('e3 1_0.5 0x1p3 .inf .Inf .INF +.inf -.inf .iNf .nan .NaN .NAN nan NaN inf Infinity -Infinity'),
  ...words('+ - . .. 1:20 1:20:30 -1:20 +1:20 1:20.5 190:20:30.15 1:60 1:2:3:4 1_0:20 a:20'),
  ...words('true True TRUE tRUE false False FALSE yes Yes YES yEs no No NO on On ON off Off OFF y Y n N'),
  ...words('t f o O nO null Null NULL nULL ~ nil None << = ! &a *a | > @a `a'),
  ...['', ' ', '2001-12-14 21:59:43.10', '2001-12-14 21:59:43.10 -5', '2001-01-01 01:02:03Z'],
  '2001-1-1 1:2:3',
  ...words('2001-12-14 2001-12-14t21:59:43.10-05:00 2001-12-14T21:59:43.10-05:00 2001-12-14T21:59:43Z'),
  ...words('2001-12-14T21:59:43,5Z 2001-1-2T3:4:5Z 2001-1-2 2001-02-29 2000-02-29 1900-02-29 2001-13-01'),
  ...words('2001-00-10 2001-01-32 2001-04-31 2001-01-01T24:00:00Z 2001-01-01T23:60:00Z 0000-01-01'),
  ...words('2001-01-01T01:02:03+24:00 2001-01-01T01:02:03+23:60 2001-01-01T01:02:03-00:00 20011-01-01'),
  ...words('2001-01-01T01:02:03+01:00 2001-01-01T01:02:03.123456789123Z 9999-12-31T23:59:59-12:00'),
  ...words('201-01-01 2001-01-01T01:02Z 2001-01-01T01:02:03 2001-01-01T01:02:03.Z 2001-01-01t01:02:03z'),
];

function generatedStrings(): string[] {
  const strings = new Set<string>();
  for (const c of [...ASCII, ...SPECIAL_CHARACTERS]) {
    for (const s of [c, `a${c}`, `${c}a`, `a${c}b`, `${c}${c}`, ` ${c}`, `${c} `]) strings.add(s);
    for (const s of [`${c}\n`, `\n${c}`, `a\n${c}`]) strings.add(s);
  }
  for (const w of TYPED_WORDS)
    for (const s of [w, ` ${w}`, `${w} `, `x${w}`, w.toUpperCase(), `${w}\n`, `${w}\nx`, `'${w}'`, `"${w}"`])
      strings.add(s);
  // every sequence of up to four of these pieces: breaks and blanks in all positions
  const pieces = ['a', ' ', '\n', '\t', 'b ', ' b', '\r'];
  const combine = (prefix: string, depth: number): void => {
    if (prefix !== '') strings.add(prefix);
    if (depth < 4) for (const p of pieces) combine(prefix + p, depth + 1);
  };
  combine('', 0);
  for (const n of [1, 2, 80, 127, 128, 129, 200, 1000, 5000]) {
    strings.add('x'.repeat(n));
    strings.add('é'.repeat(n));
    strings.add('word '.repeat(n).trim());
    strings.add(`${'line\n'.repeat(n % 17)}${'y'.repeat(n)}`);
  }
  for (let i = 0; i < 3000; i++)
    strings.add(times(1 + Math.floor(random() * 8), () => pick(FRAGMENTS)).join(''));
  return [...strings];
}

const KEY_POOL = [
  ...words('a b A B Z z a1 a2 a9 a10 a11 a01 a001 a0 a00 a1b a1B a1_ 1 2 9 10 01 001 0 00 1a 1_ 10a x10y'),
  ...words('x9y x09y x9z x010 _ - . _a -a a-b a_b a.b é éa Éa ea z1 Z1 中 中1 ٣ a٣ a3 ５ a５ ǅ \u{1e5d0}'),
  ...words('a\u{11bf0} a922337203685477580 yes null ~ 1.5 2001-12-14 << #c "q" \'s\' \u{1f600} a\u0085b'),
  ...words('\ufeffbom apiVersion kind metadata spec'),
  ...['', ' ', 'a b', '? x', '- y', 'a: b', 'x #y', '\ttab', 'nl\nkey', 'cr\rkey', 'ls\u2028key'],
  ...['k'.repeat(128), 'k'.repeat(129), 'é'.repeat(64), 'é'.repeat(65)],
];

const WRAPPING_KEYS = [
  ...words('a9223372036854775808 a18446744073709551617 a99999999999999999999'),
  '1'.repeat(40),
];

const NUMBERS = [
  ...words('0 -0 1 -1 3 1.5 0.1 0.2 100 123456 999999 1000000 1234567 1e6 1e7 1e20 1e21 1e22 1e-4 1e-5').map(
    Number,
  ),
  ...words('1.5e-5 1e-7 0.00012345 123456.789 5e-324 2.2250738585072014e-308 1e300 1e-300').map(Number),
  ...[1 / 3, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, -(2 ** 63), Number.MAX_VALUE, -Number.MAX_VALUE],
  Number('12345678901234567890'),
];

function randomNumber(): number {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setUint32(0, Math.floor(random() * 2 ** 32));
  bits.setUint32(4, Math.floor(random() * 2 ** 32));
  const f = bits.getFloat64(0);
  if (Number.isFinite(f)) return f;
  return Math.round(random() * 1e6) / pick([1, 10, 1000, 1e6]);
}

function randomScalar(strings: string[]): unknown {
  const r = random();
  if (r < 0.6) return pick(strings);
  if (r < 0.85) return random() < 0.5 ? pick(NUMBERS) : randomNumber();
  return pick([true, false, null]);
}

function randomValue(strings: string[], depth: number): unknown {
  const r = random();
  if (depth <= 0 || r < 0.35) return randomScalar(strings);
  const size = Math.floor(random() * 5);
  if (r < 0.65) return times(size, () => randomValue(strings, depth - 1));
  return Object.fromEntries(times(size, () => [pick(KEY_POOL), randomValue(strings, depth - 1)]));
}

/** JSON texts JSON.stringify does not write: -0, numbers it would round, lone surrogates. */
export const RAW_JSON = [
  ...[
    '-0',
    '-0.0',
    '[-0, 0, 0.0, -1e-400, 1e-400]',
    '{"a": -0}',
    '1.0',
    '1E2',
    '123456789012345678901234567890',
  ],
  ...['"\\ud800x"', '"\\udc00\\ud800"', '"\\ud83d\\ude00"', '{"__proto__": {"a": 1}, "constructor": []}'],
  '{"a": 1, "a": 2}',
];

export function marshalCorpus(): unknown[] {
  const strings = generatedStrings();
  const values: unknown[] = [];
  for (const s of strings) {
    values.push(s);
    // the same text as a key, a value, an item, and deeper, where the indentation rules differ
    values.push({ [s]: s, k: [s, [s], { [s]: [s] }], m: { n: { [s]: { o: s } } } });
  }
  values.push(...NUMBERS, ...times(300, randomNumber), ...NUMBERS.map((n) => ({ n, l: [n, [n]] })));
  // key order: random sets of keys that yaml.v3's keyList.Less has to sort
  for (let i = 0; i < 400; i++)
    values.push(Object.fromEntries(times(2 + (i % 12), () => [pick(KEY_POOL), i])));
  values.push(Object.fromEntries(KEY_POOL.map((k, i) => [k, i])));
  // Digit runs past int64 wrap around in keyList.Less, which then orders three or more keys in a
  // cycle, and Go's result depends on its random map order; two keys are always ordered the same.
  for (const a of WRAPPING_KEYS)
    for (const b of [...WRAPPING_KEYS, ...KEY_POOL]) if (a !== b) values.push({ [a]: 1, [b]: 2 });
  values.push([], {}, [[]], [{}], { a: [] }, { a: {} }, [[[]]], [[1, [2, [3]]]], [{ a: [{ b: [] }] }]);
  let deep: unknown = 'leaf';
  for (let i = 0; i < 60; i++)
    deep = i % 3 === 0 ? [deep, 'x'] : i % 3 === 1 ? { [`k${i}`]: deep, l: [] } : [deep];
  values.push(deep);
  values.push(...times(1500, (i) => randomValue(strings, 1 + (i % 6))));
  return values;
}

// ---------------------------------------------------------------------------------------------
// YAML documents to read.

/** How a scalar's text can be written in a document (as a value, key, item, with a tag ...). */
const SCALAR_FORMS: ((t: string) => string)[] = [
  (t) => t,
  (t) => `a: ${t}`,
  (t) => `- ${t}`,
  (t) => `[${t}]`,
  (t) => `{a: ${t}}`,
  (t) => `${t}: a`,
  (t) => `? ${t}\n: a`,
  (t) => `'${t.replaceAll("'", "''")}'`,
  (t) => `"${t.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  (t) => `a: |\n  ${t}\n`,
  (t) => `a: >-\n  ${t}\n  ${t}\n`,
  (t) => `a: !!str ${t}`,
  (t) => `a: !!int ${t}`,
  (t) => `a: !!float ${t}`,
  (t) => `a: !!bool ${t}`,
  (t) => `a: !!null ${t}`,
  (t) => `a: !!timestamp ${t}`,
  (t) => `a: !!binary ${t}`,
  (t) => `a: !foo ${t}`,
  (t) => `a: ! ${t}`,
  (t) => `a: !!timestamp "${t}"`,
  (t) => `!!str ${t}: a`,
];

const DOCUMENTS = [
  '',
  ' ',
  '\n',
  '# only a comment\n',
  '#a\n#b',
  '---',
  '---\n',
  '--- \n...\n',
  '...\n',
  '---\n---\n',
  '--- # c',
  '--- a\n--- b\n...\n--- c',
  'a\n---\nb',
  'a: 1\n...\n---\nb: 2\n',
  '---\n...\n---\n',
  '--- |\n  x\n--- >\n  y\n',
  '%YAML 1.1\n---\na',
  '%YAML 1.2\n---\na',
  '%YAML 2.0\n---\na',
  '%YAML 1.1\n%YAML 1.1\n---\na',
  '%YAML 1.1\na',
  '%TAG !e! tag:example.com,2000:\n---\na: !e!foo bar',
  '%TAG !e! tag:e.com:\n%TAG !e! tag:f.com:\n---\na',
  '%FOO bar\n---\na',
  '!x!y a',
  '!<tag:yaml.org,2002:str> 1',
  '!<tag:yaml.org,2002:int> "12"',
  '!!int "12"',
  'a: &x 1\nb: *x',
  'a: &x 1\n---\nb: *x',
  'a: *x',
  '&a [*a]',
  '&a {b: *a}',
  'a: &x\nb: *x',
  'a: &x [1, 2]\nb: *x',
  '&a a: b\n*a : c',
  'a: &x b\n*x : c',
  '? *x',
  '- &a x\n- &a y\n- *a',
  'a: *',
  'a: &',
  '&a',
  '*a',
  'b: &b {x: 1, y: 2}\nc: {<<: *b, y: 3}',
  'b: &b {x: 1}\nc: &c {y: 2}\nd:\n  <<: [*b, *c, {z: 1}]\n  x: 0',
  '<<: {a: 1}\na: 2',
  '<<: [{a: 1}, {a: 2}]',
  '<<: 1',
  '<<: [1]',
  '<<: ~',
  '<<: {1: a, ~: b, true: c}',
  '<<: &m {a: 1}\n<<: *m',
  '"<<": {a: 1}',
  '!!merge <<: {a: 1}',
  '<<: {<<: {a: 1}, b: 2}',
  '<<: {a: [1]}',
  'a: 1\na: 2',
  'a: 1\n"a": 2',
  '{a: 1, a: 2}',
  '? a\n? a',
  '1: a',
  '~: a',
  'null: a',
  'true: a',
  '1.5: a',
  '? [a]\n: b',
  '? {a: 1}\n: b',
  '[a]: b',
  '{a: 1}: b',
  '2001-01-01: a',
  '!foo a: b',
  '"1": a',
  '? \n: a',
  'a:\n: b\n? c',
  '[a: 1, b]',
  '[a, b: c, {d: e}]',
  '{a, b: c}',
  '{? a: b}',
  '[? a]',
  '{a: [1, {b: c}]}',
  '[',
  ']',
  '{',
  '}',
  '[a',
  '{a: 1',
  'a: [1, 2',
  '[1, 2]]',
  '{a: 1}}',
  '[a,,b]',
  '[,]',
  '{,}',
  '[a, ]',
  'a: b: c',
  'a: b\n c: d',
  'a:\n  b\n c',
  '- a\nb: c',
  'a: 1\n- b',
  'a:\n\t- b',
  '\ta: b',
  'a: \tb',
  'a:\tb',
  '- a\n  - b',
  '- - a\n  - b',
  '-a',
  '- -a',
  '-- a',
  '? a\n: b\n: c',
  'a: |\n  x\n y',
  'a: |\nx',
  'a: |2\n   x',
  'a: |-\n  x\n\n',
  'a: |+\n  x\n\n',
  'a: >\n  x\n\n  y\n   z\n',
  'a: |1\n  x',
  'a: |0\n x',
  'a: |10\n x',
  'a: "x\\\n  y"',
  'a: "x\n  y\n\n  z"',
  "a: 'x\n  y'",
  'a: "',
  "a: '",
  'a: "a"b',
  'a: "\\/"',
  'a: "\\\'"',
  'a: "\\ud800"',
  'a: "\\ud83d\\ude00"',
  'a: "\\U0010FFFF"',
  'a: "\\U00110000"',
  'a: "\\x4"',
  'a: "\\xZZ"',
  'a: "\\q"',
  'a: "\\\t"',
  'a: "\\ "',
  'a: "\\N\\_\\L\\P\\e\\0\\a\\b\\v\\f\\r"',
  'a: "\\u00e9\\x41"',
  'a: b # c',
  'a: b#c',
  'a: "b" #c',
  'a: "b"#c',
  '# c\na: 1 # d\n# e',
  'a: # c\n  b',
  '[a, # c\n b]',
  'a: @b',
  'a: `b',
  'a: %b',
  '%a: b',
  'a: |b',
  'a: >b',
  'a: !',
  'a: !!',
  '- !!str',
  'a: !<>',
  'a: 2001-12-14',
  'a: [2001-12-14, 2001-12-14t21:59:43.10-05:00]',
  'a: .inf',
  'a: [.nan]',
  'a: -.inf',
  'a: !!binary |\n  aGVs\n  bG8=',
  'a: !!binary aGk',
  'a: !!binary "a b"',
  'a: !!binary 8J+Y',
  'a: !!binary 4oKs',
  'a: !!binary gA==',
  'a: !!binary 7aCA',
  'a: !!binary 9JCAgA==',
  '? !!binary aGk=\n: x',
  '!!binary aGk=: x',
  'a: !!str',
  'a: !!int',
  'a: !!null',
  'a: !!map {b: 1}',
  'a: !!seq [1]',
  'a: !!map [1]',
  'a: !!str [1]',
  'a: !!str {b: 1}',
  'a: !!set {b, c}',
  'a: !!omap [{b: 1}]',
  'a: !!float .5',
  'a: !!int 0x1F',
  'a: !!int 1_000',
  'a: !!merge <<',
  '? !!str {a: 1}\n: b',
  '!!str {a: 1}: b',
  '? - a\n: b',
  '[[a]]',
  '[[]]',
  '{}',
  '[]',
  '{a: {}}',
  '- []\n- {}',
  '\ufeffa: 1',
  'a: 1\n\ufeff',
  'a: \u0085',
  'a: b\u2028c',
  'a\u00a0b: c',
  'a: "\u0001"',
  'a: \u0001',
  'a: \x7f',
  'a: b\r\nc: d\r\n',
  'a: |\r\n  x\r\n  y\r\n',
  'a: b\rc: d',
  'a: "x\r\n y"',
  '- a\r- b',
  'k'.repeat(1023) + ': a',
  'k'.repeat(1024) + ': a',
  'k'.repeat(2000) + ': a',
  '[' + 'k'.repeat(1100) + ': a]',
  '['.repeat(100) + ']'.repeat(100),
  '['.repeat(10001) + ']'.repeat(10001),
  '- '.repeat(200) + 'a',
  'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b]',
  // libyaml's own rules: CR, NEL, LS and PS break lines; `?` ends a plain scalar in a flow collection
  'a: b\rc: d',
  '- a\u0085- b',
  'a: b\u2028c: d',
  "a: 'x\u2028y'",
  'a: "x\u2029\n y"',
  'a: |\n  x\u2028y\n',
  '[a?b]',
  'a: x\u2028  y',
  'a: >\n  x\u2028  y\n',
  '{a: b?c}',
  '[-]',
  '{a: -}',
  '[? : x]',
  '[? a]',
  '[a: ]',
  '[: a]',
  // yaml.v3's comment scanning: a tab may stand before a comment, and comments are looked for 512 characters ahead
  'a:\t# c\nb: 1',
  'a: 1\n\t# c\nb: 2',
  '- \t# c',
  'a: 1 \t# c',
  `a: 1${' '.repeat(600)}# c`,
  `a:${' '.repeat(600)}# c\n  b`,
  '# a\n\t# b\nc: 1',
  'a: [1, # c\n\t# d\n 2]',
  'a: |\t# c\n  x',
  '? a\t# c\n: b',
  // a U+FEFF: the stream's first is its encoding's; yaml.v3 then tests the start of its buffer, not the line
  '\ufeff\ufeffa: 1\nbc: 2\nde: 3',
  'a: 1\n\ufeffb: 2',
  '\ufeffa: 1\n\ufeffb: 2',
  '\ufeff\ufeff',
  'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
];

/** Random edits of valid documents: syntax errors of every kind, and what happens to be valid after all. */
function mutatedDocuments(bases: string[], count: number): string[] {
  const pieces = [
    ' ',
    '  ',
    ...'\n\t\r\u2028\u0085\ufeff:-?#[]{},!|>\'"%@`\\.~',
    ...words('&a *a !! ... --- a 0 <<'),
  ];
  return times(count, () => {
    let s = pick(bases);
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
      const i = Math.floor(random() * (s.length + 1));
      const r = random();
      if (r < 0.5) s = s.slice(0, i) + pick(pieces) + s.slice(i);
      else if (r < 0.8) s = s.slice(0, i) + s.slice(i + 1 + Math.floor(random() * 3));
      else s = s.slice(0, i).replace(/\n *$/, (m) => m + pick(['', ' ', '  '])) + s.slice(i); // re-indent
    }
    return s;
  });
}

export function parseCorpus(marshalled: string[], files: { file: string; text: string }[]): string[] {
  const docs = new Set<string>(DOCUMENTS);
  for (const word of TYPED_WORDS) for (const form of SCALAR_FORMS) docs.add(form(word));
  for (const c of [...ASCII, ...SPECIAL_CHARACTERS])
    for (const form of SCALAR_FORMS.slice(0, 11)) docs.add(form(`a${c}b`));
  for (const c of [...ASCII, ...SPECIAL_CHARACTERS]) docs.add(`a: "\\${c}"`);
  // yaml.v3's own output: its quoting, block scalars, indentation indicators and `?` keys
  for (const yaml of marshalled) docs.add(yaml);
  const texts = files.filter((f) => !f.file.endsWith('.gz') && f.text.length < 100_000).map((f) => f.text);
  for (const text of texts) docs.add(text);
  const bases = [...DOCUMENTS.filter((d) => d.length > 8 && d.length < 2000), ...texts];
  for (const doc of mutatedDocuments(bases, 4000)) docs.add(doc);
  return [...docs];
}
