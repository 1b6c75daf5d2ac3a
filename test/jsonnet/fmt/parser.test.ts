// Ports part of go-jsonnet v0.22 internal/parser/lexer_test.go and parser_test.go (Apache-2.0):
// the formatter's lexer keeps fodder as Go's does, and the parser accepts and rejects what Go's
// does, with Go's messages.
import { describe, expect, it } from 'vitest';

import { JsonnetError } from '../../../src/jsonnet/errors.js';
import {
  type FodderElement,
  FodderKind,
  LiteralString,
  LiteralStringKind,
  Local,
  Object as ObjectNode,
} from '../../../src/jsonnet/fmt/ast.js';
import { StaticError, TokenKind, lex, lexTokens } from '../../../src/jsonnet/fmt/lexer.js';
import { parseTokens, snippetToRawAST } from '../../../src/jsonnet/fmt/parser.js';
import { stringEscape, stringUnescape } from '../../../src/jsonnet/fmt/strings.js';

const K = TokenKind;

interface ExpectedToken {
  kind: TokenKind;
  data?: string;
  fodder?: FodderElement[];
  stringBlockIndent?: string;
  stringBlockTermIndent?: string;
}

function fodder(kind: FodderKind, comment: string[] = [], blanks = 0, indent = 0): FodderElement {
  return { kind, comment, blanks, indent };
}

/** Go's SingleTest: lexes input as "snippet", compares the error text or the tokens. */
function lexCase(input: string, expectedError: string, expected: ExpectedToken[]): void {
  const want = [...expected];
  if (want.length === 0 || want[want.length - 1].kind !== K.tokenEndOfFile) {
    want.push({ kind: K.tokenEndOfFile });
  }
  let err = '';
  let tokens: ReturnType<typeof lexTokens> = [];
  try {
    tokens = lexTokens('snippet', '', input);
  } catch (e) {
    if (!(e instanceof StaticError)) throw e;
    err = e.error();
  }
  expect(err).toBe(expectedError);
  if (err !== '') return;
  expect(
    tokens.map((t) => ({
      kind: t.kind,
      data: t.data,
      fodder: t.fodder.map((f) => ({ ...f })),
      stringBlockIndent: t.stringBlockIndent,
      stringBlockTermIndent: t.stringBlockTermIndent,
    })),
  ).toEqual(
    want.map((t) => ({
      kind: t.kind,
      data: t.data ?? (t.kind === K.tokenEndOfFile ? '' : undefined),
      fodder: t.fodder ?? [],
      stringBlockIndent: t.stringBlockIndent ?? '',
      stringBlockTermIndent: t.stringBlockTermIndent ?? '',
    })),
  );
}

