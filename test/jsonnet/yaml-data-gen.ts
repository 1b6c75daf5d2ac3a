// Random JSON data shaped like Kubernetes objects, with the strings that are hard for YAML
// (numbers, booleans, indicators, quotes, multi-line text, unicode), for goyaml-v2-writer's tests.
export const HARD_WORDS = [
  '',
  ' ',
  'a',
  'nginx',
  '8080',
  '-1',
  '0x1F',
  '0o17',
  '1e3',
  '.5',
  '1.',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'False',
  'TRUE',
  'yes',
  'no',
  'on',
  'off',
  'null',
  'Null',
  '~',
  'y',
  'n',
  '--port=80',
  '-',
  '- a',
  '?',
  '? a',
  '?a',
  ':',
  'a:',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '#a',
  '&a',
  '*a',
  '!a',
  '|',
  '>',
  "'",
  '"',
  "it's",
  'say "hi"',
  `"'"`,
  '%x',
  '@a',
  '`a',
  '---',
  '...',
  '--- a',
  'a ---',
  '[a]',
  '{a}',
  'a,b',
  ',a',
  'a]',
  ' a',
  'a ',
  '\t',
  'a\tb',
  'é',
  '日本',
  '😀',
  'a\\b',
  'c:\\dir',
  'http://x.y/z?q=1#f',
  '${VAR}',
  '{{ .Values.x }}',
  '0',
  '00',
  '012',
  '1_000',
  '+1',
  '2024-01-01',
  '12:30',
  'a\nb',
  'a\n',
  'a\n\n',
  '\na',
  ' a\nb',
  'a\n b',
  'a \nb',
  'a\n\nb\n',
  'line1\nline2\n',
  '#!/bin/sh\nset -e\necho hi\n',
  '  indented\n  text\n',
  'x\n\n\n',
  '\n',
  '\n\n',
  'a\n ',
  'a\n\t',
  'a: b\nc: d\n',
  '- a\n- b\n',
  '%YAML\n',
  'a\n---\nb',
  'a\r\nb',
  'tab\there\n',
  'x'.repeat(100),
  'long line '.repeat(20) + '\nnext',
  '\u0000',
  '\u0007x',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\ud800',
];

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The words without control characters or line breaks: keys the fast emitter always handles. */
// eslint-disable-next-line no-control-regex -- control characters are what is filtered out
export const KEY_WORDS = HARD_WORDS.filter((w) => !/[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]/.test(w));

export function randomData(random: () => number, words = HARD_WORDS, keys = HARD_WORDS, depth = 0): unknown {
  const r = random();
  if (depth > 4 || r < 0.45) return randomScalar(random, words);
  if (r < 0.7) {
    const n = Math.floor(random() * 4);
    return Array.from({ length: n }, () => randomData(random, words, keys, depth + 1));
  }
  const out: Record<string, unknown> = {};
  const n = Math.floor(random() * 5);
  for (let i = 0; i < n; i++) out[randomString(random, keys)] = randomData(random, words, keys, depth + 1);
  return out;
}

function randomScalar(random: () => number, words: string[]): unknown {
  const r = random();
  if (r < 0.5) return randomString(random, words);
  if (r < 0.65) return Math.floor(random() * 100000) - 50;
  if (r < 0.75) return [0.5, -0, 1e21, 1.5e-7, 123.456, 2 ** 53, -3.25][Math.floor(random() * 7)];
  if (r < 0.85) return random() < 0.5;
  return null;
}

function randomString(random: () => number, words: string[]): string {
  const a = words[Math.floor(random() * words.length)];
  if (random() < 0.7) return a;
  return a + words[Math.floor(random() * words.length)];
}
