// kf's std.parseYaml (src/jsonnet/goyaml-v2.ts, a port of the Go code go-jsonnet runs) against
// go-jsonnet v0.22.0 itself, through the Go evaluator of test/tanka/harness.ts (tankaEval builds it;
// without Go this suite fails). On every document both must give the same value, or both fail with
// the same message. The documents are yaml-v3.test.ts's corpus (yaml-v3-corpus.ts: this
// repository's data files, yaml.v3's output, generated and mutated documents) and the cases below,
// which reach what goyaml.v2 and go-jsonnet do differently from yaml.v3.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/jsonnet/index.js';
import { runYamlV3Oracle, tankaEval } from '../tanka/harness.js';
import { dataFiles, dataObjects, marshalCorpus, parseCorpus, RAW_JSON } from './yaml-v3-corpus.js';

/** Documents for goyaml.v2's YAML 1.1, sigs.k8s.io/yaml's JSON and go-jsonnet's document reader. */
const V2_DOCUMENTS = [
  // YAML 1.1 booleans, ints (octal, binary with a sign after 0b, beyond int64), floats
  'a: [y, Y, yes, Yes, YES, n, N, no, No, NO, on, On, ON, off, Off, OFF, True, FALSE, yEs, oN, "yes", ~]',
  '[0644, -0755, 0o17, 0O17, 0x1F, 0X1f, 0b101, 0B101, 0b-101, 0b+11, -0b11, 08, 0_7, 1_000, +12, -0, 0x, +_1]',
  '[9223372036854775807, 9223372036854775808, 18446744073709551615, 18446744073709551616, -9223372036854775809]',
  '[9007199254740993, 1e3, 1.5, .5, -.5, +.5, 1., 1e400, -1e400, .1e-400, 1_0.5, ._5, .5_5, 1e, -0.0, -.0]',
  'a: .nan',
  'a: [1, -.inf]',
  '{b: .nan, a: .inf}',
  'a: !!float 1e400',
  // keys become strings: ints, float32 'g' formatting, bools; null and uint64 keys are errors
  '{1: a, 1.5: b, true: c, 0x10: d, 1e6: e, 1e20: f, .5: g, -0.0: h, 0.1: i, 3.14159265358979: j}',
  '{123456789: a, 1e-5: b, .inf: c, -.inf: d, .nan: e, 2001-12-14: f, 0b11: g, 0.0001: i, No: j}',
  '{1e40: a, -1e40: b, 3.4028235e38: c}',
  '{9223372036854775807: a, -9223372036854775808: b, 1234567: c, 100000: d, 1e-45: e}',
  '{~: a}',
  '{null: a, b: c}',
  '? \n: a',
  '{18446744073709551615: a}',
  '{[a]: b}',
  '{{a: 1}: b}',
  '? [a, 1, ~, 1.5, true, "x\\u2028y", 18446744073709551615]\n: b',
  '? {b: 1, a: [x], 2: y, 1: z}\n: c',
  '? {~: a, true: b, 1: c, 18446744073709551615: d, 1.5: e, s: f, .nan: g}\n: x',
  // merge keys: in document order (a later key or merge overwrites), a sequence's first map wins
  'base: &b {a: 1, b: 2}\nd:\n  <<: *b\n  b: 3',
  'd:\n  b: 3\n  <<: {a: 1, b: 2}',
  '<<: [{a: 1}, {a: 2, b: 2}]',
  'x: &x {a: 1}\ny: &y {a: 2, c: 3}\nz:\n  <<: [*x, *y]\n  <<: {c: 4}',
  '<<: 1',
  '<<: [1]',
  '<<: [*a]\na: &a 1',
  'x: &s x\ny: {<<: *s}',
  '"<<": {a: 1}',
  '!!merge "<<": {a: 1}',
  'a: !!merge <<',
  '! <<: {a: 1}',
  '<<: ~',
  'a: <<',
  // tags: !!binary (bytes that are not UTF-8 become U+FFFD), !!set, !!omap, resolving tags
  'a: !!binary 8J+Y',
  'a: !!binary aGVsbG8=',
  'a: !!binary |\n  aGVs\n  bG8=',
  'a: !!binary "aGVsbG8"',
  '!!binary YQ==: x',
  'a: !!set {x, y}\nb: !!omap [p: 1, q: 2]\nc: !!pairs [p: 1]',
  '[!!int 12, !!float 1, !!str 12, !!bool yes, !!null ~, !!timestamp 2001-12-14, !foo 12, ! 12, !!map abc]',
  '!!int abc',
  '!!null x',
  '!!timestamp x',
  '!!float 18446744073709551615',
  '!!int 1.5',
  '!<tag:yaml.org,2002:int> 12',
  '%TAG !e! tag:yaml.org,2002:\n---\n!e!int 12',
  '[2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10, 2002-2-30, 1:20]',
  // go-jsonnet's reader: documents start at lines beginning with ---, CR LF is LF, one doc a stream
  '',
  '\n',
  '---',
  '--- ',
  '---\t1',
  '---1',
  '---\r',
  'a\n---\nb',
  'a\n--- \nb',
  'a\n---\r\nb',
  'a\r\n---\r\nb\r\n',
  'a\r---\rb',
  'a\n...\nb',
  'a\n...\n]',
  'a\n...\n---\nb',
  '---\n---\n',
  '# c\n---\na',
  'a: |\n  x\n---\n  y',
  '"a\n---\nb"',
  'a\n--- |\n  x\n',
  'a\n---a',
  'a\n---\n',
  '...\n',
  '--- a\n...\n--- b\n...\n',
  // directives
  '%YAML 1.1\n---\na',
  '%YAML 1.1\n--- a',
  '%YAML 1.2\n--- a',
  '%YAML 1.1\n%YAML 1.1\n--- a',
  '%YAML 1.1 # c\n--- a',
  '%TAG ! tag:x,2000:\n--- !a b',
  '%FOO bar\n--- a',
  '--- a\n...\n%YAML 1.1\n--- b',
  // line breaks: CR, NEL, LS, PS
  'a: b\rc: d',
  '- a\r- b',
  'a: x\u2028  y',
  'a: x\u2029y',
  'a: \u0085',
  'a: b\u0085c: d',
  'a: >\n  x\r\n  y\n',
  'a: |\r  x\r  y',
  'a: "x\r\n  y"',
  // errors go-jsonnet reports, and what it accepts that yaml.v3 does not
  'a: "b"#c',
  'a: "\'"',
  '[1, 2]]',
  'a: b: c',
  'a:\tb',
  '\t- a',
  'a\n\tb',
  'a: &x [*x]',
  'a: *x',
  '&a a: b\n*a : c',
  // control characters: refused once the reader reaches their 512-byte block
  'a: \u0001',
  'a\n...\n\u0001',
  `a\n...\n${'x'.repeat(600)}\u0001`,
  `a: 1\n${'b: 2\n'.repeat(200)}\u007f`,
  `${'a: 1\n'.repeat(120)}...\n\u0002`,
  // byte order marks: one starts the input; is_bom then looks at the start of the read buffer
  '\ufeffa: 1',
  '\ufeff\ufeffa: 1\nb: 2',
  'a: 1\n\ufeffb: 2',
  '\ufeff---\na\n---\nb',
  ...[505, 506, 507, 508, 509, 510, 511, 512].map((n) => `k: ${'x'.repeat(n)}\ufeff\nb: 1\nc: 2\n`),
  ...[506, 507, 508].map((n) => `k: ${'x'.repeat(n)}\n\ufeff\nb: 1\nc: 2\n`),
];

