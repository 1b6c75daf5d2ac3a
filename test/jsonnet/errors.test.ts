import { describe, expect, it } from 'vitest';
import { Engine, JsonnetError, parse } from '../../src/jsonnet/index.js';
import { err } from './helpers.js';

/** The first line of the error `code` gives. */
const first = (code: string): string => err(code).split('\n')[0] as string;

describe('jsonnet errors', () => {
  // The texts are go-jsonnet v0.22's (its jsonnet command printed them for the same files).
  it('reports static errors as file:line:col message over the source lines', () => {
    expect(err('local x = 1;\nfoo')).toBe('test.jsonnet:2:1-4 Unknown variable: foo\n\nfoo');
    expect(err('[1, 2 3]')).toBe('test.jsonnet:1:7-8 Expected a comma before next array element\n\n[1, 2 3]');
    expect(err('self.x')).toBe("test.jsonnet:1:1-5 Can't use self outside of an object.\n\nself.x");
    expect(err('function(x, x) 1')).toContain('Duplicate function parameter: x');
    expect(err('"\\q"')).toBe(
      'test.jsonnet:1:1-5 test.jsonnet:1:1-5 Unknown escape sequence in string literal: \\q\n\n"\\q"',
    );
    expect(err('{ local a = 1, local a = 2, b: a }')).toBe(
      'test.jsonnet:1:22-23 Duplicate local var: a\n\n{ local a = 1, local a = 2, b: a }',
    );
  });

  // go-jsonnet's words for a bad parameter list and a lone super (found on jrsonnet's and sjsonnet's tests)
  it('reports a bad parameter list and a lone super as go-jsonnet does', () => {
    expect(first('(function(,) 1)()')).toBe(
      'test.jsonnet:1:11-12 Expected token IDENTIFIER but got "," while parsing parameter',
    );
    expect(first('function(a, 1) 1')).toBe(
      'test.jsonnet:1:13-14 Expected token IDENTIFIER but got (NUMBER, "1") while parsing parameter',
    );
    expect(first('local 1 = 2; 1')).toBe(
      'test.jsonnet:1:7-8 Expected token IDENTIFIER but got (NUMBER, "1")',
    );
    expect(first('function(a b) 1')).toBe(
      'test.jsonnet:1:12-13 Expected a comma before next function parameter, got (IDENTIFIER, "b")',
    );
    expect(first('{ f(a "x"): 1 }')).toBe(
      'test.jsonnet:1:7-10 Expected a comma before next method parameter, got (STRING_DOUBLE, "x")',
    );
    expect(first('local o = { a: 1 };\no + { b: std.objectFields(super) }')).toBe(
      'test.jsonnet:2:27-32 Expected . or [ after super',
    );
  });

  // go-jsonnet lexes the whole file before it parses it; kf's parser takes tokens as it goes.
  it('reports a lexing error after a syntax error, as go-jsonnet lexes the whole file first', () => {
    expect(first('local x = ; "abc\\q"')).toBe(
      'test.jsonnet:1:13-20 test.jsonnet:1:13-20 Unknown escape sequence in string literal: \\q',
    );
    expect(first('{ a: } + "x')).toBe('test.jsonnet:1:10 Unterminated String');
    expect(first('1 2 `')).toBe("test.jsonnet:1:5 Could not lex the character '`'");
    expect(first('[' + '['.repeat(600) + ' /* ')).toBe(
      'test.jsonnet:1:603 Multi-line comment has no terminating */',
    );
  });

  it('reports runtime errors with a stack of frames', () => {
    const text = err('local f(x) = error "boom " + x;\nlocal g() = f(1);\ng()');
    expect(text).toBe(
      'RUNTIME ERROR: boom 1\n\ttest.jsonnet:1:14-31\tfunction <f>\n\ttest.jsonnet:2:13-17\tfunction <g>\n\ttest.jsonnet:3:1-4\t$\n\tDuring evaluation\t',
    );
    expect(err('1 / 0')).toBe(
      'RUNTIME ERROR: Division by zero.\n\ttest.jsonnet:1:1-6\t$\n\tDuring evaluation\t',
    );
    expect(err('[1][3]')).toBe(
      'RUNTIME ERROR: Index 3 out of bounds, not within [0, 1)\n\ttest.jsonnet:1:1-7\t$\n\tDuring evaluation\t',
    );
    expect(err('{}.nope')).toBe(
      'RUNTIME ERROR: Field does not exist: nope\n\ttest.jsonnet:1:1-8\t$\n\tDuring evaluation\t',
    );
    expect(err('assert 1 == 2 : "custom"; 1')).toContain('RUNTIME ERROR: custom');
  });

  it(
    'stops runaway recursion with "max stack frames exceeded", also with a raised limit',
    { timeout: 180_000 },
    () => {
      expect(err('local f(x) = f(x) + 1; f(1)')).toContain('RUNTIME ERROR: max stack frames exceeded.');
      expect(err('local x = x + 1; x')).toContain('RUNTIME ERROR: max stack frames exceeded.');
      // Beyond the host stack: the retry with a big stack still stops at the limit, cleanly.
      const deep = new Engine({ maxStack: 20_000 });
      expect(err('local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(1000000)', deep)).toContain(
        'max stack frames exceeded.',
      );
      expect(
        new Engine({ maxStack: 600 }).evaluateSnippet(
          'x',
          'local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(550)',
        ),
      ).toBe(550);
      expect(err('local f(n) = if n == 0 then 0 else 1 + f(n - 1); f(600)')).toContain(
        'max stack frames exceeded.',
      );
    },
  );

  it('throws JsonnetError from the parser with a location', () => {
    try {
      parse('{ a: }', 'p.jsonnet');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonnetError);
      expect((e as JsonnetError).kind).toBe('static');
      expect((e as JsonnetError).location?.start.line).toBe(1);
    }
  });
});

describe('parser API', () => {
  it('keeps spans of object keys and values for in-place edits', () => {
    const src = "{\n  replicas: 2,\n  'image': 'x:1',\n}";
    const ast = parse(src, 'params.libsonnet');
    expect(ast.type).toBe('Object');
    if (ast.type !== 'Object') return;
    const fields = ast.members.filter((m) => m.kind === 'field');
    expect(fields.map((f) => (f.kind === 'field' ? f.name : ''))).toEqual(['replicas', 'image']);
    const image = fields[1];
    if (image.kind !== 'field') return;
    expect(src.slice(image.value.loc.start.offset, image.value.loc.end.offset)).toBe("'x:1'");
    expect(src.slice(image.key.loc.start.offset, image.key.loc.end.offset)).toBe("'image'");
    expect(image.value.loc.start).toEqual({ line: 3, column: 12, offset: 28 });
  });
});