describe('fmt lexer (go-jsonnet lexer_test.go)', () => {
  const cases: [string, string, ExpectedToken[]][] = [
    ['', '', []],
    ['  \t\n\r\r\n', '', []],
    ['{', '', [{ kind: K.tokenBraceL, data: '{' }]],
    [':::', '', [{ kind: K.tokenOperator, data: ':::' }]],
    ['->', '', [{ kind: K.tokenOperator, data: '->' }]],
    [
      '<-',
      '',
      [
        { kind: K.tokenOperator, data: '<' },
        { kind: K.tokenOperator, data: '-' },
      ],
    ],
    ['$', '', [{ kind: K.tokenDollar, data: '$' }]],
    ['!=', '', [{ kind: K.tokenOperator, data: '!=' }]],
    ['>==|', '', [{ kind: K.tokenOperator, data: '>==|' }]],
    [
      '0100',
      '',
      [
        { kind: K.tokenNumber, data: '0' },
        { kind: K.tokenNumber, data: '100' },
      ],
    ],
    ['1.1e-100', '', [{ kind: K.tokenNumber, data: '1.1e-100' }]],
    ['9.109_383_56e-31', '', [{ kind: K.tokenNumber, data: '9.10938356e-31' }]],
    [
      '1e2_3e4',
      '',
      [
        { kind: K.tokenNumber, data: '1e23' },
        { kind: K.tokenIdentifier, data: 'e4' },
      ],
    ],
    ['1.+3', "snippet:1:3 Couldn't lex number, junk after decimal point: '+'", []],
    ['1e+!', "snippet:1:4 Couldn't lex number, junk after exponent sign: '!'", []],
    ['0_5', "snippet:1:2 Couldn't lex number, _ not allowed after leading 0", []],
    ['123__456', "snippet:1:5 Couldn't lex number, junk after '_': '_'", []],
    ['"hi\\""', '', [{ kind: K.tokenStringDouble, data: 'hi\\"' }]],
    ['"hi\\\n"', '', [{ kind: K.tokenStringDouble, data: 'hi\\\n' }]],
    ['"hi', 'snippet:1:1 Unterminated String', []],
    ["'hi\\''", '', [{ kind: K.tokenStringSingle, data: "hi\\'" }]],
    ['importbin', '', [{ kind: K.tokenImportBin, data: 'importbin' }]],
    ['tailstrict', '', [{ kind: K.tokenTailStrict, data: 'tailstrict' }]],
    [
      'foo bar123',
      '',
      [
        { kind: K.tokenIdentifier, data: 'foo' },
        { kind: K.tokenIdentifier, data: 'bar123' },
      ],
    ],
    ['// hi', '', [{ kind: K.tokenEndOfFile, fodder: [fodder(FodderKind.FodderParagraph, ['// hi'])] }]],
    ['# hi', '', [{ kind: K.tokenEndOfFile, fodder: [fodder(FodderKind.FodderParagraph, ['# hi'])] }]],
    [
      '/* hi */',
      '',
      [{ kind: K.tokenEndOfFile, fodder: [fodder(FodderKind.FodderInterstitial, ['/* hi */'])] }],
    ],
    ['/*/', 'snippet:1:1 Multi-line comment has no terminating */', []],
    ['/*/*/', '', [{ kind: K.tokenEndOfFile, fodder: [fodder(FodderKind.FodderInterstitial, ['/*/*/'])] }]],
    [
      '/*\n\n*/',
      '',
      [
        {
          kind: K.tokenEndOfFile,
          fodder: [fodder(FodderKind.FodderLineEnd), fodder(FodderKind.FodderParagraph, ['/*', '', '*/'])],
        },
      ],
    ],
    [
      '|||\n  test\n    more\n  |||\n    foo\n|||',
      '',
      [{ kind: K.tokenStringBlock, data: 'test\n  more\n|||\n  foo\n', stringBlockIndent: '  ' }],
    ],
    [
      '|||\n\t  \ttest\n\t  \t  more\n\t  \t|||\n\t  \t  foo\n|||',
      '',
      [{ kind: K.tokenStringBlock, data: 'test\n  more\n|||\n  foo\n', stringBlockIndent: '\t  \t' }],
    ],
    [
      '|||\n\n  test\n\n\n    more\n  |||\n    foo\n|||',
      '',
      [{ kind: K.tokenStringBlock, data: '\ntest\n\n\n  more\n|||\n  foo\n', stringBlockIndent: '  ' }],
    ],
    ['|||\n  test\n foo\n|||', 'snippet:1:1 Text block not terminated with |||', []],
    ['|||\n  test', 'snippet:1:1 Unexpected EOF', []],
    ['|||\ntest\n|||', "snippet:1:1 Text block's first line must start with whitespace", []],
    ['@""""', '', [{ kind: K.tokenVerbatimStringDouble, data: '"' }]],
    ["@''''", '', [{ kind: K.tokenVerbatimStringSingle, data: "'" }]],
    ['@"\\n"', '', [{ kind: K.tokenVerbatimStringDouble, data: '\\n' }]],
    ['@"blah blah', 'snippet:1:1 Unterminated String', []],
    ['@blah blah', "snippet:1:1 Couldn't lex verbatim string, junk after '@': 98", []],
    ['\u{1f4a9}', "snippet:1:1 Could not lex the character '\\U0001f4a9'", []],
  ];
  for (const [input, err, tokens] of cases) {
    it(`lexes ${JSON.stringify(input)}`, () => lexCase(input, err, tokens));
  }

  it('keeps line ends, blank lines, indents and comments as fodder', () => {
    const src = 'a  /* i */\n\n\n    // c\n  # d\n\t b /* p\n   * q */ c';
    lexCase(src, '', [
      { kind: K.tokenIdentifier, data: 'a' },
      {
        kind: K.tokenIdentifier,
        data: 'b',
        fodder: [
          fodder(FodderKind.FodderInterstitial, ['/* i */']),
          fodder(FodderKind.FodderLineEnd, [], 2, 4),
          fodder(FodderKind.FodderParagraph, ['// c'], 0, 2),
          fodder(FodderKind.FodderParagraph, ['# d'], 0, 9),
        ],
      },
      {
        kind: K.tokenIdentifier,
        data: 'c',
        // A paragraph must follow a line end; the margin is the comment's column.
        fodder: [fodder(FodderKind.FodderLineEnd), fodder(FodderKind.FodderParagraph, ['/* p', '* q */'])],
      },
    ]);
  });

  it('counts columns in UTF-8 bytes, as jsonnetfmt reports them', () => {
    expect(() => lexTokens('snippet', '', '"é" 1.x')).toThrow("snippet:1:8 Couldn't lex number");
  });

  it('lex throws kf static errors with a 1-based, end-exclusive location', () => {
    let caught: unknown;
    try {
      lex('f.jsonnet', '', 'x\n  "abc');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(JsonnetError);
    const err = caught as JsonnetError;
    expect(err.kind).toBe('static');
    expect(err.detail).toBe('Unterminated String');
    expect(err.location?.start).toEqual({ line: 2, column: 3, offset: 4 });
  });
});

describe('fmt strings (go-jsonnet string_util.go)', () => {
  const loc = lexTokens('snippet', '', 'x')[0].loc;
  it('unescapes and escapes', () => {
    expect(stringUnescape(loc, 'a\\n\\t\\u00e9\\ud83d\\udca9\\/')).toBe('a\n\té\u{1f4a9}/');
    expect(stringEscape('a"\'\n\u0001\u0085', false)).toBe('a\\"\'\\n\\u0001\\u0085');
    expect(stringEscape('a"\'', true)).toBe('a"\\\'');
  });
  it('reports bad escapes as Go does', () => {
    expect(() => stringUnescape(loc, 'a\\q')).toThrow('Unknown escape sequence in string literal: \\q');
    expect(() => stringUnescape(loc, 'a\\')).toThrow('Truncated escape sequence in string literal.');
    expect(() => stringUnescape(loc, 'abcd\\uzzzz')).toThrow('Unicode escape sequence was malformed: abcd');
  });
});

const validSnippets: string[] = [
  'true',
  '1',
  '1.2e3',
  '!true',
  'null',
  '$.foo.bar',
  'self.foo.bar',
  'super.foo.bar',
  'super[1]',
  'error "Error!"',
  '"world"',
  "'world'",
  '|||\n   world\n|||',
  'foo(bar)',
  'foo(bar,)',
  'foo(bar) tailstrict',
  'foo(bar=42)',
  'foo(bar=42,)',
  'foo(bar, baz=42)',
  'foo.bar',
  'foo[bar]',
  'true || false',
  '0 && 1 || 0',
  '0 && (1 || 0)',
  'function(x) x',
  'function(x=5) x',
  'function(x, y=5) x',
  'function(a=5, b) [a, b]',
  'local foo = "bar"; foo',
  'local foo(bar) = bar; foo(1)',
  '{ local foo = "bar", baz: 1}',
  '{ local foo(bar) = bar, baz: foo(1)}',
  '{ foo(bar, baz): bar+baz }',
  '{ ["foo" + "bar"]: 3 }',
  '{ ["field" + x]: x for x in [1, 2, 3] }',
  '{ local y = x, ["field" + x]: x for x in [1, 2, 3] }',
  '{ ["field" + x]: x for x in [1, 2, 3] if x <= 2 }',
  '{ ["field" + x + y]: x + y for x in [1, 2, 3] if x <= 2 for y in [4, 5, 6]}',
  '[]',
  '[a, b, c]',
  '[x for x in [1,2,3] ]',
  '[x for x in [1,2,3] if x <= 2]',
  '[x+y for x in [1,2,3] if x <= 2 for y in [4, 5, 6]]',
  '{}',
  '{ hello: "world" }',
  '{ hello +: "world" }',
  '{\n  hello: "world",\n\t"name":: joe,\n\t\'mood\'::: "happy",\n\t|||\n\t  key type\n|||: "block",\n}',
  "assert true: 'woah!'; true",
  "{ assert true: 'woah!', foo: bar }",
  "if n > 1 then 'foos' else 'foo'",
  'local foo = function(x) x + 1; true',
  'local foo = function(x=5) x + 1; true',
  'local foo = function(x=5) x + 1; x(x=3)',
  "import 'foo.jsonnet'",
  "importstr 'foo.text'",
  "importbin 'foo.bin'",
  '{a: b} + {c: d}',
  '{a: b}{c: d}',
  '[][0]',
  '[][:]',
  '[][1:]',
  '[][:1]',
  '[][1:2]',
  '[][::]',
  '[][1::]',
  '[][:1:]',
  '[][::1]',
  '[][1:1:]',
  '[][:1:1]',
  '[][1::1]',
  '[][1:1:1]',
  'a in b',
  '{ x: if "opt" in super then "x" else "y" }',
];

const errorCases: [string, string][] = [
  [',', 'test:1:1-2 Unexpected: "," while parsing terminal'],
  ['function(a, b c)', 'test:1:15-16 Expected a comma before next function parameter, got (IDENTIFIER, "c")'],
  ['function(a, 1)', 'test:1:13-14 Expected token IDENTIFIER but got (NUMBER, "1") while parsing parameter'],
  ['function(,)', 'test:1:10-11 Expected token IDENTIFIER but got "," while parsing parameter'],
  ['function(a=)', 'test:1:12-13 Unexpected: ")" while parsing terminal'],
  ['function(a=,)', 'test:1:12-13 Unexpected: "," while parsing terminal'],
  ['a b', 'test:1:3-4 Did not expect: (IDENTIFIER, "b")'],
  ['foo(a, bar(a b))', 'test:1:14-15 Expected a comma before next function argument, got (IDENTIFIER, "b")'],
  ['local', 'test:1:6 Expected token IDENTIFIER but got end of file'],
  ['local foo = 1, foo = 2; true', 'test:1:16-19 Duplicate local var: foo'],
  [
    'local foo(a b) = a; true',
    'test:1:13-14 Expected a comma before next function parameter, got (IDENTIFIER, "b")',
  ],
  ['local foo(a): a; true', 'test:1:13-14 Expected operator = but got (OPERATOR, ":")'],
  [
    'local foo(a) = bar(a b); true',
    'test:1:22-23 Expected a comma before next function argument, got (IDENTIFIER, "b")',
  ],
  ['local foo: 1; true', 'test:1:10-11 Expected operator = but got (OPERATOR, ":")'],
  [
    'local foo = bar(a b); true',
    'test:1:19-20 Expected a comma before next function argument, got (IDENTIFIER, "b")',
  ],
  ['{a b}', 'test:1:4-5 Expected token OPERATOR but got (IDENTIFIER, "b")'],
  ['{a = b}', 'test:1:4-5 Expected one of :, ::, :::, +:, +::, +:::, got: ='],
  ['{a :::: b}', 'test:1:4-8 Expected one of :, ::, :::, +:, +::, +:::, got: ::::'],
  ['{assert x for x in [1, 2, 3]}', 'test:1:11-14 Object comprehension cannot have asserts'],
  [
    "{['foo' + x]: true, [x]: x for x in [1, 2, 3]}",
    'test:1:28-31 Object comprehension can only have one field',
  ],
  ['{foo: x for x in [1, 2, 3]}', 'test:1:9-12 Object comprehensions can only have [e] fields'],
  ['{[x]:: true for x in [1, 2, 3]}', 'test:1:13-16 Object comprehensions cannot have hidden fields'],
  ['{[x]: true for 1 in [1, 2, 3]}', 'test:1:16-17 Expected token IDENTIFIER but got (NUMBER, "1")'],
  ['{[x]: true for x at [1, 2, 3]}', 'test:1:18-20 Expected token in but got (IDENTIFIER, "at")'],
  ['{[x]: true for x in [1, 2 3]}', 'test:1:27-28 Expected a comma before next array element'],
  ['{[x]: true for x in [1, 2, 3] if (a b)}', 'test:1:37-38 Expected token ")" but got (IDENTIFIER, "b")'],
  [
    '{[x]: true for x in [1, 2, 3] if a b}',
    'test:1:36-37 Expected for, if or "}" after for clause, got: (IDENTIFIER, "b")',
  ],
  ['{a: b c:d}', 'test:1:7-8 Expected a comma before next field'],
  ['{[(x y)]: z}', 'test:1:6-7 Expected token ")" but got (IDENTIFIER, "y")'],
  ['{[x y]: z}', 'test:1:5-6 Expected token "]" but got (IDENTIFIER, "y")'],
  ['{foo(x y): z}', 'test:1:8-9 Expected a comma before next method parameter, got (IDENTIFIER, "y")'],
  ['{foo(x)+: z}', 'test:1:2-5 Cannot use +: syntax sugar in a method: foo'],
  ['{foo: 1, foo: 2}', 'test:1:10-13 Duplicate field: foo'],
  ['{foo: (1 2)}', 'test:1:10-11 Expected token ")" but got (NUMBER, "2")'],
  ['{local 1 = 3, true}', 'test:1:8-9 Expected token IDENTIFIER but got (NUMBER, "1")'],
  ['{local foo = 1, local foo = 2, true}', 'test:1:23-26 Duplicate local var: foo'],
  [
    '{local foo(a b) = 1, a: true}',
    'test:1:14-15 Expected a comma before next function parameter, got (IDENTIFIER, "b")',
  ],
  ['{local foo(a): 1, a: true}', 'test:1:14-15 Expected operator = but got (OPERATOR, ":")'],
  ['{local foo(a) = (a b), a: true}', 'test:1:20-21 Expected token ")" but got (IDENTIFIER, "b")'],
  ['{assert (a b), a: true}', 'test:1:12-13 Expected token ")" but got (IDENTIFIER, "b")'],
  ['{assert a: (a b), a: true}', 'test:1:15-16 Expected token ")" but got (IDENTIFIER, "b")'],
  ['{function(a, b) a+b: true}', 'test:1:2-10 Unexpected: "function" while parsing field definition'],
  ['[(a b), 2, 3]', 'test:1:5-6 Expected token ")" but got (IDENTIFIER, "b")'],
  ['[1, (a b), 2, 3]', 'test:1:8-9 Expected token ")" but got (IDENTIFIER, "b")'],
  ['[a for b in [1 2 3]]', 'test:1:16-17 Expected a comma before next array element'],
  ['for', 'test:1:1-4 Unexpected: "for" while parsing terminal'],
  ['', 'test:1:1 Unexpected end of file'],
  ['((a b))', 'test:1:5-6 Expected token ")" but got (IDENTIFIER, "b")'],
  ['a.1', 'test:1:3-4 Expected token IDENTIFIER but got (NUMBER, "1")'],
  ['super.1', 'test:1:7-8 Expected token IDENTIFIER but got (NUMBER, "1")'],
  ['super[(a b)]', 'test:1:10-11 Expected token ")" but got (IDENTIFIER, "b")'],
  ['super[a b]', 'test:1:9-10 Expected token "]" but got (IDENTIFIER, "b")'],
  ['super', 'test:1:1-6 Expected . or [ after super'],
  ['assert (a b); true', 'test:1:11-12 Expected token ")" but got (IDENTIFIER, "b")'],
  ['assert a: (a b); true', 'test:1:14-15 Expected token ")" but got (IDENTIFIER, "b")'],
  ["assert a: 'foo', true", 'test:1:16-17 Expected token ";" but got ","'],
  ["assert a: 'foo'; (a b)", 'test:1:21-22 Expected token ")" but got (IDENTIFIER, "b")'],
  ['error (a b)', 'test:1:10-11 Expected token ")" but got (IDENTIFIER, "b")'],
  ['if (a b) then c', 'test:1:7-8 Expected token ")" but got (IDENTIFIER, "b")'],
  ['if a b c', 'test:1:6-7 Expected token then but got (IDENTIFIER, "b")'],
  ['if a then (b c)', 'test:1:14-15 Expected token ")" but got (IDENTIFIER, "c")'],
  ['if a then b else (c d)', 'test:1:21-22 Expected token ")" but got (IDENTIFIER, "d")'],
  ['function(a) (a b)', 'test:1:16-17 Expected token ")" but got (IDENTIFIER, "b")'],
  ['function a a', 'test:1:10-11 Expected ( but got (IDENTIFIER, "a")'],
  ['import (a b)', 'test:1:11-12 Expected token ")" but got (IDENTIFIER, "b")'],
  ['import (a+b)', 'test:1:8-13 Computed imports are not allowed'],
  ['importstr (a b)', 'test:1:14-15 Expected token ")" but got (IDENTIFIER, "b")'],
  ['importstr (a+b)', 'test:1:11-16 Computed imports are not allowed'],
  ['importbin (a b)', 'test:1:14-15 Expected token ")" but got (IDENTIFIER, "b")'],
  ['importbin (a+b)', 'test:1:11-16 Computed imports are not allowed'],
  ['local a = b ()', 'test:1:15 Expected , or ; but got end of file'],
  ['local a = b; (a b)', 'test:1:17-18 Expected token ")" but got (IDENTIFIER, "b")'],
  ['1+ <<', 'test:1:4-6 Not a unary operator: <<'],
  ['-(a b)', 'test:1:5-6 Expected token ")" but got (IDENTIFIER, "b")'],
  ['1~2', 'test:1:2-3 Not a binary operator: ~'],
  ['a[(b c)]', 'test:1:6-7 Expected token ")" but got (IDENTIFIER, "c")'],
  ['a[b c]', 'test:1:5-6 Expected token "]" but got (IDENTIFIER, "c")'],
  ['a[]', 'test:1:3-4 ast.Index requires an expression'],
  ['a[42:42:42:42]', 'test:1:11-12 Invalid slice: too many colons'],
  ['a[42:42::42]', 'test:1:8-10 Invalid slice: too many colons'],
  ['a{b c}', 'test:1:5-6 Expected token OPERATOR but got (IDENTIFIER, "c")'],
];

describe('fmt parser (go-jsonnet parser_test.go)', () => {
  for (const s of validSnippets) {
    it(`parses ${JSON.stringify(s)}`, () => {
      expect(() => parseTokens(lexTokens('test', '', s))).not.toThrow();
    });
  }
  for (const [input, message] of errorCases) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      let got = '';
      try {
        parseTokens(lexTokens('test', '', input));
      } catch (e) {
        if (!(e instanceof StaticError)) throw e;
        got = e.error();
      }
      expect(got).toBe(message);
    });
  }

  it('keeps fodder on the nodes and returns the final fodder', () => {
    const { node, finalFodder } = snippetToRawAST('t', '// head\nlocal x = { a: "s" }; x  // tail\n');
    expect(node).toBeInstanceOf(Local);
    expect(node.fodder).toEqual([fodder(FodderKind.FodderParagraph, ['// head'])]);
    expect(finalFodder).toEqual([fodder(FodderKind.FodderLineEnd, ['// tail'])]);
    const obj = (node as Local).binds[0].body as ObjectNode;
    expect(obj).toBeInstanceOf(ObjectNode);
    const str = obj.fields[0].expr2 as LiteralString;
    expect(str.kind).toBe(LiteralStringKind.StringDouble);
    expect(str.value).toBe('s');
  });

  it('puts the location in a string literal error twice, as go-jsonnet does', () => {
    expect(() => snippetToRawAST('t', '"\\q"')).toThrow(JsonnetError);
    let got = '';
    try {
      parseTokens(lexTokens('t', '', '"\\q"'));
    } catch (e) {
      got = (e as StaticError).error();
    }
    expect(got).toBe('t:1:1-5 t:1:1-5 Unknown escape sequence in string literal: \\q');
  });
});