/** Snippets that give std.parseYaml a lone surrogate, which reaches Go as U+FFFD. */
const SURROGATE_SNIPPETS = [
  'std.parseYaml("a: " + std.char(55296))',
  'std.parseYaml("a: \'" + std.char(56320) + "b\'")',
];

function corpus(): string[] {
  const files = dataFiles();
  const marshalTexts = [
    ...[...dataObjects(files), ...marshalCorpus()].map((v) => JSON.stringify(v)),
    ...RAW_JSON,
  ];
  const marshalResults = runYamlV3Oracle(marshalTexts.map((json) => ({ op: 'marshal' as const, json })));
  const written = marshalResults.flatMap((r, i) => (i % 5 === 0 && r.out !== undefined ? [r.out] : []));
  return [...new Set([...parseCorpus(written, files), ...V2_DOCUMENTS])];
}

/** An evaluation's first line (an error's message, without go-jsonnet's or kf's stack trace). */
const firstLine = (text: string) => text.split('\n')[0] as string;

/**
 * Go reports the first unsupported key its map iteration meets, in random order: of such a
 * message, only the kind is compared.
 */
const comparable = (message: string) => message.replace(/(unsupported map key of type: ).*/, '$1...');

describe('std.parseYaml against go-jsonnet v0.22.0', () => {
  it("gives go-jsonnet's value, or fails with its message, on every document", () => {
    const docs = corpus();
    expect(docs.length).toBeGreaterThan(13_000);
    const snippets = [...docs.map((doc) => `std.parseYaml(${JSON.stringify(doc)})`), ...SURROGATE_SNIPPETS];
    const jobs = snippets.map((snippet, i) => ({ id: String(i), file: 'x.jsonnet', snippet, jpath: [] }));
    const go = tankaEval(jobs);
    const engine = new Engine();
    const differing: { doc: string; go: string; kf: string }[] = [];
    let failing = 0;
    jobs.forEach((job, i) => {
      const r = go.get(job.id) as { value?: string; error?: string };
      let kf: string;
      try {
        kf = engine.evaluateSnippetToString(job.file, job.snippet);
      } catch (error) {
        kf = `error: ${comparable(firstLine((error as Error).message))}`;
      }
      const expected =
        r.error !== undefined ? `error: ${comparable(firstLine(r.error))}` : (r.value as string);
      if (r.error !== undefined) failing++;
      if (kf !== expected) differing.push({ doc: docs[i] ?? job.snippet, go: expected, kf });
    });
    expect(failing).toBeGreaterThan(3_000); // error paths too
    expect({ differing: differing.length, first: differing.slice(0, 5) }).toEqual({
      differing: 0,
      first: [],
    });
  });

  it('reads a document nested as deeply as go-yaml allows, or says it is too deep for kf (never a host stack overflow)', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    let length: string;
    try {
      length = new Engine().evaluateSnippetToString(
        'x.jsonnet',
        `std.length(std.parseYaml(${JSON.stringify(deep)}))`,
      );
    } catch (error) {
      expect((error as Error).message).toMatch(
        /^RUNTIME ERROR: failed to parse YAML: the document is nested too deeply \(go-yaml allows 10,000 levels; kf fewer\)/,
      );
      return;
    }
    expect(length).toBe('1\n');
  });
});
