import { describe, expect, it } from 'vitest';
import {
  isBareYamlKey,
  manifestYamlDoc,
  manifestYamlStream,
  manifestYamlStreamOutput,
} from '../../../src/jsonnet/std-pure/yaml.js';
import type { PlainValue } from '../../../src/jsonnet/std-pure/plain-value.js';

// Expected strings are go-jsonnet v0.22.0 output (its native manifestYamlDoc, which kf follows).
const value: PlainValue = {
  a: [1, [2, [3, 4]], { b: 1, c: [5] }, [], {}, 'x\ny\n', 'z\n\nq\n', ''],
  d: { e: { f: 'g' }, h: [], i: {}, j: 'multi\nline\n', k: [[1]], l: [{ m: 1 }] },
  n: 0.1,
  o: null,
  p: true,
  q: 'a"b',
  'key with space': 1,
  '': 2,
  s: 'no-newline\nx',
};

describe('std.manifestYamlDoc', () => {
  it('matches the reference layout', () => {
    expect(manifestYamlDoc(value)).toBe(
      '"": 2\n"a":\n- 1\n-\n  - 2\n  -\n    - 3\n    - 4\n- "b": 1\n  "c":\n  - 5\n- []\n- {}\n- |\n  x\n  y\n- |\n  z\n  \n  q\n- ""\n"d":\n  "e":\n    "f": "g"\n  "h": []\n  "i": {}\n  "j": |\n    multi\n    line\n  "k":\n  -\n    - 1\n  "l":\n  - "m": 1\n"key with space": 1\n"n": 0.1\n"o": null\n"p": true\n"q": "a\\"b"\n"s": "no-newline\\nx"',
    );
  });

  it('indents arrays inside objects on request', () => {
    expect(manifestYamlDoc(value, true)).toBe(
      '"": 2\n"a":\n  - 1\n  -\n    - 2\n    -\n      - 3\n      - 4\n  - "b": 1\n    "c":\n      - 5\n  - []\n  - {}\n  - |\n    x\n    y\n  - |\n    z\n    \n    q\n  - ""\n"d":\n  "e":\n    "f": "g"\n  "h": []\n  "i": {}\n  "j": |\n    multi\n    line\n  "k":\n    -\n      - 1\n  "l":\n    - "m": 1\n"key with space": 1\n"n": 0.1\n"o": null\n"p": true\n"q": "a\\"b"\n"s": "no-newline\\nx"',
    );
  });

  it('leaves safe keys bare when quote_keys=false', () => {
    expect(manifestYamlDoc(value, false, false)).toBe(
      '"": 2\na:\n- 1\n-\n  - 2\n  -\n    - 3\n    - 4\n- b: 1\n  c:\n  - 5\n- []\n- {}\n- |\n  x\n  y\n- |\n  z\n  \n  q\n- ""\nd:\n  e:\n    f: "g"\n  h: []\n  i: {}\n  j: |\n    multi\n    line\n  k:\n  -\n    - 1\n  l:\n  - m: 1\n"key with space": 1\n"n": 0.1\no: null\np: true\nq: "a\\"b"\ns: "no-newline\\nx"',
    );
  });

  it('prints arrays at top level and scalars', () => {
    expect(manifestYamlDoc([[1, 2], [[3]], { a: [1] }, 'l\n', [{}], [[]]])).toBe(
      '-\n  - 1\n  - 2\n-\n  -\n    - 3\n- "a":\n  - 1\n- |\n  l\n-\n  - {}\n-\n  - []',
    );
    expect(manifestYamlDoc('x')).toBe('"x"');
    expect(manifestYamlDoc([])).toBe('[]');
  });

  it('reports the path of a function', () => {
    expect(() => manifestYamlDoc({ a: [() => 1] })).toThrow('Tried to manifest function at ["a", 0]');
  });
});

describe('bare YAML keys (quote_keys=false)', () => {
  const bare = [
    '1_.5',
    '1__0',
    '_1',
    'a',
    'a-b',
    'a.b',
    'a/b',
    'a_b',
    'A',
    'Z9',
    '..',
    '1a',
    '0o17',
    '0xg',
    '0x',
    '0b',
    '0b1.1',
    '0bA',
    '0B1',
    '0X1',
    '2001-12-14-1',
    '1..2',
    '-..',
    '-a',
    '.a',
    '/',
    '-0x-',
    'jsonnet.org/k8s-label-like',
    '192.168.0.1',
    '1-234-567-8901',
    '.',
    '_',
    '_-_',
    '0xx',
    '0b2',
    '0bb',
    '0b1---',
    '1e-5.5',
    '-0x',
    '1e400',
    'Infinity_',
  ];
  const quoted = [
    '1_0.5_5e1_0',
    '1e-0_5',
    '',
    'true',
    'True',
    'tRue',
    'yes',
    'No',
    'on',
    'OFF',
    'y',
    'N',
    'null',
    'NULL',
    '~',
    '.nan',
    '.Inf',
    '-.inf',
    '-',
    '---',
    '0',
    '123',
    '-12',
    '-0',
    '017',
    '1.',
    '.5',
    '1.5',
    '1_000',
    '2001-12-14',
    '1-2-3',
    '0x1F',
    '0x1-',
    '0x_',
    '0b101',
    'a b',
    'a:b',
    'é',
    'a~',
    '1.5e-5',
    '-0b1',
    '-0x1',
    '0x1e-5',
    '-685.230_15e-03',
    '6.8523015e-5',
    '-0x_0A_74_AE',
    'nan',
    '0e0',
    '1e5',
    '0xa.b',
    '1e-5',
    '-1e-5',
    '1E-5',
    '-0x1-',
    '--0x1',
    'a0x1',
    'Infinity',
    '-inf',
    'NaN',
  ];
  it.each(bare)('%s stays bare', (k) => expect(isBareYamlKey(k)).toBe(true));
  it.each(quoted)('%s is quoted', (k) => expect(isBareYamlKey(k)).toBe(false));
});

describe('std.manifestYamlStream', () => {
  it('wraps documents in --- and ends with ...', () => {
    expect(manifestYamlStream([1, { a: 1 }, [1]])).toBe('---\n1\n---\n"a": 1\n---\n- 1\n...\n');
    expect(manifestYamlStream([1, { a: 1 }], false, false)).toBe('---\n1\n---\n"a": 1\n');
    expect(manifestYamlStream([])).toBe('---\n\n...\n');
    expect(() => manifestYamlStream({})).toThrow('manifestYamlStream only takes arrays, got object');
  });
});

describe('CLI -y output', () => {
  it('prints each element as a JSON document', () => {
    expect(manifestYamlStreamOutput([1, { a: [] }, 'x'])).toBe(
      '---\n1\n---\n{\n   "a": [ ]\n}\n---\n"x"\n...\n',
    );
    expect(manifestYamlStreamOutput([])).toBe('');
    expect(() => manifestYamlStreamOutput({})).toThrow(
      'stream mode: top-level object was a object, should be an array whose elements hold the JSON for each document in the stream.',
    );
  });
});
