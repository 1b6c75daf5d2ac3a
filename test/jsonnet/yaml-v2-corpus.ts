// The cases of goyaml-v2-marshal.test.ts that only yaml.v2 writes in its own way (YAML 1.1
// quoting, folding at 80 columns, literal blocks, float64 numbers), also used by
// goyaml-v2-writer.test.ts. Seeded, so every run makes the same cases.
import { prng } from './yaml-v3-corpus.js';

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
export function v2Corpus(): unknown[] {
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
